import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Roles, type Page } from '@app/core';
import { PageQueryDto, ParseIdPipe } from '@app/platform';
import { Outbox } from './outbox.js';
import { OUTBOX_STATUSES, type OutboxMessage, type OutboxMessageSummary, type OutboxStatus } from './outbox.types.js';

export class OutboxListQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

export class OutboxMessageSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Recipient email address' }) to!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) toUserId!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'Email template name' }) template!: string;
  @ApiProperty({ enum: OUTBOX_STATUSES }) status!: OutboxStatus;
  @ApiProperty({ description: 'Delivery attempts started so far' }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) nextAttemptAt!: Date;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectType!: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time', nullable: true, type: Date }) sentAt!: Date | null;
  @ApiProperty({ description: 'The Message-ID header, the same on every attempt' }) messageId!: string;
}

export class OutboxMessageDto extends OutboxMessageSummaryDto {
  @ApiProperty() idempotencyKey!: string;
  @ApiProperty({ description: 'The HTML body exactly as sent' }) html!: string;
  @ApiProperty({ description: 'The plain-text body exactly as sent' }) text!: string;
}

export class OutboxPageDto {
  @ApiProperty({ type: [OutboxMessageSummaryDto] }) items!: OutboxMessageSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** The mail viewer's API: every email the service has written, sent or not. */
@ApiTags('outbox')
@ApiBearerAuth()
@Controller('api/v1/outbox')
export class OutboxController {
  constructor(@Inject(Outbox) private readonly outbox: Outbox) {}

  @Get()
  @Roles('admin', 'case_officer', 'decision_maker')
  @ApiOperation({ summary: 'List outbox messages, newest first' })
  @ApiOkResponse({ type: OutboxPageDto })
  list(@Query() query: OutboxListQuery): Promise<Page<OutboxMessageSummary>> {
    return this.outbox.list(query);
  }

  @Get(':id')
  @Roles('admin', 'case_officer', 'decision_maker')
  @ApiOperation({ summary: 'One outbox message with its HTML and text bodies' })
  @ApiOkResponse({ type: OutboxMessageDto })
  get(@Param('id', ParseIdPipe) id: string): Promise<OutboxMessage> {
    return this.outbox.get(id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Send a dead or held message again, starting from the first attempt' })
  @ApiOkResponse({ type: OutboxMessageDto })
  retry(@Param('id', ParseIdPipe) id: string): Promise<OutboxMessage> {
    return this.outbox.retry(id);
  }
}
