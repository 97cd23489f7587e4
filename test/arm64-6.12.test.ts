// arm64 on Linux 6.12, its own entry code (arch/arm64/kernel/entry-common.c before the generic
// irqentry code of 7.x), end to end: the same six rows and harnesses as 7.3 (test/arm64.test.ts),
// the tree's own enter/exit helpers read as C with the state they keep in pt_regs
// (regs->exit_rcu, regs->lockdep_hardirqs) and the preempt-count word tracked, at one point of the
// lattice without and one with pseudo-NMI, and exactly the findings judged in docs/findings.md
// ("## arm64 (6.12, its own entry code)"). `--arch arm64` is accepted on this tree because the file
// defines that code (ArchHarnesses.ownEntry); arm64 is not in 6.12's default arches, which are the
// generic-entry ones.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRows, loadTree, treeRows } from '../src/explore/kernel-target.ts';
import { parseConfigFilter } from '../src/model/config.ts';
import type { KentryReport } from '../src/report/schema.ts';
import { ARM64_PNMI_POINT, ARM64_POINT, archFindingKey as key, checkArm64Point, kernelRoot, skipUnlessTree, withCallsSwapped } from './trees.ts';

const root = kernelRoot('6.12');
const skip = skipUnlessTree('6.12', 'arch/arm64');

const POINT = ARM64_POINT;
const PNMI_POINT = ARM64_PNMI_POINT;

/**
 * F5 in 6.12 (TRUE, docs/findings.md F5): el1h_64_error_handler() runs local_daif_restore(DAIF_ERRCTX)
 * (entry-common.c:657), whose trace_hardirqs_off() tells lockdep and the tracer "off", before
 * arm64_enter_nmi() samples regs->lockdep_hardirqs (:195); arm64_exit_nmi() then restores neither
 * (:213-225). An SError from IRQs-on code, or from an IRQ exit after it told lockdep "on"
 * (exit_to_kernel_mode() has no local_daif_mask(), so PSTATE.A stays clear until the ERET), returns
 * with lockdep "off" (I6 at the SError's or the interrupted IRQ's return), and the interrupted code
 * goes on with IRQs on and lockdep "off" (I16). Without pseudo-NMI, where SError is the nested
 * NMI-class vector of every row.
 */
