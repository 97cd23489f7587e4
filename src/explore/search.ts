// Explicit-state breadth-first search over encoded states (Stateright's design: a parent map,
// and traces rebuilt by replaying successor indices from the initial state; TLC's design for the
// visited set: 64-bit fingerprints, with the frontier kept apart).
//
// A state is a variable-length run of uint32 words (model/state.ts encodeInto). Ids are assigned
// in BFS order, so the queue is the id range [nextToExpand, count) and a state's depth is its
// BFS level. What is kept per state:
// - in the visited set, by default, only its 64-bit fingerprint (FingerprintSet); with
//   ExploreBounds.exactStates (`--exact`) all its words (ExactStateSet), so that no two states
//   are ever taken for one;
// - its parent (as its parent's count of children) and the successor index that reached it
//   (ParentMap), from which replay() rebuilds any state and any trace;
// - the ids of its successors that it did not add itself (CrossEdges: the others are its children
//   in the parent map), for I15 at the end.
// The words of a state are kept only while it waits in the frontier (Frontier). BFS makes every
// first finding a shortest counterexample.
//
// Fingerprints can collide: two different states with one fingerprint would be taken for one,
// and the second's successors not explored. Like TLC, kentry prints the probability of that
// (collisionProbability(), the birthday bound over the fingerprints each table held); `--exact`
// removes it, at about nine times the memory per state (bench rows: 25–28 B/state by
// fingerprint, counting the nested-IRQ graphs; 235 with `--exact`).

import { decode, decodeInto, EncodeBuffer, encodeInto, Machine } from '../model/state.ts';
import type { Engine, FiredCheck, LabelledStep, NestedPath } from './engine.ts';

export interface SearchResult {
  readonly statesExplored: number;
  readonly distinctStates: number;
  readonly maxDepth: number;
  readonly complete: boolean;
  /** First firing of each (check, location), in BFS order: shortest. */
  readonly findings: readonly RawFinding[];
  /** Bytes of every array the search kept (capacity, not use) at the end: the visited sets, the
   *  parent map, the edges, the frontier at its largest, and the nested-IRQ graphs. */
  readonly bytes: number;
  /** `bytes` by structure (npm run bench prints it); the values add up to `bytes`. */
  readonly bytesBy: Readonly<Record<string, number>>;
  /** Probability that two distinct states shared a fingerprint (0 with exactStates). */
  readonly collisionProbability: number;
}

export interface RawFinding {
  readonly fired: FiredCheck;
  /** State the firing transition starts from, and the transition's successor index. */
  readonly parent: number;
  readonly succIndex: number;
  readonly depth: number;
}

/** The second half of hashWords()'s fingerprint (a module variable: no pair allocated per call). */
let hashHigh = 0;

/**
 * Two independent 32-bit mixes of `w[0 .. n)` in one pass: the return value is murmur3's
 * (the table slot and the low half of the fingerprint), `hashHigh` an xxHash32-style mix with
 * other primes and seed (the high half).
 */
function hashWords(w: Uint32Array, n: number): number {
  let h = 0x811c9dc5 ^ n;
  let g = 0x165667b1 + n;
  for (let i = 0; i < n; i++) {
    const x = w[i]!;
    let k = Math.imul(x, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    g = (g + Math.imul(x, 0x85ebca77)) | 0;
    g = (g << 13) | (g >>> 19);
    g = Math.imul(g, 0x9e3779b1);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  g ^= g >>> 15;
  g = Math.imul(g, 0x85ebca77);
  g ^= g >>> 13;
  g = Math.imul(g, 0xc2b2ae3d);
  g ^= g >>> 16;
  hashHigh = g | 0;
  return h >>> 0;
}

/** A visited set's insert() answer for a state already stored as `id` (new states answer their id). */
function storedAs(id: number): number {
  return -(id + 1);
}
/** The id an insert() answer names, whether the state was new or not. */
function insertedId(r: number): number {
  return r < 0 ? -(r + 1) : r;
}

/** How much longer a per-state array gets when it is full: 1.25, not 2, since its unused tail
 *  counts in the bytes per state (on average (g - 1) / ln g - 1 of it: 12 % at 1.25, 23 % at 1.5);
 *  the copies that costs (about 1 / (g - 1) per element) are a few bytes per state. */
const GROWTH = 1.25;

/** `a`, or a copy of it GROWTH times as long (at least `need`). */
function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, Math.ceil(a.length * GROWTH)));
  b.set(a);
  return b;
}

