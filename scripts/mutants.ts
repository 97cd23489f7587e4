// Mutation testing of kentry against real kernel trees: small, plausible mistakes are made in the
// tree's own entry/exit functions (on the IR the checker runs, so positions stay those of the tree)
// and each mutant is checked. A mutant is killed when the check reports a finding the unmodified
// tree does not report. Survivors are listed; docs/mutants.md explains each one.
//
//   npm run mutants                         # both fetched trees (.cache/kernels/linux-*)
//   npm run mutants -- --tree 6.12          # one tree
//   npm run mutants -- --json out/mutants.json --only irqentry_exit
//
// Operators (on the IR of irqentry_enter/exit, irqentry_nmi_enter/exit, the user-mode enter/exit
// helpers and the Xen PV upcall):
//   delete    a call to a state-changing primitive or to a function is removed
//   swap      two adjacent state-changing calls trade places
//   instr     instrumentation_begin()/end() dropped, duplicated, or turned into its partner
//   negate    a branch condition is negated
//   sibling   a primitive is replaced by its sibling (_prepare ↔ full, ct_irq_* ↔ ct_nmi_*, on ↔ off…)
//
// Each mutant is checked in two stages, cheapest first: a few representative configs with every
// entry context, then (only if it survives) the whole lattice. Both stages compare against the
// unmodified tree's findings over the whole lattice, so a kill in stage 1 is a kill in stage 2 (the
// findings of a restricted run are a subset of the full run's).

import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type CallOp, type Expr, ExprKind, type IrFunction, type IrProgram, type Op, OpKind } from '../src/c/ir.ts';
import { lookupPrimitive } from '../src/kernel/index.ts';
import { bindTree, checkRows, KERNEL_BOUNDS, loadTree, treeRows, type LoadedTree } from '../src/explore/kernel-target.ts';
import { CalleeKind, type BoundProgram } from '../src/explore/program.ts';
import type { CheckRow } from '../src/explore/check.ts';
import { ConfigReader, enumerateLattice, parseConfigFilter, type BoolSymbol, type PreemptModel } from '../src/model/config.ts';
import { encode, Machine, VectorKind } from '../src/model/state.ts';
import type { KentryReport } from '../src/report/schema.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The functions mutated, under every name they have had (those a tree reaches are used). */
export const MUTATED_FUNCTIONS: readonly string[] = [
  'irqentry_enter', 'irqentry_exit', 'irqentry_nmi_enter', 'irqentry_nmi_exit',
  'irqentry_enter_from_user_mode', 'irqentry_exit_to_user_mode',
  'enter_from_user_mode', '__enter_from_user_mode', 'exit_to_user_mode', '__exit_to_user_mode',
  'exit_to_user_mode_prepare', 'exit_to_user_mode_loop',
  'syscall_enter_from_user_mode', 'syscall_exit_to_user_mode', '__syscall_exit_to_user_mode_work',
  'xen_pv_evtchn_do_upcall',
];

/** Sibling primitives: the plausible wrong choice for each (both directions are generated). */
export const SIBLINGS: ReadonlyArray<readonly [string, string]> = [
  ['trace_hardirqs_on_prepare', 'trace_hardirqs_on'],
  ['trace_hardirqs_off_finish', 'trace_hardirqs_off'],
  ['lockdep_hardirqs_on_prepare', 'lockdep_hardirqs_on'],
  ['lockdep_hardirqs_on', 'lockdep_hardirqs_off'],
  ['lockdep_hardirq_enter', 'lockdep_hardirq_exit'],
  ['ct_irq_enter', 'ct_nmi_enter'],
  ['ct_irq_exit', 'ct_nmi_exit'],
  ['ct_irq_enter', 'ct_irq_exit'],
  ['ct_nmi_enter', 'ct_nmi_exit'],
  ['rcu_irq_enter', 'rcu_nmi_enter'],
  ['rcu_irq_exit', 'rcu_nmi_exit'],
  ['user_exit_irqoff', 'user_enter_irqoff'],
  ['__nmi_enter', '__nmi_exit'],
  ['local_irq_enable', 'local_irq_disable'],
  ['local_irq_enable_exit_to_user', 'local_irq_disable_exit_to_user'],
  ['rcu_irq_enter_check_tick', 'ct_irq_enter'],
  ['lockdep_assert_irqs_disabled', 'lockdep_assert_irqs_enabled'],
  ['raw_irqentry_exit_cond_resched', 'preempt_schedule_irq'],
  ['tick_nohz_user_enter_prepare', 'rcu_nocb_flush_deferred_wakeup'],
];

