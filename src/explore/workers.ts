// `--jobs N`: the runs of a check (row × entry context × config) are independent explorations, so
// they run on worker_threads; the report is then made by the same merge as `--jobs 1`
// (check.ts mergeRuns), fed the workers' outcomes, so it is the same report byte for byte (only the
// wall time and the rate derived from it differ).
//
// Which runs to compute. runCheck skips a config when it agrees, on every symbol an earlier run of
// the same (row, context) read, with that earlier run. So within one (row, context) group the
// sequential choice of runs depends on the outcomes of the earlier runs. The scheduler replays that
// choice per group with the outcomes it has: walking the group's configs in lattice order, a config
// covered by a resolved run is skipped; the first config that is neither covered nor resolved is
// *certain* (the sequential check runs it whatever happens); every later uncovered config is
// *speculative* (a pending run may still cover it). Workers get certain runs first, in lattice
// order across all groups, and speculative ones only when no certain run is left. A speculative run
// the sequential check would have skipped is wasted work, never a different result: its outcome is
// simply not asked for by the merge, and its read set never enters a memo.
//
// Budgets. A run gets the whole state budget; the merge knows the exact budget the sequential
// check would have given it (the budget less the states of the runs before it) and accepts the
// outcome only where the two cannot differ (the run completed within the exact budget, or ran out
// of wall time), otherwise it runs it again on the spot with the exact budget. Once a run hits a
// budget, the deadline passes, or the resolved runs alone use up the state budget, scheduling stops
// and the merge finishes on this thread.
//
// The calling thread is one of the N: it runs runs itself between dispatches (jobs - 1 workers).
// Each worker rebuilds the rows from their `origin` (bundled rows from the manifest, a user's files
// from their text, a kernel tree through loadTree(), once per worker).

import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { formatConfig, type KConfig, projectConfig, setKey, treeSymbolsData, type TreeSymbolsData } from '../model/config.ts';
import type { EntryContext } from '../model/contexts.ts';
import { ALL_CHECKS, MODEL_KCONFIG_READS } from '../kernel/index.ts';
import type { CheckDef } from '../kernel/types.ts';
import type { KentryReport } from '../report/schema.ts';
import type { IrProgram } from '../c/ir.ts';
import { configReadsOf } from './program.ts';
import type { ModelLayout } from '../tree/layout.ts';
import type { TreeFiles } from '../tree/discover.ts';
import {
  type CheckOptions,
  type CheckRow,
  contextApplies,
  mergeRuns,
  type RowOrigin,
  rowContexts,
  rowLattice,
  runCheck,
  runOne,
  type RunFinding,
  type RunOutcome,
} from './check.ts';

/** The default for `--jobs`: every core the process may use. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export interface JobsOptions extends CheckOptions {
  /** Threads running explorations, this one included (1: the sequential check). */
  readonly jobs?: number;
  /** false: this thread only schedules and merges, `jobs` workers explore (default true: this
   *  thread explores too, next to jobs - 1 workers). */
  readonly runHere?: boolean;
  /** Told how the runs were spread once they are computed (npm run bench prints it). */
  readonly onJobStats?: (s: JobStats) => void;
}

export interface JobStats {
  /** Runs computed on the calling thread and on the workers. */
  readonly ranHere: number;
  readonly ranOnWorkers: number;
  /** Runs computed that the sequential check skips (speculation lost) or re-ran with an exact budget. */
  readonly wasted: number;
  /** Milliseconds until each worker had its rows built (for --kernel: loadTree in that worker). */
  readonly workerReadyMs: readonly number[];
}

// ─────────────────────────────────────────────────────────────── messages (plain data) ──

export interface WorkerInit {
  readonly origins: readonly RowOrigin[];
  readonly bounds: CheckOptions['bounds'];
  /** Kernel trees already read on this thread, by `root|arch`: the worker binds the merged IR
   *  (structured-cloned, ~20 ms) instead of reading and parsing the tree again (~10 s). */
  readonly trees: readonly { readonly key: string; readonly tree: TreeFiles; readonly ir: IrProgram; readonly layout: ModelLayout }[];
}

type KernelOrigin = Extract<RowOrigin, { kind: 'kernel' }>;

/** One loaded tree per root, arch and way of reading it (a tree read with a user option set is another program). */
export const treeKey = (o: KernelOrigin) => `${o.root}|${o.arch}|${o.partial ? 'partial' : ''}|${setKey(o.set)}`;

