// A check: rows (variants or vectors) × entry contexts × the config lattice, each run an
// exhaustive BFS. Runs whose configs agree on every symbol an earlier run actually read are not
// repeated — exploration is deterministic and reads Kconfig only through ConfigReader, so their
// results are identical. Findings are merged across configs and contexts by (check, location),
// keeping the shortest counterexample.

import type { SourceLoc } from '../c/ir.ts';
import {
  ConfigReader,
  enumerateLattice,
  formatConfig,
  type KConfig,
  type LatticeSpec,
  matchesFilter,
  projectConfig,
  summarizeConfigs,
  type BoolSymbol,
  type PreemptModel,
  type SetOption,
} from '../model/config.ts';
import { contextById, type EntryContext } from '../model/contexts.ts';
import { Machine, VectorKind } from '../model/state.ts';
import { ALL_CHECKS } from '../kernel/index.ts';
import { INVARIANTS } from '../kernel/invariants.ts';
import type { CheckDef } from '../kernel/types.ts';
import type { Finding, KentryReport, OpaqueSite, StateSnapshot, TraceStep, Verdict, VerdictRow } from '../report/schema.ts';
import { REPORT_SCHEMA } from '../report/schema.ts';
import { Engine, type ExploreBounds, type FiredCheck, type HarnessFunctions } from './engine.ts';
import type { HarnessDef } from './harness.ts';
import type { BoundProgram } from './program.ts';
import { bfs, replay } from './search.ts';
import { formatSplat } from '../report/splat.ts';

export const KENTRY_VERSION = '0.1.0';

/** Where kentry's own C models of kernel composites live (attribution skips them). */
export const KERNEL_LIBRARY_DIR = 'src/kernel/c/';

export interface CheckRow {
  readonly id: string;
  readonly title: string;
  readonly harness: HarnessDef;
  readonly program: BoundProgram;
  readonly vector: string;
  /** Function run for nested IRQs when the harness says `irq-vector`. */
  readonly irqVector?: string;
  readonly nmiVector?: string;
  /** Exceptions mask the NMI-class vector until the code unmasks it (arm64 PSTATE.A; HarnessFunctions.asyncMask). */
  readonly asyncMask?: boolean;
  /** The row's vector is an NMI-class event: its return owes the task no exit work (HarnessFunctions.nmiClass). */
  readonly nmiClassVector?: boolean;
  /** The row's vector masks the NMI-class event while it runs (HarnessFunctions.vectorMasksNmi). */
  readonly vectorMasksNmi?: boolean;
  /** The function a replayed soft-masked interrupt runs (ArchHarnesses.replayVector, powerpc 64-bit). */
  readonly replayVector?: string;
  /** Files holding the row's own code; findings elsewhere are attributed to the base. */
  readonly ownFiles?: readonly string[];
  /** How to build this row again in another thread (worker_threads, `--jobs N`). Rows without
   *  one (a mutated program, a test's ad-hoc row) are only checked on the calling thread. */
  readonly origin?: RowOrigin;
  /** A kernel tree's row: the architecture whose entry code it is (src/tree/arches.ts). */
  readonly arch?: string;
  /** The row's own config lattice (its arch's, from that arch's Kconfig), when one check covers
   *  rows of several architectures; default: CheckOptions.lattice. */
  readonly lattice?: LatticeSpec;
}

/** A recipe for a row, plain data: a worker rebuilds the same row from it (src/explore/workers.ts). */
export type RowOrigin =
  | { readonly kind: 'bundled'; readonly id: string }
  | { readonly kind: 'file'; readonly files: readonly { readonly file: string; readonly text: string }[]; readonly entry: string; readonly harness: string; readonly era: string }
  | {
      readonly kind: 'kernel';
      readonly root: string;
      readonly arch: string;
      /** The row id (the harness id but where a vector names its own row, KernelVector.row). */
      readonly harness: string;
      /** How the tree was read (kernel-target.ts TreeLoadOptions): the worker reads it the same way. */
      readonly partial?: boolean;
      readonly set?: readonly SetOption[];
    };

