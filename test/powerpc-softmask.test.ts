// powerpc 64-bit soft masking, the parts in place (docs/arch-plan.md, "### powerpc"): the soft-mask
// values and irq_happened bits read from the tree (src/tree/layout.ts readPpcSoftMask), the paca
// byte accesses and regs->softe (src/kernel/powerpc.ts), MSR[EE] apart from the kernel's IRQ flag,
// and the state encoding's powerpc fields (src/model/state.ts). Each fires where it should and
// stays quiet where it should not.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookupPrimitive } from '../src/kernel/index.ts';
import { lookupPowerpcMember, softMaskWrite } from '../src/kernel/powerpc.ts';
import type { PrimitiveEnv } from '../src/kernel/types.ts';
import { boolIndex, ConfigReader, PreemptModel } from '../src/model/config.ts';
import { decode, encode, Machine, ModelBoundError, newContext, NipPlace } from '../src/model/state.ts';
import { symbolToken } from '../src/explore/program.ts';
import { CLASSIC_LAYOUT, readPpcSoftMask, type ModelLayout, type PpcSoftMaskLayout } from '../src/tree/layout.ts';
import { kernelRoot, skipUnlessTree } from './trees.ts';

const root = kernelRoot('7.3');
const skip = skipUnlessTree('7.3', 'arch/powerpc');

const MSR = { EE: 0x8000, PR: 0x4000, RI: 0x2 };
/** The values 7.3's arch/powerpc/include/asm/hw_irq.h gives a Book3S-64 kernel. */
const SOFT: PpcSoftMaskLayout = {
  IRQS_ENABLED: 0,
  IRQS_DISABLED: 1,
  IRQS_PMI_DISABLED: 2,
  IRQS_ALL_DISABLED: 3,
  HARD_DIS: 0x01,
  EE: 0x04,
  DEC: 0x08,
  DBELL: 0x02,
  HMI: 0x10,
  PMI: 0x20,
  REPLAYING: 0x40,
  MUST_HARD_MASK: 0x04 | 0x20 | 0x40,
};
const PPC32: ModelLayout = { ...CLASSIC_LAYOUT, ppcMsr: MSR };
const PPC64: ModelLayout = { ...PPC32, ppcSoftMask: SOFT };
/** A 64-bit config, and a 32-bit one of the same tree (its layout has the soft-mask values too). */
const CFG = new ConfigReader({ preempt: PreemptModel.Full, bits: (1 << boolIndex('PROVE_LOCKING')) | (1 << boolIndex('PPC64')) });
const CFG32 = new ConfigReader({ preempt: PreemptModel.Full, bits: 1 << boolIndex('PROVE_LOCKING') });

function run(name: string, args: number[], argText: string[], m: Machine, choice = 0, cfg = CFG): number {
  const p = lookupPrimitive(name);
  assert.ok(p, name);
  const env: PrimitiveEnv = { m, cfg, args, argText, choice, callee: name, report: () => {} };
  return p.run(env);
}

function member(path: string, store: boolean, args: number[], m: Machine): number {
  const t = lookupPowerpcMember(path, m.layout);
  assert.ok(t, path);
  const def = store ? t.store : t.load;
  assert.ok(def, `${path} ${store ? 'store' : 'load'}`);
  return def.run({ m, cfg: CFG, args, argText: args.map(String), choice: 0, callee: path, report: () => {} });
}

const OFF_SOFT = 'offsetof(struct paca_struct, irq_soft_mask)';
const OFF_HAPPENED = 'offsetof(struct paca_struct, irq_happened)';

describe('powerpc soft-mask values from the tree (readPpcSoftMask)', () => {
  it('fires: a 64-bit Book3S config reads every IRQS_* value and PACA_IRQ_* bit of asm/hw_irq.h', { skip }, () => {
    const on = new Set(['PPC64', 'PPC_BOOK3S', 'PPC_BOOK3S_64']);
    const sources: Record<string, string> = {};
    const got = readPpcSoftMask(root, 'powerpc', (n) => on.has(n), sources);
    assert.deepEqual(got, SOFT);
    assert.match(sources.PACA_IRQ_HARD_DIS ?? '', /^arch\/powerpc\/include\/asm\/hw_irq\.h:\d+$/);
  });

  it('fires: Book3E leaves PMIs out of PACA_IRQ_MUST_HARD_MASK, as the header says', { skip }, () => {
    const on = new Set(['PPC64', 'PPC_BOOK3E_64']);
    const got = readPpcSoftMask(root, 'powerpc', (n) => on.has(n), {});
    assert.equal(got?.MUST_HARD_MASK, SOFT.EE | SOFT.REPLAYING);
  });

  it('quiet: a 32-bit config has no soft mask', { skip }, () => {
    assert.equal(readPpcSoftMask(root, 'powerpc', () => false, {}), undefined);
  });
});

