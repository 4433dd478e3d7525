export { PublicationModule } from './publication.module.js';
export { PublicationService, type EntryOverview, type ApprovalCheck } from './application/publication.service.js';
export { PublicationDemoSeeder, type PublicationDemoResult } from './application/publication-demo-seeder.js';
export type { VersionRecord, EntryRecord } from './application/publication.repository.js';
export * from './domain/vocabulary.js';
export { REDACTION_MARK, redact, markerProblem, confidentialPassages } from './domain/confidential.js';
export { checkDraft, normaliseDraft, toPublicEntry, type DraftContent, type DraftUpdate, type DraftDecision, type PublicEntry, type PublicUpdate, type PublicDecision } from './domain/entry-content.js';
export { openDataSchema, openDataCsv, CSV_COLUMNS, OPEN_DATA_SCHEMA_VERSION, publicUrls, statementsOfReasons, type StatementOfReasons } from './domain/exports.js';
