// Mutation testing of kentry against real kernel trees: small, plausible mistakes are made in the
// tree's own entry/exit functions (on the IR the checker runs, so positions stay those of the tree)
// and each mutant is checked. A mutant is killed when the check reports a finding the unmodified
// tree does not report. docs/mutants.md has the method and explains every survivor.
//
//   npm run mutants                         # every fetched tree (.cache/kernels/linux-*), oldest first
//   npm run mutants -- --tree 6.12          # one tree
//   npm run mutants -- --json out/mutants.json --only irqentry_exit
//   npm run mutants -- --tree 7.2 --only irqentry_exit#3,irqentry_enter   # ids and functions
//   npm run mutants -- --full               # stage 2 for judged mutants too
//   npm run mutants -- --tree 7.3 --arch arm64 --workers 1   # another arch (default x86)
//   npm run mutants -- --tree 7.3 --arch arm64 --stage1      # stage 1 only: survivors stay stage1-only
//   npm run mutants -- --tree 7.3 --arch arm64 --baseline out/b.json   # keep the baseline for the next run
//   npm run mutants -- --tree 7.3 --arch powerpc --config PPC64=n   # every stage in a sub-lattice only
//
// Operators (on the IR of irqentry_enter/exit, irqentry_nmi_enter/exit, the user-mode enter/exit
// helpers and the Xen PV upcall):
//   delete    a call to a state-changing primitive or to a function is removed
//   swap      two adjacent state-changing calls trade places
//   instr     instrumentation_begin()/end() dropped, duplicated, or turned into its partner
//   negate    a branch condition is negated
//   sibling   a primitive is replaced by its sibling (_prepare ↔ full, ct_irq_* ↔ ct_nmi_*, on ↔ off…)
//
// Every check runs over the tree's own lattice (src/tree/kconfig.ts: the configs `make` can build
// for x86 from that tree's Kconfig), as `kentry check --kernel` does. Each mutant is checked in two
// stages, cheapest first: a few representative configs of that lattice with every entry context, then (only if it survives and is not judged) the whole lattice. Both stages compare
// against the unmodified tree's findings over the whole lattice, so a kill in stage 1 is a kill in
// stage 2 (the findings of a restricted run are a subset of the full run's). With --config the
// tree's lattice is narrowed for all three (restrictLattice()): kills and survivals then hold
// within that sub-lattice, and the output says so.
//
// Scoring: killed / equivalent (rules R1–R3, or judged in scripts/mutants-judged.ts) / outside the
// model (judged, or a rule model gap on a deliberately unmodelled leaf) / unexplained. The script
// prints killed / (all − equivalent) and killed / (all − equivalent − outside), the unexplained
// survivors and the judged entries that went stale; it exits 1 if there is any of either.

