import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PENALTY_STATUSES } from '@app/penalties';

export class ProviderPenaltyStepResponse {
  @ApiProperty({ enum: ['starting_point', 'duration', 'aggravating_factor', 'mitigating_factor', 'deterrence', 'statutory_cap', 'settlement_discount'] })
  name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Pence after this step' }) amountPence!: number;
  @ApiProperty({ example: '£50,000,000.00' }) amount!: string;
  @ApiProperty({ description: 'Pence this step added (negative: removed)' }) changePence!: number;
  @ApiProperty({ example: '-£12,500,000.00' }) change!: string;
  @ApiProperty({ description: 'Why, with the figures' }) basis!: string;
  @ApiPropertyOptional({ description: 'The factor, for aggravating and mitigating steps' }) factor?: string;
}

export class ProviderDailyPenaltyResponse {
  @ApiProperty({ description: 'Pence a day' }) ratePence!: number;
  @ApiProperty({ example: '£10,000.00' }) rate!: string;
  @ApiProperty({ example: '2026-06-26' }) startsOn!: string;
  @ApiProperty({ example: '2026-08-24', description: 'The last day that can accrue' }) longStopOn!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The day you complied, as recorded: it and later days do not accrue' }) compliedOn!: string | null;
  @ApiProperty() daysAccrued!: number;
  @ApiProperty({ description: 'Pence accrued by asOf' }) accruedPence!: number;
  @ApiProperty({ example: '£40,000.00' }) accrued!: string;
  @ApiProperty({ description: 'Whether more days can still accrue' }) running!: boolean;
}

export class ProviderPenaltyPaymentResponse {
  @ApiProperty({ example: '2026-06-09', description: 'The day the payment was received' }) receivedOn!: string;
  @ApiProperty({ description: 'Pence received' }) amountPence!: number;
  @ApiProperty({ example: '£10,000,000.00' }) amount!: string;
}

/** A penalty imposed on one of your services, and where payment stands today. */
export class ProviderPenaltyResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'ENF-2026-0001' }) caseReference!: string;
  @ApiProperty({ example: 'DemoTube' }) serviceName!: string;
  @ApiProperty({ description: 'The day of the confirmation decision' }) decidedOn!: string;
  @ApiProperty({ description: 'Today (UK): the day the running figures are for' }) asOf!: string;
  @ApiProperty({ enum: PENALTY_STATUSES }) status!: string;
  @ApiProperty({ description: 'Pence: the single amount imposed' }) penaltyPence!: number;
  @ApiProperty({ example: '£37,500,000.00' }) penalty!: string;
  @ApiProperty({ type: [ProviderPenaltyStepResponse], description: 'The calculation as the decision recorded it (never changed); empty when the decision gave only the amount' })
  steps!: ProviderPenaltyStepResponse[];
  @ApiProperty({ description: 'The day payment is due' }) dueOn!: string;
  @ApiProperty({ description: 'Pence: the single amount plus the daily penalty accrued by asOf' }) totalDuePence!: number;
  @ApiProperty() totalDue!: string;
  @ApiProperty() paidPence!: number;
  @ApiProperty() paid!: string;
  @ApiProperty() outstandingPence!: number;
  @ApiProperty() outstanding!: string;
  @ApiProperty({ type: ProviderDailyPenaltyResponse, nullable: true }) daily!: ProviderDailyPenaltyResponse | null;
  @ApiProperty({ type: [ProviderPenaltyPaymentResponse] }) payments!: ProviderPenaltyPaymentResponse[];
  @ApiProperty({ type: [String], description: 'The account in words' }) explanation!: string[];
}

export class ProviderPenaltyListResponse {
  @ApiProperty({ description: 'Today (UK): the day the running figures are for' }) asOf!: string;
  @ApiProperty({ type: [ProviderPenaltyResponse] }) items!: ProviderPenaltyResponse[];
}
