// Binding: every callee of the IR resolved once, before exploration, to (a) a function defined in
// the input, interpreted; (b) a kernel primitive; or (c) an opaque instrumentable call, listed in
// the report. Expressions are compiled to closures here so the hot loop never walks IR trees.

import { type CallOp, type Expr, ExprKind, type IrFunction, type IrProgram, KENTRY_LOAD, KENTRY_STORE, KENTRY_STORE_UNTRACKED, type Op, OpKind, type SourceLoc, splitCompoundMember, type UnsupportedFunction } from '../c/ir.ts';
import { ConfigReader, PreemptModel } from '../model/config.ts';
import { CtState } from '../model/state.ts';
import { CLASSIC_LAYOUT, type ModelLayout } from '../tree/layout.ts';
import type { Machine } from '../model/state.ts';
import { lookupPrimitive } from '../kernel/index.ts';
import { lookupMember } from '../kernel/rseq.ts';
import { lookupArchMember } from '../kernel/s390.ts';
import { lookupArm64Member } from '../kernel/arm64.ts';
import { lookupPowerpcMember } from '../kernel/powerpc.ts';
import type { PrimitiveDef } from '../kernel/types.ts';
import type { OpaqueSite } from '../report/schema.ts';
import { PERCPU_NAMES } from '../kernel/xen.ts';

export const enum CalleeKind {
  Primitive = 0,
  Function = 1,
  Opaque = 2,
  /** A memory access the front end introduced (`__kentry_load` / `__kentry_store`). */
  Builtin = 3,
}

export const enum BuiltinOp {
  /** `*p`: a local when p points to one, otherwise an opaque value. */
  Load = 0,
  /** `*p = v`: a local when p points to one, otherwise an untracked store. */
  Store = 1,
}

/** Where an opaque site is: the report lists every one a run executes. The report's own type
 *  (schema `OpaqueSite`) is the one definition of its fields. */
export type OpaqueSiteInfo = OpaqueSite;

/**
 * What an opaque site may do, as a finite choice. The result (when used) takes each value of
 * `values`; every local whose address is passed (`&x`) takes each value of its own set.
 */
export interface OpaqueOutcomes {
  readonly values: readonly number[] | null;
  /** Whether `values` separates every branch that reads the result (see `slotValues`). */
  readonly exhaustive: boolean;
}

export type BoundCallee =
  | { readonly kind: CalleeKind.Primitive; readonly def: PrimitiveDef }
  | { readonly kind: CalleeKind.Function; readonly fn: number }
  /** `instrumentable`: the call can be traced (an unknown function: yes, unless every definition
   *  the tree has of it is written not to be; inline asm, builtins and stores: no). */
  | { readonly kind: CalleeKind.Opaque; readonly site: OpaqueSiteInfo; readonly outcomes: OpaqueOutcomes; readonly instrumentable: boolean }
  | { readonly kind: CalleeKind.Builtin; readonly op: BuiltinOp; readonly site: OpaqueSiteInfo; readonly outcomes: OpaqueOutcomes };

/**
 * A pointer to a local is a token: tag | frame index << 12 | slot. It is distinct from a
 * `struct pt_regs *` token (the small index + 1 of an interrupt context, see
 * `Machine.regsContext`) and from NULL.
 */
export const LOCAL_PTR_TAG = 0x40000000;
const LOCAL_PTR_MAX_SLOT = 0xfff;

export function localPointer(frame: number, slot: number): number {
  return LOCAL_PTR_TAG | (frame << 12) | slot;
}

/** The frame index and slot a local-pointer token names, or null for any other value. */
export function decodeLocalPointer(token: number): { frame: number; slot: number } | null {
  if ((token & ~0xfffff) !== LOCAL_PTR_TAG) return null;
  return { frame: (token >>> 12) & 0xff, slot: token & LOCAL_PTR_MAX_SLOT };
}

/** A compiled expression: reads the frame's locals, the machine and the run's config. */
export type Compiled = (locals: readonly number[], m: Machine, cfg: ConfigReader) => number;

export interface BoundFunction {
  readonly id: number;
  readonly ir: IrFunction;
  readonly noinstr: boolean;
  readonly alwaysInline: boolean;
  /**
   * A config dispatcher (kernel-target.ts): `name`, which only chooses among the tree's texts of
   * `name` by config and calls `name[<configs>]`. It is transparent in reports: its call is the
   * caller's call of `name`, at the caller's call site (engine.ts reportSite).
   */
  readonly configDispatcher: boolean;
  /** Calling it is a call into instrumentable code (not noinstr, not inlined, not notrace). */
  readonly instrumentable: boolean;
  readonly nLocals: number;
  /** Per op index: the bound callee of a Call op. */
  readonly callees: readonly (BoundCallee | null)[];
  /** Per op index: compiled argument expressions (Call), value (Assign/Return), cond (Branch). */
  readonly args: readonly (readonly Compiled[] | null)[];
  readonly exprs: readonly (Compiled | null)[];
  /** The values an opaque write to `slot` is explored with (memoized per slot). */
  readonly slotOutcomes: (slot: number) => OpaqueOutcomes;
  /**
   * Per op index: the slots that are dead when control reaches that op (no path from there reads
   * them before writing them, and their address is never taken). The engine zeroes them, so two
   * states that differ only in values nothing will read are one state.
   */
  readonly deadAt: readonly (readonly number[])[];
  /**
   * Per op index: a call (opaque, or a load from memory the model does not track) whose result
   * nothing the model interprets ever reads (see `unreadSlots`). Its value cannot change what
   * happens, so the engine explores it with one value (ExploreBounds.unreadValues).
   */
  readonly unreadResult: readonly boolean[];
}

export interface BoundProgram {
  readonly functions: readonly BoundFunction[];
  readonly byName: ReadonlyMap<string, number>;
  /** Calls left opaque, by call site. */
  readonly opaque: readonly { name: string; loc: SourceLoc }[];
  /**
   * Functions defined in the input that binding could not interpret (tolerant mode): an
   * identifier, field or config symbol the model has no value for. Calls to them are opaque.
   */
  readonly unbindable: ReadonlyMap<string, UnsupportedFunction>;
  readonly sources: ReadonlyMap<string, string>;
  readonly ir: IrProgram;
  /** preempt_count and thread-flag layout of the code this program was read from. */
  readonly layout: ModelLayout;
}

