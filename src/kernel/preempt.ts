// preempt_count, need_resched and the hard-IRQ/NMI brackets' counting halves (kentry-ref §2.2, §2.8).

import { decodePreemptCount, ModelBoundError } from '../model/state.ts';
import type { PreemptLayout } from '../tree/layout.ts';
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
  message: 'kernel BUG: BUG_ON({0})',
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

/** The counting fields of the tree's preempt_count (the layout is the tree's: src/tree/layout.ts). */
function fields(l: PreemptLayout): number[] {
  const f = [l.PREEMPT_MASK, l.SOFTIRQ_MASK, l.HARDIRQ_MASK, l.NMI_MASK];
  if (l.HARDIRQ_DISABLE_MASK) f.push(l.HARDIRQ_DISABLE_MASK);
  return f;
}

/** Subtracting `amount` must not make any field go below zero (no borrow across fields). */
function fieldSubOk(cur: number, amount: number, l: PreemptLayout): boolean {
  for (const mask of fields(l)) {
    if ((cur & mask) >>> 0 < (amount & mask) >>> 0) return false;
  }
  return true;
}

function sub(env: PrimitiveEnv, amount: number): void {
  amount >>>= 0;
  if (!fieldSubOk(env.m.preempt, amount, env.m.layout.preempt)) {
    env.report(CHECK_PREEMPT_UNDERFLOW);
    env.m.halted = 1;
    return;
  }
  env.m.preempt = (env.m.preempt - amount) >>> 0;
}

function add(env: PrimitiveEnv, amount: number): void {
  amount >>>= 0;
  const l = env.m.layout.preempt;
  for (const mask of fields(l)) {
    if (((env.m.preempt & mask) >>> 0) + ((amount & mask) >>> 0) > mask) throw new ModelBoundError('preempt_count', `${decodePreemptCount(env.m.preempt, l)} + 0x${amount.toString(16)} overflows a field`);
  }
  env.m.preempt = (env.m.preempt + amount) >>> 0;
}

/** preempt_count += val for the kernel's `int val`: a negative one is a subtraction. */
function addSigned(env: PrimitiveEnv, val: number): void {
  const v = val | 0;
  if (v < 0) sub(env, -v);
  else add(env, v);
}

/** BUG_ON(in_nmi() == NMI_MASK), or with a per-CPU count BUG_ON(nmi_nesting >= 15). */
function nmiEnterFull(m: PrimitiveEnv['m']): boolean {
  const l = m.layout.preempt;
  return l.nmiCounting === 'flag' ? m.nmiPercpuNesting >= 15 : ((m.preempt & l.NMI_MASK) >>> 0) === l.NMI_MASK;
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
    // val is an int: s390's __preempt_count_sub(val) is __preempt_count_add(-val).
    doc: 'preempt_count += val (a negative val subtracts, with the underflow check).',
    run(env) {
      addSigned(env, env.args[0] ?? 0);
      return 0;
    },
  },
  {
    name: '__preempt_count_sub',
    aliases: ['preempt_count_sub'],
    instrumentable: false,
    doc: 'preempt_count -= val (DEBUG_PREEMPT warns on underflow; a negative val adds).',
    run(env) {
      addSigned(env, -((env.args[0] ?? 0) | 0));
      return 0;
    },
  },
  {
    name: 'preempt_disable',
    aliases: ['preempt_disable_notrace'],
    instrumentable: false,
    doc: 'preempt_count += PREEMPT_DISABLE_OFFSET.',
    run(env) {
      add(env, env.m.layout.preempt.PREEMPT_DISABLE_OFFSET);
      return 0;
    },
  },
  {
    name: 'preempt_enable_no_resched',
    aliases: ['sched_preempt_enable_no_resched', 'preempt_enable_no_resched_notrace'],
    instrumentable: false,
    doc: 'preempt_count -= PREEMPT_DISABLE_OFFSET without a reschedule check.',
    run(env) {
      sub(env, env.m.layout.preempt.PREEMPT_DISABLE_OFFSET);
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
    run: (env) => (env.callee === 'in_interrupt' ? (env.m.inInterrupt ? 1 : 0) : env.m.inHardirq ? 1 : 0),
  },
  {
    name: '__nmi_enter',
    instrumentable: false,
    doc: 'lockdep_off(); the NMI count up: preempt_count += NMI_OFFSET + HARDIRQ_OFFSET, BUG_ON(in_nmi() == NMI_MASK); or, where the tree keeps a per-CPU nmi_nesting (7.3), += HARDIRQ_OFFSET, BUG_ON(nmi_nesting >= 15), nmi_nesting++, NMI_MASK set (§2.2).',
    run(env) {
      const { m } = env;
      const l = m.layout.preempt;
      if (l.nmiCounting === 'flag') {
        add(env, l.HARDIRQ_OFFSET);
        if (nmiEnterFull(m)) {
          env.report(CHECK_NMI_NESTING_MAX, 'nmi_nesting >= 15');
          m.halted = 1;
          return 0;
        }
        m.nmiPercpuNesting++;
        m.preempt = (m.preempt | l.NMI_MASK) >>> 0;
        return 0;
      }
      if (nmiEnterFull(m)) {
        env.report(CHECK_NMI_NESTING_MAX, 'in_nmi() == NMI_MASK');
        m.halted = 1;
        return 0;
      }
      add(env, l.NMI_OFFSET + l.HARDIRQ_OFFSET);
      return 0;
    },
  },
  {
    name: '__nmi_exit',
    instrumentable: false,
    doc: 'BUG_ON(!in_nmi()); the NMI count down (preempt_count -= NMI_OFFSET + HARDIRQ_OFFSET, or -= HARDIRQ_OFFSET and NMI_MASK cleared when the per-CPU nmi_nesting reaches 0); lockdep_on() (§2.2).',
    run(env) {
      const { m } = env;
      const l = m.layout.preempt;
      if (!m.inNmi) {
        env.report(CHECK_NMI_EXIT_NOT_IN_NMI);
        m.halted = 1;
        return 0;
      }
      if (l.nmiCounting === 'flag') {
        sub(env, l.HARDIRQ_OFFSET);
        if (m.halted) return 0;
        // An unsigned per-CPU counter: a decrement at 0 wraps, and NMI_MASK stays set.
        if (m.nmiPercpuNesting === 0) throw new ModelBoundError('nmi_nesting', 'decremented below 0');
        m.nmiPercpuNesting--;
        if (m.nmiPercpuNesting === 0) m.preempt = (m.preempt & ~l.NMI_MASK) >>> 0;
        return 0;
      }
      sub(env, l.NMI_OFFSET + l.HARDIRQ_OFFSET);
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
