// riscv on 6.12: the irq, exception and syscall rows at the riscv test point, exactly the findings
// judged in docs/findings.md ("### riscv on 6.12"). 7.3's classes on 6.12's lines, except the
// syscall row:
// - `do_trap_ecall_u()` → `get_random_u16()` (traps.c:360): 6.12 still picks the next stack offset
//   on syscall exit with `choose_random_kstack_offset(get_random_u16())`; the macro is no call (a
//   primitive), its argument is a real one from noinstr code (TRUE by objtool's rule; kentry once
//   named the macro instead);
// - no `riscv_v_vstate_discard()` finding: 6.12's helper (asm/vector.h:168) tests `regs->status`
//   against SR_VS (asm/csr.h), runs inline asm and calls the plain-inline field store
//   `__riscv_v_vstate_dirty()`: call-free once include following reads asm/csr.h (it stopped a
//   round short) and a call-free inline callee is inlined away. 7.3's helpers test
//   `has_xtheadvector()`, which kentry cannot show call-free: that set keeps them, marked opaque.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelTarget } from '../src/explore/kernel-target.ts';
import { archFindingKey, checkAtPoint, kernelRoot, skipUnlessTree } from './trees.ts';

const POINT = 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PREEMPT_RT=n,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=y';

const EXPECTED: readonly string[] = [
  'exception I6.iret_tracer_mismatch @ kentry_riscv_nmi_vector nohz-user-eqs',
  'exception objtool.noinstr_call @ do_trap_break kernel → handle_break',
  'exception objtool.noinstr_call @ do_trap_break nohz-user-eqs → handle_break',
  'exception objtool.noinstr_call @ do_trap_break nohz-user-eqs → local_irq_disable',
  'exception objtool.noinstr_call @ do_trap_break nohz-user-eqs → local_irq_enable',
  'exception objtool.noinstr_call @ handle_riscv_irq nohz-user-eqs → irq_enter_rcu',
  'exception objtool.noinstr_call @ handle_riscv_irq nohz-user-eqs → irq_exit_rcu',
  'exception objtool.noinstr_call @ handle_riscv_irq nohz-user-eqs → kentry_riscv_handle_irq',
  // F1 from idle-eqs, kernel, kernel-preempt-off and nohz-user-eqs; since session 28 the shortest
  // witness is from kernel (the user entry reads the generic arch_enter_from_user_mode() stub, a
  // call and a return, where x86's check primitive was one step).
  'irq I6.iret_tracer_mismatch @ kentry_riscv_nmi_vector kernel',
  'irq objtool.noinstr_call @ do_trap_break nohz-user-eqs → handle_break',
  'irq objtool.noinstr_call @ handle_riscv_irq kernel → irq_enter_rcu',
  'irq objtool.noinstr_call @ handle_riscv_irq kernel → irq_exit_rcu',
  'irq objtool.noinstr_call @ handle_riscv_irq kernel → kentry_riscv_handle_irq',
  'syscall I6.iret_tracer_mismatch @ kentry_riscv_nmi_vector nohz-user-eqs',
  'syscall objtool.noinstr_call @ do_trap_break nohz-user-eqs → handle_break',
  'syscall objtool.noinstr_call @ do_trap_ecall_u nohz-user-eqs → get_random_u16',
  'syscall objtool.noinstr_call @ do_trap_ecall_u nohz-user-eqs → syscall_handler',
  'syscall objtool.noinstr_call @ handle_riscv_irq nohz-user-eqs → irq_enter_rcu',
  'syscall objtool.noinstr_call @ handle_riscv_irq nohz-user-eqs → irq_exit_rcu',
  'syscall objtool.noinstr_call @ handle_riscv_irq nohz-user-eqs → kentry_riscv_handle_irq',
];

test('riscv on 6.12: the irq, exception and syscall rows at the test point, exactly the judged findings', { skip: skipUnlessTree('6.12', 'arch/riscv'), timeout: 900_000 }, async (t) => {
  const started = Date.now();
  const { rows, lattice, coverage } = await kernelTarget(kernelRoot('6.12'), { arch: 'riscv' });
  assert.deepEqual(rows.map((r) => r.id), ['irq', 'exception', 'syscall']);
  const report = checkAtPoint(t, 'linux-6.12 riscv', rows, lattice, POINT, started);
  assert.deepEqual([...new Set(report.findings.map(archFindingKey))].sort(), [...EXPECTED].sort());
  // The macro is a primitive and its argument the call objtool names, at the macro's line.
  assert.ok(coverage.primitives.some((p) => p.primitive === 'choose_random_kstack_offset' && p.sites > 0));
  const rnd = report.findings.find((f) => /get_random_u16/.test(f.message))!;
  assert.equal(rnd.loc?.line, 360);
  // riscv_v_vstate_discard() is read from the tree and inlined away, not an unsupported function.
  assert.equal(coverage.interpreted.find((f) => f.name === 'riscv_v_vstate_discard')?.file, 'arch/riscv/include/asm/vector.h');
  assert.ok(!coverage.opaque.some((o) => o.name === 'riscv_v_vstate_discard'), 'riscv_v_vstate_discard is no opaque site');
  assert.ok(report.findings.every((f) => !/riscv_v_vstate/.test(f.function + f.message)));
});