import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type CallOp, type Expr, ExprKind, type IrFunction, type IrProgram, type Op, OpKind } from '../src/c/ir.ts';
import { lookupPrimitive } from '../src/kernel/index.ts';
import { ARCH_HARNESSES, archHarnesses, bindTree, checkRows, KERNEL_BOUNDS, KERNEL_LATTICE, HARNESS_INSERTED_CALLS, loadTree, treeRows, withoutHandlerChecks, type LoadedTree } from '../src/explore/kernel-target.ts';
import { CalleeKind, type BoundProgram } from '../src/explore/program.ts';
import type { CheckRow } from '../src/explore/check.ts';
import { ARCH_ONLY_SYMBOLS, ConfigReader, enumerateLattice, type KConfig, matchesFilter, parseConfigFilter, PREEMPT_NAMES, PreemptModel, type BoolSymbol } from '../src/model/config.ts';
import { encode, type InterruptContext, Machine, VectorKind } from '../src/model/state.ts';
import type { Finding, KentryReport } from '../src/report/schema.ts';
import { JUDGED, type JudgedMutant, UNMODELLED_LEAVES } from './mutants-judged.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The functions mutated, under every name they have had (those a tree reaches are used). */
export const MUTATED_FUNCTIONS: readonly string[] = [
  'irqentry_enter', 'irqentry_exit', 'irqentry_nmi_enter', 'irqentry_nmi_exit',
  'irqentry_enter_from_user_mode', 'irqentry_exit_to_user_mode',
  'enter_from_user_mode', '__enter_from_user_mode', 'exit_to_user_mode', '__exit_to_user_mode',
  'exit_to_user_mode_prepare', 'exit_to_user_mode_loop',
  'syscall_enter_from_user_mode', 'syscall_exit_to_user_mode', '__syscall_exit_to_user_mode_work',
  'xen_pv_evtchn_do_upcall',
  // 7.x: the irqentry helpers moved to include/linux/irq-entry-common.h; irqentry_enter()/exit()
  // dispatch to the kernel-mode halves, and the exit to kernel mode is split around preemption.
  // The user-mode exit is irqentry_exit_to_user_mode_prepare() → __exit_to_user_mode_prepare()
  // (→ exit_to_user_mode_loop() → __exit_to_user_mode_loop()) and __exit_to_user_mode_validate();
  // the system call exit is syscall_exit_to_user_mode_work(). Mutated where the tree binds them.
  'irqentry_enter_from_kernel_mode', 'irqentry_exit_to_kernel_mode', 'irqentry_exit_to_kernel_mode_preempt',
  'irqentry_exit_to_kernel_mode_after_preempt', 'irqentry_hrtimer_rearm_deferred',
  'irqentry_exit_to_user_mode_prepare', '__exit_to_user_mode_prepare', '__exit_to_user_mode_validate', '__exit_to_user_mode_loop',
  'syscall_exit_to_user_mode_work',
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

export type Operator = 'delete' | 'swap' | 'instr' | 'negate' | 'sibling';
export const OPERATORS: readonly Operator[] = ['delete', 'swap', 'instr', 'negate', 'sibling'];

export interface Mutant {
  /** `fn#n`: the n-th mutant of the function in this tree (shifts when the tree or the generator changes). */
  readonly id: string;
  /**
   * The stable name: `fn: desc`, with the kernel's renames between trees folded (RENAMED) and,
   * when the same description occurs k of n times in the function, ` [k/n]`. No line numbers, so
   * the same mistake has the same key in 6.1 and 6.12; a new look-alike mutant changes `n`, so a
   * judged entry keyed `[2/2]` goes stale rather than silently moving to another site.
   */
  readonly key: string;
  readonly fn: string;
  readonly operator: Operator;
  /** The callees the mutation touches (a judged entry's guard; empty for `negate`). */
  readonly callees: readonly string[];
  readonly at: string;
  readonly desc: string;
  readonly apply: (fn: IrFunction) => IrFunction;
  /**
   * Outcome known without running it, and the argument (docs/mutants.md, "Decided by rule"). For a
   * model gap, `leaf` is the callee whose effect the model does not track.
   */
  readonly decided?: { readonly status: 'equivalent' | 'model-gap'; readonly rule: string; readonly leaf?: string };
}

/**
 * Names the kernel changed between the trees (5.10 → 6.1 → 6.12), folded to the 6.12 spelling in
 * mutant keys: `__enter_from_user_mode` (kernel/entry/common.c) became the header inline
 * `enter_from_user_mode`, likewise `__exit_to_user_mode`; `__syscall_enter_from_user_work` became
 * `syscall_enter_from_user_mode_work`; context tracking's `CONTEXT_USER` became `CT_STATE_USER`
 * and its raw state read `ct_state()` (5.10) `__ct_state()`; x86's `arch_check_user_regs()` (5.10)
 * became `arch_enter_from_user_mode()`; `tracehook_notify_resume()` (5.10) became
 * `resume_user_mode_work()`; 5.10's `irqentry_exit_cond_resched()` is the function that is
 * `raw_irqentry_exit_cond_resched()` once PREEMPT_DYNAMIC made the old name a dispatcher.
 * A name that is still a different function in a later tree is never folded (keys must stay
 * unique: allMutants() checks). 7.x's split helpers (irqentry_enter_from_kernel_mode() …) are
 * new functions, not renames: their mutants have keys of their own.
 */
export const RENAMED: ReadonlyArray<readonly [string, string]> = [
  ['__enter_from_user_mode', 'enter_from_user_mode'],
  ['__exit_to_user_mode', 'exit_to_user_mode'],
  ['__syscall_enter_from_user_work', 'syscall_enter_from_user_mode_work'],
  ['CONTEXT_USER', 'CT_STATE_USER'],
  ['ct_state', '__ct_state'],
  ['arch_check_user_regs', 'arch_enter_from_user_mode'],
  ['tracehook_notify_resume', 'resume_user_mode_work'],
  ['irqentry_exit_cond_resched', 'raw_irqentry_exit_cond_resched'],
];

/** A name or text with RENAMED folded (whole identifiers only). */
export function canonical(text: string): string {
  let out = text;
  for (const [from, to] of RENAMED) out = out.replace(new RegExp(`(?<![\\w])${from}(?![\\w])`, 'g'), to);
  return out;
}

/** Assign stable keys (see `Mutant.key`) to one function's mutants. */
function withKeys(fn: string, ms: readonly Omit<Mutant, 'key'>[]): Mutant[] {
  const base = ms.map((m) => `${canonical(fn)}: ${canonical(m.desc)}`);
  const total = new Map<string, number>();
  for (const b of base) total.set(b, (total.get(b) ?? 0) + 1);
  const seen = new Map<string, number>();
  return ms.map((m, i) => {
    const b = base[i]!;
    const k = (seen.get(b) ?? 0) + 1;
    seen.set(b, k);
    const n = total.get(b)!;
    return { ...m, key: n > 1 ? `${b} [${k}/${n}]` : b };
  });
}

// ─────────────────────────────────────────────────────────────── stateless callees ──

/**
 * A primitive is stateless when running it never changes the machine: it may only report (an
 * assertion) or nothing at all (a leaf whose effect the model does not track, e.g. KMSAN's
 * unpoisoning). Decided by running it on a spread of machine states and configs, not by a list.
 */
/** Machine fields that are the explorer's bookkeeping, not CPU state (left at their defaults). */
// pmr/daifI/daifD: arm64 priority masking, 0 in the classic layout (it has no GIC priorities);
// taskEqsFlag: s390's arch_in_rcu_eqs() task flag, 0 where the layout has no such hook (x86);
// softMask/irqHappened/msrEE/belowEndSoftMasked: powerpc 64-bit soft masking, 0 in a layout without
// it (the encoding refuses them there).
const BOOKKEEPING: ReadonlySet<string> = new Set(['halted', 'done', 'started', 'lastStepChanged', 'nmiNonidle', 'nmiOffset', 'pmr', 'daifI', 'daifD', 'taskEqsFlag', 'softMask', 'irqHappened', 'msrEE', 'belowEndSoftMasked']);
/** Fields with more than two values; every other numeric field of Machine is drawn from {0, 1},
 *  so state the model adds later is varied too (a primitive that consumes it is not stateless). */
const FIELD_RANGES: Readonly<Record<string, (rnd: (n: number) => number) => number>> = {
  lockdepCtx: (rnd) => rnd(3),
  debugLocks: (rnd) => (rnd(4) ? 1 : 0),
  rcuNesting: (rnd) => rnd(3),
  preempt: (rnd) => [0, 1, 0x100, 0x10000, 0x110000, 0x10001][rnd(6)]!,
  ct: (rnd) => rnd(4),
  userWork: (rnd) => rnd(16),
};

/** A machine with every CPU-state field drawn at random within its range, inside one vector. */
function randomMachine(rnd: (n: number) => number): Machine {
  const m = new Machine();
  const fields = m as unknown as Record<string, unknown>;
  for (const k of Object.keys(m)) {
    if (typeof fields[k] !== 'number' || BOOKKEEPING.has(k)) continue;
    fields[k] = FIELD_RANGES[k]?.(rnd) ?? rnd(2);
  }
  m.setNmiNesting(rnd(2), rnd(5) - 1);
  const ctx: InterruptContext = { kind: rnd(3) as VectorKind, savedIF: rnd(2), userMode: rnd(2), frameBase: 0, savedLockdepOn: rnd(2), savedTracerOff: rnd(2), savedRcuWatching: rnd(2), savedRcuNesting: rnd(2), savedNmiNonidle: 1, savedNmiOffset: 0, savedPreempt: 0, savedLockdepCtx: 0, savedCt: 0, toldOff: rnd(2), savedXenInHcall: rnd(2), savedAsyncMasked: 0, savedPmr: 0, savedDaifI: 0, savedDaifD: 0, enabledWait: 0, pswIrqsMasked: 0, savedSoftMask: 0, savedMsrEE: 0, entrySoftMask: 0, entryHappened: 0, nip: 0, savedBelowEndSoftMasked: 0, eventsPending: rnd(2), regsExitRcu: 0, regsLockdepHardirqs: 0 };
  m.contexts.push(ctx);
  m.frames.push({ fn: 0, pc: 0, instr: rnd(3), locals: [1] });
  return m;
}

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
    for (let k = 0; k < 200; k++) machines.push(randomMachine(rnd));
    // Primitive semantics do not depend on the tree: probe over the hand-written product lattice
    // (every axis, a superset of each tree's buildable configs), so "stateless" holds in every tree.
    const configs = enumerateLattice({ vary: KERNEL_LATTICE.vary, fixed: {} });
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

export function mutantsOf(fn: IrFunction, ir: IrProgram, name = fn.name): Mutant[] {
  const out: Omit<Mutant, 'key'>[] = [];
  const targets = new Set<number>();
  for (const op of fn.ops) if (op.kind === OpKind.Jump || op.kind === OpKind.BranchIfFalse) targets.add(op.target);
  const at = (op: Op): string => `${op.loc.file}:${op.loc.line}`;
  const add = (operator: Operator, op: Op, callees: readonly string[], desc: string, apply: (f: IrFunction) => IrFunction, decided?: Mutant['decided']): void => {
    out.push({ id: `${name}#${out.length + 1}`, fn: name, operator, callees, at: at(op), desc, apply, ...(decided ? { decided } : {}) });
  };
  /** Rule R1: instrumentation_begin/end only move objtool's count, which is read at instrumentable
   *  calls and at return; a non-instrumentable primitive is neither, so the two commute. */
  const commutesWithInstr = (o: Op): boolean => o.kind === OpKind.Call && commutesWithInstrumentation(o.callee, ir);
  const isInstr = (o: Op): boolean => o.kind === OpKind.Call && (o.callee === 'instrumentation_begin' || o.callee === 'instrumentation_end');
  fn.ops.forEach((op, i) => {
    if (op.kind === OpKind.BranchIfFalse) {
      const cond: Expr = { kind: ExprKind.Not, operand: op.cond };
      add('negate', op, [], `negate if (${op.condText})`, (f) => replaceOp(f, i, { ...op, cond, condText: `!(${op.condText})` }));
      return;
    }
    if (op.kind !== OpKind.Call) return;
    // A call the reader wrote into the tree's function (HARNESS_INSERTED_CALLS) is the harness, not
    // the tree's code: it is neither mutated nor moved, and nothing is moved across it.
    if (HARNESS_INSERTED_CALLS.has(op.callee)) return;
    const next = fn.ops[i + 1];
    // Any call with no result but a pure query may be moved (a moved assertion or stateless leaf is
    // checked at a different point, which can matter).
    const swappable = (o: Op | undefined): o is CallOp =>
      o !== undefined && o.kind === OpKind.Call && o.result < 0 && !HARNESS_INSERTED_CALLS.has(o.callee) && (ir.functions.has(o.callee) || (lookupPrimitive(o.callee) !== undefined && lookupPrimitive(o.callee)!.query !== true));
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
      add('swap', op, [op.callee, next.callee], `swap ${callText(op)} ↔ ${callText(next)}`, (f) => {
        const ops = f.ops.slice();
        ops[i] = next;
        ops[i + 1] = op;
        return { ...f, ops };
      }, r1
        ? { status: 'equivalent', rule: 'R1: instrumentation_begin/end commute with a call that is not instrumentable and does not read the count' }
        : r3
          ? CHECKING_LEAVES.has(op.callee) || CHECKING_LEAVES.has(next.callee)
            ? { status: 'model-gap', rule: 'R3: equivalent in the model, but the leaf checks user regs in the kernel (DEBUG_ENTRY), which the model does not', leaf: CHECKING_LEAVES.has(op.callee) ? op.callee : next.callee }
            : { status: 'equivalent', rule: 'R3: swaps a call that changes no state and checks nothing (or two stateless calls)' }
          : undefined);
    }
    if (op.callee === 'instrumentation_begin' || op.callee === 'instrumentation_end') {
      const partner = op.callee === 'instrumentation_begin' ? 'instrumentation_end' : 'instrumentation_begin';
      add('instr', op, [op.callee], `drop ${op.callee}()`, (f) => replaceOp(f, i, nop(op)));
      add('instr', op, [op.callee], `duplicate ${op.callee}()`, (f) => insertOp(f, i + 1, { ...op }));
      add('instr', op, [op.callee, partner], `${op.callee}() → ${partner}()`, (f) => replaceOp(f, i, { ...op, callee: partner }));
      return;
    }
    const st = op.result < 0 ? statelessFunction(op.callee, ir) : { stateless: false, reports: false };
    if (st.stateless) {
      // Rule R2: removing a call that changes no state can only remove the checks made at it.
      add('delete', op, [op.callee], `delete ${callText(op)}`, (f) => replaceOp(f, i, nop(op)),
        st.reports
          ? { status: 'equivalent', rule: 'R2: removes an assertion; a changed state cannot follow from a removed check' }
          : { status: 'model-gap', rule: 'R2: the model tracks no state of this leaf, so removing it removes only the checks at the call', leaf: op.callee });
    } else if (stateChanging(op, ir)) add('delete', op, [op.callee], `delete ${callText(op)}`, (f) => replaceOp(f, i, nop(op)));
    // Siblings are named in the 6.12 spelling (RENAMED); the replacement is the tree's own name.
    const known = (name: string): boolean => lookupPrimitive(name) !== undefined || ir.functions.has(name);
    const own = (name: string): string | undefined => (known(name) ? name : RENAMED.find(([older, to]) => to === name && known(older))?.[0]);
    for (const [a, b] of SIBLINGS) {
      const c = canonical(op.callee);
      const sib = c === a ? b : c === b ? a : null;
      const to = sib === null ? undefined : own(sib);
      if (to) add('sibling', op, [op.callee, to], `${op.callee} → ${to}`, (f) => replaceOp(f, i, { ...op, callee: to }));
    }
  });
  return withKeys(name, out);
}

