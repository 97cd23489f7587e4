// loongarch on Linux 7.3 end to end: the irq, exception and syscall rows over one point of the
// loongarch lattice, and exactly the findings judged in docs/findings.md ("## loongarch (7.3)").
// One point, as for arm64 and riscv: the whole loongarch lattice (48 configs) takes longer than a
// test may on one shared core (docs/findings.md gives the whole-lattice run). The point has
// lockdep, NO_HZ_FULL, full preemption without PREEMPT_DYNAMIC or RT, so every context applies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelTarget } from '../src/explore/kernel-target.ts';
import { archFindingKey, checkAtPoint, kernelRoot, skipUnlessTree } from './trees.ts';

const root = kernelRoot('7.3');
const skip = skipUnlessTree('7.3', 'arch/loongarch');

const POINT = 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PREEMPT_RT=n,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=y';

/**
 * `row check @ function context → callee` (the callee objtool would name). Judged in
 * docs/findings.md: every one is what objtool would report if it validated noinstr on loongarch
 * (it does not: HAVE_NOINSTR_VALIDATION is x86's). The exception row's first contexts are the
 * idle task's (a break trap in the idle loop); the interrupt-handler calls are reached in the
 * exception and syscall rows through the nested IRQ. No NMI-class finding: loongarch has no NMI
 * entry, so none is delivered.
 */
const EXPECTED: readonly string[] = [
  'exception objtool.noinstr_call @ do_bp idle-eqs → local_irq_disable',
  'exception objtool.noinstr_call @ do_bp idle-eqs → local_irq_enable',
  'exception objtool.noinstr_call @ do_bp idle-irqs-off → __get_inst',
  'exception objtool.noinstr_call @ do_bp idle-irqs-off → bug_handler',
  'exception objtool.noinstr_call @ do_bp idle-irqs-off → die_if_kernel',
  'exception objtool.noinstr_call @ do_bp idle-irqs-off → force_sig',
  'exception objtool.noinstr_call @ do_bp idle-irqs-off → force_sig_fault',
  'exception objtool.noinstr_call @ do_bp idle-irqs-off → notify_die',
  'exception objtool.noinstr_call @ handle_loongarch_irq idle-eqs → irq_exit_rcu',
  'exception objtool.noinstr_call @ handle_loongarch_irq idle-eqs → kentry_loongarch_handle_irq',
  'exception objtool.noinstr_call @ handle_loongarch_irq idle-eqs → irq_enter_rcu',
  'irq objtool.noinstr_call @ handle_loongarch_irq idle-eqs → irq_exit_rcu',
  'irq objtool.noinstr_call @ handle_loongarch_irq idle-eqs → kentry_loongarch_handle_irq',
  'irq objtool.noinstr_call @ handle_loongarch_irq idle-eqs → irq_enter_rcu',
  'syscall objtool.noinstr_call @ do_syscall nohz-user-eqs → syscall_fn',
  'syscall objtool.noinstr_call @ handle_loongarch_irq nohz-user-eqs → irq_exit_rcu',
  'syscall objtool.noinstr_call @ handle_loongarch_irq nohz-user-eqs → kentry_loongarch_handle_irq',
  'syscall objtool.noinstr_call @ handle_loongarch_irq nohz-user-eqs → irq_enter_rcu',
];

