// One step of the CPU: every successor of a state, in a fixed order (so a trace can be replayed
// by successor index). A step is one IR operation of the innermost frame, or one event from the
// environment: another CPU setting need_resched, an NMI between two state updates, a nested IRQ
// while hardware IRQs are on. Returning from a vector is IRET: the saved IF comes back, and the
// "state at return" invariants are checked there.

import { BuiltinOp, CalleeKind, decodeLocalPointer, type BoundProgram, type BoundFunction, type OpaqueOutcomes, type OpaqueSiteInfo } from './program.ts';
import { callSourceText, OpKind, type CallOp, type SourceLoc } from '../c/ir.ts';
import type { ConfigReader } from '../model/config.ts';
import { checkCpuWidths, CT_STATE_NAMES, encode, interruptsIdleWait, Machine, MAX_FRAMES, ModelBoundError, NipPlace, RegsSlot, restoredIF, VectorKind, type Frame, type InterruptContext } from '../model/state.ts';
import { userWorkNames } from '../kernel/entrywork.ts';
import { summarizeNested, type NestedSummary, type SearchBudget } from './search.ts';
import type { EntryContext } from '../model/contexts.ts';
import { lockdepActive, lockdepTracksContext } from '../kernel/lockdep.ts';
import {
  CHECK_ENTRY_HAZARD,
  CHECK_EXIT_HAZARD,
  CHECK_UNANNOTATED_IRQS_ON,
  CHECK_INSTR_WITHOUT_RCU,
  CHECK_IRET_CT,
  CHECK_IRET_HARDIRQ_CONTEXT,
  CHECK_IRET_LOCKDEP,
  CHECK_IRET_PREEMPT,
  CHECK_IRET_RCU,
  CHECK_IRET_TRACER,
  CHECK_RESCHED_UNSEEN,
  CHECK_IRET_XEN_FLAG,
  CHECK_HCALL_PREEMPTION_MISSED,
  CHECK_USER_RETURN_RESCHED,
  CHECK_USER_RETURN_WORK,
  CHECK_USER_RETURN_RCUOG,
  CHECK_COUNTER_RUNAWAY,
  CHECK_NO_PROGRESS,
  CHECK_XEN_EVENTS_UNHANDLED,
} from '../kernel/invariants.ts';
import { CHECK_NOINSTR_CALL, CHECK_RETURN_INSTR } from '../kernel/instrumentation.ts';
import type { CheckDef, PrimitiveEnv } from '../kernel/types.ts';
import { decodePreemptCount } from '../model/state.ts';
import { pmrWrite, prioMaskingOf } from '../kernel/arm64.ts';
import { softMaskingOf } from '../kernel/powerpc.ts';
import type { GicPrioLayout, PpcSoftMaskLayout } from '../tree/layout.ts';

/** How control reaches the code under check (data; see harness.ts). */
export interface HarnessFunctions {
  /** Function run when the vector under check arrives: `void f(struct pt_regs *regs)`. */
  readonly vector: number;
  readonly vectorName: string;
  /** Function run for a nested IRQ, or -1 when the harness has none. */
  readonly nestedIrq: number;
  /** Function run for an NMI, or -1. */
  readonly nmi: number;
  /** Deliveries other than NMIs bring Xen events the handler must consume (HarnessDef.eventChannel). */
  readonly eventChannel?: boolean;
  /** arm64: taking an exception masks SError (PSTATE.A) until the code unmasks it, and the NMI
   *  vector (SError) arrives only while it is unmasked (Machine.asyncMasked). */
  readonly asyncMask?: boolean;
  /** The vector under check is an NMI-class event (powerpc's machine check): like a nested NMI, its
   *  return to the task owes no exit work, so the task-return checks (I14 & co.) do not apply. */
  readonly nmiClass?: boolean;
  /** The vector under check masks the NMI-class event until it returns (s390's machine check: the
   *  machine-check new PSW has PSW.M off, and the old PSW is loaded again only on return), so no
   *  NMI nests inside it. Machine.asyncMasked holds that mask (arm64's PSTATE.A elsewhere). */
  readonly vectorMasksNmi?: boolean;
  /** powerpc 64-bit: the function a replayed soft-masked interrupt runs; a call of it is a replay
   *  (replayCall). Absent elsewhere. */
  readonly replayIrq?: number;
}

export interface ExploreBounds {
  /** Maximum number of NMIs nested at once (default 1). */
  readonly nmiNesting: number;
  /** Maximum number of nested IRQs on top of the vector (default 1). */
  readonly irqNesting: number;
  /**
   * Explore each nested IRQ once per CPU state it arrives in and apply what it hands back
   * (default), or afresh above every interrupted path (false: the same findings at several times
   * the states; test/nested-summary.test.ts compares the two).
   */
  readonly nestedIrqSummaries?: boolean;
  /**
   * Let another CPU set need_resched only before steps that can observe it (default), or before
   * every step (false: the same findings at more states; test/resched-por.test.ts compares the
   * two). See Engine.reschedPoint.
   */
  readonly reschedReduction?: boolean;
  /**
   * Store one state for a step and the run of local steps (assignments, branches, jumps) after
   * it (default), or a state per step (false: the same findings at more states; test/local-merge.test.ts compares
   * the two). See Engine.mergeable.
   */
  readonly localMerge?: boolean;
  /**
   * Explore an opaque call's or untracked load's result with one value where nothing the model
   * interprets reads it (default: program.ts unreadSlots; its value cannot change any step), or
   * with all of its values (false: the same findings at more states; test/unread-values.test.ts
   * compares the two).
   */
  readonly unreadValues?: boolean;
  /**
   * Offer an NMI only after a step that changed CPU state (Machine.lastStepChanged, cpuChanged())
   * and only once per CPU state in a run (nmiTried) (default), or after every step (false: the
   * same findings at more states; test/nmi-por.test.ts compares the two).
   */
  readonly nmiReduction?: boolean;
  /**
   * Keep every state's words in the visited set and compare them (`--exact`), instead of its
   * 64-bit fingerprint (default: a collision, whose probability the report prints, would merge
   * two states). test/fingerprints.test.ts checks that the reports are the same.
   */
  readonly exactStates?: boolean;
}

export interface FiredCheck {
  readonly check: CheckDef;
  readonly details: readonly string[];
  readonly fn: string;
  readonly loc: SourceLoc | null;
  /** Set when the check fired inside a nested IRQ that was explored once as a summary: how to
   *  reach the firing step from the state the IRQ arrived in (see NestedPath). */
  readonly via?: NestedPath;
}

/**
 * A path inside a nested IRQ: deliver the IRQ, then take these successor indices. The last index
 * is the step that fired, unless `inner` is set: then a further nested IRQ arrives at the state
 * the path reached, and `inner` goes on from there.
 */
export interface NestedPath {
  readonly path: readonly number[];
  readonly inner?: NestedPath;
  /** The IRQ is a replay (Engine.replayCall) started by the call the state is at, not a delivery. */
  readonly replay?: boolean;
}

/** One step of a replayed (labelled) path. */
export interface LabelledStep {
  readonly label: StepLabel;
  readonly state: Machine;
  readonly fired: readonly FiredCheck[];
}

export interface StepLabel {
  readonly action: string;
  readonly fn: string;
  readonly loc: SourceLoc | null;
  readonly level: number;
  /** Set when the step executed an opaque site (a value or store kentry does not interpret). */
  readonly opaque?: OpaqueSiteInfo;
  /** A whole nested IRQ taken as one step (a summary): the steps it stands for, replayed. */
  readonly expand?: () => LabelledStep[];
}

/** The one value an unread result is explored with (its value cannot matter: program.ts unreadSlots). */
const UNREAD_OUTCOME: OpaqueOutcomes = { values: [0], exhaustive: true };

export type Emit = (next: Machine, fired: readonly FiredCheck[] | null, label: StepLabel | null) => void;

/**
 * What one primitive call sees (PrimitiveEnv). A class, not an object literal of closures: one is
 * made for every primitive call, the hottest path there is, and its methods live on the prototype.
 * A `choices()` probe gets one with no sink (its reports go nowhere) and no objtool view.
 */
class CallEnv implements PrimitiveEnv {
  constructor(
    readonly m: Machine,
    readonly cfg: ConfigReader,
    readonly args: readonly number[],
    readonly argText: readonly string[],
    readonly choice: number,
    readonly callee: string,
    private readonly sink: ReportSink | null,
    private readonly engine: Engine | null,
  ) {}
  report(check: CheckDef, ...details: string[]): void {
    this.sink?.report(check, ...details);
  }
  objtool(): { readonly depth: number; readonly symbol: string } {
    if (!this.engine) throw new Error(`${this.callee}: objtool's view asked of a choices() probe`);
    const ctx = this.engine.noinstrContext(this.m);
    return { depth: ctx.depth, symbol: ctx.fn.ir.name };
  }
  nmiClassDepth(): number {
    if (!this.engine) throw new Error(`${this.callee}: the NMI nesting asked of a choices() probe`);
    return this.engine.nmiClassDepth(this.m);
  }
}

