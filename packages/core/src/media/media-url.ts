/** The address the workspace loads a stored image from: a project-checked route of the server. */
export function mediaUrl(projectId: number, mediaId: number): string {
  return `/api/projects/${projectId}/media/${mediaId}`;
}
