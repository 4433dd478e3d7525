import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AttachmentUploadDto, ATTACHMENT_MAX_FILES } from '@app/attachments';
import { HARM_CATEGORIES, SUPER_COMPLAINT_EVENTS, SUPER_COMPLAINT_STATES, type HarmCategory, type SuperComplaintState } from '../domain/vocabulary.js';

const oneOf = (values: readonly string[]) => ({ message: `each value must be one of ${values.join(', ')}` });

export class DocumentReferenceDto {
  @ApiProperty({ example: 'Survey of 2,000 parents (2026)', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiProperty({ example: 'application/pdf', description: 'application/pdf, text/plain, text/markdown or text/csv; images and videos are refused' })
  @IsString()
  @Length(1, 200)
  contentType!: string;

  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', description: 'SHA-256 of the document, hex' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be the SHA-256 of the document, 64 hexadecimal characters' })
  sha256!: string;
}

/** The fields of a draft; all optional until the entity files it. */
export class DraftFieldsDto {
  @ApiPropertyOptional({ example: 'Default public profiles expose children to contact from strangers', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  summary?: string;

  @ApiPropertyOptional({ description: 'The feature of the services, or the conduct of their providers, the complaint is about', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  feature?: string;

  @ApiPropertyOptional({ type: [String], example: ['https://social.example'], description: 'Web addresses of the services concerned' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  serviceUrls?: string[];

  @ApiPropertyOptional({ description: 'Kinds of service concerned, when the complaint is not about named services', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  serviceKinds?: string;

  @ApiPropertyOptional({ enum: HARM_CATEGORIES, isArray: true, example: ['children_harmful_content'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(HARM_CATEGORIES.length)
  @IsIn(HARM_CATEGORIES, { each: true, ...oneOf(HARM_CATEGORIES) })
  harmCategories?: HarmCategory[];

  @ApiPropertyOptional({ description: 'The harm and the evidence of it (describe images; never send them)', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  evidence?: string;

  @ApiPropertyOptional({ description: 'What the entity asks the regulator to do', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  requestedAction?: string;

  @ApiPropertyOptional({ type: [DocumentReferenceDto], description: 'References to documents held elsewhere (title, type, SHA-256); to send the files themselves use attachments' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DocumentReferenceDto)
  documents?: DocumentReferenceDto[];

  @ApiPropertyOptional({ type: [AttachmentUploadDto], description: `Files to add, base64-encoded: PDF, CSV or plain text, never images; at most ${ATTACHMENT_MAX_FILES}` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ATTACHMENT_MAX_FILES)
  @ValidateNested({ each: true })
  @Type(() => AttachmentUploadDto)
  attachments?: AttachmentUploadDto[];
}

/** Files added to a super-complaint through the API as JSON (multipart/form-data with file fields named `attachments` is accepted too). */
export class AddAttachmentsDto {
  @ApiProperty({ type: [AttachmentUploadDto], description: `PDF, CSV or plain text, never images; at most ${ATTACHMENT_MAX_FILES}` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ATTACHMENT_MAX_FILES)
  @ValidateNested({ each: true })
  @Type(() => AttachmentUploadDto)
  attachments!: AttachmentUploadDto[];
}

export class CreateSuperComplaintDto extends DraftFieldsDto {}
export class UpdateSuperComplaintDto extends DraftFieldsDto {}

export class FireEventDto {
  @ApiProperty({ enum: SUPER_COMPLAINT_EVENTS.filter((e) => e !== 'submit'), example: 'find_eligible' })
  @IsString()
  @Length(1, 100)
  event!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { reasons: 'The entity meets every criterion.' }, description: 'The data the event takes' })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [AttachmentUploadDto], description: 'Files sent with the step (the entity answering an information request), base64-encoded' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ATTACHMENT_MAX_FILES)
  @ValidateNested({ each: true })
  @Type(() => AttachmentUploadDto)
  attachments?: AttachmentUploadDto[];
}

export class PostMessageDto {
  @ApiProperty({ maxLength: 8000, example: 'We attach the survey you asked for.' })
  @IsString()
  @Length(1, 8000)
  body!: string;
}

export class ListSuperComplaintsQueryDto {
  @ApiPropertyOptional({ enum: SUPER_COMPLAINT_STATES })
  @IsOptional()
  @IsIn(SUPER_COMPLAINT_STATES, oneOf(SUPER_COMPLAINT_STATES))
  state?: SuperComplaintState;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
