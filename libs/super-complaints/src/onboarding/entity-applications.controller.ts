import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { Public, Roles, RequestContext, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { EntityApplicationService, type EntityApplicationView } from './entity-applications.service.js';

export class EligibilityEvidenceDto {
  @ApiProperty({ description: 'Whose interests the organisation represents, and how' })
  @IsString()
  @Length(1, 8000)
  representsUsers!: string;

  @ApiProperty({ description: 'How the organisation is independent of regulated services (funding, governance)' })
  @IsString()
  @Length(1, 8000)
  independent!: string;

  @ApiProperty({ description: 'Its contribution to public discussion of online safety, and its expertise' })
  @IsString()
  @Length(1, 8000)
  expertContribution!: string;

  @ApiProperty({ description: "How it has regard to the regulator's guidance" })
  @IsString()
  @Length(1, 8000)
  regardToGuidance!: string;
}

export class EntityApplicationDto {
  @ApiProperty({ example: "Children's Online Safety Coalition" })
  @IsString()
  @Length(1, 200)
  organisationName!: string;

  @ApiProperty({ example: 'Sam Lee' })
  @IsString()
  @Length(1, 200)
  contactName!: string;

  @ApiProperty({ example: 'sam@coalition.example' })
  @IsEmail()
  contactEmail!: string;

  @ApiProperty({ description: 'What the organisation does' })
  @IsString()
  @Length(1, 8000)
  description!: string;

  @ApiProperty({ type: EligibilityEvidenceDto })
  @ValidateNested()
  @Type(() => EligibilityEvidenceDto)
  evidence!: EligibilityEvidenceDto;
}

export class ChecklistDto {
  @ApiProperty() @IsBoolean() representsUsers!: boolean;
  @ApiProperty() @IsBoolean() independent!: boolean;
  @ApiProperty() @IsBoolean() expertContribution!: boolean;
  @ApiProperty() @IsBoolean() regardToGuidance!: boolean;
}

export class EntityDecisionDto {
  @ApiProperty({ type: ChecklistDto, description: 'Each eligibility criterion: met or not' })
  @IsObject()
  @ValidateNested()
  @Type(() => ChecklistDto)
  checklist!: ChecklistDto;

  @ApiProperty({ description: 'The reasons, sent to the applicant' })
  @IsString()
  @Length(1, 8000)
  reasons!: string;
}

@ApiTags('super-complaints')
@ApiBearerAuth()
@Controller('api/v1/eligible-entity-applications')
export class EntityApplicationsController {
  constructor(@Inject(EntityApplicationService) private readonly applications: EntityApplicationService) {}

  @Post()
  @Public()
  @ApiOperation({ summary: 'Apply to be recognised as an eligible entity, with evidence for each criterion' })
  apply(@Body() body: EntityApplicationDto): Promise<EntityApplicationView> {
    return this.applications.apply(body, RequestContext.current()?.principal);
  }

  @Get()
  @Roles('admin', 'case_officer', 'decision_maker')
  @ApiOperation({ summary: 'Applications to be an eligible entity, newest first' })
  list(): Promise<EntityApplicationView[]> {
    return this.applications.list();
  }

  @Get(':id')
  @Roles('admin', 'case_officer', 'decision_maker')
  @ApiOperation({ summary: 'One application with the criteria as a checklist' })
  get(@Param('id', ParseIdPipe) id: string): Promise<EntityApplicationView> {
    return this.applications.get(id);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('case_officer', 'decision_maker')
  @ApiOperation({ summary: 'Record the eligibility decision: recognised when every criterion is met; the applicant is told, and invited when recognised' })
  decide(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: EntityDecisionDto): Promise<EntityApplicationView> {
    return this.applications.decide(id, { checklist: { ...body.checklist }, reasons: body.reasons }, principal);
  }
}
