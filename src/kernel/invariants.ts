// The cross-cutting invariants of kentry-ref §7. Each is documented data: the README's catalogue
// and docs/invariants.md are generated from this file, and the checks below are the ones the
// explorer evaluates itself (at calls, at IRET) rather than inside one primitive.

import type { CheckDef } from './types.ts';

export interface InvariantDef {
  readonly id: string;
  readonly title: string;
  /** Why it matters, and which kernel mechanism would or would not catch a violation. */
  readonly doc: string;
}

export const INVARIANTS: readonly InvariantDef[] = [
  {
    id: 'I1',
    title: 'lockdep learns "IRQs off" first',
    doc: "On every entry, lockdep's soft state must say IRQs off before the first lock operation, instrumentable call or tracepoint. Nothing checks the order directly; a violation surfaces only as an inconsistent-lock-state report when a lock is taken in that window (E5), so an instrumentable call there is a hazard even when no lock is taken.",
  },
  {
    id: 'I2',
    title: 'RCU watches whenever instrumentation runs',
    doc: 'Every instrumentable call and every plain tracepoint needs RCU watching. The kernel only notices through "RCU not watching for tracepoint" (6.13+) or suspicious-RCU-usage reports when RCU-protected data is touched.',
  },
  {
    id: 'I3',
    title: 'exit ordering: prepare, RCU exit, lockdep on last',
    doc: "A return that re-enables IRQs runs the tracer and lockdep _prepare halves while RCU watches, then leaves RCU, then calls lockdep_hardirqs_on() as the very last step. lockdep's chain-key check catches lock operations in between; nothing catches instrumentable code running after lockdep already says \"on\" with the hardware still off (a hazard).",
  },
  {
    id: 'I4',
    title: 'balanced nesting',
    doc: 'Every RCU irq/NMI enter is matched by one exit on the same path, and preempt_count, hardirq context and RCU state at IRET equal those of the interrupted context. RCU warns on a non-positive or negative nesting count; an imbalance that stays positive goes unnoticed.',
  },
  {
    id: 'I5',
    title: 'IRQs that may interrupt an EQS enter RCU',
    doc: "Any interrupt that may have interrupted an RCU extended quiescent state must raise RCU's irq nesting, or the tick's rcu_is_cpu_rrupt_from_idle() reports a quiescent state from inside a read-side critical section (E3). Context tracking warns only for the check_tick path; the nested-IRQ-in-idle case has no check.",
  },
  {
    id: 'I6',
    title: 'soft state equals hardware state at every return',
    doc: "When control returns to the interrupted context, lockdep's hardirqs_enabled equals the IF the return restores (the saved IF, or s390's old PSW after the handler masked it) and the tracer agrees; across an NMI both are restored to what they were (E4). Where the interrupted context itself runs with them apart (the idle wait of 6.12 and later: hardware on, lockdep and tracer off), the vector may also give back what it found, and s390's return from the idle wait with the PSW masked may leave them either way (the idle code turns IRQs on next). The kernel has no check at IRET; with DEBUG_LOCKDEP the next lock taken reports \"unannotated irqs-off\".",
  },
  {
    id: 'I7',
    title: 'preemption on IRQ return only inside the preemption window',
    doc: "Scheduling on the way out of an interrupt is legal only with preempt_count() == 0, hardware IRQs off, RCU back at task level and before the final trace/lockdep/RCU exit transitions (E2, the seed's debate). preempt_schedule_irq()'s BUG_ON and rcu_irq_exit_check_preempt() (PROVE_RCU) check parts of it; the ordering against the exit transitions has no check.",
  },
  {
    id: 'I8',
    title: 'schedule() preconditions',
    doc: '__schedule() must be entered with IRQs enabled (no kernel check: it silently returns with them on, E1), not atomic ("BUG: scheduling while atomic"), and not in context-tracking USER state (SCHED_WARN_ON, 5.11+).',
  },
  {
    id: 'I9',
    title: 'the last need_resched check follows the last local wakeup',
    doc: 'On return to user, the final read of the thread flags must come after every deferred wakeup flush that can set TIF_NEED_RESCHED (E7). No kernel check.',
  },
  {
    id: 'I10',
    title: 'the Xen flag follows the task',
    doc: 'xen_in_preemptible_hcall is per-CPU storage with per-task meaning: it must be cleared before scheduling from the upcall and restored where the task resumes. No kernel check.',
  },
  {
    id: 'I11',
    title: 'noinstr closure',
    doc: 'noinstr code calls instrumentable code only inside instrumentation_begin()/end(), and returns with the count at 0. objtool enforces it at build time; a surplus begin silently disables the check for the rest of the function (E6).',
  },
  {
    id: 'I12',
    title: 'context-tracking state',
    doc: 'Entry from user sees USER, syscall exit sees KERNEL, user_enter_irqoff() runs with IRQs off, and the state at IRET equals the interrupted context\'s. CT_WARN_ON and SCHED_WARN_ON catch parts of it when context tracking is enabled.',
  },
  {
    id: 'I13',
    title: 'no IRQ enable inside a hardirq context',
    doc: "Any IRQ enable, including the one inside preempt_schedule_irq(), requires lockdep's hardirq_context to be 0, i.e. irq_exit_rcu() has run. lockdep_hardirqs_on_prepare() checks it.",
  },
  {
    id: 'I14',
    title: 'work seen on the way out is done before returning to user mode',
    doc: 'Not in the reference (kentry addition, kentry-ref §5.3–§5.4): once the exit path has seen TIF_NEED_RESCHED or other exit work (a signal, notify-resume, uprobe, livepatch work), it handles it before user mode runs again; and on a nohz_full CPU no rcuog wakeup deferred by an interrupt is left unflushed (callbacks would wait until the next kernel entry, which may be seconds away). Work posted after the last flags read is not covered: the poster kicks the CPU with an IPI. Nor is a remote TIF_NEED_RESCHED whose reschedule IPI this CPU has not taken yet (no IRQ delivered or recorded since it was set): the IPI arrives as soon as the return enables IRQs, and its own exit schedules.',
  },
  {
    id: 'I15',
    title: 'every vector returns',
    doc: 'Not in the reference (kentry addition): from every reachable state some path returns from the vector. A state from which none does is a CPU stuck in the entry/exit code: a loop whose exit condition nothing can make true (work that is never handled, a reschedule that is never acted on). The kernel notices only through the soft-lockup watchdog. Checked on the complete state graph of each run (no budget hit).',
  },
  {
    id: 'I16',
    title: 'lockdep learns "IRQs on" before instrumentable code runs with them on',
    doc: "Instrumentable code runs with hardware IRQs enabled only after lockdep was told: local_irq_enable() tells the tracer and lockdep first and then enables; a raw enable (raw_local_irq_enable(), s390's ssm, a restored flags word) tells nobody. noinstr code may run so (the idle wait of 6.12 and later does), instrumentable code may not: with DEBUG_LOCKDEP its first lock operation reports \"DEBUG_LOCKS_WARN_ON(!lockdep_hardirqs_enabled())\", \"possible reason: unannotated irqs-on.\" and lockdep turns itself off; without it the locks taken there are recorded as taken with IRQs off, so an IRQ-safety inversion through them is missed, and a lockdep_assert_irqs_enabled() there warns. A hazard at every instrumentable call, as I1's is (kentry addition).",
  },
  {
    id: 'WARN',
    title: 'assertions in the checked code',
    doc: 'WARN_ON_ONCE(), WARN_ON(), BUG_ON() written in the code under check: reported whenever their condition is reachable as true.',
  },
];

