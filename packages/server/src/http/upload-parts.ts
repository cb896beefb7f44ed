import type { Multipart } from '@fastify/multipart';
import { findUnstorable, invalid, unstorableError, type DomainError } from '@biaozhu/core';
import type { FastifyRequest } from 'fastify';

/** The longest uploaded file name accepted, in UTF-8 bytes (what most file systems allow). */
export const MAX_FILE_NAME_BYTES = 255;

/** Busboy's default for a field name, in bytes; longer names are cut by busboy, so they are refused here. */
const FIELD_NAME_BYTES = 100;

/** Limits of one multipart upload; `fieldSize` is in bytes. */
export interface UploadLimits {
  fileSize: number;
  files: number;
  fields: number;
  fieldSize: number;
}

/**
 * The parts of a multipart upload, checked as they arrive: a field longer than `fieldSize` (which busboy would cut
 * silently), a file name over {@link MAX_FILE_NAME_BYTES}, and text that cannot be stored (NUL, lone surrogates)
 * are a 400 naming the field, so no route ever stores a cut or broken value. Use it instead of `request.parts()`.
 */
export async function* uploadParts(request: FastifyRequest, limits: UploadLimits, options: { preservePath?: boolean } = {}): AsyncGenerator<Multipart> {
  // preservePath keeps `batch1/cat.jpg` of a folder upload whole (busboy would cut it to `cat.jpg`); the route checks it.
  for await (const part of request.parts({ limits: { ...limits, fieldNameSize: FIELD_NAME_BYTES }, preservePath: options.preservePath ?? false })) {
    if (part.type === 'field') {
      if (part.fieldnameTruncated) throw tooLong(`${part.fieldname}…`, FIELD_NAME_BYTES, 'field name');
      if (part.valueTruncated) throw tooLong(part.fieldname, limits.fieldSize);
      checkStorable(part.fieldname, 'field name');
      checkStorable(part.value, part.fieldname);
    } else {
      checkStorable(part.fieldname, 'field name');
      if (Buffer.byteLength(part.filename) > MAX_FILE_NAME_BYTES) throw tooLong(`${part.fieldname}.filename`, MAX_FILE_NAME_BYTES, 'file name');
      checkStorable(part.filename, `${part.fieldname}.filename`);
    }
    yield part;
  }
}

function checkStorable(value: unknown, field: string): void {
  const fault = findUnstorable(value);
  if (fault !== undefined) throw unstorableError(fault, { root: field });
}

function tooLong(field: string, limit: number, what = 'field'): DomainError {
  return invalid('field_too_long', `${field}: the ${what} is longer than ${limit} bytes, the limit`, { field, limit });
}
