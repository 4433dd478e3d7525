import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { HARM_CATEGORIES } from '@app/core';
import { PageQueryDto } from '@app/platform';
import { BULK_ACTION_KINDS, PROGRAMME_SERVICE_STATUSES, PROGRAMME_STATUSES } from '../domain/vocabulary.js';

export class CreateProgrammeBody {
  @ApiProperty({ example: 'Age assurance on pornography services' }) @IsString() @Length(3, 300) title!: string;
  @ApiProperty({ description: 'The scope: what the programme looks at and why' }) @IsString() @Length(1, 8000) description!: string;
  @ApiProperty({ enum: HARM_CATEGORIES, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @IsIn(HARM_CATEGORIES, { each: true }) harmCategories!: string[];
  @ApiPropertyOptional({ description: 'The kinds of services in scope, in words', example: 'Services publishing pornographic content (Part 5)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  serviceKinds?: string;
}

export class ProgrammeStatusBody {
  @ApiProperty({ enum: PROGRAMME_STATUSES }) @IsIn(PROGRAMME_STATUSES) status!: (typeof PROGRAMME_STATUSES)[number];
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
}

export class ProgrammeReasonBody {
  @ApiProperty({ description: 'Why the programme is closed or reopened; kept in its audited history', example: 'All services assessed; two investigations opened.' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class ProgrammeStatusChangeView {
  @ApiProperty({ enum: PROGRAMME_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
  @ApiProperty() reason!: string;
}

export class AddServicesBody {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Registry service ids' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  serviceIds?: string[];

  @ApiPropertyOptional({ description: 'A pasted list or CSV: one service per line, as a service id or web address (first column of a CSV; a header row is skipped)' })
  @IsOptional()
  @IsString()
  @MaxLength(500_000)
  list?: string;
}

export class ServiceSearchQuery {
  @ApiProperty({ description: 'Name or domain' }) @IsString() @Length(1, 200) q!: string;
}

export class ServiceStatusBody {
  @ApiProperty({ enum: PROGRAMME_SERVICE_STATUSES }) @IsIn(PROGRAMME_SERVICE_STATUSES) status!: (typeof PROGRAMME_SERVICE_STATUSES)[number];
  @ApiProperty({ description: 'What was found' }) @IsString() @Length(1, 4000) reason!: string;
}

/** `limit` and `cursor` (nextCursor of the previous page), optionally one status. */
export class ServiceListQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROGRAMME_SERVICE_STATUSES }) @IsOptional() @IsIn(PROGRAMME_SERVICE_STATUSES) status?: (typeof PROGRAMME_SERVICE_STATUSES)[number];
}

export class RequirementDto {
  @ApiProperty() @IsString() @Length(1, 1000) item!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) detail?: string;
}

export class ProvisionDto {
  @ApiProperty({ example: 'Section 12' }) @IsString() @Length(1, 200) reference!: string;
  @ApiProperty() @IsString() @Length(1, 1000) description!: string;
}

export class NoticeTemplateDto {
  @ApiProperty({ example: 'Information notice: age assurance' }) @IsString() @Length(3, 300) title!: string;
  @ApiProperty({ type: [RequirementDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => RequirementDto) requirements!: RequirementDto[];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 4000, { each: true }) reasons!: string[];
  @ApiPropertyOptional({ type: [ProvisionDto] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ProvisionDto) provisions?: ProvisionDto[];
  @ApiProperty({ description: 'The form and manner of the response' }) @IsString() @Length(1, 4000) responseForm!: string;
  @ApiProperty({ minimum: 7, maximum: 60, description: 'Working days (England and Wales) to respond' }) @Type(() => Number) @IsInt() @Min(7) @Max(60) responseWorkingDays!: number;
}

export class ChaseTemplateDto {
  @ApiPropertyOptional({ description: 'Words added to each reminder' }) @IsOptional() @IsString() @MaxLength(2000) message?: string;
}

export class BulkActionBody {
  @ApiProperty({ enum: BULK_ACTION_KINDS }) @IsIn(BULK_ACTION_KINDS) kind!: (typeof BULK_ACTION_KINDS)[number];
  @ApiPropertyOptional({ type: NoticeTemplateDto, description: 'Required for information_notice' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NoticeTemplateDto)
  notice?: NoticeTemplateDto;
  @ApiPropertyOptional({ type: ChaseTemplateDto }) @IsOptional() @ValidateNested() @Type(() => ChaseTemplateDto) chase?: ChaseTemplateDto;
  @ApiPropertyOptional({ format: 'uuid', description: 'confirmationKey from the preview: a confirmation sent again with it returns the same action and sends nothing more' })
  @IsOptional()
  @IsUUID()
  confirmationKey?: string;
}

export class OpenInvestigationBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() serviceId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(3, 300) title?: string;
  @ApiProperty({ description: 'Why the investigation is opened; the programme evidence is added after it' }) @IsString() @Length(1, 2000) summary!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 200, { each: true }) provisions?: string[];
}

export class BulkActionProgressView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: BULK_ACTION_KINDS }) kind!: string;
  @ApiProperty({ enum: ['queued', 'completed'] }) status!: string;
  @ApiProperty() total!: number;
  @ApiProperty() done!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty() pending!: number;
}

export class ProgrammeViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'PRG-2026-0001' }) reference!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: HARM_CATEGORIES, isArray: true }) harmCategories!: string[];
  @ApiProperty() serviceKinds!: string;
  @ApiProperty({ enum: PROGRAMME_STATUSES }) status!: string;
  @ApiProperty({ description: 'Services per status, notices sent and answered on time or late, investigations opened' }) dashboard?: object;
  @ApiPropertyOptional({ type: ProgrammeStatusChangeView, nullable: true, description: 'The latest closing or reopening, with its reason' }) statusChange?: ProgrammeStatusChangeView | null;
}
