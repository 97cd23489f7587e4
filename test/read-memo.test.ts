// preprocessTree with a ReadMemo (per-file readings remembered across configs) must give exactly
// what a fresh reading gives, for every config: texts, position maps, results and the symbols
// consulted, in order. The tree here is synthetic test C written for this test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { TreeFile, TreeFiles } from '../src/tree/discover.ts';
import { preprocessTree, ReadMemo, type PreprocessedFile } from '../src/tree/read.ts';
import { treeExpand } from '../src/explore/kernel-target.ts';
import { tempDir } from './tmp.ts';

const FILES: Record<string, string> = {
  // Consults no symbol: read once for every config.
  'include/plain.h': `#define WIDTH 4
#define MASK ((1 << WIDTH) - 1)
static inline int plain_helper(int x) { return x & MASK; }
`,
  // Consults ALPHA, which changes its text but not its edits of the macro table: the table after
  // it is one state whatever ALPHA is.
  'include/alpha.h': `#define SHARED_FLAG 0x10
#ifdef CONFIG_ALPHA
int alpha_on;
#endif
`,
  // Consults BETA, and GAMMA only when BETA is set; its edits differ by config.
  'include/beta.h': `#if defined(CONFIG_BETA)
# if IS_ENABLED(CONFIG_GAMMA)
#  define LEVEL 3
# else
#  define LEVEL 2
# endif
#else
# undef WIDTH
# define WIDTH 8
# define LEVEL 1
#endif
/* a comment that hides #define NOT_A_MACRO 1 */
#define TWICE(x) ((x) + (x))
`,
  // Depends on the table the headers before it left (LEVEL, WIDTH) and on DELTA.
  'include/late.h': `#if LEVEL > 1 && WIDTH == 4
#define LATE_ON 1
#else
#define LATE_ON 0
#endif
#ifndef CONFIG_DELTA
#define DELTA_OFF 1
#endif
`,
  // Looks up nothing the configs change (TAIL_GUARD is never defined before it): one reading,
  // reused from every table the headers before it leave.
  'include/tail.h': `#ifndef TAIL_GUARD
#define TAIL_GUARD
#define TAIL_VALUE (WIDTH * 2)
#endif
`,
  'kernel/entry.c': `int entry_state(int v)
{
	if (unlikely(v & SHARED_FLAG))
		return TWICE(LEVEL) + MASK;
#ifdef CONFIG_DELTA
	v += LATE_ON;
#endif
	return v;
}
#define LOCAL_ONLY 7
int local_use(void) { return LOCAL_ONLY; }
`,
  'kernel/other.c': `#ifdef LOCAL_ONLY
int leaked;
#endif
int other(void) { return WIDTH
	+ LEVEL; }
`,
};

const SYMBOLS = ['ALPHA', 'BETA', 'GAMMA', 'DELTA'] as const;

function syntheticTree(): TreeFiles {
  const root = tempDir('kentry-read-memo-');
  const files: TreeFile[] = [];
  for (const [rel, text] of Object.entries(FILES)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    files.push({ path: rel, abs, role: rel.endsWith('.h') ? 'header' : 'entry-core', defines: [] } as TreeFile);
  }
  return { root, arch: 'x86', files, functions: new Map() };
}

function configs(): Array<Set<string>> {
  const out: Array<Set<string>> = [];
  for (let m = 0; m < 1 << SYMBOLS.length; m++) out.push(new Set(SYMBOLS.filter((_, i) => m & (1 << i))));
  return out;
}

/** Everything a reading gives, as comparable data (positions sampled at every line). */
function observe(files: readonly PreprocessedFile[]): unknown {
  return files.map((f) => {
    const lines = f.text.split('\n').length;
    const locs: string[] = [];
    for (let l = 1; l <= lines; l++) for (const c of [1, 5, 12, 40]) { const x = f.mapLoc(l, c); locs.push(`${x.file}:${x.line}:${x.col}`); }
    const r = f.result;
    return { file: f.file, role: f.role, text: f.text, locs, r: [r.file, r.text, r.macros, r.edits, r.expansions, r.stripped, r.includes, r.diagnostics] };
  });
}

