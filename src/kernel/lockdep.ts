// lockdep's soft IRQ state and its self-checks (kentry-ref §2.3, §3.1).
//
// lockdep keeps its own copy of the hardware IRQ flag (`hardirqs_enabled`) plus a hardirq
// context counter. Its transitions are split so each can sit on the correct side of the RCU
// transition: `_on_prepare` (instrumentable, needs RCU) marks held locks, `_on` (noinstr) flips
// the bit and must be the very last step before returning with IRQs enabled.

import { ModelBoundError } from '../model/state.ts';
import type { CheckDef, PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';
import { knownConstant } from './args.ts';

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
  message: 'WARNING: inconsistent lock state: {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage: {0}',
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
  // Bookkeeping for the I1/I3 hazards, which exist only where lockdep is built: without it the
  // call is the tree's empty stub and changes nothing (test/replaced.test.ts compares the two).
  if (ctx && env.cfg.lockdep && !ctx.toldOff) m.writableTopContext()!.toldOff = 1;
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
  // Save current->hardirq_chain_key: from here on, the held-lock stack is compared against this one.
  setChainDelta(m, ChainDelta.Same);
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
  // The held-lock stack (hence curr_chain_key) differs from the one _prepare saved.
  if (debugLocksWarnOn(env, m.chainKeyChanged === 1, CHECK_ON_CHAIN_KEY)) return;
  if (!m.lockdepPrepared) env.report(CHECK_ON_UNPREPARED);
  m.lockdepOn = 1;
}

// ---- the chain key ----
//
// lockdep hashes the held-lock stack into current->curr_chain_key: an acquisition extends the
// hash, and a release puts back the key saved in the released entry (the key from before it was
// taken), so a balanced lock/unlock leaves the key exactly as it was. _prepare saves the key and
// _on compares, so what matters is how the held-lock stack now differs from the one at _prepare.
//
// The model tracks that difference as a ChainDelta, kept in two existing fields
// (lockdepPrepared, chainKeyChanged):
//   (0, 0) Unprepared  no _prepare since lockdep last went off, no lock operation since
//   (1, 0) Same        the held-lock stack _prepare saw: the keys match
//   (1, 1) OneMore     exactly one lock taken since _prepare and still held
//   (0, 1) Other       anything else: the key differs, or the model can no longer tell that it
//                      is restored
// Inside a _prepare → _on window lockdepPrepared only drops to 0 together with chainKeyChanged=1,
// and lockdep_hardirqs_on() checks the chain key before the missing _prepare, so "Other" reports
// the chain key, never an unprepared _on. Exact while at most one lock is held across the window;
// beyond that (two nested locks taken and both dropped again, or a lock held at _prepare dropped
// and retaken) the key stays "changed": the model can over-report there, never miss a report.

const enum ChainDelta {
  Unprepared,
  Same,
  OneMore,
  Other,
}

function chainDelta(m: PrimitiveEnv['m']): ChainDelta {
  if (m.chainKeyChanged === 0) return m.lockdepPrepared === 1 ? ChainDelta.Same : ChainDelta.Unprepared;
  return m.lockdepPrepared === 1 ? ChainDelta.OneMore : ChainDelta.Other;
}

function setChainDelta(m: PrimitiveEnv['m'], d: ChainDelta.Same | ChainDelta.OneMore | ChainDelta.Other): void {
  m.chainKeyChanged = d === ChainDelta.Same ? 0 : 1;
  m.lockdepPrepared = d === ChainDelta.Other ? 0 : 1;
}

/** Lock classes the model knows are also taken in hardirq context elsewhere in the kernel. */
const HARDIRQ_LOCK_CLASSES: ReadonlySet<string> = new Set([
  // The tick (rcu_sched_clock_irq → … → rcu_node lock) takes it from the timer interrupt.
  'rcu_node_0',
]);

/** lockdep is looking at lock operations: active, and not in an NMI (__nmi_enter() does lockdep_off()). */
function lockdepSeesLocks(env: PrimitiveEnv): boolean {
  return lockdepActive(env) && !env.m.inNmi;
}

/**
 * lock_acquire() as lockdep sees it: record the class's IRQ usage, then extend the chain key.
 *
 * Usage (mark_usage): taken in hardirq context → IN-HARDIRQ-W; taken while lockdep's soft state
 * says IRQs on → HARDIRQ-ON-W, whatever the hardware flag. Having both on one class is the
 * "inconsistent lock state" report. The model knows a class is IN-HARDIRQ-W when it is one of
 * HARDIRQ_LOCK_CLASSES or this very acquisition is in hardirq context; a class used in hardirq
 * context only elsewhere in the user's code is not tracked.
 */
