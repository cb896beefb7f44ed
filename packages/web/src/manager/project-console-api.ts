import type { LabelConfig } from '@biaozhu/contract';
import { json as call } from '../api';
import type { Project } from '../api-types';

/** What the project settings page reads: the project as GET /api/projects/:id answers, with its archive state. */
export type ProjectWithState = Project & { archivedAt: string | null };

export interface NewProjectBody {
  name: string;
  description: string;
  labelConfig: string;
  overlap: number;
  leaseTtlSeconds: number;
  /** Who sees the project; with `members`, written in the same transaction as the project. */
  access?: 'organisation' | 'members';
  members?: { userId: number }[];
}

/** The manager's console calls: check a config, create, change, archive and delete a project. */
export const projectConsoleApi = {
  checkConfig: (labelConfig: string) => call<{ labelConfig: LabelConfig }>('POST', '/label-configs/check', { labelConfig }).then((r) => r.labelConfig),
  create: (body: NewProjectBody) => call<{ project: { id: number; name: string } }>('POST', '/projects', body).then((r) => r.project),
  project: (id: string) => call<{ project: ProjectWithState }>('GET', `/projects/${encodeURIComponent(id)}`).then((r) => r.project),
  update: (id: string, body: { name?: string; description?: string; labelConfig?: string }) =>
    call<{ project: { id: number; name: string; description: string; labelConfig: LabelConfig } }>('PATCH', `/projects/${encodeURIComponent(id)}`, body).then((r) => r.project),
  archive: (id: string) => call<{ project: { archivedAt: string | null } }>('POST', `/projects/${encodeURIComponent(id)}/archive`).then((r) => r.project),
  unarchive: (id: string) => call<{ project: { archivedAt: string | null } }>('POST', `/projects/${encodeURIComponent(id)}/unarchive`).then((r) => r.project),
  remove: (id: string, confirmName: string) => call<unknown>('DELETE', `/projects/${encodeURIComponent(id)}`, { confirmName }),
};
