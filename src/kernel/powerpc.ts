// powerpc's interrupt-enable bit as CPU state (docs/arch-plan.md, "### powerpc").
//
// Without soft masking (32-bit kernels: CONFIG_PPC64=n) interrupts are enabled by one bit of the
// machine state register, MSR[EE], and the tree's arch_local_irq_*() (arch/powerpc/include/asm/
// hw_irq.h, the `#else /* CONFIG_PPC64 */` half) change it with `mtmsr` (after `mfmsr`), with
// `wrtee`/`wrteei` on BookE, or with `mtspr` to the 8xx's EIE/EID/NRI registers. MSR[EE] is the
// model's hardware IRQ flag (hwIF). The tree writes those instructions as macros and inline
// functions of asm/reg.h (`mfmsr()`, `mtmsr(v)`, `__mtmsrd(v, l)`, `wrtee(v)`, `wrtspr(rn)`),
// which stay calls by name; the primitives below are their semantics. Lockdep and the irq tracer
// are not told (the tree's linux/irqflags.h layer does that, modelled on every arch).
//
// The MSR bits are the tree's (layout.ppcMsr: MSR_EE, MSR_PR, MSR_RI from asm/reg.h). The other
// MSR bits are not modelled: a read gives them all clear or all set (never only 0), PR aside,
// which is clear whenever the kernel runs (supervisor state).
//
// The saved MSR of an interrupt (`regs->msr`, SRR1 as the entry code stored it) is read from the
// interrupted context: EE = its saved IRQ state, PR = user mode, RI set (the model takes only
// recoverable interrupts), the other bits all clear or all set.
//
// Soft masking (64-bit kernels: CONFIG_PPC64, with the tree's values in layout.ppcSoftMask, which
// a powerpc tree's layout holds for all its configs; softMaskingOf() says whether a config uses
// it): the kernel's IRQ flag is the
// paca's irq_soft_mask byte, which local_irq_disable() sets without touching MSR[EE]; an external
// interrupt that arrives with MSR[EE] on while the soft mask is set is only recorded in
// paca->irq_happened (the engine's masked-interrupt step) and replayed when the mask is lifted
// (arch_local_irq_restore(), the tree's C in arch/powerpc/kernel/irq_64.c). There the model's
// hwIF is "the soft mask lets IRQs in" (its IRQS_DISABLED bit clear, as arch_irqs_disabled_flags()
// tests it) and Machine.msrEE is MSR[EE]; the MSR primitives below write msrEE, and every soft-mask
// write goes through softMaskWrite(), which keeps hwIF with it. The paca fields are state: the
// tree's `lbz`/`stb` on r13 (irq_soft_mask_return()/irq_soft_mask_set()) and its C accesses of
// local_paca->irq_soft_mask / ->irq_happened are the primitives and tracked members below.
// PPC64 is a lattice axis: the 64-bit points use all of this (docs/arch-plan.md, "### powerpc").