/** A problem with the input found while binding: reported as `file:line:col: message`, exit 2. */
export class BindError extends Error {
  constructor(
    readonly loc: SourceLoc,
    readonly detail: string,
  ) {
    super(`${loc.file}:${loc.line}:${loc.col}: ${detail}`);
    this.name = 'BindError';
  }
}

/** Identifiers with a meaning in the model (kentry-ref §2.2, §2.6). */
export const CONSTANTS: ReadonlyMap<string, number> = new Map<string, number>([
  ['true', 1],
  ['false', 0],
  ['NULL', 0],
  ['current', 0],
  ['CALLER_ADDR0', 0],
  ['_THIS_IP_', 0],
  ['_RET_IP_', 0],
  ['X86_EFLAGS_IF', 0x200],
  // The bundled seed model's preempt_count layout; a tree's own values come in `opts.constants`
  // (src/tree/layout.ts) and take precedence.
  ['HARDIRQ_OFFSET', CLASSIC_LAYOUT.preempt.HARDIRQ_OFFSET],
  ['SOFTIRQ_OFFSET', CLASSIC_LAYOUT.preempt.SOFTIRQ_OFFSET],
  ['NMI_OFFSET', CLASSIC_LAYOUT.preempt.NMI_OFFSET],
  ['PREEMPT_OFFSET', CLASSIC_LAYOUT.preempt.PREEMPT_OFFSET],
  ['SM_NONE', 0],
  ['SM_PREEMPT', 1],
  ['CONTEXT_DISABLED', -1],
  ['CONTEXT_KERNEL', CtState.Kernel],
  ['CONTEXT_IDLE', CtState.Idle],
  ['CONTEXT_USER', CtState.User],
  ['CONTEXT_GUEST', CtState.Guest],
  ['CT_STATE_DISABLED', -1],
  ['CT_STATE_KERNEL', CtState.Kernel],
  ['CT_STATE_IDLE', CtState.Idle],
  ['CT_STATE_USER', CtState.User],
  ['CT_STATE_GUEST', CtState.Guest],
  ...PERCPU_NAMES,
]);

export interface BindOptions {
  /**
   * Real trees: a function with an identifier or field the model has no value for is not
   * interpreted (calls to it are opaque, `BoundProgram.unbindable` says why) instead of failing;
   * config symbols outside the lattice are unset, as the tree's preprocessing assumed.
   */
  readonly tolerant?: boolean;
  /** Extra constants (e.g. enumerators read from a tree). */
  readonly constants?: ReadonlyMap<string, number>;
  /** The layout the program's machine state uses (default: the bundled model's, CLASSIC_LAYOUT). */
  readonly layout?: ModelLayout;
  /**
   * Callee names the tree defines as inline assembly and arithmetic only (src/tree/asm-helpers.ts):
   * a call to one that no primitive models is an opaque site with access `asm` (value
   * unconstrained, listed, but not a call of instrumentable code).
   */
  readonly inlineAsm?: ReadonlySet<string>;
  /**
   * The tree's `inline` is `notrace` (include/linux/compiler_types.h: `#define inline inline
   * __gnu_inline __inline_maybe_unused notrace`): a plain-inline function the compiler keeps out of
   * line is not instrumentable either. Only for arches whose entry code relies on that instead of
   * noinstr (powerpc: interrupt handlers are `notrace` + NOKPROBE_SYMBOL, asm/interrupt.h); the
   * others keep the old rule until their judged findings are re-taken.
   */
  readonly inlineNotrace?: boolean;
}

/**
 * An object the model does not know, named as a call argument (`ksoftirqd`, a per-CPU member):
 * a non-zero token unique to the name. Only a direct argument of a primitive or opaque call gets
 * one (the callee is the kernel's, it takes the object by name); read anywhere else, an unknown
 * identifier is an error, never 0.
 */
export const SYMBOL_TAG = 0x20000000;

export function symbolToken(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return SYMBOL_TAG | ((h >>> 0) & 0xffffff) | 1;
}

