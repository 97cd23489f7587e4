// Leaves that real kernel trees call from their entry/exit code and the seed model did not need:
// thread-flag reads, the exit-to-user work hooks, the deferred rcuog wakeup (E7, I9), static keys,
// per-CPU and memory reads the model does not track, and the small noinstr-safe inlines of the
// x86 entry path (kentry-ref §2.8, §5.3–§5.6).
//
// Each primitive stands for a kernel function (or macro) whose body either touches no modelled
// state or whose effect on it is given here. A tree definition of the same name is not
// interpreted (src/explore/kernel-target.ts: "the primitive is the model of the leaf"), and the
// coverage report lists every such replacement with the definition it replaced.

import { CtState, USER_WORK_NAMES, UserWork, VectorKind } from '../model/state.ts';
import { assertIrqsDisabled, lockdepActive, lockdepTracksNmi } from './lockdep.ts';
import { flagArgument, rseqEventChoices, rseqSlowpath, rseqSlowpathChoices } from './rseq.ts';
import { neutral, query, type CheckDef, type PrimitiveDef, type PrimitiveEnv, type Subsystem } from './types.ts';

// ---- the vector harness's contract checks (src/kernel/c/x86-vectors.c) ----
//
// The entry half of every vector promises its handler a state: hardware IRQs off, lockdep and the
// tracer agreeing with that, RCU watching, context tracking out of USER (kentry-ref §0 "canonical
// entry order", I1, I2, I6, I12). The syscall entry promises the system call the opposite IRQ
// state: enabled in hardware, in lockdep and in the tracer. The kernel checks parts of this in
// scattered places (lockdep_assert_irqs_disabled() in some handlers, RCU's suspicious-usage
// reports when a handler touches RCU-protected data); the harness checks all of it at the one
// point where the contract is handed over. An NMI handler is promised the same except context
// tracking, which NMIs do not touch.

export const CHECK_HANDLER_IRQS_ON: CheckDef = {
  id: 'harness.handler.irqs_enabled',
  invariant: 'I6',
  severity: 'violation',
  reporter: 'none',
  message: '{0}: the handler runs with hardware IRQs enabled',
};
export const CHECK_HANDLER_LOCKDEP: CheckDef = {
  id: 'harness.handler.lockdep_on',
  invariant: 'I6',
  severity: 'violation',
  reporter: 'lockdep',
  message: '{0}: the handler runs with hardware IRQs off while lockdep says hardirqs on (lockdep_assert_irqs_disabled() in the handler would warn)',
};
export const CHECK_HANDLER_TRACER: CheckDef = {
  id: 'harness.handler.tracer_on',
  invariant: 'I6',
  severity: 'hazard',
  reporter: 'none',
  message: '{0}: the handler runs with hardware IRQs off while the irq tracer says hardirqs on (the IRQs-off period is not traced)',
};
export const CHECK_HANDLER_RCU: CheckDef = {
  id: 'harness.handler.rcu_not_watching',
  invariant: 'I2',
  severity: 'violation',
  reporter: 'rcu',
  message: '{0}: the handler runs while RCU is not watching (suspicious RCU usage on the first rcu_dereference())',
};
export const CHECK_HANDLER_CT: CheckDef = {
  id: 'harness.handler.ct_user',
  invariant: 'I12',
  severity: 'violation',
  reporter: 'ct',
  message: '{0}: the handler runs in context-tracking state USER',
};
export const CHECK_SYSCALL_IRQS_OFF: CheckDef = {
  id: 'harness.syscall.irqs_disabled',
  invariant: 'I6',
  severity: 'violation',
  reporter: 'none',
  message: 'the system call runs with {0}',
};

