export * from './installation-admin.js';
export * from './create-organization.js';
export * from './list-organizations.js';
