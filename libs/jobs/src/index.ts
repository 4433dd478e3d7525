export * from './recurring-jobs.js';
export * from './job-lock.js';
export * from './jobs.module.js';
