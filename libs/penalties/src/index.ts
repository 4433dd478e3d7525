export * from './penalty-policy.js';
export * from './penalty-calculator.js';
export { formatPence } from './money.js';
export * from './penalties.module.js';
export { PenaltyAssessments, type PenaltyAssessmentView, type RecordPaymentCommand, CALCULATOR_VERSION } from './assessments/penalty-assessments.service.js';
export { penaltyAccount, dailyAccrual, PENALTY_STATUSES, type PenaltyStatus, type PenaltyAccount } from './assessments/penalty-account.js';
