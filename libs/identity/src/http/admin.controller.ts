import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles, type Principal, type Role } from '@app/core';
import { ParseIdPipe } from '@app/platform';
import { CurrentPrincipal } from '../access/decorators.js';
import { MfaService } from '../mfa/mfa.service.js';
import { UserAdminService } from '../users/user-admin.service.js';
import {
  CreatedInvitationDto,
  CreateOrganisationDto,
  InviteUserDto,
  ListOrganisationsQueryDto,
  ListUsersQueryDto,
  OrganisationDto,
  OrganisationPageDto,
  RolePolicyDto,
  RolePolicyPageDto,
  SetRolePolicyDto,
  SetRolesDto,
  UserDto,
  UserPageDto,
} from './dto.js';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin')
export class AdminController {
  constructor(
    @Inject(UserAdminService) private readonly admin: UserAdminService,
    @Inject(MfaService) private readonly mfa: MfaService,
  ) {}

  @Get('users')
  @ApiOperation({ summary: 'Users, ordered by email' })
  @ApiOkResponse({ type: UserPageDto })
  listUsers(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.admin.listUsers(query);
  }

  @Get('users/:id')
  @ApiOkResponse({ type: UserDto })
  getUser(@Param('id', ParseIdPipe) id: string): Promise<UserDto> {
    return this.admin.getUser(id);
  }

  @Post('invitations')
  @ApiOperation({ summary: 'Invite someone to an organisation with roles; the token and link are shown once' })
  @ApiCreatedResponse({ type: CreatedInvitationDto })
  invite(@Body() body: InviteUserDto, @CurrentPrincipal() actor: Principal): Promise<CreatedInvitationDto> {
    return this.admin.invite(body, actor);
  }

  @Put('users/:id/roles')
  @ApiOperation({ summary: "Replace a user's roles (their tokens and sessions end)" })
  @ApiOkResponse({ type: UserDto })
  setRoles(@Param('id', ParseIdPipe) id: string, @Body() body: SetRolesDto, @CurrentPrincipal() actor: Principal): Promise<UserDto> {
    return this.admin.setRoles(id, body.roles, actor);
  }

  @Post('users/:id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDto })
  disable(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() actor: Principal): Promise<UserDto> {
    return this.admin.disable(id, actor);
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDto })
  enable(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() actor: Principal): Promise<UserDto> {
    return this.admin.enable(id, actor);
  }

  @Post('users/:id/mfa/reset')
  @HttpCode(200)
  @ApiOperation({ summary: "Clear a user's authenticator app (lost device); they set it up again at next sign-in" })
  @ApiOkResponse({ type: UserDto })
  async resetMfa(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() actor: Principal): Promise<UserDto> {
    await this.mfa.reset(id, actor);
    return this.admin.getUser(id);
  }

  @Get('organisations')
  @ApiOkResponse({ type: OrganisationPageDto })
  listOrganisations(@Query() query: ListOrganisationsQueryDto): Promise<OrganisationPageDto> {
    return this.admin.listOrganisations(query);
  }

  @Post('organisations')
  @ApiCreatedResponse({ type: OrganisationDto })
  createOrganisation(@Body() body: CreateOrganisationDto, @CurrentPrincipal() actor: Principal): Promise<OrganisationDto> {
    return this.admin.createOrganisation(body, actor);
  }

  @Get('role-policies')
  @ApiOperation({ summary: 'Which roles must use multi-factor authentication' })
  @ApiOkResponse({ type: RolePolicyPageDto })
  async rolePolicies(): Promise<RolePolicyPageDto> {
    return { items: await this.admin.getRolePolicies(), nextCursor: null };
  }

  @Put('role-policies/:role')
  @ApiParam({ name: 'role', enum: ['admin', 'case_officer', 'decision_maker', 'analyst', 'provider', 'complainant_body'] })
  @ApiOkResponse({ type: RolePolicyDto })
  setRolePolicy(@Param('role') role: string, @Body() body: SetRolePolicyDto, @CurrentPrincipal() actor: Principal): Promise<RolePolicyDto> {
    return this.admin.setRolePolicy(role as Role, body.mfaRequired, actor);
  }
}
