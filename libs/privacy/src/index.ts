export * from './secret-box.js';
export * from './personal-data-vault.js';
export * from './privacy.module.js';