/**
 * Leaves the model treats as inert whose kernel bodies do check something (DEBUG_ENTRY's user-regs
 * WARN_ON_ONCEs): moving them is equivalent in the model but not in the kernel — a model gap.
 */
const CHECKING_LEAVES: ReadonlySet<string> = new Set(['arch_enter_from_user_mode', 'arch_check_user_regs', 'check_user_regs']);

export interface Mutant {
  readonly id: string;
  readonly fn: string;
  readonly operator: 'delete' | 'swap' | 'instr' | 'negate' | 'sibling';
  readonly at: string;
  readonly desc: string;
  readonly apply: (fn: IrFunction) => IrFunction;
  /** Outcome known without running it, and the argument (docs/mutants.md, "Decided by rule"). */
  readonly decided?: { readonly status: 'equivalent' | 'model-gap'; readonly rule: string };
}

// ─────────────────────────────────────────────────────────────── stateless callees ──

/**
 * A primitive is stateless when running it never changes the machine: it may only report (an
 * assertion) or nothing at all (a leaf whose effect the model does not track, e.g. KMSAN's
 * unpoisoning). Decided by running it on a spread of machine states and configs, not by a list.
 */
const statelessCache = new Map<string, { stateless: boolean; reports: boolean }>();
export function statelessPrimitive(name: string): { stateless: boolean; reports: boolean } {
  const hit = statelessCache.get(name);
  if (hit) return hit;
  const def = lookupPrimitive(name);
  let res = { stateless: false, reports: false };
  if (def) {
    res = { stateless: true, reports: false };
    // A spread of machine states: every field drawn at random (fixed seed) within its range.
    let seed = 0x2545f491;
    const rnd = (n: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const machines: Machine[] = [];
    for (let k = 0; k < 200; k++) {
      const m = new Machine();
      m.hwIF = rnd(2);
      m.lockdepOn = rnd(2);
      m.tracerOff = rnd(2);
      m.lockdepCtx = rnd(3);
      m.lockdepPrepared = rnd(2);
      m.chainKeyChanged = rnd(2);
      m.debugLocks = rnd(4) ? 1 : 0;
      m.rcuWatching = rnd(2);
      m.rcuNesting = rnd(3);
      m.setNmiNesting(rnd(2), rnd(5) - 1);
      m.preempt = [0, 1, 0x100, 0x10000, 0x110000, 0x10001][rnd(6)]!;
      m.needResched = rnd(2);
      m.reschedUnseen = rnd(2);
      m.softirqPending = rnd(2);
      m.ct = rnd(4);
      m.isIdle = rnd(2);
      m.xenInHcall = rnd(2);
      const userMode = rnd(2);
      m.contexts.push({ kind: rnd(3) as VectorKind, savedIF: rnd(2), userMode, frameBase: 0, savedLockdepOn: rnd(2), savedTracerOff: rnd(2), savedRcuWatching: rnd(2), savedRcuNesting: rnd(2), savedNmiNonidle: 1, savedNmiOffset: 0, savedPreempt: 0, savedCt: 0, toldOff: rnd(2) });
      m.frames.push({ fn: 0, pc: 0, instr: rnd(3), locals: [1] });
      machines.push(m);
    }
    const configs = enumerateLattice({ vary: ['PREEMPTION', 'PROVE_LOCKING', 'PROVE_RCU', 'NO_HZ_FULL', 'TRACE_IRQFLAGS_NMI_SUPPORT', 'XEN_PV', 'DEBUG_ENTRY'], fixed: {} });
    const before: number[] = [];
    const after: number[] = [];
    outer: for (const m0 of machines) {
      for (const cfg of [0, 1, 2, 3].map(() => configs[rnd(configs.length)]!)) {
        for (const args of [[], [0], [1, 1], [3], [0x7e01, 1], [0x7e01, 0]]) {
          const reader = new ConfigReader(cfg);
          const probe = { m: m0, cfg: reader, args, argText: args.map(String), callee: name, report: () => {} };
          let n: number;
          try {
            n = def.choices ? def.choices(probe) : 1;
          } catch {
            res = { stateless: false, reports: false };
            break outer;
          }
          for (let choice = 0; choice < n; choice++) {
            const m = m0.clone();
            encode(m, before);
            try {
              def.run({ ...probe, m, choice, report: () => (res = { ...res, reports: true }) });
            } catch {
              res = { stateless: false, reports: false };
              break outer;
            }
            encode(m, after);
            if (before.length !== after.length || before.some((w, i) => w !== after[i])) {
              res = { stateless: false, reports: false };
              break outer;
            }
          }
        }
      }
    }
  }
  statelessCache.set(name, res);
  return res;
}

const nop = (op: Op): Op => ({ kind: OpKind.Jump, loc: op.loc, target: -1 });

/** Replace op i (a no-op jumps to i + 1). */
function replaceOp(fn: IrFunction, i: number, op: Op): IrFunction {
  const ops = fn.ops.slice();
  ops[i] = op.kind === OpKind.Jump && op.target === -1 ? { ...op, target: i + 1 } : op;
  return { ...fn, ops };
}

/** Insert `op` before index i, shifting jump targets past it. */
function insertOp(fn: IrFunction, i: number, op: Op): IrFunction {
  const shift = (t: number): number => (t >= i ? t + 1 : t);
  const ops: Op[] = [];
  fn.ops.forEach((o, k) => {
    if (k === i) ops.push(op);
    ops.push(o.kind === OpKind.Jump || o.kind === OpKind.BranchIfFalse ? { ...o, target: shift(o.target) } : o);
  });
  if (i === fn.ops.length) ops.push(op);
  return { ...fn, ops };
}

function callText(op: CallOp): string {
  return `${op.callee}(${op.argText.join(', ')})`;
}

/** Calls whose removal or reordering changes state: not pure queries, not assertions. */
function stateChanging(op: Op, ir: IrProgram): boolean {
  if (op.kind !== OpKind.Call) return false;
  if (ir.functions.has(op.callee)) return true;
  if (op.callee === 'instrumentation_begin' || op.callee === 'instrumentation_end') return false;
  const p = lookupPrimitive(op.callee);
  return p !== undefined && p.query !== true && !statelessPrimitive(op.callee).stateless;
}

/** Variant keys of a function (itself, or the variants its config dispatcher calls). */
function bodiesOf(name: string, ir: IrProgram): IrFunction[] {
  const fn = ir.functions.get(name);
  if (!fn) return [];
  const variants = [...ir.functions.keys()].filter((k) => k.startsWith(`${name}[`)).map((k) => ir.functions.get(k)!);
  return variants.length ? variants : [fn];
}

/**
 * Rule R1's "commutes with instrumentation_begin/end": calling it is not an instrumentable call and
 * it does not depend on the caller's objtool count — a non-instrumentable primitive, a noinstr
 * function (its count is its own), or an always-inline function whose every instrumentable call
 * sits inside its own balanced instrumentation sections (checked on its control-flow graph).
 */
export function commutesWithInstrumentation(name: string, ir: IrProgram, seen = new Set<string>()): boolean {
  if (!ir.functions.has(name)) {
    const p = lookupPrimitive(name);
    return p !== undefined && !p.instrumentable && name !== 'instrumentation_begin' && name !== 'instrumentation_end';
  }
  if (seen.has(name)) return false;
  seen.add(name);
  for (const fn of bodiesOf(name, ir)) {
    if (fn.attrs.includes('noinstr')) continue;
    if (!fn.attrs.includes('__always_inline')) return false;
    const depth: (number | undefined)[] = new Array(fn.ops.length).fill(undefined);
    const work: [number, number][] = [[0, 0]];
    while (work.length) {
      const [pc, d] = work.pop()!;
      if (pc >= fn.ops.length) continue;
      if (depth[pc] !== undefined) {
        if (depth[pc] !== d) return false;
        continue;
      }
      depth[pc] = d;
      const op = fn.ops[pc]!;
      switch (op.kind) {
        case OpKind.Return:
          if (d !== 0) return false;
          break;
        case OpKind.Jump:
          work.push([op.target, d]);
          break;
        case OpKind.BranchIfFalse:
          work.push([pc + 1, d], [op.target, d]);
          break;
        case OpKind.Assign:
          work.push([pc + 1, d]);
          break;
        case OpKind.Call: {
          if (op.callee === 'instrumentation_begin') {
            work.push([pc + 1, d + 1]);
            break;
          }
          if (op.callee === 'instrumentation_end') {
            if (d <= 0) return false;
            work.push([pc + 1, d - 1]);
            break;
          }
          if (d === 0 && !commutesWithInstrumentation(op.callee, ir, seen)) return false;
          work.push([pc + 1, d]);
          break;
        }
      }
    }
  }
  return true;
}

/** A function whose calls (transitively) only go to stateless primitives: deleting a call to it
 *  removes checks, never state changes. */
function statelessFunction(name: string, ir: IrProgram, seen = new Set<string>()): { stateless: boolean; reports: boolean } {
  if (!ir.functions.has(name)) return statelessPrimitive(name);
  if (seen.has(name)) return { stateless: false, reports: false };
  seen.add(name);
  let reports = false;
  for (const fn of bodiesOf(name, ir)) {
    for (const op of fn.ops) {
      if (op.kind !== OpKind.Call) continue;
      if (op.callee === 'instrumentation_begin' || op.callee === 'instrumentation_end') return { stateless: false, reports: false };
      const r = statelessFunction(op.callee, ir, seen);
      if (!r.stateless) return r;
      reports ||= r.reports;
    }
  }
  return { stateless: true, reports };
}

export function mutantsOf(fn: IrFunction, ir: IrProgram): Mutant[] {
  const out: Mutant[] = [];
  const targets = new Set<number>();
  for (const op of fn.ops) if (op.kind === OpKind.Jump || op.kind === OpKind.BranchIfFalse) targets.add(op.target);
  const at = (op: Op): string => `${op.loc.file}:${op.loc.line}`;
  const add = (operator: Mutant['operator'], op: Op, desc: string, apply: (f: IrFunction) => IrFunction, decided?: Mutant['decided']): void => {
    out.push({ id: `${fn.name}#${out.length + 1}`, fn: fn.name, operator, at: at(op), desc, apply, ...(decided ? { decided } : {}) });
  };
  /** Rule R1: instrumentation_begin/end only move objtool's count, which is read at instrumentable
   *  calls and at return; a non-instrumentable primitive is neither, so the two commute. */
  const commutesWithInstr = (o: Op): boolean => o.kind === OpKind.Call && commutesWithInstrumentation(o.callee, ir);
  const isInstr = (o: Op): boolean => o.kind === OpKind.Call && (o.callee === 'instrumentation_begin' || o.callee === 'instrumentation_end');
  fn.ops.forEach((op, i) => {
    if (op.kind === OpKind.BranchIfFalse) {
      const cond: Expr = { kind: ExprKind.Not, operand: op.cond };
      add('negate', op, `negate if (${op.condText})`, (f) => replaceOp(f, i, { ...op, cond, condText: `!(${op.condText})` }));
      return;
    }
    if (op.kind !== OpKind.Call) return;
    const next = fn.ops[i + 1];
    // Any call with no result but a pure query may be moved (a moved assertion or stateless leaf is
    // checked at a different point, which can matter).
    const swappable = (o: Op | undefined): o is CallOp =>
      o !== undefined && o.kind === OpKind.Call && o.result < 0 && (ir.functions.has(o.callee) || (lookupPrimitive(o.callee) !== undefined && lookupPrimitive(o.callee)!.query !== true));
    if (swappable(next) && swappable(op) && !targets.has(i + 1) && op.result < 0 && next.result < 0 && !(isInstr(op) && isInstr(next))) {
      const r1 = (isInstr(op) && commutesWithInstr(next)) || (isInstr(next) && commutesWithInstr(op));
      // Rule R3: a call that changes no state and checks nothing at all (a neutral,
      // non-instrumentable leaf) is invisible wherever it sits; two stateless calls see the same
      // state in either order.
      const inert = (o: CallOp): boolean => {
        const st = statelessFunction(o.callee, ir);
        return st.stateless && !st.reports && !(lookupPrimitive(o.callee)?.instrumentable ?? true) && !ir.functions.has(o.callee);
      };
      const stateless = (o: CallOp): boolean => !isInstr(o) && statelessFunction(o.callee, ir).stateless;
      const r3 = !isInstr(op) && !isInstr(next) && (inert(op) || inert(next) || (stateless(op) && stateless(next)));
      add('swap', op, `swap ${callText(op)} ↔ ${callText(next)}`, (f) => {
        const ops = f.ops.slice();
        ops[i] = next;
        ops[i + 1] = op;
        return { ...f, ops };
      }, r1
        ? { status: 'equivalent', rule: 'R1: instrumentation_begin/end commute with a call that is not instrumentable and does not read the count' }
        : r3
          ? CHECKING_LEAVES.has(op.callee) || CHECKING_LEAVES.has(next.callee)
            ? { status: 'model-gap', rule: 'R3: equivalent in the model, but the leaf checks user regs in the kernel (DEBUG_ENTRY), which the model does not' }
            : { status: 'equivalent', rule: 'R3: swaps a call that changes no state and checks nothing (or two stateless calls)' }
          : undefined);
    }
    if (op.callee === 'instrumentation_begin' || op.callee === 'instrumentation_end') {
      const partner = op.callee === 'instrumentation_begin' ? 'instrumentation_end' : 'instrumentation_begin';
      add('instr', op, `drop ${op.callee}()`, (f) => replaceOp(f, i, nop(op)));
      add('instr', op, `duplicate ${op.callee}()`, (f) => insertOp(f, i + 1, { ...op }));
      add('instr', op, `${op.callee}() → ${partner}()`, (f) => replaceOp(f, i, { ...op, callee: partner }));
      return;
    }
    const st = op.result < 0 ? statelessFunction(op.callee, ir) : { stateless: false, reports: false };
    if (st.stateless) {
      // Rule R2: removing a call that changes no state can only remove the checks made at it.
      add('delete', op, `delete ${callText(op)}`, (f) => replaceOp(f, i, nop(op)),
        st.reports
          ? { status: 'equivalent', rule: 'R2: removes an assertion; a changed state cannot follow from a removed check' }
          : { status: 'model-gap', rule: 'R2: the model tracks no state of this leaf, so removing it removes only the checks at the call' });
    } else if (stateChanging(op, ir)) add('delete', op, `delete ${callText(op)}`, (f) => replaceOp(f, i, nop(op)));
    for (const [a, b] of SIBLINGS) {
      const to = op.callee === a ? b : op.callee === b ? a : null;
      if (to && (lookupPrimitive(to) || ir.functions.has(to))) add('sibling', op, `${op.callee} → ${to}`, (f) => replaceOp(f, i, { ...op, callee: to }));
    }
  });
  return out;
}

// ─────────────────────────────────────────────────────────────────────────── checking ──

function findingKeys(r: KentryReport): Set<string> {
  return new Set(r.findings.map((f) => `${f.row}|${f.check}|${f.function}|${f.loc ? `${f.loc.file}:${f.loc.line}:${f.loc.col}` : ''}`));
}

/** Rows that reach function `name` (through the vector, the nested IRQ or the NMI vector). */
function rowsReaching(prog: BoundProgram, rows: readonly CheckRow[], name: string): CheckRow[] {
  const target = prog.byName.get(name);
  if (target === undefined) return [];
  return rows.filter((r) => {
    const seen = new Set<number>();
    const stack = [r.vector, ...(r.harness.nestedIrq === 'irq-vector' && r.irqVector ? [r.irqVector] : []), ...(r.harness.nmis && r.nmiVector ? [r.nmiVector] : [])]
      .map((n) => prog.byName.get(n))
      .filter((x): x is number => x !== undefined);
    while (stack.length) {
      const id = stack.pop()!;
      if (id === target) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const c of prog.functions[id]!.callees) if (c && c.kind === CalleeKind.Function) stack.push(c.fn);
    }
    return false;
  });
}

