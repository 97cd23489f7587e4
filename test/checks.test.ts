// Every check of the catalogue (ALL_CHECKS), once firing and once quiet, on tiny C programs of
// our own run on top of the bundled x86-58 era. Each program is a noinstr vector `my_vector()`
// driven by a harness (mostly `irq`) in one entry context and one Kconfig point, with NMIs and
// nested IRQs off unless the test is about them. The line that should fire is marked `// fires`;
// the quiet twin is the corrected program.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRow } from '../src/bundled/manifest.ts';
import { bundledRow, fileTarget } from '../src/explore/targets.ts';
import type { CheckRow } from '../src/explore/check.ts';
import { ALL_CHECKS } from '../src/kernel/index.ts';
import { HARNESS_CHECK_IDS } from '../src/kernel/entrywork.ts';
import { ARM64_CHECKS } from '../src/kernel/arm64.ts';
import type { KentryReport } from '../src/report/schema.ts';
import { assertClean, assertFires, assertQuiet, cFile, check, ENTER, EXIT, ids, lineOf, vector, type CheckSpec, type FireExpect } from './helpers.ts';

// ---- bookkeeping: which checks have a firing and a quiet test ----

const firing = new Set<string>();
const quieting = new Set<string>();

/** Registers a test that makes `id` fire. */
function fires(id: string, title: string, fn: () => Promise<void>): void {
  firing.add(id);
  it(`${id} fires: ${title}`, fn);
}

/** Registers a test where `id` stays quiet. */
function quiet(id: string, title: string, fn: () => Promise<void>): void {
  quieting.add(id);
  it(`${id} quiet: ${title}`, fn);
}

interface Run {
  readonly c: string;
  readonly file: string;
  readonly report: KentryReport;
}

/** Runs `c` (a program defining `my_vector`) in the given contexts. */
async function run(name: string, c: string, contexts: readonly string[], more: Partial<CheckSpec> = {}): Promise<Run> {
  const report = await check({ c, name, contexts, ...more });
  return { c, file: cFile(name), report };
}

/** The finding of `id` at the `// fires` line of the run's own file. */
function firesHere(r: Run, id: string, exp: Omit<FireExpect, 'at' | 'file'> = {}) {
  return assertFires(r.report, id, r.c, { fn: 'my_vector', at: '// fires', file: r.file, ...exp });
}

const KERNEL = ['kernel'];
const IDLE = ['idle-eqs'];
const NOHZ_USER = ['nohz-user-eqs'];
const NOHZ = 'NO_HZ_FULL=y';

/** The kernel-mode bracket around `body` (which sits inside the instrumentation section). */
function bracketed(body: string, prelude = ''): string {
  return vector(`${ENTER}\n${body}\n${EXIT}`, prelude);
}

// The bracket of an interrupt that may find RCU in its extended quiescent state: as ENTER/EXIT,
// with rcu_irq_enter()/rcu_irq_exit() just inside lockdep's transitions.
const ENTER_RCU = `	lockdep_hardirqs_off(CALLER_ADDR0);
	rcu_irq_enter();
	instrumentation_begin();
	trace_hardirqs_off_finish();`;
const EXIT_RCU = `	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	rcu_irq_exit();
	lockdep_hardirqs_on(CALLER_ADDR0);`;

/** `body` inside the RCU-entering bracket (ENTER_RCU/EXIT_RCU). */
function rcuBracketed(body: string, prelude = ''): string {
  return vector(`${ENTER_RCU}\n${body}\n${EXIT_RCU}`, prelude);
}

// An instrumentable (ordinary, traceable) function.
const MY_WORK = `static void my_work(void)
{
	inc_irq_stat();
}

`;

// Entry from user mode on a NO_HZ_FULL CPU: lockdep, leave the user EQS, the tracer; on the way
// out the prepare halves, enter the user EQS, lockdep's "on" last.
const USER_ENTER = `	lockdep_hardirqs_off(CALLER_ADDR0);
	user_exit_irqoff();
	instrumentation_begin();
	trace_hardirqs_off_finish();`;
const USER_EXIT = `	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	user_enter_irqoff();
	lockdep_hardirqs_on(CALLER_ADDR0);`;

function fromUser(body: string, prelude = ''): string {
  return vector(`${USER_ENTER}\n${body}\n${USER_EXIT}`, prelude);
}

