// One worker of `--jobs N` (src/explore/workers.ts): rebuilds the check's rows from their origins,
// says it is ready, then runs each task it is sent with runOne and posts the outcome back.

import { parentPort, workerData } from 'node:worker_threads';
import { findRow } from '../bundled/manifest.ts';
import { contextById } from '../model/contexts.ts';
import { type CheckRow, type RowOrigin, runOne } from './check.ts';
import { bundledRow, fileTarget } from './targets.ts';
import { toWire, treeKey, type WireConfig, type WorkerInit, type WorkerReply, type WorkerTask } from './workers.ts';
import { type KConfig, treeSymbolsFromData } from '../model/config.ts';

async function buildRow(o: RowOrigin): Promise<CheckRow> {
  switch (o.kind) {
    case 'bundled': {
      const r = findRow(o.id);
      if (!r) throw new Error(`unknown bundled row '${o.id}'`);
      return bundledRow(r);
    }
    case 'file':
      return (await fileTarget([...o.files], o.entry, o.harness, o.era))[0]!;
    case 'kernel': {
      const { bindTree, loadTree, treeLoadOptions, treeRows } = await import('./kernel-target.ts');
      // The calling thread ships the tree's merged IR: binding it is what loadTree() ends with, so
      // the program is the same. Without it, loadTree() reads the tree (memoized per worker).
      const shipped = init.trees.find((t) => t.key === treeKey(o));
      const kt = shipped ? { tree: shipped.tree, program: bindTree(shipped.ir, shipped.layout, o.arch) } : await loadTree(o.root, o.arch, treeLoadOptions(o));
      const row = treeRows(kt, [o.harness])[0];
      if (!row) throw new Error(`${o.root}: no ${o.harness} row`);
      return row;
    }
  }
}

/** A task's config; a tree point's snapshot becomes TreeSymbols again (once per point). */
const points = new Map<number, KConfig>();
function configOf(w: WireConfig): KConfig {
  if (!w.tree) return w as KConfig;
  if (w.point === undefined) throw new Error('a tree point without its number');
  const key = w.point;
  let c = points.get(key);
  if (!c) points.set(key, (c = { preempt: w.preempt, bits: w.bits, tree: treeSymbolsFromData(w.tree) }));
  return c;
}

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: WorkerReply) => port.postMessage(m);

try {
  const rows: CheckRow[] = [];
  for (const o of init.origins) rows.push(await buildRow(o));
  port.on('message', (t: WorkerTask) => {
    try {
      const entry = contextById(t.ctx);
      if (!entry) throw new Error(`unknown context ${t.ctx}`);
      post({ id: t.id, outcome: toWire(runOne(rows[t.row]!, entry, configOf(t.cfg), { bounds: init.bounds }, { states: t.states, deadline: t.deadline })) });
    } catch (e) {
      post({ error: (e as Error).stack ?? String(e) });
    }
  });
  post({ ready: true });
} catch (e) {
  post({ error: (e as Error).stack ?? String(e) });
}
