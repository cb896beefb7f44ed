import type { Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';

/** Routes of the quality module: gold accuracy, aggregation jobs, review, lots and inspections. */
export function qualityRoutes(_app: FastifyInstance, _ctx: Context): void {}
