import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { canonicalJson } from '@app/audit';
import { SettableClock } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';
import { LETTERS } from '../cases/case-api.js';

/**
 * Issue 7, "Done when", end to end through the HTTP API: a demo provider answers an information
 * notice and makes representations through the portal, the decision maker issues a confirmation
 * decision with a calculated penalty, the provider fails to comply, an officer files a business
 * disruption application naming a mirror domain, and later a variation is drafted for a successor
 * domain — every step audited (the chains verify), every deadline dated and explained, and the
 * notices invisible to another provider.
 */

const PROVIDER = 'provider@demo.test';
const OTHER_PROVIDER = 'provider2@demo.test';
const OFFICER = 'officer@demo.test';
const DECIDER = 'decider@demo.test';
const ADMIN = 'admin@demo.test';

const PRIMARY = 'demotube.example';
const MIRROR = 'demo-tube-mirror.example';
const SUCCESSOR = 'demotube2.example';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The penalty calculator input behind the decision: £400m revenue, moderate seriousness over 4 months. */
const CALCULATION = {
  qualifyingWorldwideRevenuePence: 40_000_000_000,
  revenueBasis: 'provider_figure',
  accountingPeriod: { startsOn: '2025-01-01', endsOn: '2025-12-31' },
  seriousness: 'moderate',
  contraventionMonths: 4,
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** 2026-06-12 → "12 June 2026", as a person reads a legal date. */
const inWords = (isoDate: string): string => {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[month - 1]} ${year}`;
};

interface Deadline {
  id: string;
  kind: string;
  startsOn: string;
  dueOn: string;
  unit: string;
  status: string;
  explanation: string[];
}

describe('from an information notice to a court order and its variation, for a service of Demo Platform Ltd', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date('2026-05-13T09:00:00Z'));
  let serviceId = '';
  let caseId = '';
  let reference = '';
  let version = 0;
  let informationNoticeId = '';
  let provisionalNoticeId = '';
  let applicationId = '';
  let calculatedPenaltyPence = 0;
  const noticeIds: string[] = [];

  const call = async (who: string, method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const req = t.http()[method](path).set('Authorization', `Bearer ${await t.token(who)}`);
    return body === undefined ? req : req.send(body);
  };
  /** Fires an event on the case as `who`, at the version last seen. */
  const fire = async (who: string, event: string, data: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`/api/v1/cases/${caseId}/transitions`)
      .set('Authorization', `Bearer ${await t.token(who)}`)
      .set('If-Match', `"${version}"`)
      .send({ event, data });
  /** Fires an event as `who`, insists it is accepted, and remembers the new version. */
  const fireOk = async (who: string, event: string, data: Record<string, unknown> = {}) => {
    const res = await fire(who, event, data);
    if (res.status !== 200) throw new Error(`${event} as ${who} answered ${res.status}: ${JSON.stringify(res.body)}`);
    version = res.body.version;
    return res.body as Record<string, any>;
  };
  const caseNow = async () => (await call(OFFICER, 'get', `/api/v1/cases/${caseId}`)).body as Record<string, any>;
  const deadlines = async () => (await call(OFFICER, 'get', `/api/v1/cases/${caseId}/deadlines`)).body as Deadline[];
  const events = async () => (await call(OFFICER, 'get', `/api/v1/cases/${caseId}/events`)).body as Array<Record<string, any>>;

  /** What must hold after every step: the state, whole audit chains, explained and dated deadlines, and isolation from the other provider. */
  async function expectStepRecorded(state: string): Promise<void> {
    const c = await caseNow();
    expect(c.state).toBe(state);
    expect(c.version).toBe(version);

    const verify = await call(ADMIN, 'get', '/api/v1/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });

    const seq = (await events()).map((e) => e.seq as number);
    expect(seq).toEqual([...seq].sort((a, b) => a - b));

    for (const d of await deadlines()) {
      expect({ kind: d.kind, explained: d.explanation.length > 0 }).toEqual({ kind: d.kind, explained: true });
      expect(d.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // The explanation says, in words, the day the deadline falls on.
      expect(d.explanation.join(' ')).toContain(inWords(d.dueOn));
    }

    const othersList = await call(OTHER_PROVIDER, 'get', '/api/v1/provider/notices');
    expect(othersList.status).toBe(200);
    expect((othersList.body.items as { id: string }[]).filter((n) => noticeIds.includes(n.id))).toEqual([]);
    for (const id of noticeIds) {
      for (const suffix of ['', '/document']) {
        const res = await call(OTHER_PROVIDER, 'get', `/api/v1/provider/notices/${id}${suffix}`);
        expect({ path: `${id}${suffix}`, status: res.status }).toEqual({ path: `${id}${suffix}`, status: 404 });
      }
    }
  }

  beforeAll(async () => {
    // The journey moves the clock over two months; access tokens that live that long keep the six
    // people from signing in again after every jump (sign-ins are limited to 20 a minute).
    t = await bootTestApp({ clock, overrides: { accessTokenTtlSeconds: 90 * 86_400 } });
  });
  afterAll(async () => t?.close());

  it('registers Demo Platform Ltd, its service and a mirror domain in the service registry', async () => {
    const me = (await call(PROVIDER, 'get', '/api/v1/me')).body;
    const provider = await call(ADMIN, 'post', '/api/v1/providers', { name: 'Demo Platform Ltd', organisationId: me.organisationId, noticeContact: PROVIDER });
    expect(provider.status).toBe(201);
    const service = await call(OFFICER, 'post', '/api/v1/services', {
      name: 'DemoTube',
      providerId: provider.body.id,
      serviceType: 'user_to_user',
      domains: [{ domain: PRIMARY, relation: 'primary' }],
    });
    expect(service.status).toBe(201);
    serviceId = service.body.id;

    const mirror = await call(OFFICER, 'post', `/api/v1/services/${serviceId}/domains`, { domain: MIRROR, relation: 'mirror', evidence: 'Same videos and upload form as demotube.example' });
    expect(mirror.status).toBeLessThan(300);
    const registered = await call(OFFICER, 'get', `/api/v1/services/${serviceId}`);
    expect(registered.body).toMatchObject({ id: serviceId, name: 'DemoTube', providerId: provider.body.id });
    expect(registered.body.domains.map((d: { domain: string; relation: string }) => `${d.domain}:${d.relation}`).sort()).toEqual([`${MIRROR}:mirror`, `${PRIMARY}:primary`]);
  });

  it('lets an officer open a case about the service and send Demo Platform Ltd an information notice it sees in its portal with the deadline explained', async () => {
    const created = await call(OFFICER, 'post', '/api/v1/cases', { serviceId, title: 'Reported intimate images left up on DemoTube', harmCategories: ['ncii'] });
    expect(created.status).toBe(201);
    ({ id: caseId, reference, version } = created.body);
    expect(created.body.state).toBe('assessment');

    await fireOk(OFFICER, 'issue_information_notice', { responseDays: 10, letter: LETTERS.information_notice, recipientEmail: PROVIDER });

    const list = await call(PROVIDER, 'get', '/api/v1/provider/notices');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ kind: 'information_notice', status: 'awaiting_response', dueOn: '2026-05-23', source: { type: 'case', id: caseId } });
    informationNoticeId = list.body.items[0].id;
    noticeIds.push(informationNoticeId);

    const detail = (await call(PROVIDER, 'get', `/api/v1/provider/notices/${informationNoticeId}`)).body;
    expect(detail.deadline).toMatchObject({ kind: 'information_notice_response', dueOn: '2026-05-23', status: 'pending' });
    expect(detail.deadline.explanation.join(' ')).toContain('23 May 2026');
    expect(detail.can).toMatchObject({ answer: true, makeRepresentations: false });
    const document = await call(PROVIDER, 'get', `/api/v1/provider/notices/${informationNoticeId}/document`);
    expect(document.status).toBe(200);
    expect(sha256(document.text)).toBe(detail.sha256);

    await expectStepRecorded('assessment');
  });

  it('takes the provider’s answer with a PDF through the portal, with a receipt whose hash covers the answer and the file', async () => {
    clock.set('2026-05-15T14:30:00Z');
    const answers = [{ item: 'Your most recent illegal content risk assessment', answer: 'Attached: approved by the board on 1 February 2026.' }];
    const res = await call(PROVIDER, 'post', `/api/v1/provider/notices/${informationNoticeId}/responses`, {
      answers,
      attachments: [{ filename: 'risk-assessment.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'response', noticeId: informationNoticeId, late: false, receivedAt: '2026-05-15T14:30:00.000Z' });
    const receipt = canonicalJson({
      noticeId: informationNoticeId,
      kind: 'response',
      content: { answers },
      attachments: [{ filename: 'risk-assessment.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha256(PDF) }],
    });
    expect(res.body.sha256).toBe(sha256(receipt));

    // The answer is recorded on the case in the same step and meets the response deadline.
    const recorded = (await events()).find((e) => e.event === 'record_information_response');
    expect(recorded).toMatchObject({ fromState: 'assessment', toState: 'assessment', actor: expect.stringContaining(PROVIDER) });
    version = (await caseNow()).version;
    const response = (await deadlines()).find((d) => d.kind === 'information_notice_response');
    expect(response).toMatchObject({ status: 'met', dueOn: '2026-05-23' });
    const seen = (await call(OFFICER, 'get', `/api/v1/cases/${caseId}/notices`)).body as Array<Record<string, any>>;
    expect(seen.find((n) => n.id === informationNoticeId)?.responses[0].attachments).toEqual([expect.objectContaining({ filename: 'risk-assessment.pdf', sha256: sha256(PDF) })]);

    await expectStepRecorded('assessment');
  });

  it('opens an investigation on the answer', async () => {
    clock.set('2026-05-18T09:00:00Z');
    await fireOk(OFFICER, 'open_investigation', { provisions: ['Section 10(3)(b)'], summary: 'The risk assessment does not cover intimate image abuse.' });
    await expectStepRecorded('investigation');
  });

  it('lets the decision maker issue a provisional notice, which reaches the provider with its representations period explained', async () => {
    clock.set('2026-05-19T09:00:00Z');
    await fireOk(DECIDER, 'issue_provisional_notice', { representationsWorkingDays: 10, letter: LETTERS.provisional_notice, recipientEmail: PROVIDER });
    const notices = (await call(PROVIDER, 'get', '/api/v1/provider/notices')).body.items as Array<Record<string, any>>;
    const provisional = notices.find((n) => n.kind === 'provisional_notice');
    expect(provisional).toMatchObject({ status: 'awaiting_response', source: { type: 'case', id: caseId } });
    provisionalNoticeId = provisional!.id;
    noticeIds.push(provisionalNoticeId);
    const detail = (await call(PROVIDER, 'get', `/api/v1/provider/notices/${provisionalNoticeId}`)).body;
    expect(detail.can).toMatchObject({ answer: false, makeRepresentations: true });
    // 10 working days from 19 May 2026; 25 May is a bank holiday.
    expect(detail.deadline).toMatchObject({ kind: 'representations', dueOn: '2026-06-03' });
    expect(detail.deadline.explanation.join(' ')).toContain('3 June 2026');

    await expectStepRecorded('provisional_notice');
  });

  it('takes the provider’s representations with a request for an oral hearing through the portal', async () => {
    clock.set('2026-05-27T11:00:00Z');
    const summary = 'Removal times fell to 2 days in May; we ask to be heard at an oral hearing.';
    const res = await call(PROVIDER, 'post', `/api/v1/provider/notices/${provisionalNoticeId}/representations`, { summary, oralHearingRequested: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'representations', late: false, receivedAt: '2026-05-27T11:00:00.000Z', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const c = await caseNow();
    version = c.version;
    expect(c.representationsReceivedAt).toBe('2026-05-27T11:00:00.000Z');
    const recorded = (await events()).filter((e) => e.event === 'record_representations');
    expect(recorded).toHaveLength(1);
    const seen = (await call(OFFICER, 'get', `/api/v1/cases/${caseId}/notices`)).body as Array<Record<string, any>>;
    expect(seen.find((n) => n.id === provisionalNoticeId)?.representations[0].content).toEqual({ summary, oralHearingRequested: true });
    expect((await deadlines()).find((d) => d.kind === 'representations')?.status).toBe('met');

    await expectStepRecorded('provisional_notice');
  });

  it('lets the decision maker issue a confirmation decision whose penalty is the calculator’s result, recorded with its calculation', async () => {
    clock.set('2026-06-08T09:00:00Z');
    const calculated = await call(DECIDER, 'post', '/api/v1/penalties/calculate', CALCULATION);
    expect({ status: calculated.status, problem: calculated.body.detail }).toEqual({ status: 200, problem: undefined });
    calculatedPenaltyPence = calculated.body.penaltyPence;
    expect(Number.isInteger(calculatedPenaltyPence)).toBe(true);
    expect(calculatedPenaltyPence).toBeGreaterThan(0);
    // The greater of £18m and 10% of £400m.
    expect(calculated.body.statutoryMaximumPence).toBe(4_000_000_000);
    expect(calculatedPenaltyPence).toBeLessThanOrEqual(calculated.body.statutoryMaximumPence);

    const decision = {
      representationsConsidered: true,
      stepsRequired: 'Remove reported intimate images within 48 hours and record a new risk assessment.',
      stepsWithin: 10,
      penaltyCalculation: CALCULATION,
      letter: LETTERS.confirmation_decision,
      recipientEmail: PROVIDER,
    };
    const mismatched = await fire(DECIDER, 'issue_confirmation_decision', { ...decision, penaltyPence: calculatedPenaltyPence + 100 });
    expect(mismatched.status).toBe(422);
    expect(mismatched.body).toMatchObject({ code: 'PENALTY_CALCULATION_MISMATCH', calculatedPenaltyPence });

    await fireOk(DECIDER, 'issue_confirmation_decision', { ...decision, penaltyPence: calculatedPenaltyPence });
    const penalties = await call(OFFICER, 'get', `/api/v1/cases/${caseId}/penalties`);
    expect(penalties.status).toBe(200);
    expect(penalties.body.assessments).toHaveLength(1);
    const assessment = penalties.body.assessments[0];
    expect(assessment).toMatchObject({
      caseId,
      decidedOn: '2026-06-08',
      inputsRecorded: true,
      inputs: CALCULATION,
      statutoryMaximumPence: calculated.body.statutoryMaximumPence,
      penaltyPence: calculatedPenaltyPence,
      dueOn: '2026-07-08',
      status: 'due',
      outstandingPence: calculatedPenaltyPence,
    });
    expect(assessment.steps).toEqual(calculated.body.steps);
    expect((await events()).find((e) => e.event === 'penalty_assessed')).toMatchObject({ subjectType: 'penalty_assessment', subjectId: assessment.id });

    const due = await deadlines();
    // 10 working days from 8 June 2026; payment in 30 calendar days.
    expect(due.find((d) => d.kind === 'compliance')).toMatchObject({ dueOn: '2026-06-22', unit: 'working_days', status: 'pending' });
    expect(due.find((d) => d.kind === 'penalty_payment')).toMatchObject({ dueOn: '2026-07-08', unit: 'calendar_days', status: 'pending' });

    const decisionNotice = ((await call(PROVIDER, 'get', '/api/v1/provider/notices')).body.items as Array<Record<string, any>>).find((n) => n.kind === 'confirmation_decision');
    expect(decisionNotice).toBeDefined();
    noticeIds.push(decisionNotice!.id);

    await expectStepRecorded('confirmation_decision');
  });

  it('records non-compliance only once the compliance deadline has passed', async () => {
    clock.set('2026-06-22T16:00:00Z');
    const early = await fire(DECIDER, 'record_non_compliance', { failures: 'Reported images are still online.' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('CASE_COMPLIANCE_DEADLINE_NOT_PASSED');

    clock.set('2026-06-23T09:00:00Z');
    await fireOk(DECIDER, 'record_non_compliance', { failures: 'Reported images are still online and no new risk assessment was recorded.' });
    // The compliance deadline stays open and shows overdue, still explained.
    expect((await deadlines()).find((d) => d.kind === 'compliance')?.status).toBe('overdue');

    await expectStepRecorded('non_compliance');
  });

  it('lets an officer draft a business disruption application naming the mirror domain, which the decision maker makes', async () => {
    const drafted = await call(OFFICER, 'post', `/api/v1/cases/${caseId}/disruption-applications`, {
      kind: 'service_restriction',
      interim: false,
      thirdParties: [{ kind: 'payment_provider', name: 'Example Payments Ltd', contactEmail: 'orders@payments.example', facilityEvidence: 'Test purchase of 22 June 2026' }],
      domains: [MIRROR],
    });
    expect(drafted.status).toBe(201);
    applicationId = drafted.body.id;
    expect(drafted.body).toMatchObject({ caseId, serviceId, kind: 'service_restriction', status: 'draft', reference: `${reference}-BD0001` });
    expect(drafted.body.domains).toContainEqual(expect.objectContaining({ domain: MIRROR, relation: 'mirror' }));
    expect(drafted.body.statutoryTest).toMatchObject({ met: true });
    await expectStepRecorded('non_compliance');

    const applied = await call(DECIDER, 'post', `/api/v1/disruption-applications/${applicationId}/apply`, { reason: 'The images are still online after the deadline.' });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ status: 'applied', appliedAt: '2026-06-23T09:00:00.000Z' });
    version = (await caseNow()).version;
    expect((await events()).filter((e) => e.event === 'apply_for_business_disruption')).toHaveLength(1);

    // The application is the regulator's: the provider sees none of it.
    expect((await call(PROVIDER, 'get', `/api/v1/disruption-applications/${applicationId}`)).status).toBe(404);
    await expectStepRecorded('business_disruption');
  });

  it('records the court’s order, which fires record_court_order on the case', async () => {
    const filed = await call(OFFICER, 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, { kind: 'filed', on: '2026-06-23' });
    expect(filed.status).toBe(201);
    clock.set('2026-07-01T15:00:00Z');
    const made = await call(OFFICER, 'post', `/api/v1/disruption-applications/${applicationId}/court-events`, {
      kind: 'order_made',
      on: '2026-07-01',
      terms: 'Withdraw payment services from the service within 5 working days.',
    });
    expect(made.status).toBe(201);
    expect(made.body.status).toBe('order_made');
    expect(made.body.courtEvents.map((e: { kind: string; on: string }) => `${e.kind} ${e.on}`)).toEqual(['filed 2026-06-23', 'order_made 2026-07-01']);
    version = (await caseNow()).version;
    const order = (await events()).find((e) => e.event === 'record_court_order');
    expect(order).toMatchObject({ fromState: 'business_disruption', toState: 'business_disruption' });
    expect(order!.data.data).toMatchObject({ result: 'order_made', orderedOn: '2026-07-01' });

    await expectStepRecorded('business_disruption');
  });

  it('drafts a variation of the order, not a new process, when the service is linked to a successor domain', async () => {
    clock.set('2026-07-09T10:00:00Z');
    const linked = await call(OFFICER, 'post', `/api/v1/services/${serviceId}/domains`, { domain: SUCCESSOR, relation: 'successor', evidence: 'The old front page announces the move.' });
    expect(linked.status).toBeLessThan(300);

    const application = (await call(OFFICER, 'get', `/api/v1/disruption-applications/${applicationId}`)).body;
    expect(application.variations).toEqual([
      expect.objectContaining({ domain: SUCCESSOR, relation: 'successor', status: 'draft', origin: 'registry_link', createdAt: '2026-07-09T10:00:00.000Z' }),
    ]);
    // Not covered by the order until the court varies it.
    expect(application.domains.map((d: { domain: string }) => d.domain)).not.toContain(SUCCESSOR);
    // No second application was started.
    expect((await call(OFFICER, 'get', `/api/v1/cases/${caseId}/disruption-applications`)).body.items).toHaveLength(1);
    version = (await caseNow()).version;

    await expectStepRecorded('business_disruption');
  });

  it('tells the whole story in the case’s audit trail, in order, each step dated', async () => {
    const trail = await events();
    const steps = trail.map((e) => e.event as string).filter((e) => !e.includes('.') && !e.startsWith('document') && !e.startsWith('penalty') && !e.startsWith('publication'));
    const expected = [
      'issue_information_notice',
      'record_information_response',
      'open_investigation',
      'issue_provisional_notice',
      'record_representations',
      'issue_confirmation_decision',
      'record_non_compliance',
      'apply_for_business_disruption',
      'record_court_order',
    ];
    expect(steps.filter((e) => expected.includes(e))).toEqual(expected);
    for (const e of trail) {
      expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false);
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const verify = await call(ADMIN, 'get', '/api/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('wrote to the provider’s nominated contact about each notice and decision', async () => {
    const outbox = (await call(OFFICER, 'get', `/api/v1/outbox?caseId=${caseId}&limit=100`)).body.items as Array<Record<string, any>>;
    const toProvider = outbox.filter((m) => m.to === PROVIDER);
    expect(toProvider.map((m) => `${m.template}: ${m.subject}`).sort()).toEqual([
      `notice_issued: Confirmation decision issued to Demo Platform Ltd (${reference})`,
      `notice_issued: Information notice issued to Demo Platform Ltd (${reference})`,
      `notice_issued: Provisional notice of contravention issued to Demo Platform Ltd (${reference})`,
    ]);
  });
});