/** Cheapest rows first (stage order). */
const ROW_ORDER = ['nmi', 'syscall', 'exception', 'irq', 'xen-upcall'];

type Filter = { preempt?: PreemptModel; bools: Partial<Record<BoolSymbol, boolean>> };
function filter(text: string): Filter {
  const f = parseConfigFilter(text);
  if (typeof f === 'string') throw new Error(f);
  return f;
}

/** Stage 1: representative configs (full debugging on), per row. */
function stage1Filters(row: CheckRow): Filter[] {
  const base = 'PROVE_LOCKING=y,PROVE_RCU=y,DEBUG_ENTRY=y,TINY_RCU=n,PREEMPT_DYNAMIC=n';
  const xen = row.harness.requires.XEN_PV ? 'XEN_PV=y' : 'XEN_PV=n';
  return [
    filter(`${base},${xen},PREEMPTION=full,NO_HZ_FULL=n`),
    filter(`${base},${xen},PREEMPTION=full,NO_HZ_FULL=y`),
    filter(`${base},${xen},PREEMPTION=none,NO_HZ_FULL=n`),
  ];
}

export interface MutantResult {
  readonly tree: string;
  readonly id: string;
  readonly fn: string;
  readonly operator: Mutant['operator'];
  readonly at: string;
  readonly desc: string;
  /** `equivalent` / `model-gap`: decided by a rule without running (see `Mutant.decided`). */
  readonly status: 'killed' | 'survived' | 'crashed' | 'unreached' | 'equivalent' | 'model-gap';
  readonly stage?: 1 | 2;
  /** The first new finding (killed), or the model error (crashed). */
  readonly by?: string;
  readonly seconds: number;
}