// ======================================================================================
describe('lockdep', () => {
  fires('lockdep.hardirqs_off.irqs_enabled', 'hardware IRQs re-enabled before lockdep is told "off"', async () => {
    const r = await run(
      'off-hw-on',
      vector(`	raw_local_irq_enable();
	lockdep_hardirqs_off(CALLER_ADDR0); // fires
	raw_local_irq_disable();
	instrumentation_begin();
${EXIT}`),
      KERNEL,
    );
    firesHere(r, 'lockdep.hardirqs_off.irqs_enabled', { lastAction: 'lockdep_hardirqs_off(CALLER_ADDR0)', message: 'DEBUG_LOCKS_WARN_ON(!irqs_disabled())', context: 'kernel' });
    // DEBUG_LOCKS_WARN_ON turns lockdep off: nothing lockdep-based follows.
    assert.deepEqual(ids(r.report), ['lockdep.hardirqs_off.irqs_enabled']);
  });
  quiet('lockdep.hardirqs_off.irqs_enabled', 'lockdep told "off" with the hardware off', async () => {
    assertClean((await run('off-ok', bracketed(''), KERNEL)).report);
  });

  fires('lockdep.hardirqs_on_prepare.irqs_enabled', '_prepare with hardware IRQs on', async () => {
    const r = await run(
      'prep-hw-on',
      vector(`${ENTER}
	trace_hardirqs_on_prepare();
	raw_local_irq_enable();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0); // fires
	raw_local_irq_disable();
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0);`),
      KERNEL,
    );
    firesHere(r, 'lockdep.hardirqs_on_prepare.irqs_enabled', { lastAction: 'lockdep_hardirqs_on_prepare' });
  });
  quiet('lockdep.hardirqs_on_prepare.irqs_enabled', '_prepare with hardware IRQs off', async () => {
    assertClean((await run('prep-ok', bracketed(''), KERNEL)).report);
  });

  fires('lockdep.hardirqs_on_prepare.hardirq_context', 'local_irq_enable() inside the hard-IRQ bracket (I13)', async () => {
    const r = await run(
      'i13',
      bracketed(`	irq_enter_rcu();
	local_irq_enable(); // fires
	local_irq_disable();
	irq_exit_rcu();`),
      KERNEL,
    );
    const f = firesHere(r, 'lockdep.hardirqs_on_prepare.hardirq_context', { lastAction: 'local_irq_enable()', message: 'lockdep_hardirq_context()' });
    assert.equal(f.invariant, 'I13');
    assert.equal(f.trace.at(-1)!.state.lockdepHardirqContext, 1);
  });
  quiet('lockdep.hardirqs_on_prepare.hardirq_context', 'local_irq_enable() after irq_exit_rcu()', async () => {
    const r = await run(
      'i13-ok',
      bracketed(`	irq_enter_rcu();
	irq_exit_rcu();
	local_irq_enable();
	local_irq_disable();`),
      KERNEL,
    );
    assertClean(r.report);
  });

  fires('lockdep.hardirqs_on.irqs_enabled', 'lockdep_hardirqs_on() after the hardware was switched on', async () => {
    const r = await run(
      'on-hw-on',
      vector(`${ENTER}
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	raw_local_irq_enable();
	lockdep_hardirqs_on(CALLER_ADDR0); // fires`),
      KERNEL,
    );
    firesHere(r, 'lockdep.hardirqs_on.irqs_enabled', { lastAction: 'lockdep_hardirqs_on(CALLER_ADDR0)' });
    assert.deepEqual(ids(r.report), ['lockdep.hardirqs_on.irqs_enabled']);
  });
  quiet('lockdep.hardirqs_on.irqs_enabled', 'lockdep_hardirqs_on() with the hardware still off', async () => {
    assertClean((await run('on-ok', bracketed(''), KERNEL)).report);
  });

  // A lock acquired between _prepare and _on and still held at _on: the held-lock stack (and so
  // curr_chain_key) differs from the one _prepare saved.
  fires('lockdep.hardirqs_on.chain_key', 'a lock taken between _prepare and _on', async () => {
    const r = await run(
      'chain-key',
      vector(`	int lock = 0;

${ENTER}
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	raw_spin_lock(lock);
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0); // fires`),
      KERNEL,
    );
    firesHere(r, 'lockdep.hardirqs_on.chain_key', { lastAction: 'lockdep_hardirqs_on', message: 'hardirq_chain_key' });
    assert.deepEqual(ids(r.report), ['lockdep.hardirqs_on.chain_key']);
  });
  quiet('lockdep.hardirqs_on.chain_key', 'the lock taken before _prepare', async () => {
    const r = await run(
      'chain-key-ok',
      vector(`	int lock = 0;

${ENTER}
	raw_spin_lock(lock);
	raw_spin_unlock(lock);
${EXIT}`),
      KERNEL,
    );
    assertClean(r.report);
  });

  // The kernel compares chain keys, and releasing the top held lock puts back the key from before
  // it was taken (__lock_release: curr_chain_key = hlock->prev_chain_key), so only a held-lock
  // stack that *differs* at _on fires.
  const chainKeyWindow = (before: string, window: string) =>
    vector(`	int lock = 0;
	int other = 0;

${ENTER}
${before}	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
${window}	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0); // fires`);
  quiet('lockdep.hardirqs_on.chain_key', 'a balanced lock/unlock between _prepare and _on', async () => {
    const r = await run('chain-key-balanced', chainKeyWindow('', '	raw_spin_lock(lock);\n	raw_spin_unlock(lock);\n'), KERNEL);
    assertClean(r.report);
  });
  it('lockdep.hardirqs_on.chain_key quiet: nested locks taken and both dropped between _prepare and _on', { todo: 'the chain-key delta lives in lockdepPrepared/chainKeyChanged and is exact only up to one lock held across the window; a held-lock depth field in Machine would make this exact' }, async () => {
    const r = await run('chain-key-nested-balanced', chainKeyWindow('', '	raw_spin_lock(lock);\n	raw_spin_lock(other);\n	raw_spin_unlock(other);\n	raw_spin_unlock(lock);\n'), KERNEL);
    assertClean(r.report);
  });
  fires('lockdep.hardirqs_on.chain_key', 'a lock held at _prepare released before _on', async () => {
    const r = await run('chain-key-pre-held', chainKeyWindow('	raw_spin_lock(lock);\n', '	raw_spin_unlock(lock);\n'), KERNEL);
    firesHere(r, 'lockdep.hardirqs_on.chain_key', { lastAction: 'lockdep_hardirqs_on' });
    assert.deepEqual(ids(r.report), ['lockdep.hardirqs_on.chain_key']);
  });
  fires('lockdep.hardirqs_on.chain_key', 'two locks taken between _prepare and _on, one still held', async () => {
    const r = await run('chain-key-nested', chainKeyWindow('', '	raw_spin_lock(lock);\n	raw_spin_lock(other);\n	raw_spin_unlock(other);\n'), KERNEL);
    firesHere(r, 'lockdep.hardirqs_on.chain_key', { lastAction: 'lockdep_hardirqs_on' });
  });

  // __nmi_enter() does lockdep_off(): lock_acquire()/lock_release() in an NMI return before lockdep
  // looks at them, so they touch neither the chain key nor the usage bits.
  const nmiLocks = (lock: string, unlock: string) => `noinstr void kentry_nmi_vector(struct pt_regs *regs)
{
	int lock = 0;
	irqentry_state_t irq_state = idtentry_enter_nmi(regs);

	instrumentation_begin();
	${lock}(lock);
	${unlock}(lock);
	instrumentation_end();

	idtentry_exit_nmi(regs, irq_state);
}

${bracketed('')}`;
  quiet('lockdep.hardirqs_on.chain_key', 'an NMI takes and drops a lock between _prepare and _on', async () => {
    const r = await run('chain-key-nmi', nmiLocks('raw_spin_lock', 'raw_spin_unlock'), KERNEL, { bounds: { nmiNesting: 1 } });
    assertQuiet(r.report, 'lockdep.hardirqs_on.chain_key');
  });
  quiet('lockdep.inconsistent_lock_state', 'an NMI takes the rcu_node lock while lockdep still says IRQs on', async () => {
    // A bare NMI bracket that never tells lockdep "off": only lockdep_off() hides the lock.
    const c = `noinstr void kentry_nmi_vector(struct pt_regs *regs)
{
	int lock = 0;

	__nmi_enter();
	instrumentation_begin();
	raw_spin_lock_rcu_node(lock);
	raw_spin_unlock_rcu_node(lock);
	instrumentation_end();
	__nmi_exit();
}

${bracketed('')}`;
    const r = await run('ils-nmi', c, KERNEL, { bounds: { nmiNesting: 1 }, config: 'TRACE_IRQFLAGS_NMI_SUPPORT=y' });
    assertQuiet(r.report, 'lockdep.inconsistent_lock_state');
  });

  fires('lockdep.hardirqs_on.unprepared', 'lockdep_hardirqs_on() without _prepare', async () => {
    const r = await run(
      'unprepared',
      vector(`${ENTER}
	trace_hardirqs_on_prepare();
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0); // fires`),
      KERNEL,
    );
    firesHere(r, 'lockdep.hardirqs_on.unprepared', { lastAction: 'lockdep_hardirqs_on' });
    assert.deepEqual(ids(r.report), ['lockdep.hardirqs_on.unprepared']);
  });
  quiet('lockdep.hardirqs_on.unprepared', '_prepare first', async () => {
    assertClean((await run('prepared', bracketed(''), KERNEL)).report);
  });

  fires('lockdep.assert_irqs_disabled', 'asserted before lockdep was told "off"', async () => {
    const r = await run('assert-off', vector(`	lockdep_assert_irqs_disabled(); // fires\n${ENTER}\n${EXIT}`), KERNEL);
    firesHere(r, 'lockdep.assert_irqs_disabled', { lastAction: 'lockdep_assert_irqs_disabled()' });
    assert.deepEqual(ids(r.report), ['lockdep.assert_irqs_disabled']);
  });
  quiet('lockdep.assert_irqs_disabled', 'asserted after lockdep_hardirqs_off()', async () => {
    assertClean((await run('assert-off-ok', bracketed('	lockdep_assert_irqs_disabled();'), KERNEL)).report);
  });

  fires('lockdep.assert_irqs_enabled', 'asserted while lockdep says "off"', async () => {
    const r = await run('assert-on', bracketed('	lockdep_assert_irqs_enabled(); // fires'), KERNEL);
    firesHere(r, 'lockdep.assert_irqs_enabled', { lastAction: 'lockdep_assert_irqs_enabled()' });
    assert.deepEqual(ids(r.report), ['lockdep.assert_irqs_enabled']);
  });
  quiet('lockdep.assert_irqs_enabled', 'asserted after lockdep_hardirqs_on()', async () => {
    assertClean((await run('assert-on-ok', vector(`${ENTER}\n${EXIT}\n	lockdep_assert_irqs_enabled();`), KERNEL)).report);
  });

  fires('lockdep.inconsistent_lock_state', 'check_tick takes the rcu_node lock before lockdep knows IRQs are off (E5)', async () => {
    // The 5.8 kernel-mode entry: rcu_irq_enter_check_tick() before trace_hardirqs_off().
    const r = await run(
      'e5',
      vector(`	instrumentation_begin();
	rcu_irq_enter_check_tick(); // fires
	trace_hardirqs_off();
	trace_hardirqs_on();
	instrumentation_end();`),
      KERNEL,
      { config: `${NOHZ},PROVE_LOCKING=y` },
    );
    const f = firesHere(r, 'lockdep.inconsistent_lock_state', { lastAction: /rcu_irq_enter_check_tick\(\) \[outcome 2\/2: .*rcu_node lock\]/, message: 'rcu_node_0' });
    assert.equal(f.invariant, 'I1');
    // The same call is also an instrumentable call before lockdep_hardirqs_off() (I1 hazard).
    firesHere(r, 'I1.instrumentable_before_lockdep_off', { severity: 'hazard' });
  });
  quiet('lockdep.inconsistent_lock_state', 'lockdep_hardirqs_off() before check_tick (the 5.10-rc3 order)', async () => {
    const r = await run(
      'e5-fixed',
      vector(`	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	rcu_irq_enter_check_tick();
	trace_hardirqs_off_finish();
	trace_hardirqs_on();
	instrumentation_end();`),
      KERNEL,
      { config: NOHZ },
    );
    assertClean(r.report);
  });
  quiet('lockdep.inconsistent_lock_state', 'the E5 order without lockdep (PROVE_LOCKING=n)', async () => {
    const r = await run(
      'e5-nolockdep',
      vector(`	instrumentation_begin();
	rcu_irq_enter_check_tick();
	trace_hardirqs_off();
	trace_hardirqs_on();
	instrumentation_end();`),
      KERNEL,
      { config: `${NOHZ},PROVE_LOCKING=n,PROVE_RCU=n` },
    );
    assertClean(r.report);
  });

  // mark_usage(): the report needs one lock class with both usages. A class the kernel never takes
  // in hardirq context may be taken while lockdep (wrongly) believes IRQs are on: that only marks
  // it HARDIRQ-ON-W, which is consistent.
  quiet('lockdep.inconsistent_lock_state', 'the E5 order with a lock never taken in hardirq context', async () => {
    const r = await run(
      'ils-plain-lock',
      vector(`	int lock = 0;

	instrumentation_begin();
	raw_spin_lock(lock);
	raw_spin_unlock(lock);
	trace_hardirqs_off();
	trace_hardirqs_on();
	instrumentation_end();`),
      KERNEL,
      { config: NOHZ },
    );
    assertQuiet(r.report, 'lockdep.inconsistent_lock_state');
    // The window itself is still reported: instrumentable code before lockdep is told "off".
    assert.deepEqual(ids(r.report), ['I1.instrumentable_before_lockdep_off']);
  });
  fires('lockdep.inconsistent_lock_state', 'a lock taken in hardirq context while lockdep believes IRQs are on', async () => {
    // One acquisition marks both IN-HARDIRQ-W (hardirq_context) and HARDIRQ-ON-W (soft state on).
    const r = await run(
      'ils-hardirq-ctx',
      vector(`	int lock = 0;

	lockdep_hardirq_enter();
	instrumentation_begin();
	raw_spin_lock(lock); // fires
	raw_spin_unlock(lock);
	instrumentation_end();
	lockdep_hardirq_exit();
${ENTER}
${EXIT}`),
      KERNEL,
    );
    firesHere(r, 'lockdep.inconsistent_lock_state', { lastAction: 'raw_spin_lock(lock)', message: 'lock taken in hardirq context while lockdep believes IRQs are on' });
  });

  fires('lockdep.hardirq_context.underflow', 'lockdep_hardirq_exit() without enter', async () => {
    const r = await run('hctx-underflow', vector('	lockdep_hardirq_exit(); // fires'), KERNEL);
    firesHere(r, 'lockdep.hardirq_context.underflow', { lastAction: 'lockdep_hardirq_exit()' });
    assert.deepEqual(ids(r.report), ['lockdep.hardirq_context.underflow']);
  });
  quiet('lockdep.hardirq_context.underflow', 'enter, then exit', async () => {
    assertClean((await run('hctx-ok', vector('	lockdep_hardirq_enter();\n	lockdep_hardirq_exit();'), KERNEL)).report);
  });
});

