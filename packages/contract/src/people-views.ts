import type { AccountRole } from './account-views.js';
import type { IsoDateTime } from './iso-date.js';

/**
 * What the people API sends (docs/api.md, "People"): the users page's rows, the roster import's preview and row
 * errors, and the one-time credentials of created accounts. Core's use cases return these shapes; the web reads them.
 */

export type PersonWorkerKind = 'employee' | 'part_time' | 'student' | 'intern' | 'gig';
export const PERSON_WORKER_KINDS: readonly PersonWorkerKind[] = ['employee', 'part_time', 'student', 'intern', 'gig'];

/**
 * `invited`: has an open invitation and has never logged in; `must_change_password`: logs in but must choose a new
 * password first; `disabled`: cannot log in.
 */
export type PersonStatus = 'active' | 'invited' | 'must_change_password' | 'disabled';
export const PERSON_STATUSES: readonly PersonStatus[] = ['active', 'invited', 'must_change_password', 'disabled'];

/** One row of the users page. */
export interface PersonView {
  id: number;
  name: string;
  /** Null for a phone-only account: every account has an email, a phone (E.164) or both. */
  email: string | null;
  phone: string | null;
  role: AccountRole;
  workerKind: PersonWorkerKind | null;
  /** Team names, read-only here (teams are edited on the teams page). */
  teams: string[];
  status: PersonStatus;
  lastLoginAt: IsoDateTime | null;
  createdAt: IsoDateTime;
}

export interface PeoplePage {
  people: PersonView[];
  /** How many users match the filters (all pages). */
  total: number;
}

/** How a new account gets its first credentials. */
export type PersonDelivery = 'password' | 'invite';

/** A roster column; `row` counts data rows from 1 (the header is not a row). */
export type RosterColumn = 'name' | 'email' | 'phone' | 'role' | 'team' | 'worker_kind';

export type RosterErrorCode =
  | 'missing_column'
  | 'unknown_column'
  | 'required'
  | 'too_long'
  | 'invalid_email'
  | 'invalid_phone'
  | 'unknown_role'
  | 'role_not_allowed'
  | 'unknown_team'
  | 'unknown_worker_kind'
  | 'duplicate_in_file'
  | 'already_exists'
  | 'too_many_columns'
  | 'too_many_rows';

/** One fault of a roster row, naming its row and column. */
export interface RosterRowError {
  row: number;
  column: RosterColumn | null;
  code: RosterErrorCode;
  /** The offending value, as written in the file. */
  value: string;
  /** The row a duplicate repeats, for `duplicate_in_file`. */
  firstRow?: number;
  message: string;
}

/** A roster row as understood, before anything is written. */
export interface RosterRowPreview {
  row: number;
  name: string;
  email: string | null;
  phone: string | null;
  role: string;
  team: string | null;
  workerKind: string | null;
}

export interface RosterPreview {
  rows: RosterRowPreview[];
  errors: RosterRowError[];
}

/** An account just created, with the credentials shown this once. */
export interface CreatedPerson {
  row: number;
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  role: AccountRole;
  /** The initial password (delivery `password`); the user must change it at first login. */
  initialPassword?: string;
  /**
   * The invitation token (delivery `invite`); the link is `<site>/invite/<token>`. Nothing sends it (no email, no
   * SMS): the manager passes the link on.
   */
  inviteToken?: string;
  inviteExpiresAt?: IsoDateTime;
}
