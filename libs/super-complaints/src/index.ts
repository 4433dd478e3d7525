export * from './domain/vocabulary.js';
export * from './domain/lifecycle-table.js';
export { planTransition, type DeadlineOperation, type SuperComplaintPlan } from './domain/lifecycle.js';
export { checkDocument, missingForFiling, repeats, type DocumentReference, type FilingContent } from './domain/filing-rules.js';
export {
  SuperComplaintService,
  type DraftInput,
  type MessageView,
  type PublishedResponseView,
  type SuperComplaintStats,
  type SuperComplaintView,
} from './super-complaint.service.js';
export { CRITERIA, ELIGIBILITY_CRITERIA, decideEligibility, type Checklist, type EligibilityCriterion } from './onboarding/eligibility-criteria.js';
export { EntityApplicationService, type EntityApplicationInput, type EntityApplicationView } from './onboarding/entity-applications.service.js';
export { SuperComplaintsModule } from './super-complaints.module.js';
export { renderSuperComplaintLifecycleDoc, SUPER_COMPLAINT_REFUSALS } from './domain/lifecycle-doc.js';
