export * from './calendar/legal-date.js';
export * from './calendar/uk-calendar.js';
export * from './deadline.js';
export { DeadlineRules, OVERDUE_THRESHOLD, type DeadlineTimingFacts, type ReminderThreshold } from './deadline-rules.js';
export { DeadlineContacts, type DeadlineContact } from './deadline-contacts.js';
export { deadlineSettingsFromEnv } from './deadline-settings.js';
export { DeadlineService, type DeadlineCommandOptions } from './deadline.service.js';
export { DeadlineSweep, DEADLINE_SWEEP_JOB, type SweepResult } from './deadline-sweep.js';
export { DeadlinesModule } from './deadlines.module.js';
