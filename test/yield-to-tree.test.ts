// A primitive that yields to the tree's own text (PrimitiveDef.yieldsToTreeBodyCalling): ct_state()
// since 6.1 brackets __ct_state() with preempt_disable()/preempt_enable(), a preemption point the
// primitive alone does not have, so that text is interpreted; 5.10's text (a direct per-CPU read)
// and the stubs without CONTEXT_TRACKING_USER are still replaced by the primitive. The edited tree
// below changes one line of the tree's text in our own words; the cache is never written.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coverageReport } from '../src/explore/kernel-target.ts';
import type { KentryReport } from '../src/report/schema.ts';
import { kernelRoot, runCli, skipUnlessTree, treeEdited } from './trees.ts';

const HEADER = 'include/linux/context_tracking_state.h';
// One config of the syscall row where context tracking is built and on (NO_HZ_FULL) and
// preempt_enable() can preempt (full preemption, no PREEMPT_DYNAMIC boot choice).
const POINT = 'PREEMPTION=full,PREEMPT_DYNAMIC=n,NO_HZ_FULL=y,PROVE_LOCKING=y';

async function checkSyscall(dir: string): Promise<KentryReport> {
  const r = await runCli(['check', '--kernel', dir, '--arch', 'x86', '--vector', 'syscall', '--config', POINT, '--format', 'json', '-q', '--jobs', '1']);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as KentryReport;
}

/** 6.12's ct_state() with its preempt_disable() taken out (the line keeps its place). */
function withoutPreemptDisable(text: string): string {
  const lines = text.split('\n');
  const head = lines.findIndex((l) => /^static __always_inline int ct_state\(void\)$/.test(l));
  assert.ok(head > 0, 'ct_state() is where the test expects it');
  const at = lines.findIndex((l, i) => i > head && l.trim() === 'preempt_disable();');
  assert.ok(at > head && at < head + 10, 'its preempt_disable() is in its body');
  lines[at] = '\t/* kentry test: no preempt_disable() here */';
  return lines.join('\n');
}

test('6.12 x86: ct_state() is the tree\'s text where it calls __ct_state(), the primitive where it does not', { skip: skipUnlessTree('6.12', HEADER), timeout: 600_000 }, async () => {
  const cov = await coverageReport(kernelRoot('6.12'), { arch: 'x86' });
  // The text with context tracking is interpreted; the stub without it (NO_HZ_FULL=n) is the
  // primitive's, reached through the dispatcher's `…: modelled]` variant.
  const fn = cov.interpreted.find((f) => f.name === 'ct_state');
  assert.deepEqual(fn && [fn.file, fn.origin], [HEADER, 'tree']);
  const variants = cov.configDependent.find((v) => v.name === 'ct_state')?.variants ?? [];
  assert.deepEqual(variants.map((v) => [v.defined, /: modelled\]$/.test(v.key), /NO_HZ_FULL=y/.test(v.label)]), [[false, true, false], [true, false, true]]);
  // The primitive is called by its name, from the stub's configs and as __ct_state() in the text.
  assert.deepEqual(cov.primitives.find((p) => p.primitive === 'ct_state')?.calledAs, ['__ct_state', 'ct_state']);
});

test('6.12 x86 syscall: the tree\'s ct_state() balances preempt_count (quiet); without its preempt_disable() it underflows (fires)', { skip: skipUnlessTree('6.12', HEADER), timeout: 900_000 }, async () => {
  const quiet = await checkSyscall(kernelRoot('6.12'));
  assert.ok(quiet.stats.configsChecked >= 1);
  assert.ok(!quiet.findings.some((f) => f.check === 'preempt.count.underflow'), quiet.findings.map((f) => f.check).join(', '));
  const dir = treeEdited(kernelRoot('6.12'), ['kernel', 'arch/x86'], { [HEADER]: withoutPreemptDisable });
  const fired = await checkSyscall(dir);
  const f = fired.findings.find((x) => x.check === 'preempt.count.underflow');
  assert.ok(f, `fires: ${fired.findings.map((x) => x.check).join(', ')}`);
  // Where: the preempt_enable() of ct_state()'s text, which only an interpreted text can reach.
  // Attributed to the tree's call in ct_state()'s text (the count drops in the model's preempt_enable()).
  assert.equal(f.calledFrom?.function, 'ct_state');
  assert.equal(f.calledFrom?.loc?.file, HEADER);
  assert.ok(f.trace.some((s) => s.function === 'ct_state' && s.action === 'call preempt_enable()'), 'the trace runs the text\'s preempt_enable()');
});
