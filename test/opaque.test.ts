// "Unknown is not zero" (issue 8): what kentry does not interpret is explored over every value
// that matters, listed in the report, and marked on the findings whose trace passes through it.
// Fixtures are written for these tests, in our own words.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProgram } from '../src/c/frontend.ts';
import { BindError, bindProgram, CalleeKind, slotValues } from '../src/explore/program.ts';
import { fileTarget } from '../src/explore/targets.ts';
import { decode, encode, Machine, ModelBoundError } from '../src/model/state.ts';
import { assertFires, assertQuiet, check, ENTER, EXIT, vector } from './helpers.ts';

const PREEMPT = 'I4.iret_preempt_count_unbalanced';

/** A kernel-mode IRQ vector whose instrumentable section is `body`. */
function withBody(body: string, prelude = ''): string {
  return vector(`${ENTER}\n${body}\n${EXIT}`, prelude);
}

describe('opaque calls: an unconstrained result, explored as a choice', () => {
  it('fires on the branch only a non-zero result of an unknown call takes', async () => {
    const c = withBody('\tif (get_thing() == 5)\n\t\tpreempt_disable();');
    const r = await check({ c, contexts: ['kernel'] });
    const f = assertFires(r, PREEMPT, c);
    assert.equal(f.throughOpaque, true);
    assert.deepEqual(f.opaqueSites?.map((s) => [s.callee, s.access, s.fn]), [['get_thing', 'call', 'my_vector']]);
    assert.ok(f.trace.some((s) => s.opaque?.callee === 'get_thing' && /result = 5/.test(s.action)), 'the trace shows the chosen value');
    assert.deepEqual(r.rows[0]!.opaqueSites?.map((s) => s.callee), ['get_thing']);
  });

  it('stays quiet when every outcome is balanced, and still lists the site', async () => {
    const c = withBody('\tif (get_thing() == 5) {\n\t\tpreempt_disable();\n\t\tpreempt_enable_no_resched();\n\t}');
    const r = await check({ c, contexts: ['kernel'] });
    assertQuiet(r, PREEMPT);
    assert.deepEqual(r.rows[0]!.opaqueSites?.map((s) => `${s.callee}@${s.line}`), [`get_thing@${c.split('\n').findIndex((l) => l.includes('get_thing')) + 1}`]);
    assert.equal(r.findings.some((f) => f.throughOpaque), false);
  });

  it('explores combinations of mask bits', async () => {
    const c = withBody('\tunsigned long w = get_work();\n\tif ((w & 0x4) && (w & 0x10))\n\t\tpreempt_disable();');
    assertFires(await check({ c, contexts: ['kernel'] }), PREEMPT, c);
    const quiet = withBody('\tunsigned long w = get_work();\n\tif ((w & 0x4) && (w & 0x10) && !(w & 0x14))\n\t\tpreempt_disable();');
    assertQuiet(await check({ c: quiet, contexts: ['kernel'] }), PREEMPT);
  });

  it('havocs a local whose address an unknown call receives', async () => {
    const c = withBody('\tunsigned long w = 0;\n\tfill_in(&w);\n\tif (w == 7)\n\t\tpreempt_disable();');
    const f = assertFires(await check({ c, contexts: ['kernel'] }), PREEMPT, c);
    assert.ok(f.trace.some((s) => /\*&w = 7/.test(s.action)), 'the trace shows the havocked value');
    const quiet = withBody('\tunsigned long w = 0;\n\tunsigned long v = 7;\n\tfill_in(&w);\n\tif (v != 7)\n\t\tpreempt_disable();');
    assertQuiet(await check({ c: quiet, contexts: ['kernel'] }), PREEMPT);
  });

  it('reads a per-CPU variable the model does not know as an opaque value, not as a modelled one', async () => {
    // xen_in_preemptible_hcall is modelled (Machine.xenInHcall, 0 on a plain kernel IRQ);
    // another per-CPU variable is not: its read is unconstrained and listed.
    const c = withBody('\tif (this_cpu_read(some_other_flag))\n\t\tpreempt_disable();');
    const r = await check({ c, contexts: ['kernel'] });
    const f = assertFires(r, PREEMPT, c);
    assert.equal(f.throughOpaque, true);
    assert.deepEqual(r.rows[0]!.opaqueSites?.map((s) => `${s.access} ${s.callee}`), ['call this_cpu_read']);
    const modelled = withBody('\tif (this_cpu_read(xen_in_preemptible_hcall))\n\t\tpreempt_disable();');
    const q = await check({ c: modelled, contexts: ['kernel'] });
    assertQuiet(q, PREEMPT);
    assert.equal(q.rows[0]!.opaqueSites, undefined);
  });

  it('reads a declared file-scope object as memory it does not track, never 0', async () => {
    // `extern bool force_irqthreads;` (5.10 include/linux/interrupt.h): declared, so a read is a
    // load of unknown value explored both ways and listed; undeclared, it stays an unknown identifier.
    const c = withBody('\tif (!some_global_flag)\n\t\tpreempt_disable();', 'extern bool some_global_flag;\n');
    const r = await check({ c, contexts: ['kernel'] });
    const f = assertFires(r, PREEMPT, c);
    assert.equal(f.throughOpaque, true);
    assert.deepEqual(r.rows[0]!.opaqueSites?.map((s) => `${s.access} ${s.callee}`), ['load some_global_flag']);
    // One read is one value (two reads may differ: memory kentry does not track can change).
    const quiet = withBody('\tbool v = some_global_flag;\n\tif (v && !v)\n\t\tpreempt_disable();', 'extern bool some_global_flag;\n');
    assertQuiet(await check({ c: quiet, contexts: ['kernel'] }), PREEMPT);
    const undeclared = withBody('\tif (!some_global_flag)\n\t\tpreempt_disable();');
    await assert.rejects(check({ c: undeclared, contexts: ['kernel'] }), /unknown identifier 'some_global_flag'/);
  });

  it('keeps a declared object passed to a call a name, and an array or struct object no scalar', async () => {
    // Passed as itself (`__this_cpu_read(xen_in_preemptible_hcall)`), the callee takes the object
    // by name: the modelled per-CPU read, no load, even where the tree declares it.
    const modelled = withBody('\tif (this_cpu_read(xen_in_preemptible_hcall))\n\t\tpreempt_disable();', 'extern bool xen_in_preemptible_hcall;\n');
    const q = await check({ c: modelled, contexts: ['kernel'] });
    assertQuiet(q, PREEMPT);
    assert.equal(q.rows[0]!.opaqueSites, undefined);
    const ir = await parseProgram([{ file: 'g.c', text: 'extern int table[4];\nstruct s { int a; };\nextern struct s obj;\nextern struct s *ptr;\nint f(void) { return table == 0; }\nint g(void) { return ptr != 0; }\n' }], { tolerant: true });
    const p = bindProgram(ir, ['f', 'g'], { tolerant: true });
    assert.match(p.unbindable.get('f')!.reason, /unknown identifier 'table'/);
    assert.ok(p.byName.has('g'), 'a pointer object is a scalar read');
  });

  it('lists loads and stores of memory it does not track, never dropping them', async () => {
    const c = withBody('\tthing->state = 3;\n\tif (thing->mode == 2)\n\t\tpreempt_disable();');
    const r = await check({ c, contexts: ['kernel'] });
    assertFires(r, PREEMPT, c);
    assert.deepEqual(r.rows[0]!.opaqueSites?.map((s) => `${s.access} ${s.callee}`), ['store thing->state', 'load thing->mode']);
  });
});

