/**
 * The one error type domain code throws. `kind` says what went wrong in terms the server maps to an HTTP status
 * in exactly one place (server/src/http/error-mapping.ts); domain code never knows about status codes.
 */
export type DomainErrorKind =
  | 'invalid' // the caller's input is wrong (400)
  | 'unauthenticated' // no or bad credentials (401)
  | 'forbidden' // authenticated but not allowed (403)
  | 'not_found' // no such thing, or not visible to this caller (404)
  | 'conflict' // the state does not allow it (409)
  | 'gone' // it existed but is over, e.g. an expired lease that can no longer be used (410)
  | 'too_large' // the input exceeds a limit (413)
  | 'rate_limited'; // too many attempts (429)

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable machine-readable code, e.g. `lease_expired`, `unknown_choice`. */
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', code, message, details);
export const notFound = (what: string, id: string | number) =>
  new DomainError('not_found', `${what}_not_found`, `${what.replace(/_/g, ' ')} ${id} does not exist or is not visible to you`, { id });
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('forbidden', code, message, details);
