// The differential check of replaced tree functions: where a primitive replaces a function the tree
// defines (kernel-target.ts `replaced`), the primitive must do what the tree's body does in every
// effect a check can see, or the body must be interpreted instead.
//
// 1. Call sites. The tree is explored as `kentry check --kernel` explores it (every row, context
//    and config; no nested events: nested IRQs and NMIs run the same vectors, so they reach the
//    same call sites from the same kinds of states), with every replaced primitive wrapped so that
//    each call records the state it was called in: the whole CPU state, the interrupt contexts
//    (regs), the arguments, the config, and objtool's view of the caller (noinstr or not, the
//    instrumentation_begin() depth). These are the start states: the values reachable at the call
//    sites, nothing invented.
// 2. Both sides. From each start state, one call is run twice: once bound to the primitive, once
//    to the tree's body for that config's text (the body's own callees bound as everywhere else:
//    interpreted tree code, primitives, opaque sites). Every nondeterministic choice is explored
//    (primitive outcomes, opaque values). The caller is a one-call function with the caller's
//    noinstr-ness and instrumentation depth, so instrumentation sections inside the body (and calls
//    to instrumentable code outside them, or while RCU is not watching) are seen by the same
//    checks (I11, I2) as in the tree.
// 3. Comparison. An outcome is the observable state when the call returns (every Machine field a
//    check reads, the interrupt contexts' mutable fields, the return value, the instrumentation
//    depth the call hands back) together with the ids of the checks fired on the way. The two sets
//    of outcomes must be equal.
//
// A body that cannot be compared is said so with the reason: the front end could not lower it, it
// cannot be bound (an identifier the model has no value for), or it runs opaque sites (per-CPU
// internals, atomics: memory the model does not track), in which case the modelled state it
// reaches is not what the kernel's reaches, and the primitive is the model of those internals.

import type { CallOp, IrFunction, IrProgram } from '../c/ir.ts';
import { ExprKind, OpKind } from '../c/ir.ts';
import { ConfigReader, formatConfig, type KConfig } from '../model/config.ts';
import { contextById } from '../model/contexts.ts';
import { encode, Machine } from '../model/state.ts';
import type { ModelLayout } from '../tree/layout.ts';
import type { PrimitiveDef, PrimitiveEnv } from '../kernel/types.ts';
import { contextApplies, rowContexts, rowLattice, type CheckRow } from './check.ts';
import { Engine, type ExploreBounds, type FiredCheck } from './engine.ts';
import type { LoadedTree, ReplacedBody } from './kernel-target.ts';
import { treeRows } from './kernel-target.ts';
import { bfs } from './search.ts';
import { bindProgram, CalleeKind, decodeLocalPointer, modelledVariantName, type BoundCallee, type BoundFunction, type BoundProgram } from './program.ts';

/** One recorded call of a replaced function. */
export interface CallSite {
  readonly callee: string;
  /** The state at the call (frames dropped; interrupt contexts kept: `regs` tokens name them). */
  readonly machine: Machine;
  readonly args: readonly number[];
  readonly argText: readonly string[];
  /** The caller as objtool sees it: noinstr, and the instrumentation_begin() depth. */
  readonly noinstr: boolean;
  readonly instr: number;
  readonly cfg: KConfig;
  /** Where the call is (the first one recorded with this start state). */
  readonly at: string;
}

/** The fields a check reads, and the contexts' mutable ones: what two outcomes are compared on. */
export function observe(m: Machine): string {
  const ctx = m.contexts.map((c) => `${c.toldOff}${c.eventsPending}`).join(',');
  return [
    `IF=${m.hwIF}`,
    `pc=${m.preempt >>> 0}`,
    `nmin=${m.nmiPercpuNesting}`,
    `nr=${m.needResched}`,
    `nrl=${m.needReschedLazy}`,
    `unseen=${m.reschedUnseen}`,
    `known=${m.reschedKnown}`,
    `asked=${m.reschedAsked}`,
    `ipi=${m.reschedIpi}`,
    `work=${m.userWork}`,
    `rcuog=${m.rcuogDeferred}`,
    `softirq=${m.softirqPending}`,
    `ld=${m.lockdepOn}`,
    `ldctx=${m.lockdepCtx}`,
    `chain=${m.chainKeyChanged}`,
    `prep=${m.lockdepPrepared}`,
    `dl=${m.debugLocks}`,
    `troff=${m.tracerOff}`,
    `rcu=${m.rcuWatching}/${m.rcuNesting}/${m.nmiNesting}`,
    `ct=${m.ct}`,
    `idle=${m.isIdle}`,
    `xen=${m.xenInHcall}`,
    `halted=${m.halted}`,
    `ctx=${ctx}`,
  ].join(' ');
}