export function lockAcquire(env: PrimitiveEnv, lockClass: string): void {
  const { m } = env;
  if (!lockdepSeesLocks(env)) return;
  if (m.lockdepOn === 1 && (HARDIRQ_LOCK_CLASSES.has(lockClass) || m.lockdepCtx > 0)) {
    const why =
      m.lockdepCtx > 0
        ? 'taken in hardirq context while lockdep believes IRQs are on'
        : m.hwIF === 0
          ? 'taken with hardware IRQs off while lockdep still believes they are on'
          : 'taken with IRQs enabled, but the kernel also takes it in hardirq context';
    m.debugLocks = 0;
    env.report(CHECK_INCONSISTENT_LOCK_STATE, `${lockClass} ${why}`);
    return;
  }
  setChainDelta(m, chainDelta(m) === ChainDelta.Same ? ChainDelta.OneMore : ChainDelta.Other);
}

/** lock_release() as lockdep sees it: restores the chain key from before the acquisition. */
export function lockRelease(env: PrimitiveEnv): void {
  const { m } = env;
  if (!lockdepSeesLocks(env)) return;
  // Releasing the one lock taken since _prepare gives back _prepare's key; releasing a lock that
  // was already held at _prepare leaves a different stack.
  setChainDelta(m, chainDelta(m) === ChainDelta.OneMore ? ChainDelta.Same : ChainDelta.Other);
}

/** The class a raw spinlock primitive's lock belongs to. */
function lockClassOf(env: PrimitiveEnv): string {
  if (env.callee.endsWith('_rcu_node')) return 'rcu_node_0';
  return env.argText[0] ?? 'lock';
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
    // Without PROVE_LOCKING every tree (5.10–7.3, linux/irqflags.h) has an empty static inline.
    builtIf: (cfg) => cfg.lockdep,
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
      if (env.m.lockdepCtx >= 15) throw new ModelBoundError("lockdep's hardirq_context", 'above 15');
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
    aliases: ['raw_spin_lock_rcu_node'],
    instrumentable: true,
    doc: "lock_acquire(): lockdep records the class's IRQ usage against its soft IRQ state and extends the chain key (invisible in NMI: lockdep_off()).",
    run(env) {
      lockAcquire(env, lockClassOf(env));
      return 0;
    },
  },
  {
    name: 'raw_spin_unlock',
    aliases: ['raw_spin_unlock_rcu_node'],
    instrumentable: true,
    doc: 'lock_release(): puts back the chain key from before the matching acquisition (invisible in NMI: lockdep_off()).',
    run(env) {
      lockRelease(env);
      return 0;
    },
  },
  {
    name: 'lockdep_off',
    aliases: ['lockdep_on'],
    instrumentable: false,
    doc: 'Bumps current->lockdep_recursion around NMIs (__nmi_enter/__nmi_exit); the model relies on in_nmi() instead: lock operations in NMI are invisible to lockdep.',
    run: () => 0,
  },
  {
    // kernel/panic.c: add_taint(flag, lockdep_ok) sets the taint bit and, when the caller says
    // lockdep can no longer be trusted (the tree's enum lockdep_ok, include/linux/panic.h), turns
    // lock debugging off for good with __debug_locks_off() (it prints "Disabling lock debugging due
    // to kernel taint", not a check). The taint mask and panic_on_taint are not modelled (a panic
    // does not return: no path the model follows), so the flag (a TAINT_* macro) is not evaluated.
    // The second argument must be one of the tree's enum lockdep_ok enumerators, by name.
    name: 'add_taint',
    instrumentable: true,
    doc: "add_taint(flag, lockdep_ok) (kernel/panic.c): with LOCKDEP_NOW_UNRELIABLE, debug_locks := 0 (lockdep switched off, silently for the model); with LOCKDEP_STILL_OK, nothing the model tracks. The taint flag is not modelled.",
    run(env) {
      knownConstant(env, 1);
      const ok = (env.argText[1] ?? '').trim();
      if (ok === 'LOCKDEP_NOW_UNRELIABLE') env.m.debugLocks = 0;
      else if (ok !== 'LOCKDEP_STILL_OK') throw new Error(`add_taint(${env.argText.join(', ')}): the second argument is not an enum lockdep_ok enumerator by name`);
      return 0;
    },
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
