import type { IsoDateTime } from './iso-date.js';

/**
 * What the account API sends (docs/api.md, "Accounts and tokens"): users as the admin screens list them, and API
 * tokens without their secret. Core's use cases return these shapes; the manager's console reads them.
 */

export type AccountRole = 'admin' | 'manager' | 'reviewer' | 'annotator' | 'client';

/** A user account. */
export interface AccountView {
  id: number;
  /** Null for a phone-only account (it has a phone instead). */
  email: string | null;
  phone: string | null;
  name: string;
  role: AccountRole;
  /** A disabled user cannot log in, and their sessions and API tokens are refused. */
  disabled: boolean;
  /** Set by an admin's password reset, cleared when the user changes their password. */
  mustChangePassword: boolean;
  createdAt: IsoDateTime;
}

/** An API token as listed: never the token nor its hash. */
export interface ApiTokenView {
  id: number;
  userId: number;
  name: string;
  createdAt: IsoDateTime;
  /** Kept to the minute: written at most once a minute per token. */
  lastUsedAt: IsoDateTime | null;
  /** A revoked token is refused and stays listed with its history. */
  revokedAt: IsoDateTime | null;
}
