import { HttpException } from '@nestjs/common';
import { DomainError, ERROR_CATALOGUE, type ErrorCode } from '@app/core';

/** RFC 9457 problem details, with this service's stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  [extra: string]: unknown;
}

const problemType = (code: ErrorCode): string => `/problems/${code.toLowerCase().replace(/_/g, '-')}`;

function fromCode(code: ErrorCode, detail: string, extras: Record<string, unknown> = {}): Problem {
  const { status, title } = ERROR_CATALOGUE[code];
  return { type: problemType(code), title, status, detail, code, ...extras };
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_REQUEST',
  FST_ERR_INVALID_URL: 'BAD_REQUEST',
};

const FASTIFY_DETAIL: Partial<Record<ErrorCode, string>> = {
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as application/json (API) or application/x-www-form-urlencoded (forms).',
  MALFORMED_JSON: 'The body could not be parsed as JSON. Check quotes, commas and brackets.',
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'AUTHENTICATION_REQUIRED',
  403: 'FORBIDDEN_ROLE',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  428: 'PRECONDITION_REQUIRED',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Errors of a database that is away (restarting, unreachable) or saturated (no free connection in time). */
const DATABASE_AWAY_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
const DATABASE_AWAY_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed and is not queryable|Query runner already released|query runner was already released|the database system is (starting up|shutting down|in recovery mode)/i;

/** True for an error that says the database cannot be reached just now (SQLSTATE class 08 included), looking through TypeORM's wrapper. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; current && depth < 4; depth += 1) {
    if (typeof current.code === 'string' && (DATABASE_AWAY_CODES.has(current.code) || /^08[0-9A-Z]{3}$/.test(current.code))) return true;
    if (typeof current.message === 'string' && DATABASE_AWAY_MESSAGES.test(current.message)) return true;
    current = (current.driverError ?? current.cause) as typeof current;
  }
  return false;
}

/** Turns anything thrown while handling a request into a problem a client can act on. */
export function toProblem(error: unknown): { problem: Problem; unexpected: boolean } {
  if (error instanceof DomainError) {
    return { problem: fromCode(error.code, error.detail, error.extras), unexpected: false };
  }
  // Nest wraps Fastify's own errors (body parsing, limits) in an HttpException: read the original.
  const cause = error instanceof HttpException ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string' && cause.code in FASTIFY_CODES) return toProblem(cause);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
    const detail = Array.isArray(message) ? message.join('; ') : String(message);
    const extras = typeof response === 'object' && response && 'details' in response ? { details: (response as { details: unknown }).details } : {};
    return { problem: { ...fromCode(code, detail, extras), status }, unexpected: status >= 500 && status !== 503 };
  }
  const fastifyLike = error as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
  if (fastifyLike && typeof fastifyLike.code === 'string' && fastifyLike.code in FASTIFY_CODES) {
    const code = FASTIFY_CODES[fastifyLike.code] as ErrorCode;
    const detail = FASTIFY_DETAIL[code] ?? String(fastifyLike.message ?? ERROR_CATALOGUE[code].title);
    return { problem: fromCode(code, detail), unexpected: false };
  }
  if (error instanceof SyntaxError && fastifyLike && fastifyLike.statusCode === 400) {
    return { problem: fromCode('MALFORMED_JSON', FASTIFY_DETAIL.MALFORMED_JSON as string), unexpected: false };
  }
  if (fastifyLike && typeof fastifyLike.statusCode === 'number' && fastifyLike.statusCode >= 400 && fastifyLike.statusCode < 500) {
    const code = STATUS_CODES[fastifyLike.statusCode] ?? 'BAD_REQUEST';
    return { problem: { ...fromCode(code, 'The request could not be processed as sent.'), status: fastifyLike.statusCode }, unexpected: false };
  }
  // PostgreSQL's data exceptions (class 22) come from values a client sent that the database cannot
  // hold: a NUL character, a number or date out of range. The client's mistake, not a server failure;
  // logged all the same (except NUL), since a check before the database would give a better answer.
  const sqlState = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  if (typeof sqlState === 'string' && sqlState.startsWith('22')) {
    const nul = sqlState === '22021' || sqlState === '22P05';
    const detail = nul
      ? 'The request contains a character the service cannot store (such as the NUL character, U+0000). Remove it and send again.'
      : 'A value in the request is out of range or not in the form expected. Check numbers, dates and identifiers.';
    return { problem: fromCode('BAD_REQUEST', detail), unexpected: !nul };
  }
  if (isDatabaseUnavailable(error)) {
    const detail = 'The service cannot reach its database just now. Try again in a few seconds.';
    return { problem: fromCode('SERVICE_UNAVAILABLE', detail, { retryAfterSeconds: 5 }), unexpected: false };
  }
  return {
    problem: fromCode('INTERNAL_ERROR', 'An unexpected error occurred. It has been logged; quote the request id if you contact us.'),
    unexpected: true,
  };
}
