import type { MultipartFile } from '@app/platform';

/**
 * A file as it arrived in a request: from a multipart body (read by the platform into `request.body`)
 * or decoded from a JSON body's base64. `declaredType` is what the sender claimed; nothing about the
 * file is trusted until `inspectUpload` has read its bytes.
 */
export type UploadedFile = MultipartFile;

export function isUploadedFile(value: unknown): value is UploadedFile {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<UploadedFile>;
  return typeof candidate.filename === 'string' && typeof candidate.declaredType === 'string' && Buffer.isBuffer(candidate.bytes);
}
