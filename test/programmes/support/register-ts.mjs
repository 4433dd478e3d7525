// `node --import ./test/programmes/support/register-ts.mjs file.ts`: run TypeScript sources (see ts-loader.mjs).
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
