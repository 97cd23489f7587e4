// What a kernel primitive is to the model: its effect on the CPU state and the checks the kernel
// itself performs there, with the kernel's wording. Subsystem files export arrays of these; the
// catalogue (index.ts) is the single place they are looked up, aliases included.

import type { ConfigReader } from '../model/config.ts';
import type { Machine } from '../model/state.ts';
import type { Severity } from '../report/schema.ts';

/** Who would notice at run time. `none` = no kernel mechanism; only the model catches it. */
export type Reporter = 'lockdep' | 'rcu' | 'sched' | 'objtool' | 'ct' | 'warn' | 'bug' | 'watchdog' | 'none';

export interface CheckDef {
  readonly id: string;
  /** Verdict-table column: `I1`…`I13`, or `WARN` for assertions written in the checked code. */
  readonly invariant: string;
  readonly severity: Severity;
  readonly reporter: Reporter;
  /** Kernel-style message; `{0}`, `{1}` are filled from the report's details. */
  readonly message: string;
  /** The path ends here (BUG(), or state so broken that continuing only cascades). */
  readonly halts?: boolean;
}

/** The environment one primitive call sees. */
export interface PrimitiveEnv {
  readonly m: Machine;
  readonly cfg: ConfigReader;
  /** Evaluated arguments. */
  readonly args: readonly number[];
  readonly argText: readonly string[];
  /** Which nondeterministic outcome to produce (0 ≤ choice < choices()). */
  readonly choice: number;
  /** Records a finding at the current step. */
  report(check: CheckDef, ...details: string[]): void;
  /** Name the call was written with (an alias, possibly). */
  readonly callee: string;
  /**
   * objtool's view of the calling code: the instrumentation_begin() count after inlining
   * (__always_inline helpers count with their caller) and the symbol objtool would name. Absent
   * outside the explorer (probes, tests of single primitives).
   */
  readonly objtool?: () => { readonly depth: number; readonly symbol: string };
  /** How many NMI-class events the CPU is inside: the NMIs delivered, and the row's own vector
   *  when it is one (HarnessFunctions.nmiClass). Absent outside the explorer. */
  readonly nmiClassDepth?: () => number;
}

export interface PrimitiveDef {
  readonly name: string;
  /** Version-dependent spellings of the same primitive (rcu_irq_enter ↔ ct_irq_enter, …). */
  readonly aliases?: readonly string[];
  /**
   * Instrumentable code: calling it from noinstr code outside instrumentation_begin/end is an
   * objtool error, and it needs RCU watching (I2).
   */
  readonly instrumentable: boolean;
  /**
   * Where the function is built only in some configs: elsewhere the kernel has an empty
   * `static inline` stub, which the compiler inlines to nothing, so there is no call for objtool
   * and no instrumentable code (lockdep_hardirqs_on_prepare() without PROVE_LOCKING).
   */
  readonly builtIf?: (cfg: ConfigReader) => boolean;
  /** Uses the `_rcuidle` tracepoint flavour, so it is safe while RCU is not watching (5.8–6.1). */
  readonly rcuIdleSafe?: boolean;
  /**
   * It *is* an IRQ-state transition (trace_hardirqs_off, local_irq_disable, …): exempt from the
   * "instrumentable code while lockdep and hardware disagree" hazard it exists to repair.
   */
  readonly irqStateTransition?: boolean;
  /**
   * The primitive models only some uses, told by the arguments as written (arm64's
   * `read_sysreg(daif)` among `read_sysreg(esr_el1)`, …): a call it does not apply to binds as if
   * the primitive did not exist (the tree's definition, else opaque).
   */
  readonly appliesTo?: (argText: readonly string[]) => boolean;
  /**
   * The instrumentable function objtool would see the call go to, when the primitive is an
   * __always_inline helper that calls it (local_daif_mask() → trace_hardirqs_off()): I11 names it.
   */
  readonly callsAs?: string | ((args: readonly number[]) => string);
  /**
   * The tree's own text of the function is interpreted instead of the primitive wherever that text
   * calls this primitive (the one the model really needs), and replaced by the primitive elsewhere.
   * ct_state() since 6.1 brackets `__ct_state()` with preempt_disable()/preempt_enable(), whose
   * preemption point the tree's text keeps; 5.10's reads the per-CPU word itself, which only the
   * primitive models. A tree fact, decided per text, not per version.
   */
  readonly yieldsToTreeBodyCalling?: string;
  /**
   * The architectures whose hook the primitive models (x86's arch_enter_from_user_mode() sanity
   * checks, its VERW in arch_exit_to_user_mode()): on a tree of one of them it replaces the hook's
   * text (the arch's own or the generic stub); on a tree of any other arch it replaces nothing,
   * and that arch's own definition (s390's debug_user_asce()/pai hooks, powerpc's KUAP and
   * BUG_ON()s) or the generic stub it uses (an empty inline: no call at all) is read as the tree
   * wrote it. An arch is listed only once its text has been judged against the primitive.
   */
  readonly modelsArchHookOf?: readonly string[];
  /** A pure query: reads state, changes nothing (never counts as a state update). */
  readonly query?: boolean;
  /** How a trace shows the value a query returned, where a number would not say it (an address
   *  the model knows only by its side of a symbol). Default: the number. */
  readonly showResult?: (v: number) => string;
  /** Number of nondeterministic outcomes in this state (default 1). */
  choices?(env: Omit<PrimitiveEnv, 'choice'>): number;
  /** Applies the effect; returns the C return value (0 for void). */
  run(env: PrimitiveEnv): number;
  /** One line: what the kernel function does, and the reference section. */
  readonly doc: string;
}

/** Subsystem file contents. */
export interface Subsystem {
  readonly name: string;
  readonly primitives: readonly PrimitiveDef[];
  readonly checks: readonly CheckDef[];
}

/** A leaf with no modelled effect (accounting, hooks, mitigations): it returns `ret` and changes nothing. */
export function neutral(name: string, instrumentable: boolean, doc: string, aliases: string[] = [], ret = 0): PrimitiveDef {
  return { name, aliases, instrumentable, doc, run: () => ret };
}

/** A pure, non-instrumentable query of the modelled state. */
export function query(name: string, doc: string, run: (env: PrimitiveEnv) => number, aliases: string[] = []): PrimitiveDef {
  return { name, aliases, instrumentable: false, query: true, doc, run };
}