function compileExpr(e: Expr, fn: IrFunction, loc: SourceLoc, opts: BindOptions, symbolArg = false): Compiled {
  const sub = (x: Expr) => compileExpr(x, fn, loc, opts);
  switch (e.kind) {
    case ExprKind.Const: {
      const v = e.value;
      return () => v;
    }
    case ExprKind.Local: {
      const s = e.slot;
      return (l) => l[s]!;
    }
    case ExprKind.Name: {
      // `&obj->field` of memory the model does not track (the front end names such addresses
      // by their text) is a pointer: never null, its value unknown to the model, so a token
      // unique to the text; what is read through it is an opaque load.
      const v = opts.constants?.get(e.name) ?? CONSTANTS.get(e.name) ?? (symbolArg || e.name.startsWith('&') ? symbolToken(e.name) : undefined);
      if (v === undefined) {
        throw new BindError(loc, `unknown identifier '${e.name}' in ${fn.name}() (not a local, parameter or modelled constant)`);
      }
      return () => v;
    }
    case ExprKind.Config: {
      const name = e.name;
      const probe = new ConfigReader({ preempt: PreemptModel.Full, bits: 0 });
      // A tree is read with every option outside the lattice unset: the preprocessor evaluates
      // `#ifdef CONFIG_X` that way, so `IS_ENABLED(CONFIG_X)` in the C is 0 by the same rule (not
      // a guess; the lattice says which options a check varies). A user's file has no such rule.
      if (probe.kconfig(name) === undefined && !opts.tolerant) {
        throw new BindError(loc, `config symbol CONFIG_${name} is not a parameter of the model`);
      }
      return (_l, _m, cfg) => (cfg.kconfig(name) ? 1 : 0);
    }
    case ExprKind.Field: {
      const base = sub(e.base);
      const field = e.field;
      if (field === 'flags') return (l, m, cfg) => (m.regsContext(base(l, m, cfg))?.savedIF ? 0x200 : 0);
      if (field === 'cs') return (l, m, cfg) => (m.regsContext(base(l, m, cfg))?.userMode ? 3 : 0);
      throw new BindError(loc, `field '${field}' is not modelled (pt_regs: flags, cs)`);
    }
    case ExprKind.StructField: {
      const { slot, bit } = e;
      return (l) => (l[slot]! >>> bit) & 1;
    }
    case ExprKind.Not: {
      const a = sub(e.operand);
      return (l, m, c) => (a(l, m, c) ? 0 : 1);
    }
    case ExprKind.BitNot: {
      const a = sub(e.operand);
      return (l, m, c) => ~a(l, m, c);
    }
    case ExprKind.Neg: {
      const a = sub(e.operand);
      return (l, m, c) => -a(l, m, c);
    }
    case ExprKind.AddrOf: {
      const slot = e.slot;
      if (slot > LOCAL_PTR_MAX_SLOT) throw new BindError(loc, `the address of local ${fn.slotNames[slot] ?? slot} in ${fn.name}() is beyond the ${LOCAL_PTR_MAX_SLOT + 1} locals a pointer can name`);
      return (_l, m) => localPointer(m.frames.length - 1, slot);
    }
    case ExprKind.Cond: {
      const t = sub(e.test);
      const a = sub(e.then);
      const b = sub(e.otherwise);
      return (l, m, c) => (t(l, m, c) ? a(l, m, c) : b(l, m, c));
    }
    default: {
      const a = sub(e.left);
      const b = sub(e.right);
      switch (e.kind) {
        case ExprKind.LogicalAnd:
          return (l, m, c) => (a(l, m, c) && b(l, m, c) ? 1 : 0);
        case ExprKind.LogicalOr:
          return (l, m, c) => (a(l, m, c) || b(l, m, c) ? 1 : 0);
        case ExprKind.BitAnd:
          return (l, m, c) => a(l, m, c) & b(l, m, c);
        case ExprKind.BitOr:
          return (l, m, c) => a(l, m, c) | b(l, m, c);
        case ExprKind.Eq:
          return (l, m, c) => (a(l, m, c) === b(l, m, c) ? 1 : 0);
        case ExprKind.Ne:
          return (l, m, c) => (a(l, m, c) !== b(l, m, c) ? 1 : 0);
        case ExprKind.Lt:
          return (l, m, c) => (a(l, m, c) < b(l, m, c) ? 1 : 0);
        case ExprKind.Le:
          return (l, m, c) => (a(l, m, c) <= b(l, m, c) ? 1 : 0);
        case ExprKind.Gt:
          return (l, m, c) => (a(l, m, c) > b(l, m, c) ? 1 : 0);
        case ExprKind.Ge:
          return (l, m, c) => (a(l, m, c) >= b(l, m, c) ? 1 : 0);
        case ExprKind.Add:
          return (l, m, c) => (a(l, m, c) + b(l, m, c)) | 0;
        case ExprKind.Sub:
          return (l, m, c) => (a(l, m, c) - b(l, m, c)) | 0;
        case ExprKind.Shl:
          return (l, m, c) => a(l, m, c) << b(l, m, c);
        case ExprKind.Shr:
          return (l, m, c) => a(l, m, c) >> b(l, m, c);
      }
    }
  }
  throw new BindError(loc, `unsupported expression kind ${(e as Expr).kind}`);
}

/** Most values one opaque result is explored with (more: approximated, never silently). */
export const MAX_OPAQUE_VALUES = 24;
/** Up to this many distinct mask bits, every combination of them is a candidate value. */
const MAX_MASK_BITS_COMBINED = 4;

function readsAny(e: Expr, slots: ReadonlySet<number>): boolean {
  switch (e.kind) {
    case ExprKind.Local:
    case ExprKind.StructField:
      return slots.has(e.slot);
    case ExprKind.Const:
    case ExprKind.Name:
    case ExprKind.Config:
    case ExprKind.AddrOf:
      return false;
    case ExprKind.Field:
      return readsAny(e.base, slots);
    case ExprKind.Not:
    case ExprKind.BitNot:
    case ExprKind.Neg:
      return readsAny(e.operand, slots);
    case ExprKind.Cond:
      return readsAny(e.test, slots) || readsAny(e.then, slots) || readsAny(e.otherwise, slots);
    default:
      return readsAny(e.left, slots) || readsAny(e.right, slots);
  }
}

/**
 * The values an unconstrained write to `seed` (an opaque call's result, or a local whose address
 * an opaque call receives) is explored with.
 *
 * Values flow through locals only, so a per-function dataflow suffices: every slot assigned from
 * an expression that reads a tainted slot is tainted too. Then every place a tainted value is
 * tested contributes the constants that decide the test:
 * - `x == c`, `x != c`: c (any other value behaves like one of 0, 1, -1 unless it equals c);
 * - `x < c`, `x <= c`, `x > c`, `x >= c`: c - 1, c, c + 1 (one value on each side of each threshold);
 * - `x & m`, `s.field`: the bits of m; with at most 4 distinct bits every combination of them;
 * - `if (x)`, `!x`: 0 and a non-zero value.
 * Plus 0, 1 and -1 (all bits set) always. For a value that is only compared with constants, or
 * only masked with at most 4 distinct bits, this is exhaustive: every branch that reads it can go
 * each way it can go for some 32-bit value. It is *not* exhaustive (and `exhaustive` says so) when
 * the value is mixed with arithmetic or shifts, compared with something that is not a constant,
 * both compared and masked, masked with more than 4 bits, passed on to a call or returned (the
 * callee's or caller's tests are not seen here), or when more than MAX_OPAQUE_VALUES result.
 */