// ======================================================================================
describe('rcu and context tracking', () => {
  fires('rcu.nmi_enter.negative', 'rcu_nmi_enter() after an unmatched exit drove the count negative', async () => {
    const r = await run('nmi-enter-neg', vector('	rcu_nmi_exit();\n	rcu_nmi_enter(); // fires'), IDLE);
    firesHere(r, 'rcu.nmi_enter.negative', { lastAction: 'rcu_nmi_enter()', context: 'idle-eqs' });
    assert.equal(r.report.findings.find((f) => f.check === 'rcu.nmi_enter.negative')!.trace.at(-2)!.state.rcuNmiNesting, '-2');
  });
  quiet('rcu.nmi_enter.negative', 'enter, then exit, from idle', async () => {
    assertClean((await run('nmi-enter-ok', vector('	rcu_nmi_enter();\n	rcu_nmi_exit();'), IDLE)).report);
  });

  fires('rcu.nmi_exit.nonpositive', 'a second rcu_nmi_exit() for one enter', async () => {
    // The first exit runs in EQS (both warnings); after the re-enter RCU watches, so the second
    // exit shows the non-positive count on its own.
    const r = await run('nmi-exit-nonpos', vector('	rcu_nmi_exit();\n	rcu_nmi_enter();\n	rcu_nmi_exit(); // fires'), IDLE);
    firesHere(r, 'rcu.nmi_exit.nonpositive', { lastAction: 'rcu_nmi_exit()' });
    const line = lineOf(r.c, '// fires');
    assert.ok(!r.report.findings.some((f) => f.check === 'rcu.nmi_exit.in_eqs' && f.loc?.line === line), 'RCU watches at the second exit');
  });
  quiet('rcu.nmi_exit.nonpositive', 'one exit per enter', async () => {
    assertClean((await run('nmi-exit-ok', vector('	rcu_nmi_enter();\n	rcu_nmi_exit();'), IDLE)).report);
  });

  fires('rcu.nmi_exit.in_eqs', 'rcu_nmi_exit() in the idle EQS without an enter', async () => {
    const r = await run('nmi-exit-eqs', vector('	rcu_nmi_exit(); // fires'), IDLE);
    firesHere(r, 'rcu.nmi_exit.in_eqs', { lastAction: 'rcu_nmi_exit()' });
    firesHere(r, 'rcu.nmi_exit.nonpositive');
  });
  quiet('rcu.nmi_exit.in_eqs', 'rcu_nmi_exit() after rcu_nmi_enter() woke RCU', async () => {
    assertClean((await run('nmi-exit-eqs-ok', vector('	rcu_nmi_enter();\n	rcu_nmi_exit();'), IDLE)).report);
  });

  // rcu_irq_exit_check_preempt() (PROVE_RCU) at plain task level: the corrected program for all
  // three of its checks.
  const taskLevelCheck = bracketed('	rcu_irq_exit_check_preempt();');

  fires('rcu.check_preempt.nesting', 'check_preempt in the idle task after rcu_irq_enter()', async () => {
    const r = await run(
      'cp-nesting',
      rcuBracketed('	rcu_irq_exit_check_preempt(); // fires'),
      IDLE,
    );
    firesHere(r, 'rcu.check_preempt.nesting', { lastAction: 'rcu_irq_exit_check_preempt()', message: 'dynticks_nesting counter underflow/zero' });
    assertQuiet(r.report, 'rcu.check_preempt.eqs');
  });
  quiet('rcu.check_preempt.nesting', 'check_preempt at task level', async () => {
    assertClean((await run('cp-ok-1', taskLevelCheck, KERNEL)).report);
  });

  fires('rcu.check_preempt.nmi_nesting', 'check_preempt with RCU irq nesting raised', async () => {
    const r = await run(
      'cp-nmi-nesting',
      rcuBracketed('	rcu_irq_exit_check_preempt(); // fires'),
      KERNEL,
    );
    firesHere(r, 'rcu.check_preempt.nmi_nesting', { message: 'Bad RCU  dynticks_nmi_nesting counter' });
    assert.deepEqual(ids(r.report), ['rcu.check_preempt.nmi_nesting']);
  });
  quiet('rcu.check_preempt.nmi_nesting', 'check_preempt at task level', async () => {
    assertClean((await run('cp-ok-2', taskLevelCheck, KERNEL)).report);
  });
  quiet('rcu.check_preempt.nmi_nesting', 'PROVE_RCU=n compiles the check out', async () => {
    const r = await run(
      'cp-noprove',
      rcuBracketed('	rcu_irq_exit_check_preempt();'),
      KERNEL,
      { config: 'PROVE_RCU=n' },
    );
    assertClean(r.report);
  });

  fires('rcu.check_preempt.eqs', 'check_preempt in the idle EQS', async () => {
    const r = await run(
      'cp-eqs',
      vector(`	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	rcu_irq_exit_check_preempt(); // fires
	instrumentation_end();
	rcu_irq_enter();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	rcu_irq_exit();
	lockdep_hardirqs_on(CALLER_ADDR0);`),
      IDLE,
    );
    firesHere(r, 'rcu.check_preempt.eqs', { message: 'RCU in extended quiescent state!' });
    // Running instrumentable code there is itself an I2 violation.
    firesHere(r, 'I2.instrumentation_rcu_not_watching');
  });
  quiet('rcu.check_preempt.eqs', 'check_preempt at task level', async () => {
    assertClean((await run('cp-ok-3', taskLevelCheck, KERNEL)).report);
  });

  const tickFromIdle = (early: boolean) =>
    vector(`	lockdep_hardirqs_off(CALLER_ADDR0);
${early ? '	instrumentation_begin();\n	rcu_irq_enter_check_tick(); // fires\n	instrumentation_end();\n' : ''}	rcu_irq_enter();
	instrumentation_begin();
	trace_hardirqs_off_finish();
${early ? '' : '	rcu_irq_enter_check_tick();\n'}	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	rcu_irq_exit();
	lockdep_hardirqs_on(CALLER_ADDR0);`);

  fires('rcu.check_tick.eqs', 'check_tick before rcu_irq_enter() in the idle EQS', async () => {
    const r = await run('tick-eqs', tickFromIdle(true), IDLE, { config: `${NOHZ},PROVE_RCU=y` });
    firesHere(r, 'rcu.check_tick.eqs', { lastAction: 'rcu_irq_enter_check_tick()', message: 'Illegal rcu_irq_enter_check_tick() from extended quiescent state' });
  });
  quiet('rcu.check_tick.eqs', 'check_tick after rcu_irq_enter()', async () => {
    assertClean((await run('tick-eqs-ok', tickFromIdle(false), IDLE, { config: `${NOHZ},PROVE_RCU=y` })).report);
  });
  quiet('rcu.check_tick.eqs', 'NO_HZ_FULL=n: the inline wrapper never calls in', async () => {
    const r = await run('tick-eqs-nohz-off', tickFromIdle(true), IDLE, { config: 'NO_HZ_FULL=n' });
    assertQuiet(r.report, 'rcu.check_tick.eqs');
    // The instrumentable call still runs while RCU is not watching.
    firesHere(r, 'I2.instrumentation_rcu_not_watching');
  });

  fires('rcu.eqs_enter.nmi_nesting', 'user_enter_irqoff() with the RCU irq nesting still raised', async () => {
    const r = await run(
      'eqs-enter',
      vector(`	lockdep_hardirqs_off(CALLER_ADDR0);
	user_exit_irqoff();
	rcu_irq_enter();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	user_enter_irqoff(); // fires
	lockdep_hardirqs_on(CALLER_ADDR0);`),
      NOHZ_USER,
      { config: NOHZ },
    );
    firesHere(r, 'rcu.eqs_enter.nmi_nesting', { lastAction: 'user_enter_irqoff()', context: 'nohz-user-eqs' });
  });
  quiet('rcu.eqs_enter.nmi_nesting', 'the user-mode bracket', async () => {
    assertClean((await run('user-ok-1', fromUser(''), NOHZ_USER, { config: NOHZ })).report);
  });

  fires('rcu.eqs_exit.nmi_nesting', 'user_exit_irqoff() after rcu_irq_enter() already woke RCU', async () => {
    const r = await run(
      'eqs-exit',
      vector(`	lockdep_hardirqs_off(CALLER_ADDR0);
	rcu_irq_enter();
	user_exit_irqoff(); // fires
	instrumentation_begin();
	trace_hardirqs_off_finish();
${USER_EXIT}`),
      NOHZ_USER,
      { config: NOHZ },
    );
    firesHere(r, 'rcu.eqs_exit.nmi_nesting', { lastAction: 'user_exit_irqoff()', message: 'WARN_ON_ONCE(rdp->dynticks_nmi_nesting)' });
  });
  quiet('rcu.eqs_exit.nmi_nesting', 'the user-mode bracket', async () => {
    assertClean((await run('user-ok-2', fromUser(''), NOHZ_USER, { config: NOHZ })).report);
  });

  fires('ct.user_enter.irqs_enabled', 'user_enter_irqoff() after the hardware was switched on', async () => {
    const r = await run(
      'ct-user-enter',
      vector(`${USER_ENTER}
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0);
	raw_local_irq_enable();
	user_enter_irqoff(); // fires`),
      NOHZ_USER,
      { config: NOHZ },
    );
    firesHere(r, 'ct.user_enter.irqs_enabled', { lastAction: 'user_enter_irqoff()' });
    // lockdep was told "on" first, so the switch's lockdep assertion fires with it (below).
    assert.deepEqual(ids(r.report).sort(), ['ct.user_enter.irqs_enabled', 'lockdep.assert_irqs_disabled']);
  });
  quiet('ct.user_enter.irqs_enabled', 'the user-mode bracket', async () => {
    assertClean((await run('user-ok-3', fromUser(''), NOHZ_USER, { config: NOHZ })).report);
  });

  // The switch to user mode asserts lockdep's view too (__ct_user_enter()'s
  // lockdep_assert_irqs_disabled(), 6.1+; rcu_eqs_enter()'s in 5.10): arm64 6.12's own
  // __exit_to_user_mode() with user_enter_irqoff() and lockdep_hardirqs_on() swapped (a mutant).
  fires('lockdep.assert_irqs_disabled', 'user_enter_irqoff() after lockdep was told "on" (hardware still off)', async () => {
    const r = await run(
      'ct-user-enter-lockdep-on',
      vector(`${USER_ENTER}
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0);
	user_enter_irqoff(); // fires`),
      NOHZ_USER,
      { config: NOHZ },
    );
    firesHere(r, 'lockdep.assert_irqs_disabled', { lastAction: 'user_enter_irqoff()' });
    assert.deepEqual(ids(r.report), ['lockdep.assert_irqs_disabled']);
  });
  quiet('lockdep.assert_irqs_disabled', 'user_enter_irqoff() before lockdep_hardirqs_on() (the user-mode bracket), and without lockdep', async () => {
    assertClean((await run('user-ok-4', fromUser(''), NOHZ_USER, { config: NOHZ })).report);
    const noLockdep = vector(`${USER_ENTER}
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0);
	user_enter_irqoff();`);
    assertClean((await run('user-ok-5', noLockdep, NOHZ_USER, { config: `${NOHZ},PROVE_LOCKING=n,PROVE_RCU=n` })).report);
  });

  fires('rcu.tick.false_quiescent_state', 'bundled row e3: nested tick in the idle task skips rcu_irq_enter()', async () => {
    const report = await check({ rows: [await bundledRow(findRow('e3')!)], contexts: IDLE, bounds: { irqNesting: 1 }, maxStates: 50_000 });
    const f = assertFires(report, 'rcu.tick.false_quiescent_state', undefined, {
      fn: 'kentry_irq_vector',
      file: 'src/bundled/era-x86-58.c',
      lastAction: 'generic_handle_irq()',
      context: 'idle-eqs',
    });
    assert.equal(f.invariant, 'I5');
    assert.equal(f.loc!.line, lineOf(report.sources['src/bundled/era-x86-58.c']!, '\tgeneric_handle_irq();'));
    // It is the nested IRQ's handler (level 1) that is fooled.
    assert.equal(f.trace.at(-1)!.level, 1);
    assert.ok(f.trace.some((s) => s.action.startsWith('nested IRQ arrives')), 'a nested IRQ is in the trace');
  });
  quiet('rcu.tick.false_quiescent_state', 'x86-58 as merged (is_idle_task() forces rcu_irq_enter())', async () => {
    assertClean(await check({ entry: 'kentry_irq_vector', contexts: IDLE, bounds: { irqNesting: 1 }, maxStates: 50_000 }));
  });
});

