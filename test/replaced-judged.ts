// The judged tables of the differential test of replaced primitives (src/explore/differential.ts),
// per tree, and the per-tree test itself. Each tree runs from its own file
// (test/replaced-<version>.test.ts) so the test runner can spread the trees over the cores; the
// comparison itself is tested in test/replaced.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareReplaced, harvestCallSites, type BodyResult } from '../src/explore/differential.ts';
import { loadTree } from '../src/explore/kernel-target.ts';
import { kernelRoot, skipUnlessTree } from './trees.ts';



/**
 * What a verdict is, as the judged tables below write it:
 * - `equal`        every call site: the same outcomes (state, return value, instrumentation depth, checks);
 * - `unsupported`  the front end cannot lower the body (inline asm, the address of part of a local):
 *                  the primitive models what it reads;
 * - `unbindable`   the body names something the model has no value for (an EFLAGS bit other than IF;
 *                  do_syscall_x64/x32's NR_syscalls, generated at build time, so the primitive
 *                  explores both outcomes of the bound check);
 * - `opaque`       the body runs sites the model does not interpret — per-CPU internals and atomics
 *                  (context tracking's state word and nmi_nesting, pcpu_hot.preempt_count, a task's
 *                  flags) — so its modelled state is not the kernel's: the primitive IS the model of
 *                  those internals, and differs from the body only where the body is unconstrained;
 * - `weak`         a `__weak` default the architecture overrides with a definition that is not read;
 * - `undefined`    in these configs the text has only a declaration (the body is out of line, in a
 *                  file the reader does not need) or a macro;
 * - `unreached`    nothing the check runs calls it in these configs, nor any body compared here;
 * - `MISMATCH`     some call site differs: fails the test unless listed under 'Known mismatches' below.
 */
function verdictClass(r: BodyResult): string {
  const v = r.verdict;
  if (v.kind === 'equal') return 'equal';
  if (v.kind === 'mismatch') return 'MISMATCH';
  const why = v.reason;
  if (why.startsWith('the front end cannot lower it')) return 'unsupported';
  if (why.startsWith('it cannot be bound')) return 'unbindable';
  if (why.startsWith('the body runs opaque sites')) return 'opaque';
  if (why.startsWith('a __weak default')) return 'weak';
  if (why.startsWith('no definition')) return 'undefined';
  if (why.startsWith('no call site reached')) return 'unreached';
  return `other: ${why}`;
}

/** `class  name @ where-the-body-is`, one line per replaced function and distinct text. */
export function tableOf(results: readonly BodyResult[]): string[] {
  return results.map((r) => `${verdictClass(r).padEnd(11)} ${r.name} @ ${r.text}`).sort();
}

function table(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim().replace(/\s+/, ' ').replace(/^(\S+) /, (_, c: string) => `${c.padEnd(11)} `))
    .filter((l) => l !== '')
    .sort();
}

/**
 * Known mismatches: none. Each one found was judged and then fixed:
 *
 * - lockdep_hardirqs_on_prepare() on 7.3 (the first run) was instrumentable in every config, where
 *   without PROVE_LOCKING the tree has an empty inline stub: fixed by the primitive's `builtIf`.
 * - `ct_state()` on 6.1, 6.12, 7.2, 7.3 (include/linux/context_tracking_state.h) brackets the read
 *   with preempt_disable()/preempt_enable(), a preemption point the primitive did not have (reached
 *   with IRQs on at the syscall exit's `CT_WARN_ON(ct_state() != CT_STATE_KERNEL)`, 6.1
 *   kernel/entry/common.c:273, 7.3 include/linux/entry-common.h:289). Since session 25 the
 *   primitive yields to a text that calls `__ct_state()` (PrimitiveDef.yieldsToTreeBodyCalling):
 *   that text is interpreted, so it is no longer a replaced body and is not in these tables; 5.10's
 *   text (a direct per-CPU read) and the stubs without CONTEXT_TRACKING_USER are still replaced.
 */

/**
 * The judged tables, per tree (see verdictClass). Most `undefined` / `unreached` pairs are the two
 * texts of a function whose definition depends on the config: e.g. context tracking's user hooks
 * are empty stubs without CONTEXT_TRACKING_USER and real bodies with it.
 */
