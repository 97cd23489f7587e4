// powerpc 64-bit (Book3S-64, soft masking) on Linux 7.2: the irq, exception and nmi rows at the
// point 7.3's are judged at (POWERPC64_POINT), exactly 7.3's judged findings. The powerpc entry
// code these findings rest on is the same text in both trees (arch/powerpc/kernel/interrupt.c,
// irq_64.c, interrupt_64.S, asm/interrupt.h, asm/hw_irq.h, asm/entry-common.h and
// kernel/entry/common.c are identical; 7.3's include/linux/irq-entry-common.h adds lockdep's
// hardirq context around the deferred hrtimer rearm, which none of these findings goes through),
// so 7.3's judgements (docs/findings.md, "### powerpc on 7.2") hold here. A file of its own so
// that it runs beside the 7.3 powerpc tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelTarget } from '../src/explore/kernel-target.ts';
import { archFindingKey, checkAtPoint, kernelRoot, POWERPC64_EXCEPTION_NMI_FINDINGS, POWERPC64_IRQ_FINDINGS, POWERPC64_POINT, skipUnlessTree } from './trees.ts';

const skip = skipUnlessTree('7.2', 'arch/powerpc');

test('powerpc 64-bit on 7.2: the irq, exception and nmi rows at 7.3\'s judged point, exactly 7.3\'s findings', { skip, timeout: 2_400_000 }, async (t) => {
  const started = Date.now();
  const { rows, lattice } = await kernelTarget(kernelRoot('7.2'), { arch: 'powerpc' });
  const report = checkAtPoint(t, 'linux-7.2 powerpc 64-bit', rows.filter((r) => r.id === 'irq' || r.id === 'exception' || r.id === 'nmi'), lattice, POWERPC64_POINT, started);
  assert.deepEqual([...new Set(report.findings.map(archFindingKey))].sort(), [...POWERPC64_IRQ_FINDINGS, ...POWERPC64_EXCEPTION_NMI_FINDINGS].sort());
});
