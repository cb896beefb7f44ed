/** Tables of people management (core/src/access); created by migrations/0013-people.ts. */
export interface PeopleTables {
  user_invites: UserInviteTable;
}

/** What kind of worker a user is (the CHECK of migration 0013); null for staff who are not workers. */
export type WorkerKind = 'employee' | 'part_time' | 'student' | 'intern' | 'gig';

/** A single-use invitation link of a user who has not chosen their name and password yet. */
export interface UserInviteTable {
  /** sha256 of the token in the link. */
  token_hash: string;
  org_id: number;
  user_id: number;
  created_by: number | null;
  created_at: number;
  expires_at: number;
  /** Set once, when the invitation is accepted; a used invitation never works again. */
  used_at: number | null;
}
