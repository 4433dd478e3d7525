import { Body, Controller, Get, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Clock, DomainError, Public, RequestContext, Roles, type Principal } from '@app/core';
import { ParseIdPipe } from '@app/platform';
import { IntakeQueries, type IntakeItemView, type PublicIntakeStatus } from '../application/intake-queries.js';
import { SubmitIntake } from '../application/submit-intake.js';
import { parseIntakeInput } from '../domain/intake-input.js';
import { CreateIntakeDto, CreateIntakeResponse } from './intake.dto.js';
import { IntakeRequestInterceptor } from './intake-guards.js';

export class PurposeQueryDto {
  @ApiProperty({ description: 'Why you need to read it (logged with the read)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  purpose!: string;
}

const principal = (): Principal | undefined => RequestContext.current()?.principal;

function signedIn(): Principal {
  const p = principal();
  if (!p) throw new DomainError('AUTHENTICATION_REQUIRED', 'Sign in or send a bearer token.');
  return p;
}

@ApiTags('intake')
@Controller('api/v1/intake')
export class IntakeController {
  constructor(
    @Inject(SubmitIntake) private readonly submit: SubmitIntake,
    @Inject(IntakeQueries) private readonly queries: IntakeQueries,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post()
  @Public()
  @UseInterceptors(IntakeRequestInterceptor)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'File intake from any of the seven sources',
    description:
      'Anonymous callers may file public complaints only (throttled per address); every other source needs sign-in. ' +
      'Images and videos are refused (415 for uploads, 422 MEDIA_IN_FIELD for encoded media): send links, descriptions or hashes. ' +
      'Reporter and person-affected data are encrypted per person.',
  })
  @ApiCreatedResponse({ type: CreateIntakeResponse })
  async create(@Body() body: CreateIntakeDto): Promise<CreateIntakeResponse> {
    const command = parseIntakeInput(body, { today: this.clock.now().toISOString().slice(0, 10) });
    const result = await this.submit.execute(command, { via: 'api', principal: principal() });
    return { id: result.id, reference: result.reference, serviceId: result.serviceId, matterId: result.matterId, caseId: result.caseId, matchReason: { ...result.matchReason } };
  }

  @Get('status/:reference')
  @Public()
  @ApiOperation({ summary: 'Where a report stands, by the reference given in its acknowledgement (no details)' })
  status(@Param('reference') reference: string): Promise<PublicIntakeStatus> {
    if (reference.length > 40) throw new DomainError('NOT_FOUND', 'We could not find a report with that reference.');
    return this.queries.publicStatus(reference);
  }

  @Get(':id')
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst', 'provider', 'complainant_body')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One intake item (never its personal data; external users see their own only)' })
  get(@Param('id', ParseIdPipe) id: string): Promise<IntakeItemView> {
    return this.queries.get(id, signedIn());
  }

  @Get(':id/personal-data')
  @Roles('admin', 'case_officer', 'decision_maker')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Read the reporter's and the person affected's data, as your role allows; logged with its purpose" })
  personalData(@Param('id', ParseIdPipe) id: string, @Query() query: PurposeQueryDto): Promise<{ reporter: Record<string, unknown> | null; personAffected: Record<string, unknown> | null }> {
    return this.queries.personalData(id, signedIn(), query.purpose);
  }
}
