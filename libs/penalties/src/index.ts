export * from './penalty-policy.js';
export * from './penalty-calculator.js';
export { formatPence } from './money.js';
export * from './penalties.module.js';
export { PenaltyAssessments, type PenaltyAssessmentView, type RecordPaymentCommand, CALCULATOR_VERSION } from './assessments/penalty-assessments.service.js';
export { penaltyAccount, dailyAccrual, PENALTY_STATUSES, type PenaltyStatus, type PenaltyAccount } from './assessments/penalty-account.js';
export { providerPenaltyView, type ProviderPenaltyView, type ProviderPenaltyStep } from './assessments/provider-penalty-view.js';
export { PENALTY_STATUS_WORDS, PENALTY_STEP_NAMES } from './penalty-words.js';
