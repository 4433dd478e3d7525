import { describe, expect, it } from '@jest/globals';
import { courtStep } from './court-progress.js';
import { assessGrounds } from './statutory-test.js';
import { APPLICATION_STATUSES, COURT_EVENT_KINDS } from './vocabulary.js';

describe('the statutory test for a business disruption order', () => {
  it('is met for a service restriction order by a continuing failure and unpaid penalty', () => {
    expect(assessGrounds('service_restriction', ['continuing_failure', 'penalty_unpaid'])).toMatchObject({ met: true, missing: [] });
  });

  it('needs the continuing failure whatever else is stated', () => {
    const result = assessGrounds('service_restriction', ['steps_not_taken', 'penalty_unpaid']);
    expect(result.met).toBe(false);
    expect(result.missing.join(' ')).toContain('s.144(3)');
  });

  it('needs one of the four s.144(4) grounds besides the continuing failure', () => {
    const result = assessGrounds('service_restriction', ['continuing_failure']);
    expect(result.met).toBe(false);
    expect(result.missing.join(' ')).toContain('s.144(4)');
    expect(assessGrounds('service_restriction', ['continuing_failure', 'harm_risk_without_notice']).met).toBe(true);
  });

  it('needs, for an access restriction order, a service restriction order to be insufficient', () => {
    expect(assessGrounds('access_restriction', ['continuing_failure', 'steps_not_taken']).missing.join(' ')).toContain('s.146(3)');
    expect(assessGrounds('access_restriction', ['continuing_failure', 'steps_not_taken', 'service_restriction_insufficient']).met).toBe(true);
  });

  it('refuses the insufficiency ground on a service restriction order, where it has no place', () => {
    expect(assessGrounds('service_restriction', ['continuing_failure', 'steps_not_taken', 'service_restriction_insufficient']).met).toBe(false);
  });

  it('lists every ground in the checklist, ticked as asserted, the insufficiency one not applicable to s.144', () => {
    const { checklist } = assessGrounds('service_restriction', ['continuing_failure']);
    expect(checklist).toHaveLength(6);
    expect(checklist.find((c) => c.ground === 'continuing_failure')).toMatchObject({ asserted: true, requirement: 'required' });
    expect(checklist.find((c) => c.ground === 'service_restriction_insufficient')).toMatchObject({ asserted: false, requirement: 'not_applicable' });
  });
});

describe('an application in court', () => {
  it('goes filed, hearing listed, order made, then varied', () => {
    expect(courtStep('applied', 'filed')).toEqual({ allowed: true, status: 'filed' });
    expect(courtStep('filed', 'hearing_listed')).toEqual({ allowed: true, status: 'hearing_listed' });
    expect(courtStep('hearing_listed', 'order_made')).toEqual({ allowed: true, status: 'order_made' });
    expect(courtStep('order_made', 'order_varied')).toEqual({ allowed: true, status: 'order_made' });
    expect(courtStep('order_made', 'hearing_listed')).toEqual({ allowed: true, status: 'order_made' });
  });

  it('refuses a decision before filing, a second decision, and a variation of a refused order', () => {
    expect(courtStep('applied', 'order_made').allowed).toBe(false);
    expect(courtStep('order_made', 'order_refused').allowed).toBe(false);
    expect(courtStep('order_refused', 'order_varied').allowed).toBe(false);
  });

  it('refuses every step in court while the application is a draft', () => {
    for (const kind of COURT_EVENT_KINDS) expect(courtStep('draft', kind).allowed).toBe(false);
  });

  it('always explains a refusal', () => {
    for (const status of APPLICATION_STATUSES) {
      for (const kind of COURT_EVENT_KINDS) {
        const step = courtStep(status, kind);
        if (!step.allowed) expect(step.reason.length).toBeGreaterThan(20);
      }
    }
  });
});
