// A compact, human-readable rendering of the IR, one line per op:
//
//   3: call lockdep_hardirqs_off(CALLER_ADDR0) -> $t0  @entry.c:12:2
//
// Used by tests and by `kentry parse`.

import { ExprKind, OpKind, type Expr, type IrFunction, type Op, type SourceLoc } from './ir.ts';

const BINARY_TEXT: Partial<Record<ExprKind, string>> = {
  [ExprKind.LogicalAnd]: '&&',
  [ExprKind.LogicalOr]: '||',
  [ExprKind.BitAnd]: '&',
  [ExprKind.BitOr]: '|',
  [ExprKind.Eq]: '==',
  [ExprKind.Ne]: '!=',
  [ExprKind.Lt]: '<',
  [ExprKind.Le]: '<=',
  [ExprKind.Gt]: '>',
  [ExprKind.Ge]: '>=',
  [ExprKind.Add]: '+',
  [ExprKind.Sub]: '-',
  [ExprKind.Shl]: '<<',
  [ExprKind.Shr]: '>>',
};

function slotName(slotNames: readonly string[] | undefined, slot: number): string {
  return slotNames?.[slot] ?? `%${slot}`;
}

/** C-like text of an expression; binary operators are fully parenthesized. */
export function formatExpr(e: Expr, slotNames?: readonly string[]): string {
  const f = (x: Expr): string => formatExpr(x, slotNames);
  switch (e.kind) {
    case ExprKind.Const:
      return String(e.value);
    case ExprKind.Local:
      return slotName(slotNames, e.slot);
    case ExprKind.Name:
      return e.name;
    case ExprKind.Config:
      return `IS_ENABLED(CONFIG_${e.name})`;
    case ExprKind.Field:
      return `${f(e.base)}->${e.field}`;
    case ExprKind.StructField:
      return `${slotName(slotNames, e.slot)}.${e.field}`;
    case ExprKind.Not:
      return `!${f(e.operand)}`;
    case ExprKind.BitNot:
      return `~${f(e.operand)}`;
    case ExprKind.Neg:
      return `-${f(e.operand)}`;
    case ExprKind.Cond:
      return `(${f(e.test)} ? ${f(e.then)} : ${f(e.otherwise)})`;
    case ExprKind.AddrOf:
      return `&${slotName(slotNames, e.slot)}`;
    default:
      return `(${f(e.left)} ${BINARY_TEXT[e.kind] ?? '?'} ${f(e.right)})`;
  }
}

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

/** One op without its index and position. */
export function formatOp(op: Op, slotNames?: readonly string[]): string {
  switch (op.kind) {
    case OpKind.Call: {
      const call = `call ${op.callee}(${op.args.map((a) => formatExpr(a, slotNames)).join(', ')})`;
      return op.result < 0 ? call : `${call} -> ${slotName(slotNames, op.result)}`;
    }
    case OpKind.Assign:
      return `${slotName(slotNames, op.slot)} = ${formatExpr(op.value, slotNames)}`;
    case OpKind.BranchIfFalse:
      return `ifnot ${formatExpr(op.cond, slotNames)} goto ${op.target}`;
    case OpKind.Jump:
      return `goto ${op.target}`;
    case OpKind.Return:
      return op.value ? `return ${formatExpr(op.value, slotNames)}` : 'return';
  }
}

/** The whole function: a header line, then `pc: op  @file:line:col` per op. */
export function formatFunction(fn: IrFunction, opts: { locs?: boolean } = {}): string {
  const locs = opts.locs ?? true;
  const attrs = fn.attrs.length > 0 ? `${fn.attrs.join(' ')} ` : '';
  const lines = [`${attrs}${fn.returnType} ${fn.name}(${fn.params.join(', ')})  @${formatLoc(fn.loc)}`];
  fn.ops.forEach((op, pc) => {
    const text = `${pc}: ${formatOp(op, fn.slotNames)}`;
    lines.push(locs ? `${text}  @${formatLoc(op.loc)}` : text);
  });
  return lines.join('\n');
}