class ReportSink implements Pick<PrimitiveEnv, 'report'> {
  fired: FiredCheck[] | null = null;
  fn = '';
  loc: SourceLoc | null = null;
  m: Machine | null = null;
  /** Starts collecting the checks one step fires, attributed to `fn` at `loc`. */
  begin(m: Machine, fn: string, loc: SourceLoc | null): void {
    this.fired = null;
    this.fn = fn;
    this.loc = loc;
    this.m = m;
  }
  report(check: CheckDef, ...details: string[]): void {
    (this.fired ??= []).push({ check, details, fn: this.fn, loc: this.loc });
    if (check.halts && this.m) this.m.halted = 1;
  }
}

export class Engine {
  private readonly sink = new ReportSink();
  /** Every opaque site this run executed, by `file:line:col:callee` (the report lists them). */
  readonly opaqueSeen = new Map<string, OpaqueSiteInfo>();
  /** The site objects already in opaqueSeen. */
  private readonly opaqueSeenSites = new Set<OpaqueSiteInfo>();

  constructor(
    readonly prog: BoundProgram,
    readonly harness: HarnessFunctions,
    readonly entry: EntryContext,
    readonly cfg: ConfigReader,
    readonly bounds: ExploreBounds,
  ) {
    this.prio = prioMaskingOf(prog.layout, cfg);
    this.soft = softMaskingOf(prog.layout, cfg);
  }

  /**
   * powerpc 64-bit soft masking (a config with CONFIG_PPC64 of a tree with the paca's soft-mask values), else
   * null. Then hwIF is the soft mask (irqs_disabled()), MSR[EE] (Machine.msrEE) lets an external
   * interrupt in, and one that arrives soft-masked is recorded in irq_happened instead of being
   * handled (exceptions-64s.S masked_interrupt; src/kernel/powerpc.ts).
   */
  private readonly soft: PpcSoftMaskLayout | null;

  /**
   * arm64 with GIC priority masking in use (CONFIG_ARM64_PSEUDO_NMI, in a layout with the tree's
   * GIC priorities), else null: then IRQs and pseudo-NMIs are delivered by PSTATE.I and the PMR,
   * and exception entry and return save and restore both (entry.S kernel_entry/kernel_exit).
   */
  private readonly prio: GicPrioLayout | null;

  initial(): Machine {
    const m = new Machine(this.prog.layout);
    this.entry.setup(m, this.cfg);
    // The interrupted context's IRQ state is its PMR (local_irq_disable() writes GIC_PRIO_IRQOFF
    // and leaves PSTATE.I clear); debug exceptions are unmasked in process context.
    if (this.prio) m.pmr = m.hwIF ? this.prio.IRQON : this.prio.IRQOFF;
    // The interrupted context's soft mask says what its IRQ state is; MSR[EE] is on, as it is in
    // all kernel code that has not hard-disabled (local_irq_disable() only writes the soft mask),
    // and nothing is pending yet.
    if (this.soft) {
      m.softMask = m.hwIF ? this.soft.IRQS_ENABLED : this.soft.IRQS_DISABLED;
      m.msrEE = 1;
      m.irqHappened = 0;
    }
    m.started = 0;
    return m;
  }

  /** A regular IRQ is signalled: PSTATE.I clear and, with priority masking, PMR above its priority. */
  private irqUnmasked(m: Machine): boolean {
    const p = this.prio;
    if (this.soft) return m.msrEE === 1;
    return p ? m.daifI === 0 && m.pmr > p.PRIO_IRQ : m.hwIF === 1;
  }

  /**
   * The NMI-class vector is signalled. Without priority masking (arm64: SError) while PSTATE.A is
   * clear (never set on x86). With it, the pseudo-NMI: PSTATE.I clear and PMR above the NMI
   * priority, where PMR masks regular IRQs; where PMR lets regular IRQs through too, a pseudo-NMI
   * enters exactly as an IRQ does (el1_interrupt() cannot tell them apart before the handler), and
   * the nested-IRQ delivery is that entry.
   */
  private nmiUnmasked(m: Machine): boolean {
    const p = this.prio;
    return p ? m.daifI === 0 && m.pmr > p.PRIO_NMI && m.pmr <= p.PRIO_IRQ : m.asyncMasked === 0;
  }

  localsCount = (fn: number): number => this.prog.functions[fn]!.nLocals;

  /** Every successor of `m`, in a fixed order. */
  successors(m: Machine, emit: Emit, labels: boolean): void {
    this.emittedNmi = false;
    if (m.done || m.halted) return;
    if (!m.started) {
      const d = m.clone();
      this.deliver(d, VectorKind.Vector, this.harness.vector, this.entry.interruptedIF, this.entry.userMode);
      if (this.harness.vectorMasksNmi) d.asyncMasked = 1;
      d.started = 1;
      emit(d, null, labels ? { action: `${this.harness.vectorName} vector arrives (${this.entry.title}; regs: IF=${this.entry.interruptedIF}, user_mode=${this.entry.userMode})`, fn: '', loc: null, level: 0 } : null);
      if (!m.needResched) emit(this.setNeedResched(m), null, labels ? this.envLabel(m, 'remote CPU sets TIF_NEED_RESCHED') : null);
      return;
    }
    // Environment events, the program step, and last the NMI (see nmiSignatures). A remote CPU
    // sets need_resched only before a step that can observe it (see reschedPoint).
    const reschedPoint = !m.needResched && this.reschedPoint(m);
    if (reschedPoint) emit(this.setNeedResched(m), null, labels ? this.envLabel(m, 'remote CPU sets TIF_NEED_RESCHED') : null);
    // PREEMPT_LAZY: a wakeup of a fair-class task asks lazily (TIF_NEED_RESCHED_LAZY, only when no
    // full request is pending); a later full request (the tick's upgrade) is the event above.
    if (reschedPoint && !m.needReschedLazy && this.lazyPreemption()) emit(this.setNeedReschedLazy(m), null, labels ? this.envLabel(m, 'remote CPU sets TIF_NEED_RESCHED_LAZY') : null);
    if (this.harness.nestedIrq >= 0 && this.irqUnmasked(m) && m.irqDepth() - 1 < this.bounds.irqNesting && !m.inNmi && this.irqPoint(m)) {
      // powerpc 64-bit: soft-masked, the interrupt is only recorded; it is replayed later as an
      // IRQ of its own (kentry_powerpc_replay_regs()), so it counts against the nesting bound too.
      if (this.soft && (m.softMask & this.soft.IRQS_DISABLED) !== 0) emit(this.maskedInterrupt(m, this.soft), null, labels ? this.envLabel(m, 'external interrupt arrives soft-masked (masked_interrupt: PACA_IRQ_EE recorded, MSR[EE] cleared)') : null);
      else if (this.bounds.nestedIrqSummaries !== false) this.nestedIrq(m, emit, labels);
      else {
        const n = m.clone();
        this.deliver(n, VectorKind.Irq, this.harness.nestedIrq, n.hwIF, 0);
        emit(n, null, labels ? this.envLabel(m, 'nested IRQ arrives (hardware IRQs are on)') : null);
      }
    }
    this.programStep(m, emit, labels);
    // A nested IRQ's summary above may have expanded states of its own: only this call's NMI counts.
    this.emittedNmi = false;
    const nmiReduction = this.bounds.nmiReduction !== false;
    if (this.harness.nmi >= 0 && (m.lastStepChanged || !nmiReduction) && m.nmiDepth() < this.bounds.nmiNesting && this.nmiUnmasked(m)) {
      // An NMI sees only the CPU state (never the interrupted frames' locals or pc), so an NMI in
      // a CPU state already tried in this run observes nothing new: its checks fire the same way,
      // and a correct NMI hands back the same state. Replay (labels) never skips, and the NMI is
      // the last successor, so successor indices are the same with or without the skip.
      // Replay (labels) asks nothing and records nothing: a replay in the middle of a search
      // (search.ts stateAlong) must not mark a signature tried that the search has not tried.
      if (labels || !nmiReduction || !this.nmiTried(m)) {
        const n = m.clone();
        this.deliver(n, VectorKind.Nmi, this.harness.nmi, m.hwIF, 0);
        emit(n, null, labels ? this.envLabel(m, 'NMI arrives') : null);
        this.emittedNmi = true;
      }
    }
  }

  /**
   * Whether the last successors() call ended with an NMI (its last successor): search.ts's shared
   * nested-IRQ graph drops that edge when it walks the state again, as a fresh expansion would
   * (the signature is tried by then).
   */
  emittedNmi = false;

  /**
   * Only the program's own step from `m`: no environment event (remote need_resched, nested IRQ,
   * NMI). The differential check (differential.ts) runs one call this way, so that what it
   * compares is what the code itself does.
   */
  programSuccessors(m: Machine, emit: Emit): void {
    if (m.done || m.halted || !m.topFrame) return;
    this.programStep(m, emit, false);
  }

