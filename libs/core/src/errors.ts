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

  // Reports
  REPORT_AS_OF_IN_FUTURE: { status: 422, title: 'A report cannot be computed as of a moment that has not happened yet' },
  REPORT_PERIOD_REVERSED: { status: 422, title: 'The report period ends before it starts' },
  SAVED_REPORT_NOT_FOUND: { status: 404, title: 'There is no such saved report' },

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
  ROLES_NOT_ALLOWED_FOR_ORGANISATION: { status: 422, title: 'Those roles cannot be held by users of that organisation' },
  ORGANISATION_EXISTS: { status: 409, title: 'An organisation with that name already exists' },

  // Personal data
  SUBJECT_ERASED: { status: 410, title: 'The personal data was erased' },
  READ_PURPOSE_REQUIRED: { status: 422, title: 'A purpose is required to read personal data' },

  // Deadlines
  DEADLINE_NOT_FOUND: { status: 404, title: 'There is no such deadline' },
  DEADLINE_ALREADY_RUNNING: { status: 409, title: 'A deadline of that kind is already running for it' },
  DEADLINE_CLOSED: { status: 409, title: 'The deadline is already met or cancelled' },
  DEADLINE_CLOCK_ALREADY_STOPPED: { status: 409, title: 'The deadline clock is already stopped' },
  DEADLINE_CLOCK_NOT_STOPPED: { status: 409, title: 'The deadline clock is not stopped' },
  DEADLINE_EXTENSION_NOT_LATER: { status: 422, title: 'An extension must move the due date later' },

  // Online-service registry, intake, matters and triage
  INVALID_URL: { status: 422, title: 'A web address or domain is not valid' },
  SERVICE_NOT_REGISTERED: { status: 422, title: 'No registered online service uses that domain' },
  DOMAIN_LINKED_ELSEWHERE: { status: 409, title: 'The domain already belongs to another online service' },
  MEDIA_NOT_ACCEPTED: { status: 415, title: 'Images and videos are never accepted' },
  MEDIA_IN_FIELD: { status: 422, title: 'A field contains image or video data, which is never accepted' },
  SOURCE_NOT_ALLOWED: { status: 403, title: 'You cannot file intake from that source' },
  MATTER_NOT_OPEN: { status: 409, title: 'The matter is no longer open for that action' },
  MATTER_VERSION_CONFLICT: { status: 409, title: 'The matter was changed by someone else' },
  MATTER_MERGE_INVALID: { status: 422, title: 'Those matters cannot be merged' },
  MATTER_SPLIT_INVALID: { status: 422, title: 'Those items cannot be split from the matter' },
  TRIAGE_MODEL_INVALID: { status: 422, title: 'The triage model definition is not valid' },
  TRIAGE_MODEL_EXISTS: { status: 409, title: 'A triage model with that version already exists' },

  // Notifications outbox and issued documents
  OUTBOX_MESSAGE_NOT_RETRYABLE: { status: 409, title: 'Only dead or held messages can be sent again' },
  DOCUMENT_TEMPLATE_NOT_FOUND: { status: 404, title: 'There is no letter or notice template with that name' },
  DOCUMENT_DATA_INCOMPLETE: { status: 422, title: 'The letter or notice is missing information it must contain' },
  ATTACHMENT_TOO_LARGE: { status: 413, title: 'The file is larger than the service accepts' },
  ATTACHMENT_TYPE_REFUSED: { status: 422, title: 'That kind of file is not accepted (PDF, CSV or plain text only; never images)' },
  ATTACHMENT_EMPTY: { status: 422, title: 'The file is empty' },
  ATTACHMENT_NOT_FOUND: { status: 404, title: 'There is no such file' },
  MALFORMED_MULTIPART: { status: 400, title: 'The multipart form body could not be read' },

  // Super-complaints (libs/super-complaints/src/domain/lifecycle-table.ts)
  SUPER_COMPLAINT_EVENT_UNKNOWN: { status: 422, title: 'That is not an event of the super-complaint lifecycle' },
  SUPER_COMPLAINT_TRANSITION_NOT_ALLOWED: { status: 409, title: "That step is not possible from the super-complaint's current state" },
  SUPER_COMPLAINT_ROLE_NOT_ALLOWED: { status: 403, title: 'Your role cannot take that step on a super-complaint' },
  SUPER_COMPLAINT_NOT_DRAFT: { status: 409, title: 'Only a draft super-complaint can be changed' },
  SUPER_COMPLAINT_INCOMPLETE: { status: 422, title: 'The super-complaint is missing information it must contain' },
  SUPER_COMPLAINT_FILING_LIMIT: { status: 409, title: 'An eligible entity may file one super-complaint in six months' },
  SUPER_COMPLAINT_REPEATS_PUBLISHED: { status: 409, title: 'The super-complaint repeats one published within two years' },
  SUPER_COMPLAINT_CASES_REQUIRED: { status: 422, title: 'An enforcement outcome must name the cases opened' },
  SUPER_COMPLAINT_CASE_NOT_FOUND: { status: 422, title: 'A case named in the response does not exist' },
  SUPER_COMPLAINT_VERSION_CONFLICT: { status: 409, title: 'The super-complaint was changed by someone else' },
  SUPER_COMPLAINT_IF_MATCH_REQUIRED: { status: 428, title: 'Send If-Match with the version of the super-complaint you read' },
  SUPER_COMPLAINT_IF_MATCH_INVALID: { status: 400, title: 'If-Match must be the quoted version of the super-complaint' },
  SUPER_COMPLAINT_ATTACHMENTS_CLOSED: { status: 409, title: 'Documents cannot be added to the super-complaint now' },
  ELIGIBLE_ENTITY_APPLICATION_DECIDED: { status: 409, title: 'The application to be an eligible entity is already decided' },

  // Penalties imposed by confirmation decisions (libs/penalties)
  PENALTY_CALCULATION_MISMATCH: { status: 422, title: 'The penalty imposed is not the penalty the recorded calculation gives' },
  PENALTY_ABOVE_STATUTORY_MAXIMUM: { status: 422, title: 'The penalty is above the statutory maximum' },
  PENALTY_AMOUNT_REQUIRED: { status: 422, title: 'A penalty calculation was given without the penalty imposed' },
  PENALTY_ASSESSMENT_NOT_FOUND: { status: 404, title: 'There is no such penalty' },
  PENALTY_OVERPAYMENT: { status: 422, title: 'The payment is more than the amount outstanding' },
  PENALTY_PAYMENT_DATE_INVALID: { status: 422, title: 'The payment cannot have been received on that day' },
  PENALTY_NOT_OVERDUE: { status: 422, title: 'Only an overdue penalty can be referred for recovery' },
  PENALTY_ALREADY_REFERRED: { status: 409, title: 'The penalty has already been referred for recovery' },
  PENALTY_NO_DAILY_PENALTY: { status: 422, title: 'The penalty has no daily rate to stop' },
  PENALTY_COMPLIANCE_ALREADY_RECORDED: { status: 409, title: 'The day the provider complied is already recorded' },
  PENALTY_COMPLIANCE_DATE_INVALID: { status: 422, title: 'The provider cannot have complied on that day' },

  // Business disruption measures (libs/disruption)
  DISRUPTION_APPLICATION_NOT_FOUND: { status: 404, title: 'There is no such business disruption application' },
  DISRUPTION_VARIATION_NOT_FOUND: { status: 404, title: 'There is no such variation of a business disruption order' },
  DISRUPTION_GROUNDS_NOT_MET: { status: 422, title: 'The grounds do not meet the statutory test for the order' },
  DISRUPTION_EVIDENCE_NOT_FOUND: { status: 422, title: 'Evidence named in the grounds does not belong to the case' },
  DISRUPTION_DOMAIN_NOT_OF_SERVICE: { status: 422, title: 'A domain named is not a domain of the service' },
  DISRUPTION_THIRD_PARTY_INVALID: { status: 422, title: 'A third party named cannot be required to act under that order' },
  DISRUPTION_CASE_STATE: { status: 422, title: 'The case is not in a state where a business disruption application can be made' },
  DISRUPTION_DATE_IN_FUTURE: { status: 422, title: 'A court date that has already happened cannot be in the future' },
  DISRUPTION_NOT_DRAFT: { status: 409, title: 'The application has already been made' },
  DISRUPTION_COURT_EVENT_OUT_OF_ORDER: { status: 409, title: 'That step in court does not follow from where the application stands' },
  DISRUPTION_VARIATION_NOT_DRAFT: { status: 409, title: 'The variation has already been filed' },

  // Enforcement cases and their lifecycle (docs/lifecycle.md)
  CASE_NOT_FOUND: { status: 404, title: 'There is no such case' },
  CASE_SERVICE_REQUIRED: { status: 422, title: 'A case needs the online service it is about' },
  CASE_SERVICE_NOT_FOUND: { status: 422, title: 'No registered online service has that id' },
  CASE_EVENT_UNKNOWN: { status: 422, title: 'That is not an event of the case lifecycle' },
  CASE_TRANSITION_NOT_ALLOWED: { status: 422, title: 'That event is not possible from the case\'s current state' },
  CASE_ROLE_NOT_ALLOWED: { status: 403, title: 'Your role cannot fire that event' },
  CASE_FOUR_EYES_REQUIRED: { status: 422, title: 'The investigating officer cannot take this decision' },
  CASE_REPRESENTATIONS_PERIOD_OPEN: { status: 422, title: 'The representations period has not ended' },
  CASE_REPRESENTATIONS_NOT_CONSIDERED: { status: 422, title: 'The provider\'s representations must be recorded as considered' },
  CASE_OUTCOME_REQUIRED: { status: 422, title: 'Closing a case needs an outcome' },
  CASE_FIELD_REQUIRED: { status: 422, title: 'The event needs data that is missing' },
  CASE_FIELD_INVALID: { status: 422, title: 'The event\'s data is not valid' },
  CASE_REASON_REQUIRED: { status: 422, title: 'A reason is required for this step' },
  CASE_NOTICE_PERIOD_TOO_SHORT: { status: 422, title: 'The notice does not allow enough time to respond' },
  CASE_NO_OUTSTANDING_NOTICE: { status: 422, title: 'No information notice is awaiting a response' },
  CASE_COMPLIANCE_DEADLINE_NOT_PASSED: { status: 422, title: 'No deadline of the confirmation decision has passed' },
  CASE_LINK_TO_ITSELF: { status: 422, title: 'A case cannot be linked to itself' },
  CASE_LINK_TARGET_NOT_FOUND: { status: 422, title: 'The case to link to does not exist' },
  CASE_OCCURRED_AT_IN_FUTURE: { status: 422, title: 'occurredAt is in the future' },
  CASE_OCCURRED_AT_BEFORE_PREVIOUS: { status: 422, title: 'occurredAt is before the case\'s previous event' },
  CASE_VERSION_CONFLICT: { status: 409, title: 'The case was changed by someone else' },
  CASE_IF_MATCH_REQUIRED: { status: 428, title: 'Send If-Match with the version of the case you read' },
  CASE_IF_MATCH_INVALID: { status: 400, title: 'If-Match must be the quoted version of the case' },

  // Provider notices and the provider portal
  PROVIDER_NOTICE_NOT_ANSWERABLE: { status: 422, title: 'This notice does not ask for an answer' },
  PROVIDER_REPRESENTATIONS_NOT_INVITED: { status: 422, title: 'Representations are made on a provisional notice of contravention' },
  PROVIDER_NOTICE_NO_DEADLINE: { status: 422, title: 'This notice has no deadline to extend' },
  PROVIDER_EXTENSION_DATE_NOT_LATER: { status: 422, title: 'An extension must ask for a date after the current due date' },
  PROVIDER_EXTENSION_ALREADY_DECIDED: { status: 409, title: 'The extension request was already decided' },
  // publication (libs/publication)
  PUBLICATION_NOT_FOUND: { status: 404, title: 'There is no published enforcement entry with that reference' },
  PUBLICATION_DRAFT_INVALID: { status: 422, title: 'The draft public entry is incomplete or marks confidential passages wrongly' },
  PUBLICATION_DRAFT_CONFLICT: { status: 409, title: 'The draft public entry was changed by someone else' },
  PUBLICATION_NO_DRAFT: { status: 409, title: 'There is no draft public entry to approve' },
  PUBLICATION_FOUR_EYES_REQUIRED: { status: 422, title: 'Someone who drafted or edited the entry cannot approve it' },
  // Enforcement programmes
  PROGRAMME_CLOSED: { status: 409, title: 'The programme is closed' },
  PROGRAMME_STATUS_CHANGE_REFUSED: { status: 422, title: 'That status cannot be recorded for the service' },
  PROGRAMME_NOTHING_TO_SEND: { status: 422, title: 'The bulk action has nobody to send to' },
  PROGRAMME_SERVICE_ALREADY_REFERRED: { status: 409, title: 'An investigation was already opened for this service from the programme' },
  PROGRAMME_ALREADY_CLOSED: { status: 409, title: 'The programme is already closed' },
  PROGRAMME_ALREADY_OPEN: { status: 409, title: 'The programme is already open' },
  PROGRAMME_BULK_ACTION_RUNNING: { status: 409, title: 'A bulk action of the programme is still sending' },
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
