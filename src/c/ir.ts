// The intermediate representation the C front end produces and the explorer runs.
//
// Nothing below refers to tree-sitter: lowering turns every function into a flat array of
// operations (a control-flow graph whose edges are fall-through and explicit jump targets), with
// every call hoisted out of expressions into its own operation (A-normal form). That way one
// operation is one observable step of the CPU: an IRQ or NMI can be injected between any two of
// them, and a call that reads state (`need_resched()`) is a distinct point in time from the
// branch that uses its result — as it is on real hardware.
//
// Kinds are numeric (`const enum`), shapes monomorphic, as in the TypeScript compiler.

/** A position in a source file; lines and columns are 1-based. */
export interface SourceLoc {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export const enum ExprKind {
  /** Integer constant (booleans are 0/1). */
  Const = 0,
  /** Value of a local slot (parameter, local variable or call temporary). */
  Local = 1,
  /** An identifier that is neither a local nor a known constant: a per-CPU variable name,
   *  `CALLER_ADDR0`, an enum constant such as `CONTEXT_USER`. Bound by the explorer.
   *  The front end also uses it, spelled as in the source, for the address of an object in
   *  memory (`&context_tracking`, `&ct->state`) and for `sizeof(...)`. */
  Name = 2,
  /** `IS_ENABLED(CONFIG_X)` / `defined(CONFIG_X)`: `name` is without the `CONFIG_` prefix. */
  Config = 3,
  /** `base->field` or `base.field` where base is not a flattened struct local, e.g.
   *  `regs->flags`. The explorer binds `pt_regs` fields. */
  Field = 4,
  Not = 5,
  LogicalAnd = 6,
  LogicalOr = 7,
  BitAnd = 8,
  BitOr = 9,
  BitNot = 10,
  Eq = 11,
  Ne = 12,
  Lt = 13,
  Le = 14,
  Gt = 15,
  Ge = 16,
  Add = 17,
  Sub = 18,
  /** `cond ? a : b` (operands are call-free, so this is a pure selection). */
  Cond = 19,
  /** Struct field read of a local holding a packed struct value: `(local >> bit) & 1`. */
  StructField = 20,
  Shl = 21,
  Shr = 22,
  Neg = 23,
  /** `&local`: a pointer to a slot of the current frame (see `LOCAL_PTR_TAG`). */
  AddrOf = 24,
}

/**
 * Callees the front end introduces for memory accesses, handled by the engine itself:
 * - `__kentry_load(p)`: the value `*p`. Through a pointer to a local (`&x` passed down) it reads
 *   that local; through any other pointer the value is unknown: an opaque site, explored as a
 *   choice (see program.ts `opaqueValues`).
 * - `__kentry_store(p, v)`: `*p = v`. Through a pointer to a local it writes the local; otherwise
 *   it is a store to memory the model does not track, listed as an opaque site.
 * - `__kentry_store_untracked(v)`: `obj->field = v` for an object the model does not track
 *   (`ct->state = …`, `current->x = …`); argText[0] is the lvalue as written. Listed as an
 *   opaque site, never silently dropped.
 */
/**
 * `__kentry_call_param(fn, args…)`: a call through the function-pointer parameter `fn` (front end
 * option `paramCalls`). Not a primitive and never defined: opaque unless kernel-target.ts
 * specializes the function for a caller's constant function argument.
 */
export const KENTRY_CALL_PARAM = '__kentry_call_param';
export const KENTRY_LOAD = '__kentry_load';
export const KENTRY_STORE = '__kentry_store';
export const KENTRY_STORE_UNTRACKED = '__kentry_store_untracked';

/** CallOp.member of a compound assignment `path op= v` (`pt_regs.psw.mask &=`). */
export function compoundMember(path: string, op: string): string {
  return `${path} ${op}=`;
}

/**
 * The C a call op stands for, as a trace prints it. A member access the model tracks is bound to
 * its primitive, and the trace names the access itself (`read regs->exit_rcu`, then its value;
 * `regs->exit_rcu = 1`; `paca->irq_happened |= v`), not the lowering's carrier call; any other call
 * is `callee(args)`.
 */
export function callSourceText(op: Pick<CallOp, 'callee' | 'argText' | 'member'>): string {
  if (op.member !== undefined) {
    if (op.callee === KENTRY_LOAD) return `read ${op.argText[0] ?? op.member}`;
    if (op.callee === KENTRY_STORE_UNTRACKED) return splitCompoundMember(op.member) ? (op.argText[1] ?? op.member) : `${op.argText[0] ?? op.member} = ${op.argText[1] ?? '…'}`;
  }
  return `${op.callee}(${op.argText.join(', ')})`;
}

/** The member path and operator of a compoundMember() name, or undefined for a plain member. */
export function splitCompoundMember(member: string): { readonly path: string; readonly op: string } | undefined {
  const m = /^(.*) ([^ ]+)=$/.exec(member);
  return m ? { path: m[1]!, op: m[2]! } : undefined;
}

/**
 * Expressions are call-free (calls were hoisted into `Call` ops). `&&`/`||` inside branch
 * conditions are lowered to control flow when an operand contains a call; otherwise they stay
 * here as pure operators.
 */
export type Expr =
  | { readonly kind: ExprKind.Const; readonly value: number }
  | { readonly kind: ExprKind.Local; readonly slot: number }
  | { readonly kind: ExprKind.Name; readonly name: string }
  | { readonly kind: ExprKind.Config; readonly name: string }
  | { readonly kind: ExprKind.Field; readonly base: Expr; readonly field: string }
  | { readonly kind: ExprKind.StructField; readonly slot: number; readonly bit: number; readonly field: string }
  | { readonly kind: ExprKind.Not | ExprKind.BitNot | ExprKind.Neg; readonly operand: Expr }
  | {
      readonly kind:
        | ExprKind.LogicalAnd
        | ExprKind.LogicalOr
        | ExprKind.BitAnd
        | ExprKind.BitOr
        | ExprKind.Eq
        | ExprKind.Ne
        | ExprKind.Lt
        | ExprKind.Le
        | ExprKind.Gt
        | ExprKind.Ge
        | ExprKind.Add
        | ExprKind.Sub
        | ExprKind.Shl
        | ExprKind.Shr;
      readonly left: Expr;
      readonly right: Expr;
    }
  | { readonly kind: ExprKind.Cond; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr }
  | { readonly kind: ExprKind.AddrOf; readonly slot: number };

export const enum OpKind {
  /** `result = callee(args)`; `result` is -1 when the value is unused. */
  Call = 0,
  /** `slot = value` (also struct-field stores, lowered to whole-slot bit updates). */
  Assign = 1,
  /** Continue at `pc + 1` when `cond` is non-zero, otherwise jump to `target`. */
  BranchIfFalse = 2,
  Jump = 3,
  /** Return from the function; `value` null for `return;` or falling off the end. */
  Return = 4,
}

export interface CallOp {
  readonly kind: OpKind.Call;
  readonly loc: SourceLoc;
  /** Callee name exactly as written (after macro expansion for real trees). */
  readonly callee: string;
  readonly args: readonly Expr[];
  /** Source text of each argument, for messages such as `WARN_ON_ONCE(state.exit_rcu)`. */
  readonly argText: readonly string[];
  readonly result: number;
  /**
   * For a member load (`__kentry_load`) or store (`__kentry_store_untracked`): the member's path
   * from the type the front end could name for its base, e.g. `rseq_event.sched_switch` for
   * `ev->sched_switch` with `struct rseq_event *ev`, or `task_struct.rseq.event.sched_switch` for
   * `current->rseq.event.sched_switch`. Binding gives the members the model tracks their meaning
   * (src/kernel/members.ts); absent when the base's type is not known. A compound assignment to
   * untracked memory names the member with its operator, `pt_regs.psw.mask &=`: its value
   * (args[0], argText[1]) is the right-hand side, not the stored value.
   */
  readonly member?: string;
}

export interface AssignOp {
  readonly kind: OpKind.Assign;
  readonly loc: SourceLoc;
  readonly slot: number;
  readonly value: Expr;
}

export interface BranchOp {
  readonly kind: OpKind.BranchIfFalse;
  readonly loc: SourceLoc;
  readonly cond: Expr;
  /** Source text of the condition, for traces ("if (!inhcall)"). */
  readonly condText: string;
  readonly target: number;
}

export interface JumpOp {
  readonly kind: OpKind.Jump;
  readonly loc: SourceLoc;
  readonly target: number;
}

export interface ReturnOp {
  readonly kind: OpKind.Return;
  readonly loc: SourceLoc;
  readonly value: Expr | null;
}

export type Op = CallOp | AssignOp | BranchOp | JumpOp | ReturnOp;

/** Kernel function attributes the checker cares about (others are dropped by the front end). */
export type FunctionAttr =
  | 'noinstr'
  | '__always_inline'
  | 'inline'
  | 'static'
  | 'notrace'
  | '__visible'
  | '__cpuidle';

export interface IrFunction {
  readonly name: string;
  readonly loc: SourceLoc;
  readonly attrs: readonly FunctionAttr[];
  /** Parameter names; parameter i lives in slot i. */
  readonly params: readonly string[];
  /** Name of every slot (parameters first, then locals, then temporaries named `$tN`). */
  readonly slotNames: readonly string[];
  readonly ops: readonly Op[];
  /** The C return type as written (e.g. `void`, `bool`, `irqentry_state_t`). */
  readonly returnType: string;
}

export interface IrProgram {
  readonly functions: ReadonlyMap<string, IrFunction>;
  /** Packed-struct layouts: struct or typedef name → field name → bit index. */
  readonly structs: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Source text of each file read, by file name, for traces that show the C line. */
  readonly sources: ReadonlyMap<string, string>;
  /**
   * Functions the front end could not lower (tolerant mode only): function name → where and why
   * (a syntax error inside the function, or a C construct the lowering does not support). Such a
   * function is absent from `functions`; a later definition of the same name replaces the entry.
   */
  readonly unsupported?: ReadonlyMap<string, UnsupportedFunction>;
  /** Integer constants from enumerators and simple numeric `#define`s, by name. Identifiers are
   *  still lowered to `Name` expressions; the explorer may use this map to bind them. */
  readonly constants?: ReadonlyMap<string, number>;
  /** Callee names the tree defines as inline assembly and arithmetic only (set by the tree target
   *  for arches that ask for it; src/tree/asm-helpers.ts): not calls, values unconstrained. */
  readonly inlineAsm?: ReadonlyMap<string, { readonly file: string; readonly line: number }>;
  /** Definitions of called functions the program does not read, with the tracing attributes each
   *  is written with (set by the tree target for arches whose instrumentation is ftrace's;
   *  src/tree/definitions.ts): whether a call to one can be traced. */
  readonly definitions?: ReadonlyMap<string, readonly { readonly file: string; readonly line: number; readonly attrs: readonly string[] }[]>;
}

/** Why a function is missing from `IrProgram.functions` (tolerant mode). */
export interface UnsupportedFunction {
  readonly loc: SourceLoc;
  readonly reason: string;
  /** The attributes of its definition, where the front end got as far as reading them (a call to
   *  it is opaque, but whether that call can be traced is still the definition's). */
  readonly attrs?: readonly FunctionAttr[];
}

/** One clear line for the user: `file:line:col: message`. */
export class CSyntaxError extends Error {
  constructor(
    readonly loc: SourceLoc,
    readonly detail: string,
  ) {
    super(`${loc.file}:${loc.line}:${loc.col}: ${detail}`);
    this.name = 'CSyntaxError';
  }
}
