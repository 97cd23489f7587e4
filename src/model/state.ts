// One CPU as the kernel sees it (kentry-ref §2), plus the interpreter's call stacks.
//
// `Machine` is the decoded, mutable form the kernel primitives operate on; `encode`/`decode`
// turn it into a short run of uint32 words for the visited set. Every field is a small integer
// and every counter is bounded: overflowing a bound throws (a model bug), it never wraps.

import type { StateSnapshot } from '../report/schema.ts';
import { CLASSIC_LAYOUT, type ModelLayout, type PreemptLayout, type ThreadFlagLayout } from '../tree/layout.ts';

/**
 * A counter ran past the range the model encodes. Always the consequence of an unbalanced
 * enter/exit pair (the kernel's counters would drift the same way); the engine reports it as a
 * finding and ends the path instead of losing the report.
 */
export class ModelBoundError extends Error {
  constructor(
    readonly counter: string,
    readonly bound: string,
  ) {
    super(`model bound: ${counter} ${bound}`);
  }
}

// preempt_count's layout is the tree's (src/tree/layout.ts): every Machine carries the layout it
// was built for, and nothing here assumes where a field sits. The bundled seed model uses the
// classic 5.8 layout.
export { CLASSIC_LAYOUT } from '../tree/layout.ts';

/** Context-tracking states, numbered as the kernel numbers them. */
export const enum CtState {
  Kernel = 0,
  Idle = 1,
  User = 2,
  Guest = 3,
}
export const CT_STATE_NAMES = ['KERNEL', 'IDLE', 'USER', 'GUEST'] as const;

/** What kind of hardware event opened an interrupt context. */
export const enum VectorKind {
  /** The vector under check (the first one delivered). */
  Vector = 0,
  /** A nested IRQ injected while hardware IRQs were on. */
  Irq = 1,
  /** An NMI injected between two state updates. */
  Nmi = 2,
  /**
   * powerpc 64-bit: a soft-masked interrupt replayed by arch_local_irq_restore() — its handler
   * called as a function with a frame made to look like an interrupted soft-enabled kernel context
   * (kentry_powerpc_replay_regs()). Popped when the handler returns: no interrupt return, nothing
   * restored, no return checks.
   */
  Replay = 3,
}

/**
 * RCU's irq/NMI nesting counter. Its task-level value is the NONIDLE crowbar (LONG_MAX/2 + 1),
 * so it is kept as `nonidle` (0/1) plus a small signed offset: NONIDLE+2 is {1, 2}, the
 * "outermost IRQ that woke RCU" value is {0, 1}.
 */
export const NMI_NESTING_MIN = -8;
export const NMI_NESTING_MAX = 23;

export interface Frame {
  fn: number;
  pc: number;
  /** objtool's instrumentation_begin() depth for this function activation. */
  instr: number;
  locals: number[];
}

/** Saved at delivery; read by `regs` accessors and compared at IRET. */
export interface InterruptContext {
  kind: VectorKind;
  /** regs->flags & X86_EFLAGS_IF of the interrupted context. */
  savedIF: number;
  /** user_mode(regs). */
  userMode: number;
  /** Index in `frames` of the vector function's frame. */
  frameBase: number;
  /** Soft state of the interrupted context, for the "state at return" checks (I4, I6, I12). */
  savedLockdepOn: number;
  savedTracerOff: number;
  savedRcuWatching: number;
  savedRcuNesting: number;
  savedNmiNonidle: number;
  savedNmiOffset: number;
  /** preempt_count of the interrupted context (all 32 bits). */
  savedPreempt: number;
  /** lockdep's hardirq_context of the interrupted context. */
  savedLockdepCtx: number;
  savedCt: number;
  /** Whether lockdep has been told "off" in this context yet (splits I1 from I3 hazards). */
  toldOff: number;
  /** The per-CPU xen_in_preemptible_hcall flag when the event arrived (I10: it follows the task). */
  savedXenInHcall: number;
  /** The interrupted context's PSTATE.A (arm64), restored by the exception return. */
  savedAsyncMasked: number;
  /** arm64 with GIC priority masking: the interrupted context's ICC_PMR_EL1 (regs->pmr, saved by
   *  entry.S), PSTATE.I and PSTATE.D, restored by the exception return. 0 elsewhere. */
  savedPmr: number;
  savedDaifI: number;
  savedDaifD: number;
  /** s390: the CPU flag CIF_ENABLED_WAIT (ModelLayout.enabledWaitFlag) for this interruption: set
   *  where it interrupted the idle task's enabled wait (arch_cpu_idle() sets the flag before it
   *  loads the wait PSW), cleared by the interrupt handler's test_and_clear_cpu_flag(). 0 elsewhere. */
  enabledWait: number;
  /** s390: the handler cleared the I/O and external bits of the old PSW in pt_regs
   *  (`regs->psw.mask &= ~(PSW_MASK_EXT | PSW_MASK_IO | …)`), so the return loads a PSW with
   *  interruptions masked whatever the interrupted context had. 0 elsewhere. */
  pswIrqsMasked: number;
  /** powerpc 64-bit: regs->softe, the soft mask the interrupted context had (the entry asm saves
   *  paca->irq_soft_mask there), and its MSR[EE] (SRR1's), which the return restores. 0 elsewhere. */
  savedSoftMask: number;
  savedMsrEE: number;
  /** powerpc 64-bit: paca->irq_soft_mask and ->irq_happened when the interrupt arrived, what an
   *  NMI handler's struct interrupt_nmi_state saves and puts back (entry-common.h). */
  entrySoftMask: number;
  entryHappened: number;
  /** powerpc 64-bit: where regs->nip (SRR0, the interrupted instruction) lies against
   *  `__end_soft_masked`, the end of head_64.S's text (interrupt_64.S, included there): a NipPlace. is_implicit_soft_masked() reads
   *  it. And whether the interrupted CPU was running that head text (Machine.belowEndSoftMasked),
   *  which the return restores. 0 elsewhere. */
  nip: number;
  savedBelowEndSoftMasked: number;
  /**
   * A Xen event-channel upcall whose events are not handled yet (evtchn_upcall_pending): set at
   * delivery, cleared by the event handler. Returning with it set means the hypervisor delivers
   * the upcall again at once, forever (I15).
   */
  eventsPending: number;
  /**
   * arm64 before the generic entry (6.x): the pt_regs members its entry helpers use to carry a
   * flag from the enter helper to its exit helper (`regs->exit_rcu`, `regs->lockdep_hardirqs`),
   * each a RegsSlot. Nothing else writes them: entry.S leaves them as the stack had them, so a
   * read before a write is unknown. Unwritten (0) elsewhere.
   */
  regsExitRcu: number;
  regsLockdepHardirqs: number;
}

/** A pt_regs member written by C only (InterruptContext.regsExitRcu, .regsLockdepHardirqs). */
export const enum RegsSlot {
  /** Not written since the exception saved the registers: its value is whatever the stack held. */
  Unwritten = 0,
  False = 1,
  True = 2,
}

/**
 * Where a powerpc interrupt's regs->nip lies against `__end_soft_masked` (InterruptContext.nip):
 * the order is all the model knows of it, and all is_implicit_soft_masked() asks.
 */
