import { describe, expect, it } from '@jest/globals';
import { DEFAULT_OUTBOX_POLICY, outboxPolicyFromEnv, retryDelaySeconds } from './outbox-policy.js';

describe('outbox retry policy', () => {
  const policy = { backoffBaseSeconds: 5, backoffCapSeconds: 900 };

  it('doubles the wait with each failed attempt, between half and all of the ceiling', () => {
    expect(retryDelaySeconds(1, policy, () => 0)).toBe(2.5);
    expect(retryDelaySeconds(1, policy, () => 1)).toBe(5);
    expect(retryDelaySeconds(2, policy, () => 1)).toBe(10);
    expect(retryDelaySeconds(4, policy, () => 0.5)).toBe(30);
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    for (const attempts of [9, 10, 50, 10_000]) {
      expect(retryDelaySeconds(attempts, policy, () => 1)).toBe(900);
      expect(retryDelaySeconds(attempts, policy, () => 0)).toBe(450);
    }
  });

  it('reads its settings from the environment and refuses nonsense', () => {
    expect(outboxPolicyFromEnv({})).toEqual(DEFAULT_OUTBOX_POLICY);
    expect(outboxPolicyFromEnv({ OUTBOX_MAX_ATTEMPTS: '12', MAIL_FROM: 'a@b.test' })).toMatchObject({ maxAttempts: 12, from: 'a@b.test' });
    expect(() => outboxPolicyFromEnv({ OUTBOX_MAX_ATTEMPTS: 'lots' })).toThrow(/OUTBOX_MAX_ATTEMPTS/);
    expect(() => outboxPolicyFromEnv({ OUTBOX_BACKOFF_BASE_SECONDS: '60', OUTBOX_BACKOFF_CAP_SECONDS: '10' })).toThrow(/CAP/);
  });
});
