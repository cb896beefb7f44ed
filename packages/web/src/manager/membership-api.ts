import { json as call } from '../api';
import type { AssignmentPolicy } from '@biaozhu/contract';

export type ProjectAccess = 'organisation' | 'members';
export type ProjectRole = 'annotator' | 'reviewer' | 'client';

/** A member of a project, as GET /api/projects/:id/members answers. */
export interface ProjectMember {
  userId: number;
  /** Null for a phone-only account. */
  email: string | null;
  phone: string | null;
  name: string;
  role: string;
  projectRole: ProjectRole;
  disabled: boolean;
  addedAt: string;
}

export interface ProjectMembers {
  access: ProjectAccess;
  members: ProjectMember[];
}

/** A user of the organisation a manager can put in projects and teams (GET /api/workforce). */
export interface WorkforcePerson {
  id: number;
  /** Null for a phone-only account, which has `phone` instead. */
  email: string | null;
  phone: string | null;
  name: string;
  role: string;
  disabled: boolean;
  teams: number[];
  qualifications: string[];
}

/** Why a policy would leave nobody to work (core/workforce/eligibility-check.ts). */
export type EligibilityWarning =
  | { code: 'team_has_no_members'; teamId: number; teamName: string }
  | { code: 'qualification_held_by_nobody'; qualification: string }
  | { code: 'project_has_no_workers'; access: ProjectAccess }
  | { code: 'no_worker_meets_all' };

export interface EligibilityCheck {
  eligibleWorkers: number;
  warnings: EligibilityWarning[];
}

const project = (id: string | number) => `/projects/${encodeURIComponent(String(id))}`;

/** Project membership, teams and the people to pick for them. */
export const membershipApi = {
  members: (projectId: string | number) => call<ProjectMembers>('GET', `${project(projectId)}/members`),
  addMembers: (projectId: string | number, userIds: number[], projectRole?: ProjectRole) =>
    call<ProjectMembers>('POST', `${project(projectId)}/members`, { userIds, ...(projectRole ? { projectRole } : {}) }),
  removeMembers: (projectId: string | number, userIds: number[]) => call<ProjectMembers>('POST', `${project(projectId)}/members/remove`, { userIds }),
  setAccess: (projectId: string | number, access: ProjectAccess) => call<ProjectMembers>('PUT', `${project(projectId)}/access`, { access }),
  workforce: () => call<{ people: WorkforcePerson[] }>('GET', '/workforce').then((r) => r.people),
  addTeamMembers: (teamId: number, userIds: number[]) => call<{ members: number[] }>('POST', `/teams/${teamId}/members`, { userIds }).then((r) => r.members),
  removeTeamMembers: (teamId: number, userIds: number[]) => call<{ members: number[] }>('POST', `/teams/${teamId}/members/remove`, { userIds }).then((r) => r.members),
  checkPolicy: (projectId: string | number, policy: AssignmentPolicy) =>
    call<{ eligibility: EligibilityCheck }>('POST', `${project(projectId)}/assignment-policy/check`, { policy }).then((r) => r.eligibility),
};
