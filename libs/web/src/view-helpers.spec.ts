import { describe, expect, it } from '@jest/globals';
import Handlebars from 'handlebars';
import { formatDate, formatDateTime, formatTime, registerViewHelpers } from './view-helpers.js';

describe('dates and times as GOV.UK writes them', () => {
  it('shows a legal date as that calendar day', () => {
    expect(formatDate('2026-05-13')).toBe('13 May 2026');
    expect(formatDate('2026-01-02')).toBe('2 January 2026');
  });

  it('shows an instant on its UK calendar day, in summer time too', () => {
    expect(formatDate('2026-05-13T23:30:00Z')).toBe('14 May 2026');
    expect(formatDate(new Date('2026-12-31T23:30:00Z'))).toBe('31 December 2026');
  });

  it('writes times the GOV.UK way', () => {
    expect(formatTime('2026-01-10T09:00:00Z')).toBe('9am');
    expect(formatTime('2026-01-10T14:05:00Z')).toBe('2:05pm');
    expect(formatTime('2026-01-10T12:00:00Z')).toBe('midday');
    expect(formatTime('2026-01-10T00:00:00Z')).toBe('midnight');
    expect(formatDateTime('2026-06-01T13:00:00Z')).toBe('1 June 2026 at 2pm');
  });

  it('renders nothing for something that is not a date', () => {
    expect(formatDate('not a date')).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('2026-13-01')).toBe('');
  });
});

describe('template helpers', () => {
  const hbs = Handlebars.create();
  registerViewHelpers(hbs);
  const render = (source: string, data: unknown): string => hbs.compile(source)(data);

  it('escapes what they return, like any other value', () => {
    expect(render('{{roleName role}}', { role: '<script>alert(1)</script>' })).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('compares, checks membership and counts', () => {
    expect(render('{{#if (eq a "x")}}yes{{/if}}', { a: 'x' })).toBe('yes');
    expect(render('{{#if (includes roles "admin")}}checked{{/if}}', { roles: ['analyst', 'admin'] })).toBe('checked');
    expect(render('{{plural n "user"}}', { n: 1 })).toBe('1 user');
    expect(render('{{plural n "user"}}', { n: 3 })).toBe('3 users');
    expect(render('{{roleName "case_officer"}}', {})).toBe('Case officer');
  });
});
