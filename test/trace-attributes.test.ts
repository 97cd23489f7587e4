// Whether a call kentry cannot interpret can be traced, where the arch's instrumentation is
// ftrace's (BindOptions.inlineNotrace: powerpc): the callee's own definition decides — one the
// front end read but could not lower (its attributes), or the tree's definitions in arch/<arch>
// (src/tree/definitions.ts). No definition known, or one without such an attribute: traceable
// (unknown is never "safe"). The value and the havoc of the call stay those of an opaque call.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProgram } from '../src/c/frontend.ts';
import { bindProgram, CalleeKind, traceableAttrs } from '../src/explore/program.ts';
import { archDefinitions } from '../src/tree/definitions.ts';
import { writeTree } from './trees.ts';

/** A toy arch tree, in our own words: one notrace helper, one plain one, one defined twice. */
function toyTree(): string {
  return writeTree({
    'arch/toy/kernel/power.c': [
      '/* helpers called before RCU watches */',
      '#ifdef CONFIG_TOY64',
      'void notrace toy_wake_latch(void)',
      '{',
      '\tif (toy_feature(3))',
      '\t\ttoy_wake_latch_slow();',
      '}',
      '#endif',
      'bool toy_in_table(unsigned long addr)',
      '{',
      '\treturn addr > 4;',
      '}',
      'static inline int toy_twice(void) { return 1; }',
    ].join('\n'),
    'arch/toy/platforms/other.c': 'int toy_twice(void)\n{\n\treturn 2;\n}\n',
    // The boot wrapper is another program: its definitions do not count.
    'arch/toy/boot/main.c': 'void notrace toy_in_table(void) { }\n',
  });
}

describe('the tree\'s definitions of functions kentry does not read (archDefinitions)', () => {
  it('fires: a definition\'s tracing attributes, with its file and line; every definition of a name', () => {
    const root = toyTree();
    const d = archDefinitions(root, 'toy', ['toy_wake_latch', 'toy_in_table', 'toy_twice', 'toy_feature']);
    assert.deepEqual(d.get('toy_wake_latch'), [{ file: 'arch/toy/kernel/power.c', line: 3, attrs: ['notrace'] }]);
    assert.deepEqual(d.get('toy_in_table'), [{ file: 'arch/toy/kernel/power.c', line: 9, attrs: [] }]);
    assert.deepEqual(d.get('toy_twice')?.map((x) => [x.file, x.attrs]), [['arch/toy/kernel/power.c', ['inline']], ['arch/toy/platforms/other.c', []]]);
  });
  it('quiet: a call inside a body is not a definition; a name defined nowhere is absent', () => {
    const d = archDefinitions(toyTree(), 'toy', ['toy_feature', 'toy_wake_latch_slow', 'nowhere']);
    assert.equal(d.size, 0);
  });
});

const CALLER = `
void toy_wake_latch(void);
bool toy_in_table(unsigned long addr);
int toy_twice(void);
static inline void toy_checked(void)
{
\tstatic bool warned;
\twarned = 1;
}
void caller(void)
{
\ttoy_wake_latch();
\ttoy_in_table(1);
\ttoy_twice();
\ttoy_checked();
\tnever_defined();
}
`;

async function bound(inlineNotrace: boolean) {
  const root = toyTree();
  const ir0 = await parseProgram([{ file: 't.c', text: CALLER }], { tolerant: true });
  const ir = { ...ir0, definitions: archDefinitions(root, 'toy', ['toy_wake_latch', 'toy_in_table', 'toy_twice', 'never_defined']) };
  const p = bindProgram(ir, ['caller'], { tolerant: true, inlineNotrace });
  const fn = p.functions[p.byName.get('caller')!]!;
  const out = new Map<string, boolean>();
  fn.ir.ops.forEach((op, pc) => {
    const c = fn.callees[pc];
    if (c?.kind === CalleeKind.Opaque && 'callee' in op) out.set(op.callee, c.instrumentable);
  });
  return out;
}

describe('an opaque call\'s instrumentability from its definition (powerpc: inlineNotrace)', () => {
  it('fires: a notrace definition (not read), and a static inline one the front end read but could not lower (a static local), are not traceable', async () => {
    const b = await bound(true);
    assert.equal(b.get('toy_wake_latch'), false);
    assert.equal(b.get('toy_checked'), false);
  });
  it('quiet: a definition without the attribute, two definitions of which one lacks it, and no definition at all stay traceable', async () => {
    const b = await bound(true);
    assert.equal(b.get('toy_in_table'), true);
    assert.equal(b.get('toy_twice'), true);
    assert.equal(b.get('never_defined'), true);
  });
  it('quiet: on arches whose instrumentation is objtool\'s (no inlineNotrace), every unknown call stays traceable', async () => {
    const b = await bound(false);
    assert.deepEqual([...b.values()], [true, true, true, true, true]);
  });
  it('the one rule (traceableAttrs) is the interpreted functions\' too', () => {
    assert.equal(traceableAttrs(new Set(['notrace']), false), false);
    assert.equal(traceableAttrs(new Set(['noinstr']), false), false);
    assert.equal(traceableAttrs(new Set(['__always_inline']), false), false);
    assert.equal(traceableAttrs(new Set(['inline']), false), true);
    assert.equal(traceableAttrs(new Set(['inline']), true), false);
    assert.equal(traceableAttrs(new Set(['static']), true), true);
  });
});
