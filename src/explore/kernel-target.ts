// A real kernel tree as a check target: find the entry code (src/tree/discover.ts), read it for
// every Kconfig of the lattice, parse it, bind it to the model's primitives and hand one row per
// harness to runCheck().
//
// How the config lattice meets the preprocessor
// ---------------------------------------------
// `#if` is decided when the text is read, `IS_ENABLED()` when the model runs. The lattice is split
// into *text groups*: every lattice point is read with a recording Kconfig oracle, and points that
// agree on every symbol the preprocessor consulted share one reading (a deterministic
// preprocessor that consulted only those symbols produces the same text). Each group is parsed
// once. The groups are then merged into ONE program: a function whose IR is the same in every
// group is kept once; a function whose text differs between groups (e.g. irqentry_exit() under
// PREEMPT_DYNAMIC, where irqentry_exit_cond_resched() expands to a static call, or
// get_and_clear_inhcall(), a stub with CONFIG_PREEMPTION) is kept once per distinct text, under a
// variant key `name[<configs>]`, and `name` becomes an always-inline dispatcher that tests the
// config axes at run time (through ConfigReader, so runCheck's read-set memo stays exact) and
// calls the variant the preprocessor would have chosen. Every row is then correct over the whole
// lattice in a single runCheck(), which is what `kentry check --kernel` does.
//
// What is interpreted, what is a primitive
// ----------------------------------------
// - The tree's entry code and everything it defines is interpreted as written, except that
// - a tree function whose name the primitive catalogue knows (ct_irq_enter, need_resched,
//   user_mode, …) is the primitive: the model's leaf semantics replace the tree's body (which
//   manipulates per-CPU internals the IR cannot express). The coverage report lists each one with
//   the definition it replaced. The harness-level entry functions are never replaced.
// - The scheduler core (schedule(), preempt_schedule_irq()) is the model's own C
//   (src/kernel/c/sched.c), and the vectors are the harness C (src/kernel/c/x86-vectors.c).
// - Function-like macros whose body only calls primitives (e.g. __irq_enter_raw(), irq_count())
//   are expanded, so the model sees the primitive calls.
// - Three call rewrites, each listed in the coverage report: `static_call(key)()` calls the static
//   call's default target (DEFINE_STATIC_CALL; PREEMPT_DYNAMIC is checked in mode full), an
//   IRQ-stack switch `run_sysvec_on_irqstack_cond(fn, regs)` calls the harness wrapper
//   `kentry_irqstack_<fn>(regs)`, and a per-CPU access to a variable the model does not track
//   is an opaque load / untracked store (an opaque site, its value unknown, never 0).
// Version differences are data throughout: primitive aliases, tree facts, the text itself.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { disposeParseCache, parseProgram, type CSource, type LowerCache, type ParseCache } from '../c/frontend.ts';
import type { AsmCallSpec } from '../c/lower.ts';
import {
  type CallOp,
  type Expr,
  ExprKind,
  type IrFunction,
  type IrProgram,
  type Op,
  OpKind,
  type SourceLoc,
  type UnsupportedFunction,
  KENTRY_CALL_PARAM,
  KENTRY_LOAD,
  KENTRY_STORE_UNTRACKED,
} from '../c/ir.ts';
import { symbolToken, untrackedMemorySites } from './program.ts';
import { defaultExpand, isConstantBody, type MacroDef, type StrippedDecl } from '../c/preprocess.ts';
import { lookupPrimitive } from '../kernel/index.ts';
import { PERCPU_NAMES } from '../kernel/xen.ts';
import {
  BOOL_SYMBOLS,
  type BoolSymbol,
  ConfigReader,
  enumerateLattice,
  formatConfig,
  hasBool,
  type KConfig,
  type LatticeAxis,
  type LatticeSpec,
  PREEMPT_NAMES,
  PreemptModel,
  type SetOption,
  setKey,
} from '../model/config.ts';
import type { KentryReport } from '../report/schema.ts';
import { runCheck, type CheckOptions, type CheckRow } from './check.ts';
import type { ExploreBounds } from './engine.ts';
import { expandOps, irqStackSwitchOps } from './era-binding.ts';
import { harnessById } from './harness.ts';
import { contextById } from '../model/contexts.ts';
import { bindProgram, type BoundProgram, CalleeKind, configReadsOf, CONSTANTS as MODEL_CONSTANTS, MODELLED_VARIANT, modelledVariantName } from './program.ts';
import { detectFacts, discoverTree, ENTRY_FUNCTIONS, headersDefining, type TreeFacts, type TreeFiles } from '../tree/discover.ts';
import { ArchError, requireGenericEntryArch, treeArches, type OwnEntrySpec } from '../tree/arches.ts';
import { treeAsmHelpers } from '../tree/asm-helpers.ts';
import { archDefinitions } from '../tree/definitions.ts';
import { generatedSyscalls } from '../tree/syscalls.ts';
import { heldOptions, type HeldOption, KconfigError, kconfigOf, type KconfigDb, treeLatticeOf, UnsettableOption } from '../tree/kconfig.ts';
export { UnsettableOption };
import { preprocessTree, ReadMemo, sourceOf, type PreprocessedFile } from '../tree/read.ts';
import { formatLayout, LAYOUT_TIF_NAMES, LayoutError, PPC_SOFT_MASK_NAMES, readLayout, type ModelLayout } from '../tree/layout.ts';

// ───────────────────────────────────────────────────────────────────────────── constants ──

/** The hand-written product lattice: every axis, PREEMPT_DYNAMIC included (with full preemption
 *  only: config.ts's isValidConfig). Used for a tree only with --partial, when the tree's own
 *  Kconfig is missing (treeLattice()). */
export const KERNEL_LATTICE: LatticeSpec = {
  vary: ['PREEMPTION', 'PROVE_LOCKING', 'PROVE_RCU', 'DEBUG_ENTRY', 'TINY_RCU', 'NO_HZ_FULL', 'XEN_PV', 'TRACE_IRQFLAGS_NMI_SUPPORT', 'PREEMPT_DYNAMIC'],
  fixed: {},
};

/** Kconfig files the lattice cannot be derived without. */
const REQUIRED_KCONFIG = (arch: string): string[] => ['Kconfig', `arch/${arch}/Kconfig`, 'kernel/Kconfig.preempt'];

/**
 * The lattice for one tree, from the tree's own Kconfig (src/tree/kconfig.ts): the assignments
 * of the model's axes that `make` can produce for this arch, each point carrying every other
 * symbol's value. A tree without its Kconfig is refused (KconfigError, naming the missing files);
 * with `partial`, the hand-written KERNEL_LATTICE is used instead and the spec says why.
 */
export function treeLattice(tree: Pick<TreeFiles, 'root' | 'arch'>, opts: TreeLoadOptions = {}): LatticeSpec {
  const missing = REQUIRED_KCONFIG(tree.arch).filter((f) => !fs.existsSync(path.join(tree.root, f)));
  let problem: string | null = missing.length ? `missing ${missing.join(', ')}` : null;
  let db: KconfigDb | null = null;
  if (!problem) {
    db = kconfigOf(tree.root, tree.arch);
    if (db.unresolved.length) problem = `Kconfig sources not found: ${db.unresolved.map((u) => `${u.path} (${u.loc.file}:${u.loc.line}: ${u.why})`).join(', ')}`;
  }
  if (problem) {
    const msg = `${tree.root}: cannot derive the config lattice from the tree's Kconfig: ${problem}`;
    if (!opts.partial) throw new KconfigError(`${msg} (--partial checks the hand-written lattice instead)`);
    if (opts.set?.length) throw new UnsettableOption(`${msg}: --config ${opts.set.map((o) => o.name).join(', ')} needs the tree's Kconfig (the hand-written lattice has only the model's axes)`);
    return { ...KERNEL_LATTICE, partial: [`${msg}; checked over the hand-written lattice instead`] };
  }
  const set = opts.set ?? [];
  const l = treeLatticeOf(db!, set);
  // The arch builds the generic entry in every configuration checked (the scan in
  // src/tree/arches.ts found the select; the evaluation decides whether it holds).
  const entry = treeArches(tree.root).find((a) => a.name === tree.arch)?.entry;
  if (entry) {
    const off = l.points.find((p) => p.tree?.value(entry) !== true);
    if (off) throw new KconfigError(`${tree.root}: CONFIG_${entry} is not y for ${tree.arch} in ${formatConfig(off)} (the lattice covers only generic-entry builds)`);
  }
  const vary = KERNEL_LATTICE.vary.filter((s) => s === 'PREEMPTION' || new Set(l.points.map((p) => hasBool(p, s as BoolSymbol))).size > 1);
  if (new Set(l.points.map((p) => hasBool(p, 'SMP'))).size > 1) vary.push('SMP');
  if (new Set(l.points.map((p) => hasBool(p, 'PREEMPT_RT'))).size > 1) vary.push('PREEMPT_RT');
  return { vary, fixed: {}, points: l.points, axes: l.axes, assumed: l.assumed, ...(set.length ? { set } : {}) };
}

/** How a tree is read: over the hand-written lattice when its Kconfig is missing (`partial`),
 *  with options the user set for the whole check (`set`, `--config NAME=y`). */
export interface TreeLoadOptions {
  readonly partial?: boolean;
  readonly set?: readonly SetOption[];
}

/** loadTree's options from a check's (or a row origin's) partial flag and set options: the one
 *  place that decides how a tree is read, so a worker reads the tree its rows were built from. */
export function treeLoadOptions(o: { readonly partial?: boolean; readonly set?: readonly SetOption[] }): TreeLoadOptions {
  return { ...(o.partial ? { partial: true } : {}), ...(o.set?.length ? { set: o.set } : {}) };
}

/** Default exploration bounds for trees: one nested IRQ, one NMI. */
export const KERNEL_BOUNDS: ExploreBounds = { nmiNesting: 1, irqNesting: 1 };

/** The model's own C read after the tree, for every arch: the scheduler core. */
const MODEL_C_COMMON = ['src/kernel/c/sched.c'] as const;
/**
 * Softirqs at an interrupt's exit (the loop with IRQs on, and the calls that reach it), for the
 * arches whose trees reach them through it: all but powerpc, for cost alone. There the loop's
 * soft-masked local_irq_enable()/local_irq_disable() let interrupts be recorded and replayed, and
 * 64-bit rows grow about 2.6-fold; the findings that adds were judged in session 26, all TRUE and
 * all known from other rows (docs/findings.md, "Softirqs on 64-bit powerpc"). On powerpc
 * do_softirq_own_stack() stays an opaque call, listed, and handle_softirqs() the neutral primitive.
 */
const SOFTIRQ_EXIT_C = 'src/kernel/c/softirq-exit.c';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const IRQ_VECTOR = 'kentry_tree_irq_vector';
export const NMI_VECTOR = 'kentry_tree_nmi_vector';

/** One harness per row, as data: harness id → the function the vector runs. */
export interface KernelVector {
  readonly harness: string;
  /** The row's id where it is not the harness's (arm64: the SError and EL1 debug rows are
   *  NMI-class rows beside the pseudo-NMI's `nmi`); absent: the harness id (x86 and the rest). */
  readonly row?: string;
  readonly vector: string;
  readonly title: string;
  /** The row exists only in configs with these values, on top of the harness's own (arm64's
   *  pseudo-NMI row: ARM64_PSEUDO_NMI=y). */
  readonly requires?: Partial<Record<BoolSymbol, boolean>>;
  /** The row arrives only in these of the harness's contexts (arm64's pseudo-NMI row: where IRQs
   *  are masked, the contexts only a pseudo-NMI reaches). */
  readonly contexts?: readonly string[];
  /**
   * What a nested IRQ runs, where the vector's code unmasks IRQs although its harness's does not
   * (arm64's SError from EL0 returns to user mode through the exit loop with IRQs on): the arch's
   * IRQ vector. The engine delivers it only where IRQs are unmasked, so none arrives inside the
   * NMI-class part of the handler.
   */
  readonly nestedIrq?: 'irq-vector';
}

const SYSCALL_ENTRY = 'do_syscall_64';
const SYSCALL_EXIT = 'syscall_exit_to_user_mode';
/** The tree's do_syscall_64() up to its syscall_exit_to_user_mode() call (see syscallToExit). */
export const SYSCALL_TO_EXIT = 'kentry_tree_do_syscall_64';

/**
 * The tree's `do_syscall_64()` up to and including its (last) `syscall_exit_to_user_mode()` call,
 * then a return. What follows that call in every tree read (5.10–7.3) only chooses between SYSRET
 * and IRET: it compares saved registers (`regs->cx`, `regs->ip`, …) with `__USER_CS`,
 * `TASK_SIZE_MAX` (`task_size_max()`, 5-level paging) and EFLAGS bits, and tests
 * `X86_FEATURE_XENPV`; it touches no modelled state (IRQ flag, lockdep, tracer, RCU, context
 * tracking, preempt_count, thread flags), but names constants and page-table helpers that have
 * nothing to do with entry code. The vector is the tree's code to that point, so the entry half
 * (7.3: the statement-expression macro `syscall_enter_from_user_mode_randomize_stack()`) is
 * whatever the tree writes. Undefined when the function has config variants, does not call
 * syscall_exit_to_user_mode(), or jumps from before that call to after it.
 */
export function syscallToExit(fn: IrFunction | undefined): IrFunction | undefined {
  if (!fn) return undefined;
  let cut = -1;
  fn.ops.forEach((op, pc) => { if (op.kind === OpKind.Call && op.callee === SYSCALL_EXIT) cut = pc; });
  if (cut < 0) return undefined;
  const head = fn.ops.slice(0, cut + 1);
  for (const op of head) {
    if ((op.kind === OpKind.Jump || op.kind === OpKind.BranchIfFalse) && op.target > cut) return undefined;
  }
  const ret: Op = { kind: OpKind.Return, loc: fn.ops[cut]!.loc, value: null };
  return { ...fn, name: SYSCALL_TO_EXIT, ops: [...head, ret], returnType: 'void' };
}

export const X86_VECTORS: readonly KernelVector[] = [
  { harness: 'irq', vector: IRQ_VECTOR, title: 'device interrupt / system vector (IDTENTRY_IRQ, IDTENTRY_SYSVEC)' },
  { harness: 'exception', vector: 'kentry_tree_exception_vector', title: 'exception (IDTENTRY)' },
  { harness: 'nmi', vector: NMI_VECTOR, title: 'NMI (IDTENTRY_NMI)' },
  { harness: 'syscall', vector: 'do_syscall_64', title: 'system call (do_syscall_64 as the tree writes it)' },
  { harness: 'syscall', vector: SYSCALL_TO_EXIT, title: 'system call (the tree\'s do_syscall_64 up to syscall_exit_to_user_mode(); the SYSRET/IRET choice after it reads no modelled state)' },
  { harness: 'syscall', vector: 'kentry_tree_syscall', title: 'system call (do_syscall_64 shape: the tree\'s body could not be read)' },
  { harness: 'xen-upcall', vector: 'xen_pv_evtchn_do_upcall', title: 'Xen PV event-channel upcall' },
];

/**
 * What kentry models per architecture: the harness vectors and the model C that defines the
 * vector shells. Which arches a tree builds with the generic entry is a tree fact
 * (src/tree/arches.ts); this table is what kentry can check of them.
 */
