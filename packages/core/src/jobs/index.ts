export * from './enqueue-job.js';
export * from './finish-job.js';
export * from './job-runner.js';
export * from './job-view.js';
export * from './job-lock.js';
export * from './cancel-job.js';
