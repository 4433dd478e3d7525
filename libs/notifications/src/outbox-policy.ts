/** How the outbox retries. Every value can be set from the environment (see outboxPolicyFromEnv). */
export interface OutboxPolicy {
  /** Messages claimed per batch. */
  batchSize: number;
  /** Messages of a batch sent at the same time. */
  concurrency: number;
  /** How long a claimed message belongs to its worker; a crashed worker's messages are reclaimed after it. */
  leaseSeconds: number;
  /** First retry delay; doubles with each failed attempt. */
  backoffBaseSeconds: number;
  /** The longest wait between two attempts. */
  backoffCapSeconds: number;
  /** Attempts after which a message is marked dead (kept, visible, and can be retried by an admin). */
  maxAttempts: number;
  /** Sender of every email. */
  from: string;
  serviceName: string;
  contactEmail: string;
  /** Days after which a sent or dead message loses its recipient's address and its content (subject, Message-ID and dates stay). */
  retentionDays: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  batchSize: 20,
  concurrency: 4,
  leaseSeconds: 300,
  backoffBaseSeconds: 5,
  backoffCapSeconds: 900,
  // With a 15-minute cap, 200 attempts keep trying for about two days.
  maxAttempts: 200,
  from: '"Online safety enforcement" <no-reply@osa-enforcement.local>',
  serviceName: 'Online safety enforcement',
  contactEmail: 'enforcement@osa-enforcement.local',
  retentionDays: 90,
};

/** Reads OUTBOX_* and MAIL_* settings, refusing values that make no sense. */
export function outboxPolicyFromEnv(env: Record<string, string | undefined> = process.env): OutboxPolicy {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const policy: OutboxPolicy = {
    batchSize: int('OUTBOX_BATCH_SIZE', DEFAULT_OUTBOX_POLICY.batchSize, 1, 500),
    concurrency: int('OUTBOX_CONCURRENCY', DEFAULT_OUTBOX_POLICY.concurrency, 1, 50),
    leaseSeconds: int('OUTBOX_LEASE_SECONDS', DEFAULT_OUTBOX_POLICY.leaseSeconds, 30, 86_400),
    backoffBaseSeconds: int('OUTBOX_BACKOFF_BASE_SECONDS', DEFAULT_OUTBOX_POLICY.backoffBaseSeconds, 1, 3600),
    backoffCapSeconds: int('OUTBOX_BACKOFF_CAP_SECONDS', DEFAULT_OUTBOX_POLICY.backoffCapSeconds, 1, 86_400),
    maxAttempts: int('OUTBOX_MAX_ATTEMPTS', DEFAULT_OUTBOX_POLICY.maxAttempts, 1, 100_000),
    from: env.MAIL_FROM || DEFAULT_OUTBOX_POLICY.from,
    serviceName: env.MAIL_SERVICE_NAME || DEFAULT_OUTBOX_POLICY.serviceName,
    contactEmail: env.MAIL_CONTACT_EMAIL || DEFAULT_OUTBOX_POLICY.contactEmail,
    retentionDays: int('OUTBOX_RETENTION_DAYS', DEFAULT_OUTBOX_POLICY.retentionDays, 1, 3650),
  };
  if (policy.backoffCapSeconds < policy.backoffBaseSeconds) problems.push('OUTBOX_BACKOFF_CAP_SECONDS must not be below OUTBOX_BACKOFF_BASE_SECONDS');
  if (problems.length > 0) throw new Error(`Outbox configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return policy;
}

/**
 * Delay before the next attempt after `attempts` failed ones: exponential from the base, capped,
 * with "equal jitter" (half fixed, half random) so that many waiting messages do not all retry at once.
 */
export function retryDelaySeconds(attempts: number, policy: Pick<OutboxPolicy, 'backoffBaseSeconds' | 'backoffCapSeconds'>, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const ceiling = Math.min(policy.backoffCapSeconds, policy.backoffBaseSeconds * 2 ** exponent);
  return ceiling / 2 + random() * (ceiling / 2);
}
