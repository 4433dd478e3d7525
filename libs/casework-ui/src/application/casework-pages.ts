import { Inject, Injectable } from '@nestjs/common';
import { actorOf } from '@app/audit';
import {
  CASE_EVENTS,
  CASE_STATES,
  CaseHistory,
  CreateCase,
  FireTransition,
  GetCase,
  JURISDICTIONS,
  Lifecycle,
  ListAvailableTransitions,
  ListCases,
  NOTICE_SUBJECT,
  type CaseEvent,
  type CaseSort,
  type CaseState,
  type CaseView,
  type HarmCategory,
  type Jurisdiction,
} from '@app/cases';
import { DomainError, hasRole, notFound, type Principal, HARM_CATEGORIES } from '@app/core';
import { DeadlineService, type Deadline } from '@app/deadlines';
import { DocumentStore } from '@app/documents';
import { DOMAIN_RELATIONS, ServiceRegistry, type DomainRelation } from '@app/registry';
import { ROLE_NAMES, listField, textField, type ErrorSummaryItem, type FormBody, type PageDone, type PageResult } from '@app/web';
import {
  buildEventForm,
  controlForField,
  controlsOf,
  fieldMessage,
  fillForm,
  rawValuesOf,
  readEventForm,
  type Choice,
  type EventForm,
  type RawValues,
} from '../forms/event-form.js';
import { caseRow, caseSummaryView, deadlineView, documentView, linkViews, serviceDetails, timeline } from '../presentation/case-views.js';
import { DEADLINE_URGENCY, DOMAIN_RELATION_LABELS, EVENT_LABELS, JURISDICTION_LABELS, harmLabel, sentence, stateTag } from '../presentation/labels.js';
import { CaseworkDirectory, type Person } from './casework-directory.js';

/** Regulator roles that change cases; analysts read. */
export const CASEWORK_ROLES = ['admin', 'case_officer', 'decision_maker'] as const;
/** Who opens cases from the pages. */
export const CASE_CREATORS = ['case_officer', 'decision_maker'] as const;
/** Who records a service's domains (as the registry's API allows). */
export const DOMAIN_RECORDERS = ['admin', 'case_officer'] as const;

export const LIST_PAGE_SIZE = 25;
/** How many other cases a link-to-a-case form offers. */
const LINK_CHOICES_LIMIT = 500;

