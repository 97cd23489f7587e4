// The stable machine-readable result of a check (`kentry check --json`), documented in
// docs/json-schema.md. Every consumer (terminal printer, ITF writer, HTML report) reads this
// shape, never the explorer's internals. Bump `schema` on any incompatible change.

import type { SourceLoc } from '../c/ir.ts';

export const REPORT_SCHEMA = 'kentry-report/1' as const;

export type Severity = 'violation' | 'hazard';

/** What a cell of the verdict table says for one row × invariant. */
export type Verdict = 'clean' | 'violation' | 'hazard' | 'not-reached';

export interface InvariantInfo {
  /** `I1` … `I15`, or `WARN` for assertions written in the checked code. */
  readonly id: string;
  /** One-line statement of the invariant. */
  readonly title: string;
}

export interface CheckInfo {
  /** Stable id, e.g. `lockdep.on.chain_key`, `I8.schedule_irqs_off`. */
  readonly id: string;
  /** The invariant column this check reports under. */
  readonly invariant: string;
  /** `violation` (fails the check, exit 1) or `hazard` (reported, does not fail). */
  readonly severity: Severity;
  /** Who would notice at run time: `lockdep`, `rcu`, `sched`, `objtool`, `ct`, `warn`, `none`. */
  readonly reporter: string;
  /** Kernel-style one-line message template. */
  readonly message: string;
}

/**
 * The model's state after a step, as named lanes. Booleans are real booleans; counters are
 * numbers; `rcuNmiNesting` is a string because its task-level value is the NONIDLE crowbar
 * (`"NONIDLE"`, `"NONIDLE+2"`, or a small number such as `"1"`).
 */
export interface StateSnapshot {
  /** The CPU's interrupt flag: hardware IRQs enabled. */
  readonly hwIrqsEnabled: boolean;
  /** lockdep's per-CPU `hardirqs_enabled`, its soft copy of the interrupt flag. */
  readonly lockdepHardirqsEnabled: boolean;
  /** lockdep's `hardirq_context` nesting count. */
  readonly lockdepHardirqContext: number;
  /** The held-lock chain key differs from the one lockdep saved when it was told IRQs off. */
  readonly lockdepChainKeyChanged: boolean;
  /** `debug_locks`: false once lockdep has reported a problem and turned itself off. */
  readonly debugLocks: boolean;
  /** The irq tracer has recorded hardirqs off. */
  readonly tracerIrqsOff: boolean;
  /** RCU is watching this CPU (it is not in an extended quiescent state). */
  readonly rcuWatching: boolean;
  /** RCU's task-level `dynticks_nesting` (0 in an extended quiescent state). */
  readonly rcuNesting: number;
  /** RCU's `dynticks_nmi_nesting` (see above for the string form). */
  readonly rcuNmiNesting: string;
  /** `preempt_count()` as a number. */
  readonly preemptCount: number;
  /** Decoded, e.g. `PREEMPT=0 SOFTIRQ=0 HARDIRQ=1 NMI=0`. */
  readonly preemptCountDecoded: string;
  /** TIF_NEED_RESCHED is set. */
  readonly needResched: boolean;
  /** TIF_NEED_RESCHED_LAZY is set (only in states of trees that have the flag, PREEMPT_LAZY). */
  readonly needReschedLazy?: boolean;
  /** A softirq is pending on this CPU. */
  readonly softirqPending: boolean;
  /** The current task's rseq sched_switch event is pending (only in states of trees that have it, 7.2+). */
  readonly rseqSchedSwitch?: boolean;
  /** The task flag the arch's arch_in_rcu_eqs() tests is set (only in states of arches that have the hook: s390's PF_VCPU). */
  readonly taskEqsFlag?: boolean;
  /** `KERNEL`, `USER`, `IDLE`, `GUEST`. */
  readonly ctState: string;
  /** objtool's `instrumentation_begin()`/`end()` nesting count. */
  readonly instrumentationDepth: number;
  /** The interrupted task is the idle task. */
  readonly isIdleTask: boolean;
  /** The per-CPU `xen_in_preemptible_hcall` flag. */
  readonly xenInPreemptibleHcall: boolean;
  /** Which frames are running, outermost first, e.g. `task > IRQ > NMI`. */
  readonly nesting: string;
  /** Frames above the task: 0 = the task, 1 = the first vector, 2 = a nested IRQ or NMI, …. */
  readonly nestingLevel: number;
}

