import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';

/** The largest file a multipart body may carry (10 MiB); the attachments context applies the same limit. */
export const MULTIPART_MAX_FILE_BYTES = 10 * 1024 * 1024;
const MULTIPART_LIMITS = { fileSize: MULTIPART_MAX_FILE_BYTES, files: 10, fields: 200, fieldSize: 1024 * 1024, parts: 210, headerPairs: 200 };

/** A file part of a multipart body, as controllers receive it in `request.body` (see @app/attachments). */
export interface MultipartFile {
  filename: string;
  declaredType: string;
  bytes: Buffer;
}

function tooLarge(code: string): DomainError {
  return code === 'FST_REQ_FILE_TOO_LARGE'
    ? new DomainError('ATTACHMENT_TOO_LARGE', `A file is larger than ${MULTIPART_MAX_FILE_BYTES / 1024 / 1024} MiB, the largest accepted. Split it or compress it.`, {
        errors: [{ field: 'attachments', message: `larger than ${MULTIPART_MAX_FILE_BYTES / 1024 / 1024} MiB` }],
      })
    : new DomainError('PAYLOAD_TOO_LARGE', `The form has too many parts: at most ${MULTIPART_LIMITS.files} files and ${MULTIPART_LIMITS.fields} fields are accepted.`);
}

/**
 * multipart/form-data bodies (forms with a file input, and API clients sending files) are read into
 * `request.body` like urlencoded forms: text fields as strings (repeated names as arrays), files as
 * MultipartFile objects held in memory within the limits above. The body is ready before the CSRF check
 * and validation run; a body that cannot be read is a 400 or 413 problem, never a 500.
 */
export async function acceptMultipart(app: NestFastifyApplication): Promise<void> {
  await app.register(multipart as never, { limits: MULTIPART_LIMITS, throwFileSizeLimit: true } as never);
  const fastify = app.getHttpAdapter().getInstance();
  // Synchronous for every other request, so the hook costs nothing where there is no multipart body.
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (!request.isMultipart()) return done();
    readMultipartBody(request).then(() => done(), done);
  });
}

async function readMultipartBody(request: FastifyRequest): Promise<void> {
  const body: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const add = (name: string, value: unknown): void => {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') return;
    const existing = body[name];
    body[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') add(part.fieldname, { filename: part.filename ?? '', declaredType: part.mimetype ?? '', bytes: await part.toBuffer() } satisfies MultipartFile);
      else add(part.fieldname, typeof part.value === 'string' ? part.value : String(part.value));
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
    if (statusCode === 413 && typeof code === 'string') throw tooLarge(code);
    throw new DomainError('MALFORMED_MULTIPART', 'The form could not be read: it was cut short or is not valid multipart/form-data. Send it again.');
  }
  request.body = { ...body };
}
