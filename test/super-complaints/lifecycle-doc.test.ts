import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ERROR_CATALOGUE } from '@app/core';
import { SUPER_COMPLAINT_TRANSITIONS, renderSuperComplaintLifecycleDoc } from '@app/super-complaints';

const onDisk = (): string => readFileSync(new URL('../../docs/super-complaint-lifecycle.md', import.meta.url), 'utf8');

describe('docs/super-complaint-lifecycle.md', () => {
  it('is exactly what the super-complaint lifecycle table generates (run `npm run docs:super-complaints` after changing the table)', () => {
    const generated = renderSuperComplaintLifecycleDoc(SUPER_COMPLAINT_TRANSITIONS, (code) => (ERROR_CATALOGUE as Record<string, { status: number }>)[code]?.status);
    expect(onDisk()).toBe(generated);
  });

  it('draws every transition of the table in its diagram', () => {
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(onDisk())?.[1] ?? '';
    expect(diagram.startsWith('stateDiagram-v2')).toBe(true);
    for (const rule of SUPER_COMPLAINT_TRANSITIONS) {
      for (const from of rule.from) {
        const to = rule.to === 'same' ? from : rule.to;
        expect(diagram).toMatch(new RegExp(`^ {4}${from} --> ${to} : .*\\b${rule.event}\\b`, 'm'));
      }
    }
  });

  it('gives every refusal a status from the error catalogue', () => {
    expect(onDisk()).not.toMatch(/\| \?\s*\|/);
  });
});
