#!/usr/bin/env node
// `npm run docs:super-complaints`: writes docs/super-complaint-lifecycle.md from the super-complaint
// lifecycle table (libs/super-complaints/src/domain). `--check` only compares, and exits 1 when the file
// is out of date. The table's modules are compiled with swc into a temporary folder (their one import
// outside the folder, @app/core, is served by the compiled harm categories and error catalogue).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformFileSync } from '@swc/core';

const root = new URL('..', import.meta.url).pathname;
const domain = join(root, 'libs/super-complaints/src/domain');
const docPath = join(root, 'docs/super-complaint-lifecycle.md');
const out = mkdtempSync(join(tmpdir(), 'super-complaint-lifecycle-doc-'));

const compile = (source, target) => {
  const { code } = transformFileSync(source, {
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'es6' },
  });
  writeFileSync(target, code.replaceAll("'@app/core'", "'./core.js'").replaceAll('"@app/core"', '"./core.js"'));
};

try {
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  for (const name of ['vocabulary', 'lifecycle-table', 'lifecycle-doc']) compile(join(domain, `${name}.ts`), join(out, `${name}.js`));
  compile(join(root, 'libs/core/src/errors.ts'), join(out, 'errors.js'));
  compile(join(root, 'libs/core/src/harm-categories.ts'), join(out, 'harm-categories.js'));
  writeFileSync(join(out, 'core.js'), "export * from './harm-categories.js';\nexport * from './errors.js';\n");
  const { renderSuperComplaintLifecycleDoc } = await import(pathToFileURL(join(out, 'lifecycle-doc.js')).href);
  const { SUPER_COMPLAINT_TRANSITIONS } = await import(pathToFileURL(join(out, 'lifecycle-table.js')).href);
  const { ERROR_CATALOGUE } = await import(pathToFileURL(join(out, 'errors.js')).href);
  const doc = renderSuperComplaintLifecycleDoc(SUPER_COMPLAINT_TRANSITIONS, (code) => ERROR_CATALOGUE[code]?.status);
  if (process.argv.includes('--check')) {
    const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
    if (current !== doc) {
      process.stderr.write('docs/super-complaint-lifecycle.md is out of date: run `npm run docs:super-complaints`.\n');
      process.exit(1);
    }
    process.stdout.write('docs/super-complaint-lifecycle.md is up to date.\n');
  } else {
    writeFileSync(docPath, doc);
    process.stdout.write('Wrote docs/super-complaint-lifecycle.md\n');
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
