// LoongArch's interrupt-enable bit as CPU state: CRMD.IE, which the tree's arch_local_irq_*()
// (arch/loongarch/include/asm/irqflags.h) change with one `csrxchg` on LOONGARCH_CSR_CRMD under the
// mask CSR_CRMD_IE, and read with `csrrd`. CRMD.IE is the model's hardware IRQ flag (hwIF), as
// sstatus.SIE is on riscv and DAIF.I on arm64.
//
// The tree writes those helpers as asm statements; kentry lowers a one-instruction `csrxchg` /
// `csrrd` / `csrwr` statement to the compiler intrinsic that is the same instruction (`__csrxchg_w`
// & co. of GCC's larchintrin.h, which asm/loongarch.h includes; src/c/lower.ts AsmCallSpec), so
// the helpers are interpreted as written and reach the primitives below. The accessor macros of
// asm/loongarch.h (`csr_read32`, `csr_xchg32`, … over the same intrinsics) are the same
// primitives. The arguments are the tree's: the register is named LOONGARCH_CSR_CRMD and the
// mask and value are evaluated from the tree's constants (CSR_CRMD_IE). Which bit of CRMD is IE is
// the architecture's (LoongArch reference manual, CRMD: PLV bits 0-1, IE bit 2), as riscv's
// SR_SIE and arm64's PSR_I_BIT are; test/loongarch-model.test.ts checks it against the tree's
// CSR_CRMD_IE.
//
// The other CRMD bits (PLV, DA, PG, DATF, DATM, WE) are not modelled: a read gives them either all
// clear or all set (never only 0), and writes of them change nothing the model tracks. Any other
// CSR is not modelled (appliesTo): the intrinsic stays an inline-asm site with an unknown value.
// Lockdep and the irq tracer are not told (the tree's linux/irqflags.h layer does that, modelled
// by the irqflags primitives on every arch). On 7.3 no function the loongarch rows interpret calls
// these (as on riscv): they are the semantics loongarch's own helpers have when a tree's code
// reaches them.

import type { PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';
import { knownConstant as known } from './args.ts';

/** CRMD.IE (the architecture's bit 2). */
export const CRMD_IE = 0x4;

const CRMD = 'LOONGARCH_CSR_CRMD';
const names = (i: number) => (a: readonly string[]): boolean => (a[i] ?? '').trim() === CRMD;

/** CRMD as read: IE from hwIF, the other bits all clear or all set (`choice`). */
function crmdRead(env: PrimitiveEnv): number {
  const rest = env.choice & 1 ? ~CRMD_IE & 0x1ff : 0;
  return (env.m.hwIF ? CRMD_IE : 0) | rest;
}

const TWO = (): number => 2;

const primitives: PrimitiveDef[] = [
  {
    name: '__csrxchg_w',
    aliases: ['__csrxchg_d', 'csr_xchg32', 'csr_xchg64', 'csr_xchg'],
    appliesTo: names(2),
    instrumentable: false,
    choices: TWO,
    doc: '`csrxchg` of CRMD (arch_local_irq_enable/disable/save/restore): returns the old CRMD; where the mask has CSR_CRMD_IE, IE takes the value\'s bit. Lockdep is not told.',
    run(env) {
      const old = crmdRead(env);
      if ((known(env, 1) & CRMD_IE) !== 0) env.m.hwIF = (known(env, 0) & CRMD_IE) !== 0 ? 1 : 0;
      return old;
    },
  },
  {
    name: '__csrrd_w',
    aliases: ['__csrrd_d', 'csr_read32', 'csr_read64'],
    appliesTo: names(0),
    instrumentable: false,
    query: true,
    choices: TWO,
    doc: '`csrrd` of CRMD (arch_local_save_flags()): IE from the hardware IRQ flag, the other bits unconstrained (all clear or all set).',
    run: crmdRead,
  },
  {
    name: '__csrwr_w',
    aliases: ['__csrwr_d', 'csr_write32', 'csr_write64'],
    appliesTo: names(1),
    instrumentable: false,
    choices: TWO,
    doc: '`csrwr` of CRMD: IRQs enabled iff the value has CSR_CRMD_IE; returns the old CRMD. Lockdep is not told.',
    run(env) {
      const old = crmdRead(env);
      env.m.hwIF = (known(env, 0) & CRMD_IE) !== 0 ? 1 : 0;
      return old;
    },
  },
];

export const loongarch: Subsystem = { name: 'loongarch', primitives, checks: [] };
