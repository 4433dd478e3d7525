import type supertest from 'supertest';
import type { TestApp } from '@app/testing';

/** Small helpers for driving cases through the HTTP API as demo users. */

export const RECIPIENT = { organisationName: 'Demo Platform Ltd', contactName: 'Alex Morgan' };
const PROVISION = { reference: 'Section 10(3)(b)', description: 'the duty to swiftly take down illegal content once aware of it' };

/** The content a drafter writes for each letter; the case fills in references, dates and deadlines. */
export const LETTERS = {
  information_notice: {
    recipient: RECIPIENT,
    requirements: [{ item: 'Your most recent illegal content risk assessment', detail: 'The complete record and its approval date.' }],
    reasons: ['We need the information to decide whether you comply with your illegal content duties.'],
    responseForm: 'One PDF through the provider portal.',
  },
  warning_letter: {
    recipient: RECIPIENT,
    findings: ['Reported intimate images stayed available for more than 7 days.'],
    provisions: [PROVISION],
    expectedSteps: ['Remove reported intimate image abuse within 48 hours.'],
  },
  provisional_notice: {
    recipient: RECIPIENT,
    contraventions: [{ provision: PROVISION.reference, duty: PROVISION.description, reasons: ['A median of 9 days between report and removal.'] }],
  },
  confirmation_decision: {
    recipient: RECIPIENT,
    contraventions: [{ provision: PROVISION.reference, duty: PROVISION.description, findings: ['Removal times did not improve.'] }],
    representations: { summary: 'The provider said a new team would help; its April figures show no change.' },
    penalty: { reasons: ['The failure is serious and lasted months.'] },
  },
  closure_letter: { recipient: RECIPIENT, reasons: ['The provider took the steps required.'] },
};

export interface Fired {
  status: number;
  body: Record<string, any>;
  etag: string | undefined;
}

export async function createCase(t: TestApp, as: string, body: Record<string, unknown> = {}): Promise<{ id: string; reference: string; version: number }> {
  const res = await t
    .http()
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${await t.token(as)}`)
    .send({ serviceUrl: 'https://example.com', title: 'Slow removal of reported intimate images', harmCategories: ['ncii'], ...body });
  if (res.status !== 201) throw new Error(`creating a case answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function fire(
  t: TestApp,
  as: string,
  caseId: string,
  version: number | null,
  event: string,
  data: Record<string, unknown> = {},
  extras: { reason?: string; occurredAt?: string } = {},
): Promise<Fired> {
  let req: supertest.Test = t
    .http()
    .post(`/api/v1/cases/${caseId}/transitions`)
    .set('Authorization', `Bearer ${await t.token(as)}`);
  if (version !== null) req = req.set('If-Match', `"${version}"`);
  const res = await req.send({ event, data, ...extras });
  return { status: res.status, body: res.body, etag: res.headers.etag };
}

/** Fires and insists it was accepted; returns the new case. */
export async function fireOk(t: TestApp, as: string, caseId: string, version: number, event: string, data: Record<string, unknown> = {}, extras: { reason?: string; occurredAt?: string } = {}) {
  const res = await fire(t, as, caseId, version, event, data, extras);
  if (res.status !== 200) throw new Error(`${event} as ${as} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function get(t: TestApp, as: string, path: string): Promise<supertest.Response> {
  return t.http().get(path).set('Authorization', `Bearer ${await t.token(as)}`);
}