const JUDGED: Record<string, string> = {
  // @judged:begin
  '6.12': `
    equal       __ct_state @ include/linux/context_tracking.h:101
    equal       account_hardirq_enter @ include/linux/vtime.h:151
    equal       account_hardirq_exit @ include/linux/vtime.h:157
    equal       arch_enter_from_user_mode @ arch/x86/include/asm/entry-common.h:14
    equal       arch_exit_to_user_mode @ arch/x86/include/asm/entry-common.h:105
    equal       arch_exit_to_user_mode_prepare @ arch/x86/include/asm/entry-common.h:61
    equal       arch_exit_to_user_mode_work @ include/linux/entry-common.h:249
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:106
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:143
    equal       ct_irq_enter @ kernel/context_tracking.c:365
    equal       ct_irq_exit @ kernel/context_tracking.c:390
    equal       ct_nmi_enter @ include/linux/context_tracking_irq.h:17
    equal       ct_nmi_exit @ include/linux/context_tracking_irq.h:18
    equal       ct_state @ include/linux/context_tracking.h:100
    equal       exception_enter @ include/linux/context_tracking.h:51
    equal       exception_enter @ include/linux/context_tracking.h:98
    equal       exception_exit @ include/linux/context_tracking.h:66
    equal       exception_exit @ include/linux/context_tracking.h:99
    equal       irqtime_account_irq @ include/linux/vtime.h:136
    equal       kmsan_unpoison_entry_regs @ include/linux/kmsan.h:389
    equal       kvm_set_cpu_l1tf_flush_l1d @ arch/x86/include/asm/hardirq.h:91
    equal       local_irq_disable_exit_to_user @ include/linux/entry-common.h:229
    equal       local_irq_enable_exit_to_user @ include/linux/entry-common.h:214
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:33
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:32
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:31
    equal       lockdep_softirq_end @ kernel/softirq.c:524
    equal       lockdep_softirq_end @ kernel/softirq.c:533
    equal       lockdep_softirq_start @ kernel/softirq.c:510
    equal       lockdep_softirq_start @ kernel/softirq.c:532
    equal       need_resched @ include/linux/sched.h:2136
    equal       regs_irqs_disabled @ arch/x86/include/asm/ptrace.h:312
    equal       tick_irq_enter @ include/linux/tick.h:53
    equal       tick_irq_exit @ kernel/softirq.c:639
    equal       tick_nohz_full_cpu @ include/linux/tick.h:285
    equal       user_enter_irqoff @ include/linux/context_tracking.h:39
    equal       user_enter_irqoff @ include/linux/context_tracking.h:96
    equal       user_exit_irqoff @ include/linux/context_tracking.h:45
    equal       user_exit_irqoff @ include/linux/context_tracking.h:97
    equal       user_mode @ arch/x86/include/asm/ptrace.h:209
    equal       vtime_account_irq @ include/linux/vtime.h:39
    opaque      __ct_state @ include/linux/context_tracking_state.h:52
    opaque      __ct_user_enter @ kernel/context_tracking.c:468
    opaque      __ct_user_exit @ kernel/context_tracking.c:610
    opaque      __preempt_count_add @ arch/x86/include/asm/preempt.h:77
    opaque      __preempt_count_sub @ arch/x86/include/asm/preempt.h:82
    opaque      ct_nmi_enter @ kernel/context_tracking.c:258
    opaque      ct_nmi_exit @ kernel/context_tracking.c:204
    opaque      is_idle_task @ include/linux/sched.h:1911
    opaque      preempt_count @ arch/x86/include/asm/preempt.h:24
    opaque      rcu_irq_enter_check_tick @ include/linux/hardirq.h:22
    opaque      tick_irq_exit @ kernel/softirq.c:639
    unbindable  do_syscall_x32 @ arch/x86/entry/common.c:53
    unbindable  do_syscall_x64 @ arch/x86/entry/common.c:37
    undefined   __ct_user_enter @ not defined in this text
    undefined   __ct_user_exit @ not defined in this text
    undefined   ct_user_enter @ not defined in this text
    undefined   ct_user_exit @ not defined in this text
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    undefined   tick_irq_enter @ not defined in this text
    undefined   tick_nohz_full_cpu @ not defined in this text
    unreached   clear_ti_thread_flag @ include/linux/thread_info.h:92
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:2002
    unreached   ct_irq_enter @ include/linux/context_tracking_irq.h:13
    unreached   ct_irq_exit @ include/linux/context_tracking_irq.h:14
    unreached   ct_user_enter @ kernel/context_tracking.c:557
    unreached   ct_user_exit @ kernel/context_tracking.c:667
    unreached   lockdep_off @ include/linux/lockdep.h:324
    unreached   lockdep_on @ include/linux/lockdep.h:328
    unreached   read_ti_thread_flags @ include/linux/thread_info.h:125
    unreached   set_ti_thread_flag @ include/linux/thread_info.h:87
    unreached   set_tsk_thread_flag @ include/linux/sched.h:1997
    unreached   static_key_false @ include/linux/jump_label.h:271
    unreached   static_key_true @ include/linux/jump_label.h:278
    unreached   test_ti_thread_flag @ include/linux/thread_info.h:116
    unreached   test_tsk_thread_flag @ include/linux/sched.h:2023
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:180
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:284
    unreached   user_enter @ include/linux/context_tracking.h:26
    unreached   user_enter @ include/linux/context_tracking.h:94
    unreached   user_exit @ include/linux/context_tracking.h:32
    unreached   user_exit @ include/linux/context_tracking.h:95
    unsupported native_save_fl @ arch/x86/include/asm/irqflags.h:26
    unsupported tif_need_resched @ include/linux/thread_info.h:193
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:86
`,
  '5.10': `
    equal       arch_exit_to_user_mode @ arch/x86/include/asm/entry-common.h:85
    equal       arch_exit_to_user_mode_prepare @ arch/x86/include/asm/entry-common.h:48
    equal       arch_exit_to_user_mode_work @ include/linux/entry-common.h:217
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:29
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:50
    equal       ct_state @ include/linux/context_tracking.h:92
    equal       exception_enter @ include/linux/context_tracking.h:90
    equal       exception_exit @ include/linux/context_tracking.h:64
    equal       exception_exit @ include/linux/context_tracking.h:91
    equal       handle_signal_work @ kernel/entry/common.c:140
    equal       ksoftirqd_running @ kernel/softirq.c:85
    equal       kvm_set_cpu_l1tf_flush_l1d @ arch/x86/include/asm/hardirq.h:80
    equal       local_irq_disable_exit_to_user @ include/linux/entry-common.h:197
    equal       local_irq_enable_exit_to_user @ include/linux/entry-common.h:182
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:32
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:31
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:30
    equal       lockdep_softirq_end @ kernel/softirq.c:243
    equal       lockdep_softirq_end @ kernel/softirq.c:252
    equal       lockdep_softirq_start @ kernel/softirq.c:229
    equal       lockdep_softirq_start @ kernel/softirq.c:251
    equal       need_resched @ include/linux/sched.h:1907
    equal       rcu_irq_enter @ kernel/rcu/tree.c:1059
    equal       rcu_irq_exit @ kernel/rcu/tree.c:773
    equal       regs_irqs_disabled @ arch/x86/include/asm/ptrace.h:230
    equal       rseq_handle_notify_resume @ include/linux/sched.h:1989
    equal       rseq_syscall @ include/linux/sched.h:2077
    equal       tick_irq_enter @ include/linux/tick.h:45
    equal       tick_irq_exit @ kernel/softirq.c:400
    equal       tracehook_notify_resume @ include/linux/tracehook.h:179
    equal       user_enter_irqoff @ include/linux/context_tracking.h:88
    equal       user_exit_irqoff @ include/linux/context_tracking.h:89
    equal       user_mode @ arch/x86/include/asm/ptrace.h:131
    opaque      __preempt_count_add @ arch/x86/include/asm/preempt.h:77
    opaque      __preempt_count_sub @ arch/x86/include/asm/preempt.h:82
    opaque      ct_state @ include/linux/context_tracking.h:80
    opaque      exception_enter @ include/linux/context_tracking.h:50
    opaque      is_idle_task @ include/linux/sched.h:1714
    opaque      preempt_count @ arch/x86/include/asm/preempt.h:24
    opaque      rcu_irq_enter_check_tick @ include/linux/hardirq.h:21
    opaque      rcu_nmi_enter @ kernel/rcu/tree.c:983
    opaque      rcu_nmi_exit @ kernel/rcu/tree.c:709
    opaque      tick_irq_exit @ kernel/softirq.c:400
    opaque      tick_nohz_full_cpu @ include/linux/tick.h:188
    opaque      tick_nohz_full_enabled @ include/linux/tick.h:180
    opaque      user_enter_irqoff @ include/linux/context_tracking.h:38
    opaque      user_exit_irqoff @ include/linux/context_tracking.h:44
    unbindable  arch_check_user_regs @ arch/x86/include/asm/entry-common.h:12
    unbindable  rcu_irq_exit_check_preempt @ kernel/rcu/tree.c:805
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    undefined   rcu_irq_exit_check_preempt @ not defined in this text
    undefined   tick_irq_enter @ not defined in this text
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:1819
    unreached   lockdep_off @ include/linux/lockdep.h:340
    unreached   lockdep_on @ include/linux/lockdep.h:344
    unreached   rcu_irq_exit_preempt @ kernel/rcu/tree.c:787
    unreached   rcu_is_watching @ kernel/rcu/tree.c:1107
    unreached   set_tsk_thread_flag @ include/linux/sched.h:1814
    unreached   test_tsk_thread_flag @ include/linux/sched.h:1840
    unreached   tick_nohz_full_cpu @ include/linux/tick.h:274
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:273
    unreached   user_enter @ include/linux/context_tracking.h:25
    unreached   user_enter @ include/linux/context_tracking.h:86
    unreached   user_exit @ include/linux/context_tracking.h:31
    unreached   user_exit @ include/linux/context_tracking.h:87
    unsupported native_save_fl @ arch/x86/include/asm/irqflags.h:29
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:138
`,
  '6.1': `
    equal       __ct_state @ include/linux/context_tracking.h:99
    equal       account_hardirq_enter @ include/linux/vtime.h:150
    equal       account_hardirq_exit @ include/linux/vtime.h:156
    equal       arch_exit_to_user_mode @ arch/x86/include/asm/entry-common.h:96
    equal       arch_exit_to_user_mode_prepare @ arch/x86/include/asm/entry-common.h:47
    equal       arch_exit_to_user_mode_work @ include/linux/entry-common.h:209
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:106
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:143
    equal       ct_irq_enter @ kernel/context_tracking.c:365
    equal       ct_irq_exit @ kernel/context_tracking.c:390
    equal       ct_nmi_enter @ include/linux/context_tracking_irq.h:17
    equal       ct_nmi_exit @ include/linux/context_tracking_irq.h:18
    equal       ct_state @ include/linux/context_tracking.h:98
    equal       exception_enter @ include/linux/context_tracking.h:51
    equal       exception_enter @ include/linux/context_tracking.h:96
    equal       exception_exit @ include/linux/context_tracking.h:66
    equal       exception_exit @ include/linux/context_tracking.h:97
    equal       irqtime_account_irq @ include/linux/vtime.h:135
    equal       kmsan_unpoison_entry_regs @ include/linux/kmsan.h:327
    equal       kvm_set_cpu_l1tf_flush_l1d @ arch/x86/include/asm/hardirq.h:84
    equal       local_irq_disable_exit_to_user @ include/linux/entry-common.h:189
    equal       local_irq_enable_exit_to_user @ include/linux/entry-common.h:174
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:32
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:31
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:30
    equal       lockdep_softirq_end @ kernel/softirq.c:541
    equal       lockdep_softirq_end @ kernel/softirq.c:550
    equal       lockdep_softirq_start @ kernel/softirq.c:527
    equal       lockdep_softirq_start @ kernel/softirq.c:549
    equal       need_resched @ include/linux/sched.h:2243
    equal       regs_irqs_disabled @ arch/x86/include/asm/ptrace.h:234
    equal       rseq_syscall @ include/linux/sched.h:2432
    equal       tick_irq_enter @ include/linux/tick.h:46
    equal       tick_irq_exit @ kernel/softirq.c:656
    equal       tick_nohz_full_cpu @ include/linux/tick.h:286
    equal       user_enter_irqoff @ include/linux/context_tracking.h:39
    equal       user_enter_irqoff @ include/linux/context_tracking.h:94
    equal       user_exit_irqoff @ include/linux/context_tracking.h:45
    equal       user_exit_irqoff @ include/linux/context_tracking.h:95
    equal       user_mode @ arch/x86/include/asm/ptrace.h:131
    equal       vtime_account_irq @ include/linux/vtime.h:41
    opaque      __ct_state @ include/linux/context_tracking_state.h:52
    opaque      __ct_user_enter @ kernel/context_tracking.c:466
    opaque      __ct_user_exit @ kernel/context_tracking.c:606
    opaque      __preempt_count_add @ arch/x86/include/asm/preempt.h:78
    opaque      __preempt_count_sub @ arch/x86/include/asm/preempt.h:83
    opaque      ct_nmi_enter @ kernel/context_tracking.c:258
    opaque      ct_nmi_exit @ kernel/context_tracking.c:204
    opaque      is_idle_task @ include/linux/sched.h:1935
    opaque      preempt_count @ arch/x86/include/asm/preempt.h:25
    opaque      rcu_irq_enter_check_tick @ include/linux/hardirq.h:22
    opaque      tick_irq_exit @ kernel/softirq.c:656
    unbindable  arch_enter_from_user_mode @ arch/x86/include/asm/entry-common.h:13
    unbindable  do_syscall_x32 @ arch/x86/entry/common.c:52
    unbindable  do_syscall_x64 @ arch/x86/entry/common.c:36
    unbindable  ksoftirqd_running @ kernel/softirq.c:89
    undefined   __ct_user_enter @ not defined in this text
    undefined   __ct_user_exit @ not defined in this text
    undefined   ct_user_enter @ not defined in this text
    undefined   ct_user_exit @ not defined in this text
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    undefined   tick_irq_enter @ not defined in this text
    undefined   tick_nohz_full_cpu @ not defined in this text
    unreached   clear_ti_thread_flag @ include/linux/thread_info.h:92
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:2037
    unreached   ct_irq_enter @ include/linux/context_tracking_irq.h:13
    unreached   ct_irq_exit @ include/linux/context_tracking_irq.h:14
    unreached   ct_user_enter @ kernel/context_tracking.c:555
    unreached   ct_user_exit @ kernel/context_tracking.c:663
    unreached   lockdep_off @ include/linux/lockdep.h:363
    unreached   lockdep_on @ include/linux/lockdep.h:367
    unreached   read_ti_thread_flags @ include/linux/thread_info.h:125
    unreached   rseq_handle_notify_resume @ include/linux/sched.h:2345
    unreached   set_ti_thread_flag @ include/linux/thread_info.h:87
    unreached   set_tsk_thread_flag @ include/linux/sched.h:2032
    unreached   static_key_false @ include/linux/jump_label.h:268
    unreached   static_key_true @ include/linux/jump_label.h:275
    unreached   test_ti_thread_flag @ include/linux/thread_info.h:116
    unreached   test_tsk_thread_flag @ include/linux/sched.h:2058
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:181
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:285
    unreached   user_enter @ include/linux/context_tracking.h:26
    unreached   user_enter @ include/linux/context_tracking.h:92
    unreached   user_exit @ include/linux/context_tracking.h:32
    unreached   user_exit @ include/linux/context_tracking.h:93
    unsupported native_save_fl @ arch/x86/include/asm/irqflags.h:29
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:154
`,
  '7.2': `
    equal       __ct_state @ include/linux/context_tracking.h:101
    equal       account_hardirq_enter @ include/linux/vtime.h:167
    equal       account_hardirq_exit @ include/linux/vtime.h:173
    equal       arch_enter_from_user_mode @ arch/x86/include/asm/entry-common.h:14
    equal       arch_exit_to_user_mode @ arch/x86/include/asm/entry-common.h:94
    equal       arch_exit_to_user_mode_prepare @ arch/x86/include/asm/entry-common.h:60
    equal       arch_exit_to_user_mode_work @ include/linux/irq-entry-common.h:126
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:136
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:173
    equal       ct_irq_enter @ kernel/context_tracking.c:344
    equal       ct_irq_exit @ kernel/context_tracking.c:369
    equal       ct_nmi_enter @ include/linux/context_tracking_irq.h:17
    equal       ct_nmi_exit @ include/linux/context_tracking_irq.h:18
    equal       ct_state @ include/linux/context_tracking.h:100
    equal       exception_enter @ include/linux/context_tracking.h:51
    equal       exception_enter @ include/linux/context_tracking.h:98
    equal       exception_exit @ include/linux/context_tracking.h:66
    equal       exception_exit @ include/linux/context_tracking.h:99
    equal       irqtime_account_irq @ include/linux/vtime.h:152
    equal       kmsan_unpoison_entry_regs @ include/linux/kmsan.h:390
    equal       kvm_set_cpu_l1tf_flush_l1d @ arch/x86/include/asm/hardirq.h:113
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:37
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:36
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:35
    equal       lockdep_softirq_end @ kernel/softirq.c:567
    equal       lockdep_softirq_end @ kernel/softirq.c:576
    equal       lockdep_softirq_start @ kernel/softirq.c:553
    equal       lockdep_softirq_start @ kernel/softirq.c:575
    equal       need_resched @ include/linux/sched.h:2265
    equal       regs_irqs_disabled @ arch/x86/include/asm/ptrace.h:312
    equal       set_tsk_thread_flag @ include/linux/sched.h:2068
    equal       tick_irq_enter @ include/linux/tick.h:53
    equal       tick_irq_exit @ kernel/softirq.c:689
    equal       tick_nohz_full_cpu @ include/linux/tick.h:277
    equal       user_enter_irqoff @ include/linux/context_tracking.h:39
    equal       user_enter_irqoff @ include/linux/context_tracking.h:96
    equal       user_exit_irqoff @ include/linux/context_tracking.h:45
    equal       user_exit_irqoff @ include/linux/context_tracking.h:97
    equal       user_mode @ arch/x86/include/asm/ptrace.h:209
    equal       vtime_account_irq @ include/linux/vtime.h:55
    opaque      __preempt_count_add @ arch/x86/include/asm/preempt.h:78
    opaque      __preempt_count_sub @ arch/x86/include/asm/preempt.h:83
    opaque      is_idle_task @ include/linux/sched.h:1972
    opaque      preempt_count @ arch/x86/include/asm/preempt.h:25
    opaque      rcu_irq_enter_check_tick @ include/linux/hardirq.h:22
    opaque      set_ti_thread_flag @ include/linux/thread_info.h:102
    opaque      tick_irq_exit @ kernel/softirq.c:689
    opaque      tif_need_resched @ include/linux/thread_info.h:213
    unbindable  __ct_state @ include/linux/context_tracking_state.h:82
    unbindable  __ct_user_enter @ kernel/context_tracking.c:447
    unbindable  __ct_user_exit @ kernel/context_tracking.c:589
    unbindable  ct_nmi_enter @ kernel/context_tracking.c:237
    unbindable  ct_nmi_exit @ kernel/context_tracking.c:183
    unbindable  do_syscall_x32 @ arch/x86/entry/syscall_64.c:72
    unbindable  do_syscall_x64 @ arch/x86/entry/syscall_64.c:56
    undefined   __ct_user_enter @ not defined in this text
    undefined   __ct_user_exit @ not defined in this text
    undefined   ct_user_enter @ not defined in this text
    undefined   ct_user_exit @ not defined in this text
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    undefined   tick_irq_enter @ not defined in this text
    undefined   tick_nohz_full_cpu @ not defined in this text
    unreached   clear_ti_thread_flag @ include/linux/thread_info.h:107
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:2073
    unreached   ct_irq_enter @ include/linux/context_tracking_irq.h:13
    unreached   ct_irq_exit @ include/linux/context_tracking_irq.h:14
    unreached   ct_user_enter @ kernel/context_tracking.c:536
    unreached   ct_user_exit @ kernel/context_tracking.c:646
    unreached   lockdep_off @ include/linux/lockdep.h:324
    unreached   lockdep_on @ include/linux/lockdep.h:328
    unreached   read_ti_thread_flags @ include/linux/thread_info.h:140
    unreached   rseq_syscall @ include/linux/rseq.h:190
    unreached   static_key_false @ include/linux/jump_label.h:258
    unreached   static_key_true @ include/linux/jump_label.h:265
    unreached   test_ti_thread_flag @ include/linux/thread_info.h:131
    unreached   test_tsk_thread_flag @ include/linux/sched.h:2094
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:178
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:276
    unreached   user_enter @ include/linux/context_tracking.h:26
    unreached   user_enter @ include/linux/context_tracking.h:94
    unreached   user_exit @ include/linux/context_tracking.h:32
    unreached   user_exit @ include/linux/context_tracking.h:95
    unreached   x64_sys_call @ arch/x86/entry/syscall_64.c:38
    unsupported native_save_fl @ arch/x86/include/asm/irqflags.h:28
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:13
`,
  '7.3': `
    equal       __ct_state @ include/linux/context_tracking.h:101
    equal       account_hardirq_enter @ include/linux/vtime.h:167
    equal       account_hardirq_exit @ include/linux/vtime.h:173
    equal       arch_enter_from_user_mode @ arch/x86/include/asm/entry-common.h:13
    equal       arch_exit_to_user_mode @ arch/x86/include/asm/entry-common.h:93
    equal       arch_exit_to_user_mode_prepare @ arch/x86/include/asm/entry-common.h:59
    equal       arch_exit_to_user_mode_work @ include/linux/irq-entry-common.h:126
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:136
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:173
    equal       ct_irq_enter @ kernel/context_tracking.c:344
    equal       ct_irq_exit @ kernel/context_tracking.c:369
    equal       ct_nmi_enter @ include/linux/context_tracking_irq.h:17
    equal       ct_nmi_exit @ include/linux/context_tracking_irq.h:18
    equal       ct_state @ include/linux/context_tracking.h:100
    equal       exception_enter @ include/linux/context_tracking.h:51
    equal       exception_enter @ include/linux/context_tracking.h:98
    equal       exception_exit @ include/linux/context_tracking.h:66
    equal       exception_exit @ include/linux/context_tracking.h:99
    equal       irqtime_account_irq @ include/linux/vtime.h:152
    equal       kmsan_unpoison_entry_regs @ include/linux/kmsan.h:390
    equal       kvm_set_cpu_l1tf_flush_l1d @ arch/x86/include/asm/hardirq.h:113
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:37
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:36
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:35
    equal       lockdep_softirq_end @ kernel/softirq.c:590
    equal       lockdep_softirq_end @ kernel/softirq.c:599
    equal       lockdep_softirq_start @ kernel/softirq.c:576
    equal       lockdep_softirq_start @ kernel/softirq.c:598
    equal       need_resched @ include/linux/sched.h:2272
    equal       regs_irqs_disabled @ arch/x86/include/asm/ptrace.h:312
    equal       set_tsk_thread_flag @ include/linux/sched.h:2075
    equal       tick_irq_enter @ include/linux/tick.h:50
    equal       tick_irq_exit @ kernel/softirq.c:712
    equal       tick_nohz_full_cpu @ include/linux/tick.h:274
    equal       user_enter_irqoff @ include/linux/context_tracking.h:39
    equal       user_enter_irqoff @ include/linux/context_tracking.h:96
    equal       user_exit_irqoff @ include/linux/context_tracking.h:45
    equal       user_exit_irqoff @ include/linux/context_tracking.h:97
    equal       user_mode @ arch/x86/include/asm/ptrace.h:209
    equal       vtime_account_irq @ include/linux/vtime.h:55
    opaque      __preempt_count_add @ arch/x86/include/asm/preempt.h:96
    opaque      __preempt_count_sub @ arch/x86/include/asm/preempt.h:101
    opaque      is_idle_task @ include/linux/sched.h:1979
    opaque      rcu_irq_enter_check_tick @ include/linux/hardirq.h:22
    opaque      set_ti_thread_flag @ include/linux/thread_info.h:102
    opaque      tick_irq_exit @ kernel/softirq.c:712
    opaque      tif_need_resched @ include/linux/thread_info.h:213
    unbindable  __ct_state @ include/linux/context_tracking_state.h:82
    unbindable  __ct_user_enter @ kernel/context_tracking.c:447
    unbindable  __ct_user_exit @ kernel/context_tracking.c:589
    unbindable  ct_nmi_enter @ kernel/context_tracking.c:237
    unbindable  ct_nmi_exit @ kernel/context_tracking.c:183
    unbindable  do_syscall_x32 @ arch/x86/entry/syscall_64.c:70
    unbindable  do_syscall_x64 @ arch/x86/entry/syscall_64.c:60
    unbindable  preempt_count @ arch/x86/include/asm/preempt.h:35
    undefined   __ct_user_enter @ not defined in this text
    undefined   __ct_user_exit @ not defined in this text
    undefined   ct_user_enter @ not defined in this text
    undefined   ct_user_exit @ not defined in this text
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    undefined   tick_irq_enter @ not defined in this text
    undefined   tick_nohz_full_cpu @ not defined in this text
    unreached   clear_ti_thread_flag @ include/linux/thread_info.h:107
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:2080
    unreached   ct_irq_enter @ include/linux/context_tracking_irq.h:13
    unreached   ct_irq_exit @ include/linux/context_tracking_irq.h:14
    unreached   ct_user_enter @ kernel/context_tracking.c:536
    unreached   ct_user_exit @ kernel/context_tracking.c:646
    unreached   lockdep_off @ include/linux/lockdep.h:327
    unreached   lockdep_on @ include/linux/lockdep.h:331
    unreached   read_ti_thread_flags @ include/linux/thread_info.h:140
    unreached   rseq_syscall @ include/linux/rseq.h:190
    unreached   static_key_false @ include/linux/jump_label.h:258
    unreached   static_key_true @ include/linux/jump_label.h:265
    unreached   test_ti_thread_flag @ include/linux/thread_info.h:131
    unreached   test_tsk_thread_flag @ include/linux/sched.h:2101
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:175
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:273
    unreached   user_enter @ include/linux/context_tracking.h:26
    unreached   user_enter @ include/linux/context_tracking.h:94
    unreached   user_exit @ include/linux/context_tracking.h:32
    unreached   user_exit @ include/linux/context_tracking.h:95
    unreached   x32_sys_call @ arch/x86/entry/syscall_64.c:48
    unreached   x64_sys_call @ arch/x86/entry/syscall_64.c:40
    unsupported native_save_fl @ arch/x86/include/asm/irqflags.h:28
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:13
`,
  // @judged:end
};

