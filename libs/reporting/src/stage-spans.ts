import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { STAGE_DEFINITIONS, type StageName } from './stages.js';

/** The case stages (all but super_complaint, which the report reads from the super-complaints' own audit events). */
const CASE_STAGES = STAGE_DEFINITIONS.filter((d) => d.stage !== 'super_complaint');

/** A court order ends the disruption stage only when the court made or refused it (a variation does not). */
const ORDER_DECIDED = ['order_made', 'order_refused'];

export function stagesStartedBy(event: string): StageName[] {
  return CASE_STAGES.filter((d) => d.startsWith.includes(event)).map((d) => d.stage);
}

export function stagesEndedBy(event: string, data: Readonly<Record<string, unknown>>): StageName[] {
  return CASE_STAGES.filter((d) => d.endsWith.includes(event))
    .filter((d) => !(d.stage === 'disruption' && event === 'record_court_order' && !ORDER_DECIDED.includes(String(data.result))))
    .map((d) => d.stage);
}

/**
 * The case's audit event just appended for `event` (the newest of that name on the case's chain): the
 * spans take its occurred_at, recorded_at and sequence number, so they agree exactly with the trail.
 */
const EVENT = `
  ev AS (
    SELECT e.seq, e.occurred_at, e.recorded_at, e.data FROM audit_events e
    WHERE e.chain_id = 'case:' || $1 AND e.event = $2
    ORDER BY e.chain_seq DESC LIMIT 1
  )`;

/** Ends every open span of the case that this event ends; the end of end_to_end carries the outcome. */
const END = `
  ended AS (
    UPDATE case_stage_spans s SET ended_at = ev.occurred_at, ended_on = (ev.occurred_at AT TIME ZONE 'Europe/London')::date,
      end_recorded_at = ev.recorded_at, end_seq = ev.seq,
      end_outcome = CASE WHEN s.stage = 'end_to_end' THEN coalesce(ev.data->'data'->>'outcome', 'complied') END
    FROM ev WHERE s.case_id = $1::uuid AND s.stage = ANY($3::text[]) AND s.ended_at IS NULL
    RETURNING s.stage
  )`;

const COLUMNS = `case_id, stage, started_at, started_on, start_recorded_at, start_seq, opened_at, jurisdiction, harm_categories, service_id, matter_ids`;

/**
 * Keeps case_stage_spans (one row per case and stage: the first episode) in step with the audit trail,
 * inside the transaction of each case event. See docs/decisions.md "Reporting reads a projection of the
 * audit trail": this is that projection, maintained instead of recomputed per report.
 */
@Injectable()
export class StageSpans {
  /** A case was opened: its assessment and end-to-end stages start, with the grouping attributes of its create event. */
  async caseCreated(manager: EntityManager, caseId: string): Promise<void> {
    const started = stagesStartedBy('create');
    await manager.query(
      `WITH ${EVENT}
       INSERT INTO case_stage_spans (${COLUMNS})
       SELECT $1::uuid, st, ev.occurred_at, (ev.occurred_at AT TIME ZONE 'Europe/London')::date, ev.recorded_at, ev.seq, ev.occurred_at,
         coalesce(ev.data->>'jurisdiction', 'england-and-wales'),
         ARRAY(SELECT jsonb_array_elements_text(coalesce(ev.data->'harmCategories', '[]'::jsonb))),
         ev.data->>'serviceId',
         ARRAY(SELECT jsonb_array_elements_text(coalesce(ev.data->'matterIds', '[]'::jsonb)))::uuid[]
       FROM ev CROSS JOIN unnest($3::text[]) st
       ON CONFLICT (case_id, stage) DO NOTHING`,
      [caseId, 'create', started],
    );
  }

  /** An event fired on a case: open spans it ends are closed, stages it starts begin (first episode only). */
  async caseEvent(manager: EntityManager, caseId: string, event: string, data: Readonly<Record<string, unknown>>): Promise<void> {
    const ended = stagesEndedBy(event, data);
    const started = stagesStartedBy(event);
    if (ended.length === 0 && started.length === 0) return;
    await manager.query(
      `WITH ${EVENT}, ${END}
       INSERT INTO case_stage_spans (${COLUMNS})
       SELECT $1::uuid, st, ev.occurred_at, (ev.occurred_at AT TIME ZONE 'Europe/London')::date, ev.recorded_at, ev.seq,
         c.opened_at, c.jurisdiction, c.harm_categories, c.service_id, c.matter_ids
       FROM ev CROSS JOIN unnest($4::text[]) st
       JOIN case_stage_spans c ON c.case_id = $1::uuid AND c.stage = 'end_to_end'
       ON CONFLICT (case_id, stage) DO NOTHING`,
      [caseId, event, ended, started],
    );
  }
}