describe('powerpc 64-bit: the soft mask is the IRQ flag, MSR[EE] its own bit', () => {
  it('fires: stb to irq_soft_mask sets and clears the kernel IRQ flag; lbz reads it back', () => {
    const m = new Machine(PPC64);
    softMaskWrite(m, SOFT.IRQS_ENABLED);
    assert.equal(m.hwIF, 1);
    run('__kentry_ppc_paca_stb', [0, SOFT.IRQS_ALL_DISABLED], [OFF_SOFT, 'mask'], m);
    assert.deepEqual([m.softMask, m.hwIF], [SOFT.IRQS_ALL_DISABLED, 0]);
    assert.equal(run('__kentry_ppc_paca_lbz', [0], [OFF_SOFT], m), SOFT.IRQS_ALL_DISABLED);
    run('__kentry_ppc_paca_stb', [0, SOFT.IRQS_PMI_DISABLED], [OFF_SOFT, 'mask'], m);
    assert.equal(m.hwIF, 1, 'only IRQS_DISABLED is "IRQs off" (arch_irqs_disabled_flags())');
  });

  it('fires: irq_happened is its own byte; the C member accesses reach the same state', () => {
    const m = new Machine(PPC64);
    run('__kentry_ppc_paca_stb', [0, SOFT.HARD_DIS | SOFT.EE], [OFF_HAPPENED, 'v'], m);
    assert.equal(m.irqHappened, SOFT.HARD_DIS | SOFT.EE);
    assert.equal(member('paca_struct.irq_happened', false, [], m), SOFT.HARD_DIS | SOFT.EE);
    member('paca_struct.irq_happened', true, [0], m);
    assert.equal(run('__kentry_ppc_paca_lbz', [0], [OFF_HAPPENED], m), 0);
    member('paca_struct.irq_soft_mask', true, [SOFT.IRQS_ALL_DISABLED], m);
    assert.deepEqual([m.softMask, m.hwIF], [SOFT.IRQS_ALL_DISABLED, 0]);
  });

  it('fires: mtmsr/mfmsr move MSR[EE] only; the kernel IRQ flag and lockdep stay', () => {
    const m = new Machine(PPC64);
    softMaskWrite(m, SOFT.IRQS_DISABLED);
    const lockdep = m.lockdepOn;
    run('__mtmsrd', [MSR.EE | MSR.RI, 1], ['MSR_EE | MSR_RI', '1'], m);
    assert.deepEqual([m.msrEE, m.hwIF], [1, 0]);
    assert.equal(run('mfmsr', [], [], m) & MSR.EE, MSR.EE);
    run('__mtmsrd', [MSR.RI, 1], ['MSR_RI', '1'], m);
    assert.deepEqual([m.msrEE, m.hwIF, m.lockdepOn], [0, 0, lockdep]);
  });

  it('fires: regs->softe is the interrupted context\'s soft mask, read and written there; regs->msr\'s EE is its MSR[EE]', () => {
    const m = new Machine(PPC64);
    m.contexts.push({ ...newContext(), savedIF: 0, savedSoftMask: SOFT.IRQS_DISABLED, savedMsrEE: 1 });
    assert.equal(member('pt_regs.softe', false, [], m), SOFT.IRQS_DISABLED);
    member('pt_regs.softe', true, [SOFT.IRQS_ALL_DISABLED], m);
    assert.equal(m.contexts[0]!.savedSoftMask, SOFT.IRQS_ALL_DISABLED);
    assert.equal(member('pt_regs.msr', false, [], m) & MSR.EE, MSR.EE, 'EE on although IRQs were soft-disabled');
  });

  it('quiet: a paca byte the model does not hold, or soft-mask state on a 32-bit config, is refused (never zero)', () => {
    const m = new Machine(PPC64);
    assert.throws(() => run('__kentry_ppc_paca_lbz', [0], ['offsetof(struct paca_struct, saved_r1)'], m), /does not hold/);
    const m32 = new Machine(PPC64);
    assert.throws(() => run('__kentry_ppc_paca_stb', [0, 1], [OFF_SOFT, '1'], m32, 0, CFG32), /not a 64-bit powerpc kernel/);
    assert.equal(lookupPowerpcMember('pt_regs.softe', PPC32), undefined, 'no regs->softe member in a tree without soft masking');
    assert.equal(lookupPowerpcMember('paca_struct.irq_happened', PPC32), undefined);
    run('__mtmsrd', [MSR.EE, 1], ['MSR_EE', '1'], m32, 0, CFG32);
    assert.deepEqual([m32.hwIF, m32.msrEE], [1, 0], 'in a 32-bit config MSR[EE] is the IRQ flag itself');
  });
});

