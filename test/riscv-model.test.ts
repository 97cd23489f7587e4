// What riscv (7.3) needed of tree handling, each rule with a case where it acts and one where it
// does not: headers taken only because they define what entry code uses are placed where the
// compiler would see them (before the first taken file that reaches them through headers kentry
// does not read), and include following finds enumerators as well as macros and functions.
// The toy tree is written for these tests, in our own words.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { discoverTree, enumeratorNames, headersDefining } from '../src/tree/discover.ts';

function toyTree(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kentry-rv-'));
  const put = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  put('kernel/entry/common.c', '#include <linux/irq-entry-common.h>\nvoid irqentry_enter(void *regs)\n{\n\tenter_work(regs);\n}\n');
  // Taken (defines an entry function); reaches the flag header only through a header not taken.
  put('include/linux/irq-entry-common.h', '#include <linux/flags_wrapper.h>\nstatic inline void enter_from_user_mode(void *regs)\n{\n\tif (read_flags() & _FLAG_A)\n\t\tdo_work();\n}\n');
  put('include/linux/flags_wrapper.h', '#include <asm/flags_arch.h>\nstruct unrelated { int x; };\n');
  put('arch/toy/include/asm/flags_arch.h', '#include <asm-generic/flags_bits.h>\n');
  put('include/asm-generic/flags_bits.h', '#define FLAG_A 2\n#define _FLAG_A (1 << FLAG_A)\n');
  // Not reachable from any taken file.
  put('include/linux/island.h', '#define ISLAND 1\n');
  put('include/linux/bugkind.h', 'enum bug_kind {\n\tBUG_KIND_NONE = 0,\n\tBUG_KIND_WARN,\n\tBUG_KIND_BUG = 2,\n};\n#define BUG_ISH(x) (x)\n');
  put('arch/toy/Kconfig', 'config TOY\n\tdef_bool y\n');
  return root;
}

describe('extra headers are read where the compiler would see them', () => {
  const root = toyTree();

  it('fires: a header reached only through untaken headers is placed before the taken file that reaches it', () => {
    const t = discoverTree(root, 'toy', ['include/asm-generic/flags_bits.h', 'include/linux/island.h']);
    const order = t.files.map((f) => f.path);
    const at = (p: string) => order.indexOf(p);
    assert.ok(at('include/asm-generic/flags_bits.h') >= 0 && at('include/linux/irq-entry-common.h') >= 0, order.join(' '));
    assert.ok(at('include/asm-generic/flags_bits.h') < at('include/linux/irq-entry-common.h'), order.join(' '));
    assert.ok(!order.includes('include/linux/flags_wrapper.h'), 'the headers in between are not read');
  });

  it('quiet: a header no taken file reaches keeps its place after the reachable ones', () => {
    const t = discoverTree(root, 'toy', ['include/asm-generic/flags_bits.h', 'include/linux/island.h']);
    const order = t.files.map((f) => f.path).filter((p) => p.endsWith('.h'));
    assert.equal(order.at(-1), 'include/linux/island.h', order.join(' '));
    const plain = discoverTree(root, 'toy').files.map((f) => f.path);
    assert.ok(!plain.includes('include/asm-generic/flags_bits.h'), 'not read unless asked for');
  });
});

describe('include following finds enumerators', () => {
  it('fires: each enumerator of an enum body, with or without a value', () => {
    assert.deepEqual([...enumeratorNames('enum bug_kind {\n\tBUG_KIND_NONE = 0,\n\tBUG_KIND_WARN,\n\tBUG_KIND_BUG = 2,\n};')], ['BUG_KIND_NONE', 'BUG_KIND_WARN', 'BUG_KIND_BUG']);
    const root = toyTree();
    fs.writeFileSync(path.join(root, 'kernel/entry/common.c'), '#include <linux/bugkind.h>\nvoid irqentry_enter(void *regs) { }\n');
    const found = headersDefining(root, 'toy', ['kernel/entry/common.c'], new Set(['BUG_KIND_WARN']));
    assert.deepEqual([...found], [['include/linux/bugkind.h', ['BUG_KIND_WARN']]]);
  });

  it('quiet: struct members, calls and a name no header reached defines', () => {
    assert.equal(enumeratorNames('struct s { int a, b; };\nvoid f(int x, int y) { g(x, y); }').size, 0);
    const root = toyTree();
    const found = headersDefining(root, 'toy', ['kernel/entry/common.c'], new Set(['BUG_KIND_WARN']));
    assert.equal(found.size, 0, 'bugkind.h is not included from common.c here');
  });
});