  /**
   * Whether a nested IRQ is delivered before the next step of `m` (partial-order reduction).
   * A nested IRQ reads and writes only CPU state (its own frames sit above the interrupted ones,
   * and it returns before they run again); it never reads or writes the interrupted frames.
   * A step that touches no CPU state — an assignment, branch or jump (expressions read locals,
   * constants, the config and the interrupted contexts' saved regs, never the CPU state), a
   * return that does not IRET, a call of a function that is not instrumentable (only the frames
   * change), a load or store of memory the model does not track (its value is unconstrained
   * either way) — commutes with the whole nested IRQ: the IRQ before it and the IRQ after it
   * reach the same states, with the same checks fired. So every interleaving is covered by
   * delivering the IRQ only before steps that read or write CPU state (a primitive, a call into
   * instrumentable code, whose checks read RCU/lockdep/IF, an IRET), where the CPU state is the
   * one every earlier position in the same run of local steps had.
   */
  private irqPoint(m: Machine): boolean {
    const f = m.topFrame;
    if (!f) return true;
    const fn = this.prog.functions[f.fn]!;
    const op = fn.ir.ops[f.pc]!;
    switch (op.kind) {
      case OpKind.Assign:
      case OpKind.BranchIfFalse:
      case OpKind.Jump:
        return false;
      case OpKind.Return:
        return m.frames.length - 1 === (m.topContext?.frameBase ?? 0);
      case OpKind.Call: {
        const callee = fn.callees[f.pc]!;
        switch (callee.kind) {
          case CalleeKind.Function:
            return this.prog.functions[callee.fn]!.instrumentable;
          case CalleeKind.Opaque:
            return callee.instrumentable;
          case CalleeKind.Builtin:
            return false;
          case CalleeKind.Primitive:
            return true;
        }
      }
    }
    return true;
  }

  /**
   * Whether another CPU may set TIF_NEED_RESCHED (or _LAZY) before the next step of `m`
   * (partial-order reduction, the same argument as irqPoint's). The remote setter writes only
   * need_resched (and lastStepChanged, so that an NMI may follow it). A step that touches no CPU
   * state (irqPoint false: an assignment, branch or jump, a return that does not IRET, a call of
   * a function that is not instrumentable, a load or store of memory the model does not track)
   * neither reads nor writes need_resched, and the checks it can fire (CHECK_RETURN_INSTR,
   * CHECK_COUNTER_RUNAWAY) read only the frames; every reader of the flag — need_resched(),
   * read_thread_flags(), test_thread_flag(), schedule(), preempt_*(), the exit-work loop, the
   * I7/I9/I14 checks, the IRET checks (I13/I14), a nested IRQ's or NMI's own code — is a
   * primitive, an instrumentable call, an opaque call, an IRET or an interrupt delivery, and
   * those are reschedPoints (or, for a nested IRQ, delivered only at them; see below for NMIs).
   * So setting the flag before a local step `a` and setting it after `a` reach the same state,
   * with the same checks fired, except for lastStepChanged: `a` then the set leaves it 1, the
   * set then `a` leaves it 0. With 1 the state has every successor it has with 0, plus an NMI,
   * and that NMI is the one the full graph delivers right after the set (it sees the same CPU
   * state, which is all an NMI reads, and its return commutes with the local steps). Moving
   * every set forward over the local steps after it, up to the next step that touches CPU state,
   * therefore turns each path of the full graph into a path of the reduced one with the same
   * firings at the same places, no longer (the set moves, it is not added), except where a path
   * ends inside an NMI that followed a set at a local step: that NMI is delivered after the
   * moved set, the local steps before it; that lengthens a trace only if the NMI's own code
   * reads need_resched. (Measured: the seed's default and 5.10/6.12/7.3 irq and syscall give
   * the same findings with the same trace lengths; test/resched-por.test.ts compares on and off.) A set after
   * the last such step of a path is a no-op for the path's firings: it is dropped.
   * The reduction must not postpone a set forever round a loop of local steps (the cycle proviso
   * of partial-order reduction): a jump or branch backwards is a reschedPoint too.
   */
  private reschedPoint(m: Machine): boolean {
    if (this.bounds.reschedReduction === false || this.irqPoint(m)) return true;
    const f = m.topFrame!;
    const op = this.prog.functions[f.fn]!.ir.ops[f.pc]!;
    return (op.kind === OpKind.Jump || op.kind === OpKind.BranchIfFalse) && op.target <= f.pc;
  }

  /** What a nested IRQ can hand back, by the CPU state it arrives in (see nestedIrq). */
  private readonly summaries = new Map<string, NestedSummary>();
  private readonly keyWords: number[] = [];
  /** The budget of the search this engine serves; summaries spend it too (search.ts sets it). */
  searchBudget: SearchBudget = { maxStates: Infinity, deadline: Infinity };
  /** States the summaries' own searches expanded and stored, and whether every one finished. */
  readonly nestedStats = { expanded: 0, distinct: 0, complete: true };

  /**
   * A nested IRQ, as one step per state it can hand back. A nested IRQ reads and writes only CPU
   * state: its frames sit above the interrupted ones and are gone when it returns, and it never
   * writes the contexts below its own (the handlers touch only the top context). So the states
   * it can return in are a function of the CPU state it arrives in. That set is explored once
   * per CPU state (search.ts summarizeNested: a breadth-first search of its own, from the
   * delivery to each IRET that ends it) and applied under every interrupted path that reaches
   * the same CPU state. Before, the IRQ's whole interior was explored again above each distinct
   * set of interrupted frames: 90× the states on 7.3's exit-to-user loop with PREEMPT_LAZY, which
   * schedules and does signal work with IRQs on.
   *
   * The checks fired inside go with the first outcome's step, each with the path to its firing
   * step (FiredCheck.via); a labelled replay expands the step into the IRQ's own steps, so a
   * trace reads as it did. What the summary gives up: a finding inside a nested IRQ is reported
   * with the first interrupted path (in breadth-first order) that reached its CPU state, which
   * is shortest to the IRQ's arrival, not always shortest overall.
   */
  private nestedIrq(m: Machine, emit: Emit, labels: boolean): void {
    const summary = this.nestedSummary(m);
    const findings = summary.findings.length > 0 ? summary.findings : null;
    this.emitOutcomes(m, summary, findings, emit, labels ? this.envLabel(m, 'nested IRQ arrives (hardware IRQs are on)') : null, false);
  }

  /**
   * One step per CPU state a summarised IRQ (nested, or a replay) can hand back from `m`, the
   * findings fired inside riding on the first. A replay was a call: the caller goes on after it
   * (the replay's return, as the outcome's own frames show it, is this). A labelled step expands
   * into the IRQ's own steps.
   */
  private emitOutcomes(m: Machine, summary: NestedSummary, findings: readonly FiredCheck[] | null, emit: Emit, label: StepLabel | null, replay: boolean): void {
    if (summary.outcomes.length === 0) {
      // No path through the IRQ returns (a budget cut it short, or it can only spin: I15 is
      // among the findings). The findings still need a step to ride on; the CPU stays where it was.
      if (findings) emit(m.clone(), findings, label);
      return;
    }
    summary.outcomes.forEach((o, k) => {
      const r = m.clone();
      r.copyCpuFrom(o.cpu);
      if (replay) r.writableFrame(r.frames.length - 1).pc++;
      const via: NestedPath = replay ? { path: o.path, replay: true } : { path: o.path };
      emit(r, k === 0 ? findings : null, label ? { ...label, expand: () => this.nestedSteps(m, via) } : null);
    });
  }

  /**
   * powerpc 64-bit: a call of the replay function (HarnessFunctions.replayIrq, from
   * __replay_soft_interrupts()'s do_IRQ(&regs)) runs an interrupt that arrived soft-masked as a
   * function call, with regs made to look like an interrupted soft-enabled kernel context. Like a
   * nested IRQ it reads and writes only CPU state (its frames sit above the caller's and are gone
   * when it returns; the contexts below are not touched), so it is summarised the same way: the
   * states it can return in, explored once per CPU state, applied with the caller's call done.
   */
  private replayCall(m: Machine, fn: BoundFunction, op: CallOp, emit: Emit, labels: boolean, level: number): void {
    const action = `call ${op.callee}(): replay of an interrupt that arrived soft-masked`;
    const label = (): StepLabel => ({ action, fn: fn.ir.name, loc: op.loc, level });
    if (this.bounds.nestedIrqSummaries === false) {
      const n = m.clone();
      this.enterReplay(n);
      emit(n, null, labels ? label() : null);
      return;
    }
    const summary = this.nestedSummary(m, true);
    const findings = summary.findings.length > 0 ? summary.findings.map((f) => ({ ...f, via: { ...f.via!, replay: true } })) : null;
    this.emitOutcomes(m, summary, findings, emit, labels ? label() : null, true);
  }

  /** Starts a replay in `d` (at the call of the replay function): a replayed interrupt context, then the function's frame with regs naming it. */
  private enterReplay(d: Machine): void {
    const soft = this.soft;
    const fnId = this.harness.replayIrq;
    if (!soft || fnId === undefined) throw new Error('kentry internal error: a replay outside a 64-bit powerpc config');
    // The replayed handler's regs describe a soft-enabled kernel context with MSR[EE] on
    // (irq_64.c's __replay_soft_interrupts() builds them so), whatever the caller's are.
    this.pushContext(d, VectorKind.Replay, 1, 0, soft.IRQS_ENABLED, 1, 0);
    this.pushHandlerFrame(d, fnId);
  }