export interface CheckOptions {
  readonly lattice: LatticeSpec;
  readonly filter?: { preempt?: PreemptModel; bools: Partial<Record<BoolSymbol, boolean>> };
  readonly contexts?: readonly string[];
  readonly bounds: ExploreBounds;
  readonly maxStates: number;
  readonly maxSeconds: number;
  /** Called before each run: a label, and how far the check is (for a progress line). */
  readonly progress?: (msg: string, at: CheckProgress) => void;
}

/** Where a check is: `slot` of `slots` (row × context × config, memo hits included), work done so far. */
export interface CheckProgress {
  readonly slot: number;
  readonly slots: number;
  readonly runs: number;
  readonly statesExplored: number;
}

interface MergedFinding {
  attributed: { fn: string; loc: SourceLoc | null };
  row: string;
  check: CheckDef;
  fired: FiredCheck;
  configs: KConfig[];
  contexts: Set<string>;
  context: string;
  trace: TraceStep[];
  splat: string;
  message: string;
}

export interface RunFinding {
  attributed: { fn: string; loc: SourceLoc | null };
  key: string;
  check: CheckDef;
  fired: FiredCheck;
  trace: TraceStep[];
  splat: string;
  message: string;
}

const SNAPSHOT_KEYS: readonly (keyof StateSnapshot)[] = [
  'hwIrqsEnabled',
  'lockdepHardirqsEnabled',
  'lockdepHardirqContext',
  'lockdepChainKeyChanged',
  'debugLocks',
  'tracerIrqsOff',
  'rcuWatching',
  'rcuNesting',
  'rcuNmiNesting',
  'preemptCount',
  'preemptCountDecoded',
  'needResched',
  'softirqPending',
  'ctState',
  'instrumentationDepth',
  'isIdleTask',
  'xenInPreemptibleHcall',
  'nesting',
  'nestingLevel',
];

function locKey(loc: SourceLoc | null): string {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : '';
}

export function sourceLine(sources: ReadonlyMap<string, string>, loc: SourceLoc | null): string {
  if (!loc) return '';
  const text = sources.get(loc.file);
  if (!text) return '';
  return (text.split('\n')[loc.line - 1] ?? '').trim();
}

function levelNames(m: Machine, harness: HarnessDef): string[] {
  return m.contexts.map((c) => (c.kind === VectorKind.Nmi ? 'NMI' : c.kind === VectorKind.Irq ? 'IRQ' : c.kind === VectorKind.Replay ? 'IRQ (replayed)' : harness.frameLabel));
}

function buildTrace(row: CheckRow, steps: ReturnType<typeof replay>, message: string): TraceStep[] {
  const out: TraceStep[] = [];
  let prev = steps.initial.snapshot(levelNames(steps.initial, row.harness));
  steps.steps.forEach((s, i) => {
    const snap = s.state.snapshot(levelNames(s.state, row.harness));
    const changed = SNAPSHOT_KEYS.filter((k) => snap[k] !== prev[k]);
    const last = i === steps.steps.length - 1;
    out.push({
      index: i + 1,
      action: s.label.action,
      function: s.label.fn,
      loc: s.label.loc,
      sourceLine: sourceLine(row.program.sources, s.label.loc),
      level: s.label.level,
      changed,
      state: snap,
      ...(last ? { violation: message } : {}),
      ...(s.label.opaque ? { opaque: s.label.opaque } : {}),
    });
    prev = snap;
  });
  return out;
}

export function fillMessage(check: CheckDef, details: readonly string[]): string {
  return check.message.replace(/\{(\d+)\}/g, (_, i: string) => details[Number(i)] ?? '');
}

