/**
 * Where to go after signing in: only a path on this site ("/dashboard?x=1"), never another origin.
 * Rejects absolute URLs, protocol-relative ("//evil.test"), backslash tricks ("/\evil.test"), control
 * characters and the sign-in pages themselves; falls back otherwise.
 */
export function safeLocalPath(candidate: unknown, fallback = '/dashboard'): string {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 2000) return fallback;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(candidate, 'http://local.invalid');
  } catch {
    return fallback;
  }
  if (parsed.origin !== 'http://local.invalid') return fallback;
  if (parsed.pathname === '/sign-in' || parsed.pathname.startsWith('/sign-in/') || parsed.pathname === '/sign-out') return fallback;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
