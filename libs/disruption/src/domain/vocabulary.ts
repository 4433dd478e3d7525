/** Business disruption measures (domain reference §8; OSA 2023 s.144–s.148): the names used everywhere. */

/** s.144 service restriction order (s.145 interim); s.146 access restriction order (s.147 interim). */
export const ORDER_KINDS = ['service_restriction', 'access_restriction'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const THIRD_PARTY_KINDS = ['payment_provider', 'advertising_service', 'internet_access_provider', 'app_store', 'search_service'] as const;
export type ThirdPartyKind = (typeof THIRD_PARTY_KINDS)[number];

/**
 * Who each order can bind: a service restriction order requires providers of ancillary services
 * (payment, advertising) to act; an access restriction order requires providers of access facilities
 * (internet access, app stores). A search service can be either, as it both promotes and gives access.
 */
export const THIRD_PARTIES_BY_ORDER: Record<OrderKind, readonly ThirdPartyKind[]> = {
  service_restriction: ['payment_provider', 'advertising_service', 'search_service'],
  access_restriction: ['internet_access_provider', 'app_store', 'search_service'],
};

/** The elements of the statutory test an application can assert. */
export const GROUNDS = [
  'continuing_failure',
  'steps_not_taken',
  'penalty_unpaid',
  'likely_non_compliance',
  'harm_risk_without_notice',
  'service_restriction_insufficient',
] as const;
export type Ground = (typeof GROUNDS)[number];

/** Grounds of which s.144 needs at least one, besides the continuing failure. */
export const ALTERNATIVE_GROUNDS: readonly Ground[] = ['steps_not_taken', 'penalty_unpaid', 'likely_non_compliance', 'harm_risk_without_notice'];

export const EVIDENCE_KINDS = ['document', 'audit_event', 'url'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const APPLICATION_STATUSES = ['draft', 'applied', 'filed', 'hearing_listed', 'order_made', 'order_refused'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const COURT_EVENT_KINDS = ['filed', 'hearing_listed', 'order_made', 'order_refused', 'order_varied'] as const;
export type CourtEventKind = (typeof COURT_EVENT_KINDS)[number];

export const VARIATION_STATUSES = ['draft', 'filed', 'granted', 'refused'] as const;
export type VariationStatus = (typeof VARIATION_STATUSES)[number];

export const DOMAIN_SOURCES = ['application', 'registry_link', 'variation'] as const;
export type DomainSource = (typeof DOMAIN_SOURCES)[number];

export const ORDER_LABELS: Record<OrderKind, { full: string; section: string; interimSection: string }> = {
  service_restriction: { full: 'Service restriction order', section: 's.144', interimSection: 's.145' },
  access_restriction: { full: 'Access restriction order', section: 's.146', interimSection: 's.147' },
};

export const THIRD_PARTY_LABELS: Record<ThirdPartyKind, string> = {
  payment_provider: 'Payment provider',
  advertising_service: 'Advertising service',
  internet_access_provider: 'Internet access provider',
  app_store: 'App store',
  search_service: 'Search service',
};

export const STATUS_LABELS: Record<ApplicationStatus, { text: string; colour: string }> = {
  draft: { text: 'Draft', colour: 'grey' },
  applied: { text: 'Application made', colour: 'blue' },
  filed: { text: 'Filed with the court', colour: 'light-blue' },
  hearing_listed: { text: 'Hearing listed', colour: 'purple' },
  order_made: { text: 'Order made', colour: 'green' },
  order_refused: { text: 'Order refused', colour: 'red' },
};

export const COURT_EVENT_LABELS: Record<CourtEventKind, string> = {
  filed: 'Filed with the court',
  hearing_listed: 'Hearing listed',
  order_made: 'Order made',
  order_refused: 'Order refused',
  order_varied: 'Order varied',
};

export const VARIATION_STATUS_LABELS: Record<VariationStatus, { text: string; colour: string }> = {
  draft: { text: 'Draft', colour: 'yellow' },
  filed: { text: 'Filed with the court', colour: 'light-blue' },
  granted: { text: 'Order varied', colour: 'green' },
  refused: { text: 'Refused', colour: 'red' },
};

/** Case states from which the lifecycle lets an application be made, and the state it leads to. */
export const APPLICABLE_CASE_STATES = ['investigation', 'provisional_notice', 'confirmation_decision', 'non_compliance', 'business_disruption'] as const;
