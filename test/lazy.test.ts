// PREEMPT_LAZY (6.13+): where the tree has TIF_NEED_RESCHED_LAZY and the config is the lazy model,
// another CPU may ask for a lazy reschedule; the exit-to-user path must act on it like on
// TIF_NEED_RESCHED (I14), while kernel preemption on IRQ return does not look at it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCheck, type CheckRow } from '../src/explore/check.ts';
import { fileTarget } from '../src/explore/targets.ts';
import { boolIndex, PreemptModel, type KConfig } from '../src/model/config.ts';
import { CLASSIC_LAYOUT, type ModelLayout } from '../src/tree/layout.ts';
import { ENTER, EXIT, ids, vector } from './helpers.ts';

// The classic layout with a lazy bit, as a 6.13+ tree numbers it beside NEED_RESCHED.
const LAZY_BIT = 20;
const LAZY_LAYOUT: ModelLayout = { ...CLASSIC_LAYOUT, tif: { ...CLASSIC_LAYOUT.tif, NEED_RESCHED_LAZY: LAZY_BIT } };

function point(preempt: PreemptModel): KConfig {
  let bits = 0;
  for (const s of ['PROVE_LOCKING', 'PROVE_RCU', 'TRACE_IRQFLAGS_NMI_SUPPORT', 'SMP'] as const) bits |= 1 << boolIndex(s);
  return { preempt, bits };
}

async function runLazy(c: string, preempt: PreemptModel, layout: ModelLayout = LAZY_LAYOUT) {
  const rows = await fileTarget([{ file: 'checks/lazy.c', text: c }], 'my_vector', 'irq', 'x86-58');
  const lazyRows: CheckRow[] = rows.map((r) => ({ ...r, program: { ...r.program, layout } }));
  return runCheck('lazy', lazyRows, {
    lattice: { vary: [], fixed: {}, points: [point(preempt)] },
    contexts: ['user'],
    bounds: { nmiNesting: 0, irqNesting: 0 },
    maxStates: 50_000,
    maxSeconds: 600,
  });
}

// An exit path that reads the thread flags once and loops only on TIF_NEED_RESCHED (bit 3).
const onlyFull = vector(`	unsigned long ti_work;
${ENTER}
	ti_work = read_thread_flags();
	while (ti_work & (1 << 3)) {
		local_irq_enable();
		schedule();
		local_irq_disable();
		ti_work = read_thread_flags();
	}
${EXIT}`);
// The 6.13+ loop: either reschedule bit schedules.
const both = onlyFull.replaceAll('ti_work & (1 << 3)', `ti_work & ((1 << 3) | (1 << ${LAZY_BIT}))`);

test('lazy: a lazy request the exit path saw and ignored is I14 (fires)', async () => {
  const r = await runLazy(onlyFull, PreemptModel.Lazy);
  assert.ok(r.complete);
  assert.ok(ids(r).includes('I14.user_return_resched_ignored'), ids(r).join(', '));
  const f = r.findings.find((x) => x.check === 'I14.user_return_resched_ignored')!;
  assert.ok(f.trace.some((s) => s.action === 'remote CPU sets TIF_NEED_RESCHED_LAZY'), 'the trace starts from a lazy request');
  assert.equal(f.trace.at(-2)!.state.needReschedLazy, true);
  assert.equal(f.trace.at(-2)!.state.needResched, false);
});

// These loops handle no other exit work, which read_thread_flags() may report (I14's work check
// fires for that, as it should); only the reschedule check is the subject here.
const OTHER_WORK = ['I14.user_return_work_pending'];

test('lazy: the loop that schedules on either bit is quiet for the reschedule check', async () => {
  const r = await runLazy(both, PreemptModel.Lazy);
  assert.ok(r.complete);
  assert.deepEqual(ids(r), OTHER_WORK);
});

test('lazy: no lazy requests under the full preemption model, nor in a tree without the flag', async () => {
  const full = await runLazy(onlyFull, PreemptModel.Full);
  assert.deepEqual(ids(full), OTHER_WORK);
  const noFlag = await runLazy(onlyFull, PreemptModel.Lazy, CLASSIC_LAYOUT);
  assert.deepEqual(ids(noFlag), OTHER_WORK);
});
