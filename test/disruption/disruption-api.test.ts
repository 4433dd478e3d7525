import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { MIRROR, PRIMARY, as, nonCompliantCase, type NonCompliantCase } from './disruption-setup.js';

const PAYMENTS = { kind: 'payment_provider', name: 'Example Payments Ltd', contactEmail: 'orders@payments.example', facilityEvidence: 'Test purchase of 2 June 2026 was processed by Example Payments' };
const ADVERTS = { kind: 'advertising_service', name: 'AdNet plc', contactEmail: 'legal@adnet.example' };
const SUCCESSOR = 'peepvault2.example';

describe('a business disruption application, from a non-compliant case to a variation for a successor domain', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-05-13T09:00:00Z'));
  let c: NonCompliantCase;
  let applicationId = '';

  beforeAll(async () => {
    t = await bootTestApp({ clock });
    c = await nonCompliantCase(t, clock);
  });
  afterAll(async () => t?.close());

  const caseState = async (): Promise<string> => (await as(t, 'analyst@demo.test', 'get', `/api/v1/cases/${c.caseId}`)).body.state;

  it('lets an officer draft an application that names the mirror domain and proposes the grounds from the case record', async () => {
    const res = await as(t, 'officer@demo.test', 'post', `/api/v1/cases/${c.caseId}/disruption-applications`, {
      kind: 'service_restriction',
      interim: false,
      thirdParties: [PAYMENTS, ADVERTS],
      domains: [PRIMARY],
    });
    expect(res.status).toBe(201);
    applicationId = res.body.id;
    expect(res.body).toMatchObject({
      reference: `${c.reference}-BD0001`,
      caseId: c.caseId,
      serviceId: c.serviceId,
      kind: 'service_restriction',
      interim: false,
      status: 'draft',
      orderLabel: 'Service restriction order (s.144)',
      service: { name: 'Peepvault', provider: { name: 'Peep Holdings Ltd' } },
    });
    expect(res.body.domains.map((d: { domain: string; relation: string }) => `${d.domain}:${d.relation}`)).toEqual([`${PRIMARY}:primary`, `${MIRROR}:mirror`]);
    expect(res.body.apps).toEqual([{ store: 'google', appId: 'example.peepvault' }]);
    expect(res.body.thirdParties.map((p: { name: string }) => p.name)).toEqual(['Example Payments Ltd', 'AdNet plc']);
    // Non-compliance recorded on the case is a continuing failure and steps not taken, with that event as evidence.
    expect(res.body.grounds.map((g: { ground: string }) => g.ground)).toEqual(['continuing_failure', 'steps_not_taken']);
    expect(res.body.grounds[1].statement).toContain('the reported images are still online');
    expect(res.body.grounds[0].evidence[0]).toMatchObject({ kind: 'audit_event', label: expect.stringContaining('record non compliance'), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(res.body.statutoryTest).toMatchObject({ met: true, missing: [] });
    // A draft does not move the case.
    expect(await caseState()).toBe('non_compliance');
  });

  it('refuses to go to court while the application is a draft', async () => {
    const res = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, { kind: 'filed', on: '2026-06-10' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DISRUPTION_COURT_EVENT_OUT_OF_ORDER');
  });

  it('lets the decision maker make the application, which moves the case to business disruption in the same step', async () => {
    expect((await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/apply`, {})).status).toBe(403);
    const res = await as(t, 'decider@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/apply`, { reason: 'Images still online after the deadline' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'applied', appliedBy: 'decider@demo.test', appliedAt: '2026-06-10T09:00:00.000Z' });
    expect(await caseState()).toBe('business_disruption');
    const again = await as(t, 'decider@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/apply`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DISRUPTION_NOT_DRAFT');
  });

  it('lets the decision maker make a second application on a case already in business disruption without firing the event again', async () => {
    const events = async () => (await as(t, 'analyst@demo.test', 'get', `/api/v1/cases/${c.caseId}/events`)).body.filter((e: { event: string }) => e.event === 'apply_for_business_disruption');
    expect(await events()).toHaveLength(1);
    const res = await as(t, 'decider@demo.test', 'post', `/api/v1/cases/${c.caseId}/disruption-applications`, {
      kind: 'access_restriction',
      interim: true,
      thirdParties: [{ kind: 'internet_access_provider', name: 'Big ISP Ltd', contactEmail: 'blocking@isp.example' }],
      grounds: [
        { ground: 'continuing_failure', statement: 'The images are still online.' },
        { ground: 'penalty_unpaid', statement: 'The £2,000,000 penalty due on 25 June is unpaid.', evidence: [{ kind: 'url', ref: 'https://peepvault.example/gallery/123' }] },
        { ground: 'service_restriction_insufficient', statement: 'The service takes payment in cryptoassets, so a service restriction order would not prevent the harm.' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'applied', interim: true, orderLabel: 'Interim access restriction order (s.147)' });
    // Every domain of the service when none is named.
    expect(res.body.domains.map((d: { domain: string }) => d.domain).sort()).toEqual([MIRROR, PRIMARY].sort());
    expect(await events()).toHaveLength(1);
  });

  it('records the steps in court; an order made fires record_court_order on the case and emails every third party', async () => {
    const filed = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, { kind: 'filed', on: '2026-06-10' });
    expect(filed.status).toBe(201);
    expect(filed.body.status).toBe('filed');

    const future = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, { kind: 'order_made', on: '2026-06-30' });
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('DISRUPTION_DATE_IN_FUTURE');

    const noHearingDate = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, { kind: 'hearing_listed', on: '2026-06-10' });
    expect(noHearingDate.status).toBe(422);
    expect(noHearingDate.body.errors).toEqual([{ field: 'hearingOn', message: 'give the date of the hearing' }]);

    const listed = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, { kind: 'hearing_listed', on: '2026-06-10', hearingOn: '2026-06-24' });
    expect(listed.body.status).toBe('hearing_listed');

    clock.set('2026-06-24T15:00:00Z');
    const made = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, {
      kind: 'order_made',
      on: '2026-06-24',
      terms: 'Withdraw payment and advertising services from the service within 5 working days.',
    });
    expect(made.status).toBe(201);
    expect(made.body.status).toBe('order_made');
    expect(made.body.courtEvents.map((e: { kind: string }) => e.kind)).toEqual(['filed', 'hearing_listed', 'order_made']);
    expect(made.body.courtEvents[2]).toMatchObject({ on: '2026-06-24', notified: 2 });

    const events = (await as(t, 'analyst@demo.test', 'get', `/api/v1/cases/${c.caseId}/events`)).body;
    const order = events.find((e: { event: string }) => e.event === 'record_court_order');
    expect(order).toMatchObject({ fromState: 'business_disruption', toState: 'business_disruption', actor: 'officer@demo.test' });
    expect(order.data.data).toMatchObject({ result: 'order_made', orderedOn: '2026-06-24' });

    const outbox = (await as(t, 'officer@demo.test', 'get', `/api/v1/outbox?caseId=${c.caseId}`)).body.items.filter((m: { subjectType: string }) => m.subjectType === 'disruption_application');
    expect(outbox.map((m: { to: string }) => m.to).sort()).toEqual(['legal@adnet.example', 'orders@payments.example']);
    expect(outbox[0].subject).toContain(`${c.reference}-BD0001`);

    const twice = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, { kind: 'order_refused', on: '2026-06-24' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('DISRUPTION_COURT_EVENT_OUT_OF_ORDER');
  });

  it('drafts a variation of the order when the registry links a successor domain to the service', async () => {
    clock.set('2026-07-02T10:00:00Z');
    const linked = await as(t, 'officer@demo.test', 'post', `/api/v1/services/${c.serviceId}/domains`, { domain: SUCCESSOR, relation: 'successor' });
    expect(linked.status).toBeLessThan(300);
    const res = await as(t, 'officer@demo.test', 'get', `/api/v1/disruption-applications/${applicationId}`);
    expect(res.body.variations).toEqual([
      expect.objectContaining({ domain: SUCCESSOR, relation: 'successor', status: 'draft', origin: 'registry_link', draftedBy: 'officer@demo.test', createdAt: '2026-07-02T10:00:00.000Z' }),
    ]);
    // Not covered until the court varies the order.
    expect(res.body.domains.map((d: { domain: string }) => d.domain)).not.toContain(SUCCESSOR);

    // The application not yet decided simply covers the new domain too.
    const pending = (await as(t, 'officer@demo.test', 'get', `/api/v1/cases/${c.caseId}/disruption-applications`)).body.items.find((a: { id: string }) => a.id !== applicationId);
    expect(pending.domains).toContainEqual(expect.objectContaining({ domain: SUCCESSOR, source: 'registry_link' }));
    expect(pending.variations).toEqual([]);

    // The list tells officers which orders have variations waiting to be filed.
    const list = await as(t, 'analyst@demo.test', 'get', '/api/v1/disruption-applications?status=order_made');
    expect(list.body).toMatchObject({ items: [{ id: applicationId, serviceName: 'Peepvault', status: 'order_made', draftVariations: 1 }], nextCursor: null });
    const firstPage = await as(t, 'analyst@demo.test', 'get', '/api/v1/disruption-applications?limit=1');
    expect(firstPage.body.items).toHaveLength(1);
    const secondPage = await as(t, 'analyst@demo.test', 'get', `/api/v1/disruption-applications?limit=1&cursor=${firstPage.body.nextCursor}`);
    expect(secondPage.body.items.map((a: { id: string }) => a.id)).not.toContain(firstPage.body.items[0].id);
    expect((await as(t, 'provider@demo.test', 'get', '/api/v1/disruption-applications')).status).toBe(403);
  });

  it('files the variation and, once the court varies the order, covers the domain and tells the third parties', async () => {
    const variationId = (await as(t, 'officer@demo.test', 'get', `/api/v1/disruption-applications/${applicationId}`)).body.variations[0].id;
    const filed = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-variations/${variationId}/file`, {});
    expect(filed.status).toBe(200);
    expect(filed.body.variations[0]).toMatchObject({ status: 'filed', filedBy: 'officer@demo.test' });
    expect((await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-variations/${variationId}/file`, {})).body.code).toBe('DISRUPTION_VARIATION_NOT_DRAFT');

    const varied = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, { kind: 'order_varied', on: '2026-07-02', terms: 'The order extends to peepvault2.example.' });
    expect(varied.status).toBe(201);
    expect(varied.body.variations[0].status).toBe('granted');
    expect(varied.body.domains).toContainEqual(expect.objectContaining({ domain: SUCCESSOR, relation: 'successor', source: 'variation' }));
    const outbox = (await as(t, 'officer@demo.test', 'get', `/api/v1/outbox?caseId=${c.caseId}`)).body.items.filter((m: { subjectType: string }) => m.subjectType === 'disruption_application');
    expect(outbox).toHaveLength(4);
    const events = (await as(t, 'analyst@demo.test', 'get', `/api/v1/cases/${c.caseId}/events`)).body.filter((e: { event: string }) => e.event === 'record_court_order');
    expect(events.map((e: { data: { data: { result: string } } }) => e.data.data.result)).toEqual(['order_made', 'order_varied']);
  });

  it('drafts a variation for a domain an officer records on the application', async () => {
    const res = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/domains`, { domain: 'PeepVault3.example', relation: 'mirror', evidence: 'Same albums' });
    expect(res.status).toBe(201);
    expect(res.body.variations.find((v: { domain: string }) => v.domain === 'peepvault3.example')).toMatchObject({ status: 'draft', relation: 'mirror' });
    const service = await as(t, 'officer@demo.test', 'get', `/api/v1/services/${c.serviceId}`);
    expect(service.body.domains).toContainEqual(expect.objectContaining({ domain: 'peepvault3.example', relation: 'mirror' }));
  });

  it('builds the bundle: grounds, the chronology of the case from its audit trail, the evidence index with hashes', async () => {
    const res = await as(t, 'analyst@demo.test', 'get', `/api/v1/disruption-applications/${applicationId}/bundle`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reference: `${c.reference}-BD0001`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const steps = res.body.chronology.filter((e: { event: string }) => !['document_issued'].includes(e.event)).map((e: { event: string }) => e.event);
    expect(steps).toEqual(expect.arrayContaining(['create', 'open_investigation', 'issue_confirmation_decision', 'record_non_compliance', 'apply_for_business_disruption', 'record_court_order']));
    const html: string = res.body.html;
    expect(html).toContain('Chronology of the case');
    for (const step of ['open investigation', 'record non compliance', 'apply for business disruption', 'record court order']) expect(html).toContain(step);
    expect(html).toContain('[x] Met');
    expect(html).toContain(MIRROR);
    expect(html).toContain(SUCCESSOR);
    expect(html).toContain('Example Payments Ltd');
    const documents = (await as(t, 'officer@demo.test', 'get', `/api/v1/documents?caseId=${c.caseId}`)).body;
    expect(documents.length).toBeGreaterThan(0);
    for (const d of documents) expect(html).toContain(d.sha256);

    const page = await as(t, 'officer@demo.test', 'get', `/api/v1/disruption-applications/${applicationId}/bundle?format=html`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Application bundle');
  });

  it('keeps the audit chains whole', async () => {
    const verify = await as(t, 'decider@demo.test', 'get', '/api/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });
});

describe('what a business disruption application refuses', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-05-13T09:00:00Z'));
  let c: NonCompliantCase;
  let applicationId = '';

  beforeAll(async () => {
    t = await bootTestApp({ clock });
    c = await nonCompliantCase(t, clock);
    applicationId = (await as(t, 'officer@demo.test', 'post', `/api/v1/cases/${c.caseId}/disruption-applications`, { kind: 'service_restriction', interim: false, thirdParties: [PAYMENTS] })).body.id;
  });
  afterAll(async () => t?.close());

  const post = (who: string, body: unknown) => as(t, who, 'post', `/api/v1/cases/${c.caseId}/disruption-applications`, body);

  it('refuses a domain that is not the service’s, naming it', async () => {
    const res = await post('officer@demo.test', { kind: 'service_restriction', interim: false, thirdParties: [PAYMENTS], domains: [PRIMARY, 'unrelated.example'] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('DISRUPTION_DOMAIN_NOT_OF_SERVICE');
    expect(res.body.errors).toEqual([{ field: 'domains[1]', message: 'unrelated.example is not a domain of Peepvault' }]);
  });

  it('refuses an access restriction order without the insufficiency of a service restriction order', async () => {
    const res = await post('decider@demo.test', { kind: 'access_restriction', interim: false, thirdParties: [{ kind: 'app_store', name: 'Store', contactEmail: 'legal@store.example' }] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('DISRUPTION_GROUNDS_NOT_MET');
    expect(res.body.detail).toContain('s.146(3)');
  });

  it('refuses third parties the order cannot bind, and a decision maker’s application naming none', async () => {
    const wrong = await post('officer@demo.test', { kind: 'service_restriction', interim: false, thirdParties: [PAYMENTS, { kind: 'app_store', name: 'Store', contactEmail: 'legal@store.example' }] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('DISRUPTION_THIRD_PARTY_INVALID');
    expect(wrong.body.errors[0].field).toBe('thirdParties[1].kind');
    const none = await post('decider@demo.test', { kind: 'service_restriction', interim: false, thirdParties: [] });
    expect(none.status).toBe(422);
    expect(none.body.errors[0].field).toBe('thirdParties');
  });

  it('refuses evidence that is not the case’s own', async () => {
    const res = await post('officer@demo.test', {
      kind: 'service_restriction',
      interim: false,
      thirdParties: [PAYMENTS],
      grounds: [
        { ground: 'continuing_failure', statement: 'Still online.', evidence: [{ kind: 'document', ref: '00000000-0000-4000-8000-000000000000' }, { kind: 'audit_event', ref: '999999' }] },
        { ground: 'steps_not_taken', statement: 'Not removed.', evidence: [{ kind: 'url', ref: 'not a url' }] },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('DISRUPTION_EVIDENCE_NOT_FOUND');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['grounds[0].evidence[0].ref', 'grounds[0].evidence[1].ref', 'grounds[1].evidence[0].ref']);
  });

  it('refuses malformed input with 422 naming the fields', async () => {
    const res = await post('officer@demo.test', { kind: 'takedown', interim: 'yes', thirdParties: [{ kind: 'payment_provider', name: '', contactEmail: 'nope' }], grounds: [{ ground: 'vibes', statement: 'x' }] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string }) => e.field).join(' ');
    for (const field of ['kind', 'interim', 'thirdParties.0.name', 'thirdParties.0.contactEmail', 'grounds.0.ground']) expect(fields).toContain(field.split('.')[0]);
    const court = await as(t, 'officer@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, { kind: 'filed', on: '2026-02-30' });
    expect(court.status).toBe(422);
  });

  it('refuses an application on a case before an investigation is opened', async () => {
    const created = await as(t, 'officer@demo.test', 'post', '/api/v1/cases', { serviceId: c.serviceId, title: 'Another matter', harmCategories: ['ncii'] });
    const res = await as(t, 'decider@demo.test', 'post', `/api/v1/cases/${created.body.id}/disruption-applications`, { kind: 'service_restriction', interim: false, thirdParties: [PAYMENTS] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('DISRUPTION_CASE_STATE');
  });

  it('answers 404 for an unknown case or application', async () => {
    expect((await post('officer@demo.test', { kind: 'service_restriction', interim: false })).status).toBe(201);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await as(t, 'officer@demo.test', 'post', `/api/v1/cases/${missing}/disruption-applications`, { kind: 'service_restriction', interim: false })).status).toBe(404);
    expect((await as(t, 'officer@demo.test', 'get', `/api/v1/disruption-applications/${missing}`)).body.code).toBe('DISRUPTION_APPLICATION_NOT_FOUND');
  });

  it('hides applications from providers and other external users (404), and refuses their changes (403)', async () => {
    for (const who of ['provider@demo.test', 'body@demo.test']) {
      for (const path of [`/api/v1/disruption-applications/${applicationId}`, `/api/v1/disruption-applications/${applicationId}/bundle`, `/api/v1/cases/${c.caseId}/disruption-applications`]) {
        const res = await as(t, who, 'get', path);
        expect({ who, path, status: res.status }).toEqual({ who, path, status: 404 });
      }
    }
    expect((await post('provider@demo.test', { kind: 'service_restriction', interim: false })).status).toBe(403);
    expect((await as(t, 'provider@demo.test', 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, { kind: 'filed', on: '2026-06-10' })).status).toBe(403);
  });
});