function treeRoot(version: string): string {
  return path.join(process.env.KENTRY_CACHE ?? path.join(REPO, '.cache'), 'kernels', `linux-${version}`);
}

/** Every mutant of a tree, in a fixed order (workers regenerate the same list). */
function allMutants(kt: LoadedTree, only: readonly string[] | undefined): Mutant[] {
  const ir = kt.program.ir;
  const out: Mutant[] = [];
  for (const name of MUTATED_FUNCTIONS) {
    if (only && !only.includes(name)) continue;
    const fn = ir.functions.get(name);
    if (!fn || !kt.program.byName.has(name)) continue;
    out.push(...mutantsOf(fn, ir));
  }
  return out;
}

function runMutant(kt: LoadedTree, m: Mutant, baseline: ReadonlySet<string>, version: string): MutantResult {
  const started = Date.now();
  if (m.decided) {
    return { tree: version, id: m.id, fn: m.fn, operator: m.operator, at: m.at, desc: m.desc, status: m.decided.status, by: m.decided.rule, seconds: 0 };
  }
  const ir = kt.program.ir;
  const functions = new Map(ir.functions);
  functions.set(m.fn, m.apply(ir.functions.get(m.fn)!));
  const mutatedIr: IrProgram = { ...ir, functions };
  let status: MutantResult['status'] = 'survived';
  let by: string | undefined;
  let stage: 1 | 2 | undefined;
  try {
    const prog = bindTree(mutatedIr);
    const mrows = treeRows({ tree: kt.tree, program: prog });
    const reach = rowsReaching(prog, mrows, m.fn).sort((a, b) => ROW_ORDER.indexOf(a.id) - ROW_ORDER.indexOf(b.id));
    if (reach.length === 0) status = 'unreached';
    const newFinding = (r: KentryReport): string | undefined => [...findingKeys(r)].find((k) => !baseline.has(k));
    outer: for (const s of [1, 2] as const) {
      for (const row of reach) {
        const filters = s === 1 ? stage1Filters(row) : [undefined];
        for (const f of filters) {
          const rep = checkRows('mutant', [row], kt.spec, { bounds: KERNEL_BOUNDS, maxStates: 20_000_000, maxSeconds: 300, ...(f ? { filter: f } : {}) });
          const hit = newFinding(rep);
          if (hit) {
            status = 'killed';
            by = hit;
            stage = s;
            break outer;
          }
        }
      }
    }
  } catch (e) {
    status = 'crashed';
    by = (e as Error).message.split('\n')[0];
  }
  return { tree: version, id: m.id, fn: m.fn, operator: m.operator, at: m.at, desc: m.desc, status, ...(stage ? { stage } : {}), ...(by ? { by } : {}), seconds: (Date.now() - started) / 1000 };
}

