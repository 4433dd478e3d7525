import type { SettableClock } from '@app/core';
import type { TestApp } from '@app/testing';
import { LETTERS, createCase, fireOk } from '../cases/case-api.js';

export const PRIMARY = 'peepvault.example';
export const MIRROR = 'peep-vault.example';

export interface NonCompliantCase {
  caseId: string;
  reference: string;
  version: number;
  serviceId: string;
}

export async function as<T = any>(t: TestApp, who: string, method: 'get' | 'post', path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  let req = t.http()[method](path).set('Authorization', `Bearer ${await t.token(who)}`);
  if (body !== undefined) req = req.send(body as object);
  const res = await req;
  return { status: res.status, body: res.body as T, text: res.text };
}

/**
 * A service with a primary and a mirror domain, and a case about it taken through a confirmation
 * decision to recorded non-compliance (officer and decision maker, as the lifecycle requires).
 * The clock starts on 13 May 2026 and ends on 10 June 2026.
 */
export async function nonCompliantCase(t: TestApp, clock: SettableClock, suffix = ''): Promise<NonCompliantCase> {
  clock.set('2026-05-13T09:00:00Z');
  const provider = await as(t, 'officer@demo.test', 'post', '/api/v1/providers', { name: `Peep Holdings Ltd${suffix}`, noticeContact: 'legal@peep.example' });
  if (provider.status !== 201) throw new Error(`registering the provider answered ${provider.status}: ${provider.text}`);
  const service = await as(t, 'officer@demo.test', 'post', '/api/v1/services', {
    name: `Peepvault${suffix}`,
    providerId: provider.body.id,
    serviceType: 'user_to_user',
    domains: [
      { domain: `${suffix}${PRIMARY}`, relation: 'primary' },
      { domain: `${suffix}${MIRROR}`, relation: 'mirror' },
    ],
    appIds: [{ store: 'google', appId: `example.peepvault${suffix.replace(/\W/g, '')}` }],
  });
  if (service.status !== 201) throw new Error(`registering the service answered ${service.status}: ${service.text}`);
  const created = await createCase(t, 'officer@demo.test', { serviceId: service.body.id, serviceUrl: undefined, title: 'Intimate images left up after reports' });
  let c = await fireOk(t, 'officer@demo.test', created.id, created.version, 'open_investigation', { provisions: ['Section 10(3)(b)'] });
  c = await fireOk(t, 'decider@demo.test', created.id, c.version, 'issue_provisional_notice', { representationsWorkingDays: 10, letter: LETTERS.provisional_notice });
  clock.set('2026-05-15T10:00:00Z');
  c = await fireOk(t, 'officer@demo.test', created.id, c.version, 'record_representations', { summary: 'The provider disputes the figures.' });
  clock.set('2026-05-26T09:00:00Z');
  c = await fireOk(t, 'decider@demo.test', created.id, c.version, 'issue_confirmation_decision', {
    stepsRequired: 'Remove reported images within 48 hours',
    stepsWithin: 10,
    penaltyPence: 200_000_000,
    representationsConsidered: true,
    letter: LETTERS.confirmation_decision,
  });
  clock.set('2026-06-10T09:00:00Z');
  c = await fireOk(t, 'decider@demo.test', created.id, c.version, 'record_non_compliance', { failures: 'the reported images are still online and the penalty is unpaid' });
  return { caseId: created.id, reference: created.reference, version: c.version, serviceId: service.body.id };
}
