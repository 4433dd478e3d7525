export { IdentityModule } from './identity.module.js';
export { AccessGuard } from './access/access.guard.js';
export { CredentialsGuard } from './access/credentials.guard.js';
export { ALLOW_MFA_PENDING, AllowMfaPending, CurrentPrincipal } from './access/decorators.js';
export { assertVisibleTo, scopeForExternal } from './access/scope.js';
export { AuthService, LOCKOUT_AFTER_FAILURES, LOCKOUT_SECONDS, type AccessTokenClaims, type AuthenticatedUser } from './auth/auth.service.js';
export { LOGIN_ATTEMPTS_PER_WINDOW, LOGIN_WINDOW_SECONDS } from './auth/login-throttle.js';
export { checkPasswordStrength, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './auth/password-policy.js';
export { ApiKeyService, type ApiKeyView, type CreatedApiKey } from './api-keys/api-key.service.js';
export { MFA_ALWAYS_IN_PRODUCTION, MfaService, type MfaEnrolment } from './mfa/mfa.service.js';
export { demoUsersBanner, resolveDemoPassword, type DemoPassword } from './seed/demo-password.js';
export { DemoSeeder } from './seed/demo-seeder.js';
export { DEMO_ORGANISATIONS, DEMO_USERS, demoUserFor, type DemoUser } from './seed/demo-users.js';
export { clearSessionCookie, readSessionCookie, SESSION_COOKIE, setSessionCookie } from './sessions/session-cookie.js';
export { SessionService, type ResolvedSession } from './sessions/session.service.js';
export { apiKeyRoleFor, ORGANISATION_KINDS, rolesAllowedFor } from './users/organisation-roles.js';
export {
  INVITATION_TTL_DAYS,
  UserAdminService,
  type InvitationView,
  type OrganisationView,
  type RolePolicyView,
  type UserView,
} from './users/user-admin.service.js';
