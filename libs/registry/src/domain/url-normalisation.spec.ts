import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '@app/core';
import { domainCandidates, normaliseDomain, normaliseUrl } from './url-normalisation.js';

function refusal(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('normaliseDomain', () => {
  it.each([
    ['EXAMPLE.com', 'example.com'],
    ['www.example.com', 'example.com'],
    ['WWW.Example.CO.UK', 'example.co.uk'],
    ['example.com.', 'example.com'],
    ['example.com...', 'example.com'],
    ['  example.com  ', 'example.com'],
    ['Bücher.example', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['ёлка.рф', 'xn--80atc1g.xn--p1ai'],
    ['例子.测试', 'xn--fsqu00a.xn--0zwm56d'],
    ['forum.www.example.com', 'forum.www.example.com'],
    ['www.com', 'www.com'],
    ['1.2.3.4', '1.2.3.4'],
    ['[::1]', '[::1]'],
    ['[2001:DB8::1]', '[2001:db8::1]'],
    ['my_site.tumblr.com', 'my_site.tumblr.com'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseDomain(input)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['localhost', /top-level domain/],
    ['example', /top-level domain/],
    ['-bad.com', /not a valid label/],
    ['bad-.com', /not a valid label/],
    ['a..b.com', /not a valid label/],
    ['exa mple.com', /without a scheme, port, path or spaces/],
    ['example.com/path', /without a scheme/],
    ['https://example.com', /without a scheme/],
    ['example.com:8080', /without a scheme, port/],
    ['user@example.com', /without/],
    ['example.123', /cannot be a host name/],
    [`${'a'.repeat(64)}.com`, /not a valid label/],
    [`${'abcdefghi.'.repeat(26)}com`, /longer than the 253/],
    ['256.1.1.1', /cannot be a host name/],
  ])('refuses %j naming the field', (input, why) => {
    const error = refusal(() => normaliseDomain(input, 'domain'));
    expect(error.code).toBe('INVALID_URL');
    expect(error.detail).toMatch(why);
    expect(error.extras.errors).toEqual([{ field: 'domain', message: expect.any(String) }]);
  });

  it('is idempotent on anything it accepts', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        const once = normaliseDomain(domain);
        expect(normaliseDomain(once)).toBe(once);
      }),
    );
  });

  it('ignores case and trailing dots whatever the domain', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        expect(normaliseDomain(`${domain.toUpperCase()}.`)).toBe(normaliseDomain(domain));
      }),
    );
  });
});

describe('normaliseUrl', () => {
  it.each([
    ['https://example.com', 'https://example.com', 'example.com'],
    ['HTTPS://WWW.EXAMPLE.COM/', 'https://example.com', 'example.com'],
    ['example.com', 'https://example.com', 'example.com'],
    ['www.example.com/videos/123', 'https://example.com/videos/123', 'example.com'],
    ['//example.com/a', 'https://example.com/a', 'example.com'],
    ['http://example.com:80/a/', 'http://example.com/a', 'example.com'],
    ['https://example.com:443/', 'https://example.com', 'example.com'],
    ['https://example.com:8443/a', 'https://example.com:8443/a', 'example.com'],
    ['example.com:8080/x', 'https://example.com:8080/x', 'example.com'],
    ['https://example.com./a', 'https://example.com/a', 'example.com'],
    ['https://example.com/a//b///', 'https://example.com/a/b', 'example.com'],
    ['https://example.com/a/../b', 'https://example.com/b', 'example.com'],
    ['https://example.com/Case/Matters?id=7#top', 'https://example.com/Case/Matters?id=7', 'example.com'],
    ['https://bücher.example/ä', 'https://xn--bcher-kva.example/%C3%A4', 'xn--bcher-kva.example'],
    ['https://sub.Example.com/x', 'https://sub.example.com/x', 'sub.example.com'],
    ['  https://example.com/x  ', 'https://example.com/x', 'example.com'],
    ['http://1.2.3.4/p', 'http://1.2.3.4/p', '1.2.3.4'],
  ])('normalises %s', (input, url, domain) => {
    expect(normaliseUrl(input)).toEqual({ url, domain });
  });

  it.each([
    ['https://user:secret@example.com/', /user name or password/],
    ['https://bank.example@evil.example/', /user name or password/],
    ['ftp://example.com/file', /only web addresses/],
    ['javascript:alert(1)', /only web addresses/],
    ['data:image/png;base64,iVBORw0KGgo=', /never the content itself/],
    ['', /empty/],
    ['https://', /not a web address|empty|valid/],
    ['https://exa mple.com/', /not a web address/],
    ['https://localhost/', /top-level domain/],
  ])('refuses %j with a reason', (input, why) => {
    const error = refusal(() => normaliseUrl(input, 'serviceUrl'));
    expect(error.code).toBe('INVALID_URL');
    expect(error.detail).toMatch(why);
    expect(error.extras.errors?.[0]?.field).toBe('serviceUrl');
  });

  it('refuses an address longer than 2048 characters', () => {
    expect(refusal(() => normaliseUrl(`https://example.com/${'a'.repeat(2100)}`)).detail).toMatch(/longer than 2048/);
  });

  it('gives the same domain for every spelling of one site', () => {
    const spellings = ['https://www.Example.com/', 'http://EXAMPLE.COM.', 'example.com/path?q=1', 'https://example.com:443/#x', 'WWW.EXAMPLE.COM'];
    expect(new Set(spellings.map((s) => normaliseUrl(s).domain))).toEqual(new Set(['example.com']));
  });

  it('is idempotent on any web URL it accepts', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (raw) => {
        let first;
        try {
          first = normaliseUrl(raw);
        } catch (error) {
          // fast-check generates some hosts this normaliser rightly refuses (e.g. numeric top-level domains)
          expect(error).toBeInstanceOf(DomainError);
          return;
        }
        expect(normaliseUrl(first.url)).toEqual(first);
      }),
    );
  });
});

describe('domainCandidates', () => {
  it('lists the domain then each parent down to two labels', () => {
    expect(domainCandidates('a.b.example.co.uk')).toEqual(['a.b.example.co.uk', 'b.example.co.uk', 'example.co.uk', 'co.uk']);
    expect(domainCandidates('example.com')).toEqual(['example.com']);
    expect(domainCandidates('1.2.3.4')).toEqual(['1.2.3.4']);
  });
});
