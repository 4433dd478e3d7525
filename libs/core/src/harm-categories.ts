/**
 * Harm categories (domain reference §4). Other contexts and reports rely on these codes: add codes,
 * never rename one.
 */
export const PRIORITY_ILLEGAL_HARMS = [
  'terrorism',
  'csam',
  'ncii',
  'extreme_pornography',
  'sexual_exploitation_of_adults',
  'hate',
  'harassment_stalking_threats',
  'controlling_coercive_behaviour',
  'human_trafficking',
  'unlawful_immigration',
  'fraud',
  'proceeds_of_crime',
  'drugs_psychoactive',
  'firearms_weapons',
  'suicide_self_harm',
  'foreign_interference',
  'animal_cruelty',
] as const;

export const OTHER_DUTY_HARMS = ['children_access_pornography', 'children_harmful_content', 'information_duties', 'risk_assessment_duties', 'other'] as const;

export const HARM_CATEGORIES = [...PRIORITY_ILLEGAL_HARMS, ...OTHER_DUTY_HARMS] as const;
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

export const isHarmCategory = (value: unknown): value is HarmCategory => typeof value === 'string' && (HARM_CATEGORIES as readonly string[]).includes(value);

/** What each code means, in the words used on pages and in explanations. */
export const HARM_LABELS: Record<HarmCategory, string> = {
  terrorism: 'Terrorism',
  csam: 'Child sexual exploitation and abuse (including grooming)',
  ncii: 'Intimate image abuse',
  extreme_pornography: 'Extreme pornography',
  sexual_exploitation_of_adults: 'Sexual exploitation of adults',
  hate: 'Hate',
  harassment_stalking_threats: 'Harassment, stalking, threats and abuse',
  controlling_coercive_behaviour: 'Controlling or coercive behaviour',
  human_trafficking: 'Human trafficking',
  unlawful_immigration: 'Unlawful immigration',
  fraud: 'Fraud and financial services offences',
  proceeds_of_crime: 'Proceeds of crime',
  drugs_psychoactive: 'Drugs and psychoactive substances',
  firearms_weapons: 'Firearms, knives and other weapons',
  suicide_self_harm: 'Encouraging or assisting suicide or self-harm',
  foreign_interference: 'Foreign interference',
  animal_cruelty: 'Animal cruelty',
  children_access_pornography: 'Children able to access pornography (age assurance)',
  children_harmful_content: 'Content harmful to children',
  information_duties: 'Failure to answer an information request',
  risk_assessment_duties: 'Risk assessment not done or not adequate',
  other: 'Something else',
};