export function slotValues(fn: IrFunction, seed: number, constOf: (e: Expr) => number | null): OpaqueOutcomes {
  const tainted = new Set<number>([seed]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const op of fn.ops) {
      if (op.kind === OpKind.Assign && !tainted.has(op.slot) && readsAny(op.value, tainted)) {
        tainted.add(op.slot);
        changed = true;
      }
    }
  }
  const values = new Set<number>([0, 1, -1]);
  const bits = new Set<number>();
  let compared = false;
  let exhaustive = true;
  const addBits = (mask: number) => {
    for (let b = 0; b < 32; b++) if ((mask >>> b) & 1) bits.add(b);
  };
  const visit = (e: Expr, top: 'cond' | 'value' | 'escape'): void => {
    switch (e.kind) {
      case ExprKind.Local:
        if (tainted.has(e.slot) && top === 'escape') exhaustive = false;
        return;
      case ExprKind.StructField:
        if (tainted.has(e.slot)) bits.add(e.bit);
        return;
      case ExprKind.Const:
      case ExprKind.Name:
      case ExprKind.Config:
      case ExprKind.AddrOf:
        return;
      case ExprKind.Field:
        if (readsAny(e.base, tainted)) exhaustive = false;
        return;
      case ExprKind.Not:
        visit(e.operand, 'cond');
        return;
      case ExprKind.BitNot:
      case ExprKind.Neg:
        if (readsAny(e.operand, tainted)) exhaustive = false;
        visit(e.operand, 'value');
        return;
      case ExprKind.Cond:
        visit(e.test, 'cond');
        visit(e.then, top);
        visit(e.otherwise, top);
        return;
      case ExprKind.LogicalAnd:
      case ExprKind.LogicalOr:
        visit(e.left, 'cond');
        visit(e.right, 'cond');
        return;
      default: {
        const l = readsAny(e.left, tainted);
        const r = readsAny(e.right, tainted);
        if (!l && !r) {
          visit(e.left, 'value');
          visit(e.right, 'value');
          return;
        }
        const other = l ? e.right : e.left;
        const c = l && r ? null : constOf(other);
        switch (e.kind) {
          case ExprKind.Eq:
          case ExprKind.Ne:
            if (c === null) exhaustive = false;
            else {
              values.add(c);
              if (c !== 0) compared = true;
            }
            break;
          case ExprKind.Lt:
          case ExprKind.Le:
          case ExprKind.Gt:
          case ExprKind.Ge:
            if (c === null) exhaustive = false;
            else {
              values.add(c - 1).add(c).add(c + 1);
              compared = true;
            }
            break;
          case ExprKind.BitAnd:
            if (c === null) exhaustive = false;
            else addBits(c);
            break;
          default:
            // Arithmetic, shifts, `|`: the branches test a function of the value.
            exhaustive = false;
        }
        visit(l ? e.left : e.right, 'value');
        if (l && r) visit(e.right, 'value');
      }
    }
  };
  for (const op of fn.ops) {
    switch (op.kind) {
      case OpKind.BranchIfFalse:
        visit(op.cond, 'cond');
        break;
      case OpKind.Assign:
        visit(op.value, 'value');
        break;
      case OpKind.Return:
        if (op.value) visit(op.value, 'escape');
        break;
      case OpKind.Call: {
        const local = op.callee === KENTRY_LOAD || op.callee === KENTRY_STORE;
        for (const a of op.args) visit(a, local ? 'value' : 'escape');
        break;
      }
      case OpKind.Jump:
        break;
    }
  }
  const bitList = [...bits].sort((a, b) => a - b);
  if (bitList.length > 0 && compared) exhaustive = false;
  if (bitList.length <= MAX_MASK_BITS_COMBINED) {
    for (let subset = 1; subset < 1 << bitList.length; subset++) {
      let v = 0;
      bitList.forEach((b, i) => {
        if ((subset >>> i) & 1) v |= 1 << b;
      });
      values.add(v | 0);
    }
  } else {
    exhaustive = false;
    let all = 0;
    for (const b of bitList) {
      values.add((1 << b) | 0);
      all |= 1 << b;
    }
    values.add(all | 0);
  }
  let list = [...new Set([...values].map((v) => v | 0))].sort((a, b) => a - b);
  if (list.length > MAX_OPAQUE_VALUES) {
    exhaustive = false;
    // Keep 0, 1, -1 and the first of the others.
    const keep = new Set([0, 1, -1]);
    list = list.filter((v) => keep.has(v)).concat(list.filter((v) => !keep.has(v)).slice(0, MAX_OPAQUE_VALUES - 3)).sort((a, b) => a - b);
  }
  return { values: list, exhaustive };
}

function collectReads(e: Expr, out: Set<number>): void {
  switch (e.kind) {
    case ExprKind.Local:
    case ExprKind.StructField:
      out.add(e.slot);
      return;
    case ExprKind.AddrOf:
      out.add(e.slot);
      return;
    case ExprKind.Const:
    case ExprKind.Name:
    case ExprKind.Config:
      return;
    case ExprKind.Field:
      collectReads(e.base, out);
      return;
    case ExprKind.Not:
    case ExprKind.BitNot:
    case ExprKind.Neg:
      collectReads(e.operand, out);
      return;
    case ExprKind.Cond:
      collectReads(e.test, out);
      collectReads(e.then, out);
      collectReads(e.otherwise, out);
      return;
    default:
      collectReads(e.left, out);
      collectReads(e.right, out);
  }
}

function collectAddressTaken(e: Expr, out: Set<number>): void {
  switch (e.kind) {
    case ExprKind.AddrOf:
      out.add(e.slot);
      return;
    case ExprKind.Local:
    case ExprKind.StructField:
    case ExprKind.Const:
    case ExprKind.Name:
    case ExprKind.Config:
      return;
    case ExprKind.Field:
      collectAddressTaken(e.base, out);
      return;
    case ExprKind.Not:
    case ExprKind.BitNot:
    case ExprKind.Neg:
      collectAddressTaken(e.operand, out);
      return;
    case ExprKind.Cond:
      collectAddressTaken(e.test, out);
      collectAddressTaken(e.then, out);
      collectAddressTaken(e.otherwise, out);
      return;
    default:
      collectAddressTaken(e.left, out);
      collectAddressTaken(e.right, out);
  }
}

/** The expressions an op evaluates: an assignment's value, a branch's condition, a return's value, a call's arguments. */
function opExprs(op: Op): readonly Expr[] {
  switch (op.kind) {
    case OpKind.Assign:
      return [op.value];
    case OpKind.BranchIfFalse:
      return [op.cond];
    case OpKind.Return:
      return op.value ? [op.value] : [];
    case OpKind.Call:
      return op.args;
    case OpKind.Jump:
      return [];
  }
}

/**
 * The slots of `fn` whose values nothing the model interprets reads. A value matters when it
 * reaches a branch, a return (the caller reads it), an argument of a call the model interprets (a
 * function it reads, a primitive, a load or store through a pointer), or a slot that matters
 * (by assignment), or when its slot's address is taken (a callee may read it through the
 * pointer). What is left reaches at most the arguments of opaque calls (`argsIgnored`), which the
 * model does not look at: an opaque callee's result is unconstrained whatever it is given, and
 * what it may write is found from the local pointers among its arguments, which such a value is
 * not (it comes from an opaque result, never from `&local`). Parameters always matter (the
 * caller and the harness set them).
 *
 * The 64-bit powerpc system call is where this counts: system_call_exception() loads six
 * argument registers from regs (opaque loads, three values each) only to pass them to the
 * opaque syscall handler, 3^6 = 729 copies of every state in between, with IRQs on.
 */