const F5: readonly string[] = [
  'exception I16.instrumentable_irqs_on_unannotated @ do_notify_resume nohz-user-eqs',
  'exception I16.instrumentable_irqs_on_unannotated @ el0_da nohz-user-eqs',
  'exception I16.instrumentable_irqs_on_unannotated @ el1_abort kernel',
  'exception I16.instrumentable_irqs_on_unannotated @ handle_softirqs nohz-user-eqs',
  'exception I16.instrumentable_irqs_on_unannotated @ preempt_schedule_irq nohz-user-eqs',
  'exception I16.instrumentable_irqs_on_unannotated @ schedule nohz-user-eqs',
  'exception I6.iret_lockdep_mismatch @ kentry_arm64_irq_vector nohz-user-eqs',
  'exception I6.iret_lockdep_mismatch @ kentry_arm64_nmi_vector nohz-user-eqs',
  'exception I6.iret_tracer_mismatch @ kentry_arm64_nmi_vector nohz-user-eqs',
  'irq I16.instrumentable_irqs_on_unannotated @ do_notify_resume nohz-user-eqs',
  'irq I16.instrumentable_irqs_on_unannotated @ handle_softirqs kernel',
  'irq I16.instrumentable_irqs_on_unannotated @ preempt_schedule_irq nohz-user-eqs',
  'irq I16.instrumentable_irqs_on_unannotated @ schedule nohz-user-eqs',
  'irq I6.iret_lockdep_mismatch @ kentry_arm64_irq_vector kernel',
  'irq I6.iret_lockdep_mismatch @ kentry_arm64_nmi_vector kernel',
  'irq I6.iret_tracer_mismatch @ kentry_arm64_nmi_vector kernel',
  'serror I16.instrumentable_irqs_on_unannotated @ do_notify_resume nohz-user-eqs',
  'serror I16.instrumentable_irqs_on_unannotated @ handle_softirqs nohz-user-eqs',
  'serror I16.instrumentable_irqs_on_unannotated @ preempt_schedule_irq nohz-user-eqs',
  'serror I16.instrumentable_irqs_on_unannotated @ schedule nohz-user-eqs',
  'serror I6.iret_lockdep_mismatch @ kentry_arm64_irq_vector nohz-user-eqs',
  'serror I6.iret_lockdep_mismatch @ kentry_arm64_nmi_vector nohz-user-eqs',
  'serror I6.iret_lockdep_mismatch @ kentry_arm64_serror_vector kernel',
  'serror I6.iret_tracer_mismatch @ kentry_arm64_nmi_vector nohz-user-eqs',
  'serror I6.iret_tracer_mismatch @ kentry_arm64_serror_vector kernel',
  'syscall I16.instrumentable_irqs_on_unannotated @ __invoke_syscall nohz-user-eqs',
  'syscall I16.instrumentable_irqs_on_unannotated @ do_el0_svc nohz-user-eqs',
  'syscall I16.instrumentable_irqs_on_unannotated @ do_notify_resume nohz-user-eqs',
  'syscall I16.instrumentable_irqs_on_unannotated @ el0_svc nohz-user-eqs',
  'syscall I16.instrumentable_irqs_on_unannotated @ el0_svc_common nohz-user-eqs',
  'syscall I16.instrumentable_irqs_on_unannotated @ handle_softirqs nohz-user-eqs',
  'syscall I16.instrumentable_irqs_on_unannotated @ invoke_syscall nohz-user-eqs',
  'syscall I16.instrumentable_irqs_on_unannotated @ preempt_schedule_irq nohz-user-eqs',
  'syscall I16.instrumentable_irqs_on_unannotated @ schedule nohz-user-eqs',
  'syscall I16.instrumentable_irqs_on_unannotated @ syscall_trace_exit nohz-user-eqs',
  'syscall I6.iret_lockdep_mismatch @ kentry_arm64_irq_vector nohz-user-eqs',
  'syscall I6.iret_lockdep_mismatch @ kentry_arm64_nmi_vector nohz-user-eqs',
  'syscall I6.iret_tracer_mismatch @ kentry_arm64_nmi_vector nohz-user-eqs',
];

/**
 * With pseudo-NMI: SError is the NMI-class vector only of the serror row (its own I6 pair, F5); the
 * pseudo-NMI's bracket arm64_enter_nmi()/arm64_exit_nmi() restores the tracer only together with
 * lockdep, so a pseudo-NMI in __exit_to_kernel_mode()'s window between trace_hardirqs_on_prepare()
 * and lockdep_hardirqs_on() (:78-81, PSTATE.I clear and PMR at IRQOFF after the GIC driver's
 * gic_unmask_pnmis()) leaves the tracer "off" (F1, benign).
 */
const PNMI_NON_OBJTOOL: readonly string[] = [
  'exception I6.iret_tracer_mismatch @ kentry_arm64_nmi_vector idle-eqs',
  'irq I6.iret_tracer_mismatch @ kentry_arm64_nmi_vector idle-eqs',
  'serror I6.iret_lockdep_mismatch @ kentry_arm64_serror_vector kernel',
  'serror I6.iret_tracer_mismatch @ kentry_arm64_serror_vector kernel',
];

/**
 * What objtool would report if it validated noinstr on arm64 (it does not: HAVE_NOINSTR_VALIDATION
 * is selected by x86 only): 6.12's own helpers call the tracer, lockdep's _prepare halves,
 * rcu_irq_enter_check_tick(), the exit-to-user work and the handlers with no
 * instrumentation_begin(), where the generic code brackets them. Calls through mte/sme/fpsimd
 * helpers, arm64_apply_bp_hardening() and cortex_a76_erratum_1463225_svc_handler() go through code
 * kentry does not read (opaque). Found at both points.
 */