/** The set of states a search has seen: ids in insertion order. */
export interface VisitedSet {
  readonly count: number;
  /** Inserts the state in `buf` if absent: its new id, or storedAs(id) when it was there. */
  insert(buf: EncodeBuffer): number;
  bytes(): number;
}

/** The collision bound for one table of n fingerprints, as TLC states it: n(n-1)/2 pairs, each equal with probability 2^-64. */
export function fingerprintCollisionBound(n: number): number {
  return n < 2 ? 0 : (n * (n - 1)) / 2 / 2 ** 64;
}

/**
 * The default visited set: each state's 64-bit fingerprint (8 bytes, by id) and an
 * open-addressing table of ids (4 bytes a slot, at most 7/8 full). A table of 2^k slots holds ids
 * below 2^k - 1, so a slot keeps id + 1 in its low k bits and the top 32 - k bits of the high half
 * of the fingerprint in the others: a probe compares those first and reads the fingerprint only
 * when they match, so the probes a fuller table takes stay in the table's cache lines.
 */
export class FingerprintSet implements VisitedSet {
  count = 0;
  private low = new Int32Array(1 << 10);
  private high = new Int32Array(1 << 10);
  /** Slot k holds (id + 1) | (the fingerprint's high half & ~mask) (0: empty). */
  private table = new Int32Array(1 << 11);
  private mask = (1 << 11) - 1;

  insert(buf: EncodeBuffer): number {
    const lo = hashWords(buf.words, buf.length) | 0;
    const hi = hashHigh;
    const table = this.table;
    const mask = this.mask;
    const tag = hi & ~mask;
    let slot = lo & mask;
    for (;;) {
      const v = table[slot]!;
      if (v === 0) break;
      if ((v & ~mask) === tag) {
        const id = (v & mask) - 1;
        if (this.low[id] === lo && this.high[id] === hi) return storedAs(id);
      }
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    if (id >= this.low.length) {
      this.low = grown(this.low, id + 1, (n) => new Int32Array(n));
      this.high = grown(this.high, id + 1, (n) => new Int32Array(n));
    }
    this.low[id] = lo;
    this.high[id] = hi;
    table[slot] = (id + 1) | tag;
    if (this.count * 8 > table.length * 7) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.low[id]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = (id + 1) | (this.high[id]! & ~mask);
    }
    this.table = table;
    this.mask = mask;
  }

  bytes(): number {
    return this.low.byteLength + this.high.byteLength + this.table.byteLength;
  }
}

/**
 * The exact visited set (`--exact`): every state's words in one growable arena, an
 * open-addressing table whose slot k is the pair table[2k] = id + 1 (0: empty) and table[2k+1] =
 * the state's hash, side by side so that a probe compares hashes in the cache line it already
 * read and compares words only when the hashes match.
 */
export class ExactStateSet implements VisitedSet {
  arena = new Uint32Array(1 << 16);
  arenaUsed = 0;
  start = new Uint32Array(1 << 12);
  /** Each state's hash, kept so that growing the table does not read the arena. */
  private hash = new Uint32Array(1 << 12);
  count = 0;
  private table = new Int32Array(2 << 12);
  private mask = (1 << 12) - 1;

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

  private length(id: number): number {
    return (id + 1 < this.count ? this.start[id + 1]! : this.arenaUsed) - this.start[id]!;
  }

  private equals(id: number, w: Uint32Array, n: number): boolean {
    if (this.length(id) !== n) return false;
    const s = this.start[id]!;
    const arena = this.arena;
    for (let i = 0; i < n; i++) if (arena[s + i] !== w[i]) return false;
    return true;
  }

  insert(buf: EncodeBuffer): number {
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
    this.start = grown(this.start, id + 1, (k) => new Uint32Array(k));
    this.hash = grown(this.hash, id + 1, (k) => new Uint32Array(k));
    this.arena = grown(this.arena, this.arenaUsed + n, (k) => new Uint32Array(k));
    this.start[id] = this.arenaUsed;
    // A plain loop: set(w.subarray(0, n)) creates a typed-array view per state.
    const arena = this.arena;
    const at = this.arenaUsed;
    for (let i = 0; i < n; i++) arena[at + i] = w[i]!;
    this.arenaUsed += n;
    this.hash[id] = hash;
    this.count++;
    table[2 * slot] = id + 1;
    table[2 * slot + 1] = signedHash;
    // Load factor at most 3/4 (the table has table.length / 2 slots).
    if (this.count * 8 > this.table.length * 3) this.rehash();
    return id;
  }

