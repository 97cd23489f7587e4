// Thread-flag bits are the layout's (src/tree/layout.ts), not whatever one header's own macro table
// says: the reader keeps a layout TIF name a name inside the masks that use it, so the layout's
// bit binds. Fixtures are written for kentry, not kernel text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEnv, preprocess, type MacroDef } from '../src/c/preprocess.ts';
import { treeExpand } from '../src/explore/kernel-target.ts';

const def = (body: string, params: string[] | null): MacroDef => ({ name: 'M', params, variadic: false, body, file: 'x.h', line: 1 });

describe("treeExpand: thread-flag bits are the layout's", () => {
  it('keeps a layout TIF name a name inside a work mask, and still expands the mask', () => {
    const env = createEnv({}, { expand: treeExpand });
    // A header read on its own sees the generic fallback (an arch defines the lazy bit in a header
    // it includes first, as 7.3's x86 does); the mask must keep the name so the layout's bit binds.
    const header = [
      '#define _TIF_NEED_RESCHED\t(1UL << 3)',
      '#define _TIF_NEED_RESCHED_LAZY\t_TIF_NEED_RESCHED',
      '#define _TIF_OTHER_WORK\t(1UL << 9)',
      '#define USER_WORK_MASK\t(_TIF_NEED_RESCHED | _TIF_NEED_RESCHED_LAZY | _TIF_OTHER_WORK)',
    ].join('\n');
    preprocess(header, 'flags.h', env);
    const out = preprocess('int f(unsigned long w)\n{\n\treturn w & USER_WORK_MASK;\n}\n', 'use.c', env).text;
    assert.match(out, /_TIF_NEED_RESCHED \| _TIF_NEED_RESCHED_LAZY/);
    assert.doesNotMatch(out, /USER_WORK_MASK/);
    // A bit the layout does not derive expands as before.
    assert.match(out, /1UL << 9/);
    assert.equal(treeExpand('_TIF_NEED_RESCHED_LAZY', def('_TIF_NEED_RESCHED', null)), false);
    assert.equal(treeExpand('TIF_SIGPENDING', def('1', null)), false);
    assert.equal(treeExpand('_TIF_OTHER_WORK', def('(1UL << 9)', null)), true);
  });
});
