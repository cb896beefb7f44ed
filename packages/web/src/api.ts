import type {
  Assignment, AssignmentPolicyState, Guideline, ImportSummary, NextMode, NextResult, PolicyUpdate, Progress, Project,
  ProjectSummary, Session, StatsCounts, SubmitBody, Team,
} from './api-types';

/** An error answered by the server (`{"error":{"code","message","details"}}`) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the request may not have reached the server, so sending it again is the right move. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

let csrfToken: string | null = null;

/** Remembers the CSRF token from the login or me response; it is sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Turns an error response body into an ApiError, falling back to the status text when the body is not JSON. */
export function parseError(status: number, statusText: string, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.message) return new ApiError(status, body.error.code ?? 'error', body.error.message, body.error.details);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(status, 'http_' + status, statusText || `HTTP ${status}`);
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch('/api' + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw parseError(res.status, res.statusText, await res.text());
  return res;
}

/** A JSON call to `/api<path>` with the session's CSRF token; the one request helper of every feature's API module. */
export async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  if (res.status === 204) return {} as T;
  return (await res.json()) as T;
}

export const api = {
  /** `login` is an email or a phone number. */
  async login(login: string, password: string): Promise<Session> {
    const s = await json<Session>('POST', '/auth/login', { login, password });
    setCsrfToken(s.csrfToken);
    return s;
  },
  async me(): Promise<Session | null> {
    try {
      const s = await json<Session>('GET', '/auth/me');
      setCsrfToken(s.csrfToken);
      return s;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  async logout(): Promise<void> {
    await send('POST', '/auth/logout', {});
    setCsrfToken(null);
  },
  async projects(): Promise<ProjectSummary[]> {
    return (await json<{ projects: ProjectSummary[] }>('GET', '/projects')).projects;
  },
  async project(id: string): Promise<Project> {
    return (await json<{ project: Project }>('GET', `/projects/${encodeURIComponent(id)}`)).project;
  },
  async stats(id: string): Promise<StatsCounts> {
    return (await json<{ counts: StatsCounts }>('GET', `/projects/${encodeURIComponent(id)}/stats`)).counts;
  },
  async publishGuideline(id: string, body: string): Promise<Guideline> {
    return (await json<{ guideline: Guideline }>('PUT', `/projects/${encodeURIComponent(id)}/guideline`, { body })).guideline;
  },
  async imports(id: string): Promise<ImportSummary[]> {
    return (await json<{ imports: ImportSummary[] }>('GET', `/projects/${encodeURIComponent(id)}/imports`)).imports;
  },
  /** `current`: the task to show now; `ahead`: a second task to keep in hand (the server holds at most two). */
  async next(projectId: string, mode: NextMode = 'current'): Promise<NextResult> {
    const query = mode === 'ahead' ? '?mode=ahead' : '';
    const res = await send('POST', `/projects/${encodeURIComponent(projectId)}/next${query}`, {});
    if (res.status === 204) return { kind: 'none', reason: res.headers.get('x-biaozhu-reason') ?? 'all_done' };
    const body = (await res.json()) as { assignment: Assignment; progress: Progress };
    return { kind: 'assignment', assignment: body.assignment, progress: body.progress };
  },
  async submit(assignmentId: number, body: SubmitBody): Promise<{ annotation: { id: string; taskId: string } }> {
    return json('POST', `/assignments/${encodeURIComponent(assignmentId)}/submit`, body);
  },
  async skip(assignmentId: number): Promise<void> {
    await send('POST', `/assignments/${encodeURIComponent(assignmentId)}/skip`, {});
  },
  async heartbeat(assignmentId: number): Promise<{ expiresAt: string }> {
    return json('POST', `/assignments/${encodeURIComponent(assignmentId)}/heartbeat`, {});
  },
  async assignmentPolicy(projectId: string): Promise<AssignmentPolicyState> {
    return json('GET', `/projects/${encodeURIComponent(projectId)}/assignment-policy`);
  },
  async saveAssignmentPolicy(projectId: string, update: PolicyUpdate): Promise<AssignmentPolicyState> {
    return json('PUT', `/projects/${encodeURIComponent(projectId)}/assignment-policy`, update);
  },
  async teams(): Promise<Team[]> {
    return (await json<{ teams: Team[] }>('GET', '/teams')).teams;
  },
  async createTeam(name: string): Promise<Team> {
    // The answer is `{id, name}`: a new team has no members yet.
    const { team } = await json<{ team: Omit<Team, 'members'> & { members?: number[] } }>('POST', '/teams', { name });
    return { ...team, members: team.members ?? [] };
  },
  exportUrl(projectId: string, format: string): string {
    return `/api/projects/${encodeURIComponent(projectId)}/export?format=${encodeURIComponent(format)}`;
  },
};

/**
 * Posts multipart form data with upload progress. XMLHttpRequest rather than fetch because only it reports upload
 * progress; the CSRF token and errors are handled as for every other call. Resolves with the parsed JSON body.
 */
export function postFormWithProgress(url: string, form: FormData, onProgress: (fraction: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as unknown);
        } catch {
          reject(new ApiError(xhr.status, 'bad_response', xhr.responseText.slice(0, 200)));
        }
      } else {
        reject(parseError(xhr.status, xhr.statusText, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'upload aborted'));
    xhr.send(form);
  });
}