// ======================================================================================
describe('preempt_count and NMI counts', () => {
  fires('preempt.count.underflow', 'preempt_enable_no_resched() without a disable', async () => {
    const r = await run('preempt-underflow', vector('	preempt_enable_no_resched(); // fires\n	inc_irq_stat();'), KERNEL);
    const f = firesHere(r, 'preempt.count.underflow', { lastAction: 'preempt_enable_no_resched()' });
    // halts: the path ends there, nothing after it (no IRET check either).
    assert.deepEqual(ids(r.report), ['preempt.count.underflow']);
    assert.equal(f.trace.at(-1)!.state.preemptCount, 0);
  });
  quiet('preempt.count.underflow', 'disable, then enable', async () => {
    assertClean((await run('preempt-ok', vector('	preempt_disable();\n	preempt_enable_no_resched();'), KERNEL)).report);
  });

  const nmiLoop = (n: number) =>
    vector(`	int i = 0;

	while (i < ${n}) {
		__nmi_enter(); // fires
		i = i + 1;
	}
	while (i > 0) {
		__nmi_exit();
		i = i - 1;
	}`);

  fires('preempt.nmi_enter.max', 'a 16th nested __nmi_enter()', async () => {
    const r = await run('nmi-max', nmiLoop(16), KERNEL);
    const f = firesHere(r, 'preempt.nmi_enter.max', { lastAction: '__nmi_enter()', message: 'BUG_ON(in_nmi() == NMI_MASK)' });
    assert.match(f.trace.at(-1)!.state.preemptCountDecoded, /NMI=15/);
    assert.deepEqual(ids(r.report), ['preempt.nmi_enter.max']);
  });
  quiet('preempt.nmi_enter.max', '15 nested __nmi_enter() (the maximum), all exited', async () => {
    assertClean((await run('nmi-max-ok', nmiLoop(15), KERNEL)).report);
  });

  fires('preempt.nmi_exit.not_in_nmi', '__nmi_exit() outside NMI', async () => {
    const r = await run('nmi-exit-bug', vector('	__nmi_exit(); // fires'), KERNEL);
    firesHere(r, 'preempt.nmi_exit.not_in_nmi', { lastAction: '__nmi_exit()', message: 'BUG_ON(!in_nmi())' });
    assert.deepEqual(ids(r.report), ['preempt.nmi_exit.not_in_nmi']);
  });
  quiet('preempt.nmi_exit.not_in_nmi', '__nmi_enter(), then __nmi_exit()', async () => {
    assertClean((await run('nmi-exit-ok', vector('	__nmi_enter();\n	__nmi_exit();'), KERNEL)).report);
  });
});

// ======================================================================================
describe('x86 entry sanity checks', () => {
  fires('assert.user_entry_kernel_regs', 'the user-entry helper called for an entry from kernel mode (DEBUG_ENTRY)', async () => {
    const r = await run('user-regs', vector(`	arch_enter_from_user_mode(regs); // fires\n${ENTER}\n${EXIT}`), KERNEL, { config: 'DEBUG_ENTRY=y' });
    firesHere(r, 'assert.user_entry_kernel_regs', { lastAction: 'arch_enter_from_user_mode(regs)', message: 'WARN_ON_ONCE(!user_mode(regs))' });
    assert.deepEqual(ids(r.report), ['assert.user_entry_kernel_regs']);
  });
  quiet('assert.user_entry_kernel_regs', 'an entry from user mode; or DEBUG_ENTRY off', async () => {
    assertClean((await run('user-regs-ok', vector(`	arch_enter_from_user_mode(regs);\n${ENTER}\n${EXIT}`), ['user'], { config: 'DEBUG_ENTRY=y' })).report);
    assertClean((await run('user-regs-nodebug', vector(`	arch_enter_from_user_mode(regs);\n${ENTER}\n${EXIT}`), KERNEL, { config: 'DEBUG_ENTRY=n' })).report);
  });
});

describe('model bounds', () => {
  fires('I4.counter_runaway', 'preempt_disable() in a loop: preempt_count runs past its field', async () => {
    const r = await run('runaway-preempt', bracketed('	int i;\n\n	for (i = 0; i < 300; i++)\n		preempt_disable(); // fires'), KERNEL, { maxStates: 100_000 });
    const f = firesHere(r, 'I4.counter_runaway', { message: 'preempt_count' });
    assert.equal(f.trace.at(-2)!.state.preemptCount & 0xff, 0xff, 'the field was full');
    assert.deepEqual(ids(r.report), ['I4.counter_runaway'], 'the path ended there: nothing cascades');
  });
  fires('I4.counter_runaway', 'unbounded recursion: the call stack', async () => {
    const r = await run('runaway-stack', vector(`${ENTER}\n	my_recurse();\n${EXIT}`, 'static void my_recurse(void)\n{\n	my_recurse(); // fires\n}\n'), KERNEL);
    const f = assertFires(r.report, 'I4.counter_runaway', undefined, { fn: 'my_recurse', message: 'the call stack' });
    assert.ok(f.trace.length > 200);
  });
  quiet('I4.counter_runaway', 'the same loop balanced', async () => {
    assertClean((await run('runaway-ok', bracketed('	int i;\n\n	for (i = 0; i < 300; i++) {\n		preempt_disable();\n		preempt_enable_no_resched();\n	}'), KERNEL, { maxStates: 100_000 })).report);
  });
});

describe('scheduler', () => {
  /** Schedules from the vector with IRQs properly on (lockdep and tracer follow). */
  const withIrqsOn = (inner: string) => bracketed(`	local_irq_enable();\n${inner}\n	local_irq_disable();`);

  fires('sched.atomic', 'schedule() under preempt_disable()', async () => {
    const r = await run('sched-atomic', withIrqsOn('	preempt_disable();\n	schedule();\n	preempt_enable_no_resched();'), KERNEL);
    const f = assertFires(r.report, 'sched.atomic', undefined, { fn: 'schedule', file: 'src/kernel/c/sched.c', lastAction: '__schedule(SM_NONE)', message: 'scheduling while atomic: kentry/1/0x00000002' });
    assert.equal(f.invariant, 'I8');
    assert.deepEqual(ids(r.report), ['sched.atomic']);
  });
  quiet('sched.atomic', 'schedule() with preemption enabled', async () => {
    assertClean((await run('sched-ok-1', withIrqsOn('	schedule();'), KERNEL)).report);
  });

  fires('sched.ct_user', 'schedule() while context tracking still says USER', async () => {
    const r = await run(
      'sched-ct-user',
      vector(`	lockdep_hardirqs_off(CALLER_ADDR0);
	rcu_irq_enter();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	local_irq_enable();
	schedule();
	local_irq_disable();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	rcu_irq_exit();
	lockdep_hardirqs_on(CALLER_ADDR0);`),
      NOHZ_USER,
      { config: NOHZ },
    );
    assertFires(r.report, 'sched.ct_user', undefined, { fn: 'schedule', file: 'src/kernel/c/sched.c', lastAction: '__schedule(SM_NONE)', message: 'SCHED_WARN_ON(ct_state() == CONTEXT_USER)' });
  });
  quiet('sched.ct_user', 'user_exit_irqoff() first', async () => {
    assertClean((await run('sched-ct-user-ok', fromUser('	local_irq_enable();\n	schedule();\n	local_irq_disable();'), NOHZ_USER, { config: NOHZ })).report);
  });

  fires('sched.irqs_disabled', 'schedule() with hardware IRQs off (E1)', async () => {
    const r = await run('sched-irqs-off', bracketed('	schedule();'), KERNEL);
    assertFires(r.report, 'sched.irqs_disabled', undefined, { fn: 'schedule', file: 'src/kernel/c/sched.c', lastAction: '__schedule(SM_NONE)' });
    assert.equal(r.report.findings.find((f) => f.check === 'sched.irqs_disabled')!.trace.at(-2)!.state.hwIrqsEnabled, false);
    assert.deepEqual(ids(r.report), ['sched.irqs_disabled']);
  });
  quiet('sched.irqs_disabled', 'local_irq_enable() around schedule()', async () => {
    assertClean((await run('sched-ok-2', withIrqsOn('	schedule();'), KERNEL)).report);
  });

  // An upcall body: the event handler (which consumes the upcall's events, I15), then `inner`.
  const xenSched = (inner: string, handler = '	xen_evtchn_do_upcall();') =>
    vector(`	bool inhcall;

${ENTER}
${handler}
${inner}
${EXIT}`);

  fires('sched.xen_inhcall_set', 'schedule() from the upcall with xen_in_preemptible_hcall set', async () => {
    const r = await run(
      'xen-flag',
      xenSched(`	inhcall = __this_cpu_read(xen_in_preemptible_hcall);
	__this_cpu_write(xen_in_preemptible_hcall, true);
	local_irq_enable();
	schedule();
	local_irq_disable();
	__this_cpu_write(xen_in_preemptible_hcall, inhcall);`),
      ['xen-hcall'],
      { harness: 'xen-upcall', config: 'PREEMPTION=none' },
    );
    const f = assertFires(r.report, 'sched.xen_inhcall_set', undefined, { fn: 'schedule', file: 'src/kernel/c/sched.c', lastAction: '__schedule(SM_NONE)', context: 'xen-hcall' });
    assert.equal(f.invariant, 'I10');
    assert.equal(f.trace.at(-1)!.state.xenInPreemptibleHcall, true);
    assert.deepEqual(ids(r.report), ['sched.xen_inhcall_set']);
  });
  quiet('sched.xen_inhcall_set', 'the flag cleared before schedule() and restored after', async () => {
    const r = await run(
      'xen-flag-ok',
      xenSched(`	inhcall = __this_cpu_read(xen_in_preemptible_hcall);
	__this_cpu_write(xen_in_preemptible_hcall, false);
	local_irq_enable();
	schedule();
	local_irq_disable();
	__this_cpu_write(xen_in_preemptible_hcall, inhcall);`),
      ['xen-hcall'],
      { harness: 'xen-upcall', config: 'PREEMPTION=none' },
    );
    assertClean(r.report);
  });

  fires('I10.iret_xen_flag', 'the upcall clears xen_in_preemptible_hcall and never restores it', async () => {
    const r = await run('xen-flag-lost', xenSched(`	inhcall = __this_cpu_read(xen_in_preemptible_hcall);\n	__this_cpu_write(xen_in_preemptible_hcall, false);`) + '', ['xen-hcall'], { harness: 'xen-upcall', config: 'PREEMPTION=none' });
    const f = assertFires(r.report, 'I10.iret_xen_flag', undefined, { fn: 'my_vector', lastAction: 'IRET from my_vector()', context: 'xen-hcall' });
    assert.match(f.message, /xen_in_preemptible_hcall=0, the interrupted context had 1: the hypercall goes on without its preemption points/);
    assert.deepEqual(ids(r.report), ['I10.iret_xen_flag']);
  });
  quiet('I10.iret_xen_flag', 'cleared and restored', async () => {
    const r = await run('xen-flag-kept', xenSched(`	inhcall = __this_cpu_read(xen_in_preemptible_hcall);\n	__this_cpu_write(xen_in_preemptible_hcall, false);\n	__this_cpu_write(xen_in_preemptible_hcall, inhcall);`), ['xen-hcall', 'kernel'], { harness: 'xen-upcall', config: 'PREEMPTION=none' });
    assertClean(r.report);
  });

  fires('I15.xen_events_unhandled', 'an upcall that never calls the event-channel handler', async () => {
    const r = await run('xen-no-handler', xenSched('', ''), ['kernel'], { harness: 'xen-upcall', config: 'PREEMPTION=none' });
    const f = assertFires(r.report, 'I15.xen_events_unhandled', undefined, { fn: 'my_vector', lastAction: 'IRET from my_vector()', context: 'kernel' });
    assert.match(f.message, /evtchn_upcall_pending stays set/);
    assert.deepEqual(ids(r.report), ['I15.xen_events_unhandled']);
  });
  quiet('I15.xen_events_unhandled', 'the handler runs; an NMI brings no events', async () => {
    const r = await run('xen-handler', xenSched(''), ['kernel', 'xen-hcall'], { harness: 'xen-upcall', config: 'PREEMPTION=none', bounds: { nmiNesting: 1 } });
    assertQuiet(r.report, 'I15.xen_events_unhandled');
    // Only the known NMI tracer hazard (F1) remains.
    assert.deepEqual(ids(r.report), ['I6.iret_tracer_mismatch']);
  });

  fires('I10.hcall_preemption_missed', 'a wakeup in the event handler, and the hypercall resumes without scheduling', async () => {
    const r = await run('xen-hcall-nopreempt', xenSched(`	kentry_local_wakeup();`), ['xen-hcall'], { harness: 'xen-upcall', config: 'PREEMPTION=none' });
    const f = assertFires(r.report, 'I10.hcall_preemption_missed', undefined, { fn: 'my_vector', lastAction: 'IRET from my_vector()', context: 'xen-hcall' });
    assert.ok(f.trace.some((s) => s.action.includes('kentry_local_wakeup()') && s.action.includes('outcome 2/')));
    assert.deepEqual(ids(r.report), ['I10.hcall_preemption_missed']);
  });
  quiet('I10.hcall_preemption_missed', 'the inhcall path schedules with the flag cleared; the same code outside a hypercall', async () => {
    const r = await run(
      'xen-hcall-preempt',
      xenSched(`	kentry_local_wakeup();
	inhcall = __this_cpu_read(xen_in_preemptible_hcall);
	__this_cpu_write(xen_in_preemptible_hcall, false);
	if (inhcall && need_resched())
		preempt_schedule_irq();
	__this_cpu_write(xen_in_preemptible_hcall, inhcall);`),
      ['xen-hcall', 'kernel'],
      { harness: 'xen-upcall', config: 'PREEMPTION=none' },
    );
    assertClean(r.report);
  });

  fires('sched.irq_return_after_exit', 'preempt_schedule_irq() with RCU irq nesting still raised', async () => {
    const r = await run(
      'irq-ret-rcu',
      rcuBracketed('	preempt_schedule_irq();'),
      KERNEL,
    );
    const f = assertFires(r.report, 'sched.irq_return_after_exit', undefined, {
      fn: 'preempt_schedule_irq',
      file: 'src/kernel/c/sched.c',
      lastAction: '__schedule(SM_PREEMPT)',
      message: 'RCU not at task level',
    });
    assert.equal(f.invariant, 'I7');
    assert.deepEqual(ids(r.report), ['sched.irq_return_after_exit']);
  });
  fires('sched.irq_return_after_exit', 'schedule() after lockdep_hardirqs_on() with IRQs still off (E2)', async () => {
    const r = await run('irq-ret-lockdep', vector(`${ENTER}\n${EXIT}\n	instrumentation_begin();\n	schedule(); // fires\n	instrumentation_end();`), KERNEL);
    assertFires(r.report, 'sched.irq_return_after_exit', undefined, { fn: 'schedule', message: 'lockdep already says hardirqs on; the tracer already says hardirqs on' });
    assertFires(r.report, 'sched.irqs_disabled', undefined, { fn: 'schedule' });
    // And the call itself is instrumentable code after lockdep's "on" (I3 hazard).
    firesHere(r, 'I3.instrumentable_after_lockdep_on', { severity: 'hazard', lastAction: 'call schedule()' });
  });
  quiet('sched.irq_return_after_exit', 'preempt_schedule_irq() at RCU task level, before the exit transitions', async () => {
    assertClean((await run('irq-ret-ok', bracketed('	if (need_resched())\n		preempt_schedule_irq();'), KERNEL)).report);
  });
});

