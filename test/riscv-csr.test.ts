// riscv's status-register accessors (src/kernel/riscv.ts): SR_IE in sstatus is the hardware IRQ
// flag. Each primitive moves it where it should and leaves it where it should not.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookupPrimitive } from '../src/kernel/index.ts';
import { SR_MIE, SR_SIE } from '../src/kernel/riscv.ts';
import type { PrimitiveEnv } from '../src/kernel/types.ts';
import { SYMBOL_TAG } from '../src/explore/program.ts';
import { boolIndex, ConfigReader, PreemptModel } from '../src/model/config.ts';
import { Machine } from '../src/model/state.ts';

function cfgOf(sym: Record<string, boolean>): ConfigReader {
  return new ConfigReader({ preempt: PreemptModel.Full, bits: 1 << boolIndex('PROVE_LOCKING'), tree: { value: (n) => sym[n], mask: () => 0 } });
}
const S_MODE = cfgOf({ RISCV_M_MODE: false });
const SR_VS = 0x600; // another status field (the vector state), not the IE bit

function run(name: string, args: number[], argText: string[], m: Machine, cfg = S_MODE, choice = 0): number {
  const p = lookupPrimitive(name);
  assert.ok(p, name);
  assert.equal(p.appliesTo?.(argText), true, `${name}(${argText.join(', ')}) applies`);
  const env: PrimitiveEnv = { m, cfg, args, argText, choice, callee: name, report: () => {} };
  return p.run(env);
}

describe('riscv status CSR primitives', () => {
  it('fires: csr_clear / csr_set of SR_IE move the hardware flag, lockdep is not told', () => {
    const m = new Machine();
    m.hwIF = 1;
    const lockdep = m.lockdepOn;
    run('csr_clear', [0, SR_SIE], ['CSR_STATUS', 'SR_IE'], m);
    assert.equal(m.hwIF, 0);
    run('csr_set', [0, SR_SIE], ['CSR_STATUS', 'SR_IE'], m);
    assert.equal(m.hwIF, 1);
    assert.equal(m.lockdepOn, lockdep);
    // arch_local_irq_save(): the old value says IRQs were on, and they are off after it.
    const flags = run('csr_read_clear', [0, SR_SIE], ['CSR_STATUS', 'SR_IE'], m);
    assert.equal(flags & SR_SIE, SR_SIE);
    assert.equal(m.hwIF, 0);
    // arch_local_irq_restore(flags): csr_set(CSR_STATUS, flags & SR_IE).
    run('csr_set', [0, flags & SR_SIE], ['CSR_STATUS', 'flags & SR_IE'], m);
    assert.equal(m.hwIF, 1);
    run('csr_write', [0, 0], ['CSR_SSTATUS', 'x'], m);
    assert.equal(m.hwIF, 0);
    // M-mode: CSR_STATUS is mstatus, the IE bit is MIE.
    run('csr_set', [0, SR_MIE], ['CSR_STATUS', 'SR_IE'], m, cfgOf({ RISCV_M_MODE: true }));
    assert.equal(m.hwIF, 1);
  });

  it('quiet: other status bits, other CSRs, and a restore of flags saved with IRQs off change nothing', () => {
    const m = new Machine();
    m.hwIF = 1;
    run('csr_clear', [0, SR_VS], ['CSR_STATUS', 'SR_VS'], m);
    assert.equal(m.hwIF, 1, 'clearing sstatus.VS leaves SIE');
    m.hwIF = 0;
    run('csr_set', [0, SR_VS], ['CSR_STATUS', 'SR_VS'], m);
    run('csr_set', [0, 0], ['CSR_STATUS', 'flags & SR_IE'], m);
    assert.equal(m.hwIF, 0);
    // sstatus.SIE is bit 1: the M-mode bit is not it.
    run('csr_set', [0, SR_MIE], ['CSR_SSTATUS', 'SR_MIE'], m);
    assert.equal(m.hwIF, 0);
    assert.equal(lookupPrimitive('csr_read')!.appliesTo?.(['CSR_TVAL']), false, 'other CSRs stay inline asm');
  });

  it('reads: SR_IE from the flag, the other bits either way (never only 0); unknowns refused', () => {
    const m = new Machine();
    m.hwIF = 0;
    const seen = [0, 1].map((c) => run('csr_read', [0], ['CSR_STATUS'], m, S_MODE, c));
    assert.ok(seen.every((v) => (v & SR_SIE) === 0));
    assert.deepEqual(new Set(seen.map((v) => v !== 0)), new Set([false, true]));
    m.hwIF = 1;
    assert.equal(run('csr_read', [0], ['CSR_STATUS'], m) & SR_SIE, SR_SIE);
    assert.throws(() => run('csr_set', [0, SR_SIE], ['CSR_STATUS', 'SR_IE'], m, cfgOf({})), /RISCV_M_MODE is undecided/);
    assert.throws(() => run('csr_set', [0, SYMBOL_TAG | 7], ['CSR_SSTATUS', 'SR_UNKNOWN'], m), /'SR_UNKNOWN' is not a constant/);
  });
});
