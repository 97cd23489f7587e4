// Turn a discovered kernel tree into preprocessed sources for one Kconfig: the input of the C
// front end (`parseProgram(sources, …)` takes `{ file, text, mapLoc }`).
//
// Headers are read first, in discovery order, into one macro table; each C file then starts
// from a copy of that table (a C file's own #defines do not leak into the next one).
//
// A tree is read under every config of its lattice, and most files consult no config symbol or
// one or two. A {@link ReadMemo} remembers each file's reading: a file's output depends only on
// the macro table it starts from and the values of the symbols it consults (the preprocessor is
// deterministic: the same table and the same answers make it ask the same questions). Tables are
// interned states: a header read from state S whose #define/#undef edits are E leads to the
// state (S, E), whatever symbol values chose those edits, so the headers after it are shared.

import fs from 'node:fs';
import path from 'node:path';
import type { SourceLoc } from '../c/ir.ts';
import { prepareSource, preprocess, TrackedTable, type MacroDef, type MacroTable, type PreparedSource, type PreprocessResult } from '../c/preprocess.ts';
import type { TreeFile, TreeFiles } from './discover.ts';

export interface PreprocessedFile {
  /** Path relative to the tree root (what SourceLocs carry). */
  readonly file: string;
  readonly role: TreeFile['role'];
  readonly text: string;
  readonly mapLoc: (line: number, col: number) => SourceLoc;
  readonly result: PreprocessResult;
}

export interface ReadOptions {
  /** Expansion policy (default: the preprocessor's `defaultExpand`). */
  readonly expand?: (name: string, def: MacroDef) => boolean;
  /** Macros defined before any file (e.g. `__KERNEL__`). */
  readonly predefined?: Readonly<Record<string, string>>;
  /** Read only these files (relative paths); default: every discovered file. */
  readonly only?: (f: TreeFile) => boolean;
  /** Remembers readings across calls (see {@link ReadMemo}); `isEnabled` must then be a pure
   *  function of the symbol (it is asked about symbols to find a remembered reading). */
  readonly memo?: ReadMemo;
  /** Told every symbol the reading consulted, with the value it got, in the order of a fresh
   *  reading (a remembered reading replays its symbols). */
  readonly consulted?: (name: string, value: boolean | undefined) => void;
  /** A C file is read only in the configs that build it, by its directory's Kbuild Makefile
   *  (kbuildCondition()); elsewhere its text is empty. Absent: every C file in every config. */
  readonly kbuild?: boolean;
}

const kbuildConditions = new Map<string, string | null>();

/**
 * The Kconfig symbol a C file is built under, from the Makefile of its directory: `obj-$(CONFIG_X)
 * += … f.o …` (lines joined at their backslashes) → 'X'; null when the file is built
 * unconditionally (`obj-y`), under more than one symbol, or not named (then it is taken as built:
 * no condition is made up). powerpc: `obj-$(CONFIG_PPC64) += … irq_64.o …`
 * (arch/powerpc/kernel/Makefile), so irq_64.c's arch_local_irq_restore() is not a 32-bit
 * kernel's (asm/hw_irq.h has that one).
 */
export function kbuildCondition(root: string, rel: string): string | null {
  const key = `${root}\u0000${rel}`;
  const hit = kbuildConditions.get(key);
  if (hit !== undefined) return hit;
  let found: string | null = null;
  let text: string | undefined;
  try {
    text = fs.readFileSync(path.join(root, path.dirname(rel), 'Makefile'), 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    const obj = `${path.basename(rel, '.c')}.o`;
    const conds = new Set<string>();
    for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
      const m = /^\s*obj-(?:\$\(CONFIG_(\w+)\)|(y))\s*[+:]?=\s*(.*)$/.exec(line);
      if (!m || !m[3]!.split(/\s+/).includes(obj)) continue;
      conds.add(m[2] ? 'y' : m[1]!);
    }
    found = conds.size === 1 && !conds.has('y') ? [...conds][0]! : null;
  }
  kbuildConditions.set(key, found);
  return found;
}

// ──────────────────────────────────────────────────────────────────────── file texts ──

const sources = new Map<string, PreparedSource>();

/** A file's text, comments blanked and line starts (read once per absolute path per process:
 *  kernel trees are read-only). */
export function sourceOf(abs: string): PreparedSource {
  let s = sources.get(abs);
  if (!s) {
    s = prepareSource(fs.readFileSync(abs, 'utf8'));
    sources.set(abs, s);
  }
  return s;
}

// ──────────────────────────────────────────────────────────────────────────── memo ──

type Consulted = ReadonlyArray<readonly [string, boolean | undefined]>;

interface Reading {
  /** The symbols the reading consulted, in first-consulted order, with their values. */
  readonly consulted: Consulted;
  /** The macros it looked up before changing them, with what it found (undefined: none). */
  readonly found: ReadonlyArray<readonly [string, MacroDef | undefined]>;
  readonly file: PreprocessedFile;
}

interface TableState {
  readonly macros: MacroTable;
  /** file path → readings whose `found` macros are those of this table. */
  readonly readings: Map<string, Reading[]>;
  /** file path + edits → the state they lead to. */
  readonly children: Map<string, TableState>;
}

/** Per-file readings of one tree (create one per tree load and pass it to every
 *  {@link preprocessTree} call of that load). */
