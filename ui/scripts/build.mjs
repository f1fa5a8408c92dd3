// Builds the operator console into dist/ui: the TypeScript in ui/src as ES modules the browser
// loads directly (no bundler, no framework), and the static files of ui/public beside them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ui = join(here, '..');
const out = join(ui, '..', 'dist', 'ui');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync(process.execPath, [tsc, '-p', join(ui, 'tsconfig.build.json')], { stdio: 'inherit' });
cpSync(join(ui, 'public'), out, { recursive: true });
