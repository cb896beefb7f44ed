import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Streams a generated file as a download: the chunks are sent as they are made, never held whole, and the browser
 * saves them under `fileName` instead of caching them.
 */
export function sendDownload(reply: FastifyReply, chunks: AsyncIterable<string | Buffer> | Readable, contentType: string, fileName: string): FastifyReply {
  return reply
    .header('content-type', contentType.includes(';') || contentType === 'application/zip' ? contentType : `${contentType}; charset=utf-8`)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(chunks instanceof Readable ? chunks : Readable.from(chunks));
}