export function unreadSlots(fn: IrFunction, argsIgnored: (pc: number) => boolean): Set<number> {
  const read = new Set<number>();
  const flows: [from: number, to: number][] = [];
  fn.ops.forEach((op, pc) => {
    const exprs = opExprs(op);
    for (const e of exprs) collectAddressTaken(e, read);
    if (op.kind === OpKind.Assign) {
      const from = new Set<number>();
      collectReads(op.value, from);
      for (const s of from) flows.push([s, op.slot]);
    } else if (!(op.kind === OpKind.Call && argsIgnored(pc))) {
      for (const e of exprs) collectReads(e, read);
    }
  });
  fn.params.forEach((_, i) => read.add(i));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [from, to] of flows) {
      if (read.has(to) && !read.has(from)) {
        read.add(from);
        changed = true;
      }
    }
  }
  const unread = new Set<number>();
  for (let slot = 0; slot < fn.slotNames.length; slot++) if (!read.has(slot)) unread.add(slot);
  return unread;
}

/** Backward liveness over the op graph: the dead slots at each op (see `BoundFunction.deadAt`). */
export function deadSlots(fn: IrFunction): number[][] {
  const n = fn.ops.length;
  const nSlots = fn.slotNames.length;
  const uses: Set<number>[] = [];
  const defs: number[] = [];
  const pinned = new Set<number>();
  for (const op of fn.ops) {
    const u = new Set<number>();
    for (const e of opExprs(op)) {
      collectReads(e, u);
      collectAddressTaken(e, pinned);
    }
    const d = op.kind === OpKind.Assign ? op.slot : op.kind === OpKind.Call ? op.result : -1;
    uses.push(u);
    defs.push(d);
  }
  const succ = (pc: number): number[] => {
    const op = fn.ops[pc]!;
    switch (op.kind) {
      case OpKind.Return:
        return [];
      case OpKind.Jump:
        return [op.target];
      case OpKind.BranchIfFalse:
        return [pc + 1, op.target];
      default:
        return [pc + 1];
    }
  };
  const liveIn: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (let changed = true; changed; ) {
    changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      const out = new Set<number>();
      for (const t of succ(pc)) if (t >= 0 && t < n) for (const x of liveIn[t]!) out.add(x);
      if (defs[pc]! >= 0) out.delete(defs[pc]!);
      for (const x of uses[pc]!) out.add(x);
      if (out.size !== liveIn[pc]!.size) {
        liveIn[pc] = out;
        changed = true;
      }
    }
  }
  return liveIn.map((live) => {
    const dead: number[] = [];
    for (let sl = 0; sl < nSlots; sl++) if (!live.has(sl) && !pinned.has(sl)) dead.push(sl);
    return dead;
  });
}

/**
 * A name the compiler resolves, never a call into the kernel's code: GCC's `__builtin_*` (the
 * value is unconstrained unless a primitive models it) and the compile-time assertions the front
 * end sees as calls where their macro was not read (`BUILD_BUG_ON()`, `BUILD_BUG()`: they emit no
 * code in a kernel that builds). Neither is a call for objtool or for the instrumentation checks.
 */
export function compilerBuiltin(name: string): boolean {
  return name.startsWith('__builtin_') || name === 'BUILD_BUG_ON' || name === 'BUILD_BUG';
}

/**
 * No call in the body other than the front end's memory accesses (`*p` loads and stores), inline
 * asm the tree wraps in a helper, compiler builtins, and calls of interpreted `inline` functions
 * that are call-free in turn (`inlined`): such a callee is inlined into this body, and what is left
 * calls nothing. 6.12 riscv's `riscv_v_vstate_discard()` (asm/vector.h:168) tests `regs->status`,
 * runs the inline asm of `__riscv_v_vstate_discard()` and calls the plain-inline
 * `__riscv_v_vstate_dirty()`, a field store: one level of calls no longer makes it a call.
 */
function callFree(fn: IrFunction, inlineAsm: ReadonlySet<string> | undefined, inlined: (callee: string) => boolean): boolean {
  return fn.ops.every((op) => op.kind !== OpKind.Call || op.callee === KENTRY_LOAD || op.callee === KENTRY_STORE || op.callee === KENTRY_STORE_UNTRACKED || (inlineAsm?.has(op.callee) ?? false) || compilerBuiltin(op.callee) || inlined(op.callee));
}

/** The value of a call-free expression made of constants, or null. */
function constValue(e: Expr, opts: BindOptions): number | null {
  const c = (x: Expr) => constValue(x, opts);
  switch (e.kind) {
    case ExprKind.Const:
      return e.value;
    case ExprKind.Name:
      return opts.constants?.get(e.name) ?? CONSTANTS.get(e.name) ?? null;
    case ExprKind.BitNot: {
      const v = c(e.operand);
      return v === null ? null : ~v;
    }
    case ExprKind.Neg: {
      const v = c(e.operand);
      return v === null ? null : -v | 0;
    }
    case ExprKind.BitOr:
    case ExprKind.BitAnd:
    case ExprKind.Shl:
    case ExprKind.Shr:
    case ExprKind.Add:
    case ExprKind.Sub: {
      const a = c(e.left);
      const b = c(e.right);
      if (a === null || b === null) return null;
      switch (e.kind) {
        case ExprKind.BitOr:
          return a | b;
        case ExprKind.BitAnd:
          return a & b;
        case ExprKind.Shl:
          return a << b;
        case ExprKind.Shr:
          return a >> b;
        case ExprKind.Add:
          return (a + b) | 0;
        default:
          return (a - b) | 0;
      }
    }
    default:
      return null;
  }
}

