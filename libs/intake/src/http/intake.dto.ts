import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { HARM_CATEGORIES } from '@app/triage';
import { HASH_ALGORITHMS } from '../domain/evidence.js';
import { INTAKE_SOURCES, type IntakeSource } from '../domain/sources.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = (field: string): { message: string } => ({ message: `${field} must be a date as YYYY-MM-DD` });

export const AGE_GROUPS = ['under_13', '13_17', '18_plus', 'unknown'] as const;

export class ReporterDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) name?: string;
  @ApiPropertyOptional({ description: 'Where the acknowledgement and updates are sent' }) @IsOptional() @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) phone?: string;
  @ApiPropertyOptional({ description: 'Organisation the reporter acts for' }) @IsOptional() @IsString() @MaxLength(300) organisation?: string;
  @ApiPropertyOptional({ description: 'Job title or role' }) @IsOptional() @IsString() @MaxLength(300) role?: string;
  @ApiPropertyOptional({ description: 'The reporter is the person affected' }) @IsOptional() @IsBoolean() isPersonAffected?: boolean;
}

export class PersonAffectedDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) name?: string;
  @ApiPropertyOptional({ enum: AGE_GROUPS }) @IsOptional() @IsIn(AGE_GROUPS) ageGroup?: (typeof AGE_GROUPS)[number];
  @ApiPropertyOptional({ description: 'How the reporter knows the person affected' }) @IsOptional() @IsString() @MaxLength(300) relationshipToReporter?: string;
  @ApiPropertyOptional({ description: 'Anything else about the person affected' }) @IsOptional() @IsString() @MaxLength(5000) details?: string;
}

export class EvidenceDto {
  @ApiPropertyOptional({ description: 'Where the content is (never the content itself)' }) @IsOptional() @IsString() @MaxLength(2048) url?: string;
  @ApiPropertyOptional({ enum: HASH_ALGORITHMS }) @IsOptional() @IsString() @MaxLength(20) hashAlgorithm?: string;
  @ApiPropertyOptional({ description: 'PDQ (64 hex), MD5 (32 hex), SHA-256 (64 hex) or a PhotoDNA identifier (opaque)' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  hash?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) description?: string;
}

export class ComplaintDetailsDto {
  @ApiPropertyOptional({ enum: ['portal', 'contact_centre', 'post', 'api'] }) @IsOptional() @IsIn(['portal', 'contact_centre', 'post', 'api']) channel?: string;
  @ApiPropertyOptional({ description: 'The complainant reported it to the service first' }) @IsOptional() @IsBoolean() reportedToProvider?: boolean;
  @ApiPropertyOptional({ description: "What the service did about the complainant's report" }) @IsOptional() @IsString() @MaxLength(5000) providerResponse?: string;
}

export class ProviderSelfReportDto {
  @ApiProperty({ description: 'What the provider has done so far to put it right' }) @IsString() @IsNotEmpty() @MaxLength(10000) remediationSoFar!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) providerReference?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD' }) @IsOptional() @Matches(DATE, dateMessage('discoveredOn')) discoveredOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(10_000_000_000) usersAffectedEstimate?: number;
}

export class SupervisionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) engagementReference?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) supervisionTeam?: string;
}

export const REGULATORY_FUNCTIONS = ['information_request', 'risk_assessment', 'categorisation', 'fees', 'transparency', 'other'] as const;

export class OtherRegulatoryFunctionDto {
  @ApiProperty({ enum: REGULATORY_FUNCTIONS }) @IsIn(REGULATORY_FUNCTIONS) function!: string;
  @ApiPropertyOptional({ description: 'e.g. the information request reference' }) @IsOptional() @IsString() @MaxLength(200) relatedReference?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD' }) @IsOptional() @Matches(DATE, dateMessage('missedDeadlineOn')) missedDeadlineOn?: string;
}

export const WHISTLEBLOWER_RELATIONSHIPS = ['employee', 'former_employee', 'contractor', 'industry_stakeholder', 'other'] as const;

export class WhistleblowerDto {
  @ApiProperty({ enum: WHISTLEBLOWER_RELATIONSHIPS }) @IsIn(WHISTLEBLOWER_RELATIONSHIPS) relationship!: string;
  @ApiPropertyOptional({ description: 'Keep the identity confidential (default true)' }) @IsOptional() @IsBoolean() confidentialityRequested?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) insiderEvidenceSummary?: string;
}

