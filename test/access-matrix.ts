import { REGULATOR_ROLES, ROLES, type Role } from '@app/core';

/**
 * Who may call each route the server registers: THE access matrix, checked by
 * test/access-matrix.test.ts against the running application. Every route needs a line here, or
 * that test fails and names it. One line per route, keyed 'METHOD /path' exactly as registered
 * (path parameters as ':name', wildcards as '*'):
 *
 *   'GET /api/v1/cases/:id': { allow: ['admin', 'case_officer', 'decision_maker', 'analyst'] },
 *   'POST /api/v1/intake': { public: true },
 *
 * `public: true`: anyone, signed in or not (anonymous is never refused). `allow`: the roles that may
 * call it; anonymous gets 401 and every other role 403. External roles (provider, complainant_body)
 * are allowed a route when they may reach their own organisation's objects through it; the 404 for
 * another organisation's objects is each context's own test.
 */
export type RouteAccess = { public: true } | { allow: readonly Role[] };

/** Any signed-in principal, whatever their role. */
export const ANY_ROLE: readonly Role[] = ROLES;
export const REGULATOR: readonly Role[] = REGULATOR_ROLES;
const CASEWORK: readonly Role[] = ['admin', 'case_officer', 'decision_maker'];
const ADMIN: readonly Role[] = ['admin'];
const KEY_HOLDERS: readonly Role[] = ['admin', 'provider', 'complainant_body'];

