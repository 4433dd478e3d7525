import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AGGRAVATING_FACTORS,
  MAX_FACTORS_PER_KIND,
  MAX_REVENUE_PENCE,
  MITIGATING_FACTORS,
  PERSON_TYPES,
  REVENUE_BASES,
  type AggravatingFactor,
  type MitigatingFactor,
  type PersonType,
  type RevenueBasis,
} from './penalty-calculator.js';
import { SERIOUSNESS_LEVELS, type Seriousness } from './penalty-policy.js';

const LEGAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '$property must be a calendar date YYYY-MM-DD';
const PERCENT = { maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false };

class AccountingPeriodDto {
  @ApiProperty({ example: '2025-01-01' })
  @Matches(LEGAL_DATE, { message: DATE_MESSAGE })
  startsOn!: string;

  @ApiProperty({ example: '2025-12-31', description: 'Last day of the period, included' })
  @Matches(LEGAL_DATE, { message: DATE_MESSAGE })
  endsOn!: string;
}

class StartingPointOverrideDto {
  @ApiProperty({ description: 'Pence', minimum: 0 })
  @IsInt()
  @Min(0)
  amountPence!: number;

  @ApiProperty({ maxLength: 500 })
  @IsString()
  @MaxLength(500)
  reason!: string;
}

/** What every aggravating or mitigating factor carries besides its code. */
abstract class PenaltyFactorDto {
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent of the adjusted starting point (two decimals at most)' })
  @IsNumber(PERCENT)
  @Min(0)
  @Max(100)
  percent!: number;

