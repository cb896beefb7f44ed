/** The columns of a `jobs` row that a job view shows. */
export interface JobRow {
  id: number;
  kind: string;
  status: string;
  progress: number;
  result: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

/** A background job as the API shows it. */
export interface JobView {
  id: number;
  kind: string;
  status: string;
  progress: number;
  result: unknown;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toJobView(job: JobRow): JobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    result: job.result === null ? null : (JSON.parse(job.result) as unknown),
    error: job.error,
    createdAt: new Date(job.created_at).toISOString(),
    updatedAt: new Date(job.updated_at).toISOString(),
  };
}
