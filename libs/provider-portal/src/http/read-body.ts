import { decodeUpload, fieldsOf, uploadsFrom, type AttachmentUploadDto, type UploadedFile } from '@app/attachments';
import { DomainError } from '@app/core';
import { createValidationPipe } from '@app/platform';

/** Validates a plain body against a DTO class exactly as the global pipe does (whitelist, no unknown fields, 422 naming fields). */
export async function validated<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new DomainError('VALIDATION_FAILED', 'Send a JSON object (or a multipart/form-data form).', { errors: [{ field: 'body', message: 'must be an object' }] });
  }
  return (await createValidationPipe().transform(plain, { type: 'body', metatype: cls })) as T;
}

/**
 * A submission's fields and files, from JSON (files base64 in `attachments`) or from multipart/form-data
 * (files as parts named `attachments`; fields named in `jsonFields` carry JSON text, e.g. `answers`).
 */
export async function readSubmission<T extends object>(
  body: unknown,
  multipart: boolean,
  jsonBody: new () => T & { attachments?: AttachmentUploadDto[] },
  formFields: new () => T,
  jsonFields: readonly string[] = [],
): Promise<{ fields: T; files: UploadedFile[] }> {
  if (!multipart) {
    const dto = await validated(jsonBody, body);
    const { attachments, ...fields } = dto;
    return { fields: fields as T, files: (attachments ?? []).map(decodeUpload) };
  }
  const plain: Record<string, unknown> = { ...fieldsOf(body) };
  for (const name of jsonFields) {
    if (typeof plain[name] !== 'string') continue;
    try {
      plain[name] = JSON.parse(plain[name] as string);
    } catch {
      throw new DomainError('VALIDATION_FAILED', `${name} must be JSON text in a multipart form.`, { errors: [{ field: name, message: 'must be JSON text' }] });
    }
  }
  return { fields: await validated(formFields, plain), files: uploadsFrom(body) };
}
