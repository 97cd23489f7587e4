// Context tracking's switch to user mode and deferred rcuog wakeups. Where the tree's
// rcu_user_enter() wakes a deferred rcuog kthread (5.10 stable: layout.ctUserEnterRcuog `wake`),
// that wakeup runs after the exit path's last flags read, so a reschedule it causes reaches user
// mode unhandled (I9). Where the hook does nothing (5.8, 6.0+ under generic entry) the same exit
// path is clean. The layout fact itself is read from kernel/rcu/tree.c (test/layout.test.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileTarget } from '../src/explore/targets.ts';
import { CLASSIC_LAYOUT, type CtUserEnterRcuog } from '../src/tree/layout.ts';
import { assertClean, check, ids, vector } from './helpers.ts';

// Entry from user on a nohz_full CPU and the exit-to-user loop as generic entry has it: the loop
// runs until a flags read shows no reschedule, then context tracking enters USER.
const EXIT_TO_USER = vector(`	lockdep_hardirqs_off(CALLER_ADDR0);
	user_exit_irqoff();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	while (need_resched()) {
		local_irq_enable();
		schedule();
		local_irq_disable();
	}
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	user_enter_irqoff();
	lockdep_hardirqs_on(CALLER_ADDR0);`);

async function runWith(ct: CtUserEnterRcuog) {
  const rows = (await fileTarget([{ file: 'checks/ct-rcuog.c', text: EXIT_TO_USER }], 'my_vector', 'irq', 'x86-58')).map((r) => ({
    ...r,
    program: { ...r.program, layout: { ...CLASSIC_LAYOUT, ctUserEnterRcuog: ct } },
  }));
  return check({ rows, contexts: ['nohz-user-eqs'], config: 'NO_HZ_FULL=y' });
}

test('ct-rcuog: rcu_user_enter() waking rcuog after the last check loses the reschedule (I9 fires)', async () => {
  const r = await runWith('wake');
  assert.deepEqual(ids(r), ['I9.need_resched_after_last_check']);
  const f = r.findings[0]!;
  const wake = f.trace.find((s) => s.action.startsWith('user_enter_irqoff()'));
  assert.ok(wake, 'the trace goes through user_enter_irqoff()');
  assert.ok(wake.changed.includes('needResched'), 'the user enter set need_resched');
});

test('ct-rcuog: a user enter that does not wake rcuog is clean (I9 quiet)', async () => {
  assertClean(await runWith('none'));
  // With the self-IPI the reschedule is taken on the next entry at once: not modelled as a wakeup.
  assertClean(await runWith('wake-and-kick'));
});

test('ct-rcuog: without context tracking the user enter is a no-op whatever the tree does', async () => {
  const rows = (await fileTarget([{ file: 'checks/ct-rcuog.c', text: EXIT_TO_USER }], 'my_vector', 'irq', 'x86-58')).map((r) => ({
    ...r,
    program: { ...r.program, layout: { ...CLASSIC_LAYOUT, ctUserEnterRcuog: 'wake' as const } },
  }));
  assertClean(await check({ rows, contexts: ['user'], config: 'NO_HZ_FULL=n' }));
});