export const enum NipPlace {
  /** Kernel text after head_64.S: C. */
  Above = 0,
  /** User text, or the head text below the marker. */
  Below = 1,
  /** A value stored that the model cannot place (a restart-table fixup the model does not read). */
  Unknown = 2,
}

/**
 * Thread-flag work the exit-to-user loop handles, other than a reschedule (kentry-ref §5.4). A
 * bit stays set until its handler runs, so work that is never handled keeps the loop spinning,
 * which the progress check reports. Model bits, not TIF numbers (entrywork.ts maps them).
 */
export const enum UserWork {
  Signal = 1,
  NotifyResume = 2,
  Uprobe = 4,
  PatchPending = 8,
  /** TIF_RSEQ (7.2+): the rseq fast path, run by the exit path after the work loop. */
  Rseq = 16,
}
/** Each work bit and the thread flag it stands for (its number is the tree's, layout.tif). */
export const USER_WORK_NAMES: readonly [UserWork, keyof ThreadFlagLayout][] = [
  [UserWork.Signal, 'SIGPENDING'],
  [UserWork.NotifyResume, 'NOTIFY_RESUME'],
  [UserWork.Uprobe, 'UPROBE'],
  [UserWork.PatchPending, 'PATCH_PENDING'],
  [UserWork.Rseq, 'RSEQ'],
];
/** Bits of Machine.userWork. */
const USER_WORK_BITS = 5;

/**
 * A copy of an interrupt context, field by field: an object spread of these 16 fields was the
 * largest single cost of a search step. Every field is required, so the compiler rejects this
 * literal when a field is added to InterruptContext and not here.
 */
function copyContext(c: InterruptContext): InterruptContext {
  return {
    kind: c.kind,
    savedIF: c.savedIF,
    userMode: c.userMode,
    savedLockdepOn: c.savedLockdepOn,
    savedTracerOff: c.savedTracerOff,
    savedRcuWatching: c.savedRcuWatching,
    savedNmiNonidle: c.savedNmiNonidle,
    toldOff: c.toldOff,
    savedCt: c.savedCt,
    savedRcuNesting: c.savedRcuNesting,
    savedNmiOffset: c.savedNmiOffset,
    frameBase: c.frameBase,
    eventsPending: c.eventsPending,
    savedXenInHcall: c.savedXenInHcall,
    savedAsyncMasked: c.savedAsyncMasked,
    savedPmr: c.savedPmr,
    savedDaifI: c.savedDaifI,
    savedDaifD: c.savedDaifD,
    enabledWait: c.enabledWait,
    pswIrqsMasked: c.pswIrqsMasked,
    savedSoftMask: c.savedSoftMask,
    savedMsrEE: c.savedMsrEE,
    entrySoftMask: c.entrySoftMask,
    entryHappened: c.entryHappened,
    nip: c.nip,
    savedBelowEndSoftMasked: c.savedBelowEndSoftMasked,
    savedPreempt: c.savedPreempt,
    savedLockdepCtx: c.savedLockdepCtx,
    regsExitRcu: c.regsExitRcu,
    regsLockdepHardirqs: c.regsLockdepHardirqs,
  };
}

function copyFrame(f: Frame): Frame {
  return { fn: f.fn, pc: f.pc, instr: f.instr, locals: f.locals.slice() };
}

export class Machine {
  constructor(readonly layout: ModelLayout = CLASSIC_LAYOUT) {}
  // Hardware.
  hwIF = 1;
  // preempt_count without the inverted NEED_RESCHED bit, unsigned 32-bit, in `layout.preempt`'s fields.
  preempt = 0;
  /** The per-CPU nmi_nesting count of trees whose NMI_MASK is a flag (layout nmiCounting 'flag'). */
  nmiPercpuNesting = 0;
  needResched = 0;
  /** TIF_NEED_RESCHED_LAZY (PREEMPT_LAZY trees): a fair-class wakeup's request, acted on at the
   *  next return to user mode or tick, never by kernel preemption on IRQ return. */
  needReschedLazy = 0;
  /** Set when a *local* deferred wakeup set need_resched and no flags read happened since (I9). */
  reschedUnseen = 0;
  /**
   * A flags read saw TIF_NEED_RESCHED (or it was set locally) and no __schedule() ran since: this
   * CPU knows it must reschedule. A remote setter also sends a reschedule IPI, so a flag set
   * remotely after the last read is handled by that IPI; one the exit path *saw* is its own job.
   */
  reschedKnown = 0;
  /**
   * need_resched() itself (or a test of TIF_NEED_RESCHED alone) found the flag set and no
   * __schedule() ran since: the code asked the one question whose "yes" means "preempt now". A
   * read of the whole flag word for other bits (powerpc's _TIF_EMULATE_STACK_STORE test on the
   * kernel return) sets reschedKnown but not this: it did not ask (harness preemption_declined).
   */
  reschedAsked = 0;
  /**
   * A remote CPU set TIF_NEED_RESCHED and this CPU has not taken the reschedule IPI it sent (no
   * IRQ delivered or replayed since, no __schedule()). Taken at the first moment IRQs are on — in
   * user mode right after a return, at the latest — the IPI's own exit acts on the flag: an exit
   * path that returns to user mode with such a request leaves nothing behind (I14).
   */
  reschedIpi = 0;
  /** Exit-to-user work posted and not yet handled (UserWork bits). */
  userWork = 0;
  /** An rcuog wakeup deferred by an interrupt with IRQs off, not yet flushed (RCU_NOCB_CPU). */
  rcuogDeferred = 0;
  /**
   * The current task's rseq sched_switch event (layout.rseqEvent, 7.2+): set by a context switch
   * into the task (with its thread flag, see raiseRseqEvent), cleared when the exit path clears
   * the task's rseq events. The exit path asserts it is clear before the return to user mode.
   */
  rseqSchedSwitch = 0;
  softirqPending = 0;
  // lockdep (kentry-ref §2.3).
  lockdepOn = 1;
  lockdepCtx = 0;
  /** "The held-lock stack changed since lockdep_hardirqs_on_prepare()". */
  chainKeyChanged = 0;
  /** lockdep_hardirqs_on_prepare() ran since lockdep last went off (I3: prepare before on). */
  lockdepPrepared = 0;
  /** debug_locks: cleared by the first failed lockdep self-check, after which lockdep is quiet. */
  debugLocks = 1;
  // irq tracer (kentry-ref §2.4): tracing_irq_cpu, 1 = traced as off.
  tracerOff = 0;
  // RCU (kentry-ref §2.5).
  rcuWatching = 1;
  rcuNesting = 1;
  nmiNonidle = 1;
  nmiOffset = 0;
  // Context tracking (kentry-ref §2.6).
  ct: number = CtState.Kernel;
  isIdle = 0;
  xenInHcall = 0;
  /**
   * arm64 PSTATE.A: SError (the NMI-class vector there) is masked. Taking an exception sets it
   * (rows with HarnessFunctions.asyncMask); the DAIF primitives write it. Always 0 on x86.
   */
  asyncMasked = 0;
  /**
   * The task flag the arch's arch_in_rcu_eqs() tests is set on current (layout.archEqsFlag; s390:
   * PF_VCPU, a vCPU task inside SIE). Set by the entry context, never changed by entry code.
   * Always 0 where the arch has no such hook.
   */
  taskEqsFlag = 0;
  /**
   * arm64 with GIC priority masking (CONFIG_ARM64_PSEUDO_NMI, the cap in use): ICC_PMR_EL1 (8
   * bits), PSTATE.I and PSTATE.D. There hwIF is what irqs_disabled() reads, PMR == GIC_PRIO_IRQON
   * (src/kernel/arm64.ts keeps the two together), and DAIF.I is daifI. 0 on every other config.
   * Encoded in a fourth word present only in layouts with GIC priorities (layout.gicPrio).
   */
  pmr = 0;
  daifI = 0;
  daifD = 0;
  /**
   * powerpc 64-bit soft masking (layout.ppcSoftMask; src/kernel/powerpc.ts): paca->irq_soft_mask
   * and paca->irq_happened as the tree's values (a byte each), and MSR[EE]. There hwIF is what
   * irqs_disabled() reads, the soft mask's IRQS_DISABLED bit clear (softMaskWrite() keeps the two
   * together), and msrEE is the hardware bit that lets an interrupt in at all. 0 on every other
   * config. Encoded in a fourth word present only in layouts with soft masking.
   */
  softMask = 0;
  irqHappened = 0;
  msrEE = 0;
  /**
   * powerpc 64-bit: the CPU runs text below `__end_soft_masked` (head_64.S, where
   * system_call_common turns MSR[EE] on before it calls system_call_exception()): set and cleared
   * by the harness shells (kentry_powerpc_soft_masked_text()), saved by an interrupt as its
   * regs->nip place (InterruptContext.nip), cleared for its handler (C text), restored by its
   * return. 0 elsewhere.
   */
  belowEndSoftMasked = 0;
  /** Set once a BUG() fired: the path ends. */
  halted = 0;
  /** Set when the first vector has returned: the run is complete. */
  done = 0;
  /** The vector has been delivered. */
  started = 0;
  /**
   * The previous step changed CPU state (NMIs are injected only between state updates): any
   * field of cpuWord0() but this one, preempt_count, cpuWord2() or archWord() (engine.ts
   * cpuChanged()).
   */
  lastStepChanged = 1;
  /**
   * The interrupt contexts, innermost last. Each may be shared with clones of this Machine
   * (copy-on-write): read them here, write one only through writableContext(). Their type says
   * so, and the compiler holds every writer to it.
   */
  contexts: Readonly<InterruptContext>[] = [];
  /** contexts[0 .. sharedContexts) may be shared with clones (see contexts). */
  sharedContexts = 0;
  frames: Frame[] = [];
  /**
   * frames[0 .. sharedFrames) may be shared with clones of this Machine (copy-on-write): write
   * to one only through writableFrame(). The top frame is never shared by clone(), so a step
   * writes its own frame directly; returns, IRETs and writes through a pointer to a caller's
   * local reach below it.
   */
  sharedFrames = 0;

