// Every primitive that replaces a function a tree defines is compared with that body
// (src/explore/differential.ts): from every state the tree's check reaches a call in, the
// primitive and the body must reach the same observable states with the same checks fired.
//
// Part 1 shows the comparison itself on small bodies written here: it sees a difference in
// state, in the checks fired at the call (objtool's noinstr rule, I2), and inside the body's
// instrumentation sections; and it is quiet where the two agree.
// Part 2, on every fetched tree (test/replaced-<version>.test.ts, tables in test/replaced-judged.ts),
// runs it once per replaced function and text against the judged table of what is comparable and
// what is not (and why): a new entry, a body that stops being comparable, or any mismatch fails
// until it is judged there.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProgram } from '../src/c/frontend.ts';
import type { IrFunction, IrProgram } from '../src/c/ir.ts';
import { compareCall, type CallSite } from '../src/explore/differential.ts';
import { BUNDLED_LATTICE } from '../src/explore/targets.ts';
import { CHECK_NOINSTR_CALL } from '../src/kernel/instrumentation.ts';
import { CHECK_INSTR_WITHOUT_RCU } from '../src/kernel/invariants.ts';
import { enumerateLattice, matchesFilter, type KConfig } from '../src/model/config.ts';
import { CLASSIC_LAYOUT, Machine, newContext } from '../src/model/state.ts';
import { configFilter } from './helpers.ts';

// ───────────────────────────────────────────────────────────── part 1: the comparison ──

function configOf(overrides: string): KConfig {
  const f = configFilter(overrides);
  const all = enumerateLattice(BUNDLED_LATTICE).filter((c) => matchesFilter(c, f));
  assert.equal(all.length, 1, `one config for ${overrides}`);
  return all[0]!;
}

/** A call in a kernel-mode IRQ (IRQs off, lockdep and the tracer told unless `lockdepOn`), RCU as `rcuWatching` says. */
function site(callee: string, cfg: KConfig, opts: { readonly instr?: number; readonly rcuWatching?: boolean; readonly lockdepOn?: boolean; readonly args?: number[] } = {}): CallSite {
  const m = new Machine(CLASSIC_LAYOUT);
  m.contexts.push({
    ...newContext(),
    savedIF: 1,
    savedLockdepOn: 1,
    savedRcuWatching: 1,
    savedRcuNesting: 1,
    savedNmiNonidle: 1,
  });
  m.hwIF = 0;
  m.started = 1;
  if (!opts.lockdepOn) {
    m.lockdepOn = 0;
    m.tracerOff = 1;
    m.writableContext(0).toldOff = 1;
  }
  if (opts.rcuWatching === false) {
    m.rcuWatching = 0;
    m.rcuNesting = 0;
    m.setNmiNesting(0, 0);
  }
  const args = opts.args ?? [];
  return { callee, machine: m, args, argText: args.map((_, i) => `a${i}`), noinstr: true, instr: opts.instr ?? 0, cfg, at: 'test' };
}

async function body(text: string, name: string): Promise<{ ir: IrProgram; fn: IrFunction }> {
  const ir = await parseProgram([{ file: 'checks/replaced.c', text }]);
  const fn = ir.functions.get(name);
  assert.ok(fn, `${name} parsed`);
  const functions = new Map(ir.functions);
  functions.delete(name);
  return { ir: { ...ir, functions }, fn };
}

const EMPTY_LOCKDEP_OFF = 'static inline void lockdep_hardirqs_off(unsigned long ip) { }\n';
const EMPTY_KMSAN = 'struct pt_regs;\nstatic inline void kmsan_unpoison_entry_regs(const struct pt_regs *regs) { }\n';
const KMSAN_IN_SECTION = `struct pt_regs;
static __always_inline void kmsan_unpoison_entry_regs(const struct pt_regs *regs)
{
	instrumentation_begin();
	kmsan_hook(regs);
	instrumentation_end();
}
`;

