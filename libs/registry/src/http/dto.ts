import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
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
import { APP_STORES, CATEGORISATIONS, DOMAIN_RELATIONS, SERVICE_TYPES, type AppStore, type Categorisation, type DomainRelation, type ServiceType } from '../domain/vocabulary.js';

export class LinkDomainDto {
  @ApiProperty({ example: 'mirror-example.net', description: 'A domain name; normalised (case, www., IDN to punycode, trailing dot)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  domain!: string;

  @ApiProperty({ enum: DOMAIN_RELATIONS })
  @IsIn(DOMAIN_RELATIONS)
  relation!: DomainRelation;

  @ApiPropertyOptional({ description: 'When the domain was first seen serving the service (ISO 8601); defaults to now' })
  @IsOptional()
  @IsDateString({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'What shows the domain belongs to the service (same content, redirects, the provider said so...)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  evidence?: string;
}

export class AppIdDto {
  @ApiProperty({ enum: APP_STORES })
  @IsIn(APP_STORES)
  store!: AppStore;

  @ApiProperty({ example: 'com.example.app' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  appId!: string;
}

export class CreateProviderDto {
  @ApiProperty({ example: 'Demo Platform Ltd' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ description: 'The legal entity (registered name and number)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  legalEntity?: string;

  @ApiPropertyOptional({ description: 'The group the provider belongs to' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  groupName?: string;

  @ApiPropertyOptional({ example: 'GB', description: 'Jurisdiction of establishment, ISO 3166-1 alpha-2' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'jurisdiction must be a two-letter country code such as GB or US' })
  jurisdiction?: string;

  @ApiPropertyOptional({ description: 'Where notices are sent (an organisational address)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  noticeContact?: string;

  @ApiPropertyOptional({ description: "The provider's organisation in the identity context, for its portal users" })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class UpdateProviderDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) legalEntity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) groupName?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'jurisdiction must be a two-letter country code such as GB or US' }) jurisdiction?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) noticeContact?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() organisationId?: string;
}

export class CreateServiceDto {
  @ApiProperty({ example: 'Example Video' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  providerId?: string;

  @ApiProperty({ enum: SERVICE_TYPES })
  @IsIn(SERVICE_TYPES)
  serviceType!: ServiceType;

  @ApiPropertyOptional({ enum: CATEGORISATIONS })
  @IsOptional()
  @IsIn(CATEGORISATIONS)
  categorisation?: Categorisation;

  @ApiPropertyOptional({ description: 'Estimated number of UK users' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000_000)
  ukUsersEstimate?: number;

  @ApiPropertyOptional({ type: [LinkDomainDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => LinkDomainDto)
  domains?: LinkDomainDto[];

  @ApiPropertyOptional({ type: [AppIdDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AppIdDto)
  appIds?: AppIdDto[];
}

export class UpdateServiceDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() providerId?: string;
  @ApiPropertyOptional({ enum: SERVICE_TYPES }) @IsOptional() @IsIn(SERVICE_TYPES) serviceType?: ServiceType;
  @ApiPropertyOptional({ enum: CATEGORISATIONS }) @IsOptional() @IsIn(CATEGORISATIONS) categorisation?: Categorisation;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100_000_000_000) ukUsersEstimate?: number;

  @ApiPropertyOptional({ type: [AppIdDto], description: 'App identifiers to add' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AppIdDto)
  appIds?: AppIdDto[];
}

export class ListQueryDto {
  @ApiPropertyOptional({ maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Text in the name or a domain' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  providerId?: string;
}

export class ResolveQueryDto {
  @ApiProperty({ description: 'A URL or domain to look up' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  url!: string;
}
