import type { Db, Role } from '@biaozhu/storage';
import type { Media } from './media/media-settings.js';

/**
 * What every use case receives: the database and the clock. Passing the clock in lets tests move time (lease
 * expiry) without sleeping.
 */
export interface Context {
  db: Db;
  now(): number;
  /** Where images are stored (media/); the server and the CLI set it, use cases that store or serve images need it. */
  media?: Media;
}

export function createContext(db: Db, now: () => number = Date.now): Context {
  return { db, now };
}

/** The authenticated caller, as the server hands it to use cases. */
export interface Actor {
  userId: number;
  orgId: number;
  role: Role;
  /** Null for a phone-only account. */
  email: string | null;
}