interface WorkerJob {
  readonly version: string;
  readonly only?: readonly string[];
  readonly index: number;
  readonly of: number;
  readonly baseline: readonly string[];
}

async function workerMain(job: WorkerJob): Promise<void> {
  const kt = await loadTree(treeRoot(job.version));
  const baseline = new Set(job.baseline);
  allMutants(kt, job.only).forEach((m, i) => {
    if (i % job.of !== job.index) return;
    parentPort!.postMessage({ result: runMutant(kt, m, baseline, job.version) });
  });
  parentPort!.postMessage({ done: true });
}

async function runTree(version: string, only: readonly string[] | undefined, workers: number, log: (s: string) => void): Promise<MutantResult[]> {
  const t0 = Date.now();
  const kt = await loadTree(treeRoot(version));
  const rows = treeRows(kt);
  const baseline = findingKeys(checkRows('baseline', rows, kt.spec, { bounds: KERNEL_BOUNDS }));
  const total = allMutants(kt, only).length;
  log(`linux-${version}: loaded and checked in ${((Date.now() - t0) / 1000).toFixed(1)}s; baseline ${baseline.size} findings; ${total} mutants on ${workers} worker(s)`);
  const results: MutantResult[] = [];
  await Promise.all(
    Array.from({ length: workers }, (_, index) =>
      new Promise<void>((resolve, reject) => {
        const job: WorkerJob = { version, ...(only ? { only } : {}), index, of: workers, baseline: [...baseline] };
        // The worker loads this file through tsx, as the main thread did.
        const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
        const w = new Worker(boot, { eval: true, workerData: job });
        w.on('message', (msg: { result?: MutantResult; done?: boolean }) => {
          if (msg.result) {
            const r = msg.result;
            results.push(r);
            log(`  ${r.status.padEnd(9)} ${`[${results.length}/${total}]`.padEnd(10)} ${r.id.padEnd(40)} ${r.desc}${r.by ? `  [${r.by}]` : ''}`);
          }
          if (msg.done) resolve();
        });
        w.on('error', reject);
        w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mutant worker exited with ${code}`))));
      }),
    ),
  );
  const order = allMutants(kt, only).map((m) => m.id);
  return results.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tree: { type: 'string', multiple: true }, only: { type: 'string' }, json: { type: 'string' }, quiet: { type: 'boolean' }, workers: { type: 'string' } } });
  const workers = Math.max(1, Number(values.workers ?? Math.min(2, os.availableParallelism())));
  const trees = values.tree ?? ['6.1', '6.12'];
  const only = values.only?.split(',');
  const log = values.quiet ? () => {} : (s: string) => console.log(s);
  const t0 = Date.now();
  const all: MutantResult[] = [];
  for (const v of trees) all.push(...(await runTree(v, only, workers, log)));
  const seconds = (Date.now() - t0) / 1000;
  console.log('');
  const summary = (rs: readonly MutantResult[]): string => {
    const run = rs.filter((r) => r.status === 'killed' || r.status === 'crashed' || r.status === 'survived');
    const killed = run.filter((r) => r.status !== 'survived').length;
    const decided = rs.filter((r) => r.status === 'equivalent' || r.status === 'model-gap');
    const gaps = rs.filter((r) => r.status === 'model-gap').length;
    const byOp = new Map<string, [number, number]>();
    for (const r of run) {
      const e = byOp.get(r.operator) ?? [0, 0];
      e[1]++;
      if (r.status !== 'survived') e[0]++;
      byOp.set(r.operator, e);
    }
    const crashed = rs.filter((r) => r.status === 'crashed').length;
    const scoreBase = run.length + gaps; // equivalents are not mutants that can be killed
    return (
      `${killed}/${run.length} run mutants killed (${((100 * killed) / Math.max(1, run.length)).toFixed(1)}%)` +
      `${crashed ? `, ${crashed} of them by a model bound` : ''}; ` +
      `${decided.length} decided by rule (${decided.length - gaps} equivalent, ${gaps} model gaps); ` +
      `score killed/(run + gaps) = ${((100 * killed) / Math.max(1, scoreBase)).toFixed(1)}%; ` +
      [...byOp].map(([op, [k, n]]) => `${op} ${k}/${n}`).join(', ')
    );
  };
  for (const v of trees) {
    const rs = all.filter((r) => r.tree === v);
    const secs = rs.reduce((a, r) => a + r.seconds, 0);
    console.log(`linux-${v}: ${rs.length} mutants; ${summary(rs)}; ${secs.toFixed(0)}s of checking`);
    const surv = rs.filter((r) => r.status === 'survived');
    if (surv.length) {
      console.log(`  survivors:`);
      for (const r of surv) console.log(`    ${r.id.padEnd(40)} ${r.at.padEnd(36)} ${r.desc}`);
    }
    const dec = rs.filter((r) => r.status === 'equivalent' || r.status === 'model-gap');
    if (dec.length) {
      console.log(`  decided by rule (not run):`);
      for (const r of dec) console.log(`    ${r.status.padEnd(10)} ${r.id.padEnd(40)} ${r.at.padEnd(36)} ${r.desc}  [${r.by}]`);
    }
  }
  console.log(`\ntotal: ${summary(all)}; ${seconds.toFixed(0)}s wall`);
  if (values.json) {
    fs.mkdirSync(path.dirname(values.json), { recursive: true });
    fs.writeFileSync(values.json, JSON.stringify({ seconds, results: all.map(({ ...r }) => r) }, null, 2) + '\n');
  }
}

if (!isMainThread) {
  void workerMain(workerData as WorkerJob);
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 70;
  });
}

