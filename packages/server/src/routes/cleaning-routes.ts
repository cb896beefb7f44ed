import type { Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';

/** Routes of the data-intake module: cleaning jobs, their progress and reports, provenance rules. */
export function cleaningRoutes(_app: FastifyInstance, _ctx: Context): void {}