/**
 * The other arches' tables (`<v> <arch>`), since session 28. Known mismatches, judged:
 *
 * - arm64 `arch_exit_to_user_mode_work()` (arch/arm64/include/asm/entry-common.h:16-26): its text
 *   acts on TIF_MTE_ASYNC_FAULT and TIF_FOREIGN_FPSTATE, which the model reads as clear, so read
 *   as written it never calls anything; the primitive is one instrumentable call, because objtool
 *   (static) sees the inlined body's send_sig_fault() and fpsimd_restore_current_state() wherever
 *   the loop is in noinstr code (arm64's exit, docs/findings.md). The primitive's extra outcome is
 *   that call's objtool report; the body's is nothing. Kept on purpose.
 * - arm64 `has_syscall_work()` (arch/arm64/kernel/syscall.c:57; 6.12 :68): its text tests _TIF_SYSCALL_WORK
 *   in the flags it is given, bits the model reads as clear; the primitive answers both ways (a
 *   tracer, audit or seccomp may be on), a superset of the body's "no". Kept on purpose: unknown is
 *   not zero.
 *
 * - arm64 `regs_irqs_disabled()` (7.3 asm/ptrace.h:211) is not comparable: since session 31 its
 *   `irqs_priority_unmasked(regs)` is expanded (6.12's own entry code reads it through
 *   `interrupts_enabled()`), and in 7.3 that names `GIC_PRIO_IRQON`, i.e. `GICV3_PRIO_UNMASKED`
 *   of linux/irqchip/arm-gic-v3-prio.h, which the text the body is read in does not define: an
 *   unknown constant, so the body is refused (never read as 0). Before, the macro was an opaque
 *   call and the body "opaque"; not comparable either way. The primitive is what the checks use.
 *
 * The same run found, and fixed: arm64 (and every arch without its own hook)
 * `arch_exit_to_user_mode_prepare()`, the generic empty inline stub replaced by an instrumentable
 * call (a false objtool report on arm64's exit); s390 `__preempt_count_sub()`, whose text is
 * `__preempt_count_add(-val)` and the primitive took -val unsigned; s390 `is_idle_task()`, whose
 * PF_IDLE bit current->flags gave as one of the "other" task flags.
 */
