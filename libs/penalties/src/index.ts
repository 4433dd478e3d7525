export * from './penalty-policy.js';
export * from './penalty-calculator.js';
export { formatPence } from './money.js';
export * from './penalties.module.js';
