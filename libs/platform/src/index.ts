export * from './config/app-config.js';
export * from './database/data-source.js';
export * from './database/embedded.js';
export * from './http/problem.js';
export * from './http/problem.filter.js';
export * from './http/validation.js';
export * from './http/configure-app.js';
export * from './platform.module.js';