export interface ArchHarnesses {
  readonly vectors: readonly KernelVector[];
  /** Model C read after the tree (besides MODEL_C_COMMON), repo-relative. */
  readonly modelC: readonly string[];
  /** Tree functions the harness C calls whose files discovery must read (arch entry code). */
  readonly treeEntry: readonly string[];
  /** What runs for a nested IRQ and for an NMI in every row of this arch. */
  readonly irqVector: string;
  /**
   * The arch's own entry code, read where the tree's arch Kconfig selects no generic entry (arm64
   * before 7.x). `--arch` accepts the arch on such a tree when the file defines these functions;
   * it is never in the default set there (that is the generic-entry arches).
   */
  readonly ownEntry?: OwnEntrySpec;
  /** Absent: the arch has no NMI-class entry (loongarch); only nested IRQs are delivered. */
  readonly nmiVector?: string;
  /** The tree is read with `paramCalls` and functions are specialized for constant function
   *  arguments (specializeParamCalls); absent: neither (x86). */
  readonly paramCalls?: ParamCallSpec;
  /** Undefined callees the tree writes as inline asm (macros, __always_inline helpers) are not
   *  calls (src/tree/asm-helpers.ts); absent: every undefined callee is an opaque call (x86). */
  readonly inlineAsm?: boolean;
  /** Constants the arch's primitives take as arguments through macros built from them (arm64:
   *  local_daif_restore(DAIF_ERRCTX), a macro of asm/daifflags.h over PSR_*_BIT): include following looks for the headers
   *  that define them, like a missing callee's, when the files read do not. */
  readonly constants?: readonly string[];
  /** Taking an exception masks the NMI-class vector until the code unmasks it (arm64: the
   *  hardware sets PSTATE.DAIF on exception entry; SError waits for PSTATE.A to clear). */
  readonly asyncMask?: boolean;
  /** The arch generates `__NR_syscalls` from a syscall table at build time (src/tree/syscalls.ts):
   *  the count is derived from the tree's table and Makefiles. */
  readonly generatedSyscalls?: boolean;
  /** At most this many include rounds (load()); absent (every arch today): rounds go on until a
   *  round finds no new header (a fixpoint: the headers read only grow, so it ends). A bound cut
   *  the arches short: riscv 6.12's
   *  do_trap_ecall_u() called riscv_v_vstate_discard() with SR_VS (asm/csr.h, a fifth round)
   *  unknown, so kentry took the helper for a call; s390 7.3's syscall_trace_enter() called
   *  syscall_user_dispatch() and rseq_syscall_enter_work() whose headers (a fifth round) make
   *  them s390's always-inline stubs. */
  readonly includeRounds?: number;
  /** Array elements in memory are opaque loads and calls through function-pointer tables opaque
   *  calls (ParseOptions.subscripts; s390's percpu_exit(), __do_syscall()); absent: both make the
   *  function unsupported (x86). */
  readonly subscripts?: boolean;
  /** `struct pt_regs` fields named `flags`/`cs` are not x86's EFLAGS/CS (ParseOptions.ptRegsMemory;
   *  s390: `flags` holds the PIF_* bits). */
  readonly ptRegsMemory?: boolean;
  /** Entry contexts this arch adds to a harness's (harness id → context ids; s390: a vCPU
   *  inside SIE, interrupted with its arch_in_rcu_eqs() flag set). */
  readonly contexts?: Readonly<Record<string, readonly string[]>>;
  /** How the arch's inline asm calls a C function (AsmCallSpec, src/c/lower.ts): loongarch's
   *  do_vint() switches to the IRQ stack and calls handle_loongarch_irq(regs) in an asm statement. */
  readonly asmCalls?: AsmCallSpec;
  /** Function-like macros expanded where they appear: powerpc's RESTART_TABLE() and the
   *  stringify_in_c() it is made of, which expand to string literals of assembler directives in an
   *  asm template (left a call, the template does not parse; the asm lowering reads the
   *  restart-table entry, AsmCallSpec.paca), and LONG_ASM_CONST(), a constant on 64-bit and 0 on
   *  32-bit (asm/cputable.h's CPU_FTR_* values). Their headers are looked for like a missing
   *  callee's. */
  readonly expandMacros?: readonly string[];
  /** A C file is read only in the configs its directory's Makefile builds it in (ReadOptions.kbuild;
   *  powerpc: irq_64.c only with CONFIG_PPC64). Absent: every C file in every config (x86's judged
   *  tables were taken that way). */
  readonly kbuild?: boolean;
  /** Function-like macros expanded where their definition is a statement block (`do { … } while
   *  (0)`), so that the lowering reads their statements; a definition that is an expression (a
   *  call) stays a call by name. powerpc: 64-bit hard_irq_disable() (asm/hw_irq.h: MSR[EE] off,
   *  the soft mask set, PACA_IRQ_HARD_DIS, trace_hardirqs_off()); 32-bit's is the call
   *  arch_local_irq_disable(), a primitive's name. */
  readonly statementMacros?: readonly string[];
  /** The model function a replayed soft-masked interrupt runs (powerpc 64-bit: what
   *  __replay_soft_interrupts()' do_IRQ(&regs) is bound to); a call of it is a replay, summarised
   *  like a nested IRQ (engine.ts replayCall). */
  readonly replayVector?: string;
  /** Per-CPU accessors, beyond `this_cpu_read()` & co., that the arch's entry code uses as reads
   *  of memory the model does not track (loongarch: `per_cpu(irq_stack, cpu)` in do_vint() and
   *  on_irq_stack()): opaque loads, listed, never 0. x86 keeps them as calls (6.1 reaches
   *  per_cpu() in code whose judged findings would change). */
  readonly percpuReads?: readonly string[];
  /** `a[i]` read as untracked memory and calls through a local function-pointer variable as
   *  opaque calls (ParseOptions.tableCalls): loongarch's do_syscall(). */
  readonly tableCalls?: boolean;
  /** Compiler intrinsics the arch's headers call (from a toolchain header the tree includes, so
   *  defined nowhere in the tree): single instructions, like `__builtin_*` (src/tree/asm-helpers.ts).
   *  loongarch: GCC's larchintrin.h, which asm/loongarch.h includes; csr_read32() & co. are macros
   *  over them. */
  readonly intrinsics?: readonly string[];
  /** Global objects the arch's entry code passes by name to a function kentry interprets (arm64:
   *  do_el0_svc() passes `sys_call_table` down to invoke_syscall(), which reads an entry, memory
   *  kentry does not track): each is an address, never null, a token unique to the name. Any other
   *  unknown identifier stays an error. */
  readonly objects?: readonly string[];
  /** `&current_thread_info()->flags` is a name for the flags word (ParseOptions.threadFlagsAddress):
   *  powerpc's syscall and interrupt exits clear_bits() on it. */
  readonly threadFlagsAddress?: boolean;
  /** The tree's `inline` is `notrace` for instrumentability (BindOptions.inlineNotrace): powerpc,
   *  whose interrupt handlers are notrace + NOKPROBE_SYMBOL instead of noinstr. */
  readonly inlineNotrace?: boolean;
  /** The nmi row's vector returns through the arch's ordinary interrupt return (32-bit powerpc:
   *  head_book3s_32.S branches to interrupt_return after machine_check_exception()), so it is an
   *  NMI-class event for the return checks: it owes the task no exit work (CheckRow.nmiClassVector). */
  readonly nmiVectorReturnsViaExit?: boolean;
  /** Object-like macros spelled like constants whose replacement reads memory are expanded
   *  (treeExpandMemoryMacros): 6.1/6.12 s390's `MACHINE_IS_LPAR` (asm/setup.h). Absent: they stay
   *  names (x86 keeps the old policy until its judged tables are re-taken). */
  readonly memoryMacros?: boolean;
  /** The nmi row's vector masks the NMI-class event until it returns (CheckRow.vectorMasksNmi): s390's
   *  machine-check new PSW has PSW.M off (setup.c sets it to PSW_KERNEL_BITS, which has no
   *  PSW_MASK_MCHECK; only the I/O, external, program and SVC new PSWs get the machine-check bit,
   *  traps.c), so no machine check nests inside one. Absent: one NMI may nest in the nmi row. */
  readonly nmiVectorMasksNmi?: boolean;
  /** Macros the compiler predefines for the arch's kernel build, besides `__KERNEL__` (s390: GCC
   *  targeting s390x defines `__s390__` and `__s390x__`; 6.1/6.12's uapi asm/ptrace.h picks the
   *  64-bit PSW bits under `#ifdef __s390x__`, the 31-bit ones otherwise). Absent: none (the other
   *  arches' judged tables were taken without them). */
  readonly predefined?: Readonly<Record<string, string>>;
  /** Compiler-predefined macros defined where a Kconfig symbol is on (macro → symbol; powerpc:
   *  `__powerpc64__` with PPC64, which builds with -m64: asm/cputable.h's LONG_ASM_CONST() is the
   *  constant there and 0 on 32-bit). */
  readonly predefinedIf?: Readonly<Record<string, string>>;
  /** Harness functions the arch's model C calls by a name no file defines, each bound to the first
   *  candidate whose tree callees the tree defines (s390's machine-check shell: the tree's bracket
   *  differs between series; a version difference is data). Every choice is a listed rewrite
   *  (`tree-shape`); a tree that matches no candidate is refused, naming what it lacks. */
  readonly shells?: Readonly<Record<string, readonly ShellChoice[]>>;
  /**
   * A tree function that is a trap's handler proper, called from the tree's own trap code rather
   * than from a model shell (where the shells of x86 and the others make the check themselves) →
   * what the handler is called in messages. Before each such call the reader inserts the harness
   * check kentry_assert_trap_handler_state() (src/kernel/entrywork.ts): in a trap taken from
   * kernel mode the handler must find what the entry code hands every handler. Inserted when a
   * program is bound, after any mutation, so mutants and finding sites are the tree's; each site
   * is a listed rewrite (`handler-check`). riscv: do_trap_break()'s handle_break(), which from
   * kernel mode runs inside the tree's NMI pair.
   */
  readonly handlerChecks?: Readonly<Record<string, string>>;
}

/** One candidate model function for a harness call (ArchHarnesses.shells). */
export interface ShellChoice {
  /** The model C function (defined in the arch's modelC). */
  readonly fn: string;
  /** Tree functions the candidate calls that tell the tree's shape: each must be defined (or
   *  written as inline asm) with this many parameters (`params` absent: any). */
  readonly calls: readonly { readonly name: string; readonly params?: number }[];
  /** Why these callees identify the tree's shape (shown in the rewrite). */
  readonly why: string;
}

/** How calls through function-pointer parameters are resolved for an arch (data). */
export interface ParamCallSpec {
  /** A function-pointer variable the tree passes (set at boot by a driver) → the model function
   *  that stands for what it points to. */
  readonly targets: Readonly<Record<string, string>>;
  /** Calls that switch stacks and call their function argument: name → which argument is the
   *  function and which arguments it is called with. */
  readonly stackSwitches: Readonly<Record<string, { readonly fn: number; readonly args: readonly number[] }>>;
}

export const ARCH_HARNESSES: Readonly<Record<string, ArchHarnesses>> = {
  arm64: {
    vectors: [
      { harness: 'irq', vector: 'kentry_arm64_irq_vector', title: 'IRQ from EL0 or EL1 (el0t_64_irq_handler / el1h_64_irq_handler)' },
      {
        harness: 'nmi',
        vector: 'kentry_arm64_pnmi_vector',
        title: 'pseudo-NMI from EL1 with IRQs masked by PMR (el1h_64_irq_handler → el1_interrupt → __el1_pnmi)',
        requires: { ARM64_PSEUDO_NMI: true },
        contexts: ['kernel-irqs-off', 'idle-irqs-off'],
      },
      { harness: 'exception', vector: 'kentry_arm64_exception_vector', title: 'synchronous exception: a data abort (el0_da from EL0, el1_abort from EL1)' },
      { harness: 'syscall', vector: 'kentry_arm64_syscall_vector', title: 'system call (SVC from EL0: el0_svc → do_el0_svc → el0_svc_common)' },
      // From EL0 the handler unmasks IRQs after the NMI pair (local_daif_restore(DAIF_PROCCTX),
      // arch/arm64/kernel/entry-common.c:886) and returns through arm64_exit_to_user_mode(), whose
      // exit loop runs with IRQs on: a device interrupt can arrive there, and its return may
      // preempt the task (the loop's escape when a reschedule is left undone).
      { harness: 'nmi', row: 'serror', vector: 'kentry_arm64_serror_vector', title: 'SError (el0t_64_error_handler / el1h_64_error_handler)', nestedIrq: 'irq-vector' },
      {
        harness: 'nmi',
        row: 'debug',
        vector: 'kentry_arm64_debug_vector',
        title: 'debug exception from EL1: BRK (el1_brk64 inside arm64_enter_el1_dbg / arm64_exit_el1_dbg)',
        contexts: ['kernel', 'kernel-preempt-off', 'kernel-irqs-off', 'idle-eqs', 'idle-irqs-off'],
      },
    ],
    modelC: ['src/kernel/c/arm64-vectors.c', SOFTIRQ_EXIT_C],
    // The C handlers of arch/arm64/kernel/entry-common.c and syscall.c, found by what they define.
    treeEntry: ['el1h_64_irq_handler', 'el0t_64_irq_handler', 'el1h_64_error_handler', 'el0t_64_error_handler', 'el0_svc', 'do_el0_svc', 'syscall_trace_enter', 'el1_abort', 'el0_da', 'el1_brk64'],
    // Before 7.x arm64 had its own enter/exit helpers in the same file (they carry their state in
    // pt_regs: regs->exit_rcu, regs->lockdep_hardirqs) instead of the generic irqentry code; the
    // same handlers call them, so the same harnesses read them.
    ownEntry: {
      file: 'arch/arm64/kernel/entry-common.c',
      defines: ['enter_from_kernel_mode', 'exit_to_kernel_mode', 'arm64_enter_nmi', 'arm64_exit_nmi', 'arm64_enter_el1_dbg', 'arm64_exit_el1_dbg', 'arm64_preempt_schedule_irq'],
      why: 'arm64 before the generic irqentry code (7.x): its own enter/exit helpers, NMI and debug brackets and IRQ-return preemption',
    },
    irqVector: 'kentry_arm64_irq_vector',
    nmiVector: 'kentry_arm64_nmi_vector',
    paramCalls: {
      // The irqchip driver sets these at boot (set_handle_irq()/set_handle_fiq()): the root
      // interrupt handler, which the model's device-interrupt handler stands for.
      targets: { handle_arch_irq: 'kentry_arm64_handle_irq', handle_arch_fiq: 'kentry_arm64_handle_irq' },
      // call_on_irq_stack(regs, fn): fn(regs) on the IRQ stack (assembly; no irq_enter/exit of its own).
      stackSwitches: { call_on_irq_stack: { fn: 1, args: [0] } },
    },
    inlineAsm: true,
    asyncMask: true,
    constants: ['DAIF_PROCCTX', 'DAIF_PROCCTX_NOIRQ', 'DAIF_ERRCTX', 'PSR_I_BIT'],
    // 6.x's own entry (arch/arm64/kernel/entry-common.c before the generic irqentry code) tests
    // the saved registers through asm/ptrace.h's expression macros, `interrupts_enabled(regs)`
    // over regs->pstate and, with priority masking, the saved PMR; and whether to preempt on the
    // IRQ return through its own `need_irq_preemption()` (IS_ENABLED(CONFIG_PREEMPTION), or the
    // PREEMPT_DYNAMIC static key). Expanded, each reads the tracked members and configs it is
    // made of; left calls, they would be opaque. 7.x uses none of them.
    expandMacros: ['interrupts_enabled', 'irqs_priority_unmasked', 'need_irq_preemption'],
    // The syscall row: el0_svc_common() reads the saved registers (`regs->regs[0]`, `regs->regs[8]`)
    // and invoke_syscall() the table entry `syscall_table[…]`, all memory kentry does not track.
    tableCalls: true,
    generatedSyscalls: true,
    objects: ['sys_call_table'],
  },
  riscv: {
    vectors: [
      { harness: 'irq', vector: 'kentry_riscv_irq_vector', title: 'interrupt from U- or S-mode (do_irq)' },
      { harness: 'exception', vector: 'kentry_riscv_exception_vector', title: 'exception (do_trap_break, of DO_ERROR_INFO\'s shape: user pair from U-mode, NMI pair from S-mode)' },
      { harness: 'syscall', vector: 'do_trap_ecall_u', title: 'system call (do_trap_ecall_u as the tree writes it)' },
    ],
    modelC: ['src/kernel/c/riscv-vectors.c', SOFTIRQ_EXIT_C],
    // The trap handlers of arch/riscv/kernel/traps.c, found by what the file defines.
    treeEntry: ['do_irq', 'do_trap_break'],
    irqVector: 'kentry_riscv_irq_vector',
    nmiVector: 'kentry_riscv_nmi_vector',
    paramCalls: {
      // The interrupt-controller driver sets it at boot (set_handle_irq()): the root interrupt
      // handler, which the model's device-interrupt handler stands for.
      targets: { handle_arch_irq: 'kentry_riscv_handle_irq' },
      // call_on_irq_stack(regs, fn): fn(regs) on the IRQ stack (assembly; no irq_enter/exit of its own).
      stackSwitches: { call_on_irq_stack: { fn: 1, args: [0] } },
    },
    // do_trap_break()'s handler: from kernel mode it runs inside the tree's NMI pair, where the
    // check must sit, between the pair and the handler (no model shell is there to make it).
    handlerChecks: { handle_break: 'kernel-mode trap handler' },
    inlineAsm: true,
    generatedSyscalls: true,
  },
  s390: {
    vectors: [
      { harness: 'irq', vector: 'kentry_s390_irq_vector', title: 'I/O or external interruption from problem or supervisor state (do_io_irq / do_ext_irq)' },
      { harness: 'exception', vector: 'kentry_s390_exception_vector', title: 'program check (__do_pgm_check, not a KVM guest fault)' },
      { harness: 'nmi', vector: 'kentry_s390_nmi_vector', title: 'machine check (s390_do_machine_check\'s entry bracket; its body is not read)' },
      { harness: 'syscall', vector: 'kentry_s390_syscall_vector', title: 'system call (__do_syscall as the tree writes it)' },
    ],
    modelC: ['src/kernel/c/s390-vectors.c', SOFTIRQ_EXIT_C],
    // The C entry functions of arch/s390/kernel/{irq,traps,syscall,nmi}.c, found by what they define.
    treeEntry: ['do_io_irq', 'do_ext_irq', '__do_pgm_check', '__do_syscall'],
    irqVector: 'kentry_s390_irq_vector',
    nmiVector: 'kentry_s390_nmi_vector',
    // The machine check's steps around its body differ between trees (src/kernel/c/s390-vectors.c):
    // the first shape whose tree callees the tree defines is the tree's. Order matters only
    // between a shape and the bare bracket, which every generic-entry tree can take: a tree that
    // defines percpu_entry() calls it in its machine check (7.2/7.3 nmi.c; it exists for that
    // path and the I/O and external ones), a tree whose s390_handle_mcck() takes the saved
    // registers is called with them from entry.S after s390_do_machine_check() returns 1 (6.1;
    // 6.12 and later have s390_handle_mcck(void), run from the deferred handler instead).
    shells: {
      kentry_s390_mcck: [
        { fn: 'kentry_s390_mcck_percpu', calls: [{ name: 'percpu_entry' }, { name: 'percpu_exit' }], why: 'the tree defines percpu_entry()/percpu_exit(): its machine check fixes up the per-CPU lowcore around the NMI pair' },
        { fn: 'kentry_s390_mcck_handle', calls: [{ name: 's390_handle_mcck', params: 1 }], why: 'the tree defines s390_handle_mcck(regs): entry.S calls it after the NMI pair when s390_do_machine_check() returns 1' },
        { fn: 'kentry_s390_mcck_bracket', calls: [{ name: 'irqentry_nmi_enter', params: 1 }, { name: 'irqentry_nmi_exit', params: 2 }], why: 'neither: the machine check is the NMI pair alone' },
      ],
    },
    memoryMacros: true,
    nmiVectorMasksNmi: true,
    // The kernel is 64-bit only (arch/s390/Kconfig: `config 64BIT def_bool y`), built for s390x.
    predefined: { __s390__: '1', __s390x__: '1' },
    // 6.1's do_io_irq()/do_ext_irq() compare the old PSW's address with the idle exit label
    // (`(unsigned long)psw_idle_exit`, entry.S): an address, never null, unique to the name.
    objects: ['psw_idle_exit'],
    paramCalls: {
      // do_IRQ() calls the generic IRQ layer directly: bound to the model's handler.
      targets: { generic_handle_irq: 'kentry_s390_handle_irq' },
      stackSwitches: {},
    },
    inlineAsm: true,
    generatedSyscalls: true,
    // An I/O or external interruption can hit a vCPU running a guest (SIE is interruptible):
    // it arrives in the host kernel with the task's PF_VCPU set (arch_in_rcu_eqs()).
    contexts: { irq: ['kvm-sie'] },
    subscripts: true,
    ptRegsMemory: true,
  },
  loongarch: {
    vectors: [
      { harness: 'irq', vector: 'kentry_loongarch_irq_vector', title: 'interrupt from user or kernel mode (do_vint, its IRQ-stack switch followed)' },
      { harness: 'exception', vector: 'kentry_loongarch_exception_vector', title: 'exception (do_bp: irqentry_enter/exit, IRQs re-enabled only if the interrupted context had them on)' },
      { harness: 'syscall', vector: 'do_syscall', title: 'system call (do_syscall as the tree writes it)' },
    ],
    modelC: ['src/kernel/c/loongarch-vectors.c', SOFTIRQ_EXIT_C],
    // The handlers of arch/loongarch/kernel/traps.c and syscall.c, found by what the files define.
    treeEntry: ['do_vint', 'do_bp', 'do_syscall'],
    irqVector: 'kentry_loongarch_irq_vector',
    // No nmiVector: no loongarch code calls irqentry_nmi_enter() (src/kernel/c/loongarch-vectors.c).
    paramCalls: {
      // The interrupt-controller driver sets it at boot (set_handle_irq()): the root interrupt
      // handler, which the model's device-interrupt handler stands for.
      targets: { handle_arch_irq: 'kentry_loongarch_handle_irq' },
      // do_vint() switches stacks in an asm statement (asmCalls below), not through a C helper.
      stackSwitches: {},
    },
    inlineAsm: true,
    generatedSyscalls: true,
    asmCalls: {
      // do_vint(): `move $a0, %[regs]` then `bl handle_loongarch_irq` on the IRQ stack.
      call: 'bl',
      move: 'move',
      argRegs: ['$a0', '$a1', '$a2', '$a3', '$a4', '$a5', '$a6', '$a7'],
      // arch_local_irq_*() (asm/irqflags.h): one csrxchg / csrrd on CRMD (src/kernel/loongarch.ts).
      instructions: { csrxchg: '__csrxchg_w', csrrd: '__csrrd_w', csrwr: '__csrwr_w' },
    },
    // The arguments of the CRMD primitives, found by include following where the files read lack them.
    constants: ['LOONGARCH_CSR_CRMD', 'CSR_CRMD_IE'],
    percpuReads: ['per_cpu'],
    tableCalls: true,
    intrinsics: [
      '__csrrd_w', '__csrrd_d', '__csrwr_w', '__csrwr_d', '__csrxchg_w', '__csrxchg_d',
      '__iocsrrd_b', '__iocsrrd_h', '__iocsrrd_w', '__iocsrrd_d', '__iocsrwr_b', '__iocsrwr_h', '__iocsrwr_w', '__iocsrwr_d',
      '__cpucfg', '__dbar', '__ibar',
    ],
  },
  powerpc: {
    vectors: [
      { harness: 'irq', vector: 'kentry_powerpc_irq_vector', title: 'external interrupt (do_IRQ: DEFINE_INTERRUPT_HANDLER_ASYNC\'s steps around __do_irq), then interrupt_exit_{user,kernel}_prepare' },
      { harness: 'exception', vector: 'kentry_powerpc_exception_vector', title: 'exception (unknown_exception: DEFINE_INTERRUPT_HANDLER\'s steps), then interrupt_exit_{user,kernel}_prepare' },
      { harness: 'nmi', vector: 'kentry_powerpc_nmi_vector', title: 'machine check (machine_check_exception: DEFINE_INTERRUPT_HANDLER_NMI\'s steps, body not read), then interrupt_exit_{user,kernel}_prepare' },
      { harness: 'syscall', vector: 'kentry_powerpc_syscall_vector', title: 'system call (system_call_exception, then syscall_exit_prepare, as the tree writes them)' },
    ],
    modelC: ['src/kernel/c/powerpc-vectors.c'],
    // The C of arch/powerpc/kernel/{irq,interrupt,syscall}.c, found by what the files define.
    // 64-bit: irq_64.c's arch_local_irq_restore() and the replay of soft-masked interrupts.
    treeEntry: ['__do_irq', 'interrupt_exit_user_prepare', 'interrupt_exit_kernel_prepare', 'system_call_exception', 'syscall_exit_prepare', 'arch_local_irq_restore'],
    irqVector: 'kentry_powerpc_irq_vector',
    nmiVector: 'kentry_powerpc_nmi_vector',
    paramCalls: {
      // __do_irq() calls the generic IRQ layer directly: bound to the model's handler.
      // 64-bit: __replay_soft_interrupts() (irq_64.c) calls the external interrupt's handler,
      // do_IRQ(&regs), for a replayed interrupt: bound to the shell that gives it its frame.
      targets: { generic_handle_irq: 'kentry_powerpc_handle_irq', do_IRQ: 'kentry_powerpc_replayed_do_IRQ' },
      stackSwitches: {},
    },
    inlineAsm: true,
    generatedSyscalls: true,
    subscripts: true,
    tableCalls: true,
    ptRegsMemory: true,
    threadFlagsAddress: true,
    inlineNotrace: true,
    nmiVectorReturnsViaExit: true,
    // The MSR bits the powerpc primitives take as arguments (src/kernel/powerpc.ts), and the
    // enum lockdep_ok value the machine check's add_taint() passes (include/linux/panic.h), found
    // by include following where the files read lack them.
    constants: ['MSR_EE', 'MSR_RI', 'MSR_PR', 'MMU_FTR_KUAP', 'LOCKDEP_NOW_UNRELIABLE', 'CPU_FTR_CTRL'],
    // 64-bit: addresses the entry code compares or sets as return addresses (the idle nap return
    // of nap_adjust_return(), the end of the soft-masked text of is_implicit_soft_masked()).
    objects: ['power4_idle_nap_return', '__end_soft_masked'],
    // 64-bit soft masking: the paca's soft-mask bytes through r13 (asm/hw_irq.h,
    // kernel/irq_64.c), src/kernel/powerpc.ts. No other asm statement is lowered.
    asmCalls: { paca: { base: '13', load: 'lbz', store: 'stb', loadCall: '__kentry_ppc_paca_lbz', storeCall: '__kentry_ppc_paca_stb', unmaskCall: '__kentry_ppc_paca_unmask' } },
    expandMacros: ['RESTART_TABLE', 'stringify_in_c', '__stringify_in_c', 'LONG_ASM_CONST', 'raw_local_irq_enable'],
    predefinedIf: { __powerpc64__: 'PPC64' },
    kbuild: true,
    // local_irq_enable() and raw_local_irq_enable() (include/linux/irqflags.h) are read down to
    // the arch's arch_local_irq_enable(): on 64-bit arch_local_irq_restore(IRQS_ENABLED), which
    // replays the interrupts that arrived soft-masked (kernel/irq_64.c).
    statementMacros: ['hard_irq_disable', 'INT_SOFT_MASK_BUG_ON', 'local_irq_enable'],
    replayVector: 'kentry_powerpc_replayed_do_IRQ',
  },
  x86: { vectors: X86_VECTORS, modelC: ['src/kernel/c/x86-vectors.c', SOFTIRQ_EXIT_C], treeEntry: [], irqVector: IRQ_VECTOR, nmiVector: NMI_VECTOR },
};