describe('powerpc 64-bit: the state encoding', () => {
  it('fires: the soft mask, irq_happened, MSR[EE] and each context\'s softe and EE round-trip in the arch word', () => {
    const m = new Machine(PPC64);
    softMaskWrite(m, SOFT.IRQS_ALL_DISABLED);
    m.irqHappened = SOFT.HARD_DIS | SOFT.EE;
    m.msrEE = 1;
    m.contexts.push({ ...newContext(), savedIF: 1, savedLockdepOn: 1, savedRcuWatching: 1, savedNmiNonidle: 1, savedRcuNesting: 1, savedSoftMask: SOFT.IRQS_DISABLED, savedMsrEE: 1 });
    const w: number[] = [];
    encode(m, w);
    assert.equal(w.length, 4 + 4, 'one arch word, four words per context');
    const d = decode(w, 0, () => 0, PPC64);
    assert.deepEqual([d.softMask, d.irqHappened, d.msrEE, d.hwIF], [SOFT.IRQS_ALL_DISABLED, SOFT.HARD_DIS | SOFT.EE, 1, 0]);
    assert.deepEqual([d.contexts[0]!.savedSoftMask, d.contexts[0]!.savedMsrEE], [SOFT.IRQS_DISABLED, 1]);
    m.writableContext(0).entrySoftMask = SOFT.IRQS_ALL_DISABLED;
    m.writableContext(0).entryHappened = SOFT.HARD_DIS | SOFT.EE;
    encode(m, w);
    const e = decode(w, 0, () => 0, PPC64);
    assert.deepEqual([e.contexts[0]!.entrySoftMask, e.contexts[0]!.entryHappened], [SOFT.IRQS_ALL_DISABLED, SOFT.HARD_DIS | SOFT.EE]);
  });

  it('quiet: a layout without soft masking has no arch word and three words per context, and refuses soft-mask state', () => {
    const x = new Machine(PPC32);
    const w: number[] = [];
    x.contexts.push({ ...newContext(), savedIF: 1 });
    encode(x, w);
    assert.equal(w.length, 3 + 3);
    x.irqHappened = SOFT.EE;
    assert.throws(() => encode(x, w), ModelBoundError);
    x.irqHappened = 0;
    x.writableContext(0).savedSoftMask = SOFT.IRQS_DISABLED;
    assert.throws(() => encode(x, w), ModelBoundError);
  });
});

