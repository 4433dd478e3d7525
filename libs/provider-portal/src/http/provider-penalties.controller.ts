import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { PenaltyAssessments, type ProviderPenaltyView } from '@app/penalties';
import { ParseIdPipe } from '@app/platform';
import { ProviderPenaltyListResponse, ProviderPenaltyResponse } from './provider-penalties.dto.js';

/** The provider portal's API: penalties imposed on your organisation's services (anyone else's: 404). */
@ApiTags('provider penalties')
@ApiBearerAuth()
@Controller('api/v1/provider/penalties')
export class ProviderPenaltiesController {
  constructor(@Inject(PenaltyAssessments) private readonly assessments: PenaltyAssessments) {}

  @Get()
  @Roles('provider')
  @ApiOperation({ summary: "Penalties imposed on your organisation's services, newest first, with what is paid and outstanding today" })
  @ApiOkResponse({ type: ProviderPenaltyListResponse })
  list(@CurrentPrincipal() principal: Principal): Promise<{ asOf: string; items: ProviderPenaltyView[] }> {
    return this.assessments.forOrganisation(principal.organisationId);
  }

  @Get(':id')
  @Roles('provider')
  @ApiOperation({ summary: 'One penalty: the calculation as recorded, the due date, payments, any daily penalty accrued, and its status' })
  @ApiOkResponse({ type: ProviderPenaltyResponse })
  @ApiNotFoundResponse({ description: 'No penalty of your organisation has this id (problem+json PENALTY_ASSESSMENT_NOT_FOUND)' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<ProviderPenaltyView> {
    return this.assessments.forOrganisationById(principal.organisationId, id);
  }
}
