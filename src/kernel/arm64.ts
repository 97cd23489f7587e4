// arm64's interrupt mask as CPU state: PSTATE.DAIF and the helpers that read and write it
// (arch/arm64/include/asm/daifflags.h, sysreg.h), docs/arch-plan.md.
//
// The model has one hardware IRQ flag (hwIF); without GIC priority masking it is DAIF.I, with
// DAIF.F kept equal to it (every DAIF write on the interrupt path sets or clears I and F together:
// DAIF_PROCCTX_NOIRQ, DAIF_ERRCTX, local_daif_mask()'s `msr daifset, #0xf`). DAIF.A is
// Machine.asyncMasked: it masks SError, the NMI-class vector of the arm64 rows there, which taking
// an exception sets (the engine, HarnessFunctions.asyncMask) and the writes below clear or set.
// D is not modelled there (nothing reads it without priority masking): a read of DAIF gives both
// values of it (never 0). The bit positions are PSTATE's, fixed by the architecture
// (the tree's arch/arm64/include/uapi/asm/ptrace.h names them PSR_{D,A,I,F}_BIT).
//
// read_sysreg()/write_sysreg() are the tree's macros around `mrs`/`msr`: modelled only for the
// `daif` register (appliesTo); any other register is inline asm the model does not interpret
// (src/tree/asm-helpers.ts: an opaque site with access `asm`, its value unconstrained).
//
// GIC priority masking (CONFIG_ARM64_PSEUDO_NMI): where the config has it, the cap
// ARM64_HAS_GIC_PRIO_MASKING is taken to be in use (system_uses_irq_prio_masking() true; the
// boot-time choice irqchip.gicv3_pseudo_nmi=0 leaves the cap off, and every cap test then takes the
// path of a config without it, which the lattice's ARM64_PSEUDO_NMI=n points check). With it:
// - the kernel's IRQ flag is ICC_PMR_EL1 (asm/irqflags.h `__pmr_*`): irqs_disabled() is
//   PMR != GIC_PRIO_IRQON, and the model's hwIF is exactly that (pmrWrite() keeps the two together);
// - PSTATE.I (Machine.daifI) and PSTATE.D (daifD) are their own state: an exception sets them,
//   write_sysreg(…, daif) and local_daif_*() write them, and the GIC signals a regular IRQ only
//   with I clear and PMR above its priority, a pseudo-NMI with I clear and PMR above the NMI's
//   (src/explore/engine.ts);
// - the PMR values are the tree's (layout.gicPrio, read from arch/arm64/include/asm/ptrace.h).
// The checks are the WARN_ON()s asm/irqflags.h and asm/daifflags.h make with
// CONFIG_ARM64_DEBUG_PRIORITY_MASKING (system_has_prio_mask_debugging()): where it is off, or where
// priority masking is not in use, they are not built.