describe('powerpc 64-bit: regs->nip against __end_soft_masked (is_implicit_soft_masked())', () => {
  const END = symbolToken('__end_soft_masked');
  const nipLoad = (m: Machine, choice = 0): number => {
    const def = lookupPowerpcMember('pt_regs.nip', m.layout)!.load!;
    return def.run({ m, cfg: CFG, args: [], argText: [], choice, callee: 'regs->nip', report: () => {} });
  };
  const nipChoices = (m: Machine): number => lookupPowerpcMember('pt_regs.nip', m.layout)!.load!.choices!({ m, cfg: CFG, args: [], argText: [], callee: 'regs->nip', report: () => {} });

  it('fires: the shell marks head text; a context saved there reads below the symbol, a store of an unknown value reads both sides', () => {
    const m = new Machine(PPC64);
    run('kentry_powerpc_soft_masked_text', [1], ['1'], m);
    assert.equal(m.belowEndSoftMasked, 1);
    m.contexts.push({ ...newContext(), nip: NipPlace.Below, savedBelowEndSoftMasked: 1 });
    assert.equal(nipLoad(m), END - 1);
    assert.equal(nipChoices(m), 1);
    assert.ok(nipLoad(m) < END, 'regs->nip >= __end_soft_masked is false');
    // arch_interrupt_nmi_exit_prepare(): regs_set_return_ip(regs, rst), rst from the unread table.
    member('pt_regs.nip', true, [12345], m);
    assert.equal(m.contexts[0]!.nip, NipPlace.Unknown);
    assert.equal(nipChoices(m), 2);
    assert.deepEqual([nipLoad(m, 0), nipLoad(m, 1)], [END - 1, END + 1]);
    // The state round-trips.
    const w: number[] = [];
    encode(m, w);
    const d = decode(w, 0, () => 0, PPC64);
    assert.deepEqual([d.belowEndSoftMasked, d.contexts[0]!.nip, d.contexts[0]!.savedBelowEndSoftMasked], [1, NipPlace.Unknown, 1]);
  });

  it('quiet: kernel C text reads above the symbol; a stored value a load gave keeps its side; the mark is 0 or 1 and 64-bit only', () => {
    const m = new Machine(PPC64);
    m.contexts.push({ ...newContext(), nip: NipPlace.Above });
    assert.equal(nipLoad(m), END + 1);
    member('pt_regs.nip', true, [END + 1], m);
    assert.equal(m.contexts[0]!.nip, NipPlace.Above);
    // From user mode the return goes to a user address whatever is stored (rseq's abort IP).
    const u = new Machine(PPC64);
    u.contexts.push({ ...newContext(), userMode: 1, nip: NipPlace.Below });
    member('pt_regs.nip', true, [12345], u);
    assert.equal(u.contexts[0]!.nip, NipPlace.Below);
    assert.equal(nipChoices(u), 1);
    assert.throws(() => run('kentry_powerpc_soft_masked_text', [2], ['2'], m), /0 or 1/);
    assert.throws(() => run('kentry_powerpc_soft_masked_text', [1], ['1'], m, 0, CFG32), /not a 64-bit powerpc kernel/);
    const x = new Machine(PPC32);
    x.belowEndSoftMasked = 1;
    assert.throws(() => encode(x, []), ModelBoundError);
  });
});

// ─────────────────────────────────────────── the front end: the paca's asm, local_paca, Kbuild ──

import { parseProgram } from '../src/c/frontend.ts';
import { OpKind, type CallOp, type IrFunction } from '../src/c/ir.ts';
import { ARCH_HARNESSES } from '../src/explore/kernel-target.ts';
import { kbuildCondition } from '../src/tree/read.ts';

const PPC_ASM = ARCH_HARNESSES.powerpc!.asmCalls!;
async function lowerPpc(text: string) {
  return parseProgram([{ file: 'toy.c', text }], { tolerant: true, asmCalls: PPC_ASM });
}
const callsOf = (fn: IrFunction | undefined): CallOp[] => (fn?.ops ?? []).filter((o): o is CallOp => o.kind === OpKind.Call);

// Written for this test in the tree's shape (asm/hw_irq.h, kernel/irq_64.c), not copied.
const PACA_TOY = `
struct paca_struct;
register struct paca_struct *local_paca asm("r13");
static inline unsigned long toy_mask_read(void)
{
	unsigned long v;
	asm volatile("lbz %0,%1(13)" : "=r" (v) : "i" (offsetof(struct paca_struct, irq_soft_mask)));
	return v;
}
static inline void toy_mask_write(unsigned long v)
{
	asm volatile("stb %0,%1(13)" : : "r" (v), "i" (offsetof(struct paca_struct, irq_soft_mask)) : "memory");
}
void toy_unmask(void)
{
	asm goto(
"1:	lbz 9,%0(13)	\\n"
"	cmpwi 9,0	\\n"
"	bne %l[pending]	\\n"
"	stb 9,%1(13)	\\n"
"2:			\\n"
	".section __restart_table,\\"a\\"; " ".balign 8; " ".llong (1b); " ".llong (2b); " ".llong (1b); " ".previous "
	: : "i" (offsetof(struct paca_struct, irq_happened)), "i" (offsetof(struct paca_struct, irq_soft_mask)) : "cr0", "r9" : pending);
	return;
pending:
	local_paca->irq_happened |= 1;
}
void toy_no_restart(void)
{
	asm goto(
"1:	lbz 9,%0(13)	\\n"
"	cmpwi 9,0	\\n"
"	bne %l[pending]	\\n"
"	stb 9,%1(13)	\\n"
"2:			\\n"
	: : "i" (offsetof(struct paca_struct, irq_happened)), "i" (offsetof(struct paca_struct, irq_soft_mask)) : "cr0", "r9" : pending);
	return;
pending:
	return;
}
void toy_save_r1(void)
{
	asm volatile("std%X0 %1,%0" : "=m" (local_paca->saved_r1) : "r" (current_stack_pointer));
}
`;