/**
 * The harnesses of `arch` for the tree at `root`, or an ArchError (one line) saying why the tree
 * cannot be checked for it: not an arch of the tree, an arch the tree builds without the generic
 * entry, or one kentry has no harnesses for yet. A tree without its arch Kconfig is accepted only
 * with `partial` (its lattice is the hand-written one then, and says so).
 */
export function archHarnesses(root: string, arch: string, opts: { readonly partial?: boolean } = {}): ArchHarnesses {
  const known = treeArches(root).find((a) => a.name === arch);
  if (!(opts.partial && !known)) {
    const a = requireGenericEntryArch(root, arch, ARCH_HARNESSES[arch]?.ownEntry);
    const h = ARCH_HARNESSES[arch];
    if (!h) {
      const s = a.selects[0]!;
      throw new ArchError(`--arch ${arch}: ${s.file}:${s.line} selects ${s.kind}, but kentry has no ${arch} harnesses yet (modelled: ${Object.keys(ARCH_HARNESSES).join(', ')}; see docs/arch-plan.md)`);
    }
    return h;
  }
  const h = ARCH_HARNESSES[arch];
  if (!h) throw new ArchError(`--arch ${arch}: kentry has no ${arch} harnesses (modelled: ${Object.keys(ARCH_HARNESSES).join(', ')})`);
  return h;
}

/**
 * The architectures `kentry check --kernel` covers when `--arch` is not given: every arch the tree
 * builds with the generic entry (src/tree/arches.ts) that kentry has harnesses for, by name. A
 * tree with none (no arch Kconfig read) gets x86, whose archHarnesses() error says why.
 */
export function defaultArches(root: string): string[] {
  const arches = treeArches(root).filter((a) => a.entry !== null && ARCH_HARNESSES[a.name]).map((a) => a.name);
  return arches.length > 0 ? arches : ['x86'];
}

/** The vectors of an arch kentry models (throws for one it does not). */
function vectorsOf(arch: string): readonly KernelVector[] {
  const h = ARCH_HARNESSES[arch];
  if (!h) throw new ArchError(`--arch ${arch}: kentry has no ${arch} harnesses`);
  return h.vectors;
}

/** Calls that switch to the IRQ stack and call their first argument (kentry-ref §4.5). */
/**
 * IRQ-stack switches that bracket the handler with irq_enter_rcu()/irq_exit_rcu() themselves
 * (5.12+: run_sysvec_on_irqstack_cond(), run_irq_on_irqstack_cond()): bound to the harness wrapper
 * `kentry_irqstack_<func>`, which is that bracket around func and the handler's possible wakeup.
 * (5.10's run_sysvec_on_irqstack_cond() does not bracket — its caller does — but the only tree
 * text the model reads that switches stacks is the Xen upcall, which 5.10 writes with
 * run_on_irqstack_cond(); the IRQ and sysvec vectors are the harness's, x86-vectors.c.)
 */
const IRQSTACK_SWITCHES: ReadonlySet<string> = new Set(['run_sysvec_on_irqstack_cond', 'run_irq_on_irqstack_cond', 'call_on_irqstack_cond']);
// The 5.9–5.11 switch `run_on_irqstack_cond(func, regs)` only asserts IRQs off and runs
// `func(void)` (on the IRQ stack or in place): func does its own irq_enter_rcu()/irq_exit_rcu()
// (5.10's __xen_pv_evtchn_do_upcall()). Binding it to the bracketing wrapper would enter the
// hard-IRQ context twice; it is bound as the bundled eras bind it (irqStackSwitchOps), with the
// harness's handler checks around the call (plainIrqStackCall).
const IRQSTACK_WRAPPER_PREFIX = 'kentry_irqstack_';

const PERCPU_READS: ReadonlySet<string> = new Set(['__this_cpu_read', 'this_cpu_read', 'raw_cpu_read']);
const PERCPU_WRITES: ReadonlySet<string> = new Set(['__this_cpu_write', 'this_cpu_write', 'raw_cpu_write']);

/**
 * preempt_count layout constants as the IR sees them: the tree's own values (src/tree/layout.ts),
 * which replace whatever the per-file constant folding found (a helper macro such as `__IRQ_MASK()`
 * may have kept a mask from folding).
 */
function layoutConstants(l: ModelLayout): Map<string, number> {
  const p = l.preempt;
  const out = new Map<string, number>();
  for (const k of ['PREEMPT_MASK', 'SOFTIRQ_MASK', 'HARDIRQ_MASK', 'NMI_MASK', 'PREEMPT_OFFSET', 'SOFTIRQ_OFFSET', 'HARDIRQ_OFFSET', 'NMI_OFFSET', 'SOFTIRQ_DISABLE_OFFSET', 'PREEMPT_DISABLE_OFFSET'] as const) out.set(k, p[k] | 0);
  if (p.HARDIRQ_DISABLE_MASK) {
    out.set('HARDIRQ_DISABLE_MASK', p.HARDIRQ_DISABLE_MASK | 0);
    out.set('HARDIRQ_DISABLE_OFFSET', (p.HARDIRQ_DISABLE_MASK & -p.HARDIRQ_DISABLE_MASK) | 0);
  }
  for (const [k, v] of Object.entries(l.tif)) {
    out.set(`TIF_${k}`, v);
    out.set(`_TIF_${k}`, (2 ** v) | 0);
  }
  // A flag the arch lacks that the generic entry header makes 0 (_TIF_PATCH_PENDING on 6.12's
  // riscv): _TIF_X is 0; TIF_X stays unbound (a use of the bit number is a missing constant).
  for (const k of l.tifNone) out.set(`_TIF_${k}`, 0);
  // A generic fallback (TIF_RSEQ → TIF_NOTIFY_RESUME where the arch has no TIF_RSEQ) is that flag.
  for (const [k, target] of Object.entries(l.tifAliases)) {
    const v = l.tif[target]!;
    out.set(`TIF_${k}`, v);
    out.set(`_TIF_${k}`, (2 ** v) | 0);
  }
  // powerpc's soft-mask values and irq_happened bits (asm/hw_irq.h, 64-bit): the entry headers
  // use them before the header that defines them is in their table.
  const soft = l.ppcSoftMask;
  if (soft) for (const [k, name] of PPC_SOFT_MASK_NAMES) out.set(name, soft[k]);
  return out;
}

/** readLayout's answers, each with the symbols it consulted (it reads the tree's own headers,
 *  whatever headers discovery added: one list serves every include round of a load). */
type LayoutReadings = Array<{ readonly consulted: ReadonlyMap<string, boolean>; readonly layout: ModelLayout }>;

/**
 * The tree's layout, read for every text group's Kconfig. The model holds one layout per tree, so
 * the groups must agree; PREEMPT_DISABLE_OFFSET is the one field allowed to differ (0 without
 * PREEMPT_COUNT): the model counts preempt_disable() in every config, which only matters to
 * in_atomic()-style checks a !PREEMPT_COUNT kernel cannot make at all.
 */
function treeLayout(tree: TreeFiles, groups: readonly TextGroup[], facts: TreeFacts, known: LayoutReadings = []): ModelLayout {
  let chosen: ModelLayout | null = null;
  for (const g of groups) {
    const on = kconfigFor(g.configs[0]!, facts);
    let l = known.find((k) => [...k.consulted].every(([n, v]) => on.has(n) === v))?.layout;
    if (!l) {
      const consulted = new Map<string, boolean>();
      try {
        l = readLayout(tree.root, tree.arch, (n) => {
          const v = on.has(n);
          consulted.set(n, v);
          return v ? true : undefined;
        });
      } catch (e) {
        if (e instanceof LayoutError) throw new TreeInputError(e.message);
        throw e;
      }
      known.push({ consulted, layout: l });
    }
    if (!chosen) { chosen = l; continue; }
    const a = { ...chosen.preempt, PREEMPT_DISABLE_OFFSET: 0 };
    const b = { ...l.preempt, PREEMPT_DISABLE_OFFSET: 0 };
    if (JSON.stringify([a, chosen.tif]) !== JSON.stringify([b, l.tif])) {
      throw new TreeInputError(`${tree.root}: the preempt_count/thread-flag layout differs between configs (${formatLayout(chosen).replace(/\n/g, '; ')} vs ${formatLayout(l).replace(/\n/g, '; ')}); the model holds one layout per tree`);
    }
    if (l.preempt.PREEMPT_DISABLE_OFFSET > chosen.preempt.PREEMPT_DISABLE_OFFSET) chosen = l;
  }
  // powerpc's soft-mask values exist only where the config is a 64-bit kernel; the layout holds
  // them for the whole tree (the state then has their word in every config) and the model uses
  // them where the config has CONFIG_PPC64 (softMaskingOf()). Every 64-bit group must agree.
  let soft: ModelLayout['ppcSoftMask'];
  for (const k of known) {
    const s = k.layout.ppcSoftMask;
    if (!s) continue;
    if (soft && JSON.stringify(soft) !== JSON.stringify(s)) throw new TreeInputError(`${tree.root}: the powerpc soft-mask values differ between configs (${JSON.stringify(soft)} vs ${JSON.stringify(s)}); the model holds one layout per tree`);
    soft = s;
  }
  return soft && !chosen!.ppcSoftMask ? { ...chosen!, ppcSoftMask: soft } : chosen!;
}

/** A tree the model cannot read as it is: the CLI reports the message as one line, exit 2. */
export class TreeInputError extends Error {}

// ───────────────────────────────────────────────────────────────────── Kconfig mapping ──

/** Symbols the hand-written (--partial) lattice has on (the rest of a .config is n). Never used
 *  for a tree whose Kconfig was read: there every symbol comes from the tree. */
const X86_BASE = [
  'X86', 'X86_64', '64BIT', 'MMU', 'GENERIC_ENTRY', 'GENERIC_IRQ_ENTRY', 'NO_HZ_COMMON', 'CONTEXT_TRACKING_IDLE',
  'TRACE_IRQFLAGS_SUPPORT', 'IRQ_FORCED_THREADING', 'HAVE_IRQ_EXIT_ON_IRQ_STACK', 'HIGH_RES_TIMERS',
  'HAVE_STATIC_CALL', 'JUMP_LABEL', 'X86_LOCAL_APIC', 'HAVE_PREEMPT_DYNAMIC',
];

/**
 * The Kconfig symbols a lattice point turns on, as the preprocessor asks: for a point of a tree
 * lattice, the tree's Kconfig decides every symbol (a symbol it cannot decide is a KconfigError
 * naming it, never n); for the hand-written lattice, the model axes stand for the kernel
 * symbols listed below.
 */
