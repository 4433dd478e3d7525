import { createHash } from 'node:crypto';
import { DomainError } from '@app/core';
import { MULTIPART_MAX_FILE_BYTES } from '@app/platform';
import type { UploadedFile } from './upload.js';

/** The largest file accepted (10 MiB, the multipart limit): enough for a long PDF response, small enough to hold in memory. */
export const ATTACHMENT_MAX_BYTES = MULTIPART_MAX_FILE_BYTES;
/** The most files in one submission. */
export const ATTACHMENT_MAX_FILES = 10;
export const ATTACHMENT_TYPES = ['application/pdf', 'text/csv', 'text/plain'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export interface InspectedUpload {
  filename: string;
  contentType: AttachmentType;
  sizeBytes: number;
  sha256: string;
  bytes: Buffer;
}

const FIELD = 'attachments';
const MAX_FILENAME = 200;

const refuse = (code: 'ATTACHMENT_TOO_LARGE' | 'ATTACHMENT_TYPE_REFUSED' | 'ATTACHMENT_EMPTY', filename: string, message: string): DomainError =>
  new DomainError(code, `${filename}: ${message}`, { errors: [{ field: FIELD, message: `${filename}: ${message}` }] });

const startsWith = (bytes: Buffer, signature: number[], offset = 0): boolean => signature.every((byte, i) => bytes[offset + i] === byte);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/**
 * Images and other media by their first bytes. The system never takes images (victims of intimate image
 * abuse are protected by hashes, never copies), whatever name or type the sender gave them.
 */
function looksLikeMedia(bytes: Buffer): boolean {
  return (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || // PNG
    startsWith(bytes, [0xff, 0xd8, 0xff]) || // JPEG
    startsWith(bytes, ascii('GIF8')) ||
    (startsWith(bytes, ascii('RIFF')) && (startsWith(bytes, ascii('WEBP'), 8) || startsWith(bytes, ascii('AVI '), 8))) ||
    startsWith(bytes, ascii('BM')) ||
    startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || // TIFF, little-endian
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]) || // TIFF, big-endian
    startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) || // ICO
    startsWith(bytes, ascii('ftyp'), 4) || // HEIC, AVIF, MP4, MOV
    startsWith(bytes, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || // JPEG 2000
    startsWith(bytes, [0xff, 0x0a]) || // JPEG XL codestream
    startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3]) // Matroska / WebM
  );
}

/** UTF-8 text without NUL or other control characters than tab, line feed, form feed and carriage return. */
function readableText(bytes: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** The name to store: the last path segment, printable, at most 200 characters. */
export function safeFilename(raw: string): string {
  const lastSegment = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const printable = lastSegment.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (printable === '' ? 'attachment' : printable).slice(0, MAX_FILENAME);
}

/**
 * Decides what a file is from its bytes: a PDF, a CSV or plain text, or refused. Images (and any file
 * that embeds an SVG image) are refused with a message that says why.
 */
export function inspectUpload(file: UploadedFile, maxBytes = ATTACHMENT_MAX_BYTES): InspectedUpload {
  const filename = safeFilename(file.filename);
  const { bytes } = file;
  if (bytes.length === 0) throw refuse('ATTACHMENT_EMPTY', filename, 'the file is empty. Choose the file again.');
  if (bytes.length > maxBytes) {
    throw refuse('ATTACHMENT_TOO_LARGE', filename, `the file is ${bytes.length} bytes; the largest accepted is ${maxBytes} bytes (${maxBytes / 1024 / 1024} MiB). Split it or compress it.`);
  }
  if (looksLikeMedia(bytes)) {
    throw refuse('ATTACHMENT_TYPE_REFUSED', filename, 'images and videos are never accepted. Describe the content in words, or send a hash of it, instead.');
  }
  let contentType: AttachmentType;
  if (startsWith(bytes, ascii('%PDF-'))) {
    contentType = 'application/pdf';
  } else {
    const text = readableText(bytes);
    if (text === null) throw refuse('ATTACHMENT_TYPE_REFUSED', filename, 'only PDF, CSV and plain-text (UTF-8) files are accepted.');
    if (/<svg[\s>]/i.test(text)) throw refuse('ATTACHMENT_TYPE_REFUSED', filename, 'images (SVG) are never accepted.');
    const csv = file.declaredType.toLowerCase().startsWith('text/csv') || /\.csv$/i.test(filename);
    contentType = csv ? 'text/csv' : 'text/plain';
  }
  return { filename, contentType, sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}