describe('differential: one call, primitive vs body', () => {
  it('sees a state difference: lockdep_hardirqs_off() against an empty body with lockdep built', async () => {
    const b = await body(EMPTY_LOCKDEP_OFF, 'lockdep_hardirqs_off');
    const r = compareCall(b.ir, CLASSIC_LAYOUT, site('lockdep_hardirqs_off', configOf('PROVE_LOCKING=y'), { args: [0], lockdepOn: true }), b.fn);
    assert.equal(r.onlyPrimitive.length, 1);
    assert.equal(r.onlyBody.length, 1);
    assert.match(r.onlyPrimitive[0]!, /\bld=0\b/, 'the primitive turns lockdep off');
    assert.match(r.onlyBody[0]!, /\bld=1\b/, 'the empty body leaves it on');
  });

  it('is quiet where they agree: without lockdep the primitive is the empty stub', async () => {
    const b = await body(EMPTY_LOCKDEP_OFF, 'lockdep_hardirqs_off');
    const r = compareCall(b.ir, CLASSIC_LAYOUT, site('lockdep_hardirqs_off', configOf('PROVE_LOCKING=n,PROVE_RCU=n'), { args: [0], lockdepOn: true }), b.fn);
    assert.deepEqual([r.onlyPrimitive, r.onlyBody], [[], []]);
  });

  it('sees the checks made at the call: an instrumentable primitive from noinstr code vs an inlined empty stub', async () => {
    const b = await body(EMPTY_KMSAN, 'kmsan_unpoison_entry_regs');
    const r = compareCall(b.ir, CLASSIC_LAYOUT, site('kmsan_unpoison_entry_regs', configOf(''), { args: [1] }), b.fn);
    assert.equal(r.onlyPrimitive.length, 1);
    assert.ok(r.onlyPrimitive[0]!.endsWith(`| ${CHECK_NOINSTR_CALL.id}`), r.onlyPrimitive[0]);
    assert.ok(r.onlyBody[0]!.endsWith('| no check'), r.onlyBody[0]);
    // Inside an instrumentation section, with RCU watching, the two agree.
    const q = compareCall(b.ir, CLASSIC_LAYOUT, site('kmsan_unpoison_entry_regs', configOf(''), { args: [1], instr: 1 }), b.fn);
    assert.deepEqual([q.onlyPrimitive, q.onlyBody], [[], []]);
  });

  it('sees instrumentation sections inside the body: instrumentable code while RCU is not watching', async () => {
    const b = await body(KMSAN_IN_SECTION, 'kmsan_unpoison_entry_regs');
    const r = compareCall(b.ir, CLASSIC_LAYOUT, site('kmsan_unpoison_entry_regs', configOf(''), { args: [1], instr: 1, rcuWatching: false }), b.fn);
    // In a caller's instrumentation section both call instrumentable code with RCU not watching:
    // I2 on both sides, the same outcome.
    assert.deepEqual([r.onlyPrimitive, r.onlyBody], [[], []]);
    assert.deepEqual(r.opaque, ['kmsan_hook (checks/replaced.c:5)']);
    // Called outside any section: the body's own section keeps objtool quiet, I2 still fires;
    // the primitive (instrumentable as a whole) fires both.
    const s = compareCall(b.ir, CLASSIC_LAYOUT, site('kmsan_unpoison_entry_regs', configOf(''), { args: [1], rcuWatching: false }), b.fn);
    assert.equal(s.onlyPrimitive.length, 1);
    assert.ok(s.onlyPrimitive[0]!.endsWith(`| ${[CHECK_INSTR_WITHOUT_RCU.id, CHECK_NOINSTR_CALL.id].sort().join(',')}`), s.onlyPrimitive[0]);
    assert.ok(s.onlyBody[0]!.endsWith(`| ${CHECK_INSTR_WITHOUT_RCU.id}`), s.onlyBody[0]);
  });
});