const OBJTOOL_BOTH: readonly string[] = [
  'debug objtool.noinstr_call @ arm64_enter_el1_dbg kernel → trace_hardirqs_off_finish',
  'debug objtool.noinstr_call @ arm64_exit_el1_dbg kernel → lockdep_hardirqs_on_prepare',
  'debug objtool.noinstr_call @ arm64_exit_el1_dbg kernel → trace_hardirqs_on_prepare',
  'debug objtool.noinstr_call @ el1_brk64 kernel → debug_exception_enter',
  'debug objtool.noinstr_call @ el1_brk64 kernel → debug_exception_exit',
  'debug objtool.noinstr_call @ el1_brk64 kernel → do_el1_brk64',
  'exception objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → arm64_preempt_schedule_irq',
  'exception objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → do_interrupt_handler<handler=kentry_arm64_handle_irq>',
  'exception objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → irq_enter_rcu',
  'exception objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → irq_exit_rcu',
  'exception objtool.noinstr_call @ __enter_from_kernel_mode idle-eqs → trace_hardirqs_off_finish',
  'exception objtool.noinstr_call @ __enter_from_kernel_mode kernel → rcu_irq_enter_check_tick',
  'exception objtool.noinstr_call @ __enter_from_kernel_mode kernel → trace_hardirqs_off_finish',
  'exception objtool.noinstr_call @ __enter_from_user_mode nohz-user-eqs → mte_disable_tco_entry',
  'exception objtool.noinstr_call @ __enter_from_user_mode nohz-user-eqs → trace_hardirqs_off_finish',
  'exception objtool.noinstr_call @ __exit_to_kernel_mode idle-eqs → lockdep_hardirqs_on_prepare',
  'exception objtool.noinstr_call @ __exit_to_kernel_mode idle-eqs → trace_hardirqs_on_prepare',
  'exception objtool.noinstr_call @ __exit_to_kernel_mode kernel → trace_hardirqs_on',
  'exception objtool.noinstr_call @ __exit_to_user_mode nohz-user-eqs → lockdep_hardirqs_on_prepare',
  'exception objtool.noinstr_call @ __exit_to_user_mode nohz-user-eqs → trace_hardirqs_on_prepare',
  'exception objtool.noinstr_call @ el0_da nohz-user-eqs → do_mem_abort',
  'exception objtool.noinstr_call @ el0_da nohz-user-eqs → trace_hardirqs_on',
  'exception objtool.noinstr_call @ el1_abort kernel-irqs-off → do_mem_abort',
  'exception objtool.noinstr_call @ el1_abort kernel-irqs-off → trace_hardirqs_off',
  'exception objtool.noinstr_call @ enter_from_kernel_mode kernel → mte_disable_tco_entry',
  'exception objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → do_notify_resume',
  'exception objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → local_irq_disable',
  'exception objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → lockdep_sys_exit',
  'exception objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → trace_hardirqs_off',
  'exception objtool.noinstr_call @ local_daif_inherit kernel → trace_hardirqs_on',
  'irq objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> kernel → arm64_preempt_schedule_irq',
  'irq objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> kernel → do_interrupt_handler<handler=kentry_arm64_handle_irq>',
  'irq objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> kernel → irq_enter_rcu',
  'irq objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> kernel → irq_exit_rcu',
  'irq objtool.noinstr_call @ __enter_from_kernel_mode idle-eqs → trace_hardirqs_off_finish',
  'irq objtool.noinstr_call @ __enter_from_kernel_mode kernel → rcu_irq_enter_check_tick',
  'irq objtool.noinstr_call @ __enter_from_kernel_mode kernel → trace_hardirqs_off_finish',
  'irq objtool.noinstr_call @ __enter_from_user_mode nohz-user-eqs → mte_disable_tco_entry',
  'irq objtool.noinstr_call @ __enter_from_user_mode nohz-user-eqs → trace_hardirqs_off_finish',
  'irq objtool.noinstr_call @ __exit_to_kernel_mode idle-eqs → lockdep_hardirqs_on_prepare',
  'irq objtool.noinstr_call @ __exit_to_kernel_mode idle-eqs → trace_hardirqs_on_prepare',
  'irq objtool.noinstr_call @ __exit_to_kernel_mode kernel → trace_hardirqs_on',
  'irq objtool.noinstr_call @ __exit_to_user_mode nohz-user-eqs → lockdep_hardirqs_on_prepare',
  'irq objtool.noinstr_call @ __exit_to_user_mode nohz-user-eqs → trace_hardirqs_on_prepare',
  'irq objtool.noinstr_call @ arm64_enter_nmi kernel → trace_hardirqs_off_finish',
  'irq objtool.noinstr_call @ el0_interrupt<handler=kentry_arm64_handle_irq> nohz-user-eqs → arm64_apply_bp_hardening',
  'irq objtool.noinstr_call @ el0_interrupt<handler=kentry_arm64_handle_irq> nohz-user-eqs → do_interrupt_handler<handler=kentry_arm64_handle_irq>',
  'irq objtool.noinstr_call @ el0_interrupt<handler=kentry_arm64_handle_irq> nohz-user-eqs → irq_enter_rcu',
  'irq objtool.noinstr_call @ el0_interrupt<handler=kentry_arm64_handle_irq> nohz-user-eqs → irq_exit_rcu',
  'irq objtool.noinstr_call @ enter_from_kernel_mode kernel → mte_disable_tco_entry',
  'irq objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → do_notify_resume',
  'irq objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → local_irq_disable',
  'irq objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → lockdep_sys_exit',
  'irq objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → trace_hardirqs_off',
  'serror objtool.noinstr_call @ __el0_error_handler_common nohz-user-eqs → do_serror',
  'serror objtool.noinstr_call @ __el0_error_handler_common nohz-user-eqs → trace_hardirqs_off',
  'serror objtool.noinstr_call @ __el0_error_handler_common nohz-user-eqs → trace_hardirqs_on',
  'serror objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → arm64_preempt_schedule_irq',
  'serror objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → do_interrupt_handler<handler=kentry_arm64_handle_irq>',
  'serror objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → irq_enter_rcu',
  'serror objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → irq_exit_rcu',
  'serror objtool.noinstr_call @ __enter_from_kernel_mode nohz-user-eqs → rcu_irq_enter_check_tick',
  'serror objtool.noinstr_call @ __enter_from_kernel_mode nohz-user-eqs → trace_hardirqs_off_finish',
  'serror objtool.noinstr_call @ __enter_from_user_mode nohz-user-eqs → mte_disable_tco_entry',
  'serror objtool.noinstr_call @ __enter_from_user_mode nohz-user-eqs → trace_hardirqs_off_finish',
  'serror objtool.noinstr_call @ __exit_to_kernel_mode nohz-user-eqs → trace_hardirqs_on',
  'serror objtool.noinstr_call @ __exit_to_user_mode nohz-user-eqs → lockdep_hardirqs_on_prepare',
  'serror objtool.noinstr_call @ __exit_to_user_mode nohz-user-eqs → trace_hardirqs_on_prepare',
  'serror objtool.noinstr_call @ arm64_enter_nmi kernel → trace_hardirqs_off_finish',
  'serror objtool.noinstr_call @ el1h_64_error_handler kernel → do_serror',
  'serror objtool.noinstr_call @ el1h_64_error_handler kernel → trace_hardirqs_off',
  'serror objtool.noinstr_call @ enter_from_kernel_mode nohz-user-eqs → mte_disable_tco_entry',
  'serror objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → do_notify_resume',
  'serror objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → local_irq_disable',
  'serror objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → lockdep_sys_exit',
  'serror objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → trace_hardirqs_off',
  'syscall objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → arm64_preempt_schedule_irq',
  'syscall objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → do_interrupt_handler<handler=kentry_arm64_handle_irq>',
  'syscall objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → irq_enter_rcu',
  'syscall objtool.noinstr_call @ __el1_irq<handler=kentry_arm64_handle_irq> nohz-user-eqs → irq_exit_rcu',
  'syscall objtool.noinstr_call @ __enter_from_kernel_mode nohz-user-eqs → rcu_irq_enter_check_tick',
  'syscall objtool.noinstr_call @ __enter_from_kernel_mode nohz-user-eqs → trace_hardirqs_off_finish',
  'syscall objtool.noinstr_call @ __enter_from_user_mode nohz-user-eqs → mte_disable_tco_entry',
  'syscall objtool.noinstr_call @ __enter_from_user_mode nohz-user-eqs → trace_hardirqs_off_finish',
  'syscall objtool.noinstr_call @ __exit_to_kernel_mode nohz-user-eqs → trace_hardirqs_on',
  'syscall objtool.noinstr_call @ __exit_to_user_mode nohz-user-eqs → lockdep_hardirqs_on_prepare',
  'syscall objtool.noinstr_call @ __exit_to_user_mode nohz-user-eqs → trace_hardirqs_on_prepare',
  'syscall objtool.noinstr_call @ arm64_enter_nmi nohz-user-eqs → trace_hardirqs_off_finish',
  'syscall objtool.noinstr_call @ el0_svc nohz-user-eqs → cortex_a76_erratum_1463225_svc_handler',
  'syscall objtool.noinstr_call @ el0_svc nohz-user-eqs → do_el0_svc',
  'syscall objtool.noinstr_call @ el0_svc nohz-user-eqs → fpsimd_syscall_enter',
  'syscall objtool.noinstr_call @ el0_svc nohz-user-eqs → trace_hardirqs_on',
  'syscall objtool.noinstr_call @ enter_from_kernel_mode nohz-user-eqs → mte_disable_tco_entry',
  'syscall objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → do_notify_resume',
  'syscall objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → local_irq_disable',
  'syscall objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → lockdep_sys_exit',
  'syscall objtool.noinstr_call @ exit_to_user_mode_prepare nohz-user-eqs → trace_hardirqs_off',
];

