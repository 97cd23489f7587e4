// An NMI is offered only after a step that changed CPU state, and once per CPU state in a run
// (engine.ts cpuChanged, nmiTried: a partial-order reduction, ExploreBounds.nmiReduction). It must
// find exactly what offering an NMI after every step finds: the same checks at the same places,
// with traces as short, in fewer states. "CPU state" must be all of it: arm64's PMR and DAIF
// bits and powerpc's soft mask and MSR[EE] live in the arch word, and a step that changes only
// them (a priority-mask write, an mtmsrd) opens or closes an NMI window. Compared on seed rows
// (bundled C, x86) and on 7.3's arm64 rows with pseudo-NMIs, where PMR writes decide delivery.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findRow } from '../src/bundled/manifest.ts';
import { bundledRow } from '../src/explore/targets.ts';
import { checkRows, KERNEL_BOUNDS, kernelTarget } from '../src/explore/kernel-target.ts';
import { parseConfigFilter } from '../src/model/config.ts';
import { check, sameAsUnreduced as same } from './helpers.ts';
import { kernelRoot, skipUnlessTree } from './trees.ts';

describe('an NMI only after a step that changed CPU state', () => {
  for (const [rowId, config] of [['v4', 'PREEMPTION=none,XEN_PV=y'], ['v3', 'PREEMPTION=full,XEN_PV=y']] as const) {
    it(`seed ${rowId}: the same findings, traces as short, fewer states`, async () => {
      const rows = [await bundledRow(findRow(rowId)!)];
      const bounds = { irqNesting: 1, nmiNesting: 1 };
      const contexts = ['xen-hcall', 'kernel', 'user'];
      const on = await check({ rows, contexts, config, bounds, maxStates: 3_000_000 });
      const off = await check({ rows, contexts, config, bounds: { ...bounds, nmiReduction: false }, maxStates: 3_000_000 });
      assert.ok(off.findings.some((f) => f.trace.some((s) => /NMI arrives/.test(s.action))), 'a finding reached through an NMI, to compare');
      same(on, off);
    });
  }

  const skip = skipUnlessTree('7.3', 'arch/arm64');
  it('linux-7.3 arm64 with pseudo-NMIs (PMR writes open and close the NMI window): the same findings', { skip, timeout: 900_000 }, async () => {
    const { rows, lattice } = await kernelTarget(kernelRoot('7.3'), { arch: 'arm64' });
    const filter = parseConfigFilter('PREEMPTION=full,PREEMPT_DYNAMIC=n,PREEMPT_RT=n,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=y,ARM64_PSEUDO_NMI=y,ARM64_DEBUG_PRIORITY_MASKING=y');
    if (typeof filter === 'string') throw new Error(filter);
    // One context a run: a finding seen from several contexts shows one of their traces, and
    // which one may differ between the two searches.
    for (const context of ['kernel', 'idle-eqs']) {
      const narrow = { filter, contexts: [context] };
      const sel = rows.filter((r) => r.id === 'irq' || r.id === 'nmi');
      const on = checkRows('on', sel, lattice, { bounds: KERNEL_BOUNDS, ...narrow });
      const off = checkRows('off', sel, lattice, { bounds: { ...KERNEL_BOUNDS, nmiReduction: false }, ...narrow });
      assert.ok(off.findings.some((f) => f.function.startsWith('__el1_pnmi')), `${context}: the pseudo-NMI's findings, to compare`);
      same(on, off);
    }
  });
});
