// The hardware IRQ flag and the local_irq_* family (kentry-ref §2.1).
//
// raw_* change only the hardware; the plain forms are instrumented and go through the combined
// trace_hardirqs_on/off, so lockdep and the tracer follow. Order matters: "off" flips the hardware
// first and tells lockdep after; "on" tells lockdep first and flips the hardware last, so that
// lockdep never believes IRQs are off while they are really on.

//
// On arm64 with GIC priority masking the flag these primitives set is ICC_PMR_EL1, not PSTATE.I
// (asm/irqflags.h: arch_local_irq_enable/disable write GIC_PRIO_IRQON/IRQOFF after a debug check):
// setIrqFlag() goes through src/kernel/arm64.ts there. On 64-bit powerpc the flag is the paca's
// soft mask (src/kernel/powerpc.ts): disabling stores IRQS_DISABLED (arch_local_irq_disable());
// enabling is arch_local_irq_restore(IRQS_ENABLED) of kernel/irq_64.c, with its replay of pending
// interrupts, which the tree reader makes the tree's local_irq_enable() and raw_local_irq_enable()
// reach as C (ArchHarnesses.statementMacros/expandMacros); what still reaches the primitive is the
// model's own C (schedule(): another task ran, with IRQs on), which ends as that function ends
// with nothing pending: soft mask IRQS_ENABLED, irq_happened 0, MSR[EE] on. Every other arch and
// config sets hwIF alone.

import { traceHardirqsOff, traceHardirqsOn } from './trace.ts';
import type { PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';
import { pmrIrqFlag, pmrIrqs } from './arm64.ts';
import { softMaskingOf, softMaskWrite } from './powerpc.ts';

/** arch_local_irq_enable()/_disable(): the hardware IRQ flag as the arch keeps it. */
export function setIrqFlag(env: PrimitiveEnv, on: boolean): void {
  const g = pmrIrqFlag(env);
  const soft = g ? null : softMaskingOf(env.m.layout, env.cfg);
  if (g) pmrIrqs(env, g, on);
  else if (soft) {
    softMaskWrite(env.m, on ? soft.IRQS_ENABLED : soft.IRQS_DISABLED);
    if (on) {
      env.m.irqHappened = 0;
      env.m.msrEE = 1;
    }
  } else env.m.hwIF = on ? 1 : 0;
}

const primitives: PrimitiveDef[] = [
  {
    name: 'raw_local_irq_disable',
    instrumentable: false,
    doc: 'Hardware IRQs off (cli); lockdep and the tracer are not told.',
    run(env) {
      setIrqFlag(env, false);
      return 0;
    },
  },
  {
    name: 'raw_local_irq_enable',
    instrumentable: false,
    doc: 'Hardware IRQs on (sti); lockdep and the tracer are not told.',
    run(env) {
      setIrqFlag(env, true);
      return 0;
    },
  },
  {
    name: 'local_irq_disable',
    aliases: ['local_irq_disable_exit_to_user'],
    instrumentable: true,
    rcuIdleSafe: true,
    irqStateTransition: true,
    doc: 'raw_local_irq_disable(), then trace_hardirqs_off().',
    run(env) {
      setIrqFlag(env, false);
      traceHardirqsOff(env);
      return 0;
    },
  },
  {
    name: 'local_irq_enable',
    aliases: ['local_irq_enable_exit_to_user'],
    instrumentable: true,
    rcuIdleSafe: true,
    irqStateTransition: true,
    doc: 'trace_hardirqs_on(), then raw_local_irq_enable().',
    run(env) {
      traceHardirqsOn(env);
      setIrqFlag(env, true);
      return 0;
    },
  },
  {
    name: 'irqs_disabled',
    aliases: ['raw_irqs_disabled'],
    instrumentable: false,
    query: true,
    doc: 'Reads the hardware flag (arm64 with priority masking: PMR != GIC_PRIO_IRQON, which hwIF follows).',
    run: (env) => (env.m.hwIF ? 0 : 1),
  },
];

export const irqflags: Subsystem = { name: 'irqflags', primitives, checks: [] };
