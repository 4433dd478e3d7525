import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, RequestContext, Roles, type Page, type Principal } from '@app/core';
import { ParseIdPipe } from '@app/platform';
import { Matters, type MatterSummary, type MatterView } from '../application/matters.js';
import { AssessMatterDto, AssignMatterDto, ItemsQueryDto, MergeMattersDto, OpenCaseFromMatterDto, OverrideScoreDto, QueueQueryDto, RouteMatterDto, SplitMatterDto } from './matters.dto.js';

const STAFF = ['admin', 'case_officer', 'decision_maker', 'analyst'] as const;
const OFFICERS = ['admin', 'case_officer', 'decision_maker'] as const;

function principal(): Principal {
  const p = RequestContext.current()?.principal;
  if (!p) throw new DomainError('AUTHENTICATION_REQUIRED', 'Sign in or send a bearer token.');
  return p;
}

/** The version in If-Match, when given (optional for matters). */
export function ifMatchVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch === '') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!match) throw new DomainError('BAD_REQUEST', 'If-Match must be the version from the ETag, such as "3".');
  return Number(match[1]);
}

@ApiTags('matters')
@ApiBearerAuth()
@Controller('api/v1')
export class MattersController {
  constructor(@Inject(Matters) private readonly matters: Matters) {}

  @Get('triage/queue')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Matters ranked by score (override first if set), with filters by source, harm, service and age' })
  queue(@Query() query: QueueQueryDto): Promise<Page<MatterSummary>> {
    return this.matters.queue({ ...query, sources: query.source, harms: query.harm });
  }

  @Get('matters/:id')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'A matter with its explained triage score (factor contributions add up to the score), items and match reasons' })
  get(@Param('id', ParseIdPipe) id: string, @Query() query: ItemsQueryDto): Promise<MatterView> {
    return this.matters.get(id, { itemsLimit: query.limit, itemsCursor: query.cursor });
  }

  @Post('matters/:id/assign')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Assign the matter to an officer (yourself by default)' })
  assign(@Param('id', ParseIdPipe) id: string, @Body() body: AssignMatterDto, @Headers('if-match') ifMatch?: string): Promise<MatterView> {
    return this.matters.assign(id, body, principal(), ifMatchVersion(ifMatch));
  }

  @Post('matters/:id/open-case')
  @Roles('admin', 'case_officer')
  @ApiOperation({ summary: 'Open an enforcement case from the matter' })
  openCase(@Param('id', ParseIdPipe) id: string, @Body() body: OpenCaseFromMatterDto, @Headers('if-match') ifMatch?: string): Promise<MatterView & { case: { id: string; reference: string } }> {
    return this.matters.openCase(id, body, principal(), ifMatchVersion(ifMatch));
  }

  @Post('matters/:id/route')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Take an alternative route (compliance remediation, warning letter, enforcement programme, no action) with its outcome' })
  route(@Param('id', ParseIdPipe) id: string, @Body() body: RouteMatterDto, @Headers('if-match') ifMatch?: string): Promise<MatterView> {
    return this.matters.route(id, body, principal(), ifMatchVersion(ifMatch));
  }

  @Patch('matters/:id/assessment')
  @Roles(...OFFICERS)
  @ApiOperation({ summary: "Record the officer's assessment (strategic significance, evidence, cooperation): the matter is rescored" })
  assess(@Param('id', ParseIdPipe) id: string, @Body() body: AssessMatterDto, @Headers('if-match') ifMatch?: string): Promise<MatterView> {
    const { reason, ...assessment } = body;
    return this.matters.assess(id, assessment, reason, principal(), ifMatchVersion(ifMatch));
  }

  @Post('matters/:id/override')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Override the score with a reason (audited); score null clears it' })
  override(@Param('id', ParseIdPipe) id: string, @Body() body: OverrideScoreDto, @Headers('if-match') ifMatch?: string): Promise<MatterView> {
    return this.matters.override(id, body, principal(), ifMatchVersion(ifMatch));
  }

  @Post('matters/:id/rescore')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Score again with the active model and the current facts' })
  rescore(@Param('id', ParseIdPipe) id: string): Promise<MatterView> {
    return this.matters.rescore(id, principal());
  }

  @Post('matters/:id/merge')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Merge other matters of the same service into this one (audited)' })
  merge(@Param('id', ParseIdPipe) id: string, @Body() body: MergeMattersDto, @Headers('if-match') ifMatch?: string): Promise<MatterView> {
    return this.matters.merge(id, body.matterIds, body.reason, principal(), ifMatchVersion(ifMatch));
  }

  @Post('matters/:id/split')
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Move items into a new matter (audited)' })
  split(@Param('id', ParseIdPipe) id: string, @Body() body: SplitMatterDto, @Headers('if-match') ifMatch?: string): Promise<{ from: MatterView; to: MatterView }> {
    return this.matters.split(id, body.itemIds, body.reason, principal(), ifMatchVersion(ifMatch));
  }
}