describe('pointers to locals', () => {
  const helper = 'static __always_inline void clear_two(unsigned long *p)\n{\n\t*p &= ~2UL;\n}\n';
  it('an interpreted callee writes the caller\'s local through &local', async () => {
    const c = withBody('\tunsigned long w = 3;\n\tclear_two(&w);\n\tif (w == 1)\n\t\tpreempt_disable();', helper);
    const r = await check({ c, contexts: ['kernel'] });
    const f = assertFires(r, PREEMPT, c);
    assert.equal(f.throughOpaque, undefined, 'a local pointer is not opaque');
    assert.equal(r.rows[0]!.opaqueSites, undefined);
    const quiet = withBody('\tunsigned long w = 3;\n\tclear_two(&w);\n\tif (w != 1)\n\t\tpreempt_disable();', helper);
    assertQuiet(await check({ c: quiet, contexts: ['kernel'] }), PREEMPT);
  });

  it('reads through the pointer too (*p in a condition)', async () => {
    const reader = 'static __always_inline bool is_three(unsigned long *p)\n{\n\treturn *p == 3;\n}\n';
    const c = withBody('\tunsigned long w = 3;\n\tif (is_three(&w))\n\t\tpreempt_disable();', reader);
    assertFires(await check({ c, contexts: ['kernel'] }), PREEMPT, c);
    const quiet = withBody('\tunsigned long w = 4;\n\tif (is_three(&w))\n\t\tpreempt_disable();', reader);
    assertQuiet(await check({ c: quiet, contexts: ['kernel'] }), PREEMPT);
  });
});

