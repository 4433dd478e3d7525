import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, actorOf } from '@app/audit';
import { Clock, DomainError, notFound, type Principal } from '@app/core';
import { DocumentRenderer, type InformationNoticeData } from '@app/documents';
import { UkCalendar, londonDateOf } from '@app/deadlines';
import { ProviderNotices } from '@app/provider-portal';
import { ServiceRegistry } from '@app/registry';
import { BULK_ACTION_LABELS, type BulkActionKind, type BulkActionStatus, type ChaseTemplate, type NoticeTemplate } from './domain/vocabulary.js';
import { ProgrammeRepository, type ActionRow, type NewItem } from './programme.repository.js';
import { LOOKUP_CONCURRENCY, ProgrammeService } from './programme.service.js';
import { mapLimited } from './domain/programme-rules.js';

/** The smallest response period an information notice of a programme may give (s.100(3) steps need 7 days). */
export const MIN_RESPONSE_WORKING_DAYS = 7;
export const MAX_RESPONSE_WORKING_DAYS = 60;

export type BulkActionInput = ({ kind: 'information_notice'; notice: NoticeTemplate } | { kind: 'chase_overdue'; chase?: ChaseTemplate }) & {
  /** From the preview: confirming twice with the same key creates (and sends) one action. */
  confirmationKey?: string;
};

export interface RecipientPreview {
  serviceId: string;
  serviceName: string;
  providerName: string;
  /** The provider's notice contact, where the email goes. */
  recipientEmail: string | null;
  /** Why nothing is sent for this service, if so. */
  skipReason: string | null;
  /** For a chase: the due date that was missed. */
  dueOn?: string | null;
}

export interface BulkActionPreview {
  kind: BulkActionKind;
  label: string;
  /** Items that will be sent. */
  toSend: number;
  skipped: number;
  recipients: RecipientPreview[];
  /** The notice as the first recipient will receive it (information notices). */
  sample: { title: string; html: string; dueOn: string } | null;
  /** Send it back with the confirmation, so that a confirmation sent twice sends once. */
  confirmationKey: string;
}

export interface BulkActionProgress {
  id: string;
  programmeId: string;
  kind: BulkActionKind;
  label: string;
  status: BulkActionStatus;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  pending: number;
  createdAt: string;
  createdBy: string;
  completedAt: string | null;
}

/** What is stored with an information-notice action: the template and who signs the notices. */
export interface StoredNoticeTemplate extends NoticeTemplate {
  signatory: { name: string; role: string; team: string; contactEmail: string };
  /** "PRG-2026-0001/IN/3": the notice's own reference (before the provider's position). */
  documentReference: string;
}

interface PlannedItem extends NewItem {
  dueOn?: string | null;
}

const REGULATOR_CONTACT = 'enforcement@osa-enforcement.local';

/**
 * Bulk actions across a programme: a preview of who receives what, then (confirmed) an action row
 * with one item per service, which the worker sends (BulkActionProcessor).
 */
