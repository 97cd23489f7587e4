// The rseq sched_switch event of 7.2+ trees (layout.rseqEvent), and the thread-flag setters the
// 7.x exit path uses to raise and retire it.
//
// How the kernel keeps it (include/linux/rseq.h, include/linux/rseq_entry.h, kernel/entry/common.c):
// a context switch into a task with rseq registered (rseq_sched_switch_event(), also from the
// membarrier rseq IPI and from the rseq/execve system calls through rseq_force_update()) sets
// `t->rseq.event.sched_switch` and raises TIF_RSEQ. The exit-to-user path sees TIF_RSEQ in its
// work mask and, after the work loop, runs rseq_exit_to_user_mode_restart(): with the event set it
// updates user space, then clears every event (`events = 0`) and TIF_RSEQ — all with IRQs off, so
// no new event can arrive before the return. rseq_syscall_exit_to_user_mode() and
// rseq_irqentry_exit_to_user_mode() then assert that no sched_switch event is left.
//
// The model tracks exactly the sched_switch bit (Machine.rseqSchedSwitch) and the flag (the
// UserWork bit named by layout.rseqEvent.raises). The event's other members (user_irq,
// ids_changed, has_rseq, slowpath) stay memory the model does not track: their loads are opaque
// sites explored over every value that matters.

import type { Machine } from '../model/state.ts';
import { USER_WORK_NAMES } from '../model/state.ts';
import { lockdepActive } from './lockdep.ts';
import { CHECK_WARN_ON } from './asserts.ts';
import { neutral, type PrimitiveDef, type PrimitiveEnv, type Subsystem } from './types.ts';

/** Whether the tree has the event: every effect below is a no-op elsewhere. */
export function hasRseqEvent(m: Machine): boolean {
  return m.layout.rseqEvent !== null;
}

/**
 * The outcomes of something that may raise the event (a context switch into the task, a system
 * call, an interrupt handler that is the membarrier rseq IPI): without the event in the tree, or
 * in a kernel built without rseq (CONFIG_RSEQ=n: rseq_sched_switch_event() and
 * rseq_force_update() are empty, include/linux/rseq.h; src/tree/layout.ts checks that guard), one
 * outcome; with it, also the one where it is raised.
 */
export function rseqEventChoices(env: Pick<PrimitiveEnv, 'm' | 'cfg'>): number {
  return hasRseqEvent(env.m) && env.cfg.kconfig('RSEQ') !== false ? 2 : 1;
}

/**
 * rseq_handle_slowpath(), the end of resume_user_mode_work() (include/linux/rseq.h:18–27 on 7.3,
 * the same on 7.2): without GENERIC_ENTRY (arm64: GENERIC_IRQ_ENTRY only) it runs the slow path
 * whenever the sched_switch event is set, and the slow path clears it
 * (kernel/rseq.c rseq_slowpath_update_usr(): `event.all &= evt_mask.all`, keeping has_rseq and
 * user_irq; its PF_EXITING early return is for a task that never returns to user mode). With
 * GENERIC_ENTRY it runs only when the fast path failed (`event.slowpath`, a member the model
 * does not track), so the event may or may not be cleared: both are explored. The outcomes
 * (choice 1 = cleared) for the state `env` is in.
 */
export function rseqSlowpathChoices(env: Pick<PrimitiveEnv, 'm' | 'cfg'>): number {
  if (!hasRseqEvent(env.m) || env.m.rseqSchedSwitch === 0) return 1;
  return env.cfg.kconfig('GENERIC_ENTRY') === false ? 1 : 2;
}

export function rseqSlowpath(env: PrimitiveEnv): void {
  if (!hasRseqEvent(env.m) || env.m.rseqSchedSwitch === 0) return;
  if (env.cfg.kconfig('GENERIC_ENTRY') === false || env.choice === 1) env.m.rseqSchedSwitch = 0;
}

// ---- members of `struct rseq_event` the model tracks ----

/**
 * A member the model gives meaning to, by its path from the type the front end named (IR
 * CallOp.member): `ev->sched_switch` with `struct rseq_event *ev`, or
 * `current->rseq.event.sched_switch`. Loads and plain stores bind to these primitives instead of
 * being opaque sites.
 */
export interface TrackedMember {
  readonly load?: PrimitiveDef;
  readonly store?: PrimitiveDef;
}

const SCHED_SWITCH: TrackedMember = {
  load: {
    name: 'rseq_event.sched_switch',
    instrumentable: false,
    query: true,
    doc: "Reads the current task's rseq sched_switch event (7.2+): set by a context switch into the task together with its thread flag, cleared when the exit path clears the task's rseq events.",
    run: (env) => env.m.rseqSchedSwitch,
  },
  store: {
    name: 'rseq_event.sched_switch =',
    instrumentable: false,
    doc: "Sets or clears the current task's rseq sched_switch event.",
    run(env) {
      env.m.rseqSchedSwitch = env.args[0] ? 1 : 0;
      return env.args[0] ?? 0;
    },
  },
};