  bytes(): number {
    return this.arena.byteLength + this.start.byteLength + this.hash.byteLength + this.table.byteLength;
  }
}

function visitedSet(engine: Engine): VisitedSet {
  return engine.bounds.exactStates ? new ExactStateSet() : new FingerprintSet();
}

/**
 * Each state's parent and the successor index that first reached it. Ids are assigned in
 * breadth-first order as states are expanded, so the children of a state (the states its
 * expansion added) are the id range right after its predecessors' children: kept as a count of
 * children per state (a byte; SmallCounts) and, every 64 states, the first child of that state or
 * of a later one, from which parentOf() finds a parent by a binary search and a scan of at most 64
 * counts — a byte a state where an Int32 parent was. Read along a path only (traces, I15's
 * finding) and, all at once, by childStarts() for I15.
 */
export class ParentMap {
  private readonly children = new SmallCounts();
  /** Entry j: the id of the first child of state 64j or of a later one. */
  private firstChild64 = new Int32Array(1 << 6);
  private checkpoints = 0;
  private lastParent = 0;
  private count = 0;
  succIndex = new Uint16Array(1 << 10);

  /** Adds state `id`, the next id (the initial state, 0: parent -1); parents come in non-decreasing order. */
  add(id: number, parent: number, succ: number): void {
    if (id !== this.count || (id > 0 && parent < this.lastParent) || (id > 0) !== (parent >= 0)) throw new Error(`kentry internal error: state ${id} added out of breadth-first order`);
    this.count++;
    this.succIndex = grown(this.succIndex, id + 1, (n) => new Uint16Array(n));
    this.succIndex[id] = succ;
    if (parent < 0) return;
    this.lastParent = parent;
    while (this.checkpoints * 64 <= parent) {
      this.firstChild64 = grown(this.firstChild64, this.checkpoints + 1, (n) => new Int32Array(n));
      this.firstChild64[this.checkpoints++] = id;
    }
    this.children.increment(parent);
  }

  /** The parent of state `id` (-1 for the initial state). */
  parentOf(id: number): number {
    if (id <= 0) return -1;
    const first = this.firstChild64;
    let lo = 0;
    let hi = this.checkpoints - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (first[mid]! <= id) lo = mid;
      else hi = mid - 1;
    }
    let v = lo * 64;
    for (let f = first[lo]!; ; v++) {
      f += this.children.get(v);
      if (id < f) return v;
    }
  }

  /** Where each state's children start (entry `count` is the end: `count`). */
  childStarts(count: number): Int32Array {
    return this.children.starts(count, 1);
  }

  bytes(): number {
    return this.children.bytes() + this.firstChild64.byteLength + this.succIndex.byteLength;
  }
}

/** One bit per state. */
class BitSet {
  bits = new Uint8Array(1 << 8);
  set(id: number): void {
    this.bits = grown(this.bits, (id >>> 3) + 1, (n) => new Uint8Array(n));
    this.bits[id >>> 3]! |= 1 << (id & 7);
  }
  has(id: number): boolean {
    return ((this.bits[id >>> 3] ?? 0) & (1 << (id & 7))) !== 0;
  }
  bytes(): number {
    return this.bits.byteLength;
  }
}

/**
 * The states waiting to be expanded, first in first out: each entry is a tag (the caller's, e.g.
 * the state's id), its length, then its words. A ring of whole entries: an entry that does not
 * fit before the end of the buffer starts again at 0 when the space before the head holds it
 * (the words from `end` on are then unused until the head reaches `end`), and the buffer grows
 * (by half, unwrapping) only when neither fits. It never shrinks, so its size at the end is its
 * largest: about the most words that ever waited at once, not twice that as when the space before
 * the head was only reused once it was half the buffer.
 */
class Frontier {
  private buf = new Uint32Array(1 << 12);
  private head = 0;
  private tail = 0;
  /** Whether the entries run from head to `end`, then from 0 to tail (else from head to tail). */
  private wrapped = false;
  private end = 0;
  /** Tag of the entry shift() read last. */
  tag = 0;

  push(tag: number, words: EncodeBuffer): void {
    const n = words.length;
    const need = n + 2;
    if (this.wrapped ? this.tail + need > this.head : this.tail + need > this.buf.length) {
      if (!this.wrapped && need <= this.head) {
        this.end = this.tail;
        this.tail = 0;
        this.wrapped = true;
      } else {
        this.grow(need);
      }
    }
    const b = this.buf;
    let at = this.tail;
    b[at++] = tag;
    b[at++] = n;
    const w = words.words;
    for (let i = 0; i < n; i++) b[at + i] = w[i]!;
    this.tail = at + n;
  }

