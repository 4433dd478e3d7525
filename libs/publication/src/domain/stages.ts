import type { StageDates } from './entry-content.js';
import type { PublicStage } from './vocabulary.js';

/** A case event as the stage rules read it. */
export interface StageEvent {
  event: string;
  /** The UK calendar date it happened. */
  on: string;
  data?: unknown;
}

const ENDS_DISRUPTION = (data: unknown): boolean => {
  const result = (data as { result?: unknown } | null | undefined)?.result;
  return result === 'order_made' || result === 'order_refused';
};

/** Domain reference §11, from the investigation on: which events start and end each stage. */
const RULES: Record<PublicStage, { starts: string[]; ends: (event: StageEvent) => boolean }> = {
  investigation: { starts: ['open_investigation'], ends: (e) => e.event === 'issue_provisional_notice' || e.event === 'close' },
  representations: { starts: ['issue_provisional_notice'], ends: (e) => e.event === 'issue_confirmation_decision' || e.event === 'close' },
  compliance: { starts: ['issue_confirmation_decision'], ends: (e) => ['confirm_compliance', 'record_non_compliance', 'close'].includes(e.event) },
  disruption: { starts: ['apply_for_business_disruption'], ends: (e) => (e.event === 'record_court_order' && ENDS_DISRUPTION(e.data)) || e.event === 'close' },
};

/** The stages the events went through, in order of start; a stage started again (after reopening) appears again. */
export function stagesOf(events: readonly StageEvent[]): StageDates[] {
  return events.reduce<StageDates[]>((stages, event) => advanceStages(stages, event), []);
}

/** The stages after one more event: running stages it ends get their end date, stages it starts are added. */
export function advanceStages(stages: readonly StageDates[], event: StageEvent): StageDates[] {
  const next = stages.map((s) => ({ ...s }));
  for (const [stage, rule] of Object.entries(RULES) as [PublicStage, (typeof RULES)[PublicStage]][]) {
    const running = next.find((s) => s.stage === stage && s.endedOn === null);
    if (running && rule.ends(event)) running.endedOn = event.on;
    const stillRunning = next.some((s) => s.stage === stage && s.endedOn === null);
    if (!stillRunning && rule.starts.includes(event.event)) next.push({ stage, startedOn: event.on, endedOn: null });
  }
  return next;
}
