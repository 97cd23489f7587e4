// preempt_count, need_resched and the hard-IRQ/NMI brackets' counting halves (kentry-ref §2.2, §2.8).

import {
  HARDIRQ_MASK,
  HARDIRQ_OFFSET,
  NMI_MASK,
  NMI_OFFSET,
  PREEMPT_MASK,
  SOFTIRQ_MASK,
  decodePreemptCount,
  ModelBoundError,
} from '../model/state.ts';
import type { CheckDef, PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';

export const CHECK_PREEMPT_UNDERFLOW: CheckDef = {
  id: 'preempt.count.underflow',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'lockdep',
  message: 'DEBUG_LOCKS_WARN_ON(val > preempt_count())',
  halts: true,
};
export const CHECK_NMI_NESTING_MAX: CheckDef = {
  id: 'preempt.nmi_enter.max',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'bug',
  message: 'kernel BUG: BUG_ON(in_nmi() == NMI_MASK)',
  halts: true,
};
export const CHECK_NMI_EXIT_NOT_IN_NMI: CheckDef = {
  id: 'preempt.nmi_exit.not_in_nmi',
  invariant: 'I4',
  severity: 'violation',
  reporter: 'bug',
  message: 'kernel BUG: BUG_ON(!in_nmi())',
  halts: true,
};

/** Subtracting `amount` must not make any field go below zero (no borrow across fields). */
function fieldSubOk(cur: number, amount: number): boolean {
  for (const mask of [PREEMPT_MASK, SOFTIRQ_MASK, HARDIRQ_MASK, NMI_MASK]) {
    if ((cur & mask) < (amount & mask)) return false;
  }
  return true;
}

function sub(env: PrimitiveEnv, amount: number): void {
  if (!fieldSubOk(env.m.preempt, amount)) {
    env.report(CHECK_PREEMPT_UNDERFLOW);
    env.m.halted = 1;
    return;
  }
  env.m.preempt -= amount;
}

function add(env: PrimitiveEnv, amount: number): void {
  for (const mask of [PREEMPT_MASK, SOFTIRQ_MASK, HARDIRQ_MASK, NMI_MASK]) {
    if ((env.m.preempt & mask) + (amount & mask) > mask) throw new ModelBoundError('preempt_count', `${decodePreemptCount(env.m.preempt)} + 0x${amount.toString(16)} overflows a field`);
  }
  env.m.preempt += amount;
}

const primitives: PrimitiveDef[] = [
  {
    name: 'preempt_count',
    instrumentable: false,
    query: true,
    doc: 'preempt_count() without the inverted NEED_RESCHED bit (§2.2).',
    run: (env) => env.m.preempt,
  },
  {
    name: '__preempt_count_add',
    aliases: ['preempt_count_add'],
    instrumentable: false,
    doc: 'preempt_count += val.',
    run(env) {
      add(env, env.args[0] ?? 0);
      return 0;
    },
  },
  {
    name: '__preempt_count_sub',
    aliases: ['preempt_count_sub'],
    instrumentable: false,
    doc: 'preempt_count -= val (DEBUG_PREEMPT warns on underflow).',
    run(env) {
      sub(env, env.args[0] ?? 0);
      return 0;
    },
  },
  {
    name: 'preempt_disable',
    aliases: ['preempt_disable_notrace'],
    instrumentable: false,
    doc: 'preempt_count += 1.',
    run(env) {
      add(env, 1);
      return 0;
    },
  },
  {
    name: 'preempt_enable_no_resched',
    aliases: ['sched_preempt_enable_no_resched', 'preempt_enable_no_resched_notrace'],
    instrumentable: false,
    doc: 'preempt_count -= 1 without a reschedule check.',
    run(env) {
      sub(env, 1);
      return 0;
    },
  },
  {
    name: 'need_resched',
    aliases: ['tif_need_resched'],
    instrumentable: false,
    query: true,
    doc: 'Tests TIF_NEED_RESCHED; a flags read (I9).',
    run: (env) => env.m.observeNeedResched(),
  },
  {
    name: 'in_nmi',
    instrumentable: false,
    query: true,
    doc: 'preempt_count() & NMI_MASK.',
    run: (env) => (env.m.inNmi ? 1 : 0),
  },
  {
    name: 'in_interrupt',
    aliases: ['in_irq', 'in_hardirq'],
    instrumentable: false,
    query: true,
    doc: 'NMI, hardirq or softirq count non-zero (in_hardirq: hardirq count).',
    run: (env) => (env.callee === 'in_interrupt' ? (env.m.inInterrupt ? 1 : 0) : (env.m.preempt & HARDIRQ_MASK) !== 0 ? 1 : 0),
  },
  {
    name: '__nmi_enter',
    instrumentable: false,
    doc: 'lockdep_off(); BUG_ON(in_nmi() == NMI_MASK); preempt_count += NMI_OFFSET + HARDIRQ_OFFSET (§2.2).',
    run(env) {
      if ((env.m.preempt & NMI_MASK) === NMI_MASK) {
        env.report(CHECK_NMI_NESTING_MAX);
        env.m.halted = 1;
        return 0;
      }
      add(env, NMI_OFFSET + HARDIRQ_OFFSET);
      return 0;
    },
  },
  {
    name: '__nmi_exit',
    instrumentable: false,
    doc: 'BUG_ON(!in_nmi()); preempt_count -= NMI_OFFSET + HARDIRQ_OFFSET; lockdep_on() (§2.2).',
    run(env) {
      if (!env.m.inNmi) {
        env.report(CHECK_NMI_EXIT_NOT_IN_NMI);
        env.m.halted = 1;
        return 0;
      }
      sub(env, NMI_OFFSET + HARDIRQ_OFFSET);
      return 0;
    },
  },
  {
    name: 'local_softirq_pending',
    instrumentable: false,
    query: true,
    doc: 'Whether a softirq was raised.',
    run: (env) => env.m.softirqPending,
  },
  {
    name: 'set_softirq_pending',
    instrumentable: false,
    doc: 'Overwrites the pending mask (0 at the start of __do_softirq()).',
    run(env) {
      env.m.softirqPending = env.args[0] ? 1 : 0;
      return 0;
    },
  },
];

export const preempt: Subsystem = {
  name: 'preempt',
  primitives,
  checks: [CHECK_PREEMPT_UNDERFLOW, CHECK_NMI_NESTING_MAX, CHECK_NMI_EXIT_NOT_IN_NMI],
};
