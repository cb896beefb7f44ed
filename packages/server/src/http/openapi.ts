import { z } from 'zod';
import { routeRegistry } from './route.js';

/** OpenAPI 3.1 document generated from the registered routes and their zod schemas. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeRegistry) {
    const url = route.url.replace(/:(\w+)/g, '{$1}');
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const op: Record<string, unknown> = {
        summary: route.summary,
        'x-permission': route.permission,
        parameters: [...route.url.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'integer' } })),
        responses: Object.fromEntries(
          Object.entries(route.responses ?? { 200: 'OK' }).map(([code, description]) => [code, { description }]),
        ),
      };
      if (route.body) {
        op.requestBody = { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.body, { unrepresentable: 'any' }) } } };
      }
      if (route.raw) op.requestBody = { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } };
      (paths[url] ??= {})[String(method).toLowerCase()] = op;
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Biaozhu API', version: '0.1.0', description: 'Errors: {"error":{"code","message","details"}}. Auth: session cookie + x-csrf-token, or Authorization: Bearer <token>.' },
    paths,
  };
}