// ─────────────────────────────────────────────────────────────────────────── checking ──

/**
 * A finding's identities for "new": row, check id, function, source position, and one per entry
 * context it occurs in. A mutant that makes a baseline finding reachable from a context where the
 * baseline has none is killed: on 5.10, where the baseline has I9 on nohz_full user returns (F4),
 * deleting the whole exit work makes the same I9 fire on every return to user mode.
 */
export function findingKeysOf(f: Finding): string[] {
  const base = `${f.row}|${f.check}|${f.function}|${f.loc ? `${f.loc.file}:${f.loc.line}:${f.loc.col}` : ''}`;
  return f.contexts.length === 0 ? [base] : f.contexts.map((c) => `${base}|${c}`);
}

function findingKeys(r: KentryReport): Set<string> {
  return new Set(r.findings.flatMap(findingKeysOf));
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

/**
 * Stage 1: representative configs (full debugging on), per row, chosen from the configs the tree
 * can build (its Kconfig lattice): full preemption with and without NO_HZ_FULL, and the least
 * preemptible model the tree offers (PREEMPTION=none where it exists; 7.x x86 cannot build it,
 * so lazy there). A filter no config of the tree matches is dropped, never run empty.
 *
 * Another arch (`arch` not x86) narrows each to one config, since its lattice points are dearer
 * (arm64 7.3: 96 configs, ~5 s each for its two rows): PREEMPT_RT=n, and the arch's own symbols
 * (ARCH_ONLY_SYMBOLS, where the lattice has them y: arm64's pseudo-NMI and its priority-masking
 * WARN_ON()s) on; then one more config with them off (full preemption, no NO_HZ_FULL), for the
 * classic masking path. A filter the row's own requirements exclude (the pseudo-NMI row without
 * pseudo-NMI) is dropped too.
 */
export function stage1Filters(row: CheckRow, lattice: readonly KConfig[], arch = 'x86', variant: Partial<Record<BoolSymbol, boolean>> = {}): Filter[] {
  // Another arch: a term no config of the lattice matches is a symbol the tree fixes the other way
  // (DEBUG_ENTRY is x86's; arm64 builds it n), dropped, so "full debugging" is the most the tree
  // offers. x86 keeps every term (a lattice without DEBUG_ENTRY=y is an error there, as before).
  const terms = (ts: readonly string[]): string => ts.filter((t) => arch === 'x86' || lattice.some((c) => matchesFilter(c, filter(t)))).join(',');
  const base = terms(['PROVE_LOCKING=y', 'PROVE_RCU=y', 'DEBUG_ENTRY=y', 'TINY_RCU=n', 'PREEMPT_DYNAMIC=n', row.harness.requires.XEN_PV ? 'XEN_PV=y' : 'XEN_PV=n']);
  const debug = lattice.filter((c) => matchesFilter(c, filter(base)));
  // The least preemptible model besides full (RT is its own axis value, not "less preemptible").
  const least = debug.map((c) => c.preempt).filter((p) => p !== PreemptModel.Full && p !== PreemptModel.Rt).sort((a, b) => a - b)[0];
  let extra = ['PREEMPTION=full,NO_HZ_FULL=n', 'PREEMPTION=full,NO_HZ_FULL=y', ...(least === undefined ? [] : [`PREEMPTION=${PREEMPT_NAMES[least]},NO_HZ_FULL=n`])];
  if (arch !== 'x86') {
    const own = [...ARCH_ONLY_SYMBOLS].filter((s) => lattice.some((c) => matchesFilter(c, filter(`${s}=y`))));
    const on = terms(['PREEMPT_RT=n', ...own.map((s) => `${s}=y`)]);
    extra = [...extra.map((x) => (on ? `${x},${on}` : x)), ...(own.length ? [`PREEMPTION=full,NO_HZ_FULL=n,${terms(['PREEMPT_RT=n'])},${own.map((s) => `${s}=n`).join(',')}`] : [])];
  }
  const required = (f: Filter): boolean => Object.entries(row.harness.requires).every(([k, v]) => f.bools[k as BoolSymbol] === undefined || f.bools[k as BoolSymbol] === v);
  const out = extra
    .map((x) => filter(`${base},${x}`))
    .filter((f) => debug.some((c) => matchesFilter(c, f)) && (arch === 'x86' || required(f)));
  if (!out.length) throw new Error(`row ${row.id}: no config of the tree's lattice has full debugging (${base})`);
  // A mutant of (or deleting a call to) a config variant, `fn[PREEMPT_RT=y]`: each config again
  // with the variant's symbols, since the filters above may exclude it (arm64's PREEMPT_RT=n), and
  // one config would leave a mistake only another (NO_HZ_FULL=y) shows in the variant unexercised.
  if (Object.keys(variant).length) {
    for (const f of out.slice()) {
      const g: Filter = { ...f, bools: { ...f.bools, ...variant } };
      if (lattice.some((c) => matchesFilter(c, g)) && required(g) && !out.some((o) => JSON.stringify(o) === JSON.stringify(g))) out.push(g);
    }
  }
  return out;
}

/** The config a variant names (`fn[PREEMPT_RT=y]`, in the mutated function or a callee), if any. */
export function variantOf(m: Pick<Mutant, 'fn' | 'callees'>): Partial<Record<BoolSymbol, boolean>> {
  const out: Partial<Record<BoolSymbol, boolean>> = {};
  for (const name of [m.fn, ...m.callees]) {
    const inner = /\[([^\]]*)\]$/.exec(name)?.[1];
    for (const t of inner?.split(/[\s,]+/) ?? []) {
      const kv = /^(\w+)=([yn])$/.exec(t.trim());
      if (kv) out[kv[1] as BoolSymbol] = kv[2] === 'y';
    }
  }
  return out;
}

