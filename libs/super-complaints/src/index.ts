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
export { SuperComplaintsModule } from './super-complaints.module.js';