export class ReadMemo {
  /** expansion policy → predefined macros → the state before the first header. */
  private readonly roots = new Map<ReadOptions['expand'], Map<string, TableState>>();
  /** file path → every reading made, from any state. */
  readonly byFile = new Map<string, Reading[]>();
  /** Readings made (`runs`) and reused (`hits`; `shared` of them made from another table). */
  readonly stats = { runs: 0, hits: 0, shared: 0 };

  root(expand: ReadOptions['expand'], predefined: Readonly<Record<string, string>>, make: () => MacroTable): TableState {
    let byDefs = this.roots.get(expand);
    if (!byDefs) {
      byDefs = new Map();
      this.roots.set(expand, byDefs);
    }
    const key = JSON.stringify(Object.entries(predefined));
    let r = byDefs.get(key);
    if (!r) {
      r = { macros: make(), readings: new Map(), children: new Map() };
      byDefs.set(key, r);
    }
    return r;
  }
}

/** Same definition (the same line of the same file read twice gives equal, not identical, objects). */
function sameDef(a: MacroDef | undefined, b: MacroDef | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.name === b.name && a.file === b.file && a.line === b.line && a.body === b.body && a.variadic === b.variadic && String(a.params) === String(b.params);
}

/** The state `from` leads to after a header with these edits (interned). */
function child(from: TableState, path: string, result: PreprocessResult): TableState {
  const key = `${path}\u0000${result.edits.map((e) => ('def' in e ? `+${e.def.line}:${e.def.name}` : `-${e.undef}`)).join(' ')}`;
  let next = from.children.get(key);
  if (!next) {
    const macros: MacroTable = new Map(from.macros);
    for (const e of result.edits) if ('def' in e) macros.set(e.def.name, e.def); else macros.delete(e.undef);
    next = { macros, readings: new Map(), children: new Map() };
    from.children.set(key, next);
  }
  return next;
}

// ───────────────────────────────────────────────────────────────────────── reading ──

export function preprocessTree(
  tree: TreeFiles,
  isEnabled: (name: string) => boolean | undefined,
  opts: ReadOptions = {},
): PreprocessedFile[] {
  const predefined = opts.predefined ?? { __KERNEL__: '1' };
  const initial = (): MacroTable => {
    const t: MacroTable = new Map();
    for (const [name, body] of Object.entries(predefined)) t.set(name, { name, params: null, variadic: false, body, file: '<predefined>', line: 0 });
    return t;
  };
  const tell = opts.consulted ?? (() => {});
  const take = opts.only ?? (() => true);
  const headers = tree.files.filter((f) => f.path.endsWith('.h'));
  const cFiles = tree.files.filter((f) => !f.path.endsWith('.h') && take(f));

  // One fresh reading of f with the given table (mutated: it is the table after f).
  const fresh = (f: TreeFile, macros: MacroTable): { file: PreprocessedFile; consulted: Consulted } => {
    const seen = new Map<string, boolean | undefined>();
    const oracle = (n: string): boolean | undefined => {
      const v = isEnabled(n);
      if (!seen.has(n)) seen.set(n, v);
      tell(n, v);
      return v;
    };
    const env = opts.expand ? { isEnabled: oracle, macros, expand: opts.expand } : { isEnabled: oracle, macros };
    // A C file this config does not build is read as empty (its symbol is consulted like any other).
    const cond = opts.kbuild && !f.path.endsWith('.h') ? kbuildCondition(tree.root, f.path) : null;
    const result = preprocess(cond !== null && oracle(cond) !== true ? prepareSource('') : sourceOf(f.abs), f.path, env);
    return { file: { file: f.path, role: f.role, text: result.text, mapLoc: result.mapLoc, result }, consulted: [...seen] };
  };

  const out: PreprocessedFile[] = [];
  const memo = opts.memo;
  if (!memo) {
    const headerMacros = initial();
    for (const f of headers) out.push(fresh(f, headerMacros).file);
    for (const f of cFiles) out.push(fresh(f, new Map(headerMacros)).file);
    return out.filter((p) => take(tree.files.find((f) => f.path === p.file)!));
  }

  let state = memo.root(opts.expand, predefined, initial);
  const agrees = (r: Reading): boolean => r.consulted.every(([n, v]) => isEnabled(n) === v);
  // A reading of f valid from `state`: one made from this table, or from another table where
  // it found what this one has; else a fresh one.
  const readFrom = (f: TreeFile): Reading => {
    const local = state.readings.get(f.path);
    let r = local?.find(agrees);
    if (!r) {
      r = memo.byFile.get(f.path)?.find((x) => agrees(x) && x.found.every(([n, d]) => sameDef(state.macros.get(n), d)));
      if (r) {
        memo.stats.shared++;
        if (local) local.push(r); else state.readings.set(f.path, [r]);
      }
    }
    if (r) {
      memo.stats.hits++;
      for (const [n, v] of r.consulted) tell(n, v);
      return r;
    }
    memo.stats.runs++;
    const table = new TrackedTable(state.macros);
    const { file, consulted } = fresh(f, table);
    r = { consulted, found: [...table.found], file };
    if (local) local.push(r); else state.readings.set(f.path, [r]);
    const all = memo.byFile.get(f.path);
    if (all) all.push(r); else memo.byFile.set(f.path, [r]);
    return r;
  };
  // Headers are always read (they define macros); `only` filters what is returned.
  for (const f of headers) {
    const r = readFrom(f);
    if (take(f)) out.push(r.file);
    state = child(state, f.path, r.file.result);
  }
  for (const f of cFiles) out.push(readFrom(f).file);
  return out;
}