import { NipPlace, type Machine } from '../model/state.ts';
import { symbolToken } from '../explore/program.ts';
import type { ModelLayout, PpcMsrLayout, PpcSoftMaskLayout } from '../tree/layout.ts';
import type { ConfigReader } from '../model/config.ts';
import type { PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';
import type { TrackedMember } from './rseq.ts';
import { knownConstant as known, savedRegsContext, writableSavedRegsContext } from './args.ts';
import { workBitOf } from './rseq.ts';

function msrBits(env: PrimitiveEnv): PpcMsrLayout {
  const b = env.m.layout.ppcMsr;
  if (!b) throw new Error(`${env.callee}(${env.argText.join(', ')}): the tree's asm/reg.h does not define MSR_EE (not a powerpc tree)`);
  return b;
}

/** The bits of a 32-bit MSR the model does not track (set in the "all set" read). */
function rest(b: PpcMsrLayout, keep: number): number {
  return 0xffffffff & ~(b.EE | b.PR | keep);
}

/** The soft-mask values where `cfg` is a 64-bit powerpc kernel (CONFIG_PPC64) of a tree whose layout has them; else null (MSR[EE] is the IRQ flag). */
export function softMaskingOf(layout: ModelLayout, cfg: Pick<ConfigReader, 'kconfig'>): PpcSoftMaskLayout | null {
  return layout.ppcSoftMask && cfg.kconfig('PPC64') === true ? layout.ppcSoftMask : null;
}

/** MSR[EE]: the model's hwIF without soft masking, Machine.msrEE with it. */
function eeOf(env: PrimitiveEnv): number {
  return softMaskingOf(env.m.layout, env.cfg) ? env.m.msrEE : env.m.hwIF;
}

function setEE(env: PrimitiveEnv, on: number): void {
  if (softMaskingOf(env.m.layout, env.cfg)) env.m.msrEE = on;
  else env.m.hwIF = on;
}

/** The running CPU's MSR as `mfmsr` reads it. */
export function msrRead(env: PrimitiveEnv): number {
  const b = msrBits(env);
  return ((eeOf(env) ? b.EE : 0) | (env.choice & 1 ? rest(b, 0) : 0)) >>> 0;
}

function msrWrite(env: PrimitiveEnv, v: number): void {
  setEE(env, (v & msrBits(env).EE) !== 0 ? 1 : 0);
}

function softBits(env: PrimitiveEnv, what: string): PpcSoftMaskLayout {
  const b = softMaskingOf(env.m.layout, env.cfg);
  if (!b) throw new Error(`${what}: the config is not a 64-bit powerpc kernel (no soft masking)`);
  return b;
}

/**
 * Writes paca->irq_soft_mask, and with it the model's IRQ flag: IRQs are on for the kernel
 * (irqs_disabled() false) exactly when the IRQS_DISABLED bit is clear.
 */
export function softMaskWrite(m: Machine, v: number): void {
  const b = m.layout.ppcSoftMask;
  if (!b) throw new Error('paca->irq_soft_mask: the tree has no soft mask (not powerpc)');
  m.softMask = v & 0xff;
  m.hwIF = (v & b.IRQS_DISABLED) === 0 ? 1 : 0;
}

/** The paca byte an `lbz`/`stb` through r13 reaches, from its offset operand as the tree writes it: `offsetof(struct paca_struct, F)`. */
function pacaField(env: PrimitiveEnv, operand: number): 'irq_soft_mask' | 'irq_happened' {
  const text = (env.argText[operand] ?? '').replace(/\s+/g, ' ').trim();
  const m = /^offsetof\( ?struct paca_struct ?, ?(\w+) ?\)$/.exec(text);
  if (m && (m[1] === 'irq_soft_mask' || m[1] === 'irq_happened')) return m[1];
  throw new Error(`${env.callee}(${env.argText.join(', ')}): a paca byte the model does not hold (it holds irq_soft_mask and irq_happened)`);
}

const TWO = (): number => 2;

const primitives: PrimitiveDef[] = [
  {
    name: 'mfmsr',
    instrumentable: false,
    query: true,
    choices: TWO,
    doc: '`mfmsr` (asm/reg.h): the MSR with EE from the hardware IRQ flag, PR clear (supervisor), the other bits all clear or all set.',
    run: msrRead,
  },
  {
    name: 'mtmsr',
    aliases: ['__mtmsrd', 'mtmsr_isync'],
    instrumentable: false,
    doc: '`mtmsr v` / `mtmsrd v,l` (asm/reg.h): IRQs enabled iff v has MSR_EE; the other bits are not tracked. Lockdep is not told.',
    run(env) {
      msrWrite(env, known(env, 0));
      return 0;
    },
  },
  {
    // The asm of irq_soft_mask_return() (asm/hw_irq.h): `lbz %0,%1(13)`, r13 the paca pointer,
    // %1 the field's offset. The front end lowers the statement to this call with the offset
    // operand's text (src/c/lower.ts, PacaAsmSpec); the C around it is the tree's.
    name: '__kentry_ppc_paca_lbz',
    instrumentable: false,
    query: true,
    doc: "`lbz rX, offsetof(struct paca_struct, F)(r13)` (asm/hw_irq.h irq_soft_mask_return(), irq_64.c): reads paca->irq_soft_mask or paca->irq_happened; any other paca byte is refused.",
    run(env) {
      const f = pacaField(env, 0);
      softBits(env, `paca->${f}`);
      return f === 'irq_soft_mask' ? env.m.softMask : env.m.irqHappened;
    },
  },
  {
    name: '__kentry_ppc_paca_stb',
    instrumentable: false,
    doc: "`stb rX, offsetof(struct paca_struct, F)(r13)` (asm/hw_irq.h irq_soft_mask_set()): writes paca->irq_soft_mask (and with it the kernel's IRQ flag) or paca->irq_happened; any other paca byte is refused.",
    run(env) {
      const v = known(env, 1) & 0xff;
      const f = pacaField(env, 0);
      softBits(env, `paca->${f}`);
      if (f === 'irq_soft_mask') softMaskWrite(env.m, v);
      else env.m.irqHappened = v;
      return 0;
    },
  },
  {
    // irq_64.c arch_local_irq_restore(): `1: lbz r9,irq_happened(r13); cmpwi r9,0; bne happened;
    // stb r9,irq_soft_mask(r13); 2:` with the restart-table entry (1b, 2b, 1b), lowered to
    // `if (__kentry_ppc_paca_unmask(…)) goto happened;` (src/c/lower.ts PacaAsmSpec). An interrupt
    // inside the sequence returns to 1:, so it is one step: with nothing pending the soft mask is
    // cleared (IRQs on), else nothing is written and the code goes to replay.
    name: '__kentry_ppc_paca_unmask',
    instrumentable: false,
    query: true,
    doc: "The restartable test-and-store of arch_local_irq_restore() (kernel/irq_64.c): if paca->irq_happened is 0, paca->irq_soft_mask := 0 (IRQs on) and 0 is returned; else 1 (the `happened` branch: interrupts to replay), nothing written. One step: the restart table re-runs it from the start when an interrupt arrives inside.",
    run(env) {
      if (pacaField(env, 0) !== 'irq_happened' || pacaField(env, 1) !== 'irq_soft_mask') throw new Error(`${env.callee}(${env.argText.join(', ')}): not the test of irq_happened and store to irq_soft_mask the model knows`);
      const b = softBits(env, 'arch_local_irq_restore()');
      if (env.m.irqHappened !== 0) return 1;
      softMaskWrite(env.m, b.IRQS_ENABLED);
      return 0;
    },
  },
  {
    name: 'wrtee',
    instrumentable: false,
    doc: "BookE's `wrtee v` / `wrteei` (asm/reg.h): MSR[EE] := v's MSR_EE bit. Lockdep is not told.",
    run(env) {
      msrWrite(env, known(env, 0));
      return 0;
    },
  },
  {
    name: 'wrtspr',
    aliases: ['wrtspr_sync'],
    instrumentable: false,
    doc: "The 8xx's `mtspr` to EIE (MSR[EE] and [RI] set), EID (EE clear, RI set) or NRI (both clear): the register is named by the argument; any other is refused.",
    run(env) {
      const rn = (env.argText[0] ?? '').trim();
      if (rn === 'SPRN_EIE') setEE(env, 1);
      else if (rn === 'SPRN_EID' || rn === 'SPRN_NRI') setEE(env, 0);
      else throw new Error(`${env.callee}(${env.argText.join(', ')}): not an 8xx EE register`);
      return 0;
    },
  },
  {
    // 32-bit hw_irq.h: `#define hard_irq_disable() arch_local_irq_disable()`, a function-like macro
    // the front end keeps as a call; arch_local_irq_disable() is __hard_irq_disable(). On 64-bit the
    // tree defines hard_irq_disable() as a function, which wins over this primitive.
    name: 'hard_irq_disable',
    instrumentable: false,
    doc: "hard_irq_disable() of 32-bit powerpc (a macro for arch_local_irq_disable()): MSR[EE] cleared. Lockdep is not told.",
    run(env) {
      if (softMaskingOf(env.m.layout, env.cfg)) throw new Error('hard_irq_disable() as the 32-bit macro on a 64-bit config: the tree defines its own');
      env.m.hwIF = 0;
      return 0;
    },
  },
  {
    // asm/bitops.h: clear_bits(mask, addr) / set_bits(mask, addr), non-atomic-to-interrupts
    // ldarx/stdcx. loops on a word: on the current task's flags word they clear or set thread flags.
    name: 'clear_bits',
    appliesTo: (a) => (a[1] ?? '').replace(/\s+/g, '') === '&current_thread_info()->flags',
    instrumentable: false,
    doc: "clear_bits(mask, &current_thread_info()->flags) (asm/bitops.h, inline asm): clears the thread flags in mask; an exit-work flag or TIF_NEED_RESCHED is no longer pending, the flags the model does not hold are not read by it either.",
    run(env) {
      const mask = known(env, 0);
      for (let f = 0; f < 32; f++) {
        if (((mask >>> f) & 1) === 0) continue;
        if (f === env.m.layout.tif.NEED_RESCHED) env.m.needResched = 0;
        else env.m.userWork &= ~workBitOf(env.m, f);
      }
      return 0;
    },
  },
  {
    name: 'set_bits',
    appliesTo: (a) => (a[1] ?? '').replace(/\s+/g, '') === '&current_thread_info()->flags',
    instrumentable: false,
    doc: "set_bits(mask, &current_thread_info()->flags) (asm/bitops.h, inline asm): sets the thread flags in mask; an exit-work flag becomes pending, TIF_NEED_RESCHED is a local wakeup.",
    run(env) {
      const mask = known(env, 0);
      for (let f = 0; f < 32; f++) {
        if (((mask >>> f) & 1) === 0) continue;
        if (f === env.m.layout.tif.NEED_RESCHED) env.m.wakeLocally();
        else env.m.userWork |= workBitOf(env.m, f);
      }
      return 0;
    },
  },
  {
    // 32-bit: MSR[DR] is not tracked (a machine check arrives in real mode or not), both answers.
    // 64-bit: the NMI is the system reset, whose common entry switches to the kernel MSR before
    // the C handler (exceptions-64s.S __GEN_COMMON_ENTRY: `ld r10,PACAKMSR(r13)` … `mtmsrd r10`,
    // relocation on; only the machine check's and the HMI's early handlers set IREALMODE_COMMON):
    // DR is set.
    name: 'kentry_powerpc_msr_dr',
    instrumentable: false,
    query: true,
    choices: (env) => (softMaskingOf(env.m.layout, env.cfg) ? 1 : 2),
    doc: "Harness (powerpc nmi row): `mfmsr() & MSR_DR`, whether data relocation is on where the NMI handler runs. 32-bit (machine check): MSR[DR] is not tracked, both outcomes are explored. 64-bit (system reset): set, the common entry loads the kernel MSR (PACAKMSR) first.",
    run: (env) => (softMaskingOf(env.m.layout, env.cfg) ? 1 : env.choice),
  },
  {
    // The machine check's way back on 32-bit Book3S (arch/powerpc/kernel/traps.c,
    // __machine_check_exception()): the interrupted code is resumed only by redirecting it to an
    // exception-table fixup — check_io_access() for the port-I/O accessors, and the one 32-bit
    // platform hook, holly's ppc750_machine_check_exception() (platforms/embedded6xx/holly.c), both
    // regs_set_return_ip(regs, extable_fixup(entry)) — or by a debugger taking over; the CPU
    // table's machine_check_generic() returns 0 and machine_check_83xx() recovers nothing either.
    // Everything else ends in die_mce() → die() → make_task_dead() or panic(): no return. Code
    // with an exception-table entry is the code a context runs (an I/O or user access), never the
    // entry and exit steps kentry reads, which have none, and never user code (the fixups are the
    // kernel's). So a machine check that interrupted the kernel context the row starts from
    // recovers (the model takes it at such an access); one taken in user mode, or one that
    // interrupted a vector's own steps — nested in the row's entry or exit code — dies there.
    name: 'kentry_powerpc_mce_recover',
    instrumentable: false,
    doc: "Harness (powerpc machine check): __machine_check_exception() returns only through a kernel exception-table fixup. Taken from the row's starting kernel context (the only code with such an entry) it returns; taken in user mode, or nested in a vector's entry or exit steps (no exception-table entry), it dies (die_mce()): the path ends, nothing reported.",
    run(env) {
      const { m } = env;
      const ctx = m.topContext;
      if (!ctx) throw new Error('kentry_powerpc_mce_recover(): not in an interrupt context');
      if (m.contexts.length > 1 || ctx.userMode) m.halted = 1;
      return 0;
    },
  },
  {
    // head_64.S (which includes interrupt_64.S) ends at __end_soft_masked; the masked-interrupt
    // asm and is_implicit_soft_masked() treat an interrupted address below it as the entry code's
    // own. The shells mark their steps that stand for that text where MSR[EE] can be on there
    // (system_call_common after its mtmsrd): an NMI taken then saves a regs->nip below it.
    name: 'kentry_powerpc_soft_masked_text',
    instrumentable: false,
    doc: "Harness (powerpc 64-bit): the shell's steps from here stand for head_64.S text, below `__end_soft_masked` (argument 1), or it calls C next (0). An interrupt taken in between saves regs->nip below `__end_soft_masked` (what is_implicit_soft_masked() compares); its handler runs C; its return puts the mark back.",
    run(env) {
      softBits(env, 'kentry_powerpc_soft_masked_text()');
      const v = known(env, 0);
      if (v !== 0 && v !== 1) throw new Error(`kentry_powerpc_soft_masked_text(${env.argText[0] ?? ''}): 0 or 1`);
      env.m.belowEndSoftMasked = v;
      return 0;
    },
  },
  {
    // interrupt_64.S, interrupt_return_macro, user half: from .Linterrupt_return_*_user_rst_start
    // to the rfid, a restart-table region (an interrupt inside it is soft-masked and returns to
    // interrupt_return_*_user_restart), so one step here.
    name: 'kentry_powerpc_return_user_check',
    instrumentable: false,
    query: true,
    doc: "64-bit interrupt_return to user mode (interrupt_64.S), the restartable sequence before the rfid, and the system call's (.Lsyscall_rst_start, the same steps): an interrupt pending in paca->irq_happened (besides HARD_DIS) → soft mask := IRQS_ALL_DISABLED, returns 1 (the restart: interrupt_exit_user_restart(), or syscall_exit_restart()); else soft mask := IRQS_ENABLED, irq_happened := 0, returns 0. Book3S only.",
    run: (env) => returnSoftEnabled(env, restartableReturn(env)),
  },
  {
    // interrupt_64.S, kernel half: .Linterrupt_return_*_kernel_rst_start to the rfid.
    name: 'kentry_powerpc_return_kernel_check',
    instrumentable: false,
    query: true,
    doc: "64-bit interrupt_return to the kernel (interrupt_64.S), the restartable sequence before the rfid: soft mask := regs->softe; returning soft-disabled with the saved MSR[EE] on, a pending PACA_IRQ_MUST_HARD_MASK interrupt clears EE in the saved MSR, else HARD_DIS is cleared; returning soft-enabled, a pending interrupt → soft mask := IRQS_ALL_DISABLED, returns 1 (the restart: interrupt_exit_kernel_restart()), else irq_happened := 0. Book3S only.",
    run(env) {
      const b = restartableReturn(env);
      const ctx = savedRegsContext(env, 'interrupt_return');
      const softe = ctx.savedSoftMask;
      if (softe === b.IRQS_ENABLED) return returnSoftEnabled(env, b);
      softMaskWrite(env.m, softe);
      if (!ctx.savedMsrEE) return 0;
      if ((env.m.irqHappened & b.MUST_HARD_MASK) !== 0) writableSavedRegsContext(env, 'interrupt_return').savedMsrEE = 0;
      else env.m.irqHappened &= ~b.HARD_DIS;
      inRegionToRfid(env.m);
      return 0;
    },
  },
  {
    // traps.c system_reset_exception(), after the platform handler took the NMI: `if
    // (get_paca()->in_nmi > 1) die("Unrecoverable nested System Reset")` — in_nmi counts the
    // system resets (and machine checks) the CPU is inside (exceptions-64s.S system_reset_common).
    name: 'kentry_powerpc_sreset_recover',
    instrumentable: false,
    doc: "Harness (powerpc 64-bit system reset): the platform's NMI handler took it, so it returns, unless it is nested in another NMI-class event (paca->in_nmi > 1): then die(\"Unrecoverable nested System Reset\"), the path ends, nothing reported.",
    run(env) {
      if (!env.nmiClassDepth) throw new Error('kentry_powerpc_sreset_recover(): outside the explorer');
      if (env.nmiClassDepth() > 1) env.m.halted = 1;
      return 0;
    },
  },
];

/** The soft-mask values for interrupt_64.S's restartable return sequences, which only Book3S-64 has. */
function restartableReturn(env: PrimitiveEnv): PpcSoftMaskLayout {
  const b = softBits(env, 'interrupt_return');
  if (!env.cfg.kconfig('PPC_BOOK3S_64')) throw new Error('interrupt_return on a 64-bit Book3E kernel: not modelled (no restart table there)');
  return b;
}

/**
 * The return to a soft-enabled context (user mode always; the kernel where regs->softe is
 * IRQS_ENABLED): an interrupt pending besides HARD_DIS → soft mask := IRQS_ALL_DISABLED and 1
 * (the restart path stores that before calling interrupt_exit_*_restart()); else soft mask :=
 * IRQS_ENABLED, irq_happened := 0 (the possible HARD_DIS cleared) and 0.
 */
function returnSoftEnabled(env: PrimitiveEnv, b: PpcSoftMaskLayout): number {
  if ((env.m.irqHappened & ~b.HARD_DIS) !== 0) {
    softMaskWrite(env.m, b.IRQS_ALL_DISABLED);
    return 1;
  }
  softMaskWrite(env.m, b.IRQS_ENABLED);
  env.m.irqHappened = 0;
  inRegionToRfid(env.m);
  return 0;
}

/**
 * After the restartable check, interrupt_64.S runs on to the rfid inside the same soft-mask-table
 * region: an external interrupt that arrives there is masked and returns to the restart point,
 * which is the check again — the same as arriving just before the check, which the model explores.
 * So none arrives between the check and the rfid: the model keeps MSR[EE] clear until the rfid
 * restores it from the saved MSR (the harness's own steps in between are not the kernel's).
 */
function inRegionToRfid(m: Machine): void {
  m.msrEE = 0;
}

// ---- regs->msr: the saved MSR of the interrupt ----

const SAVED_MSR: TrackedMember = {
  load: {
    name: 'pt_regs.msr',
    instrumentable: false,
    query: true,
    choices: TWO,
    doc: "Reads regs->msr, the MSR the interrupt saved (SRR1): EE from the interrupted context's IRQ state, PR from its mode, RI set, the other bits all clear or all set.",
    run(env) {
      const b = msrBits(env);
      const ctx = env.m.topContext;
      if (!ctx) throw new Error('regs->msr: no interrupt context, so no saved MSR');
      // With soft masking the saved EE is the hardware bit (an interrupt taken soft-disabled can
      // have it on), without it the context's IRQ state.
      const ee = softMaskingOf(env.m.layout, env.cfg) ? ctx.savedMsrEE : ctx.savedIF;
      return ((ee ? b.EE : 0) | (ctx.userMode ? b.PR : 0) | b.RI | (env.choice & 1 ? rest(b, b.RI) : 0)) >>> 0;
    },
  },
};

// ---- 64-bit soft masking: regs->softe and the paca fields C reads and writes ----

const SAVED_SOFTE: TrackedMember = {
  load: {
    name: 'pt_regs.softe',
    instrumentable: false,
    query: true,
    doc: "Reads regs->softe (64-bit): the soft mask the interrupted context had, which the entry asm saved from paca->irq_soft_mask.",
    run(env) {
      softBits(env, 'regs->softe');
      return savedRegsContext(env, 'regs->softe').savedSoftMask;
    },
  },
  store: {
    name: 'pt_regs.softe =',
    instrumentable: false,
    doc: "Writes regs->softe (64-bit; arch_interrupt_nmi_enter_prepare()/exit_prepare(), irq_soft_mask_regs_set_state()): the soft mask the return restores.",
    run(env) {
      softBits(env, 'regs->softe');
      const v = known(env, 0) & 0xff;
      writableSavedRegsContext(env, 'regs->softe').savedSoftMask = v;
      return v;
    },
  },
};

const PACA_SOFT_MASK: TrackedMember = {
  load: {
    name: 'paca_struct.irq_soft_mask',
    instrumentable: false,
    query: true,
    doc: "Reads local_paca->irq_soft_mask (64-bit): the kernel's IRQ flag.",
    run: (env) => (softBits(env, 'paca->irq_soft_mask'), env.m.softMask),
  },
  store: {
    name: 'paca_struct.irq_soft_mask =',
    instrumentable: false,
    doc: "Writes local_paca->irq_soft_mask (64-bit; the NMI entry and exit write it directly): the kernel's IRQ flag follows it.",
    run(env) {
      softBits(env, 'paca->irq_soft_mask');
      const v = known(env, 0) & 0xff;
      softMaskWrite(env.m, v);
      return v;
    },
  },
};

const PACA_IRQ_HAPPENED: TrackedMember = {
  load: {
    name: 'paca_struct.irq_happened',
    instrumentable: false,
    query: true,
    doc: "Reads local_paca->irq_happened (64-bit): PACA_IRQ_HARD_DIS and the interrupts that arrived soft-masked and wait to be replayed.",
    run: (env) => (softBits(env, 'paca->irq_happened'), env.m.irqHappened),
  },
  store: {
    name: 'paca_struct.irq_happened =',
    instrumentable: false,
    doc: "Writes local_paca->irq_happened (64-bit).",
    run(env) {
      softBits(env, 'paca->irq_happened');
      const v = known(env, 0) & 0xff;
      env.m.irqHappened = v;
      return v;
    },
  },
};

/**
 * struct interrupt_nmi_state (asm/entry-common.h, 64-bit): what an NMI handler's
 * arch_interrupt_nmi_enter_prepare() saves — paca->irq_soft_mask, paca->irq_happened and
 * regs->softe, each as it was when the NMI arrived, since nothing runs before it — and
 * arch_interrupt_nmi_exit_prepare() puts back. The struct lives in the handler's frame; the model
 * keeps those values with the NMI's interrupt context (entrySoftMask, entryHappened: regs->softe
 * at entry is the soft mask at entry). A store of any other value is refused (it would mean the
 * model's premise, nothing before the save, does not hold).
 */
function nmiStateMember(field: 'irq_soft_mask' | 'irq_happened' | 'softe'): TrackedMember {
  const read = (env: PrimitiveEnv): number => {
    softBits(env, `state->${field}`);
    const ctx = savedRegsContext(env, `state->${field}`);
    return field === 'irq_happened' ? ctx.entryHappened : ctx.entrySoftMask;
  };
  return {
    load: {
      name: `interrupt_nmi_state.${field}`,
      instrumentable: false,
      query: true,
      doc: `Reads state->${field} of the NMI handler's struct interrupt_nmi_state (64-bit): ${field === 'irq_happened' ? 'paca->irq_happened' : field === 'softe' ? 'regs->softe' : 'paca->irq_soft_mask'} as it was when the NMI arrived.`,
      run: read,
    },
    store: {
      name: `interrupt_nmi_state.${field} =`,
      instrumentable: false,
      doc: `Writes state->${field} (arch_interrupt_nmi_enter_prepare()): must be the value at the NMI's arrival, which the model keeps with the NMI's context; any other value is refused.`,
      run(env) {
        const v = known(env, 0) & 0xff;
        if (v !== read(env)) throw new Error(`state->${field} = ${v}: the model keeps the NMI state as the values at the NMI's arrival (${read(env)}); something changed them before the save`);
        return v;
      },
    },
  };
}

/**
 * regs->nip, the interrupted instruction's address (SRR0). The model knows one thing about it, its
 * side of `__end_soft_masked` (InterruptContext.nip: user text and the marked head text below,
 * kernel C above), and the tree asks no more of it on the paths the model runs:
 * is_implicit_soft_masked() (asm/entry-common.h) compares it with `__end_soft_masked`, and its
 * other readers pass it to functions the model does not read (search_kernel_soft_mask_table(),
 * search_kernel_restart_table(), _exception()). A load gives `__end_soft_masked` − 1 or + 1, the
 * address of the right side that names the symbol; a place the model lost (a store of a value it
 * cannot place: the restart-table fixup of arch_interrupt_nmi_exit_prepare(), the nap return of
 * nap_adjust_return()) gives both.
 */
const END_SOFT_MASKED = '__end_soft_masked';

function nipOf(place: number, choice: number): number {
  const end = symbolToken(END_SOFT_MASKED);
  const below = place === NipPlace.Below || (place === NipPlace.Unknown && choice === 0);
  return below ? end - 1 : end + 1;
}

const SAVED_NIP: TrackedMember = {
  load: {
    name: 'pt_regs.nip',
    instrumentable: false,
    query: true,
    choices: (env) => (savedRegsContext(env, 'regs->nip').nip === NipPlace.Unknown ? 2 : 1),
    doc: "Reads regs->nip (powerpc), the interrupted address: its side of `__end_soft_masked` is what the model knows (user text and the head text the shells mark below, kernel C above); a load gives `__end_soft_masked` ∓ 1, both where a store made the side unknown.",
    run: (env) => nipOf(savedRegsContext(env, 'regs->nip').nip, env.choice),
    showResult: (v) => (v === symbolToken(END_SOFT_MASKED) - 1 ? `below ${END_SOFT_MASKED}` : v === symbolToken(END_SOFT_MASKED) + 1 ? `above ${END_SOFT_MASKED}` : String(v)),
  },
  store: {
    name: 'pt_regs.nip =',
    instrumentable: false,
    doc: "Writes regs->nip (powerpc; regs_set_return_ip()): in a context from user mode the address is a user one (rseq's abort IP, a signal frame), below; in the kernel a value a load gave keeps its side, any other makes the side unknown (both are explored where it is read).",
    run(env) {
      // A symbol's address is a value here, not a constant the model must know.
      const v = env.args[0]!;
      const end = symbolToken(END_SOFT_MASKED);
      const ctx = writableSavedRegsContext(env, 'regs->nip');
      // The return to user mode goes to a user address whatever the kernel stored (MSR[PR] is
      // set in the saved MSR): only a kernel context's return address can be lost.
      if (ctx.userMode) ctx.nip = NipPlace.Below;
      else ctx.nip = v === end - 1 ? NipPlace.Below : v === end + 1 ? NipPlace.Above : NipPlace.Unknown;
      return v;
    },
  },
};

const SOFT_MEMBERS: Readonly<Record<string, TrackedMember>> = {
  'interrupt_nmi_state.irq_soft_mask': nmiStateMember('irq_soft_mask'),
  'interrupt_nmi_state.irq_happened': nmiStateMember('irq_happened'),
  'interrupt_nmi_state.softe': nmiStateMember('softe'),
  'pt_regs.softe': SAVED_SOFTE,
  'pt_regs.nip': SAVED_NIP,
  'paca_struct.irq_soft_mask': PACA_SOFT_MASK,
  'paca_struct.irq_happened': PACA_IRQ_HAPPENED,
};

/** powerpc's tracked member at `path` under this layout: `regs->msr` where the tree is powerpc's. */
export function lookupPowerpcMember(path: string, layout: Machine['layout']): TrackedMember | undefined {
  if (path === 'pt_regs.msr' && layout.ppcMsr) return SAVED_MSR;
  return layout.ppcSoftMask ? SOFT_MEMBERS[path] : undefined;
}

export const powerpc: Subsystem = {
  name: 'powerpc',
  primitives: [...primitives, SAVED_MSR.load!, ...Object.values(SOFT_MEMBERS).flatMap((t) => [t.load!, t.store!])],
  checks: [],
};
