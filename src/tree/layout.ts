// The bit layouts the model needs from a tree: preempt_count's fields (include/linux/preempt.h)
// and the thread-flag numbers (arch/<arch>/include/asm/thread_info.h, and from 7.2 on
// include/asm-generic/thread_info_tif.h, which the arch header includes). Both are read by running
// the tree's own #defines through the preprocessor for one Kconfig and evaluating the expansions:
// the shifts are data, never a version check.
//
// Why this matters: 7.3 moved HARDIRQ up by a byte (a hardirq-disable count sits between SOFTIRQ
// and HARDIRQ) and, on x86-64 with PREEMPT_COUNT, widened NMI to a 4-bit count at the top of the
// word; 7.2 renumbered every TIF_* bit. A model that assumed the 5.8 layout would count a hard IRQ
// into the wrong field, or test a thread flag the kernel never sets.

import fs from 'node:fs';
import path from 'node:path';
import { evalConstText } from '../c/consteval.ts';
import { blankComments, createEnv, preprocess, type MacroTable } from '../c/preprocess.ts';
import { sourceOf } from './read.ts';
import { openConditionals } from './conditionals.ts';

/** A tree whose layout the model cannot represent, or whose headers lack a needed definition. */
export class LayoutError extends Error {}

/** preempt_count fields as masks, offsets and shifts (all unsigned 32-bit). */
export interface PreemptLayout {
  readonly PREEMPT_MASK: number;
  readonly SOFTIRQ_MASK: number;
  /** 7.3+: the hardirq-disable count (0 when the tree has none). */
  readonly HARDIRQ_DISABLE_MASK: number;
  readonly HARDIRQ_MASK: number;
  readonly NMI_MASK: number;
  readonly PREEMPT_OFFSET: number;
  readonly SOFTIRQ_OFFSET: number;
  readonly HARDIRQ_OFFSET: number;
  readonly NMI_OFFSET: number;
  readonly SOFTIRQ_DISABLE_OFFSET: number;
  /** What preempt_disable() adds: PREEMPT_OFFSET with PREEMPT_COUNT, 0 without. */
  readonly PREEMPT_DISABLE_OFFSET: number;
  /**
   * How NMIs are counted. `count`: NMI_MASK is a field and __nmi_enter() adds NMI_OFFSET (every
   * tree up to 7.2, and 7.3 with HAS_SEPARATE_PREEMPT_RESCHED_BITS). `flag`: NMI_MASK is one bit,
   * set while a per-CPU nmi_nesting count is non-zero (7.3 without separate resched bits).
   */
  readonly nmiCounting: 'count' | 'flag';
}

/** Thread-flag bit numbers the model gives meaning to (TIF_<name>). */
export interface ThreadFlagLayout {
  readonly NEED_RESCHED: number;
  readonly SIGPENDING: number;
  readonly NOTIFY_RESUME: number;
  /** Absent where the arch defines no TIF_UPROBE and the generic entry header makes _TIF_UPROBE 0 (ModelLayout.tifNone). */
  readonly UPROBE?: number;
  /** Absent where the arch defines no TIF_PATCH_PENDING and the generic entry header makes _TIF_PATCH_PENDING 0 (6.12's riscv, 6.1's loongarch; ModelLayout.tifNone). */
  readonly PATCH_PENDING?: number;
  /** PREEMPT_LAZY trees only (6.13+); absent elsewhere. */
  readonly NEED_RESCHED_LAZY?: number;
  /** The rseq fast-path flag of trees with generic TIF bits (7.2+); absent elsewhere. */
  readonly RSEQ?: number;
}

/**
 * The per-task rseq event the 7.x exit path acts on (include/linux/rseq_types.h `struct
 * rseq_event`): a context switch into a task with rseq registered sets its `sched_switch` bit and
 * raises a thread flag (include/linux/rseq.h rseq_raise_notify_resume()); the exit-to-user path
 * handles the flag, and a clear of the event (`events = 0`) ends it. The exit path then asserts
 * that no event is pending (rseq_syscall_exit_to_user_mode(), rseq_irqentry_exit_to_user_mode()).
 * Absent in trees whose task has no such event bit (up to 7.1: rseq_event_mask, read only by the
 * notify-resume work).
 */
export interface RseqEventLayout {
  /** The thread flag rseq_raise_notify_resume() sets, as a ThreadFlagLayout name. */
  readonly raises: keyof ThreadFlagLayout;
  /** `file:line` of the struct member and of the raising function. */
  readonly source: string;
}

/**
 * What context tracking's switch to user mode does with a deferred rcuog wakeup (RCU_NOCB_CPU), on
 * an architecture with generic entry and a task that is not a vCPU. Read from kernel/rcu/tree.c.
 *  - `none`: nothing (5.8; 6.0+, where rcu_irq_work_resched() returns early under GENERIC_ENTRY,
 *    because the entry code flushes before its last need_resched() check instead).
 *  - `wake`: rcu_user_enter() calls do_nocb_deferred_wakeup() (5.10 stable, 5.11): the wakeup may
 *    set TIF_NEED_RESCHED on this CPU after the exit path's last flags read, with nothing to act
 *    on it until the next kernel entry.
 *  - `wake-and-kick`: as `wake`, but a reschedule it causes queues a self-IPI (irq_work), so the
 *    CPU re-enters the kernel at once and the reschedule is not lost (5.12 – 5.19).
 */
export type CtUserEnterRcuog = 'none' | 'wake' | 'wake-and-kick';

/**
 * arm64's GIC priority-mask values (arch/arm64/include/asm/ptrace.h, whose GIC_PRIO_* are
 * include/linux/irqchip/arm-gic-v3-prio.h's GICV3_PRIO_*), read where the arch's ptrace.h defines
 * them. All are PMR values (8 bits); an interrupt is signalled only when its priority is below
 * (numerically less than) the PMR.
 */
export interface GicPrioLayout {
  /** GIC_PRIO_IRQON: the PMR value that unmasks regular IRQs (irqs_disabled() is false iff PMR is this). */
  readonly IRQON: number;
  /** GIC_PRIO_IRQOFF: the PMR value that masks regular IRQs but not pseudo-NMIs. */
  readonly IRQOFF: number;
  /** GIC_PRIO_PSR_I_SET: the bit added to PMR while PSTATE.I masks interrupts instead. */
  readonly PSR_I_SET: number;
  /** GICV3_PRIO_IRQ: the priority the GIC driver gives regular interrupts. */
  readonly PRIO_IRQ: number;
  /** GICV3_PRIO_NMI: the priority of pseudo-NMIs. */
  readonly PRIO_NMI: number;
  /**
   * What arch/arm64/kernel/entry.S's `kernel_entry` writes to ICC_PMR_EL1 after saving it in
   * regs->pmr (`mrs_s` / `str … [sp, #S_PMR]`, then `mov xN, #…` / `msr_s`); `kernel_exit`
   * restores the saved value (`ldr … [sp, #S_PMR]` / `msr_s`). Both are required.
   */
  readonly ENTRY_PMR: number;
  /**
   * The `struct pt_regs` member that slot is (asm-offsets.c's `DEFINE(S_PMR…, offsetof(struct
   * pt_regs, M))`): `pmr` in 7.x (`S_PMR`, a 32-bit store), `pmr_save` before (`S_PMR_SAVE`, 64-bit).
   * The C reads it as `regs->M`.
   */
  readonly SAVED_PMR_MEMBER: string;
}

/**
 * powerpc's MSR bits the model reads and writes (arch/powerpc/include/asm/reg.h: MSR_EE, external
 * interrupts enabled; MSR_PR, problem state, i.e. user mode; MSR_RI, recoverable interrupt), read
 * where the arch's asm/reg.h defines them.
 */
export interface PpcMsrLayout {
  readonly EE: number;
  readonly PR: number;
  readonly RI: number;
}

/**
 * powerpc 64-bit soft masking (arch/powerpc/include/asm/hw_irq.h, the `#ifdef CONFIG_PPC64` half):
 * the values of paca->irq_soft_mask (IRQS_*) and the bits of paca->irq_happened (PACA_IRQ_*),
 * read where the config is a 64-bit kernel. Of the pending bits the model raises only
 * PACA_IRQ_EE (its one device interrupt is an external interrupt); the others are read so that a
 * tree test of them is a known constant.
 */
