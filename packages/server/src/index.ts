export * from './main.js';
export * from './config.js';
export { buildApp } from './app.js';
export { JOB_HANDLERS, type JobQueue } from './jobs/background-jobs.js';
