import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/core';
import { UserAdminService } from '../users/user-admin.service.js';
import { AcceptInvitationDto, UserDto } from './dto.js';

@ApiTags('auth')
@Controller('api/v1/invitations')
export class InvitationsController {
  constructor(@Inject(UserAdminService) private readonly admin: UserAdminService) {}

  @Post('accept')
  @Public()
  @ApiOperation({ summary: 'Accept an invitation: choose a password (at least 12 characters) and get an account' })
  @ApiCreatedResponse({ type: UserDto })
  accept(@Body() body: AcceptInvitationDto): Promise<UserDto> {
    return this.admin.acceptInvitation(body.token, { password: body.password, name: body.name });
  }
}