export interface PpcSoftMaskLayout {
  readonly IRQS_ENABLED: number;
  readonly IRQS_DISABLED: number;
  readonly IRQS_PMI_DISABLED: number;
  readonly IRQS_ALL_DISABLED: number;
  readonly HARD_DIS: number;
  readonly EE: number;
  readonly DEC: number;
  readonly DBELL: number;
  readonly HMI: number;
  readonly PMI: number;
  readonly REPLAYING: number;
  /** PACA_IRQ_MUST_HARD_MASK: pending interrupts that keep MSR[EE] clear until replayed. */
  readonly MUST_HARD_MASK: number;
}

export interface ModelLayout {
  readonly preempt: PreemptLayout;
  readonly tif: ThreadFlagLayout;
  readonly ctUserEnterRcuog: CtUserEnterRcuog;
  /** The rseq sched_switch event, where the tree's task has one (7.2+). */
  readonly rseqEvent: RseqEventLayout | null;
  /**
   * Thread flags the arch does not define that include/linux/thread_info.h falls back to another
   * flag for (`#ifndef TIF_RSEQ` / `# define TIF_RSEQ TIF_NOTIFY_RESUME` on 7.x arches without
   * generic TIF bits): name → the ThreadFlagLayout name whose bit it is.
   */
  readonly tifAliases: Readonly<Record<string, keyof ThreadFlagLayout>>;
  /**
   * Thread flags the arch does not define that the generic entry header makes "no flag"
   * (`#ifndef _TIF_PATCH_PENDING` / `# define _TIF_PATCH_PENDING (0)` in
   * include/linux/entry-common.h or irq-entry-common.h): _TIF_X is 0 in the entry code, TIF_X has
   * no bit (ThreadFlagLayout leaves it absent), and no work of that kind can be pending.
   */
  readonly tifNone: readonly (keyof ThreadFlagLayout)[];
  /**
   * The task flag the arch's `arch_in_rcu_eqs()` tests (s390: `current->flags & PF_VCPU`, a vCPU
   * task inside SIE), where the arch defines that hook in its asm/entry-common.h; absent elsewhere.
   */
  readonly archEqsFlag?: ArchEqsFlag;
  /** name → `file:line` of the #define each value came from (coverage prints it). */
  readonly sources: Readonly<Record<string, string>>;
  /** arm64's GIC priority-mask values; absent where the arch's ptrace.h does not define them. */
  readonly gicPrio?: GicPrioLayout;
  /** powerpc's MSR bits; absent where the arch's asm/reg.h does not define MSR_EE. */
  readonly ppcMsr?: PpcMsrLayout;
  /** powerpc 64-bit soft masking; absent on 32-bit kernels and every other arch. */
  readonly ppcSoftMask?: PpcSoftMaskLayout;
  /**
   * What lockdep and the irq tracer say while the idle task waits with hardware IRQs on, in its
   * RCU extended quiescent state (kernel/sched/idle.c): 'on' where the idle code tells them before
   * the wait (5.10, 6.1: default_idle_call()'s lockdep_hardirqs_on(), cpu_idle_poll()'s
   * local_irq_enable()); 'off' where the wait enables IRQs raw after do_idle()'s
   * local_irq_disable() told them off (6.12 on: raw_local_irq_enable() in the wait).
   */
  readonly idleWaitSoftIrqs: 'on' | 'off';
  /**
   * The context-tracking state the idle task holds in its RCU extended quiescent state, and so the
   * state ct_state() reads in an interrupt of it (kernel/context_tracking.c): 'idle' where
   * ct_idle_enter() adds the IDLE state to context tracking's word as it leaves RCU (6.1 on:
   * `ct_kernel_exit(false, … + CT_STATE_IDLE)`; ct_nmi_enter() then makes RCU watch without taking
   * it away, so the handler still reads IDLE); 'kernel' where the tree has no idle state (5.10's
   * enum ctx_state, whose rcu_idle_enter() touches only RCU).
   */
  readonly idleCtState: 'kernel' | 'idle';
  /**
   * s390's program-interruption-code bit for a PER event (`PGM_INT_CODE_PER`, asm/ptrace.h): which
   * bit of the lowcore's `pgm_code` says the program check was a PER event. Absent on other arches.
   */
  readonly pgmIntCodePer?: number;
  /**
   * s390's CPU flag for the idle task's enabled wait (`CIF_ENABLED_WAIT`): arch_cpu_idle()
   * (arch/s390/kernel/idle.c) sets it before it loads the wait PSW, and the interrupt handlers
   * (arch/s390/kernel/irq.c) take `from_idle` from test_and_clear_cpu_flag() of it and then mask
   * I/O and external interruptions in the old PSW. Absent where the tree tells the idle wait
   * otherwise (6.1: the old PSW's address) and on other arches. Its name and bit number
   * (asm/processor.h): the call's argument is the number once macros are expanded.
   */
  readonly enabledWaitFlag?: { readonly name: string; readonly value: number };
}

/** The task flag an arch's arch_in_rcu_eqs() tests (ModelLayout.archEqsFlag). */
export interface ArchEqsFlag {
  /** Its name in include/linux/sched.h (`PF_VCPU`). */
  readonly name: string;
  /** Its value there (a single bit of task_struct.flags). */
  readonly value: number;
  /** The Kconfig symbol the hook tests before the flag (`IS_ENABLED(CONFIG_KVM)`), if any. */
  readonly config: string | null;
  /**
   * `PF_IDLE`'s value in include/linux/sched.h: the bit is_idle_task() tests in the same word. A
   * read of current->flags gives it from the model's idle task, not as one of the other flags
   * (which a read has all clear or all set): is_idle_task()'s text then agrees with its primitive.
   */
  readonly idleTaskBit: number;
}

const bit = (n: number): number => 2 ** n;
const mask = (bits: number, shift: number): number => (bit(bits) - 1) * bit(shift);

/**
 * The 5.8–7.2 layout (kentry-ref §2.2) and the x86 thread-flag numbers of 5.8–6.x: what the bundled
 * seed model is written against. Trees never use this; they get their own from `readLayout`.
 */
export const CLASSIC_LAYOUT: ModelLayout = {
  preempt: {
    PREEMPT_MASK: mask(8, 0),
    SOFTIRQ_MASK: mask(8, 8),
    HARDIRQ_DISABLE_MASK: 0,
    HARDIRQ_MASK: mask(4, 16),
    NMI_MASK: mask(4, 20),
    PREEMPT_OFFSET: 1,
    SOFTIRQ_OFFSET: bit(8),
    HARDIRQ_OFFSET: bit(16),
    NMI_OFFSET: bit(20),
    SOFTIRQ_DISABLE_OFFSET: bit(9),
    PREEMPT_DISABLE_OFFSET: 1,
    nmiCounting: 'count',
  },
  tif: { NOTIFY_RESUME: 1, SIGPENDING: 2, NEED_RESCHED: 3, UPROBE: 12, PATCH_PENDING: 13 },
  // v5.8's rcu_user_enter() only enters the extended quiescent state.
  ctUserEnterRcuog: 'none',
  // v5.8's rseq state (rseq_event_mask) is read only by the notify-resume work.
  rseqEvent: null,
  tifAliases: {},
  tifNone: [],
  sources: {},
  // v5.8's x86 idle: rcu_idle_enter(), then arch_cpu_idle()'s safe_halt() tells the tracer and
  // lockdep IRQs are on before its sti; hlt.
  idleWaitSoftIrqs: 'on',
  // v5.8's enum ctx_state has no idle state.
  idleCtState: 'kernel',
};

const PREEMPT_NAMES = [
  'PREEMPT_MASK', 'SOFTIRQ_MASK', 'HARDIRQ_MASK', 'NMI_MASK',
  'PREEMPT_OFFSET', 'SOFTIRQ_OFFSET', 'HARDIRQ_OFFSET', 'NMI_OFFSET', 'SOFTIRQ_DISABLE_OFFSET', 'PREEMPT_DISABLE_OFFSET',
] as const;
const OPTIONAL_PREEMPT_NAMES = ['HARDIRQ_DISABLE_MASK'] as const;
const TIF_NAMES = ['NEED_RESCHED', 'SIGPENDING', 'NOTIFY_RESUME', 'UPROBE', 'PATCH_PENDING'] as const;
/** The thread flags the model can do without (exit work that is simply never pending); the others
 *  it needs a bit for, whatever the tree's headers fall back to. */
