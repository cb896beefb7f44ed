/**
 * An instant as an ISO 8601 string in UTC, e.g. `2025-03-01T08:30:00.000Z` (what `Date#toISOString` gives). Every
 * date crosses the wire in this form; the server stores epoch milliseconds and converts at the edge of core.
 */
export type IsoDateTime = string;