export interface TraceStep {
  /** Position in the trace, from 0. */
  readonly index: number;
  /** Human description: `call lockdep_hardirqs_off()`, `IRQ arrives`, `IRET`, `if (!inhcall) → taken`. */
  readonly action: string;
  /** Function executing the step (empty for hardware events such as an injected NMI). */
  readonly function: string;
  /** Source location of the step; null for hardware events. */
  readonly loc: SourceLoc | null;
  /** The C source line at `loc`, trimmed. */
  readonly sourceLine: string;
  /** Nesting level of the frame that executed the step (0 = the first vector). */
  readonly level: number;
  /** Names of `StateSnapshot` fields that changed in this step. */
  readonly changed: readonly string[];
  /** The state after the step. */
  readonly state: StateSnapshot;
  /** Set on the step where the finding fires. */
  readonly violation?: string;
  /** Set when the step went through an opaque site (its value or store was not interpreted). */
  readonly opaque?: OpaqueSite;
}

/**
 * A place where kentry did not interpret what the code does and explored every value that
 * matters instead: a call to a function it does not interpret (`access: call`), or a load or
 * store through memory it does not track (`load`, `store`; `callee` is then the lvalue as written),
 * or a macro or `__always_inline` helper the tree writes as inline assembly (`asm`: not a call,
 * its value unconstrained; src/tree/asm-helpers.ts), or a compiler builtin or compile-time
 * assertion (`builtin`: `__builtin_*`, `BUILD_BUG_ON()`; not a call either, its value unconstrained).
 */
export interface OpaqueSite {
  /** The function containing the site. */
  readonly fn: string;
  /** File of the site, relative to the checked tree (or as named on the command line). */
  readonly file: string;
  /** 1-based line of the site. */
  readonly line: number;
  /** 1-based column of the site. */
  readonly col: number;
  /** The function called (`access: call`), or the lvalue as written (`load`, `store`). */
  readonly callee: string;
  /** What was not interpreted: a call, a load or store through untracked memory, inline asm, a compiler builtin. */
  readonly access: 'call' | 'load' | 'store' | 'asm' | 'builtin';
}

export interface Finding {
  /** 1-based, stable for a given input. */
  readonly id: number;
  /** The verdict-table row (variant or vector) it belongs to. */
  readonly row: string;
  /** A kernel tree's finding: the architecture of its row. In a report covering several
   *  architectures, row ids are `arch/row` (`arm64/irq`); with one, the bare row id. */
  readonly arch?: string;
  /** The check that fired (a `checks[].id`). */
  readonly check: string;
  /** Its invariant column (an `invariants[].id`). */
  readonly invariant: string;
  /** The check's severity. */
  readonly severity: Severity;
  /** One-line kernel-style headline, e.g. `WARNING: ... at idtentry_exit+...`. */
  readonly message: string;
  /** Full kernel-style splat (several lines). */
  readonly splat: string;
  /** Where it arises: the function and line of the step that fired. */
  readonly function: string;
  /** Where it fired; null when no source location applies. */
  readonly loc: SourceLoc | null;
  /** Entry context of the shortest counterexample, e.g. `xen-hcall`. */
  readonly context: string;
  /** Every entry context it was found in. */
  readonly contexts: readonly string[];
  /** Every config it holds in, rendered like `PREEMPTION=none PROVE_LOCKING=y ...`. */
  readonly configs: readonly string[];
  /** Short summary of those configs (`all`, or the settings they share). */
  readonly configSummary: string;
  /** The shortest counterexample found, step by step. */
  readonly trace: readonly TraceStep[];
  /** `row`: the step that fired is in the row's own code; `base`: in the code it builds on. */
  readonly origin?: 'row' | 'base';
  /** When it fires inside a kernel composite (schedule(), …): the call site it is attributed to. */
  readonly calledFrom?: { readonly function: string; readonly loc: SourceLoc | null };
  /** The counterexample passes through at least one opaque site (listed in `opaqueSites`). */
  readonly throughOpaque?: boolean;
  /** The opaque sites the counterexample passes through: the verdict depends on them. */
  readonly opaqueSites?: readonly OpaqueSite[];
}

