import { Global, Module } from '@nestjs/common';
import { AccountMfaController } from './controllers/account-mfa.controller.js';
import { AdminOrganisationsController } from './controllers/admin-organisations.controller.js';
import { AdminRolePoliciesController } from './controllers/admin-role-policies.controller.js';
import { AdminUsersController } from './controllers/admin-users.controller.js';
import { ApiKeysController } from './controllers/api-keys.controller.js';
import { DashboardController } from './controllers/dashboard.controller.js';
import { InvitationsController } from './controllers/invitations.controller.js';
import { SignInController } from './controllers/sign-in.controller.js';
import { StartController } from './controllers/start.controller.js';
import { Pages } from './pages.js';

/**
 * The pages people use in a browser (GOV.UK Design System, server-rendered, working without
 * JavaScript). Other contexts add their own page controllers and inject `Pages` to render.
 */
@Global()
@Module({
  controllers: [
    StartController,
    SignInController,
    AccountMfaController,
    InvitationsController,
    DashboardController,
    AdminUsersController,
    AdminOrganisationsController,
    AdminRolePoliciesController,
    ApiKeysController,
  ],
  providers: [Pages],
  exports: [Pages],
})
export class WebModule {}
