import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { RecurringJobs } from '@app/jobs';
import { RETENTION_JOB, type RetentionResult } from '@app/intake';
import { bootTestApp, type TestApp } from '@app/testing';

describe('retention of intake personal data', () => {
  let t: TestApp;
  let db: DataSource;
  const as = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(async () => t.close());

  it('crypto-shreds the personal data of complaints that led to no action once their period passes, keeping the counts', async () => {
    const officer = await as('officer@demo.test');
    const body = (serviceUrl: string, harm: string) => ({
      source: 'complaint',
      serviceUrl,
      harmCategories: [harm],
      description: 'My neighbour Chris posts abuse about me.',
      reporter: { name: 'Pat Person', email: 'pat@example.net' },
      personAffected: { name: 'Pat Person' },
      evidence: [{ url: 'https://nothing.example/u/pat', hashAlgorithm: 'md5', hash: 'd41d8cd98f00b204e9800998ecf8427e' }],
    });
    const nothing = await t.http().post('/api/v1/intake').send(body('nothing.example', 'harassment_stalking_threats'));
    const acted = await t.http().post('/api/v1/intake').send(body('acted.example', 'fraud'));
    await t.http().post(`/api/v1/matters/${nothing.body.matterId}/route`).set(officer).send({ route: 'no_action', outcome: 'Isolated incident; service acted on it' }).expect(200);
    await t.http().post(`/api/v1/matters/${acted.body.matterId}/route`).set(officer).send({ route: 'warning_letter', outcome: 'Letter sent' }).expect(200);

    const jobs = t.app.get(RecurringJobs);
    expect(jobs.names()).toContain(RETENTION_JOB);
    const early = await jobs.runNow<RetentionResult>(RETENTION_JOB);
    expect(early.itemsErased).toBe(0);

    t.clock.advance(366 * 86_400_000);
    const result = await jobs.runNow<RetentionResult>(RETENTION_JOB);
    expect(result).toMatchObject({ itemsErased: 1, subjectsErased: 2, bySource: { complaint: 1 } });

    const [erased] = await db.query(`SELECT * FROM intake_items WHERE id = $1`, [nothing.body.id]);
    expect(erased).toMatchObject({ description: null, reporter_sealed: null, victim_sealed: null, reported_url: 'https://nothing.example', evidence: [{ kind: 'hash' }] });
    expect(erased.personal_data_erased_at).not.toBeNull();
    const [{ erased_at }] = await db.query(`SELECT erased_at FROM data_subjects WHERE id = $1`, [erased.reporter_subject]);
    expect(erased_at).not.toBeNull();
    expect((await db.query(`SELECT count(*)::int AS n FROM intake_content_hashes WHERE item_id = $1`, [nothing.body.id]))[0].n).toBe(0);
    const later = { Authorization: `Bearer ${await t.token('officer@demo.test', { fresh: true })}` };
    const read = await t.http().get(`/api/v1/intake/${nothing.body.id}/personal-data`).query({ purpose: 'check' }).set(later);
    expect(read.status).toBe(410);

    // The counts reports use are still there.
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM intake_items WHERE source = 'complaint' AND 'harassment_stalking_threats' = ANY(harm_categories)`);
    expect(n).toBe(1);
    // Intake that led to action keeps its data.
    const kept = await t.http().get(`/api/v1/intake/${acted.body.id}/personal-data`).query({ purpose: 'prepare the warning letter' }).set(later);
    expect(kept.body.reporter).toMatchObject({ name: 'Pat Person' });
    expect((await jobs.runNow<RetentionResult>(RETENTION_JOB)).itemsErased).toBe(0);
  });
});