// ---- checks the explorer evaluates itself ----

export const CHECK_INSTR_WITHOUT_RCU: CheckDef = {
  id: 'I2.instrumentation_rcu_not_watching',
  invariant: 'I2',
  severity: 'violation',
  reporter: 'none',
  message: 'instrumentable call {0}() while RCU is not watching (RCU not watching for tracepoint)',
};
export const CHECK_ENTRY_HAZARD: CheckDef = {
  id: 'I1.instrumentable_before_lockdep_off',
  invariant: 'I1',
  severity: 'hazard',
  reporter: 'none',
  message: 'instrumentable call {0}() before lockdep was told IRQs are off (lockdep: on, hardware: off)',
};
export const CHECK_EXIT_HAZARD: CheckDef = {
  id: 'I3.instrumentable_after_lockdep_on',
  invariant: 'I3',
  severity: 'hazard',
  reporter: 'none',
  message: 'instrumentable call {0}() after lockdep was told IRQs are on while hardware IRQs are still off',
};
export const CHECK_UNANNOTATED_IRQS_ON: CheckDef = {
  id: 'I16.instrumentable_irqs_on_unannotated',
  invariant: 'I16',
  severity: 'hazard',
  reporter: 'none',
  message: 'instrumentable call {0}() with hardware IRQs on while lockdep says off (with DEBUG_LOCKDEP its first lock reports DEBUG_LOCKS_WARN_ON(!lockdep_hardirqs_enabled()): possible reason: unannotated irqs-on.)',
};
export const CHECK_IRET_LOCKDEP: CheckDef = {
  id: 'I6.iret_lockdep_mismatch',
  invariant: 'I6',
  severity: 'violation',
  reporter: 'none',
  message: '{0} returns to a context with IF={1} while lockdep says hardirqs {2}',
};
// The tracer is diagnostics: a stale tracing_irq_cpu makes the irqsoff tracer measure a bogus
// IRQs-off period, it breaks nothing else. irqentry_nmi_exit() restores it only when lockdep was
// on, so an NMI between trace_hardirqs_on_prepare() and lockdep_hardirqs_on() leaves it stale
// in every kernel since 5.9 — a hazard, not a violation.
export const CHECK_IRET_TRACER: CheckDef = {
  id: 'I6.iret_tracer_mismatch',
  invariant: 'I6',
  severity: 'hazard',
  reporter: 'none',
  message: '{0} returns to a context with IF={1} while the irq tracer says hardirqs {2}',
};
export const CHECK_IRET_RCU: CheckDef = {
  id: 'I4.iret_rcu_unbalanced',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'none',
  message: '{0} returns with RCU state {1}, the interrupted context had {2}',
};
export const CHECK_IRET_PREEMPT: CheckDef = {
  id: 'I4.iret_preempt_count_unbalanced',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'none',
  message: '{0} returns with preempt_count {1}, the interrupted context had {2}',
};
export const CHECK_IRET_HARDIRQ_CONTEXT: CheckDef = {
  id: 'I4.iret_hardirq_context_unbalanced',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'none',
  message: '{0} returns with lockdep hardirq_context {1}, the interrupted context had 0',
};
export const CHECK_IRET_CT: CheckDef = {
  id: 'I12.iret_ct_state',
  invariant: 'I12',
  severity: 'violation',
  reporter: 'none',
  message: '{0} returns to a context in context-tracking state {2} with state {1}',
};
export const CHECK_RESCHED_UNSEEN: CheckDef = {
  id: 'I9.need_resched_after_last_check',
  invariant: 'I9',
  severity: 'violation',
  reporter: 'none',
  message: 'return to user mode with TIF_NEED_RESCHED set by a local deferred wakeup after the last flags check',
};

