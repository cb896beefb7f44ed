import { findUnstorable, unstorableError } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';

/**
 * Refuses, before any route or the auth hook sees them, request bodies, query strings and path parameters holding
 * text that cannot be stored (a NUL character, a lone surrogate) or values nested deeper than MAX_NESTING_DEPTH: a
 * 400 naming the field instead of a database error or a stack overflow deep inside a use case. Multipart fields are
 * checked as they are read (upload-parts.ts), imported records by the import readers.
 */
export function registerInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const inputs: [string, unknown][] = [
      ['body', request.body],
      ['query', request.query],
      ['params', request.params],
    ];
    for (const [root, value] of inputs) {
      const fault = findUnstorable(value);
      if (fault !== undefined) throw unstorableError(fault, { root });
    }
  });
}
