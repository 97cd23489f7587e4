// powerpc's MSR primitives, the saved MSR, the thread-flag bit helpers and the soft-mask debug
// macro (src/kernel/powerpc.ts), the MSR bits and the syscall count read from the tree
// (src/tree/layout.ts readPpcMsr, src/tree/syscalls.ts): each fires where it should and stays quiet
// where it should not.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookupPrimitive } from '../src/kernel/index.ts';
import { lookupPowerpcMember } from '../src/kernel/powerpc.ts';
import type { PrimitiveEnv } from '../src/kernel/types.ts';
import { boolIndex, ConfigReader, PreemptModel, type KConfig } from '../src/model/config.ts';
import { Machine, newContext } from '../src/model/state.ts';
import { CLASSIC_LAYOUT, readPpcMsr, type ModelLayout } from '../src/tree/layout.ts';
import { generatedSyscalls } from '../src/tree/syscalls.ts';
import { kernelRoot, skipUnlessTree } from './trees.ts';

const root = kernelRoot('7.3');
const skip = skipUnlessTree('7.3', 'arch/powerpc');

/** MSR_EE, MSR_PR and MSR_RI as 7.3's arch/powerpc/include/asm/reg.h defines them (bits 15, 14, 1). */
const MSR = { EE: 0x8000, PR: 0x4000, RI: 0x2 };
const PPC: ModelLayout = { ...CLASSIC_LAYOUT, ppcMsr: MSR };

const PLAIN = new ConfigReader({ preempt: PreemptModel.Full, bits: 1 << boolIndex('PROVE_LOCKING') });

function run(name: string, args: number[], argText: string[], m: Machine, choice = 0, cfg = PLAIN): number {
  const p = lookupPrimitive(name);
  assert.ok(p, name);
  if (p.appliesTo) assert.equal(p.appliesTo(argText), true, `${name}(${argText.join(', ')}) applies`);
  const env: PrimitiveEnv = { m, cfg, args, argText, choice, callee: name, report: () => {} };
  return p.run(env);
}

function machine(hwIF: 0 | 1): Machine {
  const m = new Machine(PPC);
  m.hwIF = hwIF;
  return m;
}

describe('powerpc MSR[EE] primitives', () => {
  it('fires: mtmsr/wrtee with MSR_EE turn IRQs on, without it off; mfmsr reads EE back; lockdep is not told', () => {
    const m = machine(0);
    const lockdep = m.lockdepOn;
    run('mtmsr', [MSR.EE | MSR.RI], ['mfmsr() | MSR_EE'], m);
    assert.equal(m.hwIF, 1);
    assert.equal(run('mfmsr', [], [], m) & MSR.EE, MSR.EE);
    run('mtmsr', [MSR.RI], ['mfmsr() & ~MSR_EE'], m);
    assert.equal(m.hwIF, 0);
    assert.equal(run('mfmsr', [], [], m, 1) & MSR.EE, 0, 'EE clear whatever the untracked bits are');
    run('wrtee', [MSR.EE], ['MSR_EE'], m);
    assert.equal(m.hwIF, 1);
    run('__mtmsrd', [MSR.EE | MSR.RI, 1], ['MSR_EE | MSR_RI', '1'], m);
    assert.equal(m.hwIF, 1);
    run('hard_irq_disable', [], [], m);
    assert.equal(m.hwIF, 0);
    run('wrtspr', [0], ['SPRN_EIE'], m);
    assert.equal(m.hwIF, 1);
    run('wrtspr', [0], ['SPRN_NRI'], m);
    assert.equal(m.hwIF, 0);
    assert.equal(m.lockdepOn, lockdep);
  });

  it('quiet: writes that keep EE as it is change nothing; the untracked MSR bits are unconstrained, PR is clear', () => {
    const m = machine(1);
    run('mtmsr', [MSR.EE], ['flags'], m);
    assert.equal(m.hwIF, 1);
    m.hwIF = 0;
    run('wrtee', [0], ['0'], m);
    run('wrtspr', [0], ['SPRN_EID'], m);
    assert.equal(m.hwIF, 0);
    const reads = [0, 1].map((c) => run('mfmsr', [], [], m, c));
    assert.equal(new Set(reads).size, 2, 'all clear or all set, never only 0');
    assert.ok(reads.every((v) => (v & (MSR.EE | MSR.PR)) === 0));
    assert.throws(() => run('wrtspr', [0], ['SPRN_SRR0'], m), /not an 8xx EE register/);
    assert.throws(() => run('mfmsr', [], [], new Machine()), /does not define MSR_EE/, 'no powerpc layout, no MSR');
  });
});

