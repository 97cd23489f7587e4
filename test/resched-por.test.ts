// Another CPU's TIF_NEED_RESCHED / _LAZY set is explored only before steps that can observe it
// (engine.ts reschedPoint, a partial-order reduction). It must find exactly what setting the flag
// before every step finds: the same checks at the same places, with traces no longer, in fewer
// states. Compared on seed rows (bundled C) and on a kernel tree (7.3, PREEMPT_LAZY: both events).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findRow } from '../src/bundled/manifest.ts';
import { bundledRow } from '../src/explore/targets.ts';
import { checkRows, KERNEL_BOUNDS, kernelTarget } from '../src/explore/kernel-target.ts';
import { PreemptModel } from '../src/model/config.ts';
import type { KentryReport } from '../src/report/schema.ts';
import { check, sameAsUnreduced as same } from './helpers.ts';
import { kernelRoot, skipUnlessTree } from './trees.ts';

async function both(rowId: string, contexts: string[], config = ''): Promise<{ on: KentryReport; off: KentryReport }> {
  const rows = [await bundledRow(findRow(rowId)!)];
  const bounds = { irqNesting: 1, nmiNesting: 1 };
  const on = await check({ rows, contexts, config, bounds, maxStates: 3_000_000 });
  const off = await check({ rows, contexts, config, bounds: { ...bounds, reschedReduction: false }, maxStates: 3_000_000 });
  return { on, off };
}

describe('remote need_resched only before steps that observe it', () => {
  it('v1 (cond_resched with IRQs off): the same findings, traces as short, fewer states', async () => {
    const { on, off } = await both('v1', ['xen-hcall', 'kernel', 'user'], 'PREEMPTION=none,XEN_PV=y');
    assert.ok(off.findings.length > 0, 'the row has findings to compare');
    same(on, off);
  });

  it('v4 (schedules from the hypercall): the same findings, traces as short, fewer states', async () => {
    const { on, off } = await both('v4', ['xen-hcall', 'kernel', 'user'], 'PREEMPTION=none,XEN_PV=y');
    assert.ok(off.findings.length > 0, 'the row has findings to compare');
    same(on, off);
  });

  it('v3 under full preemption (the need_resched() argument of the exit): the same findings', async () => {
    const { on, off } = await both('v3', ['xen-hcall', 'kernel', 'user'], 'PREEMPTION=full,XEN_PV=y');
    assert.ok(off.findings.length > 0, 'the row has findings to compare');
    same(on, off);
  });

  it('v6 (clean) stays clean', async () => {
    const { on, off } = await both('v6', ['xen-hcall', 'kernel', 'user'], 'PREEMPTION=none,XEN_PV=y');
    same(on, off);
  });

  const tree = kernelRoot('7.3');
  const skip = skipUnlessTree('7.3');
  it('linux-7.3 irq and syscall under PREEMPT_LAZY (both remote events): the same findings', { skip, timeout: 1_800_000 }, async () => {
    const { rows, lattice } = await kernelTarget(tree, { vectors: ['irq', 'syscall'] });
    const narrow = { filter: { preempt: PreemptModel.Lazy, bools: { PROVE_LOCKING: true, PROVE_RCU: true, NO_HZ_FULL: false } }, contexts: ['user', 'kernel'] };
    const on = checkRows('on', rows, lattice, { bounds: KERNEL_BOUNDS, ...narrow });
    const off = checkRows('off', rows, lattice, { bounds: { ...KERNEL_BOUNDS, reschedReduction: false }, ...narrow });
    assert.ok(off.findings.length > 0, 'the tree has findings to compare');
    same(on, off);
  });
});
