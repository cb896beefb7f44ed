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
