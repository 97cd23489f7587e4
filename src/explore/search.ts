// Explicit-state breadth-first search over encoded states (Stateright's design: a parent map,
// and traces rebuilt by replaying successor indices from the initial state).
//
// States are variable-length runs of uint32 words in one growable arena; ids are assigned in BFS
// order, so the queue is just the id range [nextToExpand, count). The visited set is an
// open-addressing table of ids keyed by a murmur-style mix of the words. BFS makes every first
// finding a shortest counterexample.

import { decode, decodeInto, EncodeBuffer, encodeInto, Machine } from '../model/state.ts';
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

/** A murmur3-style mix of `w[0 .. n)`. */
function hashWords(w: Uint32Array, n: number): number {
  let h = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) {
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

/** StateStore.insert()'s answer for a state already stored as `id` (new states answer their id). */
function storedAs(id: number): number {
  return -(id + 1);
}
/** The id an insert() answer names, whether the state was new or not. */
function insertedId(r: number): number {
  return r < 0 ? -(r + 1) : r;
}

export class StateStore {
  arena = new Uint32Array(1 << 16);
  arenaUsed = 0;
  start = new Uint32Array(1 << 12);
  parent = new Int32Array(1 << 12);
  succIndex = new Uint16Array(1 << 12);
  depth = new Uint16Array(1 << 12);
  /** Each state's hash (hashWords), kept so that growing the table does not read the arena. */
  hash = new Uint32Array(1 << 12);
  count = 0;
  /**
   * The open-addressing table: slot k is the pair table[2k] = id + 1 (0: empty) and table[2k+1]
   * = the state's hash, side by side so that a probe compares hashes in the cache line it already
   * read, and reads a stored state's words only when the hashes match.
   */
  private table = new Int32Array(2 << 12);
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
    this.hash = grow(this.hash, (k) => new Uint32Array(k));
  }

  private rehash(): void {
    const slots = this.table.length; // twice the old number of slots
    const table = new Int32Array(2 * slots);
    const mask = slots - 1;
    for (let id = 0; id < this.count; id++) {
      const hash = this.hash[id]!;
      let slot = hash & mask;
      while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = id + 1;
      table[2 * slot + 1] = hash;
    }
    this.table = table;
    this.mask = mask;
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

  private equals(id: number, w: Uint32Array, n: number): boolean {
    if (this.length(id) !== n) return false;
    const s = this.start[id]!;
    const arena = this.arena;
    for (let i = 0; i < n; i++) if (arena[s + i] !== w[i]) return false;
    return true;
  }

  /**
   * Inserts the state in `buf` if absent. Returns its id when it is new, storedAs(id) (negative)
   * when it was already stored: a number, not a tuple, since this runs once per transition.
   */
  insert(buf: EncodeBuffer, parent: number, succ: number, depth: number): number {
    const w = buf.words;
    const n = buf.length;
    const hash = hashWords(w, n);
    const table = this.table;
    const signedHash = hash | 0; // as the Int32Array holds it
    let slot = hash & this.mask;
    for (;;) {
      const v = table[2 * slot]!;
      if (v === 0) break;
      if (table[2 * slot + 1] === signedHash && this.equals(v - 1, w, n)) return storedAs(v - 1);
      slot = (slot + 1) & this.mask;
    }
    const id = this.count;
    if (id >= this.start.length) this.growStates();
    if (this.arenaUsed + n > this.arena.length) {
      const a = new Uint32Array(Math.max(this.arena.length * 2, this.arenaUsed + n));
      a.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = a;
    }
    this.start[id] = this.arenaUsed;
    // A plain loop: set(w.subarray(0, n)) creates a typed-array view per state.
    const arena = this.arena;
    const at = this.arenaUsed;
    for (let i = 0; i < n; i++) arena[at + i] = w[i]!;
    this.arenaUsed += n;
    this.parent[id] = parent;
    this.succIndex[id] = succ;
    this.depth[id] = Math.min(depth, 0xffff);
    this.hash[id] = hash;
    this.count++;
    table[2 * slot] = id + 1;
    table[2 * slot + 1] = signedHash;
    // Load factor at most 3/4 (the table has table.length / 2 slots).
    if (this.count * 8 > this.table.length * 3) this.rehash();
    return id;
  }

  bytes(): number {
    return this.arena.byteLength + this.start.byteLength + this.parent.byteLength + this.succIndex.byteLength + this.depth.byteLength + this.hash.byteLength + this.table.byteLength;
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
function firstStuckState(store: { readonly count: number }, edges: EdgeList, finished: (id: number) => boolean): number {
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
  const words = new EncodeBuffer();
  encodeInto(engine.initial(), words);
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
    // Successor indices are 16-bit in the parent map (opaqueStep keeps one step's outcomes below
    // this; merged steps multiply theirs).
    if (index > 0xffff) throw new Error(`kentry limit: a state has more than ${0xffff + 1} successors`);
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
    encodeInto(next, words);
    const r = store.insert(words, current, index, curDepth + 1);
    edges.add(current, insertedId(r));
    if (r >= 0 && curDepth + 1 > maxDepth) maxDepth = curDepth + 1;
  };
  // Each state is decoded into this one Machine: the engine only reads it (successors are clones).
  const parentState = new Machine(engine.prog.layout);
  for (current = 0; current < store.count; current++) {
    if (store.count + nested.distinct > budget.maxStates || (expanded & 1023) === 0 && Date.now() > budget.deadline) {
      complete = false;
      break;
    }
    const m = decodeInto(store.arena, store.start[current]!, engine.localsCount, parentState);
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
 * The states of one run's nested IRQs at one nesting level (the number of contexts below them),
 * stored and expanded once for every summary of the run. Two deliveries in different CPU states
 * soon reach the same states (a remote need_resched set inside one IRQ brings it where the other
 * started), so summaries explored separately expanded the same states again and again: 81,470
 * summary states for 30,703 distinct ones in one 7.3 PREEMPT_LAZY run. A state's successors do not
 * depend on the summary that reaches it: they are computed by the same engine from the same
 * state, except for the NMI skip (engine.ts nmiSignatures), which summarizeNested replays.
 */
class NestedGraph {
  readonly store = new StateStore();
  /** Per state: its first edge, or -1 while it is not expanded; and one past its last edge. */
  edgeStart = new Int32Array(1 << 12).fill(-1);
  edgeEnd = new Int32Array(1 << 12);
  /** The expansion ended with an NMI (its last edge); see Engine.emittedNmi. */
  nmiLast = new Uint8Array(1 << 12);
  targets = new Int32Array(1 << 14);
  used = 0;
  /** The checks each edge fired, by edge index (most fire none). */
  readonly fired = new Map<number, readonly FiredCheck[]>();
  readonly words = new EncodeBuffer();
  /** The state being expanded, decoded in place (one expansion at a time: see `expanding`). */
  expandingState: Machine | null = null;
  expanding = false;

  ensure(id: number): void {
    if (id < this.edgeStart.length) return;
    const n = Math.max(this.edgeStart.length * 2, id + 1);
    const s = new Int32Array(n).fill(-1);
    s.set(this.edgeStart);
    this.edgeStart = s;
    const e = new Int32Array(n);
    e.set(this.edgeEnd);
    this.edgeEnd = e;
    const l = new Uint8Array(n);
    l.set(this.nmiLast);
    this.nmiLast = l;
  }

  addEdge(to: number, fired: readonly FiredCheck[] | null): void {
    if (this.used >= this.targets.length) {
      const t = new Int32Array(this.targets.length * 2);
      t.set(this.targets);
      this.targets = t;
    }
    if (fired) this.fired.set(this.used, fired);
    this.targets[this.used++] = to;
  }
}

const nestedGraphs = new WeakMap<Engine, Map<number, NestedGraph>>();

/**
 * Explores a nested IRQ from its delivery (`delivered`, with `base` contexts below it) to every
 * state in which it has returned (its IRET popped the context) or halted: a breadth-first search
 * of its own, with the same engine, so NMIs inside it and the environment's events are explored
 * as everywhere else. I15 is decided on this graph too: a state from which the IRQ can never
 * return is a finding here, since the interrupted code's graph sees only the IRQ's outcomes.
 *
 * The search walks the run's shared graph of nested-IRQ states (NestedGraph), expanding only the
 * states no earlier summary expanded. Its order, successor indices, outcomes and findings are
 * those of a search of its own: a state's stored successors are the ones engine.successors()
 * gives it, in order, and the one that may differ — the NMI, skipped once its CPU signature has
 * been tried in the run — is dropped when a stored state is walked again, as a fresh expansion
 * would drop it then (its signature was added when the state was first expanded).
 */
export function summarizeNested(engine: Engine, delivered: Machine, base: number): NestedSummary {
  let graphs = nestedGraphs.get(engine);
  if (!graphs) nestedGraphs.set(engine, (graphs = new Map()));
  let graph = graphs.get(base);
  if (!graph) graphs.set(base, (graph = new NestedGraph()));
  const g = graph;
  const gstore = g.store;
  const stats = engine.nestedStats;
  const budget = engine.searchBudget;
  const insert = (m: Machine): number => {
    encodeInto(m, g.words);
    const r = gstore.insert(g.words, -1, 0, 0);
    if (r >= 0) {
      stats.distinct++;
      g.ensure(r);
    }
    return insertedId(r);
  };
  const endedGlobal = (id: number): boolean => {
    const s = gstore.start[id]!;
    return Machine.finishedWord(gstore.arena[s]!) || Machine.contextsInWord2(gstore.arena[s + 2]!) === base;
  };
  const state = (id: number): Machine => decode(gstore.arena, gstore.start[id]!, engine.localsCount, engine.prog.layout);
  // This search's own numbering (breadth-first, as a search of its own would number its states).
  const globalOf: number[] = [];
  const parent: number[] = [];
  const succOf: number[] = [];
  const localOf = new Map<number, number>();
  const edges = new EdgeList();
  const visit = (gid: number, from: number, index: number): number => {
    let id = localOf.get(gid);
    if (id === undefined) {
      id = globalOf.length;
      localOf.set(gid, id);
      globalOf.push(gid);
      parent.push(from);
      succOf.push(index);
    }
    return id;
  };
  const pathTo = (id: number): number[] => {
    const path: number[] = [];
    for (let at = id; at > 0; at = parent[at]!) path.push(succOf[at]!);
    return path.reverse();
  };
  visit(insert(delivered), -1, 0);
  const outcomes: { cpu: Machine; path: number[] }[] = [];
  const findings: FiredCheck[] = [];
  const seen = new Set<string>();
  let complete = true;
  for (let current = 0; current < globalOf.length; current++) {
    edges.startState(current);
    const gid = globalOf[current]!;
    if (endedGlobal(gid)) {
      outcomes.push({ cpu: state(gid), path: pathTo(current) });
      continue;
    }
    let last: number;
    if (g.edgeStart[gid] === -1) {
      if (stats.distinct > budget.maxStates || ((stats.expanded & 1023) === 0 && Date.now() > budget.deadline)) {
        complete = false;
        break;
      }
      // Expanded here, for the first time in the run: every successor the engine gives.
      if (g.expanding) throw new Error('kentry internal error: a nested IRQ summary re-entered its own level');
      g.expanding = true;
      const from = g.used;
      // The engine only reads the state it expands (successors are clones): decoded in place.
      const m = decodeInto(gstore.arena, gstore.start[gid]!, engine.localsCount, (g.expandingState ??= new Machine(engine.prog.layout)));
      engine.successors(m, (next, fired) => g.addEdge(insert(next), fired), false);
      g.expanding = false;
      g.edgeStart[gid] = from;
      g.edgeEnd[gid] = g.used;
      g.nmiLast[gid] = engine.emittedNmi ? 1 : 0;
      stats.expanded++;
      last = g.used;
    } else {
      // Walked again: the NMI its first expansion tried is skipped now (engine.ts nmiSignatures).
      last = g.edgeEnd[gid]! - g.nmiLast[gid]!;
    }
    const first = g.edgeStart[gid]!;
    for (let e = first; e < last; e++) {
      const index = e - first;
      const fired = g.fired.get(e);
      if (fired) {
        for (const f of fired) {
          const key = firingKey(f);
          if (seen.has(key)) continue;
          seen.add(key);
          // A firing inside a deeper nested IRQ keeps its own path, reached from this one's state.
          findings.push({ ...f, via: f.via ? { path: pathTo(current), inner: f.via } : { path: [...pathTo(current), index] } });
        }
      }
      edges.add(current, visit(g.targets[e]!, current, index));
    }
  }
  if (!complete) stats.complete = false;
  else {
    const ended = (id: number): boolean => endedGlobal(globalOf[id]!);
    const stuck = firstStuckState({ count: globalOf.length }, edges, ended);
    if (stuck >= 0) {
      const parentState = stuck > 0 ? state(globalOf[parent[stuck]!]!) : delivered;
      findings.push({ ...engine.noProgress(state(globalOf[stuck]!), parentState), via: { path: pathTo(stuck) } });
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
