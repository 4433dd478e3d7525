import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this file that holds package.json and the server's
 * views. Works from the TypeScript sources (tests) and from the build under dist/.
 */
export function repositoryRoot(from: string = fileURLToPath(import.meta.url)): string {
  let folder = dirname(from);
  for (;;) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'apps', 'server', 'views'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`Cannot find the repository root (package.json beside apps/server/views) above ${from}`);
    folder = parent;
  }
}

export interface WebPaths {
  /** apps/server/views: layouts/, partials/, pages/ */
  views: string;
  /** apps/server/public: the service's own static files, served under /assets/app/ */
  publicFiles: string;
  /** govuk-frontend's dist/govuk: CSS, JS, fonts, images, manifest, served under /assets/ */
  govukFrontend: string;
}

export function webPaths(root: string = repositoryRoot()): WebPaths {
  const require = createRequire(join(root, 'package.json'));
  const govukPackage = require.resolve('govuk-frontend/package.json');
  return {
    views: join(root, 'apps', 'server', 'views'),
    publicFiles: join(root, 'apps', 'server', 'public'),
    govukFrontend: join(dirname(govukPackage), 'dist', 'govuk'),
  };
}

/** The installed govuk-frontend version, used to bust caches of its unversioned file names. */
export function govukFrontendVersion(root: string = repositoryRoot()): string {
  const require = createRequire(join(root, 'package.json'));
  return (require('govuk-frontend/package.json') as { version: string }).version;
}
