/**
 * Every error a client can cause has a stable code here, with the HTTP status it maps to.
 * The catalogue is the single source of truth: the exception filter reads it, so a new code
 * cannot exist without a status.
 */
export const ERROR_CATALOGUE = {
  // Generic request problems
  VALIDATION_FAILED: { status: 422, title: 'The request has invalid fields' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  BAD_REQUEST: { status: 400, title: 'The request cannot be understood' },
  INVALID_ID: { status: 400, title: 'An identifier in the path is not valid' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body has a content type this endpoint does not accept' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'There is no such address' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'This address does not accept that method' },
  NOT_ACCEPTABLE: { status: 406, title: 'The requested representation is not available' },
  CONFLICT: { status: 409, title: 'The request conflicts with the current state' },
  PRECONDITION_REQUIRED: { status: 428, title: 'An If-Match header is required' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'The service is temporarily unavailable' },
  INTERNAL_ERROR: { status: 500, title: 'Something went wrong on our side' },

  // Authentication and authorisation
  AUTHENTICATION_REQUIRED: { status: 401, title: 'Sign in or send a bearer token' },
  INVALID_CREDENTIALS: { status: 401, title: 'The email, password or code is not right' },
  INVALID_TOKEN: { status: 401, title: 'The token is invalid or has expired' },
  MFA_REQUIRED: { status: 401, title: 'A one-time code from your authenticator app is required' },
  INVALID_OTP: { status: 401, title: 'The one-time code is not right' },
  ACCOUNT_LOCKED: { status: 429, title: 'The account is temporarily locked after too many failed sign-ins' },
  LOGIN_THROTTLED: { status: 429, title: 'Too many sign-in attempts' },
  FORBIDDEN_ROLE: { status: 403, title: 'Your role does not allow this' },
  CSRF_INVALID: { status: 403, title: 'The form has expired or was not sent from this site' },
  MFA_NOT_ENROLLED: { status: 409, title: 'Multi-factor authentication is not set up for this account' },
  MFA_ALREADY_ENROLLED: { status: 409, title: 'Multi-factor authentication is already set up' },
  USER_EXISTS: { status: 409, title: 'A user with that email already exists' },
  INVITATION_INVALID: { status: 410, title: 'The invitation is invalid, used or expired' },
  WEAK_PASSWORD: { status: 422, title: 'The password is too weak' },
  API_KEY_NOT_ALLOWED: { status: 403, title: 'API keys are only for provider and eligible-entity organisations' },
  LAST_ADMIN: { status: 409, title: 'The last active admin cannot lose the admin role' },

  // Personal data
  SUBJECT_ERASED: { status: 410, title: 'The personal data was erased' },
  READ_PURPOSE_REQUIRED: { status: 422, title: 'A purpose is required to read personal data' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface FieldError {
  field: string;
  message: string;
}

/** A failure the caller can act on. Business code throws these; never HttpException. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; retryAfterSeconds?: number; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} was not found.`);
