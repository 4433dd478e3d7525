import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { ProviderPortal, type NoticeDetail, type PendingExtensionView } from '../provider-portal.service.js';
import { ExtensionDecisionBodyDto } from './dto.js';

const CASEWORK = ['admin', 'case_officer', 'decision_maker'] as const;

/** The regulator's side of provider notices: what arrived on a case, and extension requests to decide. */
@ApiTags('provider notices')
@ApiBearerAuth()
@Controller('api/v1')
export class OfficerNoticesController {
  constructor(@Inject(ProviderPortal) private readonly portal: ProviderPortal) {}

  @Get('cases/:id/notices')
  @Roles(...CASEWORK)
  @ApiOperation({ summary: "The notices issued to the provider on a case, with the provider's answers, representations and extension requests (with receipts)" })
  caseNotices(@Param('id', ParseIdPipe) id: string): Promise<NoticeDetail[]> {
    return this.portal.forCase(id);
  }

  @Get('provider/extension-requests')
  @Roles(...CASEWORK)
  @ApiOperation({ summary: 'Extension requests awaiting a decision, oldest first' })
  pending(): Promise<PendingExtensionView[]> {
    return this.portal.pendingExtensions();
  }

  @Post('provider/extension-requests/:id/decision')
  @HttpCode(200)
  @Roles('case_officer', 'decision_maker')
  @ApiOperation({
    summary: 'Grant (moving the deadline, to newDueOn or the date asked for) or refuse an extension request, with reasons',
    description: 'Audited; the provider is emailed the decision. 409 PROVIDER_EXTENSION_ALREADY_DECIDED when it was decided already.',
  })
  decide(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: ExtensionDecisionBodyDto): Promise<PendingExtensionView> {
    return this.portal.decideExtension(principal, id, body);
  }
}
