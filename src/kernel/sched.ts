// The scheduler core as entry code sees it (kentry-ref §3.4). schedule(), preempt_schedule_irq()
// and _cond_resched() are C in src/kernel/c/sched.c; the leaf is __schedule(), which performs
// schedule_debug()'s checks and the invariants the kernel does not check itself (I7, I8, I10).

import { CtState } from '../model/state.ts';
import { lockdepActive } from './lockdep.ts';
import { rseqEventChoices } from './rseq.ts';
import { traceHardirqsOff, traceHardirqsOn } from './trace.ts';
import { setIrqFlag } from './irqflags.ts';
import type { CheckDef, PrimitiveDef, Subsystem } from './types.ts';

export const CHECK_SCHED_ATOMIC: CheckDef = {
  id: 'sched.atomic',
  invariant: 'I8',
  severity: 'violation',
  reporter: 'sched',
  message: 'BUG: scheduling while atomic: kentry/1/0x{0}',
  // The kernel resets preempt_count and carries on; the model stops the path instead of
  // reporting every consequence of the corrupted count.
  halts: true,
};
export const CHECK_SCHED_CT_USER: CheckDef = {
  id: 'sched.ct_user',
  invariant: 'I12',
  severity: 'violation',
  reporter: 'sched',
  message: 'SCHED_WARN_ON(ct_state() == CONTEXT_USER)',
};
export const CHECK_SCHED_IRQS_DISABLED: CheckDef = {
  id: 'sched.irqs_disabled',
  invariant: 'I8',
  severity: 'violation',
  reporter: 'none',
  message: 'schedule() entered with hardware IRQs disabled; __schedule() will return with them enabled',
};
export const CHECK_SCHED_XEN_FLAG: CheckDef = {
  id: 'sched.xen_inhcall_set',
  invariant: 'I10',
  severity: 'violation',
  reporter: 'none',
  message: 'schedule() with xen_in_preemptible_hcall still set: the per-CPU flag stays behind for the next task on this CPU',
};
export const CHECK_SCHED_IRQ_RETURN: CheckDef = {
  id: 'sched.irq_return_after_exit',
  invariant: 'I7',
  severity: 'violation',
  reporter: 'none',
  message: 'schedule() on the interrupt-return path outside the preemption window: {0}',
};

const primitives: PrimitiveDef[] = [
  {
    name: '__schedule',
    instrumentable: true,
    // The switch back into this task may raise its rseq event (rseq_sched_switch_event(), 7.2+).
    choices: (env) => rseqEventChoices(env),
    doc: 'schedule_debug() checks, then a context switch; returns with IRQs enabled (rq unlock) (§3.4, E1). In trees with the rseq sched_switch event, switching back into a task with rseq registered raises it.',
    run(env) {
      const { m } = env;
      // schedule_debug(): callers hold exactly the one preempt_disable() of the schedule loop.
      if (m.preempt !== m.layout.preempt.PREEMPT_DISABLE_OFFSET) {
        env.report(CHECK_SCHED_ATOMIC, (m.preempt >>> 0).toString(16).padStart(8, '0'));
        m.halted = 1;
        return 0;
      }
      if (env.cfg.contextTracking && m.ct === CtState.User) env.report(CHECK_SCHED_CT_USER);
      // Invariants the kernel does not check itself.
      if (m.hwIF === 0) env.report(CHECK_SCHED_IRQS_DISABLED);
      if (m.xenInHcall === 1) env.report(CHECK_SCHED_XEN_FLAG);
      if (m.contexts.length > 0) {
        // On an interrupt-return path, scheduling is legal only before the final exit
        // transitions: soft state still "off" with the hardware (or all on together, after an
        // explicit local_irq_enable()), RCU back at plain task level (I7, E2).
        const why: string[] = [];
        if (lockdepActive(env) && m.lockdepOn === 1 && m.hwIF === 0) why.push('lockdep already says hardirqs on');
        if (env.cfg.lockdep && m.tracerOff === 0 && m.hwIF === 0) why.push('the tracer already says hardirqs on');
        if (!m.rcuTaskLevel) why.push(`RCU not at task level (watching=${m.rcuWatching} nesting=${m.rcuNesting} nmi_nesting=${m.nmiNesting})`);
        if (why.length) env.report(CHECK_SCHED_IRQ_RETURN, why.join('; '));
      }
      // The switch: rq_lock_irq() turns IRQs off (instrumented), another task runs, and
      // rq_unlock_irq() turns them on again — whatever the caller had.
      setIrqFlag(env, false);
      traceHardirqsOff(env);
      m.rescheduled();
      if (env.choice === 1) m.raiseRseqEvent();
      traceHardirqsOn(env);
      setIrqFlag(env, true);
      return 0;
    },
  },
];

export const sched: Subsystem = {
  name: 'sched',
  primitives,
  checks: [CHECK_SCHED_ATOMIC, CHECK_SCHED_CT_USER, CHECK_SCHED_IRQS_DISABLED, CHECK_SCHED_XEN_FLAG, CHECK_SCHED_IRQ_RETURN],
};
