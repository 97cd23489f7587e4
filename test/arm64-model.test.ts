// arm64's DAIF primitives and the inline-asm helper rule (src/kernel/arm64.ts,
// src/tree/asm-helpers.ts): each fires where it should and stays quiet where it should not.
// Fixtures are written for these tests, in our own words.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lookupPrimitive } from '../src/kernel/index.ts';
import { CHECK_DAIF_MASK_PMR, CHECK_DAIF_RESTORE_UNMASKED, CHECK_PMR_IRQFLAGS, lookupArm64Member, PSR_A_BIT, PSR_D_BIT, PSR_F_BIT, PSR_I_BIT } from '../src/kernel/arm64.ts';
import { generatedSyscalls } from '../src/tree/syscalls.ts';
import type { PrimitiveEnv } from '../src/kernel/types.ts';
import { bindProgram, CalleeKind, SYMBOL_TAG } from '../src/explore/program.ts';
import { BOOL_SYMBOLS, boolIndex, ConfigReader, PreemptModel, type BoolSymbol } from '../src/model/config.ts';
import { CLASSIC_LAYOUT, decode, encode, Machine, ModelBoundError, newContext, RegsSlot } from '../src/model/state.ts';
import { LayoutError, readGicPrio, readLayout, type GicPrioLayout, type ModelLayout } from '../src/tree/layout.ts';
import { runCheck } from '../src/explore/check.ts';
import type { KentryReport } from '../src/report/schema.ts';
import { treeAsmHelpers } from '../src/tree/asm-helpers.ts';
import { assertFires, assertQuiet, check, ENTER, EXIT, vector } from './helpers.ts';
import { fileTarget } from '../src/explore/targets.ts';
import { tempDir } from './tmp.ts';

/** A config as a tree point says it: only the symbols given are decided. */
function cfgOf(sym: Record<string, boolean>): ConfigReader {
  // Model axes (ARM64_PSEUDO_NMI, …) are bits of the point; everything else the tree's value.
  let bits = 1 << boolIndex('PROVE_LOCKING');
  for (const [n, v] of Object.entries(sym)) if (v && (BOOL_SYMBOLS as readonly string[]).includes(n)) bits |= 1 << boolIndex(n as BoolSymbol);
  return new ConfigReader({ preempt: PreemptModel.Full, bits, tree: { value: (n) => sym[n], mask: () => 0 } });
}
const NO_PNMI = cfgOf({ ARM64_PSEUDO_NMI: false, TRACE_IRQFLAGS: true });

// GIC priority masking. The PMR values are a fixture here (the tree's are read by readLayout,
// tested below against the 7.3 tree when it is in the cache).
const GIC: GicPrioLayout = { IRQON: 0xe0, IRQOFF: 0xc0, PSR_I_SET: 0x10, PRIO_IRQ: 0xc0, PRIO_NMI: 0x80, ENTRY_PMR: 0xf0, SAVED_PMR_MEMBER: 'pmr' };
const PNMI_LAYOUT: ModelLayout = { ...CLASSIC_LAYOUT, gicPrio: GIC };
const PNMI = cfgOf({ ARM64_PSEUDO_NMI: true, ARM64_DEBUG_PRIORITY_MASKING: false, TRACE_IRQFLAGS: true });
const PNMI_DEBUG = cfgOf({ ARM64_PSEUDO_NMI: true, ARM64_DEBUG_PRIORITY_MASKING: true, TRACE_IRQFLAGS: true });
/** Kernel code with IRQs on under priority masking: PMR unmasks, PSTATE.I and D clear. */
function pnmiMachine(): Machine {
  const m = new Machine(PNMI_LAYOUT);
  m.pmr = GIC.IRQON;
  m.hwIF = 1;
  return m;
}
/** Runs `name` and returns the ids of the checks it reported. */
function fired(name: string, args: number[], argText: string[], m: Machine, cfg: ConfigReader): string[] {
  const p = lookupPrimitive(name);
  assert.ok(p, name);
  const out: string[] = [];
  p.run({ m, cfg, args, argText, choice: 0, callee: name, report: (c) => out.push(c.id) });
  return out;
}

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

  it('GIC priority masking: the cap is false without ARM64_PSEUDO_NMI, true with it', () => {
    const p = lookupPrimitive('alternative_has_cap_unlikely')!;
    assert.equal(p.appliesTo?.(['ARM64_HAS_GIC_PRIO_MASKING']), true);
    assert.equal(p.appliesTo?.(['ARM64_MTE']), false);
    assert.equal(run('alternative_has_cap_unlikely', [0], ['ARM64_HAS_GIC_PRIO_MASKING'], new Machine()), 0);
    assert.equal(run('alternative_has_cap_unlikely', [0], ['ARM64_HAS_GIC_PRIO_MASKING'], pnmiMachine(), PNMI), 1);
    // On, in a layout without the tree's GIC priorities: an error, never a guessed PMR value.
    assert.throws(() => run('local_daif_mask', [], [], new Machine(), PNMI), /GIC priority values/);
  });
});

