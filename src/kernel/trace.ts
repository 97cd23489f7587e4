// The irqsoff tracer's per-CPU flag and the trace_hardirqs_* family (kentry-ref §2.4, §3.2).
//
// The halves (`_off_finish`, `_on_prepare`) touch only the tracer and use plain tracepoints, so
// they need RCU watching; the combined calls also drive lockdep and, in 5.8–6.1, use the
// `_rcuidle` tracepoint flavour outside NMI.

import { lockdepHardirqsOff, lockdepHardirqsOn, lockdepHardirqsOnPrepare } from './lockdep.ts';
import type { PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';

export function tracerOff(env: PrimitiveEnv): void {
  if (!env.cfg.lockdep) return; // TRACE_IRQFLAGS comes with PROVE_LOCKING in the model
  // Only a 0→1 transition emits the irq_disable tracepoint; redundant calls are silent.
  if (env.m.tracerOff === 0) env.m.tracerOff = 1;
}

export function tracerOn(env: PrimitiveEnv): void {
  if (!env.cfg.lockdep) return;
  if (env.m.tracerOff === 1) env.m.tracerOff = 0;
}

/** Combined trace_hardirqs_on(): tracer, then lockdep prepare and on. */
export function traceHardirqsOn(env: PrimitiveEnv): void {
  tracerOn(env);
  lockdepHardirqsOnPrepare(env);
  lockdepHardirqsOn(env);
}

/** Combined trace_hardirqs_off(): lockdep first, then the tracer. */
export function traceHardirqsOff(env: PrimitiveEnv): void {
  lockdepHardirqsOff(env);
  tracerOff(env);
}

const primitives: PrimitiveDef[] = [
  {
    name: 'trace_hardirqs_off_finish',
    aliases: ['trace_hardirqs_off_prepare'],
    instrumentable: true,
    doc: 'Tracer half of "off" (no lockdep call); plain tracepoint, needs RCU (§3.2). Named _off_prepare in the May-2020 series.',
    run(env) {
      tracerOff(env);
      return 0;
    },
  },
  {
    name: 'trace_hardirqs_on_prepare',
    instrumentable: true,
    doc: 'Tracer half of "on" (no lockdep call); plain tracepoint, needs RCU (§3.2).',
    run(env) {
      tracerOn(env);
      return 0;
    },
  },
  {
    name: 'trace_hardirqs_on',
    instrumentable: true,
    rcuIdleSafe: true,
    irqStateTransition: true,
    doc: 'Combined: tracer on, then lockdep_hardirqs_on_prepare() and lockdep_hardirqs_on() (§3.2).',
    run(env) {
      traceHardirqsOn(env);
      return 0;
    },
  },
  {
    name: 'trace_hardirqs_off',
    instrumentable: true,
    rcuIdleSafe: true,
    irqStateTransition: true,
    doc: 'Combined: lockdep_hardirqs_off() first, then the tracer (§3.2).',
    run(env) {
      traceHardirqsOff(env);
      return 0;
    },
  },
];

export const trace: Subsystem = { name: 'trace', primitives, checks: [] };
