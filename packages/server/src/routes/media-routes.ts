import {
  ensureThumbnail,
  loadMedia,
  mediaOf,
  parseRange,
  presignTaskRef,
  type Context,
  type MediaStore,
} from '@biaozhu/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';

/** Stored media never changes under its address (a new upload is a new media row), so browsers may keep it a year. */
const CACHE_FOREVER = 'private, max-age=31536000, immutable';

/**
 * A media response is only ever shown as a picture: no script runs in it even when opened on its own (the sandbox),
 * and nothing it names is loaded.
 */
const MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

/**
 * The project's stored images and their thumbnails, and presigned reads of `s3://` references in task data. Every
 * route names the project, so project-scope.ts lets through only those who may see it (an outsider gets the same
 * 404 as for a project that does not exist; no session is a 401): docs/security.md "Media".
 */
export function mediaRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/media/:mediaId',
    permission: 'media.read',
    summary: 'A stored image of the project, byte-identical to the upload (ETag, If-None-Match -> 304, one Range -> 206; HEAD too)',
    responses: { 200: 'the image', 206: 'one byte range of it', 304: 'not modified', 416: 'several ranges or one past the end' },
    handler: async ({ params, request, reply }) => {
      const media = await loadMedia(ctx, params.projectId!, params.mediaId!);
      return sendStored(request, reply, mediaOf(ctx).store, { key: media.key, etag: `"${media.sha256}"`, contentType: media.content_type, size: media.byte_size });
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/media/:mediaId/thumb',
    permission: 'media.read',
    summary: 'A 160 px WebP thumbnail of a stored image (made once, on first request, and stored beside the original)',
    handler: async ({ params, request, reply }) => {
      const media = await loadMedia(ctx, params.projectId!, params.mediaId!);
      const store = mediaOf(ctx).store;
      const key = await ensureThumbnail(store, media);
      const size = await store.size(key);
      return sendStored(request, reply, store, { key, etag: `"${media.sha256}-thumb"`, contentType: 'image/webp', size: size ?? 0 });
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/tasks/:taskId/s3-object',
    permission: 'media.read',
    summary: 'Redirects (302) to a short-lived presigned GET URL of an s3://bucket/key reference that the task data holds',
    query: z.object({ ref: z.string().max(2048) }),
    handler: async ({ params, query, reply }) => {
      const url = await presignTaskRef(ctx, mediaOf(ctx), params.projectId!, params.taskId!, query.ref);
      // The signature expires: never cached, and the address it carries is not shown to other hosts.
      return reply.status(302).header('cache-control', 'private, no-store').header('location', url).send();
    },
  });
}

interface StoredResponse {
  key: string;
  etag: string;
  contentType: string;
  size: number;
}

/** Sends a stored object with its caching headers, honouring If-None-Match and one byte range. */
async function sendStored(request: FastifyRequest, reply: FastifyReply, store: MediaStore, object: StoredResponse): Promise<FastifyReply> {
  void reply
    .header('etag', object.etag)
    .header('cache-control', CACHE_FOREVER)
    .header('accept-ranges', 'bytes')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', MEDIA_CSP)
    .header('cross-origin-resource-policy', 'same-origin');
  if (matchesEtag(request.headers['if-none-match'], object.etag)) return reply.status(304).send();
  const wanted = parseRange(request.headers.range, object.size);
  if (wanted.kind === 'unsatisfiable') {
    return reply.status(416).header('content-range', `bytes */${object.size}`).type('application/json').send({
      error: { code: 'range_not_satisfiable', message: `one byte range within 0-${object.size - 1} is served; several ranges are not`, details: { size: object.size } },
    });
  }
  const range = wanted.kind === 'range' ? wanted.range : undefined;
  const stored = await store.read(object.key, range);
  if (!stored) {
    return reply.status(404).type('application/json').send({ error: { code: 'media_bytes_missing', message: 'the stored bytes are missing from the media store', details: {} } });
  }
  void reply.header('content-type', object.contentType);
  if (range) {
    void reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${stored.size}`)
      .header('content-length', String(range.end - range.start + 1));
  } else {
    void reply.header('content-length', String(stored.size));
  }
  return reply.send(stored.body);
}

/** Whether an If-None-Match header names the ETag (or is `*`); weak validators compare equal, as RFC 9110 says. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === etag;
  });
}