  /** A buffer half again as long (at least `need` words more than the entries), the entries unwrapped at its start. */
  private grow(need: number): void {
    const old = this.buf;
    const live = this.wrapped ? this.end - this.head + this.tail : this.tail - this.head;
    const b = new Uint32Array(Math.max(live + need, Math.ceil(old.length * GROWTH)));
    if (this.wrapped) {
      b.set(old.subarray(this.head, this.end));
      b.set(old.subarray(0, this.tail), this.end - this.head);
    } else {
      b.set(old.subarray(this.head, this.tail));
    }
    this.buf = b;
    this.head = 0;
    this.tail = live;
    this.wrapped = false;
  }

  /** Decodes the next entry into `into` (its tag in `tag`); null when empty. */
  shift(localsCount: (fn: number) => number, into: Machine): Machine | null {
    if (!this.wrapped && this.head >= this.tail) return null;
    const b = this.buf;
    this.tag = b[this.head]!;
    const n = b[this.head + 1]!;
    const m = decodeInto(b, this.head + 2, localsCount, into);
    this.head += n + 2;
    if (this.wrapped) {
      if (this.head === this.end) {
        this.head = 0;
        this.wrapped = false;
      }
    } else if (this.head === this.tail) {
      this.head = this.tail = 0;
    }
    return m;
  }

  clear(): void {
    this.head = this.tail = 0;
    this.wrapped = false;
  }

  bytes(): number {
    return this.buf.byteLength;
  }
}

/** A state as its words would decode: the replayed Machine, without what the encoding does not hold. */
function canonical(engine: Engine, m: Machine, words: EncodeBuffer): Machine {
  encodeInto(m, words);
  return decode(words.words, 0, engine.localsCount, engine.prog.layout);
}

/**
 * The state at the end of `path` from `from`, and the one before it (`from` itself for an empty
 * path), rebuilt by replaying successor indices (labelled successors: no NMI skipped, nothing
 * recorded; engine.ts nmiTried).
 */
function stateAlong(engine: Engine, from: Machine, path: readonly number[], words: EncodeBuffer): { state: Machine; before: Machine } {
  let before = from;
  let m = from;
  for (const want of path) {
    before = m;
    m = engine.pickSuccessor(m, want).state;
  }
  return { state: canonical(engine, m, words), before: path.length ? canonical(engine, before, words) : before };
}

export interface SearchBudget {
  /** Remaining distinct states this search may add; it stops (incomplete) beyond. */
  maxStates: number;
  /** Wall-clock deadline (ms since epoch). */
  deadline: number;
}

/** A count per id that is usually small: a byte, and a Map for the counts from 255 on. */
class SmallCounts {
  private small = new Uint8Array(1 << 10);
  private readonly many = new Map<number, number>();

  get(id: number): number {
    const c = this.small[id] ?? 0;
    return c === 255 ? this.many.get(id)! : c;
  }

  set(id: number, c: number): void {
    this.small = grown(this.small, id + 1, (n) => new Uint8Array(n));
    if (c >= 255) this.many.set(id, c);
    else if (this.small[id] === 255) this.many.delete(id);
    this.small[id] = Math.min(c, 255);
  }

  /** Adds one to the count of `id`. */
  increment(id: number): void {
    if (id >= this.small.length) this.small = grown(this.small, id + 1, (n) => new Uint8Array(n));
    const c = this.small[id]!;
    if (c < 254) this.small[id] = c + 1;
    else if (c === 254) {
      this.small[id] = 255;
      this.many.set(id, 255);
    } else this.many.set(id, this.many.get(id)! + 1);
  }

  /** Prefix sums from `first`: entry v is first + the counts of 0 .. v - 1, for v up to `count`. */
  starts(count: number, first: number): Int32Array {
    const start = new Int32Array(count + 1);
    start[0] = first;
    for (let v = 0; v < count; v++) start[v + 1] = start[v]! + this.get(v);
    return start;
  }

  /** A Map entry is estimated at 16 bytes. */
  bytes(): number {
    return this.small.byteLength + 16 * this.many.size;
  }
}

/**
 * The edges of a search graph that are not tree edges, for I15 at the end. Ids are assigned in
 * breadth-first order as states are expanded, so the states a state's expansion added (the ends
 * of its tree edges: their parent is that state) are a contiguous id range, and the parent map
 * already holds them; only the other edges — to a state seen before, itself included, and every
 * repeated edge — are kept here: about 0.4 a state instead of 1.4. Added in the order of their
 * sources.
 */