import { traceHardirqsOff, traceHardirqsOn } from './trace.ts';
import type { CheckDef, PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';
import { knownConstant as known, savedRegsContext, writableSavedRegsContext } from './args.ts';
import type { ConfigReader } from '../model/config.ts';
import { RegsSlot, type Machine } from '../model/state.ts';
import type { GicPrioLayout, ModelLayout } from '../tree/layout.ts';
import type { TrackedMember } from './rseq.ts';

export const PSR_F_BIT = 0x40;
export const PSR_I_BIT = 0x80;
export const PSR_A_BIT = 0x100;
export const PSR_D_BIT = 0x200;

/** The register the asm accesses, as the tree writes it. */
const DAIF = 'daif';
/** The cpucap that says GIC priority masking is in use (system_uses_irq_prio_masking()). */
export const CAP_PRIO_MASKING = 'ARM64_HAS_GIC_PRIO_MASKING';
/**
 * The cpucap every CPU has, patched in when the system-wide caps are finalized at the end of
 * boot (arch/arm64/kernel/cpufeature.c: ARM64_ALWAYS_SYSTEM matches has_always):
 * system_capabilities_finalized(). kentry checks a booted system, so it is set; the boot window
 * before it (where arch_irqentry_exit_need_resched() declines preemption on purpose) is not a
 * state the model explores.
 */
export const CAP_SYSTEM_FINALIZED = 'ARM64_ALWAYS_SYSTEM';


/** The register the asm accesses for the GIC CPU interface's priority mask, as the tree names it. */
const PMR = 'SYS_ICC_PMR_EL1';

export const CHECK_PMR_IRQFLAGS: CheckDef = {
  id: 'arm64.pmr_irqflags_unexpected',
  invariant: 'WARN',
  severity: 'violation',
  reporter: 'warn',
  message: 'WARNING: {0}(): WARN_ON_ONCE(pmr != GIC_PRIO_IRQON && pmr != GIC_PRIO_IRQOFF): ICC_PMR_EL1 is {1} (asm/irqflags.h, CONFIG_ARM64_DEBUG_PRIORITY_MASKING)',
};
export const CHECK_DAIF_MASK_PMR: CheckDef = {
  id: 'arm64.daif_mask_pmr',
  invariant: 'WARN',
  severity: 'violation',
  reporter: 'warn',
  message: 'WARNING: local_daif_mask(): ICC_PMR_EL1 is GIC_PRIO_IRQOFF | GIC_PRIO_PSR_I_SET ({0}): regular IRQs were unmasked while the kernel said they were off (asm/daifflags.h, system_has_prio_mask_debugging())',
};
export const CHECK_DAIF_RESTORE_UNMASKED: CheckDef = {
  id: 'arm64.daif_restore_unmasked',
  invariant: 'WARN',
  severity: 'violation',
  reporter: 'warn',
  message: 'WARNING: local_daif_restore(): PSTATE.I and F are not both set on entry (DAIF {0}) (asm/daifflags.h, system_has_prio_mask_debugging())',
};
/** The arch checks: tested in test/arm64-model.test.ts (test/checks.test.ts runs x86 C). */
export const ARM64_CHECKS: readonly CheckDef[] = [CHECK_PMR_IRQFLAGS, CHECK_DAIF_MASK_PMR, CHECK_DAIF_RESTORE_UNMASKED];

/**
 * The tree's GIC priorities where GIC priority masking is in use (CONFIG_ARM64_PSEUDO_NMI), else
 * null. A layout without GIC priorities (every arch but arm64; the bundled model) is never asked
 * about the config. Undecided, or on with priorities the layout lacks: an error.
 */
export function prioMaskingOf(layout: ModelLayout, cfg: ConfigReader, who = 'GIC priority masking'): GicPrioLayout | null {
  if (!layout.gicPrio) return null;
  return prioMaskingCfg(layout, cfg, who);
}

function prioMaskingCfg(layout: ModelLayout, cfg: ConfigReader, who: string): GicPrioLayout | null {
  const pnmi = cfg.kconfig('ARM64_PSEUDO_NMI');
  if (pnmi === undefined) throw new Error(`${who}: CONFIG_ARM64_PSEUDO_NMI is undecided here, so whether IRQs are masked by PSTATE.I or by the GIC priority mask is unknown`);
  if (!pnmi) return null;
  if (!layout.gicPrio) throw new Error(`${who}: CONFIG_ARM64_PSEUDO_NMI is on, but the tree's GIC priority values (GIC_PRIO_*, arch/arm64/include/asm/ptrace.h) were not read`);
  return layout.gicPrio;
}

/** prioMaskingOf() for a primitive: asked even where the layout has no GIC priorities. */
function prio(env: Pick<PrimitiveEnv, 'm' | 'cfg' | 'callee'>): GicPrioLayout | null {
  return prioMaskingCfg(env.m.layout, env.cfg, env.callee);
}

/** CONFIG_ARM64_DEBUG_PRIORITY_MASKING with priority masking in use (system_has_prio_mask_debugging()). */
function prioDebugging(env: Pick<PrimitiveEnv, 'm' | 'cfg' | 'callee'>): boolean {
  if (!prio(env)) return false;
  const d = env.cfg.kconfig('ARM64_DEBUG_PRIORITY_MASKING');
  if (d === undefined) throw new Error(`${env.callee}: CONFIG_ARM64_DEBUG_PRIORITY_MASKING is undecided here`);
  return d;
}

const hex = (v: number): string => `0x${v.toString(16)}`;

/** Writes ICC_PMR_EL1; the kernel's IRQ flag (hwIF) follows: on iff PMR is GIC_PRIO_IRQON. */
export function pmrWrite(m: Machine, g: GicPrioLayout, value: number): void {
  if (value >>> 0 !== value || value > 0xff) throw new Error(`ICC_PMR_EL1 written with ${value}: the priority mask is 8 bits`);
  m.pmr = value;
  m.hwIF = value === g.IRQON ? 1 : 0;
}

/**
 * arch_local_irq_enable()/_disable() with priority masking (`__pmr_local_irq_enable/disable`):
 * the debug WARN on a PMR that is neither IRQON nor IRQOFF, then the write. Called for the
 * generic local_irq_* primitives (src/kernel/irqflags.ts) on configs where masking is in use.
 */
export function pmrIrqs(env: PrimitiveEnv, g: GicPrioLayout, on: boolean): void {
  if (prioDebugging(env) && env.m.pmr !== g.IRQON && env.m.pmr !== g.IRQOFF) {
    env.report(CHECK_PMR_IRQFLAGS, on ? '__pmr_local_irq_enable' : '__pmr_local_irq_disable', hex(env.m.pmr));
  }
  pmrWrite(env.m, g, on ? g.IRQON : g.IRQOFF);
}

/** The GIC priorities where the generic IRQ-flag primitives must write PMR instead of PSTATE.I. */
export function pmrIrqFlag(env: Pick<PrimitiveEnv, 'm' | 'cfg' | 'callee'>): GicPrioLayout | null {
  return env.m.layout.gicPrio ? prio(env) : null;
}

/** DAIF as read by `mrs x, daif`: I and F from PSTATE.I (hwIF without priority masking), A from
 *  asyncMasked, D from daifD with priority masking and either value (`choice`) without. */
function daifRead(env: PrimitiveEnv): number {
  const m = env.m;
  const g = prio(env);
  const iMasked = g ? m.daifI === 1 : m.hwIF === 0;
  const d = g ? m.daifD === 1 : (env.choice & 1) === 1;
  return (iMasked ? PSR_I_BIT | PSR_F_BIT : 0) | (m.asyncMasked ? PSR_A_BIT : 0) | (d ? PSR_D_BIT : 0);
}

/** Either value of D, where D is not state (no priority masking). */
const DA_CHOICES = (env: Omit<PrimitiveEnv, 'choice'>): number => (prio(env) ? 1 : 2);

/** `msr daif, x`: I (and F) and A as x says, and D with priority masking. Without it, PSTATE.I is
 *  the kernel's IRQ flag (hwIF); with it, the flag is PMR and only daifI changes. */
function daifWrite(env: PrimitiveEnv, flags: number): void {
  const m = env.m;
  const i = (flags & PSR_I_BIT) !== 0 ? 1 : 0;
  if (prio(env)) {
    m.daifI = i;
    m.daifD = (flags & PSR_D_BIT) !== 0 ? 1 : 0;
  } else {
    m.hwIF = 1 - i;
  }
  m.asyncMasked = (flags & PSR_A_BIT) !== 0 ? 1 : 0;
}

/** TRACE_IRQFLAGS builds trace_hardirqs_on/off; without it they are empty macros (no call). */
const traceBuilt = (cfg: PrimitiveEnv['cfg']): boolean => cfg.kconfig('TRACE_IRQFLAGS') !== false;

/** local_daif_mask(): the debug WARN, `msr daifset, #0xf`, PMR to IRQON | PSR_I_SET, then trace_hardirqs_off(). */
function daifMask(env: PrimitiveEnv): void {
  const m = env.m;
  const g = prio(env);
  if (g && prioDebugging(env) && m.pmr === (g.IRQOFF | g.PSR_I_SET)) env.report(CHECK_DAIF_MASK_PMR, hex(m.pmr));
  m.asyncMasked = 1;
  if (g) {
    m.daifI = 1;
    m.daifD = 1;
    pmrWrite(m, g, g.IRQON | g.PSR_I_SET);
  } else {
    m.hwIF = 0;
  }
  traceHardirqsOff(env);
}

/** local_daif_save_flags(): DAIF, and with priority masking I and F also where PMR masks IRQs. */
function daifSaveFlags(env: PrimitiveEnv): number {
  const g = prio(env);
  let flags = daifRead(env);
  if (g && env.m.pmr !== g.IRQON) flags |= PSR_I_BIT | PSR_F_BIT;
  return flags;
}

/** PMR as read by `mrs x, SYS_ICC_PMR_EL1`: state only where priority masking is in use. */
function pmrRead(env: PrimitiveEnv): number {
  if (!prio(env)) throw new Error(`${env.callee}(${env.argText.join(', ')}): ICC_PMR_EL1 read where GIC priority masking is not in use; its value is not modelled there`);
  return env.m.pmr;
}

function pmrSet(env: PrimitiveEnv, value: number): void {
  const g = prio(env);
  if (!g) throw new Error(`${env.callee}(${env.argText.join(', ')}): ICC_PMR_EL1 written where GIC priority masking is not in use; the model does not keep it there`);
  pmrWrite(env.m, g, value);
}

const primitives: PrimitiveDef[] = [
  {
    name: 'read_sysreg',
    appliesTo: (a) => a[0] === DAIF,
    instrumentable: false,
    query: true,
    choices: DA_CHOICES,
    doc: 'read_sysreg(daif): `mrs` of PSTATE.DAIF; I and F from PSTATE.I (the hardware IRQ flag without priority masking), A from the SError mask, D from state with priority masking and unconstrained without.',
    run: daifRead,
  },
  {
    name: 'write_sysreg',
    appliesTo: (a) => a[1] === DAIF,
    instrumentable: false,
    doc: 'write_sysreg(flags, daif): `msr daif`; PSTATE.I as PSR_I_BIT says (the IRQ flag without priority masking; with it PMR stays the flag), SError masked iff PSR_A_BIT, D with priority masking. Lockdep is not told.',
    run(env) {
      daifWrite(env, known(env, 0));
      return 0;
    },
  },
  {
    name: 'read_sysreg_s',
    aliases: ['gic_read_pmr'],
    appliesTo: (a) => a.length === 0 || a[0] === PMR,
    instrumentable: false,
    query: true,
    doc: 'read_sysreg_s(SYS_ICC_PMR_EL1) / gic_read_pmr(): the GIC priority mask, state where priority masking is in use (an error elsewhere: not modelled there). Other registers: inline asm.',
    run: pmrRead,
  },
  {
    name: 'write_sysreg_s',
    appliesTo: (a) => a[1] === PMR,
    instrumentable: false,
    doc: 'write_sysreg_s(v, SYS_ICC_PMR_EL1): the GIC priority mask := v (8 bits); IRQs are "enabled" for irqs_disabled() iff v is GIC_PRIO_IRQON. Only where priority masking is in use.',
    run(env) {
      pmrSet(env, known(env, 0));
      return 0;
    },
  },
  {
    name: 'gic_write_pmr',
    instrumentable: false,
    doc: '__always_inline gic_write_pmr(v) (asm/arch_gicv3.h): write_sysreg_s(v, SYS_ICC_PMR_EL1).',
    run(env) {
      pmrSet(env, known(env, 0));
      return 0;
    },
  },
  {
    name: 'gic_unmask_pnmis',
    instrumentable: false,
    doc: 'gic_unmask_pnmis() (asm/arch_gicv3.h, what the GIC driver calls before a regular IRQ\'s handler): with priority masking, PMR := GIC_PRIO_IRQOFF and `msr daifclr, #3` (PSTATE.I and F clear: pseudo-NMIs can arrive); without it, nothing.',
    run(env) {
      const g = prio(env);
      if (g) {
        pmrWrite(env.m, g, g.IRQOFF);
        env.m.daifI = 0;
      }
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
    doc: '__always_inline: `msr daifset, #0xf` (all of DAIF masked: IRQs and SError), PMR := GIC_PRIO_IRQON | GIC_PRIO_PSR_I_SET with priority masking (after the debug WARN on IRQOFF | PSR_I_SET), then trace_hardirqs_off() (daifflags.h).',
    run(env) {
      daifMask(env);
      return 0;
    },
  },
  {
    name: 'local_daif_save_flags',
    instrumentable: false,
    query: true,
    choices: DA_CHOICES,
    doc: '__always_inline: the DAIF flags, with I and F also set where PMR masks IRQs (priority masking).',
    run: daifSaveFlags,
  },
  {
    name: 'local_daif_save',
    instrumentable: true,
    callsAs: 'trace_hardirqs_off',
    builtIf: traceBuilt,
    rcuIdleSafe: true,
    irqStateTransition: true,
    choices: DA_CHOICES,
    doc: '__always_inline: local_daif_save_flags(), then local_daif_mask().',
    run(env) {
      const flags = daifSaveFlags(env);
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
    doc: '__always_inline (daifflags.h): with priority masking, the debug WARN unless PSTATE.I and F are set; with PSR_I_BIT clear, trace_hardirqs_on(), PMR := IRQON, then `msr daif`; with it set, PMR := IRQOFF (and I, F cleared: pseudo-NMIs unmasked) when A is clear, IRQON | PSR_I_SET when A is set, `msr daif`, then trace_hardirqs_off().',
    run(env) {
      const g = prio(env);
      const m = env.m;
      let flags = known(env, 0);
      const irqDisabled = (flags & PSR_I_BIT) !== 0;
      if (g && prioDebugging(env) && m.daifI !== 1) env.report(CHECK_DAIF_RESTORE_UNMASKED, hex(daifRead(env)));
      if (!irqDisabled) {
        traceHardirqsOn(env);
        if (g) pmrWrite(m, g, g.IRQON);
      } else if (g) {
        if ((flags & PSR_A_BIT) === 0) {
          flags &= ~(PSR_I_BIT | PSR_F_BIT);
          pmrWrite(m, g, g.IRQOFF);
        } else {
          pmrWrite(m, g, g.IRQON | g.PSR_I_SET);
        }
      }
      daifWrite(env, flags);
      if (irqDisabled) traceHardirqsOff(env);
      return 0;
    },
  },
  {
    name: 'has_syscall_work',
    instrumentable: false,
    query: true,
    choices: () => 2,
    doc: "has_syscall_work(flags) (arch/arm64/kernel/syscall.c, static inline: flags & _TIF_SYSCALL_WORK): whether the task is traced, audited, under seccomp, has syscall tracepoints on or is emulated. Those flags are the task's and are not modelled (read_thread_flags() reads them as clear), so both answers, each time it is asked (a tracer may attach during the system call).",
    run: (env) => env.choice,
  },
  {
    name: 'alternative_has_cap_unlikely',
    aliases: ['alternative_has_cap_likely'],
    appliesTo: (a) => a[0] === CAP_PRIO_MASKING || a[0] === CAP_SYSTEM_FINALIZED,
    instrumentable: false,
    query: true,
    doc: `alternative_has_cap_*(${CAP_PRIO_MASKING}) (system_uses_irq_prio_masking()): true iff CONFIG_ARM64_PSEUDO_NMI (the cap in use wherever the config has it); alternative_has_cap_*(${CAP_SYSTEM_FINALIZED}) (system_capabilities_finalized()): true, a booted system. The only caps modelled: any other is opaque.`,
    run: (env) => (env.argText[0] === CAP_SYSTEM_FINALIZED ? 1 : prio(env) ? 1 : 0),
  },
];

// ---- the saved PSTATE and PMR in pt_regs (regs->pstate, regs->pmr) ----

/** Every PSTATE bit of the low word but DAIF, for the "other bits set" read. */
const PSTATE_OTHER = 0xffffffff & ~(PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT);

/** regs->pstate as the exception saved it (SPSR_EL1): DAIF is the interrupted context's. */
const PT_REGS_PSTATE: TrackedMember = {
  load: {
    name: 'pt_regs.pstate',
    instrumentable: false,
    query: true,
    choices: (env) => (prio(env) ? 2 : 4),
    doc: "Reads regs->pstate (SPSR_EL1 saved on exception entry): DAIF as the interrupted context had it — I and F from its IRQ flag (PSTATE.I with priority masking), A from its SError mask, D from its PSTATE.D with priority masking and either value without; every other bit (mode, condition flags, …) all clear or all set.",
    run(env) {
      const ctx = savedRegsContext(env, env.callee);
      const g = prio(env);
      const iMasked = g ? ctx.savedDaifI === 1 : ctx.savedIF === 0;
      const d = g ? ctx.savedDaifD === 1 : (env.choice & 2) !== 0;
      return (iMasked ? PSR_I_BIT | PSR_F_BIT : 0) | (ctx.savedAsyncMasked ? PSR_A_BIT : 0) | (d ? PSR_D_BIT : 0) | (env.choice & 1 ? PSTATE_OTHER : 0);
    },
  },
};

/**
 * regs->pmr as entry.S's kernel_entry saved it: the interrupted context's ICC_PMR_EL1. Where
 * priority masking is not in use entry.S skips the save (`alternative_if_not
 * ARM64_HAS_GIC_PRIO_MASKING`), so the slot holds whatever the stack did: two answers, the
 * unmasking value and another (the tree's code compares it with GIC_PRIO_IRQON, and only behind
 * system_uses_irq_prio_masking(), so that read is a mistake a mutant makes, not one to crash on).
 */
const PT_REGS_PMR: TrackedMember = {
  load: {
    name: 'pt_regs.pmr',
    instrumentable: false,
    query: true,
    choices: (env) => (prio(env) ? 1 : 2),
    doc: "Reads regs->pmr (ICC_PMR_EL1 saved by entry.S's kernel_entry): the interrupted context's priority mask where GIC priority masking is in use; elsewhere entry.S does not save it, and the read gives GIC_PRIO_IRQON or GIC_PRIO_IRQOFF (unknown, never 0).",
    run(env) {
      if (prio(env)) return savedRegsContext(env, env.callee).savedPmr;
      savedRegsContext(env, env.callee);
      const g = env.m.layout.gicPrio!;
      return env.choice ? g.IRQOFF : g.IRQON;
    },
  },
};

// ---- pt_regs members the 6.x entry helpers write and read (regs->exit_rcu, regs->lockdep_hardirqs) ----
//
// Before arm64 took the generic irqentry code (7.x), its entry helpers carried their decisions in
// the saved registers: __enter_from_kernel_mode() sets regs->exit_rcu when it had to enter RCU
// (the idle task), __exit_to_kernel_mode() reads it back; arm64_enter_nmi() and
// arm64_enter_el1_dbg() store lockdep's hardirqs_enabled state in regs->lockdep_hardirqs for their
// exit helper. entry.S writes neither, so a read before the C's own store is whatever the stack
// held: both answers.

/** A pt_regs member only C writes, kept with the interrupt context (InterruptContext[field]). */
function regsSlot(member: string, field: 'regsExitRcu' | 'regsLockdepHardirqs', what: string): TrackedMember {
  return {
    load: {
      name: `pt_regs.${member}`,
      instrumentable: false,
      query: true,
      choices: (env) => (savedRegsContext(env, env.callee)[field] === RegsSlot.Unwritten ? 2 : 1),
      doc: `Reads regs->${member} (arm64 before the generic entry): ${what}. What the entry C stored there in this exception; not written yet (entry.S leaves it as the stack had it), either answer.`,
      run(env) {
        const slot = savedRegsContext(env, env.callee)[field];
        return slot === RegsSlot.Unwritten ? env.choice : slot === RegsSlot.True ? 1 : 0;
      },
    },
    store: {
      name: `pt_regs.${member} =`,
      instrumentable: false,
      doc: `Writes regs->${member} (arm64 before the generic entry): ${what}. Kept with the interrupt context until its exit helper reads it.`,
      run(env) {
        const v = known(env, 0);
        writableSavedRegsContext(env, env.callee)[field] = v ? RegsSlot.True : RegsSlot.False;
        return v;
      },
    },
  };
}

const PT_REGS_EXIT_RCU = regsSlot('exit_rcu', 'regsExitRcu', 'whether the entry from kernel mode entered RCU (ct_irq_enter() for the idle task), so the exit must leave it');
const PT_REGS_LOCKDEP_HARDIRQS = regsSlot('lockdep_hardirqs', 'regsLockdepHardirqs', "lockdep's hardirqs_enabled when the NMI-like entry began, which its exit restores");

// ---- thread_info.preempt_count: the preempt count and the folded need_resched in one word ----

/**
 * arm64's `struct thread_info` keeps preempt_count as a u64 over `{ u32 count; u32 need_resched; }`
 * (asm/thread_info.h), and `PREEMPT_NEED_RESCHED` is BIT(32) (asm/preempt.h): the upper word is
 * non-zero while *no* reschedule is needed, so the whole word is 0 exactly when the count is 0 and
 * a reschedule is due. 6.x's arm64_preempt_schedule_irq() reads it in one go
 * (`READ_ONCE(current_thread_info()->preempt_count) != 0`: no preemption).
 *
 * The upper word is the scheduler's fold of TIF_NEED_RESCHED, not the flag itself: resched_curr()
 * sets it on this CPU at once, but a remote CPU's request is folded only by the reschedule IPI it
 * sends (scheduler_ipi() → preempt_fold_need_resched()); and resched_curr() does nothing when the
 * flag is already set, so a local wakeup after a remote request waits for that IPI too. In the
 * model: folded = need_resched set and no reschedule IPI pending (Machine.reschedIpi). A request
 * the word does not show yet is the pending IPI's to act on, whose own return preempts.
 *
 * The IR holds 32-bit values, so the load gives the count with bit 31 standing for
 * PREEMPT_NEED_RESCHED (the count never reaches bit 31: NMI_MASK ends at bit 23): zero and non-zero
 * are the kernel's, which is all the tree's one reader asks.
 */
const THREAD_INFO_PREEMPT_COUNT: TrackedMember = {
  load: {
    name: 'thread_info.preempt_count',
    instrumentable: false,
    query: true,
    doc: "Reads current_thread_info()->preempt_count (arm64, a u64: the count, and the inverted need_resched fold at bit 32, given as bit 31): zero exactly when the count is 0 and a reschedule is folded in (TIF_NEED_RESCHED set with no reschedule IPI pending). The read looks at the reschedule request the word shows.",
    run(env) {
      const m = env.m;
      if ((m.preempt & 0x80000000) !== 0) throw new Error(`thread_info.preempt_count: the count 0x${(m.preempt >>> 0).toString(16)} reaches bit 31, where the model puts the need_resched fold`);
      const folded = m.needResched === 1 && m.reschedIpi === 0;
      // What the word shows is seen (no local wakeup is left unseen: one the fold does not show is
      // behind a pending IPI); a folded request is asked about, as need_resched() would be.
      m.reschedUnseen = 0;
      if (folded) {
        m.reschedKnown = 1;
        m.reschedAsked = 1;
      }
      return (m.preempt | (folded ? 0 : 0x80000000)) | 0;
    },
  },
};

/**
 * The arm64 member tracked at `path` (IR CallOp.member) under this layout: the saved PSTATE and PMR
 * of a `struct pt_regs` in a tree with arm64's GIC priorities (an arm64 layout); undefined
 * elsewhere (an opaque load).
 */
export function lookupArm64Member(path: string, layout: ModelLayout): TrackedMember | undefined {
  if (!layout.gicPrio) return undefined;
  // The PMR slot's member is the tree's (layout.gicPrio.SAVED_PMR_MEMBER: `pmr` in 7.x, `pmr_save` before).
  switch (path) {
    case 'pt_regs.pstate':
      return PT_REGS_PSTATE;
    case `pt_regs.${layout.gicPrio.SAVED_PMR_MEMBER}`:
      return PT_REGS_PMR;
    case 'pt_regs.exit_rcu':
      return PT_REGS_EXIT_RCU;
    case 'pt_regs.lockdep_hardirqs':
      return PT_REGS_LOCKDEP_HARDIRQS;
    case 'thread_info.preempt_count':
      return THREAD_INFO_PREEMPT_COUNT;
    default:
      return undefined;
  }
}

export const arm64: Subsystem = { name: 'arm64', primitives: [...primitives, PT_REGS_PSTATE.load!, PT_REGS_PMR.load!, PT_REGS_EXIT_RCU.load!, PT_REGS_EXIT_RCU.store!, PT_REGS_LOCKDEP_HARDIRQS.load!, PT_REGS_LOCKDEP_HARDIRQS.store!, THREAD_INFO_PREEMPT_COUNT.load!], checks: [...ARM64_CHECKS] };
