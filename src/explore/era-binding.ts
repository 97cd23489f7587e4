// Binding the spellings a bundled era's code may be written in, before the program is bound
// (src/explore/program.ts). Two rewrites of the IR, both on calls the program does not define:
//
// - Era aliases (src/bundled/manifest.ts): a call to another name of an era function is a call to
//   the era's function. `idtentry_enter(regs)` on the x86-58 era is `idtentry_enter_cond_rcu(regs)`;
//   its idtentry_state_t result is the one-field struct whose packed value is that bool.
// - The IRQ-stack switch `run_on_irqstack_cond(func, [arg,] regs)`: v5.8 passes `func(void *arg)`
//   and its argument, 5.9–5.11 a typed `func(void)`. Either way the switch asserts that IRQs are
//   off (lockdep_assert_irqs_disabled()) and then calls func, on the IRQ stack or in place; which
//   stack it runs on is not modelled state. The call becomes those two calls. A func the program
//   does not define, or one whose parameters match neither form, leaves the switch as written:
//   an opaque call, listed as such.
//
// Kernel trees have their own binding of the IRQ-stack switches (src/explore/kernel-target.ts),
// to the harness wrappers; this module is for the bundled eras and the files checked on them.

import { type CallOp, ExprKind, type IrFunction, type IrProgram, type Op, OpKind } from '../c/ir.ts';
import type { BundledEra } from '../bundled/manifest.ts';
import { BindError } from './program.ts';

/** The switch whose first argument is the function it calls. */
export const IRQSTACK_SWITCH = 'run_on_irqstack_cond';
const IRQS_DISABLED_ASSERT = 'lockdep_assert_irqs_disabled';

/** Rewrite every function's ops; `f` may turn one op into several. Jump targets follow. */
export function expandOps(fn: IrFunction, f: (op: Op) => readonly Op[] | null): IrFunction {
  const expanded = fn.ops.map((op) => f(op));
  if (expanded.every((e) => e === null)) return fn;
  const start: number[] = [];
  let n = 0;
  for (let i = 0; i < fn.ops.length; i++) {
    start.push(n);
    n += expanded[i]?.length ?? 1;
  }
  start.push(n);
  const retarget = (op: Op): Op =>
    op.kind === OpKind.BranchIfFalse || op.kind === OpKind.Jump ? { ...op, target: start[op.target]! } : op;
  const ops: Op[] = [];
  fn.ops.forEach((op, i) => {
    for (const o of expanded[i] ?? [op]) ops.push(retarget(o));
  });
  return { ...fn, ops };
}

function mapFunctions(ir: IrProgram, f: (op: CallOp) => readonly Op[] | null): IrProgram {
  let changed = false;
  const functions = new Map<string, IrFunction>();
  for (const [name, fn] of ir.functions) {
    const out = expandOps(fn, (op) => (op.kind === OpKind.Call ? f(op) : null));
    if (out !== fn) changed = true;
    functions.set(name, out);
  }
  return changed ? { ...ir, functions } : ir;
}

/** Calls to an era function's other names become calls to the era function. */
export function bindEraAliases(ir: IrProgram, era: BundledEra): IrProgram {
  // alias name → the era function, or why this program's struct cannot stand for its bool.
  const to = new Map<string, { model: string } | { refused: string }>();
  for (const a of era.aliases ?? []) {
    // A program that defines the name itself means its own function.
    if (ir.functions.has(a.name)) continue;
    if (!ir.functions.has(a.model)) throw new Error(`bundled era '${era.id}': alias ${a.name} → ${a.model}, but the era does not define ${a.model}()`);
    if (a.struct) {
      const layout = ir.structs.get(a.struct.type);
      const fields = layout ? [...layout] : [];
      if (fields.length !== 1 || fields[0]![0] !== a.struct.field || fields[0]![1] !== 0) {
        // The user's file redefined the struct: a call by the other name cannot be the era's.
        const found = layout ? `{ ${fields.map(([k]) => k).join(', ')} }` : 'not defined';
        to.set(a.name, {
          refused: `${a.name}() on era '${era.id}' is the era's ${a.model}() with its bool as ${a.struct.type} { ${a.struct.field} }, but ${a.struct.type} here is ${found}: define ${a.name}() yourself or keep the era's ${a.struct.type}`,
        });
        continue;
      }
    }
    to.set(a.name, { model: a.model });
  }
  if (to.size === 0) return ir;
  return mapFunctions(ir, (op) => {
    const b = to.get(op.callee);
    if (!b) return null;
    if ('refused' in b) throw new BindError(op.loc, b.refused);
    return [{ ...op, callee: b.model }];
  });
}

/**
 * One call `run_on_irqstack_cond(func, [arg,] regs)` → `lockdep_assert_irqs_disabled(); func([arg]);`,
 * or null when it is not that switch or func is not defined with a matching parameter list.
 * Kernel trees (src/explore/kernel-target.ts) wrap the harness's handler checks around the same two ops.
 */
export function irqStackSwitchOps(ir: IrProgram, op: CallOp): readonly [CallOp, CallOp] | null {
  if (op.callee !== IRQSTACK_SWITCH || op.args.length < 2) return null;
  const func = op.args[0]!;
  const target = func.kind === ExprKind.Name ? ir.functions.get(func.name) : undefined;
  if (!target) return null;
  // Between the function and the trailing regs: v5.8's `void *arg`, or nothing (typed form).
  const middle = op.args.slice(1, -1);
  const middleText = op.argText.slice(1, -1);
  let args = middle;
  let argText = middleText;
  if (target.params.length === 0) {
    // func(void): v5.8 casts it to func(void *) and passes an argument it never reads.
    args = [];
    argText = [];
  } else if (target.params.length !== middle.length) {
    return null;
  }
  return [
    { kind: OpKind.Call, loc: op.loc, callee: IRQS_DISABLED_ASSERT, args: [], argText: [], result: -1 },
    { ...op, callee: target.name, args, argText },
  ];
}

/** Every `run_on_irqstack_cond(func, [arg,] regs)` of the program, bound by irqStackSwitchOps(). */
export function bindIrqStackSwitch(ir: IrProgram): IrProgram {
  if (ir.functions.has(IRQSTACK_SWITCH)) return ir;
  return mapFunctions(ir, (op) => irqStackSwitchOps(ir, op));
}

/** Both rewrites, for a program built on `era`. */
export function bindEraSpellings(ir: IrProgram, era: BundledEra): IrProgram {
  return bindIrqStackSwitch(bindEraAliases(ir, era));
}
