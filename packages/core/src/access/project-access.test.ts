import { describe, expect, it } from 'vitest';
import { roleInProject } from './project-access.js';

const open = { orgId: 1, access: 'organisation' as const };
const closed = { orgId: 1, access: 'members' as const };

describe('roleInProject', () => {
  it('never lets anyone into another organisation’s project, listed or not', () => {
    for (const role of ['admin', 'manager', 'reviewer', 'annotator', 'client'] as const) {
      expect(roleInProject({ orgId: 2, role }, open, 'annotator')).toBeNull();
    }
  });

  it('lets managers and admins into every project of their organisation with their own role', () => {
    expect(roleInProject({ orgId: 1, role: 'manager' }, closed, null)).toBe('manager');
    expect(roleInProject({ orgId: 1, role: 'admin' }, closed, null)).toBe('admin');
  });

  it('needs a listing for clients even in a project open to the organisation', () => {
    expect(roleInProject({ orgId: 1, role: 'client' }, open, null)).toBeNull();
    expect(roleInProject({ orgId: 1, role: 'client' }, closed, 'client')).toBe('client');
  });

  it('lets unlisted annotators and reviewers into open projects only', () => {
    expect(roleInProject({ orgId: 1, role: 'annotator' }, open, null)).toBe('annotator');
    expect(roleInProject({ orgId: 1, role: 'reviewer' }, open, null)).toBe('reviewer');
    expect(roleInProject({ orgId: 1, role: 'annotator' }, closed, null)).toBeNull();
    expect(roleInProject({ orgId: 1, role: 'reviewer' }, closed, null)).toBeNull();
  });

  it('gives a listed worker the role of the listing, never more than their own', () => {
    expect(roleInProject({ orgId: 1, role: 'reviewer' }, closed, 'annotator')).toBe('annotator');
    expect(roleInProject({ orgId: 1, role: 'reviewer' }, open, 'annotator')).toBe('annotator');
    expect(roleInProject({ orgId: 1, role: 'reviewer' }, closed, 'reviewer')).toBe('reviewer');
    expect(roleInProject({ orgId: 1, role: 'annotator' }, closed, 'reviewer')).toBe('annotator');
  });
});
