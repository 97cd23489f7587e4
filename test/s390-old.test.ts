// s390 on Linux 6.12 and 6.1 end to end: the irq, exception, nmi and syscall rows at test/s390.test.ts's
// lattice point, and exactly the findings judged in docs/findings.md ("### s390 on 6.12 and 6.1").
// Neither tree has 7.3's per-CPU lowcore fix-up around the machine check: 6.12's
// s390_do_machine_check() is the NMI pair alone, 6.1's leaves the pair early for a machine check
// from problem state with work pending and entry.S then calls s390_handle_mcck(regs). The harness
// takes the shell whose tree callees the tree defines (ArchHarnesses.shells), never a version test.
// Both trees' do_io_irq() loops on `MACHINE_IS_LPAR` (asm/setup.h), a lowcore load kentry does not
// track (both answers), and do_syscall() calls through `current->thread.sys_call_table[nr]`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelTarget } from '../src/explore/kernel-target.ts';
import { archFindingKey, checkAtPoint, kernelRoot, skipUnlessTree } from './trees.ts';

const POINT = 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PROVE_LOCKING=y,DEBUG_ENTRY=y';

/**
 * `row check @ function context → callee`. Judged in docs/findings.md: I6 is F1 (an NMI between
 * lockdep_hardirqs_off() and trace_hardirqs_off_finish() in the user entry; the generic NMI pair
 * restores the tracer only with lockdep); the objtool calls are objtool's noinstr rule, which does
 * not run on s390; irq_pending() (a `tpi` asm helper) and set_thread_flag() (instrumented only with
 * KASAN/KCSAN) are not verdicts, as on 7.3. The idle accounting (update_timer_idle(),
 * account_idle_time_irq()) only from the idle wait, where from_idle is true (CIF_ENABLED_WAIT).
 */
const EXPECTED_612: readonly string[] = [
  'exception I1.instrumentable_before_lockdep_off @ arch_enter_from_user_mode user',
  'exception I6.iret_tracer_mismatch @ kentry_s390_nmi_vector kernel',
  'exception objtool.noinstr_call @ __do_pgm_check kernel → trace_hardirqs_on',
  'exception objtool.noinstr_call @ __do_pgm_check kernel-irqs-off → do_per_trap',
  'exception objtool.noinstr_call @ __do_pgm_check kernel-irqs-off → local_irq_disable',
  'exception objtool.noinstr_call @ __do_pgm_check kernel-irqs-off → pgm_check_table[]',
  'exception objtool.noinstr_call @ __do_pgm_check user → set_thread_flag',
  'exception objtool.noinstr_call @ arch_enter_from_user_mode user → debug_user_asce',
  'exception objtool.noinstr_call @ arch_exit_to_user_mode user → debug_user_asce',
  'exception objtool.noinstr_call @ arch_exit_to_user_mode user → load_user_fpu_regs',
  'exception objtool.noinstr_call @ do_ext_irq kernel → do_irq_async',
  'exception objtool.noinstr_call @ do_ext_irq kernel → irq_enter_rcu',
  'exception objtool.noinstr_call @ do_ext_irq kernel → irq_exit_rcu',
  'exception objtool.noinstr_call @ do_io_irq kernel → do_irq_async',
  'exception objtool.noinstr_call @ do_io_irq kernel → irq_enter_rcu',
  'exception objtool.noinstr_call @ do_io_irq kernel → irq_exit_rcu',
  'exception objtool.noinstr_call @ do_io_irq kernel → irq_pending',
  'irq I1.instrumentable_before_lockdep_off @ arch_enter_from_user_mode user',
  'irq I6.iret_tracer_mismatch @ kentry_s390_nmi_vector kernel',
  'irq objtool.noinstr_call @ arch_enter_from_user_mode user → debug_user_asce',
  'irq objtool.noinstr_call @ arch_exit_to_user_mode user → debug_user_asce',
  'irq objtool.noinstr_call @ arch_exit_to_user_mode user → load_user_fpu_regs',
  'irq objtool.noinstr_call @ do_ext_irq idle-eqs → account_idle_time_irq',
  'irq objtool.noinstr_call @ do_ext_irq idle-eqs → update_timer_idle',
  'irq objtool.noinstr_call @ do_ext_irq kernel → do_irq_async',
  'irq objtool.noinstr_call @ do_ext_irq kernel → irq_enter_rcu',
  'irq objtool.noinstr_call @ do_ext_irq kernel → irq_exit_rcu',
  'irq objtool.noinstr_call @ do_io_irq idle-eqs → account_idle_time_irq',
  'irq objtool.noinstr_call @ do_io_irq idle-eqs → update_timer_idle',
  'irq objtool.noinstr_call @ do_io_irq kernel → do_irq_async',
  'irq objtool.noinstr_call @ do_io_irq kernel → irq_enter_rcu',
  'irq objtool.noinstr_call @ do_io_irq kernel → irq_exit_rcu',
  'irq objtool.noinstr_call @ do_io_irq kernel → irq_pending',
  'syscall I1.instrumentable_before_lockdep_off @ arch_enter_from_user_mode user',
  'syscall I6.iret_tracer_mismatch @ kentry_s390_nmi_vector user',
  'syscall objtool.noinstr_call @ __do_syscall user → do_syscall',
  'syscall objtool.noinstr_call @ __do_syscall user → local_irq_enable',
  'syscall objtool.noinstr_call @ arch_enter_from_user_mode user → debug_user_asce',
  'syscall objtool.noinstr_call @ arch_exit_to_user_mode user → debug_user_asce',
  'syscall objtool.noinstr_call @ arch_exit_to_user_mode user → load_user_fpu_regs',
  'syscall objtool.noinstr_call @ do_ext_irq user → do_irq_async',
  'syscall objtool.noinstr_call @ do_ext_irq user → irq_enter_rcu',
  'syscall objtool.noinstr_call @ do_ext_irq user → irq_exit_rcu',
  'syscall objtool.noinstr_call @ do_io_irq user → do_irq_async',
  'syscall objtool.noinstr_call @ do_io_irq user → irq_enter_rcu',
  'syscall objtool.noinstr_call @ do_io_irq user → irq_exit_rcu',
  'syscall objtool.noinstr_call @ do_io_irq user → irq_pending',
];

