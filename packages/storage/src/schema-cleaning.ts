/** Tables of the cleaning module (jobs' reports, provenance requirements); filled by migrations/0004-cleaning.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- tables are added here as the module grows
export interface CleaningTables {}
