// npm run bench: explorer throughput and memory on the bundled model, at NMI nesting 1, 2, 3.
// Machines here are noisy: each point is the median of several runs, and the NMI-nesting
// comparison is reported as a ratio to nesting 1. Prints numbers; asserts nothing.

import { ConfigReader, PreemptModel, type KConfig, boolIndex, type BoolSymbol } from '../src/model/config.ts';
import { contextById } from '../src/model/contexts.ts';
import { Engine } from '../src/explore/engine.ts';
import { bfs } from '../src/explore/search.ts';
import { bundledTarget, BUNDLED_LATTICE } from '../src/explore/targets.ts';
import { runCheck } from '../src/explore/check.ts';

function cfgOf(preempt: PreemptModel, on: BoolSymbol[]): KConfig {
  return { preempt, bits: on.reduce((b, s) => b | (1 << boolIndex(s)), 0) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const reps = Number(process.env['KENTRY_BENCH_REPS'] ?? 3);

const rows = await bundledTarget('seed', ['v4', 'v6']);
const cfg = cfgOf(PreemptModel.None, ['PROVE_LOCKING', 'PROVE_RCU', 'NO_HZ_FULL', 'XEN_PV', 'TRACE_IRQFLAGS_NMI_SUPPORT', 'DEBUG_ENTRY']);
const contexts = ['nohz-user-eqs', 'kernel', 'xen-hcall'];

console.log(`kentry bench — rows v4,v6 × contexts ${contexts.join(',')} × 1 config (PREEMPTION=none, lockdep+RCU debug, NO_HZ_FULL, XEN_PV); ${reps} reps, medians`);
console.log('nmi-nesting   distinct-states   states/s      bytes/state   ratio(time vs nesting 1)');
let base = 0;
for (const nmi of [1, 2, 3]) {
  const rates: number[] = [];
  const times: number[] = [];
  let states = 0;
  let bytes = 0;
  for (let r = 0; r < reps; r++) {
    let expanded = 0;
    states = 0;
    bytes = 0;
    const t0 = process.hrtime.bigint();
    for (const row of rows) {
      for (const c of contexts) {
        const entry = contextById(c)!;
        const reader = new ConfigReader(cfg);
        if (!entry.applies(reader)) continue;
        const vector = row.program.byName.get(row.vector)!;
        const engine = new Engine(row.program, { vector, vectorName: 'Xen upcall', nestedIrq: vector, nmi: row.program.byName.get(row.nmiVector!) ?? -1, eventChannel: true }, entry, reader, { nmiNesting: nmi, irqNesting: 1 });
        const { result } = bfs(engine, { maxStates: 50_000_000, deadline: Date.now() + 600_000 });
        expanded += result.statesExplored;
        states += result.distinctStates;
        bytes += result.bytes;
      }
    }
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push(expanded / secs);
    times.push(secs);
  }
  const t = median(times);
  if (nmi === 1) base = t;
  console.log(`${String(nmi).padEnd(14)}${String(states).padEnd(18)}${String(Math.round(median(rates))).padEnd(14)}${(bytes / states).toFixed(1).padEnd(14)}${(t / base).toFixed(2)}×`);
}

// The whole bundled default, as `kentry check` runs it.
const t0 = Date.now();
const all = await bundledTarget('seed');
const report = runCheck('bench', all, { lattice: BUNDLED_LATTICE, bounds: { nmiNesting: 1, irqNesting: 1 }, maxStates: 500_000_000, maxSeconds: 3600 });
const s = report.stats;
console.log(`\nbundled default (kentry check): ${s.runs} runs over ${s.configsInLattice} configs, ${s.statesExplored} states, ${((Date.now() - t0) / 1000).toFixed(1)} s, ${s.statesPerSecond} states/s`);

// Real trees (issue 3): the full check of one tree over its whole config lattice, every harness,
// as `kentry check --kernel` runs it. Reading+parsing is timed separately from the exploration.
// Skipped when the trees are not in the cache (scripts/fetch-kernels.sh puts them there).
import { existsSync } from 'node:fs';
import path from 'node:path';
const { checkRows, KERNEL_BOUNDS, loadTree, treeRows } = await import('../src/explore/kernel-target.ts');
const cacheDir = process.env['KENTRY_CACHE'] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..', '.cache');
console.log('\nkernel tree     read+parse+bind   full check (median of reps)   runs   configs   distinct states   states/s');
for (const v of ['6.1', '6.12']) {
  const root = path.join(cacheDir, 'kernels', `linux-${v}`);
  if (!existsSync(root)) {
    console.log(`linux-${v}: not in ${cacheDir}/kernels (run npm run fetch-kernels)`);
    continue;
  }
  const t1 = Date.now();
  const kt = await loadTree(root);
  const load = (Date.now() - t1) / 1000;
  const rowsOfTree = treeRows(kt);
  const secs: number[] = [];
  let last: ReturnType<typeof checkRows> | undefined;
  for (let r = 0; r < reps; r++) {
    const t2 = Date.now();
    last = checkRows(`linux-${v}`, rowsOfTree, kt.spec, { bounds: KERNEL_BOUNDS });
    secs.push((Date.now() - t2) / 1000);
  }
  const st = last!.stats;
  console.log(
    `${`linux-${v}`.padEnd(16)}${`${load.toFixed(1)} s`.padEnd(18)}${`${median(secs).toFixed(1)} s (min ${Math.min(...secs).toFixed(1)}, max ${Math.max(...secs).toFixed(1)})`.padEnd(30)}${String(st.runs).padEnd(7)}${String(st.configsChecked).padEnd(10)}${String(st.distinctStates).padEnd(18)}${st.statesPerSecond}`,
  );
}
