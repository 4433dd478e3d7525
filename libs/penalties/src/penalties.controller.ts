import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock, Roles } from '@app/core';
import { londonDateOf } from '@app/deadlines';
import { CalculatePenaltyDto, PenaltyCalculationView } from './calculate-penalty.dto.js';
import { PenaltyCalculator, type PenaltyCalculation } from './penalty-calculator.js';

@ApiTags('penalties')
@ApiBearerAuth()
@Controller('api/v1/penalties')
export class PenaltiesController {
  constructor(
    @Inject(PenaltyCalculator) private readonly calculator: PenaltyCalculator,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post('calculate')
  @HttpCode(200)
  @Roles('case_officer', 'decision_maker', 'analyst', 'admin')
  @ApiOperation({ summary: 'Statutory maximum and the penalty, step by step (nothing is stored)' })
  @ApiOkResponse({ type: PenaltyCalculationView })
  calculate(@Body() body: CalculatePenaltyDto): PenaltyCalculation {
    return this.calculator.calculate({ ...body, asOf: body.asOf ?? londonDateOf(this.clock.now()) });
  }
}
