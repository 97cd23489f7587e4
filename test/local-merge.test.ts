// A step and the run of frame-only steps after it (assignments, branches, jumps, calls of
// functions that are not instrumentable, returns that do not IRET: steps no environment event can
// come between) are one transition of the search (engine.ts mergeable, a partial-order
// reduction: ExploreBounds.localMerge). It must find exactly what a state per step finds: the same
// checks at the same places, in fewer states, with replayed traces that still print every step.
// Compared on seed rows (bundled C) and on a kernel tree (7.3).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findRow } from '../src/bundled/manifest.ts';
import { bundledRow } from '../src/explore/targets.ts';
import { checkRows, KERNEL_BOUNDS, kernelTarget } from '../src/explore/kernel-target.ts';
import { PreemptModel } from '../src/model/config.ts';
import type { KentryReport } from '../src/report/schema.ts';
import { check } from './helpers.ts';
import { kernelRoot, skipUnlessTree } from './trees.ts';

function firings(r: KentryReport): string[] {
  return r.findings.map((f) => `${f.row} ${f.check} ${f.function} ${f.loc?.file}:${f.loc?.line} [${f.contexts.join(',')}] ${f.configSummary}`).sort();
}
function traces(r: KentryReport): Map<string, string> {
  return new Map(r.findings.map((f) => [`${f.row} ${f.check} ${f.function} ${f.loc?.file}:${f.loc?.line}`, JSON.stringify(f.trace)]));
}

function same(on: KentryReport, off: KentryReport): void {
  assert.ok(on.complete && off.complete, 'both searches complete');
  assert.deepEqual(firings(on), firings(off));
  assert.ok(on.stats.distinctStates < off.stats.distinctStates, `${on.stats.distinctStates} < ${off.stats.distinctStates} states`);
  // Replay expands a merged transition into its steps: every trace is a whole trace, step by step.
  const ton = traces(on);
  for (const [k, t] of traces(off)) assert.equal(ton.get(k), t, `trace of ${k}`);
}

async function both(rowId: string, contexts: string[], config = ''): Promise<{ on: KentryReport; off: KentryReport }> {
  const rows = [await bundledRow(findRow(rowId)!)];
  const bounds = { irqNesting: 1, nmiNesting: 1 };
  const on = await check({ rows, contexts, config, bounds, maxStates: 3_000_000 });
  const off = await check({ rows, contexts, config, bounds: { ...bounds, localMerge: false }, maxStates: 3_000_000 });
  return { on, off };
}

describe('a step and the local steps after it are one transition', () => {
  it('v1 (cond_resched with IRQs off): the same findings and traces, fewer states', async () => {
    const { on, off } = await both('v1', ['xen-hcall', 'kernel', 'user'], 'PREEMPTION=none,XEN_PV=y');
    assert.ok(off.findings.length > 0, 'the row has findings to compare');
    same(on, off);
  });

  it('v3 under full preemption: the same findings and traces, fewer states', async () => {
    const { on, off } = await both('v3', ['xen-hcall', 'kernel', 'user'], 'PREEMPTION=full,XEN_PV=y');
    assert.ok(off.findings.length > 0, 'the row has findings to compare');
    same(on, off);
  });

  it('v6 (clean of its own; the era\'s findings only): the same findings', async () => {
    const { on, off } = await both('v6', ['xen-hcall', 'kernel', 'user'], 'PREEMPTION=none,XEN_PV=y');
    same(on, off);
  });

  it('a replayed trace still prints each merged local step', async () => {
    const { on } = await both('v1', ['xen-hcall', 'kernel', 'user'], 'PREEMPTION=none,XEN_PV=y');
    const steps = on.findings.flatMap((f) => f.trace.map((s) => s.action));
    assert.ok(steps.some((a) => /^if \(.*\) → (true|false)$/.test(a)), 'a branch step is in some trace');
  });

  const tree = kernelRoot('7.3');
  const skip = skipUnlessTree('7.3');
  it('linux-7.3 irq and syscall (PREEMPT_LAZY, PROVE_LOCKING): the same findings and traces', { skip, timeout: 1_800_000 }, async () => {
    const { rows, lattice } = await kernelTarget(tree, { vectors: ['irq', 'syscall'] });
    const narrow = { filter: { preempt: PreemptModel.Lazy, bools: { PROVE_LOCKING: true, PROVE_RCU: true, NO_HZ_FULL: false } }, contexts: ['user', 'kernel'] };
    const on = checkRows('on', rows, lattice, { bounds: KERNEL_BOUNDS, ...narrow });
    const off = checkRows('off', rows, lattice, { bounds: { ...KERNEL_BOUNDS, localMerge: false }, ...narrow });
    assert.ok(off.findings.length > 0, 'the tree has findings to compare');
    same(on, off);
  });
});
