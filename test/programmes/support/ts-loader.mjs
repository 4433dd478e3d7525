// Node module hooks that run the TypeScript sources directly (as Jest does, with swc): `@app/<lib>`
// aliases resolve to libs/<lib>/src/index.ts and relative `.js` imports to their `.ts` files. Used to
// start a real worker process from the sources in tests, without building.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import swc from '@swc/core';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@app/')) {
    const lib = specifier.slice('@app/'.length);
    const file = lib === 'testing' ? join(root, 'test/support/index.ts') : join(root, 'libs', lib, 'src/index.ts');
    return { url: pathToFileURL(file).href, shortCircuit: true };
  }
  if ((specifier.startsWith('./') || specifier.startsWith('../')) && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const ts = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
    if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const filename = fileURLToPath(url);
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  });
  return { format: 'module', source: code, shortCircuit: true };
}
