import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@app/core';
import { ATTACHMENT_MAX_BYTES, inspectUpload, safeFilename } from './inspection.js';

const file = (filename: string, bytes: Buffer | string, declaredType = 'application/octet-stream') => ({ filename, declaredType, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes) });
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
};

describe('inspecting an uploaded file', () => {
  it('takes a PDF by its content, whatever type the sender declared, with the SHA-256 of its bytes', () => {
    const pdf = inspectUpload(file('answer.pdf', '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n', 'text/plain'));
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pdf.sizeBytes).toBe(Buffer.byteLength('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'));
  });

  it('takes UTF-8 text as CSV when declared or named so, else as plain text', () => {
    expect(inspectUpload(file('figures.csv', 'service,users\nexample,12\n')).contentType).toBe('text/csv');
    expect(inspectUpload(file('figures', 'a,b\n', 'text/csv; charset=utf-8')).contentType).toBe('text/csv');
    expect(inspectUpload(file('note.txt', 'Réponse — voir ci-dessous.\r\n\tIndented\n')).contentType).toBe('text/plain');
  });

  it.each([
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46])],
    ['GIF', Buffer.from('GIF89a....')],
    ['WebP', Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WEBPVP8 ')])],
    ['HEIC', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(8)])],
    ['SVG', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>')],
  ])('refuses a %s image even when it is named and declared as a PDF', (_kind, bytes) => {
    expect(codeOf(() => inspectUpload(file('evidence.pdf', bytes, 'application/pdf')))).toBe('ATTACHMENT_TYPE_REFUSED');
  });

  it('refuses binary files that are neither PDF nor text, and text with control characters', () => {
    expect(codeOf(() => inspectUpload(file('archive.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))))).toBe('ATTACHMENT_TYPE_REFUSED');
    expect(codeOf(() => inspectUpload(file('note.txt', 'hello\u0000world')))).toBe('ATTACHMENT_TYPE_REFUSED');
    expect(codeOf(() => inspectUpload(file('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]))))).toBe('ATTACHMENT_TYPE_REFUSED');
  });

  it('refuses an empty file and one over the limit, saying what the limit is', () => {
    expect(codeOf(() => inspectUpload(file('empty.txt', '')))).toBe('ATTACHMENT_EMPTY');
    expect(codeOf(() => inspectUpload(file('big.txt', 'x'.repeat(11)), 10))).toBe('ATTACHMENT_TOO_LARGE');
    try {
      inspectUpload(file('big.txt', 'x'.repeat(11)), 10);
    } catch (error) {
      expect((error as DomainError).detail).toContain('10 bytes');
      expect((error as DomainError).extras.errors).toEqual([expect.objectContaining({ field: 'attachments' })]);
    }
    expect(ATTACHMENT_MAX_BYTES).toBe(10 * 1024 * 1024);
  });

  it('keeps only the last segment of a path as the name, without control characters or quotes', () => {
    expect(safeFilename('C:\\Users\\someone\\answer.pdf')).toBe('answer.pdf');
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('a"b\u0007c.txt')).toBe('abc.txt');
    expect(safeFilename('')).toBe('attachment');
    expect(safeFilename('x'.repeat(300))).toHaveLength(200);
  });
});
