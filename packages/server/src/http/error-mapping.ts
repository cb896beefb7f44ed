import { DomainError, type DomainErrorKind } from '@biaozhu/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  rate_limited: 429,
};

/** Busboy's plain errors for a multipart body that ends before its closing boundary (no error code to match on). */
const TRUNCATED_MULTIPART = /unexpected end of multipart data/i;

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** The one place where errors become HTTP statuses. A client's mistake is a 4xx that says what is wrong. */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof DomainError) {
    const status = STATUS[error.kind];
    if (error.kind === 'rate_limited' && typeof error.details.retryAfterSeconds === 'number') {
      void reply.header('retry-after', String(error.details.retryAfterSeconds));
    }
    void reply.status(status).send(body(error.code, error.message, error.details));
    return;
  }
  const fe = error as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.statusCode === 413) {
    void reply.status(413).send(body('body_too_large', `the request body is larger than this server accepts (${fe.message})`));
    return;
  }
  if (TRUNCATED_MULTIPART.test(error.message)) {
    void reply.status(400).send(body('upload_truncated', 'the upload ended before its last part was complete (the connection was cut or the body is truncated); nothing was stored, send it again'));
    return;
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    void reply.status(415).send(body('unsupported_media_type', fe.message));
    return;
  }
  if (error instanceof SyntaxError || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    void reply.status(400).send(body('invalid_json', `the body is not valid JSON: ${error.message}`));
    return;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply.status(fe.statusCode).send(body(fe.code ? fe.code.toLowerCase() : 'bad_request', fe.message));
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply.status(500).send(body('internal_error', 'the server failed to handle this request; it has been logged'));
}

export function body(code: string, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message, details } };
}
