export * from './domain/vocabulary.js';
export { parseServiceList, noticeOutcomes, statusCounts, programmeReference, bulkItemKey } from './domain/programme-rules.js';
export { ProgrammeService, type ProgrammeView, type ProgrammeStatusChange, type ProgrammeListItem, type ProgrammeDashboard, type ProgrammeServiceView, type ServiceHistoryEntry, type AddServicesResult, type CreateProgrammeInput } from './programme.service.js';
export { BulkActions, type BulkActionInput, type BulkActionPreview, type BulkActionProgress, type RecipientPreview } from './bulk-actions.js';
export { BulkActionProcessor, BULK_ACTIONS_JOB, type DrainOptions, type DrainResult } from './bulk-action-processor.js';
export { OpenInvestigationFromProgramme, type OpenInvestigationInput, type OpenedInvestigation, type ProgrammeEvidence } from './open-investigation.js';
export { ProgrammesModule } from './programmes.module.js';
export { ProgrammeDemoSeeder } from './programme-demo-seeder.js';
