// npm run bench [-- --default] [-- --trees] [-- --reps N] [-- --jobs N]
//
// Explorer throughput and memory, as medians of N repetitions (default 3), each next to the
// visited-set ceiling measured in the same process: a packed open-addressing table of 64-bit
// fingerprints alone, inserting random fingerprints as fast as it can. "of ceiling" is the
// explorer's states/s per core over the ceiling's inserts/s, and its bytes/state over the
// ceiling's bytes/entry: how far the whole model (stepping, encoding, the parent map, traces)
// is from a search that did nothing but remember states.
//
// Always (quick): the bench rows (v4, v6 × 3 contexts × 1 config) at NMI nesting 1, 2, 3.
// --default: the whole bundled default (`kentry check`), with --jobs 1 and --jobs N.
// --trees:   every cached kernel tree (.cache/kernels/linux-*, `kentry check --kernel`), the same;
//            slow (about a minute per tree and job count on this machine).
// Each bench row is followed by its bytes per state by structure (SearchResult.bytesBy), over all
// its states (main and nested-IRQ graphs). Prints numbers; asserts nothing. Machines here are shared: the load average is printed too.

import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { KConfig, BoolSymbol, LatticeSpec } from '../src/model/config.ts';
import type { CheckRow } from '../src/explore/check.ts';
import type { ExploreBounds } from '../src/explore/engine.ts';
import type { JobStats } from '../src/explore/workers.ts';
import { distState } from '../bin/dist-current.js';

// What is measured is what a user runs: the compiled JavaScript in dist/ when bin/kentry.js would
// run it (bin/dist-current.js decides for both; `npm run bench` builds it first). Run through tsx,
// the same sources are about 1.3× slower (its keepNames wrapping of every closure), which is not
// kentry's speed. Without a current build the sources are measured instead and the header says so.
const root = fileURLToPath(new URL('../', import.meta.url));
const distCurrent = distState(root) === 'current';
const lib = (mod: string): string => (distCurrent ? `${root}dist/${mod}.js` : `${root}src/${mod}.ts`);
const { ConfigReader, PreemptModel, boolIndex } = (await import(lib('model/config'))) as typeof import('../src/model/config.ts');
const { contextById } = (await import(lib('model/contexts'))) as typeof import('../src/model/contexts.ts');
const { Engine } = (await import(lib('explore/engine'))) as typeof import('../src/explore/engine.ts');
const { bfs } = (await import(lib('explore/search'))) as typeof import('../src/explore/search.ts');
const { bundledTarget, BUNDLED_LATTICE } = (await import(lib('explore/targets'))) as typeof import('../src/explore/targets.ts');
const { defaultJobs, runCheckJobs } = (await import(lib('explore/workers'))) as typeof import('../src/explore/workers.ts');
type PreemptModel = import('../src/model/config.ts').PreemptModel;

const { values } = parseArgs({ options: { trees: { type: 'boolean' }, default: { type: 'boolean' }, reps: { type: 'string' }, jobs: { type: 'string' } } });
const reps = Number(values.reps ?? process.env['KENTRY_BENCH_REPS'] ?? 3);
const parJobs = Number(values.jobs ?? defaultJobs());

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () => loadavg()[0]!.toFixed(1);

// ───────────────────────────────────────────────────────── the visited-set ceiling ──

/** Inserts n random 64-bit fingerprints into a packed open-addressing table (two uint32 words a
 *  slot, linear probing, doubled at half load); returns inserts/s and bytes/entry at the end. */
function ceiling(n: number): { rate: number; bytesPerEntry: number } {
  let cap = 1 << 12;
  let table = new Uint32Array(cap * 2);
  let used = 0;
  const insert = (hi: number, lo: number, t: Uint32Array, mask: number): boolean => {
    let slot = (Math.imul(lo ^ (hi >>> 7), 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const a = t[slot * 2]!;
      const b = t[slot * 2 + 1]!;
      if (a === 0 && b === 0) {
        t[slot * 2] = hi;
        t[slot * 2 + 1] = lo;
        return true;
      }
      if (a === hi && b === lo) return false;
      slot = (slot + 1) & mask;
    }
  };
  // xorshift64 as two 32-bit halves; the zero fingerprint marks an empty slot and is never drawn.
  let x = 0x12345678;
  let y = 0x9abcdef0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    let t = x ^ (x << 11);
    x = y;
    y = y ^ (y >>> 19) ^ (t ^ (t >>> 8));
    t = y;
    const hi = x >>> 0;
    const lo = t >>> 0 || 1;
    if (used * 2 >= cap) {
      const old = table;
      cap *= 2;
      table = new Uint32Array(cap * 2);
      for (let s = 0; s < old.length; s += 2) if (old[s] !== 0 || old[s + 1] !== 0) insert(old[s]!, old[s + 1]!, table, cap - 1);
    }
    if (insert(hi, lo, table, cap - 1)) used++;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rate: n / secs, bytesPerEntry: table.byteLength / used };
}

