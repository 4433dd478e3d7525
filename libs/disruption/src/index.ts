export * from './domain/vocabulary.js';
export { assessGrounds, GROUND_WORDING, type ChecklistItem, type TestAssessment } from './domain/statutory-test.js';
export { courtStep, type CourtStep } from './domain/court-progress.js';
export {
  DisruptionApplications,
  orderLabel,
  type ApplicationView,
  type VariationView,
  type CreateApplicationInput,
  type CourtEventInput,
  type RecordDomainInput,
} from './application/disruption-applications.js';
export { BundleRenderer, type RenderedBundle } from './application/bundle-renderer.js';
export { DisruptionModule } from './disruption.module.js';
