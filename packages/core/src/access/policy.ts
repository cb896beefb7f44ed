import type { Role } from '@biaozhu/storage';

/**
 * The one policy table. Every HTTP route names one of these permissions (the server refuses to start a route that
 * does not), and the CLI acts as an admin. Changing who may do what means changing this table only.
 */
export const POLICY = {
  'public': ['admin', 'manager', 'reviewer', 'annotator', 'client'],
  'session.own': ['admin', 'manager', 'reviewer', 'annotator', 'client'],
  'project.list': ['admin', 'manager', 'reviewer', 'annotator', 'client'],
  'project.read': ['admin', 'manager', 'reviewer', 'annotator', 'client'],
  'project.create': ['admin', 'manager'],
  'project.manage': ['admin', 'manager'],
  'project.stats': ['admin', 'manager', 'reviewer', 'client'],
  'task.import': ['admin', 'manager'],
  'task.export': ['admin', 'manager', 'client'],
  'task.annotate': ['admin', 'manager', 'reviewer', 'annotator'],
  // A project's images, to everyone the project is open to: annotators label them, clients inspect deliveries.
  'media.read': ['admin', 'manager', 'reviewer', 'annotator', 'client'],
  'user.manage': ['admin'],
  // The users page: managers too, but never over admins (access/people-rules.ts).
  'people.manage': ['admin', 'manager'],
  // Admins of the installation's first organisation only (organizations/installation-admin.ts checks that part).
  'organization.manage': ['admin'],
  'workforce.manage': ['admin', 'manager'],
  'token.own': ['admin', 'manager', 'reviewer', 'annotator', 'client'],
  'audit.read': ['admin'],
  'review.work': ['admin', 'manager', 'reviewer'],
  'quality.read': ['admin', 'manager', 'reviewer', 'client'],
  'quality.manage': ['admin', 'manager'],
  'lot.manage': ['admin', 'manager'],
  'lot.inspect': ['admin', 'manager', 'reviewer', 'client'],
  'lot.signoff': ['admin', 'client'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof POLICY;

/** `public` needs no login; every other permission needs an actor whose role the table lists. */
export function isAllowed(role: Role, permission: Permission): boolean {
  return (POLICY[permission] as readonly Role[]).includes(role);
}
