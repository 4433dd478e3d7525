export { CaseworkUiModule } from './casework-ui.module.js';
export { CaseworkPages, CASEWORK_ROLES, CASE_CREATORS, DOMAIN_RECORDERS } from './application/casework-pages.js';
export * from './forms/event-form.js';
export * from './forms/letter-fields.js';
export * from './presentation/labels.js';