@Injectable()
export class BulkActions {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ProgrammeRepository) private readonly repo: ProgrammeRepository,
    @Inject(ProgrammeService) private readonly programmes: ProgrammeService,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(ProviderNotices) private readonly notices: ProviderNotices,
    @Inject(DocumentRenderer) private readonly renderer: DocumentRenderer,
    @Inject(UkCalendar) private readonly calendar: UkCalendar,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async preview(principal: Principal, programmeId: string, input: BulkActionInput): Promise<BulkActionPreview> {
    const programme = await this.programmes.requireRow(programmeId);
    this.programmes.requireOpen(programme);
    const planned = await this.plan(programmeId, input);
    const recipients = planned.map((p) => ({
      serviceId: p.service_id,
      serviceName: p.service_name,
      providerName: p.provider_name,
      recipientEmail: p.recipient_email,
      skipReason: p.skip_reason,
      ...(input.kind === 'chase_overdue' ? { dueOn: p.dueOn ?? null } : {}),
    }));
    const first = planned.find((p) => p.status === 'pending');
    let sample: BulkActionPreview['sample'] = null;
    if (input.kind === 'information_notice' && first) {
      const template = this.storedTemplate(principal, programme.reference, input.notice, 'preview');
      const today = londonDateOf(this.clock.now());
      const period = this.calendar.addPeriod({ from: today, amount: template.responseWorkingDays, unit: 'working_days', jurisdiction: 'england-and-wales' });
      const rendered = this.renderer.render('information_notice', noticeData(template, programme.reference, first, today, { dueOn: period.date, explanation: period.lines.map((l) => l.text) }));
      sample = { title: template.title, html: rendered.html, dueOn: period.date };
    }
    return {
      kind: input.kind,
      label: BULK_ACTION_LABELS[input.kind],
      toSend: planned.filter((p) => p.status === 'pending').length,
      skipped: planned.filter((p) => p.status === 'skipped').length,
      recipients,
      sample,
      confirmationKey: randomUUID(),
    };
  }

  /** Confirms an action: stores it with one item per service; the worker sends them. */
  async create(principal: Principal, programmeId: string, input: BulkActionInput): Promise<BulkActionProgress> {
    const programme = await this.programmes.requireRow(programmeId);
    const repeated = input.confirmationKey ? await this.repeatedConfirmation(programmeId, input.confirmationKey) : null;
    if (repeated) return repeated;
    this.programmes.requireOpen(programme);
    const planned = await this.plan(programmeId, input);
    if (!planned.some((p) => p.status === 'pending')) {
      throw new DomainError(
        'PROGRAMME_NOTHING_TO_SEND',
        input.kind === 'chase_overdue'
          ? 'No provider in the programme has an overdue, unanswered notice: there is nobody to chase.'
          : 'No service in the programme can receive a notice: add services whose providers have a portal organisation.',
      );
    }
    const actor = actorOf(principal);
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      // One confirmation at a time per programme: numbering, and a repeated confirmation key, are decided under this lock.
      const locked = await this.programmes.requireRow(programmeId, tx, true);
      if (input.confirmationKey && (await this.repo.actionByConfirmationKey(tx, input.confirmationKey))) {
        return (await this.repeatedConfirmation(programmeId, input.confirmationKey, tx)) as BulkActionProgress;
      }
      // Closed meanwhile: decided under the lock that closing takes too.
      this.programmes.requireOpen(locked);
      const count = (await this.repo.countActions(tx, programmeId, input.kind)) + 1;
      const template: Record<string, unknown> =
        input.kind === 'information_notice'
          ? { ...this.storedTemplate(principal, programme.reference, input.notice, String(count)) }
          : { message: input.chase?.message?.trim() || null };
      const action = await this.repo.insertAction(
        tx,
        { programme_id: programmeId, kind: input.kind, template, status: 'queued', total: planned.length, confirmation_key: input.confirmationKey ?? null, created_by: principal.id, created_by_label: actor.label, created_at: now },
        planned.map(({ dueOn: _dueOn, ...item }) => item),
      );
      await this.audit.append(tx, {
        chainId: `programme:${programmeId}`,
        event: 'programme_bulk_action_confirmed',
        actor,
        subjectType: 'programme',
        subjectId: programmeId,
        data: { actionId: action.id, kind: input.kind, total: planned.length, toSend: planned.filter((p) => p.status === 'pending').length },
      });
      return progressView(action, { total: planned.length, done: 0, failed: 0, skipped: planned.filter((p) => p.status === 'skipped').length, pending: planned.filter((p) => p.status === 'pending').length });
    });
  }

  /** The action a confirmation key already created, as its progress; NOT_FOUND when it belongs to another programme. */
  private async repeatedConfirmation(programmeId: string, key: string, manager?: EntityManager): Promise<BulkActionProgress | null> {
    const action = await this.repo.actionByConfirmationKey(manager ?? this.dataSource.manager, key);
    if (!action) return null;
    if (action.programme_id !== programmeId) {
      throw new DomainError('CONFLICT', 'This confirmation was already used for another programme. Preview the action again and confirm that.', {
        errors: [{ field: 'confirmationKey', message: 'already used' }],
      });
    }
    const counts = (await this.repo.progress([action.id], manager)).get(action.id) ?? { total: 0, done: 0, failed: 0, skipped: 0, pending: 0 };
    return progressView(action, counts);
  }

  async progress(programmeId: string, actionId: string): Promise<BulkActionProgress> {
    const action = await this.repo.action(programmeId, actionId);
    if (!action) throw notFound('The bulk action');
    const counts = (await this.repo.progress([action.id])).get(action.id) ?? { total: 0, done: 0, failed: 0, skipped: 0, pending: 0 };
    return progressView(action, counts);
  }

  async list(programmeId: string): Promise<BulkActionProgress[]> {
    await this.programmes.requireRow(programmeId);
    const actions = await this.repo.actions(programmeId);
    const counts = await this.repo.progress(actions.map((a) => a.id));
    return actions.map((a) => progressView(a, counts.get(a.id) ?? { total: 0, done: 0, failed: 0, skipped: 0, pending: 0 }));
  }

  async items(programmeId: string, actionId: string): Promise<{ serviceId: string; serviceName: string; providerName: string; status: string; skipReason: string | null; error: string | null; noticeId: string | null; dueOn: string | null }[]> {
    const action = await this.repo.action(programmeId, actionId);
    if (!action) throw notFound('The bulk action');
    return (await this.repo.items(actionId)).map((i) => ({
      serviceId: i.service_id,
      serviceName: i.service_name,
      providerName: i.provider_name,
      status: i.status,
      skipReason: i.skip_reason,
      error: i.status === 'failed' ? i.last_error : null,
      noticeId: i.notice_id,
      dueOn: i.due_on,
    }));
  }

  private storedTemplate(principal: Principal, reference: string, notice: NoticeTemplate, number: string): StoredNoticeTemplate {
    if (!(notice.responseWorkingDays >= MIN_RESPONSE_WORKING_DAYS && notice.responseWorkingDays <= MAX_RESPONSE_WORKING_DAYS)) {
      throw new DomainError('VALIDATION_FAILED', `notice.responseWorkingDays: give from ${MIN_RESPONSE_WORKING_DAYS} to ${MAX_RESPONSE_WORKING_DAYS} working days to respond.`, {
        errors: [{ field: 'notice.responseWorkingDays', message: `must be from ${MIN_RESPONSE_WORKING_DAYS} to ${MAX_RESPONSE_WORKING_DAYS}` }],
      });
    }
    return {
      title: notice.title.trim(),
      requirements: notice.requirements.map((r) => ({ item: r.item.trim(), ...(r.detail?.trim() ? { detail: r.detail.trim() } : {}) })),
      reasons: notice.reasons.map((r) => r.trim()).filter((r) => r !== ''),
      ...(notice.provisions?.length ? { provisions: notice.provisions } : {}),
      responseForm: notice.responseForm.trim(),
      responseWorkingDays: notice.responseWorkingDays,
      signatory: { name: principal.name ?? principal.email ?? 'Enforcement team', role: 'Case officer', team: 'Online Safety Enforcement', contactEmail: principal.email ?? REGULATOR_CONTACT },
      documentReference: `${reference}/IN/${number}`,
    };
  }

  /** Who receives the action: every service of the programme (notices) or every overdue notice (chase). */
  private async plan(programmeId: string, input: BulkActionInput): Promise<PlannedItem[]> {
    const services = await this.repo.services(programmeId);
    if (input.kind === 'information_notice') {
      const providers = new Map<string, ReturnType<ServiceRegistry['getProvider']>>();
      return mapLimited(services, LOOKUP_CONCURRENCY, async (s): Promise<PlannedItem> => {
        const service = await this.registry.getService(s.service_id);
        const providerId = service?.providerId ?? null;
        if (providerId && !providers.has(providerId)) providers.set(providerId, this.registry.getProvider(providerId));
        const provider = providerId ? ((await providers.get(providerId)) ?? null) : null;
        const primary = service?.domains.find((d) => d.relation === 'primary')?.domain ?? service?.domains[0]?.domain ?? null;
        const email = provider?.noticeContact && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(provider.noticeContact) ? provider.noticeContact : null;
        let skip: string | null = null;
        if (s.status === 'closed' || s.status === 'referred_to_investigation') skip = `the service is ${s.status === 'closed' ? 'closed' : 'referred to investigation'} in this programme`;
        else if (!provider) skip = 'no provider is recorded for the service';
        else if (!provider.organisationId) skip = 'the provider has no organisation in the provider portal';
        return {
          service_id: s.service_id,
          organisation_id: provider?.organisationId ?? null,
          provider_name: provider?.name ?? '(no provider recorded)',
          service_name: service?.name ?? s.service_id,
          service_url: primary ? `https://${primary}` : null,
          recipient_email: email,
          chases_item_id: null,
          status: skip ? 'skipped' : 'pending',
          skip_reason: skip,
        };
      });
    }
    // Chase: the latest notice per service that is past its due date with no answer.
    const today = londonDateOf(this.clock.now());
    const answered = new Map((await this.notices.forSource('programme', programmeId)).map((n) => [n.id, n]));
    const latest = new Map<string, Awaited<ReturnType<ProgrammeRepository['sentNoticeItems']>>[number]>();
    for (const item of await this.repo.sentNoticeItems(programmeId)) if (!latest.has(item.service_id)) latest.set(item.service_id, item);
    const status = new Map(services.map((s) => [s.service_id, s.status]));
    const out: PlannedItem[] = [];
    for (const item of latest.values()) {
      const notice = item.notice_id ? answered.get(item.notice_id) : undefined;
      const dueOn = notice?.dueOn ?? item.due_on;
      if (!notice || notice.respondedAt || dueOn === null || dueOn >= today) continue;
      const current = status.get(item.service_id);
      const skip = !item.recipient_email ? 'the provider has no notice contact email' : current === 'closed' ? 'the service is closed in this programme' : null;
      out.push({
        service_id: item.service_id,
        organisation_id: item.organisation_id,
        provider_name: item.provider_name,
        service_name: item.service_name,
        service_url: item.service_url,
        recipient_email: item.recipient_email,
        chases_item_id: item.id,
        status: skip ? 'skipped' : 'pending',
        skip_reason: skip,
        dueOn,
      });
    }
    return out.sort((a, b) => a.provider_name.localeCompare(b.provider_name));
  }
}

