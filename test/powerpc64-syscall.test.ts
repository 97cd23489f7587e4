// powerpc 64-bit (Book3S-64, soft masking) on Linux 7.3: the syscall row at the point the other
// 64-bit rows are judged at, to the end (39.3 M states, about six minutes on one core), exactly
// the findings judged in docs/findings.md ("The exception, nmi and syscall rows"). A file of its
// own so that it runs beside the other powerpc tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelTarget } from '../src/explore/kernel-target.ts';
import { archFindingKey, checkAtPoint, kernelRoot, POWERPC64_POINT, POWERPC64_SYSCALL_FINDINGS, skipUnlessTree } from './trees.ts';

const skip = skipUnlessTree('7.3', 'arch/powerpc');

test('powerpc 64-bit on 7.3: the syscall row at the judged point, to the end, exactly the judged findings', { skip, timeout: 2_400_000 }, async (t) => {
  const started = Date.now();
  const { rows, lattice } = await kernelTarget(kernelRoot('7.3'), { arch: 'powerpc' });
  const report = checkAtPoint(t, 'linux-7.3 powerpc 64-bit syscall', rows.filter((r) => r.id === 'syscall'), lattice, POWERPC64_POINT, started, 80_000_000);
  assert.deepEqual([...new Set(report.findings.map(archFindingKey))].sort(), [...POWERPC64_SYSCALL_FINDINGS].sort());
  // F6 on the system call return: the replay comes from syscall_exit_prepare()'s local_irq_enable()
  // after its exit work, and the trace ends in the return to user mode with the work pending.
  const f6 = report.findings.find((f) => f.check === 'I14.user_return_work_pending')!;
  const steps = f6.trace.map((s) => `${s.function} ${s.action}`);
  const replay = steps.findIndex((s) => /^replay_soft_interrupts_irqrestore /.test(s));
  const exitWork = steps.findIndex((s) => /^syscall_exit_to_user_mode call syscall_exit_to_user_mode_work/.test(s));
  assert.ok(exitWork >= 0 && replay > exitWork, steps.join('\n'));
});
