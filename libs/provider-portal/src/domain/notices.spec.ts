import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { asksForReply, isLate, receiptDigest, ukDateOf } from './notices.js';

describe('provider notice rules', () => {
  it('counts an answer as late only after the end of the due date in UK time', () => {
    expect(isLate(new Date('2026-03-12T23:30:00Z'), '2026-03-12')).toBe(false);
    // 23:30 UTC on 12 July is 00:30 on 13 July in London (summer time): late.
    expect(isLate(new Date('2026-07-12T23:30:00Z'), '2026-07-12')).toBe(true);
    expect(isLate(new Date('2030-01-01T00:00:00Z'), null)).toBe(false);
    expect(ukDateOf(new Date('2026-07-12T23:30:00Z'))).toBe('2026-07-13');
  });

  it('asks for a reply on information notices, warning letters and provisional notices with a date, never on decisions or closure letters', () => {
    expect(asksForReply('information_notice', '2026-03-12')).toBe(true);
    expect(asksForReply('provisional_notice', '2026-03-12')).toBe(true);
    expect(asksForReply('warning_letter', '2026-03-12')).toBe(true);
    expect(asksForReply('information_notice', null)).toBe(false);
    expect(asksForReply('confirmation_decision', '2026-03-12')).toBe(false);
    expect(asksForReply('closure_letter', null)).toBe(false);
  });

  it('hashes a receipt over canonical JSON, so the order of keys does not matter but every file hash does', () => {
    const file = { filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10, sha256: 'f'.repeat(64) };
    const one = receiptDigest({ noticeId: 'n', kind: 'response', content: { statement: 's', answers: [{ item: 'i', answer: 'a' }] }, attachments: [file] });
    const two = receiptDigest({ noticeId: 'n', kind: 'response', content: { answers: [{ answer: 'a', item: 'i' }], statement: 's' }, attachments: [file] });
    expect(two).toEqual(one);
    expect(one.sha256).toBe(createHash('sha256').update(one.canonical).digest('hex'));
    expect(one.canonical).toBe(
      '{"attachments":[{"contentType":"application/pdf","filename":"a.pdf","sha256":"' + 'f'.repeat(64) + '","sizeBytes":10}],"content":{"answers":[{"answer":"a","item":"i"}],"statement":"s"},"kind":"response","noticeId":"n"}',
    );
    const otherFile = receiptDigest({ noticeId: 'n', kind: 'response', content: { statement: 's', answers: [{ item: 'i', answer: 'a' }] }, attachments: [{ ...file, sha256: 'e'.repeat(64) }] });
    expect(otherFile.sha256).not.toBe(one.sha256);
  });
});