const EVENTS: TrackedMember = {
  store: {
    name: 'rseq_event.events =',
    instrumentable: false,
    // `events` is the union of every event bit: 0 clears sched_switch with the rest; any other
    // value sets bits the model cannot name, so the sched_switch bit may be either.
    choices: (env) => ((env.args[0] ?? 0) === 0 ? 1 : 2),
    doc: "Writes all of the current task's rseq event bits at once (the union member `events`): 0 clears the sched_switch event; another value may set it.",
    run(env) {
      env.m.rseqSchedSwitch = (env.args[0] ?? 0) === 0 ? 0 : env.choice;
      return env.args[0] ?? 0;
    },
  },
};

const MEMBERS: ReadonlyMap<string, TrackedMember> = new Map([
  ['rseq_event.sched_switch', SCHED_SWITCH],
  ['rseq_event.events', EVENTS],
]);

/** The event reached from the task (`task_struct.rseq.event.X`) is the same member as `rseq_event.X`. */
const TASK_RSEQ_EVENT = 'task_struct.rseq.event.';

/**
 * The tracked member at `path` (IR CallOp.member) for a model with this layout, or undefined:
 * memory the model does not track.
 */
export function lookupMember(path: string, layout: { readonly rseqEvent: unknown }): TrackedMember | undefined {
  if (layout.rseqEvent === null) return undefined;
  const p = path.startsWith(TASK_RSEQ_EVENT) ? `rseq_event.${path.slice(TASK_RSEQ_EVENT.length)}` : path;
  return MEMBERS.get(p);
}

/** Every tracked member's primitives (the catalogue documents them with the rest). */
export const MEMBER_PRIMITIVES: readonly PrimitiveDef[] = [...MEMBERS.values()].flatMap((t) => [t.load, t.store].filter((p): p is PrimitiveDef => p !== undefined));

// ---- thread-flag setters ----

/** The model's exit-work bit for thread flag number `flag`, or 0 for a flag it does not hold. */
export function workBitOf(m: Machine, flag: number): number {
  const tif = m.layout.tif;
  for (const [bit, name] of USER_WORK_NAMES) {
    const n = tif[name];
    if (n !== undefined && n === flag) return bit;
  }
  return 0;
}

/** The flag number of a thread-flag call: the last argument of every spelling (`(flag)`, `(ti, flag)`, `(tsk, flag)`). */
export function flagArgument(args: readonly number[]): number {
  return args[args.length - 1] ?? -1;
}

const primitives: PrimitiveDef[] = [
  // include/linux/rseq_entry.h: `this_cpu_inc()`/`raw_cpu_inc()` of a statistics counter with
  // RSEQ_STATS, `do { } while (0)` without. Either way no call (nothing objtool would see leave a
  // noinstr section) and no modelled state. The front end keeps this macro as a call, so without
  // this it would be an unknown, instrumentable call.
  neutral('rseq_stat_inc', false, 'rseq statistics counter: a per-CPU increment with RSEQ_STATS, nothing without; not a call, no modelled state.'),
  {
    // include/linux/thread_info.h: set_bit(flag, &ti->flags) — an instrumented atomic, so an
    // instrumentable call. TIF_NEED_RESCHED has its own setters (set_tsk_need_resched()); entry
    // code sets exit-work flags this way (7.x: TIF_NOTIFY_RESUME when the rseq fast path fails).
    name: 'set_ti_thread_flag',
    aliases: ['set_tsk_thread_flag', 'set_thread_flag'],
    instrumentable: true,
    doc: "Sets a thread flag of the current task (set_bit on the flags word): an exit-work flag becomes pending work; TIF_NEED_RESCHED is a local wakeup; a flag the model does not hold is not read by the model either.",
    run(env) {
      const flag = flagArgument(env.args);
      if (flag === env.m.layout.tif.NEED_RESCHED) env.m.wakeLocally();
      else env.m.userWork |= workBitOf(env.m, flag);
      return 0;
    },
  },
  {
    name: 'clear_ti_thread_flag',
    aliases: ['clear_tsk_thread_flag', 'clear_thread_flag'],
    instrumentable: true,
    doc: "Clears a thread flag of the current task (clear_bit on the flags word): an exit-work flag is no longer pending (7.x: TIF_RSEQ after the rseq fast path).",
    run(env) {
      const flag = flagArgument(env.args);
      if (flag === env.m.layout.tif.NEED_RESCHED) env.m.needResched = 0;
      else env.m.userWork &= ~workBitOf(env.m, flag);
      return 0;
    },
  },
  {
    // include/linux/lockdep.h: WARN_ON_ONCE(debug_locks && !(cond)) with CONFIG_LOCKDEP, nothing
    // (the condition not even evaluated) without. 7.3's rseq_irqentry_exit_to_user_mode() asserts
    // `!ev->sched_switch` this way, which the model now tracks; a condition on memory it does not
    // track reads an opaque value, and a finding through it says so.
    name: 'lockdep_assert_once',
    instrumentable: false,
    doc: 'lockdep_assert_once(cond): WARN_ON_ONCE(debug_locks && !(cond)) with lockdep, nothing without.',
    run(env) {
      if (lockdepActive(env) && !(env.args[0] ?? 0)) env.report(CHECK_WARN_ON, 'WARN_ON_ONCE', `debug_locks && !(${env.argText[0] ?? ''})`);
      return 0;
    },
  },
];

export const rseq: Subsystem = { name: 'rseq', primitives: [...primitives, ...MEMBER_PRIMITIVES], checks: [] };