  @ApiPropertyOptional({ maxLength: 500, description: "Required for 'other'" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

class AggravatingFactorDto extends PenaltyFactorDto {
  @ApiProperty({ enum: AGGRAVATING_FACTORS })
  @IsIn(AGGRAVATING_FACTORS)
  factor!: AggravatingFactor;
}

class MitigatingFactorDto extends PenaltyFactorDto {
  @ApiProperty({ enum: MITIGATING_FACTORS })
  @IsIn(MITIGATING_FACTORS)
  factor!: MitigatingFactor;
}

class DeterrenceDto {
  @ApiProperty({ minimum: 0, maximum: 200, description: 'Percent uplift of the adjusted amount (policy maximum applies)' })
  @IsNumber(PERCENT)
  @Min(0)
  @Max(200)
  percent!: number;

  @ApiProperty({ maxLength: 500 })
  @IsString()
  @MaxLength(500)
  reason!: string;
}

class DailyPenaltyDto {
  @ApiProperty({ description: 'Pence a day', minimum: 1, example: 100_000 })
  @IsInt()
  @Min(1)
  ratePence!: number;

  @ApiProperty({ example: '2026-06-12', description: 'First day that accrues' })
  @Matches(LEGAL_DATE, { message: DATE_MESSAGE })
  startsOn!: string;

  @ApiPropertyOptional({ description: "Last day that may accrue; default and latest: the policy's maximum (60 days)" })
  @IsOptional()
  @Matches(LEGAL_DATE, { message: DATE_MESSAGE })
  longStopOn?: string;

  @ApiPropertyOptional({ description: 'The day the provider complied; it and later days do not accrue' })
  @IsOptional()
  @Matches(LEGAL_DATE, { message: DATE_MESSAGE })
  compliedOn?: string;
}

/** The inputs of a penalty calculation (see the domain reference, §7). */
export class CalculatePenaltyDto {
  @ApiPropertyOptional({ enum: PERSON_TYPES, default: 'provider' })
  @IsOptional()
  @IsIn(PERSON_TYPES)
  personType?: PersonType;

  @ApiPropertyOptional({ description: 'false when there is no complete accounting period or the revenue is not established (maximum £18m)' })
  @IsOptional()
  @IsBoolean()
  revenueEstablished?: boolean;

  @ApiPropertyOptional({ enum: REVENUE_BASES, default: 'provider_figure' })
  @IsOptional()
  @IsIn(REVENUE_BASES)
  revenueBasis?: RevenueBasis;

  @ApiPropertyOptional({ description: 'Qualifying worldwide revenue in pence (GBP)', minimum: 0, example: 250_000_000_00 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number(MAX_REVENUE_PENCE))
  qualifyingWorldwideRevenuePence?: number;

  @ApiPropertyOptional({ description: 'ISO 4217 code of the revenue figure', default: 'GBP', example: 'USD' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 currency code such as USD' })
  revenueCurrency?: string;

  @ApiPropertyOptional({ description: 'Revenue in the minor unit (cents...) of revenueCurrency, when not GBP', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  qualifyingWorldwideRevenueMinorUnits?: number;

  @ApiPropertyOptional({ description: 'Pounds sterling per one unit of revenueCurrency (required when not GBP)', example: '0.7893', type: String })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value))
  @IsString()
  @Matches(/^\d{1,9}(\.\d{1,12})?$/, { message: '$property must be a positive decimal such as "0.7893"' })
  conversionRate?: string;

  @ApiPropertyOptional({ description: 'Date of the conversion rate (required when not GBP)', example: '2025-12-31' })
  @IsOptional()
  @Matches(LEGAL_DATE, { message: DATE_MESSAGE })
  conversionRateDate?: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Bank of England spot rate' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  conversionRateSource?: string;

  @ApiPropertyOptional({ type: AccountingPeriodDto, description: 'Periods not of 12 months are pro-rated to a year' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountingPeriodDto)
  accountingPeriod?: AccountingPeriodDto;

  @ApiPropertyOptional({ enum: SERIOUSNESS_LEVELS })
  @IsOptional()
  @IsIn(SERIOUSNESS_LEVELS)
  seriousness?: Seriousness;

  @ApiPropertyOptional({ description: 'How long the contravention lasted, in whole months', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1200)
  contraventionMonths?: number;

  @ApiPropertyOptional({ type: StartingPointOverrideDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => StartingPointOverrideDto)
  startingPointOverride?: StartingPointOverrideDto;

  @ApiPropertyOptional({ type: [AggravatingFactorDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FACTORS_PER_KIND)
  @ValidateNested({ each: true })
  @Type(() => AggravatingFactorDto)
  aggravatingFactors?: AggravatingFactorDto[];

  @ApiPropertyOptional({ type: [MitigatingFactorDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FACTORS_PER_KIND)
  @ValidateNested({ each: true })
  @Type(() => MitigatingFactorDto)
  mitigatingFactors?: MitigatingFactorDto[];

  @ApiPropertyOptional({ type: DeterrenceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeterrenceDto)
  deterrence?: DeterrenceDto;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Settlement discount in percent (policy maximum 25)' })
  @IsOptional()
  @IsNumber(PERCENT)
  @Min(0)
  @Max(100)
  settlementDiscountPercent?: number;

  @ApiPropertyOptional({ type: DailyPenaltyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DailyPenaltyDto)
  dailyPenalty?: DailyPenaltyDto;

  @ApiPropertyOptional({ description: "Day of the daily penalty's running total; default today (UK)" })
  @IsOptional()
  @Matches(LEGAL_DATE, { message: DATE_MESSAGE })
  asOf?: string;
}

export class PenaltyStepView {
  @ApiProperty({
    enum: ['starting_point', 'duration', 'aggravating_factor', 'mitigating_factor', 'deterrence', 'statutory_cap', 'settlement_discount'],
  })
  name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Pence after this step' }) amountPence!: number;
  @ApiProperty({ description: 'Pence this step added (negative: removed)' }) changePence!: number;
  @ApiProperty({ description: 'Why, with the figures' }) basis!: string;
  @ApiPropertyOptional({ description: 'The factor, for aggravating and mitigating steps' }) factor?: string;
}

export class PenaltyCalculationView {
  @ApiProperty() policyVersion!: string;
  @ApiProperty() rounding!: string;
  @ApiProperty({ enum: PERSON_TYPES }) personType!: string;
  @ApiProperty({ description: 'How qualifying worldwide revenue was established, converted and pro-rated', type: Object }) revenue!: object;
  @ApiProperty({ description: 'Pence: the greater of £18m and 10% of qualifying worldwide revenue' }) statutoryMaximumPence!: number;
  @ApiProperty() statutoryMaximumBasis!: string;
  @ApiProperty({ type: [PenaltyStepView] }) steps!: PenaltyStepView[];
  @ApiProperty({ description: 'Pence: the single amount' }) penaltyPence!: number;
  @ApiProperty({ nullable: true, type: Object, description: 'Rate, long-stop, maximum total and running total as of a day' }) dailyPenalty!: object | null;
  @ApiProperty({ description: 'Pence: the single amount plus the most the daily penalty can reach' }) maximumExposurePence!: number;
}
