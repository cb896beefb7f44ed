export * from './ml-protocol.js';
export * from './ml-client.js';
export * from './ml-backend-settings.js';
export * from './check-prediction.js';
export * from './prediction-job.js';
export * from './prediction-changes.js';
export * from './annotation-assist.js';
export * from './model-assistance.js';
