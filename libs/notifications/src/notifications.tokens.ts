/** The outbox's retry policy and sender settings (OutboxPolicy). */
export const OUTBOX_POLICY = Symbol('OUTBOX_POLICY');
