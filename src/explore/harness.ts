// Harnesses: how control reaches the code under check, as data. A harness names the entry
// contexts the vector can arrive in, what runs for a nested IRQ and for an NMI, and the Kconfig
// settings it needs. Targets (bundled model, user file, kernel tree) supply the function names.

import type { BoolSymbol } from '../model/config.ts';

export interface HarnessDef {
  readonly id: string;
  readonly title: string;
  /** Label of the vector's frame in traces (`Xen upcall`, `IRQ`, `NMI`, `syscall`). */
  readonly frameLabel: string;
  /** What a nested IRQ runs: the vector itself, a named function, or nothing. */
  readonly nestedIrq: 'self' | 'irq-vector' | null;
  /** Whether NMIs are injected (the target names the NMI vector function). */
  readonly nmis: boolean;
  readonly contexts: readonly string[];
  readonly requires: Partial<Record<BoolSymbol, boolean>>;
  /** Each delivery (the vector, a nested IRQ) brings Xen events its handler must consume. */
  readonly eventChannel?: boolean;
  readonly doc: string;
}

const TASK_CONTEXTS = ['user', 'nohz-user-eqs', 'kernel', 'kernel-preempt-off', 'idle-eqs'] as const;

export const HARNESSES: readonly HarnessDef[] = [
  {
    id: 'xen-upcall',
    title: 'Xen PV event-channel upcall',
    frameLabel: 'Xen upcall',
    nestedIrq: 'self',
    nmis: true,
    contexts: [...TASK_CONTEXTS, 'xen-hcall'],
    requires: { XEN_PV: true },
    eventChannel: true,
    doc: 'The checked function is the vector: a Xen PV guest receives every device and timer interrupt through the event-channel upcall, so a nested IRQ runs the same function. Arrives in every interruptible context, including a preemptible hypercall.',
  },
  {
    id: 'irq',
    title: 'device/system interrupt vector',
    frameLabel: 'IRQ',
    nestedIrq: 'self',
    nmis: true,
    contexts: TASK_CONTEXTS,
    requires: {},
    doc: 'The IDTENTRY_IRQ / SYSVEC shape: irqentry_enter(); irq_enter_rcu(); handler; irq_exit_rcu(); irqentry_exit(). Nested IRQs run the same vector (e.g. the tick during softirq processing).',
  },
  {
    id: 'exception',
    title: 'exception (e.g. #PF, #UD) without IRQ bracket',
    frameLabel: 'exception',
    nestedIrq: 'irq-vector',
    nmis: true,
    contexts: [...TASK_CONTEXTS, 'kernel-irqs-off', 'idle-irqs-off'],
    requires: {},
    doc: 'The IDTENTRY shape: irqentry_enter(); handler (may enable IRQs if the interrupted context had them on); irqentry_exit(). Exceptions also arrive with IRQs off, including in the idle task after RCU entered its extended quiescent state.',
  },
  {
    id: 'nmi',
    title: 'non-maskable interrupt',
    frameLabel: 'NMI',
    nestedIrq: null,
    nmis: true,
    contexts: [...TASK_CONTEXTS, 'kernel-irqs-off', 'idle-irqs-off'],
    requires: {},
    doc: 'irqentry_nmi_enter(); handler; irqentry_nmi_exit(). Arrives anywhere, including with IRQs off and in the idle task with RCU in its extended quiescent state; nested NMIs up to the NMI nesting bound.',
  },
  {
    id: 'syscall',
    title: 'system call from user mode',
    frameLabel: 'syscall',
    nestedIrq: 'irq-vector',
    nmis: true,
    contexts: ['user', 'nohz-user-eqs'],
    requires: {},
    doc: 'syscall_enter_from_user_mode(); the syscall body with IRQs on; syscall_exit_to_user_mode(), including exit_to_user_mode_loop() with resched work.',
  },
];

export function harnessById(id: string): HarnessDef | undefined {
  return HARNESSES.find((h) => h.id === id);
}
