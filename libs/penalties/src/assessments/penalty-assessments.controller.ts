import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { CasePenaltiesResponse, PenaltyAssessmentResponse, RecordComplianceDto, RecordPaymentDto, RecoveryReferralDto } from './penalty-assessments.dto.js';
import { PenaltyAssessments, type PenaltyAssessmentView } from './penalty-assessments.service.js';

const READERS = ['admin', 'case_officer', 'decision_maker', 'analyst'] as const;
const CASEWORKERS = ['case_officer', 'decision_maker'] as const;

@ApiTags('penalties')
@ApiBearerAuth()
@Controller('api/v1')
export class PenaltyAssessmentsController {
  constructor(@Inject(PenaltyAssessments) private readonly assessments: PenaltyAssessments) {}

  @Get('cases/:id/penalties')
  @Roles(...READERS)
  @ApiOperation({ summary: "A case's penalties: the recorded calculation, payments, what is outstanding today and the status" })
  @ApiOkResponse({ type: CasePenaltiesResponse })
  forCase(@Param('id', ParseIdPipe) id: string): Promise<{ caseReference: string; asOf: string; assessments: PenaltyAssessmentView[] }> {
    return this.assessments.forCase(id);
  }

  @Get('penalties/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One penalty as of today' })
  @ApiOkResponse({ type: PenaltyAssessmentResponse })
  get(@Param('id', ParseIdPipe) id: string): Promise<PenaltyAssessmentView> {
    return this.assessments.get(id);
  }

  @Post('penalties/:id/payments')
  @HttpCode(201)
  @Roles(...CASEWORKERS)
  @ApiOperation({ summary: 'Record a payment received (part payments allowed; more than is outstanding is refused)' })
  @ApiOkResponse({ type: PenaltyAssessmentResponse })
  pay(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: RecordPaymentDto): Promise<PenaltyAssessmentView> {
    return this.assessments.recordPayment(principal, id, body);
  }

  @Post('penalties/:id/compliance')
  @HttpCode(200)
  @Roles(...CASEWORKERS)
  @ApiOperation({ summary: 'Record the day the provider complied, which stops the daily penalty' })
  @ApiOkResponse({ type: PenaltyAssessmentResponse })
  comply(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: RecordComplianceDto): Promise<PenaltyAssessmentView> {
    return this.assessments.recordCompliance(principal, id, body.compliedOn);
  }

  @Post('penalties/:id/recovery-referral')
  @HttpCode(200)
  @Roles(...CASEWORKERS)
  @ApiOperation({ summary: 'Refer an overdue penalty for recovery as a debt' })
  @ApiOkResponse({ type: PenaltyAssessmentResponse })
  refer(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: RecoveryReferralDto): Promise<PenaltyAssessmentView> {
    return this.assessments.referForRecovery(principal, id, body.reason);
  }
}
