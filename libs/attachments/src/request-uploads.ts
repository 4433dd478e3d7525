import { ApiProperty } from '@nestjs/swagger';
import { IsBase64, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DomainError } from '@app/core';
import { ATTACHMENT_MAX_FILES } from './inspection.js';
import { isUploadedFile, type UploadedFile } from './upload.js';

/** A file sent inside a JSON body. The body limit of the API bounds its size; multipart takes larger files. */
export class AttachmentUploadDto {
  @ApiProperty({ example: 'response.pdf', maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  filename!: string;

  @ApiProperty({ example: 'application/pdf', description: 'application/pdf, text/csv or text/plain; the content decides what is stored' })
  @IsString()
  @MaxLength(100)
  contentType!: string;

  @ApiProperty({ description: 'the file, base64-encoded' })
  @IsBase64()
  contentBase64!: string;
}

export function decodeUpload(dto: AttachmentUploadDto): UploadedFile {
  return { filename: dto.filename, declaredType: dto.contentType, bytes: Buffer.from(dto.contentBase64, 'base64') };
}

/**
 * The files of a form field in a multipart body (an empty file input sends nothing worth keeping). A
 * text value where a file is expected is refused, so a client learns it sent the wrong thing.
 */
export function uploadsFrom(body: unknown, field = 'attachments'): UploadedFile[] {
  const raw = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  if (raw === undefined || raw === '') return [];
  const values = Array.isArray(raw) ? raw : [raw];
  const files: UploadedFile[] = [];
  for (const value of values) {
    if (!isUploadedFile(value)) {
      throw new DomainError('VALIDATION_FAILED', `${field} must be sent as files in a multipart/form-data body.`, { errors: [{ field, message: 'must be a file' }] });
    }
    if (value.bytes.length === 0 && value.filename === '') continue;
    files.push(value);
  }
  if (files.length > ATTACHMENT_MAX_FILES) {
    throw new DomainError('VALIDATION_FAILED', `Send at most ${ATTACHMENT_MAX_FILES} files at once.`, { errors: [{ field, message: `at most ${ATTACHMENT_MAX_FILES} files` }] });
  }
  return files;
}

/** A multipart body's text fields, for validating with the same DTO as a urlencoded form. */
export function fieldsOf(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object') return {};
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([, value]) => !isUploadedFile(value) && !(Array.isArray(value) && value.some(isUploadedFile))));
}
