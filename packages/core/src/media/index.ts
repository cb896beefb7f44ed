/** Stored media (images): stores, keys, the import of image archives and folders, serving, thumbnails, s3:// refs. */
export type { ByteRange, MediaStore, StoredObject } from './media-store.js';
export { LocalMediaStore } from './local-media-store.js';
export { S3MediaStore, s3ClientFor, type S3Settings } from './s3-media-store.js';
export { createMedia, mediaOf, type Media, type MediaSettings } from './media-settings.js';
export { originalKey, thumbnailKey } from './media-keys.js';
export { mediaUrl } from './media-url.js';
export { storeImage, forgetImages, type StoredImage } from './store-image.js';
export { importImages, type ImageImportOptions, type ImageImportSummary } from './import-images.js';
export { loadMedia } from './load-media.js';
export { ensureThumbnail, makeThumbnail, THUMBNAIL_SIZE } from './thumbnail.js';
export { parseRange, type RangeRequest } from './byte-ranges.js';
export { parseS3Ref, presignTaskRef, type S3Ref } from './s3-refs.js';
export { mediaImageReader } from './media-image-reader.js';
