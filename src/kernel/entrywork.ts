// Leaves that real kernel trees call from their entry/exit code and the seed model did not need:
// thread-flag reads, the exit-to-user work hooks, the deferred rcuog wakeup (E7, I9), static keys,
// per-CPU and memory reads the model does not track, and the small noinstr-safe inlines of the
// x86 entry path (kentry-ref §2.8, §5.3–§5.6).
//
// Each primitive stands for a kernel function (or macro) whose body either touches no modelled
// state or whose effect on it is given here. A tree definition of the same name is not
// interpreted (src/explore/kernel-target.ts: "the primitive is the model of the leaf"), and the
// coverage report lists every such replacement with the definition it replaced.

import type { PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';

/**
 * x86 thread-flag bit numbers (arch/x86/include/asm/thread_info.h, identical in every tree with the
 * generic entry code). kernel-target.ts checks them against the constants of the tree it reads and
 * refuses a tree that numbers them differently.
 */
export const X86_TIF = { SIGPENDING: 2, NEED_RESCHED: 3 } as const;

/** The thread flags the model knows, as read by the exit-to-user loop. */
function threadFlags(env: PrimitiveEnv, otherWork: boolean): number {
  return (env.m.needResched ? 1 << X86_TIF.NEED_RESCHED : 0) | (otherWork ? 1 << X86_TIF.SIGPENDING : 0);
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

function neutral(name: string, instrumentable: boolean, doc: string, aliases: string[] = [], ret = 0): PrimitiveDef {
  return { name, aliases, instrumentable, doc, run: () => ret };
}

function query(name: string, doc: string, run: (env: PrimitiveEnv) => number, aliases: string[] = []): PrimitiveDef {
  return { name, aliases, instrumentable: false, query: true, doc, run };
}

const primitives: PrimitiveDef[] = [
  // ---- thread flags (kentry-ref §2.8, I9) ----
  {
    name: 'read_thread_flags',
    aliases: ['read_ti_thread_flags'],
    instrumentable: false,
    query: true,
    // Work other than a reschedule (a signal, task work, …) may have been posted by another CPU
    // at any time: each read sees it or not.
    choices: () => 2,
    doc: 'Reads the thread flags: TIF_NEED_RESCHED as modelled, TIF_SIGPENDING nondeterministically (other work posted remotely); a flags read (I9).',
    run(env) {
      env.m.reschedUnseen = 0;
      return threadFlags(env, env.choice === 1);
    },
  },
  query(
    'test_thread_flag',
    'Tests one thread flag by number: TIF_NEED_RESCHED is modelled, every other flag reads as clear.',
    (env) => {
      if (env.args[0] !== X86_TIF.NEED_RESCHED) return 0;
      env.m.reschedUnseen = 0;
      return env.m.needResched;
    },
    ['test_ti_thread_flag', 'test_tsk_thread_flag'],
  ),

  // ---- exit-to-user work (kentry-ref §5.1, §5.4) ----
  neutral('arch_do_signal_or_restart', true, 'Signal delivery on the way to user mode (runs with IRQs on); no modelled state.', ['arch_do_signal', 'handle_signal_work']),
  neutral('resume_user_mode_work', true, 'TIF_NOTIFY_RESUME work (task work, rseq); no modelled state.', ['tracehook_notify_resume']),
  neutral('uprobe_notify_resume', true, 'Uprobe single-step work; no modelled state.'),
  neutral('klp_update_patch_state', true, 'Livepatch transition work; no modelled state.'),
  neutral('arch_exit_to_user_mode_prepare', true, 'x86: user-return notifiers, IO bitmap, FPU restore, TS_COMPAT, kstack offset, IBPB; no modelled state (runs with IRQs off).'),
  neutral('arch_exit_to_user_mode_work', true, 'Architecture TIF work in the exit loop (empty on x86).'),
  neutral('kmap_assert_nomap', false, 'DEBUG_KMAP_LOCAL check that no local kmaps are held (inline).'),
  neutral('addr_limit_user_check', false, 'Pre-5.10 address-limit sanity check (inline).'),
  neutral('rseq_handle_notify_resume', true, 'Restartable-sequences fixup on return to user.'),
  {
    name: 'rcu_nocb_flush_deferred_wakeup',
    instrumentable: true,
    // With no deferred wakeup queued nothing happens; with one, waking the rcuog kthread may
    // preempt the current task, which sets TIF_NEED_RESCHED on this CPU (E7).
    choices: () => 2,
    doc: 'Flushes a deferred rcuog wakeup (RCU_NOCB_CPU); the wakeup may set TIF_NEED_RESCHED locally, which the next flags read must see (kentry-ref §5.3, E7, I9).',
    run(env) {
      if (env.choice === 1 && !env.m.needResched) {
        env.m.needResched = 1;
        env.m.reschedUnseen = 1;
      }
      return 0;
    },
  },
  query('tick_nohz_full_cpu', 'The CPU is a nohz_full CPU: with NO_HZ_FULL the modelled CPU is one (kentry-ref §2.6).', (env) => (env.cfg.contextTracking ? 1 : 0)),
  query('tick_nohz_full_enabled', 'nohz_full is in use (NO_HZ_FULL in the model).', (env) => (env.cfg.contextTracking ? 1 : 0)),

  // ---- syscall work (kentry-ref §5.1, §5.2): the model holds no syscall_work flags ----
  query('current_thread_info', 'The thread_info pointer: a token; fields read through it are not modelled.', () => 0),
  query('READ_ONCE', 'A read of memory the model does not track (e.g. syscall_work): reads as 0, i.e. no work flags.', () => 0),
  neutral('WRITE_ONCE', false, 'A write to memory the model does not track.'),
  query('syscall_get_nr', 'The system call number in regs (not modelled).', () => 0),
  query('syscall_get_return_value', 'The system call return value in regs (not modelled).', () => 0),
  neutral('kentry_syscall_body', true, 'The system call itself, run with IRQs enabled: no modelled state (need_resched may be set remotely at any time).'),
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
  query('kentry_percpu_read', 'A read of a per-CPU variable the model does not track: 0 (the reader rewrites such reads to this leaf; see the coverage report).', () => 0),
  neutral('kentry_percpu_write', false, 'A write to a per-CPU variable the model does not track.'),
  query('force_irqthreads', 'Forced IRQ threading (threadirqs): off, softirqs run from irq exit.', () => 0),
  query('ksoftirqd_running', 'The model runs no ksoftirqd: softirqs are handled from irq exit.', () => 0),
  query('cpu_feature_enabled', 'A CPU feature test (not modelled: reads as absent).', () => 0, ['boot_cpu_has', 'static_cpu_has']),
  query('task_pt_regs', "The task's user pt_regs: the regs token of a context entered from user mode (the outermost one).", (env) => (env.m.contexts[0]?.userMode ? 1 : 0)),
  query('native_save_fl', 'The hardware flags register: IF as modelled, no other flag set.', (env) => (env.m.hwIF ? 0x200 : 0)),

  // ---- noinstr-safe inlines of the x86 vectors ----
  neutral('kvm_set_cpu_l1tf_flush_l1d', false, 'Per-CPU "flush L1D on VM entry" hint set by every IDTENTRY_IRQ/SYSVEC vector (always inline).'),
  neutral('add_random_kstack_offset', false, 'Randomizes the kernel stack offset on syscall entry (always inline).'),
  neutral('amd_clear_divider', false, 'AMD divider-erratum clear on exit to user (always inline).'),
];

export const entrywork: Subsystem = { name: 'entrywork', primitives, checks: [] };
