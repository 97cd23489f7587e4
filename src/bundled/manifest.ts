// The bundled default: which C files make up each era and each verdict-table row, and what the
// lead expects the checker to say about each row. `kentry check` with no tree runs these rows.
//
// A row's program is: the era-neutral kernel composites (src/kernel/c/*.c), then the era file,
// then the row's own file. Files are given in that order and a later definition of a function
// replaces an earlier one; only rows that list the function in `overrides` may do that (the e3
// demo replaces the era's `idtentry_enter_cond_rcu`). Every other duplicate is a manifest bug.
//
// Paths are repo-relative (`src/bundled/x.c`), which is also how findings and traces name them.
// The files are read relative to this module, so this works from a checkout and from a package.

import { readFileSync } from 'node:fs';

export type ExpectedVerdict = 'violation' | 'clean' | 'hazard';

export interface BundledEra {
  /** Stable id used by rows and on the command line. */
  readonly id: string;
  readonly title: string;
  /** Repo-relative C files, kernel composites first, then the era file. */
  readonly files: readonly string[];
  /** Other spellings of the era's functions that code of the era's time also uses. */
  readonly aliases?: readonly EraAlias[];
}

/**
 * A second name for an era function: a call to `name` that the program does not define itself is a
 * call to `model` (src/explore/era-binding.ts). When the two spellings differ only in wrapping the
 * model function's bool in a one-field struct (as a return value or an argument), `struct` names
 * that struct: its packed value is the bool, which binding checks against the era's own
 * definition of the struct.
 */
export interface EraAlias {
  readonly name: string;
  readonly model: string;
  readonly struct?: { readonly type: string; readonly field: string };
  readonly why: string;
}

/** A finding the row is expected to show that comes from the era, not from the row's own code. */
export interface InheritedFinding {
  /** Invariant column, `I1` … `I13`. */
  readonly invariant: string;
  /** Function the finding is reported against. */
  readonly function: string;
  /** Configs it needs, in the report's `NAME=value` style. */
  readonly configs: string;
  readonly why: string;
}

export interface BundledRow {
  /** Verdict-table row id: `v1` … `v6`, or a demo row id. */
  readonly id: string;
  readonly title: string;
  /** Id of a `BundledEra`. */
  readonly era: string;
  /** Repo-relative C file holding the row's own code. */
  readonly file: string;
  /** Function the harness enters. */
  readonly entry: string;
  /** Harness (entry-context set) the explorer drives the entry with. */
  readonly harness: string;
  /** Era functions this row's file redefines on purpose (see the header comment). */
  readonly overrides?: readonly string[];
  readonly expected: {
    /** The row's verdict for its own code. */
    readonly verdict: ExpectedVerdict;
    readonly why: string;
    /** Findings the row also shows, reported against era code. */
    readonly inherited?: readonly InheritedFinding[];
  };
}

const KERNEL_C = ['src/kernel/c/softirq.c', 'src/kernel/c/sched.c', 'src/kernel/c/nmi.c'] as const;

export const eras: readonly BundledEra[] = [
  {
    id: 'pre58',
    title: 'x86-64 before 5.8: asm entry/exit (error_entry, error_exit, retint_*) with irq_enter()/irq_exit()',
    files: [...KERNEL_C, 'src/bundled/era-pre58.c'],
  },
  {
    id: 'v6-may2020',
    title: 'May-2020 V6 entry series: idtentry_enter/idtentry_exit with unconditional rcu_irq_enter()',
    files: [...KERNEL_C, 'src/bundled/era-v6-may2020.c'],
  },
  {
    id: 'x86-58',
    title: 'x86 v5.8 as merged: idtentry_enter_cond_rcu / idtentry_exit_cond_rcu / idtentry_exit_cond_resched',
    files: [...KERNEL_C, 'src/bundled/era-x86-58.c'],
    aliases: [
      {
        name: 'idtentry_enter',
        model: 'idtentry_enter_cond_rcu',
        struct: { type: 'idtentry_state_t', field: 'exit_rcu' },
        why: 'b037b09b9058 (tip, July 2020, merged for 5.9): the same function renamed, returning idtentry_state_t { bool exit_rcu; } instead of the bool',
      },
      {
        name: 'idtentry_exit',
        model: 'idtentry_exit_cond_rcu',
        struct: { type: 'idtentry_state_t', field: 'exit_rcu' },
        why: 'b037b09b9058: the same function renamed, taking the idtentry_state_t that idtentry_enter() returned instead of the bool',
      },
    ],
  },
];