const MAY_BE_NONE: ReadonlySet<string> = new Set(['UPROBE', 'PATCH_PENDING']);
const OPTIONAL_TIF_NAMES = ['NEED_RESCHED_LAZY', 'RSEQ'] as const;
/** Every thread-flag name the layout derives (TIF_X and _TIF_X are bound from it, layoutConstants). */
export const LAYOUT_TIF_NAMES: ReadonlySet<string> = new Set<string>([...TIF_NAMES, ...OPTIONAL_TIF_NAMES]);

/** Reads a header and, first, the headers it includes that match `follow` (depth-first, once each). */
function readHeaders(root: string, arch: string, start: readonly string[], follow: RegExp, isEnabled: (n: string) => boolean | undefined): { macros: MacroTable; read: string[] } {
  // Kernel headers are read as the kernel build reads them: with __KERNEL__ defined (loongarch's
  // asm/thread_info.h puts its flags under `#ifdef __KERNEL__`; src/tree/read.ts predefines it too).
  const macros: MacroTable = new Map([['__KERNEL__', { name: '__KERNEL__', params: null, variadic: false, body: '1', file: '<predefined>', line: 0 }]]);
  const env = createEnv(isEnabled, { macros, expand: () => false });
  const read: string[] = [];
  const seen = new Set<string>();
  const resolve = (inc: string): string | undefined =>
    [`include/${inc}`, `arch/${arch}/include/${inc}`, `arch/${arch}/include/uapi/${inc}`, `include/uapi/${inc}`].find((c) => fs.existsSync(path.join(root, c)));
  const visit = (rel: string): void => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const text = sourceOf(path.join(root, rel));
    // Includes are taken where they stand, approximately: the file once (so what it defines
    // before an #include, e.g. HAVE_TIF_NEED_RESCHED_LAZY, is visible to the included header), then
    // the matching includes, then the file again (its later #ifs may test what they defined).
    const probe = preprocess(text, rel, env);
    for (const inc of probe.includes) {
      if (!follow.test(inc.path)) continue;
      const target = resolve(inc.path);
      if (target) visit(target);
    }
    preprocess(text, rel, env);
    read.push(rel);
  };
  for (const s of start) if (fs.existsSync(path.join(root, s))) visit(s);
  return { macros, read };
}

/** The value of object-like macro `name` after full expansion, or undefined when not defined. */
function valueOf(name: string, macros: MacroTable, isEnabled: (n: string) => boolean | undefined, file: string): number | undefined {
  if (!macros.has(name)) return undefined;
  const probe = `long __kentry_probe = ${name};\n`;
  const env = createEnv(isEnabled, { macros: new Map(macros), expand: () => true });
  let text = preprocess(probe, '<layout>', env).text;
  // IS_ENABLED(CONFIG_X) is never expanded by the preprocessor (the IR gives it meaning); here
  // it is a constant of this config.
  text = text.replace(/\bIS_ENABLED\s*\(\s*CONFIG_(\w+)\s*\)/g, (_, s: string) => (isEnabled(s) ? '1' : '0'));
  const expr = /__kentry_probe\s*=\s*([\s\S]*);/.exec(text)?.[1];
  const v = expr === undefined ? null : evalConstText(expr, new Map());
  if (v === null) {
    // A statement expression that tests a static key (6.1's arm64 GIC_PRIO_IRQOFF picks the
    // non-secure value at boot): a value the boot decides, which one layout cannot hold.
    const key = /static_branch_\w+\s*\(\s*&\s*(\w+)\s*\)/.exec(expr ?? '')?.[1];
    if (key) throw new LayoutError(`${file}: ${name} is chosen at boot (it tests the static key ${key}), not a constant; kentry's layout holds one value per tree`);
    throw new LayoutError(`${file}: ${name} does not evaluate to a constant (${(expr ?? '').trim().slice(0, 80)})`);
  }
  return v >>> 0;
}

function defined(macros: MacroTable, name: string): string {
  const d = macros.get(name);
  return d ? `${d.file}:${d.line}` : '?';
}

/** Field masks must be contiguous, disjoint, within 32 bits, with OFFSET the lowest bit of MASK. */
function checkPreempt(p: PreemptLayout, where: string): void {
  const fields: Array<[string, number, number]> = [
    ['PREEMPT', p.PREEMPT_MASK, p.PREEMPT_OFFSET],
    ['SOFTIRQ', p.SOFTIRQ_MASK, p.SOFTIRQ_OFFSET],
    ['HARDIRQ', p.HARDIRQ_MASK, p.HARDIRQ_OFFSET],
    ['NMI', p.NMI_MASK, p.NMI_OFFSET],
  ];
  let union = p.HARDIRQ_DISABLE_MASK;
  for (const [n, m, off] of fields) {
    if (m === 0) throw new LayoutError(`${where}: ${n}_MASK is 0`);
    const low = (m & -m) >>> 0;
    if (off !== low) throw new LayoutError(`${where}: ${n}_OFFSET 0x${off.toString(16)} is not the lowest bit of ${n}_MASK 0x${m.toString(16)}`);
    if ((((m / low) + 1) & (m / low)) !== 0) throw new LayoutError(`${where}: ${n}_MASK 0x${m.toString(16)} is not a contiguous field`);
    if ((union & m) !== 0) throw new LayoutError(`${where}: ${n}_MASK 0x${m.toString(16)} overlaps another preempt_count field`);
    union = (union | m) >>> 0;
  }
  if (p.HARDIRQ_MASK / p.HARDIRQ_OFFSET < 3) throw new LayoutError(`${where}: HARDIRQ field of fewer than 2 bits cannot hold a nested interrupt`);
  if (p.SOFTIRQ_DISABLE_OFFSET !== 2 * p.SOFTIRQ_OFFSET) throw new LayoutError(`${where}: SOFTIRQ_DISABLE_OFFSET is not 2 * SOFTIRQ_OFFSET, which the model's softirq accounting assumes`);
  if (p.PREEMPT_DISABLE_OFFSET !== 0 && p.PREEMPT_DISABLE_OFFSET !== p.PREEMPT_OFFSET) throw new LayoutError(`${where}: PREEMPT_DISABLE_OFFSET is neither 0 nor PREEMPT_OFFSET`);
}

/**
 * The layout of `root` for one Kconfig (`isEnabled`). Every value the model uses must be defined by
 * the tree and be a constant; the fields must be representable (LayoutError otherwise).
 */
