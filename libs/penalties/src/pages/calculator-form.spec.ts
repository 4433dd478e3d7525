import { describe, expect, it } from '@jest/globals';
import { PenaltyCalculator } from '../penalty-calculator.js';
import { pageErrors, parseAmount, parsePercent, readCalculatorForm } from './calculator-form.js';

describe('the calculator form', () => {
  it('reads amounts in pounds as exact pence, and refuses anything else', () => {
    expect(parseAmount('£1,234,567.89')).toBe(123_456_789);
    expect(parseAmount('180,000,000')).toBe(18_000_000_000);
    expect(parseAmount('0.5')).toBe(50);
    expect(parseAmount('1000', 0)).toBe(1000);
    for (const bad of ['', 'lots', '1.234', '-5', '1e9', '12,34.5.6']) expect(parseAmount(bad)).toBeUndefined();
  });

  it('reads percentages with at most two decimals', () => {
    expect(parsePercent('12.5')).toBe(12.5);
    expect(parsePercent('25%')).toBe(25);
    expect(parsePercent('12.345')).toBeUndefined();
    expect(parsePercent('ten')).toBeUndefined();
  });

  it('turns the fields into the calculator input, dates from day, month and year', () => {
    const read = readCalculatorForm({
      revenueEstablished: 'yes',
      revenueCurrency: 'eur',
      revenueAmount: '1,000,000.00',
      conversionRate: '0.85',
      'conversionRateDate-day': '31',
      'conversionRateDate-month': '12',
      'conversionRateDate-year': '2025',
      seriousness: 'low',
      'aggravating-children_affected': '10',
      'mitigating-other': '5',
      'mitigating-other-description': 'Apologised',
      dailyRate: '100',
      'dailyStart-day': '1',
      'dailyStart-month': '6',
      'dailyStart-year': '2026',
    });
    expect(read.errors.size).toBe(0);
    expect(read.input).toEqual({
      revenueEstablished: true,
      revenueCurrency: 'EUR',
      qualifyingWorldwideRevenueMinorUnits: 100_000_000,
      conversionRate: '0.85',
      conversionRateDate: '2025-12-31',
      seriousness: 'low',
      aggravatingFactors: [{ factor: 'children_affected', percent: 10 }],
      mitigatingFactors: [{ factor: 'other', percent: 5, description: 'Apologised' }],
      dailyPenalty: { ratePence: 10_000, startsOn: '2026-06-01' },
    });
    expect(() => new PenaltyCalculator().calculate(read.input)).not.toThrow();
  });

  it('names the page field for each refusal of the calculator, factors included', () => {
    const read = readCalculatorForm({ revenueEstablished: 'no', seriousness: 'low', 'aggravating-financial_gain': '150', 'dailyStart-day': '31', 'dailyStart-month': '2', 'dailyStart-year': '2026' });
    expect([...read.errors.keys()]).toEqual(['dailyStart', 'dailyRate']);
    const fixed = readCalculatorForm({ revenueEstablished: 'no', seriousness: 'low', 'aggravating-financial_gain': '150' });
    let errors = new Map<string, string>();
    try {
      new PenaltyCalculator().calculate(fixed.input);
    } catch (error) {
      errors = pageErrors(fixed, (error as { extras: { errors: { field: string; message: string }[] } }).extras.errors);
    }
    expect([...errors.keys()]).toEqual(['aggravating-financial_gain']);
    expect(errors.get('aggravating-financial_gain')).toMatch(/^The provider gained from the contravention must be a percentage/);
  });
});
