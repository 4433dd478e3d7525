import { domainToASCII } from 'node:url';
import { DomainError } from '@app/core';

/** A URL reduced to the form used for matching reports to services. */
export interface NormalisedUrl {
  /** The canonical URL: lower-case scheme and host, punycode, no `www.`, no default port, no trailing dot or slash, no fragment. */
  url: string;
  /** The host alone, normalised as by `normaliseDomain`: what services are matched on. */
  domain: string;
}

const MAX_URL_LENGTH = 2048;
const MAX_DOMAIN_LENGTH = 253;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

function invalid(field: string, value: string, why: string): DomainError {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return new DomainError('INVALID_URL', `${field}: "${shown}" ${why}`, { errors: [{ field, message: why }] });
}

/**
 * Lower case, IDN to punycode, trailing dots removed, a leading `www.` removed (when a registrable
 * name remains), then checked label by label. IPv4 and bracketed IPv6 literals are kept as they are.
 */
export function normaliseDomain(input: string, field = 'domain'): string {
  if (typeof input !== 'string') throw invalid(field, String(input), 'must be a domain name such as example.com.');
  let host = input.trim();
  if (host === '') throw invalid(field, input, 'is empty: give a domain name such as example.com.');
  if (/[/?#@:\s]/.test(host) && !/^\[[0-9a-f:.]+\]$/i.test(host)) {
    throw invalid(field, input, 'must be a domain name alone (such as example.com), without a scheme, port, path or spaces.');
  }
  host = host.replace(/\.+$/, '');
  if (/^\[[0-9a-f:.]+\]$/i.test(host)) {
    const parsed = safeUrl(`http://${host}/`);
    if (!parsed) throw invalid(field, input, 'is not a valid IPv6 address.');
    return parsed.hostname;
  }
  const ascii = domainToASCII(host.toLowerCase());
  if (ascii === '') throw invalid(field, input, 'is not a valid domain name: it has characters or a form that cannot be a host name.');
  if (ascii.length > MAX_DOMAIN_LENGTH) throw invalid(field, input, `is longer than the ${MAX_DOMAIN_LENGTH} characters a domain name can have.`);
  if (IPV4.test(ascii)) {
    if (ascii.split('.').some((octet) => Number(octet) > 255)) throw invalid(field, input, 'is not a valid IPv4 address.');
    return ascii;
  }
  const labels = ascii.split('.');
  if (labels.length < 2) throw invalid(field, input, 'needs at least a name and a top-level domain, such as example.com.');
  for (const label of labels) {
    if (!LABEL.test(label)) {
      throw invalid(field, input, `has a part ("${label.slice(0, 63)}") that is not a valid label: 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen.`);
    }
  }
  const tld = labels[labels.length - 1] as string;
  if (!TLD.test(tld)) throw invalid(field, input, `ends in "${tld}", which is not a top-level domain.`);
  if (labels[0] === 'www' && labels.length > 2) labels.shift();
  return labels.join('.');
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Normalises a URL as people paste it (`Example.com/page`, `https://www.EXAMPLE.com./a/`, an IDN...)
 * to the form services are matched on. Only http and https are accepted; a user name or password in
 * the URL is refused (it is how a link disguises where it goes); the fragment is dropped; the query is kept.
 */
export function normaliseUrl(input: string, field = 'url'): NormalisedUrl {
  if (typeof input !== 'string') throw invalid(field, String(input), 'must be a web address such as https://example.com/page.');
  const raw = input.trim();
  if (raw === '') throw invalid(field, input, 'is empty: give the web address of the site or app, such as https://example.com.');
  if (raw.length > MAX_URL_LENGTH) throw invalid(field, raw, `is longer than ${MAX_URL_LENGTH} characters.`);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  let candidate = raw;
  if (raw.startsWith('//')) candidate = `https:${raw}`;
  else if (scheme === undefined || (scheme !== 'http' && scheme !== 'https' && /^[^/]+:\d+(?:[/?#]|$)/.test(raw))) candidate = `https://${raw}`;
  else if (scheme !== 'http' && scheme !== 'https') {
    throw invalid(field, raw, `uses "${scheme}:"; only web addresses (http or https) are accepted. Send a link to where the content is, never the content itself.`);
  }
  const parsed = safeUrl(candidate);
  if (!parsed) throw invalid(field, raw, 'is not a web address that can be read. Check it for typing mistakes.');
  if (parsed.username !== '' || parsed.password !== '') {
    throw invalid(field, raw, 'contains a user name or password before the host (user@host). Remove it: such links hide where they really go.');
  }
  const hostname = parsed.hostname;
  const domain = normaliseDomain(hostname, field);
  let path = parsed.pathname.replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  if (path === '/') path = '';
  const port = parsed.port === '' ? '' : `:${parsed.port}`;
  return { url: `${parsed.protocol}//${domain}${port}${path}${parsed.search}`, domain };
}

/** The domain and each parent that could name a registered service: a.b.example.com → a.b.example.com, b.example.com, example.com. */
export function domainCandidates(domain: string): string[] {
  if (IPV4.test(domain) || domain.startsWith('[')) return [domain];
  const labels = domain.split('.');
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i += 1) out.push(labels.slice(i).join('.'));
  return out;
}
