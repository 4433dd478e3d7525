import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Attachments } from '@app/attachments';
import { SYSTEM_ACTOR } from '@app/audit';
import type { Principal } from '@app/core';
import { bootTestApp, type TestApp } from '@app/testing';

describe('multipart form bodies and stored attachments', () => {
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await bootTestApp();
    officer = await t.token('officer@demo.test');
  });
  afterAll(async () => t.close());

  it('reads a multipart body like a form: text fields, repeated names as lists', async () => {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${officer}`)
      .field('serviceUrl', 'https://multipart-example.test/')
      .field('title', 'Opened by a client sending multipart/form-data')
      .field('harmCategories', 'ncii')
      .field('harmCategories', 'fraud');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'assessment', reference: expect.any(String) });
  });

  it('answers a file over the limit with 413 ATTACHMENT_TOO_LARGE, and a cut-short body with 400', async () => {
    const big = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${officer}`)
      .attach('attachments', Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), { filename: 'big.txt', contentType: 'text/plain' });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('ATTACHMENT_TOO_LARGE');

    const cut = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${officer}`)
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="source"\r\n\r\nsuper');
    expect(cut.status).toBe(400);
    expect(cut.headers['content-type']).toContain('application/problem+json');
    expect(cut.body.code).toBe('MALFORMED_MULTIPART');
  });

  it('refuses a browser form post without its CSRF token, multipart or not', async () => {
    const res = await t.http().post('/api/v1/cases').field('title', 'A form from another site');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_INVALID');
  });

  it('stores a file encrypted, returns it intact with its hash, and logs who read it', async () => {
    const attachments = t.app.get(Attachments);
    const dataSource = t.app.get(DataSource);
    const ownerId = '3f1c1b1e-8d4f-4a53-9a52-0a8c9c1d2e3f';
    const text = 'Our answer to item 1: the reporting tool was fixed on 3 March.\n';
    const meta = await dataSource.transaction((m) =>
      attachments.store(m, { ownerType: 'test_owner', ownerId, organisationId: null, file: { filename: 'answer.txt', declaredType: 'text/plain', bytes: Buffer.from(text) }, uploadedBy: SYSTEM_ACTOR }),
    );
    const [raw] = (await dataSource.query(`SELECT sealed FROM attachments WHERE id = $1`, [meta.id])) as { sealed: string }[];
    expect(raw?.sealed).not.toContain('reporting tool');
    expect(Buffer.from(raw?.sealed ?? '').toString()).not.toContain('reporting');

    const reader: Principal = { kind: 'user', id: 'b0c1d2e3-f405-4617-8829-3a4b5c6d7e8f', organisationId: ownerId, organisationKind: 'regulator', roles: ['case_officer'], email: 'reader@demo.test', via: 'token' };
    const opened = await attachments.open(meta.id, { ownerType: 'test_owner', ownerId }, reader);
    expect(opened.bytes.toString()).toBe(text);
    expect(opened.meta.sha256).toBe(meta.sha256);
    expect(await attachments.reads(meta.id)).toEqual([expect.objectContaining({ readerLabel: 'reader@demo.test' })]);
    await expect(attachments.open(meta.id, { ownerType: 'other_owner', ownerId }, reader)).rejects.toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
    expect(await attachments.list('test_owner', ownerId)).toEqual([expect.objectContaining({ id: meta.id, filename: 'answer.txt', contentType: 'text/plain' })]);
  });
});
