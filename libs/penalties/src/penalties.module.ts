import { Module } from '@nestjs/common';
import { PenaltiesController } from './penalties.controller.js';
import { PenaltyCalculator } from './penalty-calculator.js';
import { DEFAULT_PENALTY_POLICY } from './penalty-policy.js';

/** Penalty calculations under Schedule 13 and the Penalty Guidelines. */
@Module({
  controllers: [PenaltiesController],
  providers: [{ provide: PenaltyCalculator, useValue: new PenaltyCalculator(DEFAULT_PENALTY_POLICY) }],
  exports: [PenaltyCalculator],
})
export class PenaltiesModule {}