/** Compile every expression of `fn` (throws BindError for anything the model has no value for). */
function compileFunction(fn: IrFunction, ir: IrProgram, opts: BindOptions): { args: (Compiled[] | null)[]; exprs: (Compiled | null)[] } {
  const args: (Compiled[] | null)[] = [];
  const exprs: (Compiled | null)[] = [];
  for (const op of fn.ops) {
    switch (op.kind) {
      case OpKind.Call:
        // Objects named as arguments of the kernel's own (primitive or opaque) calls get a token.
        args.push(op.args.map((a) => compileExpr(a, fn, op.loc, opts, !ir.functions.has(op.callee))));
        exprs.push(null);
        break;
      case OpKind.Assign:
        args.push(null);
        exprs.push(compileExpr(op.value, fn, op.loc, opts));
        break;
      case OpKind.BranchIfFalse:
        args.push(null);
        exprs.push(compileExpr(op.cond, fn, op.loc, opts));
        break;
      case OpKind.Return:
        args.push(null);
        exprs.push(op.value ? compileExpr(op.value, fn, op.loc, opts) : null);
        break;
      case OpKind.Jump:
        args.push(null);
        exprs.push(null);
        break;
    }
  }
  return { args, exprs };
}

/**
 * The suffix of a per-config variant key (`ct_state[NO_HZ_FULL=n: modelled]`) whose configs' text
 * the primitive of that name replaces, where the primitive yields to the tree's other texts
 * (PrimitiveDef.yieldsToTreeBodyCalling). A dispatcher's call of it binds to the primitive.
 */
export const MODELLED_VARIANT = ': modelled]';

/** The function a {@link MODELLED_VARIANT} key stands for (`ct_state`), or undefined for any other callee. */
export function modelledVariantName(callee: string): string | undefined {
  return callee.endsWith(MODELLED_VARIANT) ? callee.slice(0, callee.indexOf('[')) : undefined;
}

/**
 * Binds `roots` and every function they can reach. An identifier, field or config symbol the
 * model has no value for is never read as 0: it is a BindError, or in tolerant mode (real trees)
 * the function that reads it is not interpreted and calls to it are opaque (`unbindable`).
 */
export function bindProgram(ir: IrProgram, roots: readonly string[], opts: BindOptions = {}): BoundProgram {
  const order: string[] = [];
  const index = new Map<string, number>();
  const compiled: { args: (Compiled[] | null)[]; exprs: (Compiled | null)[] }[] = [];
  const unbindable = new Map<string, UnsupportedFunction>();
  const queue = [...roots];
  for (const r of roots) {
    if (!ir.functions.has(r)) {
      const bad = ir.unsupported?.get(r);
      if (bad) throw new BindError(bad.loc, `${r}() cannot be checked: ${bad.reason}`);
      throw new BindError({ file: '<command line>', line: 1, col: 1 }, `no function named '${r}' in the input`);
    }
  }
  while (queue.length) {
    const name = queue.shift()!;
    if (index.has(name) || unbindable.has(name)) continue;
    const fn = ir.functions.get(name);
    if (!fn) continue;
    let c;
    try {
      c = compileFunction(fn, ir, opts);
    } catch (e) {
      // In tolerant mode (trees) a root may be unbindable too: the caller decides whether it has
      // another vector for that harness (kernel-target.ts treeRows), and says why if it has none.
      if (!(e instanceof BindError) || !opts.tolerant) throw e;
      unbindable.set(name, { loc: e.loc, reason: e.detail });
      continue;
    }
    index.set(name, order.length);
    order.push(name);
    compiled.push(c);
    for (const op of fn.ops) {
      if (op.kind === OpKind.Call && ir.functions.has(op.callee) && !index.has(op.callee)) queue.push(op.callee);
    }
  }
  const opaque: { name: string; loc: SourceLoc }[] = [];
  const constOf = (e: Expr) => constValue(e, opts);
  // Interpreted inline functions with no call left once their inline callees are inlined (a
  // cycle is not call-free: the compiler cannot inline it away).
  const inlinedAway = new Map<string, boolean>();
  const inlinesAway = (callee: string): boolean => {
    const known = inlinedAway.get(callee);
    if (known !== undefined) return known;
    const fn = index.has(callee) ? ir.functions.get(callee) : undefined;
    if (!fn || !(fn.attrs.includes('inline') || fn.attrs.includes('__always_inline'))) return false;
    inlinedAway.set(callee, false);
    const free = callFree(fn, opts.inlineAsm, inlinesAway);
    inlinedAway.set(callee, free);
    return free;
  };
  const functions: BoundFunction[] = order.map((name, id) => {
    const fn = ir.functions.get(name)!;
    const attrs = new Set(fn.attrs);
    const noinstr = attrs.has('noinstr');
    // Plain `inline` leaves inlining to the compiler, except where there is nothing to call: a
    // body without a call (an empty stub, `return 0;`, a field test) is always inlined, so no call
    // leaves the caller's section and nothing in it is instrumented apart from its caller. Inline
    // asm the tree wraps in a helper (opts.inlineAsm) is not a call.
    const alwaysInline = attrs.has('__always_inline') || (attrs.has('inline') && callFree(fn, opts.inlineAsm, inlinesAway));
    const memo = new Map<number, OpaqueOutcomes>();
    const slotOutcomes = (slot: number): OpaqueOutcomes => {
      let o = memo.get(slot);
      if (!o) memo.set(slot, (o = slotValues(fn, slot, constOf)));
      return o;
    };
    const site = (loc: SourceLoc, callee: string, access: OpaqueSiteInfo['access']): OpaqueSiteInfo => ({ fn: name, file: loc.file, line: loc.line, col: loc.col, callee, access });
    const noValues: OpaqueOutcomes = { values: null, exhaustive: true };
    const callees: (BoundCallee | null)[] = fn.ops.map((op) => {
      if (op.kind !== OpKind.Call) return null;
      const outcomes = op.result >= 0 ? slotOutcomes(op.result) : noValues;
      // A member the model tracks (src/kernel/rseq.ts) is state, not an opaque site.
      if (op.member !== undefined && (op.callee === KENTRY_LOAD || op.callee === KENTRY_STORE_UNTRACKED)) {
        const layout = opts.layout ?? CLASSIC_LAYOUT;
        const trackedAt = (path: string) => lookupMember(path, layout) ?? lookupArchMember(path, layout) ?? lookupArm64Member(path, layout) ?? lookupPowerpcMember(path, layout);
        const tracked = trackedAt(op.member);
        const def = op.callee === KENTRY_LOAD ? tracked?.load : tracked?.store;
        // A compound assignment (`member op=`, src/c/lower.ts) to a member the model tracks, which
        // has no update of that form: an untracked store there would leave the model's copy stale.
        const compound = splitCompoundMember(op.member);
        if (!def && compound && trackedAt(compound.path)?.store) throw new BindError(op.loc, `${name}(): ${op.argText[0] ?? op.member} ${compound.op}= ${op.argText[1] ?? '?'}: a compound assignment to a member kentry tracks, which it cannot update`);
        // A store whose value the model does not know (an asm register store) to a member it tracks.
        if (def && op.callee === KENTRY_STORE_UNTRACKED && op.args.length === 0) throw new BindError(op.loc, `${name}(): a store of a value kentry does not know to ${op.argText[0] ?? op.member}, which it tracks`);
        if (def) return { kind: CalleeKind.Primitive, def };
      }
      if (op.callee === KENTRY_LOAD) return { kind: CalleeKind.Builtin, op: BuiltinOp.Load, site: site(op.loc, op.argText[0] ?? '*?', 'load'), outcomes };
      if (op.callee === KENTRY_STORE) return { kind: CalleeKind.Builtin, op: BuiltinOp.Store, site: site(op.loc, `*${op.argText[0] ?? '?'}`, 'store'), outcomes };
      if (op.callee === KENTRY_STORE_UNTRACKED) {
        opaque.push({ name: op.callee, loc: op.loc });
        return { kind: CalleeKind.Opaque, site: site(op.loc, op.argText[0] ?? '?', 'store'), outcomes, instrumentable: false };
      }
      // A config dispatcher's call of the texts the primitive replaces (kernel-target.ts
      // isReplaced: the primitive yields only to some of the tree's texts of the name).
      const modelled = modelledVariantName(op.callee);
      if (modelled !== undefined) {
        const def = lookupPrimitive(modelled);
        if (def) return { kind: CalleeKind.Primitive, def };
      }
      // Interpreted definitions win over primitives: a tree's own body is the truth.
      const f = index.get(op.callee);
      if (f !== undefined) return { kind: CalleeKind.Function, fn: f };
      const prim = lookupPrimitive(op.callee);
      if (prim && (prim.appliesTo?.(op.argText) ?? true)) return { kind: CalleeKind.Primitive, def: prim };
      if (opts.inlineAsm?.has(op.callee)) {
        opaque.push({ name: op.callee, loc: op.loc });
        return { kind: CalleeKind.Opaque, site: site(op.loc, op.callee, 'asm'), outcomes, instrumentable: false };
      }
      if (compilerBuiltin(op.callee)) {
        opaque.push({ name: op.callee, loc: op.loc });
        return { kind: CalleeKind.Opaque, site: site(op.loc, op.callee, 'builtin'), outcomes, instrumentable: false };
      }
      const bad = ir.unsupported?.get(op.callee);
      if (bad && !opts.tolerant) throw new BindError(bad.loc, `${op.callee}() cannot be checked: ${bad.reason}`);
      opaque.push({ name: op.callee, loc: op.loc });
      return { kind: CalleeKind.Opaque, site: site(op.loc, op.callee, 'call'), outcomes, instrumentable: !(opts.inlineNotrace === true && definedUntraced(ir, op.callee)) };
    });
    return {
      id,
      ir: fn,
      noinstr,
      alwaysInline,
      configDispatcher: isConfigDispatcher(fn),
      instrumentable: !alwaysInline && traceableAttrs(attrs, opts.inlineNotrace === true),
      nLocals: fn.slotNames.length,
      callees,
      args: compiled[id]!.args,
      exprs: compiled[id]!.exprs,
      slotOutcomes,
      deadAt: deadSlots(fn),
      unreadResult: unreadResults(fn, callees),
    };
  });
  return { functions, byName: index, opaque, unbindable, sources: ir.sources, ir, layout: opts.layout ?? CLASSIC_LAYOUT };
}

