// The preempt_count and thread-flag layouts come from the tree's headers (src/tree/layout.ts).
// Fixture trees are written here in our own words; the real Debian trees are asserted when cached.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CLASSIC_LAYOUT, LayoutError, readLayout, readPgmIntCodePer } from '../src/tree/layout.ts';
import { decodePreemptCount, encode, decode, Machine, ModelBoundError } from '../src/model/state.ts';
import { kernelRoot, skipUnlessTree } from './trees.ts';
import { tempDir } from './tmp.ts';

// The idle loop's two waits (kernel/sched/idle.c), in our own words, in the two shapes trees have.
// RAW (6.12 on): the waits enable IRQs raw, so lockdep and the tracer keep do_idle()'s "off".
const IDLE_RAW = `static noinline int __cpuidle cpu_idle_poll(void)
{
\tct_cpuidle_enter();
\traw_local_irq_enable();
\twhile (!tif_need_resched())
\t\tcpu_relax();
\traw_local_irq_disable();
\tct_cpuidle_exit();
\tlocal_irq_enable();
\treturn 1;
}

void __cpuidle default_idle_call(void)
{
\tif (!current_clr_polling_and_test()) {
\t\tct_cpuidle_enter();
\t\tarch_cpu_idle();
\t\tct_cpuidle_exit();
\t}
\tlocal_irq_enable();
}
`;
// TOLD (5.10, 6.1): both waits tell lockdep and the tracer "on" before the hardware enable; a
// comment names arch_cpu_idle() before the lockdep call, as 5.10's does.
const IDLE_TOLD = `static noinline int __cpuidle cpu_idle_poll(void)
{
\trcu_idle_enter();
\tlocal_irq_enable();
\twhile (!tif_need_resched())
\t\tcpu_relax();
\trcu_idle_exit();
\treturn 1;
}

void __cpuidle default_idle_call(void)
{
\tif (current_clr_polling_and_test()) {
\t\tlocal_irq_enable();
\t} else {
\t\t/* arch_cpu_idle() enables IRQs without telling anyone: tell them first */
\t\ttrace_hardirqs_on_prepare();
\t\tlockdep_hardirqs_on_prepare();
\t\trcu_idle_enter();
\t\tlockdep_hardirqs_on(_THIS_IP_);
\t\tarch_cpu_idle();
\t\traw_local_irq_disable();
\t\tlockdep_hardirqs_off(_THIS_IP_);
\t\trcu_idle_exit();
\t\tlockdep_hardirqs_on(_THIS_IP_);
\t\traw_local_irq_enable();
\t}
}
`;

// Context tracking's idle entry, 6.12 on: leaving RCU adds the IDLE state to the word.
const CT_IDLE_ENTER = `void noinstr ct_idle_enter(void)
{
\tWARN_ON_ONCE(!raw_irqs_disabled());
\tct_kernel_exit(false, CT_RCU_WATCHING + CT_STATE_IDLE);
}
`;
// 5.10: no idle state in the enum, and rcu_idle_enter() lives in RCU.
const CT_STATE_NO_IDLE = `enum ctx_state {
\tCONTEXT_DISABLED = -1,
\tCONTEXT_KERNEL = 0,
\tCONTEXT_USER,
\tCONTEXT_GUEST,
} state;
`;

/**
 * A fixture tree; it has the 6.12+ idle loop and context tracking's idle entry unless `files`
 * gives kernel/sched/idle.c or kernel/context_tracking.c (null: none).
 */