describe('unknown identifiers are never 0', () => {
  it('is a one-line bind error naming the identifier', async () => {
    const c = withBody('\tif (NOT_A_CONSTANT)\n\t\tpreempt_disable();');
    await assert.rejects(fileTarget([{ file: 'u.c', text: c }], 'my_vector', 'irq', 'x86-58'), (e: unknown) => {
      assert.ok(e instanceof BindError);
      assert.match(e.message, /^u\.c:\d+:\d+: unknown identifier 'NOT_A_CONSTANT' in my_vector\(\)/);
      return true;
    });
  });

  it('in tolerant mode makes the reading function opaque, with the reason', async () => {
    const ir = await parseProgram([{ file: 't.c', text: 'int reads(void) { return SOME_FLAG; }\nint fine(void) { return 1; }\nvoid root(void) { int a = reads(); int b = fine(); }\n' }], { tolerant: true });
    const p = bindProgram(ir, ['root'], { tolerant: true });
    assert.deepEqual([...p.byName.keys()].sort(), ['fine', 'root']);
    assert.match(p.unbindable.get('reads')!.reason, /unknown identifier 'SOME_FLAG'/);
    const root = p.functions[p.byName.get('root')!]!;
    assert.deepEqual(root.callees.filter((c) => c !== null).map((c) => c!.kind), [CalleeKind.Opaque, CalleeKind.Function]);
    // Strict mode: the same input is an error.
    assert.throws(() => bindProgram(ir, ['root']), BindError);
  });

  it('gives an object named as an opaque call argument a non-zero token', async () => {
    const ir = await parseProgram([{ file: 't.c', text: 'void root(void) { take_object(some_object); }\n' }]);
    const p = bindProgram(ir, ['root']);
    const arg = p.functions[0]!.args[0]![0]!;
    assert.notEqual(arg([], new Machine(), undefined as never), 0);
  });
});

describe('the values an opaque result is explored with', () => {
  async function values(body: string): Promise<{ values: readonly number[] | null; exhaustive: boolean }> {
    const ir = await parseProgram([{ file: 't.c', text: `void f(void) {\n${body}\n}\n` }]);
    const fn = ir.functions.get('f')!;
    const call = fn.ops.find((o) => o.kind === 0 && (o as { callee: string }).callee === 'g') as { result: number };
    return slotValues(fn, call.result, (e) => (e.kind === 0 ? e.value : null));
  }

  it('takes the compared constants and their neighbours for relational tests', async () => {
    assert.deepEqual(await values('int x = g(); if (x == 7) h(); if (x > 100) h();'), { values: [-1, 0, 1, 7, 99, 100, 101], exhaustive: true });
  });

  it('says when the set is not exhaustive', async () => {
    assert.equal((await values('int x = g(); if (x + 1 == 7) h();')).exhaustive, false);
    assert.equal((await values('int x = g(); h(x);')).exhaustive, false);
    assert.equal((await values('int x = g(); if ((x & 1) && x == 9) h();')).exhaustive, false);
  });
});

