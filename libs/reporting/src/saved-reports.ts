import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog, actorOf } from '@app/audit';
import { Clock, DomainError, type Principal } from '@app/core';
import type { GroupBy } from './timeline-read-model.js';
import type { TimelineReport } from './timeline-report.js';
import { TimelineReports, type TimelineRequest } from './timeline-reports.js';

/** The parameters a saved report keeps: always with its asOf, so a re-run reproduces the same figures. */
export interface SavedReportParameters {
  asOf: string;
  from: string | null;
  to: string | null;
  groupBy: GroupBy | null;
  harmCategories: string[];
  serviceIds: string[];
}

export interface SavedReport {
  id: string;
  name: string;
  report: 'enforcement_timelines';
  parameters: SavedReportParameters;
  /** The report's snapshot hash when it was saved. */
  snapshotHash: string;
  createdBy: string;
  createdAt: string;
}

export interface SavedReportRun {
  savedReport: SavedReport;
  report: TimelineReport;
  /** The re-run gave the figures it gave when saved (same snapshot hash). */
  sameAsSaved: boolean;
}

interface SavedReportRow {
  id: string;
  name: string;
  report: 'enforcement_timelines';
  parameters: SavedReportParameters;
  snapshot_hash: string;
  created_by: string;
  created_at: Date;
}

const toSaved = (row: SavedReportRow): SavedReport => ({
  id: row.id,
  name: row.name,
  report: row.report,
  parameters: row.parameters,
  snapshotHash: row.snapshot_hash,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

export function requestOf(parameters: SavedReportParameters): TimelineRequest {
  return {
    asOf: new Date(parameters.asOf),
    from: parameters.from ?? undefined,
    to: parameters.to ?? undefined,
    groupBy: parameters.groupBy ?? undefined,
    harmCategories: parameters.harmCategories.length ? parameters.harmCategories : undefined,
    serviceIds: parameters.serviceIds.length ? parameters.serviceIds : undefined,
  };
}

/** The most saved reports one list shows (newest first). */
export const SAVED_REPORTS_LISTED = 200;

/**
 * Analysts' saved reports (issue 8): a name and the parameters of an enforcement timelines report, pinned
 * to an asOf (now, when none is given), with the snapshot hash it gave. Re-running it gives the same
 * figures and hash, because a report as of a moment ignores whatever is recorded later.
 */
@Injectable()
export class SavedReports {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TimelineReports) private readonly reports: TimelineReports,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async save(principal: Principal, name: string, request: TimelineRequest): Promise<SavedReportRun> {
    const report = await this.reports.timelines({ ...request, asOf: request.asOf ?? this.clock.now() });
    const p = report.parameters;
    const parameters: SavedReportParameters = { asOf: p.asOf, from: p.from, to: p.to, groupBy: p.groupBy, harmCategories: p.harmCategories, serviceIds: p.serviceIds };
    const saved = await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `INSERT INTO saved_reports (name, report, parameters, snapshot_hash, created_by, created_at)
         VALUES ($1, 'enforcement_timelines', $2, $3, $4, $5) RETURNING *`,
        [name.trim(), JSON.stringify(parameters), report.snapshotHash, principal.id, this.clock.now()],
      )) as SavedReportRow[];
      await this.audit.append(manager, {
        chainId: `saved_report:${row.id}`,
        event: 'saved_report.created',
        actor: actorOf(principal),
        subjectType: 'saved_report',
        subjectId: row.id,
        data: { name: row.name, parameters, snapshotHash: report.snapshotHash },
      });
      return toSaved(row);
    });
    return { savedReport: saved, report, sameAsSaved: true };
  }

  /** Newest first. Saved reports are shared by the regulator's analysts. */
  async list(): Promise<SavedReport[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM saved_reports ORDER BY created_at DESC, id DESC LIMIT $1`, [SAVED_REPORTS_LISTED])) as SavedReportRow[];
    return rows.map(toSaved);
  }

  async get(id: string): Promise<SavedReport> {
    const [row] = (await this.dataSource.query(`SELECT * FROM saved_reports WHERE id = $1`, [id])) as SavedReportRow[];
    if (!row) throw new DomainError('SAVED_REPORT_NOT_FOUND', `There is no saved report ${id}: list saved reports at /api/v1/reports/saved.`);
    return toSaved(row);
  }

  /** Runs the saved report again with its own parameters and says whether it gives the same figures. */
  async run(id: string): Promise<SavedReportRun> {
    const savedReport = await this.get(id);
    const report = await this.reports.timelines(requestOf(savedReport.parameters));
    return { savedReport, report, sameAsSaved: report.snapshotHash === savedReport.snapshotHash };
  }
}