export const OTHER_BODY_TYPES = ['police', 'regulator', 'hotline', 'charity', 'government', 'other'] as const;

export class OtherBodyDto {
  @ApiProperty({ enum: OTHER_BODY_TYPES }) @IsIn(OTHER_BODY_TYPES) bodyType!: string;
  @ApiProperty({ example: 'Internet Watch Foundation' }) @IsString() @IsNotEmpty() @MaxLength(300) bodyName!: string;
  @ApiProperty({ description: "The referring body's own reference" }) @IsString() @IsNotEmpty() @MaxLength(200) bodyReference!: string;
}

export class SuperComplaintDto {
  @ApiProperty({ description: 'Reference of the super-complaint' }) @IsString() @IsNotEmpty() @MaxLength(100) superComplaintReference!: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() superComplaintId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) eligibleEntityName?: string;
}

export class CreateIntakeDto {
  @ApiProperty({ enum: INTAKE_SOURCES })
  @IsIn(INTAKE_SOURCES)
  source!: IntakeSource;

  @ApiProperty({ example: 'https://example.com/some/page', description: 'Web address of the service (normalised; mirrors and successors resolve to the original service)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  serviceUrl!: string;

  @ApiProperty({ enum: HARM_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HARM_CATEGORIES.length)
  @IsIn(HARM_CATEGORIES, { each: true })
  harmCategories!: string[];

  @ApiProperty({ description: 'What happened on the service. Put names and contact details in reporter or personAffected, not here.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  description!: string;

  @ApiPropertyOptional({ description: 'When it happened or was seen, YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, dateMessage('occurredOn'))
  occurredOn?: string;

  @ApiPropertyOptional({ type: ReporterDto, description: 'Encrypted per person; every read is logged' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto;

  @ApiPropertyOptional({ type: PersonAffectedDto, description: 'The person affected (victim or survivor): encrypted; every read is logged' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonAffectedDto)
  personAffected?: PersonAffectedDto;

  @ApiPropertyOptional({ description: 'Children are likely to be affected' })
  @IsOptional()
  @IsBoolean()
  childrenLikely?: boolean;

  @ApiPropertyOptional({ type: [EvidenceDto], description: 'Links, hashes and descriptions. Never images or videos.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];

  @ApiPropertyOptional({ type: ComplaintDetailsDto }) @IsOptional() @ValidateNested() @Type(() => ComplaintDetailsDto) complaint?: ComplaintDetailsDto;
  @ApiPropertyOptional({ type: ProviderSelfReportDto }) @IsOptional() @ValidateNested() @Type(() => ProviderSelfReportDto) providerSelfReport?: ProviderSelfReportDto;
  @ApiPropertyOptional({ type: SupervisionDto }) @IsOptional() @ValidateNested() @Type(() => SupervisionDto) supervision?: SupervisionDto;
  @ApiPropertyOptional({ type: OtherRegulatoryFunctionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OtherRegulatoryFunctionDto)
  otherRegulatoryFunction?: OtherRegulatoryFunctionDto;
  @ApiPropertyOptional({ type: WhistleblowerDto }) @IsOptional() @ValidateNested() @Type(() => WhistleblowerDto) whistleblower?: WhistleblowerDto;
  @ApiPropertyOptional({ type: OtherBodyDto }) @IsOptional() @ValidateNested() @Type(() => OtherBodyDto) otherBody?: OtherBodyDto;
  @ApiPropertyOptional({ type: SuperComplaintDto }) @IsOptional() @ValidateNested() @Type(() => SuperComplaintDto) superComplaint?: SuperComplaintDto;
}

export class CreateIntakeResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Quote it to ask for updates', example: 'INT-7K3M9-QX2AB' }) reference!: string;
  @ApiProperty() serviceId!: string;
  @ApiProperty() matterId!: string;
  @ApiPropertyOptional({ nullable: true, description: 'The open case the matter belongs to, if any' }) caseId!: string | null;
  @ApiProperty({ description: 'Why the item joined this matter' }) matchReason!: Record<string, unknown>;
}
