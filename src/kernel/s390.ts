// s390's interrupt masks and its RCU-EQS hook as model state (docs/arch-plan.md, "### s390").
//
// The PSW system mask. s390 has no single interrupt-enable bit: the first byte of the PSW (the
// system mask) enables I/O interruptions (PSW bit 6) and external interruptions (bit 7)
// separately. The tree's arch_local_irq_* (arch/s390/include/asm/irqflags.h) are built from three
// instructions on that byte: `stnsm` (store the old byte, AND an immediate into it), `stosm` (store
// the old byte, OR an immediate into it) and `ssm` (load the byte from memory), written as the
// macros __arch_local_irq_stnsm()/__arch_local_irq_stosm() and the __always_inline
// __arch_local_irq_ssm(). The model's hardware flag (hwIF) is "both classes enabled"; a write that
// would leave exactly one of them enabled (arch_local_irq_enable_external(): stosm 0x01 with both
// off) is refused, since one flag cannot say it. The immediates are the tree's call arguments.
// The bit positions within the byte are the architecture's (z/Architecture PSW bits 6 and 7, the
// tree's PSW_MASK_IO/PSW_MASK_EXT and ARCH_IRQ_ENABLED = 3UL << (BITS_PER_LONG - 8) are the same
// two bits of a 64-bit mask), as arm64.ts's PSR_*_BIT are.
//
// Values: `stnsm`/`stosm` store one byte at the address of an unsigned long, i.e. its most
// significant byte (s390 is big-endian); kentry's values are 32-bit, so a saved mask is the byte
// itself, and `ssm` takes its argument as that byte. The other system-mask bits (PER, DAT) are not
// modelled: a read gives them all clear or all set (never only 0). The tree's own consumers of a
// saved mask (arch_irqs_disabled_flags(): `flags & ARCH_IRQ_ENABLED`, a 64-bit constant) are not
// interpretable with 32-bit values; they reach the model through the linux/irqflags.h layer
// (irqs_disabled(), local_irq_*), which is the model's on every arch.
//
// The RCU-EQS hook. arch_in_rcu_eqs() (arch/s390/include/asm/entry-common.h) answers whether the
// interrupted task may be in an RCU extended quiescent state although it is not the idle task:
// on s390 a vCPU task inside SIE (PF_VCPU set by guest_timing_enter_irqoff(), with CONFIG_KVM).
// irqentry_enter() then takes the idle-style branch (ct_irq_enter(), exit_rcu, no preemption on
// the way out). The flag and its Kconfig guard are read from the tree (layout.archEqsFlag); the
// task's flags word `current->flags` is tracked only for that bit: a read gives the bit from the
// entry context (Machine.taskEqsFlag) and the other task flags all clear or all set.