/** 6.1: 6.12's set with the idle accounting explored everywhere, without update_timer_idle(), plus
 *  the nmi row's s390_handle_mcck() (noinstr, nmi.c:175) calls. 6.1 tells the idle exit by the old
 *  PSW's address (`regs->psw.addr == psw_idle_exit`, untracked: both answers in every context), so
 *  account_idle_time_irq() is reached from nested interruptions too, and the idle return's mask
 *  store stays an untracked site (no layout.enabledWaitFlag). */
const EXPECTED_61: readonly string[] = [
  'exception I1.instrumentable_before_lockdep_off @ arch_enter_from_user_mode user',
  'exception I6.iret_tracer_mismatch @ kentry_s390_nmi_vector kernel',
  'exception objtool.noinstr_call @ __do_pgm_check kernel → trace_hardirqs_on',
  'exception objtool.noinstr_call @ __do_pgm_check kernel-irqs-off → do_per_trap',
  'exception objtool.noinstr_call @ __do_pgm_check kernel-irqs-off → local_irq_disable',
  'exception objtool.noinstr_call @ __do_pgm_check kernel-irqs-off → pgm_check_table[]',
  'exception objtool.noinstr_call @ __do_pgm_check user → set_thread_flag',
  'exception objtool.noinstr_call @ arch_enter_from_user_mode user → debug_user_asce',
  'exception objtool.noinstr_call @ arch_exit_to_user_mode user → __load_fpu_regs',
  'exception objtool.noinstr_call @ arch_exit_to_user_mode user → debug_user_asce',
  'exception objtool.noinstr_call @ do_ext_irq kernel → account_idle_time_irq',
  'exception objtool.noinstr_call @ do_ext_irq kernel → do_irq_async',
  'exception objtool.noinstr_call @ do_ext_irq kernel → irq_enter_rcu',
  'exception objtool.noinstr_call @ do_ext_irq kernel → irq_exit_rcu',
  'exception objtool.noinstr_call @ do_io_irq kernel → account_idle_time_irq',
  'exception objtool.noinstr_call @ do_io_irq kernel → do_irq_async',
  'exception objtool.noinstr_call @ do_io_irq kernel → irq_enter_rcu',
  'exception objtool.noinstr_call @ do_io_irq kernel → irq_exit_rcu',
  'exception objtool.noinstr_call @ do_io_irq kernel → irq_pending',
  'irq I1.instrumentable_before_lockdep_off @ arch_enter_from_user_mode user',
  'irq I6.iret_tracer_mismatch @ kentry_s390_nmi_vector kernel',
  'irq objtool.noinstr_call @ arch_enter_from_user_mode user → debug_user_asce',
  'irq objtool.noinstr_call @ arch_exit_to_user_mode user → __load_fpu_regs',
  'irq objtool.noinstr_call @ arch_exit_to_user_mode user → debug_user_asce',
  'irq objtool.noinstr_call @ do_ext_irq kernel → account_idle_time_irq',
  'irq objtool.noinstr_call @ do_ext_irq kernel → do_irq_async',
  'irq objtool.noinstr_call @ do_ext_irq kernel → irq_enter_rcu',
  'irq objtool.noinstr_call @ do_ext_irq kernel → irq_exit_rcu',
  'irq objtool.noinstr_call @ do_io_irq kernel → account_idle_time_irq',
  'irq objtool.noinstr_call @ do_io_irq kernel → do_irq_async',
  'irq objtool.noinstr_call @ do_io_irq kernel → irq_enter_rcu',
  'irq objtool.noinstr_call @ do_io_irq kernel → irq_exit_rcu',
  'irq objtool.noinstr_call @ do_io_irq kernel → irq_pending',
  'nmi objtool.noinstr_call @ s390_handle_mcck user → __s390_handle_mcck',
  'nmi objtool.noinstr_call @ s390_handle_mcck user → trace_hardirqs_off',
  'nmi objtool.noinstr_call @ s390_handle_mcck user → trace_hardirqs_on',
  'syscall I1.instrumentable_before_lockdep_off @ arch_enter_from_user_mode user',
  'syscall I6.iret_tracer_mismatch @ kentry_s390_nmi_vector user',
  'syscall objtool.noinstr_call @ __do_syscall user → do_syscall',
  'syscall objtool.noinstr_call @ __do_syscall user → local_irq_enable',
  'syscall objtool.noinstr_call @ arch_enter_from_user_mode user → debug_user_asce',
  'syscall objtool.noinstr_call @ arch_exit_to_user_mode user → __load_fpu_regs',
  'syscall objtool.noinstr_call @ arch_exit_to_user_mode user → debug_user_asce',
  'syscall objtool.noinstr_call @ do_ext_irq user → account_idle_time_irq',
  'syscall objtool.noinstr_call @ do_ext_irq user → do_irq_async',
  'syscall objtool.noinstr_call @ do_ext_irq user → irq_enter_rcu',
  'syscall objtool.noinstr_call @ do_ext_irq user → irq_exit_rcu',
  'syscall objtool.noinstr_call @ do_io_irq user → account_idle_time_irq',
  'syscall objtool.noinstr_call @ do_io_irq user → do_irq_async',
  'syscall objtool.noinstr_call @ do_io_irq user → irq_enter_rcu',
  'syscall objtool.noinstr_call @ do_io_irq user → irq_exit_rcu',
  'syscall objtool.noinstr_call @ do_io_irq user → irq_pending',
];

