import type { TriageModelDefinition } from './model.js';

/**
 * The first published model. Never edit a published model: scores stored under its version must stay
 * reproducible. Publish a new version (built in here, or through the API) instead.
 */
export const TRIAGE_MODEL_2026_1: TriageModelDefinition = {
  version: 'osa-triage-2026.1',
  description:
    'First model: risk of harm (severity, reach, children, volume and recurrence) 70%, strategic significance 15%, ' +
    'resource implications and risks (evidence, provider cooperation, jurisdiction) 15%. Priority illegal harms CSAM, ' +
    'terrorism and intimate image abuse rank highest.',
  weights: {
    harm_severity: 30,
    reach: 15,
    children: 15,
    volume_recurrence: 10,
    strategic_significance: 15,
    evidence_availability: 7,
    provider_cooperation: 4,
    jurisdiction: 4,
  },
  harmSeverity: {
    csam: 100,
    terrorism: 100,
    ncii: 95,
    human_trafficking: 90,
    suicide_self_harm: 90,
    extreme_pornography: 80,
    sexual_exploitation_of_adults: 80,
    children_access_pornography: 80,
    firearms_weapons: 75,
    controlling_coercive_behaviour: 70,
    harassment_stalking_threats: 70,
    children_harmful_content: 70,
    hate: 65,
    fraud: 65,
    drugs_psychoactive: 65,
    foreign_interference: 60,
    unlawful_immigration: 55,
    proceeds_of_crime: 55,
    animal_cruelty: 55,
    risk_assessment_duties: 50,
    information_duties: 45,
    other: 30,
  },
  furtherPriorityHarmBonus: 5,
  reach: {
    unknown: 30,
    thresholds: [
      { minUkUsers: 10_000_000, value: 100 },
      { minUkUsers: 3_000_000, value: 88 },
      { minUkUsers: 1_000_000, value: 75 },
      { minUkUsers: 300_000, value: 63 },
      { minUkUsers: 100_000, value: 50 },
      { minUkUsers: 30_000, value: 38 },
      { minUkUsers: 10_000, value: 25 },
      { minUkUsers: 0, value: 10 },
    ],
  },
  children: { likely: 100, notIndicated: 0, childHarmCategories: ['csam', 'children_access_pornography', 'children_harmful_content'], pornographyProvider: 60 },
  volume: {
    thresholds: [
      { minItems: 100, value: 100 },
      { minItems: 20, value: 80 },
      { minItems: 5, value: 55 },
      { minItems: 2, value: 30 },
      { minItems: 1, value: 10 },
    ],
    perFurtherSource: 10,
    linkedDomain: 20,
    previousMatter: 15,
  },
  strategic: { systemic: 40, firstUseOfPower: 25, precedent: 20, crossIndustry: 15, superComplaintIsSystemic: true },
  evidence: { strong: 100, some: 60, weak: 25 },
  cooperation: { uncooperative: 100, unknown: 50, partial: 50, cooperative: 20, self_reported: 10 },
  jurisdiction: { uk: 100, abroadWithNoticeContact: 70, abroadWithoutContact: 40, unknown: 50 },
};

export const BUILT_IN_MODELS: TriageModelDefinition[] = [TRIAGE_MODEL_2026_1];
export const DEFAULT_MODEL_VERSION = TRIAGE_MODEL_2026_1.version;