  private nestedSummary(m: Machine, replay = false): NestedSummary {
    // The key is the encoded state without the frames: the CPU words and every context, with
    // the two fields that only describe the frames (lastStepChanged, which the delivery sets,
    // and the frame count) masked out.
    const w = this.keyWords;
    encode(m, w);
    w.length = Machine.prefixWords(m.layout) + Machine.contextWords(m.layout) * m.contexts.length;
    w[0] = (w[0]! & ~(1 << 15)) >>> 0;
    w[2] = (w[2]! & ~0xff) >>> 0;
    const key = (replay ? 'r' : '') + w.join(',');
    let summary = this.summaries.get(key);
    if (!summary) {
      const d = m.clone();
      if (replay) this.enterReplay(d);
      else this.deliver(d, VectorKind.Irq, this.harness.nestedIrq, d.hwIF, 0);
      summary = summarizeNested(this, d, m.contexts.length);
      this.summaries.set(key, summary);
    }
    return summary;
  }

  /** The labelled steps of a nested IRQ arriving at `m` and following `via` (replay). */
  nestedSteps(m: Machine, via: NestedPath): LabelledStep[] {
    const n = m.clone();
    if (via.replay) this.enterReplay(n);
    else this.deliver(n, VectorKind.Irq, this.harness.nestedIrq, n.hwIF, 0);
    const steps: LabelledStep[] = [{ label: via.replay ? this.envLabel(m, 'replay of an interrupt that arrived soft-masked (__replay_soft_interrupts() calls its handler)') : this.envLabel(m, 'nested IRQ arrives (hardware IRQs are on)'), state: n, fired: [] }];
    let cur = n;
    for (const want of via.path) {
      const picked = this.pickSuccessor(cur, want);
      if (picked.label.expand) steps.push(...picked.label.expand());
      else steps.push(picked);
      // On from the state the search stored (see search.ts replay()).
      cur = picked.state;
    }
    if (via.inner) steps.push(...this.nestedSteps(cur, via.inner));
    return steps;
  }

  /** The labelled successor number `want` of `m` (replay: the order is fixed). */
  pickSuccessor(m: Machine, want: number): LabelledStep {
    let i = 0;
    let picked: LabelledStep | null = null;
    this.successors(
      m,
      (next, fired, label) => {
        if (i++ === want) picked = { label: label!, state: next, fired: fired ?? [] };
      },
      true,
    );
    if (!picked) throw new Error('replay diverged: the engine is not deterministic');
    return picked;
  }

  /**
   * CPU signatures at which an NMI has been injected in this run, as numbers (no key strings on
   * the hot path): the CPU word without lastStepChanged → preempt_count with the context counts
   * and the innermost context's toldOff → the arch word (0 without one) with the third word's
   * fields an NMI's code reads. Nested maps keep it exact.
   */
  private readonly nmiSignatures = new Map<number, Map<number, Set<number>>>();

  /** Whether an NMI was already injected in `m`'s CPU signature in this run; records it if not. */
  private nmiTried(m: Machine): boolean {
    const word = cpuWord0Of(m) >>> 0;
    // preempt_count is a 32-bit word (the encoding's); the counts below 16 (the encoding's 4 bits)
    // and toldOff one bit: at most 2^41, exact in a double.
    const counts = (m.preempt >>> 0) * 512 + m.contexts.length * 32 + m.nmiDepth() * 2 + (m.topContext?.toldOff ?? 0);
    // The arch word (28 bits) and the third word's fields an NMI's code reads (6 bits: the
    // per-CPU NMI nesting in_nmi() reads on the "flag" layouts, the SError/async mask that gates
    // NMI-class vectors, s390's EQS flag): at most 2^34, exact in a double. The third word's other
    // fields (exit work, rseq, the need_resched bookkeeping, the deferred rcuog wakeup) are read
    // and written only on the way back to a task (exit work, preemption, context tracking's user
    // enter), which an NMI's return never takes (irqentry_nmi_exit() and the arch NMI exits
    // restore and return): an NMI fires the same checks whatever they hold, and hands them back
    // as it found them. Counting them too measured 30 % more states on the bench rows.
    const arch = (this.prio || this.soft ? m.archWord() >>> 0 : 0) * 64 + m.nmiReadWord2();
    let byCounts = this.nmiSignatures.get(word);
    if (!byCounts) this.nmiSignatures.set(word, (byCounts = new Map()));
    let archWords = byCounts.get(counts);
    if (!archWords) byCounts.set(counts, (archWords = new Set()));
    if (archWords.has(arch)) return true;
    archWords.add(arch);
    return false;
  }

  private envLabel(m: Machine, action: string): StepLabel {
    const f = m.topFrame;
    const fn = f ? this.prog.functions[f.fn]!.ir : null;
    const op = f && fn ? fn.ops[f.pc] : null;
    return { action, fn: fn?.name ?? '', loc: op?.loc ?? null, level: Math.max(0, m.contexts.length - 1) };
  }

  /** The tree has TIF_NEED_RESCHED_LAZY and this config is the lazy preemption model. */
  private lazyPreemption(): boolean {
    return this.prog.layout.tif.NEED_RESCHED_LAZY !== undefined && this.cfg.kconfig('PREEMPT_LAZY') === true;
  }

  private setNeedReschedLazy(m: Machine): Machine {
    const n = m.clone();
    n.needReschedLazy = 1;
    n.lastStepChanged = 1;
    return n;
  }

  private setNeedResched(m: Machine): Machine {
    const n = m.clone();
    n.needResched = 1;
    // The remote CPU's resched_curr() sends this CPU a reschedule IPI (Machine.reschedIpi).
    n.reschedIpi = 1;
    n.lastStepChanged = 1;
    return n;
  }

  /**
   * An external interrupt taken while soft-masked (powerpc 64-bit, exceptions-64s.S: the common
   * entry tests paca->irq_soft_mask against the vector's mask bit and branches to
   * masked_interrupt): the pending bit is ORed into paca->irq_happened, and since PACA_IRQ_EE is
   * one of PACA_IRQ_MUST_HARD_MASK (the source stays asserted until it is handled) MSR[EE] is
   * cleared in the SRR1 the rfid restores and PACA_IRQ_HARD_DIS set. The interrupted code runs on
   * with MSR[EE] clear; arch_local_irq_restore() replays it when the soft mask is lifted. Nothing
   * else changes (the handler is a few instructions of assembly that touch only the paca).
   */
  private maskedInterrupt(m: Machine, soft: PpcSoftMaskLayout): Machine {
    const n = m.clone();
    n.irqHappened |= soft.EE;
    // A pending reschedule IPI may be this interrupt: recorded now, replayed before any return.
    n.reschedIpi = 0;
    if ((soft.EE & soft.MUST_HARD_MASK) !== 0) {
      n.msrEE = 0;
      n.irqHappened |= soft.HARD_DIS;
    }
    n.lastStepChanged = 1;
    return n;
  }

  /** Hardware delivers an interrupt: regs saved, IF cleared, the vector function called. */
  private deliver(m: Machine, kind: VectorKind, fnId: number, savedIF: number, userMode: number): void {
    this.pushContext(m, kind, savedIF, userMode, m.softMask, m.msrEE, kind !== VectorKind.Nmi && this.harness.eventChannel ? 1 : 0);
    // A pending reschedule IPI may be this interrupt: a nested IRQ, or the irq row's own vector.
    if (kind === VectorKind.Irq || (kind === VectorKind.Vector && fnId === this.harness.nestedIrq)) m.reschedIpi = 0;
    // With soft masking the interrupt clears MSR[EE] only; the soft mask, which is what the
    // kernel's IRQ flag is, stays until the entry code sets it (arch_interrupt_enter_prepare()).
    if (this.soft) m.msrEE = 0;
    else m.hwIF = 0;
    if (this.harness.asyncMask) m.asyncMasked = 1;
    if (this.prio) {
      // The exception masks all of DAIF; entry.S's kernel_entry saves PMR in regs->pmr and sets it
      // to the value the tree writes there (7.3: GIC_PRIO_IRQON | GIC_PRIO_PSR_I_SET: PSTATE.I
      // masks, and irqs_disabled() says so), layout.gicPrio.ENTRY_PMR.
      m.daifI = 1;
      m.daifD = 1;
      pmrWrite(m, this.prio, this.prio.ENTRY_PMR);
    }
    this.pushHandlerFrame(m, fnId);
  }