for (const [series, expected, shell] of [['6.12', EXPECTED_612, 'kentry_s390_mcck_bracket'], ['6.1', EXPECTED_61, 'kentry_s390_mcck_handle']] as const) {
  test(`s390 on ${series}: the four rows at one lattice point, the tree's machine-check shape, exactly the judged findings`, { skip: skipUnlessTree(series, 'arch/s390'), timeout: 900_000 }, async (t) => {
    const started = Date.now();
    const root = kernelRoot(series);
    const { rows, lattice, coverage } = await kernelTarget(root, { arch: 's390' });
    assert.deepEqual(rows.map((r) => r.id), ['irq', 'exception', 'nmi', 'syscall']);
    assert.ok(rows.every((r) => !r.harness.contexts.includes('kvm-sie')));
    // The machine-check shell the tree's callees select, listed as a rewrite.
    const rw = coverage.rewrites.map((r) => `${r.from} → ${r.to} (${r.why})`);
    assert.ok(rw.includes(`kentry_s390_mcck(regs) → ${shell}(regs) (tree-shape)`), rw.join('\n'));
    assert.ok(rw.includes('generic_handle_irq(irq) → kentry_s390_handle_irq(irq) (fn-pointer-arg)'), rw.join('\n'));
    // The tree's own C, read: do_io_irq() with its MACHINE_IS_LPAR loop, and do_syscall() with its table call.
    for (const [name, file] of [['do_io_irq', 'arch/s390/kernel/irq.c'], ['do_ext_irq', 'arch/s390/kernel/irq.c'], ['__do_pgm_check', 'arch/s390/kernel/traps.c'], ['__do_syscall', 'arch/s390/kernel/syscall.c'], ['do_syscall', 'arch/s390/kernel/syscall.c']]) {
      assert.ok(coverage.interpreted.some((f) => f.name === name && f.file === file), name);
    }
    assert.ok(coverage.opaque.some((o) => o.name === 'sys_call_table' && o.in === 'do_syscall'), 'the table call is an opaque site');
    assert.ok(!coverage.opaque.some((o) => /^do_(io|ext)_irq$|^do_syscall$/.test(o.name)), 'the entry functions are not opaque');
    const report = checkAtPoint(t, `linux-${series} s390`, rows, lattice, POINT, started);
    // irq: user, kernel, kernel-preempt-off, idle-eqs (no kvm-sie: the tree has no arch_in_rcu_eqs()
    // hook, so a vCPU inside SIE is the kernel context to its entry code); exception and nmi: those
    // plus kernel-irqs-off and idle-irqs-off; syscall: user.
    assert.equal(report.stats.runs, 4 + 6 + 6 + 1);
    assert.ok(report.stats.distinctStates < 1_000_000, String(report.stats.distinctStates));
    assert.deepEqual([...new Set(report.findings.map(archFindingKey))].sort(), [...expected].sort());
    assert.ok(report.findings.filter((f) => f.check === 'objtool.noinstr_call').every((f) => /leaves \.noinstr\.text section/.test(f.message)));
    // The machine check nested in the irq row takes the tree's shell and the generic NMI pair.
    const i6 = report.findings.find((f) => f.check === 'I6.iret_tracer_mismatch' && f.row === 'irq')!;
    assert.ok(i6.trace.some((s) => s.level === 1 && s.function === shell && /irqentry_nmi_enter/.test(s.action)), 'machine check through irqentry_nmi_enter()');
  });
}