const E5_58: InheritedFinding = {
  invariant: 'I1',
  function: 'idtentry_enter_cond_rcu',
  configs: 'CONTEXT_TRACKING=y (NO_HZ_FULL or CONTEXT_TRACKING_FORCE) PROVE_LOCKING=y',
  why:
    'E5: on a kernel-mode entry that does not enter RCU, 5.8 calls rcu_irq_enter_check_tick() ' +
    '(which may take the rcu_node raw spinlock) before trace_hardirqs_off() tells lockdep IRQs are ' +
    'off; fixed in the generic code in v5.10-rc3.',
};

/** The verdict table of the bundled default (the seed thread's six designs). */
export const rows: readonly BundledRow[] = [
  {
    id: 'v1',
    title: 'pre-2020: xen_maybe_preempt_hcall() calls _cond_resched() with IRQs off',
    era: 'pre58',
    file: 'src/bundled/variant1-pre2020-cond-resched.c',
    entry: 'xen_pv_evtchn_do_upcall',
    harness: 'xen-upcall',
    expected: {
      verdict: 'violation',
      why:
        'E1/I8: _cond_resched() reaches __schedule() with hardware IRQs off (nothing checks); ' +
        '__schedule() returns with IRQs on while lockdep and the tracer still say off, until ' +
        'error_exit disables them again.',
    },
  },
  {
    id: 'v2',
    title: 'Feb 2020: local_irq_enable(); cond_resched(); local_irq_disable()',
    era: 'pre58',
    file: 'src/bundled/variant2-feb2020-irq-enable.c',
    entry: 'xen_pv_evtchn_do_upcall',
    harness: 'xen-upcall',
    expected: {
      verdict: 'clean',
      why:
        'Runs after irq_exit() has left RCU irq and lockdep hardirq context; the instrumented ' +
        'enable/disable keep lockdep and the tracer with the hardware, and __schedule() is entered ' +
        'with IRQs on.',
    },
  },
  {
    id: 'v3',
    title: 'V6 10/37: __idtentry_exit(regs, inhcall && need_resched()) with an XEN_PV branch',
    era: 'v6-may2020',
    file: 'src/bundled/variant3-v6-idtentry-exit-hcall.c',
    entry: 'xen_pv_evtchn_do_upcall',
    harness: 'xen-upcall',
    expected: {
      verdict: 'clean',
      why:
        'The hypercall preemption sits in the sanctioned slot: after rcu_irq_exit_preempt() and ' +
        'before trace_hardirqs_on(), with IRQs enabled around cond_resched().',
    },
  },
  {
    id: 'v4',
    title: "Andy's proposal: idtentry_exit(); then schedule() if in a preemptible hypercall",
    era: 'v6-may2020',
    file: 'src/bundled/variant4-andy-exit-then-schedule.c',
    entry: 'xen_pv_evtchn_do_upcall',
    harness: 'xen-upcall',
    expected: {
      verdict: 'violation',
      why:
        'E2/I7/I8: schedule() runs after idtentry_exit() told lockdep and the tracer IRQs are on ' +
        'while the hardware keeps them off, so __schedule() is entered with IRQs off and the soft ' +
        'state disagrees with the hardware; the Xen flag is not cleared across it (I10); and ' +
        'schedule() is called from noinstr code outside any instrumentation section (I11, static).',
    },
  },
  {
    id: 'v5',
    title: "tglx's sketch: idtentry_exit(); guards; rcu_sanity_check_for_preemption(); xen_maybe_preempt_hcall()",
    era: 'v6-may2020',
    file: 'src/bundled/variant5-tglx-sketch.c',
    entry: 'xen_pv_evtchn_do_upcall',
    harness: 'xen-upcall',
    expected: {
      verdict: 'hazard',
      why:
        'No invariant violation (IRQs are enabled around the reschedule and trace_hardirqs_on() ' +
        'restores the on view), but instrumentable code runs after idtentry_exit() while lockdep ' +
        'already says IRQs on and the hardware has them off.',
    },
  },
  {
    id: 'v6',
    title: 'v5.8 as merged: get_and_clear_inhcall(); idtentry_exit_cond_resched(regs, true); restore_inhcall()',
    era: 'x86-58',
    file: 'src/bundled/variant6-merged-58.c',
    entry: 'xen_pv_evtchn_do_upcall',
    harness: 'xen-upcall',
    expected: {
      verdict: 'clean',
      why:
        'The Xen part goes through the regular preemption helper (RCU task-level check, then ' +
        'preempt_schedule_irq(), then trace_hardirqs_on()), clears and restores the flag, and refuses ' +
        'the idle-task case; the E6 annotation is written fixed here (see v6b).',
      inherited: [E5_58],
    },
  },
];

