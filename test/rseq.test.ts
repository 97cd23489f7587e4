// The rseq sched_switch event (7.2+, src/kernel/rseq.ts): where the tree's task has the event, a
// context switch back into the task may raise it together with TIF_RSEQ; an exit path that
// returns to user mode must handle the flag and clear the event before its final assertion, or
// WARN_ON_ONCE(ev->sched_switch) / lockdep_assert_once(!ev->sched_switch) fires. Trees without the
// event never raise it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCheck, type CheckRow } from '../src/explore/check.ts';
import { bindProgram } from '../src/explore/program.ts';
import { fileTarget } from '../src/explore/targets.ts';
import { boolIndex, PreemptModel, type ConfigReader, type KConfig } from '../src/model/config.ts';
import { rseqSlowpath, rseqSlowpathChoices } from '../src/kernel/rseq.ts';
import { Machine, decode, encode } from '../src/model/state.ts';
import { CLASSIC_LAYOUT, type ModelLayout } from '../src/tree/layout.ts';
import { ENTER, EXIT, vector } from './helpers.ts';

// The classic layout with a free bit for TIF_RSEQ (the classic numbers use 1, 2, 3, 12, 13).
const RSEQ_BIT = 11;
const RSEQ_LAYOUT: ModelLayout = {
  ...CLASSIC_LAYOUT,
  tif: { ...CLASSIC_LAYOUT.tif, RSEQ: RSEQ_BIT },
  rseqEvent: { raises: 'RSEQ', source: 'test' },
};

function point(lockdep: boolean): KConfig {
  let bits = 0;
  const on = ['PROVE_RCU', 'TRACE_IRQFLAGS_NMI_SUPPORT', 'SMP', ...(lockdep ? ['PROVE_LOCKING'] : [])] as const;
  for (const s of on) bits |= 1 << boolIndex(s as Parameters<typeof boolIndex>[0]);
  return { preempt: PreemptModel.Full, bits };
}

async function runRseq(c: string, layout: ModelLayout = RSEQ_LAYOUT, lockdep = true) {
  const rows = await fileTarget([{ file: 'checks/rseq.c', text: c }], 'my_vector', 'irq', 'x86-58');
  // Bound again for the layout: which members are tracked state is decided when binding.
  const withLayout: CheckRow[] = rows.map((r) => {
    const roots = [r.vector, r.nmiVector, r.irqVector].filter((n): n is string => n !== undefined && r.program.ir.functions.has(n));
    return { ...r, program: bindProgram(r.program.ir, roots, { layout }) };
  });
  return runCheck('rseq', withLayout, {
    lattice: { vary: [], fixed: {}, points: [point(lockdep)] },
    contexts: ['user'],
    bounds: { nmiNesting: 0, irqNesting: 0 },
    maxStates: 200_000,
    maxSeconds: 600,
  });
}

// An exit to user mode that reschedules when asked (so a context switch can raise the event),
// handles TIF_RSEQ the way 7.x does when `handle` is set, then asserts no event is left.
function exitPath(handle: boolean, assertion: string): string {
  const rseqWork = handle
    ? `	if (ti_work & (1 << ${RSEQ_BIT})) {
		if (current->rseq.event.sched_switch)
			rseq_update_user_memory();
		current->rseq.event.events = 0;
		clear_thread_flag(${RSEQ_BIT});
	}
`
    : '';
  return vector(`	unsigned long ti_work;
	struct rseq_event *ev;
${ENTER}
	ti_work = read_thread_flags();
	while (ti_work & (1 << 3)) {
		local_irq_enable();
		schedule();
		local_irq_disable();
		ti_work = read_thread_flags();
	}
${rseqWork}	ev = &current->rseq.event;
	${assertion};
${EXIT}`);
}

const warnIds = (r: Awaited<ReturnType<typeof runRseq>>): string[] => r.findings.filter((f) => f.check === 'assert.warn_on').map((f) => f.message);