/** A mutant's result: its identity (the Mutant's own fields, for --json) and what happened. */
export interface MutantResult extends Pick<Mutant, 'id' | 'key' | 'fn' | 'operator' | 'callees' | 'at' | 'desc'> {
  readonly tree: string;
  /** The arch, when not x86 (`--arch`). */
  readonly arch?: string;
  /**
   * `killed`: a new finding (`by`); `crashed`: the model threw (`by`: the message); `survived`:
   * no new finding over the whole lattice of every reaching row; `stage1-only`: no new finding in
   * stage 1 and stage 2 was skipped (a judged mutant, see `RunOptions.stage2`); `incomplete`: a
   * budget stopped stage 2, so "survived" could not be decided; `unreached`: no row reaches the
   * function; `equivalent` / `model-gap`: decided by a rule without running (`Mutant.decided`).
   */
  readonly status: 'killed' | 'survived' | 'crashed' | 'stage1-only' | 'incomplete' | 'unreached' | 'equivalent' | 'model-gap';
  readonly stage?: 1 | 2;
  /** The first new finding (killed), the model error (crashed), or the rule (decided). */
  readonly by?: string;
  /** The check id of the first new finding (killed). */
  readonly check?: string;
  /** Rule model gaps: the leaf the model does not track. */
  readonly leaf?: string;
  readonly seconds: number;
}

/** Whether kentry can check `arch` on the tree at `root` (its archHarnesses() accepts it). */
function archChecks(root: string, arch: string): boolean {
  try {
    archHarnesses(root, arch);
    return true;
  } catch {
    return false;
  }
}

/** The fetched trees (.cache/kernels/linux-X.Y), oldest first: the default of `--tree`. */
export function fetchedTrees(cache = path.join(process.env.KENTRY_CACHE ?? path.join(REPO, '.cache'), 'kernels')): string[] {
  if (!fs.existsSync(cache)) return [];
  const ver = (v: string): number[] => v.split('.').map(Number);
  return fs
    .readdirSync(cache)
    .map((d) => /^linux-(\d+\.\d+)$/.exec(d)?.[1])
    .filter((v): v is string => v !== undefined && fs.existsSync(path.join(cache, `linux-${v}`, 'Makefile')))
    .sort((a, b) => ver(a)[0]! - ver(b)[0]! || ver(a)[1]! - ver(b)[1]!);
}

export function treeRoot(version: string): string {
  return path.join(process.env.KENTRY_CACHE ?? path.join(REPO, '.cache'), 'kernels', `linux-${version}`);
}

/**
 * Whether `--only` selects mutant `m`: by its function (as the tree names it, or canonically), or
 * by its id (`irqentry_exit#3`), so a run cut short can be finished mutant by mutant. A specialized
 * copy is also selected by its plain name (`el1_interrupt` for `el1_interrupt<handler=…>`), and a
 * config variant by its function's (`__exit_to_user_mode_loop` for `…[PREEMPT_RT=n]`).
 */
export function onlySelects(only: readonly string[], m: Pick<Mutant, 'id' | 'fn'>): boolean {
  return onlySelectsFunction(only, m.fn) || only.includes(m.id);
}

/** Whether `--only` names function `fn` (onlySelects without the mutant ids). */
function onlySelectsFunction(only: readonly string[], fn: string): boolean {
  return only.includes(fn) || only.includes(canonical(fn)) || only.includes(keyName(fn)) || only.includes(variantBase(fn));
}

/**
 * An arch's own mutated functions (`--arch`, not x86): every function the arch's rows reach (the
 * bound program: vectors, nested IRQ and NMI vectors and everything they call) whose definition
 * the tree reader found under `arch/<arch>/` — derived, not listed, so an arch added to
 * ARCH_HARNESSES (powerpc) gets its entry code mutated without a table to keep. Config-specialized
 * copies (`el1_interrupt<handler=…>`, specializeParamCalls) are mutated as bound, since that copy
 * is the one the rows run. In source order (file, line, name), so workers regenerate the same list.
 */
export function archMutatedFunctions(prog: Pick<BoundProgram, 'byName' | 'ir'>, arch: string): string[] {
  const under = `arch/${arch}/`;
  const out: { name: string; file: string; line: number }[] = [];
  for (const name of prog.byName.keys()) {
    const fn = prog.ir.functions.get(name);
    if (fn && fn.loc.file.startsWith(under)) out.push({ name, file: fn.loc.file, line: fn.loc.line });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))).map((x) => x.name);
}

/**
 * A mutant key's arch: x86 keys carry none (they are the keys judged since 5.10); another arch's
 * keys start with `<arch>/` (`arm64/irqentry_exit: …`), so the same generic mistake judged for x86
 * and for arm64 are two entries with arguments about two different callers.
 */
export function archKey(arch: string, key: string): string {
  return arch === 'x86' ? key : `${arch}/${key}`;
}

/**
 * The config variants the program binds for a mutated function (`__exit_to_user_mode_loop[PREEMPT_RT=n]`:
 * the tree reader's text groups, src/explore/program.ts), in name order. Where a function has
 * variants the plain name is not bound, so without these its body was never mutated (x86 7.3's
 * exit loop, arm64's and s390's kernel-mode preemption). Each variant's mutants are its own keys.
 */
function configVariantsOf(prog: Pick<BoundProgram, 'byName'>, name: string): string[] {
  return [...prog.byName.keys()].filter((k) => k.startsWith(`${name}[`)).sort();
}

