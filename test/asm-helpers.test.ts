// src/tree/asm-helpers.ts beyond what arm64-model.test.ts asks of it: strip() (a scanner since
// session 30) blanks exactly what the comment/literal regex it replaced matched, and the header
// index of include/ is one per tree, shared by every arch, with the arch's own definition first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { filesUnder, strip, treeAsmHelpers } from '../src/tree/asm-helpers.ts';
import { kernelRoot, skipUnlessTree, writeTree } from './trees.ts';

/** The leftmost-first regex strip() was until session 30: the reference it must equal. */
const byRegex = (text: string): string => text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, (s) => s.replace(/[^\n]/g, ' '));

test('strip(): comments and literals blanked as the regex did, including the ones that are not', () => {
  const cases = [
    'a /* b */ c', 'a /* b\n c */ d', 'x // y\nz', '"s" t', "'c' d", '"a\\"b" c', "'\\'' x", '"a\\\\" b',
    // Not a comment or literal: the opening character stays and the scan goes on after it.
    '/* never closed\n"but a string" here', '"broken\n" then', "'x", '"\\\nx"', '/', '"\\',
    '"/*" */ x', '/*/ */ y', '// "q"\n"r"', 'a/**/b', '\r\n/* \r\n */', '',
  ];
  for (const c of cases) assert.equal(strip(c), byRegex(c), JSON.stringify(c));
  assert.equal(strip('a /* b */ c'), 'a         c');
  assert.equal(strip('/* x\ny */'), '    \n    ');
  // The first quote meets a newline: kept; on the next line `" "` is a literal, `ok"` is not.
  assert.equal(strip('"broken\n" "ok"'), '"broken\n   ok"');
  const plain = 'no comments here\n';
  assert.equal(strip(plain), plain);
});

test('strip() equals the regex on every header of the cached 7.3 tree', { skip: skipUnlessTree('7.3') }, () => {
  const root = kernelRoot('7.3');
  const files: string[] = [];
  filesUnder(path.join(root, 'include'), '.h', files);
  filesUnder(path.join(root, 'arch'), '.h', files);
  assert.ok(files.length > 5000, `${files.length} headers`);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (strip(text) !== byRegex(text)) assert.fail(`strip() differs from the regex on ${path.relative(root, f)}`);
  }
});

test('the include/ index is shared by the arches of a tree; an arch\'s own definition is the one listed', () => {
  const root = writeTree({
    'include/linux/bits.h': '#define GENMASK(h, l) (((~0UL) << (l)) & (~0UL >> (63 - (h))))\n#define cpu_relax() barrier()\n#define barrier() asm volatile("" ::: "memory")\n',
    'arch/one/include/asm/barrier.h': '\n\n#define barrier() asm volatile("one" ::: "memory")\n',
    'arch/two/include/asm/proc.h': '#ifndef _ASM_PROC_H\n#define _ASM_PROC_H\nvoid cpu_relax(void);\n#endif\n',
  });
  const one = treeAsmHelpers(root, 'one', ['GENMASK', 'cpu_relax', 'barrier']);
  assert.deepEqual([...one.keys()].sort(), ['GENMASK', 'barrier', 'cpu_relax']);
  assert.deepEqual(one.get('barrier'), { name: 'barrier', file: 'arch/one/include/asm/barrier.h', line: 3 });
  assert.equal(one.get('GENMASK')!.file, 'include/linux/bits.h');
  // Another arch of the same tree: the generic definitions, and its own declaration makes
  // cpu_relax() a real call there.
  const two = treeAsmHelpers(root, 'two', ['GENMASK', 'cpu_relax', 'barrier']);
  assert.deepEqual([...two.keys()].sort(), ['GENMASK', 'barrier']);
  assert.deepEqual(two.get('barrier'), { name: 'barrier', file: 'include/linux/bits.h', line: 3 });
});
