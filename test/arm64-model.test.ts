// arm64's DAIF primitives and the inline-asm helper rule (src/kernel/arm64.ts,
// src/tree/asm-helpers.ts): each fires where it should and stays quiet where it should not.
// Fixtures are written for these tests, in our own words.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lookupPrimitive } from '../src/kernel/index.ts';
import { PSR_A_BIT, PSR_D_BIT, PSR_F_BIT, PSR_I_BIT } from '../src/kernel/arm64.ts';
import type { PrimitiveEnv } from '../src/kernel/types.ts';
import { bindProgram, CalleeKind, SYMBOL_TAG } from '../src/explore/program.ts';
import { boolIndex, ConfigReader, PreemptModel } from '../src/model/config.ts';
import { Machine } from '../src/model/state.ts';
import { treeAsmHelpers } from '../src/tree/asm-helpers.ts';
import { assertFires, assertQuiet, check, ENTER, EXIT, vector } from './helpers.ts';
import { fileTarget } from '../src/explore/targets.ts';

/** A config as a tree point says it: only the symbols given are decided. */
function cfgOf(sym: Record<string, boolean>): ConfigReader {
  return new ConfigReader({ preempt: PreemptModel.Full, bits: 1 << boolIndex('PROVE_LOCKING'), tree: { value: (n) => sym[n], mask: () => 0 } });
}
const NO_PNMI = cfgOf({ ARM64_PSEUDO_NMI: false, TRACE_IRQFLAGS: true });

function run(name: string, args: number[], argText: string[], m: Machine, cfg = NO_PNMI, choice = 0): number {
  const p = lookupPrimitive(name);
  assert.ok(p, name);
  const env: PrimitiveEnv = { m, cfg, args, argText, choice, callee: name, report: () => {} };
  return p.run(env);
}

describe('arm64 DAIF primitives', () => {
  it('read_sysreg(daif): I and F from the hardware flag, A from the SError mask, D over both values', () => {
    const p = lookupPrimitive('read_sysreg')!;
    assert.equal(p.appliesTo?.(['daif']), true);
    assert.equal(p.appliesTo?.(['esr_el1']), false, 'other registers are not modelled');
    const m = new Machine();
    m.hwIF = 0;
    m.asyncMasked = 1;
    const seen = [0, 1].map((c) => run('read_sysreg', [0], ['daif'], m, NO_PNMI, c));
    assert.ok(seen.every((v) => (v & (PSR_I_BIT | PSR_F_BIT | PSR_A_BIT)) === (PSR_I_BIT | PSR_F_BIT | PSR_A_BIT)));
    assert.deepEqual(new Set(seen.map((v) => v & PSR_D_BIT)), new Set([0, PSR_D_BIT]));
    m.hwIF = 1;
    m.asyncMasked = 0;
    assert.equal(run('read_sysreg', [0], ['daif'], m) & (PSR_I_BIT | PSR_A_BIT), 0);
  });

  it('write_sysreg(x, daif): IRQs masked iff PSR_I_BIT, SError iff PSR_A_BIT; lockdep is not told', () => {
    const p = lookupPrimitive('write_sysreg')!;
    assert.equal(p.appliesTo?.(['x', 'daif']), true);
    assert.equal(p.appliesTo?.(['x', 'tpidr_el1']), false);
    const m = new Machine();
    const lockdep = m.lockdepOn;
    run('write_sysreg', [PSR_I_BIT | PSR_F_BIT], ['DAIF_PROCCTX_NOIRQ', 'daif'], m);
    assert.equal(m.hwIF, 0);
    assert.equal(m.asyncMasked, 0, 'DAIF_PROCCTX_NOIRQ unmasks SError');
    assert.equal(m.lockdepOn, lockdep);
    run('write_sysreg', [PSR_A_BIT], ['x', 'daif'], m);
    assert.equal(m.hwIF, 1);
    assert.equal(m.asyncMasked, 1);
    assert.throws(() => run('write_sysreg', [SYMBOL_TAG | 0x1235], ['DAIF_UNKNOWN', 'daif'], m), /'DAIF_UNKNOWN' is not a constant/);
  });

  it('local_daif_mask / _restore / _save: hardware and lockdep move together, in order', () => {
    const m = new Machine();
    m.hwIF = 1;
    m.lockdepOn = 1;
    run('local_daif_mask', [], [], m);
    assert.equal(m.hwIF, 0);
    assert.equal(m.asyncMasked, 1, 'daifset #0xf masks SError too');
    assert.equal(m.lockdepOn, 0);
    run('local_daif_restore', [0], ['DAIF_PROCCTX'], m);
    assert.equal(m.hwIF, 1);
    assert.equal(m.asyncMasked, 0);
    assert.equal(m.lockdepOn, 1);
    run('local_daif_restore', [PSR_A_BIT | PSR_I_BIT | PSR_F_BIT], ['DAIF_ERRCTX'], m);
    assert.equal(m.hwIF, 0);
    assert.equal(m.asyncMasked, 1);
    assert.equal(m.lockdepOn, 0);
    m.hwIF = 1;
    m.lockdepOn = 1;
    const flags = run('local_daif_save', [], [], m);
    assert.equal(flags & PSR_I_BIT, 0, 'the flags saved say IRQs were on');
    assert.equal(m.hwIF, 0);
    const restore = lookupPrimitive('local_daif_restore')!;
    assert.equal(typeof restore.callsAs === 'function' && restore.callsAs([PSR_I_BIT]), 'trace_hardirqs_off');
    assert.equal(typeof restore.callsAs === 'function' && restore.callsAs([0]), 'trace_hardirqs_on');
  });

  it('GIC priority masking: false without ARM64_PSEUDO_NMI, refused where it is on or undecided', () => {
    const p = lookupPrimitive('alternative_has_cap_unlikely')!;
    assert.equal(p.appliesTo?.(['ARM64_HAS_GIC_PRIO_MASKING']), true);
    assert.equal(p.appliesTo?.(['ARM64_MTE']), false);
    assert.equal(run('alternative_has_cap_unlikely', [0], ['ARM64_HAS_GIC_PRIO_MASKING'], new Machine()), 0);
    assert.throws(() => run('local_daif_mask', [], [], new Machine(), cfgOf({ ARM64_PSEUDO_NMI: true })), /does not model GIC priority masking/);
    assert.throws(() => run('alternative_has_cap_unlikely', [0], ['ARM64_HAS_GIC_PRIO_MASKING'], new Machine(), cfgOf({})), /undecided/);
  });
});

