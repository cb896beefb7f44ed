/** The task an image is shown for (view-kit.ts MediaScope): which project's media routes it may load. */
interface MediaScope {
  projectId: number;
  taskId: number;
}

/** Whether a relative address, as the browser resolves it (dots, backslashes, percent escapes), is under /api. */
function intoOwnApi(relative: string): boolean {
  let path: string;
  try {
    path = decodeURIComponent(new URL(relative, 'http://biaozhu.invalid/').pathname);
  } catch {
    return true;
  }
  return /^\/api(\/|$)/i.test(path);
}

/**
 * Only web and relative addresses (and inline raster images) are loaded; anything else in task data is shown as text.
 * Addresses into Biaozhu's own API are refused, since a picture would call it with the annotator's session, except
 * the stored images of the task's own project (`/api/projects/<id>/media/<mediaId>`, exactly that form), and
 * `s3://bucket/key` references, which load through the project's presigning route for this task.
 */
export function safeImageUrl(value: unknown, scope?: MediaScope): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (scope && new RegExp(`^/api/projects/${scope.projectId}/media/\\d+$`).test(v)) return v;
  if (scope && /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/./.test(v)) return `/api/projects/${scope.projectId}/tasks/${scope.taskId}/s3-object?ref=${encodeURIComponent(v)}`;
  if (v.startsWith('/') && !v.startsWith('//') && intoOwnApi(v)) return null;
  if (/^(https?:)?\/\//i.test(v) || v.startsWith('/') || /^data:image\/(png|jpe?g|gif|webp);/i.test(v)) return v;
  return null;
}
