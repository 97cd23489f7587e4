// Entry contexts: what the CPU looks like when the vector under check arrives (kentry-ref §2.10).
// Data, one record per context; `applies` says in which configs the context exists at all.

import { CtState, Machine } from './state.ts';
import type { ConfigReader } from './config.ts';

export interface EntryContext {
  readonly id: string;
  readonly title: string;
  /** Hardware IF of the interrupted context (saved in regs). */
  readonly interruptedIF: 0 | 1;
  readonly userMode: 0 | 1;
  /** Whether this context exists in the given config (reads are tracked). */
  applies(cfg: ConfigReader): boolean;
  /** Writes the interrupted context's state into a fresh machine. */
  setup(m: Machine, cfg: ConfigReader): void;
  /** The context stands for a task the arch's arch_in_rcu_eqs() hook names (kvm-sie): it exists
   *  only in a tree that has the hook (layout.archEqsFlag; 6.1's and 6.12's s390 have none). */
  readonly needsArchEqsFlag?: boolean;
}

function taskLevel(m: Machine): void {
  // Kernel task with RCU watching at task level: process nesting 1, irq nesting = NONIDLE.
  m.rcuWatching = 1;
  m.rcuNesting = 1;
  m.setNmiNesting(1, 0);
  m.ct = CtState.Kernel;
}

function irqsOn(m: Machine): void {
  m.hwIF = 1;
  m.lockdepOn = 1;
  m.tracerOff = 0;
}

/** IRQs off, and lockdep and the tracer were told (local_irq_disable()). */
function irqsOff(m: Machine): void {
  m.hwIF = 0;
  m.lockdepOn = 0;
  m.tracerOff = 1;
}

/** RCU in an extended quiescent state: the irq nesting crowbarred to 0, not watching. */
function rcuEqs(m: Machine): void {
  m.rcuWatching = 0;
  m.rcuNesting = 0;
  m.setNmiNesting(0, 0);
}

/**
 * The idle task in the idle loop: preemption disabled for its whole life (so IRQ-return
 * preemption never applies to it), RCU in its EQS — except under Tiny RCU, which has no
 * extended quiescent states and is always "watching".
 */
function idleTask(m: Machine, cfg: ConfigReader): void {
  m.isIdle = 1;
  m.preempt = m.layout.preempt.PREEMPT_DISABLE_OFFSET;
  if (cfg.bool('TINY_RCU')) {
    taskLevel(m);
    return;
  }
  rcuEqs(m);
  // ct_idle_enter() left RCU and, in trees that have the state, entered CT_STATE_IDLE
  // (ModelLayout.idleCtState); an interrupt's ct_irq_enter() makes RCU watch and leaves the state
  // as it is, so ct_state() in the handler reads IDLE.
  m.ct = m.layout.idleCtState === 'idle' ? CtState.Idle : CtState.Kernel;
}

