import type { AuditEntry } from './audit-log.js';

/**
 * Audit events collected during one unit of work, to be appended together with
 * `AuditLog.appendAll(manager, batch.take())` before its transaction commits. A command handed a
 * batch records into it instead of appending at once; the owner of the batch must append it in the
 * same transaction, or the events are lost with the batch.
 */
export class AuditBatch {
  private entries: AuditEntry[] = [];

  add(entry: AuditEntry): void {
    this.entries.push(entry);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The events collected so far, in order, leaving the batch empty. */
  take(): AuditEntry[] {
    const taken = this.entries;
    this.entries = [];
    return taken;
  }
}
