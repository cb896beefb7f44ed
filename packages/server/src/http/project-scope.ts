import {
  DomainError,
  isAllowed,
  notFound,
  roleForRecord,
  type Actor,
  type Context,
  type Permission,
  type ProjectScopedKind,
} from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The context the membership check reads projects and members from (registerProjectScope). */
    projectScopeContext: Context;
  }
}

/** Gives the routes' membership check its database; called once by buildApp, before any route is added. */
export function registerProjectScope(app: FastifyInstance, ctx: Context): void {
  app.decorate('projectScopeContext', ctx);
}

/**
 * Project membership at the HTTP edge: every route whose path names a project, or a record inside one, passes this
 * check before its handler runs (docs/security.md "Project membership"). The path parameter says which record:
 * `:projectId` the project itself, `:assignmentId` an assignment of it, and so on. A parameter that names nothing
 * inside a project is listed in UNSCOPED_PARAMS; a route with a parameter in neither list is refused when the
 * server starts, so a new kind of id cannot slip past the check unnoticed.
 */
const SCOPED_PARAMS: Record<string, { kind: ProjectScopedKind; hidden: (id: number) => DomainError }> = {
  projectId: { kind: 'project', hidden: (id) => notFound('project', id) },
  assignmentId: { kind: 'assignment', hidden: (id) => notFound('assignment', id) },
  annotationId: { kind: 'annotation', hidden: (id) => notFound('annotation', id) },
  taskId: { kind: 'task', hidden: (id) => notFound('task', id) },
  lotId: { kind: 'lot', hidden: (id) => notFound('lot', id) },
  jobId: { kind: 'job', hidden: (id) => notFound('job', id) },
  mediaId: { kind: 'media', hidden: (id) => notFound('media', id) },
};

/** Path parameters that name something of the organisation, not of one project (users, their tokens, teams). */
const UNSCOPED_PARAMS = new Set(['userId', 'tokenId', 'teamId']);

/**
 * The parameter of a route URL that decides its project (the first scoped one: `/api/lots/:lotId/items/:taskId`
 * is the lot's project, and the use case checks the task is in the lot), or undefined for a route outside projects.
 * Throws for a parameter in neither list, at registration.
 */
export function projectScopeOf(url: string): string | undefined {
  const params = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  for (const param of params) {
    if (!(param in SCOPED_PARAMS) && !UNSCOPED_PARAMS.has(param)) {
      throw new Error(
        `route ${url}: path parameter :${param} is not known to server/src/http/project-scope.ts; add it to SCOPED_PARAMS ` +
          '(it names a record inside a project) or to UNSCOPED_PARAMS (it does not)',
      );
    }
  }
  return params.find((param) => param in SCOPED_PARAMS);
}

/**
 * Lets the request through when the actor may see the project the parameter leads to, with a role of the project
 * that holds the route's permission. A project the actor may not see, like one that does not exist, is a 404 named
 * after the record in the path (ids tell nobody outside a project that it exists); a member whose role in the project
 * lacks the permission (a reviewer listed as annotator, on a review route) is a 403. Returns the actor as the handler
 * is to see them.
 */
export async function checkProjectScope(ctx: Context, actor: Actor, param: string, id: number, permission: Permission): Promise<Actor> {
  const scope = SCOPED_PARAMS[param];
  if (!scope) return actor;
  const role = await roleForRecord(ctx.db.reader, actor, scope.kind, id);
  if (!role) throw scope.hidden(id);
  if (!isAllowed(role, permission)) {
    throw new DomainError('forbidden', 'project_role_forbidden', `your role in this project (${role}) may not do this (${permission})`, {
      permission,
      projectRole: role,
    });
  }
  // The use case sees the actor with their role in this project, so its own rules (an annotator sees only their own
  // answers) hold for a reviewer listed as annotator too.
  return role === actor.role ? actor : { ...actor, role };
}
