// lockdep's soft IRQ state and its self-checks (kentry-ref §2.3, §3.1).
//
// lockdep keeps its own copy of the hardware IRQ flag (`hardirqs_enabled`) plus a hardirq
// context counter. Its transitions are split so each can sit on the correct side of the RCU
// transition: `_on_prepare` (instrumentable, needs RCU) marks held locks, `_on` (noinstr) flips
// the bit and must be the very last step before returning with IRQs enabled.

import type { CheckDef, PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';

export const CHECK_OFF_IRQS_ENABLED: CheckDef = {
  id: 'lockdep.hardirqs_off.irqs_enabled',
  invariant: 'I1',
  severity: 'violation',
  reporter: 'lockdep',
  message: 'DEBUG_LOCKS_WARN_ON(!irqs_disabled())',
};
export const CHECK_ON_PREPARE_IRQS_ENABLED: CheckDef = {
  id: 'lockdep.hardirqs_on_prepare.irqs_enabled',
  invariant: 'I3',
  severity: 'violation',
  reporter: 'lockdep',
  message: 'DEBUG_LOCKS_WARN_ON(!irqs_disabled())',
};
export const CHECK_ON_PREPARE_HARDIRQ_CONTEXT: CheckDef = {
  id: 'lockdep.hardirqs_on_prepare.hardirq_context',
  invariant: 'I13',
  severity: 'violation',
  reporter: 'lockdep',
  message: 'DEBUG_LOCKS_WARN_ON(lockdep_hardirq_context())',
};
export const CHECK_ON_IRQS_ENABLED: CheckDef = {
  id: 'lockdep.hardirqs_on.irqs_enabled',
  invariant: 'I3',
  severity: 'violation',
  reporter: 'lockdep',
  message: 'DEBUG_LOCKS_WARN_ON(!irqs_disabled())',
};
export const CHECK_ON_CHAIN_KEY: CheckDef = {
  id: 'lockdep.hardirqs_on.chain_key',
  invariant: 'I3',
  severity: 'violation',
  reporter: 'lockdep',
  message: 'DEBUG_LOCKS_WARN_ON(current->hardirq_chain_key != current->curr_chain_key)',
};
export const CHECK_ON_UNPREPARED: CheckDef = {
  id: 'lockdep.hardirqs_on.unprepared',
  invariant: 'I3',
  severity: 'violation',
  reporter: 'none',
  message: 'lockdep_hardirqs_on() without a preceding lockdep_hardirqs_on_prepare(): held locks were never marked hardirq-safe-checked',
};
export const CHECK_ASSERT_IRQS_DISABLED: CheckDef = {
  id: 'lockdep.assert_irqs_disabled',
  invariant: 'I6',
  severity: 'violation',
  reporter: 'lockdep',
  message: 'WARN_ON_ONCE(__lockdep_enabled && this_cpu_read(hardirqs_enabled))',
};
export const CHECK_ASSERT_IRQS_ENABLED: CheckDef = {
  id: 'lockdep.assert_irqs_enabled',
  invariant: 'I6',
  severity: 'violation',
  reporter: 'lockdep',
  message: 'WARN_ON_ONCE(__lockdep_enabled && !this_cpu_read(hardirqs_enabled))',
};
export const CHECK_INCONSISTENT_LOCK_STATE: CheckDef = {
  id: 'lockdep.inconsistent_lock_state',
  invariant: 'I1',
  severity: 'violation',
  reporter: 'lockdep',
  message: 'WARNING: inconsistent lock state: {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage: {0} taken with hardware IRQs off while lockdep still believes they are on',
};
export const CHECK_HARDIRQ_CONTEXT_UNDERFLOW: CheckDef = {
  id: 'lockdep.hardirq_context.underflow',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'none',
  message: 'lockdep_hardirq_exit() without lockdep_hardirq_enter(): hardirq_context underflow',
};

/** lockdep does anything at all: compiled in, and not silenced by an earlier self-check. */
export function lockdepActive(env: Pick<PrimitiveEnv, 'm' | 'cfg'>): boolean {
  return env.cfg.lockdep && env.m.debugLocks === 1;
}

/**
 * DEBUG_LOCKS_WARN_ON(cond): the first failure prints and turns lockdep off (`debug_locks_off()`),
 * later ones are silent; it evaluates to `cond` either way.
 */
export function debugLocksWarnOn(env: PrimitiveEnv, cond: boolean, check: CheckDef): boolean {
  if (!cond) return false;
  if (env.m.debugLocks === 1) {
    env.m.debugLocks = 0;
    env.report(check);
  }
  return true;
}

/** lockdep's NMI rule: IRQ-state tracking in NMI only with TRACE_IRQFLAGS_NMI_SUPPORT. */
export function lockdepTracksNmi(env: Pick<PrimitiveEnv, 'cfg'>): boolean {
  return env.cfg.bool('TRACE_IRQFLAGS_NMI_SUPPORT');
}

/** lockdep is active and tracks the IRQ state of the current context (the NMI rule applied). */
export function lockdepTracksContext(env: Pick<PrimitiveEnv, 'm' | 'cfg'>): boolean {
  return lockdepActive(env) && !(env.m.inNmi && !lockdepTracksNmi(env));
}

/** lockdep_assert_irqs_disabled(): WARN_ON_ONCE(__lockdep_enabled && hardirqs_enabled). */
export function assertIrqsDisabled(env: PrimitiveEnv): void {
  if (lockdepTracksContext(env) && env.m.lockdepOn === 1) env.report(CHECK_ASSERT_IRQS_DISABLED);
}

export function lockdepHardirqsOff(env: PrimitiveEnv): void {
  const { m } = env;
  const ctx = m.topContext;
  if (ctx) ctx.toldOff = 1;
  if (!lockdepActive(env)) return;
  if (m.inNmi && !lockdepTracksNmi(env)) return;
  // The hardware must already be off: lockdep only mirrors it.
  if (debugLocksWarnOn(env, m.hwIF === 1, CHECK_OFF_IRQS_ENABLED)) return;
  if (m.lockdepOn) {
    m.lockdepOn = 0;
    // A new off→on cycle begins: on() will need a fresh prepare.
    m.lockdepPrepared = 0;
  }
}

export function lockdepHardirqsOnPrepare(env: PrimitiveEnv): void {
  const { m } = env;
  if (!lockdepActive(env)) return;
  // Always a no-op in NMI, whatever the NMI support (kentry-ref §3.1).
  if (m.inNmi) return;
  if (m.lockdepOn) return; // redundant
  if (debugLocksWarnOn(env, m.hwIF === 1, CHECK_ON_PREPARE_IRQS_ENABLED)) return;
  // IRQs may not be enabled inside a hardirq handler (I13).
  if (debugLocksWarnOn(env, m.lockdepCtx !== 0, CHECK_ON_PREPARE_HARDIRQ_CONTEXT)) return;
  // Save current->hardirq_chain_key; held locks get marked hardirq-enabled-usage here.
  m.chainKeyChanged = 0;
  m.lockdepPrepared = 1;
}

export function lockdepHardirqsOn(env: PrimitiveEnv): void {
  const { m } = env;
  if (!lockdepActive(env)) return;
  if (m.inNmi) {
    if (!lockdepTracksNmi(env)) return;
    // In NMI with support: straight to the state flip, no checks.
    m.lockdepOn = 1;
    return;
  }
  if (m.lockdepOn) return; // redundant
  if (debugLocksWarnOn(env, m.hwIF === 1, CHECK_ON_IRQS_ENABLED)) return;
  // A lock taken or released between _prepare and _on changes the chain key.
  if (debugLocksWarnOn(env, m.chainKeyChanged === 1, CHECK_ON_CHAIN_KEY)) return;
  if (!m.lockdepPrepared) env.report(CHECK_ON_UNPREPARED);
  m.lockdepOn = 1;
}

/** A lock acquisition or release, as lockdep sees it. */
export function lockOperation(env: PrimitiveEnv, lockName: string): void {
  const { m } = env;
  m.chainKeyChanged = 1;
  if (!lockdepActive(env)) return;
  if (m.inNmi && !lockdepTracksNmi(env)) return;
  // The lock is used in hardirq context elsewhere (the tick); recording a HARDIRQ-ON usage for it
  // is what lockdep reports as an inconsistent lock state (E5).
  if (m.lockdepOn === 1 && m.hwIF === 0) {
    m.debugLocks = 0;
    env.report(CHECK_INCONSISTENT_LOCK_STATE, lockName);
  }
}

const primitives: PrimitiveDef[] = [
  {
    name: 'lockdep_hardirqs_off',
    instrumentable: false,
    doc: 'noinstr: lockdep learns IRQs are off; warns if the hardware is still on (§3.1).',
    run(env) {
      lockdepHardirqsOff(env);
      return 0;
    },
  },
  {
    name: 'lockdep_hardirqs_on_prepare',
    instrumentable: true,
    doc: 'Instrumentable half of "on": checks hardware off and no hardirq context, saves the chain key (§3.1).',
    run(env) {
      lockdepHardirqsOnPrepare(env);
      return 0;
    },
  },
  {
    name: 'lockdep_hardirqs_on',
    instrumentable: false,
    doc: 'noinstr: lockdep flips to "on"; checks hardware off and no lock operation since _prepare (§3.1).',
    run(env) {
      lockdepHardirqsOn(env);
      return 0;
    },
  },
  {
    name: 'lockdep_hardirq_enter',
    instrumentable: false,
    doc: 'hardirq_context += 1 (§2.3).',
    run(env) {
      if (!env.cfg.lockdep) return 0;
      if (env.m.lockdepCtx >= 15) throw new Error('model bound: hardirq_context > 15');
      env.m.lockdepCtx++;
      return 0;
    },
  },
  {
    name: 'lockdep_hardirq_exit',
    instrumentable: false,
    doc: 'hardirq_context -= 1 (§2.3).',
    run(env) {
      if (!env.cfg.lockdep) return 0;
      if (env.m.lockdepCtx === 0) {
        env.report(CHECK_HARDIRQ_CONTEXT_UNDERFLOW);
        return 0;
      }
      env.m.lockdepCtx--;
      return 0;
    },
  },
  {
    name: 'lockdep_hardirqs_enabled',
    instrumentable: false,
    query: true,
    doc: "Reads lockdep's per-CPU hardirqs_enabled (false without lockdep).",
    run: (env) => (env.cfg.lockdep ? env.m.lockdepOn : 0),
  },
  {
    name: 'lockdep_hardirq_context',
    instrumentable: false,
    query: true,
    doc: "Reads lockdep's per-CPU hardirq_context.",
    run: (env) => (env.cfg.lockdep ? env.m.lockdepCtx : 0),
  },
  {
    name: 'lockdep_assert_irqs_disabled',
    instrumentable: false,
    doc: 'WARN_ON_ONCE(__lockdep_enabled && hardirqs_enabled) (§2.3).',
    run(env) {
      assertIrqsDisabled(env);
      return 0;
    },
  },
  {
    name: 'lockdep_assert_irqs_enabled',
    instrumentable: false,
    doc: 'WARN_ON_ONCE(__lockdep_enabled && !hardirqs_enabled) (§2.3).',
    run(env) {
      if (lockdepTracksContext(env) && env.m.lockdepOn === 0) env.report(CHECK_ASSERT_IRQS_ENABLED);
      return 0;
    },
  },
  {
    name: 'lockdep_softirq_start',
    instrumentable: false,
    doc: 'Softirq processing leaves lockdep hardirq context for its duration; returns whether it was in it.',
    run(env) {
      if (env.cfg.lockdep && env.m.lockdepCtx > 0) {
        env.m.lockdepCtx--;
        return 1;
      }
      return 0;
    },
  },
  {
    name: 'lockdep_softirq_end',
    instrumentable: false,
    doc: 'Re-enters lockdep hardirq context if lockdep_softirq_start() left it.',
    run(env) {
      if (env.cfg.lockdep && env.args[0]) env.m.lockdepCtx++;
      return 0;
    },
  },
  {
    name: 'lockdep_sys_exit',
    instrumentable: true,
    doc: 'Checks no locks are held on return to user; entry code holds none in the model.',
    run: () => 0,
  },
  {
    name: 'raw_spin_lock',
    aliases: ['raw_spin_unlock', 'raw_spin_lock_rcu_node', 'raw_spin_unlock_rcu_node'],
    instrumentable: true,
    doc: 'A lock operation: changes the chain key; lockdep records its usage against the soft IRQ state.',
    run(env) {
      lockOperation(env, env.argText[0] ?? 'lock');
      return 0;
    },
  },
  {
    name: 'lockdep_off',
    aliases: ['lockdep_on'],
    instrumentable: false,
    doc: 'Bumps lockdep_recursion around NMIs; the model relies on the in_nmi() rule instead.',
    run: () => 0,
  },
];

export const lockdep: Subsystem = {
  name: 'lockdep',
  primitives,
  checks: [
    CHECK_OFF_IRQS_ENABLED,
    CHECK_ON_PREPARE_IRQS_ENABLED,
    CHECK_ON_PREPARE_HARDIRQ_CONTEXT,
    CHECK_ON_IRQS_ENABLED,
    CHECK_ON_CHAIN_KEY,
    CHECK_ON_UNPREPARED,
    CHECK_ASSERT_IRQS_DISABLED,
    CHECK_ASSERT_IRQS_ENABLED,
    CHECK_INCONSISTENT_LOCK_STATE,
    CHECK_HARDIRQ_CONTEXT_UNDERFLOW,
  ],
};
