import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError } from '@app/core';
import { DEFAULT_SUPPRESSION_THRESHOLD } from './suppression.js';
import { buildTimelineReport, kaplanMeierCurves, suppressMonthly, timelineParameters, type MonthlySeries, type StageCurve, type TimelineReport } from './timeline-report.js';
import { TimelineReadModel, type TimelineQuery } from './timeline-read-model.js';

export const REPORTING_SETTINGS = Symbol('REPORTING_SETTINGS');
export interface ReportingSettings {
  /** Complaint-level counts below this are suppressed. */
  suppressionThreshold: number;
}

export function reportingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ReportingSettings {
  const raw = env.REPORT_SUPPRESSION_THRESHOLD;
  const value = raw === undefined || raw === '' ? DEFAULT_SUPPRESSION_THRESHOLD : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new Error('REPORT_SUPPRESSION_THRESHOLD must be a whole number from 1 to 1000');
  return { suppressionThreshold: value };
}

export interface TimelineRequest extends Omit<TimelineQuery, 'asOf'> {
  /** Default: now. */
  asOf?: Date;
}

/** The analyst's view: the report plus the series behind its charts. */
export interface TimelineDashboard {
  report: TimelineReport;
  curves: StageCurve[];
  monthly: MonthlySeries[];
}

/** Enforcement timeline reports (issue 8): reproducible as of a moment, with honest statistics. */
@Injectable()
export class TimelineReports {
  constructor(
    @Inject(TimelineReadModel) private readonly readModel: TimelineReadModel,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(REPORTING_SETTINGS) private readonly settings: ReportingSettings,
  ) {}

  private query(request: TimelineRequest): TimelineQuery {
    const now = this.clock.now();
    const asOf = request.asOf ?? now;
    if (asOf.getTime() > now.getTime()) {
      throw new DomainError('REPORT_AS_OF_IN_FUTURE', `asOf ${asOf.toISOString()} is in the future: give a moment up to now (${now.toISOString()}), or leave it out for now.`, {
        errors: [{ field: 'asOf', message: 'must not be in the future' }],
      });
    }
    if (request.from && request.to && request.from > request.to) {
      throw new DomainError('REPORT_PERIOD_REVERSED', `The period from ${request.from} to ${request.to} ends before it starts: swap from and to.`, {
        errors: [{ field: 'to', message: 'must be on or after from' }],
      });
    }
    return { ...request, asOf };
  }

  async timelines(request: TimelineRequest): Promise<TimelineReport> {
    return (await this.compute(request)).report;
  }

  async dashboard(request: TimelineRequest): Promise<TimelineDashboard> {
    const { report, totals, query } = await this.compute(request);
    const monthly = await this.readModel.monthlyActivity(query.asOf, query.from, query.to);
    return { report, curves: kaplanMeierCurves(totals), monthly: suppressMonthly(monthly, this.settings.suppressionThreshold) };
  }

  private async compute(request: TimelineRequest) {
    const query = this.query(request);
    const totals = await this.readModel.histogram({ ...query, groupBy: undefined });
    const grouped = query.groupBy ? await this.readModel.histogram(query) : undefined;
    const report = buildTimelineReport(timelineParameters(query, this.settings.suppressionThreshold), totals, grouped);
    return { report, totals, query };
  }
}