describe('powerpc saved MSR (regs->msr)', () => {
  it('fires: EE and PR from the interrupted context', () => {
    const m = machine(0);
    m.contexts.push({ ...newContext(), savedIF: 1, userMode: 1 });
    const load = lookupPowerpcMember('pt_regs.msr', PPC)!.load!;
    const env = { m, cfg: PLAIN, args: [], argText: ['&regs->msr'], choice: 0, callee: '__kentry_load', report: () => {} };
    assert.equal(load.run(env) & (MSR.EE | MSR.PR | MSR.RI), MSR.EE | MSR.PR | MSR.RI);
  });

  it('quiet: a kernel context with IRQs off has EE and PR clear, RI set; no member without the powerpc layout', () => {
    const m = machine(0);
    m.contexts.push({ ...newContext(), savedIF: 0, userMode: 0 });
    const load = lookupPowerpcMember('pt_regs.msr', PPC)!.load!;
    for (const choice of [0, 1]) {
      const v = load.run({ m, cfg: PLAIN, args: [], argText: [], choice, callee: '__kentry_load', report: () => {} });
      assert.equal(v & (MSR.EE | MSR.PR | MSR.RI), MSR.RI);
    }
    assert.equal(lookupPowerpcMember('pt_regs.msr', CLASSIC_LAYOUT), undefined);
    assert.equal(lookupPowerpcMember('pt_regs.trap', PPC), undefined);
  });
});

describe('powerpc clear_bits/set_bits on the thread flags', () => {
  const tif = CLASSIC_LAYOUT.tif;
  const text = ['mask', '&current_thread_info()->flags'];
  it('fires: set_bits of TIF_NEED_RESCHED is a local wakeup, of TIF_SIGPENDING pending work; clear_bits undoes both', () => {
    const m = machine(0);
    run('set_bits', [(1 << tif.NEED_RESCHED) | (1 << tif.SIGPENDING)], text, m);
    assert.equal(m.needResched, 1);
    assert.notEqual(m.userWork, 0);
    run('clear_bits', [(1 << tif.NEED_RESCHED) | (1 << tif.SIGPENDING)], text, m);
    assert.equal(m.needResched, 0);
    assert.equal(m.userWork, 0);
  });

  it('quiet: bits the model does not hold change nothing; another word is not the thread flags', () => {
    const m = machine(0);
    const free = [...Array(32).keys()].find((b) => !Object.values(tif).includes(b))!;
    run('set_bits', [1 << free], text, m);
    assert.equal(m.needResched, 0);
    assert.equal(m.userWork, 0);
    assert.equal(lookupPrimitive('clear_bits')!.appliesTo!(['mask', '&regs->flags']), false);
  });
});

describe('the machine check: add_taint() and the way back (kentry_powerpc_mce_recover)', () => {
  it('fires: add_taint(…, LOCKDEP_NOW_UNRELIABLE) switches lockdep off for good; quiet: LOCKDEP_STILL_OK leaves it on', () => {
    const m = machine(0);
    assert.equal(m.debugLocks, 1);
    run('add_taint', [4, 0], ['TAINT_MACHINE_CHECK', 'LOCKDEP_STILL_OK'], m);
    assert.equal(m.debugLocks, 1);
    run('add_taint', [4, 1], ['TAINT_MACHINE_CHECK', 'LOCKDEP_NOW_UNRELIABLE'], m);
    assert.equal(m.debugLocks, 0);
    // Anything but an enum lockdep_ok enumerator by name is refused, never guessed.
    assert.throws(() => run('add_taint', [4, 1], ['TAINT_MACHINE_CHECK', 'ok'], machine(0)), /enum lockdep_ok/);
  });
  it('fires: a machine check nested in a vector\'s steps, or taken in user mode, dies there (the path ends); quiet: one taken from the row\'s starting kernel context returns', () => {
    const nested = machine(0);
    nested.contexts.push({ ...newContext(), savedIF: 1 }, { ...newContext(), savedIF: 0 });
    run('kentry_powerpc_mce_recover', [0], ['regs'], nested);
    assert.equal(nested.halted, 1);
    const first = machine(0);
    first.contexts.push({ ...newContext(), savedIF: 1 });
    run('kentry_powerpc_mce_recover', [0], ['regs'], first);
    assert.equal(first.halted, 0);
    // In user mode there is no kernel fixup either: the task dies.
    const user = machine(0);
    user.contexts.push({ ...newContext(), savedIF: 1, userMode: 1 });
    run('kentry_powerpc_mce_recover', [0], ['regs'], user);
    assert.equal(user.halted, 1);
  });
});

describe('powerpc tree facts (7.3)', { skip }, () => {
  it('MSR_EE, MSR_PR and MSR_RI are read from asm/reg.h; other arches have none', () => {
    const sources: Record<string, string> = {};
    assert.deepEqual(readPpcMsr(root, 'powerpc', () => undefined, sources), MSR);
    assert.match(sources.MSR_EE!, /^arch\/powerpc\/include\/asm\/reg\.h:\d+$/);
    for (const arch of ['x86', 'arm64', 'riscv', 's390', 'loongarch']) assert.equal(readPpcMsr(root, arch, () => undefined, {}), undefined, arch);
  });
  it('__NR_syscalls from the per-target ABI list of arch/powerpc/kernel/syscalls/Makefile', () => {
    const g = generatedSyscalls(root, 'powerpc');
    assert.ok(g);
    assert.deepEqual(g.abis, ['common', 'nospu', '64']);
    assert.equal(g.table, 'arch/powerpc/kernel/syscalls/syscall.tbl');
    // The last line of the table whose ABI is one of those is 472 (7.3).
    assert.equal(g.count, 473);
  });
});
