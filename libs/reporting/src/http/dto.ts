import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateBy } from 'class-validator';
import { isLegalDate } from '@app/deadlines';
import { GROUP_BY, type GroupBy } from '../timeline-read-model.js';
import { STAGE_NAMES } from '../stages.js';

const IsLegalDate = (): PropertyDecorator =>
  ValidateBy({ name: 'isLegalDate', validator: { validate: (value) => isLegalDate(value), defaultMessage: () => 'must be a real date written YYYY-MM-DD' } });

/** A blank form field means "not given". */
const blankAsMissing = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/** "a,b, c" → ['a', 'b', 'c']; empty items dropped. */
const commaList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;

export class TimelineReportQuery {
  @ApiPropertyOptional({ description: 'Compute the report from events recorded up to this instant (ISO 8601). Default: now.', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @Transform(blankAsMissing)
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date and time, e.g. 2026-11-01T00:00:00Z' })
  asOf?: string;

  @ApiPropertyOptional({ description: 'Only stages that started on or after this UK date', example: '2026-01-01' })
  @IsOptional()
  @Transform(blankAsMissing)
  @IsLegalDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Only stages that started on or before this UK date', example: '2026-12-31' })
  @IsOptional()
  @Transform(blankAsMissing)
  @IsLegalDate()
  to?: string;

  @ApiPropertyOptional({ enum: GROUP_BY })
  @IsOptional()
  @Transform(blankAsMissing)
  @IsIn(GROUP_BY, { message: `must be one of ${GROUP_BY.join(', ')}` })
  groupBy?: GroupBy;

  @ApiPropertyOptional({ description: 'Comma-separated harm category codes: cases with any of them', example: 'ncii' })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(50)
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { each: true, message: 'must be harm category codes such as ncii' })
  harmCategories?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated service ids: cases about any of them' })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'must be service ids (uuids)' })
  serviceIds?: string[];

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'must be json or csv' })
  format?: 'json' | 'csv';
}

export class StageFiguresView {
  @ApiProperty({ enum: STAGE_NAMES }) stage!: string;
  @ApiProperty({ nullable: true, description: 'Stages started (null when suppressed)' }) n!: number | null;
  @ApiProperty({ nullable: true }) completed!: number | null;
  @ApiProperty({ nullable: true, description: 'Still open at asOf (censored)' }) open!: number | null;
  @ApiProperty({ nullable: true, description: 'Median calendar days of completed stages' }) medianDays!: number | null;
  @ApiProperty({ nullable: true }) p90Days!: number | null;
  @ApiProperty({ nullable: true, description: 'Kaplan–Meier median counting open stages as censored; null when not reached' }) kmMedianDays!: number | null;
  @ApiProperty({ nullable: true }) kmP90Days!: number | null;
  @ApiProperty({ nullable: true }) medianWorkingDays!: number | null;
  @ApiProperty({ nullable: true }) p90WorkingDays!: number | null;
  @ApiProperty({ nullable: true }) kmMedianWorkingDays!: number | null;
  @ApiProperty({ nullable: true }) kmP90WorkingDays!: number | null;
  @ApiProperty({ nullable: true, enum: ['primary', 'secondary'] }) suppressed!: string | null;
}

export class GroupFiguresView {
  @ApiProperty() key!: string;
  @ApiProperty({ type: [StageFiguresView] }) stages!: StageFiguresView[];
}

export class TimelineReportView {
  @ApiProperty() asOf!: string;
  @ApiProperty({ description: 'sha256 of the definitions, parameters and inputs' }) snapshotHash!: string;
  @ApiProperty() definitionsVersion!: string;
  @ApiProperty({ type: Object }) parameters!: Record<string, unknown>;
  @ApiProperty({ type: [Object] }) definitions!: Record<string, unknown>[];
  @ApiProperty({ type: [String] }) methodNotes!: string[];
  @ApiProperty({ type: [StageFiguresView] }) stages!: StageFiguresView[];
  @ApiPropertyOptional({ enum: GROUP_BY }) groupBy?: string;
  @ApiPropertyOptional({ type: [GroupFiguresView] }) groups?: GroupFiguresView[];
}

/** The parameters of a report to save: a name, and those of GET /api/v1/reports/enforcement-timelines. */
export class SaveReportBody extends OmitType(TimelineReportQuery, ['format'] as const) {
  @ApiProperty({ description: 'What the analyst calls this report', example: 'NCII timelines for the committee, November 2026', maxLength: 200 })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name!: string;
}

export class SavedReportParametersView {
  @ApiProperty({ description: 'Pinned at saving (now, when none was given), so a re-run gives the same figures' }) asOf!: string;
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty({ nullable: true, type: String }) to!: string | null;
  @ApiProperty({ nullable: true, enum: GROUP_BY }) groupBy!: string | null;
  @ApiProperty({ type: [String] }) harmCategories!: string[];
  @ApiProperty({ type: [String] }) serviceIds!: string[];
}

export class SavedReportView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['enforcement_timelines'] }) report!: string;
  @ApiProperty({ type: SavedReportParametersView }) parameters!: SavedReportParametersView;
  @ApiProperty({ description: 'The snapshot hash the report gave when saved' }) snapshotHash!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
}

export class SavedReportListView {
  @ApiProperty({ type: [SavedReportView] }) items!: SavedReportView[];
}

export class SavedReportRunView {
  @ApiProperty({ type: SavedReportView }) savedReport!: SavedReportView;
  @ApiProperty({ type: TimelineReportView }) report!: TimelineReportView;
  @ApiProperty({ description: 'The re-run gave the same snapshot hash as when the report was saved' }) sameAsSaved!: boolean;
}