/** A config variant's function name without its `[SYM=y …]` label. */
function variantBase(name: string): string {
  return name.replace(/\[[^\]]*\]$/, '');
}

/** A function's name in keys: a specialized copy without its `<param=…>` suffix. */
function keyName(fn: string): string {
  return fn.replace(/<[^>]*>$/, '');
}

/**
 * Every mutant of a tree for its arch (`kt.tree.arch`, x86 when absent), in a fixed order
 * (workers regenerate the same list); keys are unique. x86: MUTATED_FUNCTIONS. Another arch: the
 * generic ones its rows reach, then its own (archMutatedFunctions), keys prefixed by the arch.
 */
export function allMutants(kt: Pick<LoadedTree, 'program'> & { readonly tree?: Pick<LoadedTree['tree'], 'arch'> }, only?: readonly string[]): Mutant[] {
  // The tree's code: harness checks the reader inserted are not mutated (binding puts them back).
  const ir = withoutHandlerChecks(kt.program.ir);
  const arch = kt.tree?.arch ?? 'x86';
  const out: Mutant[] = [];
  // The generic functions with their config variants, then the arch's own (archMutatedFunctions
  // lists an arch function's variants already).
  const generic = MUTATED_FUNCTIONS.flatMap((n) => [n, ...configVariantsOf(kt.program, n)]);
  const names = arch === 'x86' ? generic : [...generic, ...archMutatedFunctions(kt.program, arch).filter((n) => !generic.includes(n))];
  for (const name of names) {
    if (only && !onlySelectsFunction(only, name)) continue;
    const fn = ir.functions.get(name);
    if (!fn || !kt.program.byName.has(name)) continue;
    // A config variant (`fn[PPC64=y SMP=y]`, the text groups of src/explore/program.ts) keeps the
    // plain name in its IrFunction; its mutants are named by the program's key, so that they are
    // applied to that body (not the dispatcher's) and keyed apart from the other variants'.
    const ms = mutantsOf(fn, ir, name);
    out.push(...(arch === 'x86' ? ms : ms.map((m) => ({ ...m, key: archKey(arch, m.key.replace(/^[^:]*: /, `${keyName(canonical(m.fn))}: `)) }))));
  }
  const keys = new Set<string>();
  for (const m of out) {
    if (keys.has(m.key)) throw new Error(`mutant key ${m.key} is not unique (${m.id}): two mutated functions fold to one name`);
    keys.add(m.key);
  }
  return out;
}

/**
 * The unmodified tree's findings, per row over the whole lattice. Mutants are checked one row at
 * a time, so the baseline is too (finding keys carry the row). A baseline cut short by a budget
 * would make every "new" finding suspect, so that is an error.
 */
export function baselineKeys(kt: LoadedTree, rows?: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const row of treeRows(kt, rows)) {
    // No wall-clock budget short of the states bound: on a loaded machine the whole-lattice
    // baseline of the Xen upcall row outlasts the 600 s default, and a cut baseline is useless.
    const rep = checkRows('baseline', [row], kt.spec, { bounds: KERNEL_BOUNDS, maxSeconds: 6 * 3600 });
    if (!rep.complete) throw new Error(`baseline of row ${row.id} is incomplete (budget)`);
    for (const k of findingKeys(rep)) out.add(k);
  }
  return out;
}

export interface RunOptions {
  /** Only these rows (default: every row that reaches the mutated function). The baseline must
   *  cover them. */
  readonly rows?: readonly string[];
  /**
   * Run stage 2 (the whole lattice) when stage 1 finds nothing (default true). Without it such a
   * mutant is `stage1-only`: not killed, and not known to survive.
   */
  readonly stage2?: boolean;
}

export function runMutant(kt: LoadedTree, m: Mutant, baseline: ReadonlySet<string>, version: string, opts: RunOptions = {}): MutantResult {
  const started = Date.now();
  const base = { tree: version, ...(kt.tree.arch !== 'x86' ? { arch: kt.tree.arch } : {}), id: m.id, key: m.key, fn: m.fn, operator: m.operator, callees: m.callees, at: m.at, desc: m.desc };
  if (m.decided) {
    return { ...base, status: m.decided.status, by: m.decided.rule, ...(m.decided.leaf ? { leaf: m.decided.leaf } : {}), seconds: 0 };
  }
  const ir = withoutHandlerChecks(kt.program.ir);
  const functions = new Map(ir.functions);
  functions.set(m.fn, m.apply(ir.functions.get(m.fn)!));
  const mutatedIr: IrProgram = { ...ir, functions };
  let status: MutantResult['status'] = opts.stage2 === false ? 'stage1-only' : 'survived';
  let by: string | undefined;
  let check: string | undefined;
  let stage: 1 | 2 | undefined;
  try {
    const prog = bindTree(mutatedIr, kt.layout, kt.tree.arch);
    const mrows = treeRows({ tree: kt.tree, program: prog }).filter((r) => !opts.rows || opts.rows.includes(r.id));
    const reach = rowsReaching(prog, mrows, m.fn).sort((a, b) => ROW_ORDER.indexOf(a.id) - ROW_ORDER.indexOf(b.id));
    if (reach.length === 0) status = 'unreached';
    const stages = opts.stage2 === false ? ([1] as const) : ([1, 2] as const);
    outer: for (const s of stages) {
      for (const row of reach) {
        // x86's stage 1 predates variants: only a mutated variant's own label adds its config there
        // (a callee's would change the configs of mutants judged since 5.10).
        const variant = variantOf(kt.tree.arch === 'x86' ? { fn: m.fn, callees: [] } : m);
        const filters = s === 1 ? stage1Filters(row, kt.lattice, kt.tree.arch, variant) : [undefined];
        for (const f of filters) {
          const rep = checkRows('mutant', [row], kt.spec, { bounds: KERNEL_BOUNDS, maxStates: 20_000_000, maxSeconds: 300, ...(f ? { filter: f } : {}) });
          // A finding is a finding even in a run a budget cut short.
          const fresh = (x: Finding): string | undefined => findingKeysOf(x).find((k) => !baseline.has(k));
          const hit = rep.findings.find((x) => fresh(x) !== undefined);
          if (hit) {
            status = 'killed';
            by = fresh(hit)!;
            check = hit.check;
            stage = s;
            break outer;
          }
          // "Survived" needs the whole lattice of every reaching row.
          if (s === 2 && !rep.complete) status = 'incomplete';
        }
      }
    }
  } catch (e) {
    status = 'crashed';
    by = (e as Error).message.split('\n')[0];
  }
  return { ...base, status, ...(stage ? { stage } : {}), ...(by ? { by } : {}), ...(check ? { check } : {}), seconds: (Date.now() - started) / 1000 };
}

// ────────────────────────────────────────────────────────────────────────── scoring ──

export type Verdict = 'killed' | 'equivalent' | 'outside-model' | 'unexplained';

export interface Scored {
  readonly result: MutantResult;
  readonly verdict: Verdict;
  /** How the verdict was reached: `finding`, `model-bound`, `R1`…`R3`, `judged`, `unmodelled-leaf`, or why it is unexplained. */
  readonly how: string;
  /** A judged entry that is no longer needed (the mutant is killed, or decided by rule). */
  readonly dropEntry?: 'judged but killed (entry can be dropped)' | 'judged but decided by rule (entry can be dropped)';
}

