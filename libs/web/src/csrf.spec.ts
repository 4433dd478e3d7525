import { describe, expect, it } from '@jest/globals';
import { requiresCsrfToken } from './csrf.js';

const base = { method: 'POST', authorization: undefined, contentType: 'application/json', hasSessionCookie: false };

describe('which requests must carry a CSRF token', () => {
  it('requires it on any HTML form post, signed in or not', () => {
    expect(requiresCsrfToken({ ...base, contentType: 'application/x-www-form-urlencoded' })).toBe(true);
    expect(requiresCsrfToken({ ...base, contentType: 'multipart/form-data; boundary=x' })).toBe(true);
  });

  it('requires it on unsafe requests authenticated by the session cookie', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(requiresCsrfToken({ ...base, method, hasSessionCookie: true })).toBe(true);
    }
  });

  it('does not require it of API clients using a Bearer header, nor of safe methods', () => {
    expect(requiresCsrfToken({ ...base, hasSessionCookie: true, authorization: 'Bearer abc' })).toBe(false);
    expect(requiresCsrfToken({ ...base, contentType: 'application/x-www-form-urlencoded', authorization: 'bearer abc' })).toBe(false);
    expect(requiresCsrfToken({ ...base, method: 'GET', hasSessionCookie: true })).toBe(false);
    expect(requiresCsrfToken({ ...base })).toBe(false);
  });

  it('still requires it when the Authorization header is not a Bearer one', () => {
    expect(requiresCsrfToken({ ...base, hasSessionCookie: true, authorization: 'Basic abc' })).toBe(true);
  });
});