  /**
   * The interrupt context an arrival pushes: the CPU state its return restores (the saved IRQ
   * flag, soft mask and MSR[EE] are the regs' own, given), and where the handler's frames start.
   */
  private pushContext(m: Machine, kind: VectorKind, savedIF: number, userMode: number, savedSoftMask: number, savedMsrEE: number, eventsPending: number): void {
    // The fields in the order decode() creates them: every context then has one object shape
    // (Machine.clone()'s copy reads them monomorphically).
    const ctx: InterruptContext = {
      kind,
      savedIF,
      userMode,
      savedLockdepOn: m.lockdepOn,
      savedTracerOff: m.tracerOff,
      savedRcuWatching: m.rcuWatching,
      savedNmiNonidle: m.nmiNonidle,
      toldOff: 0,
      savedCt: m.ct,
      savedRcuNesting: m.rcuNesting,
      savedNmiOffset: m.nmiOffset,
      frameBase: m.frames.length,
      eventsPending,
      savedXenInHcall: m.xenInHcall,
      savedAsyncMasked: m.asyncMasked,
      savedPmr: m.pmr,
      savedDaifI: m.daifI,
      savedDaifD: m.daifD,
      // s390: arch_cpu_idle() set CIF_ENABLED_WAIT before loading the wait PSW, so the flag is set
      // for an interruption of the idle task's enabled wait: the outermost one, of the idle task,
      // with I/O and external interruptions on in the old PSW (idle-eqs). Nothing else sets it.
      enabledWait: m.layout.enabledWaitFlag !== undefined && interruptsIdleWait(m, savedIF, userMode, m.contexts.length) ? 1 : 0,
      pswIrqsMasked: 0,
      savedSoftMask,
      savedMsrEE,
      entrySoftMask: m.softMask,
      entryHappened: m.irqHappened,
      // powerpc 64-bit: regs->nip is user text (below __end_soft_masked), the head text the
      // harness marks, or kernel C text; the handler itself runs C.
      nip: m.layout.ppcSoftMask ? (userMode || m.belowEndSoftMasked ? NipPlace.Below : NipPlace.Above) : 0,
      savedBelowEndSoftMasked: m.belowEndSoftMasked,
      savedPreempt: m.preempt,
      savedLockdepCtx: m.lockdepCtx,
      // arm64 6.x: entry.S does not write the pt_regs members only its C helpers use.
      regsExitRcu: RegsSlot.Unwritten,
      regsLockdepHardirqs: RegsSlot.Unwritten,
    };
    m.contexts.push(ctx);
    m.belowEndSoftMasked = 0;
  }

  /** The handler's frame on top, its regs parameter naming the context just pushed. */
  private pushHandlerFrame(m: Machine, fnId: number): void {
    const fn = this.prog.functions[fnId]!;
    const locals = new Array<number>(fn.nLocals).fill(0);
    // The regs token goes to the parameter named regs (do_syscall_64 took (nr, regs) before 6.0),
    // or the first one.
    if (fn.ir.params.length > 0) locals[Math.max(0, fn.ir.params.indexOf('regs'))] = m.contexts.length;
    m.frames.push({ fn: fnId, pc: 0, instr: 0, locals });
    m.lastStepChanged = 1;
  }

  /**
   * Who makes the call `op` of `fn` in what a report says: `fn` at `op`, except in a config
   * dispatcher (BoundFunction.configDispatcher), whose call of `name[<configs>]` is the caller's
   * call of `name` at the caller's call site. objtool names the function called, never a text of
   * it; and two call sites of one dispatched function are two findings, not one at the
   * dispatcher.
   */
  private reportSite(m: Machine, fn: BoundFunction, op: CallOp): { fn: string; loc: SourceLoc; callee: string } {
    if (fn.configDispatcher && m.frames.length >= 2) {
      const below = m.frames[m.frames.length - 2]!;
      const caller = this.prog.functions[below.fn]!.ir;
      const callOp = caller.ops[below.pc];
      if (callOp) return { fn: caller.name, loc: callOp.loc, callee: fn.ir.name };
    }
    return { fn: fn.ir.name, loc: op.loc, callee: op.callee };
  }

  /** NMI-class events the CPU is inside: delivered NMIs, and the row's vector when it is one. */
  nmiClassDepth(m: Machine): number {
    let n = m.nmiDepth();
    if (this.harness.nmiClass && m.contexts[0]?.kind === VectorKind.Vector) n++;
    return n;
  }

  /** noinstr-ness and objtool's count at the top frame: __always_inline code belongs to its caller. */
  noinstrContext(m: Machine): { noinstr: boolean; depth: number; fn: BoundFunction } {
    let depth = 0;
    const top = this.prog.functions[m.topFrame!.fn]!;
    const base = m.topContext?.frameBase ?? 0;
    for (let i = m.frames.length - 1; i >= 0; i--) {
      const f = m.frames[i]!;
      const fn = this.prog.functions[f.fn]!;
      depth += f.instr;
      if (fn.noinstr) return { noinstr: true, depth, fn };
      if (!fn.alwaysInline || i === base) return { noinstr: false, depth, fn: top };
    }
    return { noinstr: false, depth, fn: top };
  }

  /** Checks made at every call into instrumentable code (I11, I2, and the I1/I3/I16 hazards). */
  private instrumentableCall(m: Machine, callee: string, rcuIdleSafe: boolean, transition: boolean): void {
    const ctx = this.noinstrContext(m);
    if (ctx.noinstr && ctx.depth <= 0) this.sink.report(CHECK_NOINSTR_CALL, ctx.fn.ir.name, callee);
    if (!rcuIdleSafe && m.rcuWatching === 0) this.sink.report(CHECK_INSTR_WITHOUT_RCU, callee);
    // lockdep's soft state and the hardware disagree where instrumentable code runs: "on" with the
    // hardware off is I1's (entry) or I3's (exit) window, "off" with the hardware on is I16's.
    if (!transition && m.lockdepOn !== m.hwIF && lockdepTracksContext({ m, cfg: this.cfg })) {
      if (m.hwIF === 0) this.sink.report(m.topContext?.toldOff ? CHECK_EXIT_HAZARD : CHECK_ENTRY_HAZARD, callee);
      else this.sink.report(CHECK_UNANNOTATED_IRQS_ON, callee);
    }
  }

  /** Zero the top frame's dead slots (program.ts `deadAt`): values nothing will read. */
  private canon(n: Machine): void {
    const f = n.topFrame;
    if (!f) return;
    const dead = this.prog.functions[f.fn]!.deadAt[f.pc];
    if (!dead) return;
    // After an IRET the top frame is the interrupted one, shared with the state before the step:
    // made writable only when a dead slot is not zero already.
    let own: Frame | null = null;
    for (const s of dead) if (f.locals[s] !== 0) (own ??= n.writableFrame(n.frames.length - 1)).locals[s] = 0;
  }

  /**
   * One local step (an assignment, a branch or a jump) of `n`'s top frame, in place (`n` is a
   * clone). Such a step reads locals, constants, the config and the interrupted
   * contexts' saved regs, writes only the frame, and fires no check.
   */
  private localStep(n: Machine, labels: boolean, level: number): StepLabel | null {
    // After an IRET the top frame is the interrupted one, shared with the state before the step.
    const f = n.writableFrame(n.frames.length - 1);
    const fn = this.prog.functions[f.fn]!;
    const pc = f.pc;
    const op = fn.ir.ops[pc]!;
    n.lastStepChanged = 0;
    switch (op.kind) {
      case OpKind.Assign:
        f.locals[op.slot] = fn.exprs[pc]!(f.locals, n, this.cfg) | 0;
        f.pc++;
        return labels ? { action: `${fn.ir.slotNames[op.slot]} = …`, fn: fn.ir.name, loc: op.loc, level } : null;
      case OpKind.BranchIfFalse: {
        const taken = fn.exprs[pc]!(f.locals, n, this.cfg) !== 0;
        f.pc = taken ? pc + 1 : op.target;
        return labels ? { action: `if (${op.condText}) → ${taken ? 'true' : 'false'}`, fn: fn.ir.name, loc: op.loc, level } : null;
      }
      case OpKind.Jump:
        f.pc = op.target;
        return labels ? { action: 'jump', fn: fn.ir.name, loc: op.loc, level } : null;
      default:
        throw new Error(`localStep at op kind ${op.kind}`);
    }
  }

  /**
   * Whether the step that made `n` may run on through `n`'s next step in the same transition
   * (step merging, ExploreBounds.localMerge): the next step is not a reschedPoint (so not an
   * irqPoint, and not a backward jump or branch), and has one successor (not an opaque load or
   * store, whose unconstrained value is a choice). Such a step is an assignment, a branch or a
   * jump, a call of a function that is not instrumentable, a return that does not IRET, or a
   * load or store through a pointer to a local: it reads and writes only the frames, never the
   * CPU state (see irqPoint). At `n` the full graph offers that step and, if the step before
   * changed CPU state, an NMI; no nested IRQ and no remote need_resched (irqPoint,
   * reschedPoint). An NMI reads only CPU state and hands it back to frames it never touched, so
   * the NMI before the frame-only step and the NMI after it reach the same states with the same
   * firings: reschedPoint's argument, applied to the NMI, which mergeRun therefore offers at the
   * end of the run (lastStepChanged carried over). So the search stores one state for a step and
   * the run of frame-only steps after it: the same firings at the same places, in fewer states.
   * Traces are shortest counting such a run as part of the step before (replay still prints every
   * step). A backward jump or branch ends a run, so a loop still stores a state per round; a step
   * that fired a check ends one too, so that its trace ends at the firing.
   */
  private mergeable(n: Machine): boolean {
    const f = n.topFrame;
    if (!f || n.done || n.halted || !n.started) return false;
    const fn = this.prog.functions[f.fn]!;
    const op = fn.ir.ops[f.pc];
    if (!op || (op.kind === OpKind.Call && fn.callees[f.pc]!.kind === CalleeKind.Opaque)) return false;
    return !this.reschedPoint(n);
  }