const ARCH_JUDGED: Record<string, string> = {
  // arm64's own entry code before the generic entry (session 31): has_syscall_work() as in 7.3
  // (the primitive answers both ways); the rest equal, or not comparable with the reason given.
  '6.12 arm64': `
    MISMATCH    has_syscall_work @ arch/arm64/kernel/syscall.c:68
    equal       account_hardirq_enter @ include/linux/vtime.h:151
    equal       account_hardirq_exit @ include/linux/vtime.h:157
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:106
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:143
    equal       ct_irq_enter @ kernel/context_tracking.c:365
    equal       ct_irq_exit @ kernel/context_tracking.c:390
    equal       ct_state @ include/linux/context_tracking.h:100
    equal       exception_enter @ include/linux/context_tracking.h:51
    equal       exception_enter @ include/linux/context_tracking.h:98
    equal       exception_exit @ include/linux/context_tracking.h:66
    equal       exception_exit @ include/linux/context_tracking.h:99
    equal       irqtime_account_irq @ include/linux/vtime.h:136
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:33
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:32
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:31
    equal       lockdep_softirq_end @ kernel/softirq.c:524
    equal       lockdep_softirq_end @ kernel/softirq.c:533
    equal       lockdep_softirq_start @ kernel/softirq.c:510
    equal       lockdep_softirq_start @ kernel/softirq.c:532
    equal       need_resched @ include/linux/sched.h:2136
    equal       tick_irq_enter @ include/linux/tick.h:53
    equal       tick_irq_exit @ kernel/softirq.c:639
    equal       tick_nohz_full_cpu @ include/linux/tick.h:285
    equal       user_enter_irqoff @ include/linux/context_tracking.h:39
    equal       user_enter_irqoff @ include/linux/context_tracking.h:96
    equal       user_exit_irqoff @ include/linux/context_tracking.h:45
    equal       user_exit_irqoff @ include/linux/context_tracking.h:97
    equal       vtime_account_irq @ include/linux/vtime.h:39
    opaque      __ct_state @ include/linux/context_tracking_state.h:52
    opaque      __ct_user_enter @ kernel/context_tracking.c:468
    opaque      __ct_user_exit @ kernel/context_tracking.c:610
    opaque      __preempt_count_add @ arch/arm64/include/asm/preempt.h:45
    opaque      __preempt_count_sub @ arch/arm64/include/asm/preempt.h:52
    opaque      ct_nmi_enter @ kernel/context_tracking.c:258
    opaque      ct_nmi_exit @ kernel/context_tracking.c:204
    opaque      is_idle_task @ include/linux/sched.h:1911
    opaque      local_daif_restore @ arch/arm64/include/asm/daifflags.h:67
    opaque      preempt_count @ arch/arm64/include/asm/preempt.h:11
    opaque      rcu_irq_enter_check_tick @ include/linux/hardirq.h:22
    opaque      tick_irq_exit @ kernel/softirq.c:639
    undefined   __ct_user_enter @ not defined in this text
    undefined   __ct_user_exit @ not defined in this text
    undefined   ct_user_enter @ not defined in this text
    undefined   ct_user_exit @ not defined in this text
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    undefined   tick_irq_enter @ not defined in this text
    undefined   tick_nohz_full_cpu @ not defined in this text
    unreached   __ct_state @ include/linux/context_tracking.h:101
    unreached   arch_exit_to_user_mode_work @ include/linux/entry-common.h:249
    unreached   clear_ti_thread_flag @ include/linux/thread_info.h:92
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:2002
    unreached   ct_user_enter @ kernel/context_tracking.c:557
    unreached   ct_user_exit @ kernel/context_tracking.c:667
    unreached   kmsan_unpoison_entry_regs @ include/linux/kmsan.h:389
    unreached   local_daif_save @ arch/arm64/include/asm/daifflags.h:56
    unreached   local_daif_save_flags @ arch/arm64/include/asm/daifflags.h:41
    unreached   local_irq_disable_exit_to_user @ include/linux/entry-common.h:229
    unreached   local_irq_enable_exit_to_user @ include/linux/entry-common.h:214
    unreached   lockdep_off @ include/linux/lockdep.h:324
    unreached   lockdep_on @ include/linux/lockdep.h:328
    unreached   read_ti_thread_flags @ include/linux/thread_info.h:125
    unreached   set_ti_thread_flag @ include/linux/thread_info.h:87
    unreached   set_tsk_thread_flag @ include/linux/sched.h:1997
    unreached   static_key_false @ include/linux/jump_label.h:205
    unreached   static_key_false @ include/linux/jump_label.h:271
    unreached   static_key_true @ include/linux/jump_label.h:210
    unreached   static_key_true @ include/linux/jump_label.h:278
    unreached   syscall_get_nr @ arch/arm64/include/asm/syscall.h:20
    unreached   syscall_get_return_value @ arch/arm64/include/asm/syscall.h:32
    unreached   test_ti_thread_flag @ include/linux/thread_info.h:116
    unreached   test_tsk_thread_flag @ include/linux/sched.h:2023
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:180
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:284
    unreached   user_enter @ include/linux/context_tracking.h:26
    unreached   user_enter @ include/linux/context_tracking.h:94
    unreached   user_exit @ include/linux/context_tracking.h:32
    unreached   user_exit @ include/linux/context_tracking.h:95
    unsupported alternative_has_cap_likely @ arch/arm64/include/asm/alternative-macros.h:236
    unsupported alternative_has_cap_unlikely @ arch/arm64/include/asm/alternative-macros.h:255
    unsupported local_daif_mask @ arch/arm64/include/asm/daifflags.h:28
    unsupported tif_need_resched @ include/linux/thread_info.h:193
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:86
  `,
  '7.3 arm64': `
    MISMATCH    arch_exit_to_user_mode_work @ arch/arm64/include/asm/entry-common.h:16
    MISMATCH    has_syscall_work @ arch/arm64/kernel/syscall.c:57
    equal       __ct_state @ include/linux/context_tracking.h:101
    equal       account_hardirq_enter @ include/linux/vtime.h:167
    equal       account_hardirq_exit @ include/linux/vtime.h:173
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:136
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:173
    equal       ct_irq_enter @ kernel/context_tracking.c:344
    equal       ct_irq_exit @ kernel/context_tracking.c:369
    equal       exception_enter @ include/linux/context_tracking.h:51
    equal       exception_enter @ include/linux/context_tracking.h:98
    equal       exception_exit @ include/linux/context_tracking.h:66
    equal       exception_exit @ include/linux/context_tracking.h:99
    equal       irqtime_account_irq @ include/linux/vtime.h:152
    equal       kmsan_unpoison_entry_regs @ include/linux/kmsan.h:390
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:37
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:36
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:35
    equal       lockdep_softirq_end @ kernel/softirq.c:590
    equal       lockdep_softirq_end @ kernel/softirq.c:599
    equal       lockdep_softirq_start @ kernel/softirq.c:576
    equal       lockdep_softirq_start @ kernel/softirq.c:598
    equal       need_resched @ include/linux/sched.h:2272
    equal       tick_irq_enter @ include/linux/tick.h:50
    equal       tick_irq_exit @ kernel/softirq.c:712
    equal       tick_nohz_full_cpu @ include/linux/tick.h:274
    equal       user_enter_irqoff @ include/linux/context_tracking.h:39
    equal       user_enter_irqoff @ include/linux/context_tracking.h:96
    equal       user_exit_irqoff @ include/linux/context_tracking.h:45
    equal       user_exit_irqoff @ include/linux/context_tracking.h:97
    equal       vtime_account_irq @ include/linux/vtime.h:55
    opaque      __preempt_count_add @ arch/arm64/include/asm/preempt.h:44
    opaque      __preempt_count_sub @ arch/arm64/include/asm/preempt.h:51
    opaque      is_idle_task @ include/linux/sched.h:1979
    opaque      preempt_count @ arch/arm64/include/asm/preempt.h:10
    opaque      rcu_irq_enter_check_tick @ include/linux/hardirq.h:22
    opaque      tick_irq_exit @ kernel/softirq.c:712
    opaque      tif_need_resched @ include/linux/thread_info.h:213
    unbindable  __ct_state @ include/linux/context_tracking_state.h:82
    unbindable  __ct_user_enter @ kernel/context_tracking.c:447
    unbindable  __ct_user_exit @ kernel/context_tracking.c:589
    unbindable  ct_nmi_enter @ kernel/context_tracking.c:237
    unbindable  ct_nmi_exit @ kernel/context_tracking.c:183
    unbindable  local_daif_restore @ arch/arm64/include/asm/daifflags.h:67
    unbindable  regs_irqs_disabled @ arch/arm64/include/asm/ptrace.h:211
    undefined   __ct_user_enter @ not defined in this text
    undefined   __ct_user_exit @ not defined in this text
    undefined   ct_user_enter @ not defined in this text
    undefined   ct_user_exit @ not defined in this text
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    undefined   tick_irq_enter @ not defined in this text
    undefined   tick_nohz_full_cpu @ not defined in this text
    unreached   clear_ti_thread_flag @ include/linux/thread_info.h:107
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:2080
    unreached   ct_state @ include/linux/context_tracking.h:100
    unreached   ct_user_enter @ kernel/context_tracking.c:536
    unreached   ct_user_exit @ kernel/context_tracking.c:646
    unreached   local_daif_save @ arch/arm64/include/asm/daifflags.h:56
    unreached   local_daif_save_flags @ arch/arm64/include/asm/daifflags.h:41
    unreached   lockdep_off @ include/linux/lockdep.h:327
    unreached   lockdep_on @ include/linux/lockdep.h:331
    unreached   read_ti_thread_flags @ include/linux/thread_info.h:140
    unreached   set_ti_thread_flag @ include/linux/thread_info.h:102
    unreached   set_tsk_thread_flag @ include/linux/sched.h:2075
    unreached   static_key_false @ include/linux/jump_label.h:199
    unreached   static_key_true @ include/linux/jump_label.h:204
    unreached   syscall_get_nr @ arch/arm64/include/asm/syscall.h:20
    unreached   syscall_get_return_value @ arch/arm64/include/asm/syscall.h:32
    unreached   test_ti_thread_flag @ include/linux/thread_info.h:131
    unreached   test_tsk_thread_flag @ include/linux/sched.h:2101
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:175
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:273
    unreached   user_enter @ include/linux/context_tracking.h:26
    unreached   user_enter @ include/linux/context_tracking.h:94
    unreached   user_exit @ include/linux/context_tracking.h:32
    unreached   user_exit @ include/linux/context_tracking.h:95
    unsupported alternative_has_cap_likely @ arch/arm64/include/asm/alternative-macros.h:236
    unsupported alternative_has_cap_unlikely @ arch/arm64/include/asm/alternative-macros.h:255
    unsupported local_daif_mask @ arch/arm64/include/asm/daifflags.h:28
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:13
`,
  '7.3 riscv': `
    equal       __ct_state @ include/linux/context_tracking.h:101
    equal       account_hardirq_enter @ include/linux/vtime.h:167
    equal       account_hardirq_exit @ include/linux/vtime.h:173
    equal       arch_exit_to_user_mode_prepare @ arch/riscv/include/asm/entry-common.h:10
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:136
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:173
    equal       ct_irq_enter @ kernel/context_tracking.c:344
    equal       ct_irq_exit @ kernel/context_tracking.c:369
    equal       ct_nmi_enter @ include/linux/context_tracking_irq.h:17
    equal       ct_nmi_exit @ include/linux/context_tracking_irq.h:18
    equal       ct_state @ include/linux/context_tracking.h:100
    equal       exception_enter @ include/linux/context_tracking.h:51
    equal       exception_enter @ include/linux/context_tracking.h:98
    equal       exception_exit @ include/linux/context_tracking.h:66
    equal       exception_exit @ include/linux/context_tracking.h:99
    equal       irqtime_account_irq @ include/linux/vtime.h:152
    equal       kmsan_unpoison_entry_regs @ include/linux/kmsan.h:390
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:37
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:36
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:35
    equal       lockdep_softirq_end @ kernel/softirq.c:590
    equal       lockdep_softirq_end @ kernel/softirq.c:599
    equal       lockdep_softirq_start @ kernel/softirq.c:576
    equal       lockdep_softirq_start @ kernel/softirq.c:598
    equal       need_resched @ include/linux/sched.h:2272
    equal       set_tsk_thread_flag @ include/linux/sched.h:2075
    equal       tick_irq_enter @ include/linux/tick.h:50
    equal       tick_irq_exit @ kernel/softirq.c:712
    equal       tick_nohz_full_cpu @ include/linux/tick.h:274
    equal       user_enter_irqoff @ include/linux/context_tracking.h:39
    equal       user_enter_irqoff @ include/linux/context_tracking.h:96
    equal       user_exit_irqoff @ include/linux/context_tracking.h:45
    equal       user_exit_irqoff @ include/linux/context_tracking.h:97
    equal       vtime_account_irq @ include/linux/vtime.h:55
    opaque      __preempt_count_add @ include/asm-generic/preempt.h:52
    opaque      __preempt_count_sub @ include/asm-generic/preempt.h:57
    opaque      is_idle_task @ include/linux/sched.h:1979
    opaque      preempt_count @ include/asm-generic/preempt.h:9
    opaque      rcu_irq_enter_check_tick @ include/linux/hardirq.h:22
    opaque      set_ti_thread_flag @ include/linux/thread_info.h:102
    opaque      syscall_get_nr @ arch/riscv/include/asm/syscall.h:27
    opaque      syscall_get_return_value @ arch/riscv/include/asm/syscall.h:54
    opaque      tick_irq_exit @ kernel/softirq.c:712
    opaque      tif_need_resched @ include/linux/thread_info.h:213
    unbindable  __ct_state @ include/linux/context_tracking_state.h:82
    unbindable  __ct_user_enter @ kernel/context_tracking.c:447
    unbindable  __ct_user_exit @ kernel/context_tracking.c:589
    unbindable  ct_nmi_enter @ kernel/context_tracking.c:237
    unbindable  ct_nmi_exit @ kernel/context_tracking.c:183
    unbindable  regs_irqs_disabled @ arch/riscv/include/asm/ptrace.h:178
    undefined   __ct_user_enter @ not defined in this text
    undefined   __ct_user_exit @ not defined in this text
    undefined   ct_user_enter @ not defined in this text
    undefined   ct_user_exit @ not defined in this text
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    undefined   tick_irq_enter @ not defined in this text
    undefined   tick_nohz_full_cpu @ not defined in this text
    unreached   clear_ti_thread_flag @ include/linux/thread_info.h:107
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:2080
    unreached   ct_irq_enter @ include/linux/context_tracking_irq.h:13
    unreached   ct_irq_exit @ include/linux/context_tracking_irq.h:14
    unreached   ct_user_enter @ kernel/context_tracking.c:536
    unreached   ct_user_exit @ kernel/context_tracking.c:646
    unreached   lockdep_off @ include/linux/lockdep.h:327
    unreached   lockdep_on @ include/linux/lockdep.h:331
    unreached   read_ti_thread_flags @ include/linux/thread_info.h:140
    unreached   rseq_syscall @ include/linux/rseq.h:190
    unreached   static_key_false @ include/linux/jump_label.h:199
    unreached   static_key_false @ include/linux/jump_label.h:258
    unreached   static_key_true @ include/linux/jump_label.h:204
    unreached   static_key_true @ include/linux/jump_label.h:265
    unreached   test_ti_thread_flag @ include/linux/thread_info.h:131
    unreached   test_tsk_thread_flag @ include/linux/sched.h:2101
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:175
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:273
    unreached   user_enter @ include/linux/context_tracking.h:26
    unreached   user_enter @ include/linux/context_tracking.h:94
    unreached   user_exit @ include/linux/context_tracking.h:32
    unreached   user_exit @ include/linux/context_tracking.h:95
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:13
`,
  '7.3 loongarch': `
    equal       __ct_state @ include/linux/context_tracking.h:101
    equal       account_hardirq_enter @ include/linux/vtime.h:167
    equal       account_hardirq_exit @ include/linux/vtime.h:173
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:136
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:173
    equal       ct_irq_enter @ kernel/context_tracking.c:344
    equal       ct_irq_exit @ kernel/context_tracking.c:369
    equal       ct_state @ include/linux/context_tracking.h:100
    equal       exception_enter @ include/linux/context_tracking.h:51
    equal       exception_enter @ include/linux/context_tracking.h:98
    equal       exception_exit @ include/linux/context_tracking.h:66
    equal       exception_exit @ include/linux/context_tracking.h:99
    equal       irqtime_account_irq @ include/linux/vtime.h:152
    equal       kmsan_unpoison_entry_regs @ include/linux/kmsan.h:390
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:37
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:36
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:35
    equal       lockdep_softirq_end @ kernel/softirq.c:590
    equal       lockdep_softirq_end @ kernel/softirq.c:599
    equal       lockdep_softirq_start @ kernel/softirq.c:576
    equal       lockdep_softirq_start @ kernel/softirq.c:598
    equal       need_resched @ include/linux/sched.h:2272
    equal       set_tsk_thread_flag @ include/linux/sched.h:2075
    equal       tick_irq_enter @ include/linux/tick.h:50
    equal       tick_irq_exit @ kernel/softirq.c:712
    equal       tick_nohz_full_cpu @ include/linux/tick.h:274
    equal       user_enter_irqoff @ include/linux/context_tracking.h:39
    equal       user_enter_irqoff @ include/linux/context_tracking.h:96
    equal       user_exit_irqoff @ include/linux/context_tracking.h:45
    equal       user_exit_irqoff @ include/linux/context_tracking.h:97
    equal       vtime_account_irq @ include/linux/vtime.h:55
    opaque      __preempt_count_add @ include/asm-generic/preempt.h:52
    opaque      __preempt_count_sub @ include/asm-generic/preempt.h:57
    opaque      is_idle_task @ include/linux/sched.h:1979
    opaque      preempt_count @ include/asm-generic/preempt.h:9
    opaque      rcu_irq_enter_check_tick @ include/linux/hardirq.h:22
    opaque      regs_irqs_disabled @ arch/loongarch/include/asm/ptrace.h:36
    opaque      set_ti_thread_flag @ include/linux/thread_info.h:102
    opaque      tick_irq_exit @ kernel/softirq.c:712
    opaque      tif_need_resched @ include/linux/thread_info.h:213
    unbindable  __ct_state @ include/linux/context_tracking_state.h:82
    unbindable  __ct_user_enter @ kernel/context_tracking.c:447
    unbindable  __ct_user_exit @ kernel/context_tracking.c:589
    unbindable  ct_nmi_enter @ kernel/context_tracking.c:237
    unbindable  ct_nmi_exit @ kernel/context_tracking.c:183
    undefined   __ct_user_enter @ not defined in this text
    undefined   __ct_user_exit @ not defined in this text
    undefined   ct_user_enter @ not defined in this text
    undefined   ct_user_exit @ not defined in this text
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    undefined   tick_irq_enter @ not defined in this text
    undefined   tick_nohz_full_cpu @ not defined in this text
    unreached   clear_ti_thread_flag @ include/linux/thread_info.h:107
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:2080
    unreached   ct_irq_enter @ include/linux/context_tracking_irq.h:13
    unreached   ct_irq_exit @ include/linux/context_tracking_irq.h:14
    unreached   ct_nmi_enter @ include/linux/context_tracking_irq.h:17
    unreached   ct_nmi_exit @ include/linux/context_tracking_irq.h:18
    unreached   ct_user_enter @ kernel/context_tracking.c:536
    unreached   ct_user_exit @ kernel/context_tracking.c:646
    unreached   lockdep_off @ include/linux/lockdep.h:327
    unreached   lockdep_on @ include/linux/lockdep.h:331
    unreached   read_ti_thread_flags @ include/linux/thread_info.h:140
    unreached   rseq_syscall @ include/linux/rseq.h:190
    unreached   static_key_false @ include/linux/jump_label.h:199
    unreached   static_key_false @ include/linux/jump_label.h:258
    unreached   static_key_true @ include/linux/jump_label.h:204
    unreached   static_key_true @ include/linux/jump_label.h:265
    unreached   test_ti_thread_flag @ include/linux/thread_info.h:131
    unreached   test_tsk_thread_flag @ include/linux/sched.h:2101
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:175
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:273
    unreached   user_enter @ include/linux/context_tracking.h:26
    unreached   user_enter @ include/linux/context_tracking.h:94
    unreached   user_exit @ include/linux/context_tracking.h:32
    unreached   user_exit @ include/linux/context_tracking.h:95
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:13
`,
  '7.3 powerpc': `
    equal       __ct_state @ include/linux/context_tracking.h:101
    equal       account_hardirq_enter @ include/linux/vtime.h:167
    equal       account_hardirq_exit @ include/linux/vtime.h:173
    equal       arch_exit_to_user_mode_prepare @ arch/powerpc/include/asm/entry-common.h:483
    equal       arch_exit_to_user_mode_prepare @ arch/powerpc/include/asm/entry-common.h:483
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:136
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:173
    equal       ct_irq_enter @ kernel/context_tracking.c:344
    equal       ct_irq_exit @ kernel/context_tracking.c:369
    equal       ct_nmi_enter @ include/linux/context_tracking_irq.h:17
    equal       ct_nmi_exit @ include/linux/context_tracking_irq.h:18
    equal       ct_state @ include/linux/context_tracking.h:100
    equal       exception_enter @ include/linux/context_tracking.h:51
    equal       exception_enter @ include/linux/context_tracking.h:98
    equal       exception_exit @ include/linux/context_tracking.h:66
    equal       exception_exit @ include/linux/context_tracking.h:99
    equal       irqtime_account_irq @ include/linux/vtime.h:152
    equal       kmsan_unpoison_entry_regs @ include/linux/kmsan.h:390
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:37
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:36
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:35
    equal       need_resched @ include/linux/sched.h:2272
    equal       regs_irqs_disabled @ arch/powerpc/include/asm/hw_irq.h:396
    equal       regs_irqs_disabled @ arch/powerpc/include/asm/hw_irq.h:469
    equal       set_tsk_thread_flag @ include/linux/sched.h:2075
    equal       tick_irq_enter @ include/linux/tick.h:50
    equal       tick_irq_exit @ kernel/softirq.c:712
    equal       tick_nohz_full_cpu @ include/linux/tick.h:274
    equal       user_enter_irqoff @ include/linux/context_tracking.h:39
    equal       user_enter_irqoff @ include/linux/context_tracking.h:96
    equal       user_exit_irqoff @ include/linux/context_tracking.h:45
    equal       user_exit_irqoff @ include/linux/context_tracking.h:97
    equal       vtime_account_irq @ include/linux/vtime.h:55
    opaque      is_idle_task @ include/linux/sched.h:1979
    opaque      preempt_count @ include/asm-generic/preempt.h:9
    opaque      rcu_irq_enter_check_tick @ include/linux/hardirq.h:22
    opaque      set_ti_thread_flag @ include/linux/thread_info.h:102
    opaque      syscall_get_nr @ arch/powerpc/include/asm/syscall.h:28
    opaque      syscall_get_return_value @ arch/powerpc/include/asm/syscall.h:74
    opaque      tick_irq_exit @ kernel/softirq.c:712
    opaque      tif_need_resched @ include/linux/thread_info.h:213
    unbindable  __ct_state @ include/linux/context_tracking_state.h:82
    unbindable  __ct_user_enter @ kernel/context_tracking.c:447
    unbindable  __ct_user_exit @ kernel/context_tracking.c:589
    unbindable  ct_nmi_enter @ kernel/context_tracking.c:237
    unbindable  ct_nmi_exit @ kernel/context_tracking.c:183
    undefined   __ct_user_enter @ not defined in this text
    undefined   __ct_user_exit @ not defined in this text
    undefined   ct_user_enter @ not defined in this text
    undefined   ct_user_exit @ not defined in this text
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    undefined   tick_irq_enter @ not defined in this text
    undefined   tick_nohz_full_cpu @ not defined in this text
    unreached   __preempt_count_add @ include/asm-generic/preempt.h:52
    unreached   __preempt_count_sub @ include/asm-generic/preempt.h:57
    unreached   clear_ti_thread_flag @ include/linux/thread_info.h:107
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:2080
    unreached   ct_irq_enter @ include/linux/context_tracking_irq.h:13
    unreached   ct_irq_exit @ include/linux/context_tracking_irq.h:14
    unreached   ct_user_enter @ kernel/context_tracking.c:536
    unreached   ct_user_exit @ kernel/context_tracking.c:646
    unreached   lockdep_off @ include/linux/lockdep.h:327
    unreached   lockdep_on @ include/linux/lockdep.h:331
    unreached   lockdep_softirq_end @ kernel/softirq.c:590
    unreached   lockdep_softirq_end @ kernel/softirq.c:599
    unreached   lockdep_softirq_start @ kernel/softirq.c:576
    unreached   lockdep_softirq_start @ kernel/softirq.c:598
    unreached   read_ti_thread_flags @ include/linux/thread_info.h:140
    unreached   rseq_syscall @ include/linux/rseq.h:190
    unreached   static_key_false @ include/linux/jump_label.h:199
    unreached   static_key_false @ include/linux/jump_label.h:258
    unreached   static_key_true @ include/linux/jump_label.h:204
    unreached   static_key_true @ include/linux/jump_label.h:265
    unreached   test_ti_thread_flag @ include/linux/thread_info.h:131
    unreached   test_tsk_thread_flag @ include/linux/sched.h:2101
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:175
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:273
    unreached   user_enter @ include/linux/context_tracking.h:26
    unreached   user_enter @ include/linux/context_tracking.h:94
    unreached   user_exit @ include/linux/context_tracking.h:32
    unreached   user_exit @ include/linux/context_tracking.h:95
    unsupported handle_softirqs @ kernel/softirq.c:645
    unsupported mtmsr_isync @ arch/powerpc/include/asm/reg.h:1407
    unsupported wrtee @ arch/powerpc/include/asm/reg.h:1423
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:13
`,
  '7.3 s390': `
    equal       __ct_state @ include/linux/context_tracking.h:101
    equal       __preempt_count_sub @ arch/s390/include/asm/preempt.h:101
    equal       account_hardirq_enter @ include/linux/vtime.h:167
    equal       account_hardirq_exit @ include/linux/vtime.h:173
    equal       arch_exit_to_user_mode_work @ arch/s390/include/asm/entry-common.h:28
    equal       context_tracking_enabled @ include/linux/context_tracking_state.h:173
    equal       ct_irq_enter @ kernel/context_tracking.c:344
    equal       ct_irq_exit @ kernel/context_tracking.c:369
    equal       ct_state @ include/linux/context_tracking.h:100
    equal       exception_enter @ include/linux/context_tracking.h:98
    equal       exception_exit @ include/linux/context_tracking.h:99
    equal       irqtime_account_irq @ include/linux/vtime.h:152
    equal       is_idle_task @ include/linux/sched.h:1979
    equal       kmsan_unpoison_entry_regs @ include/linux/kmsan.h:390
    equal       lockdep_hardirqs_off @ include/linux/irqflags.h:37
    equal       lockdep_hardirqs_on @ include/linux/irqflags.h:36
    equal       lockdep_hardirqs_on_prepare @ include/linux/irqflags.h:35
    equal       lockdep_softirq_end @ kernel/softirq.c:590
    equal       lockdep_softirq_end @ kernel/softirq.c:599
    equal       lockdep_softirq_start @ kernel/softirq.c:576
    equal       lockdep_softirq_start @ kernel/softirq.c:598
    equal       need_resched @ include/linux/sched.h:2272
    equal       rcu_irq_enter_check_tick @ include/linux/hardirq.h:22
    equal       set_tsk_thread_flag @ include/linux/sched.h:2075
    equal       tick_irq_enter @ include/linux/tick.h:50
    equal       tick_irq_exit @ kernel/softirq.c:712
    equal       tick_nohz_full_cpu @ include/linux/tick.h:274
    equal       user_enter_irqoff @ include/linux/context_tracking.h:96
    equal       user_exit_irqoff @ include/linux/context_tracking.h:97
    opaque      regs_irqs_disabled @ arch/s390/include/asm/processor.h:400
    opaque      set_ti_thread_flag @ include/linux/thread_info.h:102
    opaque      tif_need_resched @ include/linux/thread_info.h:213
    opaque      user_mode @ arch/s390/include/asm/ptrace.h:222
    unbindable  ct_nmi_enter @ kernel/context_tracking.c:237
    unbindable  ct_nmi_exit @ kernel/context_tracking.c:183
    unbindable  on_thread_stack @ arch/s390/include/asm/processor.h:266
    undefined   lockdep_hardirqs_off @ not defined in this text
    undefined   lockdep_hardirqs_on @ not defined in this text
    undefined   lockdep_hardirqs_on_prepare @ not defined in this text
    undefined   lockdep_off @ not defined in this text
    undefined   lockdep_on @ not defined in this text
    unreached   clear_ti_thread_flag @ include/linux/thread_info.h:107
    unreached   clear_tsk_thread_flag @ include/linux/sched.h:2080
    unreached   inc_irq_stat @ arch/s390/include/asm/irq.h:79
    unreached   lockdep_off @ include/linux/lockdep.h:327
    unreached   lockdep_on @ include/linux/lockdep.h:331
    unreached   read_ti_thread_flags @ include/linux/thread_info.h:140
    unreached   rseq_syscall @ include/linux/rseq.h:190
    unreached   static_key_false @ include/linux/jump_label.h:199
    unreached   static_key_false @ include/linux/jump_label.h:258
    unreached   static_key_true @ include/linux/jump_label.h:204
    unreached   static_key_true @ include/linux/jump_label.h:265
    unreached   test_ti_thread_flag @ include/linux/thread_info.h:131
    unreached   test_tsk_thread_flag @ include/linux/sched.h:2101
    unreached   tick_nohz_full_enabled @ include/linux/tick.h:273
    unreached   user_enter @ include/linux/context_tracking.h:94
    unreached   user_exit @ include/linux/context_tracking.h:95
    unsupported __arch_local_irq_ssm @ arch/s390/include/asm/irqflags.h:37
    unsupported __preempt_count_add @ arch/s390/include/asm/preempt.h:91
    unsupported preempt_count @ arch/s390/include/asm/preempt.h:29
    unsupported test_and_clear_cpu_flag @ arch/s390/include/asm/processor.h:85
    weak        arch_do_signal_or_restart @ kernel/entry/common.c:13
`,
};