export const CHECK_IRET_XEN_FLAG: CheckDef = {
  id: 'I10.iret_xen_flag',
  invariant: 'I10',
  severity: 'violation',
  reporter: 'none',
  message: '{0} returns with xen_in_preemptible_hcall={1}, the interrupted context had {2}: {3}',
};
export const CHECK_HCALL_PREEMPTION_MISSED: CheckDef = {
  id: 'I10.hcall_preemption_missed',
  invariant: 'I10',
  severity: 'violation',
  reporter: 'none',
  message:
    '{0} returns into a preemptible hypercall with TIF_NEED_RESCHED set and known to this CPU: the long-running hypercall keeps the CPU (no preemption point without CONFIG_PREEMPTION; the reason xen_in_preemptible_hcall exists)',
};
export const CHECK_USER_RETURN_RESCHED: CheckDef = {
  id: 'I14.user_return_resched_ignored',
  invariant: 'I14',
  severity: 'violation',
  reporter: 'none',
  message: 'return to user mode with TIF_NEED_RESCHED set although the exit path saw it: the task keeps the CPU until the next tick',
};
export const CHECK_USER_RETURN_WORK: CheckDef = {
  id: 'I14.user_return_work_pending',
  invariant: 'I14',
  severity: 'violation',
  reporter: 'none',
  message: 'return to user mode with {0} pending although the exit path saw it: the work waits until the next kernel entry',
};
export const CHECK_USER_RETURN_RCUOG: CheckDef = {
  id: 'I14.user_return_rcuog_deferred',
  invariant: 'I14',
  severity: 'violation',
  reporter: 'none',
  message:
    'return to nohz_full user mode with an rcuog wakeup an interrupt deferred and nobody flushed: RCU callbacks on this CPU wait until the next kernel entry (rcu_nocb_flush_deferred_wakeup() must follow the last IRQs-enabled window)',
};
export const CHECK_NO_PROGRESS: CheckDef = {
  id: 'I15.vector_never_returns',
  invariant: 'I15',
  severity: 'violation',
  reporter: 'watchdog',
  message: 'the {0} never returns from here: every continuation loops in {1} (soft lockup)',
};
export const CHECK_XEN_EVENTS_UNHANDLED: CheckDef = {
  id: 'I15.xen_events_unhandled',
  invariant: 'I15',
  severity: 'violation',
  reporter: 'none',
  message: '{0} without running the event-channel handler: evtchn_upcall_pending stays set, the hypervisor delivers the upcall again at once, and no event is ever handled',
};
/**
 * A nesting counter ran past the model's range. Always downstream of an unbalanced enter/exit
 * (usually reported earlier on the same path); reported so that the path's other findings are
 * kept, and the path ends here.
 */
export const CHECK_COUNTER_RUNAWAY: CheckDef = {
  id: 'I4.counter_runaway',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'none',
  message: '{0} ran away ({1}): an enter/exit pair is unbalanced on this path',
  halts: true,
};

export const EXPLORER_CHECKS: readonly CheckDef[] = [
  CHECK_INSTR_WITHOUT_RCU,
  CHECK_ENTRY_HAZARD,
  CHECK_EXIT_HAZARD,
  CHECK_UNANNOTATED_IRQS_ON,
  CHECK_IRET_LOCKDEP,
  CHECK_IRET_TRACER,
  CHECK_IRET_RCU,
  CHECK_IRET_PREEMPT,
  CHECK_IRET_HARDIRQ_CONTEXT,
  CHECK_IRET_CT,
  CHECK_RESCHED_UNSEEN,
  CHECK_IRET_XEN_FLAG,
  CHECK_HCALL_PREEMPTION_MISSED,
  CHECK_USER_RETURN_RESCHED,
  CHECK_USER_RETURN_WORK,
  CHECK_USER_RETURN_RCUOG,
  CHECK_NO_PROGRESS,
  CHECK_XEN_EVENTS_UNHANDLED,
  CHECK_COUNTER_RUNAWAY,
];