describe('inline-asm helpers: what the tree writes as asm is not a call', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kentry-asm-'));
  const put = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  put('arch/toy/include/asm/regs.h', [
    '#define get_reg(r) ({ unsigned long __v; asm volatile("mrs %0, " #r : "=r" (__v)); __v; })',
    '#define set_reg(v, r) do { asm volatile("msr " #r ", %0" : : "r" (v)); } while (0)',
    '#define MASK(n) (ONE(1) << (n))',
    '#define ONE(x) (x##UL)',
    '#define logged_reg(r) ({ note_access(#r); get_reg(r); })',
    'void note_access(const char *what);',
    'static __always_inline int has_feature(int f)',
    '{',
    '\tif (!MASK(f))',
    '\t\treturn 0;',
    '\tasm goto("b %l[no]" : : : : no);',
    '\treturn 1;',
    'no:',
    '\treturn 0;',
    '}',
    '#define call_back(fn) fn(0)',
    'static inline void plain_nop(void) { asm volatile("nop"); }',
    'static inline void plain_logged(void) { note_access("x"); }',
  ].join('\n'));
  put('include/linux/tracehook.h', '#ifndef CONFIG_TRACE\n#define trace_thing() do { } while (0)\n#else\nextern void trace_thing(void);\n#endif\n');

  it('fires for macros and __always_inline helpers made of asm and arithmetic', () => {
    const got = treeAsmHelpers(root, 'toy', ['get_reg', 'set_reg', 'MASK', 'has_feature', 'plain_nop']);
    assert.deepEqual([...got.keys()].sort(), ['MASK', 'get_reg', 'has_feature', 'plain_nop', 'set_reg']);
    assert.deepEqual(got.get('get_reg'), { name: 'get_reg', file: 'arch/toy/include/asm/regs.h', line: 1 });
    assert.equal(got.get('has_feature')!.line, 7);
  });

  it('stays quiet for what calls a function, a stub of a real function, a parameter call or an unknown name', () => {
    const got = treeAsmHelpers(root, 'toy', ['logged_reg', 'trace_thing', 'call_back', 'not_in_tree', 'plain_logged']);
    assert.equal(got.size, 0);
  });

  const c = vector(`${ENTER}\n${EXIT}\n\tif (get_reg(esr) == 3)\n\t\tpreempt_disable();`);
  async function rows(asm: ReadonlySet<string> | undefined, text = c) {
    const [row] = await fileTarget([{ file: 'checks/asm.c', text }], 'my_vector', 'irq', 'x86-58');
    const roots = [row!.vector, ...(row!.irqVector ? [row!.irqVector] : []), ...(row!.nmiVector ? [row!.nmiVector] : [])].filter((n) => row!.program.ir.functions.has(n));
    return [{ ...row!, program: bindProgram(row!.program.ir, roots, asm ? { inlineAsm: asm } : {}) }];
  }

  it('an inline-asm site in noinstr code is not an objtool call, and its value stays unknown', async () => {
    const r = await check({ rows: await rows(new Set(['get_reg'])), contexts: ['kernel'] });
    assertQuiet(r, 'objtool.noinstr_call');
    assertQuiet(r, 'I3.instrumentable_after_lockdep_on');
    const f = assertFires(r, 'I4.iret_preempt_count_unbalanced', undefined);
    assert.deepEqual(f.opaqueSites?.map((s) => [s.callee, s.access]), [['get_reg', 'asm']]);
  });

  it('the same site, not known to be asm, is an unknown call objtool would report', async () => {
    const r = await check({ rows: await rows(undefined), contexts: ['kernel'] });
    assertFires(r, 'objtool.noinstr_call', undefined);
    const p = (await rows(undefined))[0]!.program;
    const fn = p.functions[p.byName.get('my_vector')!]!;
    assert.ok(fn.callees.some((k) => k?.kind === CalleeKind.Opaque && k.site.access === 'call' && k.site.callee === 'get_reg'));
  });

  const viaInline = vector(`${ENTER}\n${EXIT}\n\tif (reg_is_three())\n\t\tpreempt_disable();`, 'static inline int reg_is_three(void)\n{\n\treturn get_reg(esr) == 3;\n}\n');

  it('a plain inline function whose only call is inline asm is inlined: no objtool call', async () => {
    const r = await check({ rows: await rows(new Set(['get_reg']), viaInline), contexts: ['kernel'] });
    assertQuiet(r, 'objtool.noinstr_call');
    assertFires(r, 'I4.iret_preempt_count_unbalanced', undefined);
  });

  it('the same inline function calling an unknown function is a call objtool would report', async () => {
    assertFires(await check({ rows: await rows(undefined, viaInline), contexts: ['kernel'] }), 'objtool.noinstr_call', undefined);
  });
});

