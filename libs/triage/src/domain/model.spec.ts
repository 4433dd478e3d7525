import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson } from '@app/audit';
import { DomainError } from '@app/core';
import { BUILT_IN_MODELS, TRIAGE_MODEL_2026_1 } from './built-in-models.js';
import { HARM_CATEGORIES } from './harm-categories.js';
import { MAX_SCORE, TRIAGE_FACTORS, scoreMatter, validateModel, type TriageInputs } from './model.js';

const base: TriageInputs = {
  harmCategories: ['fraud'],
  ukUsersEstimate: null,
  serviceType: 'user_to_user',
  childrenLikely: false,
  itemCount: 1,
  sources: ['complaint'],
  reportedViaLinkedDomain: false,
  previousMattersOnService: 0,
  evidenceKinds: ['url'],
  provider: null,
  assessment: {},
};
const score = (over: Partial<TriageInputs>): number => scoreMatter(TRIAGE_MODEL_2026_1, { ...base, ...over }).score;

const inputs = fc.record({
  harmCategories: fc.subarray([...HARM_CATEGORIES], { minLength: 0 }),
  ukUsersEstimate: fc.option(fc.integer({ min: 0, max: 80_000_000 }), { nil: null }),
  serviceType: fc.constantFrom('user_to_user', 'search', 'pornography_provider', 'unknown'),
  childrenLikely: fc.boolean(),
  itemCount: fc.integer({ min: 1, max: 100_000 }),
  sources: fc.subarray(['complaint', 'provider_self_report', 'supervision', 'other_regulatory_function', 'whistleblower', 'other_body', 'super_complaint']),
  reportedViaLinkedDomain: fc.boolean(),
  previousMattersOnService: fc.integer({ min: 0, max: 20 }),
  evidenceKinds: fc.subarray(['hash', 'url', 'description']),
  provider: fc.option(fc.record({ jurisdiction: fc.option(fc.constantFrom('GB', 'US', 'NL', 'SC'), { nil: null }), hasNoticeContact: fc.boolean() }), { nil: null }),
  assessment: fc.record(
    {
      systemic: fc.boolean(),
      firstUseOfPower: fc.boolean(),
      precedent: fc.boolean(),
      crossIndustry: fc.boolean(),
      evidenceAvailability: fc.constantFrom('strong' as const, 'some' as const, 'weak' as const),
      providerCooperation: fc.constantFrom('cooperative' as const, 'partial' as const, 'uncooperative' as const, 'unknown' as const),
    },
    { requiredKeys: [] },
  ),
});

/** Any valid model: random weights adding up to 100 and random values. */
const models = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: TRIAGE_FACTORS.length - 1, maxLength: TRIAGE_FACTORS.length - 1 }), fc.integer({ min: 0, max: 100 }))
  .map(([cuts, severity]) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const points = [0, ...sorted, 100];
    const weights = Object.fromEntries(TRIAGE_FACTORS.map((f, i) => [f, (points[i + 1] as number) - (points[i] as number)]));
    return validateModel({
      ...TRIAGE_MODEL_2026_1,
      version: 'random-model',
      weights,
      harmSeverity: { ...TRIAGE_MODEL_2026_1.harmSeverity, other: severity },
    });
  });

