import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Roles, type Page } from '@app/core';
import { PageQueryDto } from '@app/platform';
import { PersonalDataVault, type PersonalDataRead } from './personal-data-vault.js';

export class PersonalDataReadsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the reads of this data subject' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;
}

class PersonalDataReadView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) subjectId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, description: 'User or API key; null for the system' }) readerId!: string | null;
  @ApiProperty({ example: 'officer@demo.test' }) readerLabel!: string;
  @ApiProperty({ example: 'prepare the acknowledgement letter' }) purpose!: string;
  @ApiProperty({ type: [String], description: 'Names of the fields read, never their values' }) fields!: string[];
  @ApiProperty({ nullable: true }) requestId!: string | null;
  @ApiProperty({ format: 'date-time' }) readAt!: Date;
}

class PersonalDataReadsPage {
  @ApiProperty({ type: [PersonalDataReadView] }) items!: PersonalDataReadView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1/admin/personal-data-reads')
export class PersonalDataReadsController {
  constructor(@Inject(PersonalDataVault) private readonly vault: PersonalDataVault) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Who read which personal data, when and why (newest first)' })
  @ApiOkResponse({ type: PersonalDataReadsPage })
  list(@Query() query: PersonalDataReadsQuery): Promise<Page<PersonalDataRead>> {
    return this.vault.reads(query);
  }
}
