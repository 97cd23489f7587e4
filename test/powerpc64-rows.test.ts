// powerpc 64-bit (Book3S-64, soft masking) on Linux 7.3: the exception and nmi rows at the point
// test/powerpc.test.ts checks the irq row at, exactly the findings judged in docs/findings.md
// ("### powerpc 64-bit", "The exception, nmi and syscall rows"). A file of its own so that it runs
// beside powerpc.test.ts rather than after it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRows, kernelTarget } from '../src/explore/kernel-target.ts';
import { parseConfigFilter } from '../src/model/config.ts';
import { archFindingKey, checkAtPoint, kernelRoot, POWERPC64_EXCEPTION_NMI_FINDINGS, POWERPC64_POINT as POINT64, skipUnlessTree } from './trees.ts';

const root = kernelRoot('7.3');
const skip = skipUnlessTree('7.3', 'arch/powerpc');


test('powerpc 64-bit on 7.3: the exception and nmi rows at one lattice point, exactly the judged findings', { skip, timeout: 2_400_000 }, async (t) => {
  const started = Date.now();
  const { rows, lattice } = await kernelTarget(root, { arch: 'powerpc' });
  const report = checkAtPoint(t, 'linux-7.3 powerpc 64-bit', rows.filter((r) => r.id === 'exception' || r.id === 'nmi'), lattice, POINT64, started);
  assert.deepEqual([...new Set(report.findings.map(archFindingKey))].sort(), [...POWERPC64_EXCEPTION_NMI_FINDINGS].sort());
  // The replay at the kernel return runs after RCU stopped watching: the I2's trace goes through
  // irqentry_exit()'s ct_irq_exit() and then interrupt.c's replay_soft_interrupts().
  const i2 = report.findings.find((f) => f.check === 'I2.instrumentation_rcu_not_watching' && f.function === 'interrupt_exit_kernel_prepare')!;
  const steps = i2.trace.map((s) => `${s.function} ${s.action}`);
  const exit = steps.findIndex((s) => /ct_irq_exit\(\)/.test(s));
  assert.ok(exit >= 0 && exit < steps.length - 1, steps.join('\n'));
});

/**
 * The one window where the NMI entry's is_implicit_soft_masked() searches the soft-mask table:
 * system_call_common (head_64.S text, below __end_soft_masked) after its mtmsrd turned MSR[EE] on,
 * before system_call_exception() — lockdep still says IRQs on there, so the traceable
 * search_kernel_soft_mask_table() call is I1 (TRUE, hazard; docs/findings.md). The whole syscall
 * row takes minutes (test/powerpc64-syscall.test.ts asserts its set); this runs its first states
 * only, for the trace: breadth-first, the window comes within them, and the trace must show it.
 */
test('powerpc 64-bit on 7.3: an NMI in system_call_common\'s MSR[EE] window searches the soft-mask table (I1), from head text only', { skip, timeout: 600_000 }, async () => {
  const { rows, lattice } = await kernelTarget(root, { arch: 'powerpc' });
  const filter = parseConfigFilter(POINT64);
  if (typeof filter === 'string') throw new Error(filter);
  const report = checkRows('linux-7.3 powerpc 64-bit syscall (first states)', rows.filter((r) => r.id === 'syscall'), lattice, { filter, maxStates: 300_000, maxSeconds: 600 });
  const i1 = report.findings.find((f) => f.check === 'I1.instrumentable_before_lockdep_off' && f.function === 'is_implicit_soft_masked');
  assert.ok(i1, report.findings.map(archFindingKey).join('\n'));
  assert.equal(i1.context, 'user');
  const steps = i1.trace.map((s) => `${s.function} | ${s.action}`);
  const marked = steps.indexOf('kentry_powerpc_syscall_vector | kentry_powerpc_soft_masked_text(1)');
  const ee = steps.findIndex((s) => s.startsWith('__hard_irq_enable | __mtmsrd('));
  const nmi = steps.findIndex((s) => s.endsWith('NMI arrives'));
  const unmarked = steps.indexOf('kentry_powerpc_syscall_vector | kentry_powerpc_soft_masked_text(0)');
  assert.ok(marked >= 0 && marked < ee && ee < nmi && (unmarked < 0 || unmarked > nmi), steps.join('\n'));
  assert.ok(steps.includes('is_implicit_soft_masked | read regs->nip = below __end_soft_masked'), steps.join('\n'));
  assert.ok(!steps.slice(0, nmi).some((s) => s.startsWith('system_call_exception')), 'the NMI comes before system_call_exception()');
  // The NMI is offered right after __mtmsrd(), which changes only MSR[EE] (the arch word): no
  // other CPU has to set need_resched first to make the step before the NMI "change CPU state"
  // (engine.ts cpuChanged; before, a remote TIF_NEED_RESCHED set was part of this trace).
  assert.equal(steps.slice(0, nmi).filter((s) => / \| remote CPU sets /.test(s)).length, 0, steps.join('\n'));
});