  clone(): Machine {
    const m = new Machine(this.layout);
    m.copyCpuFrom(this);
    // Plain loops: map() and its closure were a visible share of a search step. push() keeps
    // the arrays packed (new Array(n) would make them holey).
    // A step writes a saved context rarely (lockdep's "told off", powerpc's regs->softe and
    // regs->nip, an IRQ's pending events): every context is shared, and copied on its first
    // write (writableContext). Delivery pushes a new one, IRET pops: the array is the clone's own.
    m.contexts = this.contexts.slice();
    m.sharedContexts = this.sharedContexts = this.contexts.length;
    // Copying every frame's locals was the largest cost of a search step, and a step writes
    // only the top frame almost always: the frames below it are shared, by both machines.
    const frames = this.frames;
    const fs = frames.slice();
    const top = frames.length - 1;
    if (top >= 0) {
      fs[top] = copyFrame(frames[top]!);
      m.sharedFrames = top;
      if (this.sharedFrames < top) this.sharedFrames = top;
    }
    m.frames = fs;
    return m;
  }

  /**
   * The caller says that no clone of this Machine is in use any more (a search encodes each
   * successor as it is emitted and drops it): its frames and contexts are its own again, so that
   * the next decodeInto() overwrites them in place instead of allocating new ones.
   */
  clonesDropped(): void {
    this.sharedFrames = 0;
    this.sharedContexts = 0;
  }

  /** contexts[i], made this Machine's own first if it may be shared (see contexts). */
  writableContext(i: number): InterruptContext {
    const contexts = this.contexts;
    if (i >= contexts.length || i < 0) throw new Error(`kentry internal error: no interrupt context ${i} to write`);
    if (i < this.sharedContexts) {
      // Copy i .. sharedContexts - 1, so that the shared contexts stay a prefix.
      for (let k = i; k < this.sharedContexts && k < contexts.length; k++) contexts[k] = copyContext(contexts[k]!);
      this.sharedContexts = i;
    }
    return contexts[i] as InterruptContext;
  }

  /** The innermost interrupt context, writable (writableContext), or undefined outside any. */
  writableTopContext(): InterruptContext | undefined {
    return this.contexts.length ? this.writableContext(this.contexts.length - 1) : undefined;
  }

  /** frames[i], made this Machine's own first if it may be shared (see sharedFrames). */
  writableFrame(i: number): Frame {
    const frames = this.frames;
    if (i < this.sharedFrames) {
      // Copy i .. sharedFrames - 1, so that the shared frames stay a prefix.
      for (let k = i; k < this.sharedFrames && k < frames.length; k++) frames[k] = copyFrame(frames[k]!);
      this.sharedFrames = i;
    }
    return frames[i]!;
  }

  /**
   * Takes every CPU-level field of `o` (everything but the interrupt contexts and the call
   * frames). A nested IRQ's summary hands back CPU state only: the interrupted frames and the
   * contexts below it are never touched by it (engine.ts, nestedOutcomes).
   */
  copyCpuFrom(o: Machine): void {
    this.hwIF = o.hwIF;
    this.preempt = o.preempt;
    this.nmiPercpuNesting = o.nmiPercpuNesting;
    this.needResched = o.needResched;
    this.needReschedLazy = o.needReschedLazy;
    this.reschedUnseen = o.reschedUnseen;
    this.reschedKnown = o.reschedKnown;
    this.reschedAsked = o.reschedAsked;
    this.reschedIpi = o.reschedIpi;
    this.userWork = o.userWork;
    this.rcuogDeferred = o.rcuogDeferred;
    this.rseqSchedSwitch = o.rseqSchedSwitch;
    this.softirqPending = o.softirqPending;
    this.lockdepOn = o.lockdepOn;
    this.lockdepCtx = o.lockdepCtx;
    this.chainKeyChanged = o.chainKeyChanged;
    this.lockdepPrepared = o.lockdepPrepared;
    this.debugLocks = o.debugLocks;
    this.tracerOff = o.tracerOff;
    this.rcuWatching = o.rcuWatching;
    this.rcuNesting = o.rcuNesting;
    this.nmiNonidle = o.nmiNonidle;
    this.nmiOffset = o.nmiOffset;
    this.ct = o.ct;
    this.isIdle = o.isIdle;
    this.xenInHcall = o.xenInHcall;
    this.asyncMasked = o.asyncMasked;
    this.taskEqsFlag = o.taskEqsFlag;
    this.pmr = o.pmr;
    this.daifI = o.daifI;
    this.daifD = o.daifD;
    this.softMask = o.softMask;
    this.irqHappened = o.irqHappened;
    this.msrEE = o.msrEE;
    this.belowEndSoftMasked = o.belowEndSoftMasked;
    this.halted = o.halted;
    this.done = o.done;
    this.started = o.started;
    this.lastStepChanged = o.lastStepChanged;
  }

