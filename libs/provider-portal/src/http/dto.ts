import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AttachmentUploadDto } from '@app/attachments';
import { EXTENSION_DECISIONS, NOTICE_KINDS, NOTICE_STATUSES, type ExtensionDecision } from '../domain/notices.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NOT_BLANK = /[^\s\u0000]/;
const toWholeNumber = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

export class ListNoticesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class AnswerDto {
  @ApiProperty({ example: 'Who can comment on a shared folder', maxLength: 500, description: 'what the notice asked (one of its requirements)' })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  item!: string;

  @ApiProperty({ example: 'Only people the owner invites; children cannot receive comments from adults they do not follow.', maxLength: 20000 })
  @IsString()
  @Length(1, 20000)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  answer!: string;
}

/** The text part of an answer; files come as `attachments` (base64 in JSON, or file parts in multipart). */
export class ResponseFieldsDto {
  @ApiProperty({ type: [AnswerDto], description: 'one answer per requirement of the notice (in multipart: a JSON string)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AnswerDto)
  answers!: AnswerDto[];

  @ApiPropertyOptional({ maxLength: 20000, description: 'anything else you want us to know' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  statement?: string;
}

export class ResponseBodyDto extends ResponseFieldsDto {
  @ApiPropertyOptional({ type: [AttachmentUploadDto], description: 'PDF, CSV or plain-text files (never images)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AttachmentUploadDto)
  attachments?: AttachmentUploadDto[];
}

export class RepresentationsFieldsDto {
  @ApiProperty({ maxLength: 20000, description: 'your representations on the provisional notice' })
  @IsString()
  @Length(1, 20000)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  summary!: string;

  @ApiProperty({ description: 'you ask to make your representations at an oral hearing as well' })
  @Transform(({ value }) => (value === 'true' || value === 'yes' ? true : value === 'false' || value === 'no' ? false : value))
  @IsBoolean()
  oralHearingRequested!: boolean;
}

export class RepresentationsBodyDto extends RepresentationsFieldsDto {
  @ApiPropertyOptional({ type: [AttachmentUploadDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AttachmentUploadDto)
  attachments?: AttachmentUploadDto[];
}

export class ExtensionRequestBodyDto {
  @ApiProperty({ example: '2026-06-12', description: 'the date you ask to answer by (YYYY-MM-DD)' })
  @IsString()
  @Matches(DATE, { message: 'must be a date written YYYY-MM-DD' })
  requestedDueOn!: string;

  @ApiProperty({ maxLength: 4000, description: 'why you need more time' })
  @IsString()
  @Length(1, 4000)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  reasons!: string;
}

export class ExtensionDecisionBodyDto {
  @ApiProperty({ enum: EXTENSION_DECISIONS })
  @IsIn(EXTENSION_DECISIONS, { message: `must be one of ${EXTENSION_DECISIONS.join(', ')}` })
  decision!: ExtensionDecision;

  @ApiPropertyOptional({ example: '2026-06-12', description: 'granted only: the new due date (default: the date asked for)' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'must be a date written YYYY-MM-DD' })
  newDueOn?: string;

  @ApiProperty({ maxLength: 4000, description: 'the reasons for the decision, sent to the provider' })
  @IsString()
  @Length(1, 4000)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  reasons!: string;
}

export class ReceiptView {
  @ApiProperty({ format: 'uuid' }) receiptId!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the canonical JSON of what was submitted, attachment hashes included' }) sha256!: string;
  @ApiProperty({ description: 'received after the due date (recorded, not refused)' }) late!: boolean;
  @ApiProperty({ enum: ['response', 'extension_request', 'representations'] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) noticeId!: string;
}

export class NoticeSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind!: string;
  @ApiProperty() kindName!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '{type: case|programme, id, reference}' }) source!: object;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiPropertyOptional({ nullable: true, example: '2026-06-12' }) dueOn!: string | null;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: string;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) respondedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) late!: boolean | null;
  @ApiProperty({ description: 'SHA-256 of the document as issued' }) sha256!: string;
}

export class NoticeListView {
  @ApiProperty({ type: [NoticeSummaryView] }) items!: NoticeSummaryView[];
  @ApiPropertyOptional({ nullable: true }) nextCursor!: string | null;
}
