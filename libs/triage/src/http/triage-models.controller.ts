import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsString, MaxLength } from 'class-validator';
import { actorOf } from '@app/audit';
import { RequestContext, Roles } from '@app/core';
import type { TriageModelDefinition } from '../domain/model.js';
import { TriageModels, type TriageModelSummary } from '../triage-models.js';

export class PublishTriageModelDto {
  @ApiProperty({ description: 'A complete model definition (see GET /api/v1/triage/models/{version} for the shape)', type: 'object', additionalProperties: true })
  @IsObject()
  definition!: Record<string, unknown>;
}

export class ActivateTriageModelDto {
  @ApiProperty({ description: 'Why this version should score matters from now on' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

@ApiTags('triage')
@ApiBearerAuth()
@Controller('api/v1/triage/models')
export class TriageModelsController {
  constructor(@Inject(TriageModels) private readonly models: TriageModels) {}

  @Get()
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  @ApiOperation({ summary: 'The published triage model versions and which is active' })
  async list(): Promise<{ items: TriageModelSummary[]; nextCursor: null }> {
    return { items: await this.models.list(), nextCursor: null };
  }

  @Get(':version')
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  @ApiOperation({ summary: 'One published model: every weight and value it scores with' })
  get(@Param('version') version: string): Promise<TriageModelDefinition> {
    return this.models.get(version);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Publish a new model version (immutable; not active until activated)' })
  publish(@Body() body: PublishTriageModelDto): Promise<TriageModelDefinition> {
    return this.models.publish(body.definition, actorOf(RequestContext.current()?.principal));
  }

  @Post(':version/activate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Score new and open matters with this version from now on' })
  async activate(@Param('version') version: string, @Body() body: ActivateTriageModelDto): Promise<{ version: string; active: true }> {
    await this.models.activate(version, body.reason, actorOf(RequestContext.current()?.principal));
    return { version, active: true };
  }
}