/** objtool calls only without pseudo-NMI: el1h_64_error_handler()'s, reached by a nested SError. */
const OBJTOOL_SERROR_NESTED: readonly string[] = [
  'exception objtool.noinstr_call @ arm64_enter_nmi kernel-irqs-off → trace_hardirqs_off_finish',
  'exception objtool.noinstr_call @ el1h_64_error_handler kernel-irqs-off → do_serror',
  'exception objtool.noinstr_call @ el1h_64_error_handler kernel-irqs-off → trace_hardirqs_off',
  'irq objtool.noinstr_call @ el1h_64_error_handler kernel → do_serror',
  'irq objtool.noinstr_call @ el1h_64_error_handler kernel → trace_hardirqs_off',
  'syscall objtool.noinstr_call @ el1h_64_error_handler nohz-user-eqs → do_serror',
  'syscall objtool.noinstr_call @ el1h_64_error_handler nohz-user-eqs → trace_hardirqs_off',
];

/** objtool calls only with pseudo-NMI: __el1_pnmi()'s and arm64_exit_nmi()'s restoring half. */
const OBJTOOL_PNMI: readonly string[] = [
  'exception objtool.noinstr_call @ __el1_pnmi<handler=kentry_arm64_handle_irq> nohz-user-eqs → do_interrupt_handler<handler=kentry_arm64_handle_irq>',
  'exception objtool.noinstr_call @ arm64_enter_nmi nohz-user-eqs → trace_hardirqs_off_finish',
  'exception objtool.noinstr_call @ arm64_exit_nmi nohz-user-eqs → lockdep_hardirqs_on_prepare',
  'exception objtool.noinstr_call @ arm64_exit_nmi nohz-user-eqs → trace_hardirqs_on_prepare',
  'irq objtool.noinstr_call @ __el1_pnmi<handler=kentry_arm64_handle_irq> kernel → do_interrupt_handler<handler=kentry_arm64_handle_irq>',
  'irq objtool.noinstr_call @ arm64_exit_nmi kernel → lockdep_hardirqs_on_prepare',
  'irq objtool.noinstr_call @ arm64_exit_nmi kernel → trace_hardirqs_on_prepare',
  'nmi objtool.noinstr_call @ __el1_pnmi<handler=kentry_arm64_handle_irq> kernel-irqs-off → do_interrupt_handler<handler=kentry_arm64_handle_irq>',
  'nmi objtool.noinstr_call @ arm64_enter_nmi kernel-irqs-off → trace_hardirqs_off_finish',
  'serror objtool.noinstr_call @ __el1_pnmi<handler=kentry_arm64_handle_irq> nohz-user-eqs → do_interrupt_handler<handler=kentry_arm64_handle_irq>',
  'serror objtool.noinstr_call @ arm64_exit_nmi nohz-user-eqs → lockdep_hardirqs_on_prepare',
  'serror objtool.noinstr_call @ arm64_exit_nmi nohz-user-eqs → trace_hardirqs_on_prepare',
  'syscall objtool.noinstr_call @ __el1_pnmi<handler=kentry_arm64_handle_irq> nohz-user-eqs → do_interrupt_handler<handler=kentry_arm64_handle_irq>',
  'syscall objtool.noinstr_call @ arm64_exit_nmi nohz-user-eqs → lockdep_hardirqs_on_prepare',
  'syscall objtool.noinstr_call @ arm64_exit_nmi nohz-user-eqs → trace_hardirqs_on_prepare',
];