export const CHECK_NMI_SPLIT: CheckDef = {
  id: 'harness.nmi.tracer_lockdep_split',
  invariant: 'I6',
  severity: 'hazard',
  reporter: 'none',
  message: 'NMI return leaves the irq tracer saying hardirqs {0} while lockdep says {1}; they agreed before the NMI',
};
export const CHECK_MISSED_PREEMPTION: CheckDef = {
  id: 'harness.irq_return.missed_preemption',
  invariant: 'I7',
  severity: 'violation',
  reporter: 'sched',
  message: 'preemptible IRQ return (CONFIG_PREEMPTION, IF=1, preempt_count 0) with TIF_NEED_RESCHED set by the handler and never looked at: the wakeup waits for the next preemption point (LATENCY_WARN: need_resched set … without schedule)',
};

export const CHECK_PREEMPTION_DECLINED: CheckDef = {
  id: 'harness.irq_return.preemption_declined',
  invariant: 'I7',
  severity: 'violation',
  reporter: 'sched',
  message: 'preemptible IRQ return (CONFIG_PREEMPTION, IF=1, preempt_count 0) with TIF_NEED_RESCHED set: the exit path looked at it and returned without scheduling (LATENCY_WARN: need_resched set … without schedule)',
};

/** What the entry half of a vector hands its handler (kentry-ref §0, I2, I6, I12). */
function assertHandlerState(env: PrimitiveEnv, what: string): void {
  const { m } = env;
  if (m.hwIF === 1) env.report(CHECK_HANDLER_IRQS_ON, what);
  const lockdepTracks = !(m.inNmi && !lockdepTracksNmi(env));
  if (lockdepActive(env) && lockdepTracks && m.lockdepOn === 1) env.report(CHECK_HANDLER_LOCKDEP, what);
  if (env.cfg.lockdep && m.tracerOff === 0) env.report(CHECK_HANDLER_TRACER, what);
  if (m.rcuWatching === 0) env.report(CHECK_HANDLER_RCU, what);
  // An NMI leaves context tracking alone (ct_nmi_enter() only makes RCU watch): its handler may
  // run in USER state on a nohz_full CPU.
  if (env.cfg.contextTracking && m.ct === CtState.User && !m.inNmi) env.report(CHECK_HANDLER_CT, what);
}

/**
 * What the system call itself does to modelled state: the rseq and execve system calls (and
 * membarrier's rseq command on this CPU) raise the current task's rseq event where the tree has
 * one (rseq_force_update()); `choice` 1 is that outcome (rseqEventChoices).
 */
function systemCall(env: PrimitiveEnv): void {
  if (env.choice === 1) env.m.raiseRseqEvent();
}

/** What syscall_enter_from_user_mode() hands the system call. */
function assertSyscallState(env: PrimitiveEnv): void {
  const { m } = env;
  const wrong: string[] = [];
  if (m.hwIF === 0) wrong.push('hardware IRQs disabled');
  if (lockdepActive(env) && m.lockdepOn === 0) wrong.push('lockdep saying hardirqs off');
  if (env.cfg.lockdep && m.tracerOff === 1) wrong.push('the irq tracer saying hardirqs off');
  if (wrong.length) env.report(CHECK_SYSCALL_IRQS_OFF, wrong.join(', '));
  if (m.rcuWatching === 0) env.report(CHECK_HANDLER_RCU, 'system call');
  if (env.cfg.contextTracking && m.ct === CtState.User) env.report(CHECK_HANDLER_CT, 'system call');
}

// Work another CPU may post (a signal, task work, a uprobe hit, a livepatch transition). Not
// TIF_RSEQ: only the task's own CPU raises it (a context switch into it, a membarrier IPI on it, its
// own system call; src/kernel/rseq.ts).
// Only work whose flag the arch has: a flag the tree has no bit for (ModelLayout.tifNone, e.g.
// TIF_PATCH_PENDING on 6.12's riscv) is never set, so that work is never pending.
const ALL_USER_WORK = UserWork.Signal | UserWork.NotifyResume | UserWork.Uprobe | UserWork.PatchPending;
function postableWork(m: PrimitiveEnv['m']): number {
  let work = 0;
  for (const [bit, name] of USER_WORK_NAMES) if (ALL_USER_WORK & bit && m.layout.tif[name] !== undefined) work |= bit;
  return work;
}