export class CrossEdges {
  private readonly degree = new SmallCounts();
  targets = new Int32Array(1 << 10);
  used = 0;
  private last = -1;

  add(from: number, to: number): void {
    if (from < this.last) throw new Error('kentry internal error: cross edges added out of order');
    this.last = from;
    if (this.used >= this.targets.length) this.targets = grown(this.targets, this.used + 1, (n) => new Int32Array(n));
    this.targets[this.used++] = to;
    this.degree.increment(from);
  }

  /** Where each state's cross edges start in `targets` (entry `count` is the end). */
  starts(count: number): Int32Array {
    return this.degree.starts(count, 0);
  }

  bytes(): number {
    return this.degree.bytes() + this.targets.byteLength;
  }
}

/**
 * Where each state's children start (entry `count` is the end): the children of v are the ids
 * childStart[v] .. childStart[v + 1], since parents are non-decreasing in breadth-first ids.
 */
function childStartsOf(count: number, parent: ArrayLike<number>): Int32Array {
  const childStart = new Int32Array(count + 1);
  let w = 1;
  for (let v = 0; v < count; v++) {
    childStart[v] = w;
    while (w < count && parent[w] === v) w++;
  }
  if (w !== count) throw new Error(`kentry internal error: parents out of breadth-first order at state ${w}`);
  childStart[count] = count;
  return childStart;
}

/**
 * I15 on the complete graph (its tree edges are the parent links, its other edges `cross`): the
 * states from which no path reaches a finished state (the vector returned, or the path ended at
 * a BUG/halting report). Backward reachability from the finished states over the reversed edges;
 * returns the smallest such id (BFS order: shortest to reach), or -1. The reversed cross edges
 * and the successor lists are built here, for the call, from the parents and the cross edges.
 */
export function firstStuckState(count: number, childStart: Int32Array, cross: CrossEdges, finished: (id: number) => boolean): number {
  const parent = new Int32Array(count);
  for (let v = 0; v < count; v++) for (let w = childStart[v]!; w < childStart[v + 1]!; w++) parent[w] = v;
  const crossStart = cross.starts(count);
  const revStart = new Int32Array(count + 1); // predecessors by cross edge of v: rev[revStart[v] .. revStart[v+1])
  for (let i = 0; i < cross.used; i++) revStart[cross.targets[i]! + 1]!++;
  for (let i = 0; i < count; i++) revStart[i + 1]! += revStart[i]!;
  const fill = revStart.slice(0, count);
  const rev = new Int32Array(cross.used);
  for (let from = 0; from < count; from++) {
    for (let e = crossStart[from]!; e < crossStart[from + 1]!; e++) rev[fill[cross.targets[e]!]!++] = from;
  }
  const canFinish = new Uint8Array(count);
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  const reach = (u: number) => {
    if (!canFinish[u]) {
      canFinish[u] = 1;
      queue[tail++] = u;
    }
  };
  for (let v = 0; v < count; v++) if (finished(v)) reach(v);
  while (head < tail) {
    const v = queue[head++]!;
    if (v > 0) reach(parent[v]!);
    for (let e = revStart[v]!; e < revStart[v + 1]!; e++) reach(rev[e]!);
  }
  let any = false;
  for (let v = 0; v < count && !any; v++) if (!canFinish[v]) any = true;
  if (!any) return -1;
  return firstLoopState(count, childStart, crossStart, cross.targets, canFinish);
}

/**
 * The smallest id (shortest to reach) among the stuck states that lie on a cycle of stuck states
 * or have no successor at all: where the CPU actually spins, not the earlier state that only
 * committed to it. Iterative Tarjan over the stuck subgraph; the successors of v are its children
 * (childStart) and then its cross edges (crossStart into `targets`). Their order changes the DFS,
 * not the strongly connected components, so not the answer.
 */