/** Per op: a call whose result is an unread slot (`unreadSlots`), made to an opaque callee or a load from untracked memory. */
function unreadResults(fn: IrFunction, callees: readonly (BoundCallee | null)[]): boolean[] {
  const unread = unreadSlots(fn, (pc) => callees[pc]?.kind === CalleeKind.Opaque);
  return fn.ops.map((op, pc) => op.kind === OpKind.Call && op.result >= 0 && unread.has(op.result) && (callees[pc]?.kind === CalleeKind.Opaque || callees[pc]?.kind === CalleeKind.Builtin));
}

/**
 * Whether a call to a function written with `attrs` can be traced: not noinstr, not
 * __always_inline, not notrace, and (where the tree's `inline` is `notrace`, BindOptions.inlineNotrace)
 * not inline. The one rule for interpreted functions and for the definitions of opaque ones.
 */
export function traceableAttrs(attrs: ReadonlySet<string>, inlineNotrace: boolean): boolean {
  return !attrs.has('noinstr') && !attrs.has('__always_inline') && !attrs.has('notrace') && !(inlineNotrace && attrs.has('inline'));
}

/**
 * A function kentry does not interpret whose every known definition cannot be traced: one the front
 * end read but could not lower or bind (its attributes), or the tree's definitions of one it did not read
 * (IrProgram.definitions). No definition known: traceable (unknown is never "safe").
 */
function definedUntraced(ir: IrProgram, name: string): boolean {
  // Read but not interpreted: not lowered (unsupported) or not bound (unbindable).
  const read = ir.functions.get(name)?.attrs ?? ir.unsupported?.get(name)?.attrs;
  if (read) return !traceableAttrs(new Set(read), true);
  // A per-config variant the files read do not define (`name[<configs>: not defined]`): the tree's
  // definitions of the name.
  const defs = ir.definitions?.get(name.replace(/\[[^\]]*\]$/, ''));
  return defs !== undefined && defs.length > 0 && defs.every((d) => !traceableAttrs(new Set(d.attrs), true));
}

/** Every call `fn` makes is to one of its own per-config texts, `name[<configs>]` (kernel-target.ts variantDispatcher). */
function isConfigDispatcher(fn: IrFunction): boolean {
  let calls = 0;
  for (const op of fn.ops) {
    if (op.kind !== OpKind.Call) continue;
    if (!op.callee.startsWith(`${fn.name}[`)) return false;
    calls++;
  }
  return calls > 0;
}

