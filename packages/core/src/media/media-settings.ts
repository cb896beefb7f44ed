import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { LocalMediaStore } from './local-media-store.js';
import type { MediaStore } from './media-store.js';
import { s3ClientFor, S3MediaStore, type S3Settings } from './s3-media-store.js';

/** Where media is stored and which buckets `s3://` references in task data may name (BIAOZHU_MEDIA_*, server config). */
export interface MediaSettings {
  store: 'local' | 's3';
  /** The local folder; default `<data dir>/media`. */
  dir?: string | undefined;
  /** The object store, for `store: s3` and for presigning `s3://` references. */
  s3?: S3Settings | undefined;
  /** Buckets that task references `s3://bucket/key` may name; default the media bucket. */
  refBuckets: string[];
  /** How long a presigned read of an `s3://` reference lasts. */
  presignSeconds: number;
}

/** The media of an installation: the store of uploads, and what `s3://` references are read through. */
export interface Media {
  store: MediaStore;
  refs: { client: S3Client; buckets: ReadonlySet<string>; seconds: number } | undefined;
}

/** Builds the media store and reference reader from settings; `dataDir` places the default local folder. */
export function createMedia(settings: MediaSettings, dataDir: string): Media {
  let store: MediaStore;
  if (settings.store === 's3') {
    if (!settings.s3) throw new Error('BIAOZHU_MEDIA_STORE=s3 needs BIAOZHU_MEDIA_S3_BUCKET (and usually BIAOZHU_MEDIA_S3_ENDPOINT)');
    store = new S3MediaStore(settings.s3);
  } else {
    store = new LocalMediaStore(path.resolve(settings.dir ?? path.join(dataDir, 'media')));
  }
  const buckets = new Set(settings.refBuckets.length > 0 ? settings.refBuckets : settings.s3 ? [settings.s3.bucket] : []);
  const refs =
    settings.s3 && buckets.size > 0
      ? { client: store instanceof S3MediaStore ? store.client : s3ClientFor(settings.s3), buckets, seconds: settings.presignSeconds }
      : undefined;
  return { store, refs };
}

/** The context's media, or an error saying the process was started without it (a bug, not a user's mistake). */
export function mediaOf(ctx: { media?: Media | undefined }): Media {
  if (!ctx.media) throw new Error('this context has no media store: the server and the CLI set ctx.media (createMedia)');
  return ctx.media;
}
