export * from './label-config.js';
export * from './result.js';
export * from './assignment-policy.js';
export * from './iso-date.js';
export * from './quality-policy.js';
export * from './quality-views.js';
export * from './cleaning-pipeline.js';
export * from './intake-views.js';
