/**
 * Confidential passages in a draft are marked inline: `[[confidential]]…[[/confidential]]` (case and
 * spaces inside the brackets do not matter; a passage may span lines, never nest). The non-confidential
 * version replaces each passage with REDACTION_MARK. Anything that looks like a marker but is not a
 * well-formed pair refuses the draft, so a typo can never publish a passage meant to be removed.
 */
export const REDACTION_MARK = '[redacted]';

const PASSAGE = /\[\[\s*confidential\s*\]\]([\s\S]*?)\[\[\s*\/\s*confidential\s*\]\]/gi;
/** What is left of a marker after the well-formed pairs are removed: an unclosed, unopened or misspelt one. */
const STRAY_MARKER = /\[+\s*\/?\s*confidential\s*\]*|confidential\s*\]+/i;

/** Why the text's markers are not well formed, or null when they are (or there are none). */
export function markerProblem(text: string): string | null {
  const rest = text.replace(PASSAGE, (_whole, inner: string) => (/\[\[\s*confidential\s*\]\]/i.test(inner) ? '[[confidential]]' : ''));
  if (STRAY_MARKER.test(rest)) {
    return 'has a confidential marker that is not closed or not written as [[confidential]]…[[/confidential]]';
  }
  return null;
}

/** True when the text marks at least one confidential passage. */
export const hasConfidential = (text: string): boolean => new RegExp(PASSAGE.source, 'i').test(text);

/**
 * The non-confidential version of the text: each marked passage replaced by REDACTION_MARK, spaces
 * around it tidied. Callers check markerProblem first; a text with a stray marker is refused whole
 * (its passages might be unclosed), so this never returns a half-marked text.
 */
export function redact(text: string): string {
  if (markerProblem(text) !== null) throw new Error('redact() called on a text whose confidential markers are not well formed');
  return text
    .replace(PASSAGE, REDACTION_MARK)
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .trim();
}

/** The passages a draft marks confidential (for tests and the preview). */
export function confidentialPassages(text: string): string[] {
  return [...text.matchAll(PASSAGE)].map((m) => (m[1] ?? '').trim()).filter((p) => p !== '');
}