/** objtool's view of the caller at the top of `m` (the engine's noinstrContext). */
function callerView(prog: BoundProgram, m: Machine): { noinstr: boolean; instr: number } {
  let depth = 0;
  const base = m.topContext?.frameBase ?? 0;
  for (let i = m.frames.length - 1; i >= 0; i--) {
    const f = m.frames[i]!;
    const fn = prog.functions[f.fn]!;
    depth += f.instr;
    if (fn.noinstr) return { noinstr: true, instr: depth };
    if (!fn.alwaysInline || i === base) return { noinstr: false, instr: depth };
  }
  return { noinstr: false, instr: depth };
}

/** The program with every primitive call to one of `names` recording its call site first. */
function recordingProgram(prog: BoundProgram, names: ReadonlySet<string>, record: (def: PrimitiveDef, env: PrimitiveEnv, fn: BoundFunction, op: CallOp) => void): BoundProgram {
  const functions = prog.functions.map((f) => {
    let changed = false;
    const callees = f.callees.map((c, pc): BoundCallee | null => {
      if (!c || c.kind !== CalleeKind.Primitive) return c;
      const op = calledAs(f.ir.ops[pc] as CallOp);
      if (!names.has(op.callee)) return c;
      changed = true;
      const def = c.def;
      const wrapped: PrimitiveDef = {
        ...def,
        run: (env) => {
          if (env.choice === 0) record(def, env, f, op);
          return def.run(env);
        },
      };
      return { kind: CalleeKind.Primitive, def: wrapped };
    });
    return changed ? { ...f, callees } : f;
  });
  return { ...prog, functions };
}

/**
 * The call as the tree writes it: a config dispatcher's call of the texts a primitive replaces
 * (`ct_state[NO_HZ_FULL=n: modelled]`, program.ts MODELLED_VARIANT) is a call of `ct_state`.
 */
function calledAs(op: CallOp): CallOp {
  const name = modelledVariantName(op.callee);
  return name === undefined ? op : { ...op, callee: name };
}

type Recorder = (def: PrimitiveDef, env: PrimitiveEnv, fn: BoundFunction, op: CallOp) => void;

/** Records each call once per thing it can observe (state, arguments, caller view, config). */
function siteRecorder(out: Map<string, Map<string, CallSite>>, view: BoundProgram, cfgOf: () => KConfig): Recorder {
  return (_def, env, f, op) => {
    const m = env.m;
    const cfg = cfgOf();
    const caller = callerView(view, m);
    const args = [...env.args];
    const key = `${formatConfig(cfg)}|${observe(m)}|${m.contexts.map((c) => `${c.kind}${c.savedIF}${c.userMode}`).join(',')}|${args.map((a) => (decodeLocalPointer(a) ? 'ptr' : a)).join(',')}|${caller.noinstr ? 'noinstr' : 'instr'}:${caller.instr}`;
    let sites = out.get(op.callee);
    if (!sites) out.set(op.callee, (sites = new Map()));
    if (sites.has(key)) return;
    const start = m.clone();
    start.frames = [];
    sites.set(key, { callee: op.callee, machine: start, args, argText: op.argText, noinstr: caller.noinstr, instr: caller.instr, cfg, at: `${f.ir.name}() ${op.loc.file}:${op.loc.line}` });
  };
}

/**
 * Explores the tree and records every call of a replaced function, deduplicated by what the call
 * can observe (state, arguments, caller view, config). Keyed by the name the call is written with.
 */
