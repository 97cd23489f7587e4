// riscv's interrupt-enable bit as CPU state: the CSR accessors of arch/riscv/include/asm/csr.h
// (`csr_read`, `csr_write`, `csr_set`, `csr_clear`, `csr_read_set`, `csr_read_clear`: macros around
// `csrr`/`csrw`/`csrs`/`csrc`/`csrrs`/`csrrc`) applied to the status register, which riscv's
// `arch_local_irq_*` (asm/irqflags.h) are written with: SR_IE in sstatus is the model's hardware
// IRQ flag (hwIF), as DAIF.I is on arm64.
//
// The tree names the register CSR_STATUS (CSR_SSTATUS in S-mode, CSR_MSTATUS with
// CONFIG_RISCV_M_MODE) and the bit SR_IE (SR_SIE or SR_MIE). The bit positions are the privileged
// architecture's (sstatus.SIE is bit 1, mstatus.MIE bit 3), as arm64's PSR_*_BIT are; which one
// CSR_STATUS means is the config's RISCV_M_MODE, and where that is undecided the primitives refuse.
// The other status bits (SPP, SPIE, FS, VS, …) are not modelled: a read gives them either all
// clear or all set (never only 0), and writes of them change nothing the model tracks. Any other
// CSR is not modelled (appliesTo): the accessor stays inline asm the model does not interpret.
//
// On 7.3 no function the riscv rows interpret calls these (the linux/irqflags.h layer is modelled
// by the irqflags primitives on every arch); they are the semantics riscv's own helpers have when
// a tree's code reaches them.

import type { PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';
import { knownConstant as known } from './args.ts';

export const SR_SIE = 0x2;
export const SR_MIE = 0x8;

const STATUS_NAMES = new Set(['CSR_STATUS', 'CSR_SSTATUS', 'CSR_MSTATUS']);
const isStatus = (a: readonly string[]): boolean => STATUS_NAMES.has((a[0] ?? '').trim());

/** The interrupt-enable bit of the register the call names. */
function ieBit(env: Pick<PrimitiveEnv, 'cfg' | 'callee' | 'argText'>): number {
  const reg = env.argText[0]!.trim();
  if (reg === 'CSR_SSTATUS') return SR_SIE;
  if (reg === 'CSR_MSTATUS') return SR_MIE;
  const m = env.cfg.kconfig('RISCV_M_MODE');
  if (m === undefined) throw new Error(`${env.callee}(${env.argText.join(', ')}): CONFIG_RISCV_M_MODE is undecided here, so CSR_STATUS is not known to be sstatus or mstatus`);
  return m ? SR_MIE : SR_SIE;
}


/** The status register as read: the IE bit from hwIF, the others all clear or all set (`choice`). */
function statusRead(env: PrimitiveEnv): number {
  const ie = ieBit(env);
  const rest = env.choice & 1 ? ~ie & 0x7fffffff : 0;
  return (env.m.hwIF ? ie : 0) | rest;
}

/** Whether the mask argument of csr_set/csr_clear (and their read forms) covers the IE bit. */
const maskHasIE = (env: PrimitiveEnv): boolean => (known(env, 1) & ieBit(env)) !== 0;

const TWO = (): number => 2;

const common = { appliesTo: isStatus, instrumentable: false } as const;

const primitives: PrimitiveDef[] = [
  {
    ...common,
    name: 'csr_read',
    query: true,
    choices: TWO,
    doc: 'csr_read(CSR_STATUS): `csrr` of the status register; SR_IE from the hardware IRQ flag, the other bits unconstrained (all clear or all set).',
    run: statusRead,
  },
  {
    ...common,
    name: 'csr_write',
    doc: 'csr_write(CSR_STATUS, v): `csrw`; IRQs enabled iff v has SR_IE. Lockdep is not told.',
    run(env) {
      env.m.hwIF = (known(env, 1) & ieBit(env)) !== 0 ? 1 : 0;
      return 0;
    },
  },
  {
    ...common,
    name: 'csr_set',
    doc: 'csr_set(CSR_STATUS, mask): `csrs`; IRQs enabled if mask has SR_IE, else unchanged. Lockdep is not told.',
    run(env) {
      if (maskHasIE(env)) env.m.hwIF = 1;
      return 0;
    },
  },
  {
    ...common,
    name: 'csr_clear',
    doc: 'csr_clear(CSR_STATUS, mask): `csrc`; IRQs disabled if mask has SR_IE, else unchanged. Lockdep is not told.',
    run(env) {
      if (maskHasIE(env)) env.m.hwIF = 0;
      return 0;
    },
  },
  {
    ...common,
    name: 'csr_read_set',
    choices: TWO,
    doc: 'csr_read_set(CSR_STATUS, mask): `csrrs`; the old value as csr_read() gives it, then csr_set().',
    run(env) {
      const old = statusRead(env);
      if (maskHasIE(env)) env.m.hwIF = 1;
      return old;
    },
  },
  {
    ...common,
    name: 'csr_read_clear',
    choices: TWO,
    doc: 'csr_read_clear(CSR_STATUS, mask): `csrrc` (arch_local_irq_save()); the old value as csr_read() gives it, then csr_clear().',
    run(env) {
      const old = statusRead(env);
      if (maskHasIE(env)) env.m.hwIF = 0;
      return old;
    },
  },
];

export const riscv: Subsystem = { name: 'riscv', primitives, checks: [] };