  /** An assignment, a branch or a jump: a step localStep() takes in place. */
  private localOp(n: Machine): boolean {
    const f = n.topFrame!;
    const kind = this.prog.functions[f.fn]!.ir.ops[f.pc]!.kind;
    return kind === OpKind.Assign || kind === OpKind.BranchIfFalse || kind === OpKind.Jump;
  }

  /**
   * Runs `n` (a step's successor, `label` its step) on through its run of frame-only steps (see
   * mergeable) and emits the state(s) at the end: local steps in place, any other through
   * programStep, whose own emit merges on.
   */
  private mergeRun(n: Machine, label: StepLabel | null, outerEmit: Emit, labels: boolean): void {
    const changed = n.lastStepChanged;
    const level = n.contexts.length - 1;
    if (!labels) {
      // The search: one state stored for the step and the whole run. Dead slots are zeroed after
      // every step, as the replay below does: a run that calls a function leaves its caller's
      // frame below, and that frame must be the same in both, or the replay would reach a state
      // the search never stored (and the search would keep states that differ only in a dead
      // caller slot).
      this.canon(n);
      while (this.localOp(n) && this.mergeable(n)) {
        this.localStep(n, false, level);
        this.canon(n);
      }
      if (!this.mergeable(n)) {
        n.lastStepChanged = changed;
        outerEmit(n, null, null);
        return;
      }
      this.programStep(n, (next, fired) => {
        next.lastStepChanged |= changed;
        outerEmit(next, fired, null);
      }, false);
      return;
    }
    // Replay: the step and each step after it, each with its own state, behind one successor
    // (the same final state as the search's: canon zeroes only dead slots).
    this.canon(n);
    const steps: LabelledStep[] = [{ label: label!, state: n, fired: [] }];
    let cur = n;
    while (this.localOp(cur) && this.mergeable(cur)) {
      const next = cur.clone();
      const l = this.localStep(next, true, level)!;
      this.canon(next);
      steps.push({ label: l, state: next, fired: [] });
      cur = next;
    }
    if (!this.mergeable(cur)) {
      cur.lastStepChanged = changed;
      outerEmit(cur, null, { ...label!, expand: () => steps });
      return;
    }
    this.programStep(cur, (next, fired, l) => {
      next.lastStepChanged |= changed;
      const rest = l!.expand ? l!.expand() : [{ label: l!, state: next, fired: fired ?? [] }];
      outerEmit(next, fired, { ...label!, expand: () => [...steps, ...rest] });
    }, true);
  }

  private programStep(m: Machine, outerEmit: Emit, labels: boolean): void {
    // A step that ends an interrupt (an IRET, a replayed handler's return) is not merged with
    // the interrupted code's steps after it: a summarised nested IRQ's outcome is the state right
    // after its end (search.ts summarizeNested), and the interrupted path goes on from there with
    // its own steps. Merged, the summary's last state would run ahead of the outcome the outer
    // search continues from, and a replayed trace would follow the summary's state, not the
    // search's.
    const depth = m.contexts.length;
    const emit: Emit = (n, fired, label) => {
      if (this.bounds.localMerge !== false && (!fired || fired.length === 0) && n.contexts.length >= depth && this.mergeable(n)) {
        this.mergeRun(n, label, outerEmit, labels);
        return;
      }
      this.canon(n);
      outerEmit(n, fired, label);
    };
    const frame = m.topFrame!;
    const fn = this.prog.functions[frame.fn]!;
    const op = fn.ir.ops[frame.pc]!;
    const level = m.contexts.length - 1;
    const sink = this.sink;
    switch (op.kind) {
      case OpKind.Assign:
      case OpKind.BranchIfFalse:
      case OpKind.Jump: {
        const n = m.clone();
        emit(n, null, this.localStep(n, labels, level));
        return;
      }
      case OpKind.Return: {
        const n = m.clone();
        const b0 = cpuWord0Of(n), b1 = n.preempt, b2 = n.cpuWord2(), b3 = n.archWord();
        const f = n.topFrame!;
        const value = fn.exprs[frame.pc] ? fn.exprs[frame.pc]!(f.locals, n, this.cfg) | 0 : 0;
        sink.begin(n, fn.ir.name, op.loc);
        if (fn.noinstr && f.instr !== 0) sink.report(CHECK_RETURN_INSTR, fn.ir.name);
        n.frames.pop();
        const ctx = n.topContext!;
        let action: string;
        if (n.frames.length === ctx.frameBase && ctx.kind !== VectorKind.Replay) {
          action = this.iret(n, ctx, fn.ir.name);
        } else {
          // A replayed handler returns to its caller like any function; its frame goes with it.
          if (n.frames.length === ctx.frameBase) n.contexts.pop();
          // The caller's frame is shared with the state before the step (Machine.sharedFrames).
          const caller = n.writableFrame(n.frames.length - 1);
          // An __always_inline body's instrumentation sections are the caller's.
          if (fn.alwaysInline) caller.instr += f.instr;
          const callOp = this.prog.functions[caller.fn]!.ir.ops[caller.pc] as CallOp;
          if (callOp.result >= 0) caller.locals[callOp.result] = value;
          caller.pc++;
          action = labels ? `return from ${fn.ir.name}()` : '';
        }
        n.lastStepChanged = cpuChanged(n, b0, b1, b2, b3);
        emit(n, sink.fired, labels ? { action, fn: fn.ir.name, loc: op.loc, level } : null);
        return;
      }
      case OpKind.Call:
        this.call(m, fn, op, emit, labels, level);
        return;
    }
  }