describe('powerpc 64-bit: the paca asm the front end lowers (PacaAsmSpec)', () => {
  it('fires: lbz/stb on r13 are the paca byte load and store, the offset operand passed by its text', async () => {
    const ir = await lowerPpc(PACA_TOY);
    const load = callsOf(ir.functions.get('toy_mask_read'));
    assert.deepEqual(load.map((c) => [c.callee, c.argText[0]]), [['__kentry_ppc_paca_lbz', OFF_SOFT]]);
    assert.notEqual(load[0]!.result, -1, 'the output operand gets the value');
    const store = callsOf(ir.functions.get('toy_mask_write'));
    assert.deepEqual(store.map((c) => [c.callee, c.argText[0], c.argText[1]]), [['__kentry_ppc_paca_stb', OFF_SOFT, 'v']]);
  });

  it('fires: the restartable test-and-store is one step that branches to its label; the compound store through local_paca is a load and a store of the member', async () => {
    const ir = await lowerPpc(PACA_TOY);
    const fn = ir.functions.get('toy_unmask')!;
    const c = callsOf(fn);
    assert.deepEqual(c[0] && [c[0].callee, c[0].argText[0], c[0].argText[1]], ['__kentry_ppc_paca_unmask', OFF_HAPPENED, OFF_SOFT]);
    assert.ok(fn.ops.some((o) => o.kind === OpKind.BranchIfFalse), 'a branch to the label');
    const rmw = c.filter((x) => x.member === 'paca_struct.irq_happened');
    assert.deepEqual(rmw.map((x) => x.callee), ['__kentry_load', '__kentry_store_untracked']);
    assert.equal(rmw[1]!.args.length, 1, 'the store carries the new value');
  });

  it('quiet: the same sequence without its restart-table entry is not atomic, so it is not lowered (unsupported, never guessed)', async () => {
    const ir = await lowerPpc(PACA_TOY);
    assert.equal(ir.functions.get('toy_no_restart'), undefined);
    assert.match(ir.unsupported?.get('toy_no_restart')?.reason ?? '', /asm/);
  });

  it('fires: a register stored to a memory output is an untracked store with no value (binding refuses it for a tracked member)', async () => {
    const ir = await lowerPpc(PACA_TOY);
    const c = callsOf(ir.functions.get('toy_save_r1'));
    assert.deepEqual(c.map((x) => [x.callee, x.args.length, x.member]), [['__kentry_store_untracked', 0, 'paca_struct.saved_r1']]);
  });
});

describe('Kbuild conditions of the C files the tree reader reads (kbuildCondition)', () => {
  it('fires: irq_64.c is built only with CONFIG_PPC64 (arch/powerpc/kernel/Makefile)', { skip }, () => {
    assert.equal(kbuildCondition(root, 'arch/powerpc/kernel/irq_64.c'), 'PPC64');
  });
  it('quiet: irq.c, interrupt.c and syscall.c are built in every config (obj-y)', { skip }, () => {
    for (const f of ['irq.c', 'interrupt.c', 'syscall.c']) assert.equal(kbuildCondition(root, `arch/powerpc/kernel/${f}`), null, f);
  });
});

describe('INT_SOFT_MASK_BUG_ON() read as the tree\'s statements (ArchHarnesses.statementMacros)', () => {
  it('fires: with CONFIG_PPC_IRQ_SOFT_MASK_DEBUG its BUG_ON() block is read, calls in its condition included; quiet: without it the macro is empty and its condition is never evaluated', { skip, timeout: 600_000 }, async () => {
    const { loadTree } = await import('../src/explore/kernel-target.ts');
    const kt = await loadTree(root, 'powerpc');
    const variants = [...kt.program.ir.functions.keys()].filter((k) => k.startsWith('arch_interrupt_enter_prepare[') && k.includes('PPC64=y'));
    const calls = (k: string): string[] => kt.program.ir.functions.get(k)!.ops.flatMap((op) => (op.kind === OpKind.Call ? [op.callee] : []));
    const debug = variants.filter((k) => k.includes('PPC_IRQ_SOFT_MASK_DEBUG=y'));
    const plain = variants.filter((k) => k.includes('PPC_IRQ_SOFT_MASK_DEBUG=n'));
    assert.ok(debug.length > 0 && plain.length > 0, variants.join(', '));
    for (const k of debug) assert.ok(calls(k).includes('is_implicit_soft_masked'), k);
    for (const k of plain) {
      assert.ok(!calls(k).includes('is_implicit_soft_masked'), k);
      assert.ok(!calls(k).includes('INT_SOFT_MASK_BUG_ON'), k);
    }
  });
});