function firstLoopState(count: number, childStart: Int32Array, crossStart: Int32Array, targets: Int32Array, canFinish: Uint8Array): number {
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const call: number[] = []; // DFS stack of [node, next successor (0: its first child)] pairs, flattened
  let next = 0;
  let best = -1;
  for (let root = 0; root < count; root++) {
    if (canFinish[root] || index[root] !== -1) continue;
    call.push(root, 0);
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    while (call.length) {
      const v = call[call.length - 2]!;
      const k = call[call.length - 1]!;
      const children = childStart[v + 1]! - childStart[v]!;
      if (k < children + crossStart[v + 1]! - crossStart[v]!) {
        call[call.length - 1] = k + 1;
        const w = k < children ? childStart[v]! + k : targets[crossStart[v]! + k - children]!;
        if (canFinish[w]) continue;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = 1;
          call.push(w, 0);
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
        // A self-loop is a cross edge (v was seen before its own expansion reached it).
        let cyclic = members.length > 1 || (children === 0 && crossStart[v] === crossStart[v + 1]);
        for (let e = crossStart[v]!; !cyclic && e < crossStart[v + 1]!; e++) if (targets[e] === v) cyclic = true;
        if (cyclic) for (const x of members) if (best < 0 || x < best) best = x;
      }
    }
  }
  return best;
}