function fixtureTree(given: Record<string, string | null>): string {
  const root = tempDir('kentry-layout-');
  const files = { 'kernel/sched/idle.c': IDLE_RAW, 'kernel/context_tracking.c': CT_IDLE_ENTER, ...given };
  for (const [rel, text] of Object.entries(files)) {
    if (text === null) continue;
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

// A layout with a byte between SOFTIRQ and HARDIRQ and an NMI flag whose width depends on a
// Kconfig symbol (the shape of 7.3's preempt.h, spelled differently).
const PREEMPT_H = `
#define FIELD(bits)	((1UL << (bits)) - 1)
#define P_BITS	8
#define S_BITS	8
#define GAP_BITS	8
#define H_BITS	4
#define N_BITS	(1 + 3*IS_ENABLED(CONFIG_WIDE_NMI))
#define PREEMPT_SHIFT	0
#define SOFTIRQ_SHIFT	(PREEMPT_SHIFT + P_BITS)
#define HARDIRQ_DISABLE_SHIFT	(SOFTIRQ_SHIFT + S_BITS)
#define HARDIRQ_SHIFT	(HARDIRQ_DISABLE_SHIFT + GAP_BITS)
#define NMI_SHIFT	(HARDIRQ_SHIFT + H_BITS)
#define PREEMPT_MASK	(FIELD(P_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK	(FIELD(S_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_DISABLE_MASK	(FIELD(GAP_BITS) << HARDIRQ_DISABLE_SHIFT)
#define HARDIRQ_MASK	(FIELD(H_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK	(FIELD(N_BITS) << NMI_SHIFT)
#define PREEMPT_OFFSET	(1UL << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET	(1UL << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET	(1UL << HARDIRQ_SHIFT)
#define NMI_OFFSET	(1UL << NMI_SHIFT)
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)
#ifdef CONFIG_PREEMPT_COUNT
# define PREEMPT_DISABLE_OFFSET	PREEMPT_OFFSET
#else
# define PREEMPT_DISABLE_OFFSET	0
#endif
`;
const HARDIRQ_H = `
#ifdef CONFIG_WIDE_NMI
#define __preempt_count_nmi_enter() __preempt_count_add(NMI_OFFSET + HARDIRQ_OFFSET)
#else
#define __preempt_count_nmi_enter() do { __preempt_count_add(HARDIRQ_OFFSET); __this_cpu_inc(nmi_nesting); } while (0)
#endif
`;
const THREAD_INFO_H = `
#define HAVE_TIF_NEED_RESCHED_LAZY
#include <asm-generic/thread_info_tif.h>
#define TIF_SOMETHING_ARCH	16
`;
const TIF_H = `
#define TIF_NOTIFY_RESUME	0
#define TIF_SIGPENDING		1
#define TIF_NEED_RESCHED	4
#ifdef HAVE_TIF_NEED_RESCHED_LAZY
# define TIF_NEED_RESCHED_LAZY	5
#endif
#define TIF_UPROBE		8
#define TIF_PATCH_PENDING	9
`;

// Three shapes of the hook context tracking calls on the way to user mode (written for the test):
// a plain EQS entry, one that first wakes a deferred rcuog kthread, and the 6.0+ hook that skips
// the wakeup for generic-entry tasks.
const RCU_PLAIN = `noinstr void rcu_user_enter(void)\n{\n\tlockdep_assert_irqs_disabled();\n\trcu_eqs_enter(true);\n}\n`;
const RCU_WAKE = `static int unrelated(void) { return 0; }\n\nnoinstr void rcu_user_enter(void)\n{\n\tstruct rcu_data *rdp = this_cpu_ptr(&rcu_data);\n\n\tinstrumentation_begin();\n\tdo_nocb_deferred_wakeup(rdp);\n\tinstrumentation_end();\n\trcu_eqs_enter(true);\n}\n`;
const RCU_KICK = RCU_WAKE.replace('\tdo_nocb_deferred_wakeup(rdp);', '\tif (do_nocb_deferred_wakeup(rdp) && need_resched())\n\t\tirq_work_queue(this_cpu_ptr(&late_wakeup_work));');
const RCU_GENERIC_SKIP = `noinstr void rcu_irq_work_resched(void)\n{\n\tstruct rcu_data *rdp = this_cpu_ptr(&rcu_data);\n\n\tif (IS_ENABLED(CONFIG_GENERIC_ENTRY) && !(current->flags & PF_VCPU))\n\t\treturn;\n\tif (do_nocb_deferred_wakeup(rdp) && need_resched())\n\t\tirq_work_queue(this_cpu_ptr(&late_wakeup_work));\n}\n`;

const tree = fixtureTree({
  'include/linux/preempt.h': PREEMPT_H,
  'include/linux/hardirq.h': HARDIRQ_H,
  'arch/x86/include/asm/thread_info.h': THREAD_INFO_H,
  'include/asm-generic/thread_info_tif.h': TIF_H,
  'kernel/rcu/tree.c': RCU_PLAIN,
});
const on = (...names: string[]) => (n: string) => (names.includes(n) ? true : undefined);

test('layout: fields, offsets and NMI counting follow the headers and the config', () => {
  const wide = readLayout(tree, 'x86', on('WIDE_NMI', 'PREEMPT_COUNT'));
  assert.equal(wide.preempt.HARDIRQ_DISABLE_MASK, 0x00ff0000);
  assert.equal(wide.preempt.HARDIRQ_MASK, 0x0f000000);
  assert.equal(wide.preempt.HARDIRQ_OFFSET, 0x01000000);
  assert.equal(wide.preempt.NMI_MASK, 0xf0000000);
  assert.equal(wide.preempt.nmiCounting, 'count');
  assert.equal(wide.preempt.PREEMPT_DISABLE_OFFSET, 1);
  const narrow = readLayout(tree, 'x86', on());
  assert.equal(narrow.preempt.NMI_MASK, 0x10000000);
  assert.equal(narrow.preempt.nmiCounting, 'flag');
  assert.equal(narrow.preempt.PREEMPT_DISABLE_OFFSET, 0);
});

test('layout: thread flags through the included generic header, arch defines seen first', () => {
  const l = readLayout(tree, 'x86', on());
  assert.deepEqual({ ...l.tif }, { NEED_RESCHED: 4, SIGPENDING: 1, NOTIFY_RESUME: 0, UPROBE: 8, PATCH_PENDING: 9, NEED_RESCHED_LAZY: 5 });
  assert.match(l.sources.TIF_NEED_RESCHED!, /thread_info_tif\.h:4$/);
});

test('layout: a missing definition or an overlapping field is refused with the reason', () => {
  const noTif = fixtureTree({ 'include/linux/preempt.h': PREEMPT_H, 'arch/x86/include/asm/thread_info.h': '#define TIF_SIGPENDING 2\n' });
  assert.throws(() => readLayout(noTif, 'x86', on()), (e: unknown) => e instanceof LayoutError && /TIF_NEED_RESCHED is not defined/.test(e.message));
  const overlap = fixtureTree({
    'include/linux/preempt.h': PREEMPT_H.replace('#define HARDIRQ_SHIFT\t(HARDIRQ_DISABLE_SHIFT + GAP_BITS)', '#define HARDIRQ_SHIFT\t(SOFTIRQ_SHIFT + 4)'),
    'arch/x86/include/asm/thread_info.h': THREAD_INFO_H,
    'include/asm-generic/thread_info_tif.h': TIF_H,
  });
  assert.throws(() => readLayout(overlap, 'x86', on()), (e: unknown) => e instanceof LayoutError && /overlaps/.test(e.message));
  assert.throws(() => readLayout(fixtureTree({}), 'x86', on()), (e: unknown) => e instanceof LayoutError && /preempt\.h is missing/.test(e.message));
});

test('layout: what context tracking\'s user enter does with a deferred rcuog wakeup is read from kernel/rcu/tree.c', () => {
  const headers = {
    'include/linux/preempt.h': PREEMPT_H,
    'arch/x86/include/asm/thread_info.h': THREAD_INFO_H,
    'include/asm-generic/thread_info_tif.h': TIF_H,
  };
  const read = (rcu: string | undefined, ...enabled: string[]) => readLayout(fixtureTree(rcu === undefined ? headers : { ...headers, 'kernel/rcu/tree.c': rcu }), 'x86', on(...enabled));
  assert.equal(read(RCU_PLAIN).ctUserEnterRcuog, 'none');
  const wake = read(RCU_WAKE);
  assert.equal(wake.ctUserEnterRcuog, 'wake');
  assert.equal(wake.sources.ctUserEnterRcuog, 'kernel/rcu/tree.c:3');
  assert.equal(read(RCU_KICK).ctUserEnterRcuog, 'wake-and-kick');
  assert.equal(read(RCU_GENERIC_SKIP, 'GENERIC_ENTRY').ctUserEnterRcuog, 'none');
  assert.equal(read(RCU_GENERIC_SKIP.replace(/\tif \(IS_ENABLED\(CONFIG_GENERIC_ENTRY\)[^;]*;\n/, ''), 'GENERIC_ENTRY').ctUserEnterRcuog, 'wake-and-kick');
  // The early return is the generic entry's: a configuration without it (arm64 before 7.x, whose
  // own exit to user mode does not flush) gets the wakeup and the kick.
  assert.equal(read(RCU_GENERIC_SKIP).ctUserEnterRcuog, 'wake-and-kick');
  assert.throws(() => read('void rcu_idle_enter(void)\n{\n}\n'), (e: unknown) => e instanceof LayoutError && /neither rcu_user_enter\(\) nor rcu_irq_work_resched\(\)/.test(e.message));
  assert.throws(() => read(undefined), (e: unknown) => e instanceof LayoutError && /kernel\/rcu\/tree\.c is missing/.test(e.message));
});

/** Everything readLayout() needs besides the file a test varies (the idle loop, context tracking). */
const LAYOUT_BASICS = {
  'include/linux/preempt.h': PREEMPT_H,
  'arch/x86/include/asm/thread_info.h': THREAD_INFO_H,
  'include/asm-generic/thread_info_tif.h': TIF_H,
  'kernel/rcu/tree.c': RCU_PLAIN,
};

test('layout: what lockdep and the tracer say while the idle task waits is read from kernel/sched/idle.c', () => {
  const read = (idle: string | null) => readLayout(fixtureTree({ ...LAYOUT_BASICS, 'kernel/sched/idle.c': idle }), 'x86', on());
  const raw = read(IDLE_RAW);
  assert.equal(raw.idleWaitSoftIrqs, 'off');
  assert.equal(raw.sources.idleWaitSoftIrqs, 'kernel/sched/idle.c:1, kernel/sched/idle.c:13');
  assert.equal(read(IDLE_TOLD).idleWaitSoftIrqs, 'on');
  // The two waits disagree: which one an interrupt finds is unknown, refused either way round.
  const [rawPoll, rawDefault] = IDLE_RAW.split('\n\n');
  const [toldPoll, toldDefault] = IDLE_TOLD.split('\n\n');
  for (const mixed of [`${toldPoll}\n\n${rawDefault}`, `${rawPoll}\n\n${toldDefault}`]) {
    assert.throws(() => read(mixed), (e: unknown) => e instanceof LayoutError && /cpu_idle_poll\(\) \(:1\) waits with lockdep (on|off), default_idle_call\(\) \(:\d+\) with lockdep (on|off)/.test(e.message));
  }
  // Shapes kentry does not read: refused, never a default.
  assert.throws(() => read(IDLE_RAW.replace('\traw_local_irq_enable();\n', '')), (e: unknown) => e instanceof LayoutError && /cpu_idle_poll\(\) enables no IRQs before its wait loop/.test(e.message));
  assert.throws(() => read(IDLE_RAW.replace('arch_cpu_idle();', 'cpuidle_wait();')), (e: unknown) => e instanceof LayoutError && /default_idle_call\(\) does not call arch_cpu_idle\(\)/.test(e.message));
  assert.throws(() => read(rawPoll!), (e: unknown) => e instanceof LayoutError && /does not define default_idle_call\(void\)/.test(e.message));
  assert.throws(() => read(null), (e: unknown) => e instanceof LayoutError && /kernel\/sched\/idle\.c is missing/.test(e.message));
  // The bundled seed model's (5.8: safe_halt() traces the enable).
  assert.equal(CLASSIC_LAYOUT.idleWaitSoftIrqs, 'on');
});

test('layout: the idle task\'s context-tracking state is read from ct_idle_enter(), or from an enum without an idle state', () => {
  const read = (ct: string | null, state: string | null = null) =>
    readLayout(fixtureTree({ ...LAYOUT_BASICS, 'kernel/context_tracking.c': ct, 'include/linux/context_tracking_state.h': state }), 'x86', on());
  const idle = read(CT_IDLE_ENTER);
  assert.equal(idle.idleCtState, 'idle');
  assert.equal(idle.sources.idleCtState, 'kernel/context_tracking.c:1');
  // 6.1's spelling of the same state.
  assert.equal(read(CT_IDLE_ENTER.replace('CT_RCU_WATCHING + CT_STATE_IDLE', 'RCU_DYNTICKS_IDX + CONTEXT_IDLE')).idleCtState, 'idle');
  // An idle entry that only leaves RCU keeps the KERNEL state.
  assert.equal(read(CT_IDLE_ENTER.replace(' + CT_STATE_IDLE', '')).idleCtState, 'kernel');
  // No ct_idle_enter(): the enum must have no idle state (5.10).
  const old = read(null, CT_STATE_NO_IDLE);
  assert.equal(old.idleCtState, 'kernel');
  assert.equal(old.sources.idleCtState, 'include/linux/context_tracking_state.h:1');
  // Unknown is refused, never KERNEL by default.
  assert.throws(() => read(null, CT_STATE_NO_IDLE.replace('CONTEXT_USER,', 'CONTEXT_IDLE,\n\tCONTEXT_USER,')), (e: unknown) => e instanceof LayoutError && /has an idle context-tracking state but kernel\/context_tracking\.c defines no ct_idle_enter\(\)/.test(e.message));
  assert.throws(() => read(null), (e: unknown) => e instanceof LayoutError && /the idle task's context-tracking state is unknown/.test(e.message));
  assert.throws(() => read(CT_IDLE_ENTER.replace(/\tct_kernel_exit[^\n]*\n/, '\tct_idle_leave_rcu();\n')), (e: unknown) => e instanceof LayoutError && /makes 0 ct_kernel_exit\(false, …\) calls, not one/.test(e.message));
  // The bundled seed model's (5.8 has no idle state).
  assert.equal(CLASSIC_LAYOUT.idleCtState, 'kernel');
});

test('layout: s390 PER bit of the program-interruption code is read from the arch ptrace.h', () => {
  const read = (ptrace: string | null) => {
    const sources: Record<string, string> = {};
    return { v: readPgmIntCodePer(fixtureTree({ 'arch/s390/include/asm/ptrace.h': ptrace }), 's390', on(), sources), sources };
  };
  const r = read('#define PGM_INT_CODE_MASK\t0x7f\n#define PGM_INT_CODE_PER\t0x80\n');
  assert.equal(r.v, 0x80);
  assert.equal(r.sources.PGM_INT_CODE_PER, 'arch/s390/include/asm/ptrace.h:2');
  // An arch without the name (or without the header) has no PER bit: the load stays opaque.
  assert.equal(read('#define PGM_INT_CODE_MASK\t0x7f\n').v, undefined);
  assert.equal(read(null).v, undefined);
  // Not one bit of the 16-bit code: refused, never guessed.
  for (const bad of ['0x180', '0x10000', '0']) {
    assert.throws(() => read(`#define PGM_INT_CODE_PER\t${bad}\n`), (e: unknown) => e instanceof LayoutError && /PGM_INT_CODE_PER, but not as one bit/.test(e.message), bad);
  }
});

// The rseq event's two facts, in our own words: a struct with the member, and the raising helper.
const RSEQ_TYPES_H = `struct rseq_event {\n\tunion {\n\t\tu64 all;\n\t\tstruct {\n\t\t\tu8 sched_switch;\n\t\t\tu8 user_irq;\n\t\t};\n\t};\n};\n`;
const RSEQ_H = `#ifdef CONFIG_RSEQ\nstatic inline void rseq_raise_notify_resume(struct task_struct *t)\n{\n\tset_tsk_thread_flag(t, TIF_RSEQ);\n}\n#else\nstatic inline void rseq_sched_switch_event(struct task_struct *t) { }\n#endif\n`;

test('layout: the rseq sched_switch event and the flag a context switch raises are read from the tree', () => {
  const headers = {
    'include/linux/preempt.h': PREEMPT_H,
    'arch/x86/include/asm/thread_info.h': THREAD_INFO_H,
    'include/asm-generic/thread_info_tif.h': TIF_H + '#define TIF_RSEQ\t\t11\n',
    'kernel/rcu/tree.c': RCU_PLAIN,
  };
  const withEvent = readLayout(fixtureTree({ ...headers, 'include/linux/rseq_types.h': RSEQ_TYPES_H, 'include/linux/rseq.h': RSEQ_H }), 'x86', on());
  assert.equal(withEvent.tif.RSEQ, 11);
  assert.deepEqual(withEvent.rseqEvent, { raises: 'RSEQ', source: 'include/linux/rseq_types.h:5, include/linux/rseq.h:2' });
  // An arch without its own TIF_RSEQ: the generic fallback of linux/thread_info.h names the flag.
  const fallback = readLayout(
    fixtureTree({
      ...headers,
      'include/asm-generic/thread_info_tif.h': TIF_H,
      'include/linux/thread_info.h': '#include <asm/thread_info.h>\n\n#ifndef TIF_RSEQ\n# define TIF_RSEQ\tTIF_NOTIFY_RESUME\n#endif\n',
      'include/linux/rseq_types.h': RSEQ_TYPES_H,
      'include/linux/rseq.h': RSEQ_H,
    }),
    'x86',
    on(),
  );
  assert.equal(fallback.tif.RSEQ, undefined);
  assert.deepEqual(fallback.tifAliases, { RSEQ: 'NOTIFY_RESUME' });
  assert.equal(fallback.sources.TIF_RSEQ, 'include/linux/thread_info.h:4');
  assert.equal(fallback.rseqEvent?.raises, 'NOTIFY_RESUME');
  // No such member (a pre-7.2 task's rseq state): no event.
  assert.equal(readLayout(fixtureTree({ ...headers, 'include/linux/rseq_types.h': 'struct rseq_event { u32 mask; };\n' }), 'x86', on()).rseqEvent, null);
  assert.equal(readLayout(fixtureTree(headers), 'x86', on()).rseqEvent, null);
  // The member without a readable raising helper, or raising a flag the layout does not hold: refused.
  assert.throws(() => readLayout(fixtureTree({ ...headers, 'include/linux/rseq_types.h': RSEQ_TYPES_H }), 'x86', on()), (e: unknown) => e instanceof LayoutError && /rseq\.h is missing/.test(e.message));
  // The raise outside `#ifdef CONFIG_RSEQ` (or in its #else): when the event exists is unknown, refused.
  for (const text of [RSEQ_H.replace('#ifdef CONFIG_RSEQ\n', '').replace(/#else[^]*#endif\n/, ''), `#ifndef CONFIG_RSEQ\n#else\n${RSEQ_H.replace('#ifdef CONFIG_RSEQ\n', '')}`]) {
    assert.throws(
      () => readLayout(fixtureTree({ ...headers, 'include/linux/rseq_types.h': RSEQ_TYPES_H, 'include/linux/rseq.h': text }), 'x86', on()),
      (e: unknown) => e instanceof LayoutError && /rseq_raise_notify_resume\(\) is not under #ifdef CONFIG_RSEQ/.test(e.message),
    );
  }
  assert.throws(
    () => readLayout(fixtureTree({ ...headers, 'include/linux/rseq_types.h': RSEQ_TYPES_H, 'include/linux/rseq.h': RSEQ_H.replace('TIF_RSEQ', 'TIF_SOMETHING_ELSE') }), 'x86', on()),
    (e: unknown) => e instanceof LayoutError && /raises TIF_SOMETHING_ELSE, a thread flag the model does not hold/.test(e.message),
  );
});

// The generic entry header's "no such flag" fallback, in our own words (the shape of 6.12's
// include/linux/entry-common.h: `_TIF_X` is 0 where the arch defines none).
const ENTRY_COMMON_ZERO = `#include <linux/thread_info.h>\n\n#ifndef _TIF_PATCH_PENDING\n# define _TIF_PATCH_PENDING\t\t(0)\n#endif\n\n#ifndef _TIF_UPROBE\n# define _TIF_UPROBE\t\t\t(0)\n#endif\n`;

test('layout: a thread flag the arch lacks is "no flag" where the generic entry header makes its _TIF_ mask 0, else refused', () => {
  const base = {
    'include/linux/preempt.h': PREEMPT_H,
    'arch/x86/include/asm/thread_info.h': THREAD_INFO_H,
    'kernel/rcu/tree.c': RCU_PLAIN,
  };
  const noPatch = TIF_H.replace(/#define TIF_PATCH_PENDING.*\n/, '');
  assert.notEqual(noPatch, TIF_H, 'the fixture drops TIF_PATCH_PENDING');
  // Quiet: the generic header's fallback makes it a flag with no bit (no bit number is guessed).
  const l = readLayout(fixtureTree({ ...base, 'include/asm-generic/thread_info_tif.h': noPatch, 'include/linux/entry-common.h': ENTRY_COMMON_ZERO }), 'x86', on());
  assert.equal(l.tif.PATCH_PENDING, undefined);
  assert.equal(l.tif.UPROBE, 8, 'a flag the arch defines keeps its bit; the fallback is not taken');
  assert.deepEqual(l.tifNone, ['PATCH_PENDING']);
  assert.equal(l.sources._TIF_PATCH_PENDING, 'include/linux/entry-common.h:4');
  // The 7.x split: the fallback in irq-entry-common.h counts the same.
  const split = readLayout(fixtureTree({ ...base, 'include/asm-generic/thread_info_tif.h': noPatch, 'include/linux/irq-entry-common.h': ENTRY_COMMON_ZERO }), 'x86', on());
  assert.deepEqual(split.tifNone, ['PATCH_PENDING']);
  // Fires: without the fallback the missing flag is an error, as before.
  assert.throws(() => readLayout(fixtureTree({ ...base, 'include/asm-generic/thread_info_tif.h': noPatch }), 'x86', on()), (e: unknown) => e instanceof LayoutError && /TIF_PATCH_PENDING is not defined by/.test(e.message));
  // Fires: a fallback for a flag the model needs a bit for (TIF_NEED_RESCHED) is not taken.
  assert.throws(
    () =>
      readLayout(
        fixtureTree({
          ...base,
          'include/asm-generic/thread_info_tif.h': TIF_H.replace(/#define TIF_NEED_RESCHED\t.*\n/, ''),
          'include/linux/entry-common.h': ENTRY_COMMON_ZERO + '#ifndef _TIF_NEED_RESCHED\n# define _TIF_NEED_RESCHED (0)\n#endif\n',
        }),
        'x86',
        on(),
      ),
    (e: unknown) => e instanceof LayoutError && /TIF_NEED_RESCHED is not defined by .*makes _TIF_NEED_RESCHED 0 without it, but the model needs its bit/.test(e.message),
  );
});

test('layout: 6.12 riscv has no TIF_PATCH_PENDING; entry-common.h makes it no flag', { skip: skipUnlessTree('6.12', 'arch/riscv/include/asm/thread_info.h') }, () => {
  const l = readLayout(kernelRoot('6.12'), 'riscv', () => false);
  assert.equal(l.tif.PATCH_PENDING, undefined);
  assert.deepEqual(l.tifNone, ['PATCH_PENDING']);
  assert.equal(l.sources._TIF_PATCH_PENDING, 'include/linux/entry-common.h:23');
  assert.equal(typeof l.tif.UPROBE, 'number');
});

test('state: preempt_count is a full 32-bit word; a value that does not fit is a bound error, not a truncation', () => {
  const l = readLayout(tree, 'x86', on('WIDE_NMI', 'PREEMPT_COUNT'));
  const m = new Machine(l);
  m.preempt = (l.preempt.NMI_OFFSET + l.preempt.HARDIRQ_OFFSET + 1) >>> 0;
  const words: number[] = [];
  encode(m, words);
  const back = decode(words, 0, () => 0, l);
  assert.equal(back.preempt, m.preempt);
  assert.equal(decodePreemptCount(back.preempt, l.preempt), 'PREEMPT=1 SOFTIRQ=0 HARDIRQ_DISABLE=0 HARDIRQ=1 NMI=1');
  assert.ok(back.inNmi && back.inHardirq);
  m.rcuNesting = 9; // 3-bit field
  assert.throws(() => encode(m, words), ModelBoundError);
  m.rcuNesting = 1;
  m.userWork = 32; // 5-bit field (SIGPENDING, NOTIFY_RESUME, UPROBE, PATCH_PENDING, RSEQ)
  assert.throws(() => encode(m, words), ModelBoundError);
  m.userWork = 0;
  m.rseqSchedSwitch = 2; // one bit
  assert.throws(() => encode(m, words), ModelBoundError);
});

test('the bundled model keeps the classic layout', () => {
  assert.equal(new Machine().layout, CLASSIC_LAYOUT);
  assert.equal(CLASSIC_LAYOUT.preempt.HARDIRQ_OFFSET, 0x10000);
});

// ctUserEnterRcuog: 5.10 stable carries rcu_user_enter()'s deferred wakeup without the self-IPI
// that later made it harmless; 6.0+ skip it under generic entry (the entry code flushes first).
// rseq: 7.2+ has the rseq sched_switch event and TIF_RSEQ (asm-generic/thread_info_tif.h).
// idle: 5.10 and 6.1 tell lockdep "on" before the idle wait; 6.12 on enable IRQs raw in it.
// idleCt: 6.1 on enter CONTEXT_IDLE / CT_STATE_IDLE in ct_idle_enter(); 5.10's enum has no such state.
const TREE_LAYOUTS: Record<string, { hardirq: number; nmi: number; needResched: number; lazy?: number; rseq?: number; ct: string; idle: 'on' | 'off'; idleCt: 'kernel' | 'idle' }> = {
  '5.10': { hardirq: 0x000f0000, nmi: 0x00f00000, needResched: 3, ct: 'wake', idle: 'on', idleCt: 'kernel' },
  '6.1': { hardirq: 0x000f0000, nmi: 0x00f00000, needResched: 3, ct: 'none', idle: 'on', idleCt: 'idle' },
  '6.12': { hardirq: 0x000f0000, nmi: 0x00f00000, needResched: 3, ct: 'none', idle: 'off', idleCt: 'idle' },
  '7.2': { hardirq: 0x000f0000, nmi: 0x00f00000, needResched: 4, lazy: 5, rseq: 11, ct: 'none', idle: 'off', idleCt: 'idle' },
  '7.3': { hardirq: 0x0f000000, nmi: 0xf0000000, needResched: 4, lazy: 5, rseq: 11, ct: 'none', idle: 'off', idleCt: 'idle' },
};
for (const [v, want] of Object.entries(TREE_LAYOUTS)) {
  const root = kernelRoot(v);
  test(`layout of Debian linux-${v} (x86-64, PREEMPT_COUNT)`, { skip: skipUnlessTree(v) }, () => {
    const l = readLayout(root, 'x86', on('X86_64', '64BIT', 'PREEMPT_COUNT', 'HAS_SEPARATE_PREEMPT_RESCHED_BITS', 'GENERIC_ENTRY'));
    assert.equal(l.preempt.HARDIRQ_MASK, want.hardirq);
    assert.equal(l.preempt.NMI_MASK, want.nmi);
    assert.equal(l.preempt.nmiCounting, 'count');
    assert.equal(l.tif.NEED_RESCHED, want.needResched);
    assert.equal(l.tif.NEED_RESCHED_LAZY, want.lazy);
    assert.equal(l.ctUserEnterRcuog, want.ct);
    assert.equal(l.tif.RSEQ, want.rseq);
    assert.equal(l.rseqEvent?.raises, want.rseq === undefined ? undefined : 'RSEQ');
    assert.equal(l.idleWaitSoftIrqs, want.idle);
    assert.equal(l.idleCtState, want.idleCt);
    assert.equal(l.pgmIntCodePer, undefined, 'x86 has no program-check PER bit');
  });
}

// s390 uses generic entry from 6.1 on among the Debian trees: PGM_INT_CODE_PER 0x80 in each.
for (const v of ['6.1', '6.12', '7.2', '7.3']) {
  test(`layout of Debian linux-${v} (s390): the program check's PER bit`, { skip: skipUnlessTree(v, 'arch/s390/include/asm/ptrace.h') }, () => {
    const sources: Record<string, string> = {};
    assert.equal(readPgmIntCodePer(kernelRoot(v), 's390', on('64BIT'), sources), 0x80);
    assert.match(sources.PGM_INT_CODE_PER!, /^arch\/s390\/include\/asm\/ptrace\.h:\d+$/);
  });
}

test('model: work whose thread flag the tree has no bit for is never posted; with the bit it is', async () => {
  const { lookupPrimitive } = await import('../src/kernel/index.ts');
  const { UserWork } = await import('../src/model/state.ts');
  const read = lookupPrimitive('read_thread_flags')!;
  const post = (layout: typeof CLASSIC_LAYOUT): number => {
    const m = new Machine(layout);
    const env = { m, cfg: undefined as never, args: [], argText: [], choice: 1, report: () => {}, callee: 'read_thread_flags' };
    read.run!(env as never);
    return m.userWork;
  };
  // Quiet (with the bit): every kind of work another CPU may post, TIF_PATCH_PENDING's included.
  assert.ok(post(CLASSIC_LAYOUT) & UserWork.PatchPending);
  // A tree whose arch has no TIF_PATCH_PENDING (the generic header makes _TIF_PATCH_PENDING 0).
  const { PATCH_PENDING: _dropped, ...tif } = CLASSIC_LAYOUT.tif;
  const none = { ...CLASSIC_LAYOUT, tif, tifNone: ['PATCH_PENDING' as const] };
  const work = post(none);
  assert.equal(work & UserWork.PatchPending, 0, 'no livepatch work without its flag');
  assert.ok(work & UserWork.Signal, 'the rest is still posted');
});