export interface VerdictRow {
  /** Row id, e.g. `v4` or a kernel vector such as `xen-upcall`. */
  readonly id: string;
  /** A kernel tree's row: the architecture whose entry code it is (x86, arm64, …). */
  readonly arch?: string;
  /** What the row is, in words. */
  readonly title: string;
  /** invariant id → verdict. */
  readonly cells: Readonly<Record<string, Verdict>>;
  /** Finding ids of this row. */
  readonly findings: readonly number[];
  /** Verdict over the row's own code only (findings whose origin is `row`). */
  readonly verdict?: 'violation' | 'hazard' | 'clean';
  /** Like `cells`, counting only findings in the row's own code. */
  readonly ownCells?: Readonly<Record<string, Verdict>>;
  /** Every opaque site an explored path of this row executed (absent when there is none). */
  readonly opaqueSites?: readonly OpaqueSite[];
}

export interface OpaqueCall {
  /** The callee. */
  readonly name: string;
  /** The call site. */
  readonly loc: SourceLoc;
}

export interface RunStats {
  /** Explorations run (row × entry context × config, minus those an earlier run already decided). */
  readonly runs: number;
  /** Distinct configs explored. */
  readonly configsChecked: number;
  /** Configs in the (narrowed) lattice of the largest row. */
  readonly configsInLattice: number;
  /** States visited, summed over runs. */
  readonly statesExplored: number;
  /** Distinct states stored, summed over runs. */
  readonly distinctStates: number;
  /** The longest search depth reached. */
  readonly maxDepth: number;
  /** How the visited sets told states apart: by 64-bit fingerprint (default) or by all their
   *  words (`--exact`). */
  readonly visitedSet: 'fingerprints' | 'exact';
  /** With fingerprints, the probability that two distinct states shared one (and the second's
   *  successors went unexplored): the birthday bound n(n-1)/2 · 2^-64 over each table's n
   *  fingerprints, summed over tables and runs, as TLC states it ("calculated (optimistic)").
   *  0 with `--exact`. */
  readonly collisionProbability: number;
  /** Wall time of the check. */
  readonly seconds: number;
  /** `statesExplored / seconds`, rounded. */
  readonly statesPerSecond: number;
}

export interface KentryReport {
  /** Format version, `kentry-report/1`; bumped on any incompatible change. */
  readonly schema: typeof REPORT_SCHEMA;
  /** The tool and its version. */
  readonly tool: { readonly name: 'kentry'; readonly version: string };
  /** What was checked, in words: the bundled default, the files and entry function, or `kernel tree DIR`. */
  readonly target: string;
  /** False when a budget (`--max-states`, time) stopped the search. */
  readonly complete: boolean;
  /** Present when the target was read incompletely (`--partial`): what is missing and what was
   *  assumed instead. A partial report's verdicts hold only for what it says it checked. */
  readonly partial?: readonly string[];
  /** A kernel tree: the user options its read text tests (`#if`, `IS_ENABLED()`) that the lattice
   *  keeps at one value although a user could set the other, as `NAME=y`/`NAME=n` (prefixed
   *  `arch: ` when the check covers several arches). A finding that needs the other value was not
   *  looked for; `--config NAME=…` checks the tree with it set. Absent when none. */
  readonly held?: readonly string[];
  /** The invariant columns of the verdict table, in order. */
  readonly invariants: readonly InvariantInfo[];
  /** Every check kentry can make (the whole catalogue, not only the ones that fired). */
  readonly checks: readonly CheckInfo[];
  /** The verdict table: one entry per row (a design variant, or a kernel vector). */
  readonly rows: readonly VerdictRow[];
  /** Every finding, with ids 1, 2, …; `rows[].findings` refer to these ids. */
  readonly findings: readonly Finding[];
  /** Calls kentry did not interpret (opaque calls: traceable or not, inline asm, compiler builtins, untracked stores), with their call sites. */
  readonly opaqueCalls: readonly OpaqueCall[];
  /** How much was explored, and how fast. */
  readonly stats: RunStats;
  /** C sources by file name, so viewers can show any line. */
  readonly sources: Readonly<Record<string, string>>;
}
