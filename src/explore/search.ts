// Explicit-state breadth-first search over encoded states (Stateright's design: a parent map,
// and traces rebuilt by replaying successor indices from the initial state).
//
// States are variable-length runs of uint32 words in one growable arena; ids are assigned in BFS
// order, so the queue is just the id range [nextToExpand, count). The visited set is an
// open-addressing table of ids keyed by a murmur-style mix of the words. BFS makes every first
// finding a shortest counterexample.

import { decode, encode, Machine } from '../model/state.ts';
import type { Engine, FiredCheck, LabelledStep, NestedPath } from './engine.ts';

export interface SearchResult {
  readonly statesExplored: number;
  readonly distinctStates: number;
  readonly maxDepth: number;
  readonly complete: boolean;
  /** First firing of each (check, location), in BFS order: shortest. */
  readonly findings: readonly RawFinding[];
  /** Bytes held by the arena, table and parent arrays at the end. */
  readonly bytes: number;
}

export interface RawFinding {
  readonly fired: FiredCheck;
  /** State the firing transition starts from, and the transition's successor index. */
  readonly parent: number;
  readonly succIndex: number;
  readonly depth: number;
}

function hashWords(w: readonly number[]): number {
  let h = 0x811c9dc5 ^ w.length;
  for (let i = 0; i < w.length; i++) {
    let k = Math.imul(w[i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class StateStore {
  arena = new Uint32Array(1 << 16);
  arenaUsed = 0;
  start = new Uint32Array(1 << 12);
  parent = new Int32Array(1 << 12);
  succIndex = new Uint16Array(1 << 12);
  depth = new Uint16Array(1 << 12);
  count = 0;
  private table = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;

  private growStates(): void {
    const n = this.start.length * 2;
    const grow = <T extends Uint32Array | Int32Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.start = grow(this.start, (k) => new Uint32Array(k));
    this.parent = grow(this.parent, (k) => new Int32Array(k));
    this.succIndex = grow(this.succIndex, (k) => new Uint16Array(k));
    this.depth = grow(this.depth, (k) => new Uint16Array(k));
  }

  private rehash(): void {
    const size = this.table.length * 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    const tmp: number[] = [];
    for (let id = 0; id < this.count; id++) {
      this.read(id, tmp);
      let slot = hashWords(tmp) & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id + 1;
    }
  }

  length(id: number): number {
    return (id + 1 < this.count ? this.start[id + 1]! : this.arenaUsed) - this.start[id]!;
  }

  read(id: number, out: number[]): void {
    out.length = 0;
    const s = this.start[id]!;
    const e = s + this.length(id);
    for (let i = s; i < e; i++) out.push(this.arena[i]!);
  }

  private equals(id: number, w: readonly number[]): boolean {
    if (this.length(id) !== w.length) return false;
    const s = this.start[id]!;
    for (let i = 0; i < w.length; i++) if (this.arena[s + i] !== w[i]) return false;
    return true;
  }

  /** Inserts if absent; returns [id, isNew]. */
  insert(w: readonly number[], parent: number, succ: number, depth: number): [number, boolean] {
    let slot = hashWords(w) & this.mask;
    for (;;) {
      const v = this.table[slot]!;
      if (v === 0) break;
      if (this.equals(v - 1, w)) return [v - 1, false];
      slot = (slot + 1) & this.mask;
    }
    const id = this.count;
    if (id >= this.start.length) this.growStates();
    if (this.arenaUsed + w.length > this.arena.length) {
      const a = new Uint32Array(Math.max(this.arena.length * 2, this.arenaUsed + w.length));
      a.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = a;
    }
    this.start[id] = this.arenaUsed;
    for (let i = 0; i < w.length; i++) this.arena[this.arenaUsed + i] = w[i]!;
    this.arenaUsed += w.length;
    this.parent[id] = parent;
    this.succIndex[id] = succ;
    this.depth[id] = Math.min(depth, 0xffff);
    this.count++;
    this.table[slot] = id + 1;
    if (this.count * 4 > this.table.length * 3) this.rehash();
    return [id, true];
  }

  bytes(): number {
    return this.arena.byteLength + this.start.byteLength + this.parent.byteLength + this.succIndex.byteLength + this.depth.byteLength + this.table.byteLength;
  }
}

export interface SearchBudget {
  /** Remaining distinct states this search may add; it stops (incomplete) beyond. */
  maxStates: number;
  /** Wall-clock deadline (ms since epoch). */
  deadline: number;
}

/** Successor lists of the expanded states, in CSR form (for the progress check). */
class EdgeList {
  offsets = new Int32Array(1 << 12);
  targets = new Int32Array(1 << 14);
  used = 0;
  startState(id: number): void {
    if (id + 1 >= this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    this.offsets[id] = this.used;
    this.offsets[id + 1] = this.used;
  }
  add(id: number, to: number): void {
    if (this.used >= this.targets.length) {
      const t = new Int32Array(this.targets.length * 2);
      t.set(this.targets);
      this.targets = t;
    }
    this.targets[this.used++] = to;
    this.offsets[id + 1] = this.used;
  }
  bytes(): number {
    return this.offsets.byteLength + this.targets.byteLength;
  }
}

/**
 * I15 on the complete graph: the states from which no path reaches a finished state (the vector
 * returned, or the path ended at a BUG/halting report). Backward reachability from the finished
 * states over the reversed edges; returns the smallest such id (BFS order: shortest to reach),
 * or -1.
 */
function firstStuckState(store: StateStore, edges: EdgeList, finished: (id: number) => boolean): number {
  const count = store.count;
  const inDeg = new Int32Array(count + 1);
  for (let i = 0; i < edges.used; i++) inDeg[edges.targets[i]! + 1]!++;
  for (let i = 0; i < count; i++) inDeg[i + 1]! += inDeg[i]!;
  const revStart = inDeg; // prefix sums: predecessors of v are rev[revStart[v] .. revStart[v+1])
  const fill = revStart.slice(0, count);
  const rev = new Int32Array(edges.used);
  for (let from = 0; from < count; from++) {
    for (let e = edges.offsets[from]!; e < edges.offsets[from + 1]!; e++) rev[fill[edges.targets[e]!]!++] = from;
  }
  const canFinish = new Uint8Array(count);
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  for (let v = 0; v < count; v++) {
    if (finished(v)) {
      canFinish[v] = 1;
      queue[tail++] = v;
    }
  }
  while (head < tail) {
    const v = queue[head++]!;
    for (let e = revStart[v]!; e < revStart[v + 1]!; e++) {
      const u = rev[e]!;
      if (!canFinish[u]) {
        canFinish[u] = 1;
        queue[tail++] = u;
      }
    }
  }
  let any = false;
  for (let v = 0; v < count && !any; v++) if (!canFinish[v]) any = true;
  if (!any) return -1;
  return firstLoopState(count, edges, canFinish);
}

/**
 * The smallest id (shortest to reach) among the stuck states that lie on a cycle of stuck states
 * or have no successor at all: where the CPU actually spins, not the earlier state that only
 * committed to it. Iterative Tarjan over the stuck subgraph.
 */
function firstLoopState(count: number, edges: EdgeList, canFinish: Uint8Array): number {
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const call: number[] = []; // DFS stack of [node, next edge] pairs, flattened
  let next = 0;
  let best = -1;
  for (let root = 0; root < count; root++) {
    if (canFinish[root] || index[root] !== -1) continue;
    call.push(root, edges.offsets[root]!);
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    while (call.length) {
      const v = call[call.length - 2]!;
      const e = call[call.length - 1]!;
      if (e < edges.offsets[v + 1]!) {
        call[call.length - 1] = e + 1;
        const w = edges.targets[e]!;
        if (canFinish[w]) continue;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = 1;
          call.push(w, edges.offsets[w]!);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      call.length -= 2;
      if (call.length) {
        const u = call[call.length - 2]!;
        low[u] = Math.min(low[u]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          members.push(w);
        } while (w !== v);
        let cyclic = members.length > 1 || edges.offsets[v] === edges.offsets[v + 1];
        for (let k = edges.offsets[v]!; !cyclic && k < edges.offsets[v + 1]!; k++) if (edges.targets[k] === v) cyclic = true;
        if (cyclic) for (const x of members) if (best < 0 || x < best) best = x;
      }
    }
  }
  return best;
}


export function bfs(engine: Engine, budget: SearchBudget): { result: SearchResult; store: StateStore } {
  const store = new StateStore();
  const edges = new EdgeList();
  const words: number[] = [];
  encode(engine.initial(), words);
  store.insert(words, -1, 0, 0);
  const findings: RawFinding[] = [];
  /** Index in `findings` of each firing's entry. */
  const seen = new Map<string, number>();
  let expanded = 0;
  let maxDepth = 0;
  let complete = true;
  const tmp: number[] = [];
  let current = 0;
  let succ = 0;
  let curDepth = 0;
  engine.searchBudget = budget;
  const nested = engine.nestedStats;
  const emit = (next: Machine, fired: readonly FiredCheck[] | null) => {
    const index = succ++;
    if (fired) {
      for (const f of fired) {
        const key = firingKey(f);
        const depth = curDepth + (f.via ? nestedLength(f.via) : 1);
        const at = seen.get(key);
        if (at === undefined) {
          seen.set(key, findings.length);
          findings.push({ fired: f, parent: current, succIndex: index, depth });
        } else if (depth < findings[at]!.depth) {
          // Breadth-first order is shortest for a firing on a step of this graph; one inside a
          // summarised nested IRQ is as long as the path to the IRQ plus the path inside it, so a
          // later, deeper arrival with a shorter inside path can still be shorter overall.
          findings[at] = { fired: f, parent: current, succIndex: index, depth };
        }
      }
    }
    encode(next, words);
    const [id, isNew] = store.insert(words, current, index, curDepth + 1);
    edges.add(current, id);
    if (isNew && curDepth + 1 > maxDepth) maxDepth = curDepth + 1;
  };
  for (current = 0; current < store.count; current++) {
    if (store.count + nested.distinct > budget.maxStates || (expanded & 1023) === 0 && Date.now() > budget.deadline) {
      complete = false;
      break;
    }
    store.read(current, tmp);
    const m = decode(tmp, 0, engine.localsCount, engine.prog.layout);
    succ = 0;
    curDepth = store.depth[current]!;
    edges.startState(current);
    engine.successors(m, emit, false);
    expanded++;
  }
  // I15 needs the whole graph: with a budget hit, states not expanded yet would look stuck.
  if (!nested.complete) complete = false;
  if (complete) {
    const stuck = firstStuckState(store, edges, (id) => Machine.finishedWord(store.arena[store.start[id]!]!));
    if (stuck > 0) {
      store.read(stuck, tmp);
      const stuckState = decode(tmp, 0, engine.localsCount, engine.prog.layout);
      store.read(store.parent[stuck]!, tmp);
      const fired = engine.noProgress(stuckState, decode(tmp, 0, engine.localsCount, engine.prog.layout));
      findings.push({ fired, parent: store.parent[stuck]!, succIndex: store.succIndex[stuck]!, depth: store.depth[stuck]! });
    }
  }
  return {
    result: { statesExplored: expanded + nested.expanded, distinctStates: store.count + nested.distinct, maxDepth, complete, findings, bytes: store.bytes() + edges.bytes() },
    store,
  };
}

/** What a nested IRQ can hand back from one CPU state (engine.ts nestedIrq). */
export interface NestedSummary {
  /** Each state the IRQ can return in (or halt in), with the path to it from the delivery. */
  readonly outcomes: readonly { readonly cpu: Machine; readonly path: readonly number[] }[];
  /** The first firing of each check inside, with its path (FiredCheck.via). */
  readonly findings: readonly FiredCheck[];
}

/** Steps a firing inside a summarised nested IRQ adds: the delivery, then its path (and deeper ones). */
function nestedLength(via: NestedPath): number {
  return 1 + via.path.length + (via.inner ? nestedLength(via.inner) : 0);
}

/** The successor indices from the search's first state to `id`. */
function pathTo(store: StateStore, id: number): number[] {
  const path: number[] = [];
  for (let at = id; at > 0; at = store.parent[at]!) path.push(store.succIndex[at]!);
  return path.reverse();
}

/** Identity of a firing for "first firing only": the check and where it fired. */
function firingKey(f: FiredCheck): string {
  return `${f.check.id}@${f.loc ? `${f.loc.file}:${f.loc.line}:${f.loc.col}` : ''}`;
}

/**
 * Explores a nested IRQ from its delivery (`delivered`, with `base` contexts below it) to every
 * state in which it has returned (its IRET popped the context) or halted: a breadth-first search
 * of its own, with the same engine, so NMIs inside it and the environment's events are explored
 * as everywhere else. I15 is decided on this graph too: a state from which the IRQ can never
 * return is a finding here, since the interrupted code's graph sees only the IRQ's outcomes.
 */
export function summarizeNested(engine: Engine, delivered: Machine, base: number): NestedSummary {
  const store = new StateStore();
  const edges = new EdgeList();
  const words: number[] = [];
  const tmp: number[] = [];
  encode(delivered, words);
  store.insert(words, -1, 0, 0);
  const ended = (id: number): boolean => {
    const s = store.start[id]!;
    return Machine.finishedWord(store.arena[s]!) || ((store.arena[s + 2]! >>> 18) & 15) === base;
  };
  const state = (id: number): Machine => {
    store.read(id, tmp);
    return decode(tmp, 0, engine.localsCount, engine.prog.layout);
  };
  const outcomes: { cpu: Machine; path: number[] }[] = [];
  const findings: FiredCheck[] = [];
  const seen = new Set<string>();
  const stats = engine.nestedStats;
  const budget = engine.searchBudget;
  let current = 0;
  let succ = 0;
  let complete = true;
  const emit = (next: Machine, fired: readonly FiredCheck[] | null) => {
    const index = succ++;
    if (fired) {
      for (const f of fired) {
        const key = firingKey(f);
        if (seen.has(key)) continue;
        seen.add(key);
        // A firing inside a deeper nested IRQ keeps its own path, reached from this one's state.
        findings.push({ ...f, via: f.via ? { path: pathTo(store, current), inner: f.via } : { path: [...pathTo(store, current), index] } });
      }
    }
    encode(next, words);
    const [id] = store.insert(words, current, index, store.depth[current]! + 1);
    edges.add(current, id);
  };
  for (current = 0; current < store.count; current++) {
    edges.startState(current);
    if (ended(current)) {
      outcomes.push({ cpu: state(current), path: pathTo(store, current) });
      continue;
    }
    if (stats.distinct + store.count > budget.maxStates || ((stats.expanded & 1023) === 0 && Date.now() > budget.deadline)) {
      complete = false;
      break;
    }
    succ = 0;
    engine.successors(state(current), emit, false);
    stats.expanded++;
  }
  stats.distinct += store.count;
  if (!complete) stats.complete = false;
  else {
    const stuck = firstStuckState(store, edges, ended);
    if (stuck >= 0) {
      const parent = stuck > 0 ? state(store.parent[stuck]!) : delivered;
      findings.push({ ...engine.noProgress(state(stuck), parent), via: { path: pathTo(store, stuck) } });
    }
  }
  return { outcomes, findings };
}

export type ReplayedStep = LabelledStep;

/**
 * Rebuilds the labelled path to `parent`, then the transition `succIndex` out of it; with `via`
 * (a check fired inside a summarised nested IRQ), the nested IRQ's path to its firing step
 * instead. A summarised nested IRQ on the way is expanded into its own steps.
 */
export function replay(engine: Engine, store: StateStore, parent: number, succIndex: number, via?: NestedPath): { initial: Machine; steps: ReplayedStep[] } {
  const chain = pathTo(store, parent);
  if (!via) chain.push(succIndex);
  const initial = engine.initial();
  let m = initial;
  const steps: ReplayedStep[] = [];
  for (const want of chain) {
    const picked = engine.pickSuccessor(m, want);
    if (picked.label.expand) steps.push(...picked.label.expand());
    else steps.push(picked);
    m = steps[steps.length - 1]!.state;
  }
  if (via) steps.push(...engine.nestedSteps(m, via));
  return { initial, steps };
}
