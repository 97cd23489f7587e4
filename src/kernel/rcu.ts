// RCU "watching" with its two nesting counters, and context tracking (kentry-ref §2.5, §2.6, §3.3).
//
// The irq/NMI nesting counter starts at the NONIDLE crowbar in task context. An irq entering from
// an extended quiescent state (EQS) adds 1 and makes RCU watch; any other entry adds 2. So the
// value 1 means "outermost irq that woke RCU", and its exit puts the CPU back into EQS.
// 6.0 moved the entry points into context tracking (ct_*); the semantics did not change.

import { CtState } from '../model/state.ts';
import { assertIrqsDisabled, lockAcquire, lockRelease } from './lockdep.ts';
import type { CheckDef, PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';

export const CHECK_NMI_ENTER_NEGATIVE: CheckDef = {
  id: 'rcu.nmi_enter.negative',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'rcu',
  message: 'WARN_ON_ONCE(rdp->dynticks_nmi_nesting < 0)',
};
export const CHECK_NMI_EXIT_NONPOSITIVE: CheckDef = {
  id: 'rcu.nmi_exit.nonpositive',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'rcu',
  message: 'WARN_ON_ONCE(rdp->dynticks_nmi_nesting <= 0)',
};
export const CHECK_NMI_EXIT_IN_EQS: CheckDef = {
  id: 'rcu.nmi_exit.in_eqs',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'rcu',
  message: 'WARN_ON_ONCE(rcu_dynticks_curr_cpu_in_eqs())',
};
export const CHECK_PREEMPT_NESTING: CheckDef = {
  id: 'rcu.check_preempt.nesting',
  invariant: 'I7',
  severity: 'violation',
  reporter: 'rcu',
  message: 'WARNING: suspicious RCU usage: RCU dynticks_nesting counter underflow/zero!',
};
export const CHECK_PREEMPT_NMI_NESTING: CheckDef = {
  id: 'rcu.check_preempt.nmi_nesting',
  invariant: 'I7',
  severity: 'violation',
  reporter: 'rcu',
  message: 'WARNING: suspicious RCU usage: Bad RCU  dynticks_nmi_nesting counter',
};
export const CHECK_PREEMPT_EQS: CheckDef = {
  id: 'rcu.check_preempt.eqs',
  invariant: 'I7',
  severity: 'violation',
  reporter: 'rcu',
  message: 'WARNING: suspicious RCU usage: RCU in extended quiescent state!',
};
export const CHECK_TICK_FROM_EQS: CheckDef = {
  id: 'rcu.check_tick.eqs',
  invariant: 'I5',
  severity: 'violation',
  reporter: 'rcu',
  message: 'WARNING: suspicious RCU usage: Illegal rcu_irq_enter_check_tick() from extended quiescent state',
};
export const CHECK_EQS_ENTER_NESTING: CheckDef = {
  id: 'rcu.eqs_enter.nmi_nesting',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'rcu',
  message: 'WARN_ON_ONCE(rdp->dynticks_nmi_nesting != DYNTICK_IRQ_NONIDLE)',
};
export const CHECK_EQS_EXIT_NESTING: CheckDef = {
  id: 'rcu.eqs_exit.nmi_nesting',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'rcu',
  message: 'WARN_ON_ONCE(rdp->dynticks_nmi_nesting)',
};
export const CHECK_CT_USER_ENTER_IRQS_ON: CheckDef = {
  id: 'ct.user_enter.irqs_enabled',
  invariant: 'I12',
  severity: 'violation',
  reporter: 'ct',
  message: 'user_enter_irqoff() with hardware IRQs enabled',
};

// ---- RCU core (kentry-ref §2.5) ----

function nmiNestingValueIs(env: PrimitiveEnv, v: number): boolean {
  return env.m.nmiNonidle === 0 && env.m.nmiOffset === v;
}

/** rcu_irq_enter_check_tick() / __rcu_irq_enter_check_tick() (§2.5). */
export function rcuIrqEnterCheckTick(env: PrimitiveEnv, takeLock: boolean): void {
  // The inline wrapper only calls in when context tracking is enabled.
  if (!env.cfg.contextTracking) return;
  if (env.m.inNmi) return;
  if (env.m.rcuWatching === 0 && env.cfg.bool('PROVE_RCU')) env.report(CHECK_TICK_FROM_EQS);
  // When RCU urgently needs a quiescent state from this nohz_full CPU, it turns the tick on
  // under the rcu_node lock — a lock taken in hardirq context (E5).
  if (takeLock) {
    lockAcquire(env, 'rcu_node_0');
    lockRelease(env);
  }
}

function checkTickChoices(env: Omit<PrimitiveEnv, 'choice'>): number {
  return env.cfg.contextTracking && !env.m.inNmi ? 2 : 1;
}

/** Tiny RCU (!SMP, !PREEMPTION) keeps no EQS state: its irq/NMI hooks are empty and
 *  rcu_is_watching() is always true. */
export function tinyRcu(env: Pick<PrimitiveEnv, 'cfg'>): boolean {
  return env.cfg.bool('TINY_RCU');
}

export function rcuNmiEnter(env: PrimitiveEnv): void {
  const { m } = env;
  if (tinyRcu(env)) return;
  if (m.nmiNonidle === 0 && m.nmiOffset < 0) env.report(CHECK_NMI_ENTER_NEGATIVE);
  let incby = 2;
  if (m.rcuWatching === 0) {
    // Leave the extended quiescent state: one fully ordered atomic add.
    m.rcuWatching = 1;
    incby = 1;
  } else if (!m.inNmi) {
    rcuIrqEnterCheckTick(env, env.choice === 1);
  }
  m.setNmiNesting(m.nmiNonidle, m.nmiOffset + incby);
}

export function rcuNmiExit(env: PrimitiveEnv): void {
  const { m } = env;
  if (tinyRcu(env)) return;
  if (m.nmiNonidle === 0 && m.nmiOffset <= 0) env.report(CHECK_NMI_EXIT_NONPOSITIVE);
  if (m.rcuWatching === 0) env.report(CHECK_NMI_EXIT_IN_EQS);
  if (!nmiNestingValueIs(env, 1)) {
    // Not the outermost irq that woke RCU: stay watching.
    m.setNmiNesting(m.nmiNonidle, m.nmiOffset - 2);
    return;
  }
  m.setNmiNesting(0, 0);
  m.rcuWatching = 0;
}

/** The three task-level checks of rcu_irq_exit_check_preempt() (§3.3). */
function taskLevelChecks(env: PrimitiveEnv): void {
  const { m } = env;
  if (tinyRcu(env)) return;
  if (m.rcuNesting <= 0) env.report(CHECK_PREEMPT_NESTING);
  if (!(m.nmiNonidle === 1 && m.nmiOffset === 0)) env.report(CHECK_PREEMPT_NMI_NESTING);
  if (m.rcuWatching === 0) env.report(CHECK_PREEMPT_EQS);
}

/** rcu_eqs_exit() / ct_kernel_enter(): the only place process nesting goes 0 → 1. */
export function rcuEqsExit(env: PrimitiveEnv): void {
  const { m } = env;
  if (tinyRcu(env)) return;
  if (m.rcuNesting > 0) {
    m.rcuNesting++;
    return;
  }
  m.rcuWatching = 1;
  if (!(m.nmiNonidle === 0 && m.nmiOffset === 0)) env.report(CHECK_EQS_EXIT_NESTING);
  m.rcuNesting = 1;
  m.setNmiNesting(1, 0);
}

/** rcu_eqs_enter() / ct_kernel_exit(): crowbar the irq nesting to 0 and leave RCU. */
export function rcuEqsEnter(env: PrimitiveEnv): void {
  const { m } = env;
  if (tinyRcu(env)) return;
  if (!(m.nmiNonidle === 1 && m.nmiOffset === 0)) env.report(CHECK_EQS_ENTER_NESTING);
  m.setNmiNesting(0, 0);
  if (m.rcuNesting !== 1) {
    m.rcuNesting = Math.max(0, m.rcuNesting - 1);
    return;
  }
  m.rcuNesting = 0;
  m.rcuWatching = 0;
}

export function userExitIrqoff(env: PrimitiveEnv): void {
  if (!env.cfg.contextTracking) return;
  if (env.m.ct === CtState.User) {
    rcuEqsExit(env);
    env.m.ct = CtState.Kernel;
  }
}

/**
 * Outcomes of context tracking's KERNEL → USER switch. Where the tree's rcu_user_enter() wakes a
 * deferred rcuog kthread (layout.ctUserEnterRcuog `wake`, 5.10 stable), that wakeup may preempt the
 * current task: TIF_NEED_RESCHED set on this CPU after the exit path's last flags read. Choice 1.
 */
export function userEnterChoices(env: Omit<PrimitiveEnv, 'choice'>): number {
  return env.cfg.contextTracking && env.m.ct !== CtState.User && env.m.layout.ctUserEnterRcuog === 'wake' ? 2 : 1;
}

export function userEnterIrqoff(env: PrimitiveEnv): void {
  if (!env.cfg.contextTracking) return;
  if (env.m.hwIF === 1) env.report(CHECK_CT_USER_ENTER_IRQS_ON);
  if (env.m.ct !== CtState.User) {
    // The switch asserts that lockdep, too, has IRQs off: __ct_user_enter() begins with
    // lockdep_assert_irqs_disabled() (6.1+, kernel/context_tracking.c), 5.10's rcu_eqs_enter()
    // makes it before entering the EQS (kernel/rcu/tree.c). An exit path that tells lockdep "on"
    // before the switch warns here on every return to user mode. (6.1+ assert even when the state
    // is USER already; a second user_enter_irqoff() is not checked for it here.)
    assertIrqsDisabled(env);
    // rcu_user_enter(): the deferred wakeup runs (in an instrumentation section) before the EQS
    // is entered, while RCU still watches.
    if (env.m.layout.ctUserEnterRcuog !== 'none') env.m.rcuogDeferred = 0;
    if (env.choice === 1) env.m.wakeLocally();
    rcuEqsEnter(env);
    env.m.ct = CtState.User;
  }
}

const primitives: PrimitiveDef[] = [
  {
    name: 'rcu_nmi_enter',
    aliases: ['ct_nmi_enter'],
    instrumentable: false,
    choices: checkTickChoices,
    doc: 'Leaves EQS and adds 1, or adds 2 (then the check_tick path outside NMI); warns on a negative count (§2.5).',
    run(env) {
      rcuNmiEnter(env);
      return 0;
    },
  },
  {
    name: 'rcu_nmi_exit',
    aliases: ['ct_nmi_exit'],
    instrumentable: false,
    doc: 'Subtracts 2, or from 1 re-enters EQS; warns on a non-positive count or exit from EQS (§2.5).',
    run(env) {
      rcuNmiExit(env);
      return 0;
    },
  },
  {
    name: 'rcu_irq_enter',
    aliases: ['ct_irq_enter'],
    instrumentable: false,
    choices: checkTickChoices,
    doc: 'Asserts IRQs disabled, then rcu_nmi_enter() (§2.5).',
    run(env) {
      assertIrqsDisabled(env);
      rcuNmiEnter(env);
      return 0;
    },
  },
  {
    name: 'rcu_irq_exit',
    aliases: ['ct_irq_exit'],
    instrumentable: false,
    doc: 'Asserts IRQs disabled, then rcu_nmi_exit() (§2.5).',
    run(env) {
      assertIrqsDisabled(env);
      rcuNmiExit(env);
      return 0;
    },
  },
  {
    name: 'rcu_irq_exit_preempt',
    instrumentable: true,
    doc: 'rcu_nmi_exit(), then (PROVE_RCU) warns unless RCU is back at plain task level (§3.3, 5.8–5.19).',
    run(env) {
      assertIrqsDisabled(env);
      rcuNmiExit(env);
      if (env.cfg.bool('PROVE_RCU')) taskLevelChecks(env);
      return 0;
    },
  },
  {
    name: 'rcu_irq_exit_check_preempt',
    instrumentable: true,
    doc: 'PROVE_RCU only: asserts IRQs disabled and RCU at task level, without exiting (§3.3).',
    run(env) {
      if (!env.cfg.bool('PROVE_RCU')) return 0;
      assertIrqsDisabled(env);
      taskLevelChecks(env);
      return 0;
    },
  },
  {
    name: 'rcu_sanity_check_for_preemption',
    instrumentable: false,
    doc: "tglx's hypothetical noinstr check from the seed: rcu_irq_exit_check_preempt()'s task-level checks (PROVE_RCU).",
    run(env) {
      if (!env.cfg.bool('PROVE_RCU')) return 0;
      taskLevelChecks(env);
      return 0;
    },
  },
  {
    name: 'rcu_irq_enter_check_tick',
    instrumentable: true,
    choices: checkTickChoices,
    doc: 'With context tracking: warns if RCU is not watching; may take the rcu_node lock to turn the tick on (§2.5, E5).',
    run(env) {
      rcuIrqEnterCheckTick(env, env.choice === 1);
      return 0;
    },
  },
  {
    name: 'rcu_is_watching',
    instrumentable: false,
    query: true,
    doc: 'Tests the watching bit.',
    run: (env) => env.m.rcuWatching,
  },
  {
    name: 'user_exit_irqoff',
    aliases: ['ct_user_exit', '__ct_user_exit', 'user_exit'],
    instrumentable: false,
    doc: 'Context tracking USER → KERNEL: leaves the RCU EQS (ct_kernel_enter) (§2.6).',
    run(env) {
      userExitIrqoff(env);
      return 0;
    },
  },
  {
    name: 'user_enter_irqoff',
    aliases: ['ct_user_enter', '__ct_user_enter', 'user_enter'],
    instrumentable: false,
    choices: userEnterChoices,
    doc: 'Context tracking KERNEL → USER: asserts IRQs off (hardware, and lockdep_assert_irqs_disabled()), enters the RCU EQS (ct_kernel_exit) (§2.6); where the tree\'s rcu_user_enter() wakes a deferred rcuog kthread first (5.10), that wakeup may set TIF_NEED_RESCHED locally.',
    run(env) {
      userEnterIrqoff(env);
      return 0;
    },
  },
  {
    name: 'exception_enter',
    instrumentable: false,
    doc: 'Returns the context-tracking state and leaves USER if the exception came from there.',
    run(env) {
      const prev = env.cfg.contextTracking ? env.m.ct : CtState.Kernel;
      if (prev === CtState.User) userExitIrqoff(env);
      return prev;
    },
  },
  {
    name: 'exception_exit',
    instrumentable: false,
    choices: (env) => (env.args[0] === CtState.User ? userEnterChoices(env) : 1),
    doc: 'Re-enters USER if exception_enter() left it.',
    run(env) {
      if (env.args[0] === CtState.User) userEnterIrqoff(env);
      return 0;
    },
  },
  {
    name: 'ct_state',
    aliases: ['__ct_state'],
    instrumentable: false,
    query: true,
    // Since 6.1 the tree's ct_state() reads __ct_state() between preempt_disable() and
    // preempt_enable(): a preemption point (with IRQs on at the syscall exit's CT_WARN_ON) that
    // only the tree's text has.
    yieldsToTreeBodyCalling: '__ct_state',
    doc: 'Context-tracking state; CONTEXT_DISABLED (-1) without context tracking.',
    run: (env) => (env.cfg.contextTracking ? env.m.ct : -1),
  },
  {
    name: 'context_tracking_enabled',
    instrumentable: false,
    query: true,
    doc: 'The context-tracking static key (NO_HZ_FULL in the model).',
    run: (env) => (env.cfg.contextTracking ? 1 : 0),
  },
];

export const rcu: Subsystem = {
  name: 'rcu',
  primitives,
  checks: [
    CHECK_NMI_ENTER_NEGATIVE,
    CHECK_NMI_EXIT_NONPOSITIVE,
    CHECK_NMI_EXIT_IN_EQS,
    CHECK_PREEMPT_NESTING,
    CHECK_PREEMPT_NMI_NESTING,
    CHECK_PREEMPT_EQS,
    CHECK_TICK_FROM_EQS,
    CHECK_EQS_ENTER_NESTING,
    CHECK_EQS_EXIT_NESTING,
    CHECK_CT_USER_ENTER_IRQS_ON,
  ],
};
