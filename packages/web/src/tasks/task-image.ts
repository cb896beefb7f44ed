/**
 * Which of a task's data is its picture, and how the task browser shows it: pure, so the rules are tested without a
 * browser (task-image.test.ts).
 */

/** The part of a label config this needs: its objects' types and data keys. */
interface ObjectsOf {
  objects: readonly { type: string; value?: string }[];
}

/** The data key of the config's first image object (`image` for `{type: "image", value: "image"}`), or null. */
export function imageKeyOf(config: ObjectsOf): string | null {
  const image = config.objects.find((o) => o.type === 'image' && typeof o.value === 'string');
  return image?.value ?? null;
}

/** What the thumbnail cell shows for a task's image value. */
export type ThumbnailCell =
  /** A stored image of this project: its 160 px thumbnail route. */
  | { kind: 'thumb'; src: string; full: string }
  /** An address the workspace would load but the product does not store (a web URL, an s3:// reference): no thumbnail. */
  | { kind: 'link'; href: string | null; text: string }
  /** No value, or not text. */
  | { kind: 'none' };

/**
 * Only the project's own stored images (`/api/projects/<id>/media/<mediaId>`, exactly that form) get a thumbnail:
 * they are the ones the server keeps a small copy of. Another address is named, and linked when it is a web address,
 * so the table never loads full-size pictures from elsewhere for every row.
 */
export function thumbnailCell(value: unknown, projectId: string): ThumbnailCell {
  if (typeof value !== 'string' || value.trim() === '') return { kind: 'none' };
  const v = value.trim();
  if (new RegExp(`^/api/projects/${escapeRegExp(projectId)}/media/\\d+$`).test(v)) return { kind: 'thumb', src: `${v}/thumb`, full: v };
  return { kind: 'link', href: /^https?:\/\//i.test(v) ? v : null, text: v };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
