export * from './label-config.js';
export * from './result.js';
export * from './assignment-policy.js';