export function kconfigFor(cfg: KConfig, facts: Pick<TreeFacts, 'archPreemptDynamic'>): { has(name: string): boolean } {
  const tree = cfg.tree;
  if (tree) {
    return {
      has(name: string): boolean {
        const v = tree.value(name);
        if (v === undefined) throw new KconfigError(`CONFIG_${name}: the tree's Kconfig does not decide it (in ${formatConfig(cfg)})`);
        return v;
      },
    };
  }
  const on = new Set(X86_BASE);
  const b = (s: BoolSymbol) => hasBool(cfg, s);
  if (facts.archPreemptDynamic === 'call') on.add('HAVE_PREEMPT_DYNAMIC_CALL');
  if (facts.archPreemptDynamic === 'key') on.add('HAVE_PREEMPT_DYNAMIC_KEY');
  // TINY_RCU is the uniprocessor RCU.
  if (b('TINY_RCU')) on.add('TINY_RCU');
  else for (const s of ['SMP', 'TREE_RCU']) on.add(s);
  if (cfg.preempt === PreemptModel.None) for (const s of ['PREEMPT_NONE', 'PREEMPT_NONE_BUILD']) on.add(s);
  if (cfg.preempt === PreemptModel.Voluntary) for (const s of ['PREEMPT_VOLUNTARY', 'PREEMPT_VOLUNTARY_BUILD']) on.add(s);
  if (cfg.preempt === PreemptModel.Full) for (const s of ['PREEMPT', 'PREEMPT_BUILD', 'PREEMPTION', 'PREEMPT_COUNT', 'PREEMPT_RCU']) on.add(s);
  if (cfg.preempt === PreemptModel.Lazy || cfg.preempt === PreemptModel.Rt) throw new Error(`kconfigFor: the hand-written lattice has no ${formatConfig(cfg)}`);
  if (b('PREEMPT_DYNAMIC')) on.add('PREEMPT_DYNAMIC');
  if (b('PROVE_LOCKING')) for (const s of ['PROVE_LOCKING', 'LOCKDEP', 'DEBUG_LOCK_ALLOC', 'TRACE_IRQFLAGS', 'PREEMPT_COUNT']) on.add(s);
  if (b('PROVE_RCU')) on.add('PROVE_RCU');
  if (b('DEBUG_ENTRY')) on.add('DEBUG_ENTRY');
  if (b('NO_HZ_FULL')) for (const s of ['NO_HZ_FULL', 'CONTEXT_TRACKING', 'CONTEXT_TRACKING_USER', 'VIRT_CPU_ACCOUNTING_GEN', 'RCU_NOCB_CPU']) on.add(s);
  if (b('XEN_PV')) for (const s of ['HYPERVISOR_GUEST', 'PARAVIRT', 'PARAVIRT_XXL', 'XEN', 'XEN_PV', 'XEN_PV_SMP']) on.add(s);
  if (b('TRACE_IRQFLAGS_NMI_SUPPORT')) on.add('TRACE_IRQFLAGS_NMI_SUPPORT');
  return on;
}

// ────────────────────────────────────────────────────────────────────── macro policy ──

/** Identifiers called in a macro body (`name(`). */
function calledNames(body: string): string[] {
  return [...body.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]!);
}

/**
 * Expansion policy for trees: the default (dispatch macros, constant object-like macros), plus
 * function-like macros whose body is an expression or a `do { … } while (0)` block that only calls
 * modelled primitives — `__irq_enter_raw()`, `irq_count()` — so that their effect reaches the
 * model. A macro named like a primitive is never expanded: the primitive is its model.
 */
