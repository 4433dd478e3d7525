export * from './secret-box.js';
export * from './privacy.module.js';
