// Calls through function-pointer parameters (issue 11, arm64: handle_arch_irq is passed down
// el1_interrupt() to do_interrupt_handler(), which calls handler(regs)). The front end lowers them
// to __kentry_call_param only when asked (paramCalls); kernel-target.ts specializes a function for
// a constant function argument, and leaves every other such call opaque. C written for these tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProgram } from '../src/c/frontend.ts';
import { type CallOp, KENTRY_CALL_PARAM, OpKind, type IrProgram } from '../src/c/ir.ts';
import { specializeParamCalls, type ParamCallSpec } from '../src/explore/kernel-target.ts';

const C = [
  'void leaf(int x) { touch(x); }',
  'void other(int x) { touch(x + 1); }',
  'static void call_it(int x, void (*h)(int)) { h(x); }',
  'static void pass_on(int x, void (*h)(int)) { call_it(x + 1, h); }',
  'static void test_it(int x, void (*h)(int)) { if (h) h(x); }',
  'static void switch_it(int x, void (*h)(int)) { on_other_stack(x, h); }',
  'void top(void) { call_it(1, leaf); pass_on(2, other); test_it(3, leaf); switch_it(4, leaf); call_it(5, boot_set_ptr); call_it(6, never_set_ptr); }',
  '',
].join('\n');

const SPEC: ParamCallSpec = { targets: { boot_set_ptr: 'leaf' }, stackSwitches: { on_other_stack: { fn: 1, args: [0] } } };

const calls = (ir: IrProgram, fn: string): CallOp[] => ir.functions.get(fn)!.ops.filter((o): o is CallOp => o.kind === OpKind.Call);

test('without paramCalls a call through a parameter is unsupported (as before)', async () => {
  const ir = await parseProgram([{ file: 't.c', text: C }], { tolerant: true });
  assert.match(ir.unsupported!.get('call_it')!.reason, /call through a function pointer/);
});

test('with paramCalls it is lowered to __kentry_call_param(h, args…)', async () => {
  const ir = await parseProgram([{ file: 't.c', text: C }], { tolerant: true, paramCalls: true });
  const c = calls(ir, 'call_it');
  assert.equal(c.length, 1);
  assert.equal(c[0]!.callee, KENTRY_CALL_PARAM);
  assert.deepEqual(c[0]!.argText, ['h', 'x']);
});

test('specializeParamCalls: constant function arguments become direct calls in clones (fires)', async () => {
  const ir0 = await parseProgram([{ file: 't.c', text: C }], { tolerant: true, paramCalls: true });
  const { ir, rewrites } = specializeParamCalls(ir0, SPEC);
  const top = calls(ir, 'top').map((o) => o.callee);
  assert.deepEqual(top, ['call_it<h=leaf>', 'pass_on<h=other>', 'test_it', 'switch_it<h=leaf>', 'call_it<h=leaf>', 'call_it']);
  assert.deepEqual(calls(ir, 'call_it<h=leaf>').map((o) => [o.callee, o.argText]), [['leaf', ['x']]]);
  // Passed on: the clone passes its constant on, and that call is specialized too.
  assert.deepEqual(calls(ir, 'pass_on<h=other>').map((o) => o.callee), ['call_it<h=other>']);
  assert.deepEqual(calls(ir, 'call_it<h=other>').map((o) => o.callee), ['other']);
  // A stack switch calls its function argument with the arguments the spec names.
  assert.deepEqual(calls(ir, 'switch_it<h=leaf>').map((o) => [o.callee, o.argText]), [['leaf', ['x']]]);
  // The dead argument at the specialized call is a non-zero token, never 0.
  const first = calls(ir, 'top')[0]!;
  assert.equal(first.args[1]!.kind, 0 /* Const */);
  assert.notEqual((first.args[1] as { value: number }).value, 0);
  assert.ok(rewrites.length >= 5 && rewrites.every((r) => r.why === 'fn-pointer-arg'));
});

test('specializeParamCalls: a parameter used as a value, or an unknown pointer, stays opaque (quiet)', async () => {
  const ir0 = await parseProgram([{ file: 't.c', text: C }], { tolerant: true, paramCalls: true });
  const { ir } = specializeParamCalls(ir0, SPEC);
  assert.ok(![...ir.functions.keys()].some((k) => k.startsWith('test_it<')), 'h is tested, not only called');
  assert.deepEqual(calls(ir, 'test_it').map((o) => o.callee), [KENTRY_CALL_PARAM]);
  // never_set_ptr is neither a function nor a bound pointer: the call is left as written.
  const last = calls(ir, 'top').at(-1)!;
  assert.equal(last.callee, 'call_it');
  assert.deepEqual(last.argText, ['6', 'never_set_ptr']);
  // The original functions are kept for any other caller.
  assert.deepEqual(calls(ir, 'call_it').map((o) => o.callee), [KENTRY_CALL_PARAM]);
});

// riscv (7.3): handle_riscv_irq() calls the boot-set pointer by its own name, handle_arch_irq(regs).
const BY_NAME = [
  'void leaf(int x) { touch(x); }',
  'void direct(int x) { boot_set_ptr(x); }',
  'void unbound(int x) { never_set_ptr(x); }',
  '',
].join('\n');

test('specializeParamCalls: a bound pointer called by name becomes a call of its target (fires)', async () => {
  const ir0 = await parseProgram([{ file: 'n.c', text: BY_NAME }], { tolerant: true, paramCalls: true });
  const { ir, rewrites } = specializeParamCalls(ir0, SPEC);
  assert.deepEqual(calls(ir, 'direct').map((o) => [o.callee, o.argText]), [['leaf', ['x']]]);
  assert.deepEqual(rewrites.map((r) => [r.from, r.to, r.why]), [['boot_set_ptr(x)', 'leaf(x)', 'fn-pointer-arg']]);
});

test('specializeParamCalls: a pointer no spec binds, called by name, stays as written (quiet)', async () => {
  const ir0 = await parseProgram([{ file: 'n.c', text: BY_NAME }], { tolerant: true, paramCalls: true });
  const { ir } = specializeParamCalls(ir0, SPEC);
  assert.deepEqual(calls(ir, 'unbound').map((o) => o.callee), ['never_set_ptr']);
  // A spec whose target is not a function of the program binds nothing.
  const { ir: ir2 } = specializeParamCalls(ir0, { targets: { boot_set_ptr: 'missing_fn' }, stackSwitches: {} });
  assert.deepEqual(calls(ir2, 'direct').map((o) => o.callee), ['boot_set_ptr']);
});