export function progressView(action: ActionRow, counts: { total: number; done: number; failed: number; skipped: number; pending: number }): BulkActionProgress {
  return {
    id: action.id,
    programmeId: action.programme_id,
    kind: action.kind,
    label: BULK_ACTION_LABELS[action.kind],
    status: counts.pending === 0 ? 'completed' : action.status,
    total: counts.total,
    done: counts.done,
    failed: counts.failed,
    skipped: counts.skipped,
    pending: counts.pending,
    createdAt: action.created_at.toISOString(),
    createdBy: action.created_by_label,
    completedAt: action.completed_at?.toISOString() ?? null,
  };
}

/** The information notice for one provider, from the action's template. */
export function noticeData(
  template: StoredNoticeTemplate,
  programmeReference: string,
  item: { provider_name: string; service_name: string; service_url: string | null },
  issuedOn: string,
  deadline: { dueOn: string; explanation: string[] },
): InformationNoticeData {
  return {
    caseReference: programmeReference,
    documentReference: template.documentReference,
    issuedOn,
    recipient: { organisationName: item.provider_name },
    service: { name: item.service_name, ...(item.service_url ? { url: item.service_url } : {}) },
    signatory: template.signatory,
    requirements: template.requirements,
    reasons: template.reasons,
    ...(template.provisions?.length ? { provisions: template.provisions } : {}),
    responseForm: template.responseForm,
    deadline,
  };
}
