import type { AccountRole, CreatedPerson, PeoplePage, PersonDelivery, PersonStatus, PersonWorkerKind, RosterPreview } from '@biaozhu/contract';
import { json as call, setCsrfToken } from '../api';

/** The people API (docs/api.md "People"); shapes from @biaozhu/contract. */
export interface PeopleFilters {
  search: string;
  role: AccountRole | '';
  workerKind: PersonWorkerKind | '';
  status: PersonStatus | '';
  teamId: string;
}

export interface NewPersonBody {
  name: string;
  /** An email, a phone or both (`phone`): the person logs in with either. */
  email?: string;
  phone?: string;
  role: AccountRole;
  team?: string;
  workerKind?: PersonWorkerKind;
  delivery: PersonDelivery;
}

export interface InviteView {
  /** Null for a phone-only account, which logs in with `phone`. */
  email: string | null;
  phone: string | null;
  name: string;
  organization: string;
  expiresAt: string;
}

export const peopleApi = {
  list(filters: PeopleFilters, offset: number, limit: number): Promise<PeoplePage> {
    const q = new URLSearchParams({ offset: String(offset), limit: String(limit) });
    for (const key of ['search', 'role', 'workerKind', 'status', 'teamId'] as const) {
      const value = filters[key].trim();
      if (value) q.set(key, value);
    }
    return call<PeoplePage>('GET', `/people?${q.toString()}`);
  },
  async create(body: NewPersonBody): Promise<CreatedPerson> {
    return (await call<{ person: CreatedPerson }>('POST', '/people', body)).person;
  },
  async previewRoster(csv: string): Promise<RosterPreview> {
    return (await call<{ preview: RosterPreview }>('POST', '/people/roster/preview', { csv })).preview;
  },
  async importRoster(csv: string, delivery: PersonDelivery): Promise<CreatedPerson[]> {
    return (await call<{ created: CreatedPerson[] }>('POST', '/people/roster', { csv, delivery })).created;
  },
  disable: (userId: number) => call('POST', `/users/${userId}/disable`, {}),
  enable: (userId: number) => call('POST', `/users/${userId}/enable`, {}),
  async resetPassword(userId: number): Promise<string> {
    return (await call<{ password: string }>('POST', `/users/${userId}/password-reset`, {})).password;
  },
  changeRole: (userId: number, role: AccountRole) => call('POST', `/users/${userId}/role`, { role }),
  /** Accepts an invitation: the server sets the session cookie; the CSRF token comes back here. */
  async acceptInvite(token: string, name: string, password: string): Promise<void> {
    const s = await call<{ csrfToken: string }>('POST', '/invites/accept', { token, name, password });
    setCsrfToken(s.csrfToken);
  },
  changeOwnPassword: (currentPassword: string, newPassword: string) => call('POST', '/auth/password', { currentPassword, newPassword }),
  async lookupInvite(token: string): Promise<InviteView> {
    return (await call<{ invite: InviteView }>('POST', '/invites/lookup', { token })).invite;
  },
};

/** The link an invitee opens; the server only knows the token, the page knows where it is served. */
export const inviteLink = (token: string) => `${window.location.origin}/invite/${encodeURIComponent(token)}`;
