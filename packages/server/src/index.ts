export * from './main.js';
export * from './config.js';
export { buildApp } from './app.js';
