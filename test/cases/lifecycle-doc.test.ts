import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { TRANSITIONS, renderLifecycleDoc } from '@app/cases';
import { ERROR_CATALOGUE } from '@app/core';

describe('docs/lifecycle.md', () => {
  it('is exactly what the lifecycle table generates (run `npm run docs:lifecycle` after changing the table)', () => {
    const generated = renderLifecycleDoc(TRANSITIONS, (code) => (ERROR_CATALOGUE as Record<string, { status: number }>)[code]?.status);
    const onDisk = readFileSync(new URL('../../docs/lifecycle.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(generated);
  });

  it('draws every transition of the table in its diagram', () => {
    const onDisk = readFileSync(new URL('../../docs/lifecycle.md', import.meta.url), 'utf8');
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(onDisk)?.[1] ?? '';
    for (const rule of TRANSITIONS) {
      for (const from of rule.from) {
        const to = rule.to === 'same' ? from : rule.to;
        expect(diagram).toMatch(new RegExp(`^ {4}${from} --> ${to} : .*\\b${rule.event}\\b`, 'm'));
      }
    }
  });
});