/** The loaded trees the rows come from, to ship to the workers. */
async function loadedTrees(rows: readonly CheckRow[]): Promise<WorkerInit['trees']> {
  const out: { key: string; tree: TreeFiles; ir: IrProgram; layout: ModelLayout }[] = [];
  for (const r of rows) {
    const o = r.origin;
    if (o?.kind !== 'kernel' || out.some((t) => t.key === treeKey(o))) continue;
    const { loadTree, treeLoadOptions } = await import('./kernel-target.ts');
    const kt = await loadTree(o.root, o.arch, treeLoadOptions(o)); // memoized: the tree the rows were built from
    out.push({ key: treeKey(o), tree: kt.tree, ir: kt.program.ir, layout: kt.layout });
  }
  return out;
}

/** A config as a task carries it: a tree point's symbols as a snapshot (treeSymbolsData). */
export interface WireConfig {
  readonly preempt: KConfig['preempt'];
  readonly bits: number;
  /** Which tree point this is, numbered by the calling thread: points of different arches (or
   *  trees) can have the same preempt and bits with other symbols' values, so a worker keeps
   *  each point's symbols by this number, never by preempt and bits. */
  readonly point?: number;
  readonly tree?: TreeSymbolsData;
}

/** Every `IS_ENABLED(CONFIG_X)` name in the rows' code, and every symbol the model reads by name
 *  (MODEL_KCONFIG_READS): what a tree point's snapshot must hold. */
function configNamesOf(rows: readonly CheckRow[]): Set<string> {
  const out = new Set<string>(MODEL_KCONFIG_READS);
  for (const r of rows) for (const n of configReadsOf(r.program.ir.functions.values())) out.add(n);
  return out;
}

export interface WorkerTask {
  readonly id: number;
  readonly row: number;
  readonly ctx: string;
  readonly cfg: WireConfig;
  readonly states: number;
  readonly deadline: number;
}

/** A RunFinding with its CheckDefs replaced by ids (the catalogue is the same module in every thread). */
type WireFinding = Omit<RunFinding, 'check' | 'fired'> & { check: string; fired: Omit<RunFinding['fired'], 'check'> & { check: string } };
export type WireOutcome = Exclude<RunOutcome, { applies: true }> | (Omit<Extract<RunOutcome, { applies: true }>, 'findings'> & { findings: WireFinding[] });

export type WorkerReply = { readonly id: number; readonly outcome: WireOutcome } | { readonly ready: true } | { readonly error: string };

export function toWire(o: RunOutcome): WireOutcome {
  if (!o.applies) return o;
  return { ...o, findings: o.findings.map((f) => ({ ...f, check: f.check.id, fired: { ...f.fired, check: f.fired.check.id } })) };
}

const CHECK_BY_ID: ReadonlyMap<string, CheckDef> = new Map(ALL_CHECKS.map((c) => [c.id, c]));

function checkById(id: string): CheckDef {
  const c = CHECK_BY_ID.get(id);
  if (!c) throw new Error(`worker reported unknown check '${id}'`);
  return c;
}

export function fromWire(o: WireOutcome): RunOutcome {
  if (!o.applies) return o;
  return { ...o, findings: o.findings.map((f) => ({ ...f, check: checkById(f.check), fired: { ...f.fired, check: checkById(f.fired.check) } })) };
}

// ───────────────────────────────────────────────────────────────────────── scheduling ──

interface Group {
  readonly row: number;
  readonly entry: EntryContext;
  readonly cfgs: readonly KConfig[];
}

interface Resolved {
  readonly outcome: RunOutcome;
  /** The state budget the run was given. */
  readonly states: number;
}

const taskKey = (row: number, ctx: string, cfg: KConfig) => `${row}|${ctx}|${cfg.preempt}:${cfg.bits}`;

/** Whether a resolved outcome is the one runOne gives with exactly `states` (see the header). */
function validFor(r: Resolved, states: number): boolean {
  if (!r.outcome.applies) return true;
  const res = r.outcome.result;
  if (res.distinctStates > states) return false; // the exact budget would have stopped it
  if (res.complete) return true;
  // Incomplete within the exact budget: the wall-clock deadline stopped it, or the same budget.
  return res.distinctStates <= r.states || r.states === states;
}

class Pool {
  private readonly workers: Worker[] = [];
  private readonly waiters: ((m: { w: number; reply: WorkerReply } | { error: Error }) => void)[] = [];
  private readonly inbox: ({ w: number; reply: WorkerReply } | { error: Error })[] = [];

