/** The status of a service within an enforcement programme. */
export const PROGRAMME_SERVICE_STATUSES = ['assessed', 'engaged', 'compliant', 'referred_to_investigation', 'closed'] as const;
export type ProgrammeServiceStatus = (typeof PROGRAMME_SERVICE_STATUSES)[number];

export const PROGRAMME_SERVICE_STATUS_LABELS: Record<ProgrammeServiceStatus, string> = {
  assessed: 'Assessed',
  engaged: 'Engaged',
  compliant: 'Compliant',
  referred_to_investigation: 'Referred to investigation',
  closed: 'Closed',
};

export const PROGRAMME_STATUSES = ['open', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

/** Bulk actions an officer can run across a programme. */
export const BULK_ACTION_KINDS = ['information_notice', 'chase_overdue'] as const;
export type BulkActionKind = (typeof BULK_ACTION_KINDS)[number];

export const BULK_ACTION_LABELS: Record<BulkActionKind, string> = {
  information_notice: 'Information notice to every provider',
  chase_overdue: 'Reminder to every provider whose response is overdue',
};

export type BulkActionStatus = 'queued' | 'completed';
export type BulkItemStatus = 'pending' | 'done' | 'failed' | 'skipped';

/** What an information notice sent across a programme says; the rest is filled in per provider. */
export interface NoticeTemplate {
  /** Shown in the provider's portal thread, e.g. "Information notice: age assurance". */
  title: string;
  requirements: { item: string; detail?: string }[];
  reasons: string[];
  provisions?: { reference: string; description: string }[];
  responseForm: string;
  /** The response period in working days (England and Wales), at least 7 (s.102). */
  responseWorkingDays: number;
}

/** An item of a chase: which notice (action item) it reminds about. */
export interface ChaseTemplate {
  /** Optional words added to the reminder. */
  message?: string;
}

export const isProgrammeServiceStatus = (value: unknown): value is ProgrammeServiceStatus =>
  typeof value === 'string' && (PROGRAMME_SERVICE_STATUSES as readonly string[]).includes(value);