  private call(m: Machine, fn: BoundFunction, op: CallOp, emit: Emit, labels: boolean, level: number): void {
    const frame = m.topFrame!;
    const callee = fn.callees[frame.pc]!;
    const argFns = fn.args[frame.pc]!;
    // A loop, not map(): no closure per call.
    const args = new Array<number>(argFns.length);
    for (let i = 0; i < argFns.length; i++) args[i] = argFns[i]!(frame.locals, m, this.cfg) | 0;
    const sink = this.sink;
    // Only a labelled replay prints it: the search builds no strings per step.
    const callText = labels ? `${op.callee}(${op.argText.join(', ')})` : '';
    switch (callee.kind) {
      case CalleeKind.Function: {
        if (callee.fn === this.harness.replayIrq) {
          this.replayCall(m, fn, op, emit, labels, level);
          return;
        }
        const target = this.prog.functions[callee.fn]!;
        const n = m.clone();
        const at = this.reportSite(m, fn, op);
        sink.begin(n, at.fn, at.loc);
        if (n.frames.length >= MAX_FRAMES) {
          // Unbounded recursion: the kernel stack would overflow.
          sink.report(CHECK_COUNTER_RUNAWAY, 'the call stack', `${op.callee}() called at depth ${n.frames.length}`);
          emit(n, sink.fired, labels ? { action: `call ${callText}`, fn: fn.ir.name, loc: op.loc, level } : null);
          return;
        }
        if (target.instrumentable) this.instrumentableCall(n, at.callee, false, false);
        const locals = new Array<number>(target.nLocals).fill(0);
        for (let i = 0; i < target.ir.params.length && i < args.length; i++) locals[i] = args[i]!;
        n.frames.push({ fn: callee.fn, pc: 0, instr: 0, locals });
        n.lastStepChanged = 0;
        emit(n, sink.fired, labels ? { action: `call ${callText}`, fn: fn.ir.name, loc: op.loc, level } : null);
        return;
      }
      case CalleeKind.Opaque: {
        const site = callee.site;
        // Inline asm and compiler builtins are not calls (no instrumentation checks), but their
        // value is unconstrained and a local they get the address of may be written.
        const asm = site.access === 'asm' || site.access === 'builtin';
        const call = site.access === 'call' || asm;
        // Locals whose address the callee gets: it may write them (havoc), like its result.
        const havoc: { frame: number; slot: number; name: string; outcomes: OpaqueOutcomes }[] = [];
        if (call) {
          for (const a of args) {
            const p = decodeLocalPointer(a);
            // A value that only looks like a local pointer (an integer with the tag's bits, e.g.
            // powerpc's segment-register value mfsr() | SR_KS) names no slot of the frame.
            const owner = p && p.slot < (m.frames[p.frame]?.locals.length ?? 0) ? m.frames[p.frame] : undefined;
            if (!p || !owner || havoc.some((h) => h.frame === p.frame && h.slot === p.slot)) continue;
            const ownerFn = this.prog.functions[owner.fn]!;
            havoc.push({ ...p, name: ownerFn.ir.slotNames[p.slot] ?? `slot ${p.slot}`, outcomes: ownerFn.slotOutcomes(p.slot) });
          }
        }
        this.opaqueStep(m, fn, op, site, op.result >= 0 ? this.resultOutcomes(fn, m.topFrame!.pc, callee.outcomes) : null, havoc, callee.instrumentable, emit, labels, level, !labels ? '' : asm ? `${callText} [opaque: ${site.access === 'builtin' ? 'compiler builtin' : 'inline asm'}]` : call ? `${callText} [opaque: not modelled]` : `${site.callee} = ${op.argText[1] ?? '…'} [store to memory kentry does not track]`);
        return;
      }
      case CalleeKind.Builtin: {
        const p = decodeLocalPointer(args[0] ?? 0);
        const owner = p && p.slot < (m.frames[p.frame]?.locals.length ?? 0) ? m.frames[p.frame] : undefined;
        if (p && owner) {
          // Through a pointer to a live local: read or write the caller's slot.
          const n = m.clone();
          const f = n.topFrame!;
          const target = callee.op === BuiltinOp.Load ? n.frames[p.frame]! : n.writableFrame(p.frame);
          const name = this.prog.functions[owner.fn]!.ir.slotNames[p.slot] ?? `slot ${p.slot}`;
          let action: string;
          if (callee.op === BuiltinOp.Load) {
            const v = target.locals[p.slot]! | 0;
            if (op.result >= 0) f.locals[op.result] = v;
            action = labels ? `${op.argText[0] ?? '*p'} → ${name} = ${v}` : '';
          } else {
            target.locals[p.slot] = (args[1] ?? 0) | 0;
            action = labels ? `*${op.argText[0] ?? 'p'} = ${args[1] ?? 0} → ${name}` : '';
          }
          f.pc++;
          n.lastStepChanged = 0;
          emit(n, null, labels ? { action, fn: fn.ir.name, loc: op.loc, level } : null);
          return;
        }
        // Any other pointer: memory the model does not track.
        const load = callee.op === BuiltinOp.Load;
        const action = !labels ? '' : load ? `${op.argText[0] ?? '*p'} [load from memory kentry does not track]` : `*${op.argText[0] ?? 'p'} = ${op.argText[1] ?? '…'} [store to memory kentry does not track]`;
        this.opaqueStep(m, fn, op, callee.site, load && op.result >= 0 ? this.resultOutcomes(fn, m.topFrame!.pc, callee.outcomes) : null, [], false, emit, labels, level, action);
        return;
      }
      case CalleeKind.Primitive: {
        const def = callee.def;
        const count = def.choices ? def.choices(new CallEnv(m, this.cfg, args, op.argText, 0, op.callee, null, null)) : 1;
        for (let choice = 0; choice < count; choice++) {
          let n = m.clone();
          const b0 = cpuWord0Of(n), b1 = n.preempt, b2 = n.cpuWord2(), b3 = n.archWord();
          sink.begin(n, fn.ir.name, op.loc);
          if (def.instrumentable && (def.builtIf?.(this.cfg) ?? true)) this.instrumentableCall(n, (typeof def.callsAs === 'function' ? def.callsAs(args) : def.callsAs) ?? op.callee, def.rcuIdleSafe === true, def.irqStateTransition === true);
          const env = new CallEnv(n, this.cfg, args, op.argText, choice, op.callee, sink, this);
          let ret = 0;
          try {
            ret = def.run(env);
            // A counter the primitive moved must still fit the state encoding (never truncated).
            checkCpuWidths(n);
          } catch (e) {
            // A counter ran past what the model encodes: report it (the path's earlier findings
            // stay) and end the path. Primitives throw before they store an out-of-range value.
            if (!(e instanceof ModelBoundError)) throw e;
            sink.report(CHECK_COUNTER_RUNAWAY, e.counter, e.bound);
            if (!cpuWidthsFit(n)) {
              // The primitive stored a value the encoding cannot hold: the path ends in the state
              // before the step (halted), never in a truncated one.
              const fired = sink.fired;
              n = m.clone();
              n.halted = 1;
              sink.m = n;
              sink.fired = fired;
            }
          }
          // instrumentation_begin/end change the frame, which may have been replaced by now.
          const f = n.topFrame!;
          if (!n.halted) {
            if (op.result >= 0) f.locals[op.result] = ret | 0;
            f.pc++;
          }
          n.lastStepChanged = cpuChanged(n, b0, b1, b2, b3);
          const outcome = count > 1 ? ` [outcome ${choice + 1}/${count}${choiceNote(def.name, choice)}]` : '';
          emit(n, sink.fired, labels ? { action: `${callSourceText(op)}${def.query ? ` = ${def.showResult ? def.showResult(ret) : ret}` : ''}${outcome}`, fn: fn.ir.name, loc: op.loc, level } : null);
        }
        return;
      }
    }
  }

  /** The values the result of the call at `pc` is explored with: one where nothing reads it (ExploreBounds.unreadValues). */
  private resultOutcomes(fn: BoundFunction, pc: number, outcomes: OpaqueOutcomes): OpaqueOutcomes {
    return fn.unreadResult[pc] && this.bounds.unreadValues !== false ? UNREAD_OUTCOME : outcomes;
  }

  /**
   * One step through an opaque site: every combination of the result's values and the havocked
   * locals' values is a successor (in a fixed order, for replay). Never a silent 0.
   */
  private opaqueStep(
    m: Machine,
    fn: BoundFunction,
    op: CallOp,
    site: OpaqueSiteInfo,
    result: OpaqueOutcomes | null,
    havoc: readonly { frame: number; slot: number; name: string; outcomes: OpaqueOutcomes }[],
    call: boolean,
    emit: Emit,
    labels: boolean,
    level: number,
    action: string,
  ): void {
    const sink = this.sink;
    // The key string is built once per site object, not once per step.
    if (!this.opaqueSeenSites.has(site)) {
      this.opaqueSeenSites.add(site);
      this.opaqueSeen.set(`${site.file}:${site.line}:${site.col}:${site.callee}`, site);
    }
    const dims: { values: readonly number[]; write: (n: Machine, v: number) => void; name: string }[] = [];
    if (result && result.values) {
      dims.push({ values: result.values, name: 'result', write: (n, v) => (n.topFrame!.locals[op.result] = v) });
    }
    for (const h of havoc) {
      const values = h.outcomes.values ?? [0];
      dims.push({ values, name: `*&${h.name}`, write: (n, v) => (n.writableFrame(h.frame).locals[h.slot] = v) });
    }
    let total = 1;
    for (const d of dims) total *= d.values.length;
    // Successor indices are 16-bit in the search's parent map.
    if (total > 0xfff0) throw new Error(`kentry limit: ${site.callee} at ${site.file}:${site.line} has ${total} outcomes (more than one step can have)`);
    const at = this.reportSite(m, fn, op);
    for (let choice = 0; choice < total; choice++) {
      const n = m.clone();
      sink.begin(n, at.fn, at.loc);
      if (call) this.instrumentableCall(n, at.callee, false, false);
      const picked: string[] = [];
      let rest = choice;
      for (const d of dims) {
        const v = d.values[rest % d.values.length]!;
        rest = Math.floor(rest / d.values.length);
        d.write(n, v);
        if (labels) picked.push(`${d.name} = ${v}`);
      }
      n.topFrame!.pc++;
      n.lastStepChanged = 0;
      const outcome = total > 1 ? ` [outcome ${choice + 1}/${total}: ${picked.join(', ')}]` : '';
      emit(n, sink.fired, labels ? { action: `${action}${outcome}`, fn: fn.ir.name, loc: op.loc, level, opaque: site } : null);
    }
  }

