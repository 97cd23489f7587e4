// The visited set by fingerprint (default) and word for word (--exact) must give the same reports:
// the same findings, traces, verdicts and state counts, on the bundled default and on every cached
// Debian tree; only the stats fields that name the mode differ. And the fingerprint set itself
// must tell states apart as the exact one does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EncodeBuffer } from '../src/model/state.ts';
import { ExactStateSet, FingerprintSet, fingerprintCollisionBound, type VisitedSet } from '../src/explore/search.ts';
import { checkRows, kernelTarget, KERNEL_BOUNDS } from '../src/explore/kernel-target.ts';
import { parseConfigFilter } from '../src/model/config.ts';
import type { KentryReport } from '../src/report/schema.ts';
import { formatProbability } from '../src/report/text.ts';
import { kernelRoot, runCli, skipUnlessTree } from './trees.ts';

/** A report without what depends on the mode or the clock. */
function modeFree(r: KentryReport): unknown {
  const { seconds: _s, statesPerSecond: _r, visitedSet: _v, collisionProbability: _c, ...stats } = r.stats;
  return { ...r, stats };
}

function buffer(words: readonly number[]): EncodeBuffer {
  const b = new EncodeBuffer();
  b.reserve(words.length);
  for (const w of words) b.words[b.length++] = w >>> 0;
  return b;
}

describe('visited sets', () => {
  it('a fingerprint set numbers states as the exact set does (200,000 inserts, half of them repeats)', () => {
    const sets: VisitedSet[] = [new FingerprintSet(), new ExactStateSet()];
    let seed = 12345;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const seen: number[][] = [];
    for (let i = 0; i < 200_000; i++) {
      // Every other insert repeats an earlier state; lengths vary (states are variable-length).
      const words = i % 2 && seen.length ? seen[rnd() % seen.length]! : Array.from({ length: 3 + (rnd() % 40) }, () => rnd() & 0xff);
      if (!(i % 2)) seen.push(words);
      const answers = sets.map((s) => s.insert(buffer(words)));
      assert.equal(answers[0], answers[1], `insert ${i}`);
    }
    assert.equal(sets[0]!.count, sets[1]!.count);
    // States that differ in one word, or only in length, are different states.
    const f = new FingerprintSet();
    assert.equal(f.insert(buffer([1, 2, 3])), 0);
    assert.equal(f.insert(buffer([1, 2, 4])), 1);
    assert.equal(f.insert(buffer([1, 2, 3, 0])), 2);
    assert.equal(f.insert(buffer([1, 2, 3])), -1, 'stored as id 0');
  });

  it('the collision bound is the birthday bound over 2^64, printed as TLC prints it', () => {
    assert.equal(fingerprintCollisionBound(0), 0);
    assert.equal(fingerprintCollisionBound(1), 0);
    assert.equal(fingerprintCollisionBound(2), 2 ** -64);
    assert.ok(Math.abs(fingerprintCollisionBound(1e6) / 2.71e-8 - 1) < 0.01);
    assert.equal(formatProbability(0), '0');
    assert.equal(formatProbability(2.71e-8), '2.7E-8');
    assert.equal(formatProbability(1.26e-12), '1.3E-12');
  });
});

describe('--exact gives the report fingerprints give', () => {
  it('bundled default (the whole lattice)', async () => {
    const a = await runCli(['check', '--json', '--jobs', '1']);
    const b = await runCli(['check', '--json', '--jobs', '1', '--exact']);
    assert.equal(a.code, b.code);
    const ra = JSON.parse(a.stdout) as KentryReport;
    const rb = JSON.parse(b.stdout) as KentryReport;
    assert.equal(ra.stats.visitedSet, 'fingerprints');
    assert.equal(rb.stats.visitedSet, 'exact');
    assert.equal(rb.stats.collisionProbability, 0);
    // Millions of states in tables of a few hundred thousand each: far below one in a million.
    assert.ok(ra.stats.collisionProbability > 0 && ra.stats.collisionProbability < 1e-6, String(ra.stats.collisionProbability));
    assert.deepEqual(modeFree(ra), modeFree(rb));
    // The text report says which it was.
    const text = await runCli(['check', '--rows', 'v4', '--config', 'PREEMPTION=none,XEN_PV=y', '--jobs', '1']);
    assert.match(text.stdout.split('\n')[1]!, /64-bit state fingerprints \(collision probability \d\.\dE-\d+, calculated, optimistic\)/);
    const exact = await runCli(['check', '--rows', 'v4', '--config', 'PREEMPTION=none,XEN_PV=y', '--jobs', '1', '--exact']);
    assert.match(exact.stdout.split('\n')[1]!, /states compared word for word \(--exact\)/);
  });

  // Each tree's x86 rows where the kernel tests check them (the whole lattice but for the
  // preemption model, dynamic preemption and lockdep), and on 7.3 every arch's IRQ row there.
  // powerpc at its 32-bit points: a 64-bit irq point alone is ≈ 16 M states, ≈ 3.8 GB in exact mode.
  const POINT = 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PROVE_LOCKING=y';
  const pointOf = (arch: string): string => (arch === 'powerpc' ? `${POINT},PPC64=n` : POINT);
  const cases: [string, string, string[] | undefined][] = [
    ['5.10', 'x86', undefined],
    ['6.1', 'x86', undefined],
    ['6.12', 'x86', undefined],
    ['7.2', 'x86', undefined],
    ['7.3', 'x86', undefined],
    ...['arm64', 'riscv', 'loongarch', 's390', 'powerpc'].map((arch): [string, string, string[]] => ['7.3', arch, ['irq']]),
  ];
  for (const [series, arch, vectors] of cases) {
    it(`linux-${series} ${arch}${vectors ? ` (${vectors.join(',')})` : ''}`, { skip: skipUnlessTree(series, `arch/${arch}`) }, async () => {
      const { rows, lattice } = await kernelTarget(kernelRoot(series), { arch, ...(vectors ? { vectors } : {}) });
      const filter = parseConfigFilter(pointOf(arch));
      if (typeof filter === 'string') throw new Error(filter);
      const opts = { filter, maxStates: 40_000_000, maxSeconds: 7200 };
      const a = checkRows(series, rows, lattice, opts);
      const b = checkRows(series, rows, lattice, { ...opts, bounds: { ...KERNEL_BOUNDS, exactStates: true } });
      assert.ok(a.complete && b.complete);
      assert.ok(a.stats.collisionProbability < 1e-6, String(a.stats.collisionProbability));
      assert.deepEqual(modeFree(a), modeFree(b));
    });
  }
});
