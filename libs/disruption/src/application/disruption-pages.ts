import { Inject, Injectable } from '@nestjs/common';
import { CaseHistory, GetCase } from '@app/cases';
import { DomainError, hasRole, type Principal } from '@app/core';
import { DocumentStore } from '@app/documents';
import { DOMAIN_RELATIONS, ServiceRegistry, type DomainRelation } from '@app/registry';
import { errorSummary, listField, looksLikeEmail, textField, type FieldErrors, type FormBody, type PageDone, type PageResult } from '@app/web';
import { GROUND_WORDING, assessGrounds } from '../domain/statutory-test.js';
import {
  APPLICABLE_CASE_STATES,
  COURT_EVENT_KINDS,
  COURT_EVENT_LABELS,
  GROUNDS,
  ORDER_KINDS,
  ORDER_LABELS,
  STATUS_LABELS,
  THIRD_PARTY_KINDS,
  THIRD_PARTY_LABELS,
  VARIATION_STATUS_LABELS,
  type CourtEventKind,
  type Ground,
  type OrderKind,
  type ThirdPartyKind,
} from '../domain/vocabulary.js';
import { DisruptionApplications, type ApplicationView, type GroundInput, type ThirdPartyInput } from './disruption-applications.js';

/** How many third-party rows the form offers. */
const THIRD_PARTY_ROWS = 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const GROUND_HINTS: Record<Ground, string> = {
  continuing_failure: 'Always required.',
  steps_not_taken: 'One of the four grounds under s.144(4) is required.',
  penalty_unpaid: 'One of the four grounds under s.144(4) is required.',
  likely_non_compliance: 'One of the four grounds under s.144(4) is required.',
  harm_risk_without_notice: 'One of the four grounds under s.144(4) is required.',
  service_restriction_insufficient: 'Required for an access restriction order (s.146), and only for it.',
};

/** The anchor on the form of a field the service names in its errors. */
function formFieldOf(field: string): string {
  const party = /^thirdParties\[(\d+)\]\.(\w+)/.exec(field);
  if (party) return `tp${Number(party[1]) + 1}_${party[2] === 'contactEmail' ? 'email' : party[2] === 'facilityEvidence' ? 'evidence' : party[2]}`;
  if (field === 'thirdParties') return 'tp1_kind';
  if (field.startsWith('domains')) return 'domains';
  const ground = /^grounds\[(\d+)\]/.exec(field);
  if (ground || field === 'grounds') return 'grounds';
  return field || 'kind';
}

/** Errors of the service, shaped for the form: field anchor → message. */
function formErrors(error: DomainError): FieldErrors {
  const errors: FieldErrors = {};
  for (const e of error.extras.errors ?? []) {
    const id = formFieldOf(e.field);
    errors[id] = errors[id] ? `${errors[id]} ${e.message}` : e.message;
  }
  if (Object.keys(errors).length === 0) errors.kind = error.detail;
  return errors;
}

/** Evidence written one per line: a web address, a document id, or the number of an event in the case's timeline. */
function parseEvidence(text: string): GroundInput['evidence'] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((line) => {
      if (/^\d+$/.test(line)) return { kind: 'audit_event' as const, ref: line };
      if (UUID.test(line)) return { kind: 'document' as const, ref: line };
      return { kind: 'url' as const, ref: line };
    });
}

/** The business disruption pages: the application form from a case, the application, its bundle. */
@Injectable()
export class DisruptionPages {
  constructor(
    @Inject(DisruptionApplications) private readonly applications: DisruptionApplications,
    @Inject(GetCase) private readonly getCase: GetCase,
    @Inject(CaseHistory) private readonly history: CaseHistory,
    @Inject(DocumentStore) private readonly documents: DocumentStore,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
  ) {}

