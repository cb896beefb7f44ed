import type { Actor } from '../context.js';
import { forbidden } from '../errors.js';

/**
 * Managers manage people too (the users page), but not admins: a manager may not act on an admin's account
 * (disable, reset, change role) nor make anyone an admin, so the people who run the installation stay in charge of
 * who else does. 403 `admin_only`.
 */
export function checkManagerReach(actor: Actor, target: { role: string; email?: string | null }, newRole?: string): void {
  if (actor.role === 'admin') return;
  if (target.role === 'admin') throw forbidden('admin_only', `only an admin may change the account of an admin${target.email ? ` (${target.email})` : ''}`, { field: 'userId' });
  if (newRole === 'admin') throw forbidden('admin_only', 'only an admin may make someone an admin', { field: 'role' });
}

/** Whether the actor may create admins (roster rows and single accounts). */
export const mayGrantAdmin = (actor: Actor) => actor.role === 'admin';
