import type { Db, Role } from '@biaozhu/storage';

/**
 * What every use case receives: the database and the clock. Passing the clock in lets tests move time (lease
 * expiry) without sleeping.
 */
export interface Context {
  db: Db;
  now(): number;
}

export function createContext(db: Db, now: () => number = Date.now): Context {
  return { db, now };
}

/** The authenticated caller, as the server hands it to use cases. */
export interface Actor {
  userId: number;
  orgId: number;
  role: Role;
  email: string;
}
