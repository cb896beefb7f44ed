import { chainImageReaders, urlImageReader, type ImageReader } from '@biaozhu/core';

/**
 * Where image exports read image files (core/src/export/image-reader.ts): URLs (http, https, data) for now. The
 * stored-media store plugs in here, first in the chain: `chainImageReaders((ref, signal) => media.open(ref, signal),
 * urlImageReader())`, its reader answering null for references that are not its own.
 */
export const exportImageReader: ImageReader = chainImageReaders(urlImageReader());