  // ---- derived predicates (kentry-ref §2.2) ----
  get inNmi(): boolean {
    return (this.preempt & this.layout.preempt.NMI_MASK) !== 0;
  }
  get inInterrupt(): boolean {
    const p = this.layout.preempt;
    return (this.preempt & (p.NMI_MASK | p.HARDIRQ_MASK | p.SOFTIRQ_MASK)) !== 0;
  }
  get inHardirq(): boolean {
    return (this.preempt & this.layout.preempt.HARDIRQ_MASK) !== 0;
  }
  get nmiNesting(): string {
    if (this.nmiNonidle) return this.nmiOffset === 0 ? 'NONIDLE' : `NONIDLE${this.nmiOffset > 0 ? '+' : ''}${this.nmiOffset}`;
    return String(this.nmiOffset);
  }
  /** RCU at plain task level: what scheduling from an IRQ return requires (I7). */
  get rcuTaskLevel(): boolean {
    return this.rcuWatching === 1 && this.rcuNesting > 0 && this.nmiNonidle === 1 && this.nmiOffset === 0;
  }
  get topFrame(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }
  get topContext(): Readonly<InterruptContext> | undefined {
    return this.contexts[this.contexts.length - 1];
  }
  /** A `struct pt_regs *` is a token: the index + 1 of the interrupt context it was saved in. */
  regsContext(token: number): Readonly<InterruptContext> | undefined {
    return this.contexts[token - 1] ?? this.topContext;
  }
  nmiDepth(): number {
    let n = 0;
    for (const c of this.contexts) if (c.kind === VectorKind.Nmi) n++;
    return n;
  }
  irqDepth(): number {
    let n = 0;
    for (const c of this.contexts) if (c.kind !== VectorKind.Nmi) n++;
    return n;
  }

  /** need_resched() or a test of TIF_NEED_RESCHED alone: the flag is now seen (I9, I14) and, if
   *  set, asked about (reschedAsked). A read of the whole word is observeThreadFlags(). */
  observeNeedResched(): number {
    this.reschedUnseen = 0;
    if (this.needResched) {
      this.reschedKnown = 1;
      this.reschedAsked = 1;
    }
    return this.needResched;
  }

  /** A read of the whole thread-flag word: both reschedule bits are seen (the exit-to-user loop
   *  acts on TIF_NEED_RESCHED_LAZY as on TIF_NEED_RESCHED). */
  observeThreadFlags(): void {
    this.reschedUnseen = 0;
    if (this.needResched || this.needReschedLazy) this.reschedKnown = 1;
  }

  /** A wakeup on this CPU preempts the current task: TIF_NEED_RESCHED set, unseen, and known. */
  wakeLocally(): void {
    // Unseen even if another CPU had set the flag already: the wakeup is this CPU's, and only a
    // flags read after it tells the exit path about it (I9).
    this.needResched = 1;
    this.reschedUnseen = 1;
    this.reschedKnown = 1;
  }

  /**
   * rseq_sched_switch_event() for the current task (a context switch into it, a membarrier rseq
   * IPI, the rseq or execve system call): the sched_switch event and the flag
   * rseq_raise_notify_resume() raises, set together. Only in trees with the event.
   */
  raiseRseqEvent(): void {
    const ev = this.layout.rseqEvent;
    if (!ev) return;
    this.rseqSchedSwitch = 1;
    const work = USER_WORK_NAMES.find(([, n]) => n === ev.raises);
    if (!work) throw new Error(`rseq event raises TIF_${ev.raises}, which is not an exit-work bit of the model`);
    this.userWork |= work[0];
  }

  /** __schedule() ran: the reschedule request is consumed. */
  rescheduled(): void {
    this.needResched = 0;
    this.needReschedLazy = 0;
    this.reschedUnseen = 0;
    this.reschedKnown = 0;
    this.reschedAsked = 0;
    this.reschedIpi = 0;
  }

  setNmiNesting(nonidle: number, offset: number): void {
    if (offset < NMI_NESTING_MIN || offset > NMI_NESTING_MAX) throw new ModelBoundError('RCU dynticks_nmi_nesting', `offset ${offset} outside [${NMI_NESTING_MIN}, ${NMI_NESTING_MAX}]`);
    this.nmiNonidle = nonidle;
    this.nmiOffset = offset;
  }

  /** Whether an encoded state's first word (cpuWord0) is finished: the vector returned or the path halted. */
  static finishedWord(w0: number): boolean {
    return (w0 & ((1 << 12) | (1 << 13))) !== 0;
  }

  /**
   * The CPU fields of the encoding's third word (everything in it but the frame and context
   * counts, bits 0–7 and 19–22, which describe the stacks, not the CPU).
   */
  cpuWord2(): number {
    return (
      (this.reschedKnown << 8) |
      (this.userWork << 9) |
      (this.rcuogDeferred << 14) |
      (this.nmiPercpuNesting << 15) |
      (this.rseqSchedSwitch << 23) |
      (this.asyncMasked << 24) |
      (this.taskEqsFlag << 25) |
      (this.reschedAsked << 26) |
      (this.reschedIpi << 27)
    );
  }

  /**
   * The third word's fields an NMI's own code reads (engine.ts nmiTried), packed in 6 bits: the
   * per-CPU NMI nesting (4), the async mask, s390's EQS flag.
   */
  nmiReadWord2(): number {
    return this.nmiPercpuNesting | (this.asyncMasked << 4) | (this.taskEqsFlag << 5);
  }

  /** The number of interrupt contexts of an encoded state, from its third word. */
  static contextsInWord2(w2: number): number {
    return (w2 >>> 19) & 15;
  }

  /** Words before the first context: three, and the arch word where the layout has GIC priorities (arm64) or soft masking (powerpc 64-bit). */
  static prefixWords(layout: ModelLayout): number {
    return layout.gicPrio || layout.ppcSoftMask ? 4 : 3;
  }

  /** Words per interrupt context: three, and a fourth with the powerpc soft-mask fields where the layout has soft masking. */
  static contextWords(layout: ModelLayout): number {
    return layout.ppcSoftMask ? 4 : 3;
  }

  /** The arch word: arm64's PMR (8 bits), PSTATE.I, PSTATE.D; powerpc's soft mask (8 bits), irq_happened (8 bits), MSR[EE], below __end_soft_masked. 0 elsewhere. */
  archWord(): number {
    return this.pmr | (this.daifI << 8) | (this.daifD << 9) | (this.softMask << 10) | (this.irqHappened << 18) | (this.msrEE << 26) | (this.belowEndSoftMasked << 27);
  }

