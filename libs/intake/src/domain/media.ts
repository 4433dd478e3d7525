import { DomainError } from '@app/core';

/**
 * Why the regulator never takes images or videos. Shown whenever media is refused, so that people
 * know what to send instead.
 */
export const MEDIA_REFUSAL_REASON =
  'We never accept images or videos. Holding them could expose the people shown in them and, for child sexual abuse ' +
  'material or intimate images, would itself be unlawful. Instead, send a link to where the content appears, a description ' +
  'of it, or a hash of it (PDQ, MD5, SHA-256 or a PhotoDNA identifier).';

/** Content types that carry files: never accepted by intake. */
export function isMediaUploadContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type.startsWith('image/') || type.startsWith('video/') || type === 'multipart/form-data' || type === 'application/octet-stream';
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Leading bytes of image and video formats. */
const SIGNATURES: { name: string; test: (b: Buffer) => boolean }[] = [
  { name: 'JPEG image', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { name: 'PNG image', test: (b) => b.subarray(0, 8).equals(PNG_SIGNATURE) },
  { name: 'GIF image', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { name: 'WebP image', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { name: 'AVI video', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 11).toString('latin1') === 'AVI' },
  { name: 'TIFF image', test: (b) => ['49492a00', '4d4d002a'].includes(b.subarray(0, 4).toString('hex')) },
  { name: 'BMP image', test: (b) => b.subarray(0, 2).toString('latin1') === 'BM' && b.length >= 26 && b.readUInt32LE(14) >= 12 && b.readUInt32LE(14) <= 124 },
  { name: 'MP4, MOV or HEIC file', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  { name: 'WebM or Matroska video', test: (b) => b.subarray(0, 4).toString('hex') === '1a45dfa3' },
  { name: 'MPEG video', test: (b) => ['000001ba', '000001b3'].includes(b.subarray(0, 4).toString('hex')) },
  { name: 'Flash video', test: (b) => b.subarray(0, 3).toString('latin1') === 'FLV' },
];

const DATA_URI = /^\s*data:(image|video)\/[a-z0-9.+-]+/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HEX = /^[0-9a-fA-F]+$/;
const RAW_BYTES = /[\x00-\x08\x0e-\x1f\x7f-\xff]/;
/** Long enough that no hash or identifier is mistaken for a file. */
const MIN_ENCODED_LENGTH = 96;

function sniff(bytes: Buffer): string | undefined {
  return SIGNATURES.find((s) => s.test(bytes))?.name;
}

/** What kind of media a string carries, if it is an image or video encoded as text (data URI, base64, hex or raw bytes). */
export function detectMediaInText(value: string): string | undefined {
  const dataUri = DATA_URI.exec(value);
  if (dataUri) return `${(dataUri[1] as string).toLowerCase()} data URI`;
  // Raw binary that reached a JSON string as characters (text without control or high bytes up front is not sniffed).
  if (value.length >= 4 && RAW_BYTES.test(value.slice(0, 16))) {
    const raw = sniff(Buffer.from(value.slice(0, 16), 'latin1'));
    if (raw) return raw;
  }
  const compact = value.length >= MIN_ENCODED_LENGTH ? value.replace(/\s+/g, '') : '';
  if (compact.length >= MIN_ENCODED_LENGTH) {
    if (HEX.test(compact)) {
      const found = sniff(Buffer.from(compact.slice(0, 64), 'hex'));
      if (found) return `${found} (hex-encoded)`;
    }
    if (BASE64.test(compact)) {
      const found = sniff(Buffer.from(compact.slice(0, 64), compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64'));
      if (found) return `${found} (base64-encoded)`;
    }
  }
  return undefined;
}

/** No field of the intake API nests this deep; a deeper body is refused before walking it overflows the stack. */
const MAX_BODY_DEPTH = 32;

/** Walks a request body and refuses the first string that carries an image or video. */
export function refuseMediaIn(value: unknown, path = '', depth = 0): void {
  if (depth > MAX_BODY_DEPTH) {
    throw new DomainError('BAD_REQUEST', `The body is nested more than ${MAX_BODY_DEPTH} levels deep at ${path || 'body'}; no field of this API is.`);
  }
  if (typeof value === 'string') {
    const found = detectMediaInText(value);
    if (found) {
      const field = path || 'body';
      throw new DomainError('MEDIA_IN_FIELD', `${field} contains a ${found}. ${MEDIA_REFUSAL_REASON}`, { errors: [{ field, message: `contains a ${found}` }] });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => refuseMediaIn(v, `${path}[${i}]`, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) refuseMediaIn(v, path ? `${path}.${k}` : k, depth + 1);
  }
}