describe('state encoding: every field is checked against its width', () => {
  it('round-trips a state that fits', () => {
    const m = new Machine();
    m.rcuNesting = 7;
    m.lockdepCtx = 15;
    m.frames.push({ fn: 3, pc: 4095, instr: 14, locals: [-1, 0x7fffffff, -0x80000000] });
    const w: number[] = [];
    encode(m, w);
    const d = decode(w, 0, () => 3);
    assert.equal(d.rcuNesting, 7);
    assert.equal(d.lockdepCtx, 15);
    assert.deepEqual(d.frames[0], { fn: 3, pc: 4095, instr: 14, locals: [-1, 0x7fffffff, -0x80000000] });
  });

  it('throws ModelBoundError naming the field instead of truncating', () => {
    const cases: [string, (m: Machine) => void, RegExp][] = [
      ['rcuNesting', (m) => (m.rcuNesting = 8), /RCU dynticks_nesting/],
      ['lockdepCtx', (m) => (m.lockdepCtx = 16), /hardirq_context/],
      ['instr', (m) => m.frames.push({ fn: 0, pc: 0, instr: 15, locals: [] }), /instrumentation_begin\(\) depth/],
      ['pc', (m) => m.frames.push({ fn: 0, pc: 4096, instr: 0, locals: [] }), /pc/],
      ['local', (m) => m.frames.push({ fn: 0, pc: 0, instr: 0, locals: [2 ** 33] }), /local 0/],
      ['ct', (m) => (m.ct = 4), /context-tracking/],
      // preempt_count is a full 32-bit word (7.3 uses bits 24-31): only a value beyond 32 bits is refused.
      ['preempt', (m) => (m.preempt = 2 ** 32), /preempt_count/],
    ];
    for (const [name, set, why] of cases) {
      const m = new Machine();
      set(m);
      assert.throws(
        () => encode(m, []),
        (e: unknown) => e instanceof ModelBoundError && why.test(e.message),
        name,
      );
    }
  });
});

describe('the address of untracked memory', () => {
  it('is a non-null pointer whose loads are opaque: a branch on what it points to fires', async () => {
    const c = withBody('\tstruct box *b = &current->box;\n\tif (b->count == 4)\n\t\tpreempt_disable();');
    const r = await check({ c, contexts: ['kernel'] });
    const f = assertFires(r, PREEMPT, c);
    assert.equal(f.throughOpaque, true);
    assert.deepEqual(r.rows[0]!.opaqueSites?.map((s) => s.access), ['load']);
  });

  it('is never NULL: the branch taken only for a null address is not', async () => {
    const c = withBody('\tstruct box *b = &current->box;\n\tif (!b)\n\t\tpreempt_disable();');
    assertQuiet(await check({ c, contexts: ['kernel'] }), PREEMPT);
  });
});

describe('preempt_enable() is the model scheduler\'s, not an opaque call', () => {
  // Trees keep preempt_enable() a call (its body branches); were it opaque, the preempt_disable()
  // the model counts would never be given back (5.10's try_to_wake_up()).
  it('gives back exactly one preempt_disable()', async () => {
    const c = withBody('\tpreempt_disable();\n\tpreempt_enable();');
    const r = await check({ c, contexts: ['kernel'] });
    assertQuiet(r, PREEMPT);
    assert.equal(r.rows[0]!.opaqueSites, undefined, 'nothing opaque');
    const twice = withBody('\tpreempt_disable();\n\tpreempt_disable();\n\tpreempt_enable();');
    assertFires(await check({ c: twice, contexts: ['kernel'] }), PREEMPT, twice);
  });
});