/** Call stack (innermost first) of the state a finding fired from. */
function callStack(prog: BoundProgram, m: Machine, fired: FiredCheck): { fn: string; loc: SourceLoc | null }[] {
  const out: { fn: string; loc: SourceLoc | null }[] = [{ fn: fired.fn, loc: fired.loc }];
  // A config dispatcher's step is reported as its caller's (engine.ts reportSite): the caller's
  // frame is the first entry already.
  const top = m.frames.length ? prog.functions[m.frames[m.frames.length - 1]!.fn]! : null;
  const below = top?.configDispatcher && m.frames.length >= 2 && prog.functions[m.frames[m.frames.length - 2]!.fn]!.ir.name === fired.fn ? 3 : 2;
  for (let i = m.frames.length - below; i >= 0; i--) {
    const f = m.frames[i]!;
    const fn = prog.functions[f.fn]!.ir;
    out.push({ fn: fn.name, loc: fn.ops[f.pc]?.loc ?? null });
  }
  return out;
}

/** What one run (row × context × config) gave: all that the merge needs, plain data. */
export type RunOutcome =
  | { readonly applies: false; readonly readMask: number }
  | {
      readonly applies: true;
      readonly readMask: number;
      readonly result: { readonly statesExplored: number; readonly distinctStates: number; readonly maxDepth: number; readonly complete: boolean; readonly collisionProbability: number };
      readonly findings: RunFinding[];
      /** Opaque call sites the run executed (unknown is not zero: the report lists them). */
      readonly opaqueSeen: ReadonlyMap<string, OpaqueSite>;
    };

/** The state budget a run gets: the states left of the check's budget, and the deadline. */
export interface RunBudget {
  readonly states: number;
  readonly deadline: number;
}

/** Whether the entry context applies in cfg, and the symbols deciding that read. */
export function contextApplies(entry: EntryContext, cfg: KConfig): { applies: boolean; readMask: number } {
  const reader = new ConfigReader(cfg);
  return { applies: entry.applies(reader), readMask: reader.readMask };
}

export function runOne(row: CheckRow, entry: EntryContext, cfg: KConfig, opts: Pick<CheckOptions, 'bounds'>, budget: RunBudget): RunOutcome {
  const reader = new ConfigReader(cfg);
  if (!entry.applies(reader)) return { applies: false as const, readMask: reader.readMask };
  const fnId = (name: string | undefined) => (name ? (row.program.byName.get(name) ?? -1) : -1);
  const vector = fnId(row.vector);
  const harnessFns: HarnessFunctions = {
    vector,
    vectorName: row.harness.frameLabel,
    nestedIrq: row.harness.nestedIrq === 'self' ? vector : row.harness.nestedIrq === 'irq-vector' ? fnId(row.irqVector) : -1,
    nmi: row.harness.nmis ? fnId(row.nmiVector) : -1,
    eventChannel: row.harness.eventChannel === true,
    ...(row.asyncMask ? { asyncMask: true } : {}),
    ...(row.nmiClassVector ? { nmiClass: true } : {}),
    ...(row.vectorMasksNmi ? { vectorMasksNmi: true } : {}),
    ...(row.replayVector && fnId(row.replayVector) >= 0 ? { replayIrq: fnId(row.replayVector) } : {}),
  };
  const engine = new Engine(row.program, harnessFns, entry, reader, opts.bounds);
  const { result, parents } = bfs(engine, { maxStates: budget.states, deadline: budget.deadline });
  const findings: RunFinding[] = [];
  for (const raw of result.findings) {
    const steps = replay(engine, parents, raw.parent, raw.succIndex, raw.fired.via);
    const message = fillMessage(raw.fired.check, raw.fired.details);
    const before = steps.steps.length >= 2 ? steps.steps[steps.steps.length - 2]!.state : steps.initial;
    const stack = callStack(row.program, before, raw.fired);
    const splat = formatSplat({
      check: raw.fired.check,
      message,
      stack,
      // The state the check saw: just before the step that fired.
      state: before.snapshot(levelNames(before, row.harness)),
      context: entry.id,
      config: formatConfig(cfg),
    });
    // Kernel-library composites (schedule(), irq_exit_rcu(), …) are the kernel's, like the leaf
    // primitives: a finding inside them belongs to the first caller outside the library.
    const attributed = stack.find((f) => f.loc && !f.loc.file.startsWith(KERNEL_LIBRARY_DIR)) ?? stack[0]!;
    findings.push({
      attributed,
      key: `${raw.fired.check.id}@${locKey(raw.fired.loc)}`,
      check: raw.fired.check,
      fired: raw.fired,
      trace: buildTrace(row, steps, message),
      splat,
      message,
    });
  }
  const { statesExplored, distinctStates, maxDepth, complete, collisionProbability } = result;
  return { applies: true as const, readMask: reader.readMask, result: { statesExplored, distinctStates, maxDepth, complete, collisionProbability }, findings, opaqueSeen: new Map(engine.opaqueSeen) };
}