  /** Packs the CPU part (everything but frames and contexts) into two words. */
  cpuWord0(): number {
    return (
      (this.hwIF |
        (this.needResched << 1) |
        (this.reschedUnseen << 2) |
        (this.softirqPending << 3) |
        (this.lockdepOn << 4) |
        (this.chainKeyChanged << 5) |
        (this.debugLocks << 6) |
        (this.tracerOff << 7) |
        (this.rcuWatching << 8) |
        (this.nmiNonidle << 9) |
        (this.isIdle << 10) |
        (this.xenInHcall << 11) |
        (this.halted << 12) |
        (this.done << 13) |
        (this.started << 14) |
        (this.lastStepChanged << 15) |
        (this.ct << 16) |
        (this.rcuNesting << 18) |
        (this.lockdepCtx << 21) |
        ((this.nmiOffset - NMI_NESTING_MIN) << 25) |
        (this.lockdepPrepared << 30) |
        (this.needReschedLazy << 31)) >>>
      0
    );
  }

  snapshot(levelNames: readonly string[]): StateSnapshot {
    const p = this.preempt;
    const nesting = ['task', ...this.contexts.map((c, i) => levelNames[i] ?? (c.kind === VectorKind.Nmi ? 'NMI' : 'IRQ'))];
    return {
      hwIrqsEnabled: this.hwIF === 1,
      lockdepHardirqsEnabled: this.lockdepOn === 1,
      lockdepHardirqContext: this.lockdepCtx,
      lockdepChainKeyChanged: this.chainKeyChanged === 1,
      debugLocks: this.debugLocks === 1,
      tracerIrqsOff: this.tracerOff === 1,
      rcuWatching: this.rcuWatching === 1,
      rcuNesting: this.rcuNesting,
      rcuNmiNesting: this.nmiNesting,
      preemptCount: p,
      preemptCountDecoded: decodePreemptCount(p, this.layout.preempt),
      needResched: this.needResched === 1,
      ...(this.layout.tif.NEED_RESCHED_LAZY !== undefined ? { needReschedLazy: this.needReschedLazy === 1 } : {}),
      softirqPending: this.softirqPending === 1,
      ...(this.layout.rseqEvent ? { rseqSchedSwitch: this.rseqSchedSwitch === 1 } : {}),
      ...(this.layout.archEqsFlag ? { taskEqsFlag: this.taskEqsFlag === 1 } : {}),
      ctState: CT_STATE_NAMES[this.ct] ?? String(this.ct),
      instrumentationDepth: this.frames.reduce((a, f) => a + f.instr, 0),
      isIdleTask: this.isIdle === 1,
      xenInPreemptibleHcall: this.xenInHcall === 1,
      nesting: nesting.join(' > '),
      nestingLevel: this.contexts.length,
    };
  }
}

/** `PREEMPT=1 SOFTIRQ=0 HARDIRQ=1 NMI=0` (plus HARDIRQ_DISABLE where the tree has it). */
export function decodePreemptCount(p: number, l: PreemptLayout = CLASSIC_LAYOUT.preempt): string {
  const field = (mask: number): number => Math.floor(((p & mask) >>> 0) / ((mask & -mask) >>> 0 || 1));
  const hd = l.HARDIRQ_DISABLE_MASK ? ` HARDIRQ_DISABLE=${field(l.HARDIRQ_DISABLE_MASK)}` : '';
  return `PREEMPT=${field(l.PREEMPT_MASK)} SOFTIRQ=${field(l.SOFTIRQ_MASK)}${hd} HARDIRQ=${field(l.HARDIRQ_MASK)} NMI=${field(l.NMI_MASK)}`;
}

// ---- encoding ----
//
// Layout: [cpu0, preempt (32 bits), counts, the arm64 word (PMR, PSTATE.I, PSTATE.D: layouts with GIC
// priorities only), then 3 words per context, then per frame one header
// word (fn:16 | pc:12 | instr:4) followed by its locals]. Every field is checked against its width
// before it is packed: a value the encoding cannot hold is a ModelBoundError (reported as a
// finding, the path ends), never a silently truncated state.

export const MAX_FRAMES = 255;
export const MAX_CONTEXTS = 15;

/** A ModelBoundError naming the first field of `m` whose value does not fit its encoding. */
function widthError(m: Machine): ModelBoundError {
  // [name, value, bits, largest value allowed when less than 2^bits - 1]
  const fields: [string, number, number, number?][] = [
    ['hardware IF', m.hwIF, 1],
    ['need_resched', m.needResched, 1],
    ['reschedUnseen', m.reschedUnseen, 1],
    ['softirq pending', m.softirqPending, 1],
    ["lockdep's hardirqs_enabled", m.lockdepOn, 1],
    ["lockdep's chain key flag", m.chainKeyChanged, 1],
    ['debug_locks', m.debugLocks, 1],
    ['tracing_irq_cpu', m.tracerOff, 1],
    ['RCU watching', m.rcuWatching, 1],
    ['RCU NONIDLE flag', m.nmiNonidle, 1],
    ['is_idle_task', m.isIdle, 1],
    ['xen_in_preemptible_hcall', m.xenInHcall, 1],
    ['PSTATE.A', m.asyncMasked, 1],
    ['ICC_PMR_EL1', m.pmr, 8],
    ['PSTATE.I (priority masking)', m.daifI, 1],
    ['PSTATE.D (priority masking)', m.daifD, 1],
    ['paca->irq_soft_mask', m.softMask, 8],
    ['paca->irq_happened', m.irqHappened, 8],
    ['MSR[EE] (soft masking)', m.msrEE, 1],
    ['running below __end_soft_masked', m.belowEndSoftMasked, 1],
    ['halted', m.halted, 1],
    ['done', m.done, 1],
    ['started', m.started, 1],
    ['lastStepChanged', m.lastStepChanged, 1],
    ['context-tracking state', m.ct, 2],
    ['RCU dynticks_nesting', m.rcuNesting, 3],
    ["lockdep's hardirq_context", m.lockdepCtx, 4],
    ['RCU dynticks_nmi_nesting offset', m.nmiOffset - NMI_NESTING_MIN, 5],
    ['lockdep prepared', m.lockdepPrepared, 1],
    ['preempt_count', m.preempt, m.preempt === m.preempt >>> 0 ? 33 : 32],
    ['nmi_nesting', m.nmiPercpuNesting, 4],
    ['nested interrupt contexts', m.contexts.length, 4],
    ['call stack depth', m.frames.length, 8],
    ['reschedKnown', m.reschedKnown, 1],
    ['reschedAsked', m.reschedAsked, 1],
    ['reschedule IPI pending', m.reschedIpi, 1],
    ['exit-to-user work bits', m.userWork, USER_WORK_BITS],
    ['rcuog deferred wakeup', m.rcuogDeferred, 1],
    ['rseq sched_switch event', m.rseqSchedSwitch, 1],
    ['arch_in_rcu_eqs() task flag', m.taskEqsFlag, 1],
  ];
  m.contexts.forEach((c, i) => {
    const at = `interrupt context ${i + 1}: `;
    fields.push(
      [at + 'kind', c.kind, 2],
      [at + 'saved IF', c.savedIF, 1],
      [at + 'user_mode', c.userMode, 1],
      [at + 'saved lockdep state', c.savedLockdepOn, 1],
      [at + 'saved tracer state', c.savedTracerOff, 1],
      [at + 'saved RCU watching', c.savedRcuWatching, 1],
      [at + 'saved RCU NONIDLE flag', c.savedNmiNonidle, 1],
      [at + 'toldOff', c.toldOff, 1],
      [at + 'saved context-tracking state', c.savedCt, 2],
      [at + 'saved RCU dynticks_nesting', c.savedRcuNesting, 3],
      [at + 'saved RCU dynticks_nmi_nesting offset', c.savedNmiOffset - NMI_NESTING_MIN, 6],
      [at + 'frame base', c.frameBase, 8],
      [at + 'events pending', c.eventsPending, 1],
      [at + 'saved preempt_count', c.savedPreempt, c.savedPreempt === c.savedPreempt >>> 0 ? 33 : 32],
      [at + 'saved hardirq_context', c.savedLockdepCtx, 8],
      [at + 'saved xen_in_preemptible_hcall', c.savedXenInHcall, 1],
      [at + 'saved PSTATE.A', c.savedAsyncMasked, 1],
      [at + 'saved PMR', c.savedPmr, 8],
      [at + 'saved PSTATE.I', c.savedDaifI, 1],
      [at + 'saved PSTATE.D', c.savedDaifD, 1],
      [at + 'CIF_ENABLED_WAIT (s390)', c.enabledWait, 1],
      [at + 'old PSW I/O and external masked (s390)', c.pswIrqsMasked, 1],
      [at + 'saved soft mask (regs->softe)', c.savedSoftMask, 8],
      [at + 'saved MSR[EE] (soft masking)', c.savedMsrEE, 1],
      [at + 'soft mask at entry', c.entrySoftMask, 8],
      [at + 'irq_happened at entry', c.entryHappened, 8],
      [at + 'regs->nip against __end_soft_masked', c.nip, 2],
      [at + 'saved: running below __end_soft_masked', c.savedBelowEndSoftMasked, 1],
      [at + 'regs->exit_rcu', c.regsExitRcu, 2, RegsSlot.True],
      [at + 'regs->lockdep_hardirqs', c.regsLockdepHardirqs, 2, RegsSlot.True],
    );
  });
  m.frames.forEach((f, i) => {
    const at = `frame ${i}: `;
    fields.push([at + 'function index', f.fn, 16], [at + 'pc', f.pc, 12], [at + 'instrumentation_begin() depth + 1', f.instr + 1, 4]);
    f.locals.forEach((v, j) => {
      if ((v | 0) !== v) fields.push([`${at}local ${j}`, v, 32]);
    });
  });
  for (const [name, value, bits, max] of fields) {
    if (bits === 32 || !Number.isInteger(value) || value < 0 || value >= 2 ** bits || (max !== undefined && value > max)) {
      return new ModelBoundError(name, bits === 32 ? `value ${value} is not a 32-bit integer` : max !== undefined && value > max && value < 2 ** bits ? `value ${value} is above ${max}, the largest the state encoding gives it` : `value ${value} does not fit the ${bits} bit(s) the state encoding gives it`);
    }
  }
  return new ModelBoundError('the state encoding', 'a field is out of range (no single field identified)');
}

