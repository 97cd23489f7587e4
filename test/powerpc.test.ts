// powerpc on Linux 7.3 end to end: the irq, exception, nmi and syscall rows over one point of the
// powerpc lattice (32-bit Book3S: the tree's default, PPC64=n), and exactly the findings judged in
// docs/findings.md ("## powerpc (7.3)"). One point, as for the other arches: the whole lattice (24
// configs) takes longer than a test may on one shared core. The point has lockdep, NO_HZ_FULL and
// full preemption without PREEMPT_DYNAMIC, so every context applies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelTarget } from '../src/explore/kernel-target.ts';
import { archFindingKey, checkAtPoint, kernelRoot, skipUnlessTree } from './trees.ts';

const root = kernelRoot('7.3');
const skip = skipUnlessTree('7.3', 'arch/powerpc');

const POINT = 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PROVE_LOCKING=y,NO_HZ_FULL=y';

/**
 * `row check @ function context`. Judged in docs/findings.md: P1 (the machine check returns
 * through interrupt_exit_kernel_prepare(), whose local_irq_disable() tells lockdep and the tracer
 * "off" for a context that had them on with MSR[EE] clear: I6 at the machine check's return, in
 * every row, since a machine check arrives between any two steps), P2 (the same return's
 * CT_WARN_ON(ct_state() == CT_STATE_USER) fires for a machine check in kernel code that runs in
 * the user context-tracking state: the entry of an interrupt from user mode before
 * irqentry_enter(), the exit after user_enter_irqoff()), and F1 (the generic NMI pair restores the
 * irq tracer only together with lockdep; nested machine checks) for the nmi row's split.
 */
const EXPECTED: readonly string[] = [
  'exception I6.iret_lockdep_mismatch @ kentry_powerpc_nmi_vector nohz-user-eqs',
  'exception I6.iret_tracer_mismatch @ kentry_powerpc_nmi_vector nohz-user-eqs',
  'exception assert.ct_warn_on @ interrupt_exit_kernel_prepare nohz-user-eqs',
  'irq I6.iret_lockdep_mismatch @ kentry_powerpc_nmi_vector nohz-user-eqs',
  'irq I6.iret_tracer_mismatch @ kentry_powerpc_nmi_vector nohz-user-eqs',
  'irq assert.ct_warn_on @ interrupt_exit_kernel_prepare nohz-user-eqs',
  'nmi I6.iret_lockdep_mismatch @ kentry_powerpc_nmi_vector nohz-user-eqs',
  'nmi I6.iret_tracer_mismatch @ kentry_powerpc_nmi_vector nohz-user-eqs',
  'nmi assert.ct_warn_on @ interrupt_exit_kernel_prepare nohz-user-eqs',
  'nmi harness.nmi.tracer_lockdep_split @ kentry_powerpc_nmi_vector nohz-user-eqs',
  'syscall I6.iret_lockdep_mismatch @ kentry_powerpc_nmi_vector nohz-user-eqs',
  'syscall I6.iret_tracer_mismatch @ kentry_powerpc_nmi_vector nohz-user-eqs',
  'syscall assert.ct_warn_on @ interrupt_exit_kernel_prepare nohz-user-eqs',
];

test('powerpc on 7.3: the irq, exception, nmi and syscall rows at one lattice point, exactly the judged findings', { skip, timeout: 2_400_000 }, async (t) => {
  const started = Date.now();
  const { rows, lattice, coverage } = await kernelTarget(root, { arch: 'powerpc' });
  assert.deepEqual(rows.map((r) => r.id), ['irq', 'exception', 'nmi', 'syscall']);
  assert.deepEqual(rows.map((r) => r.vector), ['kentry_powerpc_irq_vector', 'kentry_powerpc_exception_vector', 'kentry_powerpc_nmi_vector', 'kentry_powerpc_syscall_vector']);
  assert.ok(rows.every((r) => r.nmiVector === 'kentry_powerpc_nmi_vector'));
  assert.deepEqual(rows.map((r) => r.nmiClassVector === true), [false, false, true, false]);
  assert.equal(coverage.lattice.configs, 24);
  // The tree's own C is interpreted where kentry can read it.
  const interp = new Map(coverage.interpreted.map((f) => [f.name, f]));
  for (const [fn, file] of [
    ['__do_irq', 'arch/powerpc/kernel/irq.c'],
    ['interrupt_exit_user_prepare', 'arch/powerpc/kernel/interrupt.c'],
    ['interrupt_exit_kernel_prepare', 'arch/powerpc/kernel/interrupt.c'],
    ['syscall_exit_prepare', 'arch/powerpc/kernel/interrupt.c'],
    ['system_call_exception', 'arch/powerpc/kernel/syscall.c'],
    ['arch_interrupt_enter_prepare', 'arch/powerpc/include/asm/entry-common.h'],
    ['arch_interrupt_nmi_enter_prepare', 'arch/powerpc/include/asm/entry-common.h'],
    ['__hard_EE_RI_disable', 'arch/powerpc/include/asm/hw_irq.h'],
  ]) assert.equal(interp.get(fn!)?.file, file, fn);
  // generic_handle_irq() in __do_irq() is bound to the model's handler.
  const rw = coverage.rewrites.map((r) => `${r.from} → ${r.to}`);
  assert.ok(rw.some((r) => /^generic_handle_irq\(irq\) → kentry_powerpc_handle_irq\(irq\)$/.test(r)), rw.join('\n'));
  const report = checkAtPoint(t, 'linux-7.3 powerpc', rows, lattice, POINT, started);
  assert.deepEqual([...new Set(report.findings.map(archFindingKey))].sort(), [...EXPECTED].sort());
  // P1: the lockdep mismatch is the machine check's interrupt_exit_kernel_prepare() turning lockdep
  // off with local_irq_disable() for a context saved with MSR[EE] clear.
  const p1 = report.findings.find((f) => f.row === 'irq' && f.check === 'I6.iret_lockdep_mismatch')!;
  assert.ok(p1.trace.some((s) => s.function === 'interrupt_exit_kernel_prepare' && /local_irq_disable\(\)/.test(s.action)), p1.trace.map((s) => `${s.function} ${s.action}`).join('\n'));
  // P2: the CT_WARN_ON is the tree's, in interrupt_exit_kernel_prepare().
  const p2 = report.findings.find((f) => f.row === 'syscall' && f.check === 'assert.ct_warn_on')!;
  assert.match(p2.message, /CT_WARN_ON\(ct_state\(\) == CT_STATE_USER\)/);
});