const isEvent = (value: string): value is CaseEvent => (CASE_EVENTS as readonly string[]).includes(value);
const isState = (value: string): value is CaseState => (CASE_STATES as readonly string[]).includes(value);
const isHarm = (value: string): value is HarmCategory => (HARM_CATEGORIES as readonly string[]).includes(value);
const isJurisdiction = (value: string): value is Jurisdiction => (JURISDICTIONS as readonly string[]).includes(value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sort orders the case list offers, by the column they belong to. */
const SORT_COLUMNS: Record<'reference' | 'opened' | 'updated', { ascending: CaseSort; descending: CaseSort; first: CaseSort }> = {
  reference: { ascending: 'reference', descending: '-reference', first: 'reference' },
  opened: { ascending: 'createdAt', descending: '-createdAt', first: '-createdAt' },
  updated: { ascending: 'updatedAt', descending: '-updatedAt', first: '-updatedAt' },
};
const SORTS: readonly CaseSort[] = Object.values(SORT_COLUMNS).flatMap((c) => [c.ascending, c.descending]);
const DEFAULT_SORT: CaseSort = '-createdAt';

/** Refusals about the data typed in, shown beside the fields. */
const FIELD_CODES = new Set(['CASE_FIELD_REQUIRED', 'CASE_FIELD_INVALID', 'VALIDATION_FAILED']);

const STALE_MESSAGE = 'Someone else changed this case since you opened this form. Reload the case to see what changed, then try again.';

/** A query string value, or '' (repeated or absent). */
const param = (query: FormBody, name: string): string => textField(query, name, { maxLength: 1000 });

function summaryItems(form: EventForm, errors: Record<string, string>): ErrorSummaryItem[] {
  return controlsOf(form)
    .filter((c) => errors[c.name])
    .map((c) => ({ href: `#${c.focusId}`, message: errors[c.name] as string }));
}

/**
 * What the case officer's pages show and do: each method reads or changes cases through the cases
 * context's use cases and returns a page (template and view model) or where to go next.
 */
/**
 * Events another context takes through pages of its own, which fire the event with everything it needs:
 * an application to the court is made (grounds, third parties, domains) on the disruption pages.
 */
const EVENTS_WITH_THEIR_OWN_PAGES: Partial<Record<CaseEvent, (caseId: string) => string>> = {
  apply_for_business_disruption: (caseId) => `/cases/${caseId}/disruption-applications/new`,
  record_court_order: (caseId) => `/cases/${caseId}/disruption-applications`,
};

@Injectable()
export class CaseworkPages {
  constructor(
    @Inject(ListCases) private readonly listCases: ListCases,
    @Inject(GetCase) private readonly getCase: GetCase,
    @Inject(CreateCase) private readonly createCase: CreateCase,
    @Inject(FireTransition) private readonly fireTransition: FireTransition,
    @Inject(ListAvailableTransitions) private readonly availableTransitions: ListAvailableTransitions,
    @Inject(CaseHistory) private readonly history: CaseHistory,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(DocumentStore) private readonly documents: DocumentStore,
    @Inject(ServiceRegistry) private readonly registry: ServiceRegistry,
    @Inject(CaseworkDirectory) private readonly directory: CaseworkDirectory,
  ) {}

  // --- the case list ----------------------------------------------------------------------

  async list(query: FormBody, principal: Principal): Promise<PageResult> {
    const errors: ErrorSummaryItem[] = [];
    const pick = <T extends string>(name: string, valid: (v: string) => v is T, message: string): T | undefined => {
      const value = param(query, name);
      if (value === '') return undefined;
      if (valid(value)) return value;
      errors.push({ href: `#${name}`, message });
      return undefined;
    };
    const state = pick('state', isState, 'Choose a state from the list');
    const officer = pick('officer', (v): v is string => UUID.test(v), 'Choose an officer from the list');
    const service = pick('service', (v): v is string => UUID.test(v), 'Choose a service from the list');
    const harm = pick('harm', isHarm, 'Choose a harm from the list');
    const overdue = pick('overdue', (v): v is 'true' | 'false' => v === 'true' || v === 'false', 'Choose whether to show overdue cases');
    const sort = pick('sort', (v): v is CaseSort => (SORTS as readonly string[]).includes(v), 'That sort order is not offered: the list is in its usual order') ?? DEFAULT_SORT;
    let cursor = param(query, 'cursor') || undefined;

    const filters = { state, officerId: officer, serviceId: service, harm, overdue: overdue === undefined ? undefined : overdue === 'true', sort };
    let page;
    try {
      page = await this.listCases.execute({ ...filters, limit: LIST_PAGE_SIZE, cursor });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED' || cursor === undefined) throw error;
      errors.push({ href: '', message: 'That page of the list no longer exists: this is the first page.' });
      cursor = undefined;
      page = await this.listCases.execute({ ...filters, limit: LIST_PAGE_SIZE });
    }
    const [people, services, serviceNames] = await Promise.all([
      this.directory.people(),
      this.directory.services(),
      this.directory.serviceNames(page.items.map((c) => c.serviceId)),
    ]);

    const filterParams = new URLSearchParams();
    for (const [name, value] of Object.entries({ state, officer, service, harm, overdue })) if (value) filterParams.set(name, value);
    const href = (params: URLSearchParams): string => (params.size > 0 ? `/cases?${params.toString()}` : '/cases');
    const withSort = (s: CaseSort): URLSearchParams => {
      const params = new URLSearchParams(filterParams);
      if (s !== DEFAULT_SORT) params.set('sort', s);
      return params;
    };
    const columns = Object.fromEntries(
      Object.entries(SORT_COLUMNS).map(([column, orders]) => {
        const current = sort === orders.ascending ? 'ascending' : sort === orders.descending ? 'descending' : 'none';
        const next = current === 'ascending' ? orders.descending : current === 'descending' ? orders.ascending : orders.first;
        return [column, { ariaSort: current, href: href(withSort(next)) }];
      }),
    );
    const next = page.nextCursor ? withSort(sort) : undefined;
    next?.set('cursor', page.nextCursor as string);
    const filtered = filterParams.size > 0;

    return {
      template: 'pages/cases/index',
      status: 200,
      data: {
        title: 'Cases',
        errorList: errors,
        cases: page.items.map((c) => caseRow(c, people, serviceNames)),
        canCreate: hasRole(principal, ...CASE_CREATORS),
        filtered,
        clearHref: sort === DEFAULT_SORT ? '/cases' : `/cases?sort=${encodeURIComponent(sort)}`,
        sort: sort === DEFAULT_SORT ? undefined : sort,
        columns,
        nextPage: next ? href(next) : undefined,
        firstPage: cursor ? href(withSort(sort)) : undefined,
        filters: {
          state: [{ value: '', text: 'Any state', selected: !state }, ...CASE_STATES.map((s) => ({ value: s, text: stateTag(s).text, selected: s === state }))],
          officer: [
            { value: '', text: 'Anyone', selected: !officer },
            ...CaseworkDirectory.officers(people).map((p) => ({ value: p.id, text: p.id === principal.id ? `${p.name} (you)` : p.name, selected: p.id === officer })),
          ],
          service: [{ value: '', text: 'Any service', selected: !service }, ...services.map((s) => ({ value: s.id, text: s.name, selected: s.id === service }))],
          harm: [{ value: '', text: 'Any harm', selected: !harm }, ...HARM_CATEGORIES.map((h) => ({ value: h, text: harmLabel(h), selected: h === harm }))],
          overdue: [
            { value: '', text: 'Any', selected: !overdue },
            { value: 'true', text: 'With an overdue deadline', selected: overdue === 'true' },
            { value: 'false', text: 'Without an overdue deadline', selected: overdue === 'false' },
          ],
        },
      },
    };
  }

  // --- opening a case ---------------------------------------------------------------------

  async newCaseForm(values: Record<string, string | string[]> = {}, errors: Record<string, string> = {}, status = 200): Promise<PageResult> {
    const services = await this.directory.services();
    const harms = Array.isArray(values.harmCategories) ? values.harmCategories : [];
    const jurisdiction = typeof values.jurisdiction === 'string' && values.jurisdiction !== '' ? values.jurisdiction : 'england-and-wales';
    const order = ['serviceId', 'serviceUrl', 'title', 'harmCategories', 'jurisdiction'];
    return {
      template: 'pages/cases/new',
      status,
      data: {
        title: 'Open a case',
        backLink: { href: '/cases', text: 'Cases' },
        errors,
        errorList: order.filter((f) => errors[f]).map((f) => ({ href: `#${f}`, message: errors[f] as string })),
        values,
        services: [{ value: '', text: 'Choose a registered service', selected: !values.serviceId }].concat(
          services.map((s) => {
            const primary = s.domains.find((d) => d.relation === 'primary') ?? s.domains[0];
            return { value: s.id, text: primary ? `${s.name} (${primary.domain})` : s.name, selected: s.id === values.serviceId };
          }),
        ),
        harms: HARM_CATEGORIES.map((code) => ({ value: code, text: harmLabel(code), hint: `Code: ${code}`, checked: harms.includes(code) })),
        jurisdictions: JURISDICTIONS.map((j) => ({ value: j, text: JURISDICTION_LABELS[j] ?? j, checked: j === jurisdiction })),
      },
    };
  }

  async openCase(body: FormBody, principal: Principal): Promise<PageDone | PageResult> {
    const values = {
      serviceId: textField(body, 'serviceId'),
      serviceUrl: textField(body, 'serviceUrl', { maxLength: 2048 }),
      title: textField(body, 'title', { maxLength: 400 }),
      harmCategories: listField(body, 'harmCategories'),
      jurisdiction: textField(body, 'jurisdiction'),
    };
    const errors: Record<string, string> = {};
    if (values.serviceId && values.serviceUrl) errors.serviceId = 'Choose a registered service or enter its web address, not both';
    else if (!values.serviceId && !values.serviceUrl) errors.serviceId = 'Choose the service the case is about, or enter its web address';
    else if (values.serviceId && !UUID.test(values.serviceId)) errors.serviceId = 'Choose a service from the list';
    if (!values.title) errors.title = 'Enter a title for the case';
    else if (values.title.length > 300) errors.title = 'The title must be 300 characters or fewer';
    if (values.harmCategories.length === 0) errors.harmCategories = 'Select at least one harm';
    else if (!values.harmCategories.every(isHarm)) errors.harmCategories = 'Select harms from the list';
    if (values.jurisdiction && !isJurisdiction(values.jurisdiction)) errors.jurisdiction = 'Select a jurisdiction from the list';
    if (Object.keys(errors).length > 0) return this.newCaseForm(values, errors, 422);
    try {
      const record = await this.createCase.execute({
        ...(values.serviceId ? { serviceId: values.serviceId } : { serviceUrl: values.serviceUrl }),
        title: values.title,
        harmCategories: values.harmCategories as HarmCategory[],
        ...(values.jurisdiction ? { jurisdiction: values.jurisdiction as Jurisdiction } : {}),
        principal,
      });
      return { redirect: `/cases/${record.id}`, flash: { heading: `Case ${record.reference} opened`, body: 'It is in assessment. Choose what to do next below.' } };
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500 || error.status === 403) throw error;
      const field = error.extras.errors?.[0]?.field;
      const target = field === 'serviceUrl' || error.code === 'INVALID_URL' ? 'serviceUrl' : field === 'title' ? 'title' : field === 'harmCategories' ? 'harmCategories' : 'serviceId';
      return this.newCaseForm(values, { [target]: error.detail }, error.status);
    }
  }

  // --- one case ---------------------------------------------------------------------------

  async casePage(caseId: string, principal: Principal, domainForm: { values: Record<string, string>; errors: Record<string, string> } = { values: {}, errors: {} }, status = 200): Promise<PageResult> {
    const view = await this.getCase.execute(caseId);
    const [transitions, events, documents, service, people] = await Promise.all([
      this.availableTransitions.execute(caseId, principal),
      this.history.events(caseId),
      this.documents.listForCase(caseId),
      this.directory.service(view.serviceId),
      this.directory.people(),
    ]);
    const casework = hasRole(principal, ...CASEWORK_ROLES);
    const actions = transitions.available.map((a) => {
      const summary = this.lifecycle.ruleFor(view.state, a.event)?.summary;
      return {
        label: EVENT_LABELS[a.event],
        href: EVENTS_WITH_THEIR_OWN_PAGES[a.event]?.(view.id) ?? `/cases/${view.id}/events/${a.event}`,
        summary: summary && summary.toLowerCase() !== EVENT_LABELS[a.event].toLowerCase() ? `${sentence(summary)}.` : undefined,
        moves: a.toState !== view.state ? stateTag(a.toState) : undefined,
      };
    });
    const blocked = casework
      ? transitions.blocked
          .filter((b) => b.code !== 'CASE_TRANSITION_NOT_ALLOWED' && b.code !== 'CASE_EVENT_UNKNOWN')
          .map((b) => ({ label: EVENT_LABELS[b.event], reason: b.code === 'CASE_ROLE_NOT_ALLOWED' ? this.whoMay(view.state, b.event) : b.reason }))
      : [];
    const relation = domainForm.values.relation ?? 'mirror';
    const domainErrorOrder = ['domain', 'relation', 'evidence'];
    return {
      template: 'pages/cases/show',
      status,
      data: {
        title: `${view.reference}: ${view.title}`,
        backLink: { href: '/cases', text: 'Cases' },
        errorList: domainErrorOrder.filter((f) => domainForm.errors[f]).map((f) => ({ href: f === 'relation' ? '#relation' : `#${f}`, message: domainForm.errors[f] as string })),
        case: caseSummaryView(view, people),
        service: serviceDetails(service, view),
        actions,
        blocked,
        readOnly: !casework,
        deadlines: sortDeadlines(view.deadlines).map(deadlineView),
        timeline: timeline(events, people),
        documents: documents.map((d) => documentView(d, people)),
        links: linkViews(view),
        matterIds: view.matterIds,
        mailHref: `/mail?caseId=${view.id}`,
        showMail: casework,
        domainForm: hasRole(principal, ...DOMAIN_RECORDERS)
          ? {
              action: `/cases/${view.id}/domains`,
              values: domainForm.values,
              errors: domainForm.errors,
              relations: DOMAIN_RELATIONS.map((r) => ({ value: r, text: DOMAIN_RELATION_LABELS[r] ?? r, checked: r === relation })),
            }
          : undefined,
      },
    };
  }

  /** "Only a decision maker can do this." */
  private whoMay(state: CaseState, event: CaseEvent): string {
    const roles = (this.lifecycle.ruleFor(state, event)?.roles ?? []).map((r) => (ROLE_NAMES[r] ?? r).toLowerCase());
    const list = roles.length <= 1 ? (roles[0] ?? 'someone else') : `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
    return `Only a ${list} can do this.`;
  }

  /** Records a mirror, successor or primary domain of the case's service in the registry (which audits it). */
  async recordDomain(caseId: string, body: FormBody, principal: Principal): Promise<PageDone | PageResult> {
    const view = await this.getCase.execute(caseId);
    const values = { domain: textField(body, 'domain', { maxLength: 300 }), relation: textField(body, 'relation'), evidence: textField(body, 'evidence', { maxLength: 2000 }) };
    const errors: Record<string, string> = {};
    if (!values.domain) errors.domain = 'Enter the domain, like example.com';
    if (!(DOMAIN_RELATIONS as readonly string[]).includes(values.relation)) errors.relation = 'Select how the domain relates to the service';
    if (Object.keys(errors).length > 0) return this.casePage(caseId, principal, { values, errors }, 422);
    try {
      const linked = await this.registry.linkDomain(view.serviceId, { domain: values.domain, relation: values.relation as DomainRelation, evidence: values.evidence || null }, actorOf(principal));
      const relationWords = (DOMAIN_RELATION_LABELS[linked.relation] ?? linked.relation).toLowerCase();
      return { redirect: `/cases/${caseId}#service`, flash: { heading: `${linked.domain} recorded`, body: `It is recorded as the service's ${relationWords}; reports about it now reach this service.` } };
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500 || error.status === 403) throw error;
      const field = error.extras.errors?.[0]?.field === 'since' ? 'evidence' : 'domain';
      return this.casePage(caseId, principal, { values, errors: { [field]: error.detail } }, error.status);
    }
  }

  // --- firing an event --------------------------------------------------------------------

  async eventPage(caseId: string, event: string, principal: Principal): Promise<PageResult> {
    if (!isEvent(event)) throw notFound('That action');
    const view = await this.getCase.execute(caseId);
    const form = await this.formFor(view, event);
    if (!form) return this.unavailablePage(view, event);
    const transitions = await this.availableTransitions.execute(caseId, principal);
    const blocked = transitions.blocked.find((b) => b.event === event);
    if (blocked) return this.unavailablePage(view, event, blocked.code === 'CASE_ROLE_NOT_ALLOWED' ? this.whoMay(view.state, event) : blocked.reason);
    const service = await this.directory.service(view.serviceId);
    const prefill: RawValues = {};
    if (service?.provider?.name) prefill['letter.recipient.organisationName'] = service.provider.name;
    const email = await this.directory.noticeEmailOf(service);
    if (email) prefill['data.recipientEmail'] = email;
    return this.eventFormPage(view, event, fillForm(form, prefill), [], 200);
  }

  async fire(caseId: string, event: string, body: FormBody, principal: Principal): Promise<PageDone | PageResult> {
    if (!isEvent(event)) throw notFound('That action');
    const view = await this.getCase.execute(caseId);
    const versionText = textField(body, 'version');
    if (!/^\d{1,9}$/.test(versionText) || Number(versionText) !== view.version) return this.stalePage(view, event);
    const form = await this.formFor(view, event);
    if (!form) return this.unavailablePage(view, event);
    const raw = rawValuesOf(form, body);
    const read = readEventForm(form, raw);
    if (Object.keys(read.errors).length > 0) return this.eventFormPage(view, event, fillForm(form, raw, read.errors), summaryItems(form, read.errors), 422);
    try {
      const { record } = await this.fireTransition.execute({ caseId, expectedVersion: Number(versionText), event, reason: read.reason ?? null, data: read.data, principal });
      const moved = record.state !== view.state ? ` The case is now in ${stateTag(record.state).text.toLowerCase()}.` : '';
      return { redirect: `/cases/${caseId}`, flash: { heading: `${EVENT_LABELS[event]}: done`, body: `Recorded on ${record.reference}.${moved}` } };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'CASE_VERSION_CONFLICT') return this.stalePage(view, event);
      if (error.status === 404 || error.status >= 500) throw error;
      return this.refusedPage(view, event, form, raw, error);
    }
  }

  /** The form of an event possible from the case's state, or undefined. */
  private async formFor(view: CaseView, event: CaseEvent): Promise<EventForm | undefined> {
    const rule = this.lifecycle.ruleFor(view.state, event);
    if (!rule) return undefined;
    const fieldNames = Object.keys(rule.fields);
    const needs = (test: (f: string) => boolean): boolean => fieldNames.some(test);
    const [people, cases] = await Promise.all([
      needs((f) => f.endsWith('OfficerId')) ? this.directory.people() : Promise.resolve(new Map<string, Person>()),
      needs((f) => f === 'caseId' || f === 'mergedIntoCaseId') ? this.listCases.execute({ sort: 'reference', limit: LINK_CHOICES_LIMIT }) : Promise.resolve({ items: [] }),
    ]);
    const officers: Choice[] = CaseworkDirectory.officers(people).map((p) => ({ value: p.id, text: `${p.name} (${p.email})` }));
    const otherCases: Choice[] = cases.items.filter((c) => c.id !== view.id).map((c) => ({ value: c.id, text: `${c.reference}: ${c.title}` }));
    const notices: Choice[] = view.deadlines
      .filter((d) => d.subjectType === NOTICE_SUBJECT && (d.status === 'pending' || d.status === 'due_soon' || d.status === 'overdue' || d.status === 'stopped'))
      .map((d) => ({ value: d.subjectId, text: `Notice of ${d.startsOn}, response due ${d.dueOn}` }));
    return buildEventForm(rule, (field) => {
      if (field.endsWith('OfficerId')) return officers;
      if (field === 'caseId' || field === 'mergedIntoCaseId') return otherCases;
      if (field === 'noticeId') return notices;
      return undefined;
    });
  }

  private eventFormPage(view: CaseView, event: CaseEvent, form: EventForm, errorList: ErrorSummaryItem[], status: number, extra: Record<string, unknown> = {}): PageResult {
    const rule = this.lifecycle.ruleFor(view.state, event);
    const moves = rule && rule.to !== 'same' && rule.to !== view.state ? stateTag(rule.to) : undefined;
    return {
      template: 'pages/cases/event',
      status,
      data: {
        title: EVENT_LABELS[event],
        backLink: { href: `/cases/${view.id}`, text: `Back to ${view.reference}` },
        errorList,
        case: { id: view.id, reference: view.reference, title: view.title, version: view.version, state: stateTag(view.state) },
        summary: rule?.summary,
        moves,
        form,
        action: `/cases/${view.id}/events/${event}`,
        submitText: EVENT_LABELS[event],
        ...extra,
      },
    };
  }

  private unavailablePage(view: CaseView, event: CaseEvent, reason?: string): PageResult {
    const from = [...new Set(this.lifecycle.rules.filter((r) => r.event === event).flatMap((r) => r.from))].map((s) => stateTag(s).text.toLowerCase());
    return {
      template: 'pages/cases/event',
      status: 200,
      data: {
        title: EVENT_LABELS[event],
        backLink: { href: `/cases/${view.id}`, text: `Back to ${view.reference}` },
        case: { id: view.id, reference: view.reference, title: view.title, version: view.version, state: stateTag(view.state) },
        unavailable: reason ?? `This cannot be done while the case is in ${stateTag(view.state).text.toLowerCase()}. It is possible from: ${from.join(', ')}.`,
      },
    };
  }

  /** Someone else moved the case first: nothing was saved, and the form is not offered again until the case is reloaded. */
  private stalePage(view: CaseView, event: CaseEvent): PageResult {
    return {
      template: 'pages/cases/event',
      status: 409,
      data: {
        title: EVENT_LABELS[event],
        backLink: { href: `/cases/${view.id}`, text: `Back to ${view.reference}` },
        errorList: [{ href: `/cases/${view.id}`, message: STALE_MESSAGE }],
        case: { id: view.id, reference: view.reference, title: view.title, version: view.version, state: stateTag(view.state) },
        stale: true,
      },
    };
  }

  /** A refusal from the lifecycle (a guard, a role, a field) or the documents context, shown on the form. */
  private refusedPage(view: CaseView, event: CaseEvent, form: EventForm, raw: RawValues, error: DomainError): PageResult {
    const fieldErrors: Record<string, string> = {};
    for (const problem of error.extras.errors ?? []) {
      const target = controlForField(form, problem.field);
      if (!target || fieldErrors[target.name]) continue;
      // The lifecycle names each field with its whole sentence: keep the part about this field.
      const own = problem.message === error.detail ? error.detail.split('; ').find((part) => part.startsWith(`${problem.field} `)) : problem.message;
      fieldErrors[target.name] =
        error.code === 'CASE_FIELD_REQUIRED' && problem.message === error.detail
          ? fieldMessage(target, 'is required')
          : fieldMessage(target, (own ?? problem.message).replace(/\.$/, ''));
    }
    // A guard's refusal is shown with the guard's own reason, beside the field it names if it names one.
    const unlinked: ErrorSummaryItem[] = [];
    if (summaryItems(form, fieldErrors).length === 0 || !FIELD_CODES.has(error.code)) {
      const named = /\bdata\.([A-Za-z]+)/.exec(error.detail)?.[1];
      const target = named ? controlForField(form, `data.${named}`) : undefined;
      if (target && !fieldErrors[target.name]) fieldErrors[target.name] = error.detail;
      else unlinked.push({ href: '', message: error.detail });
    }
    return this.eventFormPage(view, event, fillForm(form, raw, fieldErrors), [...unlinked, ...summaryItems(form, fieldErrors)], error.status);
  }

  // --- my work ----------------------------------------------------------------------------

  async workQueue(principal: Principal): Promise<PageResult> {
    const mine = [];
    let cursor: string | undefined;
    do {
      const page = await this.listCases.execute({ officerId: principal.id, sort: '-updatedAt', limit: 500, cursor });
      mine.push(...page.items.filter((c) => c.state !== 'closed'));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const rows: { deadline: Deadline; caseRow: (typeof mine)[number] }[] = [];
    for (const c of mine) {
      for (const deadline of await this.deadlines.listForCase(c.id)) {
        if (deadline.status in DEADLINE_URGENCY) rows.push({ deadline, caseRow: c });
      }
    }
    rows.sort(
      (a, b) =>
        (DEADLINE_URGENCY[a.deadline.status] ?? 9) - (DEADLINE_URGENCY[b.deadline.status] ?? 9) ||
        a.deadline.dueOn.localeCompare(b.deadline.dueOn) ||
        a.caseRow.reference.localeCompare(b.caseRow.reference),
    );
    const withoutDeadlines = mine.filter((c) => !rows.some((r) => r.caseRow.id === c.id));
    return {
      template: 'pages/work-queue/index',
      status: 200,
      data: {
        title: 'My work',
        items: rows.map(({ deadline, caseRow: c }) => ({
          deadline: deadlineView(deadline),
          case: { href: `/cases/${c.id}`, reference: c.reference, title: c.title, state: stateTag(c.state) },
          role: c.investigatingOfficerId === principal.id && c.assignedOfficerId !== principal.id ? 'Investigating officer' : 'Case officer',
        })),
        counts: {
          overdue: rows.filter((r) => r.deadline.status === 'overdue').length,
          dueSoon: rows.filter((r) => r.deadline.status === 'due_soon').length,
          cases: mine.length,
        },
        quietCases: withoutDeadlines.map((c) => ({ href: `/cases/${c.id}`, reference: c.reference, title: c.title, state: stateTag(c.state) })),
      },
    };
  }
}

/** Running deadlines first (most urgent, then soonest), then the finished ones, newest first. */
function sortDeadlines(deadlines: Deadline[]): Deadline[] {
  const running = deadlines.filter((d) => d.status in DEADLINE_URGENCY);
  const done = deadlines.filter((d) => !(d.status in DEADLINE_URGENCY));
  running.sort((a, b) => (DEADLINE_URGENCY[a.status] ?? 9) - (DEADLINE_URGENCY[b.status] ?? 9) || a.dueOn.localeCompare(b.dueOn));
  done.sort((a, b) => b.startsOn.localeCompare(a.startsOn) || b.dueOn.localeCompare(a.dueOn));
  return [...running, ...done];
}