export const ENTRY_CONTEXTS: readonly EntryContext[] = [
  {
    id: 'user',
    title: 'user mode (no NO_HZ_FULL: RCU watching)',
    interruptedIF: 1,
    userMode: 1,
    applies: (c) => !c.contextTracking,
    setup(m) {
      irqsOn(m);
      taskLevel(m);
    },
  },
  {
    id: 'nohz-user-eqs',
    title: 'NO_HZ_FULL user mode, RCU in extended quiescent state',
    interruptedIF: 1,
    userMode: 1,
    applies: (c) => c.contextTracking,
    setup(m) {
      irqsOn(m);
      // user_enter_irqoff() crowbarred the irq nesting to 0 and left RCU (kentry-ref §2.5).
      rcuEqs(m);
      m.ct = CtState.User;
    },
  },
  {
    id: 'kernel',
    title: 'kernel task, IRQs on, preemptible',
    interruptedIF: 1,
    userMode: 0,
    applies: () => true,
    setup(m) {
      irqsOn(m);
      taskLevel(m);
    },
  },
  {
    id: 'kernel-preempt-off',
    title: 'kernel task, IRQs on, preemption disabled',
    interruptedIF: 1,
    userMode: 0,
    applies: () => true,
    setup(m) {
      irqsOn(m);
      taskLevel(m);
      m.preempt = m.layout.preempt.PREEMPT_DISABLE_OFFSET;
    },
  },
  {
    id: 'kernel-irqs-off',
    title: 'kernel with IRQs off (only NMIs and exceptions arrive)',
    interruptedIF: 0,
    userMode: 0,
    applies: () => true,
    setup(m) {
      irqsOff(m);
      taskLevel(m);
    },
  },
  {
    id: 'idle-eqs',
    title: 'idle task in the idle loop, RCU in extended quiescent state',
    interruptedIF: 1,
    userMode: 0,
    applies: () => true,
    setup(m, cfg) {
      // The hardware IRQs are on around the idle instruction; whether lockdep and the tracer were
      // told is the tree's (ModelLayout.idleWaitSoftIrqs): in 6.12 and later trees the wait enables IRQs raw
      // after do_idle()'s local_irq_disable(), so an interrupt finds them still "off" and its
      // irqentry_exit() is what tells them "on".
      if (m.layout.idleWaitSoftIrqs === 'on') irqsOn(m);
      else {
        irqsOff(m);
        m.hwIF = 1;
      }
      idleTask(m, cfg);
    },
  },
  {
    id: 'idle-irqs-off',
    title: 'idle task between local_irq_disable() and the idle instruction, RCU in extended quiescent state',
    interruptedIF: 0,
    userMode: 0,
    applies: () => true,
    setup(m, cfg) {
      // The idle loop disables IRQs (lockdep and the tracer told), enters the RCU EQS, then halts
      // with an instruction that enables IRQs atomically: between the two only NMIs and
      // exceptions arrive, and they find RCU not watching with IRQs off.
      irqsOff(m);
      idleTask(m, cfg);
    },
  },
  {
    id: 'xen-hcall',
    title: 'kernel task inside a preemptible Xen hypercall (XEN_PV, !PREEMPTION)',
    interruptedIF: 1,
    userMode: 0,
    applies: (c) => c.bool('XEN_PV') && !c.preemption,
    setup(m) {
      // privcmd set the per-CPU flag and called into the hypervisor with events enabled;
      // the hypervisor rewound RIP to the hypercall instruction and delivered the upcall.
      irqsOn(m);
      taskLevel(m);
      m.xenInHcall = 1;
    },
  },
  {
    id: 'kvm-sie',
    title: 'KVM vCPU task inside SIE (the guest runs; the task flag arch_in_rcu_eqs() tests is set)',
    interruptedIF: 1,
    userMode: 0,
    needsArchEqsFlag: true,
    // Only arches whose harnesses add it (ArchHarnesses.contexts: s390, where an I/O or external
    // interruption can hit a running guest and arrives in the host kernel), and only with KVM.
    applies: (c) => c.kconfig('KVM') === true,
    setup(m, cfg) {
      // kvm_s390_enter_exit_sie() (arch/s390/kvm/s390/s390.c): guest_timing_enter_irqoff() set
      // PF_VCPU, guest_state_enter_irqoff() told the tracer and lockdep that IRQs come on and ran
      // guest_context_enter_irqoff(), then sie64a() runs the guest with I/O and external
      // interruptions enabled. guest_context_enter_irqoff() enters context tracking's GUEST state
      // (an RCU EQS) only where context tracking is built (context_tracking_guest_enter(),
      // include/linux/context_tracking.h); elsewhere it notes a quiescent state and RCU keeps watching.
      irqsOn(m);
      if (cfg.contextTracking) {
        rcuEqs(m);
        m.ct = CtState.Guest;
      } else {
        taskLevel(m);
      }
      m.taskEqsFlag = 1;
    },
  },
];

export function contextById(id: string): EntryContext | undefined {
  return ENTRY_CONTEXTS.find((c) => c.id === id);
}
