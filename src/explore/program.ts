// Binding: every callee of the IR resolved once, before exploration, to (a) a function defined in
// the input, interpreted; (b) a kernel primitive; or (c) an opaque instrumentable call, listed in
// the report. Expressions are compiled to closures here so the hot loop never walks IR trees.

import { type Expr, ExprKind, type IrFunction, type IrProgram, OpKind, type SourceLoc } from '../c/ir.ts';
import { ConfigReader, PreemptModel } from '../model/config.ts';
import { CtState } from '../model/state.ts';
import { CLASSIC_LAYOUT, type ModelLayout } from '../tree/layout.ts';
import type { Machine } from '../model/state.ts';
import { lookupPrimitive } from '../kernel/index.ts';
import type { PrimitiveDef } from '../kernel/types.ts';
import { PERCPU_NAMES } from '../kernel/xen.ts';

export const enum CalleeKind {
  Primitive = 0,
  Function = 1,
  Opaque = 2,
}

export type BoundCallee =
  | { readonly kind: CalleeKind.Primitive; readonly def: PrimitiveDef }
  | { readonly kind: CalleeKind.Function; readonly fn: number }
  | { readonly kind: CalleeKind.Opaque };

/** A compiled expression: reads the frame's locals, the machine and the run's config. */
export type Compiled = (locals: readonly number[], m: Machine, cfg: ConfigReader) => number;

export interface BoundFunction {
  readonly id: number;
  readonly ir: IrFunction;
  readonly noinstr: boolean;
  readonly alwaysInline: boolean;
  /** Calling it is a call into instrumentable code (not noinstr, not inlined, not notrace). */
  readonly instrumentable: boolean;
  readonly nLocals: number;
  /** Per op index: the bound callee of a Call op. */
  readonly callees: readonly (BoundCallee | null)[];
  /** Per op index: compiled argument expressions (Call), value (Assign/Return), cond (Branch). */
  readonly args: readonly (readonly Compiled[] | null)[];
  readonly exprs: readonly (Compiled | null)[];
}

export interface BoundProgram {
  readonly functions: readonly BoundFunction[];
  readonly byName: ReadonlyMap<string, number>;
  /** Calls left opaque, by call site. */
  readonly opaque: readonly { name: string; loc: SourceLoc }[];
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
const CONSTANTS: ReadonlyMap<string, number> = new Map<string, number>([
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
  /** Unknown identifiers and config symbols evaluate to 0 instead of failing (real trees). */
  readonly tolerant?: boolean;
  /** Extra constants (e.g. enumerators read from a tree). */
  readonly constants?: ReadonlyMap<string, number>;
  /** The layout the program's machine state uses (default: the bundled model's, CLASSIC_LAYOUT). */
  readonly layout?: ModelLayout;
}

function compileExpr(e: Expr, fn: IrFunction, loc: SourceLoc, opts: BindOptions): Compiled {
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
      const v = opts.constants?.get(e.name) ?? CONSTANTS.get(e.name);
      if (v === undefined) {
        if (opts.tolerant) return () => 0;
        throw new BindError(loc, `unknown identifier '${e.name}' in ${fn.name}() (not a local, parameter or modelled constant)`);
      }
      return () => v;
    }
    case ExprKind.Config: {
      const name = e.name;
      const probe = new ConfigReader({ preempt: PreemptModel.Full, bits: 0 });
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
      if (opts.tolerant) return () => 0;
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

/** Binds `roots` and every function they can reach. */
export function bindProgram(ir: IrProgram, roots: readonly string[], opts: BindOptions = {}): BoundProgram {
  const order: string[] = [];
  const index = new Map<string, number>();
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
    if (index.has(name)) continue;
    const fn = ir.functions.get(name);
    if (!fn) continue;
    index.set(name, order.length);
    order.push(name);
    for (const op of fn.ops) {
      if (op.kind === OpKind.Call && ir.functions.has(op.callee) && !index.has(op.callee)) queue.push(op.callee);
    }
  }
  const opaque: { name: string; loc: SourceLoc }[] = [];
  const functions: BoundFunction[] = order.map((name, id) => {
    const fn = ir.functions.get(name)!;
    const attrs = new Set(fn.attrs);
    const noinstr = attrs.has('noinstr');
    const alwaysInline = attrs.has('__always_inline');
    const callees: (BoundCallee | null)[] = [];
    const args: (Compiled[] | null)[] = [];
    const exprs: (Compiled | null)[] = [];
    for (const op of fn.ops) {
      switch (op.kind) {
        case OpKind.Call: {
          // Interpreted definitions win over primitives: a tree's own body is the truth.
          const f = index.get(op.callee);
          const prim = lookupPrimitive(op.callee);
          if (f !== undefined) callees.push({ kind: CalleeKind.Function, fn: f });
          else if (prim) callees.push({ kind: CalleeKind.Primitive, def: prim });
          else {
            const bad = ir.unsupported?.get(op.callee);
            if (bad && !opts.tolerant) throw new BindError(bad.loc, `${op.callee}() cannot be checked: ${bad.reason}`);
            callees.push({ kind: CalleeKind.Opaque });
            opaque.push({ name: op.callee, loc: op.loc });
          }
          args.push(op.args.map((a) => compileExpr(a, fn, op.loc, opts)));
          exprs.push(null);
          break;
        }
        case OpKind.Assign:
          callees.push(null);
          args.push(null);
          exprs.push(compileExpr(op.value, fn, op.loc, opts));
          break;
        case OpKind.BranchIfFalse:
          callees.push(null);
          args.push(null);
          exprs.push(compileExpr(op.cond, fn, op.loc, opts));
          break;
        case OpKind.Return:
          callees.push(null);
          args.push(null);
          exprs.push(op.value ? compileExpr(op.value, fn, op.loc, opts) : null);
          break;
        case OpKind.Jump:
          callees.push(null);
          args.push(null);
          exprs.push(null);
          break;
      }
    }
    return {
      id,
      ir: fn,
      noinstr,
      alwaysInline,
      instrumentable: !noinstr && !alwaysInline && !attrs.has('notrace'),
      nLocals: fn.slotNames.length,
      callees,
      args,
      exprs,
    };
  });
  return { functions, byName: index, opaque, sources: ir.sources, ir, layout: opts.layout ?? CLASSIC_LAYOUT };
}
