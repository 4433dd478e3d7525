import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { isLegalDate } from '../calendar/legal-date.js';
import { JURISDICTIONS, MAX_AMOUNT, PERIOD_UNITS, type Jurisdiction, type PeriodUnit } from '../calendar/uk-calendar.js';
import { DEADLINE_KINDS, DEADLINE_STATUSES, DEADLINE_UNITS } from '../deadline.js';

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
const IsLegalDate = (): PropertyDecorator =>
  ValidateBy({ name: 'isLegalDate', validator: { validate: (value) => isLegalDate(value), defaultMessage: () => 'must be a real date written YYYY-MM-DD' } });

/** Query strings are text: only plain digits become a number, so "", "1.5" and "1e3" are refused. */
const toWholeNumber = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

export class CalendarAddQuery {
  @ApiProperty({ description: 'Day 0 of the period (YYYY-MM-DD); day 1 is the next day', example: '2026-05-13' })
  @IsLegalDate()
  from!: string;

  @ApiProperty({ description: `Length of the period (0 to ${MAX_AMOUNT.working_days}; at most ${MAX_AMOUNT.calendar_months} for calendar_months)`, example: 10 })
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(MAX_AMOUNT.working_days)
  amount!: number;

  @ApiProperty({ enum: PERIOD_UNITS, example: 'working_days' })
  @IsIn(PERIOD_UNITS, { message: `must be one of ${PERIOD_UNITS.join(', ')}` })
  unit!: PeriodUnit;

  @ApiPropertyOptional({ enum: JURISDICTIONS, default: 'england-and-wales', description: 'Whose bank holidays apply' })
  @IsOptional()
  @IsIn(JURISDICTIONS, { message: `must be one of ${JURISDICTIONS.join(', ')}` })
  jurisdiction?: Jurisdiction;
}

export class ExplanationLineView {
  @ApiProperty({ enum: ['start', 'counted', 'skipped', 'result', 'note', 'rule', 'change'] }) kind!: string;
  @ApiProperty({ example: 'Skipped Monday 25 May 2026: Spring bank holiday (England and Wales)' }) text!: string;
  @ApiPropertyOptional({ example: '2026-05-25' }) date?: string;
  @ApiPropertyOptional({ description: 'Number of a counted day (day 1 is the day after the start)' }) day?: number;
  @ApiPropertyOptional({ enum: ['weekend', 'bank_holiday'] }) reason?: string;
  @ApiPropertyOptional({ example: 'Spring bank holiday' }) holiday?: string;
}

export class CalendarAddResponse {
  @ApiProperty({ example: '2026-05-28' }) date!: string;
  @ApiProperty({
    type: [String],
    example: ['Start: Wednesday 13 May 2026 (day 0; day 1 is the next day)', 'Skipped Monday 25 May 2026: Spring bank holiday (England and Wales)', 'Day 10: Thursday 28 May 2026'],
  })
  explanation!: string[];
  @ApiProperty({ example: '10 working days in England and Wales; day 1 is the day after the start; ...' }) rule!: string;
  @ApiProperty() from!: string;
  @ApiProperty() amount!: number;
  @ApiProperty({ enum: PERIOD_UNITS }) unit!: string;
  @ApiProperty({ enum: JURISDICTIONS }) jurisdiction!: string;
  @ApiProperty({ type: [ExplanationLineView], description: 'The explanation with the facts behind each line' }) lines!: ExplanationLineView[];
}

export class BankHolidaysQuery {
  @ApiProperty({ example: 2026 })
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole year' })
  @Min(1971)
  @Max(2200)
  year!: number;

  @ApiPropertyOptional({ enum: JURISDICTIONS, default: 'england-and-wales' })
  @IsOptional()
  @IsIn(JURISDICTIONS, { message: `must be one of ${JURISDICTIONS.join(', ')}` })
  jurisdiction?: Jurisdiction;
}

export class BankHolidayView {
  @ApiProperty({ example: '2026-12-28' }) date!: string;
  @ApiProperty({ example: 'Boxing Day (substitute day)' }) name!: string;
  @ApiProperty({ example: 'Monday' }) weekday!: string;
  @ApiProperty({ description: 'A weekday off in place of a holiday that fell on a weekend' }) substitute!: boolean;
}

export class BankHolidaysResponse {
  @ApiProperty() year!: number;
  @ApiProperty({ enum: JURISDICTIONS }) jurisdiction!: string;
  @ApiProperty({ type: [BankHolidayView], description: 'Weekdays off work; a holiday on a weekend appears as its substitute day' })
  items!: BankHolidayView[];
}

export class ExtendDeadlineBody {
  @ApiPropertyOptional({ example: '2026-06-11', description: 'The new due date; must be after the current one. Required unless the deadline is in hours.' })
  @IsOptional()
  @IsLegalDate()
  newDueOn?: string;

  @ApiPropertyOptional({ example: '2026-05-17T13:00:00Z', description: 'Deadlines in hours: the new due instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 instant' })
  newDueAt?: string;

  @ApiProperty({ example: 'The provider asked for more time because of the volume of material', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class DeadlineExtensionView {
  @ApiProperty() previousDueOn!: string;
  @ApiProperty() newDueOn!: string;
  @ApiProperty({ nullable: true, type: String }) newDueAt!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ example: { id: '3f1c2a9e-8d7b-4c6a-9e2f-0a1b2c3d4e5f', label: 'decider@demo.test' } }) approvedBy!: { id: string | null; label: string };
  @ApiProperty() createdAt!: string;
}

export class DeadlineClockStopView {
  @ApiProperty() stoppedOn!: string;
  @ApiProperty({ nullable: true, type: String }) stoppedAt!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) restartedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) restartedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) movedBy!: number | null;
  @ApiProperty({ nullable: true, enum: ['working_days', 'calendar_days', 'seconds'] }) movedByUnit!: string | null;
}

export class DeadlineView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind!: string;
  @ApiProperty({ example: 'Representations on the provisional notice' }) label!: string;
  @ApiProperty({ example: 'case' }) subjectType!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Human reference of what it belongs to, e.g. the case reference' }) reference!: string | null;
  @ApiProperty({ enum: DEADLINE_UNITS }) unit!: string;
  @ApiProperty({ nullable: true, type: Number }) amount!: number | null;
  @ApiProperty({ enum: JURISDICTIONS }) jurisdiction!: string;
  @ApiProperty({ example: '2026-05-13' }) startsOn!: string;
  @ApiProperty({ nullable: true, type: String }) startsAt!: string | null;
  @ApiProperty({ example: '2026-05-28' }) dueOn!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Deadlines in hours: the due instant' }) dueAt!: string | null;
  @ApiProperty({ description: 'First instant the deadline counts as missed: the end of dueOn in UK local time, or dueAt' }) overdueFrom!: string;
  @ApiProperty() originalDueOn!: string;
  @ApiProperty({ enum: DEADLINE_STATUSES }) status!: string;
  @ApiProperty({ type: [String] }) explanation!: string[];
  @ApiProperty({ type: [ExplanationLineView] }) explanationLines!: ExplanationLineView[];
  @ApiProperty({ type: [DeadlineExtensionView] }) extensions!: DeadlineExtensionView[];
  @ApiProperty({ type: [DeadlineClockStopView] }) clockStops!: DeadlineClockStopView[];
  @ApiProperty({ nullable: true, type: String }) satisfiedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) satisfiedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) satisfiedByEvent!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerUserId!: string | null;
  @ApiProperty({ nullable: true, type: String }) escalateToUserId!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
