import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR, actorOf } from '@app/audit';
import { RequestContext, Roles } from '@app/core';
import { ParseIdPipe } from '@app/platform';
import type { Deadline } from '../deadline.js';
import { DeadlineService } from '../deadline.service.js';
import { DeadlineView, ExtendDeadlineBody } from './dto.js';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('api/v1/deadlines')
export class DeadlinesController {
  constructor(
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Get(':id')
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  @ApiOperation({ summary: 'A deadline with its explanation, extensions and clock stops' })
  @ApiOkResponse({ type: DeadlineView })
  get(@Param('id', ParseIdPipe) id: string): Promise<Deadline> {
    return this.deadlines.get(id);
  }

  @Post(':id/extensions')
  @HttpCode(201)
  @Roles('case_officer', 'decision_maker')
  @ApiOperation({
    summary: 'Extend a deadline to a later date',
    description: 'The original and every earlier due date stay in the history; the person extending it is recorded as approving it. 422 DEADLINE_EXTENSION_NOT_LATER when the date is not later.',
  })
  @ApiCreatedResponse({ type: DeadlineView })
  extend(@Param('id', ParseIdPipe) id: string, @Body() body: ExtendDeadlineBody): Promise<Deadline> {
    const principal = RequestContext.current()?.principal;
    const actor = principal ? actorOf(principal) : SYSTEM_ACTOR;
    return this.dataSource.transaction((manager) => this.deadlines.extend(manager, id, body, actor));
  }
}
