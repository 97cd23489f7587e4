// An opaque call's (or an untracked load's) result that nothing the model interprets reads is
// explored with one value instead of all of its outcomes (program.ts unreadSlots,
// ExploreBounds.unreadValues). Such a value reaches at most the arguments of opaque calls, which
// the model does not look at, so every outcome leads to the same steps: the findings must be the
// same with the reduction on and off, in fewer states. Compared on the analysis itself (fire and
// quiet cases on hand-written IR) and on kernel trees where it applies (powerpc's system call
// loads six argument registers only to pass them to the opaque syscall handler).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type Expr, ExprKind, type IrFunction, OpKind, type Op } from '../src/c/ir.ts';
import { unreadSlots } from '../src/explore/program.ts';
import { checkRows, KERNEL_BOUNDS, kernelTarget } from '../src/explore/kernel-target.ts';
import { parseConfigFilter } from '../src/model/config.ts';
import type { KentryReport } from '../src/report/schema.ts';
import { kernelRoot, skipUnlessTree } from './trees.ts';

const loc = { file: 'toy.c', line: 1, col: 1 };
const local = (slot: number): Expr => ({ kind: ExprKind.Local, slot }) as Expr;
const call = (callee: string, args: Expr[], result = -1): Op => ({ kind: OpKind.Call, loc, callee, args, argText: args.map(() => 'x'), result }) as Op;

/** A toy function in IR: slot 0 is its parameter; `ops` as given. */
function toy(slotNames: string[], ops: Op[]): IrFunction {
  return { name: 'toy', params: ['p'], slotNames, ops, attrs: [], loc } as unknown as IrFunction;
}

describe('unreadSlots: which results nothing reads', () => {
  // 0: p; 1: a = opaque load; 2: b = a; opaque_handler(b) at op 2; 3: r = opaque; if (r) ...
  const ops: Op[] = [
    call('__kentry_load', [], 1),
    { kind: OpKind.Assign, loc, slot: 2, value: local(1) } as Op,
    call('opaque_handler', [local(2)]),
    call('opaque_query', [], 3),
    { kind: OpKind.BranchIfFalse, loc, cond: local(3), target: 5 } as Op,
    call('interpreted', [local(1)]),
    { kind: OpKind.Return, loc } as Op,
  ];
  const opaqueAt = new Set([2, 3]);

  it('a value that only reaches an opaque call\'s arguments is unread (quiet: it is not explored)', () => {
    const unread = unreadSlots(toy(['p', 'a', 'b', 'r'], ops.slice(0, 5).concat([{ kind: OpKind.Return, loc } as Op])), (pc) => opaqueAt.has(pc));
    assert.deepEqual([...unread].sort(), [1, 2]);
  });

  it('a value that reaches a branch, an interpreted call, or a taken address is read (fire)', () => {
    // slot 3 is branched on; slot 1 also reaches interpreted() at op 5.
    const unread = unreadSlots(toy(['p', 'a', 'b', 'r'], ops), (pc) => opaqueAt.has(pc));
    assert.deepEqual([...unread].sort(), [2]);
    const addr: Op[] = [call('__kentry_load', [], 1), call('opaque_handler', [{ kind: ExprKind.AddrOf, slot: 1 } as unknown as Expr]), { kind: OpKind.Return, loc } as Op];
    assert.deepEqual([...unreadSlots(toy(['p', 'a'], addr), (pc) => pc === 1)], []);
    // Parameters are the caller's: always read.
    assert.ok(!unreadSlots(toy(['p'], [{ kind: OpKind.Return, loc } as Op]), () => true).has(0));
  });
});

function firings(r: KentryReport): string[] {
  return r.findings.map((f) => `${f.row} ${f.check} ${f.function} ${f.loc?.file}:${f.loc?.line} [${f.contexts.join(',')}] ${f.configSummary}`).sort();
}
function traceLengths(r: KentryReport): Map<string, number> {
  return new Map(r.findings.map((f) => [`${f.row} ${f.check} ${f.function} ${f.loc?.file}:${f.loc?.line}`, f.trace.length]));
}

describe('unread results explored with one value: the same findings, fewer states', () => {
  const tree = kernelRoot('7.3');
  const skip = skipUnlessTree('7.3', 'arch/powerpc');
  it('linux-7.3 powerpc (32-bit) system call: the same findings and trace lengths', { skip, timeout: 1_800_000 }, async (t) => {
    const { rows, lattice } = await kernelTarget(tree, { arch: 'powerpc', vectors: ['syscall'] });
    const filter = parseConfigFilter('PREEMPTION=full,PREEMPT_DYNAMIC=n,PROVE_LOCKING=y,NO_HZ_FULL=y,PPC64=n');
    if (typeof filter === 'string') throw new Error(filter);
    const on = checkRows('on', rows, lattice, { bounds: KERNEL_BOUNDS, filter });
    const off = checkRows('off', rows, lattice, { bounds: { ...KERNEL_BOUNDS, unreadValues: false }, filter });
    t.diagnostic(`states: ${on.stats.distinctStates} with the reduction, ${off.stats.distinctStates} without`);
    assert.ok(on.complete && off.complete, 'both searches complete');
    assert.deepEqual(firings(on), firings(off));
    const lon = traceLengths(on);
    for (const [k, n] of traceLengths(off)) assert.equal(lon.get(k), n, `trace length of ${k}`);
    assert.ok(on.stats.distinctStates < off.stats.distinctStates, `${on.stats.distinctStates} < ${off.stats.distinctStates} states`);
  });
});