export function readLayout(root: string, arch: string, isEnabled: (n: string) => boolean | undefined): ModelLayout {
  const pre = readHeaders(root, arch, ['include/linux/preempt.h'], /^(asm\/preempt|linux\/preempt|asm-generic\/preempt)\.h$/, isEnabled);
  if (pre.read.length === 0) throw new LayoutError(`${root}: include/linux/preempt.h is missing (preempt_count layout unknown)`);
  const sources: Record<string, string> = {};
  const get = (name: string, required: boolean): number | undefined => {
    const v = valueOf(name, pre.macros, isEnabled, 'include/linux/preempt.h');
    if (v === undefined && required) throw new LayoutError(`${root}: ${name} is not defined by include/linux/preempt.h`);
    if (v !== undefined) sources[name] = defined(pre.macros, name);
    return v;
  };
  const vals: Record<string, number> = {};
  for (const n of PREEMPT_NAMES) vals[n] = get(n, true)!;
  for (const n of OPTIONAL_PREEMPT_NAMES) vals[n] = get(n, false) ?? 0;

  // NMI counting: does the configured __nmi_enter() path keep a per-CPU nesting count?
  const hard = readHeaders(root, arch, ['include/linux/hardirq.h'], /^$/, isEnabled);
  const enter = hard.macros.get('__preempt_count_nmi_enter');
  const nmiCounting: PreemptLayout['nmiCounting'] = enter && /\bnmi_nesting\b/.test(enter.body) ? 'flag' : 'count';
  if (nmiCounting === 'flag') sources['__preempt_count_nmi_enter'] = `${enter!.file}:${enter!.line}`;
  const preempt: PreemptLayout = {
    PREEMPT_MASK: vals.PREEMPT_MASK!,
    SOFTIRQ_MASK: vals.SOFTIRQ_MASK!,
    HARDIRQ_DISABLE_MASK: vals.HARDIRQ_DISABLE_MASK!,
    HARDIRQ_MASK: vals.HARDIRQ_MASK!,
    NMI_MASK: vals.NMI_MASK!,
    PREEMPT_OFFSET: vals.PREEMPT_OFFSET!,
    SOFTIRQ_OFFSET: vals.SOFTIRQ_OFFSET!,
    HARDIRQ_OFFSET: vals.HARDIRQ_OFFSET!,
    NMI_OFFSET: vals.NMI_OFFSET!,
    SOFTIRQ_DISABLE_OFFSET: vals.SOFTIRQ_DISABLE_OFFSET!,
    PREEMPT_DISABLE_OFFSET: vals.PREEMPT_DISABLE_OFFSET!,
    nmiCounting,
  };
  checkPreempt(preempt, `${root}: include/linux/preempt.h`);
  if (nmiCounting === 'flag' && (preempt.NMI_MASK & (preempt.NMI_MASK - 1)) !== 0) throw new LayoutError(`${root}: NMI counted per CPU but NMI_MASK 0x${preempt.NMI_MASK.toString(16)} is not a single bit`);

  const tiHeader = `arch/${arch}/include/asm/thread_info.h`;
  const ti = readHeaders(root, arch, [tiHeader], /thread_info/, isEnabled);
  if (ti.read.length === 0) throw new LayoutError(`${root}: ${tiHeader} is missing (thread-flag numbers unknown)`);
  const tif: Record<string, number> = {};
  const zeroed = readGenericTifZero(root);
  const tifNone: (keyof ThreadFlagLayout)[] = [];
  for (const n of TIF_NAMES) {
    const v = valueOf(`TIF_${n}`, ti.macros, isEnabled, tiHeader);
    if (v === undefined) {
      // A flag the arch does not define is "no flag" where the generic entry header says so
      // (`_TIF_X` 0 under `#ifndef _TIF_X`) and the arch does not spell `_TIF_X` itself.
      const zero = zeroed.get(n);
      if (zero && MAY_BE_NONE.has(n) && !ti.macros.has(`_TIF_${n}`)) {
        tifNone.push(n);
        sources[`_TIF_${n}`] = zero;
        continue;
      }
      throw new LayoutError(`${root}: TIF_${n} is not defined by ${ti.read.join(', ')}${zero ? ` (${zero} makes _TIF_${n} 0 without it, but the model needs its bit)` : ''}`);
    }
    if (v > 31) throw new LayoutError(`${root}: TIF_${n} is bit ${v}; the model holds thread flags in 32 bits`);
    tif[n] = v;
    sources[`TIF_${n}`] = defined(ti.macros, `TIF_${n}`);
  }
  for (const n of OPTIONAL_TIF_NAMES) {
    const v = valueOf(`TIF_${n}`, ti.macros, isEnabled, tiHeader);
    if (v === undefined) continue;
    if (v > 31) throw new LayoutError(`${root}: TIF_${n} is bit ${v}; the model holds thread flags in 32 bits`);
    tif[n] = v;
    sources[`TIF_${n}`] = defined(ti.macros, `TIF_${n}`);
  }
  const bits = Object.entries(tif);
  for (const [a, va] of bits) for (const [b, vb] of bits) if (a < b && va === vb) throw new LayoutError(`${root}: TIF_${a} and TIF_${b} are both bit ${va}`);
  const ct = readCtUserEnterRcuog(root, isEnabled('GENERIC_ENTRY') === true);
  sources.ctUserEnterRcuog = ct.source;
  const tifAliases = readTifAliases(root, tif, sources);
  const rseqEvent = readRseqEvent(root, tif, tifAliases);
  if (rseqEvent) sources.rseqEvent = rseqEvent.source;
  const eqs = readArchEqsFlag(root, arch);
  if (eqs) sources[eqs.flag.name] = eqs.source;
  const gicPrio = readGicPrio(root, arch, isEnabled, sources);
  const ppcMsr = readPpcMsr(root, arch, isEnabled, sources);
  const ppcSoftMask = ppcMsr ? readPpcSoftMask(root, arch, isEnabled, sources) : undefined;
  const idle = readIdleWaitSoftIrqs(root);
  sources.idleWaitSoftIrqs = idle.source;
  const idleCt = readIdleCtState(root);
  sources.idleCtState = idleCt.source;
  const pgmIntCodePer = readPgmIntCodePer(root, arch, isEnabled, sources);
  const enabledWait = readEnabledWaitFlag(root, arch, isEnabled);
  if (enabledWait) sources[enabledWait.name] = enabledWait.source;
  return { preempt, tif: tif as unknown as ThreadFlagLayout, ctUserEnterRcuog: ct.value, rseqEvent, tifAliases, tifNone, ...(eqs ? { archEqsFlag: eqs.flag } : {}), sources, ...(gicPrio ? { gicPrio } : {}), ...(ppcMsr ? { ppcMsr } : {}), ...(ppcSoftMask ? { ppcSoftMask } : {}), idleWaitSoftIrqs: idle.value, idleCtState: idleCt.value, ...(pgmIntCodePer !== undefined ? { pgmIntCodePer } : {}), ...(enabledWait ? { enabledWaitFlag: { name: enabledWait.name, value: enabledWait.value } } : {}) };
}

/** Each PpcSoftMaskLayout field and the asm/hw_irq.h macro it is read from (the IR's constant of that name). */
export const PPC_SOFT_MASK_NAMES: readonly [keyof PpcSoftMaskLayout, string][] = [
  ['IRQS_ENABLED', 'IRQS_ENABLED'],
  ['IRQS_DISABLED', 'IRQS_DISABLED'],
  ['IRQS_PMI_DISABLED', 'IRQS_PMI_DISABLED'],
  ['IRQS_ALL_DISABLED', 'IRQS_ALL_DISABLED'],
  ['HARD_DIS', 'PACA_IRQ_HARD_DIS'],
  ['EE', 'PACA_IRQ_EE'],
  ['DEC', 'PACA_IRQ_DEC'],
  ['DBELL', 'PACA_IRQ_DBELL'],
  ['HMI', 'PACA_IRQ_HMI'],
  ['PMI', 'PACA_IRQ_PMI'],
  ['REPLAYING', 'PACA_IRQ_REPLAYING'],
  ['MUST_HARD_MASK', 'PACA_IRQ_MUST_HARD_MASK'],
];

/**
 * powerpc's soft-mask values and irq_happened bits (PpcSoftMaskLayout), where the config is a
 * 64-bit kernel: asm/hw_irq.h defines PACA_IRQ_HARD_DIS under CONFIG_PPC64 (and the IRQS_*
 * values for both). Absent on a 32-bit kernel. Every name is required, each irq_happened bit one
 * bit of a byte (the paca field is a u8), the soft-mask values within a byte, and
 * IRQS_ALL_DISABLED must hold IRQS_DISABLED (the model's "IRQs off" is that bit, as
 * arch_irqs_disabled_flags() tests it).
 */
export function readPpcSoftMask(root: string, arch: string, isEnabled: (n: string) => boolean | undefined, sources: Record<string, string>): PpcSoftMaskLayout | undefined {
  const header = `arch/${arch}/include/asm/hw_irq.h`;
  if (!fs.existsSync(path.join(root, header))) return undefined;
  const r = readHeaders(root, arch, [header], /^$/, isEnabled);
  if (!r.macros.has('PACA_IRQ_HARD_DIS')) return undefined;
  const out: Record<string, number> = {};
  for (const [k, name] of PPC_SOFT_MASK_NAMES) {
    const v = valueOf(name, r.macros, isEnabled, header);
    if (v === undefined) throw new LayoutError(`${root}: ${header} defines PACA_IRQ_HARD_DIS but ${name} is not a constant of ${r.read.join(', ')}`);
    if (v < 0 || v > 0xff) throw new LayoutError(`${root}: ${name} is 0x${v.toString(16)}, not a value of a u8 paca field`);
    const isBit = k.startsWith('IRQS_') ? k === 'IRQS_DISABLED' || k === 'IRQS_PMI_DISABLED' : k !== 'MUST_HARD_MASK';
    if (isBit && (v === 0 || (v & (v - 1)) !== 0)) throw new LayoutError(`${root}: ${name} is 0x${v.toString(16)}, not one bit`);
    out[k] = v;
    sources[name] = defined(r.macros, name);
  }
  if (out.IRQS_ENABLED !== 0) throw new LayoutError(`${root}: IRQS_ENABLED is ${out.IRQS_ENABLED}; the model takes a zero soft mask as "enabled" (arch_local_irq_restore() tests mask == 0)`);
  if ((out.IRQS_ALL_DISABLED! & out.IRQS_DISABLED!) === 0) throw new LayoutError(`${root}: IRQS_ALL_DISABLED (0x${out.IRQS_ALL_DISABLED!.toString(16)}) does not include IRQS_DISABLED`);
  return out as unknown as PpcSoftMaskLayout;
}