/**
 * Throws ModelBoundError when a CPU-level field of `m` (everything but the per-context and
 * per-frame words) does not fit the width the encoding gives it. The engine calls it after each
 * primitive so that a counter a primitive pushed out of range becomes a finding on that path.
 */
export function checkCpuWidths(m: Machine): void {
  // One combined test on the hot path; widthError() names the culprit.
  const oneBit =
    m.hwIF | m.needResched | m.reschedUnseen | m.softirqPending | m.lockdepOn | m.chainKeyChanged | m.debugLocks | m.tracerOff |
    m.rcuWatching | m.nmiNonidle | m.isIdle | m.xenInHcall | m.halted | m.done | m.started | m.lastStepChanged | m.lockdepPrepared |
    m.reschedKnown | m.rcuogDeferred | m.needReschedLazy | m.rseqSchedSwitch | m.asyncMasked | m.taskEqsFlag | m.daifI | m.daifD | m.msrEE | m.belowEndSoftMasked | m.reschedAsked | m.reschedIpi;
  if (
    (oneBit & ~1) !== 0 ||
    (m.ct & ~3) !== 0 ||
    (m.pmr & ~0xff) !== 0 ||
    ((m.softMask | m.irqHappened) & ~0xff) !== 0 ||
    (m.rcuNesting & ~7) !== 0 ||
    (m.lockdepCtx & ~15) !== 0 ||
    ((m.nmiOffset - NMI_NESTING_MIN) & ~31) !== 0 ||
    m.preempt !== m.preempt >>> 0 ||
    (m.nmiPercpuNesting & ~15) !== 0 ||
    (m.userWork & ~((1 << USER_WORK_BITS) - 1)) !== 0 ||
    m.contexts.length > 15 ||
    m.frames.length > MAX_FRAMES
  ) {
    throw widthError(m);
  }
}

/**
 * A reusable buffer the search encodes into: `words[0 .. length)` is the last state encoded.
 * Growing only, so a search step allocates nothing to encode a state.
 */
export class EncodeBuffer {
  words = new Uint32Array(64);
  length = 0;

  /** Makes room for `n` more words after `length`. */
  reserve(n: number): void {
    if (this.length + n <= this.words.length) return;
    const w = new Uint32Array(Math.max(this.words.length * 2, this.length + n));
    w.set(this.words.subarray(0, this.length));
    this.words = w;
  }
}

/** Whether `v` is an integer in [0, max] (false for NaN, fractions and negatives). */
function inRange(v: number, max: number): boolean {
  return v >>> 0 === v && v <= max;
}

/** Whether every field of context `c` fits its width (widthError() names the culprit otherwise). */
function contextFits(c: InterruptContext): boolean {
  return (
    inRange(c.kind, 3) &&
    inRange(c.savedIF, 1) &&
    inRange(c.userMode, 1) &&
    inRange(c.savedLockdepOn, 1) &&
    inRange(c.savedTracerOff, 1) &&
    inRange(c.savedRcuWatching, 1) &&
    inRange(c.savedNmiNonidle, 1) &&
    inRange(c.toldOff, 1) &&
    inRange(c.savedCt, 3) &&
    inRange(c.savedRcuNesting, 7) &&
    inRange(c.savedNmiOffset - NMI_NESTING_MIN, 63) &&
    inRange(c.frameBase, 0xff) &&
    inRange(c.eventsPending, 1) &&
    inRange(c.savedXenInHcall, 1) &&
    inRange(c.savedAsyncMasked, 1) &&
    inRange(c.savedPmr, 0xff) &&
    inRange(c.savedDaifI, 1) &&
    inRange(c.savedDaifD, 1) &&
    inRange(c.enabledWait, 1) &&
    inRange(c.pswIrqsMasked, 1) &&
    inRange(c.savedSoftMask, 0xff) &&
    inRange(c.savedMsrEE, 1) &&
    inRange(c.entrySoftMask, 0xff) &&
    inRange(c.entryHappened, 0xff) &&
    inRange(c.nip, 3) &&
    inRange(c.savedBelowEndSoftMasked, 1) &&
    inRange(c.savedPreempt, 0xffffffff) &&
    inRange(c.savedLockdepCtx, 0xff) &&
    inRange(c.regsExitRcu, RegsSlot.True) &&
    inRange(c.regsLockdepHardirqs, RegsSlot.True)
  );
}

