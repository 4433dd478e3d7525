import type { Principal, Role } from '@app/core';
import type { Deadline } from '@app/deadlines';
import { latestDeadline } from '../domain/guards.js';
import type { TransitionPlan } from '../domain/model.js';
import type { CaseDocumentTemplate } from '../domain/vocabulary.js';
import type { CaseRecord } from '../persistence/case.repository.js';
import { CaseDeadlines } from './case-deadlines.js';
import type { ServiceParticulars } from './case-services.js';

/** The team that signs the regulator's enforcement letters. */
export const SIGNATORY_TEAM = 'Online Safety Enforcement';

const ROLE_TITLES: Partial<Record<Role, string>> = { decision_maker: 'Decision maker', case_officer: 'Case officer', admin: 'Administrator' };

export interface LetterContext {
  record: CaseRecord;
  plan: TransitionPlan;
  data: Readonly<Record<string, unknown>>;
  principal: Principal;
  /** The deadlines the event started, and the case's deadlines before it. */
  started: Deadline[];
  before: Deadline[];
  issuedOn: string;
  /** The service and its provider, from the registry. */
  service: ServiceParticulars | null;
}

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const dated = (deadline: Deadline | undefined): Json | undefined => (deadline ? { dueOn: deadline.dueOn, explanation: deadline.explanation } : undefined);

function signatoryOf(principal: Principal): Json {
  const role = principal.roles.map((r) => ROLE_TITLES[r]).find(Boolean);
  return { name: principal.name, role, team: SIGNATORY_TEAM, contactEmail: principal.email };
}

/**
 * The data of the letter an event issues: the drafter's content (data.letter) with the facts the
 * case owns written over it: references, dates, the service, and every deadline as the deadlines
 * context worked it out, so a letter can never state a date the system does not hold.
 */
export function composeLetter(template: CaseDocumentTemplate, ctx: LetterContext): Json {
  const { record, data, started } = ctx;
  const content = asObject(data.letter);
  const startedOf = (kind: string): Deadline | undefined => started.find((d) => d.kind === kind);
  const service = ctx.service;
  const common: Json = {
    caseReference: record.reference,
    issuedOn: ctx.issuedOn,
    recipient: { ...(service?.providerName ? { organisationName: service.providerName } : {}), ...asObject(content.recipient) },
    service: { ...(service ? { name: service.name } : {}), ...(service?.url ? { url: service.url } : {}), ...asObject(content.service) },
    signatory: content.signatory ?? signatoryOf(ctx.principal),
  };
  switch (template) {
    case 'information_notice':
      return { ...content, ...common, requiresSteps: data.requiresSteps === true, deadline: dated(startedOf('information_notice_response')) };
    case 'warning_letter':
      return { ...content, ...common, deadline: dated(startedOf('reminder')) };
    case 'provisional_notice': {
      const period = startedOf('representations');
      return { ...content, ...common, representations: period && { ...dated(period), period: `${period.amount} working days` } };
    }
    case 'confirmation_decision': {
      const notice = latestDeadline(CaseDeadlines.views(ctx.before), 'representations');
      const compliance = startedOf('compliance');
      const payment = startedOf('penalty_payment');
      return {
        ...content,
        ...common,
        provisionalNoticeIssuedOn: notice?.startsOn,
        representations: { ...asObject(content.representations), received: record.representationsReceivedAt !== null },
        requirements: compliance ? [{ step: data.stepsRequired, complyBy: dated(compliance) }] : [],
        penalty: payment ? { ...asObject(content.penalty), amountPence: data.penaltyPence, paymentDueBy: dated(payment) } : undefined,
      };
    }
    case 'closure_letter':
      return { ...content, ...common, outcome: record.outcome, closedOn: ctx.issuedOn, summary: data.summary, published: record.publishedAt !== null };
  }
}
