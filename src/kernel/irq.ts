// Interrupt handlers and the tick's RCU quiescent-state test (kentry-ref §2.5, E3, I5), plus the
// accounting and bookkeeping hooks of the hard-IRQ bracket that do not touch the modelled state.

import { VectorKind } from '../model/state.ts';
import { neutral, type CheckDef, type PrimitiveDef, type Subsystem } from './types.ts';

export const CHECK_FALSE_QS_FROM_IDLE: CheckDef = {
  id: 'rcu.tick.false_quiescent_state',
  invariant: 'I5',
  severity: 'violation',
  reporter: 'none',
  message:
    'rcu_is_cpu_rrupt_from_idle() is true for an interrupt that did not interrupt an extended quiescent state (dynticks_nesting=0, dynticks_nmi_nesting={0}): the tick reports a quiescent state and the grace period can end early',
};

export const CHECK_USER_REGS_NOT_USER: CheckDef = {
  id: 'assert.user_entry_kernel_regs',
  invariant: 'I12',
  severity: 'violation',
  reporter: 'warn',
  message: 'WARN_ON_ONCE(!user_mode(regs)) in arch_enter_from_user_mode(): the user-mode entry path runs for an entry from kernel mode',
};

/** The device handler: may raise a softirq; if it is the tick, RCU asks "did I interrupt idle?". */
const handler: PrimitiveDef = {
  name: 'generic_handle_irq',
  aliases: [
    'xen_hvm_evtchn_do_upcall',
    'xen_evtchn_do_upcall',
    'handle_irq',
    'handle_irq_event',
    'kentry_irq_handler',
    '__xen_evtchn_do_upcall',
  ],
  instrumentable: true,
  choices: () => 2,
  doc: 'The interrupt handler: raises a softirq (or not); as the tick, runs the RCU quiescent-state test (I5).',
  run(env) {
    const { m } = env;
    const ctx = m.topContext;
    if (ctx && ctx.kind !== VectorKind.Nmi && m.rcuNesting === 0 && m.nmiNonidle === 0 && m.nmiOffset <= 1) {
      // rcu_is_cpu_rrupt_from_idle(): first interrupt level over an idle process level. Right only
      // if the interrupted context really was in an extended quiescent state.
      if (ctx.savedRcuWatching === 1) env.report(CHECK_FALSE_QS_FROM_IDLE, String(m.nmiOffset));
    }
    if (env.choice === 1) m.softirqPending = 1;
    // As the Xen event-channel handler it consumes the upcall's pending events.
    if (ctx && ctx.kind !== VectorKind.Nmi && ctx.eventsPending) m.writableTopContext()!.eventsPending = 0;
    return 0;
  },
};


/** pt_regs accessors: a regs argument is a token naming the interrupt context it was saved in. */
const regsQueries: PrimitiveDef[] = [
  {
    name: 'user_mode',
    instrumentable: false,
    query: true,
    doc: 'Whether the interrupted context was user mode (saved CS).',
    run: (env) => env.m.regsContext(env.args[0] ?? 0)?.userMode ?? 0,
  },
  {
    name: 'regs_irqs_disabled',
    instrumentable: false,
    query: true,
    doc: '!(regs->flags & X86_EFLAGS_IF): the interrupted context had IRQs off (arm64: PSTATE.I set or, with GIC priority masking, regs->pmr != GIC_PRIO_IRQON; an interrupt is only taken with PSTATE.I clear, so that is the saved IRQ flag).',
    run: (env) => (env.m.regsContext(env.args[0] ?? 0)?.savedIF ? 0 : 1),
  },
  {
    name: 'is_idle_task',
    instrumentable: false,
    query: true,
    doc: 'Whether current is the idle task.',
    run: (env) => env.m.isIdle,
  },
];

const primitives: PrimitiveDef[] = [
  handler,
  ...regsQueries,
  neutral('default_do_nmi', true, 'The NMI handler body.', ['exc_nmi_handler', 'kentry_nmi_handler']),
  neutral('handle_softirqs', true, 'Runs the pending softirq handlers (IRQs enabled around it).', ['__do_softirq_handlers']),
  neutral('tick_irq_enter', true, 'Tick bookkeeping on irq entry.'),
  neutral('tick_irq_exit', true, 'Tick bookkeeping on irq exit.'),
  neutral('account_irq_enter_time', true, 'IRQ time accounting.', ['account_hardirq_enter', 'irqtime_account_irq', 'vtime_account_irq']),
  neutral('account_irq_exit_time', true, 'IRQ time accounting.', ['account_hardirq_exit']),
  neutral('inc_irq_stat', false, 'Per-CPU counter increment (inline).'),
  neutral('set_irq_regs', false, 'Swaps the per-CPU irq regs pointer (inline); returns the old one.'),
  {
    name: 'check_user_regs',
    aliases: ['arch_check_user_regs', 'arch_enter_from_user_mode'],
    modelsArchHookOf: ['x86'],
    instrumentable: false,
    doc: "x86's DEBUG_ENTRY sanity checks on entry from user mode (always inline): WARN_ON_ONCE(!user_mode(regs)) as modelled; the EFLAGS.DF/NT/AC and stack checks look at register and stack contents the model does not keep.",
    run(env) {
      if (env.cfg.bool('DEBUG_ENTRY') && !env.m.regsContext(env.args[0] ?? 0)?.userMode) env.report(CHECK_USER_REGS_NOT_USER);
      return 0;
    },
  },
  { ...neutral('mds_user_clear_cpu_buffers', false, "x86's VERW before returning to user (always inline).", ['arch_exit_to_user_mode']), modelsArchHookOf: ['x86'] },
  neutral('kmsan_unpoison_entry_regs', true, 'KMSAN hook inside entry instrumentation sections (6.1+).'),
  neutral('exit_to_usermode_work', true, 'Signals, notify-resume, uprobes… (no modelled state).'),
  neutral('on_thread_stack', false, 'Entry and IRQ-return run on the thread stack in the model.', [], 1),
];

export const irq: Subsystem = { name: 'irq', primitives, checks: [CHECK_FALSE_QS_FROM_IDLE, CHECK_USER_REGS_NOT_USER] };