export function harvestCallSites(kt: LoadedTree, names: ReadonlySet<string>, opts: { readonly bounds?: ExploreBounds; readonly maxStates?: number } = {}): Map<string, Map<string, CallSite>> {
  const out = new Map<string, Map<string, CallSite>>();
  let cfgNow: KConfig | null = null;
  const prog = recordingProgram(kt.program, names, siteRecorder(out, kt.program, () => cfgNow!));
  const bounds = opts.bounds ?? { nmiNesting: 0, irqNesting: 0 };
  const rows: CheckRow[] = treeRows({ tree: kt.tree, program: prog });
  for (const row of rows) {
    const lattice = rowLattice(row, { lattice: kt.spec });
    for (const entry of rowContexts(row, {})) {
      for (const cfg of lattice) {
        if (!contextApplies(entry, cfg).applies) continue;
        cfgNow = cfg;
        const fnId = (name: string | undefined) => (name ? (prog.byName.get(name) ?? -1) : -1);
        const vector = fnId(row.vector);
        const engine = new Engine(prog, { vector, vectorName: row.harness.frameLabel, nestedIrq: -1, nmi: -1, eventChannel: row.harness.eventChannel === true }, entry, new ConfigReader(cfg), bounds);
        const { result } = bfs(engine, { maxStates: opts.maxStates ?? 2_000_000, deadline: Infinity });
        if (!result.complete) throw new Error(`differential: ${row.id}/${entry.id}/${formatConfig(cfg)} did not finish within the state budget`);
      }
    }
  }
  return out;
}

export type Verdict =
  /** Every start state: the same outcomes. */
  | { readonly kind: 'equal'; readonly sites: number; readonly configs: number }
  /** Some start state: different outcomes (the first few, each with the start state and the difference). */
  | { readonly kind: 'mismatch'; readonly sites: number; readonly examples: readonly string[] }
  /** The body cannot be compared: why. */
  | { readonly kind: 'not-comparable'; readonly reason: string };

export interface BodyResult {
  readonly name: string;
  /** Where the body is (or why there is none), and the configs of this text. */
  readonly text: string;
  readonly configs: readonly KConfig[];
  readonly verdict: Verdict;
}

const CALLER = 'kentry_differential_caller';
/** States one side of one call may take before the comparison gives up on it. */
const MAX_CALL_STATES = 20_000;

function callerFn(callee: string, nArgs: number, argText: readonly string[], noinstr: boolean, loc: IrFunction['loc']): IrFunction {
  const slotNames = [...Array.from({ length: nArgs }, (_, i) => `a${i}`), '$ret'];
  return {
    name: CALLER,
    loc,
    attrs: noinstr ? ['noinstr'] : [],
    params: [],
    slotNames,
    ops: [
      { kind: OpKind.Call, loc, callee, args: Array.from({ length: nArgs }, (_, i) => ({ kind: ExprKind.Local, slot: i })), argText: [...argText], result: nArgs },
      // Returns what the call returned, so that the value is live (dead slots are zeroed).
      { kind: OpKind.Return, loc, value: { kind: ExprKind.Local, slot: nArgs } },
    ],
    returnType: 'int',
  };
}

interface SideRun {
  readonly outcomes: Set<string>;
  readonly opaque: string[];
  readonly complete: boolean;
}

/** Runs the caller from the call site's state: every outcome when the call returns. */
function runSide(prog: BoundProgram, site: CallSite, boolReturn: boolean): SideRun {
  const callerId = prog.byName.get(CALLER)!;
  const cfg = new ConfigReader(site.cfg);
  const engine = new Engine(prog, { vector: callerId, vectorName: 'caller', nestedIrq: -1, nmi: -1 }, contextById('kernel')!, cfg, { nmiNesting: 0, irqNesting: 0 });
  const start = site.machine.clone();
  start.contexts = start.contexts.map((c) => ({ ...c, frameBase: 0 }));
  const locals = new Array<number>(prog.functions[callerId]!.nLocals).fill(0);
  site.args.forEach((a, i) => (locals[i] = a));
  start.frames = [{ fn: callerId, pc: 0, instr: site.instr, locals }];
  start.started = 1;
  const outcomes = new Set<string>();
  const seen = new Set<string>();
  const queue: { m: Machine; fired: string }[] = [{ m: start, fired: '' }];
  const words: number[] = [];
  let complete = true;
  while (queue.length) {
    if (seen.size > MAX_CALL_STATES) {
      complete = false;
      break;
    }
    const { m, fired } = queue.shift()!;
    engine.programSuccessors(m, (n: Machine, f: readonly FiredCheck[] | null) => {
      const ids = new Set(fired ? fired.split(',') : []);
      for (const x of f ?? []) ids.add(x.check.id);
      const firedNow = [...ids].sort().join(',');
      if (n.halted || (n.frames.length === 1 && n.frames[0]!.pc === 1)) {
        const top = n.frames[0];
        const ret = top ? top.locals[site.args.length]! : 0;
        outcomes.add(`${observe(n)} ret=${boolReturn ? (ret ? 1 : 0) : ret} instr=${top?.instr ?? '-'} | ${firedNow || 'no check'}`);
        return;
      }
      encode(n, words);
      const key = `${words.join(',')}|${firedNow}`;
      if (seen.has(key)) return;
      seen.add(key);
      queue.push({ m: n, fired: firedNow });
    });
  }
  const opaque = [...new Set([...engine.opaqueSeen.values()].map((s) => `${s.callee} (${s.file}:${s.line})`))].sort();
  return { outcomes, opaque, complete };
}

