import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PenaltyStepView } from '../calculate-penalty.dto.js';
import { PENALTY_STATUSES } from './penalty-account.js';

const LEGAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '$property must be a calendar date YYYY-MM-DD';

export class RecordPaymentDto {
  @ApiProperty({ description: 'Pence received', minimum: 1, example: 50_000_000 })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountPence!: number;

  @ApiProperty({ example: '2026-06-10', description: 'The day the money was received' })
  @Matches(LEGAL_DATE, { message: DATE_MESSAGE })
  receivedOn!: string;

  @ApiProperty({ maxLength: 200, example: 'BACS 7781-22', description: "The payer's or the bank's reference" })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reference!: string;
}

export class RecordComplianceDto {
  @ApiProperty({ example: '2026-06-20', description: 'The day the provider complied: it and later days do not accrue' })
  @Matches(LEGAL_DATE, { message: DATE_MESSAGE })
  compliedOn!: string;
}

export class RecoveryReferralDto {
  @ApiProperty({ maxLength: 2000, example: 'Unpaid 30 days after the due date; reminders unanswered.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

class PenaltyPaymentView {
  @ApiProperty() id!: string;
  @ApiProperty() amountPence!: number;
  @ApiProperty() receivedOn!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() recordedBy!: string;
}

export class PenaltyAssessmentResponse {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty() caseReference!: string;
  @ApiProperty() decidedOn!: string;
  @ApiProperty({ enum: PENALTY_STATUSES }) status!: string;
  @ApiProperty({ description: 'Pence: the single amount imposed' }) penaltyPence!: number;
  @ApiProperty({ description: 'Pence: the single amount plus the daily penalty accrued by asOf' }) totalDuePence!: number;
  @ApiProperty() paidPence!: number;
  @ApiProperty() outstandingPence!: number;
  @ApiProperty({ description: 'Payment due date (the penalty_payment deadline)' }) dueOn!: string;
  @ApiProperty({ description: 'Today (UK), the day the running figures are for' }) asOf!: string;
  @ApiProperty() statutoryMaximumPence!: number;
  @ApiProperty() statutoryMaximumBasis!: string;
  @ApiProperty({ description: "false when the decision gave penaltyPence without penaltyCalculation: only the £18m maximum was checked" }) inputsRecorded!: boolean;
  @ApiPropertyOptional({ type: Object, nullable: true }) inputs!: object | null;
  @ApiProperty({ type: [PenaltyStepView] }) steps!: PenaltyStepView[];
  @ApiProperty({ type: Object, nullable: true, description: '{ratePence, startsOn, longStopOn, compliedOn, daysAccrued, accruedPence, running, lastAccruedOn}' }) daily!: object | null;
  @ApiProperty({ type: [PenaltyPaymentView] }) payments!: PenaltyPaymentView[];
  @ApiProperty({ type: Object, nullable: true }) referral!: object | null;
  @ApiProperty({ type: Object, nullable: true }) compliance!: object | null;
  @ApiProperty({ type: Object, description: '{chainId, caseVersion, assessmentEventId}: the decision’s audit event and the assessment’s' }) auditReference!: object;
  @ApiProperty() policyVersion!: string;
  @ApiProperty() calculatorVersion!: string;
  @ApiProperty({ type: [String] }) explanation!: string[];
}

export class CasePenaltiesResponse {
  @ApiProperty() caseReference!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: [PenaltyAssessmentResponse] }) assessments!: PenaltyAssessmentResponse[];
}