import { compoundMember } from '../c/ir.ts';
import { restoredIF, type Machine } from '../model/state.ts';
import type { PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';
import type { TrackedMember } from './rseq.ts';
import { knownConstant as known } from './args.ts';

/** I/O and external interruptions in the PSW system mask (PSW bits 6 and 7). */
export const SM_IO = 0x02;
export const SM_EXT = 0x01;
const SM_IRQ = SM_IO | SM_EXT;
/** The system-mask bits the model does not track (PER 0x40, DAT 0x04, and the unassigned ones). */
const SM_REST = 0xff & ~SM_IRQ;

/** The system mask as stored by stnsm/stosm: IO and EXT from hwIF, the others all clear or all set. */
function systemMask(env: PrimitiveEnv): number {
  return (env.m.hwIF ? SM_IRQ : 0) | (env.choice & 1 ? SM_REST : 0);
}

/** Sets hwIF from the IO/EXT bits of a new system mask; one without the other is refused. */
function loadSystemMask(env: PrimitiveEnv, mask: number): void {
  const irq = mask & SM_IRQ;
  if (irq !== 0 && irq !== SM_IRQ) {
    throw new Error(`${env.callee}(${env.argText.join(', ')}): leaves ${irq === SM_EXT ? 'external' : 'I/O'} interruptions enabled and ${irq === SM_EXT ? 'I/O' : 'external'} ones disabled; kentry models the two classes as one hardware flag`);
  }
  env.m.hwIF = irq === SM_IRQ ? 1 : 0;
}

const TWO = (): number => 2;

/** Whether the argument is the enabled-wait flag (its bit number, as the tree's macro expands). */
function isEnabledWaitFlag(env: Omit<PrimitiveEnv, 'choice'>): boolean {
  const f = env.m.layout.enabledWaitFlag;
  return f !== undefined && (env.args[0] === f.value || env.argText[0] === f.name);
}

const primitives: PrimitiveDef[] = [
  {
    name: '__arch_local_irq_stnsm',
    instrumentable: false,
    choices: TWO,
    doc: '`stnsm`: the old PSW system mask (I/O and external from the hardware IRQ flag, the other bits unconstrained), then AND the immediate into it (0xfc: both classes off; 0xff: unchanged). Lockdep is not told.',
    run(env) {
      const old = systemMask(env);
      loadSystemMask(env, old & known(env, 0));
      return old;
    },
  },
  {
    name: '__arch_local_irq_stosm',
    instrumentable: false,
    choices: TWO,
    doc: '`stosm`: the old PSW system mask, then OR the immediate into it (0x03: both classes on; 0x01 alone is refused unless both are on already). Lockdep is not told.',
    run(env) {
      const old = systemMask(env);
      loadSystemMask(env, old | known(env, 0));
      return old;
    },
  },
  {
    name: '__arch_local_irq_ssm',
    instrumentable: false,
    doc: "`ssm`: load the PSW system mask from the argument: the byte stnsm/stosm stored, or the interrupted context's old PSW (`regs->psw.mask`, __do_pgm_check(); PER cleared, not modelled); IRQs on iff it enables both I/O and external interruptions. Lockdep is not told.",
    run(env) {
      if (isOldPswMask(env.argText[0])) {
        env.m.hwIF = oldPswIF(env);
        return 0;
      }
      loadSystemMask(env, known(env, 0) & 0xff);
      return 0;
    },
  },
  {
    name: 'kentry_s390_external_interruption',
    instrumentable: false,
    query: true,
    choices: TWO,
    doc: 'Harness (s390 irq row): which interruption class arrives, external (1: do_ext_irq()) or I/O (0: do_io_irq()); both are explored.',
    run: (env) => env.choice,
  },
  {
    name: 'kentry_s390_mcck_pending',
    instrumentable: false,
    query: true,
    choices: TWO,
    doc: "Harness (s390 nmi shell of a tree whose machine check returns to entry.S for more work, 6.1): whether the machine check's body (not read) left work pending (its `mcck_pending`); both are explored.",
    run: (env) => env.choice,
  },
  {
    name: 'test_and_clear_cpu_flag',
    instrumentable: false,
    choices: (env) => (isEnabledWaitFlag(env) ? 1 : 2),
    doc: "test_and_clear_cpu_flag(CIF_ENABLED_WAIT) (s390's do_io_irq()/do_ext_irq(): `from_idle`): whether the interruption hit the idle task's enabled wait, i.e. whether arch_cpu_idle() set the flag (layout.enabledWaitFlag) and no handler has cleared it yet; clears it. Another flag is not modelled: both answers.",
    run(env) {
      if (!isEnabledWaitFlag(env)) return env.choice;
      const ctx = env.m.topContext;
      if (!ctx) throw new Error('test_and_clear_cpu_flag(): no interrupt context');
      if (!ctx.enabledWait) return 0;
      env.m.writableTopContext()!.enabledWait = 0;
      return 1;
    },
  },
  {
    name: 'irqs_disabled_flags',
    appliesTo: (a) => isOldPswMask(a[0]) && a[0]!.replace(/\s+/g, '') === OLD_PSW_MASK,
    instrumentable: false,
    query: true,
    doc: "irqs_disabled_flags(regs->psw.mask) (s390's arch_irqs_disabled_flags(): neither I/O nor external interruptions enabled in the old PSW): whether the interrupted context had IRQs off. Other arguments are not modelled here.",
    run: (env) => (oldPswIF(env) ? 0 : 1),
  },
];

/** The old PSW's mask as the tree names it in the vector's saved registers. */
const OLD_PSW_MASK = 'regs->psw.mask';

/** `regs->psw.mask`, possibly with bits other than I/O and external masked out (`& ~PSW_MASK_PER`,
 *  the 64-bit PSW's PER bit as 7.3 and 6.12 spell it, `_AC(0x4000000000000000, UL)`, or as 6.1 does,
 *  `0x4000000000000000UL`). */
function isOldPswMask(text: string | undefined): boolean {
  const t = (text ?? '').replace(/\s+/g, '');
  return t === OLD_PSW_MASK || /^regs->psw\.mask&~(?:PSW_MASK_PER|_AC\(0x4000000000000000,UL\)|0x4000000000000000UL)$/.test(t);
}

/**
 * Whether the interrupted context's old PSW enabled I/O and external interruptions: the saved IRQ
 * state of the interrupt context the vector runs in (the innermost one: `regs` is its own).
 */
function oldPswIF(env: PrimitiveEnv): number {
  const ctx = env.m.topContext;
  if (!ctx) throw new Error(`${env.callee}(${env.argText.join(', ')}): no interrupt context, so no old PSW`);
  return restoredIF(ctx);
}

// ---- regs->psw.mask &= ~(…): the handler masks interruptions in the old PSW ----
//
// After an interruption of the idle task's enabled wait, do_io_irq()/do_ext_irq() clear the wait,
// I/O and external bits of the old PSW (`regs->psw.mask &= ~(PSW_MASK_EXT | PSW_MASK_IO |
// PSW_MASK_WAIT)`), so the CPU resumes after the wait instruction with interruptions masked (the
// idle code expects that: arch_cpu_idle() returns with IRQs off). The return then loads hwIF off
// (InterruptContext.pswIrqsMasked). The masks are 64-bit constants that 32-bit values cannot hold,
// so the update is read from the tree's text: the constants the right-hand side clears, as the
// macros expand them, against the architecture's I/O and external bits (PSW bits 6 and 7).
// Tracked only where the tree's handlers take from_idle from the enabled-wait flag
// (layout.enabledWaitFlag): tracked where from_idle is an opaque answer, the store would return
// every context with interruptions masked. Elsewhere it stays an untracked store, listed.

/** The 64-bit PSW's I/O and external bits: the system-mask bits SM_IO/SM_EXT in its first byte. */
const PSW_IO = BigInt(SM_IO) << 56n;
const PSW_EXT = BigInt(SM_EXT) << 56n;

/**
 * The bits `~(A | B | …)` (or `~A`) clears, the right-hand side as the tree's macros expand it:
 * each term an integer literal or `_AC(literal, UL)` (include/uapi/linux/const.h). Undefined for
 * any other form (a term kentry cannot evaluate is never taken as 0).
 */
export function clearedPswBits(rhs: string | undefined): bigint | undefined {
  const m = /^~\s*(.+)$/s.exec((rhs ?? '').trim());
  if (!m) return undefined;
  // `~(A | B)`: the outer parentheses go; `~_AC(x, UL)` is one term.
  const operand = m[1]!.trim();
  const terms = operand.startsWith('(') && operand.endsWith(')') ? operand.slice(1, -1) : operand;
  let bits = 0n;
  for (const raw of terms.split('|')) {
    const t = raw.trim().replace(/^\((.*)\)$/s, '$1').trim();
    const lit = /^_AC\(\s*(0[xX][0-9a-fA-F]+|\d+)\s*,\s*U?L{0,2}\s*\)$/.exec(t)?.[1] ?? /^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/.exec(t)?.[1];
    if (lit === undefined) return undefined;
    bits |= BigInt(lit);
  }
  return bits;
}

/** `regs->psw.mask &= …` as the front end names it (CallOp.member). */
const PSW_MASK_AND_MEMBER = compoundMember('pt_regs.psw.mask', '&');

const PSW_MASK_AND: TrackedMember = {
  store: {
    name: PSW_MASK_AND_MEMBER,
    instrumentable: false,
    doc: "`regs->psw.mask &= ~(…)` (s390's do_io_irq()/do_ext_irq() after an interruption of the idle wait): clearing PSW_MASK_IO and PSW_MASK_EXT masks both interruption classes in the PSW the return loads; clearing neither changes no modelled bit; one without the other is refused.",
    run(env) {
      const bits = clearedPswBits(env.argText[1]);
      if (bits === undefined) throw new Error(`${env.argText[0] ?? 'regs->psw.mask'} &= ${env.argText[1] ?? '?'}: a mask kentry cannot read (expected ~(constant | …))`);
      const io = (bits & PSW_IO) !== 0n;
      const ext = (bits & PSW_EXT) !== 0n;
      if (io !== ext) throw new Error(`${env.argText[0] ?? 'regs->psw.mask'} &= ${env.argText[1]}: masks ${io ? 'I/O' : 'external'} interruptions and not ${io ? 'external' : 'I/O'} ones; kentry models the two classes as one hardware flag`);
      if (!io) return 0;
      if (!env.m.topContext) throw new Error('regs->psw.mask: no interrupt context, so no old PSW');
      env.m.writableTopContext()!.pswIrqsMasked = 1;
      return 0;
    },
  },
};

// ---- current->flags: the bit arch_in_rcu_eqs() tests ----

/** Every task_struct.flags bit below 2^31 but the ones the model keeps, for the "other flags set" read. */
const otherFlags = (kept: number): number => 0x7fffffff & ~kept;

const TASK_FLAGS: TrackedMember = {
  load: {
    name: 'task_struct.flags',
    instrumentable: false,
    query: true,
    choices: TWO,
    doc: "Reads current->flags: the bit the arch's arch_in_rcu_eqs() tests (s390: PF_VCPU, from include/linux/sched.h) from the entry context, PF_IDLE from whether current is the idle task (as is_idle_task() says); the other task flags all clear or all set.",
    run(env) {
      const f = env.m.layout.archEqsFlag!;
      const kept = (env.m.taskEqsFlag ? f.value : 0) | (env.m.isIdle ? f.idleTaskBit : 0);
      return kept | (env.choice & 1 ? otherFlags(f.value | f.idleTaskBit) : 0);
    },
  },
};

// ---- lowcore.pgm_code: which program check arrived ----
//
// __do_pgm_check() (arch/s390/kernel/traps.c) reads the program-interruption code the CPU stored
// in the lowcore and takes the PER branch when its PER bit (PGM_INT_CODE_PER, read from the tree:
// layout.pgmIntCodePer) is set. From user mode any program check may be a PER event (ptrace's
// single-step and breakpoints, uprobes). In the kernel a PER event is a kprobe's single-step (the
// tree's own comment on that branch), and arch/s390/kernel/kprobes.c's enable_singlestep() clears
// the I/O and external masks of the PSW it steps with: the program check's old PSW has both off.
// So a kernel-mode program check that interrupted a context with IRQs on is never a PER event.
// Without that rule every kernel program check could take the kprobe branch, whose `ssm` restores
// the old PSW's mask without telling lockdep — a state the kernel never reaches there. The other
// bits (the transaction-abort bit 0x0200 among them) are not modelled: all clear or all set.

const PGM_CODE_BITS = 0xffff;

/** Whether the program check the current vector handles may be a PER event (see above). */
function perPossible(env: Omit<PrimitiveEnv, 'choice'>): boolean {
  const ctx = env.m.topContext;
  if (!ctx) throw new Error(`${env.callee}: no interrupt context, so no program check`);
  return ctx.userMode === 1 || ctx.savedIF === 0;
}

const PGM_CODE: TrackedMember = {
  load: {
    name: 'lowcore.pgm_code',
    instrumentable: false,
    query: true,
    choices: (env) => (perPossible(env) ? 4 : 2),
    doc: "Reads the lowcore's program-interruption code (s390): a PER event (PGM_INT_CODE_PER) is possible from user mode, and in the kernel only where the interrupted context had I/O and external interruptions masked (a kprobe's single-step, kprobes.c enable_singlestep()); the other bits all clear or all set.",
    run(env) {
      const per = env.m.layout.pgmIntCodePer!;
      return (env.choice & 2 ? per : 0) | (env.choice & 1 ? PGM_CODE_BITS & ~per : 0);
    },
  },
};

/**
 * The arch member tracked at `path` (IR CallOp.member) under this layout: `current->flags` where
 * the arch's arch_in_rcu_eqs() tests one of its bits, s390's `lowcore.pgm_code` where the tree
 * names its PER bit; undefined elsewhere (an opaque load).
 */
export function lookupArchMember(path: string, layout: Machine['layout']): TrackedMember | undefined {
  if (path === 'task_struct.flags' && layout.archEqsFlag) return TASK_FLAGS;
  if (path === 'lowcore.pgm_code' && layout.pgmIntCodePer !== undefined) return PGM_CODE;
  if (path === PSW_MASK_AND_MEMBER && layout.enabledWaitFlag !== undefined) return PSW_MASK_AND;
  return undefined;
}

export const s390: Subsystem = { name: 's390', primitives: [...primitives, TASK_FLAGS.load!, PGM_CODE.load!, PSW_MASK_AND.store!], checks: [] };