const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const keysOf = (r: KentryReport): string[] => sorted([...new Set(r.findings.map(key))]);

const checkPoint = (t: { diagnostic(msg: string): void }, point: string): Promise<KentryReport> => checkArm64Point(t, '6.12', point);

test('arm64 on 6.12 (own entry code): exactly the judged findings, without pseudo-NMI', { skip, timeout: 600_000 }, async (t) => {
  const r = await checkPoint(t, POINT);
  assert.deepEqual(keysOf(r), sorted([...F5, ...OBJTOOL_BOTH, ...OBJTOOL_SERROR_NESTED]));
  assert.ok(r.findings.every((f) => f.severity !== 'violation' || f.check.startsWith('I6.') || f.check.startsWith('objtool.')), 'no other violation');
  // The trace names the tracked pt_regs slot's store and load as the C's accesses, with the value
  // read: the NMI-like entry saved lockdep's "off" (F5: local_daif_restore() told it first).
  const f5 = r.findings.find((f) => f.check === 'I6.iret_lockdep_mismatch' && f.function === 'kentry_arm64_serror_vector' && f.context === 'kernel');
  assert.ok(f5);
  assert.deepEqual(f5.trace.filter((s) => s.action.includes('regs->')).map((s) => `${s.function} | ${s.action}`), [
    'arm64_enter_nmi | regs->lockdep_hardirqs = lockdep_hardirqs_enabled()',
    'arm64_exit_nmi | read regs->lockdep_hardirqs = 0',
  ]);
});

