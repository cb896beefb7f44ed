const DATA_URL_TYPES: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/bmp': '.bmp',
  'image/tiff': '.tif',
};

/**
 * Names the images of one export: each task's image gets the file name of its URL or stored media (last path
 * segment, decoded, characters outside letters, digits, `.`, `-`, `_` replaced by `_`), so the files are the ones
 * the data set was made from; a `data:` URL or a reference without a file name becomes `task-<id>` with the
 * extension of its type. Names are unique within the export without regard to case (Windows and macOS unpack a zip
 * case-insensitively): a later task whose name is taken gets `<stem>-<task id><ext>`. Tasks are named in id order,
 * so the same project exports the same names every time while no earlier task is deleted.
 *
 * Memory: the names given so far (one short string per image) are kept for the uniqueness check.
 */
export class ImageFileNames {
  private readonly taken = new Set<string>();

  /** The file name of task `taskId`'s image `reference`. */
  name(taskId: number, reference: string): string {
    const { stem, ext } = nameOf(taskId, reference);
    let candidate = stem + ext;
    let key = candidate.toLowerCase();
    for (let n = 1; this.taken.has(key); n++) {
      candidate = `${stem}-${taskId}${n === 1 ? '' : `-${n}`}${ext}`;
      key = candidate.toLowerCase();
    }
    this.taken.add(key);
    return candidate;
  }
}

/** A file name without its extension (the YOLO label file of `a.b.jpg` is `a.b.txt`). */
export function fileStem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

const SAFE_ASCII_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

function nameOf(taskId: number, reference: string): { stem: string; ext: string } {
  if (reference.startsWith('data:')) {
    const type = /^data:([^;,]+)/.exec(reference)?.[1]?.toLowerCase() ?? '';
    return { stem: `task-${taskId}`, ext: DATA_URL_TYPES[type] ?? '' };
  }
  // Index arithmetic, not splitting: this runs once per image of an export of 50,000.
  const query = reference.indexOf('?');
  const fragment = reference.indexOf('#');
  const end = query < 0 ? (fragment < 0 ? reference.length : fragment) : fragment < 0 ? query : Math.min(query, fragment);
  let last = reference.slice(reference.lastIndexOf('/', end - 1) + 1, end);
  // The usual name (ASCII letters, digits, `.`, `-`, `_`, no leading dot) needs no decoding or replacing.
  if (last.length <= 120 && SAFE_ASCII_NAME.test(last) && !/^_*$/.test(last)) {
    const stem = fileStem(last);
    return { stem, ext: last.slice(stem.length) };
  }
  try {
    last = decodeURIComponent(last);
  } catch {
    // a malformed escape is kept as written
  }
  const safe = last.replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^\.+/, '').slice(-120);
  if (safe === '' || /^_*$/.test(safe)) return { stem: `task-${taskId}`, ext: '' };
  const stem = fileStem(safe);
  return { stem, ext: safe.slice(stem.length) };
}
