export * from './canonical-json.js';
export * from './audit-chain.js';
export * from './audit-log.js';
export * from './audit-batch.js';
export * from './audit.module.js';