  /** Return from a vector: check the state handed back, restore IF, pop the context. */
  private iret(m: Machine, ctx: InterruptContext, fnName: string): string {
    const sink = this.sink;
    const what = ctx.kind === VectorKind.Nmi ? 'NMI return' : 'IRET';
    const onOff = (on: number) => (on ? 'on' : 'off');
    if (ctx.kind === VectorKind.Nmi) {
      if (lockdepActive({ m, cfg: this.cfg }) && m.lockdepOn !== ctx.savedLockdepOn) sink.report(CHECK_IRET_LOCKDEP, `${fnName}: ${what}`, String(ctx.savedIF), `${onOff(m.lockdepOn)} (before the NMI: ${onOff(ctx.savedLockdepOn)})`);
      if (this.cfg.lockdep && m.tracerOff !== ctx.savedTracerOff) {
        sink.report(CHECK_IRET_TRACER, `${fnName}: ${what}`, String(ctx.savedIF), `${onOff(1 - m.tracerOff)} (before the NMI: ${onOff(1 - ctx.savedTracerOff)})`);
        // Reported once, here, at its root: the model resynchronises the tracer so the stale flag
        // does not reappear as a finding at every later return.
        m.tracerOff = ctx.savedTracerOff;
      }
    } else {
      // The soft state handed back must agree with the IF the return restores — or be exactly what
      // the interrupted context had, where that context itself runs with the two apart: the 6.12+
      // idle wait has the hardware on and lockdep and the tracer "off" (ModelLayout.
      // idleWaitSoftIrqs). There an IRQ's irqentry_exit() tells them "on" from the saved IF, while
      // an NMI-class bracket (irqentry_nmi_exit(), riscv's kernel traps, arm64's EL1 debug) gives
      // back the "off" it sampled; the idle code is right with either.
      //
      // What the return restores is the old PSW/flags the handler leaves in pt_regs: the saved IF,
      // unless s390's handler masked I/O and external interruptions in it (pswIrqsMasked). It does
      // that on purpose for the idle wait only (do_io_irq()/do_ext_irq(), from_idle): the CPU
      // resumes after the wait instruction with interruptions masked, where the idle code, right
      // with either soft state, turns them on with local_irq_enable() (default_idle_call()). For
      // any other context a masked return hands back a state the interrupted code never had.
      const restored = restoredIF(ctx);
      const unchanged = restored === ctx.savedIF;
      const idleWait = ctx.pswIrqsMasked === 1 && interruptsIdleWait(m, ctx.savedIF, ctx.userMode, m.contexts.length - 1);
      if (lockdepActive({ m, cfg: this.cfg }) && m.lockdepOn !== restored && !(unchanged && m.lockdepOn === ctx.savedLockdepOn) && !(idleWait && m.lockdepOn === ctx.savedIF)) sink.report(CHECK_IRET_LOCKDEP, `${fnName}: ${what}`, String(restored), onOff(m.lockdepOn));
      if (this.cfg.lockdep && m.tracerOff === restored && !(unchanged && m.tracerOff === ctx.savedTracerOff) && !(idleWait && m.tracerOff !== ctx.savedIF)) sink.report(CHECK_IRET_TRACER, `${fnName}: ${what}`, String(restored), onOff(1 - m.tracerOff));
    }
    if (m.rcuWatching !== ctx.savedRcuWatching || m.rcuNesting !== ctx.savedRcuNesting || m.nmiNonidle !== ctx.savedNmiNonidle || m.nmiOffset !== ctx.savedNmiOffset) {
      const saved = new Machine(m.layout);
      saved.setNmiNesting(ctx.savedNmiNonidle, ctx.savedNmiOffset);
      const rcuNow = `watching=${m.rcuWatching} nesting=${m.rcuNesting} nmi_nesting=${m.nmiNesting}`;
      const rcuThen = `watching=${ctx.savedRcuWatching} nesting=${ctx.savedRcuNesting} nmi_nesting=${saved.nmiNesting}`;
      sink.report(CHECK_IRET_RCU, `${fnName}: ${what}`, rcuNow, rcuThen);
    }
    if (m.preempt !== ctx.savedPreempt) sink.report(CHECK_IRET_PREEMPT, `${fnName}: ${what}`, decodePreemptCount(m.preempt, m.layout.preempt), decodePreemptCount(ctx.savedPreempt, m.layout.preempt));
    if (this.cfg.lockdep && m.lockdepCtx !== ctx.savedLockdepCtx) sink.report(CHECK_IRET_HARDIRQ_CONTEXT, `${fnName}: ${what}`, String(m.lockdepCtx));
    if (this.cfg.contextTracking && m.ct !== ctx.savedCt) sink.report(CHECK_IRET_CT, `${fnName}: ${what}`, CT_STATE_NAMES[m.ct] ?? '?', CT_STATE_NAMES[ctx.savedCt] ?? '?');
    if (ctx.kind !== VectorKind.Nmi && !(ctx.kind === VectorKind.Vector && this.harness.nmiClass)) this.taskReturnChecks(m, ctx, `${fnName}: ${what}`);
    // rfid restores MSR[EE] from SRR1 (the saved MSR, which the return path may have cleared EE
    // in); the soft mask is what the return path stored before it (interrupt_64.S).
    if (this.soft) m.msrEE = ctx.savedMsrEE;
    else m.hwIF = restoredIF(ctx);
    m.asyncMasked = ctx.savedAsyncMasked;
    // ERET restores PSTATE from SPSR; kernel_exit restores PMR from regs->pmr first.
    m.pmr = ctx.savedPmr;
    m.daifI = ctx.savedDaifI;
    m.daifD = ctx.savedDaifD;
    m.belowEndSoftMasked = ctx.savedBelowEndSoftMasked;
    m.contexts.pop();
    if (m.contexts.length === 0) m.done = 1;
    return `${what} from ${fnName}() (IF := ${restoredIF(ctx)})`;
  }

  /** The I15 finding for a state from which the vector can never return (search.ts decides). */
  noProgress(m: Machine, parent: Machine): FiredCheck {
    // Located at the step that entered the stuck region (the trace's last step is that step).
    const f = parent.topFrame;
    const fn = f ? this.prog.functions[f.fn]!.ir : null;
    const stack: string[] = [];
    for (let i = m.frames.length - 1; i >= (m.topContext?.frameBase ?? 0) && stack.length < 4; i--) stack.push(`${this.prog.functions[m.frames[i]!.fn]!.ir.name}()`);
    const what = m.contexts.length > 1 ? `${this.harness.vectorName} (with ${m.contexts.length - 1} nested event(s) on top)` : this.harness.vectorName;
    return { check: CHECK_NO_PROGRESS, details: [what, stack.join(' called from ')], fn: fn?.name ?? '', loc: f && fn ? (fn.ops[f.pc]?.loc ?? null) : null };
  }

  /** What a return to the interrupted task owes it (not NMIs: they do no exit work by design). */
  private taskReturnChecks(m: Machine, ctx: InterruptContext, where: string): void {
    const sink = this.sink;
    // I10: the flag belongs to the interrupted task; whatever the upcall did with it, the task
    // gets its own value back.
    if (m.xenInHcall !== ctx.savedXenInHcall) {
      const why = ctx.savedXenInHcall ? 'the hypercall goes on without its preemption points' : 'a task that is not in a hypercall is treated as preemptible';
      sink.report(CHECK_IRET_XEN_FLAG, where, String(m.xenInHcall), String(ctx.savedXenInHcall), why);
    }
    // A preemptible hypercall is the one preemption point a !PREEMPTION Xen PV kernel has in it:
    // a reschedule the event handler asked for must be acted on before the hypercall resumes.
    if (ctx.savedXenInHcall && ctx.savedIF && !ctx.userMode && ctx.savedPreempt === 0 && m.needResched && m.reschedKnown && !this.cfg.preemption) {
      sink.report(CHECK_HCALL_PREEMPTION_MISSED, where);
    }
    if (ctx.eventsPending) sink.report(CHECK_XEN_EVENTS_UNHANDLED, where);
    if (!ctx.userMode) return;
    if (m.reschedUnseen) sink.report(CHECK_RESCHED_UNSEEN);
    // A remote request whose IPI this CPU has not taken yet is that IPI's: it arrives in user
    // mode as soon as the return enables IRQs, and its exit schedules.
    else if ((m.needResched || m.needReschedLazy) && m.reschedKnown && !(m.needResched && m.reschedIpi)) sink.report(CHECK_USER_RETURN_RESCHED);
    if (m.userWork) sink.report(CHECK_USER_RETURN_WORK, userWorkNames(m.userWork));
    if (m.rcuogDeferred) sink.report(CHECK_USER_RETURN_RCUOG);
  }
}

/** cpuWord0() without lastStepChanged (bit 15), which says what the step before did, not what the CPU is. */
function cpuWord0Of(m: Machine): number {
  return m.cpuWord0() & ~(1 << 15);
}

/**
 * 1 if `m`'s CPU state differs from the one recorded before a step (cpuWord0Of(), preempt_count,
 * cpuWord2(), archWord()): the step's Machine.lastStepChanged. Only after such a step is an NMI
 * offered (Engine.successors), on the argument that an NMI reads only CPU state, so that an NMI
 * after a step that changed none of it sees what the NMI before the step saw. That holds only if
 * every field an NMI can read is compared: arm64's PMR and DAIF bits and powerpc's soft mask,
 * MSR[EE] and regs->nip place (the arch word) decide whether and how an NMI is taken, and the
 * third word holds the per-CPU NMI nesting that in_nmi() reads on the "flag" layouts. The words
 * are compared exactly: a hash of them could hide a change.
 */
function cpuChanged(m: Machine, w0: number, preempt: number, w2: number, arch: number): number {
  return cpuWord0Of(m) !== w0 || m.preempt !== preempt || m.cpuWord2() !== w2 || m.archWord() !== arch ? 1 : 0;
}

function cpuWidthsFit(m: Machine): boolean {
  try {
    checkCpuWidths(m);
    return true;
  } catch (e) {
    if (e instanceof ModelBoundError) return false;
    throw e;
  }
}

function choiceNote(name: string, choice: number): string {
  if (name === 'generic_handle_irq') return choice === 1 ? ': raises a softirq' : ': no softirq';
  if (name === 'rcu_irq_enter_check_tick' || name === 'rcu_irq_enter' || name === 'rcu_nmi_enter') return choice === 1 ? ': RCU needs a QS urgently, takes rcu_node lock' : '';
  return '';
}
