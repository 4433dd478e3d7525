import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/platform';
import { DOMAIN_RELATIONS, type DomainRelation } from '@app/registry';
import { APPLICATION_STATUSES, COURT_EVENT_KINDS, EVIDENCE_KINDS, GROUNDS, ORDER_KINDS, THIRD_PARTY_KINDS, type ApplicationStatus, type CourtEventKind, type EvidenceKind, type Ground, type OrderKind, type ThirdPartyKind } from '../domain/vocabulary.js';

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class EvidenceLinkDto {
  @ApiProperty({ enum: EVIDENCE_KINDS, description: 'document: a document issued on the case (its id); audit_event: an event of the case (its seq); url: a web address' })
  @IsIn(EVIDENCE_KINDS, oneOf(EVIDENCE_KINDS))
  kind!: EvidenceKind;

  @ApiProperty({ example: '42', maxLength: 2048 })
  @IsString()
  @Length(1, 2048)
  ref!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class GroundDto {
  @ApiProperty({ enum: GROUNDS })
  @IsIn(GROUNDS, oneOf(GROUNDS))
  ground!: Ground;

  @ApiProperty({ example: 'The provider has not taken the steps required by the confirmation decision of 26 May 2026.', maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  statement!: string;

  @ApiPropertyOptional({ type: [EvidenceLinkDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceLinkDto)
  evidence?: EvidenceLinkDto[];
}

export class ThirdPartyDto {
  @ApiProperty({ enum: THIRD_PARTY_KINDS })
  @IsIn(THIRD_PARTY_KINDS, oneOf(THIRD_PARTY_KINDS))
  kind!: ThirdPartyKind;

  @ApiProperty({ example: 'Example Payments Ltd', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'legal@payments.example' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  contactEmail!: string;

  @ApiPropertyOptional({ description: 'Evidence that the third party provides the facility to the service', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  facilityEvidence?: string;
}

export class CreateDisruptionApplicationDto {
  @ApiProperty({ enum: ORDER_KINDS })
  @IsIn(ORDER_KINDS, oneOf(ORDER_KINDS))
  kind!: OrderKind;

  @ApiPropertyOptional({ description: 'An interim order (s.145, s.147); false when left out', default: false })
  @IsOptional()
  @IsBoolean()
  interim?: boolean;

  @ApiPropertyOptional({ type: [ThirdPartyDto], description: 'The third parties the order would require to act (at least one to make the application)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ThirdPartyDto)
  thirdParties?: ThirdPartyDto[];

  @ApiPropertyOptional({ type: [String], example: ['peepvault.example'], description: 'Domains of the service to cover; all of them when left out or empty' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  domains?: string[];

  @ApiPropertyOptional({ description: 'Also cover every mirror and successor domain of the service (default true)', default: true })
  @IsOptional()
  @IsBoolean()
  includeLinkedDomains?: boolean;

  @ApiPropertyOptional({ type: [GroundDto], description: "The statutory test; when left out, proposed from the case's record (a recorded non-compliance)" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(GROUNDS.length)
  @ValidateNested({ each: true })
  @Type(() => GroundDto)
  grounds?: GroundDto[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ApplyDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class CourtEventDto {
  @ApiProperty({ enum: COURT_EVENT_KINDS })
  @IsIn(COURT_EVENT_KINDS, oneOf(COURT_EVENT_KINDS))
  kind!: CourtEventKind;

  @ApiProperty({ example: '2026-07-01', description: 'The date it happened (YYYY-MM-DD)' })
  @Matches(DATE, { message: 'must be a date written YYYY-MM-DD' })
  on!: string;

  @ApiPropertyOptional({ example: '2026-07-15', description: 'The date of the hearing (hearing_listed)' })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date written YYYY-MM-DD' })
  hearingOn?: string;

  @ApiPropertyOptional({ maxLength: 8000, description: 'The terms of the order' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  terms?: string;

  @ApiPropertyOptional({ type: [String], description: 'order_varied: the filed variations the court granted (all filed variations when left out)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'each must be a variation id' })
  variationIds?: string[];
}

export class RecordDomainDto {
  @ApiProperty({ example: 'peepvault3.example' })
  @IsString()
  @Length(1, 253)
  domain!: string;

  @ApiProperty({ enum: DOMAIN_RELATIONS, example: 'successor' })
  @IsIn(DOMAIN_RELATIONS, oneOf(DOMAIN_RELATIONS))
  relation!: DomainRelation;

  @ApiPropertyOptional({ maxLength: 2000, description: 'How you know it is the same service' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}

export class ListApplicationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES, oneOf(APPLICATION_STATUSES))
  status?: ApplicationStatus;
}
