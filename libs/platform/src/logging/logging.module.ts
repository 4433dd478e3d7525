import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/** Accepts a caller's request id if it looks like one; otherwise makes one. */
export function requestIdFor(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && /^[A-Za-z0-9._-]{8,100}$/.test(candidate) ? candidate : randomUUID();
}

/** Field names that hold secrets or personal data: redacted at the top level of a log line and one level down. */
const SENSITIVE_LOG_FIELDS = [
  'password',
  'otp',
  'reporter',
  'email',
  'phone',
  'phoneNumber',
  'telephone',
  'fullName',
  'firstName',
  'lastName',
  'address',
  'postcode',
  'dateOfBirth',
  'contact',
  'personalData',
  'plaintext',
  'masterKey',
  'dataKey',
  'wrappedKey',
];

export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...SENSITIVE_LOG_FIELDS,
  ...SENSITIVE_LOG_FIELDS.map((field) => `*.${field}`),
];

/** Structured JSON logs with the request id; secrets and personal data are redacted. */
export function loggingModule(level: string) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      genReqId: (req) => (req as IncomingMessage & { id?: string }).id ?? requestIdFor(req),
      redact: {
        paths: LOG_REDACT_PATHS,
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
      },
      customProps: () => ({ service: 'osa-enforcement' }),
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || (req.url ?? '').startsWith('/assets') },
    },
    // Probes are polled every few seconds and never logged: they skip the per-request logger entirely.
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
}
