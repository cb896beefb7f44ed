export * from './label-config.js';
export * from './result.js';