  constructor(n: number, init: WorkerInit) {
    const self = fileURLToPath(import.meta.url);
    const ext = path.extname(self);
    const script = path.join(path.dirname(self), `workers-thread${ext}`);
    for (let i = 0; i < n; i++) {
      const w =
        ext === '.ts'
          ? // Running from the TypeScript sources (tests, npm run bench): the worker loads tsx first.
            new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => { t.register(); return import(${JSON.stringify(new URL(`file://${script}`).href)}); });`, { eval: true, workerData: init })
          : new Worker(script, { workerData: init });
      w.on('message', (reply: WorkerReply) => this.push({ w: i, reply }));
      w.on('error', (e) => this.push({ error: e }));
      w.on('exit', (code) => {
        if (code !== 0) this.push({ error: new Error(`worker ${i} exited with code ${code}`) });
      });
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  private push(m: { w: number; reply: WorkerReply } | { error: Error }): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(m);
    else this.inbox.push(m);
  }

  send(w: number, task: WorkerTask): void {
    this.workers[w]!.postMessage(task);
  }

  /** Messages already received, without waiting. */
  drain(): ({ w: number; reply: WorkerReply } | { error: Error })[] {
    return this.inbox.splice(0);
  }

  next(): Promise<{ w: number; reply: WorkerReply } | { error: Error }> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * The check with `jobs` threads. Same report as runCheck (the merge is the same function); rows
 * without an origin, or jobs ≤ 1, run sequentially.
 */
export async function runCheckJobs(target: string, rows: readonly CheckRow[], opts: JobsOptions): Promise<KentryReport> {
  const jobs = opts.jobs ?? 1;
  if (jobs <= 1 || rows.some((r) => !r.origin)) return runCheck(target, rows, opts);
  const started = Date.now();
  const deadline = started + opts.maxSeconds * 1000;
  const { resolved, stats } = await computeRuns(rows, opts, jobs, deadline);
  const used = new Set<string>();
  let reran = 0;
  const report = mergeRuns(target, rows, opts, started, (rowIndex, row, entry, cfg, budget) => {
    const key = taskKey(rowIndex, entry.id, cfg);
    const r = resolved.get(key);
    used.add(key);
    if (r && validFor(r, budget.states)) return r.outcome;
    // Not computed (scheduling stopped at a budget) or computed with a budget that matters.
    if (Date.now() > budget.deadline) return null;
    if (r) reran++;
    return runOne(row, entry, cfg, opts, budget);
  });
  const wasted = [...resolved.keys()].filter((k) => !used.has(k) && resolved.get(k)!.outcome.applies).length + reran;
  opts.onJobStats?.({ ...stats, wasted });
  return report;
}

/** Outcomes of (at least) every run the sequential check makes, up to the point a budget stops it. */
async function computeRuns(rows: readonly CheckRow[], opts: JobsOptions, jobs: number, deadline: number): Promise<{ resolved: Map<string, Resolved>; stats: Omit<JobStats, 'wasted'> }> {
  const t0 = Date.now();
  let ranHere = 0;
  let ranOnWorkers = 0;
  const workerReadyMs: number[] = [];
  const groups: Group[] = [];
  for (const [row, r] of rows.entries()) {
    const cfgs = rowLattice(r, opts);
    for (const entry of rowContexts(r, opts)) groups.push({ row, entry, cfgs });
  }
  const resolved = new Map<string, Resolved>();
  const dispatched = new Set<string>();
  // Tree points travel as snapshots of the symbols the code can read (computed once per point).
  const names = configNamesOf(rows);
  const wired = new Map<KConfig, WireConfig>();
  const wire = (cfg: KConfig): WireConfig => {
    if (!cfg.tree) return cfg as WireConfig;
    let w = wired.get(cfg);
    if (!w) wired.set(cfg, (w = { preempt: cfg.preempt, bits: cfg.bits, point: wired.size, tree: treeSymbolsData(cfg.tree, names) }));
    return w;
  };
  // Applicability is a cheap read of the config: decided here, never sent.
  const applies = new Map<string, { applies: boolean; readMask: number }>();
  const appliesOf = (g: Group, cfg: KConfig) => {
    const k = taskKey(g.row, g.entry.id, cfg);
    let a = applies.get(k);
    if (!a) applies.set(k, (a = contextApplies(g.entry, cfg)));
    return a;
  };

  /** Certain and speculative runs not yet dispatched, in priority order; done when none is unresolved. */
  const plan = (): { next: { g: Group; cfg: KConfig }[]; done: boolean; stop: boolean } => {
    const certain: { g: Group; cfg: KConfig }[] = [];
    const speculative: { g: Group; cfg: KConfig }[] = [];
    let done = true;
    let states = 0;
    let stop = false;
    for (const g of groups) {
      const memo: { mask: number; proj: string }[] = [];
      let open = false; // an earlier config of this group is needed and unresolved
      for (const cfg of g.cfgs) {
        if (memo.some((e) => projectConfig(cfg, e.mask) === e.proj)) continue;
        const a = appliesOf(g, cfg);
        if (!a.applies) {
          if (!open) memo.push({ mask: a.readMask, proj: projectConfig(cfg, a.readMask) });
          continue;
        }
        const k = taskKey(g.row, g.entry.id, cfg);
        if (!open) {
          const r = resolved.get(k);
          if (r && r.outcome.applies) {
            memo.push({ mask: r.outcome.readMask, proj: projectConfig(cfg, r.outcome.readMask) });
            states += r.outcome.result.distinctStates;
            if (!r.outcome.result.complete) stop = true;
            continue;
          }
          open = true;
          done = false;
          if (!dispatched.has(k)) certain.push({ g, cfg });
        } else if (!dispatched.has(k)) speculative.push({ g, cfg });
      }
    }
    if (states >= opts.maxStates || Date.now() > deadline) stop = true;
    return { next: [...certain, ...speculative], done, stop };
  };

  const runHere = opts.runHere !== false;
  const pool = new Pool(runHere ? jobs - 1 : jobs, { origins: rows.map((r) => r.origin!), bounds: opts.bounds, trees: await loadedTrees(rows) });
  const inFlight = new Map<number, number>(); // worker → tasks queued on it
  const tasks = new Map<number, { key: string; states: number; worker: number }>();
  let nextId = 0;
  const ready = new Set<number>();
  const DEPTH = 2; // runs queued per worker, so it never waits for this thread to hand out the next

  const accept = (m: { w: number; reply: WorkerReply } | { error: Error }): void => {
    if ('error' in m) throw m.error instanceof Error ? m.error : new Error(String(m.error));
    const reply = m.reply;
    if ('error' in reply) throw new Error(`worker ${m.w}: ${reply.error}`);
    if ('ready' in reply) {
      ready.add(m.w);
      workerReadyMs[m.w] = Date.now() - t0;
      return;
    }
    ranOnWorkers++;
    const t = tasks.get(reply.id)!;
    tasks.delete(reply.id);
    inFlight.set(t.worker, (inFlight.get(t.worker) ?? 1) - 1);
    resolved.set(t.key, { outcome: fromWire(reply.outcome), states: t.states });
  };

  try {
    for (;;) {
      for (const m of pool.drain()) accept(m);
      const { next, done, stop } = plan();
      if (done || stop) break;
      // Fill the workers that have their rows built.
      let i = 0;
      for (let w = 0; w < pool.size && i < next.length; w++) {
        if (!ready.has(w)) continue;
        while ((inFlight.get(w) ?? 0) < DEPTH && i < next.length) {
          const { g, cfg } = next[i++]!;
          const key = taskKey(g.row, g.entry.id, cfg);
          const id = nextId++;
          tasks.set(id, { key, states: opts.maxStates, worker: w });
          dispatched.add(key);
          inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
          
          pool.send(w, { id, row: g.row, ctx: g.entry.id, cfg: wire(cfg), states: opts.maxStates, deadline });
        }
      }
      if (runHere && i < next.length) {
        // This thread takes the next one itself.
        const { g, cfg } = next[i]!;
        const key = taskKey(g.row, g.entry.id, cfg);
        dispatched.add(key);
        
        const outcome = runOne(rows[g.row]!, g.entry, cfg, opts, { states: opts.maxStates, deadline });
        resolved.set(key, { outcome, states: opts.maxStates });
        ranHere++;
        // Let the workers' replies in before planning again.
        await new Promise((r) => setImmediate(r));
        continue;
      }
      if (tasks.size === 0 && ready.size === pool.size) break; // nothing left to do anywhere
      accept(await pool.next());
    }
  } finally {
    await pool.close();
  }
  return { resolved, stats: { ranHere, ranOnWorkers, workerReadyMs } };
}
