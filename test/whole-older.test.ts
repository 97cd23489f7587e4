// The older trees' other arches over their whole lattice: every row, every config the tree's
// Kconfig allows, gives exactly the finding classes (row, check, function, callee) the one test
// point gives, whose exact keys test/s390-old, riscv-old and loongarch-old.test.ts assert and
// docs/findings.md judges ("Whole lattices of the older trees"). So no config of these trees
// reaches a finding the point does not show: what is judged at the point is the tree's whole set.
// Only the context a class is first seen from differs (`user` where NO_HZ_FULL=n). Each lattice is
// small (12–42 configs, ≤ 1.2 M states, seconds of search).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRows, kernelTarget } from '../src/explore/kernel-target.ts';
import { archFindingClass, kernelRoot, pointFilter, skipUnlessTree } from './trees.ts';

const POINTS: Readonly<Record<string, string>> = {
  s390: 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PROVE_LOCKING=y,DEBUG_ENTRY=y',
  riscv: 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PREEMPT_RT=n,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=y',
  loongarch: 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PREEMPT_RT=n,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=y',
};

/** Each older tree with the arches it builds with generic entry besides x86 (x86's whole lattices: test/kernel.test.ts). */
const TREES: readonly (readonly [string, readonly string[]])[] = [
  ['6.1', ['s390', 'loongarch']],
  ['6.12', ['riscv', 's390', 'loongarch']],
];

for (const [series, arches] of TREES) {
  for (const arch of arches) {
    test(`linux-${series} ${arch}: the whole lattice gives exactly the test point's finding classes`, { skip: skipUnlessTree(series, `arch/${arch}`), timeout: 900_000 }, async (t) => {
      const { rows, lattice } = await kernelTarget(kernelRoot(series), { arch });
      const budget = { maxStates: 40_000_000, maxSeconds: 3600 };
      const whole = checkRows(`linux-${series} ${arch}`, rows, lattice, budget);
      const point = checkRows(`linux-${series} ${arch} point`, rows, lattice, { ...budget, filter: pointFilter(POINTS[arch]!) });
      t.diagnostic(`whole lattice: ${whole.stats.configsChecked} configs, ${whole.stats.runs} runs, ${whole.stats.distinctStates} states`);
      assert.ok(whole.complete && point.complete, 'both explored within the budget');
      assert.ok(whole.stats.configsChecked > 1 && point.stats.configsChecked === 1);
      const classes = (r: typeof whole): string[] => [...new Set(r.findings.map(archFindingClass))].sort();
      assert.ok(classes(point).length > 0, 'the point has findings (the comparison is not of two empty sets)');
      assert.deepEqual(classes(whole), classes(point));
    });
  }
}