/** The configs a row is checked in: the lattice with the harness's requirements fixed, narrowed by --config. */
export function rowLattice(row: CheckRow, opts: Pick<CheckOptions, 'lattice' | 'filter'>): KConfig[] {
  const base = row.lattice ?? opts.lattice;
  const spec: LatticeSpec = {
    ...base,
    vary: base.vary.filter((s) => s === 'PREEMPTION' || !(s in row.harness.requires)),
    fixed: { ...base.fixed, ...row.harness.requires },
  };
  return enumerateLattice(spec).filter((c) => !opts.filter || matchesFilter(c, opts.filter));
}

/** The entry contexts a row is checked in (the harness's, narrowed by --context). */
export function rowContexts(row: CheckRow, opts: Pick<CheckOptions, 'contexts'>): EntryContext[] {
  return row.harness.contexts
    .filter((c) => !opts.contexts || opts.contexts.includes(c))
    .map((ctxId) => {
      const entry = contextById(ctxId);
      if (!entry) throw new Error(`harness ${row.harness.id} names unknown context ${ctxId}`);
      return entry;
    });
}

/**
 * Runs one (row, context, config) for the merge, or says the deadline passed (null). The
 * sequential check runs it on the spot; the parallel one (workers.ts) hands out what its workers
 * already computed. Either way the outcome must be the one `runOne` gives with exactly `budget`.
 */
export type RunExecutor = (rowIndex: number, row: CheckRow, entry: EntryContext, cfg: KConfig, budget: RunBudget) => RunOutcome | null;

/** Check rows × contexts × lattice on this thread. */
export function runCheck(target: string, rows: readonly CheckRow[], opts: CheckOptions): KentryReport {
  const started = Date.now();
  return mergeRuns(target, rows, opts, started, (_i, row, entry, cfg, budget) => {
    if (Date.now() > budget.deadline) return null;
    return runOne(row, entry, cfg, opts, budget);
  });
}

/**
 * The check itself: walks rows × contexts × lattice in order, decides which runs the read-set memo
 * skips, and merges the findings. `exec` supplies each run that is not skipped; the report depends
 * only on the outcomes, so any executor that returns runOne's outcomes gives the same report.
 */
