// The search keeps its graph compactly (search.ts): a state's parent as its parent's count of
// children (ParentMap), and for I15 only the edges that are not tree edges (CrossEdges). Checked
// here against plain successor lists on random graphs numbered breadth-first as bfs() numbers
// them: every parent, and I15's answer (the smallest stuck state on a stuck cycle or without
// successors), with self-loops, repeated edges and states of more than 255 children.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CrossEdges, firstStuckState, ParentMap } from '../src/explore/search.ts';
import { rng as random } from '../scripts/fuzz.ts';

interface Numbered {
  count: number;
  /** Successor lists by breadth-first id, in emission order. */
  succ: number[][];
  parent: number[];
  parents: ParentMap;
  cross: CrossEdges;
}

/** Explores `graph` (successor lists over arbitrary node names) from node 0 as bfs() does. */
function explore(graph: number[][]): Numbered {
  const idOf = new Map<number, number>([[0, 0]]);
  const nodeOf = [0];
  const parent = [-1];
  const parents = new ParentMap();
  parents.add(0, -1, 0);
  const cross = new CrossEdges();
  const succ: number[][] = [];
  for (let v = 0; v < nodeOf.length; v++) {
    succ.push([]);
    graph[nodeOf[v]!]!.forEach((node, index) => {
      let id = idOf.get(node);
      if (id === undefined) {
        id = nodeOf.length;
        idOf.set(node, id);
        nodeOf.push(node);
        parent.push(v);
        parents.add(id, v, index);
      } else {
        cross.add(v, id);
      }
      succ[v]!.push(id);
    });
  }
  return { count: nodeOf.length, succ, parent, parents, cross };
}

/** I15 by definition: the smallest state that cannot finish and has no successor or reaches itself through states that cannot finish. */
function stuckByDefinition(g: Numbered, finished: (id: number) => boolean): number {
  const canFinish = Array.from({ length: g.count }, (_, v) => finished(v));
  for (let changed = true; changed; ) {
    changed = false;
    for (let v = 0; v < g.count; v++) {
      if (!canFinish[v] && g.succ[v]!.some((w) => canFinish[w])) changed = canFinish[v] = true;
    }
  }
  if (canFinish.every(Boolean)) return -1;
  for (let v = 0; v < g.count; v++) {
    if (canFinish[v]) continue;
    if (g.succ[v]!.length === 0) return v;
    const seen = new Set<number>();
    const todo = [...g.succ[v]!];
    while (todo.length) {
      const w = todo.pop()!;
      if (w === v) return v;
      if (canFinish[w] || seen.has(w)) continue;
      seen.add(w);
      todo.push(...g.succ[w]!);
    }
  }
  return -1;
}

function randomGraph(rnd: () => number, nodes: number, maxDegree: number): number[][] {
  return Array.from({ length: nodes }, (_, n) => {
    // Some nodes fan out widely (more than 255 children), some loop on themselves or repeat an edge.
    const d = rnd() < 0.01 ? 300 : Math.floor(rnd() * (maxDegree + 1));
    const out: number[] = [];
    for (let k = 0; k < d; k++) {
      const r = rnd();
      out.push(r < 0.05 ? n : r < 0.1 && out.length ? out[0]! : Math.floor(rnd() * nodes));
    }
    return out;
  });
}

describe('the compact search graph', () => {
  it('parentOf() and childStarts() give every state’s parent as a plain parent array does', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = random(seed);
      const g = explore(randomGraph(rnd, 50 + Math.floor(rnd() * 2000), 1 + Math.floor(rnd() * 4)));
      for (let w = 0; w < g.count; w++) assert.equal(g.parents.parentOf(w), g.parent[w], `seed ${seed}, state ${w}`);
      const start = g.parents.childStarts(g.count);
      for (let v = 0; v < g.count; v++) {
        for (let w = start[v]!; w < start[v + 1]!; w++) assert.equal(g.parent[w], v);
      }
      assert.equal(start[g.count], g.count);
    }
  });

  it('I15 from parents and cross edges finds the state the definition does', () => {
    let stuckCases = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const rnd = random(seed);
      const g = explore(randomGraph(rnd, 5 + Math.floor(rnd() * 150), 1 + Math.floor(rnd() * 3)));
      const p = rnd() * 0.3;
      const finishedSet = new Set<number>();
      for (let v = 0; v < g.count; v++) if (rnd() < p) finishedSet.add(v);
      const finished = (id: number) => finishedSet.has(id);
      const want = stuckByDefinition(g, finished);
      if (want >= 0) stuckCases++;
      assert.equal(firstStuckState(g.count, g.parents.childStarts(g.count), g.cross, finished), want, `seed ${seed}`);
    }
    assert.ok(stuckCases > 100, `only ${stuckCases} graphs had a stuck state`);
  });
});
