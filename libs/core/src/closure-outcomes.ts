/**
 * How an enforcement case can end (../shared/domain/osa-enforcement.md): one list for the lifecycle, which
 * records it when a case closes, and the closure letter, which explains it.
 */
export const CLOSURE_OUTCOMES = [
  'no_action',
  'remediated',
  'warning_issued',
  'geoblocked',
  'no_contravention',
  'complied',
  'order_made',
  'order_refused',
  'withdrawn',
  'merged',
] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];