// 7.2's entry code gives the same set, at the point and over its whole lattice (docs/findings.md,
// "Whole lattices of the older trees").
for (const series of ['7.3', '7.2'] as const) {
  test(`loongarch on ${series}: the irq, exception and syscall rows at one lattice point, exactly the judged findings`, { skip: skipUnlessTree(series, 'arch/loongarch'), timeout: 900_000 }, async (t) => {
    const started = Date.now();
    const { rows, lattice, coverage } = await kernelTarget(kernelRoot(series), { arch: 'loongarch' });
    assert.deepEqual(rows.map((r) => r.id), ['irq', 'exception', 'syscall']);
    assert.deepEqual(rows.map((r) => r.vector), ['kentry_loongarch_irq_vector', 'kentry_loongarch_exception_vector', 'do_syscall']);
    // No NMI-class vector: nothing on loongarch calls irqentry_nmi_enter().
    assert.ok(rows.every((r) => r.nmiVector === undefined && !r.asyncMask));
    assert.equal(coverage.lattice.configs, 48);
    // The tree's handlers are interpreted as written: do_vint()'s asm IRQ-stack switch is its call of
    // handle_loongarch_irq(), whose root-handler pointer is followed (never zero, never dropped).
    const interp = new Map(coverage.interpreted.map((f) => [f.name, f]));
    for (const fn of ['do_vint', 'handle_loongarch_irq', 'do_bp']) assert.equal(interp.get(fn)?.file, 'arch/loongarch/kernel/traps.c', fn);
    assert.equal(interp.get('do_syscall')?.file, 'arch/loongarch/kernel/syscall.c');
    const rw = coverage.rewrites.map((r) => `${r.from} → ${r.to}`);
    assert.ok(rw.includes('handle_arch_irq(regs) → kentry_loongarch_handle_irq(regs)'), rw.join('\n'));
    assert.ok(rw.includes('per_cpu(irq_stack, cpu) → __kentry_load(&irq_stack)'), rw.join('\n'));
    // The syscall table's entry is called through a local: an opaque call, listed.
    assert.ok(coverage.opaque.some((o) => o.name === 'syscall_fn' && o.in === 'do_syscall'));
    const report = checkAtPoint(t, `linux-${series} loongarch`, rows, lattice, POINT, started);
    const key = archFindingKey;
    assert.deepEqual([...new Set(report.findings.map(key))].sort(), [...EXPECTED].sort());
    assert.ok(report.findings.every((f) => /leaves \.noinstr\.text section/.test(f.message)));
    // The IRQ row's trace goes through the tree's IRQ-stack switch into handle_loongarch_irq().
    const irq = report.findings.find((f) => f.row === 'irq' && /kentry_loongarch_handle_irq/.test(f.message))!;
    assert.ok(irq.trace.some((s) => s.function === 'do_vint' && /handle_loongarch_irq\(regs\)/.test(s.action)), irq.trace.map((s) => `${s.function} ${s.action}`).join('\n'));
    // do_bp() re-enables IRQs only where the interrupted context had them on: the local_irq_enable()
    // finding is never first seen in a context with IRQs off.
    const en = report.findings.find((f) => f.row === 'exception' && /local_irq_enable\(\)/.test(f.message))!;
    assert.ok(en.contexts.every((c) => !/irqs-off/.test(c)), en.contexts.join(' '));
  });
}

// RSEQ=n (a user option, `bool "…" if EXPERT`, default y): the lattice derived with it keeps every
// point (EXPERT=y with it, PREEMPT_RT=n too), and a kernel without rseq never raises the rseq event
// (rseq.h's stubs), so nothing is left pending on the way to user mode: the same judged set. Before,
// the lattice kept only the PREEMPT_RT=y points, and the model raised TIF_RSEQ anyway, which the
// stub exit work never cleared (a false I14.user_return_work_pending in all three rows).
test('loongarch on 7.3 with --config RSEQ=n: the whole lattice, and exactly the judged findings (no rseq event)', { skip, timeout: 900_000 }, async (t) => {
  const started = Date.now();
  const { rows, lattice, coverage } = await kernelTarget(root, { arch: 'loongarch', set: [{ name: 'RSEQ', value: false }] });
  assert.equal(coverage.lattice.configs, 48);
  const report = checkAtPoint(t, 'linux-7.3 loongarch RSEQ=n', rows, lattice, POINT, started);
  assert.deepEqual([...new Set(report.findings.map(archFindingKey))].sort(), [...EXPECTED].sort());
});
