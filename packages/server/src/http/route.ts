import { DomainError, formatPath, formatZodIssues, invalid, isAllowed, type Actor, type Permission } from '@biaozhu/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { z } from 'zod';
import { checkProjectScope, projectScopeOf } from './project-scope.js';


/** What a handler receives: the authenticated actor (absent only on `public` routes) and the parsed input. */
export interface RouteInput<B, Q> {
  actor: Actor | undefined;
  body: B;
  query: Q;
  params: Record<string, number>;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<B, Q> {
  method: HTTPMethods;
  url: string;
  /** The policy-table permission this route needs; `public` routes need no login. */
  permission: Permission;
  summary: string;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Extra response documentation for OpenAPI. */
  responses?: Record<number, string>;
  /** Skip JSON body parsing (multipart uploads). */
  raw?: boolean;
  handler(input: RouteInput<B, Q>): Promise<unknown>;
}

/** Every route added through `defineRoute`, for the OpenAPI document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs of any body and query type live in one list
export const routeRegistry: RouteSpec<any, any>[] = [];

/**
 * Adds a route that is authorised through the one policy table and whose inputs are parsed by zod: a handler
 * never sees an unchecked body, and a bad body is a 400 naming the field path.
 */
export function defineRoute<B = undefined, Q = undefined>(app: FastifyInstance, spec: RouteSpec<B, Q>): void {
  // Which path parameter leads to the route's project, if any: its membership is checked before the body is read.
  const scope = projectScopeOf(spec.url);
  routeRegistry.push(spec);
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      let actor = request.actor;
      if (spec.permission !== 'public') {
        if (!actor) throw new DomainError('unauthenticated', 'login_required', 'log in or send an API token (Authorization: Bearer <token>)');
        if (!isAllowed(actor.role, spec.permission)) {
          throw new DomainError('forbidden', 'forbidden', `your role (${actor.role}) may not do this (${spec.permission})`, {
            permission: spec.permission,
          });
        }
      }
      const params: Record<string, number> = {};
      for (const [key, value] of Object.entries((request.params ?? {}) as Record<string, string>)) {
        const n = Number(value);
        if (!Number.isSafeInteger(n) || n <= 0) throw new DomainError('not_found', `${key}_not_found`, `${key} "${value}" is not a valid id`, { id: value });
        params[key] = n;
      }
      if (scope && actor) actor = await checkProjectScope(request.server.projectScopeContext, actor, scope, params[scope]!, spec.permission);
      const body = spec.body ? parse(spec.body, request.body ?? {}, 'body') : (undefined as B);
      const query = spec.query ? parse(spec.query, request.query ?? {}, 'query') : (undefined as Q);
      const result = await spec.handler({ actor, body, query, params, request, reply });
      if (reply.sent) return reply;
      return result;
    },
  });
}

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    // A key the schema does not know is named itself (`body.extra`), not the object holding it.
    const path = first?.code === 'unrecognized_keys' && first.keys[0] !== undefined ? [...first.path, first.keys[0]] : (first?.path ?? []);
    const field = formatPath(path, where);
    throw invalid('invalid_request', formatZodIssues(parsed.error.issues, where), { where, field });
  }
  return parsed.data;
}
