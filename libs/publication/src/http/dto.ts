import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { HARM_CATEGORIES } from '@app/core';
import { PageQueryDto } from '@app/platform';
import { PUBLIC_STATUSES } from '../domain/vocabulary.js';

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const STATUS_FILTERS = [...PUBLIC_STATUSES, 'open'] as const;

/** Filters of the public list (GET /api/v1/public/cases). */
export class PublicCasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUS_FILTERS, description: 'A published status, or open (every status but closed)' })
  @IsOptional()
  @IsIn(STATUS_FILTERS, oneOf(STATUS_FILTERS))
  status?: string;

  @ApiPropertyOptional({ enum: HARM_CATEGORIES, description: 'Harm category code' })
  @IsOptional()
  @IsIn(HARM_CATEGORIES, oneOf(HARM_CATEGORIES))
  harm?: string;

  @ApiPropertyOptional({ description: 'A legal provision as published, e.g. "Section 81(2)" (case does not matter)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  provision?: string;

  @ApiPropertyOptional({ description: 'The year the investigation opened' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2023)
  @Max(2100)
  year?: number;
}

export class PublicUpdateView {
  @ApiProperty({ format: 'uuid', description: 'Stable identifier (also the Atom entry id urn:uuid:<id>)' }) id!: string;
  @ApiProperty({ example: '2026-05-13' }) date!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
}

export class PublicDecisionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['provisional_notice', 'confirmation_decision', 'penalty_notice', 'closure', 'court_order', 'other'] }) kind!: string;
  @ApiProperty({ example: '2026-05-13' }) decidedOn!: string;
  @ApiProperty() title!: string;
  @ApiProperty() grounds!: string;
  @ApiProperty({ description: 'The non-confidential text of the decision' }) text!: string;
  @ApiProperty({ type: Number, nullable: true }) penaltyPence!: number | null;
  @ApiProperty() stepsRequired!: string;
}

export class PublicStageView {
  @ApiProperty({ enum: ['investigation', 'representations', 'compliance', 'disruption'] }) stage!: string;
  @ApiProperty() startedOn!: string;
  @ApiProperty({ type: String, nullable: true }) endedOn!: string | null;
}

/** A published entry: its current non-confidential version. */
export class PublicCaseView {
  @ApiProperty({ example: 'ENF-2026-000042', description: 'Stable identifier of the case' }) reference!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ description: 'The provider, or an anonymised label' }) provider!: string;
  @ApiProperty() anonymised!: boolean;
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty({ type: [String] }) provisions!: string[];
  @ApiProperty({ type: [String], enum: HARM_CATEGORIES }) harmCategories!: string[];
  @ApiProperty({ enum: PUBLIC_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty({ example: '2026-01-20' }) openedOn!: string;
  @ApiProperty({ type: String, nullable: true }) closedOn!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Penalty imposed in pence, when published' }) penaltyPence!: number | null;
  @ApiProperty({ type: [PublicStageView] }) stages!: PublicStageView[];
  @ApiProperty({ type: [PublicUpdateView] }) updates!: PublicUpdateView[];
  @ApiProperty({ type: [PublicDecisionView] }) decisions!: PublicDecisionView[];
  @ApiProperty({ description: 'The published version number' }) version!: number;
  @ApiProperty({ format: 'date-time' }) firstPublishedAt!: string;
  @ApiProperty({ format: 'date-time' }) lastPublishedAt!: string;
}

export class PublicCaseListView {
  @ApiProperty({ type: [PublicCaseView] }) items!: PublicCaseView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/** Saves the draft public entry of a case. */
export class SaveDraftBody {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'The revision of the draft you edited; omit or null to start a draft when there is none',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  revision?: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The entry: {title, summary, providerName, anonymised, anonymisedLabel, services[], provisions[], harmCategories[], openedOn, status, outcome, closedOn, penaltyPence, stages[], updates[{id?, date, text}], decisions[{id?, documentId?, kind, decidedOn, title, grounds, text, penaltyPence, stepsRequired}]}. Mark confidential passages in any text as [[confidential]]…[[/confidential]].',
  })
  @IsObject()
  content!: Record<string, unknown>;
}

export class ApproveBody {
  @ApiProperty({ description: 'The revision of the draft you reviewed' })
  @IsInt()
  @Min(1)
  revision!: number;
}