/** Whether a frame's header fields fit their widths: fn 16 bits, pc 12, instr + 1 four. */
function frameHeaderFits(f: Frame): boolean {
  return inRange(f.fn, 0xffff) && inRange(f.pc, 0xfff) && inRange(f.instr + 1, 15);
}

/**
 * Packs `m` into `buf` (from its start; `buf.length` is the state's length). Every field is
 * checked against its width first: a value the encoding cannot hold throws ModelBoundError
 * (never silently truncated). The CPU fields are checked once, by checkCpuWidths().
 */
export function encodeInto(m: Machine, buf: EncodeBuffer): void {
  checkCpuWidths(m);
  // checkCpuWidths() tests the widths only; the third word's fields are also refused when they
  // are not integers (as everywhere in the contexts and frames).
  if (!(inRange(m.reschedKnown, 1) && inRange(m.userWork, (1 << USER_WORK_BITS) - 1) && inRange(m.rcuogDeferred, 1) && inRange(m.nmiPercpuNesting, 15) && inRange(m.rseqSchedSwitch, 1) && inRange(m.asyncMasked, 1) && inRange(m.taskEqsFlag, 1) && inRange(m.reschedAsked, 1) && inRange(m.reschedIpi, 1))) {
    throw widthError(m);
  }
  const prio = m.layout.gicPrio !== undefined;
  const soft = m.layout.ppcSoftMask !== undefined;
  const arch = prio || soft;
  // Only layouts with GIC priorities encode the arm64 fields, only layouts with soft masking the
  // powerpc ones: anywhere else they must be 0.
  if (prio ? !(inRange(m.pmr, 0xff) && inRange(m.daifI, 1) && inRange(m.daifD, 1)) : (m.pmr | m.daifI | m.daifD) !== 0) {
    throw prio ? widthError(m) : new ModelBoundError('ICC_PMR_EL1', 'set in a layout without GIC priorities');
  }
  if (soft ? !(inRange(m.softMask, 0xff) && inRange(m.irqHappened, 0xff) && inRange(m.msrEE, 1) && inRange(m.belowEndSoftMasked, 1)) : (m.softMask | m.irqHappened | m.msrEE | m.belowEndSoftMasked) !== 0) {
    throw soft ? widthError(m) : new ModelBoundError('paca->irq_soft_mask', 'set in a layout without soft masking');
  }
  const contexts = m.contexts;
  const frames = m.frames;
  buf.length = 0;
  const cw = Machine.contextWords(m.layout);
  buf.reserve(4 + cw * contexts.length);
  let w = buf.words;
  w[0] = m.cpuWord0();
  w[1] = m.preempt;
  w[2] = frames.length | (contexts.length << 19) | m.cpuWord2();
  let i = 3;
  if (arch) w[i++] = m.archWord();
  for (let k = 0; k < contexts.length; k++) {
    const c = contexts[k]!;
    if (!contextFits(c)) throw widthError(m);
    w[i++] =
      c.kind |
      (c.savedIF << 2) |
      (c.userMode << 3) |
      (c.savedLockdepOn << 4) |
      (c.savedTracerOff << 5) |
      (c.savedRcuWatching << 6) |
      (c.savedNmiNonidle << 7) |
      (c.toldOff << 8) |
      (c.savedCt << 9) |
      (c.savedRcuNesting << 11) |
      ((c.savedNmiOffset - NMI_NESTING_MIN) << 14) |
      (c.frameBase << 20) |
      (c.eventsPending << 28) |
      (c.savedXenInHcall << 29) |
      (c.savedAsyncMasked << 30);
    w[i++] = c.savedPreempt;
    w[i++] = c.savedLockdepCtx | (c.savedPmr << 8) | (c.savedDaifI << 16) | (c.savedDaifD << 17) | (c.enabledWait << 18) | (c.pswIrqsMasked << 19) | (c.regsExitRcu << 20) | (c.regsLockdepHardirqs << 22);
    if (soft) w[i++] = c.savedSoftMask | (c.savedMsrEE << 8) | (c.entrySoftMask << 9) | (c.entryHappened << 17) | (c.nip << 25) | (c.savedBelowEndSoftMasked << 27);
    else if ((c.savedSoftMask | c.savedMsrEE | c.entrySoftMask | c.entryHappened | c.nip | c.savedBelowEndSoftMasked) !== 0) throw new ModelBoundError('regs->softe', 'set in a layout without soft masking');
  }
  for (let k = 0; k < frames.length; k++) {
    const f = frames[k]!;
    const locals = f.locals;
    // pc: 12 bits, fn: 16 bits, instr + 1: 4 bits (instr is -1 .. 14).
    if (!frameHeaderFits(f)) throw widthError(m);
    buf.length = i;
    buf.reserve(1 + locals.length);
    w = buf.words;
    w[i++] = f.fn | (f.pc << 16) | ((f.instr + 1) << 28);
    for (let j = 0; j < locals.length; j++) {
      const v = locals[j]!;
      if ((v | 0) !== v) throw widthError(m);
      w[i++] = v;
    }
  }
  buf.length = i;
}

const encodeScratch = new EncodeBuffer();

/** encodeInto() into a plain array (tests, the differential check's keys). */
export function encode(m: Machine, out: number[]): void {
  encodeInto(m, encodeScratch);
  out.length = encodeScratch.length;
  for (let i = 0; i < encodeScratch.length; i++) out[i] = encodeScratch.words[i]!;
}

/** `localsCount(fn)` tells how many locals follow a frame header. */
export function decode(words: ArrayLike<number>, start: number, localsCount: (fn: number) => number, layout: ModelLayout = CLASSIC_LAYOUT): Machine {
  return decodeInto(words, start, localsCount, new Machine(layout));
}

/**
 * decode() into `m`, overwriting every field and reusing its context and frame objects (and a
 * frame's locals array when the length matches): the search decodes each state once to read
 * it, and a fresh Machine per state was a large share of its allocations. Only for a Machine
 * nothing else holds on to (`m.layout` must be the state's layout).
 */
