// A slice of `npm run fuzz` (scripts/fuzz.ts runs 10,000 cases): mutated bundled and tree C and
// deeply nested generated programs, through parse → lower → bind → a short exploration in
// process, and every 100th case through the CLI. Nothing may end in an internal error (exit 70),
// a stack trace, or an exception other than a clean one-line user error.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzz } from '../scripts/fuzz.ts';

test('fuzz: 1,000 cases, no internal error, no stack trace', { timeout: 900_000 }, async (t) => {
  const r = await fuzz({ cases: 1000, seed: 20260, cliEvery: 100 });
  t.diagnostic(`${r.cases} cases: ${r.explored} explored, ${r.userErrors} clean user errors, ${r.cliRuns} CLI runs, ${r.seconds.toFixed(0)} s`);
  assert.deepEqual(
    r.failures.map((f) => `case ${f.index} (${f.kind}, ${f.how}): ${f.message.split('\n')[0]}`),
    [],
  );
  // Not vacuous: both outcomes occur, and the CLI was exercised.
  assert.ok(r.explored > 100, `explored ${r.explored}`);
  assert.ok(r.userErrors > 100, `user errors ${r.userErrors}`);
  assert.equal(r.cliRuns, 10);
});
