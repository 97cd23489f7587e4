// s390's idle wait: arch_cpu_idle() sets CIF_ENABLED_WAIT and loads a wait PSW with I/O and
// external interruptions on; do_io_irq()/do_ext_irq() take `from_idle` from
// test_and_clear_cpu_flag(CIF_ENABLED_WAIT) and, after irqentry_exit(), clear the wait, I/O and
// external bits of the old PSW, so the CPU resumes after the wait with interruptions masked.
// The model ties the flag to the interruption of the idle wait (InterruptContext.enabledWait) and
// makes the return load the masked PSW (pswIrqsMasked). Fires: the handlers' last `if (from_idle)`
// negated (a mutant of the tree's IR) masks the PSW of every other context: user and kernel code
// (and the softirq code an interruption of the idle wait runs) resume with hardware IRQs off while
// irqentry_exit() told lockdep and the tracer "on" (I6).
// Quiet: the tree as it is, from every context, the idle wait included (the idle code turns IRQs
// on itself after arch_cpu_idle() returns). And 6.1, which tells the idle wait by the old PSW's
// address, has no such layout fact: its store stays an untracked site.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bindTree, checkRows, loadTree, treeRows } from '../src/explore/kernel-target.ts';
import { readEnabledWaitFlag } from '../src/tree/layout.ts';
import { allMutants } from '../scripts/mutants.ts';
import { kernelRoot, pointFilter, skipUnlessTree } from './trees.ts';

const root = kernelRoot('7.3');
const skip = skipUnlessTree('7.3', 'arch/s390');
const POINT = 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PROVE_LOCKING=y,DEBUG_ENTRY=y';
const BUDGET = { maxStates: 5_000_000, maxSeconds: 600 };

test('s390: the enabled-wait flag is read from the tree where its handlers test it (7.3), absent where they do not (6.1)', { skip }, () => {
  const unset = (): undefined => undefined;
  const f = readEnabledWaitFlag(root, 's390', unset);
  assert.equal(f?.name, 'CIF_ENABLED_WAIT');
  assert.equal(f?.value, 5);
  assert.match(f!.source, /^arch\/s390\/kernel\/idle\.c:\d+, arch\/s390\/kernel\/irq\.c:\d+, arch\/s390\/include\/asm\/processor\.h:\d+$/);
  assert.equal(readEnabledWaitFlag(root, 'x86', unset), undefined);
  const old = kernelRoot('6.1');
  if (!skipUnlessTree('6.1', 'arch/s390')) assert.equal(readEnabledWaitFlag(old, 's390', unset), undefined);
});

test('s390 7.3: an interruption returns with the old PSW masked only from the idle wait; the last `if (from_idle)` negated fires I6 from kernel and user mode', { skip, timeout: 1_200_000 }, async () => {
  const kt = await loadTree(root, 's390');
  assert.equal(kt.layout.enabledWaitFlag?.name, 'CIF_ENABLED_WAIT');
  const filter = pointFilter(POINT);
  const i6 = (program: typeof kt.program, contexts: string[]) => {
    const r = checkRows('idle-wait', treeRows({ tree: kt.tree, program }, ['irq']), kt.spec, { filter, contexts, ...BUDGET });
    assert.ok(r.complete);
    // The vector's own return (the NMI return's tracer hazard, F1, is another finding).
    return r.findings.filter((f) => f.check.startsWith('I6.') && f.function === 'kentry_s390_irq_vector');
  };

  // Quiet: the tree, from the idle wait (masked on return, the idle code's to turn on) and from
  // the contexts that had IRQs on (returned as they were).
  assert.deepEqual(i6(kt.program, ['idle-eqs', 'kernel', 'user', 'kvm-sie']), []);

  const mutants = allMutants(kt, ['do_io_irq', 'do_ext_irq']).filter((m) => /^(?:s390\/)?do_(?:io|ext)_irq: negate if \(from_idle\) \[3\/3\]$/.test(m.key));
  assert.equal(mutants.length, 2, 'the last from_idle test of do_io_irq() and of do_ext_irq()');
  for (const m of mutants) {
    const ir = kt.program.ir;
    const functions = new Map(ir.functions);
    functions.set(m.fn, m.apply(ir.functions.get(m.fn)!));
    const mutated = bindTree({ ...ir, functions }, kt.layout, 's390');
    const fired = i6(mutated, ['kernel', 'user']);
    assert.ok(fired.some((f) => f.check === 'I6.iret_lockdep_mismatch' && f.calledFrom?.function !== 'invoke_softirq'), `${m.key}: lockdep told "on" for the vector's own return, masked`);
    assert.match(fired.find((f) => f.check === 'I6.iret_lockdep_mismatch')!.message, /returns to a context with IF=0 while lockdep says hardirqs on/);
    // From the idle wait the mutant's own return loads the wait PSW again (IRQs on, lockdep told
    // "on": no mismatch there); what fires from idle-eqs is an interruption nested in its softirq
    // processing, whose return the mutant masks.
    for (const f of i6(mutated, ['idle-eqs'])) assert.equal(f.calledFrom?.function, 'invoke_softirq', `${m.key}: from the idle wait only a nested return`);
  }
});
