import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, Roles, pageSize, type Page, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import {
  SuperComplaintService,
  type MessageView,
  type PublishedResponseView,
  type SuperComplaintStats,
  type SuperComplaintView,
} from '../super-complaint.service.js';
import { CreateSuperComplaintDto, FireEventDto, ListSuperComplaintsQueryDto, PostMessageDto, UpdateSuperComplaintDto } from './dto.js';

const READERS = ['admin', 'case_officer', 'decision_maker', 'complainant_body'] as const;
const ACTORS = ['case_officer', 'decision_maker', 'complainant_body'] as const;

/** The shape the contract promises for a new draft, plus the full view. */
type Created = SuperComplaintView;

@ApiTags('super-complaints')
@ApiBearerAuth()
@Controller('api/v1/super-complaints')
export class SuperComplaintsController {
  constructor(@Inject(SuperComplaintService) private readonly service: SuperComplaintService) {}

  @Post()
  @Roles('complainant_body')
  @ApiOperation({ summary: 'Start a super-complaint as a draft (eligible entities); returns {id, reference, state, deadlines[]} and the rest of the draft' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateSuperComplaintDto): Promise<Created> {
    return this.service.createDraft(principal, body);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: "Super-complaints, newest first: an entity sees its own, officers see all" })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListSuperComplaintsQueryDto): Promise<Page<SuperComplaintView>> {
    return this.service.list(principal, { state: query.state, limit: pageSize(query.limit), cursor: query.cursor });
  }

  @Get('stats')
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  @ApiOperation({ summary: 'Counts by state and median days to the eligibility decision and to the response (no content)' })
  stats(): Promise<SuperComplaintStats> {
    return this.service.stats();
  }

  @Get('published')
  @Public()
  @ApiOperation({ summary: 'Published responses to super-complaints, newest first' })
  published(): Promise<PublishedResponseView[]> {
    return this.service.published();
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One super-complaint with its deadlines and their explanations (own organisation only; officers see all)' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<SuperComplaintView> {
    return this.service.get(principal, id);
  }

  @Patch(':id')
  @Roles('complainant_body')
  @ApiOperation({ summary: 'Change a draft (fields left out stay as they are)' })
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: UpdateSuperComplaintDto): Promise<SuperComplaintView> {
    return this.service.updateDraft(principal, id, body);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('complainant_body')
  @ApiOperation({ summary: 'File the draft: completeness, the six-month limit and repeats are checked, and the eligibility clock starts' })
  submit(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<SuperComplaintView> {
    return this.service.fire(principal, id, 'submit', {});
  }

  @Post(':id/events')
  @HttpCode(200)
  @Roles(...ACTORS)
  @ApiOperation({
    summary:
      'Take a step of the lifecycle: grant_filing_exception, acknowledge_receipt, find_eligible, find_not_admissible, request_information, provide_information, publish_response, withdraw',
  })
  fire(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: FireEventDto): Promise<SuperComplaintView> {
    return this.service.fire(principal, id, body.event, body.data ?? {});
  }

  @Get(':id/messages')
  @Roles(...ACTORS, 'admin')
  @ApiOperation({ summary: 'The message thread of a super-complaint' })
  messages(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<MessageView[]> {
    return this.service.messages(principal, id);
  }

  @Post(':id/messages')
  @Roles(...ACTORS)
  @ApiOperation({ summary: "Send a message in the thread; the regulator's messages are emailed to the entity" })
  postMessage(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: PostMessageDto): Promise<MessageView> {
    return this.service.postMessage(principal, id, body.body);
  }
}