const CEILING_N = 2_000_000;
const ceil = (() => {
  const runs = Array.from({ length: reps }, () => ceiling(CEILING_N));
  return { rate: median(runs.map((r) => r.rate)), bytesPerEntry: median(runs.map((r) => r.bytesPerEntry)) };
})();
console.log(`kentry bench — medians of ${reps}; load average ${load()} on ${defaultJobs()} cores; ${distCurrent ? 'the compiled dist/ (what bin/kentry.js runs)' : 'the TypeScript sources through tsx (no current dist/: `npm run build`; about 1.3× slower than what users run)'}`);
console.log(`visited-set ceiling: ${fmt(CEILING_N)} random 64-bit fingerprints into a packed open-addressing table: ${fmt(ceil.rate)} inserts/s, ${ceil.bytesPerEntry.toFixed(1)} B/entry\n`);

const HEAD = `${'what'.padEnd(34)}${'jobs'.padStart(5)}${'states'.padStart(13)}${'wall s'.padStart(9)}${'states/s/core'.padStart(15)}${'of ceiling'.padStart(12)}${'B/state'.padStart(9)}${'of ceiling'.padStart(12)}`;
function line(what: string, jobs: number, states: number, secs: number, bytesPerState: number | null, extra = ''): string {
  const perCore = states / secs / jobs;
  const b = bytesPerState === null ? '—' : bytesPerState.toFixed(1);
  const bRatio = bytesPerState === null ? '—' : `${(bytesPerState / ceil.bytesPerEntry).toFixed(1)}×`;
  return `${what.padEnd(34)}${String(jobs).padStart(5)}${fmt(states).padStart(13)}${secs.toFixed(2).padStart(9)}${fmt(perCore).padStart(15)}${`${(perCore / ceil.rate * 100).toFixed(1)}%`.padStart(12)}${b.padStart(9)}${bRatio.padStart(12)}${extra}`;
}

// ───────────────────────────────────────────────────────────────────── bench rows ──

