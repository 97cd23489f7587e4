// The stable machine-readable result of a check (`kentry check --json`), documented in
// docs/json-schema.md. Every consumer (terminal printer, ITF writer, HTML report) reads this
// shape, never the explorer's internals. Bump `schema` on any incompatible change.

import type { SourceLoc } from '../c/ir.ts';

export const REPORT_SCHEMA = 'kentry-report/1' as const;

export type Severity = 'violation' | 'hazard';

/** What a cell of the verdict table says for one row × invariant. */
export type Verdict = 'clean' | 'violation' | 'hazard' | 'not-reached';

export interface InvariantInfo {
  /** `I1` … `I13`. */
  readonly id: string;
  readonly title: string;
}

export interface CheckInfo {
  /** Stable id, e.g. `lockdep.on.chain_key`, `I8.schedule_irqs_off`. */
  readonly id: string;
  /** The invariant column this check reports under. */
  readonly invariant: string;
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
  readonly hwIrqsEnabled: boolean;
  readonly lockdepHardirqsEnabled: boolean;
  readonly lockdepHardirqContext: number;
  readonly lockdepChainKeyChanged: boolean;
  readonly debugLocks: boolean;
  readonly tracerIrqsOff: boolean;
  readonly rcuWatching: boolean;
  readonly rcuNesting: number;
  readonly rcuNmiNesting: string;
  readonly preemptCount: number;
  /** Decoded, e.g. `PREEMPT=0 SOFTIRQ=0 HARDIRQ=1 NMI=0`. */
  readonly preemptCountDecoded: string;
  readonly needResched: boolean;
  readonly softirqPending: boolean;
  /** `KERNEL`, `USER`, `IDLE`, `GUEST`. */
  readonly ctState: string;
  readonly instrumentationDepth: number;
  readonly isIdleTask: boolean;
  readonly xenInPreemptibleHcall: boolean;
  /** Which frames are running, outermost first, e.g. `task > IRQ > NMI`. */
  readonly nesting: string;
  readonly nestingLevel: number;
}

export interface TraceStep {
  readonly index: number;
  /** Human description: `call lockdep_hardirqs_off()`, `IRQ arrives`, `IRET`, `if (!inhcall) → taken`. */
  readonly action: string;
  /** Function executing the step (empty for hardware events such as an injected NMI). */
  readonly function: string;
  readonly loc: SourceLoc | null;
  /** The C source line at `loc`, trimmed. */
  readonly sourceLine: string;
  /** Nesting level of the frame that executed the step (0 = the first vector). */
  readonly level: number;
  /** Names of `StateSnapshot` fields that changed in this step. */
  readonly changed: readonly string[];
  readonly state: StateSnapshot;
  /** Set on the step where the finding fires. */
  readonly violation?: string;
  /** Set when the step went through an opaque site (its value or store was not interpreted). */
  readonly opaque?: OpaqueSite;
}

/**
 * A place where kentry did not interpret what the code does and explored every value that
 * matters instead: a call to a function it does not interpret (`access: call`), or a load or
 * store through memory it does not track (`load`, `store`; `callee` is then the lvalue as written).
 */
export interface OpaqueSite {
  /** The function containing the site. */
  readonly fn: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly callee: string;
  readonly access: 'call' | 'load' | 'store';
}

export interface Finding {
  /** 1-based, stable for a given input. */
  readonly id: number;
  /** The verdict-table row (variant or vector) it belongs to. */
  readonly row: string;
  readonly check: string;
  readonly invariant: string;
  readonly severity: Severity;
  /** One-line kernel-style headline, e.g. `WARNING: ... at idtentry_exit+...`. */
  readonly message: string;
  /** Full kernel-style splat (several lines). */
  readonly splat: string;
  /** Where it arises: the function and line of the step that fired. */
  readonly function: string;
  readonly loc: SourceLoc | null;
  /** Entry context of the shortest counterexample, e.g. `xen-hcall`. */
  readonly context: string;
  /** Every entry context it was found in. */
  readonly contexts: readonly string[];
  /** Every config it holds in, rendered like `PREEMPTION=none PROVE_LOCKING=y ...`. */
  readonly configs: readonly string[];
  /** Short summary of those configs (`all`, or the settings they share). */
  readonly configSummary: string;
  readonly trace: readonly TraceStep[];
  /** `row`: the step that fired is in the row's own code; `base`: in the code it builds on. */
  readonly origin?: 'row' | 'base';
  /** When it fires inside a kernel composite (schedule(), …): the call site it is attributed to. */
  readonly calledFrom?: { readonly function: string; readonly loc: SourceLoc | null };
  /** The counterexample passes through at least one opaque site (listed in `opaqueSites`). */
  readonly throughOpaque?: boolean;
  readonly opaqueSites?: readonly OpaqueSite[];
}

export interface VerdictRow {
  readonly id: string;
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
  readonly name: string;
  readonly loc: SourceLoc;
}

export interface RunStats {
  readonly runs: number;
  readonly configsChecked: number;
  readonly configsInLattice: number;
  readonly statesExplored: number;
  readonly distinctStates: number;
  readonly maxDepth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
}

export interface KentryReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly tool: { readonly name: 'kentry'; readonly version: string };
  readonly target: string;
  /** False when a budget (`--max-states`, time) stopped the search. */
  readonly complete: boolean;
  readonly invariants: readonly InvariantInfo[];
  readonly checks: readonly CheckInfo[];
  readonly rows: readonly VerdictRow[];
  readonly findings: readonly Finding[];
  readonly opaqueCalls: readonly OpaqueCall[];
  readonly stats: RunStats;
  /** C sources by file name, so viewers can show any line. */
  readonly sources: Readonly<Record<string, string>>;
}
