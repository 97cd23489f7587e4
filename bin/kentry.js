#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx (a runtime dependency): no build step.
// Failures before main() runs (a broken install) and a closed pipe (`kentry check | head`) are
// handled here too, so a user never sees a stack unless they ask for it with --debug.

const debug = process.argv.includes('--debug');
const internal = (e) => {
  const msg = String((e && e.message) || e).split(/\r?\n/).find((l) => l.trim()) ?? 'unknown error';
  process.stderr.write(`kentry: internal error: ${msg.trim()}, please report; rerun with --debug for the stack\n`);
  if (debug && e && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(70);
};

// The reader went away (`| head`): stop quietly, as other command-line tools do.
process.stdout.on('error', (e) => (e.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : internal(e)));

try {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2), {
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
