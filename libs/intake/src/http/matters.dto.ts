import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { COOPERATION_LEVELS, EVIDENCE_LEVELS, HARM_CATEGORIES, MAX_SCORE } from '@app/triage';
import { INTAKE_SOURCES } from '../domain/sources.js';
import { MATTER_ROUTES, MATTER_STATUSES } from '../application/matters.js';

const list = ({ value }: { value: unknown }): unknown =>
  value === undefined || value === '' ? undefined : (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);

export class QueueQueryDto {
  @ApiPropertyOptional({ enum: [...MATTER_STATUSES, 'live'], description: 'Default open; live = open or with a case' })
  @IsOptional()
  @IsIn([...MATTER_STATUSES, 'live'])
  status?: string;

  @ApiPropertyOptional({ description: 'Comma-separated sources', example: 'complaint,other_body' })
  @IsOptional()
  @Transform(list)
  @IsIn(INTAKE_SOURCES, { each: true })
  source?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated harm categories', example: 'csam,ncii' })
  @IsOptional()
  @Transform(list)
  @IsIn(HARM_CATEGORIES, { each: true })
  harm?: string[];

  @ApiPropertyOptional() @IsOptional() @IsUUID() serviceId?: string;

  @ApiPropertyOptional({ description: 'Only matters at least this many days old' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  minAgeDays?: number;

  @ApiPropertyOptional({ description: 'Only matters at most this many days old' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  maxAgeDays?: number;

  @ApiPropertyOptional() @IsOptional() @IsUUID() assignedTo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unassigned?: boolean;

  @ApiPropertyOptional({ maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class ItemsQueryDto {
  @ApiPropertyOptional({ maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class AssignMatterDto {
  @ApiPropertyOptional({ description: 'The officer to assign; yourself when omitted' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ description: "The officer's name or email, as shown in the queue" }) @IsOptional() @IsString() @MaxLength(300) label?: string;
}

export class OpenCaseFromMatterDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) reason?: string;
}

export class RouteMatterDto {
  @ApiProperty({ enum: MATTER_ROUTES }) @IsIn(MATTER_ROUTES) route!: (typeof MATTER_ROUTES)[number];
  @ApiProperty({ description: 'The outcome recorded (what was done and the result)' }) @IsString() @IsNotEmpty() @MaxLength(4000) outcome!: string;
  @ApiPropertyOptional({ description: 'The enforcement programme joined (required for enforcement_programme)' }) @IsOptional() @IsString() @MaxLength(300) programme?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) reason?: string;
}

export class AssessMatterDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() systemic?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() firstUseOfPower?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() precedent?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() crossIndustry?: boolean;
  @ApiPropertyOptional({ enum: EVIDENCE_LEVELS }) @IsOptional() @IsIn(EVIDENCE_LEVELS) evidenceAvailability?: (typeof EVIDENCE_LEVELS)[number];
  @ApiPropertyOptional({ enum: COOPERATION_LEVELS }) @IsOptional() @IsIn(COOPERATION_LEVELS) providerCooperation?: (typeof COOPERATION_LEVELS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) reason?: string;
}

export class OverrideScoreDto {
  @ApiProperty({ nullable: true, description: `0 to ${MAX_SCORE}; null clears the override`, type: Number })
  @ValidateIf((o: OverrideScoreDto) => o.score !== null)
  @IsInt()
  @Min(0)
  @Max(MAX_SCORE)
  score!: number | null;

  @ApiProperty({ description: 'Why the model score is not right for this matter (audited)' }) @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;
}

export class MergeMattersDto {
  @ApiProperty({ type: [String], description: 'Matters to merge into this one' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  matterIds!: string[];

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;
}

export class SplitMatterDto {
  @ApiProperty({ type: [String], description: 'Items to move to a new matter' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  itemIds!: string[];

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;
}