/** powerpc's MSR_EE/PR/RI, where arch/<arch>/include/asm/reg.h defines MSR_EE (only powerpc's does). */
export function readPpcMsr(root: string, arch: string, isEnabled: (n: string) => boolean | undefined, sources: Record<string, string>): PpcMsrLayout | undefined {
  const header = `arch/${arch}/include/asm/reg.h`;
  if (!fs.existsSync(path.join(root, header))) return undefined;
  const r = readHeaders(root, arch, [header], /^$/, isEnabled);
  if (!r.macros.has('MSR_EE')) return undefined;
  const out: Record<string, number> = {};
  for (const k of ['EE', 'PR', 'RI'] as const) {
    const v = valueOf(`MSR_${k}`, r.macros, isEnabled, header);
    if (v === undefined) throw new LayoutError(`${root}: ${header} defines MSR_EE but MSR_${k} is not a constant of ${r.read.join(', ')}`);
    if (v <= 0 || v > 0x80000000 || (v & (v - 1)) !== 0) throw new LayoutError(`${root}: MSR_${k} is 0x${v.toString(16)}, not one bit of the low 32`);
    out[k] = v;
    sources[`MSR_${k}`] = defined(r.macros, `MSR_${k}`);
  }
  return out as unknown as PpcMsrLayout;
}

/**
 * s390's PER bit of the program-interruption code (`PGM_INT_CODE_PER` in asm/ptrace.h), where the
 * arch defines it: which bit of `lowcore.pgm_code` says the program check was a PER event
 * (src/kernel/s390.ts, the tracked `pgm_code` load). Undefined on arches without the name.
 */
export function readPgmIntCodePer(root: string, arch: string, isEnabled: (n: string) => boolean | undefined, sources: Record<string, string>): number | undefined {
  const header = `arch/${arch}/include/asm/ptrace.h`;
  if (!fs.existsSync(path.join(root, header))) return undefined;
  const r = readHeaders(root, arch, [header], /^$/, isEnabled);
  if (!r.macros.has('PGM_INT_CODE_PER')) return undefined;
  const v = valueOf('PGM_INT_CODE_PER', r.macros, isEnabled, header);
  if (v === undefined || v <= 0 || v > 0x8000 || (v & (v - 1)) !== 0) throw new LayoutError(`${root}: ${header} defines PGM_INT_CODE_PER, but not as one bit of the 16-bit program-interruption code`);
  sources.PGM_INT_CODE_PER = defined(r.macros, 'PGM_INT_CODE_PER');
  return v;
}

const GIC_PRIO_NAMES: readonly [keyof GicPrioLayout, string][] = [
  ['IRQON', 'GIC_PRIO_IRQON'],
  ['IRQOFF', 'GIC_PRIO_IRQOFF'],
  ['PSR_I_SET', 'GIC_PRIO_PSR_I_SET'],
  ['PRIO_IRQ', 'GICV3_PRIO_IRQ'],
  ['PRIO_NMI', 'GICV3_PRIO_NMI'],
];

/** The value of a constant expression over the macros read (`GIC_PRIO_IRQON | GIC_PRIO_PSR_I_SET`). */
function valueOfExpr(expr: string, macros: MacroTable, isEnabled: (n: string) => boolean | undefined, file: string): number {
  const env = createEnv(isEnabled, { macros: new Map(macros), expand: () => true });
  const text = preprocess(`long __kentry_probe = ${expr};\n`, '<layout>', env).text;
  const body = /__kentry_probe\s*=\s*([\s\S]*);/.exec(text)?.[1];
  const v = body === undefined ? null : evalConstText(body, new Map());
  if (v === null) throw new LayoutError(`${file}: '${expr}' does not evaluate to a constant`);
  return v >>> 0;
}

/**
 * The PMR value entry.S's `kernel_entry` sets on exception entry, after saving PMR in its pt_regs
 * slot, and the check that `kernel_exit` restores the saved value: read from the assembly's
 * instruction sequence (`mrs_s xA, SYS_ICC_PMR_EL1; str {w,x}A, [sp, #SYM]; mov xB, #EXPR;
 * msr_s SYS_ICC_PMR_EL1, xB` and `ldr {w,x}C, [sp, #SYM]; msr_s SYS_ICC_PMR_EL1, xC`), where SYM
 * is the asm-offsets.c symbol of the slot (`S_PMR` in 7.x, `S_PMR_SAVE` before), whose
 * `offsetof(struct pt_regs, M)` names the member the C reads.
 */