export function decodeInto(words: ArrayLike<number>, start: number, localsCount: (fn: number) => number, m: Machine): Machine {
  const w0 = words[start]!;
  m.hwIF = w0 & 1;
  m.needResched = (w0 >>> 1) & 1;
  m.reschedUnseen = (w0 >>> 2) & 1;
  m.softirqPending = (w0 >>> 3) & 1;
  m.lockdepOn = (w0 >>> 4) & 1;
  m.chainKeyChanged = (w0 >>> 5) & 1;
  m.debugLocks = (w0 >>> 6) & 1;
  m.tracerOff = (w0 >>> 7) & 1;
  m.rcuWatching = (w0 >>> 8) & 1;
  m.nmiNonidle = (w0 >>> 9) & 1;
  m.isIdle = (w0 >>> 10) & 1;
  m.xenInHcall = (w0 >>> 11) & 1;
  m.halted = (w0 >>> 12) & 1;
  m.done = (w0 >>> 13) & 1;
  m.started = (w0 >>> 14) & 1;
  m.lastStepChanged = (w0 >>> 15) & 1;
  m.ct = (w0 >>> 16) & 3;
  m.rcuNesting = (w0 >>> 18) & 7;
  m.lockdepCtx = (w0 >>> 21) & 15;
  m.nmiOffset = ((w0 >>> 25) & 31) + NMI_NESTING_MIN;
  m.lockdepPrepared = (w0 >>> 30) & 1;
  m.needReschedLazy = (w0 >>> 31) & 1;
  m.preempt = words[start + 1]! >>> 0;
  const w2 = words[start + 2]!;
  const nFrames = w2 & 0xff;
  m.reschedKnown = (w2 >>> 8) & 1;
  m.userWork = (w2 >>> 9) & ((1 << USER_WORK_BITS) - 1);
  m.rcuogDeferred = (w2 >>> 14) & 1;
  m.nmiPercpuNesting = (w2 >>> 15) & 15;
  const nContexts = Machine.contextsInWord2(w2);
  m.rseqSchedSwitch = (w2 >>> 23) & 1;
  m.asyncMasked = (w2 >>> 24) & 1;
  m.taskEqsFlag = (w2 >>> 25) & 1;
  m.reschedAsked = (w2 >>> 26) & 1;
  m.reschedIpi = (w2 >>> 27) & 1;
  let i = start + 3;
  if (m.layout.gicPrio || m.layout.ppcSoftMask) {
    const a = words[i++]!;
    m.pmr = a & 0xff;
    m.daifI = (a >>> 8) & 1;
    m.daifD = (a >>> 9) & 1;
    m.softMask = (a >>> 10) & 0xff;
    m.irqHappened = (a >>> 18) & 0xff;
    m.msrEE = (a >>> 26) & 1;
    m.belowEndSoftMasked = (a >>> 27) & 1;
  } else {
    m.pmr = 0;
    m.daifI = 0;
    m.daifD = 0;
    m.softMask = 0;
    m.irqHappened = 0;
    m.msrEE = 0;
    m.belowEndSoftMasked = 0;
  }
  const contexts = m.contexts;
  const soft = m.layout.ppcSoftMask !== undefined;
  if (contexts.length > nContexts) contexts.length = nContexts;
  for (let k = 0; k < nContexts; k++) {
    const a = words[i++]!;
    const b = words[i++]!;
    const c = words[i++]!;
    const d = soft ? words[i++]! : 0;
    // A context clones of `m` may still share is replaced, never overwritten.
    if (k === contexts.length) contexts.push(newContext());
    else if (k < m.sharedContexts) contexts[k] = newContext();
    const ctx = contexts[k] as InterruptContext;
    ctx.kind = (a & 3) as VectorKind;
    ctx.savedIF = (a >>> 2) & 1;
    ctx.userMode = (a >>> 3) & 1;
    ctx.savedLockdepOn = (a >>> 4) & 1;
    ctx.savedTracerOff = (a >>> 5) & 1;
    ctx.savedRcuWatching = (a >>> 6) & 1;
    ctx.savedNmiNonidle = (a >>> 7) & 1;
    ctx.toldOff = (a >>> 8) & 1;
    ctx.savedCt = (a >>> 9) & 3;
    ctx.savedRcuNesting = (a >>> 11) & 7;
    ctx.savedNmiOffset = ((a >>> 14) & 63) + NMI_NESTING_MIN;
    ctx.frameBase = (a >>> 20) & 0xff;
    ctx.eventsPending = (a >>> 28) & 1;
    ctx.savedXenInHcall = (a >>> 29) & 1;
    ctx.savedAsyncMasked = (a >>> 30) & 1;
    ctx.savedPreempt = b >>> 0;
    ctx.savedLockdepCtx = c & 0xff;
    ctx.savedPmr = (c >>> 8) & 0xff;
    ctx.savedDaifI = (c >>> 16) & 1;
    ctx.savedDaifD = (c >>> 17) & 1;
    ctx.enabledWait = (c >>> 18) & 1;
    ctx.pswIrqsMasked = (c >>> 19) & 1;
    ctx.regsExitRcu = (c >>> 20) & 3;
    ctx.regsLockdepHardirqs = (c >>> 22) & 3;
    ctx.savedSoftMask = d & 0xff;
    ctx.savedMsrEE = (d >>> 8) & 1;
    ctx.entrySoftMask = (d >>> 9) & 0xff;
    ctx.entryHappened = (d >>> 17) & 0xff;
    ctx.nip = (d >>> 25) & 3;
    ctx.savedBelowEndSoftMasked = (d >>> 27) & 1;
  }
  const frames = m.frames;
  if (frames.length > nFrames) frames.length = nFrames;
  for (let k = 0; k < nFrames; k++) {
    const h = words[i++]!;
    const fn = h & 0xffff;
    const n = localsCount(fn);
    // A frame clones of `m` may still share is replaced, never overwritten.
    if (k === frames.length) frames.push({ fn, pc: 0, instr: 0, locals: new Array<number>(n) });
    else if (k < m.sharedFrames) frames[k] = { fn, pc: 0, instr: 0, locals: new Array<number>(n) };
    const f = frames[k]!;
    if (f.locals.length !== n) f.locals = new Array<number>(n);
    const locals = f.locals;
    for (let j = 0; j < n; j++) locals[j] = words[i++]! | 0;
    f.fn = fn;
    f.pc = (h >>> 16) & 0xfff;
    f.instr = ((h >>> 28) & 15) - 1;
  }
  m.sharedFrames = 0;
  m.sharedContexts = 0;
  return m;
}

/**
 * The hardware IRQ flag the return to this context restores: the saved IF, off where s390's
 * handler masked I/O and external interruptions in the old PSW (pswIrqsMasked).
 */
export function restoredIF(ctx: Pick<InterruptContext, 'savedIF' | 'pswIrqsMasked'>): number {
  return ctx.savedIF & (1 - ctx.pswIrqsMasked);
}

/**
 * Whether an interruption that saved this IF and mode, with `depth` contexts below it, is one of
 * the idle task's enabled wait (s390's arch_cpu_idle(): the outermost interruption of the idle
 * task, with I/O and external interruptions on in the old PSW).
 */
export function interruptsIdleWait(m: Pick<Machine, 'isIdle'>, savedIF: number, userMode: number, depth: number): boolean {
  return depth === 0 && m.isIdle === 1 && savedIF === 1 && userMode === 0;
}

/**
 * A vector context with every field 0: decodeInto() sets each one (in the order deliver() creates
 * them); tests spread the fields they care about over it.
 */
export function newContext(): InterruptContext {
  return {
    kind: VectorKind.Vector,
    savedIF: 0,
    userMode: 0,
    savedLockdepOn: 0,
    savedTracerOff: 0,
    savedRcuWatching: 0,
    savedNmiNonidle: 0,
    toldOff: 0,
    savedCt: 0,
    savedRcuNesting: 0,
    savedNmiOffset: 0,
    frameBase: 0,
    eventsPending: 0,
    savedXenInHcall: 0,
    savedAsyncMasked: 0,
    savedPmr: 0,
    savedDaifI: 0,
    savedDaifD: 0,
    enabledWait: 0,
    pswIrqsMasked: 0,
    savedSoftMask: 0,
    savedMsrEE: 0,
    entrySoftMask: 0,
    entryHappened: 0,
    nip: 0,
    savedBelowEndSoftMasked: 0,
    savedPreempt: 0,
    savedLockdepCtx: 0,
    regsExitRcu: RegsSlot.Unwritten,
    regsLockdepHardirqs: RegsSlot.Unwritten,
  };
}