/**
 * The `*p` loads and stores of a bound program that can reach memory the model does not track:
 * every `__kentry_load` / `__kentry_store` bound as a builtin (a member the model tracks is a
 * primitive, never one of these) whose pointer may, on some path, be something other than a pointer
 * to a live local. Static, for `kentry coverage`: the engine decides per state (a local-pointer
 * token reads or writes the slot; anything else is an opaque value, or a store to memory kentry does
 * not track), so this lists a site unless every value its pointer can hold is a local's address.
 *
 * A flow-insensitive may-analysis over the slots of every bound function, to a fixpoint: a slot may
 * hold a non-local pointer when something assigned to it may (any expression but `&local`, a local
 * that may, or a `?:` with such an arm), when it is a call's result (unless the callee is an
 * interpreted function whose every return value is a local's address), when it is a parameter of
 * a function the engine enters itself (`entries`: the vectors) or that no interpreted call reaches,
 * or a parameter some caller passes such a value to, when its own address is taken (it can be
 * written through it), and when nothing is ever assigned to it (a declared, unset pointer reads as 0).
 */
export function untrackedMemorySites(prog: BoundProgram, entries: Iterable<string> = []): { fn: BoundFunction; pc: number; op: CallOp; access: 'load' | 'store' }[] {
  const fns = prog.functions;
  const nonLocal: boolean[][] = fns.map((f) => new Array<boolean>(f.nLocals).fill(false));
  const assigned: boolean[][] = fns.map((f) => new Array<boolean>(f.nLocals).fill(false));
  const called = new Set<number>();
  for (const f of fns) f.callees.forEach((c) => { if (c?.kind === CalleeKind.Function) called.add(c.fn); });
  for (const name of entries) {
    const id = prog.byName.get(name);
    if (id !== undefined) called.delete(id);
  }
  const exprNonLocal = (id: number, e: Expr): boolean => {
    switch (e.kind) {
      case ExprKind.AddrOf:
        return false;
      case ExprKind.Local:
        return nonLocal[id]![e.slot] ?? true;
      case ExprKind.Cond:
        return exprNonLocal(id, e.then) || exprNonLocal(id, e.otherwise);
      default:
        return true;
    }
  };
  // Whether an interpreted function may return something other than a local's address.
  const returnsNonLocal = (id: number): boolean => fns[id]!.ir.ops.some((op) => op.kind === OpKind.Return && (op.value === null || exprNonLocal(id, op.value)));
  const mark = (id: number, slot: number): boolean => {
    const row = nonLocal[id]!;
    if (slot < 0 || slot >= row.length || row[slot]) return false;
    row[slot] = true;
    return true;
  };
  fns.forEach((f, id) => {
    for (let p = 0; p < f.ir.params.length; p++) if (!called.has(id)) mark(id, p);
    for (const op of f.ir.ops) {
      if (op.kind === OpKind.Assign) assigned[id]![op.slot] = true;
      else if (op.kind === OpKind.Call && op.result >= 0) assigned[id]![op.result] = true;
    }
    for (let s = f.ir.params.length; s < f.nLocals; s++) if (!assigned[id]![s]) mark(id, s);
    // A slot whose address is taken can be written through that address (`*pp = v`), which the
    // assignments above do not see: it may hold anything.
    const addrOf = (e: Expr): void => {
      switch (e.kind) {
        case ExprKind.AddrOf:
          mark(id, e.slot);
          return;
        case ExprKind.Field:
          addrOf(e.base);
          return;
        case ExprKind.Not:
        case ExprKind.BitNot:
        case ExprKind.Neg:
          addrOf(e.operand);
          return;
        case ExprKind.Cond:
          addrOf(e.test);
          addrOf(e.then);
          addrOf(e.otherwise);
          return;
        default:
          if ('left' in e) {
            addrOf(e.left);
            addrOf(e.right);
          }
      }
    };
    for (const op of f.ir.ops) {
      if (op.kind === OpKind.Assign) addrOf(op.value);
      else if (op.kind === OpKind.Call) op.args.forEach(addrOf);
      else if (op.kind === OpKind.Return && op.value) addrOf(op.value);
      else if (op.kind === OpKind.BranchIfFalse) addrOf(op.cond);
    }
  });
  for (let changed = true; changed; ) {
    changed = false;
    fns.forEach((f, id) => {
      f.ir.ops.forEach((op, pc) => {
        if (op.kind === OpKind.Assign) {
          if (exprNonLocal(id, op.value)) changed = mark(id, op.slot) || changed;
          return;
        }
        if (op.kind !== OpKind.Call) return;
        const c = f.callees[pc];
        if (c?.kind === CalleeKind.Function) {
          const callee = fns[c.fn]!;
          for (let p = 0; p < callee.ir.params.length; p++) {
            const a = op.args[p];
            if (!a || exprNonLocal(id, a)) changed = mark(c.fn, p) || changed;
          }
          if (op.result >= 0 && returnsNonLocal(c.fn)) changed = mark(id, op.result) || changed;
        } else if (op.result >= 0) {
          changed = mark(id, op.result) || changed;
        }
      });
    });
  }
  const out: { fn: BoundFunction; pc: number; op: CallOp; access: 'load' | 'store' }[] = [];
  fns.forEach((f, id) => {
    f.ir.ops.forEach((op, pc) => {
      const c = f.callees[pc];
      if (op.kind !== OpKind.Call || c?.kind !== CalleeKind.Builtin) return;
      const ptr = op.args[0];
      if (!ptr || exprNonLocal(id, ptr)) out.push({ fn: f, pc, op, access: c.op === BuiltinOp.Load ? 'load' : 'store' });
    });
  });
  return out;
}

/**
 * The Kconfig symbols the functions' code reads when it runs (`IS_ENABLED(CONFIG_X)` in a function
 * body, a Config expression: decided through ConfigReader, not by the preprocessor). Op and
 * expression kinds are both numbers, so a Config expression is told by its shape: exactly a kind
 * and a name.
 */
export function configReadsOf(functions: Iterable<Pick<IrFunction, 'ops'>>): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.kind === ExprKind.Config && typeof o.name === 'string' && Object.keys(o).length === 2) out.add(o.name);
    for (const x of Object.values(o)) walk(x);
  };
  for (const fn of functions) walk(fn.ops);
  return out;
}
