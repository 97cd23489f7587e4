// The reader's handling of the 7.x system-call entry: statement-expression macros that compose
// entry functions expand (treeExpand), the syscall vector is the tree's do_syscall_64() up to its
// syscall_exit_to_user_mode() call (syscallToExit), and include following looks for every
// constant an uninterpretable function names, not only the first (unknownNames). Fixtures are
// written for kentry, not kernel text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProgram } from '../src/c/frontend.ts';
import { OpKind } from '../src/c/ir.ts';
import { createEnv, preprocess, type MacroDef } from '../src/c/preprocess.ts';
import { SYSCALL_TO_EXIT, syscallToExit, treeExpand, unknownNames } from '../src/explore/kernel-target.ts';

const def = (body: string, params: string[] | null = ['a', 'b']): MacroDef => ({ name: 'M', params, variadic: false, body, file: 'x.h', line: 1 });

describe('treeExpand: entry-code compositions', () => {
  it('expands a statement expression that calls an entry function', () => {
    assert.equal(treeExpand('enter_and_work', def('({ enter_from_user_mode(a); local_irq_enable(); long _r = syscall_enter_from_user_mode_work(a, b); _r; })')), true);
    assert.equal(treeExpand('enter_block', def('do { enter_from_user_mode(a); extra_step(); } while (0)')), true);
  });

  it('leaves helpers that call no entry function, and bodies with asm, returns or strings', () => {
    assert.equal(treeExpand('helper', def('({ long _t = compute(a); _t + b; })')), false);
    assert.equal(treeExpand('with_asm', def('({ enter_from_user_mode(a); asm volatile("" ::: "memory"); 0; })')), false);
    assert.equal(treeExpand('with_return', def('do { if (!a) return; enter_from_user_mode(a); } while (0)')), false);
  });

  it('expands nested compositions when the text is read', () => {
    const env = createEnv({}, { expand: treeExpand });
    const header = [
      '#define enter_user_stack(r)\tdo { enter_from_user_mode(r); instrumentation_begin(); kstack_step(); instrumentation_end(); } while (0)',
      '#define enter_user_work(r, n)\t({ enter_user_stack(r); instrumentation_begin(); local_irq_enable(); long _w = syscall_enter_from_user_mode_work(r, n); instrumentation_end(); _w; })',
    ].join('\n');
    preprocess(header, 'entry.h', env);
    const out = preprocess('bool f(struct pt_regs *regs, long nr)\n{\n\treturn enter_user_work(regs, &nr);\n}\n', 'use.c', env).text;
    assert.match(out, /enter_from_user_mode\(regs\)/);
    assert.match(out, /syscall_enter_from_user_mode_work\(regs, &nr\)/);
    assert.doesNotMatch(out, /enter_user_work|enter_user_stack/);
  });
});

describe('syscallToExit: do_syscall_64 up to syscall_exit_to_user_mode()', () => {
  const text = [
    'bool do_syscall_64(struct pt_regs *regs, long nr)',
    '{',
    '\tif (enter_work(regs, &nr)) {',
    '\t\tinstrumentation_begin();',
    '\t\trun_call(regs, nr);',
    '\t\tinstrumentation_end();',
    '\t}',
    '\tsyscall_exit_to_user_mode(regs);',
    '\tif (regs->ip >= SOME_LIMIT)',
    '\t\treturn false;',
    '\treturn true;',
    '}',
  ].join('\n');

  it('keeps the ops up to the exit call, then returns; the tail and its names are gone', async () => {
    const ir = await parseProgram([{ file: 's.c', text }]);
    const fn = ir.functions.get('do_syscall_64')!;
    const cut = syscallToExit(fn)!;
    assert.equal(cut.name, SYSCALL_TO_EXIT);
    const last = cut.ops.at(-1)!;
    assert.equal(last.kind, OpKind.Return);
    const callees = cut.ops.flatMap((o) => (o.kind === OpKind.Call ? [o.callee] : []));
    assert.deepEqual(callees.filter((c) => !c.startsWith('__kentry')), ['enter_work', 'instrumentation_begin', 'run_call', 'instrumentation_end', 'syscall_exit_to_user_mode']);
    assert.deepEqual([...unknownNames(fn, new Map())], ['SOME_LIMIT']);
    assert.deepEqual([...unknownNames(cut, new Map())], []);
    assert.ok(cut.ops.every((o) => (o.kind !== OpKind.Jump && o.kind !== OpKind.BranchIfFalse) || o.target < cut.ops.length));
  });

  it('is undefined without the exit call, or when a jump skips it', async () => {
    const none = await parseProgram([{ file: 'n.c', text: 'bool do_syscall_64(struct pt_regs *regs, long nr)\n{\n\trun_call(regs, nr);\n\treturn true;\n}\n' }]);
    assert.equal(syscallToExit(none.functions.get('do_syscall_64')), undefined);
    const skip = await parseProgram([{ file: 'k.c', text: 'bool do_syscall_64(struct pt_regs *regs, long nr)\n{\n\tif (nr < 0)\n\t\tgoto out;\n\tsyscall_exit_to_user_mode(regs);\nout:\n\treturn true;\n}\n' }], { tolerant: true });
    const f = skip.functions.get('do_syscall_64');
    if (f) assert.equal(syscallToExit(f), undefined);
    assert.equal(syscallToExit(undefined), undefined);
  });
});

describe('unknownNames: what include following looks for', () => {
  it('lists every constant-like name, not locals, lower-case objects or known constants', async () => {
    const ir = await parseProgram([{ file: 'u.c', text: 'int f(unsigned long w)\n{\n\tif (w & (FLAG_A | FLAG_B))\n\t\tuse(some_object, KNOWN);\n\treturn w == FLAG_C;\n}\n' }]);
    assert.deepEqual([...unknownNames(ir.functions.get('f')!, new Map([['KNOWN', 1]]))].sort(), ['FLAG_A', 'FLAG_B', 'FLAG_C']);
  });
});