/** The model's own "I cannot represent this" errors count as detection (see docs/mutants.md). */
export function isModelBound(message: string | undefined): boolean {
  return message !== undefined && /^model bound: /.test(message);
}

/** Classify one result against the judged table (entries keyed by `Mutant.key`, already guarded). */
export function score(r: MutantResult, judged: ReadonlyMap<string, JudgedMutant>): Scored {
  const j = judged.get(r.key);
  if (r.status === 'killed' || (r.status === 'crashed' && isModelBound(r.by))) {
    return { result: r, verdict: 'killed', how: r.status === 'killed' ? 'finding' : 'model-bound', ...(j ? { dropEntry: 'judged but killed (entry can be dropped)' as const } : {}) };
  }
  if (r.status === 'equivalent') {
    return { result: r, verdict: 'equivalent', how: (r.by ?? '').slice(0, 2), ...(j ? { dropEntry: 'judged but decided by rule (entry can be dropped)' as const } : {}) };
  }
  // A model error that is not one of its bounds is a bug to look at, judged or not.
  if (r.status === 'crashed') return { result: r, verdict: 'unexplained', how: `model error: ${r.by ?? ''}` };
  if (j) return { result: r, verdict: j.class, how: 'judged' };
  if (r.status === 'model-gap') {
    const leaf = r.leaf ? UNMODELLED_LEAVES.get(canonical(r.leaf)) : undefined;
    if (leaf) return { result: r, verdict: 'outside-model', how: 'unmodelled-leaf' };
    return { result: r, verdict: 'unexplained', how: `rule model gap${r.leaf ? ` (${r.leaf} is not a deliberately unmodelled leaf)` : ''}` };
  }
  const why: Record<string, string> = {
    survived: 'survived the whole lattice',
    'stage1-only': 'survived stage 1 (stage 2 not run)',
    incomplete: 'stage 2 hit a budget',
    unreached: 'no row reaches the function',
  };
  return { result: r, verdict: 'unexplained', how: why[r.status] ?? r.status };
}

/** A judged entry that no longer matches the generated mutants. */
export interface StaleEntry {
  readonly key: string;
  readonly tree: string;
  readonly why: string;
}

/**
 * Guard the judged table against one tree's generated mutants (all of them, not an `--only`
 * subset): every entry that applies to the tree must name an existing mutant with the operator
 * and callees it was judged on. Duplicate keys in the table are stale too.
 */
export function staleJudged(mutants: readonly Pick<Mutant, 'key' | 'operator' | 'callees'>[], tree: string, table: readonly JudgedMutant[] = JUDGED, arch = 'x86'): StaleEntry[] {
  const out: StaleEntry[] = [];
  const byKey = new Map(mutants.map((m) => [m.key, m]));
  const seen = new Set<string>();
  for (const e of table) {
    if (seen.has(e.key)) out.push({ key: e.key, tree, why: 'listed twice in the judged table' });
    seen.add(e.key);
    // Each arch's entries are checked against that arch's mutants (an entry's arch must be its key's).
    if ((e.arch ?? 'x86') !== arch) continue;
    if (archKey(arch, e.key.slice(arch === 'x86' ? 0 : arch.length + 1)) !== e.key) {
      out.push({ key: e.key, tree, why: `an ${arch} entry's key must start with ${arch}/` });
      continue;
    }
    if (e.trees && !e.trees.includes(tree)) continue;
    const m = byKey.get(e.key);
    if (!m) {
      out.push({ key: e.key, tree, why: 'no mutant with this key (the tree or the generator changed)' });
      continue;
    }
    if (m.operator !== e.operator) out.push({ key: e.key, tree, why: `operator is ${m.operator}, judged as ${e.operator}` });
    const callees = m.callees.map(canonical);
    if (callees.length !== e.callees.length || callees.some((c, i) => c !== e.callees[i])) {
      out.push({ key: e.key, tree, why: `callees are [${callees.join(', ')}], judged on [${e.callees.join(', ')}]` });
    }
  }
  return out;
}

/** The judged table as a map, without its stale entries (a stale entry is never applied). */
export function judgedMap(stale: readonly StaleEntry[], tree: string, table: readonly JudgedMutant[] = JUDGED, arch = 'x86'): Map<string, JudgedMutant> {
  const bad = new Set(stale.filter((s) => s.tree === tree).map((s) => s.key));
  return new Map(table.filter((e) => !bad.has(e.key) && (e.arch ?? 'x86') === arch && (!e.trees || e.trees.includes(tree))).map((e) => [e.key, e]));
}

export interface Tally {
  readonly all: number;
  readonly killed: number;
  readonly equivalent: number;
  readonly outsideModel: number;
  readonly unexplained: number;
}

export function tally(scored: readonly Scored[]): Tally {
  const n = (v: Verdict): number => scored.filter((s) => s.verdict === v).length;
  return { all: scored.length, killed: n('killed'), equivalent: n('equivalent'), outsideModel: n('outside-model'), unexplained: n('unexplained') };
}

/** killed / (all − equivalent), and killed / (all − equivalent − outside-model). */
export function killRates(t: Tally): { rate: number; modelled: number } {
  return { rate: t.killed / Math.max(1, t.all - t.equivalent), modelled: t.killed / Math.max(1, t.all - t.equivalent - t.outsideModel) };
}

// ─────────────────────────────────────────────────────────────────────────── workers ──

/** Largest baselines first, so the two workers finish theirs together. */
const BASELINE_ORDER = ['xen-upcall', 'irq', 'exception', 'syscall', 'nmi'];

interface WorkerInit {
  readonly kentryMutantWorker: true;
  readonly version: string;
  readonly arch: string;
  /** `--config`: the sub-lattice every stage runs in (restrictLattice). */
  readonly fixed?: Partial<Record<BoolSymbol, boolean>>;
}

/**
 * The tree with its lattice narrowed to the configs that have `fixed` (`--config PPC64=n`): the
 * baseline, stage 1 and stage 2 all run there, so a kill means a new finding within that
 * sub-lattice (a mutation run of a tree whose Kconfig offered only those configs). Used where the
 * whole lattice's baseline is too slow to take (powerpc's 64-bit half); the run says so in its
 * label. An empty sub-lattice is bad input.
 */
export function restrictLattice(kt: LoadedTree, fixed: Partial<Record<BoolSymbol, boolean>>): LoadedTree {
  const lattice = kt.lattice.filter((c) => matchesFilter(c, { bools: fixed }));
  if (!lattice.length) throw new Error(`--config ${fixedText(fixed)}: no config of the tree's lattice has it`);
  return { ...kt, lattice, spec: { ...kt.spec, fixed: { ...kt.spec.fixed, ...fixed } } };
}

function fixedText(fixed: Partial<Record<BoolSymbol, boolean>>): string {
  return Object.entries(fixed).map(([k, v]) => `${k}=${v ? 'y' : 'n'}`).join(',');
}
type ToWorker = { baselineRow: string } | { baseline: readonly string[] } | { mutant: number; stage2: boolean };
type FromWorker =
  | { ready: true; rows: string[]; mutants: Pick<Mutant, 'id' | 'key' | 'fn' | 'operator' | 'callees' | 'decided'>[] }
  | { baselineRow: string; keys: string[]; seconds: number }
  | { result: MutantResult }
  | { error: string };