describe('PSTATE.A: SError, the arm64 NMI-class vector, waits for the code to unmask it', () => {
  async function statesOf(body: string, asyncMask: boolean): Promise<number> {
    const text = vector(`${ENTER}\n${body}\n${EXIT}`);
    const [row] = await fileTarget([{ file: 'checks/amask.c', text }], 'my_vector', 'irq', 'x86-58');
    assert.ok(row!.nmiVector && row!.program.byName.has(row!.nmiVector), 'the row has an NMI vector');
    const r = await check({ rows: [{ ...row!, ...(asyncMask ? { asyncMask: true } : {}) }], contexts: ['kernel'], bounds: { nmiNesting: 1 } });
    return r.stats.distinctStates;
  }
  const body = '\tpreempt_disable();\n\tpreempt_enable_no_resched();';

  it('quiet: an exception that never unmasks A takes no NMI', async () => {
    const masked = await statesOf(body, true);
    const unmaskedRow = await statesOf(body, false);
    assert.ok(masked < unmaskedRow, `${masked} states with A masked throughout, ${unmaskedRow} without the rule`);
  });

  it('fires: after write_sysreg(…, daif) clears A, NMIs arrive again', async () => {
    const masked = await statesOf(body, true);
    const unmasked = await statesOf(`\twrite_sysreg(0, daif);\n${body}`, true);
    assert.ok(unmasked > masked, `${unmasked} states after unmasking, ${masked} masked`);
  });
});