function cfgOf(preempt: PreemptModel, on: BoolSymbol[]): KConfig {
  return { preempt, bits: on.reduce((b, s) => b | (1 << boolIndex(s)), 0) };
}
const rows = await bundledTarget('seed', ['v4', 'v6']);
const cfg = cfgOf(PreemptModel.None, ['PROVE_LOCKING', 'PROVE_RCU', 'NO_HZ_FULL', 'XEN_PV', 'TRACE_IRQFLAGS_NMI_SUPPORT', 'DEBUG_ENTRY']);
const contexts = ['nohz-user-eqs', 'kernel', 'xen-hcall'];
console.log(`bench rows: v4,v6 × contexts ${contexts.join(',')} × 1 config (PREEMPTION=none, lockdep+RCU debug, NO_HZ_FULL, XEN_PV), one thread`);
console.log(`${HEAD}${'time vs nesting 1'.padStart(19)}`);
let base = 0;
for (const [nmi, exactStates] of [[1, false], [2, false], [3, false], [2, true]] as const) {
  const times: number[] = [];
  let states = 0;
  let bytes = 0;
  let bytesBy = new Map<string, number>();
  for (let r = 0; r < reps; r++) {
    states = 0;
    bytes = 0;
    bytesBy = new Map();
    const t0 = process.hrtime.bigint();
    for (const row of rows) {
      for (const c of contexts) {
        const entry = contextById(c)!;
        const reader = new ConfigReader(cfg);
        if (!entry.applies(reader)) continue;
        const vector = row.program.byName.get(row.vector)!;
        const engine = new Engine(row.program, { vector, vectorName: 'Xen upcall', nestedIrq: vector, nmi: row.program.byName.get(row.nmiVector!) ?? -1, eventChannel: true }, entry, reader, { nmiNesting: nmi, irqNesting: 1, exactStates });
        const { result } = bfs(engine, { maxStates: 50_000_000, deadline: Date.now() + 600_000 });
        states += result.distinctStates;
        bytes += result.bytes;
        for (const [k, b] of Object.entries(result.bytesBy)) bytesBy.set(k, (bytesBy.get(k) ?? 0) + b);
      }
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const t = median(times);
  if (nmi === 1) base = t;
  console.log(`${line(`NMI nesting ${nmi}${exactStates ? ', --exact' : ''}`, 1, states, t, bytes / states)}${`${(t / base).toFixed(2)}×`.padStart(19)}`);
  console.log(`${''.padEnd(4)}B/state by structure: ${[...bytesBy].filter(([, b]) => b > 0).map(([k, b]) => `${k} ${(b / states).toFixed(1)}`).join(', ')}`);
}

// ───────────────────────────────────────────────────── whole checks, jobs 1 and N ──

async function whole(what: string, build: () => Promise<{ rows: CheckRow[]; lattice: LatticeSpec }>, bounds: ExploreBounds): Promise<void> {
  const t0 = Date.now();
  const { rows: checkRows, lattice } = await build();
  const buildSecs = (Date.now() - t0) / 1000;
  const jobsList = parJobs > 1 ? [1, parJobs] : [1];
  const wall = new Map<number, number>();
  for (const jobs of jobsList) {
    const secs: number[] = [];
    let states = 0;
    let runs = 0;
    let js: JobStats | undefined;
    for (let r = 0; r < reps; r++) {
      const t1 = process.hrtime.bigint();
      const rep = await runCheckJobs(what, checkRows, { lattice, bounds, maxStates: 500_000_000, maxSeconds: 3600, jobs, onJobStats: (s) => (js = s) });
      secs.push(Number(process.hrtime.bigint() - t1) / 1e9);
      states = rep.stats.distinctStates;
      runs = rep.stats.runs;
    }
    const t = median(secs);
    wall.set(jobs, t);
    const spread = `  (${runs} runs; min ${Math.min(...secs).toFixed(1)}, max ${Math.max(...secs).toFixed(1)} s${js ? `; ${js.ranOnWorkers} runs on workers, ${js.wasted} wasted, workers ready after ${js.workerReadyMs.map((m) => `${m} ms`).join(', ')}` : ''}${jobs > 1 ? `; speed-up ${(wall.get(1)! / t).toFixed(2)}×` : ''})`;
    console.log(line(what, jobs, states, t, null, spread));
  }
  console.log(`${''.padEnd(4)}rows built in ${buildSecs.toFixed(1)} s (read, preprocess, parse, bind); load average ${load()}`);
}

if (values.default || values.trees) console.log(`\nwhole checks (B/state: the explorer frees each run's store, so only the bench rows report it)\n${HEAD}`);
if (values.default) await whole('bundled default (kentry check)', async () => ({ rows: await bundledTarget('seed'), lattice: BUNDLED_LATTICE }), { nmiNesting: 1, irqNesting: 1 });

if (values.trees) {
  const { kernelTarget, KERNEL_BOUNDS } = (await import(lib('explore/kernel-target'))) as typeof import('../src/explore/kernel-target.ts');
  const cacheDir = process.env['KENTRY_CACHE'] ?? path.join(import.meta.dirname, '..', '.cache');
  const dir = path.join(cacheDir, 'kernels');
  const trees = existsSync(dir) ? readdirSync(dir).filter((d) => d.startsWith('linux-')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [];
  if (!trees.length) console.log(`no kernel trees in ${dir} (npm run fetch-kernels)`);
  for (const t of trees) {
    try {
      await whole(`${t} (kentry check --kernel)`, () => kernelTarget(path.join(dir, t)), KERNEL_BOUNDS);
    } catch (e) {
      console.log(`${t}: not checked (${(e as Error).message.split('\n')[0]})`);
    }
  }
} else if (!values.default) console.log('\n(npm run bench -- --default: the whole bundled default; -- --trees: every cached kernel tree; both slow)');