// ======================================================================================
describe('objtool (I11)', () => {
  fires('objtool.noinstr_call', 'instrumentable call from noinstr code at depth 0', async () => {
    const r = await run('noinstr-call', vector(`	lockdep_hardirqs_off(CALLER_ADDR0);\n	my_work(); // fires\n	instrumentation_begin();\n	trace_hardirqs_off_finish();\n${EXIT}`, MY_WORK), KERNEL);
    firesHere(r, 'objtool.noinstr_call', { lastAction: 'call my_work()', message: 'objtool: my_vector+0x0: call to my_work() leaves .noinstr.text section' });
    assert.deepEqual(ids(r.report), ['objtool.noinstr_call']);
  });
  fires('objtool.noinstr_call', 'an unknown (opaque) callee is instrumentable too', async () => {
    const r = await run('noinstr-opaque', bracketed('	instrumentation_end();\n	some_unmodelled_helper(); // fires\n	instrumentation_begin();'), KERNEL);
    firesHere(r, 'objtool.noinstr_call', { lastAction: '[opaque: not modelled]', message: 'call to some_unmodelled_helper()' });
    assert.deepEqual(
      r.report.opaqueCalls.filter((o) => o.loc.file === r.file).map((o) => o.name),
      ['some_unmodelled_helper'],
    );
  });
  fires('objtool.noinstr_call', 'a plain inline function that makes a call may be out of line', async () => {
    const helper = 'static inline void my_inline_hook(void)\n{\n	my_tracepoint();\n}\n';
    const r = await run('noinstr-inline-call', vector(`	lockdep_hardirqs_off(CALLER_ADDR0);\n	my_inline_hook(); // fires\n	instrumentation_begin();\n	trace_hardirqs_off_finish();\n${EXIT}`, helper), KERNEL);
    firesHere(r, 'objtool.noinstr_call', { lastAction: 'call my_inline_hook()' });
  });
  quiet('objtool.noinstr_call', 'a plain inline function without a call (an empty stub) is always inlined', async () => {
    const stub = 'static inline void my_stub(void) { }\nstatic inline int my_const(void) { return 0; }\n';
    const r = await run('noinstr-inline-stub', vector(`	lockdep_hardirqs_off(CALLER_ADDR0);\n	my_stub();\n	if (my_const())\n		my_stub();\n	instrumentation_begin();\n	trace_hardirqs_off_finish();\n${EXIT}`, stub), KERNEL);
    assertClean(r.report);
  });
  quiet('objtool.noinstr_call', 'a plain inline function whose only call is to a call-free inline function is inlined away', async () => {
    // 6.12 riscv's riscv_v_vstate_discard(): a field test, then a plain-inline field store.
    const helpers = 'static inline void my_mark(int *p) { *p = 1; }\nstatic inline void my_outer(int *p)\n{\n	if (*p)\n		return;\n	my_mark(p);\n}\n';
    const r = await run('noinstr-inline-nested', vector(`	int v = 0;\n	lockdep_hardirqs_off(CALLER_ADDR0);\n	my_outer(&v);\n	instrumentation_begin();\n	trace_hardirqs_off_finish();\n${EXIT}`, helpers), KERNEL);
    assertClean(r.report);
  });
  fires('objtool.noinstr_call', 'a plain inline function calling an inline function that makes a call may be out of line', async () => {
    const helpers = 'static inline void my_mark(int *p) { my_tracepoint(); }\nstatic inline void my_outer(int *p)\n{\n	my_mark(p);\n}\n';
    const r = await run('noinstr-inline-nested-call', vector(`	int v = 0;\n	lockdep_hardirqs_off(CALLER_ADDR0);\n	my_outer(&v); // fires\n	instrumentation_begin();\n	trace_hardirqs_off_finish();\n${EXIT}`, helpers), KERNEL);
    firesHere(r, 'objtool.noinstr_call', { lastAction: 'call my_outer(&v)' });
  });
  quiet('objtool.noinstr_call', 'choose_random_kstack_offset() is a macro, no call (6.1/6.12 syscall exits)', async () => {
    const r = await run('noinstr-kstack-choose', vector(`	lockdep_hardirqs_off(CALLER_ADDR0);\n	choose_random_kstack_offset(0);\n	instrumentation_begin();\n	trace_hardirqs_off_finish();\n${EXIT}`), KERNEL);
    assertClean(r.report);
  });
  fires('objtool.noinstr_call', 'a call in choose_random_kstack_offset()\'s argument is the caller\'s call (riscv 6.12: get_random_u16())', async () => {
    const r = await run('noinstr-kstack-choose-call', vector(`	lockdep_hardirqs_off(CALLER_ADDR0);\n	choose_random_kstack_offset(my_random()); // fires\n	instrumentation_begin();\n	trace_hardirqs_off_finish();\n${EXIT}`), KERNEL);
    firesHere(r, 'objtool.noinstr_call', { message: 'call to my_random()' });
  });
  // lockdep_hardirqs_on_prepare() is instrumentable lockdep code where lockdep is built, and an
  // empty static inline stub (no call at all) without PROVE_LOCKING: the primitive's builtIf.
  const ON_PREPARE_OUTSIDE = `	lockdep_hardirqs_off(CALLER_ADDR0);\n	instrumentation_begin();\n	trace_hardirqs_off_finish();\n	trace_hardirqs_on_prepare();\n	instrumentation_end();\n	lockdep_hardirqs_on_prepare(CALLER_ADDR0); // fires\n	lockdep_hardirqs_on(CALLER_ADDR0);\n	return;\n`;
  fires('objtool.noinstr_call', 'lockdep_hardirqs_on_prepare() outside instrumentation_begin/end with PROVE_LOCKING=y', async () => {
    const r = await run('noinstr-on-prepare-lockdep', vector(ON_PREPARE_OUTSIDE), KERNEL);
    firesHere(r, 'objtool.noinstr_call', { lastAction: 'lockdep_hardirqs_on_prepare(CALLER_ADDR0)' });
  });
  quiet('objtool.noinstr_call', 'lockdep_hardirqs_on_prepare() outside instrumentation_begin/end with PROVE_LOCKING=n (an empty inline stub)', async () => {
    const r = await run('noinstr-on-prepare-nolockdep', vector(ON_PREPARE_OUTSIDE), KERNEL, { config: 'PROVE_LOCKING=n,PROVE_RCU=n' });
    assertClean(r.report);
  });
  quiet('objtool.noinstr_call', 'the call inside instrumentation_begin/end', async () => {
    assertClean((await run('noinstr-call-ok', bracketed('	my_work();', MY_WORK), KERNEL)).report);
  });

  fires('objtool.return_instrumentation', 'return inside an instrumentation section', async () => {
    const r = await run(
      'ret-instr',
      vector(`	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	trace_hardirqs_off_finish();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	lockdep_hardirqs_on(CALLER_ADDR0);
	return; // fires`),
      KERNEL,
    );
    firesHere(r, 'objtool.return_instrumentation', { message: 'objtool: my_vector+0x0: return with instrumentation enabled' });
    assert.deepEqual(ids(r.report), ['objtool.return_instrumentation']);
  });
  quiet('objtool.return_instrumentation', 'instrumentation_end() before the return', async () => {
    assertClean((await run('ret-instr-ok', vector(`${ENTER}\n${EXIT}\n	return;`), KERNEL)).report);
  });

  fires('objtool.instrumentation_end_underflow', 'instrumentation_end() without a begin', async () => {
    const r = await run('end-underflow', vector(`	instrumentation_end(); // fires\n${ENTER}\n${EXIT}`), KERNEL);
    firesHere(r, 'objtool.instrumentation_end_underflow', { lastAction: 'instrumentation_end()' });
    assert.deepEqual(ids(r.report), ['objtool.instrumentation_end_underflow']);
  });
  quiet('objtool.instrumentation_end_underflow', 'an __always_inline helper closes its caller\'s instrumentation section (objtool counts after inlining)', async () => {
    const c = vector(
      `${ENTER}
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	close_section();
	lockdep_hardirqs_on(CALLER_ADDR0);`,
      `static __always_inline void close_section(void)
{
	instrumentation_end();
}

`,
    );
    assertClean((await run('inline-end', c, KERNEL)).report);
  });
  it('objtool.instrumentation_end_underflow names the function in its message', async () => {
    const r = await run('end-underflow-msg', vector(`	instrumentation_end(); // fires\n${ENTER}\n${EXIT}`), KERNEL);
    firesHere(r, 'objtool.instrumentation_end_underflow', { message: 'objtool: my_vector+0x0:' });
  });
  quiet('objtool.instrumentation_end_underflow', 'balanced begin/end', async () => {
    assertClean((await run('end-ok', bracketed(''), KERNEL)).report);
  });
});

