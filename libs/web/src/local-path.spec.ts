import { describe, expect, it } from '@jest/globals';
import { safeLocalPath } from './local-path.js';

describe('where signing in leads', () => {
  it('follows a path on this site, keeping its query', () => {
    expect(safeLocalPath('/admin/users?page=2')).toBe('/admin/users?page=2');
  });

  it('never leads to another site', () => {
    for (const attack of ['https://evil.test/', '//evil.test/x', '/\\evil.test', '\\\\evil.test', 'javascript:alert(1)', ' /x', '/\tx', '/\r\nLocation: x']) {
      expect(safeLocalPath(attack)).toBe('/dashboard');
    }
  });

  it('keeps percent-encoded characters encoded, so they cannot split a header', () => {
    expect(safeLocalPath('/cases?q=%0d%0aLocation:x')).toBe('/cases?q=%0d%0aLocation:x');
  });

  it('does not loop back to the sign-in pages, and falls back when nothing is given', () => {
    expect(safeLocalPath('/sign-in?next=/x')).toBe('/dashboard');
    expect(safeLocalPath('/sign-in/code')).toBe('/dashboard');
    expect(safeLocalPath(undefined)).toBe('/dashboard');
    expect(safeLocalPath(['/a', '/b'])).toBe('/dashboard');
  });
});