describe('inline-asm helpers: what the tree writes as asm is not a call', () => {
  const root = tempDir('kentry-asm-');
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


describe('GIC priority masking (CONFIG_ARM64_PSEUDO_NMI): PMR is the IRQ flag, PSTATE.I stays its own', () => {
  const DAIF_PROCCTX_NOIRQ = PSR_I_BIT | PSR_F_BIT;
  const DAIF_ERRCTX = PSR_A_BIT | PSR_I_BIT | PSR_F_BIT;

  it('local_irq_disable/enable write PMR (IRQOFF/IRQON), irqs_disabled() reads it; PSTATE.I is untouched', () => {
    const m = pnmiMachine();
    run('local_irq_disable', [], [], m, PNMI);
    assert.equal(m.pmr, GIC.IRQOFF);
    assert.equal(m.hwIF, 0);
    assert.equal(m.daifI, 0, 'PSTATE.I stays clear: pseudo-NMIs still arrive');
    assert.equal(m.lockdepOn, 0);
    assert.equal(run('irqs_disabled', [], [], m, PNMI), 1);
    run('local_irq_enable', [], [], m, PNMI);
    assert.equal(m.pmr, GIC.IRQON);
    assert.equal(m.hwIF, 1);
    assert.equal(m.lockdepOn, 1);
    assert.equal(run('irqs_disabled', [], [], m, PNMI), 0);
    run('raw_local_irq_disable', [], [], m, PNMI);
    assert.equal(m.pmr, GIC.IRQOFF);
    // Without priority masking (same layout): PSTATE.I is the flag, PMR is not written.
    const n = new Machine(PNMI_LAYOUT);
    run('local_irq_disable', [], [], n, NO_PNMI);
    assert.deepEqual([n.hwIF, n.pmr, n.daifI], [0, 0, 0]);
  });

  it('fires: the __pmr_local_irq_{en,dis}able WARN on a PMR that is neither IRQON nor IRQOFF (with ARM64_DEBUG_PRIORITY_MASKING)', () => {
    const m = pnmiMachine();
    run('write_sysreg_s', [GIC.IRQOFF | GIC.PSR_I_SET, 0], ['GIC_PRIO_IRQOFF | GIC_PRIO_PSR_I_SET', 'SYS_ICC_PMR_EL1'], m, PNMI_DEBUG);
    assert.equal(m.hwIF, 0, 'any PMR but IRQON is "IRQs disabled"');
    assert.deepEqual(fired('local_irq_enable', [], [], m.clone(), PNMI_DEBUG), [CHECK_PMR_IRQFLAGS.id]);
    assert.deepEqual(fired('local_irq_disable', [], [], m.clone(), PNMI_DEBUG), [CHECK_PMR_IRQFLAGS.id]);
  });

  it('quiet: the same WARN with PMR at IRQON or IRQOFF, or without ARM64_DEBUG_PRIORITY_MASKING', () => {
    const m = pnmiMachine();
    assert.deepEqual(fired('local_irq_disable', [], [], m, PNMI_DEBUG), []);
    assert.deepEqual(fired('local_irq_enable', [], [], m, PNMI_DEBUG), []);
    run('write_sysreg_s', [GIC.IRQOFF | GIC.PSR_I_SET, 0], ['x', 'SYS_ICC_PMR_EL1'], m, PNMI);
    assert.deepEqual(fired('local_irq_enable', [], [], m, PNMI), []);
    assert.equal(m.pmr, GIC.IRQON);
  });

  it('fires: local_daif_mask() on PMR == GIC_PRIO_IRQOFF | GIC_PRIO_PSR_I_SET; quiet on any other value or without debugging', () => {
    const bad = pnmiMachine();
    run('gic_write_pmr', [GIC.IRQOFF | GIC.PSR_I_SET], ['GIC_PRIO_IRQOFF | GIC_PRIO_PSR_I_SET'], bad, PNMI);
    assert.deepEqual(fired('local_daif_mask', [], [], bad.clone(), PNMI_DEBUG), [CHECK_DAIF_MASK_PMR.id]);
    assert.deepEqual(fired('local_daif_mask', [], [], bad.clone(), PNMI), []);
    const m = pnmiMachine();
    m.lockdepOn = 1;
    assert.deepEqual(fired('local_daif_mask', [], [], m, PNMI_DEBUG), []);
    assert.equal(m.pmr, GIC.IRQON | GIC.PSR_I_SET, 'PMR says PSTATE.I masks');
    assert.deepEqual([m.daifI, m.daifD, m.asyncMasked, m.hwIF, m.lockdepOn], [1, 1, 1, 0, 0]);
  });

  it('fires: local_daif_restore() with PSTATE.I clear (debugging); quiet with it set', () => {
    const m = pnmiMachine();
    assert.deepEqual(fired('local_daif_restore', [0], ['DAIF_PROCCTX'], m.clone(), PNMI_DEBUG), [CHECK_DAIF_RESTORE_UNMASKED.id]);
    assert.deepEqual(fired('local_daif_restore', [0], ['DAIF_PROCCTX'], m.clone(), PNMI), []);
    run('local_daif_mask', [], [], m, PNMI);
    assert.deepEqual(fired('local_daif_restore', [0], ['DAIF_PROCCTX'], m, PNMI_DEBUG), []);
  });

  it('local_daif_restore(): PROCCTX unmasks by PMR, NOIRQ with A clear lets pseudo-NMIs in, ERRCTX masks by PSTATE.I', () => {
    const m = pnmiMachine();
    run('local_daif_mask', [], [], m, PNMI);
    run('local_daif_restore', [0], ['DAIF_PROCCTX'], m, PNMI);
    assert.deepEqual([m.pmr, m.daifI, m.daifD, m.asyncMasked, m.hwIF, m.lockdepOn], [GIC.IRQON, 0, 0, 0, 1, 1]);
    run('local_daif_restore', [DAIF_PROCCTX_NOIRQ], ['DAIF_PROCCTX_NOIRQ'], m, PNMI);
    assert.deepEqual([m.pmr, m.daifI, m.hwIF, m.lockdepOn], [GIC.IRQOFF, 0, 0, 0]);
    run('local_daif_restore', [DAIF_ERRCTX], ['DAIF_ERRCTX'], m, PNMI);
    assert.deepEqual([m.pmr, m.daifI, m.asyncMasked, m.hwIF], [GIC.IRQON | GIC.PSR_I_SET, 1, 1, 0]);
  });

  it('DAIF reads and writes: D is state, writes leave the PMR flag alone, save_flags folds PMR masking into I and F', () => {
    const m = pnmiMachine();
    const p = lookupPrimitive('read_sysreg')!;
    assert.equal(p.choices?.({ m, cfg: PNMI, args: [0], argText: ['daif'], callee: 'read_sysreg', report: () => {} }), 1, 'D is not a choice with priority masking');
    assert.equal(run('read_sysreg', [0], ['daif'], m, PNMI), 0);
    run('write_sysreg', [DAIF_PROCCTX_NOIRQ | PSR_D_BIT], ['x', 'daif'], m, PNMI);
    assert.deepEqual([m.daifI, m.daifD, m.hwIF, m.pmr], [1, 1, 1, GIC.IRQON], 'PSTATE.I set, the kernel\'s flag (PMR) still on');
    assert.equal(run('read_sysreg', [0], ['daif'], m, PNMI), DAIF_PROCCTX_NOIRQ | PSR_D_BIT);
    const n = pnmiMachine();
    run('local_irq_disable', [], [], n, PNMI);
    assert.equal(run('local_daif_save_flags', [], [], n, PNMI) & DAIF_PROCCTX_NOIRQ, DAIF_PROCCTX_NOIRQ, 'IRQs masked by PMR read as I and F');
    run('gic_unmask_pnmis', [], [], m, PNMI);
    assert.deepEqual([m.pmr, m.daifI, m.hwIF], [GIC.IRQOFF, 0, 0]);
  });

  it('PMR is not modelled without priority masking: reading or writing it there is an error', () => {
    assert.throws(() => run('read_sysreg_s', [0], ['SYS_ICC_PMR_EL1'], new Machine(PNMI_LAYOUT), NO_PNMI), /not in use/);
    assert.throws(() => run('gic_write_pmr', [GIC.IRQOFF], ['GIC_PRIO_IRQOFF'], new Machine(PNMI_LAYOUT), NO_PNMI), /not in use/);
    assert.throws(() => run('gic_write_pmr', [0x100], ['x'], pnmiMachine(), PNMI), /8 bits/);
    assert.equal(lookupPrimitive('read_sysreg_s')!.appliesTo?.(['SYS_ID_AA64PFR0_EL1']), false, 'other system registers stay inline asm');
  });

  it('the state encoding carries PMR, PSTATE.I and D (and their saved copies) only in layouts with GIC priorities', () => {
    const m = pnmiMachine();
    m.pmr = GIC.IRQON | GIC.PSR_I_SET;
    m.daifI = 1;
    m.daifD = 1;
    m.contexts.push({ ...newContext(), savedIF: 1, savedLockdepOn: 1, savedRcuWatching: 1, savedNmiNonidle: 1, savedRcuNesting: 1, savedPmr: GIC.IRQOFF, savedDaifD: 1 });
    const w: number[] = [];
    encode(m, w);
    assert.equal(w.length, 4 + 3);
    const d = decode(w, 0, () => 0, PNMI_LAYOUT);
    assert.deepEqual([d.pmr, d.daifI, d.daifD, d.hwIF], [m.pmr, 1, 1, 1]);
    assert.deepEqual([d.contexts[0]!.savedPmr, d.contexts[0]!.savedDaifI, d.contexts[0]!.savedDaifD], [GIC.IRQOFF, 0, 1]);
    const x = new Machine();
    const wx: number[] = [];
    encode(x, wx);
    assert.equal(wx.length, 3, 'no arm64 word elsewhere');
    x.pmr = GIC.IRQON;
    assert.throws(() => encode(x, wx), ModelBoundError);
    const big = pnmiMachine();
    big.pmr = 0x1e0;
    assert.throws(() => encode(big, w), ModelBoundError);
  });

  const root = path.join(process.env.KENTRY_CACHE ? path.resolve(process.env.KENTRY_CACHE) : path.join(path.dirname(new URL(import.meta.url).pathname), '..', '.cache'), 'kernels', 'linux-7.3');
  it('the PMR values are the tree\'s: arch/arm64/include/asm/ptrace.h (GIC_PRIO_*) over linux/irqchip/arm-gic-v3-prio.h', { skip: fs.existsSync(path.join(root, 'arch', 'arm64', 'include', 'asm', 'ptrace.h')) ? false : 'no 7.3 tree in the cache' }, () => {
    const l = readLayout(root, 'arm64', () => undefined);
    assert.ok(l.gicPrio);
    assert.match(l.sources.GIC_PRIO_IRQON!, /^arch\/arm64\/include\/asm\/ptrace\.h:\d+$/);
    assert.match(l.sources.GICV3_PRIO_NMI!, /^include\/linux\/irqchip\/arm-gic-v3-prio\.h:\d+$/);
    // What the tree's definitions say of each other (not their values): IRQOFF is the regular
    // IRQs' priority, and priorities order NMI < IRQ < IRQON.
    assert.equal(l.gicPrio.IRQOFF, l.gicPrio.PRIO_IRQ);
    assert.ok(l.gicPrio.PRIO_NMI < l.gicPrio.PRIO_IRQ && l.gicPrio.PRIO_IRQ < l.gicPrio.IRQON);
    assert.equal(readLayout(root, 'x86', () => undefined).gicPrio, undefined, 'x86 defines no GIC priorities');
    // kernel_entry's PMR value is the tree's expression, evaluated (7.3: IRQON | PSR_I_SET).
    assert.equal(l.gicPrio.ENTRY_PMR, l.gicPrio.IRQON | l.gicPrio.PSR_I_SET);
    assert.match(l.sources.ENTRY_PMR!, /^arch\/arm64\/kernel\/entry\.S:\d+, arch\/arm64\/kernel\/entry\.S:\d+, arch\/arm64\/kernel\/asm-offsets\.c:\d+$/);
    assert.equal(l.gicPrio.SAVED_PMR_MEMBER, 'pmr', '7.3 saves PMR in regs->pmr (S_PMR)');
  });

  // 6.1 is not among them: its GIC_PRIO_IRQOFF reads a static key (gic_nonsecure_priorities,
  // asm/ptrace.h), a boot-time value the layout cannot take as a constant (LayoutError).
  for (const v of ['6.12']) {
    const older = path.join(path.dirname(root), `linux-${v}`);
    it(`${v}: entry.S saves PMR with a 64-bit store in S_PMR_SAVE, which asm-offsets.c makes regs->pmr_save`, { skip: fs.existsSync(path.join(older, 'arch', 'arm64', 'kernel', 'entry.S')) ? false : `no ${v} tree in the cache` }, () => {
      const l = readLayout(older, 'arm64', () => undefined);
      assert.equal(l.gicPrio?.SAVED_PMR_MEMBER, 'pmr_save');
      assert.equal(l.gicPrio.ENTRY_PMR, l.gicPrio.IRQON | l.gicPrio.PSR_I_SET);
    });
  }

  describe('the GIC priorities of a tree of our own (readGicPrio)', () => {
    const PRIO = '#define GICV3_PRIO_UNMASKED 0xf0\n#define GICV3_PRIO_IRQ 0xa0\n#define GICV3_PRIO_NMI 0x90\n#define GICV3_PRIO_PSR_I_SET (1 << 3)\n';
    const save = '\tmrs_s\tx9, SYS_ICC_PMR_EL1\n\tstr\tw9, [sp, #S_PMR]\n\tmov\tx9, #GIC_PRIO_IRQOFF | GIC_PRIO_PSR_I_SET\n\tmsr_s\tSYS_ICC_PMR_EL1, x9\n';
    const restore = '\tldr\tw7, [sp, #S_PMR]\n\tmsr_s\tSYS_ICC_PMR_EL1, x7\n';
    /** A fresh tree per case (headers are read through a cache keyed by path). */
    const OFFSETS = 'DEFINE(S_PMR,\t\toffsetof(struct pt_regs, pmr));\nDEFINE(S_PMR_SAVE, offsetof(struct pt_regs, pmr_save));\n';
    function toyTree(prio: string, entry: string, offsets = OFFSETS): string {
      const toy = tempDir('kentry-gic-');
      const put = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(toy, rel)), { recursive: true });
        fs.writeFileSync(path.join(toy, rel), text);
      };
      put('include/linux/irqchip/arm-gic-v3-prio.h', prio);
      put('arch/toy/include/asm/ptrace.h', '#include <linux/irqchip/arm-gic-v3-prio.h>\n#define GIC_PRIO_IRQON GICV3_PRIO_UNMASKED\n#define GIC_PRIO_IRQOFF GICV3_PRIO_IRQ\n#define GIC_PRIO_PSR_I_SET GICV3_PRIO_PSR_I_SET\n');
      put('arch/toy/kernel/entry.S', entry);
      put('arch/toy/kernel/asm-offsets.c', offsets);
      return toy;
    }

    it('quiet: every value read, kernel_entry\'s PMR evaluated from the tree\'s expression', () => {
      const sources: Record<string, string> = {};
      assert.deepEqual(readGicPrio(toyTree(PRIO, `${save}\n${restore}`), 'toy', () => undefined, sources), { IRQON: 0xf0, IRQOFF: 0xa0, PSR_I_SET: 0x8, PRIO_IRQ: 0xa0, PRIO_NMI: 0x90, ENTRY_PMR: 0xa8, SAVED_PMR_MEMBER: 'pmr' });
      assert.equal(sources.GICV3_PRIO_NMI, 'include/linux/irqchip/arm-gic-v3-prio.h:3');
      assert.equal(sources.ENTRY_PMR, 'arch/toy/kernel/entry.S:1, arch/toy/kernel/entry.S:6, arch/toy/kernel/asm-offsets.c:1');
    });

    it('quiet: the 6.x shape, a 64-bit slot S_PMR_SAVE, names the member asm-offsets.c gives it (pmr_save)', () => {
      const save6 = save.replace('str\tw9, [sp, #S_PMR]', 'str\tx9, [sp, #S_PMR_SAVE]');
      const restore6 = restore.replace('ldr\tw7, [sp, #S_PMR]', 'ldr\tx7, [sp, #S_PMR_SAVE]');
      const g = readGicPrio(toyTree(PRIO, `${save6}\n${restore6}`), 'toy', () => undefined, {});
      assert.equal(g?.SAVED_PMR_MEMBER, 'pmr_save');
      assert.equal(g?.ENTRY_PMR, 0xa8);
    });

    it('fires: an entry.S that does not restore PMR from regs->pmr, or a missing priority, is a LayoutError', () => {
      assert.throws(() => readGicPrio(toyTree(PRIO, save), 'toy', () => undefined, {}), (e: unknown) => e instanceof LayoutError && /does not restore ICC_PMR_EL1/.test(e.message));
      // Restored from another slot than the one saved to.
      assert.throws(() => readGicPrio(toyTree(PRIO, `${save}\n${restore.replace('S_PMR', 'S_PMR_SAVE')}`), 'toy', () => undefined, {}), (e: unknown) => e instanceof LayoutError && /does not restore ICC_PMR_EL1 from the slot it saved it in \(ldr \[sp, #S_PMR\]/.test(e.message));
      // A slot asm-offsets.c does not define as a pt_regs member.
      assert.throws(() => readGicPrio(toyTree(PRIO, `${save}\n${restore}`, 'DEFINE(S_PC, offsetof(struct pt_regs, pc));\n'), 'toy', () => undefined, {}), (e: unknown) => e instanceof LayoutError && /does not define S_PMR as offsetof\(struct pt_regs/.test(e.message));
      const noNmi = PRIO.replace(/#define GICV3_PRIO_NMI .*\n/, '');
      assert.throws(() => readGicPrio(toyTree(noNmi, `${save}\n${restore}`), 'toy', () => undefined, {}), (e: unknown) => e instanceof LayoutError && /GICV3_PRIO_NMI is not defined/.test(e.message));
    });

    it('quiet: an arch whose ptrace.h has no GIC priorities has none (no error)', () => {
      assert.equal(readGicPrio(toyTree(PRIO, ''), 'other', () => undefined, {}), undefined);
    });
  });

  // Delivery: vectors of our own on the bundled model, rebound with GIC priorities and checked at a
  // point with ARM64_PSEUDO_NMI=y. The vector's exception entry masks PSTATE.I (PMR := IRQON |
  // PSR_I_SET); what the body unmasks decides what can arrive.
  async function reportOf(body: string, bounds: { nmiNesting: number; irqNesting: number }, debug = false): Promise<KentryReport> {
    const text = vector(`${ENTER}\n${body}\n${EXIT}`);
    const [row] = await fileTarget([{ file: 'checks/pnmi.c', text }], 'my_vector', 'irq', 'x86-58');
    const roots = [row!.vector, ...(row!.irqVector ? [row!.irqVector] : []), ...(row!.nmiVector ? [row!.nmiVector] : [])].filter((n) => row!.program.ir.functions.has(n));
    const program = bindProgram(row!.program.ir, roots, { layout: PNMI_LAYOUT });
    const r = runCheck('pnmi', [{ ...row!, program }], {
      lattice: { vary: [], fixed: { ARM64_PSEUDO_NMI: true, ARM64_DEBUG_PRIORITY_MASKING: debug, PROVE_LOCKING: true } },
      contexts: ['kernel'],
      bounds,
      maxStates: 50_000,
      maxSeconds: 300,
    });
    assert.ok(r.complete);
    assert.equal(r.stats.configsChecked, 1);
    return r;
  }
  const statesOf = async (body: string, bounds: { nmiNesting: number; irqNesting: number }): Promise<number> => (await reportOf(body, bounds)).stats.distinctStates;
  const steps = '\tpreempt_disable();\n\tpreempt_enable_no_resched();';
  const NMI = { nmiNesting: 1, irqNesting: 0 };
  const IRQ = { nmiNesting: 0, irqNesting: 1 };
  const NONE = { nmiNesting: 0, irqNesting: 0 };

  it('fires: with PMR masking regular IRQs and PSTATE.I clear (gic_unmask_pnmis()), a pseudo-NMI arrives', async () => {
    const body = `\tgic_unmask_pnmis();\n${steps}`;
    assert.ok((await statesOf(body, NMI)) > (await statesOf(body, NONE)));
  });

  it('quiet: in the same state a regular IRQ does not arrive', async () => {
    const body = `\tgic_unmask_pnmis();\n${steps}`;
    assert.equal(await statesOf(body, IRQ), await statesOf(body, NONE));
  });

  it('quiet: with PSTATE.I set (as the exception left it) neither arrives, whatever PMR says', async () => {
    const body = `\tlocal_irq_enable();\n${steps}\n\tlocal_irq_disable();`;
    const none = await statesOf(body, NONE);
    assert.equal(await statesOf(body, NMI), none);
    assert.equal(await statesOf(body, IRQ), none);
  });

  // The window is opened and closed by DAIF writes alone: no step in it changes anything but
  // the arch word. An NMI is offered only after a step that changed CPU state (engine.ts
  // cpuChanged), and the arch word is CPU state: without it counted, this NMI was never taken.
  it('fires: a pseudo-NMI window that only DAIF writes open and close still takes the NMI', async () => {
    // local_irq_disable(): PMR := GIC_PRIO_IRQOFF, which lets pseudo-NMIs through once PSTATE.I
    // is clear; the two DAIF writes clear it and set it again, and change nothing else. The
    // local wakeup first sets TIF_NEED_RESCHED, so that no other CPU's set (a step that changes
    // CPU state) can come between the writes and make the NMI reachable another way.
    const body = `\tset_thread_flag(${CLASSIC_LAYOUT.tif.NEED_RESCHED});\n\tlocal_irq_disable();\n\twrite_sysreg(0, daif);\n\twrite_sysreg(${PSR_I_BIT | PSR_F_BIT}, daif);`;
    assert.ok((await statesOf(body, NMI)) > (await statesOf(body, NONE)));
  });

  it('quiet: the same writes with the window never open (PSTATE.I written set twice) take none', async () => {
    const body = `\tset_thread_flag(${CLASSIC_LAYOUT.tif.NEED_RESCHED});\n\tlocal_irq_disable();\n\twrite_sysreg(${PSR_I_BIT | PSR_F_BIT}, daif);\n\twrite_sysreg(${PSR_I_BIT | PSR_F_BIT}, daif);`;
    assert.equal(await statesOf(body, NMI), await statesOf(body, NONE));
  });

  it('fires: with PSTATE.I clear and PMR at GIC_PRIO_IRQON, a regular IRQ arrives (the pseudo-NMI enters as one)', async () => {
    const body = `\twrite_sysreg(0, daif);\n\tlocal_irq_enable();\n${steps}\n\tlocal_irq_disable();`;
    assert.ok((await statesOf(body, IRQ)) > (await statesOf(body, NONE)));
  });
});

describe('GIC priority masking: the debug WARNs reach the report from code that runs them', () => {
  async function reportOf(body: string, debug: boolean): Promise<KentryReport> {
    const text = vector(`${ENTER}\n${body}\n${EXIT}`);
    const [row] = await fileTarget([{ file: 'checks/pnmi-warn.c', text }], 'my_vector', 'irq', 'x86-58');
    const program = bindProgram(row!.program.ir, [row!.vector], { layout: PNMI_LAYOUT });
    const r = runCheck('pnmi', [{ ...row!, program }], {
      lattice: { vary: [], fixed: { ARM64_PSEUDO_NMI: true, ARM64_DEBUG_PRIORITY_MASKING: debug, PROVE_LOCKING: true } },
      contexts: ['kernel'],
      bounds: { nmiNesting: 0, irqNesting: 0 },
      maxStates: 50_000,
      maxSeconds: 300,
    });
    assert.ok(r.complete);
    return r;
  }
  // A mutated exit: PMR left at GIC_PRIO_IRQOFF | GIC_PRIO_PSR_I_SET (0xd0 with the fixture's
  // values) before local_daif_mask(), where the tree writes GIC_PRIO_IRQOFF.
  const mutated = '\tgic_write_pmr(0xd0);\n\tlocal_daif_mask();';
  const correct = '\tgic_write_pmr(0xc0);\n\tlocal_daif_mask();';

  it('fires: local_daif_mask() after PMR was left at IRQOFF | PSR_I_SET', async () => {
    const f = assertFires(await reportOf(mutated, true), CHECK_DAIF_MASK_PMR.id, undefined);
    assert.match(f.message, /local_daif_mask\(\): ICC_PMR_EL1 is GIC_PRIO_IRQOFF \| GIC_PRIO_PSR_I_SET \(0xd0\)/);
  });

  it('quiet: the same with PMR at IRQOFF, and the mutant without ARM64_DEBUG_PRIORITY_MASKING', async () => {
    assertQuiet(await reportOf(correct, true), CHECK_DAIF_MASK_PMR.id);
    assertQuiet(await reportOf(mutated, false), CHECK_DAIF_MASK_PMR.id);
  });

  it('fires: local_irq_enable() with PMR at IRQOFF | PSR_I_SET; quiet with IRQOFF', async () => {
    const body = (v: string) => `\tgic_write_pmr(${v});\n\tlocal_irq_enable();\n\tlocal_irq_disable();`;
    const f = assertFires(await reportOf(body('0xd0'), true), CHECK_PMR_IRQFLAGS.id, undefined);
    assert.match(f.message, /__pmr_local_irq_enable\(\).*ICC_PMR_EL1 is 0xd0/);
    assertQuiet(await reportOf(body('0xc0'), true), CHECK_PMR_IRQFLAGS.id);
  });
});

// ── the rows of issue 11 beyond irq/nmi: what they added to the model ──

describe('arm64 saved registers: regs->pstate and regs->pmr are the interrupted context\'s', () => {
  /** A machine inside one exception taken from a context with the given saved state. */
  function inside(layout: ModelLayout, saved: { savedIF: number; savedAsyncMasked: number; savedDaifI?: number; savedDaifD?: number; savedPmr?: number }): Machine {
    const m = new Machine(layout);
    m.contexts.push({ ...newContext(), ...saved });
    return m;
  }
  const load = (path: string, layout: ModelLayout) => lookupArm64Member(path, layout)?.load;

  it('tracked only in a layout with GIC priorities (an arm64 tree), and only pstate and pmr', () => {
    assert.ok(load('pt_regs.pstate', PNMI_LAYOUT));
    assert.ok(load('pt_regs.pmr', PNMI_LAYOUT));
    assert.equal(lookupArm64Member('pt_regs.pstate', CLASSIC_LAYOUT), undefined, 'elsewhere an opaque load');
    assert.equal(lookupArm64Member('pt_regs.pc', PNMI_LAYOUT), undefined);
  });

  it('pstate without priority masking: I and F from the saved IRQ flag, A from the saved SError mask, D and the other bits over both values', () => {
    const def = load('pt_regs.pstate', PNMI_LAYOUT)!;
    const env = (m: Machine, choice: number): PrimitiveEnv => ({ m, cfg: NO_PNMI, args: [0], argText: ['&regs->pstate'], choice, callee: def.name, report: () => {} });
    const off = inside(PNMI_LAYOUT, { savedIF: 0, savedAsyncMasked: 0 });
    assert.equal(def.choices!(env(off, 0)), 4);
    const vals = [0, 1, 2, 3].map((c) => def.run(env(off, c)));
    for (const v of vals) assert.equal(v & (PSR_I_BIT | PSR_F_BIT | PSR_A_BIT), PSR_I_BIT | PSR_F_BIT, 'IRQs were off, SError unmasked');
    assert.deepEqual(new Set(vals.map((v) => v & PSR_D_BIT)), new Set([0, PSR_D_BIT]));
    assert.ok(vals.some((v) => (v & ~0x3c0) === 0) && vals.some((v) => (v & ~0x3c0) !== 0), 'other bits all clear or all set, never only 0');
    const on = inside(PNMI_LAYOUT, { savedIF: 1, savedAsyncMasked: 1 });
    assert.equal(def.run(env(on, 0)) & (PSR_I_BIT | PSR_F_BIT | PSR_A_BIT), PSR_A_BIT, 'IRQs were on, SError masked');
    assert.throws(() => def.run(env(new Machine(PNMI_LAYOUT), 0)), /no interrupt context/);
  });

  it('pstate and pmr with priority masking: PSTATE.I and D and the PMR as saved', () => {
    const ps = load('pt_regs.pstate', PNMI_LAYOUT)!;
    const pmr = load('pt_regs.pmr', PNMI_LAYOUT)!;
    const m = inside(PNMI_LAYOUT, { savedIF: 0, savedAsyncMasked: 0, savedDaifI: 0, savedDaifD: 1, savedPmr: GIC.IRQOFF });
    const env = (callee: string, cfg: ConfigReader, choice = 0): PrimitiveEnv => ({ m, cfg, args: [0], argText: [''], choice, callee, report: () => {} });
    assert.equal(ps.choices!(env(ps.name, PNMI)), 2);
    // IRQs off by PMR only: PSTATE.I was clear, so the saved DAIF has no I (local_daif_inherit()
    // restores PMR for that).
    assert.equal(ps.run(env(ps.name, PNMI)) & (PSR_I_BIT | PSR_D_BIT), PSR_D_BIT);
    assert.equal(pmr.run(env(pmr.name, PNMI)), GIC.IRQOFF);
    // Without priority masking entry.S does not save it: unknown, both answers (IRQON and another).
    assert.equal(pmr.choices!(env(pmr.name, NO_PNMI)), 2);
    assert.equal(pmr.choices!(env(pmr.name, PNMI)), 1);
    assert.deepEqual([0, 1].map((c) => pmr.run(env(pmr.name, NO_PNMI, c))), [GIC.IRQON, GIC.IRQOFF]);
  });

  it('the saved PMR member is the tree\'s: pt_regs.pmr_save tracked only in a layout whose entry.S saves it there (6.x)', () => {
    const six: ModelLayout = { ...PNMI_LAYOUT, gicPrio: { ...GIC, SAVED_PMR_MEMBER: 'pmr_save' } };
    assert.equal(load('pt_regs.pmr_save', six), load('pt_regs.pmr', PNMI_LAYOUT), 'the same member under its 6.x name');
    assert.equal(lookupArm64Member('pt_regs.pmr', six), undefined, '7.x\'s name is an opaque load in a 6.x layout');
    assert.equal(lookupArm64Member('pt_regs.pmr_save', PNMI_LAYOUT), undefined, 'and the other way round');
  });
});

describe('arm64 6.x entry slots: regs->exit_rcu and regs->lockdep_hardirqs carry a flag from the enter helper to the exit helper', () => {
  const slots = [['pt_regs.exit_rcu', 'regsExitRcu'], ['pt_regs.lockdep_hardirqs', 'regsLockdepHardirqs']] as const;
  const env = (m: Machine, callee: string, args: number[] = [], choice = 0): PrimitiveEnv => ({ m, cfg: NO_PNMI, args, argText: args.map(String), choice, callee, report: () => {} });
  function inside(): Machine {
    const m = new Machine(PNMI_LAYOUT);
    m.contexts.push(newContext());
    return m;
  }

  for (const [path, fieldName] of slots) {
    it(`${path}: unwritten, either answer; stored, what was stored; kept with the context (state encoding)`, () => {
      const member = lookupArm64Member(path, PNMI_LAYOUT)!;
      const { load, store } = member;
      assert.ok(load && store);
      const m = inside();
      // entry.S never writes it: before the C's store, the stack's old contents, both answers.
      assert.equal(load.choices!(env(m, load.name)), 2);
      assert.deepEqual([0, 1].map((c) => load.run(env(m, load.name, [], c))), [0, 1]);
      for (const v of [1, 0]) {
        const n = m.clone();
        store.run(env(n, store.name, [v]));
        assert.equal(n.contexts[0]![fieldName], v ? RegsSlot.True : RegsSlot.False);
        assert.equal(load.choices!(env(n, load.name)), 1, 'written: one answer');
        assert.equal(load.run(env(n, load.name)), v);
        assert.equal(m.contexts[0]![fieldName], RegsSlot.Unwritten, 'the clone\'s store does not reach the machine it was cloned from');
        // The slot is part of the state: two machines that differ only in it encode differently.
        const a: number[] = [];
        const b: number[] = [];
        encode(n, a);
        encode(m, b);
        assert.notDeepEqual(a, b);
        assert.deepEqual(decode(a, 0, () => 0, PNMI_LAYOUT).contexts[0]![fieldName], n.contexts[0]![fieldName]);
      }
      assert.throws(() => load.run(env(new Machine(PNMI_LAYOUT), load.name)), /no interrupt context/);
    });
  }

  it('a slot holding a value out of its range is a ModelBoundError, never truncated', () => {
    const m = inside();
    m.writableContext(0).regsExitRcu = 3;
    assert.throws(() => encode(m, []), (e: unknown) => e instanceof ModelBoundError && /regs->exit_rcu/.test(e.message));
  });

  it('thread_info.preempt_count: zero exactly when the count is 0 and the need_resched fold is in (TIF set, no reschedule IPI pending)', () => {
    const def = lookupArm64Member('thread_info.preempt_count', PNMI_LAYOUT)!.load!;
    const read = (preempt: number, needResched: number, reschedIpi: number) => {
      const m = new Machine(PNMI_LAYOUT);
      Object.assign(m, { preempt, needResched, reschedIpi, reschedUnseen: needResched });
      return { value: def.run(env(m, def.name)), m };
    };
    assert.equal(read(0, 1, 0).value, 0, 'preemptible with a folded request: the word is 0');
    assert.notEqual(read(0, 0, 0).value, 0, 'no request: PREEMPT_NEED_RESCHED set');
    assert.notEqual(read(0, 1, 1).value, 0, 'a remote request whose IPI has not folded it yet');
    assert.notEqual(read(0x100, 1, 0).value, 0, 'a non-zero count');
    assert.equal(read(0x100, 0, 0).value | 0, read(0x100, 0, 0).value, 'a 32-bit value the IR can hold');
    // What the word shows is seen; a folded request is asked about (I7 then expects preemption).
    const folded = read(0, 1, 0).m;
    assert.deepEqual([folded.reschedUnseen, folded.reschedKnown, folded.reschedAsked], [0, 1, 1]);
    const pending = read(0, 1, 1).m;
    assert.deepEqual([pending.reschedUnseen, pending.reschedAsked], [0, 0], 'not folded: left to the pending IPI');
    assert.equal(lookupArm64Member('thread_info.preempt_count', CLASSIC_LAYOUT), undefined, 'arm64 layouts only');
  });

  it('a new exception\'s context starts with both slots unwritten', () => {
    assert.equal(newContext().regsExitRcu, RegsSlot.Unwritten);
    assert.equal(newContext().regsLockdepHardirqs, RegsSlot.Unwritten);
  });
});

describe('arm64 syscall row leaves', () => {
  it('has_syscall_work(): both answers (the task\'s syscall-work flags are not modelled)', () => {
    const p = lookupPrimitive('has_syscall_work')!;
    assert.equal(p.choices!({ m: new Machine(), cfg: NO_PNMI, args: [0], argText: ['flags'], callee: 'has_syscall_work', report: () => {} }), 2);
    assert.deepEqual([0, 1].map((c) => run('has_syscall_work', [0], ['flags'], new Machine(), NO_PNMI, c)), [0, 1]);
  });

  it('RCU_LOCKDEP_WARN(): fires with PROVE_RCU when the condition holds; quiet when it does not, and without PROVE_RCU', () => {
    const prove = cfgOf({ PROVE_RCU: true });
    assert.deepEqual(fired('RCU_LOCKDEP_WARN', [1, 0], ['!rcu_is_watching()', '"x"'], new Machine(), prove), ['assert.warn_on']);
    assert.deepEqual(fired('RCU_LOCKDEP_WARN', [0, 0], ['!rcu_is_watching()', '"x"'], new Machine(), prove), []);
    assert.deepEqual(fired('RCU_LOCKDEP_WARN', [1, 0], ['!rcu_is_watching()', '"x"'], new Machine(), cfgOf({ PROVE_RCU: false })), []);
  });

  it('the generated syscall count of a table named with the rule\'s stem (syscall_%.tbl → syscall_64.tbl)', () => {
    const root = tempDir('kentry-sc-');
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    const rule = '$(obj)/unistd_%.h: $(syscalltbl) $(syshdr) FORCE\n';
    put('scripts/Makefile.asm-headers', `syscall_abis_64 += common,64\nsyscalltbl := $(srctree)/scripts/syscall.tbl\nsyshdr-args := --emit-nr\n${rule}`);
    put('arch/toy/kernel/Makefile.syscalls', 'syscall_abis_64 += toy\nsyscalltbl = arch/toy/tools/syscall_%.tbl\n');
    put('arch/toy/tools/syscall_64.tbl', '0\tcommon\tread\tsys_read\n1\ttoy\tping\tsys_ping\n2\tother\tnope\tsys_nope\n');
    put('arch/toy/tools/syscall_32.tbl', '0\tcommon\tread\tsys_read\n');
    const g = generatedSyscalls(root, 'toy');
    assert.equal(g?.count, 2);
    assert.equal(g?.table, 'arch/toy/tools/syscall_64.tbl');
    // Without the pattern rule the stem is not known: no count, never a guessed one.
    put('scripts/Makefile.asm-headers', 'syscall_abis_64 += common,64\nsyscalltbl := $(srctree)/scripts/syscall.tbl\nsyshdr-args := --emit-nr\n');
    assert.equal(generatedSyscalls(root, 'toy'), undefined);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