// ======================================================================================
describe('assertions in the checked code', () => {
  fires('assert.warn_on', 'WARN_ON_ONCE(preempt_count() != 0) under preempt_disable()', async () => {
    const r = await run('warn', vector('	preempt_disable();\n	WARN_ON_ONCE(preempt_count() != 0); // fires\n	preempt_enable_no_resched();'), KERNEL);
    const f = firesHere(r, 'assert.warn_on', { lastAction: 'WARN_ON_ONCE(preempt_count() != 0)', message: 'WARNING: WARN_ON_ONCE(preempt_count() != 0)' });
    assert.equal(f.invariant, 'WARN');
    assert.deepEqual(ids(r.report), ['assert.warn_on']);
  });
  quiet('assert.warn_on', 'condition false on every path', async () => {
    assertClean((await run('warn-ok', vector('	WARN_ON_ONCE(preempt_count() != 0);\n	preempt_disable();\n	preempt_enable_no_resched();'), KERNEL)).report);
  });

  fires('assert.bug_on', 'BUG_ON(!irqs_disabled()) after raw_local_irq_enable()', async () => {
    const r = await run('bug', vector('	raw_local_irq_enable();\n	BUG_ON(!irqs_disabled()); // fires\n	raw_local_irq_disable();'), KERNEL);
    firesHere(r, 'assert.bug_on', { message: 'kernel BUG: BUG_ON(!irqs_disabled())' });
    // BUG() halts the path: no IRET, so no I6 check at the return.
    assert.deepEqual(ids(r.report), ['assert.bug_on']);
  });
  quiet('assert.bug_on', 'IRQs stay off', async () => {
    assertClean((await run('bug-ok', vector('	BUG_ON(!irqs_disabled());'), KERNEL)).report);
  });

  fires('assert.ct_warn_on', 'CT_WARN_ON(ct_state() != CONTEXT_USER) on a kernel-mode entry', async () => {
    const r = await run('ct-warn', vector('	CT_WARN_ON(ct_state() != CONTEXT_USER); // fires'), KERNEL, { config: NOHZ });
    const f = firesHere(r, 'assert.ct_warn_on', { message: 'CT_WARN_ON(ct_state() != CONTEXT_USER)' });
    assert.equal(f.invariant, 'I12');
  });
  quiet('assert.ct_warn_on', 'the right expected state', async () => {
    assertClean((await run('ct-warn-ok', vector('	CT_WARN_ON(ct_state() != CONTEXT_KERNEL);'), KERNEL, { config: NOHZ })).report);
  });
  quiet('assert.ct_warn_on', 'context tracking off (NO_HZ_FULL=n)', async () => {
    assertClean((await run('ct-warn-off', vector('	CT_WARN_ON(ct_state() != CONTEXT_USER);'), KERNEL)).report);
  });
  // An interrupt of the idle task finds the state ct_idle_enter() left (ModelLayout.idleCtState):
  // IDLE where the tree has it (6.1 on; powerpc's entry CT_WARN_ON accepts KERNEL and IDLE for it),
  // KERNEL in the bundled 5.8 model and 5.10.
  const idleCtRun = async (name: string, c: string): Promise<Run> => {
    const rows = (await fileTarget([{ file: cFile(name), text: c }], 'my_vector', 'irq', 'x86-58')).map((row) => ({ ...row, program: { ...row.program, layout: { ...row.program.layout, idleCtState: 'idle' as const } } }));
    return run(name, c, IDLE, { harness: 'irq', rows, config: NOHZ });
  };
  fires('assert.ct_warn_on', 'an interrupt of the idle task reads CT_STATE_IDLE where the tree\'s ct_idle_enter() enters it', async () => {
    const r = await idleCtRun('ct-warn-idle', vector('	CT_WARN_ON(ct_state() != CT_STATE_KERNEL); // fires'));
    firesHere(r, 'assert.ct_warn_on', { context: 'idle-eqs', message: 'CT_WARN_ON(ct_state() != CT_STATE_KERNEL)' });
    assert.deepEqual(ids(r.report), ['assert.ct_warn_on']);
  });
  quiet('assert.ct_warn_on', 'the idle task\'s interrupt accepts CT_STATE_IDLE (powerpc\'s entry test)', async () => {
    assertClean((await idleCtRun('ct-warn-idle-ok', vector('	CT_WARN_ON(ct_state() != CT_STATE_KERNEL && ct_state() != CT_STATE_IDLE);'))).report);
  });
  quiet('assert.ct_warn_on', 'the bundled (5.8) idle task holds CONTEXT_KERNEL, which had no idle state', async () => {
    assertClean((await run('ct-warn-idle-58', vector('	CT_WARN_ON(ct_state() != CONTEXT_KERNEL);'), IDLE, { config: NOHZ })).report);
  });
});

