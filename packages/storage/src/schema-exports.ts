/** Tables of the export module; filled by migrations/0021-export-files.ts. */
export interface ExportTables {
  export_files: ExportFileTable;
}

/** A background export and, once it is done, its file (the `jobs` row holds the job's state, progress and payload). */
export interface ExportFileTable {
  job_id: number;
  org_id: number;
  project_id: number;
  /** `coco`, `yolo` or `voc`. */
  format: string;
  /** 0/1: the image files are in it. */
  include_images: number;
  /** `shown` or `pseudonymised`: whether the file names workers, as the actor who started it may see them. */
  people_view: 'shown' | 'pseudonymised';
  /** Absolute path of the complete file under the data directory's `exports/` folder; null until the job is done. */
  file_path: string | null;
  /** The name a download is saved under. */
  file_name: string | null;
  size: number | null;
  created_by: number;
  created_at: number;
  /** When the file is deleted; null until the job is done. */
  expires_at: number | null;
}