function read(tree: TreeFiles, on: Set<string>, memo?: ReadMemo, only?: (f: TreeFile) => boolean): { seen: unknown; consulted: Array<[string, boolean | undefined]> } {
  const consulted: Array<[string, boolean | undefined]> = [];
  const files = preprocessTree(tree, (n) => (on.has(n) ? true : undefined), {
    expand: treeExpand,
    ...(memo ? { memo } : {}),
    ...(only ? { only } : {}),
    consulted: (n, v) => consulted.push([n, v]),
  });
  return { seen: observe(files), consulted };
}

/** The distinct symbols in first-consulted order (what a Map of consulted symbols records). */
const firstSeen = (c: ReadonlyArray<[string, boolean | undefined]>): Array<[string, boolean | undefined]> => [...new Map(c)];

test('a memoised reading equals a fresh one under every config', () => {
  const tree = syntheticTree();
  const memo = new ReadMemo();
  for (const on of configs()) {
    const fresh = read(tree, on);
    const memoised = read(tree, on, memo);
    assert.deepEqual(memoised.seen, fresh.seen, `config {${[...on].join(',')}}`);
    assert.deepEqual(firstSeen(memoised.consulted), firstSeen(fresh.consulted), `consulted, config {${[...on].join(',')}}`);
  }
  // Read again in another order: every reading is now remembered, and still the same.
  const runs = memo.stats.runs;
  for (const on of configs().reverse()) assert.deepEqual(read(tree, on, memo).seen, read(tree, on).seen);
  assert.equal(memo.stats.runs, runs, 'nothing is read twice');
  fs.rmSync(tree.root, { recursive: true, force: true });
});

test('the memo reads each file once per distinct (table, consulted values)', () => {
  const tree = syntheticTree();
  const memo = new ReadMemo();
  for (const on of configs()) read(tree, on, memo);
  const n = configs().length;
  // plain.h: 1 reading. alpha.h: 2 (ALPHA), both leading to one state. beta.h: 3 (BETA off;
  // on with GAMMA on/off). late.h: 3 states × 2 (DELTA) = 6 states. tail.h: read once, reused
  // from the 5 other states. entry.c (which consults DELTA, fixed in each final state, and
  // expands LEVEL and LATE_ON): one reading per final state. other.c expands WIDTH and LEVEL,
  // which DELTA does not change: one reading per state beta.h left, reused across DELTA.
  const finals = 3 * 2;
  const expected = 1 + 2 + 3 + 6 + 1 + finals + 3;
  assert.equal(memo.stats.runs, expected);
  assert.deepEqual(new Map([...memo.byFile].map(([p, rs]) => [p, rs.length])), new Map([
    ['include/plain.h', 1], ['include/alpha.h', 2], ['include/beta.h', 3], ['include/late.h', 6],
    ['include/tail.h', 1], ['kernel/entry.c', finals], ['kernel/other.c', 3],
  ]));
  assert.equal(memo.stats.shared, finals - 1 + 3);
  assert.equal(memo.stats.runs + memo.stats.hits, n * Object.keys(FILES).length);
  assert.ok(memo.stats.hits > memo.stats.runs);
  fs.rmSync(tree.root, { recursive: true, force: true });
});

test('a reading that differs is not reused: a changed consulted symbol reads the file again', () => {
  const tree = syntheticTree();
  const memo = new ReadMemo();
  const a = read(tree, new Set(['BETA', 'GAMMA']), memo);
  const runs = memo.stats.runs;
  const b = read(tree, new Set(['BETA']), memo);
  assert.ok(memo.stats.runs > runs);
  assert.notDeepEqual(b.seen, a.seen);
  assert.deepEqual(b.seen, read(tree, new Set(['BETA'])).seen);
  fs.rmSync(tree.root, { recursive: true, force: true });
});

test('`only` filters what a memoised reading returns, as it does a fresh one', () => {
  const tree = syntheticTree();
  const memo = new ReadMemo();
  const only = (f: TreeFile): boolean => f.path !== 'kernel/other.c' && f.path !== 'include/plain.h';
  for (const on of configs()) assert.deepEqual(read(tree, on, memo, only).seen, read(tree, on, undefined, only).seen);
  fs.rmSync(tree.root, { recursive: true, force: true });
});
