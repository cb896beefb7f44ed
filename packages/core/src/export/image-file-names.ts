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
    const first = nameOf(taskId, reference);
    let candidate = first;
    let key = keyOf(candidate);
    if (this.taken.has(key)) {
      const stem = fileStem(first);
      const ext = first.slice(stem.length);
      for (let n = 1; this.taken.has(key); n++) {
        candidate = `${stem}-${taskId}${n === 1 ? '' : `-${n}`}${ext}`;
        key = keyOf(candidate);
      }
    }
    this.taken.add(key);
    return candidate;
  }
}

/**
 * The uniqueness key of a name: lowercased, and a string of its own. A name is usually a slice of its task's URL,
 * which V8 keeps as a view of the whole URL; kept as such in the set it would hold every URL of the export alive.
 * Appending a character makes a new string, which lowercasing flattens into a copy.
 */
function keyOf(name: string): string {
  return (name + '/').toLowerCase();
}

/** A file name without its extension (the YOLO label file of `a.b.jpg` is `a.b.txt`). */
export function fileStem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

const SAFE_ASCII_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const ONLY_UNDERSCORES = /^_*$/;

/** The image's file name before the uniqueness check. */
function nameOf(taskId: number, reference: string): string {
  if (reference.startsWith('data:')) {
    const type = /^data:([^;,]+)/.exec(reference)?.[1]?.toLowerCase() ?? '';
    return `task-${taskId}${DATA_URL_TYPES[type] ?? ''}`;
  }
  // Index arithmetic, not splitting: this runs once per image of an export of 50,000.
  const query = reference.indexOf('?');
  const fragment = reference.indexOf('#');
  const end = query < 0 ? (fragment < 0 ? reference.length : fragment) : fragment < 0 ? query : Math.min(query, fragment);
  let last = reference.slice(reference.lastIndexOf('/', end - 1) + 1, end);
  // The usual name (ASCII letters, digits, `.`, `-`, `_`, no leading dot) needs no decoding or replacing.
  if (last.length <= 120 && SAFE_ASCII_NAME.test(last) && !ONLY_UNDERSCORES.test(last)) return last;
  try {
    last = decodeURIComponent(last);
  } catch {
    // a malformed escape is kept as written
  }
  const safe = last.replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^\.+/, '').slice(-120);
  return safe === '' || ONLY_UNDERSCORES.test(safe) ? `task-${taskId}` : safe;
}
