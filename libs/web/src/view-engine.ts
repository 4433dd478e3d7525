import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { registerViewHelpers } from './view-helpers.js';

function templateFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return templateFiles(path);
    return entry.isFile() && entry.name.endsWith('.hbs') ? [path] : [];
  });
}

const partialName = (folder: string, file: string, prefix: string): string =>
  prefix + relative(folder, file).slice(0, -'.hbs'.length).split(sep).join('/');

/**
 * A Handlebars environment of the service's own: helpers, plus every file under views/layouts
 * (as "layouts/<name>") and views/partials (as "<name>", e.g. "govuk/input") registered as partials.
 * Pages under views/pages wrap themselves in a layout with `{{#> layouts/main title="…"}}…{{/layouts/main}}`.
 */
export function createViewEngine(viewsFolder: string): typeof Handlebars {
  const hbs = Handlebars.create();
  registerViewHelpers(hbs);
  const groups: Array<[string, string]> = [
    [join(viewsFolder, 'layouts'), 'layouts/'],
    [join(viewsFolder, 'partials'), ''],
  ];
  for (const [folder, prefix] of groups) {
    for (const file of templateFiles(folder)) {
      hbs.registerPartial(partialName(folder, file, prefix), hbs.compile(readFileSync(file, 'utf8'), { strict: false }));
    }
  }
  return hbs;
}