/** The thread flags the model knows, as read by the exit-to-user loop (bit numbers are the tree's: 7.2 renumbered every one). */
function threadFlags(m: PrimitiveEnv['m']): number {
  const tif = m.layout.tif;
  let flags = m.needResched ? 1 << tif.NEED_RESCHED : 0;
  if (m.needReschedLazy && tif.NEED_RESCHED_LAZY !== undefined) flags |= 1 << tif.NEED_RESCHED_LAZY;
  for (const [bit, name] of USER_WORK_NAMES) {
    const n = tif[name];
    if (m.userWork & bit && n !== undefined) flags |= 1 << n;
  }
  return flags;
}

/** The names of pending work bits, for messages. */
export function userWorkNames(work: number): string {
  return USER_WORK_NAMES.filter(([bit]) => work & bit)
    .map(([, n]) => `TIF_${n}`)
    .join('|');
}

/**
 * A work handler of the exit loop: runs with IRQs on and consumes its thread flag. Work that is
 * never handled keeps the flag set, so the loop never ends (I15) or returns with it (I14).
 */
function workHandler(name: string, bit: UserWork, doc: string, aliases: string[] = []): PrimitiveDef {
  return {
    name,
    aliases,
    instrumentable: true,
    doc,
    run(env) {
      env.m.userWork &= ~bit;
      return 0;
    },
  };
}

/**
 * Static keys whose state is a model parameter, by the name written in `&key`. Keys not listed
 * read as disabled (the coverage report lists every static-key test).
 */
const STATIC_KEYS: ReadonlyMap<string, (env: Omit<PrimitiveEnv, 'choice'>) => boolean> = new Map([
  // PREEMPT_DYNAMIC's static-key flavour: enabled in mode full (the lattice pairs PREEMPT_DYNAMIC
  // with full preemption, kentry-ref §3.4).
  ['sk_dynamic_irqentry_exit_cond_resched', (env) => env.cfg.preemption],
  // Context tracking is switched on for NO_HZ_FULL (kentry-ref §2.6).
  ['context_tracking_key', (env) => env.cfg.contextTracking],
]);

function staticKey(env: Omit<PrimitiveEnv, 'choice'>): number {
  const key = (env.argText[0] ?? '').replace(/^&/, '').replace(/\.key$/, '').trim();
  return STATIC_KEYS.get(key)?.(env) ? 1 : 0;
}

