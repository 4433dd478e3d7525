#!/usr/bin/env node
// `npm run docs:lifecycle`: writes docs/lifecycle.md from the lifecycle table (libs/cases/src/domain).
// `--check` only compares, and exits 1 when the file is out of date.
// The table's modules are plain TypeScript with no runtime imports outside their folder, so they are
// compiled with swc into a temporary folder and imported from there: no build needed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformFileSync } from '@swc/core';

const root = new URL('..', import.meta.url).pathname;
const domain = join(root, 'libs/cases/src/domain');
const docPath = join(root, 'docs/lifecycle.md');
const out = mkdtempSync(join(tmpdir(), 'lifecycle-doc-'));

const compile = (source, target) => {
  const { code } = transformFileSync(source, {
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'es6' },
  });
  writeFileSync(target, code);
};

try {
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  for (const name of readdirSync(domain).filter((n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'))) {
    compile(join(domain, name), join(out, name.replace(/\.ts$/, '.js')));
  }
  compile(join(root, 'libs/core/src/errors.ts'), join(out, 'errors.js'));
  const { renderLifecycleDoc } = await import(pathToFileURL(join(out, 'lifecycle-doc.js')).href);
  const { TRANSITIONS } = await import(pathToFileURL(join(out, 'lifecycle-table.js')).href);
  const { ERROR_CATALOGUE } = await import(pathToFileURL(join(out, 'errors.js')).href);
  const doc = renderLifecycleDoc(TRANSITIONS, (code) => ERROR_CATALOGUE[code]?.status);
  if (process.argv.includes('--check')) {
    const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
    if (current !== doc) {
      process.stderr.write('docs/lifecycle.md is out of date: run `npm run docs:lifecycle`.\n');
      process.exit(1);
    }
    process.stdout.write('docs/lifecycle.md is up to date.\n');
  } else {
    writeFileSync(docPath, doc);
    process.stdout.write('Wrote docs/lifecycle.md\n');
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