async function workerMain(init: WorkerInit): Promise<void> {
  const port = parentPort!;
  try {
    const loaded = await loadTree(treeRoot(init.version), init.arch);
    const kt = init.fixed ? restrictLattice(loaded, init.fixed) : loaded;
    const mutants = allMutants(kt);
    let baseline = new Set<string>();
    port.on('message', (msg: ToWorker) => {
      try {
        if ('baselineRow' in msg) {
          const t0 = Date.now();
          port.postMessage({ baselineRow: msg.baselineRow, keys: [...baselineKeys(kt, [msg.baselineRow])], seconds: (Date.now() - t0) / 1000 } satisfies FromWorker);
        } else if ('baseline' in msg) {
          baseline = new Set(msg.baseline);
        } else {
          port.postMessage({ result: runMutant(kt, mutants[msg.mutant]!, baseline, init.version, { stage2: msg.stage2 }) } satisfies FromWorker);
        }
      } catch (e) {
        port.postMessage({ error: (e as Error).stack ?? String(e) } satisfies FromWorker);
      }
    });
    port.postMessage({
      ready: true,
      rows: treeRows(kt).map((r) => r.id),
      mutants: mutants.map((m) => ({ id: m.id, key: m.key, fn: m.fn, operator: m.operator, callees: m.callees, ...(m.decided ? { decided: m.decided } : {}) })),
    } satisfies FromWorker);
  } catch (e) {
    port.postMessage({ error: (e as Error).stack ?? String(e) } satisfies FromWorker);
  }
}

export interface TreeRun {
  readonly version: string;
  /** The arch checked (`--arch`, default x86). */
  readonly arch: string;
  /** `--config`'s sub-lattice ('' for the whole lattice). */
  readonly config: string;
  readonly results: MutantResult[];
  readonly stale: StaleEntry[];
  /** Generated mutants of the whole tree (the staleness check uses all of them). */
  readonly generated: number;
  readonly seconds: number;
}

/**
 * One tree on `workers` threads. Each worker reads the tree itself; the baseline is computed by the
 * workers one row at a time (largest first), then mutants are handed out one at a time, so an
 * expensive survivor does not hold up a fixed share of the list.
 */
/** How a tree is named in the output: `linux-7.3`, `linux-7.3 (arm64)` for another arch, with `--config`'s sub-lattice after it. */
function treeLabel(version: string, arch: string, config = ''): string {
  const what = [...(arch === 'x86' ? [] : [arch]), ...(config ? [`lattice ${config} only`] : [])];
  return what.length ? `linux-${version} (${what.join(', ')})` : `linux-${version}`;
}

/**
 * A baseline kept for a second run (`--baseline FILE`): the tree, the arch, the checker's source
 * that computed it (`commit`: git's hash of src/, checkerCommit()) and its finding keys. A file for
 * another tree, arch or checker source is recomputed, never reused.
 */
interface BaselineFile {
  readonly version: string;
  readonly arch: string;
  /** `--config`'s sub-lattice ('' for the whole lattice). */
  readonly config?: string;
  readonly commit: string;
  readonly keys: readonly string[];
}

/** The checker's source, as git names it: the tree hash of src/ at HEAD (the baseline depends on
 *  nothing else of the repository), or 'unknown' outside git or with src/ modified. */