function readEntryPmr(root: string, arch: string, macros: MacroTable, isEnabled: (n: string) => boolean | undefined): { value: number; member: string; source: string } {
  const rel = `arch/${arch}/kernel/entry.S`;
  const offsets = `arch/${arch}/kernel/asm-offsets.c`;
  let text: string;
  let offsetsText: string;
  try {
    text = fs.readFileSync(path.join(root, rel), 'utf8');
    offsetsText = fs.readFileSync(path.join(root, offsets), 'utf8');
  } catch {
    throw new LayoutError(`${root}: ${rel} or ${offsets} is missing (what exception entry does with ICC_PMR_EL1 is unknown)`);
  }
  const lineOf = (t: string, i: number): number => t.slice(0, i).split('\n').length;
  const save = /mrs_s\s+x(\d+),\s*SYS_ICC_PMR_EL1\s*\n\s*str\s+[wx]\1,\s*\[sp,\s*#(\w+)\]\s*\n\s*mov\s+x(\d+),\s*#([^\n/]+?)\s*\n\s*msr_s\s+SYS_ICC_PMR_EL1,\s*x\3\b/.exec(text);
  const restore = save ? new RegExp(`ldr\\s+[wx](\\d+),\\s*\\[sp,\\s*#${save[2]}\\]\\s*\\n\\s*msr_s\\s+SYS_ICC_PMR_EL1,\\s*x\\1\\b`).exec(text) : null;
  if (!save || !restore) throw new LayoutError(`${root}: ${rel} does not ${save ? `restore ICC_PMR_EL1 from the slot it saved it in (ldr [sp, #${save[2]}]; msr_s)` : 'save ICC_PMR_EL1 in a pt_regs slot and set it (mrs_s; str [sp, #S_…]; mov #…; msr_s)'} as the model expects`);
  const sym = save[2]!;
  const def = new RegExp(`DEFINE\\(\\s*${sym}\\s*,\\s*offsetof\\(\\s*struct\\s+pt_regs\\s*,\\s*(\\w+)\\s*\\)\\s*\\)`).exec(offsetsText);
  if (!def) throw new LayoutError(`${root}: ${offsets} does not define ${sym} as offsetof(struct pt_regs, …), so the pt_regs member entry.S saves PMR in is unknown`);
  return {
    value: valueOfExpr(save[4]!, macros, isEnabled, rel),
    member: def[1]!,
    source: `${rel}:${lineOf(text, save.index)}, ${rel}:${lineOf(text, restore.index)}, ${offsets}:${lineOf(offsetsText, def.index)}`,
  };
}

/**
 * The GIC priority-mask values of an arch whose asm/ptrace.h defines GIC_PRIO_IRQON (arm64), with
 * the irqchip header it includes; undefined for any other arch. Once the arch defines one, every
 * value must be defined, a constant and fit the 8-bit PMR (LayoutError otherwise).
 */
export function readGicPrio(root: string, arch: string, isEnabled: (n: string) => boolean | undefined, sources: Record<string, string>): GicPrioLayout | undefined {
  const header = `arch/${arch}/include/asm/ptrace.h`;
  const pt = readHeaders(root, arch, [header], /arm-gic-v3-prio\.h$/, isEnabled);
  if (!pt.macros.has('GIC_PRIO_IRQON')) return undefined;
  const out: Record<string, number> = {};
  for (const [key, name] of GIC_PRIO_NAMES) {
    const v = valueOf(name, pt.macros, isEnabled, header);
    if (v === undefined) throw new LayoutError(`${root}: ${header} defines GIC_PRIO_IRQON but ${name} is not defined by ${pt.read.join(', ')}`);
    if (v > 0xff) throw new LayoutError(`${root}: ${name} is 0x${v.toString(16)}, wider than the 8-bit priority mask`);
    out[key] = v;
    sources[name] = defined(pt.macros, name);
  }
  const entry = readEntryPmr(root, arch, pt.macros, isEnabled);
  out.ENTRY_PMR = entry.value;
  sources.ENTRY_PMR = entry.source;
  const g = { ...out, SAVED_PMR_MEMBER: entry.member } as unknown as GicPrioLayout;
  if (!(g.PRIO_NMI < g.PRIO_IRQ && g.PRIO_IRQ <= g.IRQOFF && g.IRQOFF < g.IRQON)) {
    throw new LayoutError(`${root}: GIC priorities out of the order the model needs (NMI 0x${g.PRIO_NMI.toString(16)} < IRQ 0x${g.PRIO_IRQ.toString(16)} <= IRQOFF 0x${g.IRQOFF.toString(16)} < IRQON 0x${g.IRQON.toString(16)})`);
  }
  return g;
}

/** The body of `name(void)` as defined in `text` (brace-matched), and its 1-based line. */
function functionBody(text: string, name: string): { body: string; line: number } | undefined {
  const re = new RegExp(`^[^\\n;]*\\b${name}\\s*\\(void\\)\\s*\\n?\\{`, 'm');
  const m = re.exec(text);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) {
      return { body: text.slice(open, i + 1), line: text.slice(0, m.index).split('\n').length };
    }
  }
  return undefined;
}

const RCU_TREE = 'kernel/rcu/tree.c';

/**
 * CtUserEnterRcuog for `root`. The hook context tracking calls on the way to user mode is
 * rcu_user_enter() up to 5.19 and rcu_irq_work_resched() from 6.0 on; whichever the tree defines
 * is read. A tree with neither is refused: the answer decides whether a reschedule can be lost.
 * rcu_irq_work_resched()'s early return is `IS_ENABLED(CONFIG_GENERIC_ENTRY)`: it holds only where
 * the configuration builds the generic entry (`genericEntry`); an arch with its own exit to user
 * mode (arm64 before 7.x; arm64 7.x selects only GENERIC_IRQ_ENTRY) gets the wakeup and the kick.
 */
function readCtUserEnterRcuog(root: string, genericEntry: boolean): { value: CtUserEnterRcuog; source: string } {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, RCU_TREE), 'utf8');
  } catch {
    throw new LayoutError(`${root}: ${RCU_TREE} is missing (what context tracking's user enter does with deferred RCU wakeups is unknown)`);
  }
  const wakes = (body: string): boolean => /\bdo_nocb_deferred_wakeup\s*\(/.test(body);
  const kicks = (body: string): boolean => /\bneed_resched\s*\(\s*\)/.test(body) && /\birq_work_queue\s*\(/.test(body);
  // 6.0+: the hook returns before the wakeup for a generic-entry task that is not a vCPU.
  const resched = functionBody(text, 'rcu_irq_work_resched');
  if (resched) {
    const skipped = genericEntry && /IS_ENABLED\s*\(\s*CONFIG_GENERIC_ENTRY\s*\)\s*&&\s*!\s*\(\s*current->flags\s*&\s*PF_VCPU\s*\)\s*\)\s*return\s*;/.test(resched.body);
    const value: CtUserEnterRcuog = skipped || !wakes(resched.body) ? 'none' : kicks(resched.body) ? 'wake-and-kick' : 'wake';
    return { value, source: `${RCU_TREE}:${resched.line}` };
  }
  const enter = functionBody(text, 'rcu_user_enter');
  if (enter) {
    const value: CtUserEnterRcuog = !wakes(enter.body) ? 'none' : kicks(enter.body) ? 'wake-and-kick' : 'wake';
    return { value, source: `${RCU_TREE}:${enter.line}` };
  }
  throw new LayoutError(`${root}: ${RCU_TREE} defines neither rcu_user_enter() nor rcu_irq_work_resched() (what context tracking's user enter does with deferred RCU wakeups is unknown)`);
}

const LINUX_THREAD_INFO = 'include/linux/thread_info.h';
/** The generic entry headers (irq-entry-common.h split from entry-common.h in 6.16). */
const GENERIC_ENTRY_HEADERS = ['include/linux/entry-common.h', 'include/linux/irq-entry-common.h'];

/**
 * The thread flags the generic entry headers define as 0 where the arch has none
 * (`#ifndef _TIF_X` directly followed by `# define _TIF_X (0)`): name → `file:line` of the define.
 */
export function readGenericTifZero(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of GENERIC_ENTRY_HEADERS) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, rel), 'utf8');
    } catch {
      continue;
    }
    const re = /^#\s*ifndef\s+_TIF_(\w+)[ \t]*\n#\s*define\s+_TIF_\1\s+(?:\(\s*0\s*\)|0)[ \t]*$/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!out.has(m[1]!)) out.set(m[1]!, `${rel}:${text.slice(0, m.index).split('\n').length + 1}`);
    }
  }
  return out;
}

/**
 * The generic fallbacks of include/linux/thread_info.h for flags the arch did not define:
 * `#ifndef TIF_X` followed by `# define TIF_X TIF_Y`, where the arch has Y and not X.
 */
function readTifAliases(root: string, tif: Record<string, number>, sources: Record<string, string>): Record<string, keyof ThreadFlagLayout> {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, LINUX_THREAD_INFO), 'utf8');
  } catch {
    return {};
  }
  const out: Record<string, keyof ThreadFlagLayout> = {};
  const re = /^#\s*ifndef\s+TIF_(\w+)\s*\n#\s*define\s+TIF_\1\s+TIF_(\w+)\s*$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [, name, target] = m as unknown as [string, string, string];
    if (tif[name] !== undefined || tif[target] === undefined) continue;
    out[name] = target as keyof ThreadFlagLayout;
    sources[`TIF_${name}`] = `${LINUX_THREAD_INFO}:${text.slice(0, m.index).split('\n').length + 1}`;
  }
  return out;
}

const RSEQ_TYPES = 'include/linux/rseq_types.h';
const RSEQ_H = 'include/linux/rseq.h';

/**
 * The rseq event of `root`, or null when its `struct rseq_event` has no `sched_switch` member.
 * Where it has one, the flag rseq_raise_notify_resume() raises must be a thread flag the layout
 * read (a tree that raises something else is refused: the exit path's handling of the event
 * depends on which flag it is).
 */
function readRseqEvent(root: string, tif: Record<string, number>, aliases: Readonly<Record<string, keyof ThreadFlagLayout>>): RseqEventLayout | null {
  let types: string;
  try {
    types = fs.readFileSync(path.join(root, RSEQ_TYPES), 'utf8');
  } catch {
    return null;
  }
  const struct = /\bstruct\s+rseq_event\s*\{/.exec(types);
  if (!struct) return null;
  const member = /\bsched_switch\s*;/g;
  member.lastIndex = struct.index;
  const m = member.exec(types);
  if (!m) return null;
  const memberLine = types.slice(0, m.index).split('\n').length;
  let rseq: string;
  try {
    rseq = fs.readFileSync(path.join(root, RSEQ_H), 'utf8');
  } catch {
    throw new LayoutError(`${root}: ${RSEQ_TYPES} has an rseq sched_switch event but ${RSEQ_H} is missing (which thread flag a context switch raises is unknown)`);
  }
  const raise = /\brseq_raise_notify_resume\s*\(\s*struct\s+task_struct\s*\*\s*\w+\s*\)\s*\{([^}]*)\}/.exec(rseq);
  const written = raise ? /\bset_tsk_thread_flag\s*\(\s*\w+\s*,\s*TIF_(\w+)\s*\)/.exec(raise[1]!)?.[1] : undefined;
  if (!raise || !written) throw new LayoutError(`${root}: ${RSEQ_H} does not define rseq_raise_notify_resume() as one set_tsk_thread_flag() (which thread flag a context switch raises is unknown)`);
  // An arch without its own TIF_RSEQ raises the flag the generic fallback names.
  const flag = tif[written] === undefined ? (aliases[written] ?? written) : written;
  if (tif[flag] === undefined) throw new LayoutError(`${root}: rseq_raise_notify_resume() raises TIF_${flag}, a thread flag the model does not hold`);
  const raiseLine = rseq.slice(0, raise.index).split('\n').length;
  // The event exists only in a kernel built with rseq: without CONFIG_RSEQ, rseq.h's #else branch
  // makes rseq_sched_switch_event() and rseq_force_update() empty, so nothing raises the flag. The
  // model raises it only where CONFIG_RSEQ is y (src/kernel/rseq.ts rseqEventChoices); a tree that
  // guards the raise otherwise is refused rather than modelled with the wrong condition.
  const guards = openConditionals(rseq.slice(0, raise.index));
  if (!guards.includes('#ifdef CONFIG_RSEQ')) throw new LayoutError(`${root}: ${RSEQ_H}:${raiseLine}: rseq_raise_notify_resume() is not under #ifdef CONFIG_RSEQ (${guards.join(' / ') || 'unconditional'}): when the rseq event exists is unknown`);
  return { raises: flag as keyof ThreadFlagLayout, source: `${RSEQ_TYPES}:${memberLine}, ${RSEQ_H}:${raiseLine}` };
}

