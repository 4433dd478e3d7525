import type { SettableClock } from '@app/core';
import type { TestApp } from '@app/testing';
import { LETTERS, createCase, fireOk, get } from '../cases/case-api.js';

/** £1bn of revenue for a 12-month period, high seriousness (5%), settled (25% off): £50m → £37.5m, with £10,000 a day from 26 June 2026. */
export const CALCULATION = {
  qualifyingWorldwideRevenuePence: 100_000_000_000,
  revenueBasis: 'regulator_estimate',
  accountingPeriod: { startsOn: '2025-01-01', endsOn: '2025-12-31' },
  seriousness: 'high',
  contraventionMonths: 6,
  settlementDiscountPercent: 25,
  dailyPenalty: { ratePence: 1_000_000, startsOn: '2026-06-26' },
};
export const PENALTY = 3_750_000_000;

/** Test helpers: a provider organisation's registered service, and a case about it ending in a penalty. */

/** Registers a provider for the organisation of `providerEmail`, with one service at `domain`. */
export async function registerServiceOf(t: TestApp, providerEmail: string, names: { provider: string; service: string; domain: string }): Promise<void> {
  const auth = { Authorization: `Bearer ${await t.token('admin@demo.test')}` };
  const me = (await get(t, providerEmail, '/api/v1/me')).body as { organisationId: string };
  const provider = await t.http().post('/api/v1/providers').set(auth).send({ name: names.provider, organisationId: me.organisationId });
  if (provider.status !== 201) throw new Error(`registering the provider answered ${provider.status}: ${JSON.stringify(provider.body)}`);
  const service = await t
    .http()
    .post('/api/v1/services')
    .set(auth)
    .send({ name: names.service, providerId: provider.body.id, serviceType: 'user_to_user', domains: [{ domain: names.domain, relation: 'primary' }] });
  if (service.status !== 201) throw new Error(`registering the service answered ${service.status}: ${JSON.stringify(service.body)}`);
}

/**
 * A case about `serviceUrl` taken to a confirmation decision imposing `penaltyPence` with its
 * `penaltyCalculation`: opened, provisional notice, representations, decision, each at the instant
 * given (the clock is set to each in turn).
 */
export async function caseWithPenalty(
  t: TestApp,
  clock: SettableClock,
  input: { serviceUrl: string; penaltyPence: number; penaltyCalculation: Record<string, unknown>; at: [Date, Date, Date, Date] },
): Promise<{ caseId: string; reference: string; penaltyId: string }> {
  const [opened, provisional, representations, decided] = input.at;
  clock.set(opened);
  const created = await createCase(t, 'officer@demo.test', { serviceUrl: input.serviceUrl });
  let c = await fireOk(t, 'officer@demo.test', created.id, created.version, 'open_investigation', { provisions: ['Section 10(3)(b)'] });
  clock.set(provisional);
  c = await fireOk(t, 'decider@demo.test', created.id, c.version, 'issue_provisional_notice', { representationsWorkingDays: 10, letter: LETTERS.provisional_notice });
  clock.set(representations);
  c = await fireOk(t, 'officer@demo.test', created.id, c.version, 'record_representations', { summary: 'The provider disputes the figures.' });
  clock.set(decided);
  await fireOk(t, 'decider@demo.test', created.id, c.version, 'issue_confirmation_decision', {
    penaltyPence: input.penaltyPence,
    penaltyCalculation: input.penaltyCalculation,
    stepsRequired: 'Remove reported images within 48 hours',
    stepsWithin: 10,
    representationsConsidered: true,
    letter: LETTERS.confirmation_decision,
  });
  const penalties = (await get(t, 'officer@demo.test', `/api/v1/cases/${created.id}/penalties`)).body as { assessments: { id: string }[] };
  const penaltyId = penalties.assessments[0]?.id;
  if (!penaltyId) throw new Error('the confirmation decision recorded no penalty');
  return { caseId: created.id, reference: created.reference, penaltyId };
}
