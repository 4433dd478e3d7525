/**
 * The letter content an event's drafter writes, read from the lifecycle table: the `letter` field's
 * description lists the paths the drafter gives (`recipient.organisationName, requirements[{item,
 * detail?}], reasons[], responseForm, provisions[]?`), and the documents context's sample letter of
 * the template shows each path's shape (text, a list of lines, a list of rows, numbers).
 */

/** One path of the letter content, as the table's description states it. */
export interface LetterPathSpec {
  path: string;
  /** Written `name[]`: a list. */
  list: boolean;
  /** Written `name[{a, b?}]`: a list of rows with these fields. */
  rowFields?: { name: string; list: boolean; optional: boolean }[];
  /** Written `name?`. */
  optional: boolean;
  /** A condition in brackets after the path, e.g. "with a penalty". */
  note?: string;
}

const PREFIX = /^.*?:\s*/;

/** Splits on commas that are not inside brackets or braces. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '[' || char === '{' || char === '(') depth += 1;
    if (char === ']' || char === '}' || char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

const ITEM = /^([A-Za-z][A-Za-z0-9.]*)(\[(\{([^}]*)\})?\])?(\?)?(?:\s*\(([^)]*)\))?$/;
const ROW_FIELD = /^([A-Za-z][A-Za-z0-9]*)(\[\])?(\?)?$/;

/** Reads "the letter's content: a, b[], c[{d, e?}]?" into path specs; parts it cannot read are left out. */
export function parseLetterDescription(description: string): LetterPathSpec[] {
  const body = description.includes(':') ? description.replace(PREFIX, '') : description;
  const specs: LetterPathSpec[] = [];
  for (const part of splitTopLevel(body)) {
    const match = ITEM.exec(part);
    if (!match) continue;
    const [, path, brackets, , rowList, optional, note] = match;
    const rowFields = rowList
      ?.split(',')
      .map((f) => ROW_FIELD.exec(f.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ name: m[1] as string, list: m[2] !== undefined, optional: m[3] !== undefined }));
    specs.push({
      path: path as string,
      list: brackets !== undefined,
      ...(rowFields ? { rowFields } : {}),
      optional: optional !== undefined,
      ...(note ? { note: note.trim() } : {}),
    });
  }
  return specs;
}

/** The value at a dotted path of a sample object. */
export function sampleAt(sample: unknown, path: string): unknown {
  let value: unknown = sample;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
