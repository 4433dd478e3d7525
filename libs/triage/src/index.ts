export * from './domain/harm-categories.js';
export * from './domain/model.js';
export * from './domain/built-in-models.js';
export * from './triage-models.js';
export * from './triage.module.js';