export const ACCESS_MATRIX: Record<string, RouteAccess> = {
  // super-complaints (libs/super-complaints)
  'POST /api/v1/super-complaints': { allow: ['complainant_body'] },
  'GET /api/v1/super-complaints': { allow: ['admin', 'case_officer', 'decision_maker', 'complainant_body'] },
  'GET /api/v1/super-complaints/stats': { allow: ['admin', 'case_officer', 'decision_maker', 'analyst'] },
  'GET /api/v1/super-complaints/published': { public: true },
  'GET /api/v1/super-complaints/:id': { allow: ['admin', 'case_officer', 'decision_maker', 'complainant_body'] },
  'PATCH /api/v1/super-complaints/:id': { allow: ['complainant_body'] },
  'POST /api/v1/super-complaints/:id/submit': { allow: ['complainant_body'] },
  'POST /api/v1/super-complaints/:id/events': { allow: ['case_officer', 'decision_maker', 'complainant_body'] },
  'GET /api/v1/super-complaints/:id/messages': { allow: ['admin', 'case_officer', 'decision_maker', 'complainant_body'] },
  'POST /api/v1/super-complaints/:id/messages': { allow: ['case_officer', 'decision_maker', 'complainant_body'] },
  'POST /api/v1/eligible-entity-applications': { public: true },
  'GET /api/v1/eligible-entity-applications': { allow: ['admin', 'case_officer', 'decision_maker'] },
  'GET /api/v1/eligible-entity-applications/:id': { allow: ['admin', 'case_officer', 'decision_maker'] },
  'POST /api/v1/eligible-entity-applications/:id/decision': { allow: ['case_officer', 'decision_maker'] },
  'GET /eligible-entities/apply': { public: true },
  'POST /eligible-entities/apply': { public: true },
  'GET /eligible-entities/applications': { allow: ['admin', 'case_officer', 'decision_maker'] },
  'GET /eligible-entities/applications/:id': { allow: ['admin', 'case_officer', 'decision_maker'] },
  'POST /eligible-entities/applications/:id/decision': { allow: ['case_officer', 'decision_maker'] },
  'GET /super-complaints': { allow: ['admin', 'case_officer', 'decision_maker', 'complainant_body'] },
  'GET /super-complaints/published': { public: true },
  'GET /super-complaints/published/:id': { public: true },
  'GET /super-complaints/new': { allow: ['complainant_body'] },
  'POST /super-complaints/new': { allow: ['complainant_body'] },
  'GET /super-complaints/:id/edit': { allow: ['complainant_body'] },
  'POST /super-complaints/:id/edit': { allow: ['complainant_body'] },
  'GET /super-complaints/:id': { allow: ['admin', 'case_officer', 'decision_maker', 'complainant_body'] },
  'POST /super-complaints/:id/messages': { allow: ['case_officer', 'decision_maker', 'complainant_body'] },
  'POST /super-complaints/:id/events': { allow: ['case_officer', 'decision_maker', 'complainant_body'] },

  // platform: health and the OpenAPI document
  'GET /health/live': { public: true },
  'GET /health/ready': { public: true },
  'GET /api/docs': { public: true },
  'GET /api/docs/': { public: true },
  'GET /api/docs/*': { public: true },
  'GET /api/docs/index.html': { public: true },
  'GET /api/docs/LICENSE': { public: true },
  'GET /api/docs/swagger-ui-init.js': { public: true },
  'GET /api/docs/docs/*': { public: true },
  'GET /api/docs/docs/swagger-ui-init.js': { public: true },
  'GET /api/docs-json': { public: true },
  'GET /api/docs-yaml': { public: true },

  // audit
  'GET /api/v1/audit/verify': { allow: CASEWORK },

  // identity and access
  'POST /api/v1/auth/token': { public: true },
  'POST /api/v1/invitations/accept': { public: true },
  'GET /api/v1/me': { allow: ANY_ROLE },
  'POST /api/v1/me/mfa/enrolment': { allow: ANY_ROLE },
  'POST /api/v1/me/mfa/enrolment/confirm': { allow: ANY_ROLE },
  'GET /api/v1/admin/users': { allow: ADMIN },
  'GET /api/v1/admin/users/:id': { allow: ADMIN },
  'POST /api/v1/admin/invitations': { allow: ADMIN },
  'PUT /api/v1/admin/users/:id/roles': { allow: ADMIN },
  'POST /api/v1/admin/users/:id/disable': { allow: ADMIN },
  'POST /api/v1/admin/users/:id/enable': { allow: ADMIN },
  'POST /api/v1/admin/users/:id/mfa/reset': { allow: ADMIN },
  'GET /api/v1/admin/organisations': { allow: ADMIN },
  'POST /api/v1/admin/organisations': { allow: ADMIN },
  'GET /api/v1/admin/role-policies': { allow: ADMIN },
  'PUT /api/v1/admin/role-policies/:role': { allow: ADMIN },
  'GET /api/v1/api-keys': { allow: KEY_HOLDERS },
  'POST /api/v1/api-keys': { allow: KEY_HOLDERS },
  'DELETE /api/v1/api-keys/:id': { allow: KEY_HOLDERS },

  // privacy
  'GET /api/v1/admin/personal-data-reads': { allow: ADMIN },

  // notifications (outbox and the mail viewer)
  'GET /api/v1/outbox': { allow: CASEWORK },
  'GET /api/v1/outbox/:id': { allow: CASEWORK },
  'POST /api/v1/outbox/:id/retry': { allow: ADMIN },
  'GET /mail': { allow: CASEWORK },
  'GET /mail/:id': { allow: CASEWORK },
  'GET /mail/:id/body': { allow: CASEWORK },

  // documents
  'GET /api/v1/documents/templates': { allow: REGULATOR },
  'GET /api/v1/documents': { allow: REGULATOR },
  'GET /api/v1/documents/:id': { allow: REGULATOR },
  'GET /documents/templates': { allow: REGULATOR },
  'GET /documents/preview/:template': { allow: REGULATOR },
  'GET /documents/:id': { allow: REGULATOR },

  // deadlines and the calendar
  'GET /api/v1/calendar/add': { public: true },
  'GET /api/v1/calendar/bank-holidays': { public: true },
  'GET /api/v1/deadlines/:id': { allow: REGULATOR },
  'POST /api/v1/deadlines/:id/extensions': { allow: ['case_officer', 'decision_maker'] },

  // penalties
  'POST /api/v1/penalties/calculate': { allow: REGULATOR },

  // registry of providers and services
  'POST /api/v1/providers': { allow: ['admin', 'case_officer'] },
  'GET /api/v1/providers': { allow: REGULATOR },
  'GET /api/v1/providers/:id': { allow: [...REGULATOR, 'provider'] },
  'PATCH /api/v1/providers/:id': { allow: ['admin', 'case_officer'] },
  'POST /api/v1/services': { allow: ['admin', 'case_officer'] },
  'GET /api/v1/services': { allow: [...REGULATOR, 'provider'] },
  'GET /api/v1/services/resolve': { allow: REGULATOR },
  'GET /api/v1/services/:id': { allow: [...REGULATOR, 'provider'] },
  'PATCH /api/v1/services/:id': { allow: ['admin', 'case_officer'] },
  'POST /api/v1/services/:id/domains': { allow: ['admin', 'case_officer'] },

  // triage
  'GET /api/v1/triage/models': { allow: REGULATOR },
  'GET /api/v1/triage/models/:version': { allow: REGULATOR },
  'POST /api/v1/triage/models': { allow: ADMIN },
  'POST /api/v1/triage/models/:version/activate': { allow: ADMIN },

  // intake, matters and the triage queue
  'POST /api/v1/intake': { public: true },
  'GET /api/v1/intake/status/:reference': { public: true },
  'GET /api/v1/intake/:id': { allow: ANY_ROLE },
  'GET /api/v1/intake/:id/personal-data': { allow: CASEWORK },
  'GET /api/v1/triage/queue': { allow: REGULATOR },
  'GET /api/v1/matters/:id': { allow: REGULATOR },
  'POST /api/v1/matters/:id/assign': { allow: CASEWORK },
  'POST /api/v1/matters/:id/open-case': { allow: ['admin', 'case_officer'] },
  'POST /api/v1/matters/:id/route': { allow: CASEWORK },
  'PATCH /api/v1/matters/:id/assessment': { allow: CASEWORK },
  'POST /api/v1/matters/:id/override': { allow: CASEWORK },
  'POST /api/v1/matters/:id/rescore': { allow: CASEWORK },
  'POST /api/v1/matters/:id/merge': { allow: CASEWORK },
  'POST /api/v1/matters/:id/split': { allow: CASEWORK },
  'GET /complaints': { public: true },
  'GET /complaints/status': { public: true },
  'GET /complaints/confirmation': { public: true },
  'GET /complaints/check': { public: true },
  'POST /complaints/check': { public: true },
  'GET /complaints/:step': { public: true },
  'POST /complaints/:step': { public: true },
  'GET /triage': { allow: REGULATOR },
  'GET /triage/matters/:id': { allow: REGULATOR },
  'POST /triage/matters/:id/assign': { allow: CASEWORK },
  'POST /triage/matters/:id/route': { allow: CASEWORK },
  'POST /triage/matters/:id/override': { allow: CASEWORK },
  'POST /triage/matters/:id/open-case': { allow: ['admin', 'case_officer'] },

  // enforcement cases and their lifecycle
  'POST /api/v1/cases': { allow: CASEWORK },
  'GET /api/v1/cases': { allow: REGULATOR },
  'GET /api/v1/cases/:id': { allow: REGULATOR },
  'GET /api/v1/cases/:id/transitions': { allow: REGULATOR },
  'POST /api/v1/cases/:id/transitions': { allow: CASEWORK },
  'GET /api/v1/cases/:id/events': { allow: REGULATOR },
  'GET /api/v1/cases/:id/deadlines': { allow: REGULATOR },
  'GET /cases': { allow: REGULATOR },
  'GET /cases/new': { allow: ['case_officer', 'decision_maker'] },
  'POST /cases/new': { allow: ['case_officer', 'decision_maker'] },
  'GET /cases/:id': { allow: REGULATOR },
  'POST /cases/:id/domains': { allow: ['admin', 'case_officer'] },
  'GET /cases/:id/events/:event': { allow: CASEWORK },
  'POST /cases/:id/events/:event': { allow: CASEWORK },
  'GET /work-queue': { allow: ['case_officer', 'decision_maker'] },

  // web pages (signed-in pages need a session; bearer tokens reach them too)
  'GET /assets/*': { public: true },
  'GET /assets/govuk/*': { public: true },
  'GET /assets/app/*': { public: true },
  'GET /': { public: true },
  'GET /sign-in': { public: true },
  'POST /sign-in': { public: true },
  'GET /sign-in/code': { allow: ANY_ROLE },
  'POST /sign-in/code': { allow: ANY_ROLE },
  'POST /sign-out': { public: true },
  'GET /account/mfa': { allow: ANY_ROLE },
  'POST /account/mfa': { allow: ANY_ROLE },
  'GET /invitations/accept': { public: true },
  'POST /invitations/accept': { public: true },
  'GET /dashboard': { allow: ANY_ROLE },
  'GET /admin/users': { allow: ADMIN },
  'GET /admin/users/invite': { allow: ADMIN },
  'POST /admin/users/invite': { allow: ADMIN },
  'GET /admin/users/:id': { allow: ADMIN },
  'POST /admin/users/:id/roles': { allow: ADMIN },
  'POST /admin/users/:id/reset-mfa': { allow: ADMIN },
  'POST /admin/users/:id/disable': { allow: ADMIN },
  'POST /admin/users/:id/enable': { allow: ADMIN },
  'GET /admin/organisations': { allow: ADMIN },
  'POST /admin/organisations': { allow: ADMIN },
  'GET /admin/role-policies': { allow: ADMIN },
  'POST /admin/role-policies': { allow: ADMIN },
  'GET /account/api-keys': { allow: KEY_HOLDERS },
  'POST /account/api-keys': { allow: KEY_HOLDERS },
  'POST /account/api-keys/:id/revoke': { allow: KEY_HOLDERS },

  // reporting (issue 8)
  'GET /api/v1/reports/enforcement-timelines': { allow: ['admin', 'case_officer', 'decision_maker', 'analyst'] },
  'GET /reports/enforcement-timelines': { allow: ['admin', 'case_officer', 'decision_maker', 'analyst'] },
  'GET /reports/enforcement-timelines/committee-pack': { allow: ['admin', 'case_officer', 'decision_maker', 'analyst'] },
};
