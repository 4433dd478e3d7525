import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/core';
import { AuditLog, type VerifyResult } from './audit-log.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(@Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get('verify')
  @Roles('admin', 'case_officer', 'decision_maker')
  @ApiOperation({ summary: 'Recompute every hash chain and anchor; names the first broken event' })
  verify(): Promise<VerifyResult> {
    return this.audit.verify();
  }
}
