// A handler check the tree reader inserts (ArchHarnesses.handlerChecks): riscv's do_trap_break()
// calls its handler, handle_break(), from the tree's own code, inside the tree's NMI pair when the
// trap came from kernel mode, so no model shell is there to check what the pair hands the handler
// (x86's NMI shell does: kentry_assert_handler_state("NMI handler")). The reader puts
// kentry_assert_trap_handler_state() before each such call when a program is bound, after any
// mutation. Fires: the NMI pair without its trace_hardirqs_off_finish() (a mutant of the tree's
// IR) leaves the tracer saying "on" in the handler. Quiet: the tree as it is; and from user mode,
// where the tree turns IRQs on before the handler, nothing is checked.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bindTree, checkRows, coverageReport, loadTree, TRAP_HANDLER_CHECK, treeRows } from '../src/explore/kernel-target.ts';
import { OpKind } from '../src/c/ir.ts';
import { kernelRoot, pointFilter, skipUnlessTree } from './trees.ts';

const root = kernelRoot('7.3');
const skip = skipUnlessTree('7.3', 'arch/riscv');
const POINT = 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PREEMPT_RT=n,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=y';
const BUDGET = { maxStates: 5_000_000, maxSeconds: 600 };

test('riscv 7.3: the reader inserts the trap-handler check before each handle_break() call of do_trap_break(), listed', { skip, timeout: 600_000 }, async () => {
  const cov = await coverageReport(root, { arch: 'riscv' });
  const sites = cov.rewrites.filter((r) => r.why === 'handler-check');
  // do_trap_break() calls handle_break() twice: the user-mode branch and the kernel-mode (NMI) one.
  assert.deepEqual(sites.map((r) => `${r.site.file}:${r.site.line}`), ['arch/riscv/kernel/traps.c:313', 'arch/riscv/kernel/traps.c:320']);
  assert.ok(sites.every((r) => r.from === 'handle_break(regs)' && r.to.startsWith(`${TRAP_HANDLER_CHECK}("kernel-mode trap handler")`)));
  // The mutants' IR is the tree's: the check is not in the merged program, only in a bound one.
  const kt = await loadTree(root, 'riscv');
  const calls = (ops: readonly { kind: OpKind; callee?: string }[]) => ops.filter((op) => op.kind === OpKind.Call && op.callee === TRAP_HANDLER_CHECK).length;
  const merged = [...kt.merged.ir.functions.values()].find((f) => f.name === 'do_trap_break')!;
  assert.equal(calls(merged.ops), 0);
  const bound = kt.program.functions.find((f) => f.ir.name === 'do_trap_break')!;
  assert.equal(calls(bound.ir.ops), 2);
});

test('riscv 7.3: fires when the NMI pair hands the kernel-mode trap handler the tracer "on"; quiet on the tree as it is and from user mode', { skip, timeout: 900_000 }, async () => {
  const kt = await loadTree(root, 'riscv');
  const filter = pointFilter(POINT);
  const ir = kt.merged.ir;
  const enter = ir.functions.get('irqentry_nmi_enter')!;
  const finish = enter.ops.findIndex((op) => op.kind === OpKind.Call && op.callee === 'trace_hardirqs_off_finish');
  assert.ok(finish > 0, 'irqentry_nmi_enter() calls trace_hardirqs_off_finish()');
  // The mutant: that call deleted, later jump targets moved back by one.
  const ops = enter.ops.filter((_, i) => i !== finish).map((op) => ((op.kind === OpKind.Jump || op.kind === OpKind.BranchIfFalse) && op.target > finish ? { ...op, target: op.target - 1 } : op));
  const functions = new Map(ir.functions);
  functions.set('irqentry_nmi_enter', { ...enter, ops });
  const mutated = bindTree({ ...ir, functions }, kt.layout, 'riscv');

  const handlerChecks = (program: typeof kt.program, contexts: string[]) => {
    const r = checkRows('handler-check', treeRows({ tree: kt.tree, program }, ['exception']), kt.spec, { filter, contexts, ...BUDGET });
    assert.ok(r.complete);
    return r.findings.filter((f) => f.check.startsWith('harness.handler.'));
  };
  const fired = handlerChecks(mutated, ['kernel']);
  assert.deepEqual([...new Set(fired.map((f) => `${f.check} @ ${f.function}`))], ['harness.handler.tracer_on @ do_trap_break']);
  assert.match(fired[0]!.message, /^kernel-mode trap handler: /);
  assert.equal(fired[0]!.loc?.line, 320, 'at the kernel-mode branch\'s handle_break() call');

  assert.deepEqual(handlerChecks(kt.program, ['kernel']), []);
  // From user mode the handler runs with IRQs on (do_trap_break()'s local_irq_enable()): the
  // check is not that state's, and the mutant's NMI pair is reached only by a nested trap there.
  assert.deepEqual(handlerChecks(kt.program, ['user']), []);
});