/**
 * Every replaced function of linux-<v> against its tree body, against the judged table: x86's
 * (JUDGED) or another arch's (ARCH_JUDGED, `<v> <arch>`).
 */
export function replacedTreeTest(v: string, arch = 'x86'): void {
  const root = kernelRoot(v);
  const skip = arch === 'x86' ? skipUnlessTree(v) : skipUnlessTree(v, `arch/${arch}`);
  const tables = arch === 'x86' ? JUDGED : ARCH_JUDGED;
  const key = arch === 'x86' ? v : `${v} ${arch}`;
  test(`linux-${v}${arch === 'x86' ? '' : ` (${arch})`}: every replaced function against its tree body, from every call site the check reaches`, { skip, timeout: 3_600_000 }, async (t) => {
    const kt = await loadTree(root, arch);
    const sites = harvestCallSites(kt, new Set(kt.merged.replacedBodies.keys()));
    const results = compareReplaced(kt, sites);
    const judged = new Set(table(tables[key] ?? ''));
    for (const r of results) {
      await t.test(`${r.name} @ ${r.text}`, () => {
        const verdict = r.verdict;
        const why = verdict.kind === 'mismatch' ? `${r.name}: the primitive and the tree body differ at ${verdict.sites} call site(s):\n${verdict.examples.join('\n')}` : '';
        // A mismatch fails unless the table lists it (a known primitive error, listed above JUDGED).
        if (verdict.kind === 'mismatch' && judged.has(tableOf([r])[0]!)) t.diagnostic(`known mismatch: ${why}`);
        else assert.notEqual(verdict.kind, 'mismatch', why);
        if (verdict.kind === 'equal') assert.ok(verdict.sites > 0 && verdict.configs > 0, 'compared at call sites');
        if (verdict.kind === 'not-comparable') {
          assert.ok(verdict.reason.length > 0, 'a reason');
          t.diagnostic(`${r.name} @ ${r.text}: ${verdict.reason}`);
        }
      });
    }
    // Every definition the coverage report lists as replaced is judged here.
    for (const name of kt.merged.replaced.keys()) assert.ok(results.some((r) => r.name === name), `${name} compared`);
    const actual = tableOf(results);
    assert.deepEqual(actual, table(tables[key] ?? ''), `the judged table for linux-${v} ${arch}; actual:\n${actual.join('\n')}`);
  });
}