export function bfs(engine: Engine, budget: SearchBudget): { result: SearchResult; parents: ParentMap } {
  const visited = visitedSet(engine);
  const parents = new ParentMap();
  const frontier = new Frontier();
  const finished = new BitSet();
  const cross = new CrossEdges();
  const words = new EncodeBuffer();
  const initial = engine.initial();
  encodeInto(initial, words);
  visited.insert(words);
  parents.add(0, -1, 0);
  frontier.push(0, words);
  if (Machine.finishedWord(words.words[0]!)) finished.set(0);
  const findings: RawFinding[] = [];
  /** Index in `findings` of each firing's entry. */
  const seen = new Map<string, number>();
  let expanded = 0;
  let maxDepth = 0;
  let complete = true;
  let current = 0;
  let succ = 0;
  let curDepth = 0;
  /** Ids below this are at depth curDepth or less (BFS levels: ids are in depth order). */
  let levelEnd = 1;
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
    const r = visited.insert(words);
    if (r < 0) cross.add(current, insertedId(r));
    else {
      parents.add(r, current, index);
      frontier.push(r, words);
      if (Machine.finishedWord(words.words[0]!)) finished.set(r);
      if (curDepth + 1 > maxDepth) maxDepth = curDepth + 1;
    }
  };
  // Each state is decoded into this one Machine: the engine only reads it (successors are clones).
  const parentState = new Machine(engine.prog.layout);
  for (current = 0; current < visited.count; current++) {
    if (current === levelEnd) {
      curDepth++;
      levelEnd = visited.count;
    }
    if (visited.count + nested.distinct > budget.maxStates || (expanded & 1023) === 0 && Date.now() > budget.deadline) {
      complete = false;
      break;
    }
    const m = frontier.shift(engine.localsCount, parentState);
    if (!m || frontier.tag !== current) throw new Error(`kentry internal error: the frontier is out of step with the visited set at state ${current}`);
    succ = 0;
    engine.successors(m, emit, false);
    // emit() encoded every successor and kept none (nor does a nested summary keep a clone).
    parentState.clonesDropped();
    expanded++;
  }
  // I15 needs the whole graph: with a budget hit, states not expanded yet would look stuck.
  if (!nested.complete) complete = false;
  if (complete) {
    const stuck = firstStuckState(visited.count, parents.childStarts(visited.count), cross, (id) => finished.has(id));
    if (stuck > 0) {
      const path = pathTo(parents, stuck);
      const { state, before } = stateAlong(engine, initial, path, words);
      findings.push({ fired: engine.noProgress(state, before), parent: parents.parentOf(stuck), succIndex: parents.succIndex[stuck]!, depth: path.length });
    }
  }
  const graphs = nestedGraphs.get(engine);
  const bytesBy: Record<string, number> = { visited: visited.bytes(), parents: parents.bytes(), edges: cross.bytes(), frontier: frontier.bytes(), finished: finished.bytes() };
  let collisionProbability = engine.bounds.exactStates ? 0 : fingerprintCollisionBound(visited.count);
  for (const g of graphs?.values() ?? []) {
    for (const [k, b] of Object.entries(g.bytesBy())) bytesBy[k] = (bytesBy[k] ?? 0) + b;
    if (!engine.bounds.exactStates) collisionProbability += fingerprintCollisionBound(g.visited.count);
  }
  const bytes = Object.values(bytesBy).reduce((a, b) => a + b, 0);
  return {
    result: { statesExplored: expanded + nested.expanded, distinctStates: visited.count + nested.distinct, maxDepth, complete, findings, bytes, bytesBy, collisionProbability },
    parents,
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
function pathTo(parents: ParentMap, id: number): number[] {
  const path: number[] = [];
  for (let at = id; at > 0; at = parents.parentOf(at)) path.push(parents.succIndex[at]!);
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
 *
 * A state's words are kept only while it waits to be expanded (the summary's frontier) and, for
 * a state in which the IRQ has ended, for good (`endedWords`): a later summary that reaches it
 * hands it back as an outcome. An expanded state is its edges and its fingerprint.
 */
class NestedGraph {
  readonly visited: VisitedSet;
  /** Per state: its number of edges (0 until it is expanded). */
  private readonly degree = new SmallCounts();
  /**
   * Where the edges of state 16j start, for each j up to the last expanded state's. States are
   * expanded in id order (a summary expands the states it added, in the order it added them; one
   * that a budget stopped leaves some never expanded, and later summaries add greater ids), and
   * their edges are appended as they are, so a state's first edge is the checkpoint at or below it
   * plus the degrees of the states in between: 1/4 byte a state instead of an Int32 each.
   */
  private edgeStart16 = new Int32Array(1 << 6);
  private checkpoints = 0;
  private lastExpanded = -1;
  /** Per state: ENDED (the IRQ has returned to the level below, or halted, in it), NMI_LAST
   *  (its expansion ended with an NMI, its last edge; see Engine.emittedNmi) and EXPANDED. */
  flags = new Uint8Array(1 << 10);
  static readonly ENDED = 1;
  static readonly NMI_LAST = 2;
  static readonly EXPANDED = 4;
  /** The words of each ended state (a copy each; few states end an IRQ). */
  readonly endedWords = new Map<number, Uint32Array>();
  endedBytes = 0;
  targets = new Int32Array(1 << 12);
  used = 0;
  /** The checks each edge fired, by edge index (most fire none). */
  readonly fired = new Map<number, readonly FiredCheck[]>();
  readonly words = new EncodeBuffer();
  /** New states of the summary being computed, in the order it will expand them. */
  readonly frontier = new Frontier();
  /** The state being expanded, decoded in place (one expansion at a time: see `expanding`). */
  expandingState: Machine | null = null;
  expanding = false;

  constructor(engine: Engine) {
    this.visited = visitedSet(engine);
  }

  ensure(id: number): void {
    this.flags = grown(this.flags, id + 1, (k) => new Uint8Array(k));
  }

  /** Records the expansion of `id`: its edges are first .. end, appended after every earlier expansion's. */
  setEdges(id: number, first: number, end: number, nmiLast: boolean): void {
    if (id <= this.lastExpanded) throw new Error(`kentry internal error: nested state ${id} expanded out of order`);
    this.lastExpanded = id;
    while (this.checkpoints * 16 <= id) {
      this.edgeStart16 = grown(this.edgeStart16, this.checkpoints + 1, (k) => new Int32Array(k));
      this.edgeStart16[this.checkpoints++] = first;
    }
    this.degree.set(id, end - first);
    this.flags[id]! |= NestedGraph.EXPANDED | (nmiLast ? NestedGraph.NMI_LAST : 0);
  }

  expanded(id: number): boolean {
    return (this.flags[id]! & NestedGraph.EXPANDED) !== 0;
  }

  /** The first edge of an expanded state. */
  edgeStart(id: number): number {
    let e = this.edgeStart16[id >>> 4]!;
    for (let x = id & ~15; x < id; x++) e += this.degree.get(x);
    return e;
  }

  /** The number of edges of an expanded state. */
  edgeCount(id: number): number {
    return this.degree.get(id);
  }

  ended(id: number): boolean {
    return (this.flags[id]! & NestedGraph.ENDED) !== 0;
  }

  addEdge(to: number, fired: readonly FiredCheck[] | null): void {
    if (this.used >= this.targets.length) this.targets = grown(this.targets, this.used + 1, (k) => new Int32Array(k));
    if (fired) this.fired.set(this.used, fired);
    this.targets[this.used++] = to;
  }

  /** Bytes by structure; a Map entry and a typed array's header are estimated at 64 bytes per ended state. */
  bytesBy(): Record<string, number> {
    return {
      'nested visited': this.visited.bytes(),
      'nested edge meta': this.edgeStart16.byteLength + this.degree.bytes() + this.flags.byteLength,
      'nested targets': this.targets.byteLength,
      'nested frontier': this.frontier.bytes(),
      'nested ended': this.endedBytes + 64 * this.endedWords.size,
    };
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
  if (!graph) graphs.set(base, (graph = new NestedGraph(engine)));
  const g = graph;
  const stats = engine.nestedStats;
  const budget = engine.searchBudget;
  // New states wait in g.frontier in the order the walk below first meets them, which is the
  // order it expands them in: a new state is met when the edge to it is walked, right after the
  // expansion that inserted it.
  g.frontier.clear();
  const insert = (m: Machine): number => {
    encodeInto(m, g.words);
    const r = g.visited.insert(g.words);
    if (r < 0) return insertedId(r);
    stats.distinct++;
    g.ensure(r);
    const w = g.words.words;
    if (Machine.finishedWord(w[0]!) || Machine.contextsInWord2(w[2]!) === base) {
      g.flags[r]! |= NestedGraph.ENDED;
      const copy = w.slice(0, g.words.length);
      g.endedWords.set(r, copy);
      g.endedBytes += copy.byteLength;
    } else {
      g.frontier.push(r, g.words);
    }
    return r;
  };
  const endedState = (gid: number): Machine => decode(g.endedWords.get(gid)!, 0, engine.localsCount, engine.prog.layout);
  // This search's own numbering (breadth-first, as a search of its own would number its states).
  const globalOf: number[] = [];
  const parent: number[] = [];
  const succOf: number[] = [];
  const localOf = new Map<number, number>();
  const cross = new CrossEdges();
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
    const gid = globalOf[current]!;
    if (g.ended(gid)) {
      outcomes.push({ cpu: endedState(gid), path: pathTo(current) });
      continue;
    }
    let first: number;
    let last: number;
    if (!g.expanded(gid)) {
      if (stats.distinct > budget.maxStates || ((stats.expanded & 1023) === 0 && Date.now() > budget.deadline)) {
        complete = false;
        break;
      }
      // Expanded here, for the first time in the run: every successor the engine gives.
      if (g.expanding) throw new Error('kentry internal error: a nested IRQ summary re-entered its own level');
      // The engine only reads the state it expands (successors are clones): decoded in place.
      const m = g.frontier.shift(engine.localsCount, (g.expandingState ??= new Machine(engine.prog.layout)));
      if (!m || g.frontier.tag !== gid) {
        // Inserted by an earlier summary that a budget stopped before it expanded the state: its
        // words are gone, and this run is incomplete already.
        if (stats.complete && complete) throw new Error(`kentry internal error: nested state ${gid} is neither expanded nor waiting`);
        complete = false;
        break;
      }
      g.expanding = true;
      first = g.used;
      engine.successors(m, (next, fired) => g.addEdge(insert(next), fired), false);
      m.clonesDropped();
      g.expanding = false;
      g.setEdges(gid, first, g.used, engine.emittedNmi);
      stats.expanded++;
      last = g.used;
    } else {
      // Walked again: the NMI its first expansion tried is skipped now (engine.ts nmiSignatures).
      first = g.edgeStart(gid);
      last = first + g.edgeCount(gid) - ((g.flags[gid]! & NestedGraph.NMI_LAST) !== 0 ? 1 : 0);
    }
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
      const seenBefore = globalOf.length;
      const to = visit(g.targets[e]!, current, index);
      if (to < seenBefore) cross.add(current, to);
    }
  }
  g.frontier.clear();
  if (!complete) stats.complete = false;
  else {
    const stuck = firstStuckState(globalOf.length, childStartsOf(globalOf.length, parent), cross, (id) => g.ended(globalOf[id]!));
    if (stuck >= 0) {
      const { state, before } = stateAlong(engine, delivered, pathTo(stuck), g.words);
      findings.push({ ...engine.noProgress(state, before), via: { path: pathTo(stuck) } });
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
export function replay(engine: Engine, parents: ParentMap, parent: number, succIndex: number, via?: NestedPath): { initial: Machine; steps: ReplayedStep[] } {
  const chain = pathTo(parents, parent);
  if (!via) chain.push(succIndex);
  const initial = engine.initial();
  let m = initial;
  const steps: ReplayedStep[] = [];
  for (const want of chain) {
    const picked = engine.pickSuccessor(m, want);
    if (picked.label.expand) steps.push(...picked.label.expand());
    else steps.push(picked);
    // On from the state the search stored, not from the expansion's last step: where a merged
    // run ends in a summarised nested IRQ's outcome, the expansion ends in the summary's own
    // last state, whose lastStepChanged does not carry the run's (engine.ts mergeRun).
    m = picked.state;
  }
  if (via) steps.push(...engine.nestedSteps(m, via));
  return { initial, steps };
}