test('rseq: an exit path that never handles TIF_RSEQ leaves the event set: WARN_ON_ONCE(ev->sched_switch) fires', async () => {
  const r = await runRseq(exitPath(false, 'WARN_ON_ONCE(ev->sched_switch)'));
  assert.ok(r.complete);
  const warns = warnIds(r);
  assert.equal(warns.length, 1, warns.join('\n'));
  assert.match(warns[0]!, /WARN_ON_ONCE\(ev->sched_switch\)/);
  const f = r.findings.find((x) => x.check === 'assert.warn_on')!;
  assert.equal(f.throughOpaque ?? false, false, 'the event is tracked state, not an opaque load');
  assert.ok(f.trace.some((s) => s.state.rseqSchedSwitch === true), 'the trace shows the event raised');
});

test('rseq: handling TIF_RSEQ and clearing the events before the assertion is quiet', async () => {
  const r = await runRseq(exitPath(true, 'WARN_ON_ONCE(ev->sched_switch)'));
  assert.ok(r.complete);
  assert.deepEqual(warnIds(r), []);
});

test('rseq: lockdep_assert_once(!ev->sched_switch) fires with lockdep on an unhandled event, and is quiet without lockdep or when handled', async () => {
  const fires = await runRseq(exitPath(false, 'lockdep_assert_once(!ev->sched_switch)'));
  assert.ok(fires.complete);
  assert.deepEqual(warnIds(fires).map((m) => /WARN_ON_ONCE\(debug_locks && !\(!ev->sched_switch\)\)/.test(m)), [true]);
  const noLockdep = await runRseq(exitPath(false, 'lockdep_assert_once(!ev->sched_switch)'), RSEQ_LAYOUT, false);
  assert.deepEqual(warnIds(noLockdep), []);
  const handled = await runRseq(exitPath(true, 'lockdep_assert_once(!ev->sched_switch)'));
  assert.deepEqual(warnIds(handled), []);
});

test('rseq: a tree without the event never raises it (the member is memory the model does not track)', async () => {
  const r = await runRseq(exitPath(false, 'WARN_ON_ONCE(ev->sched_switch)'), CLASSIC_LAYOUT);
  assert.ok(r.complete);
  // The load is an opaque site there: the WARN may fire, but only through it, and said so.
  for (const f of r.findings.filter((x) => x.check === 'assert.warn_on')) assert.equal(f.throughOpaque, true);
});

test('rseq: the event and TIF_RSEQ survive encode/decode', () => {
  const m = new Machine(RSEQ_LAYOUT);
  m.raiseRseqEvent();
  assert.equal(m.rseqSchedSwitch, 1);
  const w: number[] = [];
  encode(m, w);
  const d = decode(w, 0, () => 0, RSEQ_LAYOUT);
  assert.equal(d.rseqSchedSwitch, 1);
  assert.equal(d.userWork, m.userWork);
  assert.notEqual(d.userWork, 0);
  const c = new Machine(CLASSIC_LAYOUT);
  c.raiseRseqEvent();
  assert.equal(c.rseqSchedSwitch, 0, 'no event in a tree without it');
  assert.equal(c.userWork, 0);
});

test("rseq: resume_user_mode_work()'s slow path clears the event without GENERIC_ENTRY, and may or may not with it", () => {
  const run = (generic: boolean | undefined) => {
    const outcomes: number[] = [];
    const base = { cfg: { kconfig: (n: string) => (n === 'GENERIC_ENTRY' ? generic : undefined) } as unknown as ConfigReader };
    const probe = new Machine(RSEQ_LAYOUT);
    probe.raiseRseqEvent();
    const n = rseqSlowpathChoices({ ...base, m: probe });
    for (let choice = 0; choice < n; choice++) {
      const m = new Machine(RSEQ_LAYOUT);
      m.raiseRseqEvent();
      rseqSlowpath({ ...base, m, args: [], argText: [], choice, callee: 'resume_user_mode_work', report: () => {} });
      outcomes.push(m.rseqSchedSwitch);
    }
    return outcomes;
  };
  assert.deepEqual(run(false), [0], 'arm64 (GENERIC_IRQ_ENTRY only): the slow path runs on the event and clears it');
  assert.deepEqual(run(true), [1, 0], 'generic entry: only after a failed fast path (event.slowpath, untracked)');
  assert.deepEqual(run(undefined), [1, 0]);
  // Without the event pending, nothing to do.
  assert.equal(rseqSlowpathChoices({ cfg: { kconfig: () => false } as unknown as ConfigReader, m: new Machine(RSEQ_LAYOUT) }), 1);
});