  async listPage(query: FormBody): Promise<PageResult> {
    const status = textField(query, 'status');
    const chosen = (Object.keys(STATUS_LABELS) as (keyof typeof STATUS_LABELS)[]).find((k) => k === status);
    const page = await this.applications.list({ status: chosen, limit: 100, cursor: textField(query, 'cursor') || undefined });
    return {
      template: 'pages/disruption/index',
      status: 200,
      data: {
        title: 'Business disruption applications',
        statuses: [{ value: '', text: 'Any status', selected: !chosen }, ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, text: label.text, selected: value === chosen }))],
        items: page.items.map((a) => ({ ...a, statusTag: STATUS_LABELS[a.status], href: `/disruption-applications/${a.id}`, caseHref: `/cases/${a.caseId}` })),
        nextHref: page.nextCursor ? `/disruption-applications?${new URLSearchParams({ ...(chosen ? { status: chosen } : {}), cursor: page.nextCursor }).toString()}` : null,
      },
    };
  }

  async caseApplications(caseId: string, principal: Principal): Promise<PageResult> {
    const caseView = await this.getCase.execute(caseId);
    const items = await this.applications.listForCase(principal, caseId);
    return {
      template: 'pages/disruption/case-applications',
      status: 200,
      data: {
        title: `Business disruption applications: ${caseView.reference}`,
        backLink: { href: `/cases/${caseId}`, text: 'Back to the case' },
        caseView,
        canDraft: hasRole(principal, 'case_officer', 'decision_maker') && (APPLICABLE_CASE_STATES as readonly string[]).includes(caseView.state),
        applicable: (APPLICABLE_CASE_STATES as readonly string[]).includes(caseView.state),
        items: items.map((a) => ({ ...this.summary(a), href: `/disruption-applications/${a.id}` })),
      },
    };
  }

  async newForm(caseId: string, principal: Principal, body?: FormBody, errors: FieldErrors = {}, status = 200): Promise<PageResult> {
    const caseView = await this.getCase.execute(caseId);
    const service = await this.registry.requireService(caseView.serviceId);
    const [documents, events] = await Promise.all([this.documents.listForCase(caseId), this.history.events(caseId)]);
    const submitted = body !== undefined;
    const kind = textField(body, 'kind');
    const chosenGrounds = listField(body, 'grounds');
    const chosenDomains = submitted ? listField(body, 'domains') : service.domains.map((d) => d.domain);
    const applying = hasRole(principal, 'decision_maker');
    return {
      template: 'pages/disruption/new',
      status,
      data: {
        title: 'Apply for a business disruption order',
        backLink: { href: `/cases/${caseId}/disruption-applications`, text: 'Back to the applications' },
        errorList: errorSummary(errors),
        errors,
        caseView,
        service,
        action: `/cases/${caseId}/disruption-applications/new`,
        submitText: applying ? 'Make the application' : 'Save as a draft',
        applying,
        kinds: ORDER_KINDS.map((k) => ({ value: k, text: `${ORDER_LABELS[k].full} (${ORDER_LABELS[k].section}; interim ${ORDER_LABELS[k].interimSection})`, checked: kind === k })),
        interim: [{ value: 'yes', text: 'Apply for an interim order', checked: textField(body, 'interim') === 'yes' }],
        grounds: GROUNDS.map((g) => ({
          ground: g,
          id: `ground-${g}`,
          label: `${GROUND_WORDING[g].label} (${GROUND_WORDING[g].section})`,
          hint: GROUND_HINTS[g],
          checked: chosenGrounds.includes(g),
          statement: textField(body, `statement_${g}`),
          evidence: textField(body, `evidence_${g}`, { trim: false }),
          statementError: errors[`statement_${g}`],
        })),
        thirdParties: Array.from({ length: THIRD_PARTY_ROWS }, (_, i) => {
          const n = i + 1;
          const chosen = textField(body, `tp${n}_kind`);
          return {
            n,
            ids: { kind: `tp${n}_kind`, name: `tp${n}_name`, email: `tp${n}_email`, evidence: `tp${n}_evidence` },
            kinds: [{ value: '', text: 'Choose a kind', selected: chosen === '' }, ...THIRD_PARTY_KINDS.map((k) => ({ value: k, text: THIRD_PARTY_LABELS[k], selected: chosen === k }))],
            name: textField(body, `tp${n}_name`),
            email: textField(body, `tp${n}_email`),
            evidence: textField(body, `tp${n}_evidence`),
            errors: { kind: errors[`tp${n}_kind`], name: errors[`tp${n}_name`], email: errors[`tp${n}_email`] },
          };
        }),
        domains: service.domains.map((d) => ({ value: d.domain, text: `${d.domain} (${d.relation})`, checked: chosenDomains.includes(d.domain) })),
        apps: service.appIds,
        documents: documents.map((d) => ({ id: d.id, title: d.title, issuedAt: d.issuedAt })),
        events: events
          .filter((e) => e.subjectType === 'case')
          .map((e) => ({ seq: e.seq, label: e.event.replace(/_/g, ' '), occurredAt: e.occurredAt })),
        reason: textField(body, 'reason'),
      },
    };
  }

  async create(caseId: string, body: FormBody, principal: Principal): Promise<PageDone | PageResult> {
    const errors: FieldErrors = {};
    const kind = textField(body, 'kind') as OrderKind;
    if (!(ORDER_KINDS as readonly string[]).includes(kind)) errors.kind = 'Choose the order to apply for';
    const grounds: GroundInput[] = [];
    for (const ground of listField(body, 'grounds')) {
      if (!(GROUNDS as readonly string[]).includes(ground)) continue;
      const statement = textField(body, `statement_${ground}`, { maxLength: 4000 });
      if (statement === '') errors[`statement_${ground}`] = `Explain the ground "${GROUND_WORDING[ground as Ground].label}"`;
      grounds.push({ ground: ground as Ground, statement, evidence: parseEvidence(textField(body, `evidence_${ground}`, { maxLength: 20_000 })) });
    }
    const thirdParties: ThirdPartyInput[] = [];
    for (let n = 1; n <= THIRD_PARTY_ROWS; n += 1) {
      const partyKind = textField(body, `tp${n}_kind`);
      const name = textField(body, `tp${n}_name`, { maxLength: 200 });
      const email = textField(body, `tp${n}_email`, { maxLength: 254 });
      const evidence = textField(body, `tp${n}_evidence`, { maxLength: 2000 });
      if (partyKind === '' && name === '' && email === '' && evidence === '') continue;
      if (!(THIRD_PARTY_KINDS as readonly string[]).includes(partyKind)) errors[`tp${n}_kind`] = `Choose what kind of third party ${name || `number ${n}`} is`;
      if (name === '') errors[`tp${n}_name`] = `Enter the name of third party ${n}`;
      if (!looksLikeEmail(email)) errors[`tp${n}_email`] = `Enter the contact email of third party ${n}, like legal@payments.example`;
      thirdParties.push({ kind: partyKind as ThirdPartyKind, name, contactEmail: email, facilityEvidence: evidence || null });
    }
    const domains = listField(body, 'domains');
    if (domains.length === 0) errors.domains = 'Choose at least one domain the order should cover';
    if (Object.keys(errors).length > 0) return this.newForm(caseId, principal, body, errors, 422);
    try {
      const created = await this.applications.create(principal, caseId, {
        kind,
        interim: textField(body, 'interim') === 'yes',
        thirdParties,
        domains,
        includeLinkedDomains: false,
        grounds,
        reason: textField(body, 'reason', { maxLength: 2000 }) || null,
      });
      return {
        redirect: `/disruption-applications/${created.id}`,
        flash: { heading: created.status === 'draft' ? `Application ${created.reference} saved as a draft` : `Application ${created.reference} made` },
      };
    } catch (error) {
      if (error instanceof DomainError && error.status === 422) return this.newForm(caseId, principal, body, formErrors(error), 422);
      throw error;
    }
  }

  async applicationPage(id: string, principal: Principal, errors: FieldErrors = {}, values: Record<string, string> = {}, status = 200): Promise<PageResult> {
    const a = await this.applications.get(principal, id);
    const canAct = hasRole(principal, 'case_officer', 'decision_maker');
    return {
      template: 'pages/disruption/show',
      status,
      data: {
        title: `${a.orderLabel}: ${a.reference}`,
        backLink: { href: `/cases/${a.caseId}`, text: `Back to case ${a.caseReference}` },
        errorList: errorSummary(errors),
        errors,
        a: this.summary(a),
        checklist: a.statutoryTest.checklist
          .filter((c) => c.requirement !== 'not_applicable')
          .map((c) => ({ ...c, statement: a.grounds.find((g) => g.ground === c.ground)?.statement ?? null, evidence: a.grounds.find((g) => g.ground === c.ground)?.evidence ?? [] })),
        missing: a.statutoryTest.missing,
        thirdParties: a.thirdParties.map((p) => ({ ...p, kindLabel: THIRD_PARTY_LABELS[p.kind] })),
        domains: a.domains.map((d) => ({ ...d, sourceLabel: d.source === 'application' ? 'In the application' : d.source === 'variation' ? 'Added by variation' : 'Added from the registry' })),
        apps: a.apps,
        courtEvents: a.courtEvents.map((e) => ({ ...e, label: COURT_EVENT_LABELS[e.kind] })),
        variations: a.variations.map((v) => ({
          ...v,
          status: VARIATION_STATUS_LABELS[v.status],
          canFile: canAct && v.status === 'draft',
          fileAction: `/disruption-applications/${a.id}/variations/${v.id}/file`,
        })),
        bundleHref: `/disruption-applications/${a.id}/bundle`,
        canApply: a.status === 'draft' && hasRole(principal, 'decision_maker'),
        applyAction: `/disruption-applications/${a.id}/apply`,
        courtForm:
          canAct && a.status !== 'draft'
            ? {
                action: `/disruption-applications/${a.id}/court-events`,
                kinds: COURT_EVENT_KINDS.map((k) => ({ value: k, text: COURT_EVENT_LABELS[k], checked: values.kind === k })),
                values,
              }
            : null,
        domainForm:
          canAct && a.status !== 'order_refused'
            ? {
                action: `/disruption-applications/${a.id}/domains`,
                relations: DOMAIN_RELATIONS.filter((r) => r !== 'primary').map((r) => ({ value: r, text: r === 'mirror' ? 'Mirror (the same content at another address)' : 'Successor (the service moved there)', checked: values.relation === r })),
                values,
              }
            : null,
      },
    };
  }

  async apply(id: string, principal: Principal): Promise<PageDone | PageResult> {
    try {
      const a = await this.applications.apply(principal, id);
      return { redirect: `/disruption-applications/${id}`, flash: { heading: `Application ${a.reference} made` } };
    } catch (error) {
      if (error instanceof DomainError && error.status >= 400 && error.status < 500 && error.status !== 404) return this.applicationPage(id, principal, { apply: error.detail }, {}, error.status);
      throw error;
    }
  }

  async courtEvent(id: string, body: FormBody, principal: Principal): Promise<PageDone | PageResult> {
    const values = { kind: textField(body, 'kind'), on: textField(body, 'on'), hearingOn: textField(body, 'hearingOn'), terms: textField(body, 'terms', { maxLength: 8000 }) };
    const errors: FieldErrors = {};
    if (!(COURT_EVENT_KINDS as readonly string[]).includes(values.kind)) errors.kind = 'Choose what happened in court';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.on)) errors.on = 'Enter the date it happened, like 2026-07-01';
    if (values.hearingOn !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(values.hearingOn)) errors.hearingOn = 'Enter the hearing date like 2026-07-15';
    if (Object.keys(errors).length > 0) return this.applicationPage(id, principal, errors, values, 422);
    try {
      await this.applications.recordCourtEvent(principal, id, {
        kind: values.kind as CourtEventKind,
        on: values.on,
        hearingOn: values.hearingOn || null,
        terms: values.terms || null,
      });
      return { redirect: `/disruption-applications/${id}`, flash: { heading: `${COURT_EVENT_LABELS[values.kind as CourtEventKind]}: recorded` } };
    } catch (error) {
      if (error instanceof DomainError && error.status >= 400 && error.status < 500 && error.status !== 404) {
        const mapped: FieldErrors = {};
        for (const e of error.extras.errors ?? []) mapped[['on', 'hearingOn', 'kind', 'terms'].includes(e.field) ? e.field : 'kind'] = e.message;
        if (Object.keys(mapped).length === 0) mapped.kind = error.detail;
        return this.applicationPage(id, principal, mapped, values, error.status);
      }
      throw error;
    }
  }

  async recordDomain(id: string, body: FormBody, principal: Principal): Promise<PageDone | PageResult> {
    const values = { domain: textField(body, 'domain', { maxLength: 253 }), relation: textField(body, 'relation'), evidence: textField(body, 'evidence', { maxLength: 2000 }) };
    const errors: FieldErrors = {};
    if (values.domain === '') errors.domain = 'Enter the new domain, like peepvault3.example';
    if (!['mirror', 'successor'].includes(values.relation)) errors.relation = 'Choose how the domain relates to the service';
    if (Object.keys(errors).length > 0) return this.applicationPage(id, principal, errors, values, 422);
    try {
      const a = await this.applications.recordDomain(principal, id, { domain: values.domain, relation: values.relation as DomainRelation, evidence: values.evidence || null });
      const drafted = a.variations.some((v) => v.status === 'draft' && v.domain === values.domain.toLowerCase());
      return { redirect: `/disruption-applications/${id}`, flash: { heading: drafted ? `Variation drafted for ${values.domain}` : `${values.domain} recorded` } };
    } catch (error) {
      if (error instanceof DomainError && error.status >= 400 && error.status < 500 && error.status !== 404) {
        return this.applicationPage(id, principal, { domain: error.extras.errors?.[0]?.message ? `${error.detail}` : error.detail }, values, error.status);
      }
      throw error;
    }
  }

  async fileVariation(id: string, variationId: string, principal: Principal): Promise<PageDone | PageResult> {
    const variation = await this.applications.variation(principal, variationId);
    if (variation.applicationId !== id) throw new DomainError('DISRUPTION_VARIATION_NOT_FOUND', 'That variation belongs to another application. Open it from its own application page.');
    try {
      await this.applications.fileVariation(principal, variationId);
      return { redirect: `/disruption-applications/${id}`, flash: { heading: `Variation for ${variation.domain} filed` } };
    } catch (error) {
      if (error instanceof DomainError && error.status === 409) return this.applicationPage(id, principal, { variations: error.detail }, {}, 409);
      throw error;
    }
  }

  private summary(a: ApplicationView) {
    return {
      id: a.id,
      reference: a.reference,
      caseId: a.caseId,
      caseReference: a.caseReference,
      service: a.service,
      orderLabel: a.orderLabel,
      status: STATUS_LABELS[a.status],
      statusValue: a.status,
      testMet: assessGrounds(a.kind, a.grounds.map((g) => g.ground)).met,
      draftedBy: a.draftedBy,
      createdAt: a.createdAt,
      appliedBy: a.appliedBy,
      appliedAt: a.appliedAt,
      domainCount: a.domains.length,
      pendingVariations: a.variations.filter((v) => v.status === 'draft').length,
    };
  }
}
