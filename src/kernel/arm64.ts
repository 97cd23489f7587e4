// arm64's interrupt mask as CPU state: PSTATE.DAIF and the helpers that read and write it
// (arch/arm64/include/asm/daifflags.h, sysreg.h), docs/arch-plan.md.
//
// The model has one hardware IRQ flag (hwIF); on arm64 it is DAIF.I, with DAIF.F kept equal to it
// (every DAIF write on the interrupt path sets or clears I and F together: DAIF_PROCCTX_NOIRQ,
// DAIF_ERRCTX, local_daif_mask()'s `msr daifset, #0xf`). DAIF.A is Machine.asyncMasked: it masks
// SError, the NMI-class vector of the arm64 rows, which taking an exception sets (the engine,
// HarnessFunctions.asyncMask) and the writes below clear or set. D is not modelled: a read of
// DAIF gives both values of it (never 0). The bit positions are PSTATE's, fixed by the architecture
// (the tree's arch/arm64/include/uapi/asm/ptrace.h names them PSR_{D,A,I,F}_BIT).
//
// read_sysreg()/write_sysreg() are the tree's macros around `mrs`/`msr`: modelled only for the
// `daif` register (appliesTo); any other register is inline asm the model does not interpret
// (src/tree/asm-helpers.ts: an opaque site with access `asm`, its value unconstrained).
//
// GIC priority masking (pseudo-NMI, PMR) is not modelled yet: the helpers below are written for
// the trees' configs without CONFIG_ARM64_PSEUDO_NMI, where system_uses_irq_prio_masking() is
// false (cpucap_is_possible() in arch/arm64/include/asm/cpucaps.h: the GIC_PRIO_MASKING cap is
// possible only with ARM64_PSEUDO_NMI); with it on, or undecided, they refuse to run.

import { traceHardirqsOff, traceHardirqsOn } from './trace.ts';
import type { PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';
import { knownConstant as known } from './args.ts';

export const PSR_F_BIT = 0x40;
export const PSR_I_BIT = 0x80;
export const PSR_A_BIT = 0x100;
export const PSR_D_BIT = 0x200;

/** The register the asm accesses, as the tree writes it. */
const DAIF = 'daif';
/** The cpucap that says GIC priority masking is in use (system_uses_irq_prio_masking()). */
export const CAP_PRIO_MASKING = 'ARM64_HAS_GIC_PRIO_MASKING';


function requireNoPseudoNmi(env: Pick<PrimitiveEnv, 'cfg' | 'callee'>): void {
  const pnmi = env.cfg.kconfig('ARM64_PSEUDO_NMI');
  if (pnmi !== false) {
    throw new Error(`${env.callee}: CONFIG_ARM64_PSEUDO_NMI is ${pnmi === undefined ? 'undecided' : 'on'} here, and kentry does not model GIC priority masking (PMR) yet`);
  }
}

/** DAIF as read by `mrs x, daif`: I and F from hwIF, A from asyncMasked, D either value (`choice`). */
function daifRead(env: PrimitiveEnv): number {
  const masked = env.m.hwIF ? 0 : PSR_I_BIT | PSR_F_BIT;
  return masked | (env.m.asyncMasked ? PSR_A_BIT : 0) | (env.choice & 1 ? PSR_D_BIT : 0);
}

/** Either value of D. */
const DA_CHOICES = (): number => 2;

/** `msr daif, x`: I (and F) and A as x says. */
function daifWrite(env: PrimitiveEnv, flags: number): void {
  env.m.hwIF = (flags & PSR_I_BIT) !== 0 ? 0 : 1;
  env.m.asyncMasked = (flags & PSR_A_BIT) !== 0 ? 1 : 0;
}

/** TRACE_IRQFLAGS builds trace_hardirqs_on/off; without it they are empty macros (no call). */
const traceBuilt = (cfg: PrimitiveEnv['cfg']): boolean => cfg.kconfig('TRACE_IRQFLAGS') !== false;

function daifMask(env: PrimitiveEnv): void {
  requireNoPseudoNmi(env);
  env.m.hwIF = 0;
  env.m.asyncMasked = 1;
  traceHardirqsOff(env);
}

const primitives: PrimitiveDef[] = [
  {
    name: 'read_sysreg',
    appliesTo: (a) => a[0] === DAIF,
    instrumentable: false,
    query: true,
    choices: DA_CHOICES,
    doc: 'read_sysreg(daif): `mrs` of PSTATE.DAIF; I and F from the hardware IRQ flag, A from the SError mask, D unconstrained.',
    run: daifRead,
  },
  {
    name: 'write_sysreg',
    appliesTo: (a) => a[1] === DAIF,
    instrumentable: false,
    doc: 'write_sysreg(flags, daif): `msr daif`; IRQs masked iff PSR_I_BIT is set, SError iff PSR_A_BIT (D not modelled). Lockdep is not told.',
    run(env) {
      daifWrite(env, known(env, 0));
      return 0;
    },
  },
  {
    name: 'local_daif_mask',
    instrumentable: true,
    callsAs: 'trace_hardirqs_off',
    builtIf: traceBuilt,
    rcuIdleSafe: true,
    irqStateTransition: true,
    doc: '__always_inline: `msr daifset, #0xf` (all of DAIF masked: IRQs and SError), then trace_hardirqs_off() (daifflags.h).',
    run(env) {
      daifMask(env);
      return 0;
    },
  },
  {
    name: 'local_daif_save',
    instrumentable: true,
    callsAs: 'trace_hardirqs_off',
    builtIf: traceBuilt,
    rcuIdleSafe: true,
    irqStateTransition: true,
    choices: DA_CHOICES,
    doc: '__always_inline: the DAIF flags as read (local_daif_save_flags()), then local_daif_mask().',
    run(env) {
      requireNoPseudoNmi(env);
      const flags = daifRead(env);
      daifMask(env);
      return flags;
    },
  },
  {
    name: 'local_daif_restore',
    instrumentable: true,
    callsAs: (args) => ((args[0]! & PSR_I_BIT) !== 0 ? 'trace_hardirqs_off' : 'trace_hardirqs_on'),
    builtIf: traceBuilt,
    rcuIdleSafe: true,
    irqStateTransition: true,
    doc: '__always_inline: with PSR_I_BIT clear, trace_hardirqs_on() then `msr daif`; with it set, `msr daif` then trace_hardirqs_off() (daifflags.h).',
    run(env) {
      requireNoPseudoNmi(env);
      const flags = known(env, 0);
      const irqDisabled = (flags & PSR_I_BIT) !== 0;
      if (!irqDisabled) traceHardirqsOn(env);
      daifWrite(env, flags);
      if (irqDisabled) traceHardirqsOff(env);
      return 0;
    },
  },
  {
    name: 'alternative_has_cap_unlikely',
    aliases: ['alternative_has_cap_likely'],
    appliesTo: (a) => a[0] === CAP_PRIO_MASKING,
    instrumentable: false,
    query: true,
    doc: `alternative_has_cap_*(${CAP_PRIO_MASKING}) (system_uses_irq_prio_masking()): false without CONFIG_ARM64_PSEUDO_NMI (cpucap_is_possible()); the only cap modelled.`,
    run(env) {
      requireNoPseudoNmi(env);
      return 0;
    },
  },
];

export const arm64: Subsystem = { name: 'arm64', primitives, checks: [] };
