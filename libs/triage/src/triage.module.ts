import { Module } from '@nestjs/common';
import { TriageModelsController } from './http/triage-models.controller.js';
import { TriageModels } from './triage-models.js';

/** The versioned, explainable triage model. Matters live in the intake context, which scores them here. */
@Module({ controllers: [TriageModelsController], providers: [TriageModels], exports: [TriageModels] })
export class TriageModule {}