/** Extra rows for demonstrations; not part of the default verdict table. */
export const demoRows: readonly BundledRow[] = [
  {
    id: 'v6b',
    title: 'v5.8 as shipped: the Xen upcall with the double instrumentation_begin() (E6)',
    era: 'x86-58',
    file: 'src/bundled/variant6b-merged-58-e6.c',
    entry: 'xen_pv_evtchn_do_upcall',
    harness: 'xen-upcall',
    expected: {
      verdict: 'violation',
      why:
        'E6/I11 (static, no runtime effect): the instrumentation count is 2 after the IRQ-stack call ' +
        'and never returns to 0, so xen_pv_evtchn_do_upcall returns with it non-zero on every path.',
      inherited: [E5_58],
    },
  },
  {
    id: 'e3',
    title: 'Early 5.8 idtentry_enter_cond_rcu(): rcu_irq_enter() only if !rcu_is_watching() (E3)',
    era: 'x86-58',
    file: 'src/bundled/variant-e3-idle-nested-tick.c',
    entry: 'kentry_irq_vector',
    harness: 'irq',
    overrides: ['idtentry_enter_cond_rcu'],
    expected: {
      verdict: 'violation',
      why:
        'E3/I5: in the idle task, an IRQ nested in the outer IRQ\'s softirq window finds RCU ' +
        'watching and skips rcu_irq_enter(), so RCU irq nesting stays 1 and the tick takes it for ' +
        'a first-level interrupt from idle.',
      inherited: [E5_58],
    },
  },
];

export const allRows: readonly BundledRow[] = [...rows, ...demoRows];

export function findEra(id: string): BundledEra | undefined {
  return eras.find((e) => e.id === id);
}

export function findRow(id: string): BundledRow | undefined {
  return allRows.find((r) => r.id === id);
}

/** This module lives in src/bundled/, so the repository root is two levels up. */
const ROOT = new URL('../../', import.meta.url);

function readRepoFile(path: string): { file: string; text: string } {
  return { file: path, text: readFileSync(new URL(path, ROOT), 'utf8') };
}

/** The C sources of one era, in load order. */
export function eraSources(eraId: string): { file: string; text: string }[] {
  const era = findEra(eraId);
  if (!era) throw new Error(`unknown bundled era '${eraId}' (known: ${eras.map((e) => e.id).join(', ')})`);
  return era.files.map(readRepoFile);
}

/** The C sources of one row, in load order: kernel composites, era file, row file. */
export function bundledSources(rowId: string): { file: string; text: string }[] {
  const row = findRow(rowId);
  if (!row) throw new Error(`unknown bundled row '${rowId}' (known: ${allRows.map((r) => r.id).join(', ')})`);
  return [...eraSources(row.era), readRepoFile(row.file)];
}