const primitives: PrimitiveDef[] = [
  // ---- thread flags (kentry-ref §2.8, I9) ----
  {
    name: 'read_thread_flags',
    aliases: ['read_ti_thread_flags'],
    instrumentable: false,
    query: true,
    // Work other than a reschedule (a signal, task work, a uprobe hit, a livepatch transition) may
    // have been posted by another CPU since the last read: a read with nothing pending sees none,
    // or all of it at once. All at once covers every handler in one iteration (each handler
    // consumes its own bit, so one that is skipped leaves its bit set, I14/I15) at a fraction of
    // the states of posting each kind separately. Not offered together with a pending reschedule:
    // the loop handles the reschedule first, and the next read may see the work (docs/harnesses.md,
    // "Thread flags"). Inside a nested NMI the read neither posts work nor counts as seen: an NMI
    // does no exit work, so what it reads is not something the interrupted exit path saw (32-bit
    // powerpc's machine check reads the flags in interrupt_exit_kernel_prepare() for
    // _TIF_EMULATE_STACK_STORE); that path's own next read still may. No other arch's NMI path
    // reads the thread flags.
    choices: (env) => (env.m.needResched || env.m.userWork || env.m.topContext?.kind === VectorKind.Nmi ? 1 : 2),
    doc: 'Reads the thread flags: TIF_NEED_RESCHED as modelled; exit work (SIGPENDING, NOTIFY_RESUME, UPROBE, PATCH_PENDING) posted by another CPU may appear when nothing is pending, and stays until its handler runs; a flags read (I9, I14).',
    run(env) {
      if (env.choice === 1) env.m.userWork = postableWork(env.m);
      if (env.m.topContext?.kind !== VectorKind.Nmi) env.m.observeThreadFlags();
      return threadFlags(env.m);
    },
  },
  query(
    'test_thread_flag',
    'Tests one thread flag by number: TIF_NEED_RESCHED and the exit-work flags as modelled, every other flag reads as clear.',
    (env) => {
      // The flag is the last argument of every spelling: (flag), (ti, flag), (tsk, flag).
      const flag = flagArgument(env.args);
      if (flag === env.m.layout.tif.NEED_RESCHED) return env.m.observeNeedResched();
      return (threadFlags(env.m) >>> flag) & 1;
    },
    ['test_ti_thread_flag', 'test_tsk_thread_flag'],
  ),

  // ---- exit-to-user work (kentry-ref §5.1, §5.4) ----
  // do_signal(regs): arm64 before the generic entry calls it from its own exit loop
  // (do_notify_resume(), arch/arm64/kernel/entry-common.c in 6.x) where the generic loop calls
  // arch_do_signal_or_restart().
  workHandler('arch_do_signal_or_restart', UserWork.Signal, 'Signal delivery on the way to user mode (runs with IRQs on): consumes TIF_SIGPENDING.', ['arch_do_signal', 'handle_signal_work', 'do_signal']),
  {
    name: 'resume_user_mode_work',
    aliases: ['tracehook_notify_resume'],
    instrumentable: true,
    choices: (env) => rseqSlowpathChoices(env),
    doc: "TIF_NOTIFY_RESUME work (task work, rseq): consumes the flag; in trees with the rseq sched_switch event, rseq's slow path may clear it (always without GENERIC_ENTRY, only after a failed fast path with it).",
    run(env) {
      env.m.userWork &= ~UserWork.NotifyResume;
      rseqSlowpath(env);
      return 0;
    },
  },
  workHandler('uprobe_notify_resume', UserWork.Uprobe, 'Uprobe single-step work: consumes TIF_UPROBE.'),
  workHandler('klp_update_patch_state', UserWork.PatchPending, 'Livepatch transition of the task: consumes TIF_PATCH_PENDING.'),
  // Judged per arch against the tree's texts (test/replaced-judged.ts). arch_exit_to_user_mode_prepare():
  // x86's, riscv's and powerpc's own texts touch no modelled state and run with IRQs off; on the
  // other arches the generic stub (include/linux/irq-entry-common.h) is read: an empty inline, no
  // call (replacing it with an instrumentable call made objtool report one on arm64, session 28).
  // arch_exit_to_user_mode_work(): arm64's and s390's own texts act on arch TIF bits the model
  // reads as clear, so read as written their calls would never run, while objtool (static) sees
  // them in the inlined body: one instrumentable call stands for them. x86's generic stub is
  // replaced too (its callers are instrumented: the differential says equal); riscv, loongarch and
  // powerpc read theirs.
  { ...neutral('arch_exit_to_user_mode_prepare', true, 'x86: user-return notifiers, IO bitmap, FPU restore, TS_COMPAT, kstack offset, IBPB; riscv (asm/entry-common.h): the deferred vector-state restore (TIF_RISCV_V_DEFER_RESTORE, sstatus.VS); powerpc: FP/vector state restore and check_return_regs_valid(); no modelled state (runs with IRQs off).'), modelsArchHookOf: ['x86', 'riscv', 'powerpc'] },
  { ...neutral('arch_exit_to_user_mode_work', true, "Architecture TIF work in the exit loop: arm64's MTE async-fault signal and FPSIMD restore, s390's PER trap and guarded-storage reload, keyed on arch TIF bits the model reads as clear; x86's empty generic stub. One instrumentable call, no modelled state."), modelsArchHookOf: ['x86', 'arm64', 's390'] },
  // A compile-time assertion (C11 _Static_assert, 7.x's clear_tif_rseq()): a tree that builds has
  // it true, and it generates no code.
  neutral('static_assert', false, 'C11 static_assert(cond): checked by the compiler, no code.', ['_Static_assert']),
  neutral('kmap_assert_nomap', false, 'DEBUG_KMAP_LOCAL check that no local kmaps are held (inline).'),
  neutral('addr_limit_user_check', false, 'Pre-5.10 address-limit sanity check (inline).'),
  // include/linux/futex.h (7.3): on the signal path of the exit loop, if the task entered from
  // an interrupt (rseq's user_irq event), compare the user IP with the robust-futex unlock ranges
  // of the mm and fix up the user registers: user memory and pt_regs only, no modelled state.
  neutral('futex_fixup_robust_unlock', true, 'Robust-futex unlock fixup before signal delivery (7.3): reads rseq\'s user_irq event and the mm\'s unlock ranges, may rewrite the user registers; no modelled state.'),
  neutral('rseq_handle_notify_resume', true, 'Restartable-sequences fixup on return to user.'),
  neutral('rseq_syscall', true, 'DEBUG_RSEQ: checks that a system call did not come from inside an rseq critical section (empty otherwise).'),
  {
    name: 'rcu_nocb_flush_deferred_wakeup',
    instrumentable: true,
    // A deferred wakeup may be pending from before the vector (not tracked) or queued by an
    // interrupt during this one (rcuogDeferred): the flush wakes the rcuog kthread, which may
    // preempt the current task and so set TIF_NEED_RESCHED on this CPU (E7).
    choices: () => 2,
    doc: 'Flushes a deferred rcuog wakeup (RCU_NOCB_CPU); the wakeup may set TIF_NEED_RESCHED locally, which the next flags read must see (kentry-ref §5.3, E7, I9, I14).',
    run(env) {
      env.m.rcuogDeferred = 0;
      if (env.choice === 1) env.m.wakeLocally();
      return 0;
    },
  },
  query('tick_nohz_full_cpu', 'The CPU is a nohz_full CPU: with NO_HZ_FULL the modelled CPU is one (kentry-ref §2.6).', (env) => (env.cfg.contextTracking ? 1 : 0)),
  query('tick_nohz_full_enabled', 'nohz_full is in use (NO_HZ_FULL in the model).', (env) => (env.cfg.contextTracking ? 1 : 0)),

  // ---- syscall work (kentry-ref §5.1, §5.2): the model holds no syscall_work flags ----
  query('current_thread_info', 'The thread_info pointer: a token; fields read through it are not modelled.', () => 0),
  // The argument is already the value read: a field the model tracks, or an opaque load of memory
  // it does not (never 0 by default).
  query('READ_ONCE', 'A single read of its argument: the value of the expression it wraps.', (env) => env.args[0] ?? 0),
  neutral('WRITE_ONCE', false, 'A write to memory the model does not track.'),
  query('syscall_get_nr', 'The system call number in regs (not modelled).', () => 0),
  query('syscall_get_return_value', 'The system call return value in regs (not modelled).', () => 0),
  {
    name: 'kentry_syscall_body',
    instrumentable: true,
    choices: (env) => rseqEventChoices(env),
    doc: 'The system call itself, run with IRQs enabled (need_resched may be set remotely at any time); in trees with the rseq sched_switch event, the rseq and execve system calls raise it.',
    run(env) {
      systemCall(env);
      return 0;
    },
  },
  {
    // The tree's own do_syscall_64() is the syscall vector where its body can be read; the system
    // call table dispatch it ends in is the harness's system call: the entry half's contract is
    // checked there (the state syscall_enter_from_user_mode*() handed over), then the body runs.
    name: 'x64_sys_call',
    aliases: ['x32_sys_call', '__x64_sys_ni_syscall'],
    instrumentable: true,
    choices: (env) => rseqEventChoices(env),
    doc: 'The system call table dispatch of do_syscall_64() (x64_sys_call, x32_sys_call, the ni_syscall fallback): the harness checks the state the entry half handed over, then the system call runs (in trees with the rseq sched_switch event, the rseq and execve system calls raise it).',
    run(env) {
      assertSyscallState(env);
      systemCall(env);
      return 0;
    },
  },
  {
    // The tree's do_syscall_x64()/do_syscall_x32() compare the number with NR_syscalls /
    // X32_NR_syscalls, which asm/unistd.h takes from asm/unistd_64.h — a header generated at build
    // time from the syscall table, absent from a source tree: the bound cannot be read, so both
    // outcomes are explored. In range, the body dispatches through x64_sys_call()/x32_sys_call()
    // (the harness's system call, above); out of range nothing runs and the caller tries the next
    // table or -ENOSYS. Neither touches modelled state besides what the system call may (nothing).
    name: 'do_syscall_x64',
    aliases: ['do_syscall_x32'],
    instrumentable: true,
    choices: (env) => 1 + rseqEventChoices(env),
    doc: 'The table bound check and dispatch of do_syscall_64() (NR_syscalls is generated at build time, not in the source tree): either out of range (returns false, nothing runs) or the system call runs after the harness checks the state the entry half handed over (returns true; the rseq and execve system calls raise the rseq event where the tree has it).',
    run(env) {
      if (env.choice >= 1) {
        assertSyscallState(env);
        systemCall({ ...env, choice: env.choice - 1 });
        return 1;
      }
      return 0;
    },
  },
  neutral('kentry_exception_handler', true, 'An exception handler body (#PF, #UD, …): no modelled state.'),

  // ---- static keys, per-CPU and CPU queries ----
  {
    name: 'static_branch_unlikely',
    aliases: ['static_branch_likely', 'static_key_enabled', 'static_key_true', 'static_key_false'],
    instrumentable: false,
    query: true,
    doc: 'Tests a static key: the keys that are model parameters (PREEMPT_DYNAMIC mode, context tracking) follow the config, others read as disabled.',
    run: (env) => staticKey(env),
  },
  query('smp_processor_id', 'The current CPU number: the model has one CPU, 0.', () => 0, ['raw_smp_processor_id']),
  query('force_irqthreads', 'Forced IRQ threading (threadirqs): off, softirqs run from irq exit.', () => 0),
  query('ksoftirqd_running', 'The model runs no ksoftirqd: softirqs are handled from irq exit.', () => 0),
  query('cpu_feature_enabled', 'A CPU feature test (not modelled: reads as absent).', () => 0, ['boot_cpu_has', 'static_cpu_has']),
  query('task_pt_regs', "The task's user pt_regs: the regs token of a context entered from user mode (the outermost one).", (env) => (env.m.contexts[0]?.userMode ? 1 : 0)),
  query('native_save_fl', 'The hardware flags register: IF as modelled, no other flag set.', (env) => (env.m.hwIF ? 0x200 : 0)),

  // ---- the vector harness's contract checks ----
  {
    name: 'kentry_assert_handler_state',
    instrumentable: false,
    doc: 'Harness check: the entry half handed the handler IRQs off in hardware, lockdep and the tracer, RCU watching, context tracking not USER.',
    run(env) {
      assertHandlerState(env, env.argText[0]?.replace(/^"|"$/g, '') || 'handler');
      return 0;
    },
  },
  {
    name: 'kentry_assert_trap_handler_state',
    instrumentable: false,
    doc: 'Harness check the tree reader inserts before a trap handler that the tree\'s own trap code calls (ArchHarnesses.handlerChecks; riscv: do_trap_break()\'s handle_break()): in a trap taken from kernel mode, what kentry_assert_handler_state checks (there the handler runs inside the NMI pair, lockdep\'s flag checked only where lockdep tracks NMIs); from user mode nothing, since the tree turns IRQs on before the handler there.',
    run(env) {
      const ctx = env.m.topContext;
      if (ctx && !ctx.userMode) assertHandlerState(env, env.argText[0]?.replace(/^"|"$/g, '') || 'trap handler');
      return 0;
    },
  },
  {
    name: 'kentry_assert_syscall_state',
    instrumentable: false,
    doc: 'Harness check: syscall_enter_from_user_mode() handed the system call IRQs on (hardware, lockdep, tracer), RCU watching, context tracking not USER.',
    run(env) {
      assertSyscallState(env);
      return 0;
    },
  },

  {
    name: 'kentry_local_wakeup',
    instrumentable: true,
    // The handler wakes a task that should preempt the current one (a timer expiry, an I/O
    // completion): TIF_NEED_RESCHED set on this CPU, not yet seen by any flags read. On a
    // nohz_full CPU (RCU_NOCB_CPU) a call_rcu() with IRQs off may instead defer waking the rcuog
    // kthread, to be flushed on the way out (E7).
    // In trees with the rseq sched_switch event, the interrupt may be membarrier's rseq IPI, which
    // raises the event for the current task (kernel/sched/membarrier.c ipi_rseq()).
    choices: (env) => (env.cfg.contextTracking ? 3 : 2) + rseqEventChoices(env) - 1,
    doc: 'Harness: the interrupt handler may wake a task that preempts the current one (TIF_NEED_RESCHED set locally, unseen until the next flags read), or, on a nohz_full CPU, defer an rcuog wakeup, or (7.2+) be the membarrier rseq IPI that raises the rseq sched_switch event.',
    run(env) {
      if (env.choice === 1) env.m.wakeLocally();
      if (env.choice === 2 && env.cfg.contextTracking) env.m.rcuogDeferred = 1;
      if (env.choice === (env.cfg.contextTracking ? 3 : 2)) env.m.raiseRseqEvent();
      return 0;
    },
  },
  {
    name: 'kentry_assert_preempted',
    instrumentable: false,
    doc: 'Harness check before IRET: a preemptible kernel return must have looked at a reschedule the handler requested (CONFIG_PREEMPTION, IF=1, preempt_count 0, not idle).',
    run(env) {
      const { m } = env;
      const ctx = m.topContext;
      // Idle, and a task the arch's arch_in_rcu_eqs() says may be in an EQS (s390: a vCPU inside
      // SIE), get no preemption on IRQ return by design (irqentry_enter()'s exit_rcu branch); the
      // interrupted code looks at need_resched itself next (the idle loop; KVM's run loop,
      // xfer_to_guest_mode_work_pending() before it enters SIE again).
      if (!ctx || ctx.userMode || ctx.savedIF !== 1 || m.isIdle || m.taskEqsFlag) return 0;
      if (ctx.savedPreempt !== 0) return 0;
      if (!env.cfg.preemption) return 0;
      if (m.reschedUnseen) env.report(CHECK_MISSED_PREEMPTION);
      // Seen and not acted on: the exit path read the flag (raw_irqentry_exit_cond_resched()'s
      // need_resched()) and then declined, e.g. an arch_irqentry_exit_need_resched() veto. The
      // only veto a kernel means (arm64: "if anything is set in DAIF we must have handled an
      // NMI") is for a return the model never makes here: a pseudo-NMI returns through its own
      // vector, and the model's GIC handler unmasks PSTATE.I for a regular IRQ as the driver does.
      // Only need_resched() itself counts as looking (Machine.reschedAsked): a read of the whole
      // flag word for another bit (powerpc's kernel return tests _TIF_EMULATE_STACK_STORE) is
      // not a decision about preemption, and a request set remotely after the last
      // need_resched() is the remote CPU's IPI's to deliver. A lazy request never preempts the
      // kernel. Nor is a decline while the remote CPU's reschedule IPI is still pending
      // (Machine.reschedIpi): it arrives as soon as the return turns IRQs on, and its own exit
      // preempts. arm64 before the generic entry declines exactly then: it tests the preempt
      // count word with the need_resched fold, which only that IPI sets for a remote request
      // (arm64.ts, thread_info.preempt_count).
      else if (m.needResched && m.reschedAsked && !m.reschedIpi) env.report(CHECK_PREEMPTION_DECLINED);
      return 0;
    },
  },
  {
    name: 'kentry_assert_nmi_restored',
    instrumentable: false,
    doc: 'Harness check before the NMI returns: if lockdep and the irq tracer agreed when the NMI hit, they agree again (the hazard F1 of docs/findings.md is a disagreement the NMI found, not one it made).',
    run(env) {
      const { m } = env;
      const ctx = m.topContext;
      if (!ctx || !env.cfg.lockdep || !lockdepActive(env)) return 0;
      const before = ctx.savedLockdepOn === 1 - ctx.savedTracerOff;
      const after = m.lockdepOn === 1 - m.tracerOff;
      const onOff = (on: boolean) => (on ? 'on' : 'off');
      if (before && !after) env.report(CHECK_NMI_SPLIT, onOff(m.tracerOff === 0), onOff(m.lockdepOn === 1));
      return 0;
    },
  },

  // ---- noinstr-safe inlines of the x86 vectors ----
  neutral('kvm_set_cpu_l1tf_flush_l1d', false, 'Per-CPU "flush L1D on VM entry" hint set by every IDTENTRY_IRQ/SYSVEC vector (always inline).'),
  neutral('add_random_kstack_offset', false, 'Randomizes the kernel stack offset on syscall entry (always inline).'),
  // include/linux/randomize_kstack.h (6.1–6.12; 7.2 folded it into add_random_kstack_offset()): a
  // statement macro, behind the randomize_kstack_offset static key, that rotates the saved offset
  // and XORs its argument in (per-CPU in 6.1, per-task in Debian's 6.12). No call, no modelled
  // state. Its argument is the caller's expression: a call there (riscv 6.12's get_random_u16())
  // is the caller's call, checked like any other.
  neutral('choose_random_kstack_offset', false, 'Chooses the next syscall\'s kernel stack offset on syscall exit: a static-key-guarded mix of its argument into the saved offset (always inline, no modelled state).'),
  {
    // include/linux/randomize_kstack.h (7.3): lockdep_assert_irqs_disabled(), then, behind the
    // randomize_kstack_offset static key, a per-CPU PRNG step and an alloca of the stack: the
    // assertion is the only modelled state it touches.
    name: 'add_random_kstack_offset_irqsoff',
    instrumentable: true,
    doc: 'Randomizes the kernel stack offset on syscall entry with IRQs still off: lockdep_assert_irqs_disabled(), then a per-CPU PRNG step and a stack alloca (no modelled state).',
    run(env) {
      assertIrqsDisabled(env);
      return 0;
    },
  },
  neutral('amd_clear_divider', false, 'AMD divider-erratum clear on exit to user (always inline).'),
];

const HARNESS_CHECKS: readonly CheckDef[] = [
  CHECK_HANDLER_IRQS_ON,
  CHECK_HANDLER_LOCKDEP,
  CHECK_HANDLER_TRACER,
  CHECK_HANDLER_RCU,
  CHECK_HANDLER_CT,
  CHECK_SYSCALL_IRQS_OFF,
  CHECK_NMI_SPLIT,
  CHECK_MISSED_PREEMPTION,
  CHECK_PREEMPTION_DECLINED,
];

/** The vector harness's contract checks; their firing and quiet tests are in test/kernel.test.ts. */
export const HARNESS_CHECK_IDS: readonly string[] = HARNESS_CHECKS.map((c) => c.id);

export const entrywork: Subsystem = { name: 'entrywork', primitives, checks: HARNESS_CHECKS };
