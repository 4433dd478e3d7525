import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of apps/server/views/<kind>, found from this file (sources, tests and the compiled
 * build all sit under the repository root) or, failing that, from the working directory.
 */
export function emailViewsDir(kind = 'emails'): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i += 1) {
    const candidate = join(dir, 'apps', 'server', 'views', kind);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const fromCwd = resolve(process.cwd(), 'apps', 'server', 'views', kind);
  if (existsSync(fromCwd)) return fromCwd;
  throw new Error(`The templates folder apps/server/views/${kind} was not found`);
}