function checkerCommit(): string {
  try {
    if (execFileSync('git', ['-C', REPO, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim()) return 'unknown';
    return execFileSync('git', ['-C', REPO, 'rev-parse', 'HEAD:src'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function runTree(version: string, arch: string, only: readonly string[] | undefined, workers: number, stage2: 'default' | 'full' | 'none', log: (s: string) => void, baselineFile?: string, fixed?: Partial<Record<BoolSymbol, boolean>>): Promise<TreeRun> {
  const t0 = Date.now();
  const config = fixed ? fixedText(fixed) : '';
  const label = treeLabel(version, arch, config);
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const pool = Array.from({ length: workers }, () => new Worker(boot, { eval: true, workerData: { kentryMutantWorker: true, version, arch, ...(fixed ? { fixed } : {}) } satisfies WorkerInit }));
  const results: MutantResult[] = [];
  let stale: StaleEntry[] = [];
  let generated = 0;
  let order: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let info: Extract<FromWorker, { ready: true }> | undefined;
      let rows: string[] = [];
      let selected: number[] = [];
      let judged = new Map<string, JudgedMutant>();
      const baseline = new Set<string>();
      let baselineLeft = 0;
      let cached = false;
      let next = 0;
      let running = 0;
      const dispatch = (w: Worker): void => {
        if (next < selected.length) {
          const i = selected[next++]!;
          const m = info!.mutants[i]!;
          // A judged mutant that stage 1 does not kill keeps its judgement; the whole lattice is
          // only needed to call an unjudged mutant "survived" (or with --full).
          // --stage1: stage 2 for nobody (an unjudged survivor is then stage1-only, never survived).
          w.postMessage({ mutant: i, stage2: stage2 === 'full' || (stage2 === 'default' && !judged.has(m.key)) } satisfies ToWorker);
          running++;
        } else if (running === 0) resolve();
      };
      const rowQueue: string[] = [];
      const startBaseline = (w: Worker): void => {
        const row = rowQueue.shift();
        if (row) w.postMessage({ baselineRow: row } satisfies ToWorker);
      };
      pool.forEach((w) => {
        w.on('error', reject);
        w.on('exit', (code) => reject(new Error(`mutant worker exited with ${code}`)));
        w.on('message', (msg: FromWorker) => {
          if ('error' in msg) return reject(new Error(`mutant worker: ${msg.error}`));
          if ('ready' in msg) {
            if (!info) {
              info = msg;
              rows = msg.rows;
              generated = msg.mutants.length;
              stale = staleJudged(msg.mutants, version, JUDGED, arch);
              judged = judgedMap(stale, version, JUDGED, arch);
              selected = msg.mutants.flatMap((m, i) => (!only || onlySelects(only, m) ? [i] : []));
              order = selected.map((i) => msg.mutants[i]!.id);
              rowQueue.push(...[...rows].sort((a, b) => BASELINE_ORDER.indexOf(a) - BASELINE_ORDER.indexOf(b)));
              baselineLeft = rows.length;
              log(`${label}: ${generated} mutants generated, ${selected.length} selected; baseline of ${rows.length} rows on ${workers} worker(s) (tree read in ${((Date.now() - t0) / 1000).toFixed(1)}s)`);
            }
            if (selected.length === 0) return resolve();
            if (cached) return dispatch(w); // a worker up after the cached baseline was sent
            if (baselineFile && fs.existsSync(baselineFile)) {
              const b = JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as BaselineFile;
              if (b.version === version && b.arch === arch && (b.config ?? '') === config && b.commit === checkerCommit() && b.commit !== 'unknown') {
                for (const k of b.keys) baseline.add(k);
                baselineLeft = 0;
                rowQueue.length = 0;
                cached = true;
                log(`${label}: baseline ${baseline.size} findings read from ${baselineFile}`);
                for (const x of pool) x.postMessage({ baseline: [...baseline] } satisfies ToWorker);
                return dispatch(w);
              }
            }
            startBaseline(w);
            return;
          }
          if ('baselineRow' in msg) {
            for (const k of msg.keys) baseline.add(k);
            log(`  baseline ${msg.baselineRow.padEnd(10)} ${msg.keys.length} finding(s), ${msg.seconds.toFixed(1)}s`);
            if (--baselineLeft === 0) {
              log(`${label}: baseline ${baseline.size} findings after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
              if (baselineFile) fs.writeFileSync(baselineFile, JSON.stringify({ version, arch, config, commit: checkerCommit(), keys: [...baseline].sort() } satisfies BaselineFile) + '\n');
              // Workers that came up late may still be reading the tree: they start on their ready.
              for (const x of pool) x.postMessage({ baseline: [...baseline] } satisfies ToWorker);
              for (const x of pool) dispatch(x);
            } else startBaseline(w);
            return;
          }
          const r = msg.result;
          results.push(r);
          running--;
          log(`  ${r.status.padEnd(11)} ${`[${results.length}/${selected.length}]`.padEnd(10)} ${r.id.padEnd(36)} ${r.desc}${r.by ? `  [${r.by}]` : ''}  ${r.seconds.toFixed(1)}s`);
          dispatch(w);
        });
      });
    });
  } finally {
    for (const w of pool) {
      w.removeAllListeners('exit');
      await w.terminate();
    }
  }
  return { version, arch, config, results: results.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)), stale, generated, seconds: (Date.now() - t0) / 1000 };
}

// ──────────────────────────────────────────────────────────────────────────── report ──

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function printTree(run: TreeRun, scored: readonly Scored[], print: (s: string) => void): void {
  const t = tally(scored);
  const { rate, modelled } = killRates(t);
  const secs = run.results.reduce((a, r) => a + r.seconds, 0);
  const byOp = OPERATORS.map((op) => {
    const s = scored.filter((x) => x.result.operator === op);
    return `${op} ${s.filter((x) => x.verdict === 'killed').length}/${s.filter((x) => x.verdict !== 'equivalent').length}`;
  }).join(', ');
  print(`${treeLabel(run.version, run.arch, run.config)}: ${t.all} mutants: ${t.killed} killed (${scored.filter((s) => s.how === 'model-bound').length} by a model bound), ${t.equivalent} equivalent, ${t.outsideModel} outside the model, ${t.unexplained} unexplained; ${secs.toFixed(0)}s of checking, ${run.seconds.toFixed(0)}s wall`);
  print(`  kill rate                           killed / (all − equivalent)                 = ${t.killed}/${t.all - t.equivalent} = ${pct(rate)}`);
  print(`  kill rate within the modelled state killed / (all − equivalent − outside-model) = ${t.killed}/${t.all - t.equivalent - t.outsideModel} = ${pct(modelled)}`);
  print(`  by operator (killed / not equivalent): ${byOp}`);
  const line = (s: Scored): string => `    ${s.result.id.padEnd(36)} ${s.result.at.padEnd(34)} ${s.result.key}`;
  const group = (title: string, xs: readonly Scored[], extra: (s: Scored) => string = () => ''): void => {
    if (!xs.length) return;
    print(`  ${title} (${xs.length}):`);
    for (const s of xs) print(`${line(s)}${extra(s)}`);
  };
  group('UNEXPLAINED survivors', scored.filter((s) => s.verdict === 'unexplained'), (s) => `  [${s.how}]`);
  group('equivalent', scored.filter((s) => s.verdict === 'equivalent'), (s) => `  [${s.how}]`);
  group('outside the model', scored.filter((s) => s.verdict === 'outside-model'), (s) => `  [${s.how}${s.result.leaf ? `: ${s.result.leaf}` : ''}]`);
  group('judged entries no longer needed', scored.filter((s) => s.dropEntry), (s) => `  [${s.dropEntry}${s.result.check ? `; ${s.result.check}` : ''}]`);
  if (run.stale.length) {
    print(`  STALE judged entries (${run.stale.length}):`);
    for (const s of run.stale) print(`    ${s.key}: ${s.why}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tree: { type: 'string', multiple: true }, arch: { type: 'string' }, only: { type: 'string' }, json: { type: 'string' }, quiet: { type: 'boolean' }, workers: { type: 'string' }, full: { type: 'boolean' }, stage1: { type: 'boolean' }, baseline: { type: 'string' }, config: { type: 'string' } } });
  const workers = Math.max(1, Number(values.workers ?? Math.min(2, os.availableParallelism())));
  const arch = values.arch ?? 'x86';
  if (!ARCH_HARNESSES[arch]) throw new Error(`--arch ${arch}: kentry has no ${arch} harnesses (modelled: ${Object.keys(ARCH_HARNESSES).join(', ')})`);
  if (values.full && values.stage1) throw new Error('--full and --stage1 exclude each other');
  // Another arch: the fetched trees kentry can check for it (archHarnesses says why not, per tree).
  const trees = values.tree ?? fetchedTrees().filter((v) => arch === 'x86' || archChecks(treeRoot(v), arch));
  const only = values.only?.split(',');
  // --config SYM=y|n,…: every stage in that sub-lattice (restrictLattice), booleans only.
  let fixed: Partial<Record<BoolSymbol, boolean>> | undefined;
  if (values.config !== undefined) {
    const f = parseConfigFilter(values.config);
    if (typeof f === 'string') throw new Error(`--config ${values.config}: ${f}`);
    if (f.preempt !== undefined) throw new Error(`--config ${values.config}: the preemption model is an axis of every stage, not a sub-lattice; give booleans only`);
    fixed = f.bools;
  }
  const log = values.quiet ? () => {} : (s: string) => console.log(s);
  const t0 = Date.now();
  const runs: TreeRun[] = [];
  for (const v of trees) runs.push(await runTree(v, arch, only, workers, values.full ? 'full' : values.stage1 ? 'none' : 'default', log, values.baseline, fixed));
  const seconds = (Date.now() - t0) / 1000;
  console.log('');
  const allScored: Scored[] = [];
  for (const run of runs) {
    const judged = judgedMap(run.stale, run.version, JUDGED, run.arch);
    const scored = run.results.map((r) => score(r, judged));
    allScored.push(...scored);
    printTree(run, scored, (s) => console.log(s));
  }
  const t = tally(allScored);
  const { rate, modelled } = killRates(t);
  const stale = runs.reduce((a, r) => a + r.stale.length, 0);
  console.log(
    `\ntotal: ${t.all} mutants, ${t.killed} killed, ${t.equivalent} equivalent, ${t.outsideModel} outside the model, ${t.unexplained} unexplained, ${stale} stale judged entr${stale === 1 ? 'y' : 'ies'}; ` +
      `kill rate ${t.killed}/${t.all - t.equivalent} = ${pct(rate)}, within the modelled state ${t.killed}/${t.all - t.equivalent - t.outsideModel} = ${pct(modelled)}; ${seconds.toFixed(0)}s wall`,
  );
  if (values.json) {
    fs.mkdirSync(path.dirname(values.json), { recursive: true });
    const out = { seconds, ...(fixed ? { config: fixedText(fixed) } : {}), tally: t, killRate: rate, killRateModelled: modelled, stale: runs.flatMap((r) => r.stale), results: allScored.map((s) => ({ ...s.result, verdict: s.verdict, how: s.how, ...(s.dropEntry ? { dropEntry: s.dropEntry } : {}) })) };
    fs.writeFileSync(values.json, JSON.stringify(out, null, 2) + '\n');
  }
  process.exitCode = t.unexplained === 0 && stale === 0 ? 0 : 1;
}

if (!isMainThread && (workerData as Partial<WorkerInit> | null)?.kentryMutantWorker === true) {
  void workerMain(workerData as WorkerInit);
} else if (isMainThread && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    // One line, as the CLI does; the stack only with KENTRY_DEBUG=1.
    console.error(process.env.KENTRY_DEBUG === '1' ? e : `mutants: ${((e as Error).message ?? String(e)).split('\n')[0]} (KENTRY_DEBUG=1 for the stack)`);
    process.exitCode = 70;
  });
}
