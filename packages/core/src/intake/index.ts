export * from './provenance.js';
export * from './intake-settings.js';
export * from './cleaning-jobs.js';
export * from './run-cleaning-job.js';
export * from './spool.js';
export type { FileImportFormat } from '../imports/index.js';
