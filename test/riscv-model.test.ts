// What riscv (7.3) needed of tree handling, each rule with a case where it acts and one where it
// does not: headers taken only because they define what entry code uses are placed where the
// compiler would see them (before the first taken file that reaches them through headers kentry
// does not read), and include following finds enumerators as well as macros and functions.
// The toy tree is written for these tests, in our own words.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { discoverTree, enumeratorNames, headersDefining } from '../src/tree/discover.ts';
import { generatedSyscalls } from '../src/tree/syscalls.ts';
import { treeAsmHelpers } from '../src/tree/asm-helpers.ts';
import { tempDir } from './tmp.ts';

function toyTree(): string {
  const root = tempDir('kentry-rv-');
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

describe('__NR_syscalls, generated at build time, derived from the tree', () => {
  function tree(archMk: string | null, emitNr = true): string {
    const root = tempDir('kentry-nr-');
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    put('scripts/Makefile.asm-headers', `syscall_abis_32  += common,32\nsyscall_abis_64  += common,64\nsyscalltbl := $(srctree)/scripts/syscall.tbl\n${emitNr ? 'syshdr-args := --emit-nr\n' : ''}`);
    put('scripts/syscall.tbl', '# nr abi name entry\n0\tcommon\tfirst\tsys_first\n1\t32\tonly32\tsys_only32\n2\t64\tonly64\tsys_only64\n3\ttoyabi\textra\tsys_extra\n4\totherabi\tnot_ours\tsys_not_ours\n');
    if (archMk !== null) put('arch/toy/kernel/Makefile.syscalls', archMk);
    return root;
  }

  it('fires: the last table line of the 64-bit ABIs (defaults plus the arch\'s), plus one', () => {
    const g = generatedSyscalls(tree('syscall_abis_64 += toyabi\n'), 'toy');
    assert.deepEqual(g && { count: g.count, table: g.table, abis: g.abis }, { count: 4, table: 'scripts/syscall.tbl', abis: ['common', '64', 'toyabi'] });
    // Each line taken is a __NR_<name> of the generated header (s390's __do_syscall() reads one).
    assert.deepEqual([...g!.numbers], [['__NR_first', 0], ['__NR_only64', 2], ['__NR_extra', 3]]);
    assert.equal(generatedSyscalls(tree('# nothing added\n'), 'toy')?.count, 3);
  });

  it('quiet: no arch Makefile.syscalls, or no --emit-nr, derives nothing (never a guess)', () => {
    assert.equal(generatedSyscalls(tree(null), 'toy'), undefined);
    assert.equal(generatedSyscalls(tree('syscall_abis_64 += toyabi\n', false), 'toy'), undefined);
  });
});

describe('a function declared with an enum return type is a call, not inline asm', () => {
  // 7.3 linux/bug.h: report_bug() is declared `enum bug_trap_type report_bug(…);` with GENERIC_BUG
  // and a call-free static inline stub without it.
  function tree(declared: boolean): string {
    const root = tempDir('kentry-enumdecl-');
    fs.mkdirSync(path.join(root, 'include/linux'), { recursive: true });
    fs.writeFileSync(path.join(root, 'include/linux/kind.h'), [
      '#define KIND_H',
      'enum bug_kind { BUG_KIND_NONE, BUG_KIND_WARN };',
      '#ifdef CONFIG_REAL',
      declared ? 'enum bug_kind report_it(unsigned long addr);' : '',
      '#else',
      'static inline enum bug_kind report_it(unsigned long addr)',
      '{',
      '\treturn BUG_KIND_NONE;',
      '}',
      '#endif',
      '',
    ].join('\n'));
    return root;
  }

  it('fires: declared as a function in some config, the stub does not make it asm', () => {
    assert.equal(treeAsmHelpers(tree(true), 'toy', ['report_it']).size, 0);
  });

  it('quiet: with only the call-free inline definition, it is an inline helper', () => {
    assert.deepEqual([...treeAsmHelpers(tree(false), 'toy', ['report_it']).keys()], ['report_it']);
  });
});