function setDiff(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

/** Binds the one-call caller over a program, with `body` (if any) as the callee's definition. */
function bindCaller(program: IrProgram, layout: ModelLayout, site: CallSite, body: IrFunction | null): BoundProgram {
  const functions = new Map(program.functions);
  if (body) functions.set(site.callee, body);
  else functions.delete(site.callee);
  functions.set(CALLER, callerFn(site.callee, site.args.length, site.argText, site.noinstr, body?.loc ?? { file: '<differential>', line: 1, col: 1 }));
  const ir: IrProgram = { ...program, functions };
  return bindProgram(ir, [CALLER], { tolerant: true, constants: program.constants ?? new Map(), layout });
}

/** What one call does bound to the primitive and bound to `body`: the outcomes only one side has. */
export interface CallComparison {
  readonly onlyPrimitive: readonly string[];
  readonly onlyBody: readonly string[];
  /** Opaque sites the body ran. */
  readonly opaque: readonly string[];
}

/** Runs one call site both ways over `program` (the rest of the code the body may call). */
export function compareCall(program: IrProgram, layout: ModelLayout, site: CallSite, body: IrFunction): CallComparison {
  const boolReturn = body.returnType === 'bool';
  const p = runSide(bindCaller(program, layout, site, null), site, boolReturn);
  const t = runSide(bindCaller(program, layout, site, body), site, boolReturn);
  if (!t.complete || !p.complete) throw new Error(`differential: ${site.callee}() takes more than ${MAX_CALL_STATES} states`);
  return { onlyPrimitive: setDiff(p.outcomes, t.outcomes), onlyBody: setDiff(t.outcomes, p.outcomes), opaque: t.opaque };
}

/**
 * Compares every replaced function of a loaded tree with its tree body, per distinct text, from
 * the call sites `harvestCallSites` recorded. A replaced function the check itself never calls
 * may still be called by another one's body (user_enter_irqoff() → __ct_user_enter()): calls the
 * bodies make are recorded as call sites too, and compared in a further round.
 */
export function compareReplaced(kt: LoadedTree, harvested: ReadonlyMap<string, ReadonlyMap<string, CallSite>>): BodyResult[] {
  const sites = new Map<string, Map<string, CallSite>>();
  for (const [k, v] of harvested) sites.set(k, new Map(v));
  const names = new Set(kt.merged.replacedBodies.keys());
  const results = new Map<string, BodyResult[]>();
  const counted = new Map<string, number>();
  for (let round = 0; round < 4; round++) {
    let again = false;
    for (const [name, bodies] of [...kt.merged.replacedBodies].sort(([a], [b]) => a.localeCompare(b))) {
      const n = sites.get(name)?.size ?? 0;
      if (results.has(name) && counted.get(name) === n) continue;
      counted.set(name, n);
      if (round > 0) again = true;
      results.set(
        name,
        bodies.map((body) => ({ name, text: describe(body), configs: body.configs, verdict: compareBody(kt, name, body, [...(sites.get(name)?.values() ?? [])], names, sites) })),
      );
    }
    if (round > 0 && !again) break;
  }
  return [...results.keys()].sort().flatMap((k) => results.get(k)!);
}

function describe(body: ReplacedBody): string {
  if (body.fn) return `${body.fn.loc.file}:${body.fn.loc.line}`;
  if (body.unsupported) return `${body.unsupported.loc.file}:${body.unsupported.loc.line}`;
  return 'not defined in this text';
}

function compareBody(kt: LoadedTree, name: string, body: ReplacedBody, calls: readonly CallSite[], names: ReadonlySet<string>, sites: Map<string, Map<string, CallSite>>): Verdict {
  if (!body.fn) {
    if (body.unsupported) return { kind: 'not-comparable', reason: `the front end cannot lower it: ${body.unsupported.reason}` };
    return { kind: 'not-comparable', reason: 'no definition in these configs\' text (a declaration of an out-of-line function, or a macro)' };
  }
  if (isWeakDefinition(kt.merged.ir.sources, body.fn)) return { kind: 'not-comparable', reason: 'a __weak default: the definition that links is the architecture\'s own, which is not read' };
  const inConfigs = new Set(body.configs);
  const here = calls.filter((c) => inConfigs.has(c.cfg));
  if (here.length === 0) return { kind: 'not-comparable', reason: 'no call site reached in these configs' };
  if (here.some((c) => c.args.some((a) => decodeLocalPointer(a) !== null))) return { kind: 'not-comparable', reason: 'takes a pointer to a caller\'s local' };
  const boolReturn = body.fn.returnType === 'bool';
  let cfgNow: KConfig | null = null;
  const bound = new Map<string, { prim: BoundProgram; tree: BoundProgram }>();
  const examples: string[] = [];
  const opaque = new Set<string>();
  let mismatches = 0;
  // Call sites where the primitive reaches an outcome the body cannot, opaque sites and all.
  let outside = 0;
  for (const site of here) {
    const k = `${site.noinstr}:${site.args.length}`;
    let b = bound.get(k);
    if (!b) {
      const tree = bindCaller(kt.merged.ir, kt.layout, site, body.fn);
      const why = tree.unbindable.get(name);
      if (why) return { kind: 'not-comparable', reason: `it cannot be bound: ${why.reason}` };
      // The body's own calls of replaced primitives are call sites of those (recorded with the
      // config of the run that makes them).
      b = { prim: bindCaller(kt.merged.ir, kt.layout, site, null), tree: recordingProgram(tree, new Set([...names].filter((n) => n !== name)), siteRecorder(sites, tree, () => cfgNow!)) };
      bound.set(k, b);
    }
    cfgNow = site.cfg;
    const p = runSide(b.prim, site, boolReturn);
    const t = runSide(b.tree, site, boolReturn);
    if (!t.complete) return { kind: 'not-comparable', reason: `the body takes more than ${MAX_CALL_STATES} states` };
    for (const o of t.opaque) opaque.add(o);
    const onlyPrim = setDiff(p.outcomes, t.outcomes);
    const onlyTree = setDiff(t.outcomes, p.outcomes);
    if (onlyPrim.length === 0 && onlyTree.length === 0) continue;
    mismatches++;
    if (onlyPrim.length > 0) outside++;
    if (examples.length < 3) {
      examples.push(
        [
          `from ${observe(site.machine)} (${formatConfig(site.cfg)}; ${site.noinstr ? 'noinstr' : 'instrumentable'} caller, instr ${site.instr}; args ${site.args.join(', ') || 'none'}; at ${site.at})`,
          ...onlyPrim.map((o) => `  primitive only: ${o}`),
          ...onlyTree.map((o) => `  tree body only: ${o}`),
        ].join('\n'),
      );
    }
  }
  if (mismatches > 0 && opaque.size > 0) {
    const within = outside === 0 ? 'the primitive\'s outcomes are among the body\'s at every call site' : `at ${outside} of ${here.length} call site(s) the primitive reaches an outcome the body cannot`;
    return { kind: 'not-comparable', reason: `the body runs opaque sites: ${[...opaque].join(', ')} (${within})` };
  }
  if (mismatches > 0) return { kind: 'mismatch', sites: mismatches, examples };
  return { kind: 'equal', sites: here.length, configs: new Set(here.map((c) => c.cfg)).size };
}

/** Whether the tree writes the definition `__weak` (the preprocessor blanks the word, so the text says). */
export function isWeakDefinition(sources: ReadonlyMap<string, string>, fn: IrFunction): boolean {
  const text = sources.get(fn.loc.file);
  if (text === undefined) return false;
  const lines = text.split('\n');
  // The declarator from its first line up to the body's opening brace.
  let head = '';
  for (let i = fn.loc.line - 1; i < lines.length && i < fn.loc.line + 8; i++) {
    const l = lines[i]!;
    const brace = l.indexOf('{');
    head += ` ${brace >= 0 ? l.slice(0, brace) : l}`;
    if (brace >= 0) break;
  }
  return /\b__weak\b/.test(head);
}
