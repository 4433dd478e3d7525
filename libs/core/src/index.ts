export * from './errors.js';
export * from './clock.js';
export * from './pagination.js';
export * from './principal.js';
export * from './access.js';
export * from './request-context.js';
export * from './harm-categories.js';
export * from './closure-outcomes.js';
