import type { Generated, Selectable } from 'kysely';

/** Tables of stored media; filled by migrations/0020-media.ts. */
export interface MediaTables {
  media: MediaTable;
}

/**
 * One image of a project (core/src/media/). `key` names the object in the media store (a local folder or an S3
 * bucket); it is derived from `sha256`, so identical bytes share one object whichever project holds them.
 */
export interface MediaTable {
  id: Generated<number>;
  project_id: number;
  key: string;
  /** SHA-256 of the bytes, hex: the ETag and the dedup key. */
  sha256: string;
  content_type: string;
  byte_size: number;
  /** As displayed (EXIF orientations 5-8 swap them). */
  width: number;
  height: number;
  /** The file's path in the upload (archive entry, folder path or file name). */
  original_name: string;
  created_at: number;
  created_by: number | null;
}

export type MediaRow = Selectable<MediaTable>;