test('arm64 on 6.12 (own entry code): exactly the judged findings, with pseudo-NMI', { skip, timeout: 600_000 }, async (t) => {
  const r = await checkPoint(t, PNMI_POINT);
  assert.deepEqual(keysOf(r), sorted([...PNMI_NON_OBJTOOL, ...OBJTOOL_BOTH, ...OBJTOOL_PNMI]));
});

test('arm64 on 6.12: F5\'s fix (arm64_enter_nmi() before local_daif_restore(DAIF_ERRCTX)) removes every lockdep mismatch and every I16', { skip, timeout: 1_200_000 }, async () => {
  const kt = await loadTree(root, 'arm64');
  const patched = withCallsSwapped(kt, 'el1h_64_error_handler', 'local_daif_restore', 'arm64_enter_nmi', 'arm64');
  const filter = parseConfigFilter(POINT);
  if (typeof filter === 'string') throw new Error(filter);
  const rows = ['irq', 'exception', 'syscall', 'serror'];
  const budget = { filter, maxStates: 40_000_000, maxSeconds: 3600 };
  const before = checkRows('unpatched', treeRows(kt, rows), kt.spec, budget);
  const after = checkRows('patched', treeRows({ tree: kt.tree, program: patched }, rows), kt.spec, budget);
  assert.ok(before.complete && after.complete);
  const nonObjtool = (r: KentryReport): string[] => keysOf(r).filter((k) => !k.includes('objtool'));
  assert.deepEqual(nonObjtool(before), sorted(F5));
  // What stays is F1: an SError nested where lockdep and the tracer already disagree (an entry's
  // window between lockdep_hardirqs_off() and trace_hardirqs_off_finish()) hands the tracer back
  // "off"; fix or no fix.
  assert.deepEqual(nonObjtool(after), sorted(F5.filter((k) => k.includes('iret_tracer_mismatch @ kentry_arm64_nmi_vector'))));
});