// ======================================================================================
describe('explorer invariants', () => {
  fires('I2.instrumentation_rcu_not_watching', 'instrumentable call in the idle EQS before rcu_irq_enter()', async () => {
    const r = await run(
      'i2',
      vector(
        `	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	my_work(); // fires
	instrumentation_end();
	rcu_irq_enter();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	rcu_irq_exit();
	lockdep_hardirqs_on(CALLER_ADDR0);`,
        MY_WORK,
      ),
      IDLE,
    );
    firesHere(r, 'I2.instrumentation_rcu_not_watching', { lastAction: 'call my_work()', message: 'my_work()' });
    assert.deepEqual(ids(r.report), ['I2.instrumentation_rcu_not_watching']);
  });
  quiet('I2.instrumentation_rcu_not_watching', 'the call after rcu_irq_enter()', async () => {
    const r = await run(
      'i2-ok',
      rcuBracketed('	my_work();', MY_WORK),
      IDLE,
    );
    assertClean(r.report);
  });

  quiet('I2.instrumentation_rcu_not_watching', 'the _rcuidle combined trace_hardirqs_off() before rcu_irq_enter() (5.8-6.1)', async () => {
    const r = await run(
      'i2-rcuidle',
      vector(`	instrumentation_begin();
	trace_hardirqs_off();
	instrumentation_end();
	rcu_irq_enter();
	instrumentation_begin();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	rcu_irq_exit();
	lockdep_hardirqs_on(CALLER_ADDR0);`),
      IDLE,
    );
    assertClean(r.report);
  });

  fires('I1.instrumentable_before_lockdep_off', 'instrumentable call before lockdep_hardirqs_off()', async () => {
    const r = await run('i1', vector(`	instrumentation_begin();\n	my_work(); // fires\n	instrumentation_end();\n${ENTER}\n${EXIT}`, MY_WORK), KERNEL);
    const f = firesHere(r, 'I1.instrumentable_before_lockdep_off', { severity: 'hazard', lastAction: 'call my_work()' });
    assert.equal(f.invariant, 'I1');
    assert.deepEqual(ids(r.report), ['I1.instrumentable_before_lockdep_off']);
  });
  quiet('I1.instrumentable_before_lockdep_off', 'the call after lockdep_hardirqs_off()', async () => {
    assertClean((await run('i1-ok', bracketed('	my_work();', MY_WORK), KERNEL)).report);
  });

  fires('I3.instrumentable_after_lockdep_on', 'instrumentable call after lockdep_hardirqs_on()', async () => {
    const r = await run('i3', vector(`${ENTER}\n${EXIT}\n	instrumentation_begin();\n	my_work(); // fires\n	instrumentation_end();`, MY_WORK), KERNEL);
    const f = firesHere(r, 'I3.instrumentable_after_lockdep_on', { severity: 'hazard', lastAction: 'call my_work()' });
    assert.equal(f.invariant, 'I3');
    assert.deepEqual(ids(r.report), ['I3.instrumentable_after_lockdep_on']);
  });
  quiet('I3.instrumentable_after_lockdep_on', 'the call before the exit transitions', async () => {
    assertClean((await run('i3-ok', bracketed('	my_work();', MY_WORK), KERNEL)).report);
  });

  fires('I16.instrumentable_irqs_on_unannotated', 'instrumentable call after a raw enable (hardware on, lockdep not told)', async () => {
    const r = await run('i16', bracketed('	raw_local_irq_enable();\n	my_work(); // fires\n	raw_local_irq_disable();', MY_WORK), KERNEL);
    const f = firesHere(r, 'I16.instrumentable_irqs_on_unannotated', { severity: 'hazard', lastAction: 'call my_work()', message: /unannotated irqs-on/ });
    assert.equal(f.invariant, 'I16');
    assert.ok(ids(r.report).includes('I16.instrumentable_irqs_on_unannotated'));
  });
  quiet('I16.instrumentable_irqs_on_unannotated', 'the same call after local_irq_enable(), which tells lockdep first', async () => {
    const r = await run('i16-ok', bracketed('	local_irq_enable();\n	my_work();\n	local_irq_disable();', MY_WORK), KERNEL);
    assertQuiet(r.report, 'I16.instrumentable_irqs_on_unannotated');
  });
  quiet('I16.instrumentable_irqs_on_unannotated', 'a raw enable with no instrumentable call before the raw disable', async () => {
    const r = await run('i16-raw-only', bracketed('	raw_local_irq_enable();\n	raw_local_irq_disable();'), KERNEL);
    assertQuiet(r.report, 'I16.instrumentable_irqs_on_unannotated');
  });
  quiet('I16.instrumentable_irqs_on_unannotated', 'without lockdep (PROVE_LOCKING=n) there is nothing to tell', async () => {
    const r = await run('i16-nolockdep', bracketed('	raw_local_irq_enable();\n	my_work();\n	raw_local_irq_disable();', MY_WORK), KERNEL, { config: 'PROVE_LOCKING=n,PROVE_RCU=n' });
    assertQuiet(r.report, 'I16.instrumentable_irqs_on_unannotated');
  });

  fires('I6.iret_lockdep_mismatch', 'return to an IF=1 context with lockdep still "off"', async () => {
    const r = await run(
      'i6-lockdep',
      vector(`${ENTER}
	trace_hardirqs_on_prepare();
	instrumentation_end();
	return; // fires`),
      KERNEL,
    );
    const f = firesHere(r, 'I6.iret_lockdep_mismatch', { lastAction: 'IRET from my_vector() (IF := 1)', message: 'my_vector: IRET returns to a context with IF=1 while lockdep says hardirqs off' });
    assert.equal(f.trace.at(-1)!.state.nestingLevel, 0);
    assert.deepEqual(ids(r.report), ['I6.iret_lockdep_mismatch']);
  });
  fires('I6.iret_lockdep_mismatch', 'exception from an IRQs-off context returns with lockdep "on"', async () => {
    // IF=0 return: no "on" transition at all (I3); the IRQ bracket is wrong here.
    const r = await run('i6-if0', vector(`${ENTER}\n${EXIT}\n	return; // fires`), ['kernel-irqs-off'], { harness: 'exception' });
    firesHere(r, 'I6.iret_lockdep_mismatch', { lastAction: 'IRET from my_vector() (IF := 0)', message: 'IF=0 while lockdep says hardirqs on', context: 'kernel-irqs-off' });
    firesHere(r, 'I6.iret_tracer_mismatch', { severity: 'hazard' });
  });
  quiet('I6.iret_lockdep_mismatch', 'exception from an IRQs-off context leaves lockdep and the tracer "off"', async () => {
    const r = await run('i6-if0-ok', vector(`	lockdep_hardirqs_off(CALLER_ADDR0);\n	instrumentation_begin();\n	trace_hardirqs_off_finish();\n	instrumentation_end();`), ['kernel-irqs-off'], { harness: 'exception' });
    assertClean(r.report);
  });
  quiet('I6.iret_lockdep_mismatch', 'lockdep_hardirqs_on() before the return', async () => {
    assertClean((await run('i6-lockdep-ok', vector(`${ENTER}\n${EXIT}\n	return;`), KERNEL)).report);
  });

  fires('I6.iret_tracer_mismatch', 'return to an IF=1 context with the tracer still "off"', async () => {
    const r = await run(
      'i6-tracer',
      vector(`${ENTER}
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0);
	return; // fires`),
      KERNEL,
    );
    firesHere(r, 'I6.iret_tracer_mismatch', { severity: 'hazard', lastAction: 'IRET from my_vector()', message: 'irq tracer says hardirqs off' });
    assert.deepEqual(ids(r.report), ['I6.iret_tracer_mismatch']);
  });
  fires('I6.iret_tracer_mismatch', 'an NMI between trace_hardirqs_on_prepare() and lockdep_hardirqs_on()', async () => {
    // The known 5.9+ hazard: the NMI exit restores the tracer only when lockdep was on.
    const r = await run('i6-tracer-nmi', bracketed(''), KERNEL, { bounds: { nmiNesting: 1 } });
    const f = assertFires(r.report, 'I6.iret_tracer_mismatch', undefined, { fn: 'kentry_nmi_vector', file: 'src/kernel/c/nmi.c', severity: 'hazard', lastAction: 'NMI return from kentry_nmi_vector()' });
    assert.ok(f.trace.some((s) => s.action === 'NMI arrives'));
    assert.deepEqual(
      r.report.findings.filter((x) => x.severity === 'violation').map((x) => x.check),
      [],
      'no violation from the NMI',
    );
  });
  quiet('I6.iret_tracer_mismatch', 'trace_hardirqs_on_prepare() before the return', async () => {
    assertClean((await run('i6-tracer-ok', bracketed(''), KERNEL)).report);
  });

  // The 6.12+ idle wait (ModelLayout.idleWaitSoftIrqs 'off'): hardware IRQs on, lockdep and the
  // tracer "off". An IRQ's exit tells them "on" (as the saved IF says); an NMI-class bracket gives
  // back the "off" it sampled. Either is right for the idle code, so I6 stays quiet with both; it
  // still fires where the interrupted context had them agree (the KERNEL tests above).
  const rawIdleRows = async (name: string, c: string, harness: string): Promise<CheckRow[]> =>
    (await fileTarget([{ file: cFile(name), text: c }], 'my_vector', harness, 'x86-58')).map((row) => ({ ...row, program: { ...row.program, layout: { ...row.program.layout, idleWaitSoftIrqs: 'off' as const } } }));
  const runRawIdle = async (name: string, c: string, harness: string): Promise<Run> => run(name, c, IDLE, { harness, rows: await rawIdleRows(name, c, harness) });
  const NMI_STYLE = `	int was_on = lockdep_hardirqs_enabled();
	lockdep_hardirqs_off(CALLER_ADDR0);
	if (was_on)
		lockdep_hardirqs_on(CALLER_ADDR0);`;
  const IRQ_STYLE = `${ENTER_RCU}\n${EXIT_RCU}`;
  fires('assert.warn_on', 'the raw idle wait is interrupted with lockdep "off" (the context\'s soft state is the tree\'s)', async () => {
    const c = vector(`	WARN_ON_ONCE(!lockdep_hardirqs_enabled()); // fires\n${IRQ_STYLE}`);
    const r = await runRawIdle('idle-raw-warn', c, 'irq');
    firesHere(r, 'assert.warn_on', { context: 'idle-eqs' });
    assert.deepEqual(ids(r.report), ['assert.warn_on']);
  });
  quiet('assert.warn_on', 'the bundled (5.8) idle wait is interrupted with lockdep "on"', async () => {
    assertClean((await run('idle-told-warn', vector(`	WARN_ON_ONCE(!lockdep_hardirqs_enabled());\n${IRQ_STYLE}`), IDLE)).report);
  });
  quiet('I6.iret_lockdep_mismatch', 'an NMI-class vector from the raw idle wait gives back lockdep\'s and the tracer\'s "off"', async () => {
    assertClean((await runRawIdle('i6-raw-idle-nmi', vector(NMI_STYLE), 'nmi')).report);
  });
  quiet('I6.iret_lockdep_mismatch', 'an IRQ from the raw idle wait tells lockdep and the tracer "on" on its way out', async () => {
    assertClean((await runRawIdle('i6-raw-idle-irq', vector(IRQ_STYLE), 'irq')).report);
  });
  quiet('I6.iret_lockdep_mismatch', 'an IRQ from the raw idle wait gives back the "off" it found', async () => {
    assertClean((await runRawIdle('i6-raw-idle-irq-off', vector(NMI_STYLE), 'irq')).report);
  });

  fires('I4.iret_rcu_unbalanced', 'rcu_irq_enter() without rcu_irq_exit()', async () => {
    const r = await run('i4-rcu', vector(`	lockdep_hardirqs_off(CALLER_ADDR0);\n	rcu_irq_enter();\n	instrumentation_begin();\n	trace_hardirqs_off_finish();\n${EXIT}\n	return; // fires`), KERNEL);
    firesHere(r, 'I4.iret_rcu_unbalanced', { lastAction: 'IRET from my_vector()', message: 'returns with RCU state watching=1 nesting=1 nmi_nesting=NONIDLE+2, the interrupted context had watching=1 nesting=1 nmi_nesting=NONIDLE' });
    assert.deepEqual(ids(r.report), ['I4.iret_rcu_unbalanced']);
  });
  quiet('I4.iret_rcu_unbalanced', 'rcu_irq_exit() on the way out', async () => {
    const r = await run(
      'i4-rcu-ok',
      vector(`${ENTER_RCU}\n${EXIT_RCU}\n	return;`),
      KERNEL,
    );
    assertClean(r.report);
  });

  fires('I4.iret_preempt_count_unbalanced', 'preempt_disable() without enable', async () => {
    const r = await run('i4-preempt', vector(`	preempt_disable();\n${ENTER}\n${EXIT}\n	return; // fires`), KERNEL);
    firesHere(r, 'I4.iret_preempt_count_unbalanced', { lastAction: 'IRET from my_vector()', message: 'returns with preempt_count PREEMPT=1' });
    assert.deepEqual(ids(r.report), ['I4.iret_preempt_count_unbalanced']);
  });
  quiet('I4.iret_preempt_count_unbalanced', 'balanced preempt_disable()', async () => {
    assertClean((await run('i4-preempt-ok', vector(`	preempt_disable();\n${ENTER}\n${EXIT}\n	preempt_enable_no_resched();\n	return;`), KERNEL)).report);
  });

  fires('I4.iret_hardirq_context_unbalanced', 'lockdep_hardirq_enter() without exit', async () => {
    const r = await run('i4-hctx', vector(`${ENTER}\n${EXIT}\n	lockdep_hardirq_enter();\n	return; // fires`), KERNEL);
    firesHere(r, 'I4.iret_hardirq_context_unbalanced', { lastAction: 'IRET from my_vector()', message: 'lockdep hardirq_context 1' });
    assert.deepEqual(ids(r.report), ['I4.iret_hardirq_context_unbalanced']);
  });
  quiet('I4.iret_hardirq_context_unbalanced', 'the hard-IRQ bracket closed', async () => {
    assertClean((await run('i4-hctx-ok', bracketed('	irq_enter_rcu();\n	generic_handle_irq();\n	irq_exit_rcu();'), KERNEL)).report);
  });

  fires('I12.iret_ct_state', 'entry from user leaves context tracking in KERNEL', async () => {
    const r = await run(
      'i12',
      vector(`${USER_ENTER}
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0);
	return; // fires`),
      NOHZ_USER,
      { config: NOHZ },
    );
    firesHere(r, 'I12.iret_ct_state', { lastAction: 'IRET from my_vector()', message: 'returns to a context in context-tracking state USER with state KERNEL' });
    // Not entering the user EQS again also leaves RCU watching.
    firesHere(r, 'I4.iret_rcu_unbalanced');
  });
  quiet('I12.iret_ct_state', 'user_enter_irqoff() on the way out', async () => {
    assertClean((await run('i12-ok', fromUser('	my_work();', MY_WORK), NOHZ_USER, { config: NOHZ })).report);
  });

  // I9 / E7: rcu_nocb_flush_deferred_wakeup() may wake the rcuog kthread and so set
  // TIF_NEED_RESCHED on this CPU; on return to user the last flags check must come after it.
  const returnToUser = (flushFirst: boolean) =>
    vector(`${ENTER}
${flushFirst ? '	rcu_nocb_flush_deferred_wakeup();\n' : ''}	while (need_resched()) {
		local_irq_enable();
		schedule();
		local_irq_disable();
	}
${flushFirst ? '' : '	rcu_nocb_flush_deferred_wakeup();\n'}${EXIT}
	return; // fires`);

  fires('I9.need_resched_after_last_check', 'deferred wakeup flushed after the exit loop (E7)', async () => {
    const r = await run('i9', returnToUser(false), ['user']);
    const f = firesHere(r, 'I9.need_resched_after_last_check', { lastAction: 'IRET from my_vector() (IF := 1)', context: 'user' });
    assert.equal(f.invariant, 'I9');
    assert.ok(f.trace.some((s) => s.action.startsWith('rcu_nocb_flush_deferred_wakeup()') && s.changed.includes('needResched')), 'the flush set need_resched');
    assert.deepEqual(ids(r.report), ['I9.need_resched_after_last_check']);
  });
  quiet('I9.need_resched_after_last_check', 'flush before the last need_resched() check', async () => {
    assertClean((await run('i9-ok', returnToUser(true), ['user'])).report);
  });
  quiet('I9.need_resched_after_last_check', 'the same code returning to kernel mode (not a return to user)', async () => {
    assertClean((await run('i9-kernel', returnToUser(false), KERNEL)).report);
  });

  // I14: what the exit path saw, it handles before user mode runs again.
  const reschedLoop = `	while (need_resched()) {
		local_irq_enable();
		schedule();
		local_irq_disable();
	}`;
  fires('I14.user_return_resched_ignored', 'need_resched() read and ignored on the way to user mode', async () => {
    const r = await run('i14-resched', vector(`${ENTER}\n	if (need_resched())\n		trace_hardirqs_on_prepare();\n	else\n		trace_hardirqs_on_prepare();\n	lockdep_hardirqs_on_prepare(CALLER_ADDR0);\n	instrumentation_end();\n	lockdep_hardirqs_on(CALLER_ADDR0);\n	return; // fires`), ['user']);
    const f = firesHere(r, 'I14.user_return_resched_ignored', { lastAction: 'IRET from my_vector()', context: 'user' });
    assert.ok(f.trace.some((s) => s.action === 'need_resched() = 1'), 'the read saw the flag');
    assert.equal(f.trace.at(-2)!.state.needResched, true);
    assert.deepEqual(ids(r.report), ['I14.user_return_resched_ignored']);
  });
  quiet('I14.user_return_resched_ignored', 'the reschedule loop before the return; a flag set after the last read is the IPI\'s', async () => {
    const r = await run('i14-resched-ok', bracketed(reschedLoop), ['user']);
    assertClean(r.report);
  });
  // A remote request comes with a reschedule IPI (Machine.reschedIpi): while this CPU has not taken
  // it, the return to user mode is where it arrives, and its exit schedules.
  const ignoredAfter = (window: string) => vector(`${ENTER}\n${window}\n\tif (need_resched())\n\t\ttrace_hardirqs_on_prepare();\n\telse\n\t\ttrace_hardirqs_on_prepare();\n\tlockdep_hardirqs_on_prepare(CALLER_ADDR0);\n\tinstrumentation_end();\n\tlockdep_hardirqs_on(CALLER_ADDR0);\n\treturn; // fires`);
  quiet('I14.user_return_resched_ignored', 'an exception reads a remote request and returns: the IPI, not yet taken, arrives in user mode', async () => {
    const r = await run('i14-resched-ipi', ignoredAfter(''), ['user'], { harness: 'exception' });
    assert.ok(!ids(r.report).includes('I14.user_return_resched_ignored'), ids(r.report).join(', '));
  });
  fires('I14.user_return_resched_ignored', 'the IPI was taken by an IRQ that did not schedule, then the flag read and ignored', async () => {
    // The nested IRQ returns to the kernel without preempting (the IPI is used up); the exception
    // then reads the flag and returns to user mode anyway.
    const irq = `noinstr void kentry_irq_vector(struct pt_regs *regs)\n{\n${ENTER}\n${EXIT}\n}\n\n`;
    const c = ignoredAfter('\tlocal_irq_enable();\n\tlocal_irq_disable();').replace('noinstr void my_vector', `${irq}noinstr void my_vector`);
    const r = await run('i14-resched-ipi-taken', c, ['user'], { harness: 'exception', bounds: { irqNesting: 1 } });
    const f = firesHere(r, 'I14.user_return_resched_ignored', { lastAction: 'IRET from my_vector()', context: 'user' });
    assert.ok(f.trace.some((s) => /nested IRQ arrives/.test(s.action)), 'the IPI was taken');
  });

  const workLoop = (handled: string) =>
    bracketed(`	unsigned long ti_work = read_thread_flags();

	while (ti_work & ((1 << 1) | (1 << 2) | (1 << 3) | (1 << 12) | (1 << 13))) {
		local_irq_enable();
		if (ti_work & (1 << 3))
			schedule();
${handled}
		local_irq_disable();
		ti_work = read_thread_flags();
	}`);
  const ALL_HANDLERS = `		if (ti_work & (1 << 2))
			arch_do_signal_or_restart(regs);
		if (ti_work & (1 << 1))
			resume_user_mode_work(regs);
		if (ti_work & (1 << 12))
			uprobe_notify_resume(regs);
		if (ti_work & (1 << 13))
			klp_update_patch_state(0);`;
  fires('I14.user_return_work_pending', 'thread flags read, exit work seen, never handled', async () => {
    const r = await run('i14-work', vector(`	unsigned long ti_work;\n${ENTER}\n	ti_work = read_thread_flags();\n${EXIT}\n	return; // fires`), ['user']);
    firesHere(r, 'I14.user_return_work_pending', { lastAction: 'IRET from my_vector()', message: 'TIF_SIGPENDING|TIF_NOTIFY_RESUME|TIF_UPROBE|TIF_PATCH_PENDING pending' });
    assert.ok(ids(r.report).includes('I14.user_return_work_pending'));
  });
  quiet('I14.user_return_work_pending', 'the exit loop with every handler', async () => {
    assertClean((await run('i14-work-ok', workLoop(ALL_HANDLERS), ['user'])).report);
  });

  fires('I15.vector_never_returns', 'a signal the exit loop never handles: the loop spins (soft lockup)', async () => {
    const r = await run('i15-spin', workLoop(ALL_HANDLERS.replace('arch_do_signal_or_restart(regs);', 'resume_user_mode_work(regs);')), ['user']);
    const f = assertFires(r.report, 'I15.vector_never_returns', undefined, { fn: 'my_vector', file: cFile('i15-spin') });
    assert.match(f.message, /IRQ never returns from here: every continuation loops in my_vector\(\)/);
    assert.match(f.splat, /watchdog: BUG: soft lockup - CPU#0 stuck/);
    // The trace ends inside the loop, with the signal pending.
    assert.ok(f.trace.some((s) => s.action.startsWith('read_thread_flags()') && / = 4\b/.test(s.action) === false), 'the flags were read');
    assert.deepEqual(ids(r.report), ['I15.vector_never_returns']);
  });
  fires('I15.vector_never_returns', 'busy-waiting for need_resched to clear with IRQs off', async () => {
    const r = await run('i15-busy', bracketed('	while (need_resched()) {\n	} // fires'), KERNEL);
    const f = assertFires(r.report, 'I15.vector_never_returns', undefined, { fn: 'my_vector' });
    assert.ok(f.trace.some((s) => s.action === 'remote CPU sets TIF_NEED_RESCHED'));
    assert.deepEqual(ids(r.report), ['I15.vector_never_returns']);
  });
  quiet('I15.vector_never_returns', 'the same busy-wait with a schedule() that clears the flag', async () => {
    assertClean((await run('i15-ok', bracketed(reschedLoop), ['user'])).report);
  });

  fires('I14.user_return_rcuog_deferred', 'an interrupt deferred an rcuog wakeup and nothing flushed it (nohz_full)', async () => {
    const r = await run('i14-rcuog', fromUser(`	kentry_local_wakeup();\n${reschedLoop}`), NOHZ_USER, { config: NOHZ });
    const f = assertFires(r.report, 'I14.user_return_rcuog_deferred', undefined, { fn: 'my_vector', lastAction: 'IRET from my_vector()' });
    assert.ok(f.trace.some((s) => s.action.includes('kentry_local_wakeup()') && s.action.includes('outcome 3/3')), 'the wakeup deferred');
    assert.deepEqual(ids(r.report), ['I14.user_return_rcuog_deferred']);
  });
  quiet('I14.user_return_rcuog_deferred', 'the flush before the last reschedule check', async () => {
    const r = await run('i14-rcuog-ok', fromUser(`	kentry_local_wakeup();\n	rcu_nocb_flush_deferred_wakeup();\n${reschedLoop}`), NOHZ_USER, { config: NOHZ });
    assertClean(r.report);
  });
});

// ======================================================================================
describe('exploration', () => {
  it('is deterministic: the same check twice gives the same stats and traces', async () => {
    const once = async () =>
      check({ rows: [await bundledRow(findRow('e3')!)], contexts: ['idle-eqs', 'kernel'], bounds: { irqNesting: 1, nmiNesting: 1 }, maxStates: 200_000 });
    const a = await once();
    const b = await once();
    assert.ok(a.findings.length > 0, 'something to compare');
    for (const k of ['runs', 'configsChecked', 'statesExplored', 'distinctStates', 'maxDepth'] as const) assert.equal(a.stats[k], b.stats[k], `stats.${k}`);
    assert.deepEqual(
      a.findings.map((f) => ({ id: f.id, check: f.check, loc: f.loc, context: f.context, contexts: f.contexts, configs: f.configs, message: f.message, splat: f.splat, trace: f.trace })),
      b.findings.map((f) => ({ id: f.id, check: f.check, loc: f.loc, context: f.context, contexts: f.contexts, configs: f.configs, message: f.message, splat: f.splat, trace: f.trace })),
    );
  });

  it('covers every check of the catalogue with a firing and a quiet test', () => {
    // The vector harness's contract checks are tested in test/kernel.test.ts, arm64's GIC
    // priority-masking WARNs (which need an arm64 layout and config) in test/arm64-model.test.ts
    // (same fire/quiet pairs).
    const arch = new Set(ARM64_CHECKS.map((c) => c.id));
    const all = ALL_CHECKS.map((c) => c.id).filter((id) => !HARNESS_CHECK_IDS.includes(id) && !arch.has(id));
    const missingFire = all.filter((id) => !firing.has(id));
    const missingQuiet = all.filter((id) => !quieting.has(id));
    assert.deepEqual(missingFire, [], 'checks without a firing test');
    assert.deepEqual(missingQuiet, [], 'checks without a quiet test');
    const unknown = [...firing, ...quieting].filter((id) => !all.includes(id));
    assert.deepEqual(unknown, [], 'tests name check ids that do not exist');
  });
});
