import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { HARM_CATEGORIES, type HarmCategory } from '@app/core';
import { CASE_EVENTS, CASE_STATES, JURISDICTIONS, type CaseState, type Jurisdiction } from '../domain/vocabulary.js';
import { CASE_SORTS, type CaseSort } from '../persistence/case.repository.js';

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
/** Query strings are text: only plain digits become a number. */
const toWholeNumber = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateCaseBody {
  @ApiPropertyOptional({ format: 'uuid', description: 'The online service (registry id). Give this or serviceUrl.' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  serviceId?: string;

  @ApiPropertyOptional({ example: 'https://example.com', description: "The service's web address. Give this or serviceId." })
  @IsOptional()
  @IsString()
  @Length(1, 2048)
  serviceUrl?: string;

  @ApiProperty({ example: 'Illegal content risk assessment not carried out', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'must not be blank' })
  title!: string;

  @ApiProperty({ enum: HARM_CATEGORIES, isArray: true, example: ['csam'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HARM_CATEGORIES.length)
  @IsIn(HARM_CATEGORIES, { each: true, ...oneOf(HARM_CATEGORIES) })
  harmCategories!: HarmCategory[];

  @ApiPropertyOptional({ enum: JURISDICTIONS, default: 'england-and-wales', description: 'Whose bank holidays count in working-day deadlines' })
  @IsOptional()
  @IsIn(JURISDICTIONS, oneOf(JURISDICTIONS))
  jurisdiction?: Jurisdiction;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Intake matters the case comes from' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each must be a UUID' })
  matterIds?: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'When the case was really opened (importing history): past only; needs a reason' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 instant such as 2026-03-01T09:30:00Z' })
  occurredAt?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Why (required with occurredAt: where the record comes from)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The officer handling the case (default: the case officer who creates it)' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  assignedOfficerId?: string;
}

export class TransitionBody {
  @ApiProperty({ enum: CASE_EVENTS, example: 'open_investigation' })
  @IsString()
  @MaxLength(64)
  event!: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Why (required by reopen, and with occurredAt)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the step really happened (importing history): not in the future, not before the previous event' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 instant such as 2026-03-01T09:30:00Z' })
  occurredAt?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "The event's data: see GET /api/v1/cases/:id/transitions and docs/lifecycle.md" })
  @IsOptional()
  @IsObject({ message: 'must be a JSON object' })
  data?: Record<string, unknown>;
}

export class ListCasesQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATES })
  @IsOptional()
  @IsIn(CASE_STATES, oneOf(CASE_STATES))
  state?: CaseState;

  @ApiPropertyOptional({ format: 'uuid', description: 'Assigned or investigating officer' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  officer?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Service id' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  service?: string;

  @ApiPropertyOptional({ enum: HARM_CATEGORIES })
  @IsOptional()
  @IsIn(HARM_CATEGORIES, oneOf(HARM_CATEGORIES))
  harm?: HarmCategory;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only cases with an overdue deadline; false: only those without' })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ enum: CASE_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(CASE_SORTS, oneOf(CASE_SORTS))
  sort?: CaseSort;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export class CreatedCaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ENF-2026-000123' }) reference!: string;
  @ApiProperty({ enum: CASE_STATES, example: 'assessment' }) state!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

export class CaseLinkView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: ['continues', 'related', 'merged_into'] }) relation!: string;
  @ApiProperty({ enum: ['outgoing', 'incoming'] }) direction!: string;
  @ApiProperty({ format: 'date-time' }) linkedAt!: string;
}

