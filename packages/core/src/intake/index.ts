export * from './provenance.js';
export * from './intake-settings.js';
export * from './job-runner.js';
export * from './cleaning-jobs.js';
export * from './run-cleaning-job.js';
export * from './spool.js';
export * from './start-intake-runner.js';
export type { FileImportFormat } from '../imports/index.js';