export function mergeRuns(target: string, rows: readonly CheckRow[], opts: CheckOptions, started: number, exec: RunExecutor): KentryReport {
  const deadline = started + opts.maxSeconds * 1000;
  let statesExplored = 0;
  let distinctStates = 0;
  let maxDepth = 0;
  let runs = 0;
  let complete = true;
  let collisionProbability = 0;
  // Configs are counted per architecture: two arches' lattices are different configurations
  // even where the model's symbols agree.
  const configsSeen = new Set<string>();
  const latticeSizeByArch = new Map<string, number>();
  const merged = new Map<string, MergedFinding>();
  const rowFindingKeys = new Map<string, string[]>();
  const rowReached = new Map<string, boolean>();
  const slots = opts.progress ? rows.reduce((n, row) => n + rowLattice(row, opts).length * rowContexts(row, opts).length, 0) : 0;
  let slot = 0;
  const rowOpaque = new Map<string, Map<string, OpaqueSite>>();
  outer: for (const [rowIndex, row] of rows.entries()) {
    rowFindingKeys.set(row.id, []);
    const lattice = rowLattice(row, opts);
    latticeSizeByArch.set(row.arch ?? '', Math.max(latticeSizeByArch.get(row.arch ?? '') ?? 0, lattice.length));
    for (const entry of rowContexts(row, opts)) {
      const ctxId = entry.id;
      const memo: { mask: number; proj: string; findings: RunFinding[] | null }[] = [];
      for (const cfg of lattice) {
        slot++;
        const hit = memo.find((e) => projectConfig(cfg, e.mask) === e.proj);
        let findings: RunFinding[] | null;
        if (hit) {
          findings = hit.findings;
        } else {
          const remaining = opts.maxStates - distinctStates;
          if (remaining > 0) opts.progress?.(`${row.id} ${ctxId} ${formatConfig(cfg)}`, { slot, slots, runs, statesExplored });
          const r = remaining <= 0 ? null : exec(rowIndex, row, entry, cfg, { states: remaining, deadline });
          if (r === null) {
            complete = false;
            break outer;
          }
          if (!r.applies) {
            memo.push({ mask: r.readMask, proj: projectConfig(cfg, r.readMask), findings: null });
            continue;
          }
          runs++;
          let sites = rowOpaque.get(row.id);
          if (!sites) rowOpaque.set(row.id, (sites = new Map()));
          for (const [k, v] of r.opaqueSeen) sites.set(k, v);
          statesExplored += r.result.statesExplored;
          distinctStates += r.result.distinctStates;
          maxDepth = Math.max(maxDepth, r.result.maxDepth);
          // A union bound over the runs' tables (each run's visited sets are its own).
          collisionProbability += r.result.collisionProbability;
          findings = r.findings;
          memo.push({ mask: r.readMask, proj: projectConfig(cfg, r.readMask), findings });
          if (!r.result.complete) {
            complete = false;
            // Keep what was found, but this run did not cover its space.
            mergeFindings(row, ctxId, cfg, findings);
            break outer;
          }
        }
        if (findings === null) continue;
        configsSeen.add(`${row.arch ?? ''} ${formatConfig(cfg)}`);
        rowReached.set(row.id, true);
        mergeFindings(row, ctxId, cfg, findings);
      }
    }
  }

  function mergeFindings(row: CheckRow, ctxId: string, cfg: KConfig, findings: RunFinding[]) {
    for (const f of findings) {
      const key = `${row.id}|${f.key}`;
      const m = merged.get(key);
      if (!m) {
        merged.set(key, { attributed: f.attributed, row: row.id, check: f.check, fired: f.fired, configs: [cfg], contexts: new Set([ctxId]), context: ctxId, trace: f.trace, splat: f.splat, message: f.message });
        rowFindingKeys.get(row.id)!.push(key);
      } else {
        if (!m.configs.includes(cfg)) m.configs.push(cfg);
        m.contexts.add(ctxId);
        if (f.trace.length < m.trace.length) {
          m.trace = f.trace;
          m.splat = f.splat;
          m.message = f.message;
          m.context = ctxId;
        }
      }
    }
  }

  // Stable finding ids: rows in order, then violations before hazards, then by location.
  const findings: Finding[] = [];
  const reportRows: VerdictRow[] = [];
  for (const row of rows) {
    const keys = rowFindingKeys.get(row.id) ?? [];
    const list = keys.map((k) => merged.get(k)!);
    list.sort((a, b) => sevRank(a.check) - sevRank(b.check) || invRank(a.check.invariant) - invRank(b.check.invariant) || a.trace.length - b.trace.length || locKey(a.fired.loc).localeCompare(locKey(b.fired.loc)));
    const ids: number[] = [];
    const lattice = rowLattice(row, opts);
    for (const m of list) {
      const id = findings.length + 1;
      ids.push(id);
      const configs = [...m.configs].sort((a, b) => a.preempt - b.preempt || a.bits - b.bits);
      const through = new Map<string, OpaqueSite>();
      for (const st of m.trace) if (st.opaque) through.set(siteKey(st.opaque), st.opaque);
      findings.push({
        id,
        row: row.id,
        ...(row.arch ? { arch: row.arch } : {}),
        check: m.check.id,
        invariant: m.check.invariant,
        severity: m.check.severity,
        message: m.message,
        splat: m.splat,
        function: m.fired.fn,
        loc: m.fired.loc,
        context: m.context,
        contexts: [...m.contexts].sort(),
        configs: configs.map(formatConfig),
        configSummary: summarizeConfigs(configs, lattice),
        trace: m.trace,
        origin: isOwn(row, m.attributed.loc) ? 'row' : 'base',
        ...(m.attributed.fn !== m.fired.fn ? { calledFrom: { function: m.attributed.fn, loc: m.attributed.loc } } : {}),
        ...(through.size > 0 ? { throughOpaque: true, opaqueSites: [...through.values()] } : {}),
      });
    }
    const cellsOf = (fs: MergedFinding[]) => {
      const cells: Record<string, Verdict> = {};
      for (const inv of INVARIANTS) {
        const x = fs.filter((f) => f.check.invariant === inv.id);
        cells[inv.id] = !rowReached.get(row.id) ? 'not-reached' : x.some((f) => f.check.severity === 'violation') ? 'violation' : x.length ? 'hazard' : 'clean';
      }
      return cells;
    };
    const own = list.filter((f) => isOwn(row, f.attributed.loc));
    const verdict = own.some((f) => f.check.severity === 'violation') ? 'violation' : own.length ? 'hazard' : 'clean';
    const sites = [...(rowOpaque.get(row.id)?.values() ?? [])].sort((a, b) => siteKey(a).localeCompare(siteKey(b)));
    reportRows.push({ id: row.id, ...(row.arch ? { arch: row.arch } : {}), title: row.title, cells: cellsOf(list), findings: ids, verdict, ownCells: cellsOf(own), ...(sites.length ? { opaqueSites: sites } : {}) });
  }

  const seconds = (Date.now() - started) / 1000;
  const sources: Record<string, string> = {};
  const opaque = new Map<string, { name: string; loc: SourceLoc }>();
  for (const row of rows) {
    for (const [f, t] of row.program.sources) sources[f] = t;
    for (const o of row.program.opaque) opaque.set(`${o.name}@${locKey(o.loc)}`, o);
  }
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'kentry', version: KENTRY_VERSION },
    target,
    complete,
    invariants: INVARIANTS.map((i) => ({ id: i.id, title: i.title })),
    checks: ALL_CHECKS.map((c) => ({ id: c.id, invariant: c.invariant, severity: c.severity, reporter: c.reporter, message: c.message })),
    rows: reportRows,
    findings,
    opaqueCalls: [...opaque.values()],
    stats: {
      runs,
      configsChecked: configsSeen.size,
      configsInLattice: [...latticeSizeByArch.values()].reduce((a, b) => a + b, 0),
      statesExplored,
      distinctStates,
      maxDepth,
      visitedSet: opts.bounds.exactStates ? 'exact' : 'fingerprints',
      collisionProbability: Math.min(1, collisionProbability),
      seconds,
      statesPerSecond: seconds > 0 ? Math.round(statesExplored / seconds) : statesExplored,
    },
    sources,
  };
}

function siteKey(s: OpaqueSite): string {
  return `${s.file}:${String(s.line).padStart(6, '0')}:${String(s.col).padStart(4, '0')}:${s.callee}`;
}

function isOwn(row: CheckRow, loc: SourceLoc | null): boolean {
  if (!row.ownFiles) return true;
  return loc !== null && row.ownFiles.includes(loc.file);
}

function sevRank(c: CheckDef): number {
  return c.severity === 'violation' ? 0 : 1;
}

function invRank(id: string): number {
  const i = INVARIANTS.findIndex((x) => x.id === id);
  return i < 0 ? 99 : i;
}