export class CaseSummaryView extends CreatedCaseView {
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid', description: 'The online service in the registry' }) serviceId!: string;
  @ApiProperty({ nullable: true, description: 'The normalised web address the case was opened with' }) serviceUrl!: string | null;
  @ApiProperty({ nullable: true, description: 'Its host (or the service\'s primary domain)' }) serviceDomain!: string | null;
  @ApiProperty({ enum: HARM_CATEGORIES, isArray: true }) harmCategories!: string[];
  @ApiProperty({ enum: JURISDICTIONS }) jurisdiction!: string;
  @ApiProperty({ type: [String], description: 'Legal provisions investigated' }) provisions!: string[];
  @ApiProperty({ format: 'uuid', nullable: true }) assignedOfficerId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) investigatingOfficerId!: string | null;
  @ApiProperty({ nullable: true, enum: ['no_action', 'remediated', 'warning_issued', 'geoblocked', 'no_contravention', 'complied', 'order_made', 'order_refused', 'withdrawn', 'merged'] })
  outcome!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the case was really opened' }) openedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true }) investigationOpenedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, description: 'When the case entry was published (investigation opened)' }) publishedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) representationsReceivedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ enum: ['create', ...CASE_EVENTS] }) lastEvent!: string;
  @ApiProperty({ format: 'date-time' }) lastOccurredAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CaseDeadlineView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'representations' }) kind!: string;
  @ApiProperty({ example: 'Representations on the provisional notice' }) label!: string;
  @ApiProperty({ example: '2026-05-13' }) startsOn!: string;
  @ApiProperty({ example: '2026-06-10' }) dueOn!: string;
  @ApiProperty({ example: 'working_days' }) unit!: string;
  @ApiProperty({ nullable: true, example: 20 }) amount!: number | null;
  @ApiProperty({ example: 'england-and-wales' }) jurisdiction!: string;
  @ApiProperty({ example: 'pending' }) status!: string;
  @ApiProperty({ type: [String], description: 'How the due date was worked out, one line each' }) explanation!: string[];
}

export class CaseView extends CaseSummaryView {
  @ApiProperty({ type: [String], format: 'uuid' }) matterIds!: string[];
  @ApiProperty({ type: [CaseLinkView] }) links!: CaseLinkView[];
  @ApiProperty({ type: [CaseDeadlineView] }) deadlines!: CaseDeadlineView[];
}

export class CaseListView {
  @ApiProperty({ type: [CaseSummaryView] }) items!: CaseSummaryView[];
  @ApiProperty({ nullable: true }) nextCursor!: string | null;
}

export class AvailableEventView {
  @ApiProperty({ enum: CASE_EVENTS }) event!: string;
  @ApiProperty({ enum: CASE_STATES }) toState!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '{name, type, required, description} of each data field' }) fields!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'string' } }, description: 'Groups of fields of which one must be given' }) oneOf!: string[][];
}

export class BlockedEventView {
  @ApiProperty({ enum: CASE_EVENTS }) event!: string;
  @ApiProperty({ example: 'CASE_REPRESENTATIONS_PERIOD_OPEN' }) code!: string;
  @ApiProperty() reason!: string;
}

export class AvailableTransitionsView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: CASE_STATES }) state!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [AvailableEventView] }) available!: AvailableEventView[];
  @ApiProperty({ type: [BlockedEventView] }) blocked!: BlockedEventView[];
}

export class CaseEventView {
  @ApiProperty({ description: "The audit event's global sequence number" }) seq!: number;
  @ApiProperty({ description: "Position in the case's chain" }) chainSeq!: number;
  @ApiProperty({ example: 'issue_provisional_notice' }) event!: string;
  @ApiProperty({ example: 'case', description: 'case, or deadline for the changes to its deadlines' }) subjectType!: string;
  @ApiProperty({ nullable: true }) subjectId!: string | null;
  @ApiProperty({ nullable: true }) fromState!: string | null;
  @ApiProperty({ nullable: true }) toState!: string | null;
  @ApiProperty({ example: 'decider@demo.test' }) actor!: string;
  @ApiProperty({ nullable: true }) actorId!: string | null;
  @ApiProperty({ nullable: true }) reason!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it really happened' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded (server clock)' }) recordedAt!: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) changes!: unknown;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) data!: unknown;
  @ApiProperty() hash!: string;
  @ApiProperty() prevHash!: string;
}