export function treeExpand(name: string, def: MacroDef): boolean {
  if (lookupPrimitive(name)) return false;
  // A thread-flag bit the layout derives stays a name, bound to the layout's value: the layout
  // reads the arch's headers in include order, a file's own macro table does not. 7.3's
  // linux/thread_info.h falls back to `#define _TIF_NEED_RESCHED_LAZY _TIF_NEED_RESCHED` under
  // `#ifndef TIF_NEED_RESCHED_LAZY`, which x86 defines (bit 5) in the header it includes first;
  // expanded by the file's table, EXIT_TO_USER_MODE_WORK lost the lazy bit.
  const tif = /^_?TIF_(\w+)$/.exec(name);
  if (tif && LAYOUT_TIF_NAMES.has(tif[1]!)) return false;
  if (defaultExpand(name, def)) return true;
  if (def.params === null) return false;
  let body = def.body.trim();
  const dw = /^do\s*\{([\s\S]*)\}\s*while\s*\(\s*0\s*\)$/.exec(body);
  if (dw || /^\(\{[\s\S]*\}\)$/.test(body)) {
    // An entry-code composition: a statement expression `({ … })` or a `do { … } while (0)` block
    // that calls an entry function (7.3's syscall_enter_from_user_mode_randomize_stack() is
    // enter_from_user_mode(), instrumentation, local_irq_enable() and
    // syscall_enter_from_user_mode_work() in one statement expression). Left a call, the function
    // it stands for would be opaque; expanded, the lowering reads its statements.
    const inner = dw ? dw[1]! : body.slice(2, -2);
    if (!/[#"']|\basm\b|\b__asm__\b|\btypeof\b|\b__typeof__\b|\bsizeof\b|\breturn\b|\bgoto\b/.test(inner) && calledNames(inner).some((n) => ENTRY_SET.has(n))) return true;
  }
  if (dw) body = dw[1]!;
  if (/[{}#"'\[\]]|\basm\b|\b__asm__\b|\btypeof\b|\b__typeof__\b|\bsizeof\b|\breturn\b|\bif\b|=[^=]|->|\./.test(body)) return false;
  const calls = calledNames(body).filter((n) => n !== 'while');
  if (calls.length === 0) return false;
  if (!calls.every((n) => lookupPrimitive(n) !== undefined)) return false;
  // Strip the calls and check that what is left is plain arithmetic.
  const rest = body.replace(/\b[A-Za-z_]\w*\s*\(\s*\)/g, '0').replace(/\b[A-Za-z_]\w*\s*\(/g, '(').replace(/;/g, ' ');
  return rest.trim() === '' || isConstantBody(rest) || /^[\w\s()+\-*/%<>&|^~!?:,]*$/.test(rest);
}

const ENTRY_SET: ReadonlySet<string> = new Set(ENTRY_FUNCTIONS);

/**
 * {@link treeExpand}, plus object-like macros spelled like constants whose replacement is an
 * expression that reads memory (ArchHarnesses.memoryMacros): 6.1's and 6.12's s390 test
 * `MACHINE_IS_LPAR`, `(get_lowcore()->machine_flags & MACHINE_FLAG_LPAR)` (asm/setup.h), in
 * do_io_irq()'s loop, and `MACHINE_HAS_SCC` in asm/timex.h's tod_after_eq(). Left a name, the
 * macro is an unknown identifier and the function that tests it is not read; expanded, the read
 * reaches the IR as what it is: a load from memory kentry does not track (an opaque site, both
 * answers), never a value. Only an expression: no statements, assignments, asm or types.
 */
export function treeExpandMemoryMacros(name: string, def: MacroDef): boolean {
  if (treeExpand(name, def)) return true;
  if (def.params !== null || !/^_*[A-Z][A-Z0-9_]*$/.test(name) || lookupPrimitive(name)) return false;
  const body = def.body.trim();
  if (!/->|\.\s*[A-Za-z_]/.test(body)) return false;
  if (/[{};#"'\[\]]|\basm\b|\b__asm__\b|\btypeof\b|\b__typeof__\b|\bsizeof\b|\breturn\b|\b(if|do|while|for|goto)\b|\b(struct|union|unsigned|signed|long|int|char|short|void)\b|\+\+|--|(^|[^=!<>])=(?!=)/.test(body)) return false;
  return true;
}

const expandPolicies = new Map<string, (name: string, def: MacroDef) => boolean>();

/** The macro expansion policy of an arch's tree (treeExpand, and the arch's additions); one
 *  function per arch, since the read memo keys its tables by the policy. */
function expandPolicy(arch: string): (name: string, def: MacroDef) => boolean {
  let p = expandPolicies.get(arch);
  if (!p) expandPolicies.set(arch, (p = makeExpandPolicy(arch)));
  return p;
}

function makeExpandPolicy(arch: string): (name: string, def: MacroDef) => boolean {
  const h = ARCH_HARNESSES[arch];
  const base = h?.memoryMacros ? treeExpandMemoryMacros : treeExpand;
  const extra = new Set(h?.expandMacros ?? []);
  const stmts = new Set(h?.statementMacros ?? []);
  if (!extra.size && !stmts.size) return base;
  return (name, def) => {
    if (extra.has(name)) return true;
    const body = def.body.trim();
    // A statement macro is read as the tree's statements: a `do { … } while (0)` block, or nothing
    // at all (asm/entry-common.h's INT_SOFT_MASK_BUG_ON() without CONFIG_PPC_IRQ_SOFT_MASK_DEBUG:
    // its condition is never evaluated, so a call it makes is not made).
    if (stmts.has(name) && (body === '' || /^do\s*\{[\s\S]*\}\s*while\s*\(\s*0\s*\)$/.test(body))) return true;
    // An object-like constant spelled with one of them: `CPU_FTR_CTRL` is
    // `LONG_ASM_CONST(0x0000000000080000)` (asm/cputable.h).
    const call = def.params === null ? /^([A-Za-z_]\w*)\s*\(([^()]*)\)$/.exec(body) : null;
    if (call && extra.has(call[1]!) && isConstantBody(call[2]!)) return true;
    return base(name, def);
  };
}

// ──────────────────────────────────────────────────────────────────────── text groups ──

interface TextGroup {
  readonly id: number;
  /** Symbol readings that produced this text: each map is the symbols the preprocessor consulted
   *  for one reading, with their values. Several readings can produce the same text (a symbol the
   *  preprocessor tests may differ without changing a line, e.g. a debug option whose #if only
   *  guards code no vector reaches). */
  readonly consulted: Array<ReadonlyMap<string, boolean>>;
  readonly configs: KConfig[];
  readonly files: readonly PreprocessedFile[];
  /** The preprocessed text of every file: equal keys, equal programs. */
  readonly key: string;
  ir?: IrProgram;
}

export function readGroups(tree: TreeFiles, facts: TreeFacts, lattice: readonly KConfig[], memo: ReadMemo = new ReadMemo()): TextGroup[] {
  const groups: TextGroup[] = [];
  const byKey = new Map<string, TextGroup>();
  for (const cfg of lattice) {
    const on = kconfigFor(cfg, facts);
    const hit = groups.find((g) => g.consulted.some((c) => [...c].every(([n, v]) => on.has(n) === v)));
    if (hit) {
      hit.configs.push(cfg);
      continue;
    }
    const consulted = new Map<string, boolean>();
    const h = ARCH_HARNESSES[tree.arch];
    // Compiler-predefined macros that follow a Kconfig symbol (powerpc: -m64 for PPC64 defines
    // __powerpc64__): the symbol is consulted like any the text tests.
    const conditional: Record<string, string> = {};
    for (const [macro, sym] of Object.entries(h?.predefinedIf ?? {})) {
      consulted.set(sym, on.has(sym));
      if (on.has(sym)) conditional[macro] = '1';
    }
    const predefined = h?.predefined || Object.keys(conditional).length ? { predefined: { __KERNEL__: '1', ...h?.predefined, ...conditional } } : {};
    const files = preprocessTree(tree, (n) => (on.has(n) ? true : undefined), {
      expand: expandPolicy(tree.arch),
      ...(h?.kbuild ? { kbuild: true } : {}),
      ...predefined,
      memo,
      consulted: (n, v) => consulted.set(n, v === true),
    });
    // The same text read under other symbol values is the same program: parse it once.
    const hash = createHash('sha256');
    for (const f of files) hash.update(f.file).update('\u0000').update(f.text).update('\u0001');
    const key = hash.digest('hex');
    const same = byKey.get(key);
    if (same) {
      same.consulted.push(consulted);
      same.configs.push(cfg);
      continue;
    }
    const g: TextGroup = { id: groups.length, consulted: [consulted], configs: [cfg], files, key };
    groups.push(g);
    byKey.set(key, g);
  }
  return groups;
}

// ─────────────────────────────────────────────────────────────────────── IR rewriting ──

/** A change the reader made to a call, for the coverage report. */
export interface CallRewrite {
  readonly site: SourceLoc;
  readonly from: string;
  readonly to: string;
  readonly why: 'static-call' | 'irq-stack' | 'untracked-percpu' | 'fn-pointer-arg' | 'tree-shape' | 'handler-check';
}

function isModelFile(file: string): boolean {
  return (MODEL_C_COMMON as readonly string[]).includes(file) || Object.values(ARCH_HARNESSES).some((h) => h.modelC.includes(file));
}

function mapOps(fn: IrFunction, f: (op: Op) => Op): IrFunction {
  let changed = false;
  const ops = fn.ops.map((op) => {
    const n = f(op);
    if (n !== op) changed = true;
    return n;
  });
  return changed ? { ...fn, ops } : fn;
}

/** The per-group rewrites (they depend only on the group's text). */
function rewriteGroup(ir: IrProgram, arch: string, staticCalls: ReadonlyMap<string, string>, rewrites: Map<string, CallRewrite>, percpuReads: ReadonlySet<string>): Map<string, IrFunction> {
  const out = new Map<string, IrFunction>();
  const record = (op: CallOp, to: string, why: CallRewrite['why']): void => {
    const key = `${op.loc.file}:${op.loc.line}:${op.loc.col}:${op.callee}`;
    if (!rewrites.has(key)) rewrites.set(key, { site: op.loc, from: `${op.callee}(${op.argText.join(', ')})`, to, why });
  };
  for (const [name, fn] of ir.functions) {
    // The primitive is the model of a leaf the tree also defines (never for entry functions, never
    // for the model's own C, which may refine a primitive on purpose).
    if (isReplaced(name, fn, arch)) continue;
    out.set(name, rewriteFunction(ir, fn, staticCalls, record, percpuReads));
  }
  return out;
}

/**
 * Whether the primitive catalogue replaces this tree definition (see the header comment) on a
 * tree of `arch`. A primitive that yields to the tree's text where that text calls a named
 * primitive (PrimitiveDef.yieldsToTreeBodyCalling: ct_state() around __ct_state()) replaces only
 * the texts that do not. A primitive that models some arches' own hooks (PrimitiveDef.
 * modelsArchHookOf) replaces nothing on a tree of another arch: that arch's own definition, or
 * the generic stub it uses, is read as the tree wrote it.
 */
function isReplaced(name: string, fn: IrFunction, arch: string): boolean {
  if (isModelFile(fn.loc.file) || ENTRY_FUNCTIONS.includes(name)) return false;
  const prim = lookupPrimitive(name);
  if (prim === undefined) return false;
  if (prim.modelsArchHookOf !== undefined && !prim.modelsArchHookOf.includes(arch)) return false;
  const inner = prim.yieldsToTreeBodyCalling;
  return inner === undefined || !fn.ops.some((op) => op.kind === OpKind.Call && op.callee === inner);
}

/** The harness's check before a handler that `run_on_irqstack_cond()` runs (src/kernel/entrywork.ts). */
const IRQ_STACK_HANDLER_CHECK = 'kentry_assert_handler_state';
/** The handler's possible wakeup after it, as in the bracketing wrappers of x86-vectors.c. */
const IRQ_STACK_WAKEUP = 'kentry_local_wakeup';

/**
 * `run_on_irqstack_cond(func, [arg,] regs)` with func defined in the text → its IRQs-off
 * assertion and the call of func (irqStackSwitchOps, as for the bundled eras), with the harness's
 * handler-state check before the call and the handler's possible wakeup (kentry_local_wakeup(),
 * as in the bracketing wrappers of x86-vectors.c) after it. Null otherwise: the call stays as
 * written (opaque, listed) when func is not read or its parameters match neither form.
 */
function plainIrqStackCall(ir: IrProgram, op: CallOp, record: (op: CallOp, to: string, why: CallRewrite['why']) => void): readonly Op[] | null {
  const bound = irqStackSwitchOps(ir, op);
  if (!bound) return null;
  const [assertOff, call] = bound;
  const harness = (callee: string, argText: string[] = []): CallOp => ({ kind: OpKind.Call, loc: op.loc, callee, args: [], argText, result: -1 });
  record(op, `${assertOff.callee}(); ${call.callee}(${call.argText.join(', ')}); ${IRQ_STACK_WAKEUP}()`, 'irq-stack');
  return [assertOff, harness(IRQ_STACK_HANDLER_CHECK, [`"${call.callee}"`]), call, harness(IRQ_STACK_WAKEUP)];
}

/** The reader's call rewrites (static calls, IRQ-stack switches, untracked per-CPU accesses) applied to one function. */
function rewriteFunction(ir: IrProgram, fn0: IrFunction, staticCalls: ReadonlyMap<string, string>, record: (op: CallOp, to: string, why: CallRewrite['why']) => void, percpuReads: ReadonlySet<string>): IrFunction {
  const fn = expandOps(fn0, (op) => (op.kind === OpKind.Call ? plainIrqStackCall(ir, op, record) : null));
  return mapOps(fn, (op) => {
    if (op.kind !== OpKind.Call) return op;
    if (!ir.functions.has(op.callee) && staticCalls.has(op.callee)) {
      const to = staticCalls.get(op.callee)!;
      record(op, `${to}()`, 'static-call');
      return { ...op, callee: to };
    }
    if (IRQSTACK_SWITCHES.has(op.callee)) {
      const fnArg = op.args[0];
      const wrapper = fnArg && fnArg.kind === ExprKind.Name ? `${IRQSTACK_WRAPPER_PREFIX}${fnArg.name}` : '';
      if (wrapper && ir.functions.has(wrapper)) {
        record(op, `${wrapper}(${op.argText.slice(1).join(', ')})`, 'irq-stack');
        return { ...op, callee: wrapper, args: op.args.slice(1), argText: op.argText.slice(1) };
      }
      return op;
    }
    const isRead = PERCPU_READS.has(op.callee) || percpuReads.has(op.callee);
    if (isRead || PERCPU_WRITES.has(op.callee)) {
      const v = op.args[0];
      if (v && v.kind === ExprKind.Name && PERCPU_NAMES.has(v.name)) return op;
      // Memory the model does not track: a read is an opaque load (explored over the values
      // that matter, listed as a site), a write an untracked store (listed), never 0 / dropped.
      const text = `${op.callee}(${op.argText.join(', ')})`;
      if (isRead) {
        record(op, `${KENTRY_LOAD}(&${op.argText[0] ?? '?'})`, 'untracked-percpu');
        return { ...op, callee: KENTRY_LOAD, args: [{ kind: ExprKind.Name, name: `&${op.argText[0] ?? '?'}` }], argText: [text] };
      }
      record(op, `${KENTRY_STORE_UNTRACKED}(${op.argText.join(', ')})`, 'untracked-percpu');
      return { ...op, callee: KENTRY_STORE_UNTRACKED, args: op.args.slice(1), argText: [text, ...op.argText.slice(1)] };
    }
    return op;
  });
}

// ──────────────────────────────────────────────────── calls through function pointers ──

/** Whether slot `j` occurs in `e`. */
function slotIn(e: Expr, j: number): boolean {
  switch (e.kind) {
    case ExprKind.Local:
    case ExprKind.AddrOf:
    case ExprKind.StructField:
      return e.slot === j;
    case ExprKind.Const:
    case ExprKind.Name:
    case ExprKind.Config:
      return false;
    case ExprKind.Field:
      return slotIn(e.base, j);
    case ExprKind.Not:
    case ExprKind.BitNot:
    case ExprKind.Neg:
      return slotIn(e.operand, j);
    case ExprKind.Cond:
      return slotIn(e.test, j) || slotIn(e.then, j) || slotIn(e.otherwise, j);
    default:
      return slotIn(e.left, j) || slotIn(e.right, j);
  }
}

const isLocal = (e: Expr | undefined, j: number): boolean => e !== undefined && e.kind === ExprKind.Local && e.slot === j;

/**
 * Parameter `j` of `f` is used only as a function: called (KENTRY_CALL_PARAM), handed to a stack
 * switch as its function, or passed on whole to another call. Anything else (compared, stored,
 * assigned) and the function is not specialized for it.
 */
function fnOnlyParam(f: IrFunction, j: number, spec: ParamCallSpec): boolean {
  let used = false;
  for (const op of f.ops) {
    switch (op.kind) {
      case OpKind.Call: {
        const sw = spec.stackSwitches[op.callee];
        for (let i = 0; i < op.args.length; i++) {
          const a = op.args[i]!;
          if (!slotIn(a, j)) continue;
          if (!isLocal(a, j)) return false;
          if (op.callee === KENTRY_CALL_PARAM && i !== 0) return false;
          if (sw && i !== sw.fn) return false;
          used = true;
        }
        if (op.result === j) return false;
        break;
      }
      case OpKind.Assign:
        if (op.slot === j || slotIn(op.value, j)) return false;
        break;
      case OpKind.BranchIfFalse:
        if (slotIn(op.cond, j)) return false;
        break;
      case OpKind.Return:
        if (op.value && slotIn(op.value, j)) return false;
        break;
      default:
        break;
    }
  }
  return used;
}

/**
 * Specializes functions for constant function arguments (arm64: el1_interrupt(regs,
 * handle_arch_irq) → __el1_irq(regs, handler) → do_interrupt_handler(regs, handler) → handler(regs)).
 * A call `F(…, g, …)` where g names a function the program defines (or a function-pointer variable `spec.targets` binds
 * to a model function) and F uses that parameter only as a function becomes a call of the clone
 * `F<param=g>`, in which the parameter is g: its calls through the parameter call g, its stack
 * switches call g, and it passes g on. The argument itself is then dead; the caller passes g's
 * symbol token (non-zero, never 0). Calls whose target stays unknown stay opaque and listed.
 */
export function specializeParamCalls(ir: IrProgram, spec: ParamCallSpec): { ir: IrProgram; rewrites: CallRewrite[] } {
  const fns = new Map(ir.functions);
  const rewrites: CallRewrite[] = [];
  const seen = new Set<string>();
  const record = (op: CallOp, to: string): void => {
    const key = `${op.loc.file}:${op.loc.line}:${op.loc.col}:${op.callee}`;
    if (seen.has(key)) return;
    seen.add(key);
    rewrites.push({ site: op.loc, from: `${op.callee}(${op.argText.join(', ')})`, to, why: 'fn-pointer-arg' });
  };
  const resolve = (e: Expr | undefined): string | undefined => {
    if (!e || e.kind !== ExprKind.Name) return undefined;
    const t = spec.targets[e.name] ?? e.name;
    return fns.has(t) ? t : undefined;
  };
  const queue = [...fns.keys()];
  const rewriteOp = (op: CallOp): CallOp => {
    // A call through a function-pointer variable by name (riscv's handle_riscv_irq() calls
    // handle_arch_irq(regs) itself).
    const direct = spec.targets[op.callee];
    if (direct !== undefined && !fns.has(op.callee) && fns.has(direct)) {
      record(op, `${direct}(${op.argText.join(', ')})`);
      return { ...op, callee: direct };
    }
    if (op.callee === KENTRY_CALL_PARAM) {
      const t = resolve(op.args[0]);
      if (!t) return op;
      record(op, `${t}(${op.argText.slice(1).join(', ')})`);
      return { ...op, callee: t, args: op.args.slice(1), argText: op.argText.slice(1) };
    }
    const sw = spec.stackSwitches[op.callee];
    if (sw) {
      const t = resolve(op.args[sw.fn]);
      if (!t || sw.args.some((i) => op.args[i] === undefined)) return op;
      record(op, `${t}(${sw.args.map((i) => op.argText[i]).join(', ')})`);
      return { ...op, callee: t, args: sw.args.map((i) => op.args[i]!), argText: sw.args.map((i) => op.argText[i]!) };
    }
    const f = fns.get(op.callee);
    if (!f) return op;
    const binds: [number, string][] = [];
    op.args.forEach((a, j) => {
      const t = j < f.params.length ? resolve(a) : undefined;
      if (t && fnOnlyParam(f, j, spec)) binds.push([j, t]);
    });
    if (binds.length === 0) return op;
    const name = `${op.callee}<${binds.map(([j, t]) => `${f.params[j]}=${t}`).join(',')}>`;
    if (!fns.has(name)) {
      const bound = new Map(binds);
      const subst = (e: Expr): Expr => (e.kind === ExprKind.Local && bound.has(e.slot) ? { kind: ExprKind.Name, name: bound.get(e.slot)! } : e);
      fns.set(name, { ...f, name, ops: f.ops.map((o) => (o.kind === OpKind.Call ? { ...o, args: o.args.map(subst) } : o)) });
      queue.push(name);
    }
    record(op, `${name}(${op.argText.join(', ')})`);
    const args = op.args.map((a, j) => {
      const b = binds.find(([k]) => k === j);
      return b ? ({ kind: ExprKind.Const, value: symbolToken(b[1]) } as Expr) : a;
    });
    return { ...op, callee: name, args };
  };
  while (queue.length) {
    const name = queue.shift()!;
    const f = fns.get(name)!;
    let changed = false;
    const ops = f.ops.map((op) => {
      if (op.kind !== OpKind.Call) return op;
      const r = rewriteOp(op);
      if (r !== op) changed = true;
      return r;
    });
    if (changed) fns.set(name, { ...f, ops });
  }
  return { ir: { ...ir, functions: fns }, rewrites };
}

// ───────────────────────────────────────────────────────────────── merging the groups ──

/** Axes a dispatcher may test, in the order it tests them. */
type Axis = BoolSymbol | 'PREEMPTION' | 'PREEMPT_NONE' | 'PREEMPT_VOLUNTARY' | 'PREEMPT_LAZY';
const AXES: readonly Axis[] = ['PREEMPT_DYNAMIC', 'PREEMPTION', 'PREEMPT_NONE', 'PREEMPT_VOLUNTARY', 'PREEMPT_LAZY', 'PREEMPT_RT', 'XEN_PV', 'NO_HZ_FULL', 'PROVE_LOCKING', 'TINY_RCU', 'SMP', 'DEBUG_ENTRY', 'PROVE_RCU', 'TRACE_IRQFLAGS_NMI_SUPPORT', 'PPC64', 'PPC_IRQ_SOFT_MASK_DEBUG'];

/** What the dispatcher's run-time test `IS_ENABLED(CONFIG_<a>)` answers in `cfg` (ConfigReader decides both). */
function axisValue(cfg: KConfig, a: Axis): boolean {
  return new ConfigReader(cfg).kconfig(a) === true;
}

/** `name[PREEMPTION=n XEN_PV=y]`: what the variant's configs share (axes that vary in the lattice). */
function variantLabel(configs: readonly KConfig[], lattice: readonly KConfig[]): string {
  const parts: string[] = [];
  const preempts = new Set(configs.map((c) => c.preempt));
  const names = PREEMPT_NAMES;
  if (preempts.size < new Set(lattice.map((c) => c.preempt)).size) parts.push(`PREEMPTION=${[...preempts].sort().map((p) => names[p]).join('|')}`);
  for (const s of BOOL_SYMBOLS) {
    const vals = new Set(configs.map((c) => hasBool(c, s)));
    if (vals.size === 1 && new Set(lattice.map((c) => hasBool(c, s))).size === 2) parts.push(`${s}=${[...vals][0] ? 'y' : 'n'}`);
  }
  return parts.join(' ') || 'other';
}

interface Variant {
  readonly key: string;
  readonly fn: IrFunction | null; // null: not defined (or not lowerable) in these configs' text
  readonly configs: KConfig[];
  /** These configs' text defines the function and the primitive replaces it (isReplaced). */
  readonly modelled?: boolean;
}

/** Per-function variants (after merging identical texts). */
export interface VariantInfo {
  readonly name: string;
  readonly variants: readonly { readonly key: string; readonly label: string; readonly configs: number; readonly defined: boolean }[];
}

/** A lowered function's identity for merging: its whole IR as text. The lowering cache hands every
 *  group that has the same text the same object, so each object is serialized once. */
const signatures = new WeakMap<IrFunction, string>();
function fnSignature(fn: IrFunction): string {
  let sig = signatures.get(fn);
  if (sig === undefined) signatures.set(fn, (sig = JSON.stringify(fn)));
  return sig;
}

function buildDispatcher(name: string, variants: readonly Variant[], lattice: readonly KConfig[], variantOf: (cfg: KConfig) => Variant): IrFunction {
  const proto = variants.find((v) => v.fn)!.fn!;
  const nParams = Math.max(...variants.map((v) => v.fn?.params.length ?? 0));
  const params = Array.from({ length: nParams }, (_, i) => variants.find((v) => v.fn && v.fn.params.length > i)!.fn!.params[i]!);
  const retSlot = nParams;
  const ops: Op[] = [];
  const loc = proto.loc;
  const args: Expr[] = params.map((_, i) => ({ kind: ExprKind.Local, slot: i }));
  const emit = (cfgs: readonly KConfig[], axes: readonly Axis[]): void => {
    const vs = new Set(cfgs.map(variantOf));
    if (vs.size === 1) {
      const v = [...vs][0]!;
      ops.push({ kind: OpKind.Call, loc: v.fn?.loc ?? loc, callee: v.key, args, argText: params, result: retSlot });
      ops.push({ kind: OpKind.Return, loc: v.fn?.loc ?? loc, value: { kind: ExprKind.Local, slot: retSlot } });
      return;
    }
    // Test the axis that separates the variants best (fewest distinct variants left on the two
    // sides), so that a dispatcher reads only the symbols the text really depends on.
    let best: Axis | null = null;
    let bestScore = Infinity;
    for (const a of axes) {
      const on = cfgs.filter((c) => axisValue(c, a));
      if (on.length === 0 || on.length === cfgs.length) continue;
      const off = cfgs.filter((c) => !axisValue(c, a));
      const score = new Set(on.map(variantOf)).size + new Set(off.map(variantOf)).size;
      if (score < bestScore) {
        best = a;
        bestScore = score;
      }
    }
    if (best === null) throw new Error(`kernel-target: cannot separate the variants of ${name}()`);
    const axis = best;
    const rest = axes.filter((a) => a !== axis);
    const branch: Op & { target: number } = { kind: OpKind.BranchIfFalse, loc, cond: { kind: ExprKind.Config, name: axis }, condText: `IS_ENABLED(CONFIG_${axis})`, target: -1 };
    ops.push(branch);
    emit(cfgs.filter((c) => axisValue(c, axis)), rest);
    branch.target = ops.length;
    emit(cfgs.filter((c) => !axisValue(c, axis)), rest);
  };
  emit(lattice, AXES);
  return {
    name,
    loc,
    attrs: ['static', '__always_inline'],
    params,
    slotNames: [...params, '$ret'],
    ops,
    returnType: proto.returnType,
  };
}

export interface ReplacedBody {
  readonly fn: IrFunction | null;
  readonly unsupported?: UnsupportedFunction;
  readonly configs: readonly KConfig[];
}

interface Merged {
  readonly ir: IrProgram;
  readonly variants: readonly VariantInfo[];
  /** Tree definitions the primitive catalogue replaces: name → where the tree defines it. */
  readonly replaced: ReadonlyMap<string, SourceLoc>;
  /**
   * The replaced definitions themselves, per distinct text (with the reader's call rewrites), for
   * the differential check against their primitives (src/explore/differential.ts): name → one
   * entry per text, with the configs whose text it is. `fn` is null where that text does not
   * define the function (`unsupported` says why when the front end could not lower it).
   */
  readonly replacedBodies: ReadonlyMap<string, readonly ReplacedBody[]>;
  readonly rewrites: readonly CallRewrite[];
  readonly unsupported: ReadonlyMap<string, UnsupportedFunction>;
}

function mergeGroups(groups: readonly TextGroup[], lattice: readonly KConfig[], sources: ReadonlyMap<string, string>, layout: ModelLayout, arch: string, percpuReads: ReadonlySet<string> = new Set()): Merged {
  // Static calls declared anywhere in the tree: key → default target.
  const staticCalls = new Map<string, string>();
  for (const g of groups) {
    for (const f of g.files) {
      for (const d of f.result.stripped as readonly StrippedDecl[]) {
        if (d.name === 'DEFINE_STATIC_CALL' && d.args.length >= 2) staticCalls.set(d.args[0]!, d.args[1]!);
      }
    }
  }
  const rewrites = new Map<string, CallRewrite>();
  const replaced = new Map<string, SourceLoc>();
  const unsupported = new Map<string, UnsupportedFunction>();
  const perGroup = groups.map((g) => {
    const ir = g.ir!;
    for (const [name, fn] of ir.functions) if (isReplaced(name, fn, arch) && !replaced.has(name)) replaced.set(name, fn.loc);
    for (const [name, u] of ir.unsupported ?? []) if (!ir.functions.has(name) && !unsupported.has(name)) unsupported.set(name, u);
    return rewriteGroup(ir, arch, staticCalls, rewrites, percpuReads);
  });
  const groupOf = new Map<KConfig, number>();
  groups.forEach((g, i) => g.configs.forEach((c) => groupOf.set(c, i)));
  // The replaced definitions, per distinct text, rewritten as the rest of the program is.
  const replacedBodies = new Map<string, ReplacedBody[]>();
  const ignore = (): void => {};
  // Names the front end could not lower anywhere are replaced all the same: listed too.
  const replacedNames = new Set(replaced.keys());
  for (const g of groups) for (const [name, u] of g.ir!.unsupported ?? []) if (!isModelFile(u.loc.file) && lookupPrimitive(name) && !ENTRY_FUNCTIONS.includes(name)) replacedNames.add(name);
  for (const name of [...replacedNames].sort()) {
    const bySig = new Map<string, { fn: IrFunction | null; unsupported?: UnsupportedFunction; configs: KConfig[] }>();
    for (const g of groups) {
      const ir = g.ir!;
      const def = ir.functions.get(name);
      // A text the primitive yields to is interpreted in these configs: nothing is replaced there.
      if (def && !isReplaced(name, def, arch)) continue;
      const fn = def ? rewriteFunction(ir, def, staticCalls, ignore, percpuReads) : null;
      const bad = fn ? undefined : ir.unsupported?.get(name);
      const sig = fn ? fnSignature(fn) : `-${bad?.reason ?? ''}`;
      let e = bySig.get(sig);
      if (!e) bySig.set(sig, (e = { fn, ...(bad ? { unsupported: bad } : {}), configs: [] }));
      e.configs.push(...g.configs);
    }
    replacedBodies.set(name, [...bySig.values()]);
  }

  const names = new Set<string>();
  for (const fns of perGroup) for (const n of fns.keys()) names.add(n);
  const functions = new Map<string, IrFunction>();
  const variantInfo: VariantInfo[] = [];
  for (const name of [...names].sort()) {
    // Distinct texts of this function across groups.
    const bySig = new Map<string, Variant>();
    const ofGroup: Variant[] = [];
    perGroup.forEach((fns, i) => {
      const fn = fns.get(name) ?? null;
      // Not in this group's functions because the primitive replaces this text (a primitive that
      // yields only to some texts, PrimitiveDef.yieldsToTreeBodyCalling): its configs call the
      // primitive, not an opaque "not defined".
      const def = fn ? undefined : groups[i]!.ir!.functions.get(name);
      const modelled = def !== undefined && isReplaced(name, def, arch);
      const sig = fn ? fnSignature(fn) : modelled ? '=primitive' : '';
      let v = bySig.get(sig);
      if (!v) {
        v = { key: '', fn, configs: [], ...(modelled ? { modelled } : {}) };
        bySig.set(sig, v);
      }
      ofGroup.push(v);
    });
    groups.forEach((g, i) => ofGroup[i]!.configs.push(...g.configs));
    const variants = [...bySig.values()];
    if (variants.length === 1) {
      functions.set(name, variants[0]!.fn!);
      continue;
    }
    const keyed: Variant[] = variants.map((v) => {
      const label = variantLabel(v.configs, lattice);
      const key = v.fn ? `${name}[${label}]` : v.modelled ? `${name}[${label}${MODELLED_VARIANT}` : `${name}[${label}: not defined]`;
      return { key, fn: v.fn, configs: v.configs };
    });
    const variantOf = (cfg: KConfig): Variant => keyed[variants.indexOf(ofGroup[groupOf.get(cfg)!]!)]!;
    for (const v of keyed) if (v.fn) functions.set(v.key, v.fn);
    // A variant the front end read but could not lower is unsupported under its own key: its
    // attributes say whether a call to it can be traced (program.ts definedUntraced).
    keyed.forEach((v, k) => {
      if (v.fn) return;
      const i = ofGroup.indexOf(variants[k]!);
      const u = i >= 0 ? groups[i]!.ir!.unsupported?.get(name) : undefined;
      if (u) unsupported.set(v.key, u);
    });
    functions.set(name, buildDispatcher(name, keyed, lattice, variantOf));
    variantInfo.push({
      name,
      variants: keyed.map((v) => ({ key: v.key, label: variantLabel(v.configs, lattice), configs: v.configs.length, defined: v.fn !== null })),
    });
  }

  const toExit = syscallToExit(functions.get(SYSCALL_ENTRY));
  if (toExit) functions.set(SYSCALL_TO_EXIT, toExit);

  const constants = new Map<string, number>();
  for (const g of groups) for (const [k, v] of g.ir!.constants ?? []) if (!constants.has(k)) constants.set(k, v);
  for (const [k, v] of layoutConstants(layout)) constants.set(k, v);
  const structs = new Map<string, ReadonlyMap<string, number>>();
  for (const g of groups) for (const [k, v] of g.ir!.structs) if (!structs.has(k)) structs.set(k, v);
  return {
    ir: { functions, structs, sources, unsupported, constants },
    variants: variantInfo,
    replaced,
    replacedBodies,
    rewrites: [...rewrites.values()],
    unsupported,
  };
}

// ────────────────────────────────────────────────────────────────────────── coverage ──

export const COVERAGE_SCHEMA = 'kentry-coverage/1';
/** `kentry coverage --json` of several architectures (the default): `{ schema, coverage: Coverage[],
 *  unchecked?: string[] }`, one Coverage per arch read, in the order the arches were checked. */
export const COVERAGE_SET_SCHEMA = 'kentry-coverage-set/1';

export interface CoverageFunction {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** `tree` (the tree's code), `model` (src/kernel/c: scheduler core, vector harness). */
  readonly origin: 'tree' | 'model';
  /** Config-dependent texts of this function (1 when the text is the same in every config). */
  readonly variants: number;
  /** Harness rows that reach it. */
  readonly rows: readonly string[];
}

export interface CoverageOpaque {
  readonly name: string;
  readonly site: { readonly file: string; readonly line: number; readonly col: number };
  /** Function containing the call. */
  readonly in: string;
  /** `not-defined`: no definition in the files read; `unsupported`: defined, but the front end
   *  could not lower or bind it (`detail` says why); `not-in-config`: defined only in other configs'
   *  text; `untracked-store`: a store to memory the model does not track (`name` is the lvalue:
   *  a member or element of an untracked object, an untracked per-CPU write, `*p` through a pointer
   *  that is not only a local's address);
   *  `inline-asm`: a macro or __always_inline helper the tree writes as inline assembly (not a
   *  call; `detail` says where it is defined); `untracked-load`: a read of memory the model does
   *  not track (`name` is the expression as written: `*p` through a pointer that is not a local's
   *  address, a member or array element of an untracked object, an untracked per-CPU read), an
   *  unknown value the engine explores over the values that matter, never 0. */
  readonly reason: 'not-defined' | 'unsupported' | 'not-in-config' | 'untracked-store' | 'inline-asm' | 'untracked-load';
  readonly detail?: string;
}

export interface CoveragePrimitive {
  readonly primitive: string;
  /** Names the tree calls it by (aliases included). */
  readonly calledAs: readonly string[];
  readonly sites: number;
  /** Where the tree defines it, when the primitive replaces a tree definition. */
  readonly replaces?: { readonly file: string; readonly line: number };
}

/** `kentry coverage --kernel DIR --json`: stable (sorted, no timings). Documented in docs/harnesses.md. */
export interface Coverage {
  readonly schema: typeof COVERAGE_SCHEMA;
  readonly tree: { readonly root: string; readonly arch: string; readonly debianVersion: string | null; readonly files: readonly { readonly path: string; readonly role: string }[] };
  readonly lattice: {
    readonly configs: number;
    readonly textGroups: number;
    /** Each axis of the tree's lattice, its values here and why (src/tree/kconfig.ts). */
    readonly axes: readonly LatticeAxis[];
    /** Symbols taken as given rather than from the tree's Kconfig. */
    readonly assumed: readonly { readonly name: string; readonly value: boolean; readonly why: string }[];
    /** Set when the lattice is not the tree's own (--partial): why. */
    readonly partial?: readonly string[];
    /** User options the read text tests that keep one value over the whole lattice although a
     *  user could set the other (src/tree/kconfig.ts heldOptions): a finding that needs the other
     *  value is not explored. Empty for a hand-written (--partial) lattice, which has no Kconfig. */
    readonly held: readonly HeldOption[];
    /** With `kentry coverage --held`: which held options change what is checked (relevantHeld),
     *  and those whose other value kentry cannot set (a toolchain test decides it). */
    readonly heldRelevance?: HeldRelevance;
  };
  /** preempt_count fields and thread-flag numbers read from the tree's headers (src/tree/layout.ts),
   *  with the #define each came from. */
  readonly layout: ModelLayout;
  readonly rows: readonly { readonly id: string; readonly harness: string; readonly vector: string }[];
  readonly interpreted: readonly CoverageFunction[];
  readonly configDependent: readonly VariantInfo[];
  readonly opaque: readonly CoverageOpaque[];
  readonly primitives: readonly CoveragePrimitive[];
  readonly rewrites: readonly CallRewrite[];
  readonly summary: {
    readonly interpreted: number;
    readonly interpretedFromTree: number;
    /** Entries of `opaque` other than untracked loads (calls, untracked stores, inline asm), and their names. */
    readonly opaqueCalls: number;
    readonly opaqueNames: number;
    /** Entries of `opaque` with reason `untracked-load`: opaqueCalls + untrackedLoads = opaque.length. */
    readonly untrackedLoads: number;
    readonly primitivesUsed: number;
    readonly primitivesReplacingTree: number;
  };
}

function baseName(key: string): string {
  const i = key.indexOf('[');
  return i < 0 ? key : key.slice(0, i);
}

/**
 * Coverage's `opaque` list of a bound program: every opaque call, untracked store and inline-asm
 * site, every load that can read memory the model does not track (`untracked-load`) and every
 * `*p = v` that can write it (`untracked-store`; both from `untrackedMemorySites()`), each site
 * once, sorted by name and site. `known.unsupported` says why a function the front end read could
 * not be lowered; `entries` are the functions the engine enters itself (the vectors), whose
 * parameters are the harness's, never a local's address.
 */
export function coverageOpaque(prog: BoundProgram, known: { readonly unsupported: ReadonlyMap<string, UnsupportedFunction>; readonly inlineAsm?: IrProgram['inlineAsm'] }, entries: Iterable<string> = []): CoverageOpaque[] {
  const opaque: CoverageOpaque[] = [];
  const seenSite = new Set<string>();
  for (const f of prog.functions) {
    f.ir.ops.forEach((op, pc) => {
      if (op.kind !== OpKind.Call || f.callees[pc]?.kind !== CalleeKind.Opaque) return;
      const k = `${op.loc.file}:${op.loc.line}:${op.loc.col}:${op.callee}`;
      if (seenSite.has(k)) return;
      seenSite.add(k);
      const bad = known.unsupported.get(op.callee) ?? prog.unbindable.get(op.callee);
      const notInCfg = op.callee.endsWith(': not defined]');
      const untracked = op.callee === KENTRY_STORE_UNTRACKED;
      const c = f.callees[pc];
      const asm = c?.kind === CalleeKind.Opaque && c.site.access === 'asm' ? known.inlineAsm?.get(op.callee) : undefined;
      if (asm) {
        opaque.push({ name: op.callee, site: { file: op.loc.file, line: op.loc.line, col: op.loc.col }, in: f.ir.name, reason: 'inline-asm', detail: `${asm.file}:${asm.line}` });
        return;
      }
      opaque.push({
        name: untracked ? (op.argText[0] ?? op.callee) : baseName(op.callee),
        site: { file: op.loc.file, line: op.loc.line, col: op.loc.col },
        in: f.ir.name,
        reason: untracked ? 'untracked-store' : notInCfg ? 'not-in-config' : bad ? 'unsupported' : 'not-defined',
        ...(bad && !notInCfg && !untracked ? { detail: bad.reason } : {}),
      });
    });
  }
  // Loads (and `*p = v` stores) of untracked memory: one entry per site and expression (config
  // variants of a function share their sites), named by the expression as written.
  for (const { fn, op, access } of untrackedMemorySites(prog, entries)) {
    const name = access === 'load' ? (op.argText[0] ?? '*?').replace(/\s+/g, ' ') : `*${(op.argText[0] ?? '?').replace(/\s+/g, ' ')}`;
    const k = `${op.loc.file}:${op.loc.line}:${op.loc.col}:${access}:${name}`;
    if (seenSite.has(k)) continue;
    seenSite.add(k);
    opaque.push({ name, site: { file: op.loc.file, line: op.loc.line, col: op.loc.col }, in: baseName(fn.ir.name), reason: access === 'load' ? 'untracked-load' : 'untracked-store' });
  }
  opaque.sort((a, b) => a.name.localeCompare(b.name) || a.site.file.localeCompare(b.site.file) || a.site.line - b.site.line || a.site.col - b.site.col || a.in.localeCompare(b.in));
  return opaque;
}

function buildCoverage(kt: Omit<LoadedTree, 'coverage'>, rows: readonly CheckRow[]): Coverage {
  const prog = kt.program;
  // Which rows reach each function: walk the bound call graph from each vector.
  const reach = new Map<number, Set<string>>();
  const walk = (id: number, row: string): void => {
    const seen = reach.get(id) ?? new Set<string>();
    if (seen.has(row)) return;
    seen.add(row);
    reach.set(id, seen);
    for (const c of prog.functions[id]!.callees) if (c && c.kind === CalleeKind.Function) walk(c.fn, row);
  };
  for (const r of rows) {
    walk(prog.byName.get(r.vector)!, r.id);
    if (r.harness.nestedIrq === 'irq-vector' && r.irqVector) walk(prog.byName.get(r.irqVector)!, r.id);
    if (r.harness.nmis && r.nmiVector) walk(prog.byName.get(r.nmiVector)!, r.id);
  }
  const variantCount = new Map(kt.merged.variants.map((v) => [v.name, v.variants.filter((x) => x.defined).length]));
  const interp = new Map<string, CoverageFunction>();
  const keyOf: string[] = [];
  for (const [k, id] of prog.byName) keyOf[id] = k;
  prog.functions.forEach((f, id) => {
    const key = keyOf[id]!;
    if (variantCount.has(key)) return; // the dispatcher itself
    const name = baseName(key);
    const prev = interp.get(name);
    const rowsHere = [...(reach.get(id) ?? [])];
    if (prev) {
      interp.set(name, { ...prev, rows: [...new Set([...prev.rows, ...rowsHere])].sort() });
      return;
    }
    interp.set(name, {
      name,
      file: f.ir.loc.file,
      line: f.ir.loc.line,
      origin: isModelFile(f.ir.loc.file) ? 'model' : 'tree',
      variants: variantCount.get(name) ?? 1,
      rows: rowsHere.sort(),
    });
  });
  const entries = rows.flatMap((r) => [r.vector, ...(r.irqVector ? [r.irqVector] : []), ...(r.nmiVector ? [r.nmiVector] : [])]);
  const opaque = coverageOpaque(prog, { unsupported: kt.merged.unsupported, ...(kt.merged.ir.inlineAsm ? { inlineAsm: kt.merged.ir.inlineAsm } : {}) }, entries);
  const prims = new Map<string, { calledAs: Set<string>; sites: number }>();
  for (const f of prog.functions) {
    f.ir.ops.forEach((op, pc) => {
      const c = f.callees[pc];
      if (op.kind !== OpKind.Call || !c || c.kind !== CalleeKind.Primitive) return;
      const e = prims.get(c.def.name) ?? { calledAs: new Set<string>(), sites: 0 };
      // A dispatcher's call of the texts the primitive replaces is a call of the name.
      e.calledAs.add(modelledVariantName(op.callee) ?? op.callee);
      e.sites++;
      prims.set(c.def.name, e);
    });
  }
  const primitives: CoveragePrimitive[] = [...prims]
    .map(([primitive, e]) => {
      const repl = [...e.calledAs].map((n) => kt.merged.replaced.get(n)).find((x) => x !== undefined);
      return { primitive, calledAs: [...e.calledAs].sort(), sites: e.sites, ...(repl ? { replaces: { file: repl.file, line: repl.line } } : {}) };
    })
    .sort((a, b) => a.primitive.localeCompare(b.primitive));
  const calls = opaque.filter((o) => o.reason !== 'untracked-load');
  const interpreted = [...interp.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.name.localeCompare(b.name));
  const sites = new Set<string>();
  for (const f of prog.functions) for (const op of f.ir.ops) if (op.kind === OpKind.Call) sites.add(`${op.loc.file}:${op.loc.line}:${op.loc.col}`);
  const rewrites = kt.merged.rewrites.filter((r) => sites.has(`${r.site.file}:${r.site.line}:${r.site.col}`)).sort((a, b) => a.site.file.localeCompare(b.site.file) || a.site.line - b.site.line || a.from.localeCompare(b.from));
  return {
    schema: COVERAGE_SCHEMA,
    tree: { root: kt.tree.root, arch: kt.tree.arch, debianVersion: kt.tree.debianVersion ?? null, files: kt.tree.files.map((f) => ({ path: f.path, role: f.role })) },
    lattice: {
      configs: kt.lattice.length,
      textGroups: kt.groups,
      axes: kt.spec.axes ?? [],
      assumed: kt.spec.assumed ?? [],
      ...(kt.spec.partial ? { partial: kt.spec.partial } : {}),
      held: kt.held,
    },
    layout: kt.layout,
    rows: rows.map((r) => ({ id: r.id, harness: r.harness.id, vector: r.vector })),
    interpreted,
    configDependent: [...kt.merged.variants].filter((v) => prog.byName.has(v.name)),
    opaque,
    primitives,
    rewrites,
    summary: {
      interpreted: interpreted.length,
      interpretedFromTree: interpreted.filter((f) => f.origin === 'tree').length,
      opaqueCalls: calls.length,
      opaqueNames: new Set(calls.map((o) => o.name)).size,
      untrackedLoads: opaque.length - calls.length,
      primitivesUsed: primitives.length,
      primitivesReplacingTree: primitives.filter((p) => p.replaces).length,
    },
  };
}

// ───────────────────────────────────────────────────────────────────────── the target ──

export interface KernelTargetOptions extends TreeLoadOptions {
  /** The architecture (default x86): an arch the tree builds with the generic entry (src/tree/arches.ts). */
  readonly arch?: string;
  /** Harness ids to build rows for (default: every harness the tree supports). */
  readonly vectors?: readonly string[];
}

export interface LoadedTree {
  readonly tree: TreeFiles;
  readonly facts: TreeFacts;
  readonly lattice: readonly KConfig[];
  /** The lattice this tree is checked over (arch-selected axes fixed). */
  readonly spec: LatticeSpec;
  readonly groups: number;
  /** User options the text tests that keep one value over the lattice (heldOptions). */
  readonly held: readonly HeldOption[];
  /** preempt_count and thread-flag layout read from the tree's headers. */
  readonly layout: ModelLayout;
  readonly merged: Merged;
  readonly program: BoundProgram;
  readonly seconds: number;
  /** The headers include following added to the discovered files (in the order found). */
  readonly headersFollowed: readonly string[];
}

const cache = new Map<string, Promise<LoadedTree>>();

function modelSources(arch: string): CSource[] {
  return [...MODEL_C_COMMON, ...vectorsOfModelC(arch)].map((rel) => ({ file: rel, text: fs.readFileSync(path.join(REPO, rel), 'utf8') }));
}

function vectorsOfModelC(arch: string): readonly string[] {
  const h = ARCH_HARNESSES[arch];
  if (!h) throw new ArchError(`--arch ${arch}: kentry has no ${arch} harnesses`);
  return h.modelC;
}

/**
 * Calls the bound program makes to names it has no definition of (not primitives, not functions
 * the front end rejected), with the files the calls are in.
 */
function undefinedCallees(program: BoundProgram, ir: IrProgram): { names: Set<string>; files: Set<string> } {
  const names = new Set<string>();
  const files = new Set<string>();
  for (const f of program.functions) {
    f.ir.ops.forEach((op, pc) => {
      if (op.kind !== OpKind.Call || f.callees[pc]?.kind !== CalleeKind.Opaque) return;
      const name = baseName(op.callee);
      if (ir.functions.has(name) || ir.unsupported?.has(name) || op.callee.endsWith(': not defined]')) return;
      names.add(name);
      if (!isModelFile(op.loc.file)) files.add(op.loc.file);
    });
  }
  // Functions left uninterpreted because they name a constant nothing read defines (7.2's
  // _TIF_SIGPENDING in asm-generic/thread_info_tif.h, SYSCALL_WORK_* in linux/thread_info.h):
  // the header that defines it is found the same way.
  // The binder names only the first unknown identifier of a function; every other name the
  // function reads that no constant defines is looked for in the same round (7.3's
  // EXIT_TO_USER_MODE_WORK names _TIF_NOTIFY_SIGNAL and _TIF_RSEQ after the modelled bits),
  // otherwise each round would find one more and the rounds run out first.
  const known = ir.constants ?? new Map<string, number>();
  for (const [fname, u] of program.unbindable) {
    const m = /unknown identifier '([A-Za-z_]\w*)'/.exec(u.reason);
    if (!m) continue;
    names.add(m[1]!);
    for (const [key, fn] of ir.functions) {
      if (baseName(key) !== fname) continue;
      for (const n of unknownNames(fn, known)) names.add(n);
    }
    if (!isModelFile(u.loc.file)) files.add(u.loc.file);
  }
  return { names, files };
}

/** Constant-like identifiers `fn` reads (in calls, assignments, branches and returns) that no constant defines. */
export function unknownNames(fn: IrFunction, constants: ReadonlyMap<string, number>): Set<string> {
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case ExprKind.Name:
        // Constants are spelled in capitals (_TIF_RSEQ, SYSCALL_WORK_SECCOMP); a lower-case name
        // is an object passed by name, which no header read would give a value.
        if (!constants.has(e.name) && !MODEL_CONSTANTS.has(e.name) && /^_*[A-Z][A-Z0-9_]*$/.test(e.name)) out.add(e.name);
        return;
      case ExprKind.Field: walk(e.base); return;
      case ExprKind.Not: case ExprKind.BitNot: case ExprKind.Neg: walk(e.operand); return;
      case ExprKind.Cond: walk(e.test); walk(e.then); walk(e.otherwise); return;
      case ExprKind.Const: case ExprKind.Local: case ExprKind.Config: case ExprKind.StructField: case ExprKind.AddrOf: return;
      default: walk(e.left); walk(e.right);
    }
  };
  for (const op of fn.ops) {
    if (op.kind === OpKind.Call) op.args.forEach(walk);
    else if (op.kind === OpKind.Assign) walk(op.value);
    else if (op.kind === OpKind.BranchIfFalse) walk(op.cond);
    else if (op.kind === OpKind.Return && op.value) walk(op.value);
  }
  return out;
}


/** Caches for the include rounds of one load (and the parses relevantHeld's loads read through
 *  to): every entry is keyed by what it was computed from (a file's reading by the symbols it
 *  consulted and the macro table it started from, a parse by its text). */
function newLoadCaches(): LoadCaches {
  return { memo: new ReadMemo(), parsed: new Map(), layouts: [], lowered: new Map() };
}

async function load(root: string, arch: string, opts: TreeLoadOptions, shared?: LoadCaches, startHeaders: readonly string[] = [], keepGroups = false): Promise<LoadedTree> {
  const started = Date.now();
  // Read the tree; then follow #include from the files that make calls nothing defines to the
  // headers that define them (the way the compiler would find them), and read again, until no
  // reachable call is left undefined for a reason more reading could fix.
  let extra: string[] = [...startHeaders];
  // Each round re-reads the tree with a few more headers: the files' readings and the parse
  // trees of their texts carry over (and over loads, when the caller shares its caches).
  const caches = shared ?? newLoadCaches();
  try {
    for (let round = 0; ; round++) {
      const kt = await loadOnceWithSet(root, arch, opts, extra, started, caches);
      if (round + 1 >= (ARCH_HARNESSES[arch]?.includeRounds ?? Infinity)) return finishLoad(kt, root, arch, keepGroups);
      const missing = undefinedCallees(kt.program, kt.merged.ir);
      for (const c of ARCH_HARNESSES[arch]?.constants ?? []) if (!kt.merged.ir.constants?.has(c)) missing.names.add(c);
      // The asm-template macros are looked for where they are defined (a header found once is read
      // from then on: it adds nothing the next round).
      for (const c of ARCH_HARNESSES[arch]?.expandMacros ?? []) missing.names.add(c);
      // The tree callees that tell a harness shell's shape are looked for like a missing callee's
      // definition (7.3's percpu_entry() is in asm/entry-percpu.h, which no file read includes).
      for (const cands of Object.values(ARCH_HARNESSES[arch]?.shells ?? {})) for (const c of cands) for (const call of c.calls) if (!treeDefines(kt.merged.ir, call)) missing.names.add(call.name);
      if (missing.names.size === 0) return finishLoad(kt, root, arch, keepGroups);
      const found = headersDefining(kt.tree.root, arch, [...missing.files, ...kt.tree.files.filter((f) => f.path.endsWith('.c')).map((f) => f.path)], missing.names);
      const known = new Set(kt.tree.files.map((f) => f.path));
      const add = [...found.keys()].filter((h) => !known.has(h)).sort();
      if (add.length === 0) return finishLoad(kt, root, arch, keepGroups);
      extra = [...extra, ...add];
    }
  } finally {
    if (!shared) disposeParseCache(caches.parsed);
  }
}

/** loadOnce; where options the user set leave a symbol the text tests undecided (a toolchain
 *  test decides it: powerpc 7.3's DYNAMIC_FTRACE_WITH_DIRECT_CALLS once FUNCTION_TRACER is on),
 *  the tree cannot be read with them: bad input naming the options, not an internal error. */
async function loadOnceWithSet(root: string, arch: string, opts: TreeLoadOptions, extraHeaders: readonly string[], started: number, caches: LoadCaches): Promise<LoadRound> {
  try {
    return await loadOnce(root, arch, opts, extraHeaders, started, caches);
  } catch (e) {
    if (!opts.set?.length || !(e instanceof KconfigError) || e instanceof UnsettableOption) throw e;
    throw new UnsettableOption(`with ${opts.set.map((o) => `CONFIG_${o.name}=${o.value ? 'y' : 'n'}`).join(', ')}, ${e.message}`);
  }
}

/** A map read through to another it never writes: what is set stays in this one (and is
 *  dropped with it), what only the other has is found there. */
class OverlayMap<K, V> extends Map<K, V> {
  constructor(private readonly under: ReadonlyMap<K, V>) {
    super();
  }
  override get(k: K): V | undefined {
    return super.has(k) ? super.get(k) : this.under.get(k);
  }
  override has(k: K): boolean {
    return super.has(k) || this.under.has(k);
  }
}

/** A held user option whose other value changes what kentry checks. */
export interface RelevantHeld extends HeldOption {
  /** `read when the code runs` (IS_ENABLED() in an interpreted function), or the interpreted
   *  functions whose text the other value changes (added, removed or different). */
  readonly why: string;
}

/** A held user option (at its held `value`) whose other value kentry cannot set. */
export interface UnsettableHeld extends HeldOption {
  /** Why not: the Kconfig reason (a toolchain test decides it, no point with the axes' values can
   *  have it), as `--config NAME=other` would say it. */
  readonly why: string;
}

/** relevantHeld's answer: the held options that matter, and those kentry could not try. */
export interface HeldRelevance {
  readonly relevant: readonly RelevantHeld[];
  readonly unsettable: readonly UnsettableHeld[];
}

/** `NAME=y` / `NAME=n` of a held option's value. */
export function heldText(h: HeldOption): string {
  return `${h.name}=${h.value ? 'y' : 'n'}`;
}

/**
 * Which of a tree's held options (LoadedTree.held) matter to the check: one an interpreted
 * function reads when it runs, or one whose other value, set as `--config` would set it, changes
 * the text of an interpreted function (of either load) at a lattice point both loads have
 * (changedAtCommonPoints). The others change only text kentry does not interpret (struct fields,
 * functions nothing reachable calls) or drop configs. One load per held option, reading through
 * to the first load's parses and starting from the headers it followed.
 */
export async function relevantHeld(root: string, arch: string, opts: TreeLoadOptions = {}): Promise<HeldRelevance> {
  const caches = newLoadCaches();
  const relevant: RelevantHeld[] = [];
  const unsettable: UnsettableHeld[] = [];
  try {
    const base = (await load(root, arch, opts, caches, [], true)) as LoadedWithGroups;
    const runtime = configReadsOf(base.program.functions.map((f) => f.ir));
    for (const h of base.held) {
      if (runtime.has(h.name)) {
        relevant.push({ ...h, why: 'read when the code runs' });
        continue;
      }
      let other: LoadedWithGroups;
      try {
        // Starting from the headers the unmodified tree needed: the rounds that found them are
        // not repeated (more are followed if the other value calls something else).
        // The unmodified tree's parses are read by every load, but each load's own parses,
        // lowerings and readings are dropped after it: a changed macro gives every later file a
        // new text and reading, and kept they grew loongarch 7.3's 72 loads out of memory.
        const parsed = new OverlayMap(caches.parsed);
        try {
          other = (await load(root, arch, { ...opts, set: [...(opts.set ?? []), { name: h.name, value: !h.value }] }, { memo: new ReadMemo(), parsed, layouts: [], lowered: new Map() }, base.headersFollowed, true)) as LoadedWithGroups;
        } finally {
          disposeParseCache(parsed);
        }
      } catch (e) {
        // Settable at a point (heldOptions) but not in any point with the axes' values, or only
        // with a symbol a toolchain test decides: named.
        if (e instanceof UnsettableOption) {
          unsettable.push({ ...h, why: e.message });
          continue;
        }
        throw e;
      }
      const changed = changedAtCommonPoints(base, other);
      if (changed.length) relevant.push({ ...h, why: `${h.value ? 'n' : 'y'} changes ${changed.slice(0, 4).map((n) => `${n}()`).join(', ')}${changed.length > 4 ? ` and ${changed.length - 4} more` : ''}` });
    }
  } finally {
    disposeParseCache(caches.parsed);
  }
  return { relevant, unsettable };
}

/**
 * The interpreted functions (of either program, by name) whose text differs between two loads of
 * a tree at some lattice point both have: each point's text group in each load, the function's
 * ops and parameters compared without source positions (a line moved by an #if above it is not a
 * change). Points only one load has are not compared: an option whose other value drops the
 * configs that need it (SYSCTL=n leaves loongarch no PREEMPT_RT point) changes no text by that.
 */
function changedAtCommonPoints(a: LoadedWithGroups, b: LoadedWithGroups): string[] {
  const names = new Set([...a.program.functions, ...b.program.functions].filter((f) => !isModelFile(f.ir.loc.file)).map((f) => baseName(f.ir.name)));
  const groupAt = (l: LoadedWithGroups): Map<string, TextGroup> => new Map(l.textGroups.flatMap((g) => g.configs.map((c): [string, TextGroup] => [`${c.preempt}:${c.bits}`, g])));
  const at = groupAt(a);
  const bt = groupAt(b);
  const shapes = new WeakMap<IrFunction, string>();
  const shape = (f: IrFunction | undefined): string => {
    if (!f) return '';
    let x = shapes.get(f);
    if (x === undefined) shapes.set(f, (x = JSON.stringify([f.params, f.ops], (k, v: unknown) => (k === 'loc' || k === 'argText' || k === 'condText' ? undefined : v))));
    return x;
  };
  const out = new Set<string>();
  const compared = new Set<string>();
  for (const [point, gb] of bt) {
    const ga = at.get(point);
    if (!ga || compared.has(`${ga.id}:${gb.id}`)) continue;
    compared.add(`${ga.id}:${gb.id}`);
    for (const n of names) if (!out.has(n) && shape(ga.ir?.functions.get(n)) !== shape(gb.ir?.functions.get(n))) out.add(n);
  }
  return [...out].sort();
}


/** Whether the tree defines a function as a shell candidate calls it (ShellChoice.calls): read, or
 *  written as inline asm, with the given parameter count when one is given. */
function treeDefines(ir: IrProgram, call: ShellChoice['calls'][number]): boolean {
  const f = ir.functions.get(call.name) ?? [...ir.functions].find(([k]) => baseName(k) === call.name)?.[1];
  if (f && !isModelFile(f.loc.file)) return call.params === undefined || f.params.length === call.params;
  return call.params === undefined && (ir.unsupported?.has(call.name) === true || ir.inlineAsm?.has(call.name) === true);
}

/** The shell each harness call of the arch is bound to (ArchHarnesses.shells): the first
 *  candidate whose tree callees the tree defines. */
export function chooseShells(ir: IrProgram, arch: string): { chosen: Map<string, ShellChoice>; unmatched: string[] } {
  const chosen = new Map<string, ShellChoice>();
  const unmatched: string[] = [];
  for (const [call, cands] of Object.entries(ARCH_HARNESSES[arch]?.shells ?? {})) {
    const pick = cands.find((c) => c.calls.every((x) => treeDefines(ir, x)));
    if (pick) chosen.set(call, pick);
    else unmatched.push(`${call}() (its shells call ${cands.map((c) => c.calls.map((x) => `${x.name}()`).join(' and ')).join(', or ')})`);
  }
  return { chosen, unmatched };
}

/** Calls of a shell placeholder in the model C bound to the chosen shell, each a listed rewrite. */
function bindShells(ir: IrProgram, chosen: ReadonlyMap<string, ShellChoice>): { ir: IrProgram; rewrites: CallRewrite[] } {
  if (chosen.size === 0) return { ir, rewrites: [] };
  const rewrites: CallRewrite[] = [];
  const functions = new Map(ir.functions);
  for (const [name, fn] of ir.functions) {
    if (!isModelFile(fn.loc.file)) continue;
    const out = mapOps(fn, (op) => {
      if (op.kind !== OpKind.Call) return op;
      const pick = chosen.get(op.callee);
      if (!pick) return op;
      rewrites.push({ site: op.loc, from: `${op.callee}(${op.argText.join(', ')})`, to: `${pick.fn}(${op.argText.join(', ')})`, why: 'tree-shape' });
      return { ...op, callee: pick.fn };
    });
    if (out !== fn) functions.set(name, out);
  }
  return { ir: { ...ir, functions }, rewrites };
}

/** The harness check ArchHarnesses.handlerChecks inserts before a trap handler's call. */
export const TRAP_HANDLER_CHECK = 'kentry_assert_trap_handler_state';

/**
 * Every call the reader writes into the tree's own functions that the tree did not write: the
 * trap-handler check (insertHandlerChecks), and the handler-state check and possible wakeup
 * around a handler that `run_on_irqstack_cond()` runs (plainIrqStackCall). The kernel names none
 * of them, so in a tree function they are harness, never the tree's code: the mutation operators
 * leave them alone (scripts/mutants.ts), as a mutant of the harness is no mistake a kernel
 * developer could make.
 */
export const HARNESS_INSERTED_CALLS: ReadonlySet<string> = new Set([TRAP_HANDLER_CHECK, IRQ_STACK_HANDLER_CHECK, IRQ_STACK_WAKEUP]);

/**
 * kentry_assert_trap_handler_state("<what>") inserted before each call the tree's own code makes
 * of a handler named in `handlerChecks`, jumps past it moved on; model files are left alone.
 */
export function insertHandlerChecks(ir: IrProgram, handlerChecks: Readonly<Record<string, string>>): { ir: IrProgram; rewrites: CallRewrite[] } {
  const rewrites: CallRewrite[] = [];
  const functions = new Map(ir.functions);
  for (const [name, fn] of ir.functions) {
    if (isModelFile(fn.loc.file)) continue;
    // A call with the check already before it (a program bound once more, e.g. a mutant's) keeps it.
    const checked = (i: number): boolean => {
      const prev = fn.ops[i - 1];
      return prev?.kind === OpKind.Call && prev.callee === TRAP_HANDLER_CHECK;
    };
    const at = fn.ops.flatMap((op, i) => (op.kind === OpKind.Call && handlerChecks[op.callee] !== undefined && !checked(i) ? [i] : []));
    if (at.length === 0) continue;
    // Each insertion before op i shifts every later op by one more; a jump to op i lands on the
    // check, so every path into the call goes through it.
    const shift = (target: number): number => target + at.filter((i) => i < target).length;
    const ops: Op[] = [];
    fn.ops.forEach((op, i) => {
      if (at.includes(i)) {
        const call = op as CallOp;
        const what = `"${handlerChecks[call.callee]}"`;
        ops.push({ kind: OpKind.Call, loc: call.loc, callee: TRAP_HANDLER_CHECK, args: [], argText: [what], result: -1 });
        rewrites.push({ site: call.loc, from: `${call.callee}(${call.argText.join(', ')})`, to: `${TRAP_HANDLER_CHECK}(${what}); ${call.callee}(${call.argText.join(', ')})`, why: 'handler-check' });
      }
      ops.push(op.kind === OpKind.Jump || op.kind === OpKind.BranchIfFalse ? { ...op, target: shift(op.target) } : op);
    });
    functions.set(name, { ...fn, ops });
  }
  return { ir: { ...ir, functions }, rewrites };
}

/**
 * The tree's code without the checks insertHandlerChecks() put in (jumps moved back): what the
 * mutation operators work on, so that a harness check is never mutated and never separates two
 * calls of the tree's; binding the mutated IR inserts them again.
 */
export function withoutHandlerChecks(ir: IrProgram): IrProgram {
  let functions: Map<string, IrFunction> | undefined;
  for (const [name, fn] of ir.functions) {
    if (isModelFile(fn.loc.file)) continue;
    const at = fn.ops.flatMap((op, i) => (op.kind === OpKind.Call && op.callee === TRAP_HANDLER_CHECK ? [i] : []));
    if (at.length === 0) continue;
    const shift = (target: number): number => target - at.filter((i) => i < target).length;
    const ops = fn.ops.filter((_, i) => !at.includes(i)).map((op) => (op.kind === OpKind.Jump || op.kind === OpKind.BranchIfFalse ? { ...op, target: shift(op.target) } : op));
    (functions ??= new Map(ir.functions)).set(name, { ...fn, ops });
  }
  return functions ? { ...ir, functions } : ir;
}

/** One include round's tree, with what the last round alone needs to finish the load. */
type LoadRound = Omit<LoadedTree, 'held'> & {
  /** Every group's consulted symbols with their values (for heldOptions, once, after the last round). */
  readonly readings: readonly ReadonlyMap<string, boolean>[];
  /** The text groups with their programs (relevantHeld compares them point by point). */
  readonly textGroups: readonly TextGroup[];
};

/** A load that keeps its text groups (relevantHeld). */
type LoadedWithGroups = LoadedTree & { readonly textGroups: readonly TextGroup[] };

/** The last round's tree finished: refused when a harness call has no shell that fits the tree;
 *  otherwise with the options the lattice holds (computed here once, not in every round). */
function finishLoad(round: LoadRound, root: string, arch: string, keepGroups = false): LoadedTree {
  const { unmatched } = chooseShells(round.merged.ir, arch);
  if (unmatched.length) throw new Error(`${root}: no ${arch} harness shell fits this tree for ${unmatched.join('; ')}: ${arch} is not checked on this tree`);
  const { readings, textGroups, ...kt } = round;
  const loaded: LoadedTree = { ...kt, held: heldBy(kt.lattice, readings, kt.program.functions.map((f) => f.ir), kt.spec.set) };
  if (!keepGroups) return loaded;
  const withGroups: LoadedWithGroups = { ...loaded, textGroups };
  return withGroups;
}

/**
 * The user options the lattice holds (heldOptions) among those the preprocessor consulted
 * (`readings`) and those the interpreted functions read when they run (IS_ENABLED() in a body,
 * read at every point): a user option read that way is held as much as one an #if tests.
 */
export function heldBy(points: readonly KConfig[], readings: readonly ReadonlyMap<string, boolean>[], functions: readonly Pick<IrFunction, 'ops'>[], set: readonly SetOption[] = []): HeldOption[] {
  const runtime = [...configReadsOf(functions)];
  const runtimeReadings = points.map((p) => new Map(runtime.flatMap((n): [string, boolean][] => {
    const v = p.tree?.value(n);
    return v === undefined ? [] : [[n, v]];
  })));
  return heldOptions(points, [...readings, ...runtimeReadings], set);
}

/** What one load's include rounds share. */
interface LoadCaches {
  readonly memo: ReadMemo;
  readonly parsed: ParseCache;
  readonly layouts: LayoutReadings;
  readonly lowered: LowerCache;
}

async function loadOnce(root: string, arch: string, opts: TreeLoadOptions, extraHeaders: readonly string[], started: number, { memo, parsed, layouts, lowered }: LoadCaches): Promise<LoadRound> {
  const shellCalls = Object.values(ARCH_HARNESSES[arch]?.shells ?? {}).flatMap((cands) => cands.flatMap((c) => c.calls.map((x) => x.name))).filter((n) => !ENTRY_SET.has(n));
  const tree = discoverTree(root, arch, extraHeaders, [...(ARCH_HARNESSES[arch]?.treeEntry ?? []), ...shellCalls]);
  const facts = detectFacts(tree);
  // Read in every config the tree is checked in (the tree's Kconfig lattice).
  const spec = treeLattice(tree, opts);
  const lattice = enumerateLattice(spec);
  const groups = readGroups(tree, facts, lattice, memo);
  const model = modelSources(arch);
  // Groups share most of their preprocessed files (6.12: 952 file texts, 83 distinct): each
  // distinct text is parsed once and its tree reused by every group that has it (and by the
  // next include round; load() frees the trees). One load is one arch, so the lowering cache
  // never mixes paramCalls settings.
  for (const g of groups) {
    g.ir = await parseProgram([...g.files.map((f) => ({ file: f.file, text: f.text, mapLoc: f.mapLoc })), ...model], { tolerant: true, cache: parsed, lowered, ...(ARCH_HARNESSES[arch]?.paramCalls ? { paramCalls: true } : {}), ...(ARCH_HARNESSES[arch]?.subscripts ? { subscripts: true } : {}), ...(ARCH_HARNESSES[arch]?.ptRegsMemory ? { ptRegsMemory: true } : {}), ...(ARCH_HARNESSES[arch]?.asmCalls ? { asmCalls: ARCH_HARNESSES[arch]!.asmCalls! } : {}), ...(ARCH_HARNESSES[arch]?.tableCalls ? { tableCalls: true } : {}), ...(ARCH_HARNESSES[arch]?.threadFlagsAddress ? { threadFlagsAddress: true } : {}) });
  }
  // Traces show the tree's own lines (the preprocessed text keeps the line structure).
  const sources = new Map<string, string>();
  for (const f of tree.files) sources.set(f.path, sourceOf(f.abs).text);
  for (const m of model) sources.set(m.file, m.text);
  const layout = treeLayout(tree, groups, facts, layouts);
  const merged0 = mergeGroups(groups, lattice, sources, layout, arch, new Set(ARCH_HARNESSES[arch]?.percpuReads ?? []));
  const merged1 = ARCH_HARNESSES[arch]?.inlineAsm ? { ...merged0, ir: { ...merged0.ir, inlineAsm: treeAsmHelpers(root, arch, calledUndefined(merged0.ir), new Set(ARCH_HARNESSES[arch]?.intrinsics ?? [])) } } : merged0;
  // Where instrumentation is ftrace's (inlineNotrace: powerpc), whether a call to a function the
  // program does not read can be traced is its definition's (src/tree/definitions.ts).
  const merged2 = ARCH_HARNESSES[arch]?.inlineNotrace ? { ...merged1, ir: { ...merged1.ir, definitions: archDefinitions(root, arch, [...calledUndefined(merged1.ir)].map(baseName)) } } : merged1;
  const merged = withGeneratedConstants(merged2, root, arch);
  // The harness shells call these tree functions as the tree the harness was written for defines
  // them; a tree that defines none of that name (an s390 tree without do_io_irq()) is one the
  // shells do not describe: the arch is refused there, naming what is missing, rather than checked
  // through an opaque call that the tree never makes. Where trees differ in shape, the shell is
  // chosen by what the tree defines (ArchHarnesses.shells, below).
  // (Defined includes a helper the tree writes as inline asm and arithmetic.)
  const missing = (ARCH_HARNESSES[arch]?.treeEntry ?? []).filter((n) => !merged.ir.functions.has(n) && !merged.ir.unsupported?.has(n) && !merged.ir.inlineAsm?.has(n));
  if (missing.length) throw new Error(`${root}: the tree defines no ${missing.map((n) => `${n}()`).join(', ')}, which kentry's ${arch} harness calls (written for a tree that has ${missing.length > 1 ? 'them' : 'it'}): ${arch} is not checked on this tree`);
  // Harness calls whose shell depends on the tree's shape (ArchHarnesses.shells): bound to the
  // shell the tree fits; one that fits none stays unbound here and is refused after the last
  // include round (finishLoad), when every header that could define its callees was looked for.
  const shells = bindShells(merged.ir, chooseShells(merged.ir, arch).chosen);
  const mergedShells = shells.rewrites.length ? { ...merged, ir: shells.ir, rewrites: [...merged.rewrites, ...shells.rewrites] } : merged;
  const program = bindTree(mergedShells.ir, layout, arch);
  const pc = ARCH_HARNESSES[arch]?.paramCalls;
  if (pc) (mergedShells.rewrites as CallRewrite[]).push(...specializeParamCalls(mergedShells.ir, pc).rewrites);
  const hc = ARCH_HARNESSES[arch]?.handlerChecks;
  if (hc) (mergedShells.rewrites as CallRewrite[]).push(...insertHandlerChecks(mergedShells.ir, hc).rewrites);
  return { tree, facts, lattice, spec, groups: groups.length, readings: groups.flatMap((g) => g.consulted), textGroups: groups, layout, merged: mergedShells, program, seconds: (Date.now() - started) / 1000, headersFollowed: extraHeaders };
}

/** Binds a tree's (possibly mutated) IR from every vector the harness knows. */
export function bindTree(ir0: IrProgram, layout: ModelLayout, arch = 'x86'): BoundProgram {
  const h = ARCH_HARNESSES[arch];
  const ir1 = h?.paramCalls ? specializeParamCalls(ir0, h.paramCalls).ir : ir0;
  const ir = h?.handlerChecks ? insertHandlerChecks(ir1, h.handlerChecks).ir : ir1;
  const roots = [...new Set([...vectorsOf(arch).map((v) => v.vector), ...(h ? [h.irqVector, ...(h.nmiVector ? [h.nmiVector] : [])] : [])])].filter((n) => ir.functions.has(n));
  // Global objects the arch's entry code passes by name (arm64: sys_call_table): an address,
  // never null, unique to the name (symbolToken), as for an object named as an opaque call's argument.
  const constants = h?.objects ? new Map([...ir.constants!, ...h.objects.map((o): [string, number] => [o, symbolToken(o)])]) : ir.constants!;
  return bindProgram(ir, roots, { tolerant: true, constants, layout, ...(ir.inlineAsm ? { inlineAsm: new Set(ir.inlineAsm.keys()) } : {}), ...(h?.inlineNotrace ? { inlineNotrace: true } : {}) });
}

/**
 * Constants the build generates (not in any source file), derived from the tree for arches whose
 * harness reads them (`generatedSyscalls`): `__NR_syscalls` and the `__NR_<name>` numbers of the
 * arch's generated unistd_64.h (riscv, s390; src/tree/syscalls.ts). A
 * constant a file read defines wins; one the tree does not let kentry derive stays missing.
 */
function withGeneratedConstants<T extends { readonly ir: IrProgram }>(merged: T, root: string, arch: string): T {
  if (!ARCH_HARNESSES[arch]?.generatedSyscalls || merged.ir.constants?.has('__NR_syscalls')) return merged;
  const g = generatedSyscalls(root, arch);
  if (!g) return merged;
  const constants = new Map(merged.ir.constants ?? []);
  if (g.count !== undefined) constants.set('__NR_syscalls', g.count);
  // The per-call numbers the same header defines (s390's __do_syscall() compares with
  // __NR_restart_syscall); a file's own definition wins.
  for (const [name, nr] of g.numbers) if (!constants.has(name)) constants.set(name, nr);
  return { ...merged, ir: { ...merged.ir, constants } };
}

/** Names called but not defined anywhere in the program. */
function calledUndefined(ir: IrProgram): Set<string> {
  const out = new Set<string>();
  for (const f of ir.functions.values()) {
    for (const op of f.ops) if (op.kind === OpKind.Call && !ir.functions.has(op.callee)) out.add(op.callee);
  }
  return out;
}

/** Discover, read, parse and bind a tree (memoized per root for the life of the process). */
export function loadTree(root: string, arch = 'x86', opts: TreeLoadOptions = {}): Promise<LoadedTree> {
  const key = `${path.resolve(root)}|${arch}|${opts.partial ? 'partial' : ''}|${setKey(opts.set)}`;
  let p = cache.get(key);
  if (!p) {
    p = load(root, arch, opts);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Rows of a loaded tree for the given harnesses. */
export function treeRows(kt: Pick<LoadedTree, 'tree' | 'program'>, vectors?: readonly string[]): CheckRow[] {
  const label = kt.tree.debianVersion ? `linux ${kt.tree.debianVersion}` : path.basename(kt.tree.root);
  const rows: CheckRow[] = [];
  const VECTORS = vectorsOf(kt.tree.arch);
  for (const v of VECTORS) {
    const id = v.row ?? v.harness;
    if (vectors && !vectors.includes(id)) continue;
    const harness = harnessById(v.harness);
    if (!harness) throw new Error(`kernel-target: unknown harness ${v.harness}`);
    if (rows.some((r) => r.id === id)) continue; // an earlier, more faithful vector for it
    // A context standing for the task the arch's arch_in_rcu_eqs() names only where the tree has that hook.
    const extra = ARCH_HARNESSES[kt.tree.arch]!.contexts?.[v.harness]?.filter((c) => !contextById(c)?.needsArchEqsFlag || kt.program.layout.archEqsFlag);
    if (!kt.program.byName.has(v.vector)) {
      // Not bound: the tree has no such function (no Xen PV upcall), or it could not be
      // interpreted. The latter is an error unless a later vector serves the same harness.
      const why = kt.program.unbindable.get(v.vector);
      const alternative = VECTORS.some((x) => x !== v && (x.row ?? x.harness) === id && VECTORS.indexOf(x) > VECTORS.indexOf(v) && kt.program.byName.has(x.vector));
      if (why && !alternative) throw new Error(`${id} vector ${v.vector}() cannot be interpreted: ${why.reason}`);
      continue;
    }
    rows.push({
      id,
      title: `${label}: ${v.title}, ${v.vector}()`,
      harness: extra || v.requires || v.contexts || v.nestedIrq ? { ...harness, requires: { ...harness.requires, ...v.requires }, contexts: [...(v.contexts ?? harness.contexts), ...(extra ?? [])], ...(v.nestedIrq ? { nestedIrq: v.nestedIrq } : {}) } : harness,
      program: kt.program,
      vector: v.vector,
      irqVector: ARCH_HARNESSES[kt.tree.arch]!.irqVector,
      nmiVector: ARCH_HARNESSES[kt.tree.arch]!.nmiVector,
      ...(ARCH_HARNESSES[kt.tree.arch]!.asyncMask ? { asyncMask: true } : {}),
      ...(v.harness === 'nmi' && ARCH_HARNESSES[kt.tree.arch]!.nmiVectorReturnsViaExit ? { nmiClassVector: true } : {}),
      ...(ARCH_HARNESSES[kt.tree.arch]!.replayVector ? { replayVector: ARCH_HARNESSES[kt.tree.arch]!.replayVector! } : {}),
      ...(v.harness === 'nmi' && ARCH_HARNESSES[kt.tree.arch]!.nmiVectorMasksNmi ? { vectorMasksNmi: true } : {}),
    });
  }
  if (vectors) for (const v of vectors) if (!VECTORS.some((x) => (x.row ?? x.harness) === v)) throw new Error(`unknown vector '${v}' (known: ${[...new Set(VECTORS.map((x) => x.row ?? x.harness))].join(', ')})`);
  return rows;
}

/** A kernel tree as a check target: one row per harness, plus what was interpreted. */
export async function kernelTarget(root: string, opts: KernelTargetOptions = {}): Promise<{ rows: CheckRow[]; coverage: Coverage; lattice: LatticeSpec }> {
  const arch = opts.arch ?? 'x86';
  archHarnesses(root, arch, opts.partial ? { partial: true } : {});
  const loadOpts = treeLoadOptions(opts);
  const kt = await loadTree(root, arch, loadOpts);
  // The rows of the loaded tree itself: a worker rebuilds them with loadTree (--jobs).
  // Each row carries its arch and that arch's lattice, so rows of several arches can be one check.
  const rows = treeRows(kt, opts.vectors).map((r) => ({ ...r, arch, lattice: kt.spec, origin: { kind: 'kernel' as const, root, arch, harness: r.id, ...loadOpts } }));
  return { rows, coverage: buildCoverage(kt, rows), lattice: kt.spec };
}

/** `kentry coverage --kernel DIR`: the coverage of every harness (see `Coverage`). */
export async function coverageReport(root: string, opts: KernelTargetOptions = {}): Promise<Coverage> {
  return (await kernelTarget(root, opts)).coverage;
}

/** One line per section, for the CLI's text output. */
export function formatCoverage(c: Coverage): string {
  const out: string[] = [];
  out.push(`${c.tree.debianVersion ? `linux ${c.tree.debianVersion}` : c.tree.root} (${c.tree.arch}): ${c.tree.files.length} files read, ${c.lattice.configs} configs in ${c.lattice.textGroups} text groups`);
  out.push(...formatLattice(c.lattice));
  out.push(...formatLayout(c.layout).split('\n').map((l, i) => (i === 0 ? `layout: ${l}` : `        ${l}`)));
  out.push(`interpreted: ${c.summary.interpreted} functions (${c.summary.interpretedFromTree} from the tree)`);
  for (const f of c.interpreted) out.push(`  ${f.name}  ${f.file}:${f.line}${f.variants > 1 ? `  [${f.variants} config variants]` : ''}${f.origin === 'model' ? '  [model]' : ''}`);
  out.push(`primitives: ${c.summary.primitivesUsed} (${c.summary.primitivesReplacingTree} replace a tree definition)`);
  for (const p of c.primitives) out.push(`  ${p.primitive}${p.calledAs.some((n) => n !== p.primitive) ? ` as ${p.calledAs.join(', ')}` : ''}${p.replaces ? `  (replaces ${p.replaces.file}:${p.replaces.line})` : ''}`);
  out.push(`opaque calls: ${c.summary.opaqueCalls} sites, ${c.summary.opaqueNames} names; untracked loads: ${c.summary.untrackedLoads} sites`);
  for (const o of c.opaque) out.push(`  ${o.name}  ${o.site.file}:${o.site.line} in ${o.in}: ${o.reason}${o.detail ? ` (${o.detail})` : ''}`);
  out.push(`rewritten calls: ${c.rewrites.length}`);
  for (const r of c.rewrites) out.push(`  ${r.site.file}:${r.site.line} ${r.from} → ${r.to} (${r.why})`);
  return out.join('\n');
}

/** The lattice section of the coverage text: each axis, its values in this tree, and why. */
export function formatLattice(l: Coverage['lattice']): string[] {
  const out: string[] = [];
  for (const p of l.partial ?? []) out.push(`PARTIAL: ${p}`);
  out.push(`lattice: ${l.configs} configs${l.axes.length ? ', from the tree\'s Kconfig' : ''}`);
  for (const a of l.axes) {
    out.push(`  ${a.name}`);
    for (const v of a.values) out.push(`    ${v.value}: ${v.why}${/^(derived|fixed)/.test(v.why) ? ` [${v.configs} configs]` : ''}`);
  }
  out.push(`assumed (not read from the tree): ${l.assumed.length ? l.assumed.map((x) => `${x.name}=${x.value ? 'y' : 'n'} (${x.why})`).join(', ') : 'none'}`);
  out.push(`held (user options the text tests, one value over the whole lattice; a finding that needs the other value is not explored): ${l.held.length ? l.held.map((x) => `${x.name}=${x.value ? 'y' : 'n'}`).join(' ') : 'none'}`);
  const r = l.heldRelevance;
  if (r) {
    out.push(`held options whose other value changes what is checked: ${r.relevant.length} of ${l.held.length} (check --config NAME=… checks one)`);
    for (const x of r.relevant) out.push(`  ${heldText(x)}: ${x.why}`);
    out.push(`held options whose other value kentry cannot set: ${r.unsettable.length || 'none'}`);
    for (const u of r.unsettable) out.push(`  ${heldText(u)} (${u.value ? 'n' : 'y'}: ${u.why})`);
  }
  return out;
}

export interface KernelCheckOptions extends Partial<Omit<CheckOptions, 'lattice'>> {
  readonly vectors?: readonly string[];
}

/** Check a tree over the whole lattice (the test and the mutation script use this). */
export async function checkKernel(root: string, opts: KernelCheckOptions = {}): Promise<KentryReport> {
  const { rows, lattice } = await kernelTarget(root, opts.vectors ? { vectors: opts.vectors } : {});
  return checkRows(`kernel tree ${root}`, rows, lattice, opts);
}

export function checkRows(target: string, rows: readonly CheckRow[], lattice: LatticeSpec, opts: KernelCheckOptions = {}): KentryReport {
  return runCheck(target, rows, {
    lattice,
    bounds: opts.bounds ?? KERNEL_BOUNDS,
    maxStates: opts.maxStates ?? 50_000_000,
    maxSeconds: opts.maxSeconds ?? 600,
    ...(opts.filter ? { filter: opts.filter } : {}),
    ...(opts.contexts ? { contexts: opts.contexts } : {}),
    ...(opts.progress ? { progress: opts.progress } : {}),
  });
}