const SCHED_IDLE = 'kernel/sched/idle.c';

/**
 * ModelLayout.idleWaitSoftIrqs of `root`, from the two ways kernel/sched/idle.c waits with IRQs on
 * (do_idle() has run local_irq_disable(), so lockdep and the tracer start "off"):
 * - cpu_idle_poll(): the last IRQ enable before its wait loop is local_irq_enable() (tells them
 *   "on") or raw_local_irq_enable() (tells them nothing);
 * - default_idle_call(): lockdep_hardirqs_on() before arch_cpu_idle() (5.10's and 6.1's dance that
 *   enters the EQS between the tracer's and lockdep's "on"), or no such call (the arch's wait
 *   enables IRQs raw).
 * The two must agree; a tree where either is of another shape, or where they disagree, is refused:
 * which soft state an interrupt of the idle task finds is unknown.
 */
export function readIdleWaitSoftIrqs(root: string): { value: 'on' | 'off'; source: string } {
  let text: string;
  try {
    // Comments name the calls too (5.10's "arch_cpu_idle() is supposed to enable IRQs"): read code
    // only (blanked in place, so lines keep their numbers).
    text = blankComments(fs.readFileSync(path.join(root, SCHED_IDLE), 'utf8'));
  } catch {
    throw new LayoutError(`${root}: ${SCHED_IDLE} is missing (what lockdep says while the idle task waits is unknown)`);
  }
  const poll = functionBody(text, 'cpu_idle_poll');
  const dflt = functionBody(text, 'default_idle_call');
  if (!poll || !dflt) throw new LayoutError(`${root}: ${SCHED_IDLE} does not define ${poll ? 'default_idle_call' : 'cpu_idle_poll'}(void) (what lockdep says while the idle task waits is unknown)`);
  const loop = poll.body.search(/\bwhile\s*\(/);
  const enables = [...poll.body.slice(0, loop < 0 ? 0 : loop).matchAll(/\b(raw_)?local_irq_enable\s*\(\s*\)/g)];
  const last = enables[enables.length - 1];
  if (!last) throw new LayoutError(`${root}: ${SCHED_IDLE}:${poll.line}: cpu_idle_poll() enables no IRQs before its wait loop (a shape kentry does not read)`);
  const pollValue = last[1] ? 'off' : 'on';
  const wait = dflt.body.search(/\barch_cpu_idle\s*\(\s*\)/);
  if (wait < 0) throw new LayoutError(`${root}: ${SCHED_IDLE}:${dflt.line}: default_idle_call() does not call arch_cpu_idle() (a shape kentry does not read)`);
  const dfltValue = /\blockdep_hardirqs_on\s*\(/.test(dflt.body.slice(0, wait)) ? 'on' : 'off';
  if (pollValue !== dfltValue) throw new LayoutError(`${root}: ${SCHED_IDLE}: cpu_idle_poll() (:${poll.line}) waits with lockdep ${pollValue}, default_idle_call() (:${dflt.line}) with lockdep ${dfltValue}: which one an interrupt of the idle task finds is unknown`);
  return { value: pollValue, source: `${SCHED_IDLE}:${poll.line}, ${SCHED_IDLE}:${dflt.line}` };
}

const CONTEXT_TRACKING = 'kernel/context_tracking.c';
const CT_STATE_H = 'include/linux/context_tracking_state.h';

/**
 * ModelLayout.idleCtState of `root`. Where kernel/context_tracking.c defines ct_idle_enter(), its
 * one call `ct_kernel_exit(false, OFFSET)` says it: an OFFSET that adds the enum's idle member
 * (CT_STATE_IDLE, 6.12 on; CONTEXT_IDLE, 6.1) gives 'idle', one without it 'kernel'. Where it does
 * not, the enum in include/linux/context_tracking_state.h must have no idle member (5.10): the
 * idle task's state is then KERNEL. Any other shape is refused: which state ct_state() reads in an
 * interrupt of the idle task (powerpc's entry CT_WARN_ON accepts KERNEL and IDLE) is unknown.
 */
export function readIdleCtState(root: string): { value: 'kernel' | 'idle'; source: string } {
  const read = (rel: string): string | undefined => {
    try {
      return blankComments(fs.readFileSync(path.join(root, rel), 'utf8'));
    } catch {
      return undefined;
    }
  };
  const ct = read(CONTEXT_TRACKING);
  const enter = ct === undefined ? undefined : functionBody(ct, 'ct_idle_enter');
  if (enter) {
    const calls = [...enter.body.matchAll(/\bct_kernel_exit\s*\(\s*false\s*,([^;]*)\)\s*;/g)];
    if (calls.length !== 1) throw new LayoutError(`${root}: ${CONTEXT_TRACKING}:${enter.line}: ct_idle_enter() makes ${calls.length} ct_kernel_exit(false, …) calls, not one (the idle task's context-tracking state is unknown)`);
    const idle = /\+\s*(?:CT_STATE_IDLE|CONTEXT_IDLE)\b/.test(calls[0]![1]!);
    return { value: idle ? 'idle' : 'kernel', source: `${CONTEXT_TRACKING}:${enter.line}` };
  }
  const header = read(CT_STATE_H);
  const decl = header === undefined ? null : /\benum\s+ctx_state\s*\{([^}]*)\}/.exec(header);
  if (!header || !decl) throw new LayoutError(`${root}: neither ${CONTEXT_TRACKING} defines ct_idle_enter() nor ${CT_STATE_H} declares enum ctx_state (the idle task's context-tracking state is unknown)`);
  const line = header.slice(0, decl.index).split('\n').length;
  if (/\b(?:CT_STATE_IDLE|CONTEXT_IDLE)\b/.test(decl[1]!)) throw new LayoutError(`${root}: ${CT_STATE_H}:${line} has an idle context-tracking state but ${CONTEXT_TRACKING} defines no ct_idle_enter() (who enters it is unknown)`);
  return { value: 'kernel', source: `${CT_STATE_H}:${line}` };
}

const SCHED_H = 'include/linux/sched.h';

/** A task flag's single-bit value in include/linux/sched.h (`#define PF_X 0x…`) and its line. */
function taskFlagBit(root: string, sched: string, name: string, why: string): { value: number; line: number } {
  const d = new RegExp(`^#define\\s+${name}\\s+(0x[0-9a-fA-F]+|\\d+)\\b`, 'm').exec(sched);
  if (!d) throw new LayoutError(`${root}: ${SCHED_H} does not define ${name} (${why})`);
  const value = Number(d[1]!);
  if (!Number.isSafeInteger(value) || value <= 0 || value > 0x40000000 || (value & (value - 1)) !== 0) throw new LayoutError(`${root}: ${name} = ${d[1]} is not a single flag bit kentry can hold`);
  return { value, line: sched.slice(0, d.index).split('\n').length };
}

/**
 * The task flag `arch_in_rcu_eqs()` tests, where arch/<arch>/include/asm/entry-common.h defines
 * the hook (the generic default in irq-entry-common.h answers false and needs nothing). The body
 * must be of the one form the tree has (s390, 6.x–7.3): an optional `if (IS_ENABLED(CONFIG_X))`
 * guarding `return current->flags & PF_Y;`, then `return false;`. Any other body is refused:
 * kentry would not know what the hook answers.
 */
export function readArchEqsFlag(root: string, arch: string): { flag: ArchEqsFlag; source: string } | undefined {
  const file = `arch/${arch}/include/asm/entry-common.h`;
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
  const fn = functionBody(text, 'arch_in_rcu_eqs');
  if (!fn) return undefined;
  const body = blankComments(fn.body).replace(/\s+/g, ' ');
  const m = /^\{ (?:if \(IS_ENABLED\(CONFIG_(\w+)\)\) )?return current->flags & (PF_\w+); (?:return false; )?\}$/.exec(body.trim());
  if (!m) throw new LayoutError(`${root}: ${file}:${fn.line} defines arch_in_rcu_eqs() in a form kentry does not read (expected a test of one current->flags bit)`);
  const name = m[2]!;
  const sched = fs.readFileSync(path.join(root, SCHED_H), 'utf8');
  const { value, line } = taskFlagBit(root, sched, name, `the flag ${file}:${fn.line} tests`);
  const idleTaskBit = taskFlagBit(root, sched, 'PF_IDLE', `is_idle_task()'s bit, in the word ${file}:${fn.line} reads`).value;
  if (idleTaskBit === value) throw new LayoutError(`${root}: PF_IDLE = ${name} = ${value}: kentry needs the two task flags apart`);
  return { flag: { name, value, config: m[1] ?? null, idleTaskBit }, source: `${file}:${fn.line}, ${SCHED_H}:${line}` };
}

/**
 * s390's enabled-wait CPU flag (ModelLayout.enabledWaitFlag): the flag `arch_cpu_idle()` sets with
 * set_cpu_flag() in arch/<arch>/kernel/idle.c when arch/<arch>/kernel/irq.c's handlers take
 * `from_idle` from test_and_clear_cpu_flag() of the same flag. Undefined where either is missing
 * (6.1 sets it in assembly and tests the old PSW's address; every other arch).
 */
export function readEnabledWaitFlag(root: string, arch: string, isEnabled: (n: string) => boolean | undefined): { name: string; value: number; source: string } | undefined {
  const read = (rel: string): string | undefined => {
    try {
      return blankComments(fs.readFileSync(path.join(root, rel), 'utf8'));
    } catch {
      return undefined;
    }
  };
  const idleFile = `arch/${arch}/kernel/idle.c`;
  const irqFile = `arch/${arch}/kernel/irq.c`;
  const idle = read(idleFile);
  const irq = read(irqFile);
  if (idle === undefined || irq === undefined) return undefined;
  const fn = functionBody(idle, 'arch_cpu_idle');
  const set = fn ? /\bset_cpu_flag\((CIF_\w+)\)/.exec(fn.body) : null;
  if (!fn || !set) return undefined;
  const name = set[1]!;
  const tested = new RegExp(`\\btest_and_clear_cpu_flag\\(${name}\\)`).exec(irq);
  if (!tested) return undefined;
  const line = irq.slice(0, tested.index).split('\n').length;
  const header = `arch/${arch}/include/asm/processor.h`;
  if (!fs.existsSync(path.join(root, header))) throw new LayoutError(`${root}: ${header} is missing (the bit of ${name}, which ${irqFile}:${line} tests)`);
  const r = readHeaders(root, arch, [header], /^$/, isEnabled);
  const value = r.macros.has(name) ? valueOf(name, r.macros, isEnabled, header) : undefined;
  if (value === undefined || !Number.isSafeInteger(value) || value < 0 || value > 63) throw new LayoutError(`${root}: ${header} does not define ${name} as a CPU flag bit number (${irqFile}:${line} tests it)`);
  return { name, value, source: `${idleFile}:${fn.line}, ${irqFile}:${line}, ${defined(r.macros, name)}` };
}

/** Two layouts are the same model (sources aside). */
export function sameLayout(a: ModelLayout, b: ModelLayout): boolean {
  return JSON.stringify([a.preempt, a.tif, a.ctUserEnterRcuog, a.rseqEvent?.raises, a.tifAliases, a.tifNone, a.archEqsFlag ?? null, a.gicPrio ?? null, a.ppcMsr ?? null, a.ppcSoftMask ?? null, a.idleWaitSoftIrqs, a.idleCtState, a.pgmIntCodePer ?? null, a.enabledWaitFlag ?? null]) === JSON.stringify([b.preempt, b.tif, b.ctUserEnterRcuog, b.rseqEvent?.raises, b.tifAliases, b.tifNone, b.archEqsFlag ?? null, b.gicPrio ?? null, b.ppcMsr ?? null, b.ppcSoftMask ?? null, b.idleWaitSoftIrqs, b.idleCtState, b.pgmIntCodePer ?? null, b.enabledWaitFlag ?? null]);
}

export function formatLayout(l: ModelLayout): string {
  const p = l.preempt;
  const h = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
  const lines = [
    `preempt_count: PREEMPT ${h(p.PREEMPT_MASK)} SOFTIRQ ${h(p.SOFTIRQ_MASK)}${p.HARDIRQ_DISABLE_MASK ? ` HARDIRQ_DISABLE ${h(p.HARDIRQ_DISABLE_MASK)}` : ''} HARDIRQ ${h(p.HARDIRQ_MASK)} NMI ${h(p.NMI_MASK)} (NMI ${p.nmiCounting === 'flag' ? 'flag + per-CPU nmi_nesting' : 'count'})`,
    `thread flags: ${Object.entries(l.tif).map(([k, v]) => `TIF_${k}=${v}`).join(' ')}${Object.entries(l.tifAliases).map(([k, v]) => ` TIF_${k}=TIF_${v}`).join('')}${l.tifNone.map((k) => ` TIF_${k}=none`).join('')}`,
    `context tracking's user enter and deferred rcuog wakeups: ${l.ctUserEnterRcuog}`,
    `rseq sched_switch event: ${l.rseqEvent ? `a context switch raises TIF_${l.rseqEvent.raises}` : 'none'}`,
    `idle wait (hardware IRQs on, RCU in its EQS): lockdep and the irq tracer say ${l.idleWaitSoftIrqs}, context tracking says ${l.idleCtState === 'idle' ? 'CT_STATE_IDLE' : 'CT_STATE_KERNEL (no idle state)'}`,
    ...(l.archEqsFlag ? [`arch_in_rcu_eqs(): current->flags & ${l.archEqsFlag.name} (0x${l.archEqsFlag.value.toString(16)})${l.archEqsFlag.config ? ` with CONFIG_${l.archEqsFlag.config}` : ''}`] : []),
  ];
  if (l.enabledWaitFlag !== undefined) lines.push(`idle wait: arch_cpu_idle() sets ${l.enabledWaitFlag.name} (CPU flag ${l.enabledWaitFlag.value}), the interrupt handlers test and clear it`);
  if (l.pgmIntCodePer !== undefined) lines.push(`program check: lowcore pgm_code & 0x${l.pgmIntCodePer.toString(16)} is a PER event (PGM_INT_CODE_PER)`);
  if (l.ppcMsr) lines.push(`MSR: EE 0x${l.ppcMsr.EE.toString(16)} PR 0x${l.ppcMsr.PR.toString(16)} RI 0x${l.ppcMsr.RI.toString(16)}`);
  if (l.ppcSoftMask) lines.push(`soft mask: ${PPC_SOFT_MASK_NAMES.map(([k, n]) => `${n} 0x${l.ppcSoftMask![k].toString(16)}`).join(' ')}`);
  const g = l.gicPrio;
  if (g) lines.push(`GIC priority mask: GIC_PRIO_IRQON=0x${g.IRQON.toString(16)} GIC_PRIO_IRQOFF=0x${g.IRQOFF.toString(16)} GIC_PRIO_PSR_I_SET=0x${g.PSR_I_SET.toString(16)}; priorities IRQ 0x${g.PRIO_IRQ.toString(16)}, NMI 0x${g.PRIO_NMI.toString(16)}; exception entry saves PMR in regs->${g.SAVED_PMR_MEMBER} and sets it to 0x${g.ENTRY_PMR.toString(16)}`);
  return lines.join('\n');
}
