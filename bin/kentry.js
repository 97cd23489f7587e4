#!/usr/bin/env node
// kentry's executable. It runs the compiled JavaScript in dist/ (built by `npm run build`, which
// `npm install`/`npm ci` run through the `prepare` script), so no TypeScript compiler or tsx is
// loaded at run time.
//
// In a git checkout whose src/*.ts are newer than the build (someone edited the sources and did
// not rebuild) or where dist/ is missing, running the stale build would silently check with old
// code; there kentry runs the sources through tsx instead (a devDependency, so present in every
// checkout that ran `npm install`) and says so on stderr. A package install ships no .ts sources,
// so this never happens there; without dist/ and without tsx it stops with one line.
//
// Failures before main() runs (a broken install) and a closed pipe (`kentry check | head`) are
// handled here too, so a user never sees a stack unless they ask for it with --debug.
import { fileURLToPath } from 'node:url';
import { distState } from './dist-current.js';

const debug = process.argv.includes('--debug');
const internal = (e) => {
  const msg = String((e && e.message) || e).split(/\r?\n/).find((l) => l.trim()) ?? 'unknown error';
  process.stderr.write(`kentry: internal error: ${msg.trim()}, please report; rerun with --debug for the stack\n`);
  if (debug && e && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(70);
};

// The reader went away (`| head`): stop quietly, as other command-line tools do.
process.stdout.on('error', (e) => (e.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : internal(e)));

const root = fileURLToPath(new URL('../', import.meta.url));
const built = `${root}dist/cli/main.js`;

try {
  let mainModule;
  const state = distState(root);
  if (state === 'current') {
    mainModule = await import(built);
  } else {
    let register;
    try {
      ({ register } = await import('tsx/esm/api'));
    } catch {
      process.stderr.write(`kentry: ${state === 'missing' ? 'dist/ is missing' : 'dist/ is older than src/'} and tsx is not installed: run \`npm run build\` in ${root}\n`);
      process.exit(70);
    }
    process.stderr.write(`kentry: ${state === 'missing' ? 'dist/ is missing' : 'dist/ is older than src/'}: running the sources through tsx (\`npm run build\` builds it)\n`);
    register();
    mainModule = await import('../src/cli/main.ts');
  }
  process.exitCode = await mainModule.main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    columns: process.stderr.columns,
  });
} catch (e) {
  internal(e);
}
