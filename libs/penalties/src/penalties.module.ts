import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CasesModule, FireTransition } from '@app/cases';
import { RegistryModule } from '@app/registry';
import { OrganisationCases } from './assessments/organisation-cases.js';
import { PenaltyAssessmentRepository } from './assessments/penalty-assessment.repository.js';
import { PenaltyAssessmentsController } from './assessments/penalty-assessments.controller.js';
import { PenaltyAssessments } from './assessments/penalty-assessments.service.js';
import { PenaltyPagesController } from './pages/penalty-pages.controller.js';
import { PenaltiesController } from './penalties.controller.js';
import { PenaltyCalculator } from './penalty-calculator.js';
import { DEFAULT_PENALTY_POLICY } from './penalty-policy.js';

/** Penalty calculations under Schedule 13 and the Penalty Guidelines; penalties imposed, their payment and recovery. */
@Module({
  imports: [CasesModule, RegistryModule],
  controllers: [PenaltiesController, PenaltyAssessmentsController, PenaltyPagesController],
  providers: [{ provide: PenaltyCalculator, useValue: new PenaltyCalculator(DEFAULT_PENALTY_POLICY) }, PenaltyAssessmentRepository, OrganisationCases, PenaltyAssessments],
  exports: [PenaltyCalculator, PenaltyAssessments],
})
export class PenaltiesModule implements OnModuleInit {
  constructor(
    @Inject(FireTransition) private readonly transitions: FireTransition,
    @Inject(PenaltyAssessments) private readonly assessments: PenaltyAssessments,
  ) {}

  /** A confirmation decision with a penalty records its calculation in the decision's own transaction. */
  onModuleInit(): void {
    this.transitions.onTransition((manager, fired) => this.assessments.recordFromDecision(manager, fired));
  }
}