describe('the triage score', () => {
  it('is exactly the sum of its factor contributions, whatever the model and the matter', () => {
    fc.assert(
      fc.property(models, inputs, (model, input) => {
        const result = scoreMatter(model, input);
        expect(result.factors.map((f) => f.name)).toEqual([...TRIAGE_FACTORS]);
        expect(result.factors.reduce((sum, f) => sum + f.contribution, 0)).toBe(result.score);
        for (const f of result.factors) {
          expect(Number.isInteger(f.contribution)).toBe(true);
          expect(f.value).toBeGreaterThanOrEqual(0);
          expect(f.value).toBeLessThanOrEqual(100);
          expect(f.contribution).toBe(Math.round((f.value * f.weight) / 10));
          expect(f.reason.length).toBeGreaterThan(5);
        }
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(MAX_SCORE + TRIAGE_FACTORS.length);
      }),
      { numRuns: 200 },
    );
  });

  it('is reproducible: the same model and inputs always give the same explained score', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        expect(scoreMatter(TRIAGE_MODEL_2026_1, structuredClone(input))).toEqual(scoreMatter(TRIAGE_MODEL_2026_1, input));
      }),
    );
  });

  it('ranks priority illegal harms such as CSAM and intimate image abuse above fraud', () => {
    expect(score({ harmCategories: ['csam'] })).toBeGreaterThan(score({ harmCategories: ['ncii'] }));
    expect(score({ harmCategories: ['ncii'] })).toBeGreaterThan(score({ harmCategories: ['fraud'] }));
    expect(score({ harmCategories: ['fraud'] })).toBeGreaterThan(score({ harmCategories: ['other'] }));
  });

  it('rises with reach, children, volume, recurrence and strategic significance', () => {
    expect(score({ ukUsersEstimate: 20_000_000 })).toBeGreaterThan(score({ ukUsersEstimate: 5_000 }));
    expect(score({ childrenLikely: true })).toBeGreaterThan(score({}));
    expect(score({ itemCount: 150 })).toBeGreaterThan(score({ itemCount: 3 }));
    expect(score({ reportedViaLinkedDomain: true })).toBeGreaterThan(score({}));
    expect(score({ assessment: { systemic: true, firstUseOfPower: true } })).toBeGreaterThan(score({}));
    expect(score({ sources: ['complaint', 'super_complaint'] })).toBeGreaterThan(score({ sources: ['complaint'] }));
  });

  it('explains each factor in words', () => {
    const result = scoreMatter(TRIAGE_MODEL_2026_1, { ...base, harmCategories: ['ncii', 'hate'], ukUsersEstimate: 2_000_000, reportedViaLinkedDomain: true });
    const byName = Object.fromEntries(result.factors.map((f) => [f.name, f]));
    expect(byName.harm_severity?.reason).toMatch(/Intimate image abuse \(ncii\), a priority illegal harm, severity 95\/100; plus 1 further priority illegal harm/);
    expect(byName.harm_severity?.value).toBe(100);
    expect(byName.reach?.reason).toBe('About 2,000,000 UK users (1,000,000 users or more).');
    expect(byName.volume_recurrence?.reason).toMatch(/mirror or successor domain/);
    expect(result.modelVersion).toBe('osa-triage-2026.1');
  });
});

describe('published models', () => {
  it('never change once published (scores stored under them must stay reproducible)', () => {
    const digest = createHash('sha256').update(canonicalJson(TRIAGE_MODEL_2026_1)).digest('hex');
    expect({ version: TRIAGE_MODEL_2026_1.version, digest }).toEqual({
      version: 'osa-triage-2026.1',
      digest: '65f69cf8674bfcbdcc1452eaf37d719243a3e24a8bad10c5a9facb7051f3e80a',
    });
  });

  it('are valid and have distinct versions', () => {
    for (const model of BUILT_IN_MODELS) expect(validateModel(structuredClone(model))).toEqual(model);
    expect(new Set(BUILT_IN_MODELS.map((m) => m.version)).size).toBe(BUILT_IN_MODELS.length);
  });
});

describe('validateModel', () => {
  it('names every problem of a bad definition', () => {
    const bad = {
      ...structuredClone(TRIAGE_MODEL_2026_1),
      version: 'Has Spaces',
      weights: { ...TRIAGE_MODEL_2026_1.weights, harm_severity: 31 },
      harmSeverity: { ...TRIAGE_MODEL_2026_1.harmSeverity, csam: 101 },
      reach: { unknown: 30, thresholds: [{ minUkUsers: 10, value: 5 }, { minUkUsers: 100, value: 50 }] },
      colour: 'red',
    };
    let error: DomainError | undefined;
    try {
      validateModel(bad);
    } catch (e) {
      error = e as DomainError;
    }
    expect(error?.code).toBe('TRIAGE_MODEL_INVALID');
    const fields = error?.extras.errors?.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['version', 'weights', 'harmSeverity.csam', 'reach.thresholds[1].minUkUsers', 'colour']));
  });

  it('refuses a model missing a harm category', () => {
    const { csam: _csam, ...rest } = TRIAGE_MODEL_2026_1.harmSeverity;
    expect(() => validateModel({ ...TRIAGE_MODEL_2026_1, harmSeverity: rest })).toThrow(/harmSeverity.csam/);
  });
});
