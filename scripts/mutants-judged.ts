// Judged mutants: survivors of `npm run mutants` that are explained by an argument rather than
// killed by a check. docs/mutants.md ("Method") says how the script uses this table.
//
//   equivalent     the mutant computes the same thing as the tree (the argument says why)
//   outside-model  the mutant only changes state kentry deliberately does not model (the argument
//                  names the state and why it is left out)
//
// Entries are keyed by Mutant.key (`fn: description [k/n]`, RENAMED folded), which is the same in
// 6.1 and 6.12 and carries no line numbers. `operator` and `callees` are the guard: if the mutant at
// that key is not the one judged (the tree or the generator changed), the entry is reported STALE
// and not applied. A judged mutant that is now killed is reported as "entry can be dropped".

import type { Operator } from './mutants.ts';

export interface JudgedMutant {
  readonly key: string;
  readonly class: 'equivalent' | 'outside-model';
  /** Guard: the operator and the callees (RENAMED folded) of the mutant judged. */
  readonly operator: Operator;
  readonly callees: readonly string[];
  /** Trees the mutant exists in (default: every tree). */
  readonly trees?: readonly string[];
  /** The arch whose mutant this is (`npm run mutants -- --arch`; default x86). Another arch's key
   *  starts with `<arch>/` (archKey), and its entry is checked only against that arch's mutants. */
  readonly arch?: string;
  readonly argument: string;
}

/**
 * Leaves whose effect kentry deliberately does not model, with the reason. A rule-decided model
 * gap (R2: deleting the call; R3: moving it) whose leaf is listed here counts as outside the
 * model; any other rule model gap is an unexplained survivor.
 */
export const UNMODELLED_LEAVES: ReadonlyMap<string, string> = new Map([
  ['kmsan_unpoison_entry_regs', "KMSAN's shadow state of pt_regs: kentry models no memory contents, initialized or not. The call sits in an instrumentation section either way; only the sanitizer's bookkeeping changes."],
  ['ftrace_nmi_enter', "the HWLAT/OSNOISE tracers' NMI timestamps (include/linux/ftrace_irq.h): empty unless CONFIG_HWLAT_TRACER/CONFIG_OSNOISE_TRACER, which are not lattice axes; their effect is latency statistics, no state the entry code depends on."],
  ['ftrace_nmi_exit', "the HWLAT/OSNOISE tracers' NMI timestamps (include/linux/ftrace_irq.h): empty unless CONFIG_HWLAT_TRACER/CONFIG_OSNOISE_TRACER, which are not lattice axes; their effect is latency statistics, no state the entry code depends on."],
  ['arch_exit_to_user_mode', "x86's amd_clear_divider() (6.12; mds_user_clear_cpu_buffers() as well in 6.1): CPU-bug mitigations on the way out, no IRQ/lockdep/RCU/context-tracking state."],
  ['arch_exit_to_user_mode_prepare', "x86's user-return notifiers, I/O bitmap update, FPU register restore, TS_COMPAT clearing and kernel stack offset randomization: task and FPU state kentry does not model (it runs with IRQs off and changes none of the modelled state)."],
  ['kmap_assert_nomap', "DEBUG_KMAP_LOCAL's check that no kmap_local mapping is left on return to user: kentry models no kmaps."],
  ['addr_limit_user_check', "the set_fs() address-limit check on return to user (6.1 only): kentry models no address limit."],
  ['rseq_handle_notify_resume', "the restartable-sequences fixup on return to user (5.10 calls it from the exit loop; 6.x from resume_user_mode_work()): it rewrites the user IP and the rseq area in user memory, which kentry does not model."],
  ['futex_fixup_robust_unlock', "7.x's robust-futex unlock fixup before signal delivery in the exit loop (include/linux/futex.h:125-145, FUTEX_ROBUST_UNLOCK; the empty stub otherwise): if rseq's user_irq event says the task was interrupted, it compares the user IP with the mm's vDSO unlock ranges and rewrites the user registers in pt_regs. User register state and futex memory, which kentry does not model."],
  ['arch_exit_to_user_mode_work', "the arch's TIF work in the exit loop: the empty generic stub on x86, riscv, loongarch and powerpc; arm64's MTE async-fault SIGSEGV and FPSIMD reload, s390's PER-trap SIGTRAP and guarded-storage reload, each keyed on the arch's own TIF bits, which the model reads as clear (src/kernel/entrywork.ts). Task, signal and register state kentry does not model."],
  ['current_thread_info', "the address of the task's thread_info, through which syscall_exit_to_user_mode_work() reads syscall_work (include/linux/entry-common.h:286): the syscall-work flags are task state kentry does not model (the load is opaque either way, as for x86's judged `delete current_thread_info()`); deleted, the kernel would read through a null pointer — memory, not modelled."],
  ['lockdep_sys_exit', "lockdep's check that no lock is held on return to user: the entry code holds none in the model, which tracks held locks only as the chain-key bit used by lockdep_hardirqs_on()."],
]);

/** The equivalent mutants' shared arguments (several sites each). */
const OFF_FINISH =
  'The combined call trace_hardirqs_off() is lockdep_hardirqs_off() followed by the tracer step of trace_hardirqs_off_finish(). lockdep was told "off" just before (lockdep_hardirqs_off() two steps earlier), so its part is a redundant "off" (counted, not checked); the tracer step is the same. RCU watches at that point, so the _rcuidle tracepoint flavour changes nothing.';
const CT_SIBLING =
  'ct_irq_enter()/ct_irq_exit() is lockdep_assert_irqs_disabled() plus ct_nmi_enter()/ct_nmi_exit() (kernel/context_tracking.c in 6.1 and 6.12; kentry-ref §2.5). At every one of these sites lockdep has already been told IRQs are off (entry: lockdep_hardirqs_off() just before; exits: lockdep_hardirqs_on() comes after, or never on the IF=0 path), so the assertion never fires and the two are the same.';
const KMSAN_SWAP =
  "KMSAN's unpoisoning of pt_regs has no ordering constraint with its neighbour: both run in the same instrumentation section with RCU watching and lockdep already \"off\", and the neighbour does not read pt_regs (the only memory whose shadow the unpoisoning changes).";
const ON_PREPARE_SWAP =
  'The two prepare halves are independent (the tracer half emits the irq_enable tracepoint, lockdep\'s marks the held-lock chain): both still run inside the instrumentation section and precede the RCU exit and lockdep_hardirqs_on(). An NMI between them finds lockdep "off" in either order (the F1 window exists both ways).';
const LOCKDEP_CTX =
  "lockdep_hardirq_enter()/lockdep_hardirq_exit() only count lockdep's hardirq context; neither lockdep_hardirqs_off() nor RCU's NMI entry/exit reads that count, and all three are noinstr with nothing instrumentable in between.";
const NOCB_FLUSH =
  'tick_nohz_user_enter_prepare() only adds "is this a nohz_full CPU" around rcu_nocb_flush_deferred_wakeup(); flushing pending deferred rcuog wakeups on any CPU is harmless, and the thread flags are still read after it (I9 holds).';

const DEAD_INHCALL =
  "Dead code on 7.x x86: the preemptible-hypercall branch of xen_pv_evtchn_do_upcall() (arch/x86/xen/enlighten_pv.c:740-745) runs only when get_and_clear_inhcall() returns true, and with CONFIG_PREEMPTION that helper is the stub `return false` (enlighten_pv.c:132, the #else of `#ifndef CONFIG_PREEMPTION`). Every config 7.x x86 can build has PREEMPTION (PREEMPT, PREEMPT_LAZY, PREEMPT_RT; kernel/Kconfig.preempt: NONE and VOLUNTARY are not buildable there), so nothing inside the branch ever runs. On 5.10-6.12, where PREEMPTION=n builds, the same mutants are killed (F2/F3 live there).";

const TICK_SWAP =
  'Both are instrumentable and need only RCU watching and lockdep "off" (E5\'s requirement is lockdep_hardirqs_off() before the check, which still holds); the tick check does not look at the tracer, and the tracer does not look at RCU\'s tick state.';
const TICK_DELETE =
  "What the model keeps of rcu_irq_enter_check_tick() is what it checks: lockdep_hardirqs_off() before it (E5's lock) and the EQS warning; deleting a check cannot add a finding. Its effect is restarting the tick on a nohz_full CPU when RCU needs an urgent quiescent state (rcu_irq_enter_check_tick → __rcu_irq_enter_check_tick → tick_dep_set_cpu): without it a grace period stalls. kentry models no grace periods or tick dependencies.";

const REARM_DELETE =
  "Deleting the deferred hrtimer rearm (include/linux/irq-entry-common.h:483: lockdep_hardirq_enter(); hrtimer_rearm_deferred(); lockdep_hardirq_exit()) leaves the clock event device unprogrammed when the timer interrupt deferred its rearm to the return path (cpu_base->deferred_rearm, kernel/time/hrtimer.c:2180): timers stall until some later rearm — a real bug in timer state kentry does not model. The lockdep_hardirq_enter/exit pair it drops only brackets the rearm's lock chains; no IRQ, tracer, RCU or context-tracking state changes.";

const REARM_CHAINS =
  "irqentry_hrtimer_rearm_deferred() (include/linux/irq-entry-common.h:483) brackets the rearm with lockdep_hardirq_enter()/exit() so that the hrtimer base lock and the timekeeping sequence count are not chained onto the locks the interrupted context holds (the tree's comment at :471-481). Moving the rearm outside the bracket only changes which lock chains lockdep records (new chains, no splat by itself); kentry models lockdep's IRQ state and hardirq-context count, not its lock-class graph. No IRQ, tracer, RCU or context-tracking state differs.";

/** Trees an entry's mutant exists in, where not every fetched tree has it. */
const SIX = ['6.1', '6.12'];
const SIX_SEVEN = ['6.1', '6.12', '7.2', '7.3'];
const UP_TO_SIX = ['5.10', '6.1', '6.12'];
const SEVEN = ['7.2', '7.3'];
const V510 = ['5.10'];

/** 5.10's RCU irq/NMI entry points (kernel/rcu/tree.c), before context tracking took them over. */
const RCU_SIBLING_510 =
  'In 5.10 rcu_irq_enter()/rcu_irq_exit() are lockdep_assert_irqs_disabled() followed by rcu_nmi_enter()/rcu_nmi_exit() (kernel/rcu/tree.c), the same pair as 6.x\'s ct_irq_*/ct_nmi_*. At every one of these sites lockdep has already been told IRQs are off (entry: lockdep_hardirqs_off() just before; exits: lockdep_hardirqs_on() comes after, or never on the IF=0 path; in the NMI pair lockdep_hardirqs_off() precedes the enter and the exit runs before lockdep_hardirqs_on()), so the assertion never fires and the two calls are the same.';
const LOCKDEP_CTX_510 =
  "lockdep_hardirq_enter()/lockdep_hardirq_exit() only count lockdep's hardirq context; neither RCU's NMI entry/exit (5.10's rcu_nmi_enter()/rcu_nmi_exit()) nor lockdep_hardirqs_off() reads that count, and all are noinstr with nothing instrumentable in between.";
const ON_PREPARE_SWAP_510 =
  "5.10's lockdep_hardirqs_on_prepare(CALLER_ADDR0) and trace_hardirqs_on_prepare() are independent (the tracer half emits the irq_enable tracepoint, lockdep's marks the held-lock chain): both still run inside the instrumentation section and precede the RCU exit and lockdep_hardirqs_on(). An NMI between them finds lockdep \"off\" in either order.";

// 7.x's syscall_exit_to_user_mode_work() (include/linux/entry-common.h:284-306 in 7.3, the same
// body in 7.2): the PROVE_LOCKING repair of a system call that returned with IRQs disabled.
const SYSCALL_IRQS_REPAIR =
  "The repair under PROVE_LOCKING (include/linux/entry-common.h:291-294: WARN(irqs_disabled(), \"syscall %lu left IRQs disabled\") then local_irq_enable()) acts only on a system call body that returns with IRQs disabled — a bug in that system call, which the WARN reports. The model's system call (do_syscall_x64, a primitive) always returns with IRQs enabled, as every correct one does, so the WARN's condition is false on every explored path and the repair never runs: the mutant changes code the modelled system calls never reach. A mutant that broke the repair would matter only behind an already-buggy system call.";
const SYSCALL_WORK_STATE =
  "The one-time syscall exit work (audit, the sys_exit tracepoint, ptrace's syscall-exit and single-step reports, syscall user dispatch: syscall_exit_work() under SYSCALL_WORK_EXIT, include/linux/entry-common.h:303-304) and the flags that select it (current_thread_info()->syscall_work, :286) are task state kentry does not model: the flags are an opaque load, the work an opaque call made with IRQs on in a kernel context where every modelled check already holds. Skipping, forcing or mis-addressing it changes nothing the model tracks; in the kernel it loses or invents tracer and audit events.";

// ───────────────────────────────────────────── arm64 (7.3, `npm run mutants -- --arch arm64`) ──
// Keys carry the arch (`arm64/…`, archKey in scripts/mutants.ts); lines are Debian's 7.3.4 tree.
const A64_TREES = ['7.3'];

// `test_thread_flag(27)`: TIF_SME (arch/arm64/include/asm/thread_info.h) as the front end folds it
// since include following reads that header (session 19).
const A64_SME =
  "sme_enter_from_user_mode()/sme_exit_to_user_mode() (arch/arm64/include/asm/fpsimd.h:752-764) call sme_clear_active()/sme_set_active() when the CPU needs the ARM64_WORKAROUND_4193714 erratum workaround and the task uses SME (TIF_SME): per-CPU SME bookkeeping for the erratum. kentry models no FP/SIMD/SME state; no IRQ, lockdep, tracer, RCU, context-tracking or preemption state changes either way.";
const A64_SME_SWAP =
  `${A64_SME} Moved before local_daif_mask() (arch/arm64/kernel/entry-common.c:124-125) the call still runs with IRQs off (local_irq_disable() at :122) and lockdep told so; only DAIF.A/D (SError and debug masking) differ while it runs.`;
const A64_MTE =
  "mte_check_tfsr_entry()/mte_check_tfsr_exit() are empty in every config of the arm64 lattice: the bodies that check MTE's asynchronous tag-check-fault register exist only with CONFIG_KASAN_HW_TAGS (arch/arm64/include/asm/mte.h:283-289 are the #else stubs the tree reader bound), which is not a lattice axis. Deleting or moving an empty call changes nothing.";
const A64_RSEQ =
  "rseq_note_user_irq_entry() (include/linux/rseq_entry.h:253-257) sets current->rseq.event.user_irq, which rseq's exit-to-user fixup reads to decide whether to check the task's rseq critical section. Restartable-sequences state and user memory are not modelled (as for x86's rseq entries); before or after enter_from_user_mode() it only writes the task field, no IRQ, lockdep, tracer, RCU or context-tracking state.";
const A64_EXIT_IRQOFF =
  "arm64_exit_to_user_mode() (arch/arm64/kernel/entry-common.c:120-128) starts with local_irq_disable() (:122). On the path the model runs, el0_interrupt() (:839-854), IRQs are already off there: DAIF_PROCCTX_NOIRQ (:844, PSTATE.I set) without priority masking, and with it the handler leaves the PMR at its IRQ-off value (gic_unmask_pnmis()), and lockdep has been told \"off\" since enter_from_user_mode(); so the call only repeats an \"off\" (counted, not checked). The one caller where it matters is the EL0 SError path, __el0_error_handler_common() (:876-888), which re-enables IRQs with local_daif_restore(DAIF_PROCCTX) (:886) just before: there the exit work would run with IRQs on. That path is never run by the model (see the __el0_error_handler_common entries: the NMI-class vector is delivered only inside kernel code).";
const A64_STACK =
  "do_interrupt_handler() (arch/arm64/kernel/entry-common.c:172-183) calls the root handler through call_on_irq_stack() when on the task stack, directly otherwise (already on the IRQ stack: a pseudo-NMI taken during an IRQ). Both reach the same handler (specializeParamCalls binds both calls to it); the model does not track which stack code runs on, and its on_thread_stack() is 1 (src/kernel/irq.ts). The mutant changes only the stack (negated: the handler runs on the task stack, an overflow risk) or deletes the call on the branch the model never takes (the IRQ is then not serviced). No IRQ, lockdep, tracer, RCU, context-tracking or preemption state differs.";
const A64_IRQ_REGS =
  "set_irq_regs(old_regs) (arch/arm64/kernel/entry-common.c:182) restores the per-CPU irq_regs pointer that get_irq_regs() returns to interrupt handlers (profiling, sysrq). kentry models no pt_regs pointers; nothing in the entry state depends on it.";
const A64_PNMI_MASK =
  "__el1_pnmi() (arch/arm64/kernel/entry-common.c:511-519) runs only with CONFIG_ARM64_PSEUDO_NMI, where local_daif_mask() (arch/arm64/include/asm/daifflags.h:22-39) sets all of DAIF, writes the PMR and calls trace_hardirqs_off() before irqentry_nmi_exit(). In the NMI path IRQs are already masked (the pseudo-NMI arrived with them masked, regs_irqs_disabled(), :540; the GIC driver leaves PMR and PSTATE.I alone) and irqentry_nmi_exit() restores lockdep and the tracer from its own saved state; the assembly exit restores the PMR from pt_regs (arch/arm64/kernel/entry.S:341-342). What the mutant changes is DAIF.A/D (SError and debug exceptions) around the handler or the NMI exit; the model delivers no SError in pseudo-NMI configs (one NMI-class vector per row, src/kernel/c/arm64-vectors.c) and models no debug exceptions.";
const A64_NOT_HANDLED =
  "The mutant drops the servicing of the interrupt (the root handler, or the whole EL0/EL1 IRQ or pseudo-NMI path below the vector): the exception returns with every modelled state as it was at the vector (the tree's DAIF writes aside), and the device interrupt stays pending at the GIC, which signals it again: an interrupt storm, a device-side failure. kentry checks the entry and exit code's state (IRQ flag, lockdep, tracer, RCU, context tracking, preempt_count, pending work), not that an interrupt is serviced; no modelled invariant is broken when no entry code runs.";
const A64_A_MASKED =
  "write_sysreg(DAIF_PROCCTX_NOIRQ, daif) (arch/arm64/kernel/entry-common.c:538 in el1_interrupt(), :844 in el0_interrupt()) unmasks SError and debug exceptions (DAIF.A/D; the hardware masked all of DAIF on exception entry) for the handler, keeping IRQs masked (arch/arm64/include/asm/daifflags.h:16). Without it SError stays masked through the IRQ: the model delivers fewer SErrors (none between the two points), so it finds a subset of the baseline (the I6 pair of docs/findings.md lives in this window). The kernel's cost is SError latency (taken after the IRQ returns), which kentry does not check: it checks that every state reachable is consistent, not that an asynchronous exception is taken promptly.";
const A64_A_EARLY =
  "The swap unmasks SError (write_sysreg(DAIF_PROCCTX_NOIRQ, daif), arch/arm64/kernel/entry-common.c:844) before arm64_enter_from_user_mode() (:842), so an SError can also arrive before context tracking leaves user mode and lockdep is told IRQs are off. The SError entry is the NMI-class pair (el1h_64_error_handler(), :556-566: irqentry_nmi_enter()/exit()), which is written to be entered from any state, EQS included; the model delivers it at every one of the new points (the irq row, configs without pseudo-NMI) and finds no new state. Every other step is unchanged.";
const A64_ERRCTX =
  "local_daif_restore(DAIF_ERRCTX) (arch/arm64/kernel/entry-common.c:561) writes the mask the hardware set on exception entry (A, I, F masked; arch/arm64/include/asm/daifflags.h:17) and, since PSR_I_BIT is set, calls trace_hardirqs_off() (daifflags.h:117-120). Deleting it leaves the hardware state the same; what changes is that lockdep is not told \"off\" before irqentry_nmi_enter(), which records lockdep's state and restores it at irqentry_nmi_exit(). That removes the baseline's I6 pair at kentry_arm64_nmi_vector (docs/findings.md, arm64: TRUE, benign) rather than adding a finding: the mutant is a fix of that finding, not a new fault, and kentry's kill criterion counts only new findings.";
const A64_SERROR_MASK =
  "After do_serror() in el1h_64_error_handler() (arch/arm64/kernel/entry-common.c:563), DAIF is still DAIF_ERRCTX (A, I, F masked since :561; do_serror() unmasks nothing) and lockdep is \"off\" (the restore's trace_hardirqs_off()); local_daif_mask() (:564; daifflags.h:22-39) adds only DAIF.D and repeats the \"off\" (this handler is the NMI-class vector only without pseudo-NMI, so no PMR write). Deleting it, or running it after irqentry_nmi_exit(), changes only the debug-exception mask for the last steps before ERET, which restores DAIF from SPSR anyway. Debug exceptions are not modelled.";
const A64_NMI_VIA_IRQ =
  "Deleted, the priority-masking test reads 0, so arch_irqentry_exit_need_resched() (arch/arm64/include/asm/entry-common.h:30-52) no longer vetoes preemption when DAIF is not clear at the IRQ return (:37). With GIC priority masking, DAIF is still set there only when the interrupt the IRQ entry handled was a pseudo-NMI: one that arrived while PMR let regular IRQs through, so el1_interrupt() took __el1_irq() rather than __el1_pnmi(), and the GIC driver handled it as an NMI without clearing DAIF.IF (gic_unmask_pnmis() runs only for regular IRQs, per the tree's comment at :33-36). kentry's IRQ handler is the model's regular-IRQ handler (src/kernel/c/arm64-vectors.c kentry_arm64_handle_irq()), which does not model the GIC driver's NMI-versus-IRQ handling, so every modelled IRQ return has DAIF clear and the veto never applies: the mutant's paths are the tree's. The GIC driver's DAIF handling is not modelled state. The other four mutants of this function are killed by harness.irq_return.preemption_declined.";
const A64_BP =
  "The branch (arch/arm64/kernel/entry-common.c:846-847) applies Spectre-v2 branch-predictor hardening when the interrupted user PC is a kernel-half address (bit 55): arm64_apply_bp_hardening() (arch/arm64/include/asm/spectre.h:72) calls the CPU's hardening callback, with IRQs masked. Branch-predictor state is not modelled; negated, the callback runs for other PCs instead (the objtool finding at this call is in the baseline, in the same contexts).";
const A64_SERROR_EL0 =
  "Never run by the model: el0t_64_error_handler() → __el0_error_handler_common() (arch/arm64/kernel/entry-common.c:876-893) is the SError taken from EL0, and kentry delivers the NMI-class vector only between two steps of kernel code (src/explore/engine.ts: nested vectors arrive with user_mode 0), so kentry_arm64_nmi_vector never takes its user_mode() branch (src/kernel/c/arm64-vectors.c). This mutant of that path is therefore not checked at all: outside what the model explores (a coverage gap reported with the arm64 mutants, docs/mutants.md), not a verdict on the mutant.";

/** arm64 survivors of generic code whose x86 7.3 judgement carries over: the same function of
 *  kernel/entry/common.c or include/linux/irq-entry-common.h, the same mistake; the argument is
 *  about that function's own steps, which do not depend on the arch's caller. */
const A64_FROM_X86: readonly string[] = [
  "irqentry_nmi_enter: swap __nmi_enter() ↔ lockdep_hardirqs_off(CALLER_ADDR0)",
  "irqentry_nmi_enter: swap lockdep_hardirqs_off(CALLER_ADDR0) ↔ lockdep_hardirq_enter()",
  "irqentry_nmi_enter: swap lockdep_hardirq_enter() ↔ ct_nmi_enter()",
  "irqentry_nmi_enter: ct_nmi_enter → ct_irq_enter",
  "irqentry_nmi_enter: swap kmsan_unpoison_entry_regs(regs) ↔ trace_hardirqs_off_finish()",
  "irqentry_nmi_enter: swap trace_hardirqs_off_finish() ↔ ftrace_nmi_enter()",
  "irqentry_nmi_enter: trace_hardirqs_off_finish → trace_hardirqs_off",
  "irqentry_nmi_enter: swap ftrace_nmi_enter() ↔ instrumentation_end()",
  "irqentry_nmi_exit: swap instrumentation_begin() ↔ ftrace_nmi_exit()",
  "irqentry_nmi_exit: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()",
  "irqentry_nmi_exit: delete lockdep_hardirqs_on_prepare()",
  "irqentry_nmi_exit: lockdep_hardirqs_on_prepare → lockdep_hardirqs_on",
  "irqentry_nmi_exit: swap ct_nmi_exit() ↔ lockdep_hardirq_exit()",
  "irqentry_nmi_exit: ct_nmi_exit → ct_irq_exit",
  "enter_from_user_mode: swap arch_enter_from_user_mode(regs) ↔ lockdep_hardirqs_off(CALLER_ADDR0)",
  "enter_from_user_mode: swap CT_WARN_ON(__ct_state() != CT_STATE_USER) ↔ user_exit_irqoff()",
  "enter_from_user_mode: swap kmsan_unpoison_entry_regs(regs) ↔ trace_hardirqs_off_finish()",
  "enter_from_user_mode: trace_hardirqs_off_finish → trace_hardirqs_off",
  "exit_to_user_mode: swap unwind_reset_info() ↔ trace_hardirqs_on_prepare()",
  "exit_to_user_mode: delete unwind_reset_info()",
  "exit_to_user_mode: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()",
  "irqentry_enter_from_kernel_mode: delete arch_in_rcu_eqs()",
  "irqentry_enter_from_kernel_mode: ct_irq_enter → ct_nmi_enter",
  "irqentry_enter_from_kernel_mode: swap kmsan_unpoison_entry_regs(regs) ↔ trace_hardirqs_off_finish()",
  "irqentry_enter_from_kernel_mode: trace_hardirqs_off_finish → trace_hardirqs_off [1/2]",
  "irqentry_enter_from_kernel_mode: swap kmsan_unpoison_entry_regs(regs) ↔ rcu_irq_enter_check_tick()",
  "irqentry_enter_from_kernel_mode: swap rcu_irq_enter_check_tick() ↔ trace_hardirqs_off_finish()",
  "irqentry_enter_from_kernel_mode: delete rcu_irq_enter_check_tick()",
  "irqentry_enter_from_kernel_mode: trace_hardirqs_off_finish → trace_hardirqs_off [2/2]",
  "irqentry_exit_to_kernel_mode_after_preempt: swap irqentry_hrtimer_rearm_deferred() ↔ trace_hardirqs_on_prepare()",
  "irqentry_exit_to_kernel_mode_after_preempt: delete irqentry_hrtimer_rearm_deferred() [1/2]",
  "irqentry_exit_to_kernel_mode_after_preempt: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()",
  "irqentry_exit_to_kernel_mode_after_preempt: ct_irq_exit → ct_nmi_exit [1/2]",
  "irqentry_exit_to_kernel_mode_after_preempt: swap irqentry_hrtimer_rearm_deferred() ↔ trace_hardirqs_on()",
  "irqentry_exit_to_kernel_mode_after_preempt: delete irqentry_hrtimer_rearm_deferred() [2/2]",
  "irqentry_exit_to_kernel_mode_after_preempt: ct_irq_exit → ct_nmi_exit [2/2]",
  "irqentry_hrtimer_rearm_deferred: swap lockdep_hardirq_enter() ↔ hrtimer_rearm_deferred()",
  "irqentry_hrtimer_rearm_deferred: swap hrtimer_rearm_deferred() ↔ lockdep_hardirq_exit()",
  "irqentry_hrtimer_rearm_deferred: delete hrtimer_rearm_deferred()",
  "irqentry_exit_to_user_mode_prepare: swap rseq_irqentry_exit_to_user_mode() ↔ __exit_to_user_mode_validate()",
  "irqentry_exit_to_user_mode_prepare: delete rseq_irqentry_exit_to_user_mode()",
  "__exit_to_user_mode_prepare: swap lockdep_assert_irqs_disabled() ↔ tick_nohz_user_enter_prepare()",
  "__exit_to_user_mode_prepare: tick_nohz_user_enter_prepare → rcu_nocb_flush_deferred_wakeup",
  "__exit_to_user_mode_prepare: delete hrtimer_rearm_deferred_user_irq(&ti_work, work_mask)",
  "__exit_to_user_mode_loop: negate if (IS_ENABLED(CONFIG_PREEMPT_RT))",
];

/** Session 26's survivors of generic code on riscv and loongarch 7.3 (`--stage1`) whose x86 7.3
 *  judgement carries over as written: the argument is about the generic function's own steps.
 *  Those whose x86 argument names x86's hooks or system call have entries of their own per arch;
 *  the regs_irqs_disabled() return half is riscv's own (no riscv row runs it; loongarch's
 *  kernel-mode break does, and kills those mutants). */
const GENERIC_FROM_X86: readonly string[] = [
  'irqentry_enter_from_user_mode: swap enter_from_user_mode(regs) ↔ rseq_note_user_irq_entry()',
  'irqentry_enter_from_user_mode: delete rseq_note_user_irq_entry()',
  'enter_from_user_mode: swap CT_WARN_ON(__ct_state() != CT_STATE_USER) ↔ user_exit_irqoff()',
  'enter_from_user_mode: swap kmsan_unpoison_entry_regs(regs) ↔ trace_hardirqs_off_finish()',
  'enter_from_user_mode: trace_hardirqs_off_finish → trace_hardirqs_off',
  'exit_to_user_mode: swap unwind_reset_info() ↔ trace_hardirqs_on_prepare()',
  'exit_to_user_mode: delete unwind_reset_info()',
  'exit_to_user_mode: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()',
  'syscall_exit_to_user_mode: delete syscall_exit_to_user_mode_work(regs)',
  'irqentry_enter_from_kernel_mode: ct_irq_enter → ct_nmi_enter',
  'irqentry_enter_from_kernel_mode: swap kmsan_unpoison_entry_regs(regs) ↔ trace_hardirqs_off_finish()',
  'irqentry_enter_from_kernel_mode: trace_hardirqs_off_finish → trace_hardirqs_off [1/2]',
  'irqentry_enter_from_kernel_mode: swap kmsan_unpoison_entry_regs(regs) ↔ rcu_irq_enter_check_tick()',
  'irqentry_enter_from_kernel_mode: swap rcu_irq_enter_check_tick() ↔ trace_hardirqs_off_finish()',
  'irqentry_enter_from_kernel_mode: delete rcu_irq_enter_check_tick()',
  'irqentry_enter_from_kernel_mode: trace_hardirqs_off_finish → trace_hardirqs_off [2/2]',
  'irqentry_exit_to_kernel_mode_after_preempt: swap irqentry_hrtimer_rearm_deferred() ↔ trace_hardirqs_on_prepare()',
  'irqentry_exit_to_kernel_mode_after_preempt: delete irqentry_hrtimer_rearm_deferred() [1/2]',
  'irqentry_exit_to_kernel_mode_after_preempt: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()',
  'irqentry_exit_to_kernel_mode_after_preempt: ct_irq_exit → ct_nmi_exit [1/2]',
  'irqentry_exit_to_kernel_mode_after_preempt: swap irqentry_hrtimer_rearm_deferred() ↔ trace_hardirqs_on()',
  'irqentry_exit_to_kernel_mode_after_preempt: delete irqentry_hrtimer_rearm_deferred() [2/2]',
  'irqentry_exit_to_kernel_mode_after_preempt: ct_irq_exit → ct_nmi_exit [2/2]',
  'irqentry_hrtimer_rearm_deferred: swap lockdep_hardirq_enter() ↔ hrtimer_rearm_deferred()',
  'irqentry_hrtimer_rearm_deferred: swap hrtimer_rearm_deferred() ↔ lockdep_hardirq_exit()',
  'irqentry_hrtimer_rearm_deferred: delete hrtimer_rearm_deferred()',
  'irqentry_exit_to_user_mode_prepare: swap rseq_irqentry_exit_to_user_mode() ↔ __exit_to_user_mode_validate()',
  'irqentry_exit_to_user_mode_prepare: delete rseq_irqentry_exit_to_user_mode()',
  '__exit_to_user_mode_prepare: swap lockdep_assert_irqs_disabled() ↔ tick_nohz_user_enter_prepare()',
  '__exit_to_user_mode_prepare: tick_nohz_user_enter_prepare → rcu_nocb_flush_deferred_wakeup',
  '__exit_to_user_mode_prepare: delete hrtimer_rearm_deferred_user_irq(&ti_work, work_mask)',
  '__exit_to_user_mode_loop: negate if (IS_ENABLED(CONFIG_PREEMPT_RT))',
  'syscall_exit_to_user_mode_work: delete current_thread_info()',
  'syscall_exit_to_user_mode_work: delete __ct_state()',
  'syscall_exit_to_user_mode_work: delete rseq_debug_syscall_return(regs)',
  'syscall_exit_to_user_mode_work: negate if (work & (BIT(SYSCALL_WORK_BIT_SYSCALL_TRACEPOINT) | BIT(SYSCALL_WORK_BIT_SYSCALL_TRACE) | BIT(SYSCALL_WORK_BIT_SYSCALL_AUDIT) | BIT(SYSCALL_WORK_BIT_SYSCALL_USER_DISPATCH) | BIT(SYSCALL_WORK_BIT_SYSCALL_EXIT_TRAP)))',
  'syscall_exit_to_user_mode_work: delete syscall_exit_work(regs, work)',
];
/** The generic NMI pair's survivors whose x86 judgement carries over: riscv's kernel-mode trap and
 *  s390's machine check run it (loongarch has no NMI-class trap). */
const NMI_PAIR_FROM_X86: readonly string[] = [
  'irqentry_nmi_enter: swap lockdep_hardirqs_off(CALLER_ADDR0) ↔ lockdep_hardirq_enter()',
  'irqentry_nmi_enter: swap lockdep_hardirq_enter() ↔ ct_nmi_enter()',
  'irqentry_nmi_enter: ct_nmi_enter → ct_irq_enter',
  'irqentry_nmi_enter: swap kmsan_unpoison_entry_regs(regs) ↔ trace_hardirqs_off_finish()',
  'irqentry_nmi_enter: swap trace_hardirqs_off_finish() ↔ ftrace_nmi_enter()',
  'irqentry_nmi_enter: trace_hardirqs_off_finish → trace_hardirqs_off',
  'irqentry_nmi_enter: swap ftrace_nmi_enter() ↔ instrumentation_end()',
  'irqentry_nmi_exit: swap instrumentation_begin() ↔ ftrace_nmi_exit()',
  'irqentry_nmi_exit: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()',
  'irqentry_nmi_exit: delete lockdep_hardirqs_on_prepare()',
  'irqentry_nmi_exit: lockdep_hardirqs_on_prepare → lockdep_hardirqs_on',
  'irqentry_nmi_exit: swap ct_nmi_exit() ↔ lockdep_hardirq_exit()',
  'irqentry_nmi_exit: ct_nmi_exit → ct_irq_exit',
];
const RV_FROM_X86: readonly string[] = [...NMI_PAIR_FROM_X86, ...GENERIC_FROM_X86];

const A64_NMI_LOCKDEP =
  "Dead on every arm64 caller in the model: irqentry_nmi_enter() records lockdep_hardirqs_enabled() (kernel/entry/common.c:174), and each arm64 NMI-class entry reaches it with lockdep and the tracer already \"off\": el1h_64_error_handler() calls local_daif_restore(DAIF_ERRCTX) first (arch/arm64/kernel/entry-common.c:561), whose PSR_I_BIT makes it call trace_hardirqs_off() (arch/arm64/include/asm/daifflags.h:117-120); a pseudo-NMI (__el1_pnmi(), :511) is taken only where IRQs are masked (regs_irqs_disabled(), :540), which the model's contexts and nested-delivery points have with lockdep \"off\". So lockdep_hardirqs_off()/trace_hardirqs_off_finish() at :177/:183 repeat an \"off\", and the `if (irq_state.lockdep)` halves of irqentry_nmi_exit() (:194-197, :202-203) never run. In the kernel a pseudo-NMI can also land inside local_irq_disable(), between its PMR write and its trace_hardirqs_off(), with lockdep still \"on\"; the model takes local_irq_disable() as one step and does not deliver there, so that case is outside what it explores (x86 kills the same mutants: its NMI arrives in code with IRQs on).";
const A64_IRQS_OFF_RETURN =
  "The regs_irqs_disabled() half of irqentry_exit_to_kernel_mode_after_preempt() (include/linux/irq-entry-common.h:526 on) is never run by arm64's rows: the irq row's IRQ interrupts only contexts with IRQs enabled (a pseudo-NMI, the one arm64 entry taken with them masked, goes through __el1_pnmi() and irqentry_nmi_exit() instead, arch/arm64/kernel/entry-common.c:540-541), and kentry has no arm64 exception row (el1_abort()/el1_pc() & co., which return through arm64_exit_to_kernel_mode()'s IRQs-disabled branch, :80-88, are not harnessed). The mutant sits in code the arm64 model does not explore; x86 kills it through its exception row.";
const A64_RSEQ_RESTART =
  "rseq_exit_to_user_mode_restart() (include/linux/rseq_entry.h:701-712) runs rseq's critical-section fixup on the way out when TIF_RSEQ is set (it may rewrite the user IP and re-raise TIF_NOTIFY_RESUME) and arms the time-slice extension timer. Restartable sequences, user memory and the slice timer are not modelled (as for x86's rseq entries); the exit loop's IRQ, lockdep, RCU and work-flag handling is unchanged.";
const A64_UNWIND =
  "unwind_reset_info() is the empty stub on arm64 (include/linux/unwind_deferred.h:75): CONFIG_UNWIND_USER is selected only through HAVE_UNWIND_USER_FP (arch/Kconfig:503-508), which only x86 selects (arch/x86/Kconfig:306). Moving an empty call across instrumentation_begin() changes nothing.";

// ───────────────────────────────────────────── riscv (7.3, `npm run mutants -- --arch riscv`) ──
const RV_TREES = ['7.3'];

const RV_VSTATE =
  "riscv_v_vstate_discard() (arch/riscv/include/asm/vector.h:303-309; with riscv_v_vstate_query() :108-111 and __riscv_v_vstate_dirty() :93-96) discards the task's vector registers on system call entry, as the ABI lets it, and marks sstatus.VS dirty in pt_regs. Vector-extension register state and the saved sstatus are not modelled; no IRQ, lockdep, tracer, RCU, context-tracking or preemption state changes.";
const RV_TRAP_ERROR =
  "do_trap_error() (arch/riscv/kernel/traps.c:131-142) is reached in the rows only from do_trap_ecall_u()'s S-mode branch (traps.c:345-352, an ecall from kernel mode: a kernel bug), which the system call row never takes (it enters from U-mode, user_mode(regs) true). Its body is signal delivery (do_trap()), exception-table fixup and die(): not modelled state either.";
const RV_BREAK =
  "Inside handle_break() (arch/riscv/kernel/traps.c:256-304: get_break_insn_length(), the probe dispatchers, the kprobe/uprobe hooks, report_bug()/handle_cfi_failure(), force_sig_fault()): what the breakpoint exception does — single-step and breakpoint probes, the SIGTRAP for a user breakpoint, the BUG/WARN report and the epc advance past the ebreak. kentry's exception row checks the entry and exit around the handler (do_trap_break(), traps.c:306-321, not mutated here); probes, signals, the saved epc and user memory are not modelled, and none of these calls changes IRQ, lockdep, tracer, RCU, context-tracking or preemption state.";
const RV_STACK =
  "do_irq() (arch/riscv/kernel/traps.c:434-444) runs handle_riscv_irq() through call_on_irq_stack() on the task stack with CONFIG_IRQ_STACKS, directly otherwise; both reach the same function (specializeParamCalls), and the model does not track which stack code runs on (on_thread_stack() is 1, src/kernel/irq.ts). No modelled state differs.";
const RV_IRQ_REGS =
  "set_irq_regs() (arch/riscv/kernel/traps.c:428, :430) saves and restores the per-CPU irq_regs pointer that get_irq_regs() gives interrupt handlers; kentry models no pt_regs pointers, and set_irq_regs() changes no modelled state.";
const RV_BREAK_IRQS =
  "do_trap_break()'s user-mode branch (arch/riscv/kernel/traps.c:309-316) runs handle_break() with IRQs enabled (local_irq_enable() :311, local_irq_disable() :315). The mutant runs it with IRQs off (deleted or turned-around enable, or the enable/disable moved to the other side of the handler). The entry and exit states are unchanged (irqentry_enter_from_user_mode() left IRQs off and lockdep told so; local_irq_disable() before irqentry_exit_to_user_mode() is then a repeated \"off\"); what differs is that the breakpoint handling (probe hooks, force_sig_fault(), which takes its locks irq-safe) runs with IRQs masked: interrupt latency, and a might_sleep() in a hook would warn. kentry does not model the handler's body or IRQ latency.";
const RV_BREAK_UNHANDLED =
  "Deleting handle_break() (arch/riscv/kernel/traps.c:313, :321) drops the breakpoint's handling (probes, SIGTRAP, BUG/WARN report, the epc advance past ebreak): the exception returns with every modelled state as the entry and exit code leave it, and an unhandled kernel ebreak would trap again at the same epc. kentry checks the entry and exit code's state, not what the handler does.";
const RV_SYSCALL_DISPATCH =
  "do_trap_ecall_u() (arch/riscv/kernel/traps.c:327-344): the mutant skips or inverts the system-call entry work (syscall_enter_from_user_mode_work(): seccomp, ptrace, audit, tracepoints, and its `_ret` that says whether to run the call) or the range check before syscall_handler() (:338-342). Which system call runs, if any, and the syscall-work state are not modelled (as for x86's system call work, SYSCALL_WORK_STATE); the entry's IRQ, lockdep, RCU and context-tracking steps (enter_from_user_mode(), local_irq_enable() in the same statement expression) and the exit (syscall_exit_to_user_mode(), :343) run unchanged.";
const RV_ECALL_S =
  "do_trap_ecall_u()'s S-mode branch (arch/riscv/kernel/traps.c:345-352: irqentry_nmi_enter(), do_trap_error(), irqentry_nmi_exit()) runs for an ecall from kernel mode, a kernel bug; the system call row enters from U-mode only (user_mode(regs) true), so the model never runs this branch. Not checked: outside what the riscv rows explore.";
const RV_NOT_HANDLED =
  "The mutant drops the servicing of the interrupt (the root handler in handle_riscv_irq(), arch/riscv/kernel/traps.c:429, or the whole handle_riscv_irq() — irq_enter_rcu(), handler, irq_exit_rcu() together — in do_irq(), :439/:441): the exception returns with every modelled state as irqentry_enter()/irqentry_exit() leave it, and the interrupt stays pending at the interrupt controller. kentry checks the entry and exit state, not that an interrupt is serviced.";

/** Arguments that hold on every arch without the hook or the option named, with its facts filled in. */
const NO_ARCH_HOOK = (arch: string, header: string): string =>
  `${arch} defines neither arch_in_rcu_eqs() nor arch_enter_from_user_mode() (${header}), so both are the generic stubs of include/linux/irq-entry-common.h: \`return false\` (:75) and an empty function (:59). Deleting the first leaves its result slot at 0, the same false; the second does nothing, so moving it across lockdep_hardirqs_off() changes nothing.`;
const UNWIND_STUB = (arch: string): string =>
  `unwind_reset_info() is the empty stub on ${arch} (include/linux/unwind_deferred.h:75): CONFIG_UNWIND_USER is selected only through HAVE_UNWIND_USER_FP (arch/Kconfig:503-508), which ${arch} does not select. Moving an empty call across instrumentation_begin() changes nothing (arm64's entry says the same).`;
const OPAQUE_SYSCALL_IRQS_REPAIR = (arch: string, sysCall: string): string =>
  `The repair under PROVE_LOCKING (include/linux/entry-common.h:291-294: WARN(irqs_disabled(), "syscall %lu left IRQs disabled") then local_irq_enable()) acts only on a system call that returns with IRQs disabled, a bug in that system call which the WARN reports. On ${arch} the system call is ${sysCall}, an opaque call kentry gives no IRQ effect: between syscall_enter_from_user_mode()'s local_irq_enable() and this test the IRQs are on on every explored path, so the WARN's condition is false and the repair never runs (as on x86, whose system call is the model's do_syscall_x64). A mutant that broke the repair would matter only behind an already-buggy system call.`;
const OPAQUE_SYSCALL_IRQS_REPAIR_NEGATED = (arch: string): string =>
  `Negated, the repair's local_irq_enable() (include/linux/entry-common.h:293) runs on every system call exit under PROVE_LOCKING with IRQs already on (${arch}'s opaque system call leaves them as syscall_enter_from_user_mode() set them). local_irq_enable() with IRQs on is harmless in every state machine: trace_hardirqs_on() finds the tracer on and lockdep_hardirqs_on() returns early on an already-enabled state (kernel/locking/lockdep.c, counted as a redundant hardirqs-on, no report); hardware IRQs stay on; the WARN never fires in either form.`;
const RV_NO_ARCH_HOOK = NO_ARCH_HOOK('riscv', 'arch/riscv/include/asm/entry-common.h defines only arch_exit_to_user_mode_prepare()');
const RV_UNWIND = UNWIND_STUB('riscv');
const RV_SYSCALL_IRQS_REPAIR = OPAQUE_SYSCALL_IRQS_REPAIR('riscv', "syscall_handler()'s call through sys_call_table (arch/riscv/include/asm/syscall.h:101-113)");
const RV_SYSCALL_IRQS_REPAIR_NEGATED = OPAQUE_SYSCALL_IRQS_REPAIR_NEGATED('riscv');
const RV_IRQS_OFF_RETURN =
  "The regs_irqs_disabled() half of irqentry_exit_to_kernel_mode_after_preempt() (include/linux/irq-entry-common.h:526 on) is never run by riscv's rows: the irq row's interrupt arrives only where IRQs are enabled (sstatus.SIE), the kernel-mode trap of the exception row and of the NMI-class event returns through the NMI pair (do_trap_break(), arch/riscv/kernel/traps.c:317-321), not irqentry_exit(), and the traps that would return to kernel code with IRQs disabled through irqentry_exit() (do_page_fault(), the DO_ERROR_INFO handlers) are not harnessed (docs/harnesses.md). The mutant sits in code the riscv model does not explore; x86 kills it through its exception row (arm64's entry says the same).";
/** Lockdep's NMI rule on an arch without TRACE_IRQFLAGS_NMI_SUPPORT whose NMI-class event runs the generic pair. */
const NMI_LOCKDEP_UNTRACKED = (arch: string, event: string): string =>
  `${arch} does not select TRACE_IRQFLAGS_NMI_SUPPORT (only arch/x86/Kconfig:327 and arch/arm64/Kconfig:259 do; lib/Kconfig.debug:1706), so CONFIG_TRACE_IRQFLAGS_NMI is off and lockdep does not track the IRQ state in NMI context: lockdep_hardirqs_off() and lockdep_hardirqs_on() return at once when in_nmi() (kernel/locking/lockdep.c:4536-4538, :4473-4475), and lockdep_hardirqs_on_prepare() always does (:4414-4415). ${arch}'s NMI-class event is ${event}; every lockdep call of irqentry_nmi_enter()/irqentry_nmi_exit() but the count lockdep_hardirq_enter()/exit() runs between __nmi_enter() and __nmi_exit() (kernel/entry/common.c:176-178, :202-204), so deleting, inverting or re-guarding it changes nothing, and trace_hardirqs_on() there is trace_hardirqs_on_prepare() plus two such no-ops. The model gives these calls the same NMI rule (src/kernel/lockdep.ts lockdepTracksNmi()); x86, which tracks NMIs, kills the same mutants.`;
const RV_NMI_LOCKDEP = NMI_LOCKDEP_UNTRACKED('riscv', 'the kernel-mode trap, which do_trap_break() brackets with the generic pair');

// ───────────────────────────────────────── loongarch (7.3, `npm run mutants -- --arch loongarch`) ──
const LA_TREES = ['7.3'];
const LA_NO_ARCH_HOOK = NO_ARCH_HOOK('loongarch', 'arch/loongarch/include/asm/entry-common.h defines no hook at all');
const LA_UNWIND = UNWIND_STUB('loongarch');
const LA_SYSCALL_IRQS_REPAIR = OPAQUE_SYSCALL_IRQS_REPAIR('loongarch', "do_syscall()'s call through syscall_fn, read from sys_call_table (arch/loongarch/kernel/syscall.c:74-76)");
const LA_SYSCALL_IRQS_REPAIR_NEGATED = OPAQUE_SYSCALL_IRQS_REPAIR_NEGATED('loongarch');

const LA_BREAK =
  "do_bp()'s break handling (arch/loongarch/kernel/traps.c:746-797) and bug_handler() (:613-634), die_if_kernel() (arch/loongarch/include/asm/ptrace.h:167-171): which handler a break code goes to (the two switches on bcode, :746 and :781), the probe hooks, the die chain (notify_die(), :774), the BUG/WARN report (report_bug(), the csr_era advance past the break, fixup_exception()), the oops (die()) and the signals (force_sig(), force_sig_fault()). In every config kentry builds the probe hooks are the header stubs that return false (KGDB, KPROBES, UPROBES are not set: asm/kgdb.h:94, asm/kprobes.h:54-55, asm/uprobes.h:31-32, which is what the rows bind), and die(), notify_die(), report_bug(), fixup_exception(), force_sig() and force_sig_fault() are calls kentry leaves opaque; bcode is whatever __get_inst() read (kentry havocs it). So every sequence of modelled steps the mutant runs (irqentry_enter(), the `if (!pie)` local_irq_enable()/local_irq_disable() pair, irqentry_exit()) is one the tree runs for some break code, and each opaque call is made at a site the tree already calls it from. What differs is the oops, the signal, the probe and the saved era: not modelled. (die() takes die_lock with raw_spin_lock_irq()/raw_spin_unlock_irq(), traps.c:419/:425, and returns only when a die notifier says NOTIFY_STOP, :429: the mutant calls it only where the tree can too — a kernel-mode break with IRQs on or off — or in user mode, where IRQs are on already.)";
const LA_BREAK_UNHANDLED =
  "Deleting bug_handler() (arch/loongarch/kernel/traps.c:783) or a die_if_kernel() (:786, :790, :794) drops the BUG/WARN handling or the oops for a break in kernel code: a WARN is not skipped (the exception returns to the same break and traps again), a BUG does not kill the task, a divide-by-zero or overflow break in kernel code sends SIGFPE to the current task instead of dying. The calls inside are opaque to kentry (report_bug(), fixup_exception(), die(), force_sig()), so the exception returns with every modelled state as irqentry_enter(), the `if (!pie)` IRQ enable/disable pair and irqentry_exit() leave it. kentry checks the entry and exit, not what the break handler does.";
const LA_INST =
  "Fetching the break instruction and its trap number in do_bp() (arch/loongarch/kernel/traps.c:731, :737-740, :773): exception_era() (arch/loongarch/include/asm/branch.h:10-13, regs->csr_era) gives the address, __get_inst() (arch/loongarch/kernel/access-helper.h:5-8) reads it with get_user() for a user-mode break and get_kernel_nofault() for a kernel one, a failed read sends SIGSEGV (:806-808), and read_csr_excode() (arch/loongarch/include/asm/loongarch.h:1315-1318, the ESTAT CSR) goes to current->thread.trap_nr. kentry models no memory, no saved era and no CSR but CRMD (src/kernel/loongarch.ts): both accessors are lowered to a read that havocs the instruction word (src/c/lower.ts OUT_ARG_MACROS), so every break code and both outcomes of the read are explored in the tree already; the mutant (a missing or wrong address, the other accessor, an inverted or undefined read result, trap_nr left unset) only changes which code is dispatched and what is read from where. No IRQ, lockdep, tracer, RCU, context-tracking or preemption state differs. (With the accessors swapped, a kernel-mode break would run get_user()'s might_fault(), arch/loongarch/include/asm/uaccess.h:55, which complains under DEBUG_ATOMIC_SLEEP when the break was taken with IRQs off; kentry has no might_sleep leaf, src/kernel/c/sched.c:85-88.)";
const LA_RESTART =
  "do_syscall()'s restart marker (arch/loongarch/kernel/syscall.c:64-66): regs->regs[0] = nr + 1 for a valid system call number, which signal delivery reads to decide whether to restart the call (arch/loongarch/kernel/signal.c:990, :1028). Negating the test sets it for an invalid number and leaves it unset for a valid one: a syscall-restart bug in pt_regs, which kentry does not model for loongarch. Nothing modelled reads or writes it; the entry (:72) and exit (:80) run unchanged.";
const LA_SYSCALL_DISPATCH =
  "do_syscall() (arch/loongarch/kernel/syscall.c:72-78): the mutant skips or inverts the system-call entry work (syscall_enter_from_user_mode_work(), include/linux/entry-common.h:140-153: ptrace, seccomp, tracepoints, audit, syscall user dispatch, the rseq slice work — an empty stub without RSEQ_SLICE_EXTENSION, include/linux/rseq.h:197 — and its result, which says whether to run the call) or the range check before the table call (:73). Which system call runs, if any, and the syscall-work state are not modelled (as for x86's system call work, SYSCALL_WORK_STATE): the work's callees and the system call (syscall_fn, :75) are opaque to kentry. The entry's IRQ, lockdep, RCU and context-tracking steps (enter_from_user_mode(), local_irq_enable() in the same statement expression) and the exit (syscall_exit_to_user_mode(), :80) run unchanged.";
const LA_BREAK_IRQS =
  "do_bp() enables IRQs for a break taken where they were on (`if (!pie) local_irq_enable()`, arch/loongarch/kernel/traps.c:734-735: every user-mode break) and disables them again before irqentry_exit() (:800-801). The mutant leaves them off (the enable deleted or turned into a disable). The entry and exit states are the tree's (the closing local_irq_disable() is then a repeated \"off\"), so what differs is only what runs in between with IRQs masked: the instruction fetch __get_inst() (arch/loongarch/kernel/access-helper.h:5-8) reads a user-mode break with get_user(), whose might_fault() (arch/loongarch/include/asm/uaccess.h:55) prints \"BUG: sleeping function called from invalid context\" under DEBUG_ATOMIC_SLEEP when IRQs are off, and a page fault taken there runs the fault handler with IRQs off, where it may sleep; then the break handlers (notify_die(), force_sig_fault(), die()). kentry lowers get_user() to a read that havocs its destination (src/c/lower.ts OUT_ARG_MACROS), an opaque site listed in the coverage report, and has no might_sleep()/might_fault() leaf (src/kernel/c/sched.c:122-125); DEBUG_ATOMIC_SLEEP is not a lattice axis (its Kconfig default n holds at every point). So the consequences are in code the model leaves opaque, as for riscv's same mistake in do_trap_break() (RV_BREAK_IRQS). A might_fault() check under DEBUG_ATOMIC_SLEEP (a --config option) would kill both; it is not built.";
const LA_STACK =
  "do_vint() (arch/loongarch/kernel/traps.c:1118-1137) calls handle_loongarch_irq() directly when on_irq_stack() (arch/loongarch/include/asm/irq.h:30-36) says it is on the IRQ stack already, and otherwise through the asm statement that switches to the per-CPU IRQ stack (:1121-1136; kentry lowers its `bl handle_loongarch_irq` to the call, src/kernel/c/loongarch-vectors.c). Both branches make the same call, and on_irq_stack() reads per-CPU memory the model does not track (both branches are explored in the tree already). The mutant only changes which stack the handler runs on (a nested switch would reset $sp into the live IRQ stack, a missing one runs on the task stack): the model has one stack. No modelled state differs.";
const LA_IRQ_REGS =
  "set_irq_regs() (arch/loongarch/kernel/traps.c:1104, :1106; include/asm-generic/irq_regs.h:24) saves and restores the per-CPU irq_regs pointer that get_irq_regs() gives interrupt handlers; kentry models no pt_regs pointers, and set_irq_regs() changes no modelled state (rule R2).";
const LA_NOT_HANDLED =
  "The mutant drops the servicing of the interrupt (the root handler called through handle_arch_irq in handle_loongarch_irq(), arch/loongarch/kernel/traps.c:1105 — bound to the model's device handler — or the whole handle_loongarch_irq(): irq_enter_rcu(), handler, irq_exit_rcu() together, in do_vint() :1119 or the IRQ-stack call :1130): the exception returns with every modelled state as irqentry_enter()/irqentry_exit() leave it, and the interrupt stays pending at the interrupt controller. kentry checks the entry and exit state, not that an interrupt is serviced.";

// ───────────────────────────────────────────────── s390 (7.3, `npm run mutants -- --arch s390`) ──
const S390_TREES = ['7.3'];

const S390_PERCPU =
  "s390's per-CPU code sections (arch/s390/include/asm/percpu.h:63-99): this_cpu operations built on atomic instructions run without preempt_disable(); the section's first instruction writes the number of the register that holds the per-CPU address into lowcore (percpu_register), and the interruption code repairs the register if the task migrated meanwhile. percpu_entry() (arch/s390/include/asm/entry-percpu.h:11-20) saves that marker and the CPU number in pt_regs and clears it, for an interruption of kernel code only; percpu_code_check() (:22-59) decides whether the interrupted instruction is past the section's `ag` (the offset already added); percpu_exit() (:61-78) puts the marker back and, if the CPU changed (irqentry_exit() may have preempted and migrated the task), rebases the saved register from the old CPU's offset to the new one's (:76-77). The mutant saves, restores or rebases at the wrong time, never, or (the swap in __do_pgm_check(), traps.c:404-405) before irqentry_exit() can migrate the task: a per-CPU access then lands on another CPU's data, or a stale marker is left in lowcore for the next task. Lowcore, the saved general registers and per-CPU addresses are memory kentry does not model (the coverage report lists every load and store of percpu_entry()/percpu_exit() as untracked, and percpu_code_check() as unsupported: an opaque call, whose lockdep_assert_preemption_disabled() at :36 kentry therefore never evaluates — deleting it cannot add a finding). Preemption is what the fix-up serves, not something it changes: the IRQ, lockdep, tracer, RCU, context-tracking and preemption steps around these calls (irqentry_enter(), irq_enter_rcu()/irq_exit_rcu(), irqentry_exit()) run unchanged.";
const S390_USER_ACCOUNTING =
  "On an entry from user mode (do_io_irq() arch/s390/kernel/irq.c:160-164, do_ext_irq() :202-206, __do_pgm_check() arch/s390/kernel/traps.c:369-376, __do_syscall() arch/s390/kernel/syscall.c:105-107) s390 accounts the CPU time since the last update — update_timer_sys() (arch/s390/include/asm/vtime.h:11-18) moves it into lowcore's system and user CPU timers — and copies the breaking-event address the entry code saved in pt_regs into current->thread.last_break when the CPU has the BEAR register (cpu_has_bear()); without it, __do_pgm_check() stores 1 for an address below 4096 (traps.c:371-374). last_break is read only by debuggers (the ptrace last-break regset, arch/s390/kernel/ptrace.c:469, :604-608) and in fault reports. The mutant skips this, does it for a kernel-mode interruption (with a stale entry timer and the kernel's own breaking-event address), stores the wrong value or copies it where the CPU has no BEAR: user/system CPU time and a debugging address come out wrong. Lowcore CPU timers, the BEAR value and current->thread are not modelled (every load and store there is untracked in the coverage report; cpu_has_bear() is inline asm, both answers explored); nothing else in these branches is a call, so no IRQ, lockdep, tracer, RCU, context-tracking or preemption step differs.";
const S390_TDB =
  "A program check of a transaction abort (lc->pgm_code & 0x0200, arch/s390/kernel/traps.c:377-380) copies the transaction diagnostic block from lowcore into current->thread.trap_tdb, which the ptrace TDB regset and the signal frame report. Negated, the copy is made for other program checks and skipped for an abort: a debugging record in task memory, not modelled (the load of pgm_code and the store are untracked, both branches are explored in the tree already). No call is added or removed.";
const S390_IDLE_ACCOUNTING =
  "from_idle (arch/s390/kernel/irq.c:154, :196) says the interruption hit the idle task's enabled wait (arch_cpu_idle() sets CIF_ENABLED_WAIT, arch/s390/kernel/idle.c:139); update_timer_idle() (arch/s390/include/asm/vtime.h:29-55) closes the idle period in the per-CPU idle data and lowcore timers, and account_idle_time_irq() (arch/s390/kernel/idle.c:95-104, :119-122) adds it to the idle statistics (irq.c:155-156, :166-167; :197-198, :212-213). The mutant accounts an idle period for an interruption of a busy context or skips it for an idle one: idle and steal time come out wrong. In kentry test_and_clear_cpu_flag() is unsupported, so from_idle is explored both ways in every context, and update_timer_idle() (unsupported) and account_idle_time_irq() (not defined) are opaque calls already made on the tree's from_idle paths: the mutant runs the same modelled steps as the tree with the other answer. Idle-time accounting is not modelled; no IRQ, lockdep, tracer, RCU, context-tracking or preemption state differs.";
const S390_TOD =
  "do_IRQ() (arch/s390/kernel/irq.c:105-113) first runs the clock-comparator work when the TOD clock at the interruption (lc->int_clock) has reached the clock comparator: clock_comparator_work() (arch/s390/kernel/time.c:123-130) resets the comparator and calls the clock event device's handler (the tick, hrtimers). tod_after_eq() (arch/s390/include/asm/timex.h:262-267) compares signed when the machine uses signed clock-comparator comparisons (machine_has_scc(), set at boot for facility 139 with a TOD base past 2^63, arch/s390/boot/startup.c:132-136) and unsigned otherwise. The mutant compares with the wrong signedness, runs the timer work when it is not due and skips it when it is, or never runs it (the deleted comparison leaves its result 0): timer events come early, late or not at all. In kentry the clock values are untracked loads and machine_has_scc() and clock_comparator_work() are opaque, so both outcomes of the comparison are explored in the tree already; what the timer handler does to modelled state (a wakeup, a raised softirq) is what the model's interrupt handler may do on every path (kentry_s390_handle_irq(), src/kernel/c/s390-vectors.c). Timer and clock-event state are not modelled; no IRQ, lockdep, tracer, RCU, context-tracking or preemption step differs.";
const S390_NOT_HANDLED =
  "The mutant drops the servicing of the interruption: the device handler in do_IRQ() (arch/s390/kernel/irq.c:112, generic_handle_irq() bound to the model's kentry_s390_handle_irq()), or the whole do_irq_async() → do_IRQ() in do_io_irq() (:172 adapter interruption, :174 subchannel) or do_ext_irq() (:215), which also skips do_IRQ()'s clock-comparator work. On s390 the CPU has accepted the interruption already (its code is in lowcore: tpi_info, ext_int_code), so it is lost rather than left pending: an I/O completion or an external signal (timer, IPI) never reaches its handler. The exception returns with every modelled state as irqentry_enter(), irq_enter_rcu(), irq_exit_rcu() and irqentry_exit() leave it; the handler's modelled effects (a local wakeup, a raised softirq) are choices the model's handler may also not make, so the mutant's paths are the tree's with the handler's own checks removed. kentry checks the entry and exit state, not that an interruption is serviced.";
const S390_IO_ROUTING =
  "do_io_irq() (arch/s390/kernel/irq.c:169-174) passes an adapter (thin) interruption to the THIN_INTERRUPT handler and a subchannel interruption to IO_INTERRUPT, by lowcore's tpi_info.adapter_IO. Negated, each kind goes to the other handler: the I/O completion is misinterpreted or lost. The bit is an untracked lowcore load (both answers explored), and both irq numbers reach the same model handler through do_irq_async() → do_IRQ(): which device driver runs is not modelled. No modelled state differs.";
const S390_IO_LOOP =
  "The loop condition `machine_is_lpar() && irq_pending(regs)` of do_io_irq() (arch/s390/kernel/irq.c:175): in an LPAR, irq_pending() (:132-143) issues TEST PENDING INTERRUPTION, which dequeues the next pending I/O interruption into lowcore's tpi_info, and the loop serves it in the same entry. Negating machine_is_lpar() polls with TPI under a hypervisor and serves one interruption per entry in an LPAR (correct, slower); negating irq_pending() leaves the loop when TPI has dequeued an interruption (which is then lost) and repeats the last one's handler while none is pending. In kentry machine_is_lpar() is not defined and irq_pending() is unsupported (its asm): both are opaque answers, so every number of loop iterations is explored in the tree already and the mutant's paths are the tree's. The I/O interruption queue is not modelled.";
const S390_IRQ_REGS =
  "set_irq_regs() (arch/s390/kernel/irq.c:179, :219; include/asm-generic/irq_regs.h) restores the per-CPU irq_regs pointer that get_irq_regs() gives interrupt handlers; kentry models no pt_regs pointers, and set_irq_regs() changes no modelled state (rule R2).";
const S390_KVM_HOOK =
  "arch_in_rcu_eqs() (arch/s390/include/asm/entry-common.h:54-60) says a task with PF_VCPU set (a vCPU inside SIE) may be in an RCU extended quiescent state; negating `IS_ENABLED(CONFIG_KVM)` (KVM is y in every config kentry builds) makes it always false. irqentry_enter() (include/linux/irq-entry-common.h:411-427, the branch at :412) then takes the RCU-watching branch (rcu_irq_enter_check_tick()) for an interruption of a running guest instead of ct_irq_enter()/exit_rcu. s390 cannot select HAVE_CONTEXT_TRACKING_USER, so context_tracking_guest_enter() is the stub returning false (include/linux/context_tracking.h:102) and guest_context_enter_irqoff() only notes a quiescent state (include/linux/kvm_host.h:426-441): RCU is watching inside SIE either way, and the hook's true is the over-estimate its comment allows (irq-entry-common.h:63-73). Checked (scripts/_m1.ts, irq row, kvm-sie context, the stage-1 configs): no finding added or dropped. What changes is that irqentry_exit() may preempt the vCPU task at the interruption's return, where the tree returns through ct_irq_exit() and leaves the reschedule to KVM's run loop (arch/s390/kvm/s390/s390.c:4794-4801): a legal preemption point (6.12, which has no hook, takes it), with the guest-time accounting of PF_VCPU (the preempted vCPU's time) as the visible difference. Guest-time accounting is not modelled.";
const S390_RET_SET =
  "PIF_SYSCALL_RET_SET (arch/s390/include/asm/ptrace.h:18) is set by syscall_set_return_value() (arch/s390/include/asm/syscall.h:62) when ptrace or seccomp supplies the return value during the entry work; __do_syscall() then skips the system call (arch/s390/kernel/syscall.c:135-136). With the test deleted (its result left 0) the call runs anyway and overwrites the supplied value: a ptrace/seccomp ABI bug in pt_regs->flags, which is untracked in kentry (both answers of the test are explored in the tree already); the system call itself is an opaque call. No IRQ, lockdep, tracer, RCU, context-tracking or preemption step differs.";
const S390_RET_SET_CLEAR =
  "Deleting the clear in test_and_clear_pt_regs_flag() (arch/s390/include/asm/ptrace.h:202-208) leaves PIF_SYSCALL_RET_SET set after __do_syscall() tested it (arch/s390/kernel/syscall.c:135, the only caller). Its only reader is that test, and every system call zeroes regs->flags before reaching it (syscall.c:112); the other readers of regs->flags test other bits (PIF_SYSCALL: asm/syscall.h:22, arch/s390/kernel/signal.c:450, arch/s390/kernel/ptrace.c:348), and the flags word is not part of the ptrace or core-dump register set. So no reader can see the difference: the kernel computes the same, and in kentry regs->flags is untracked anyway.";
const S390_PIF_SYSCALL =
  "set_pt_regs_flag(regs, PIF_SYSCALL) (arch/s390/kernel/syscall.c:113) marks pt_regs as a system call's: syscall_get_nr() returns the number only then (arch/s390/include/asm/syscall.h:22-23; the entry work re-reads it, include/linux/entry-common.h:151), and signal delivery restarts an interrupted system call only then (arch/s390/kernel/signal.c:450-489). Deleted, ptrace/seccomp/audit see syscall -1 and -ERESTART* codes reach user space. Syscall-restart and ptrace state in pt_regs->flags are not modelled (untracked stores); no call the model interprets changes.";
const S390_SYSCALL_NR =
  "Which system call runs (arch/s390/kernel/syscall.c:114-124, :137-141): the number comes from the svc instruction or, for svc 0, from gpr1; restart_syscall resumes at the address saved in current->restart_block; an out-of-range number gets -ENOSYS. The mutant takes the number from the wrong place, mishandles the restart (regs->psw.addr, restart_block.arch_data) or inverts the range check: the wrong system call, or none, runs. The system call is an opaque call through sys_call_table (the table and restart_block are untracked), and the entry (enter_from_user_mode_randomize_stack(), local_irq_enable()) and the exit (syscall_exit_to_user_mode(), :143) run unchanged; which system call runs is not modelled (as for x86's system call work, SYSCALL_WORK_STATE).";
const S390_SYSCALL_WORK =
  "__do_syscall() (arch/s390/kernel/syscall.c:126-136): the mutant skips the system-call entry work (syscall_enter_from_user_mode_work(), include/linux/entry-common.h:140-153: ptrace, seccomp, syscall tracepoints, audit, syscall user dispatch, and its result, which says whether to run the call; deleted, the result is 0 and the call is skipped) or inverts the decision to skip the call. Which system call runs, if any, and the syscall-work state are not modelled (as for x86's, SYSCALL_WORK_STATE): the work reads current_thread_info()->syscall_work (untracked) and its callees and the system call are opaque. The entry's IRQ, lockdep, RCU and context-tracking steps (enter_from_user_mode_randomize_stack() :101, local_irq_enable() :108) and the exit (syscall_exit_to_user_mode(), :143) run unchanged.";
const S390_PER_TRAP_FLAG =
  "TIF_PER_TRAP (arch/s390/include/asm/thread_info.h:72) asks the return to user mode to report a PER event (single-step, breakpoint) to the tracer: arch_exit_to_user_mode_work() (arch/s390/include/asm/entry-common.h:28-37) clears it and calls do_per_trap(). __do_syscall() sets it for a PER event on the svc instruction (arch/s390/kernel/syscall.c:110-111: flags from entry.S; the harness passes 0, kentry_s390_syscall_vector()), __do_pgm_check() for a PER event in user mode (arch/s390/kernel/traps.c:382-388). Deleted, the debugger misses the event. TIF_PER_TRAP is not one of the exit-work bits kentry models (src/kernel/rseq.ts workBitOf: a flag the model does not hold is not read either; arch_exit_to_user_mode_work() is a neutral leaf), and ptrace signals are not modelled. No IRQ, lockdep, tracer, RCU, context-tracking or preemption state differs.";
const S390_PER_KPROBE =
  "do_per_trap() (arch/s390/kernel/traps.c:81-88) passes a PER event to the die notifiers (kprobes' single-step completion) and otherwise sends SIGTRAP to a ptraced task; __do_pgm_check() calls it for a PER event in kernel mode (:389-394), which only a kprobe single-step produces (kprobes' enable_singlestep(), arch/s390/kernel/kprobes.c:191-219, is the only code that sets PSW_MASK_PER in a kernel-mode PSW; arch/s390/kernel/ptrace.c:113 sets it in user PSWs, for ptrace single-step and uprobes; KPROBES is n in every config kentry builds, so in the lattice's kernels this branch never runs), and the return to user mode calls it for TIF_PER_TRAP (asm/entry-common.h:31-34; a neutral leaf in kentry). The mutant inverts the notifier's verdict or the ptrace test, or drops the call: a kprobe's post-handler and single-step teardown (disable_singlestep(), kprobes.c:222-231: the PER control registers and the resumed PSW's address and interrupt mask) do not happen, or SIGTRAP goes to the wrong task. notify_die() and force_sig_fault() are opaque and current->ptrace untracked in kentry (both answers explored in the tree); kprobes' state and signals are not modelled.";
const S390_PER_SSM =
  "The kernel-mode PER branch of __do_pgm_check() (arch/s390/kernel/traps.c:389-394) loads the interrupted PSW's system mask (PER cleared) with __arch_local_irq_ssm() before do_per_trap(). Only a kprobe single-step reaches it (enable_singlestep(), arch/s390/kernel/kprobes.c:191-219, is the only code that sets PSW_MASK_PER in a kernel-mode PSW, and KPROBES is n in every config kentry builds), and it masks I/O and external interruptions in the stepped PSW (kprobes.c:216-217): the mask loaded there has both off and DAT on — the program-check new PSW's system mask, which nothing before :391 changed. So the ssm changes nothing in the kernel, and moving it after do_per_trap() or deleting it computes the same. (kentry explores this branch in every kernel context with the interrupted context's IRQ state, since lc->pgm_code is untracked: there the mutant runs do_per_trap() with hardware IRQs off instead of on; in the kernel they are off in both.)";
const S390_PGM_GUEST =
  "PGM_FLAG_GUEST_FAULT (arch/s390/kernel/traps.c:362-366) marks a program check that a KVM guest caused inside SIE: __do_pgm_check() records the fault for KVM (current->thread.gmap_teid, gmap_int_code) and returns before any entry code, since sie64a() returns to KVM, which handles it. The harness passes flags 0 (a host program check, kentry_s390_exception_vector()); negated, every host program check is taken for a guest fault: no entry or exit code and no handler run, and the exception returns to the faulting instruction, which faults again (a page fault that is never resolved loops). Every modelled state at the return is the interrupted context's, unchanged, as on the tree's guest-fault path; only the per-CPU counter at :353 (an opaque call with the baseline's findings) runs before the branch. The program check not being handled is not modelled: kentry checks the entry and exit around the handler, which is opaque (pgm_check_table).";
const S390_PGM_NOT_HANDLED =
  "`if (trapnr)` (arch/s390/kernel/traps.c:399-400) calls the program check's handler through pgm_check_table[] unless the check was a PER event alone (trapnr 0). Negated, real program checks (page faults, operation exceptions, …) are not handled — the instruction faults again — and a user PER event runs table entry 0. The table call is opaque in kentry (an indirect call through a table) and trapnr comes from an untracked load (both answers explored in the tree already): the mutant's paths are the tree's. What a program-check handler does is not modelled.";

const TABLE: readonly JudgedMutant[] = [
  // ---- 5.10 (its own spellings: rcu_irq_* / rcu_nmi_*, lockdep_hardirqs_on_prepare(CALLER_ADDR0)) ----
  // 5.10's Xen upcall body, mutated since session 28 (its XEN_PV=y config variant was never mutated
  // before): set_irq_regs() as on loongarch (arch/x86/entry/common.c:275 restores the per-CPU pointer).
  { key: 'xen_pv_evtchn_do_upcall[XEN_PV=y]: delete set_irq_regs(old_regs)', trees: V510, class: 'outside-model', operator: 'delete', callees: ['set_irq_regs'], argument: "set_irq_regs() (include/asm-generic/irq_regs.h:24) restores the per-CPU irq_regs pointer that get_irq_regs() gives interrupt handlers (arch/x86/entry/common.c:275 in 5.10); kentry models no pt_regs pointers, and set_irq_regs() changes no modelled state (rule R2), as loongarch's LA_IRQ_REGS says for handle_loongarch_irq()." },
  { key: 'irqentry_enter: rcu_irq_enter → rcu_nmi_enter', trees: V510, class: 'equivalent', operator: 'sibling', callees: ['rcu_irq_enter', 'rcu_nmi_enter'], argument: RCU_SIBLING_510 },
  { key: 'irqentry_nmi_enter: rcu_nmi_enter → rcu_irq_enter', trees: V510, class: 'equivalent', operator: 'sibling', callees: ['rcu_nmi_enter', 'rcu_irq_enter'], argument: RCU_SIBLING_510 },
  { key: 'irqentry_exit: rcu_irq_exit → rcu_nmi_exit [1/2]', trees: V510, class: 'equivalent', operator: 'sibling', callees: ['rcu_irq_exit', 'rcu_nmi_exit'], argument: RCU_SIBLING_510 },
  { key: 'irqentry_exit: rcu_irq_exit → rcu_nmi_exit [2/2]', trees: V510, class: 'equivalent', operator: 'sibling', callees: ['rcu_irq_exit', 'rcu_nmi_exit'], argument: `${RCU_SIBLING_510} (This one is the IF=0 return: lockdep stays "off" throughout.)` },
  { key: 'irqentry_nmi_exit: rcu_nmi_exit → rcu_irq_exit', trees: V510, class: 'equivalent', operator: 'sibling', callees: ['rcu_nmi_exit', 'rcu_irq_exit'], argument: RCU_SIBLING_510 },
  { key: 'irqentry_nmi_enter: swap lockdep_hardirq_enter() ↔ rcu_nmi_enter()', trees: V510, class: 'equivalent', operator: 'swap', callees: ['lockdep_hardirq_enter', 'rcu_nmi_enter'], argument: LOCKDEP_CTX_510 },
  { key: 'irqentry_nmi_exit: swap rcu_nmi_exit() ↔ lockdep_hardirq_exit()', trees: V510, class: 'equivalent', operator: 'swap', callees: ['rcu_nmi_exit', 'lockdep_hardirq_exit'], argument: LOCKDEP_CTX_510 },
  { key: 'irqentry_exit: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare(CALLER_ADDR0)', trees: V510, class: 'equivalent', operator: 'swap', callees: ['trace_hardirqs_on_prepare', 'lockdep_hardirqs_on_prepare'], argument: ON_PREPARE_SWAP_510 },
  { key: 'irqentry_nmi_exit: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare(CALLER_ADDR0)', trees: V510, class: 'equivalent', operator: 'swap', callees: ['trace_hardirqs_on_prepare', 'lockdep_hardirqs_on_prepare'], argument: ON_PREPARE_SWAP_510 },
  { key: 'exit_to_user_mode: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare(CALLER_ADDR0)', trees: V510, class: 'equivalent', operator: 'swap', callees: ['trace_hardirqs_on_prepare', 'lockdep_hardirqs_on_prepare'], argument: ON_PREPARE_SWAP_510 },
  {
    key: 'irqentry_nmi_exit: delete lockdep_hardirqs_on_prepare(CALLER_ADDR0)',
    trees: V510,
    class: 'equivalent',
    operator: 'delete',
    callees: ['lockdep_hardirqs_on_prepare'],
    argument: "5.10's lockdep_hardirqs_on_prepare() returns at once in NMI context (kernel/locking/lockdep.c: `if (unlikely(in_nmi())) return;`), and irqentry_nmi_exit() runs it before __nmi_exit(), so deleting it changes nothing.",
  },
  {
    key: 'syscall_exit_to_user_mode: delete syscall_exit_to_user_mode_prepare(regs)',
    trees: V510,
    class: 'outside-model',
    operator: 'delete',
    callees: ['syscall_exit_to_user_mode_prepare'],
    argument: "5.10's syscall_exit_to_user_mode_prepare() (kernel/entry/common.c, static) is the syscall exit work (rseq_syscall(), audit, the sys_exit tracepoint, ptrace single-step and syscall-exit reports: syscall_exit_work()) plus CT_WARN_ON and, under PROVE_LOCKING, WARN(irqs_disabled(), \"syscall %lu left IRQs disabled\") with its local_irq_enable() repair. The work is task state kentry does not model; the repair only acts on a system call body that returns with IRQs disabled, which the harness's system call does not do.",
  },
  {
    key: 'exit_to_user_mode_loop: swap resume_user_mode_work(regs) ↔ rseq_handle_notify_resume(NULL, regs)',
    trees: V510,
    class: 'outside-model',
    operator: 'swap',
    callees: ['resume_user_mode_work', 'rseq_handle_notify_resume'],
    argument: "5.10 calls tracehook_notify_resume() (task work, folded to resume_user_mode_work) and then rseq_handle_notify_resume() for TIF_NOTIFY_RESUME; 6.x moved the rseq fixup inside resume_user_mode_work(). The order only matters to the restartable-sequence fixup of the user IP (task work that changes the rseq area would be seen or not): user memory kentry does not model. Both run with IRQs on in the same loop iteration, so no modelled state sees the order.",
  },

  // ---- equivalent: the mutant computes what the tree computes ----
  { key: 'irqentry_enter: trace_hardirqs_off_finish → trace_hardirqs_off [1/2]', trees: UP_TO_SIX, class: 'equivalent', operator: 'sibling', callees: ['trace_hardirqs_off_finish', 'trace_hardirqs_off'], argument: OFF_FINISH },
  { key: 'irqentry_enter: trace_hardirqs_off_finish → trace_hardirqs_off [2/2]', trees: UP_TO_SIX, class: 'equivalent', operator: 'sibling', callees: ['trace_hardirqs_off_finish', 'trace_hardirqs_off'], argument: OFF_FINISH },
  { key: 'irqentry_nmi_enter: trace_hardirqs_off_finish → trace_hardirqs_off', class: 'equivalent', operator: 'sibling', callees: ['trace_hardirqs_off_finish', 'trace_hardirqs_off'], argument: OFF_FINISH },
  { key: 'enter_from_user_mode: trace_hardirqs_off_finish → trace_hardirqs_off', class: 'equivalent', operator: 'sibling', callees: ['trace_hardirqs_off_finish', 'trace_hardirqs_off'], argument: OFF_FINISH },
  { key: 'irqentry_enter: ct_irq_enter → ct_nmi_enter', trees: SIX, class: 'equivalent', operator: 'sibling', callees: ['ct_irq_enter', 'ct_nmi_enter'], argument: CT_SIBLING },
  { key: 'irqentry_nmi_enter: ct_nmi_enter → ct_irq_enter', trees: SIX_SEVEN, class: 'equivalent', operator: 'sibling', callees: ['ct_nmi_enter', 'ct_irq_enter'], argument: CT_SIBLING },
  { key: 'irqentry_exit: ct_irq_exit → ct_nmi_exit [1/2]', trees: SIX, class: 'equivalent', operator: 'sibling', callees: ['ct_irq_exit', 'ct_nmi_exit'], argument: CT_SIBLING },
  { key: 'irqentry_exit: ct_irq_exit → ct_nmi_exit [2/2]', trees: SIX, class: 'equivalent', operator: 'sibling', callees: ['ct_irq_exit', 'ct_nmi_exit'], argument: `${CT_SIBLING} (This one is the IF=0 return: lockdep stays "off" throughout.)` },
  { key: 'irqentry_nmi_exit: ct_nmi_exit → ct_irq_exit', trees: SIX_SEVEN, class: 'equivalent', operator: 'sibling', callees: ['ct_nmi_exit', 'ct_irq_exit'], argument: CT_SIBLING },
  { key: 'irqentry_enter: swap kmsan_unpoison_entry_regs(regs) ↔ trace_hardirqs_off_finish()', trees: SIX, class: 'equivalent', operator: 'swap', callees: ['kmsan_unpoison_entry_regs', 'trace_hardirqs_off_finish'], argument: KMSAN_SWAP },
  { key: 'irqentry_enter: swap kmsan_unpoison_entry_regs(regs) ↔ rcu_irq_enter_check_tick()', trees: SIX, class: 'equivalent', operator: 'swap', callees: ['kmsan_unpoison_entry_regs', 'rcu_irq_enter_check_tick'], argument: KMSAN_SWAP },
  { key: 'irqentry_nmi_enter: swap kmsan_unpoison_entry_regs(regs) ↔ trace_hardirqs_off_finish()', trees: SIX_SEVEN, class: 'equivalent', operator: 'swap', callees: ['kmsan_unpoison_entry_regs', 'trace_hardirqs_off_finish'], argument: KMSAN_SWAP },
  { key: 'enter_from_user_mode: swap kmsan_unpoison_entry_regs(regs) ↔ trace_hardirqs_off_finish()', trees: SIX_SEVEN, class: 'equivalent', operator: 'swap', callees: ['kmsan_unpoison_entry_regs', 'trace_hardirqs_off_finish'], argument: KMSAN_SWAP },
  {
    key: 'irqentry_enter: swap rcu_irq_enter_check_tick() ↔ trace_hardirqs_off_finish()', trees: UP_TO_SIX,
    class: 'equivalent',
    operator: 'swap',
    callees: ['rcu_irq_enter_check_tick', 'trace_hardirqs_off_finish'],
    argument: TICK_SWAP,
  },
  { key: 'irqentry_exit: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()', trees: SIX, class: 'equivalent', operator: 'swap', callees: ['trace_hardirqs_on_prepare', 'lockdep_hardirqs_on_prepare'], argument: ON_PREPARE_SWAP },
  { key: 'irqentry_nmi_exit: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()', trees: SIX_SEVEN, class: 'equivalent', operator: 'swap', callees: ['trace_hardirqs_on_prepare', 'lockdep_hardirqs_on_prepare'], argument: ON_PREPARE_SWAP },
  { key: 'exit_to_user_mode: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()', trees: SIX_SEVEN, class: 'equivalent', operator: 'swap', callees: ['trace_hardirqs_on_prepare', 'lockdep_hardirqs_on_prepare'], argument: ON_PREPARE_SWAP },
  {
    key: 'irqentry_nmi_exit: delete lockdep_hardirqs_on_prepare()', trees: SIX_SEVEN,
    class: 'equivalent',
    operator: 'delete',
    callees: ['lockdep_hardirqs_on_prepare'],
    argument: 'lockdep_hardirqs_on_prepare() returns at once in NMI context (kernel/locking/lockdep.c: `if (unlikely(in_nmi())) return;`; kentry-ref §3.1), and irqentry_nmi_exit() runs before __nmi_exit(), so deleting it changes nothing.',
  },
  {
    key: 'irqentry_nmi_exit: lockdep_hardirqs_on_prepare → lockdep_hardirqs_on',
    class: 'equivalent',
    operator: 'sibling',
    callees: ['lockdep_hardirqs_on_prepare', 'lockdep_hardirqs_on'],
    argument: 'The prepare step is a no-op in NMI (see the deletion). lockdep_hardirqs_on() instead sets the soft state "on" a few noinstr steps early, inside the NMI, with no instrumentable code or lock operation before the real lockdep_hardirqs_on() and no nested NMI possible; the state handed back to the interrupted context is the same.',
  },
  { key: 'irqentry_nmi_enter: swap lockdep_hardirqs_off(CALLER_ADDR0) ↔ lockdep_hardirq_enter()', class: 'equivalent', operator: 'swap', callees: ['lockdep_hardirqs_off', 'lockdep_hardirq_enter'], argument: LOCKDEP_CTX },
  { key: 'irqentry_nmi_enter: swap lockdep_hardirq_enter() ↔ ct_nmi_enter()', trees: SIX_SEVEN, class: 'equivalent', operator: 'swap', callees: ['lockdep_hardirq_enter', 'ct_nmi_enter'], argument: LOCKDEP_CTX },
  { key: 'irqentry_nmi_exit: swap ct_nmi_exit() ↔ lockdep_hardirq_exit()', trees: SIX_SEVEN, class: 'equivalent', operator: 'swap', callees: ['ct_nmi_exit', 'lockdep_hardirq_exit'], argument: LOCKDEP_CTX },
  {
    key: 'irqentry_nmi_enter: swap trace_hardirqs_off_finish() ↔ ftrace_nmi_enter()',
    class: 'equivalent',
    operator: 'swap',
    callees: ['trace_hardirqs_off_finish', 'ftrace_nmi_enter'],
    argument: "Independent: ftrace_nmi_enter() is the HWLAT/OSNOISE tracers' NMI timestamp (empty without them) and reads none of the tracer's IRQ state; both run in the same instrumentation section with RCU watching.",
  },
  {
    key: 'enter_from_user_mode: swap CT_WARN_ON(__ct_state() != CT_STATE_USER) ↔ user_exit_irqoff()',
    class: 'equivalent',
    operator: 'swap',
    callees: ['CT_WARN_ON', 'user_exit_irqoff'],
    argument: "On the IR, __ct_state() is a separate operation before the CT_WARN_ON, so the mutant only moves where the already-computed condition is reported. (As a source mutation, reading the state after user_exit_irqoff() would fire the warning on every user entry — a different mutant.)",
  },
  {
    key: 'exit_to_user_mode_prepare: swap lockdep_assert_irqs_disabled() ↔ tick_nohz_user_enter_prepare()', trees: SIX,
    class: 'equivalent',
    operator: 'swap',
    callees: ['lockdep_assert_irqs_disabled', 'tick_nohz_user_enter_prepare'],
    argument: "The deferred-wakeup flush does not change the IRQ state (hardware or lockdep's) the assertion reads; a wakeup it causes only sets TIF_NEED_RESCHED, which is read after both.",
  },
  { key: 'exit_to_user_mode_prepare: tick_nohz_user_enter_prepare → rcu_nocb_flush_deferred_wakeup', trees: SIX, class: 'equivalent', operator: 'sibling', callees: ['tick_nohz_user_enter_prepare', 'rcu_nocb_flush_deferred_wakeup'], argument: NOCB_FLUSH },
  { key: 'exit_to_user_mode_loop: tick_nohz_user_enter_prepare → rcu_nocb_flush_deferred_wakeup', trees: SIX, class: 'equivalent', operator: 'sibling', callees: ['tick_nohz_user_enter_prepare', 'rcu_nocb_flush_deferred_wakeup'], argument: NOCB_FLUSH },
  {
    key: 'exit_to_user_mode_loop: swap arch_exit_to_user_mode_work(regs, ti_work) ↔ local_irq_disable_exit_to_user()', trees: UP_TO_SIX,
    class: 'equivalent',
    operator: 'swap',
    callees: ['arch_exit_to_user_mode_work', 'local_irq_disable_exit_to_user'],
    argument: 'x86 does not define arch_exit_to_user_mode_work(); the generic one (include/linux/entry-common.h, `#ifndef arch_exit_to_user_mode_work`) is an empty static inline, so where it sits does not matter.',
  },
  {
    key: 'exit_to_user_mode_loop: delete arch_exit_to_user_mode_work(regs, ti_work)', trees: UP_TO_SIX,
    class: 'equivalent',
    operator: 'delete',
    callees: ['arch_exit_to_user_mode_work'],
    argument: 'x86 does not define arch_exit_to_user_mode_work(); the generic one (include/linux/entry-common.h, `#ifndef arch_exit_to_user_mode_work`) is an empty static inline, so deleting the call changes nothing. (Rule R2 calls it a model gap because the model treats the leaf as inert; the kernel makes it empty.)',
  },

  {
    key: 'enter_from_user_mode: swap arch_enter_from_user_mode(regs) ↔ lockdep_hardirqs_off(CALLER_ADDR0)',
    class: 'equivalent',
    operator: 'swap',
    callees: ['arch_enter_from_user_mode', 'lockdep_hardirqs_off'],
    argument: "arch_enter_from_user_mode() only checks (under DEBUG_ENTRY) the saved user regs and the CPU flags DF/NT/AC; lockdep_hardirqs_off() changes lockdep's soft state, which those checks do not read, and reads nothing the checks change. Both are noinstr with nothing instrumentable between them, and hardware IRQs are off at both positions, so no interrupt can observe the order.",
  },

  // ---- outside the model: only state kentry deliberately does not model changes ----
  {
    key: 'irqentry_enter: delete rcu_irq_enter_check_tick()', trees: UP_TO_SIX,
    class: 'outside-model',
    operator: 'delete',
    callees: ['rcu_irq_enter_check_tick'],
    argument: TICK_DELETE,
  },
  {
    key: 'irqentry_nmi_enter: swap __nmi_enter() ↔ lockdep_hardirqs_off(CALLER_ADDR0)',
    class: 'outside-model',
    operator: 'swap',
    callees: ['__nmi_enter', 'lockdep_hardirqs_off'],
    argument: "With TRACE_IRQFLAGS_NMI (x86 selects it, so the lattice fixes it) lockdep_hardirqs_off() behaves the same in and out of NMI, except that outside NMI it returns early when this CPU's lockdep_recursion is set, i.e. when the NMI hit lockdep itself; before __nmi_enter() that guard applies and the soft state would stay \"on\". kentry does not model lockdep's recursion counter (lock operations in NMI are invisible through in_nmi() instead, src/kernel/lockdep.ts).",
  },
  // ftrace_nmi_enter/exit are read from include/linux/ftrace_irq.h and inlined as the compiler does
  // (test/mutants.test.ts's sample note): a static inline whose body is empty in every config of the
  // lattice compiles to nothing, wherever it is called. Found unexplained by the 7.3 run; every tree
  // has the same two sites.
  {
    key: 'irqentry_nmi_enter: swap ftrace_nmi_enter() ↔ instrumentation_end()',
    class: 'outside-model',
    operator: 'swap',
    callees: ['ftrace_nmi_enter', 'instrumentation_end'],
    argument: "ftrace_nmi_enter() (include/linux/ftrace_irq.h) is a static inline whose whole body sits under CONFIG_HWLAT_TRACER / CONFIG_OSNOISE_TRACER, which are not lattice axes (off): there it is empty and inlined, so moving it after instrumentation_end() changes nothing. With either tracer built, it calls trace_hwlat_callback()/trace_osnoise_callback(), instrumentable code that would then run outside the instrumentation section — the mutant is a real objtool error only in configs outside the lattice.",
  },
  {
    key: 'irqentry_nmi_exit: swap instrumentation_begin() ↔ ftrace_nmi_exit()',
    class: 'outside-model',
    operator: 'swap',
    callees: ['instrumentation_begin', 'ftrace_nmi_exit'],
    argument: "ftrace_nmi_exit() is ftrace_nmi_enter()'s pair (include/linux/ftrace_irq.h): empty without CONFIG_HWLAT_TRACER / CONFIG_OSNOISE_TRACER, which are not lattice axes; with them it calls the tracers' callbacks, which the mutant would run before instrumentation_begin().",
  },
  // 7.x's irqentry_enter_from_user_mode() (include/linux/irq-entry-common.h) notes a user-mode
  // interrupt for rseq after enter_from_user_mode(). Found unexplained by the 7.3 run.
  {
    key: 'irqentry_enter_from_user_mode: delete rseq_note_user_irq_entry()', trees: SEVEN,
    class: 'outside-model',
    operator: 'delete',
    callees: ['rseq_note_user_irq_entry'],
    argument: "rseq_note_user_irq_entry() (include/linux/rseq_entry.h) only sets current->rseq.event.user_irq, which the exit path reads to decide whether a user-space rseq critical section must be aborted (rseq_update_user_cs(), rseq_exit_user_update()): without it an interrupted critical section is not restarted — an rseq correctness bug in user memory, which kentry does not model (the store is an untracked store, the read an opaque load). No IRQ, lockdep, RCU or context-tracking state changes.",
  },
  {
    key: 'irqentry_enter_from_user_mode: swap enter_from_user_mode(regs) ↔ rseq_note_user_irq_entry()', trees: SEVEN,
    class: 'equivalent',
    operator: 'swap',
    callees: ['enter_from_user_mode', 'rseq_note_user_irq_entry'],
    argument: "rseq_note_user_irq_entry() is an __always_inline plain store to current->rseq.event.user_irq: no call, no instrumentation, nothing that needs RCU watching or lockdep told. Done before enter_from_user_mode() it is legal in the same noinstr context, and enter_from_user_mode() neither reads nor writes that field, so both orders reach the same state.",
  },
  // 7.x survivors of the 7.3 run (session 8), keyed under 7.x's own functions; the same mistakes
  // in 6.x are keyed under irqentry_enter or are killed there.
  { key: 'xen_pv_evtchn_do_upcall: delete get_and_clear_inhcall()', trees: SEVEN, class: 'equivalent', operator: 'delete', callees: ['get_and_clear_inhcall'], argument: DEAD_INHCALL },
  { key: 'xen_pv_evtchn_do_upcall: negate if (!WARN_ON_ONCE(state.exit_rcu))', trees: SEVEN, class: 'equivalent', operator: 'negate', callees: [], argument: DEAD_INHCALL },
  { key: 'xen_pv_evtchn_do_upcall: swap raw_irqentry_exit_cond_resched() ↔ instrumentation_end()', trees: SEVEN, class: 'equivalent', operator: 'swap', callees: ['raw_irqentry_exit_cond_resched', 'instrumentation_end'], argument: DEAD_INHCALL },
  { key: 'xen_pv_evtchn_do_upcall: delete raw_irqentry_exit_cond_resched()', trees: SEVEN, class: 'equivalent', operator: 'delete', callees: ['raw_irqentry_exit_cond_resched'], argument: DEAD_INHCALL },
  { key: 'xen_pv_evtchn_do_upcall: raw_irqentry_exit_cond_resched → preempt_schedule_irq', trees: SEVEN, class: 'equivalent', operator: 'sibling', callees: ['raw_irqentry_exit_cond_resched', 'preempt_schedule_irq'], argument: DEAD_INHCALL },
  { key: 'xen_pv_evtchn_do_upcall: drop instrumentation_end() [1/2]', trees: SEVEN, class: 'equivalent', operator: 'instr', callees: ['instrumentation_end'], argument: DEAD_INHCALL },
  { key: 'xen_pv_evtchn_do_upcall: duplicate instrumentation_end() [1/2]', trees: SEVEN, class: 'equivalent', operator: 'instr', callees: ['instrumentation_end'], argument: DEAD_INHCALL },
  { key: 'xen_pv_evtchn_do_upcall: instrumentation_end() → instrumentation_begin() [1/2]', trees: SEVEN, class: 'equivalent', operator: 'instr', callees: ['instrumentation_end', 'instrumentation_begin'], argument: DEAD_INHCALL },
  { key: 'xen_pv_evtchn_do_upcall: delete restore_inhcall(inhcall)', trees: SEVEN, class: 'equivalent', operator: 'delete', callees: ['restore_inhcall'], argument: DEAD_INHCALL },
  { key: 'exit_to_user_mode: delete unwind_reset_info()', trees: SEVEN, class: 'outside-model', operator: 'delete', callees: ['unwind_reset_info'], argument: "unwind_reset_info() (include/linux/unwind_deferred.h:34, CONFIG_UNWIND_USER) clears the task's deferred user-stack unwinding state (unwind_mask, the cached trace) on the way out, for perf/ftrace's deferred user unwinds: task memory kentry does not model (its atomics and stores are listed opaque sites). It runs inside the instrumentation section and changes no IRQ, lockdep, RCU or context-tracking state." },
  { key: 'exit_to_user_mode: swap unwind_reset_info() ↔ trace_hardirqs_on_prepare()', trees: SEVEN, class: 'equivalent', operator: 'swap', callees: ['unwind_reset_info', 'trace_hardirqs_on_prepare'], argument: "Both run inside the same instrumentation section of exit_to_user_mode() (include/linux/irq-entry-common.h) with IRQs off and RCU watching; unwind_reset_info() touches only the task's unwind info, which the tracer step neither reads nor writes, so either order reaches the same state." },
  { key: 'syscall_exit_to_user_mode: delete syscall_exit_to_user_mode_work(regs)', trees: SEVEN, class: 'outside-model', operator: 'delete', callees: ['syscall_exit_to_user_mode_work'], argument: "On 7.x syscall_exit_to_user_mode_work() (include/linux/entry-common.h:284) is only the one-time syscall exit work — audit, syscall tracepoints, ptrace reports (SYSCALL_WORK_EXIT), rseq's debug check — plus CT_WARN_ON and, under PROVE_LOCKING, the WARN(irqs_disabled()) repair; the IRQ disable and the exit loop moved to the caller (local_irq_disable(); syscall_exit_to_user_mode_prepare()). The work is task state kentry does not model; the checks it drops cannot add a finding; the repair acts only on a system call body that returns with IRQs disabled, which the harness's does not (as for 6.x's syscall_exit_to_user_mode_prepare deletion)." },
  { key: 'irqentry_enter_from_kernel_mode: delete arch_in_rcu_eqs()', trees: SEVEN, class: 'equivalent', operator: 'delete', callees: ['arch_in_rcu_eqs'], argument: 'x86 does not define arch_in_rcu_eqs(), so it is the generic `return false` (include/linux/irq-entry-common.h:75). Deleting the call leaves its result slot at its initial 0, the same false; only s390 defines a real one (vCPU tasks in SIE), not checked here.' },
  { key: 'irqentry_enter_from_kernel_mode: swap kmsan_unpoison_entry_regs(regs) ↔ trace_hardirqs_off_finish()', trees: SEVEN, class: 'equivalent', operator: 'swap', callees: ['kmsan_unpoison_entry_regs', 'trace_hardirqs_off_finish'], argument: KMSAN_SWAP },
  { key: 'irqentry_enter_from_kernel_mode: swap kmsan_unpoison_entry_regs(regs) ↔ rcu_irq_enter_check_tick()', trees: SEVEN, class: 'equivalent', operator: 'swap', callees: ['kmsan_unpoison_entry_regs', 'rcu_irq_enter_check_tick'], argument: KMSAN_SWAP },
  { key: 'irqentry_enter_from_kernel_mode: trace_hardirqs_off_finish → trace_hardirqs_off [1/2]', trees: SEVEN, class: 'equivalent', operator: 'sibling', callees: ['trace_hardirqs_off_finish', 'trace_hardirqs_off'], argument: OFF_FINISH },
  { key: 'irqentry_enter_from_kernel_mode: trace_hardirqs_off_finish → trace_hardirqs_off [2/2]', trees: SEVEN, class: 'equivalent', operator: 'sibling', callees: ['trace_hardirqs_off_finish', 'trace_hardirqs_off'], argument: OFF_FINISH },
  { key: 'irqentry_enter_from_kernel_mode: swap rcu_irq_enter_check_tick() ↔ trace_hardirqs_off_finish()', trees: SEVEN, class: 'equivalent', operator: 'swap', callees: ['rcu_irq_enter_check_tick', 'trace_hardirqs_off_finish'], argument: TICK_SWAP },
  { key: 'irqentry_enter_from_kernel_mode: delete rcu_irq_enter_check_tick()', trees: SEVEN, class: 'outside-model', operator: 'delete', callees: ['rcu_irq_enter_check_tick'], argument: TICK_DELETE },
  {
    key: 'irqentry_exit_to_kernel_mode_after_preempt: swap irqentry_hrtimer_rearm_deferred() ↔ trace_hardirqs_on_prepare()', trees: ['7.3'],
    class: 'outside-model',
    operator: 'swap',
    callees: ['irqentry_hrtimer_rearm_deferred', 'trace_hardirqs_on_prepare'],
    argument: "The exit_rcu branch of irqentry_exit_to_kernel_mode_after_preempt() (include/linux/irq-entry-common.h:511-519). Telling the tracer \"IRQs will be on\" before the deferred hrtimer rearm ends the irqsoff tracer's critical timing before the rearm's base-lock and reprogramming work, which still runs with hardware IRQs off: the latency tracer under-reports. kentry models the tracer's on/off state for the consistency checks, not latency timing. Both orders keep lockdep \"off\" and RCU watching across the rearm (__hrtimer_rearm_deferred() takes the base lock with a plain raw_spinlock guard, kernel/time/hrtimer.c:2188: no IRQ-state change, no tracer hook), and the tracer saying \"on\" with hardware IRQs off is the window the original already has between trace_hardirqs_on_prepare() and the IRET.",
  },
  { key: 'irqentry_exit_to_kernel_mode_after_preempt: delete irqentry_hrtimer_rearm_deferred() [1/2]', trees: ['7.3'], class: 'outside-model', operator: 'delete', callees: ['irqentry_hrtimer_rearm_deferred'], argument: REARM_DELETE },
  { key: 'irqentry_exit_to_kernel_mode_after_preempt: delete irqentry_hrtimer_rearm_deferred() [2/2]', trees: ['7.3'], class: 'outside-model', operator: 'delete', callees: ['irqentry_hrtimer_rearm_deferred'], argument: REARM_DELETE },
  { key: 'irqentry_exit_to_kernel_mode_after_preempt: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()', trees: SEVEN, class: 'equivalent', operator: 'swap', callees: ['trace_hardirqs_on_prepare', 'lockdep_hardirqs_on_prepare'], argument: ON_PREPARE_SWAP },
  { key: 'irqentry_exit_to_kernel_mode_after_preempt: ct_irq_exit → ct_nmi_exit [1/2]', trees: SEVEN, class: 'equivalent', operator: 'sibling', callees: ['ct_irq_exit', 'ct_nmi_exit'], argument: CT_SIBLING },
  { key: 'irqentry_exit_to_kernel_mode_after_preempt: ct_irq_exit → ct_nmi_exit [2/2]', trees: SEVEN, class: 'equivalent', operator: 'sibling', callees: ['ct_irq_exit', 'ct_nmi_exit'], argument: CT_SIBLING },
  {
    key: 'irqentry_exit_to_kernel_mode_after_preempt: swap irqentry_hrtimer_rearm_deferred() ↔ trace_hardirqs_on()', trees: ['7.3'],
    class: 'outside-model',
    operator: 'swap',
    callees: ['irqentry_hrtimer_rearm_deferred', 'trace_hardirqs_on'],
    argument: "The return with RCU watching (include/linux/irq-entry-common.h:522-525): trace_hardirqs_on() before the rearm tells lockdep and the tracer \"on\" while hardware IRQs stay off through the rearm's base lock (a plain raw_spinlock guard, kernel/time/hrtimer.c:2188). Lockdep notices that only in check_flags() under CONFIG_DEBUG_LOCKDEP (\"possible reason: unannotated irqs-off\"), which is not a lattice axis, and kentry does not model lock acquisition's IRQ-flag check; an NMI finds no new state (lockdep and the tracer \"on\" with hardware IRQs off is the state the original already has between trace_hardirqs_on() and the IRET). A real ordering bug, outside what the model checks.",
  },
  { key: 'irqentry_hrtimer_rearm_deferred: swap lockdep_hardirq_enter() ↔ hrtimer_rearm_deferred()', trees: ['7.3'], class: 'outside-model', operator: 'swap', callees: ['lockdep_hardirq_enter', 'hrtimer_rearm_deferred'], argument: REARM_CHAINS },
  { key: 'irqentry_hrtimer_rearm_deferred: swap hrtimer_rearm_deferred() ↔ lockdep_hardirq_exit()', trees: ['7.3'], class: 'outside-model', operator: 'swap', callees: ['hrtimer_rearm_deferred', 'lockdep_hardirq_exit'], argument: REARM_CHAINS },
  { key: 'irqentry_hrtimer_rearm_deferred: delete hrtimer_rearm_deferred()', trees: ['7.3'], class: 'outside-model', operator: 'delete', callees: ['hrtimer_rearm_deferred'], argument: REARM_DELETE },
  {
    key: 'irqentry_exit_to_user_mode_prepare: delete rseq_irqentry_exit_to_user_mode()', trees: SEVEN,
    class: 'outside-model',
    operator: 'delete',
    callees: ['rseq_irqentry_exit_to_user_mode'],
    argument: "rseq_irqentry_exit_to_user_mode() (include/linux/rseq_entry.h:738) counts a statistic, asserts (lockdep_assert_once) that the tracked sched_switch event is already clear, and clears all of the task's rseq events — in effect user_irq, which the model does not track, since sched_switch is clear there. Deleting it removes a check and leaves user_irq set for a later exit, an rseq bookkeeping error in task memory outside the model.",
  },
  {
    key: 'irqentry_exit_to_user_mode_prepare: swap rseq_irqentry_exit_to_user_mode() ↔ __exit_to_user_mode_validate()', trees: SEVEN,
    class: 'equivalent',
    operator: 'swap',
    callees: ['rseq_irqentry_exit_to_user_mode', '__exit_to_user_mode_validate'],
    argument: "__exit_to_user_mode_validate() (include/linux/irq-entry-common.h:213) asserts kmap, lockdep's IRQ state and held locks; rseq_irqentry_exit_to_user_mode() only counts, asserts the sched_switch event clear and clears the rseq events. Neither reads what the other writes, and both run with IRQs off in the same context: either order reaches the same state with the same checks.",
  },
  { key: 'irqentry_enter_from_kernel_mode: ct_irq_enter → ct_nmi_enter', trees: SEVEN, class: 'equivalent', operator: 'sibling', callees: ['ct_irq_enter', 'ct_nmi_enter'], argument: CT_SIBLING },
  {
    key: 'syscall_enter_from_user_mode: delete syscall_enter_from_user_mode_work(regs, syscall)', trees: [...UP_TO_SIX, '7.2'],
    class: 'outside-model',
    operator: 'delete',
    callees: ['syscall_enter_from_user_mode_work'],
    argument: 'The entry work is ptrace syscall-entry reports, seccomp, syscall tracepoints, audit and syscall user dispatch (SYSCALL_WORK_ENTER): task state kentry does not model. It runs with IRQs on and RCU watching, which the model still checks at every other instrumentable call of the path.',
  },
  {
    key: '__syscall_exit_to_user_mode_work: delete syscall_exit_to_user_mode_prepare(regs)', trees: SIX,
    class: 'outside-model',
    operator: 'delete',
    callees: ['syscall_exit_to_user_mode_prepare'],
    argument: "syscall_exit_to_user_mode_prepare() is the exit work (audit, syscall tracepoints, ptrace syscall-exit reports, rseq_syscall(): SYSCALL_WORK_EXIT) plus CT_WARN_ON and, under PROVE_LOCKING, WARN(irqs_disabled(), \"syscall %lu left IRQs disabled\") with its local_irq_enable() repair. The work is task state kentry does not model; the repair only acts on a system call body that returns with IRQs disabled, a bug outside the entry code that the harness's system call does not make.",
  },
  // ── 7.x exit helpers (the 7.3 run of session 9; keys shared with 7.2, whose bodies are the same) ──
  {
    key: '__exit_to_user_mode_prepare: swap lockdep_assert_irqs_disabled() ↔ tick_nohz_user_enter_prepare()', trees: SEVEN,
    class: 'equivalent',
    operator: 'swap',
    callees: ['lockdep_assert_irqs_disabled', 'tick_nohz_user_enter_prepare'],
    argument: "As 6.x's exit_to_user_mode_prepare() swap (include/linux/irq-entry-common.h:198-202 in 7.3): the deferred-wakeup flush does not change the IRQ state (hardware or lockdep's) the assertion reads; a wakeup it causes only sets TIF_NEED_RESCHED, read after both (read_thread_flags(), :204).",
  },
  { key: '__exit_to_user_mode_prepare: tick_nohz_user_enter_prepare → rcu_nocb_flush_deferred_wakeup', trees: SEVEN, class: 'equivalent', operator: 'sibling', callees: ['tick_nohz_user_enter_prepare', 'rcu_nocb_flush_deferred_wakeup'], argument: NOCB_FLUSH },
  {
    key: '__exit_to_user_mode_prepare: delete hrtimer_rearm_deferred_user_irq(&ti_work, work_mask)', trees: SEVEN,
    class: 'outside-model',
    operator: 'delete',
    callees: ['hrtimer_rearm_deferred_user_irq'],
    argument: "hrtimer_rearm_deferred_user_irq() (include/linux/hrtimer_rearm.h:35-49 in 7.3, CONFIG_HRTIMER_REARM_DEFERRED) acts only when TIF_HRTIMER_REARM is set: it clears the flag, reprograms the clock event device (__hrtimer_rearm_deferred()) and skips the work loop if that was the only work. Deleted (its result left false), the loop runs for the other work bits as before, but a deferred rearm is never done on this return: EXIT_TO_USER_MODE_WORK_LOOP does not include _TIF_HRTIMER_REARM, so timers stall until a later rearm — the REARM_DELETE consequence, in timer state kentry does not model (TIF_HRTIMER_REARM is not one of the model's exit-work bits, USER_WORK_NAMES). No IRQ, lockdep, tracer, RCU or preemption state differs.",
  },
  {
    key: '__exit_to_user_mode_loop: negate if (IS_ENABLED(CONFIG_PREEMPT_RT))', trees: SEVEN,
    class: 'outside-model',
    operator: 'negate',
    callees: [],
    argument: "The #ifdef CONFIG_PREEMPT_RT around TIF_SLICE_EXT_SCHED (kernel/entry/common.c:22-38 in 7.3) only chooses which reschedule bits deny an rseq time-slice extension (TIF_SLICE_EXT_DENY, passed to rseq_grant_slice_extension() at :54). Every config of the lattice has CONFIG_RSEQ_SLICE_EXTENSION=n (init/Kconfig:2044: a prompt with no default, not a lattice axis), where rseq_grant_slice_extension() is the `return false` stub (include/linux/rseq_entry.h:247) and ignores the mask. With the extension built, the mutant would let a non-lazy reschedule be deferred by a slice extension on PREEMPT_RT (a latency bug) — outside the lattice.",
  },
  { key: 'syscall_exit_to_user_mode_work: delete current_thread_info()', trees: SEVEN, class: 'outside-model', operator: 'delete', callees: ['current_thread_info'], argument: SYSCALL_WORK_STATE },
  { key: 'syscall_exit_to_user_mode_work: negate if (IS_ENABLED(CONFIG_PROVE_LOCKING))', trees: SEVEN, class: 'outside-model', operator: 'negate', callees: [], argument: SYSCALL_IRQS_REPAIR },
  {
    key: 'syscall_exit_to_user_mode_work: negate if (WARN(irqs_disabled(), "syscall %lu left IRQs disabled", nr))', trees: SEVEN,
    class: 'equivalent',
    operator: 'negate',
    callees: [],
    argument: "Negated, the repair's local_irq_enable() runs on every system call exit under PROVE_LOCKING, with IRQs already enabled (the model's system call returns with them on, SYSCALL_IRQS_REPAIR). local_irq_enable() with IRQs on is harmless in every state machine: trace_hardirqs_on() finds the tracer on and lockdep_hardirqs_on() returns early on an already-enabled state (kernel/locking/lockdep.c: counted as a redundant hardirqs-on, no report); hardware IRQs stay on; the WARN itself never fires in either form. The state after it is the original's.",
  },
  {
    key: 'syscall_exit_to_user_mode_work: delete __ct_state()', trees: SEVEN,
    class: 'equivalent',
    operator: 'delete',
    callees: ['__ct_state'],
    argument: "The call is CT_WARN_ON(ct_state() != CT_STATE_KERNEL)'s read (include/linux/entry-common.h:289 in 7.3; the key spells it __ct_state(), scripts/mutants.ts RENAMED folding the older name). Since session 25 ct_state()'s own text is interpreted where it wraps __ct_state() (PrimitiveDef.yieldsToTreeBodyCalling), so the call is a function the mutator may delete. Deleted, the condition reads a result that was never set (0, CT_STATE_KERNEL), so the debug WARN cannot fire — it never fires in the tree either, whose system call exit is always in the kernel state — and the preempt_disable()/preempt_enable() pair around the read goes with it: a voluntary preemption point with IRQs on, one of many the task passes before the exit loop, which itself reschedules before user mode (I14). Every state the mutant reaches the tree reaches; no kernel check can tell the two apart.",
  },
  { key: 'syscall_exit_to_user_mode_work: delete local_irq_enable()', trees: SEVEN, class: 'outside-model', operator: 'delete', callees: ['local_irq_enable'], argument: SYSCALL_IRQS_REPAIR },
  { key: 'syscall_exit_to_user_mode_work: local_irq_enable → local_irq_disable', trees: SEVEN, class: 'outside-model', operator: 'sibling', callees: ['local_irq_enable', 'local_irq_disable'], argument: SYSCALL_IRQS_REPAIR },
  {
    key: 'syscall_exit_to_user_mode_work: delete rseq_debug_syscall_return(regs)', trees: SEVEN,
    class: 'outside-model',
    operator: 'delete',
    callees: ['rseq_debug_syscall_return'],
    argument: "rseq_debug_syscall_return() (include/linux/entry-common.h:296) is rseq's debug validation of the task's user-space rseq critical section on a system call return (behind the rseq debug static key): it reads user memory and may kill the task with SIGSEGV. User memory and rseq's critical-section state are not modelled; no IRQ, lockdep, tracer, RCU or preemption state changes.",
  },
  { key: 'syscall_exit_to_user_mode_work: negate if (work & (BIT(SYSCALL_WORK_BIT_SYSCALL_TRACEPOINT) | BIT(SYSCALL_WORK_BIT_SYSCALL_TRACE) | BIT(SYSCALL_WORK_BIT_SYSCALL_AUDIT) | BIT(SYSCALL_WORK_BIT_SYSCALL_USER_DISPATCH) | BIT(SYSCALL_WORK_BIT_SYSCALL_EXIT_TRAP)))', trees: SEVEN, class: 'outside-model', operator: 'negate', callees: [], argument: SYSCALL_WORK_STATE },
  { key: 'syscall_exit_to_user_mode_work: delete syscall_exit_work(regs, work)', trees: SEVEN, class: 'outside-model', operator: 'delete', callees: ['syscall_exit_work'], argument: SYSCALL_WORK_STATE },
  {
    key: 'irqentry_exit_to_kernel_mode_after_preempt: swap hrtimer_rearm_deferred() ↔ trace_hardirqs_on_prepare()', trees: ['7.2'],
    class: 'outside-model',
    operator: 'swap',
    callees: ['hrtimer_rearm_deferred', 'trace_hardirqs_on_prepare'],
    argument: "7.2 calls hrtimer_rearm_deferred() where 7.3 calls irqentry_hrtimer_rearm_deferred() (the same rearm; 7.3 adds the lockdep hardirq bracket around it). The exit_rcu branch of irqentry_exit_to_kernel_mode_after_preempt() (include/linux/irq-entry-common.h:511-519). Telling the tracer \"IRQs will be on\" before the deferred hrtimer rearm ends the irqsoff tracer's critical timing before the rearm's base-lock and reprogramming work, which still runs with hardware IRQs off: the latency tracer under-reports. kentry models the tracer's on/off state for the consistency checks, not latency timing. Both orders keep lockdep \"off\" and RCU watching across the rearm (__hrtimer_rearm_deferred() takes the base lock with a plain raw_spinlock guard, kernel/time/hrtimer.c:2188: no IRQ-state change, no tracer hook), and the tracer saying \"on\" with hardware IRQs off is the window the original already has between trace_hardirqs_on_prepare() and the IRET.",
  },
  {
    key: 'irqentry_exit_to_kernel_mode_after_preempt: swap hrtimer_rearm_deferred() ↔ trace_hardirqs_on()', trees: ['7.2'],
    class: 'outside-model',
    operator: 'swap',
    callees: ['hrtimer_rearm_deferred', 'trace_hardirqs_on'],
    argument: "7.2 calls hrtimer_rearm_deferred() where 7.3 calls irqentry_hrtimer_rearm_deferred() (the same rearm; 7.3 adds the lockdep hardirq bracket around it). The return with RCU watching (include/linux/irq-entry-common.h:522-525): trace_hardirqs_on() before the rearm tells lockdep and the tracer \"on\" while hardware IRQs stay off through the rearm's base lock (a plain raw_spinlock guard, kernel/time/hrtimer.c:2188). Lockdep notices that only in check_flags() under CONFIG_DEBUG_LOCKDEP (\"possible reason: unannotated irqs-off\"), which is not a lattice axis, and kentry does not model lock acquisition's IRQ-flag check; an NMI finds no new state (lockdep and the tracer \"on\" with hardware IRQs off is the state the original already has between trace_hardirqs_on() and the IRET). A real ordering bug, outside what the model checks.",
  },
  { key: 'irqentry_exit_to_kernel_mode_after_preempt: delete hrtimer_rearm_deferred() [1/2]', trees: ['7.2'], class: 'outside-model', operator: 'delete', callees: ['hrtimer_rearm_deferred'], argument: REARM_DELETE },
  { key: 'irqentry_exit_to_kernel_mode_after_preempt: delete hrtimer_rearm_deferred() [2/2]', trees: ['7.2'], class: 'outside-model', operator: 'delete', callees: ['hrtimer_rearm_deferred'], argument: REARM_DELETE },
  // arm64's own entry code (archMutatedFunctions): the survivors of the first arm64 run.
  { key: "arm64/sme_enter_from_user_mode: negate if (alternative_has_cap_unlikely(ARM64_WORKAROUND_4193714))", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: A64_SME },
  { key: "arm64/sme_enter_from_user_mode: negate if (test_thread_flag(27))", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: A64_SME },
  { key: "arm64/sme_exit_to_user_mode: negate if (alternative_has_cap_unlikely(ARM64_WORKAROUND_4193714))", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: A64_SME },
  { key: "arm64/sme_exit_to_user_mode: negate if (test_thread_flag(27))", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: A64_SME },
  { key: "arm64/arm64_enter_from_kernel_mode: delete mte_check_tfsr_entry()", arch: 'arm64', trees: A64_TREES, class: 'equivalent', operator: 'delete', callees: ["mte_check_tfsr_entry"], argument: A64_MTE },
  { key: "arm64/__arm64_exit_to_kernel_mode: swap local_daif_mask() ↔ mte_check_tfsr_exit()", arch: 'arm64', trees: A64_TREES, class: 'equivalent', operator: 'swap', callees: ["local_daif_mask", "mte_check_tfsr_exit"], argument: A64_MTE },
  { key: "arm64/__arm64_exit_to_kernel_mode: swap mte_check_tfsr_exit() ↔ irqentry_exit_to_kernel_mode_after_preempt(regs, state)", arch: 'arm64', trees: A64_TREES, class: 'equivalent', operator: 'swap', callees: ["mte_check_tfsr_exit", "irqentry_exit_to_kernel_mode_after_preempt"], argument: A64_MTE },
  { key: "arm64/__arm64_exit_to_kernel_mode: delete mte_check_tfsr_exit()", arch: 'arm64', trees: A64_TREES, class: 'equivalent', operator: 'delete', callees: ["mte_check_tfsr_exit"], argument: A64_MTE },
  { key: "arm64/arm64_enter_from_user_mode: swap enter_from_user_mode(regs) ↔ rseq_note_user_irq_entry()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'swap', callees: ["enter_from_user_mode", "rseq_note_user_irq_entry"], argument: A64_RSEQ },
  { key: "arm64/arm64_enter_from_user_mode: delete rseq_note_user_irq_entry()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["rseq_note_user_irq_entry"], argument: A64_RSEQ },
  { key: "arm64/arm64_enter_from_user_mode: delete sme_enter_from_user_mode()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["sme_enter_from_user_mode"], argument: A64_SME },
  { key: "arm64/arm64_exit_to_user_mode: swap local_irq_disable() ↔ irqentry_exit_to_user_mode_prepare(regs)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'swap', callees: ["local_irq_disable", "irqentry_exit_to_user_mode_prepare"], argument: A64_EXIT_IRQOFF },
  { key: "arm64/arm64_exit_to_user_mode: delete local_irq_disable()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["local_irq_disable"], argument: A64_EXIT_IRQOFF },
  { key: "arm64/arm64_exit_to_user_mode: swap local_daif_mask() ↔ sme_exit_to_user_mode()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'swap', callees: ["local_daif_mask", "sme_exit_to_user_mode"], argument: A64_SME_SWAP },
  { key: "arm64/arm64_exit_to_user_mode: swap sme_exit_to_user_mode() ↔ mte_check_tfsr_exit()", arch: 'arm64', trees: A64_TREES, class: 'equivalent', operator: 'swap', callees: ["sme_exit_to_user_mode", "mte_check_tfsr_exit"], argument: A64_MTE },
  { key: "arm64/arm64_exit_to_user_mode: delete sme_exit_to_user_mode()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["sme_exit_to_user_mode"], argument: A64_SME },
  { key: "arm64/arm64_exit_to_user_mode: swap mte_check_tfsr_exit() ↔ exit_to_user_mode()", arch: 'arm64', trees: A64_TREES, class: 'equivalent', operator: 'swap', callees: ["mte_check_tfsr_exit", "exit_to_user_mode"], argument: A64_MTE },
  { key: "arm64/arm64_exit_to_user_mode: delete mte_check_tfsr_exit()", arch: 'arm64', trees: A64_TREES, class: 'equivalent', operator: 'delete', callees: ["mte_check_tfsr_exit"], argument: A64_MTE },
  { key: "arm64/do_interrupt_handler: negate if (on_thread_stack())", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: A64_STACK },
  { key: "arm64/do_interrupt_handler: delete kentry_arm64_handle_irq(regs) [2/2]", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["kentry_arm64_handle_irq"], argument: A64_STACK },
  { key: "arm64/do_interrupt_handler: delete set_irq_regs(old_regs)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["set_irq_regs"], argument: A64_IRQ_REGS },
  { key: "arm64/__el1_pnmi: swap do_interrupt_handler<handler=kentry_arm64_handle_irq>(regs, handler) ↔ local_daif_mask()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'swap', callees: ["do_interrupt_handler<handler=kentry_arm64_handle_irq>", "local_daif_mask"], argument: A64_PNMI_MASK },
  { key: "arm64/__el1_pnmi: delete do_interrupt_handler<handler=kentry_arm64_handle_irq>(regs, handler)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["do_interrupt_handler<handler=kentry_arm64_handle_irq>"], argument: A64_NOT_HANDLED },
  { key: "arm64/__el1_pnmi: swap local_daif_mask() ↔ irqentry_nmi_exit(regs, state)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'swap', callees: ["local_daif_mask", "irqentry_nmi_exit"], argument: A64_PNMI_MASK },
  { key: "arm64/__el1_pnmi: delete local_daif_mask()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["local_daif_mask"], argument: A64_PNMI_MASK },
  { key: "arm64/__el1_irq: delete do_interrupt_handler<handler=kentry_arm64_handle_irq>(regs, handler)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["do_interrupt_handler<handler=kentry_arm64_handle_irq>"], argument: A64_NOT_HANDLED },
  { key: "arm64/el1_interrupt: delete write_sysreg((0x00000080 | 0x00000040), daif)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["write_sysreg"], argument: A64_A_MASKED },
  { key: "arm64/el1_interrupt: delete __el1_pnmi<handler=kentry_arm64_handle_irq>(regs, handler)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["__el1_pnmi<handler=kentry_arm64_handle_irq>"], argument: A64_NOT_HANDLED },
  { key: "arm64/el1h_64_error_handler: delete local_daif_restore((0x00000100 | 0x00000080 | 0x00000040))", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["local_daif_restore"], argument: A64_ERRCTX },
  { key: "arm64/el1h_64_error_handler: swap local_daif_mask() ↔ irqentry_nmi_exit(regs, state)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'swap', callees: ["local_daif_mask", "irqentry_nmi_exit"], argument: A64_SERROR_MASK },
  { key: "arm64/el1h_64_error_handler: delete local_daif_mask()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["local_daif_mask"], argument: A64_SERROR_MASK },
  { key: "arm64/el0_interrupt: swap arm64_enter_from_user_mode(regs) ↔ write_sysreg((0x00000080 | 0x00000040), daif)", arch: 'arm64', trees: A64_TREES, class: 'equivalent', operator: 'swap', callees: ["arm64_enter_from_user_mode", "write_sysreg"], argument: A64_A_EARLY },
  { key: "arm64/arch_irqentry_exit_need_resched: delete system_uses_irq_prio_masking()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["system_uses_irq_prio_masking"], argument: A64_NMI_VIA_IRQ },
  { key: "arm64/el0_interrupt: delete write_sysreg((0x00000080 | 0x00000040), daif)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["write_sysreg"], argument: A64_A_MASKED },
  { key: "arm64/el0_interrupt: negate if (regs->pc & BIT(55))", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: A64_BP },
  { key: "arm64/__el0_irq_handler_common: delete el0_interrupt<handler=kentry_arm64_handle_irq>(regs, handle_arch_irq)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["el0_interrupt<handler=kentry_arm64_handle_irq>"], argument: A64_NOT_HANDLED },
  { key: "arm64/el0t_64_irq_handler: delete __el0_irq_handler_common(regs)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["__el0_irq_handler_common"], argument: A64_NOT_HANDLED },
  { key: "arm64/__el0_error_handler_common: swap arm64_enter_from_user_mode(regs) ↔ local_daif_restore((0x00000100 | 0x00000080 | 0x00000040))", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'swap', callees: ["arm64_enter_from_user_mode", "local_daif_restore"], argument: A64_SERROR_EL0 },
  { key: "arm64/__el0_error_handler_common: delete arm64_enter_from_user_mode(regs)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["arm64_enter_from_user_mode"], argument: A64_SERROR_EL0 },
  { key: "arm64/__el0_error_handler_common: delete local_daif_restore((0x00000100 | 0x00000080 | 0x00000040))", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["local_daif_restore"], argument: A64_SERROR_EL0 },
  { key: "arm64/__el0_error_handler_common: delete irqentry_nmi_enter(regs)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["irqentry_nmi_enter"], argument: A64_SERROR_EL0 },
  { key: "arm64/__el0_error_handler_common: swap irqentry_nmi_exit(regs, state) ↔ local_daif_restore(0)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'swap', callees: ["irqentry_nmi_exit", "local_daif_restore"], argument: A64_SERROR_EL0 },
  { key: "arm64/__el0_error_handler_common: delete irqentry_nmi_exit(regs, state)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["irqentry_nmi_exit"], argument: A64_SERROR_EL0 },
  { key: "arm64/__el0_error_handler_common: swap local_daif_restore(0) ↔ arm64_exit_to_user_mode(regs)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'swap', callees: ["local_daif_restore", "arm64_exit_to_user_mode"], argument: A64_SERROR_EL0 },
  { key: "arm64/__el0_error_handler_common: delete local_daif_restore(0)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["local_daif_restore"], argument: A64_SERROR_EL0 },
  { key: "arm64/__el0_error_handler_common: delete arm64_exit_to_user_mode(regs)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["arm64_exit_to_user_mode"], argument: A64_SERROR_EL0 },
  { key: "arm64/el0t_64_error_handler: delete __el0_error_handler_common(regs)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["__el0_error_handler_common"], argument: A64_SERROR_EL0 },

  // The generic functions arm64's rows reach: what is arm64's own to judge (the rest carry over from x86, below).
  { key: "arm64/irqentry_nmi_enter: delete lockdep_hardirqs_off(CALLER_ADDR0)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["lockdep_hardirqs_off"], argument: A64_NMI_LOCKDEP },
  { key: "arm64/irqentry_nmi_enter: delete trace_hardirqs_off_finish()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["trace_hardirqs_off_finish"], argument: A64_NMI_LOCKDEP },
  { key: "arm64/irqentry_nmi_exit: delete trace_hardirqs_on_prepare()", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["trace_hardirqs_on_prepare"], argument: A64_NMI_LOCKDEP },
  { key: "arm64/irqentry_nmi_exit: trace_hardirqs_on_prepare → trace_hardirqs_on", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'sibling', callees: ["trace_hardirqs_on_prepare", "trace_hardirqs_on"], argument: A64_NMI_LOCKDEP },
  { key: "arm64/irqentry_nmi_exit: delete lockdep_hardirqs_on(CALLER_ADDR0)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["lockdep_hardirqs_on"], argument: A64_NMI_LOCKDEP },
  { key: "arm64/irqentry_nmi_exit: lockdep_hardirqs_on → lockdep_hardirqs_on_prepare", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'sibling', callees: ["lockdep_hardirqs_on", "lockdep_hardirqs_on_prepare"], argument: A64_NMI_LOCKDEP },
  { key: "arm64/irqentry_nmi_exit: lockdep_hardirqs_on → lockdep_hardirqs_off", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'sibling', callees: ["lockdep_hardirqs_on", "lockdep_hardirqs_off"], argument: A64_NMI_LOCKDEP },
  { key: "arm64/exit_to_user_mode: swap instrumentation_begin() ↔ unwind_reset_info()", arch: 'arm64', trees: A64_TREES, class: 'equivalent', operator: 'swap', callees: ["instrumentation_begin", "unwind_reset_info"], argument: A64_UNWIND },
  { key: "arm64/exit_to_user_mode_loop: delete rseq_exit_to_user_mode_restart(regs, ti_work)", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["rseq_exit_to_user_mode_restart"], argument: A64_RSEQ_RESTART },
  { key: "arm64/irqentry_exit_to_kernel_mode_after_preempt: negate if (state.exit_rcu) [2/2]", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: A64_IRQS_OFF_RETURN },
  { key: "arm64/irqentry_exit_to_kernel_mode_after_preempt: delete ct_irq_exit() [2/2]", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'delete', callees: ["ct_irq_exit"], argument: A64_IRQS_OFF_RETURN },
  { key: "arm64/irqentry_exit_to_kernel_mode_after_preempt: ct_irq_exit → ct_irq_enter [2/2]", arch: 'arm64', trees: A64_TREES, class: 'outside-model', operator: 'sibling', callees: ["ct_irq_exit", "ct_irq_enter"], argument: A64_IRQS_OFF_RETURN },
  // riscv's own entry code (archMutatedFunctions): the survivors of the riscv run.
  { key: "riscv/do_trap: negate if (show_unhandled_signals)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_TRAP_ERROR },
  { key: "riscv/do_trap: negate if (unhandled_signal(tsk, signo))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_TRAP_ERROR },
  { key: "riscv/do_trap: negate if (printk_ratelimit())", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_TRAP_ERROR },
  { key: "riscv/do_trap: delete task_pid_nr(tsk)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["task_pid_nr"], argument: RV_TRAP_ERROR },
  { key: "riscv/do_trap: delete instruction_pointer(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["instruction_pointer"], argument: RV_TRAP_ERROR },
  { key: "riscv/irqentry_nmi_enter: delete lockdep_hardirqs_off(CALLER_ADDR0)", arch: 'riscv', trees: RV_TREES, class: 'equivalent', operator: 'delete', callees: ["lockdep_hardirqs_off"], argument: RV_NMI_LOCKDEP },
  { key: "riscv/irqentry_nmi_enter: lockdep_hardirqs_off → lockdep_hardirqs_on", arch: 'riscv', trees: RV_TREES, class: 'equivalent', operator: 'sibling', callees: ["lockdep_hardirqs_off", "lockdep_hardirqs_on"], argument: RV_NMI_LOCKDEP },
  { key: "riscv/irqentry_nmi_exit: delete lockdep_hardirqs_on(CALLER_ADDR0)", arch: 'riscv', trees: RV_TREES, class: 'equivalent', operator: 'delete', callees: ["lockdep_hardirqs_on"], argument: RV_NMI_LOCKDEP },
  { key: "riscv/irqentry_nmi_exit: lockdep_hardirqs_on → lockdep_hardirqs_off", arch: 'riscv', trees: RV_TREES, class: 'equivalent', operator: 'sibling', callees: ["lockdep_hardirqs_on", "lockdep_hardirqs_off"], argument: RV_NMI_LOCKDEP },
  { key: "riscv/irqentry_nmi_exit: negate if (irq_state.lockdep) [2/2]", arch: 'riscv', trees: RV_TREES, class: 'equivalent', operator: 'negate', callees: [], argument: RV_NMI_LOCKDEP },
  { key: "riscv/irqentry_nmi_exit: trace_hardirqs_on_prepare → trace_hardirqs_on", arch: 'riscv', trees: RV_TREES, class: 'equivalent', operator: 'sibling', callees: ["trace_hardirqs_on_prepare", "trace_hardirqs_on"], argument: RV_NMI_LOCKDEP },
  { key: "riscv/irqentry_exit_to_kernel_mode_after_preempt: negate if (state.exit_rcu) [2/2]", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_IRQS_OFF_RETURN },
  { key: "riscv/irqentry_exit_to_kernel_mode_after_preempt: delete ct_irq_exit() [2/2]", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["ct_irq_exit"], argument: RV_IRQS_OFF_RETURN },
  { key: "riscv/irqentry_exit_to_kernel_mode_after_preempt: ct_irq_exit → ct_irq_enter [2/2]", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'sibling', callees: ["ct_irq_exit", "ct_irq_enter"], argument: RV_IRQS_OFF_RETURN },
  { key: "riscv/riscv_v_vstate_discard: delete riscv_v_vstate_query(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["riscv_v_vstate_query"], argument: RV_VSTATE },
  { key: "riscv/riscv_v_vstate_discard: negate if (riscv_v_vstate_query(regs))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_VSTATE },
  { key: "riscv/riscv_v_vstate_discard: delete __riscv_v_vstate_dirty(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["__riscv_v_vstate_dirty"], argument: RV_VSTATE },
  { key: "riscv/do_trap_error: negate if (user_mode(regs))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_TRAP_ERROR },
  { key: "riscv/do_trap_error: delete do_trap(regs, signo, code, addr)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["do_trap"], argument: RV_TRAP_ERROR },
  { key: "riscv/do_trap_error: negate if (!fixup_exception(regs))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_TRAP_ERROR },
  { key: "riscv/get_break_insn_length: negate if (get_kernel_nofault(insn, (bug_insn_t *)pc))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_BREAK },
  { key: "riscv/probe_single_step_handler: negate if (user)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_BREAK },
  { key: "riscv/probe_single_step_handler: delete uprobe_single_step_handler(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["uprobe_single_step_handler"], argument: RV_BREAK },
  { key: "riscv/probe_single_step_handler: delete kprobe_single_step_handler(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["kprobe_single_step_handler"], argument: RV_BREAK },
  { key: "riscv/probe_breakpoint_handler: negate if (user)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_BREAK },
  { key: "riscv/probe_breakpoint_handler: delete uprobe_breakpoint_handler(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["uprobe_breakpoint_handler"], argument: RV_BREAK },
  { key: "riscv/probe_breakpoint_handler: delete kprobe_breakpoint_handler(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["kprobe_breakpoint_handler"], argument: RV_BREAK },
  { key: "riscv/handle_break: delete probe_single_step_handler(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["probe_single_step_handler"], argument: RV_BREAK },
  { key: "riscv/handle_break: negate if (probe_single_step_handler(regs))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_BREAK },
  { key: "riscv/handle_break: delete probe_breakpoint_handler(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["probe_breakpoint_handler"], argument: RV_BREAK },
  { key: "riscv/handle_break: negate if (probe_breakpoint_handler(regs))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_BREAK },
  { key: "riscv/handle_break: negate if (user_mode(regs))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_BREAK },
  { key: "riscv/handle_break: negate if (report_bug(regs->epc, regs) == BUG_TRAP_TYPE_WARN)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_BREAK },
  { key: "riscv/handle_break: delete handle_cfi_failure(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["handle_cfi_failure"], argument: RV_BREAK },
  { key: "riscv/handle_break: negate if (handle_cfi_failure(regs) == BUG_TRAP_TYPE_WARN)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_BREAK },
  { key: "riscv/handle_break: delete get_break_insn_length(regs->epc)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["get_break_insn_length"], argument: RV_BREAK },
  { key: "riscv/do_trap_break: swap local_irq_enable() ↔ handle_break(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'swap', callees: ["local_irq_enable", "handle_break"], argument: RV_BREAK_IRQS },
  { key: "riscv/do_trap_break: delete local_irq_enable()", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["local_irq_enable"], argument: RV_BREAK_IRQS },
  { key: "riscv/do_trap_break: local_irq_enable → local_irq_disable", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'sibling', callees: ["local_irq_enable", "local_irq_disable"], argument: RV_BREAK_IRQS },
  { key: "riscv/do_trap_break: swap handle_break(regs) ↔ local_irq_disable()", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'swap', callees: ["handle_break", "local_irq_disable"], argument: RV_BREAK_IRQS },
  { key: "riscv/do_trap_break: delete handle_break(regs) [1/2]", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["handle_break"], argument: RV_BREAK_UNHANDLED },
  { key: "riscv/do_trap_break: delete handle_break(regs) [2/2]", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["handle_break"], argument: RV_BREAK_UNHANDLED },
  { key: "riscv/do_trap_ecall_u: swap riscv_v_vstate_discard(regs) ↔ enter_from_user_mode(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'swap', callees: ["riscv_v_vstate_discard", "enter_from_user_mode"], argument: RV_VSTATE },
  { key: "riscv/do_trap_ecall_u: delete riscv_v_vstate_discard(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["riscv_v_vstate_discard"], argument: RV_VSTATE },
  { key: "riscv/do_trap_ecall_u: delete syscall_enter_from_user_mode_work(regs, &syscall)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["syscall_enter_from_user_mode_work"], argument: RV_SYSCALL_DISPATCH },
  { key: "riscv/do_trap_ecall_u: negate if (({ do { enter_from_user_mode(regs); instrumentation_begin(); add_random_kstack_offset_irqsoff(); instrumentation_end(); } while (0); instrumentation_begin(); local_irq_enable(); long _ret = syscall_enter_from_user_mode_work(regs, &syscall); instrumentation_end(); _ret; }))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_SYSCALL_DISPATCH },
  { key: "riscv/do_trap_ecall_u: negate if (syscall >= 0 && syscall < (__NR_syscalls))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_SYSCALL_DISPATCH },
  { key: "riscv/do_trap_ecall_u: delete irqentry_nmi_enter(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["irqentry_nmi_enter"], argument: RV_ECALL_S },
  { key: "riscv/do_trap_ecall_u: swap do_trap_error(regs, 4, 4, regs->epc, \"Oops - environment call from U-mode\") ↔ irqentry_nmi_exit(regs, state)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'swap', callees: ["do_trap_error", "irqentry_nmi_exit"], argument: RV_ECALL_S },
  { key: "riscv/do_trap_ecall_u: delete do_trap_error(regs, 4, 4, regs->epc, \"Oops - environment call from U-mode\")", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["do_trap_error"], argument: RV_ECALL_S },
  { key: "riscv/do_trap_ecall_u: delete irqentry_nmi_exit(regs, state)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["irqentry_nmi_exit"], argument: RV_ECALL_S },
  { key: "riscv/handle_riscv_irq: delete kentry_riscv_handle_irq(regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["kentry_riscv_handle_irq"], argument: RV_NOT_HANDLED },
  { key: "riscv/handle_riscv_irq: delete set_irq_regs(old_regs)", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["set_irq_regs"], argument: RV_IRQ_REGS },
  { key: "riscv/do_irq: negate if (IS_ENABLED(CONFIG_IRQ_STACKS))", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_STACK },
  { key: "riscv/do_irq: negate if (on_thread_stack())", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: RV_STACK },
  { key: "riscv/do_irq: delete handle_riscv_irq(regs) [1/2]", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["handle_riscv_irq"], argument: RV_NOT_HANDLED },
  { key: "riscv/do_irq: delete handle_riscv_irq(regs) [2/2]", arch: 'riscv', trees: RV_TREES, class: 'outside-model', operator: 'delete', callees: ["handle_riscv_irq"], argument: RV_NOT_HANDLED },
  // loongarch's own entry code (archMutatedFunctions): the survivors of the loongarch run. Not judged, left
  // unexplained as check gaps: do_bp: delete local_irq_enable(), local_irq_enable → local_irq_disable.
  { key: "loongarch/die_if_kernel: negate if (!user_mode(regs))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/__get_inst: negate if (user)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_INST },
  { key: "loongarch/do_syscall: negate if (nr < (__NR_syscalls)) [1/2]", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_RESTART },
  { key: "loongarch/do_syscall: delete syscall_enter_from_user_mode_work(regs, &nr)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["syscall_enter_from_user_mode_work"], argument: LA_SYSCALL_DISPATCH },
  { key: "loongarch/do_syscall: negate if (({ do { enter_from_user_mode(regs); instrumentation_begin(); add_random_kstack_offset_irqsoff(); instrumentation_end(); } while (0); instrumentation_begin(); local_irq_enable(); long _ret = syscall_enter_from_user_mode_work(regs, &nr); instrumentation_end(); _ret; }))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_SYSCALL_DISPATCH },
  { key: "loongarch/do_syscall: negate if (nr < (__NR_syscalls)) [2/2]", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_SYSCALL_DISPATCH },
  { key: "loongarch/bug_handler: negate if (user_mode(regs))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/bug_handler: negate if ((report_bug(regs->csr_era, regs)) == BUG_TRAP_TYPE_BUG)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/bug_handler: negate if ((report_bug(regs->csr_era, regs)) == BUG_TRAP_TYPE_WARN)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/bug_handler: negate if (!fixup_exception(regs))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: delete local_irq_enable()", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["local_irq_enable"], argument: LA_BREAK_IRQS },
  { key: "loongarch/do_bp: local_irq_enable → local_irq_disable", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'sibling', callees: ["local_irq_enable", "local_irq_disable"], argument: LA_BREAK_IRQS },
  { key: "loongarch/do_bp: delete exception_era(regs)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["exception_era"], argument: LA_INST },
  { key: "loongarch/do_bp: delete __get_inst(&opcode, (u32 *)era, user)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["__get_inst"], argument: LA_INST },
  { key: "loongarch/do_bp: negate if (__get_inst(&opcode, (u32 *)era, user))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_INST },
  { key: "loongarch/do_bp: negate if ((bcode) == 2)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if ((bcode) == 10)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if ((bcode) == 11)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if ((bcode) == 12)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if ((bcode) == 13)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: delete kgdb_breakpoint_handler(regs)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["kgdb_breakpoint_handler"], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if (kgdb_breakpoint_handler(regs))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: delete kprobe_breakpoint_handler(regs)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["kprobe_breakpoint_handler"], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if (kprobe_breakpoint_handler(regs))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: delete kprobe_singlestep_handler(regs)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["kprobe_singlestep_handler"], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if (kprobe_singlestep_handler(regs))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: delete uprobe_breakpoint_handler(regs)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["uprobe_breakpoint_handler"], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if (uprobe_breakpoint_handler(regs))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: delete uprobe_singlestep_handler(regs)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["uprobe_singlestep_handler"], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if (uprobe_singlestep_handler(regs))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: delete read_csr_excode()", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["read_csr_excode"], argument: LA_INST },
  { key: "loongarch/do_bp: negate if (notify_die(DIE_TRAP, \"Break\", regs, bcode,\n\t\t\t       current->thread.trap_nr, 5) == (0x0001|0x8000))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if ((bcode) == 1)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if ((bcode) == 7)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: negate if ((bcode) == 6)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_BREAK },
  { key: "loongarch/do_bp: delete bug_handler(regs)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["bug_handler"], argument: LA_BREAK_UNHANDLED },
  { key: "loongarch/do_bp: delete die_if_kernel(\"Break instruction in kernel code\", regs) [1/3]", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["die_if_kernel"], argument: LA_BREAK_UNHANDLED },
  { key: "loongarch/do_bp: delete die_if_kernel(\"Break instruction in kernel code\", regs) [2/3]", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["die_if_kernel"], argument: LA_BREAK_UNHANDLED },
  { key: "loongarch/do_bp: delete die_if_kernel(\"Break instruction in kernel code\", regs) [3/3]", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["die_if_kernel"], argument: LA_BREAK_UNHANDLED },
  { key: "loongarch/handle_loongarch_irq: delete kentry_loongarch_handle_irq(regs)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["kentry_loongarch_handle_irq"], argument: LA_NOT_HANDLED },
  { key: "loongarch/handle_loongarch_irq: delete set_irq_regs(old_regs)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["set_irq_regs"], argument: LA_IRQ_REGS },
  { key: "loongarch/do_vint: delete on_irq_stack(cpu, sp)", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["on_irq_stack"], argument: LA_STACK },
  { key: "loongarch/do_vint: negate if (on_irq_stack(cpu, sp))", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: LA_STACK },
  { key: "loongarch/do_vint: delete handle_loongarch_irq(regs) [1/2]", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["handle_loongarch_irq"], argument: LA_NOT_HANDLED },
  { key: "loongarch/do_vint: delete handle_loongarch_irq(regs) [2/2]", arch: 'loongarch', trees: LA_TREES, class: 'outside-model', operator: 'delete', callees: ["handle_loongarch_irq"], argument: LA_NOT_HANDLED },
  // s390's own entry code (archMutatedFunctions): the survivors of the two --stage1 runs. Not judged, left
  // unexplained as check/model gaps: do_io_irq and do_ext_irq: negate if (from_idle) [3/3]; __do_pgm_check:
  // negate if (lc->pgm_code & 0x80), delete trace_hardirqs_on(), trace_hardirqs_on → trace_hardirqs_on_prepare.
  { key: "s390/arch_in_rcu_eqs: negate if (IS_ENABLED(CONFIG_KVM))", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_KVM_HOOK },
  { key: "s390/percpu_entry: negate if (user_mode(regs))", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_PERCPU },
  { key: "s390/percpu_exit: negate if (user_mode(regs))", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_PERCPU },
  { key: "s390/percpu_exit: negate if (!needs_fixup)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_PERCPU },
  { key: "s390/percpu_exit: negate if (regs->cpu == lc->cpu_nr)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_PERCPU },
  { key: "s390/test_and_clear_pt_regs_flag: delete test_pt_regs_flag(regs, flag)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["test_pt_regs_flag"], argument: S390_RET_SET },
  { key: "s390/test_and_clear_pt_regs_flag: delete clear_pt_regs_flag(regs, flag)", arch: 's390', trees: S390_TREES, class: 'equivalent', operator: 'delete', callees: ["clear_pt_regs_flag"], argument: S390_RET_SET_CLEAR },
  { key: "s390/tod_after_eq: negate if (machine_has_scc())", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_TOD },
  { key: "s390/do_IRQ: delete tod_after_eq(lc->int_clock.tod, lc->clock_comparator)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["tod_after_eq"], argument: S390_TOD },
  { key: "s390/do_IRQ: negate if (tod_after_eq(lc->int_clock.tod, lc->clock_comparator))", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_TOD },
  { key: "s390/do_IRQ: delete kentry_s390_handle_irq(irq)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["kentry_s390_handle_irq"], argument: S390_NOT_HANDLED },
  { key: "s390/do_io_irq: delete percpu_entry(regs)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["percpu_entry"], argument: S390_PERCPU },
  { key: "s390/do_io_irq: negate if (from_idle) [1/3]", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_IDLE_ACCOUNTING },
  { key: "s390/do_io_irq: negate if (user_mode(regs))", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_USER_ACCOUNTING },
  { key: "s390/do_io_irq: delete update_timer_sys()", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["update_timer_sys"], argument: S390_USER_ACCOUNTING },
  { key: "s390/do_io_irq: negate if (cpu_has_bear())", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_USER_ACCOUNTING },
  { key: "s390/do_io_irq: negate if (from_idle) [2/3]", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_IDLE_ACCOUNTING },
  { key: "s390/do_io_irq: negate if (get_lowcore()->tpi_info.adapter_IO)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_IO_ROUTING },
  { key: "s390/do_io_irq: delete do_irq_async(regs, 2)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["do_irq_async"], argument: S390_NOT_HANDLED },
  { key: "s390/do_io_irq: delete do_irq_async(regs, 1)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["do_irq_async"], argument: S390_NOT_HANDLED },
  { key: "s390/do_io_irq: negate if (machine_has_lpar())", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_IO_LOOP },
  { key: "s390/do_io_irq: negate if (irq_pending(regs))", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_IO_LOOP },
  { key: "s390/do_io_irq: delete percpu_code_check(regs)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["percpu_code_check"], argument: S390_PERCPU },
  { key: "s390/do_io_irq: delete set_irq_regs(old_regs)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["set_irq_regs"], argument: S390_IRQ_REGS },
  { key: "s390/do_io_irq: delete percpu_exit(regs, percpu_needs_fixup)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["percpu_exit"], argument: S390_PERCPU },
  { key: "s390/do_ext_irq: delete percpu_entry(regs)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["percpu_entry"], argument: S390_PERCPU },
  { key: "s390/do_ext_irq: negate if (from_idle) [1/3]", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_IDLE_ACCOUNTING },
  { key: "s390/do_ext_irq: negate if (user_mode(regs))", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_USER_ACCOUNTING },
  { key: "s390/do_ext_irq: delete update_timer_sys()", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["update_timer_sys"], argument: S390_USER_ACCOUNTING },
  { key: "s390/do_ext_irq: negate if (cpu_has_bear())", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_USER_ACCOUNTING },
  { key: "s390/do_ext_irq: negate if (from_idle) [2/3]", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_IDLE_ACCOUNTING },
  { key: "s390/do_ext_irq: delete do_irq_async(regs, 0)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["do_irq_async"], argument: S390_NOT_HANDLED },
  { key: "s390/do_ext_irq: delete percpu_code_check(regs)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["percpu_code_check"], argument: S390_PERCPU },
  { key: "s390/do_ext_irq: delete set_irq_regs(old_regs)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["set_irq_regs"], argument: S390_IRQ_REGS },
  { key: "s390/do_ext_irq: delete percpu_exit(regs, percpu_needs_fixup)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["percpu_exit"], argument: S390_PERCPU },
  { key: "s390/__do_syscall: delete update_timer_sys()", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["update_timer_sys"], argument: S390_USER_ACCOUNTING },
  { key: "s390/__do_syscall: negate if (cpu_has_bear())", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_USER_ACCOUNTING },
  { key: "s390/__do_syscall: delete set_thread_flag(19)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["set_thread_flag"], argument: S390_PER_TRAP_FLAG },
  { key: "s390/__do_syscall: delete set_pt_regs_flag(regs, 0)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["set_pt_regs_flag"], argument: S390_PIF_SYSCALL },
  { key: "s390/__do_syscall: negate if (!nr)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_SYSCALL_NR },
  { key: "s390/__do_syscall: negate if (nr == __NR_restart_syscall && !(current->restart_block.arch_data & 1))", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_SYSCALL_NR },
  { key: "s390/__do_syscall: delete syscall_enter_from_user_mode_work(regs, &nr)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["syscall_enter_from_user_mode_work"], argument: S390_SYSCALL_WORK },
  { key: "s390/__do_syscall: delete test_and_clear_pt_regs_flag(regs, 2)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["test_and_clear_pt_regs_flag"], argument: S390_RET_SET },
  { key: "s390/__do_syscall: negate if (test_and_clear_pt_regs_flag(regs, 2) || !permit)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_SYSCALL_WORK },
  { key: "s390/__do_syscall: negate if (nr < (__NR_syscalls))", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_SYSCALL_NR },
  { key: "s390/do_per_trap: negate if (notify_die(DIE_SSTEP, \"sstep\", regs, 0, 0, 5) == (0x0001|0x8000))", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_PER_KPROBE },
  { key: "s390/do_per_trap: negate if (!current->ptrace)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_PER_KPROBE },
  { key: "s390/__do_pgm_check: negate if (flags & 1)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_PGM_GUEST },
  { key: "s390/__do_pgm_check: delete percpu_entry(regs)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["percpu_entry"], argument: S390_PERCPU },
  { key: "s390/__do_pgm_check: negate if (user_mode(regs)) [1/2]", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_USER_ACCOUNTING },
  { key: "s390/__do_pgm_check: delete update_timer_sys()", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["update_timer_sys"], argument: S390_USER_ACCOUNTING },
  { key: "s390/__do_pgm_check: negate if (!cpu_has_bear())", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_USER_ACCOUNTING },
  { key: "s390/__do_pgm_check: negate if (regs->last_break < 4096)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_USER_ACCOUNTING },
  { key: "s390/__do_pgm_check: negate if (lc->pgm_code & 0x0200)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_TDB },
  { key: "s390/__do_pgm_check: delete set_thread_flag(19)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["set_thread_flag"], argument: S390_PER_TRAP_FLAG },
  { key: "s390/__do_pgm_check: swap __arch_local_irq_ssm(regs->psw.mask & ~_AC(0x4000000000000000, UL)) ↔ do_per_trap(regs)", arch: 's390', trees: S390_TREES, class: 'equivalent', operator: 'swap', callees: ["__arch_local_irq_ssm","do_per_trap"], argument: S390_PER_SSM },
  { key: "s390/__do_pgm_check: delete __arch_local_irq_ssm(regs->psw.mask & ~_AC(0x4000000000000000, UL)) [1/2]", arch: 's390', trees: S390_TREES, class: 'equivalent', operator: 'delete', callees: ["__arch_local_irq_ssm"], argument: S390_PER_SSM },
  { key: "s390/__do_pgm_check: delete do_per_trap(regs)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["do_per_trap"], argument: S390_PER_KPROBE },
  { key: "s390/__do_pgm_check: negate if (trapnr)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: S390_PGM_NOT_HANDLED },
  { key: "s390/__do_pgm_check: delete percpu_code_check(regs)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["percpu_code_check"], argument: S390_PERCPU },
  { key: "s390/__do_pgm_check: swap irqentry_exit(regs, state) ↔ percpu_exit(regs, percpu_needs_fixup)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'swap', callees: ["irqentry_exit","percpu_exit"], argument: S390_PERCPU },
  { key: "s390/__do_pgm_check: delete percpu_exit(regs, percpu_needs_fixup)", arch: 's390', trees: S390_TREES, class: 'outside-model', operator: 'delete', callees: ["percpu_exit"], argument: S390_PERCPU },
];

// ─────────────────────── s390's generic survivors (7.3, session 27: the first run of the 302) ──

/** GENERIC_FROM_X86 without the three s390 kills or rule decisions (PREEMPT_RT is killed there;
 *  the current_thread_info() deletion is rule R2; __ct_state() is not read on s390). */
const S390_GENERIC_FROM_X86: readonly string[] = GENERIC_FROM_X86.filter((k) => ![
  '__exit_to_user_mode_loop: negate if (IS_ENABLED(CONFIG_PREEMPT_RT))',
  'syscall_exit_to_user_mode_work: delete current_thread_info()',
  'syscall_exit_to_user_mode_work: delete __ct_state()',
].includes(k));
const S390_NMI_LOCKDEP = NMI_LOCKDEP_UNTRACKED('s390', 'the machine check, which s390_do_machine_check() (arch/s390/kernel/nmi.c) brackets with the generic pair');
const S390_NO_NOHZ =
  "s390 does not select HAVE_CONTEXT_TRACKING_USER (arch/s390/Kconfig), and NO_HZ_FULL depends on it (kernel/time/Kconfig:131), so CONTEXT_TRACKING_USER and NO_HZ_FULL are n in every s390 config: user_enter_irqoff()/user_exit_irqoff() are the empty stubs of include/linux/context_tracking.h:96-97, and tick_nohz_user_enter_prepare() (include/linux/tick.h:305-309) calls rcu_nocb_flush_deferred_wakeup() only when tick_nohz_full_cpu(), which is false without NO_HZ_FULL. Deleting one of these calls, moving it across local_irq_disable() or turning a user_enter_irqoff() into a user_exit_irqoff() (or back) changes nothing on s390; x86 and the arches that can build NO_HZ_FULL kill the same mutants.";
const S390_ARCH_ENTER_SWAP =
  "s390's arch_enter_from_user_mode() (arch/s390/include/asm/entry-common.h:18-24) runs debug_user_asce(0) under DEBUG_ENTRY (a control-register check that panics on a wrong address-space control element) and pai_kernel_enter() (a lowcore flag of the PAI crypto counters); neither touches IRQ, lockdep, tracer, RCU, context-tracking or preemption state. Moved after lockdep_hardirqs_off(), the traceable debug_user_asce() runs after lockdep is told IRQs are off: the mutant removes the tree's I1 hazard at that call (docs/findings.md, s390's own user-mode hooks) and adds nothing.";
const S390_SYSCALL_IRQS_REPAIR = OPAQUE_SYSCALL_IRQS_REPAIR('s390', "__do_syscall()'s call through sys_call_table (arch/s390/kernel/syscall.c:137-141)");
const S390_SYSCALL_IRQS_REPAIR_NEGATED = OPAQUE_SYSCALL_IRQS_REPAIR_NEGATED('s390');
/** The session-27 entries of s390's own (the generic code's facts on s390). */
const S390_GENERIC: readonly JudgedMutant[] = (() => {
  const e = archEntry('s390', S390_TREES);
  return [
    e('irqentry_nmi_enter: delete lockdep_hardirqs_off(CALLER_ADDR0)', 'equivalent', 'delete', ['lockdep_hardirqs_off'], S390_NMI_LOCKDEP),
    e('irqentry_nmi_enter: lockdep_hardirqs_off → lockdep_hardirqs_on', 'equivalent', 'sibling', ['lockdep_hardirqs_off', 'lockdep_hardirqs_on'], S390_NMI_LOCKDEP),
    e('irqentry_nmi_exit: delete lockdep_hardirqs_on(CALLER_ADDR0)', 'equivalent', 'delete', ['lockdep_hardirqs_on'], S390_NMI_LOCKDEP),
    e('irqentry_nmi_exit: lockdep_hardirqs_on → lockdep_hardirqs_off', 'equivalent', 'sibling', ['lockdep_hardirqs_on', 'lockdep_hardirqs_off'], S390_NMI_LOCKDEP),
    e('irqentry_nmi_exit: negate if (irq_state.lockdep) [2/2]', 'equivalent', 'negate', [], S390_NMI_LOCKDEP),
    e('irqentry_nmi_exit: trace_hardirqs_on_prepare → trace_hardirqs_on', 'equivalent', 'sibling', ['trace_hardirqs_on_prepare', 'trace_hardirqs_on'], S390_NMI_LOCKDEP),
    e('enter_from_user_mode: delete user_exit_irqoff()', 'equivalent', 'delete', ['user_exit_irqoff'], S390_NO_NOHZ),
    e('enter_from_user_mode: user_exit_irqoff → user_enter_irqoff', 'equivalent', 'sibling', ['user_exit_irqoff', 'user_enter_irqoff'], S390_NO_NOHZ),
    e('exit_to_user_mode: delete user_enter_irqoff()', 'equivalent', 'delete', ['user_enter_irqoff'], S390_NO_NOHZ),
    e('exit_to_user_mode: user_enter_irqoff → user_exit_irqoff', 'equivalent', 'sibling', ['user_enter_irqoff', 'user_exit_irqoff'], S390_NO_NOHZ),
    e('__exit_to_user_mode_prepare: delete tick_nohz_user_enter_prepare()', 'equivalent', 'delete', ['tick_nohz_user_enter_prepare'], S390_NO_NOHZ),
    e('__exit_to_user_mode_loop: delete tick_nohz_user_enter_prepare()', 'equivalent', 'delete', ['tick_nohz_user_enter_prepare'], S390_NO_NOHZ),
    e('__exit_to_user_mode_loop: swap local_irq_disable() ↔ tick_nohz_user_enter_prepare()', 'equivalent', 'swap', ['local_irq_disable', 'tick_nohz_user_enter_prepare'], S390_NO_NOHZ),
    e('enter_from_user_mode: swap arch_enter_from_user_mode(regs) ↔ lockdep_hardirqs_off(CALLER_ADDR0)', 'equivalent', 'swap', ['arch_enter_from_user_mode', 'lockdep_hardirqs_off'], S390_ARCH_ENTER_SWAP),
    e('irqentry_enter_from_kernel_mode: delete arch_in_rcu_eqs()', 'outside-model', 'delete', ['arch_in_rcu_eqs'], `Deleting the call leaves its result slot at 0: arch_in_rcu_eqs() answers false for a vCPU task too, as the negated IS_ENABLED(CONFIG_KVM) mutant makes it. ${S390_KVM_HOOK}`),
    ...withoutX86Syscall('s390', S390_TREES, { unwind: UNWIND_STUB('s390'), repair: S390_SYSCALL_IRQS_REPAIR, repairNegated: S390_SYSCALL_IRQS_REPAIR_NEGATED }),
  ];
})();

// ───────────────────── 7.x's exit-loop body (__exit_to_user_mode_loop(), mutated since session 28) ──
// Until session 28 a mutated function's config variants (`__exit_to_user_mode_loop[PREEMPT_RT=n]`,
// the tree reader's text groups) were not mutated at all, so the loop's body was mutated only on
// s390, where it has no variant. Kernel/entry/common.c:42-88 is the same text in 7.2 and 7.3.

/** Where each 7.3 arch selects ARCH_HAS_PREEMPT_LAZY (every generic-entry arch does). */
const PREEMPT_LAZY_SELECT: Readonly<Record<string, string>> = {
  x86: 'arch/x86/Kconfig:99', arm64: 'arch/arm64/Kconfig:44', riscv: 'arch/riscv/Kconfig:47',
  loongarch: 'arch/loongarch/Kconfig:26', s390: 'arch/s390/Kconfig:107', powerpc: 'arch/powerpc/Kconfig:149',
};
const LOOP_RESCHED_LATENCY = (arch: string): string =>
  `The loop's reschedule is skipped (schedule() deleted, its test inverted, or its call made only when rseq grants a slice extension, which the RSEQ_SLICE_EXTENSION=n stub never does). The loop then turns with IRQs and preemption enabled (local_irq_enable() at kernel/entry/common.c:49, preempt_count 0) until an interrupt's return preempts the task: in 7.x every kernel of ${arch} does that, since PREEMPT_NONE depends on ARCH_NO_PREEMPT and PREEMPT_VOLUNTARY on !ARCH_HAS_PREEMPT_LAZY (kernel/Kconfig.preempt:22-40), which ${arch} selects (${PREEMPT_LAZY_SELECT[arch]}), and a PREEMPT_DYNAMIC kernel of such an arch boots only full or lazy (sched_dynamic_mode(), kernel/sched/core.c:7981-8001), both of which keep irqentry_exit_cond_resched(). A remote wakeup's IPI arrives as soon as the loop enables IRQs; a local or lazy request is made a full one by the next tick (sched_tick(), kernel/sched/core.c:5807-5808). __schedule() there consumes the request and the loop ends at its next flags read. Nothing is printed; the task is rescheduled up to one interrupt later: lost latency, and kentry models no time (its interrupt may arrive between any two steps, so the escape is always explored and I15 correctly finds a returning path). On 6.x trees, which can build PREEMPT_NONE, I15 kills the same mistakes (docs/mutants.md, the checks table).`;
const LOOP_SLICE_DELETE =
  "Deleting rseq_grant_slice_extension() (include/linux/rseq_entry.h:233-241) leaves its result slot at 0, so `!0` calls schedule() every time the loop sees a reschedule request. With RSEQ_SLICE_EXTENSION=n (a held option, n in every config the mutants run) the call is the stub that returns false (:247), so the mutant is the tree. With it y (`--config RSEQ_SLICE_EXTENSION=y`) the only difference is that user space's request for a short extension of its time slice is never granted (and the deferred hrtimer rearm inside the grant, :236-237, is not made): a scheduling-latency feature kentry does not model; every modelled step of the loop is the tree's.";
const LOOP_FUTEX_ORDER =
  "futex_fixup_robust_unlock() (include/linux/futex.h:125-145, FUTEX_ROBUST_UNLOCK) must run before signal delivery: if the task was interrupted inside the vDSO's robust-futex unlock sequence it rewrites the user registers in pt_regs to complete the unlock, and arch_do_signal_or_restart() then saves those registers in the signal frame. Swapped, the frame saves the unfixed registers and the fixup looks at the handler's entry IP instead (never in the range): the robust futex is left half-unlocked for the signal handler and the sigreturn. User register state and futex memory, which kentry does not model; the signal work's modelled effect (TIF_SIGPENDING consumed with IRQs on, kentry-ref §5.1) is unchanged.";
const LOOP_ARCH_WORK_STUB = (arch: string): string =>
  `${arch} does not define arch_exit_to_user_mode_work(): the generic stub (include/linux/irq-entry-common.h) is empty, so moving it across local_irq_disable() moves nothing.`;
const LOOP_ARCH_WORK_IRQS_OFF = (arch: string, work: string): string =>
  `${arch}'s arch_exit_to_user_mode_work() (${work}) acts only on ${arch}'s own TIF bits, which the model reads as clear (src/kernel/entrywork.ts: the primitive is one instrumentable call with no modelled state). Moved after local_irq_disable(), that work would run with IRQs off, code the model never runs either way, so no modelled state differs. (Sending the signal takes siglock with irqsave and is fine there; whether every helper tolerates IRQs off is not something kentry checks.)`;
const ARCH_WORK: Readonly<Record<string, string>> = {
  arm64: "arch/arm64/include/asm/entry-common.h:16-26: the SIGSEGV of an asynchronous MTE tag fault and the FPSIMD register reload, fpsimd_restore_current_state(), whose get_cpu_fpsimd_context() masks softirqs only when IRQs are on, arch/arm64/kernel/fpsimd.c:221-233",
  s390: 'arch/s390/include/asm/entry-common.h:28-38: the SIGTRAP of a PER event, do_per_trap(), and the guarded-storage control block reload, gs_load_bc_cb()',
};

/**
 * The exit loop's survivors on `arch`, for one of its texts (`fn`, the bound name: the variant's on
 * x86 and arm64, the plain one on s390) and that text's spelling of the slice-extension call.
 */
function exitLoopBody(arch: string, trees: readonly string[], fn: string, sliceCall: string): JudgedMutant[] {
  const e = (key: string, cls: JudgedMutant['class'], operator: Operator, callees: string[], argument: string): JudgedMutant =>
    ({ key: arch === 'x86' ? `${fn}: ${key}` : `${arch}/${fn}: ${key}`, ...(arch === 'x86' ? {} : { arch }), trees, class: cls, operator, callees, argument });
  const work = ARCH_WORK[arch];
  return [
    e('negate if (ti_work & (_TIF_NEED_RESCHED | _TIF_NEED_RESCHED_LAZY))', 'outside-model', 'negate', [], LOOP_RESCHED_LATENCY(arch)),
    e(`delete ${sliceCall}`, 'outside-model', 'delete', ['rseq_grant_slice_extension'], LOOP_SLICE_DELETE),
    e(`negate if (!${sliceCall})`, 'outside-model', 'negate', [], LOOP_RESCHED_LATENCY(arch)),
    e('delete schedule()', 'outside-model', 'delete', ['schedule'], LOOP_RESCHED_LATENCY(arch)),
    e('swap futex_fixup_robust_unlock(regs) ↔ arch_do_signal_or_restart(regs)', 'outside-model', 'swap', ['futex_fixup_robust_unlock', 'arch_do_signal_or_restart'], LOOP_FUTEX_ORDER),
    work === undefined
      ? e('swap arch_exit_to_user_mode_work(regs, ti_work) ↔ local_irq_disable()', 'equivalent', 'swap', ['arch_exit_to_user_mode_work', 'local_irq_disable'], LOOP_ARCH_WORK_STUB(arch))
      : e('swap arch_exit_to_user_mode_work(regs, ti_work) ↔ local_irq_disable()', 'outside-model', 'swap', ['arch_exit_to_user_mode_work', 'local_irq_disable'], LOOP_ARCH_WORK_IRQS_OFF(arch, work)),
    e('tick_nohz_user_enter_prepare → rcu_nocb_flush_deferred_wakeup', 'equivalent', 'sibling', ['tick_nohz_user_enter_prepare', 'rcu_nocb_flush_deferred_wakeup'], NOCB_FLUSH),
  ];
}

/**
 * The slice-extension call as a loop text spells it: the exit work mask, with the arch's spelling
 * of _TIF_NOTIFY_SIGNAL (`BIT(2)` from the generic TIF bits, arm64's `(1 << 7)`) and its own work
 * bits, minus TIF_SLICE_EXT_DENY.
 */
const sliceCall = (notifySignal: string, archWork: string, deny: string): string =>
  `rseq_grant_slice_extension(ti_work, ((_TIF_SIGPENDING | _TIF_NOTIFY_RESUME | _TIF_UPROBE | _TIF_NEED_RESCHED | _TIF_NEED_RESCHED_LAZY | _TIF_PATCH_PENDING | ${notifySignal} | _TIF_RSEQ | ${archWork}) & ~(${deny})))`;
const DENY_NOT_RT = '_TIF_NEED_RESCHED | _TIF_NEED_RESCHED_LAZY';
const DENY_RT = '_TIF_NEED_RESCHED_LAZY';
const EXIT_LOOP_BODIES: readonly JudgedMutant[] = [
  ...exitLoopBody('x86', SEVEN, '__exit_to_user_mode_loop[PREEMPT_RT=n]', sliceCall('BIT(2)', '(0)', DENY_NOT_RT)),
  ...exitLoopBody('x86', SEVEN, '__exit_to_user_mode_loop[TINY_RCU=n PREEMPT_RT=y]', sliceCall('BIT(2)', '(0)', DENY_RT)),
  ...exitLoopBody('riscv', RV_TREES, '__exit_to_user_mode_loop[PREEMPT_RT=n]', sliceCall('BIT(2)', '(0)', DENY_NOT_RT)),
  ...exitLoopBody('riscv', RV_TREES, '__exit_to_user_mode_loop[TINY_RCU=n PREEMPT_RT=y]', sliceCall('BIT(2)', '(0)', DENY_RT)),
  ...exitLoopBody('arm64', A64_TREES, '__exit_to_user_mode_loop[PREEMPT_RT=n]', sliceCall('(1 << 7)', '((1 << 6) | (1 << 4))', DENY_NOT_RT)),
  ...exitLoopBody('arm64', A64_TREES, '__exit_to_user_mode_loop[PREEMPT_RT=y]', sliceCall('(1 << 7)', '((1 << 6) | (1 << 4))', DENY_RT)),
  ...exitLoopBody('loongarch', LA_TREES, '__exit_to_user_mode_loop[PREEMPT_RT=n]', sliceCall('BIT(2)', '(0)', DENY_NOT_RT)),
  ...exitLoopBody('loongarch', LA_TREES, '__exit_to_user_mode_loop[TINY_RCU=n PREEMPT_RT=y]', sliceCall('BIT(2)', '(0)', DENY_RT)),
  // s390 cannot build PREEMPT_RT (it does not select ARCH_SUPPORTS_RT): one text, its plain name.
  ...exitLoopBody('s390', S390_TREES, '__exit_to_user_mode_loop', sliceCall('BIT(2)', '(BIT(17) | BIT(19))', DENY_NOT_RT)),
];

/** The x86 7.3 entries `keys` names, as entries of `arch` (the key with its arch, the same guard). */
function fromX86(keys: readonly string[], table: readonly JudgedMutant[], arch: string, trees: readonly string[]): JudgedMutant[] {
  return keys.map((k) => {
    const e = table.find((x) => (x.arch ?? 'x86') === 'x86' && x.key === k && (!x.trees || x.trees.includes('7.3')));
    if (!e) throw new Error(`mutants-judged: no x86 7.3 entry ${k} to carry over to ${arch}`);
    return { key: `${arch}/${k}`, arch, trees, class: e.class, operator: e.operator, callees: e.callees, argument: `As on x86 (the same generic code, reached from ${arch}'s entry code): ${e.argument}` };
  });
}

/** An entry of `arch`'s own, keyed `arch/key`, for the trees given. */
function archEntry(arch: string, trees: readonly string[]) {
  return (key: string, cls: JudgedMutant['class'], operator: Operator, callees: string[], argument: string): JudgedMutant => ({ key: `${arch}/${key}`, arch, trees, class: cls, operator, callees, argument });
}

/**
 * The five generic survivors whose x86 argument names x86's unwinder or its modelled system call,
 * judged for an arch without HAVE_UNWIND_USER_FP whose system call is opaque (riscv, loongarch,
 * s390), from that arch's facts (UNWIND_STUB, OPAQUE_SYSCALL_IRQS_REPAIR…).
 */
function withoutX86Syscall(arch: string, trees: readonly string[], args: { readonly unwind: string; readonly repair: string; readonly repairNegated: string }): JudgedMutant[] {
  const e = archEntry(arch, trees);
  return [
    e('exit_to_user_mode: swap instrumentation_begin() ↔ unwind_reset_info()', 'equivalent', 'swap', ['instrumentation_begin', 'unwind_reset_info'], args.unwind),
    e('syscall_exit_to_user_mode_work: negate if (IS_ENABLED(CONFIG_PROVE_LOCKING))', 'outside-model', 'negate', [], args.repair),
    e('syscall_exit_to_user_mode_work: delete local_irq_enable()', 'outside-model', 'delete', ['local_irq_enable'], args.repair),
    e('syscall_exit_to_user_mode_work: local_irq_enable → local_irq_disable', 'outside-model', 'sibling', ['local_irq_enable', 'local_irq_disable'], args.repair),
    e('syscall_exit_to_user_mode_work: negate if (WARN(irqs_disabled(), "syscall %lu left IRQs disabled", nr))', 'equivalent', 'negate', [], args.repairNegated),
  ];
}

/**
 * The seven generic survivors whose x86 argument names x86's hooks or its modelled system call,
 * judged for an arch with neither hook, no HAVE_UNWIND_USER_FP and an opaque system call (riscv,
 * loongarch), from that arch's facts (NO_ARCH_HOOK, UNWIND_STUB, OPAQUE_SYSCALL_IRQS_REPAIR…).
 */
function withoutX86Hooks(arch: string, trees: readonly string[], args: { readonly noHook: string; readonly unwind: string; readonly repair: string; readonly repairNegated: string }): JudgedMutant[] {
  const e = archEntry(arch, trees);
  return [
    e('irqentry_enter_from_kernel_mode: delete arch_in_rcu_eqs()', 'equivalent', 'delete', ['arch_in_rcu_eqs'], args.noHook),
    e('enter_from_user_mode: swap arch_enter_from_user_mode(regs) ↔ lockdep_hardirqs_off(CALLER_ADDR0)', 'equivalent', 'swap', ['arch_enter_from_user_mode', 'lockdep_hardirqs_off'], args.noHook),
    ...withoutX86Syscall(arch, trees, args),
  ];
}

// ───────── powerpc 32-bit (7.3, `npm run mutants -- --arch powerpc --config PPC64=n`, session 29) ──
// The first powerpc run, in the 32-bit sub-lattice (Book3S-32: no soft masking), whose baseline
// has no finding at all; a partial run (docs/mutants.md "powerpc"). Each entry is about the
// 32-bit text of the function (the `[PPC64=n …]` variant), which runs at PPC64=n configs only.
const PPC_TREES = ['7.3'];

const PPC32_ENTRY_TOLD_OFF =
  "arch_interrupt_enter_prepare() (arch/powerpc/include/asm/entry-common.h:198) tells lockdep and the tracer \"off\" (trace_hardirqs_off(), :221) when the interrupted context had IRQs on; every DEFINE_INTERRUPT_HANDLER* wrapper then calls irqentry_enter() (asm/interrupt.h:170-171, :208-209), whose first steps are lockdep_hardirqs_off() and, in its instrumentation section, trace_hardirqs_off_finish() (include/linux/irq-entry-common.h:101-108 from user mode, :435-439 from kernel mode). The mutant (the call deleted, or made only where the context had IRQs off already, a redundant \"off\" that lockdep only counts) leaves lockdep and the tracer \"on\" until then. In between run only always-inline KUAP helpers, the CT_WARN_ON's ct_state() reads and booke_restore_dbcr0(): nothing instrumentable (the sibling to trace_hardirqs_off_finish() is killed by I1 there), and nothing can interrupt on 32-bit Book3S (MSR[EE] is clear from the exception, and a machine check in entry code does not come back, docs/findings.md \"powerpc (7.3)\"). irqentry_enter() then leaves lockdep, the tracer and the hardware in agreement, as in the tree.";
const PPC32_KUAP =
  "kuap_lock() and kuap_save_and_lock() (arch/powerpc/include/asm/kup.h:91-108; Book3S-32's __kuap_lock()/__kuap_save_and_lock(), asm/book3s/32/kup.h) close user-space access on entry (kernel userspace access protection, a segment-register or AMR write) and save the interrupted kernel's setting for the return; kuap_get_and_assert_locked() (:119-125) checks at the kernel exit that it is closed and gives the value kuap_kernel_restore() puts back. Deleted, the kernel runs the handler with user access left as it was: a hardening hole (a stray user access is not caught), not an IRQ, lockdep, tracer, RCU, context-tracking or preemption step. KUAP is not modelled state.";
const PPC32_TRAP =
  "TRAP(regs) (regs->trap & ~0xf, arch/powerpc/include/asm/ptrace.h) is the interrupt's vector number, which kentry does not track: the harness passes no trap number and the load is untracked, so both answers of each test are explored in the tree already. The tests keep CT_WARN_ON() away from the program check (0x700, whose WARN is itself a trap instruction, so a warning there would recurse) and, at the exit, from the 64e performance monitor (0xf00). Negated, the assertion is made only where it should not be and skipped where it should: a lost diagnostic for every other interrupt, and a possible warning recursion inside a program check, neither of which is an IRQ, lockdep, tracer, RCU, context-tracking or preemption state kentry follows; the CT_WARN_ON check itself does not fire on the tree's paths.";
const PPC32_CT_READ_DELETED =
  "The mutant deletes a ct_state() read inside a CT_WARN_ON() condition (arch/powerpc/include/asm/entry-common.h:232, the first of two; arch/powerpc/kernel/interrupt.c:242 at the kernel exit). The read's value is then 0, which is CT_STATE_KERNEL (include/linux/context_tracking_state.h:14): `0 != CT_STATE_KERNEL` and `0 == CT_STATE_USER` are false, so the warning can no longer fire. That removes an assertion and changes no state; a removed check cannot add a finding (as rule R2 says of a deleted assertion).";
const PPC32_DBCR0 =
  "booke_restore_dbcr0() (arch/powerpc/include/asm/entry-common.h:106-116) restores BookE debug registers and is empty unless PPC_ADV_DEBUG_REGS, which depends on BOOKE (arch/powerpc/Kconfig:452-455); kentry's 32-bit rows are Book3S-32 (the Processor Type choice's default), where the body is empty. Deleting an empty inline call changes nothing.";
const PPC32_RI =
  "On 32-bit exit_must_hard_disable() is `return true` (arch/powerpc/kernel/interrupt.c:36-39), so prep_irq_for_enabled_exit() (:53) always runs __hard_EE_RI_disable() (:61), which on Book3S-32 clears MSR[EE] and MSR[RI] (asm/hw_irq.h:88-97). MSR[EE] is already clear there (local_irq_disable() is a hard disable on 32-bit, and the exit code ran it before), so what the mutant (the call's result taken as 0, the test negated, or __hard_EE_RI_disable() deleted) changes is MSR[RI]: the rest of the exit, which restores SRR0/SRR1, stays marked recoverable, so a machine check there would return through clobbered registers instead of being treated as unrecoverable. Recoverability (MSR[RI]) is not modelled state, and on 32-bit Book3S kentry's machine check does not come back into exit code (docs/findings.md \"powerpc (7.3)\").";
const PPC32_UNRECOVERABLE =
  "regs_is_unrecoverable() (arch/powerpc/include/asm/ptrace.h:313) tests MSR[RI] of the interrupted context; interrupt_exit_kernel_prepare() (arch/powerpc/kernel/interrupt.c:227-228) calls unrecoverable_exception(), which panics, when the interrupt hit a window whose registers it destroyed. Deleted, the value is 0 and the kernel returns into such a window instead of stopping. MSR[RI] is not modelled state (the load is untracked), so no modelled step differs on the tree's paths.";
const PPC32_BOOK3E_TEST =
  "`!IS_ENABLED(CONFIG_PPC_BOOK3E_64)` (arch/powerpc/kernel/interrupt.c:239) is true on every 32-bit config; negated, it is the code as built for 64-bit BookE, which skips the CT_WARN_ON(ct_state() == CT_STATE_USER) at the kernel exit (:239-242). That removes an assertion and changes no state; a removed check cannot add a finding (as rule R2 says of a deleted assertion).";

const PPC32_USER_EXIT_ASSERTS =
  "interrupt_exit_user_prepare() (arch/powerpc/kernel/interrupt.c:182), which interrupt_return calls after the handler's irqentry_exit(), repeats the assertions arch_interrupt_exit_prepare() made before it (arch/powerpc/include/asm/entry-common.h:260-267): BUG_ON(regs_is_unrecoverable(regs)) and BUG_ON(regs_irqs_disabled(regs)) (interrupt.c:186-187), then kuap_assert_locked() (:193). Neither BUG_ON fires on the tree's paths (an interrupt from user mode is taken with MSR[EE] and MSR[RI] set in the saved MSR, and the earlier copies passed). Deleting one, or swapping the IRQ test with the KUAP assertion (KUAP is not modelled state, and the two read nothing the other writes), removes or moves an assertion that cannot fire and changes no state; a removed check cannot add a finding (as rule R2 says of a deleted assertion).";
const PPC32_USER_UNRECOVERABLE =
  "regs_is_unrecoverable() (arch/powerpc/include/asm/ptrace.h:313) tests MSR[RI] of the saved context; BUG_ON() of it (arch/powerpc/kernel/interrupt.c:186) stops a return to user mode through an interrupt frame whose SRR0/SRR1 were clobbered. Deleted, the value is 0 and the assertion can never fire. MSR[RI] is not modelled state (the load is untracked, as at the kernel exit, interrupt.c:227), so no modelled step differs.";
const PPC32_KUAP_USER =
  "kuap_assert_locked() (arch/powerpc/include/asm/kup.h:128-132: kuap_get_and_assert_locked() under CONFIG_PPC_KUAP_DEBUG) checks on the way back to user mode that kernel userspace access protection is closed; kuap_user_restore() (arch/powerpc/kernel/interrupt.c:210) puts back the user's own setting last. Deleted, a hardening check is lost or the user's KUAP state is not restored: not an IRQ, lockdep, tracer, RCU, context-tracking or preemption step. KUAP is not modelled state.";
const PPC32_USER_EXIT_TOLD_ON =
  "Every DEFINE_INTERRUPT_HANDLER* wrapper ends with arch_interrupt_exit_prepare()'s hard_irq_disable() (arch/powerpc/include/asm/entry-common.h:271) and irqentry_exit() (asm/interrupt.h:176), whose way to user mode ends in exit_to_user_mode() (include/linux/irq-entry-common.h:267-277): hardware IRQs stay off, lockdep and the tracer are told \"on\" for the return, and user_enter_irqoff() has run. interrupt_return then calls interrupt_exit_user_prepare(), whose local_irq_disable() (arch/powerpc/kernel/interrupt.c:198) tells them \"off\" again until prep_irq_for_enabled_exit()'s trace_hardirqs_on() (:58). Deleted, they stay \"on\" in between, as they were when the function was entered; what runs there is check_return_regs_valid() (empty unless PPC_BOOK3S_64, entry-common.h:118-120) and user_enter_irqoff() (noinstr, nothing to do, below): nothing instrumentable, no assertion of the IRQ state, nothing that can interrupt (MSR[EE] is clear, and a machine check in exit code does not come back on 32-bit Book3S, docs/findings.md \"powerpc (7.3)\"). The final trace_hardirqs_on() is then a repeated \"on\", and the state at the rfi is the tree's.";
const PPC32_USER_ENTER_AGAIN =
  "irqentry_exit()'s way to user mode has already called user_enter_irqoff() (exit_to_user_mode(), include/linux/irq-entry-common.h:275), so when interrupt_exit_user_prepare() calls it again (arch/powerpc/kernel/interrupt.c:201) context tracking is USER and __ct_user_enter() does nothing (its `if (__ct_state() != state)`, kernel/context_tracking.c:458); without context tracking the call is empty. check_return_regs_valid() is empty on 32-bit (arch/powerpc/include/asm/entry-common.h:118-120). Deleting the second user_enter_irqoff(), or swapping it with the empty check, changes no state.";
const PPC32_USER_RETRY_DEAD =
  "On 32-bit prep_irq_for_enabled_exit() always returns true (arch/powerpc/kernel/interrupt.c:75: the pending-interrupt test that returns false, :63-74, is under CONFIG_PPC64), so interrupt_exit_user_prepare()'s retry block (:203-206: user_exit_irqoff(), local_irq_enable(), local_irq_disable(), goto again) never runs on a 32-bit kernel. The mutant changes code the 32-bit rows never execute (the 64-bit half of the lattice is not in this run).";

const PPC32_KERNEL_RETRY_DEAD =
  "On 32-bit prep_irq_for_enabled_exit() always returns true (arch/powerpc/kernel/interrupt.c:75; its false return, :63-74, is under CONFIG_PPC64), so interrupt_exit_kernel_prepare()'s replay block (:259-271: hard_irq_disable(), replay_soft_interrupts(), goto again) never runs on a 32-bit kernel. The mutant changes code the 32-bit rows never execute (the 64-bit half of the lattice is not in this run).";
const PPC32_KERNEL_TOLD_ON =
  "Returning to a kernel context that had IRQs on, irqentry_exit() (every DEFINE_INTERRUPT_HANDLER* wrapper, arch/powerpc/include/asm/interrupt.h:176) has told lockdep and the tracer \"on\" for the return while hardware IRQs stay off (irqentry_exit()'s kernel-mode branch, include/linux/irq-entry-common.h). interrupt_exit_kernel_prepare()'s local_irq_disable() (arch/powerpc/kernel/interrupt.c:246) tells them \"off\" again until prep_irq_for_enabled_exit()'s trace_hardirqs_on() (:58); returning with IRQs off it is a repeated \"off\". Deleted, they stay as irqentry_exit() left them; what runs in between is the WARN_ON_ONCE() of the saved MSR[EE] (:250, a test of the saved register, not of lockdep) and check_return_regs_valid() (empty unless PPC_BOOK3S_64, asm/entry-common.h:118-120): nothing instrumentable that asserts the IRQ state, nothing that can interrupt (MSR[EE] is clear, and a machine check in exit code does not come back on 32-bit Book3S). The state at the rfi is the tree's.";
const PPC32_RI_IRQS_OFF_RETURN =
  "Returning to a kernel context that had IRQs off, 32-bit interrupt_exit_kernel_prepare() runs __hard_EE_RI_disable() (arch/powerpc/kernel/interrupt.c:289-290; asm/hw_irq.h:88-97 clears MSR[EE] and MSR[RI] on Book3S-32). MSR[EE] is already clear there (local_irq_disable() at :246 is a hard disable on 32-bit), so what the deletion changes is MSR[RI]: the rest of the exit, which restores SRR0/SRR1, stays marked recoverable. Recoverability (MSR[RI]) is not modelled state, and on 32-bit Book3S kentry's machine check does not come back into exit code (docs/findings.md \"powerpc (7.3)\").";
const PPC32_STACK_STORE =
  "stack_store is `read_thread_flags() & _TIF_EMULATE_STACK_STORE` (arch/powerpc/kernel/interrupt.c:225; bit 16, asm/thread_info.h:115): set when an emulated store-with-update to the kernel stack has to be finished by the exit assembly. The model's thread flags are NEED_RESCHED(_LAZY) and the generic exit work; every arch flag reads as clear (docs/findings.md, Limits: \"the arch's own exit-work flags read as clear\"), so the flag is never set in the rows. Negating the test, or deleting the clear_bits() of the flag (:295) that only runs when it is set, changes the arch's own stack-store emulation, which kentry does not model; no IRQ, lockdep, tracer, RCU, context-tracking or preemption step differs.";
const PPC32_KUAP_KERNEL_RESTORE =
  "kuap_kernel_restore() (arch/powerpc/include/asm/kup.h; arch/powerpc/kernel/interrupt.c:308) puts back the interrupted kernel's kernel-userspace-access-protection setting saved at entry. Deleted, the kernel resumes with KUAP locked where it had a user access open (a hardening state, not an IRQ, lockdep, tracer, RCU, context-tracking or preemption step). KUAP is not modelled state.";

const PPC32_REGS_CHECK_EMPTY =
  "check_return_regs_valid() (arch/powerpc/include/asm/entry-common.h:118) compares SRR0/SRR1 with the frame before an rfid and warns when they differ; its whole body is under CONFIG_PPC_BOOK3S_64 (:120 on), so on a 32-bit kernel it is empty. Deleting the call changes nothing the 32-bit rows execute.";

const PPC32_EXIT_PREPARE_ASSERTS =
  "arch_interrupt_exit_prepare() (arch/powerpc/include/asm/entry-common.h:258-272), which every DEFINE_INTERRUPT_HANDLER* wrapper runs before irqentry_exit(), asserts for a return to user mode that the saved MSR has RI and EE set (BUG_ON(regs_is_unrecoverable(regs)), BUG_ON(regs_irqs_disabled(regs)), :261-262) and that KUAP is locked (kuap_assert_locked(), :267). Neither BUG_ON fires on the tree's paths: an interrupt from user mode is taken with MSR[EE] and MSR[RI] set. Deleting one, or swapping the IRQ test with the KUAP assertion (KUAP is not modelled state, and the two read nothing the other writes), removes or moves an assertion that cannot fire and changes no state; a removed check cannot add a finding (as rule R2 says of a deleted assertion). The same assertions are made again by interrupt_exit_user_prepare() (arch/powerpc/kernel/interrupt.c:186-193).";
const PPC32_EXIT_PREPARE_UNRECOVERABLE =
  "regs_is_unrecoverable() (arch/powerpc/include/asm/ptrace.h:313) tests MSR[RI] of the saved context; arch_interrupt_exit_prepare()'s BUG_ON() of it (arch/powerpc/include/asm/entry-common.h:261) stops a return to user mode through a frame whose SRR0/SRR1 were clobbered. Deleted, the value is 0 and that assertion can never fire. MSR[RI] is not modelled state (the load is untracked), so no modelled step differs.";

const PPC32_NMI_PREPARE_64_ONLY =
  "arch_interrupt_nmi_enter_prepare() and arch_interrupt_nmi_exit_prepare() (arch/powerpc/include/asm/entry-common.h:323-359, :361-388) have their whole bodies under #ifdef CONFIG_PPC64 (the soft-mask save and restore around an NMI-class interrupt); on a 32-bit kernel they are empty. kentry reads the two texts as two variants and the function as a dispatcher that calls the one the preprocessor keeps. Deleting the call of the 64-bit text changes nothing a 32-bit kernel runs; deleting the call of the 32-bit text deletes an empty function. This run is the 32-bit sub-lattice only (the 64-bit half is not run).";

const PPC32: readonly JudgedMutant[] = [
  { key: "powerpc/arch_interrupt_enter_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: negate if (!regs_irqs_disabled(regs))", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'negate', callees: [], argument: PPC32_ENTRY_TOLD_OFF },
  { key: "powerpc/arch_interrupt_enter_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete trace_hardirqs_off()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["trace_hardirqs_off"], argument: PPC32_ENTRY_TOLD_OFF },
  { key: "powerpc/arch_interrupt_enter_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete kuap_lock()", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["kuap_lock"], argument: PPC32_KUAP },
  { key: "powerpc/arch_interrupt_enter_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete kuap_save_and_lock(regs)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["kuap_save_and_lock"], argument: PPC32_KUAP },
  { key: "powerpc/arch_interrupt_enter_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: negate if (TRAP(regs) != 0x700)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: PPC32_TRAP },
  { key: "powerpc/arch_interrupt_enter_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete __ct_state() [1/2]", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["__ct_state"], argument: PPC32_CT_READ_DELETED },
  { key: "powerpc/arch_interrupt_enter_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete booke_restore_dbcr0()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["booke_restore_dbcr0"], argument: PPC32_DBCR0 },
  { key: "powerpc/prep_irq_for_enabled_exit[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete exit_must_hard_disable()", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["exit_must_hard_disable"], argument: PPC32_RI },
  { key: "powerpc/prep_irq_for_enabled_exit[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: negate if (must_hard_disable)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: PPC32_RI },
  { key: "powerpc/prep_irq_for_enabled_exit[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete __hard_EE_RI_disable()", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["__hard_EE_RI_disable"], argument: PPC32_RI },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete kuap_get_and_assert_locked()", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["kuap_get_and_assert_locked"], argument: PPC32_KUAP },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete regs_is_unrecoverable(regs)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["regs_is_unrecoverable"], argument: PPC32_UNRECOVERABLE },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: negate if (!IS_ENABLED(CONFIG_PPC_BOOK3E_64))", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'negate', callees: [], argument: PPC32_BOOK3E_TEST },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: negate if (TRAP(regs) != 0x700)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: PPC32_TRAP },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: negate if (TRAP(regs) != 0xf00)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: PPC32_TRAP },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete __ct_state()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["__ct_state"], argument: PPC32_CT_READ_DELETED },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete regs_is_unrecoverable(regs)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["regs_is_unrecoverable"], argument: PPC32_USER_UNRECOVERABLE },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete BUG_ON(regs_is_unrecoverable(regs))", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["BUG_ON"], argument: PPC32_USER_EXIT_ASSERTS },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: swap BUG_ON(regs_irqs_disabled(regs)) ↔ kuap_assert_locked()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'swap', callees: ["BUG_ON", "kuap_assert_locked"], argument: PPC32_USER_EXIT_ASSERTS },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete BUG_ON(regs_irqs_disabled(regs))", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["BUG_ON"], argument: PPC32_USER_EXIT_ASSERTS },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete kuap_assert_locked()", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["kuap_assert_locked"], argument: PPC32_KUAP_USER },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete local_irq_disable() [1/2]", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["local_irq_disable"], argument: PPC32_USER_EXIT_TOLD_ON },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: swap check_return_regs_valid(regs) ↔ user_enter_irqoff()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'swap', callees: ["check_return_regs_valid", "user_enter_irqoff"], argument: PPC32_USER_ENTER_AGAIN },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete user_enter_irqoff()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["user_enter_irqoff"], argument: PPC32_USER_ENTER_AGAIN },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: swap user_exit_irqoff() ↔ trace_hardirqs_on()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'swap', callees: ["user_exit_irqoff", "trace_hardirqs_on"], argument: PPC32_USER_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete user_exit_irqoff()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["user_exit_irqoff"], argument: PPC32_USER_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: user_exit_irqoff → user_enter_irqoff", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'sibling', callees: ["user_exit_irqoff", "user_enter_irqoff"], argument: PPC32_USER_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: swap trace_hardirqs_on() ↔ arch_local_irq_enable()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'swap', callees: ["trace_hardirqs_on", "arch_local_irq_enable"], argument: PPC32_USER_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete trace_hardirqs_on()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["trace_hardirqs_on"], argument: PPC32_USER_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: trace_hardirqs_on → trace_hardirqs_on_prepare", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'sibling', callees: ["trace_hardirqs_on", "trace_hardirqs_on_prepare"], argument: PPC32_USER_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: swap arch_local_irq_enable() ↔ local_irq_disable()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'swap', callees: ["arch_local_irq_enable", "local_irq_disable"], argument: PPC32_USER_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete arch_local_irq_enable()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["arch_local_irq_enable"], argument: PPC32_USER_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete local_irq_disable() [2/2]", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["local_irq_disable"], argument: PPC32_USER_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: local_irq_disable → local_irq_enable [2/2]", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'sibling', callees: ["local_irq_disable", "local_irq_enable"], argument: PPC32_USER_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete local_irq_disable()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["local_irq_disable"], argument: PPC32_KERNEL_TOLD_ON },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: swap hard_irq_disable() ↔ replay_soft_interrupts()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'swap', callees: ["hard_irq_disable", "replay_soft_interrupts"], argument: PPC32_KERNEL_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete hard_irq_disable()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["hard_irq_disable"], argument: PPC32_KERNEL_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete replay_soft_interrupts()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["replay_soft_interrupts"], argument: PPC32_KERNEL_RETRY_DEAD },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete check_return_regs_valid(regs)", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["check_return_regs_valid"], argument: PPC32_REGS_CHECK_EMPTY },
  { key: "powerpc/interrupt_exit_user_prepare[PROVE_LOCKING=y PROVE_RCU=y PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete kuap_user_restore(regs)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["kuap_user_restore"], argument: PPC32_KUAP_USER },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete check_return_regs_valid(regs)", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["check_return_regs_valid"], argument: PPC32_REGS_CHECK_EMPTY },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete __hard_EE_RI_disable()", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["__hard_EE_RI_disable"], argument: PPC32_RI_IRQS_OFF_RETURN },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: negate if (stack_store)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'negate', callees: [], argument: PPC32_STACK_STORE },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete clear_bits((1<<16), &current_thread_info()->flags)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["clear_bits"], argument: PPC32_STACK_STORE },
  { key: "powerpc/interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]: delete kuap_kernel_restore(regs, kuap)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["kuap_kernel_restore"], argument: PPC32_KUAP_KERNEL_RESTORE },
  { key: "powerpc/arch_interrupt_exit_prepare: delete regs_is_unrecoverable(regs)", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["regs_is_unrecoverable"], argument: PPC32_EXIT_PREPARE_UNRECOVERABLE },
  { key: "powerpc/arch_interrupt_exit_prepare: delete BUG_ON(regs_is_unrecoverable(regs))", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["BUG_ON"], argument: PPC32_EXIT_PREPARE_ASSERTS },
  { key: "powerpc/arch_interrupt_exit_prepare: swap BUG_ON(regs_irqs_disabled(regs)) ↔ kuap_assert_locked()", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'swap', callees: ["BUG_ON", "kuap_assert_locked"], argument: PPC32_EXIT_PREPARE_ASSERTS },
  { key: "powerpc/arch_interrupt_exit_prepare: delete BUG_ON(regs_irqs_disabled(regs))", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["BUG_ON"], argument: PPC32_EXIT_PREPARE_ASSERTS },
  { key: "powerpc/arch_interrupt_exit_prepare: delete kuap_assert_locked()", arch: 'powerpc', trees: PPC_TREES, class: 'outside-model', operator: 'delete', callees: ["kuap_assert_locked"], argument: PPC32_KUAP_USER },
  { key: "powerpc/arch_interrupt_nmi_enter_prepare: delete arch_interrupt_nmi_enter_prepare[TINY_RCU=n SMP=y PPC64=y](regs, state)", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["arch_interrupt_nmi_enter_prepare[TINY_RCU=n SMP=y PPC64=y]"], argument: PPC32_NMI_PREPARE_64_ONLY },
  { key: "powerpc/arch_interrupt_nmi_exit_prepare: delete arch_interrupt_nmi_exit_prepare[TINY_RCU=n SMP=y PPC64=y](regs, state)", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["arch_interrupt_nmi_exit_prepare[TINY_RCU=n SMP=y PPC64=y]"], argument: PPC32_NMI_PREPARE_64_ONLY },
  { key: "powerpc/arch_interrupt_nmi_enter_prepare: delete arch_interrupt_nmi_enter_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n](regs, state)", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["arch_interrupt_nmi_enter_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]"], argument: PPC32_NMI_PREPARE_64_ONLY },
  { key: "powerpc/arch_interrupt_nmi_exit_prepare: delete arch_interrupt_nmi_exit_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n](regs, state)", arch: 'powerpc', trees: PPC_TREES, class: 'equivalent', operator: 'delete', callees: ["arch_interrupt_nmi_exit_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]"], argument: PPC32_NMI_PREPARE_64_ONLY },
];

// ───────────────── arm64 on 6.12, its own entry code (sessions 31-32, `--tree 6.12 --arch arm64`) ──
// Lines are Debian's 6.12.117 arch/arm64/kernel/entry-common.c. The runs (stage 1 over all 178
// mutants of the own helpers, stage 2 for every stage-1 survivor of the second run) are in
// docs/mutants.md.
const A64_612 = ['6.12'];
const A64_612_CT_SWAP =
  "On the IR, ct_state() (__enter_from_user_mode(), arch/arm64/kernel/entry-common.c:106) is a separate operation before the CT_WARN_ON, so the swap only moves where the already-computed condition is reported, after user_exit_irqoff() (:107). (As a source mutation, reading the state after user_exit_irqoff() would warn on every user entry: a different mutant.)";
const A64_612_OFF_FINISH =
  `${OFF_FINISH} (arm64 6.12: lockdep_hardirqs_off() at arch/arm64/kernel/entry-common.c:104, :44 and :52; RCU watches at :108 after user_exit_irqoff(), at :46 after ct_irq_enter(), and at :54 in a non-idle kernel context.)`;
const A64_612_ON_PREPARE =
  "The two prepare halves are independent (the tracer half emits the irq_enable tracepoint, lockdep's marks the held-lock chain), and both still run before user_enter_irqoff() and lockdep_hardirqs_on() (__exit_to_user_mode(), arch/arm64/kernel/entry-common.c:122-128). 6.12's helper has no instrumentation section around them (objtool's rule, judged in docs/findings.md), so the swap moves nothing across one; an NMI between them finds lockdep \"off\" in either order.";
const A64_612_ON_PREPARE_KERNEL =
  "The same two independent prepare halves in __exit_to_kernel_mode()'s exit_rcu branch (arch/arm64/kernel/entry-common.c:78-81): swapped, both still run before ct_irq_exit() and lockdep_hardirqs_on(), with nothing between them that reads either half's state; an NMI between them finds lockdep \"off\" in either order.";
const A64_612_SYS_EXIT =
  "lockdep_sys_exit() (exit_to_user_mode_prepare(), arch/arm64/kernel/entry-common.c:173) checks that the task holds no lock on the way to user mode: lock state kentry does not model, read with IRQs off either way (local_irq_disable() at :165). Swapped with local_daif_mask() (:171) it runs with DAIF.A/D still clear, so an SError could arrive during it instead of just before the mask: the same state as arriving a step earlier, which the model explores.";
const A64_612_TICK_SWAP = `${TICK_SWAP} (arm64 6.12: __enter_from_kernel_mode(), arch/arm64/kernel/entry-common.c:52-54, after lockdep_hardirqs_off().)`;
const A64_612_MTE =
  "mte_check_tfsr_entry() is empty in every config of the 6.12 arm64 lattice: its checking body exists only with CONFIG_KASAN_HW_TAGS (arch/arm64/include/asm/mte.h, the #else stub the tree reader bound), which is not a lattice axis. Moving an empty call changes nothing.";

const A64_612_CT = (where: string): string => `${CT_SIBLING} (arm64 6.12: ${where}.)`;
const A64_612_NMI_LOCKDEP_CTX = `${LOCKDEP_CTX} (arm64 6.12: arm64_enter_nmi(), arch/arm64/kernel/entry-common.c:197-200, and arm64_exit_nmi(), :221-222, the same bracket as irqentry_nmi_enter()/irqentry_nmi_exit().)`;
const A64_612_NMI_ENTER_ORDER =
  "arm64 selects TRACE_IRQFLAGS_NMI_SUPPORT (arch/arm64/Kconfig:270), so lockdep_hardirqs_off() behaves the same in and out of NMI, except that outside NMI it returns early when this CPU's lockdep_recursion is set, i.e. when the SError or pseudo-NMI hit lockdep itself; before __nmi_enter() (arch/arm64/kernel/entry-common.c:197) that guard applies and the soft state would stay \"on\". kentry does not model lockdep's recursion counter (as for x86's irqentry_nmi_enter(), the same swap).";
const A64_612_NMI_FTRACE =
  "Independent: ftrace_nmi_enter() (arch/arm64/kernel/entry-common.c:203) is the HWLAT/OSNOISE tracers' NMI timestamp (include/linux/ftrace_irq.h, empty without them) and reads none of the tracer's IRQ state; trace_hardirqs_off_finish() (:202) runs after ct_nmi_enter() (:200) either way, with RCU watching.";
const A64_612_NMI_ON_PREPARE =
  "lockdep_hardirqs_on_prepare() returns at once in NMI context (kernel/locking/lockdep.c: `if (unlikely(in_nmi())) return;`), and arm64_exit_nmi() runs it (arch/arm64/kernel/entry-common.c:218) before __nmi_exit() (:225): deleting it, or running it after trace_hardirqs_on_prepare() instead of before, changes nothing.";
const A64_612_NMI_ON_EARLY =
  "The prepare step is a no-op in NMI (lockdep_hardirqs_on_prepare()'s in_nmi() return; arm64_exit_nmi() runs before __nmi_exit(), arch/arm64/kernel/entry-common.c:218, :225). lockdep_hardirqs_on() instead sets the soft state \"on\" a few noinstr steps early (:218 instead of :224, only `if (restore)`), inside the SError or pseudo-NMI, with no instrumentable code or lock operation between and no NMI-class exception nested there (all of DAIF is masked in the SError handler; a pseudo-NMI does not preempt a pseudo-NMI); the state handed back to the interrupted context is the same. (x86's irqentry_nmi_exit(), the same mutant.)";
const A64_612_DBG_ON_PREPARE =
  "The same two independent prepare halves in arm64_exit_el1_dbg() (arch/arm64/kernel/entry-common.c:253-254, only `if (restore)`): swapped, both still run before ct_nmi_exit() (:257) and lockdep_hardirqs_on() (:259), nothing between them reads either half's state, and a debug exception from EL1 runs with all of DAIF masked, so nothing arrives between them.";
const A64_612_DBG_OFF_FINISH = `${OFF_FINISH} (arm64 6.12: arm64_enter_el1_dbg(), arch/arm64/kernel/entry-common.c:235-240: lockdep_hardirqs_off() at :237, ct_nmi_enter() at :238 before the tracer step.)`;
const A64_612_NMI_OFF_FINISH = `${OFF_FINISH} (arm64 6.12: arm64_enter_nmi(), arch/arm64/kernel/entry-common.c:197-202: lockdep_hardirqs_off() at :198, ct_nmi_enter() at :200 before the tracer step.)`;
const A64_612_DBG_TRACER_OFF =
  "arm64_enter_el1_dbg() (arch/arm64/kernel/entry-common.c:233-241) without its trace_hardirqs_off_finish(): the irq tracer is not told \"off\" for the debug exception. Nothing in between reads it: the EL1 debug handler (do_debug_exception() and the BRK/watchpoint hooks) runs with all of DAIF masked, so no IRQ, SError or pseudo-NMI nests there, and arm64_exit_el1_dbg() tells the tracer \"on\" again when lockdep was on at entry (:252-253). When lockdep was \"off\" at entry the tree leaves the tracer \"off\" and the mutant leaves it as it was: the same where the two agreed, and where they did not (an F1 window) the mutant hands back the tracer's own state, removing a baseline finding rather than adding one. What differs is the irqsoff tracer's latency measurement of the debug exception (tracer_hardirqs_off() starts an IRQs-off period), which kentry does not model.";
const A64_612_EXIT_RCU_ON =
  "__exit_to_kernel_mode()'s exit_rcu branch for an IRQs-on return (arch/arm64/kernel/entry-common.c:77-83) runs only for the idle task (regs->exit_rcu is set by __enter_from_kernel_mode() when is_idle_task(current), :43-49). kentry reaches it only from its idle-eqs context, an IRQ taken inside the idle wait's RCU EQS with IRQs on, where 6.12 has lockdep and the tracer \"off\" (ModelLayout.idleWaitSoftIrqs), so a return that leaves lockdep \"off\" gives back what the interrupted code had and I6 rightly accepts it. On arm64 that context does not arise: cpu_do_idle() waits with PSTATE.I set (do_idle()'s local_irq_disable(); with priority masking arm_cpuidle_save_irq_context() sets it, arch/arm64/include/asm/cpuidle.h:15-25), and the IRQ is taken at default_idle_call()'s local_irq_enable() (kernel/sched/idle.c:124), after ct_cpuidle_exit() (:118): the idle task outside its EQS, with IRQs and lockdep \"on\". There the mutant returns with lockdep \"off\" and IRQs on, which I6 would report. kentry has no entry context for the idle task outside its EQS with IRQs on, so the state the mutant breaks is outside what it explores; adding that context (and taking idle-eqs from the arches whose idle wait masks IRQs) is the fix, left open in docs/mutants.md.";
const A64_612_MTE_EXIT =
  "mte_check_tfsr_exit() is empty in every config of the 6.12 arm64 lattice: its checking body exists only with CONFIG_KASAN_HW_TAGS (arch/arm64/include/asm/mte.h:191 with it, the stub at :213 without), which is not a lattice axis. Moving an empty call changes nothing.";
const A64_612_MTE_FAULT_FLAG =
  "TIF_MTE_ASYNC_FAULT (bit 5, arch/arm64/include/asm/thread_info.h:65) is set by the MTE asynchronous tag-check fault path, which kentry does not model: the flag reads as clear (src/kernel/entrywork.ts), so do_notify_resume()'s branch (arch/arm64/kernel/entry-common.c:141-145) never runs. In the kernel the flag left set would keep the work loop (:158) sending SIGSEGV forever.";
const A64_612_PREEMPT_DYNAMIC_TEST =
  "The negated test is kentry's, not a line of C: arm64_preempt_schedule_irq() has two texts, one per definition of need_irq_preemption() (arch/arm64/kernel/entry-common.c:262-268, `#ifdef CONFIG_PREEMPT_DYNAMIC`), and kentry reads it as a dispatcher over them; negated, a PREEMPT_DYNAMIC kernel runs the IS_ENABLED(CONFIG_PREEMPTION) text and the others the static-key text. Either way the only difference is whether the IRQ return preempts in the none and voluntary modes: preemption policy, which kentry does not check (it checks that a preemption, when taken, is taken in a consistent state, and that one the tree requires is not declined; neither text declines one the other requires in full mode).";
const A64_612_NMI_VIA_IRQ =
  "`system_uses_irq_prio_masking() && read_sysreg(daif)` (arch/arm64/kernel/entry-common.c:289) skips preemption when the IRQ exception turned out to carry a pseudo-NMI (the GIC driver then leaves DAIF masked, drivers/irqchip/irq-gic-v3.c). kentry's IRQ handler always takes the regular-IRQ path (it clears DAIF.IF through gic_arch_enable_irqs(); a pseudo-NMI is delivered as its own nested vector), so DAIF is always clear here and the test never holds: deleting the call changes nothing the model explores. The pseudo-NMI that arrives through the IRQ vector of an IRQs-unmasked context is outside the model.";
const A64_612_COND_RESCHED =
  "raw_irqentry_exit_cond_resched() (kernel/entry/common.c) is `if (!preempt_count()) { rcu_irq_exit_check_preempt(); if (need_resched()) preempt_schedule_irq(); }`. arm64_preempt_schedule_irq() calls it only after reading thread_info.preempt_count as 0 (arch/arm64/kernel/entry-common.c:280), which is the count 0 and need_resched set, so both tests hold and preempt_schedule_irq() runs as in the tree; rcu_irq_exit_check_preempt()'s PROVE_RCU assertions hold there (a task other than idle, RCU watching with the nesting of an interrupted task; the idle task never gets here, its preempt count is never 0).";

const A64_OWN_612: readonly JudgedMutant[] = [
  { key: "arm64/enter_from_user_mode: swap CT_WARN_ON(__ct_state() != CT_STATE_USER) ↔ user_exit_irqoff()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["CT_WARN_ON", "user_exit_irqoff"], argument: A64_612_CT_SWAP },
  { key: "arm64/enter_from_user_mode: trace_hardirqs_off_finish → trace_hardirqs_off", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["trace_hardirqs_off_finish", "trace_hardirqs_off"], argument: A64_612_OFF_FINISH },
  { key: "arm64/exit_to_user_mode: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["trace_hardirqs_on_prepare", "lockdep_hardirqs_on_prepare"], argument: A64_612_ON_PREPARE },
  { key: "arm64/__exit_to_kernel_mode: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["trace_hardirqs_on_prepare", "lockdep_hardirqs_on_prepare"], argument: A64_612_ON_PREPARE_KERNEL },
  { key: "arm64/exit_to_user_mode_prepare: swap local_daif_mask() ↔ lockdep_sys_exit()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["local_daif_mask", "lockdep_sys_exit"], argument: A64_612_SYS_EXIT },
  { key: "arm64/__enter_from_kernel_mode: ct_irq_enter → ct_nmi_enter", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["ct_irq_enter", "ct_nmi_enter"], argument: CT_SIBLING },
  { key: "arm64/__enter_from_kernel_mode: trace_hardirqs_off_finish → trace_hardirqs_off [1/2]", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["trace_hardirqs_off_finish", "trace_hardirqs_off"], argument: A64_612_OFF_FINISH },
  { key: "arm64/__enter_from_kernel_mode: trace_hardirqs_off_finish → trace_hardirqs_off [2/2]", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["trace_hardirqs_off_finish", "trace_hardirqs_off"], argument: A64_612_OFF_FINISH },
  { key: "arm64/__enter_from_kernel_mode: swap rcu_irq_enter_check_tick() ↔ trace_hardirqs_off_finish()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["rcu_irq_enter_check_tick", "trace_hardirqs_off_finish"], argument: A64_612_TICK_SWAP },
  { key: "arm64/__enter_from_kernel_mode: delete rcu_irq_enter_check_tick()", arch: 'arm64', trees: A64_612, class: 'outside-model', operator: 'delete', callees: ["rcu_irq_enter_check_tick"], argument: TICK_DELETE },
  { key: "arm64/enter_from_kernel_mode: swap __enter_from_kernel_mode(regs) ↔ mte_check_tfsr_entry()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["__enter_from_kernel_mode", "mte_check_tfsr_entry"], argument: A64_612_MTE },
  // session 32: the other 112 of the own helpers' mutants (stage 1, then stage 2 for each survivor)
  { key: "arm64/__exit_to_kernel_mode: ct_irq_exit → ct_nmi_exit [1/2]", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["ct_irq_exit", "ct_nmi_exit"], argument: A64_612_CT('__exit_to_kernel_mode(), arch/arm64/kernel/entry-common.c:80, before lockdep_hardirqs_on() at :81') },
  { key: "arm64/__exit_to_kernel_mode: ct_irq_exit → ct_nmi_exit [2/2]", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["ct_irq_exit", "ct_nmi_exit"], argument: A64_612_CT('__exit_to_kernel_mode(), arch/arm64/kernel/entry-common.c:88, the IRQs-off return: lockdep stays "off" throughout') },
  { key: "arm64/__exit_to_kernel_mode: delete lockdep_hardirqs_on(CALLER_ADDR0)", arch: 'arm64', trees: A64_612, class: 'outside-model', operator: 'delete', callees: ["lockdep_hardirqs_on"], argument: A64_612_EXIT_RCU_ON },
  { key: "arm64/__exit_to_kernel_mode: lockdep_hardirqs_on → lockdep_hardirqs_off", arch: 'arm64', trees: A64_612, class: 'outside-model', operator: 'sibling', callees: ["lockdep_hardirqs_on", "lockdep_hardirqs_off"], argument: A64_612_EXIT_RCU_ON },
  { key: "arm64/exit_to_kernel_mode: swap mte_check_tfsr_exit() ↔ __exit_to_kernel_mode(regs)", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["mte_check_tfsr_exit", "__exit_to_kernel_mode"], argument: A64_612_MTE_EXIT },
  { key: "arm64/exit_to_kernel_mode: delete mte_check_tfsr_exit()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'delete', callees: ["mte_check_tfsr_exit"], argument: A64_612_MTE_EXIT.replace('Moving an empty call', 'Deleting or moving an empty call') },
  { key: "arm64/do_notify_resume: delete clear_thread_flag(5)", arch: 'arm64', trees: A64_612, class: 'outside-model', operator: 'delete', callees: ["clear_thread_flag"], argument: A64_612_MTE_FAULT_FLAG },
  { key: "arm64/arm64_enter_nmi: swap __nmi_enter() ↔ lockdep_hardirqs_off(CALLER_ADDR0)", arch: 'arm64', trees: A64_612, class: 'outside-model', operator: 'swap', callees: ["__nmi_enter", "lockdep_hardirqs_off"], argument: A64_612_NMI_ENTER_ORDER },
  { key: "arm64/arm64_enter_nmi: swap lockdep_hardirqs_off(CALLER_ADDR0) ↔ lockdep_hardirq_enter()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["lockdep_hardirqs_off", "lockdep_hardirq_enter"], argument: A64_612_NMI_LOCKDEP_CTX },
  { key: "arm64/arm64_enter_nmi: swap lockdep_hardirq_enter() ↔ ct_nmi_enter()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["lockdep_hardirq_enter", "ct_nmi_enter"], argument: A64_612_NMI_LOCKDEP_CTX },
  { key: "arm64/arm64_enter_nmi: ct_nmi_enter → ct_irq_enter", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["ct_nmi_enter", "ct_irq_enter"], argument: A64_612_CT('arm64_enter_nmi(), arch/arm64/kernel/entry-common.c:200, after lockdep_hardirqs_off() at :198') },
  { key: "arm64/arm64_enter_nmi: swap trace_hardirqs_off_finish() ↔ ftrace_nmi_enter()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["trace_hardirqs_off_finish", "ftrace_nmi_enter"], argument: A64_612_NMI_FTRACE },
  { key: "arm64/arm64_enter_nmi: trace_hardirqs_off_finish → trace_hardirqs_off", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["trace_hardirqs_off_finish", "trace_hardirqs_off"], argument: A64_612_NMI_OFF_FINISH },
  { key: "arm64/arm64_exit_nmi: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["trace_hardirqs_on_prepare", "lockdep_hardirqs_on_prepare"], argument: A64_612_NMI_ON_PREPARE },
  { key: "arm64/arm64_exit_nmi: delete lockdep_hardirqs_on_prepare()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'delete', callees: ["lockdep_hardirqs_on_prepare"], argument: A64_612_NMI_ON_PREPARE },
  { key: "arm64/arm64_exit_nmi: lockdep_hardirqs_on_prepare → lockdep_hardirqs_on", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["lockdep_hardirqs_on_prepare", "lockdep_hardirqs_on"], argument: A64_612_NMI_ON_EARLY },
  { key: "arm64/arm64_exit_nmi: swap ct_nmi_exit() ↔ lockdep_hardirq_exit()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["ct_nmi_exit", "lockdep_hardirq_exit"], argument: A64_612_NMI_LOCKDEP_CTX },
  { key: "arm64/arm64_exit_nmi: ct_nmi_exit → ct_irq_exit", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["ct_nmi_exit", "ct_irq_exit"], argument: A64_612_CT('arm64_exit_nmi(), arch/arm64/kernel/entry-common.c:221, before lockdep_hardirqs_on() at :224') },
  { key: "arm64/arm64_enter_el1_dbg: ct_nmi_enter → ct_irq_enter", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["ct_nmi_enter", "ct_irq_enter"], argument: A64_612_CT('arm64_enter_el1_dbg(), arch/arm64/kernel/entry-common.c:238, after lockdep_hardirqs_off() at :237') },
  { key: "arm64/arm64_enter_el1_dbg: delete trace_hardirqs_off_finish()", arch: 'arm64', trees: A64_612, class: 'outside-model', operator: 'delete', callees: ["trace_hardirqs_off_finish"], argument: A64_612_DBG_TRACER_OFF },
  { key: "arm64/arm64_enter_el1_dbg: trace_hardirqs_off_finish → trace_hardirqs_off", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["trace_hardirqs_off_finish", "trace_hardirqs_off"], argument: A64_612_DBG_OFF_FINISH },
  { key: "arm64/arm64_exit_el1_dbg: swap trace_hardirqs_on_prepare() ↔ lockdep_hardirqs_on_prepare()", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'swap', callees: ["trace_hardirqs_on_prepare", "lockdep_hardirqs_on_prepare"], argument: A64_612_DBG_ON_PREPARE },
  { key: "arm64/arm64_exit_el1_dbg: ct_nmi_exit → ct_irq_exit", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["ct_nmi_exit", "ct_irq_exit"], argument: A64_612_CT('arm64_exit_el1_dbg(), arch/arm64/kernel/entry-common.c:257, before lockdep_hardirqs_on() at :259') },
  { key: "arm64/arm64_preempt_schedule_irq: negate if (IS_ENABLED(CONFIG_PREEMPT_DYNAMIC))", arch: 'arm64', trees: A64_612, class: 'outside-model', operator: 'negate', callees: [], argument: A64_612_PREEMPT_DYNAMIC_TEST },
  { key: "arm64/arm64_preempt_schedule_irq[PREEMPTION=none|voluntary|full PREEMPT_DYNAMIC=y PREEMPT_RT=n]: delete system_uses_irq_prio_masking()", arch: 'arm64', trees: A64_612, class: 'outside-model', operator: 'delete', callees: ["system_uses_irq_prio_masking"], argument: A64_612_NMI_VIA_IRQ },
  { key: "arm64/arm64_preempt_schedule_irq[PREEMPT_DYNAMIC=n]: delete system_uses_irq_prio_masking()", arch: 'arm64', trees: A64_612, class: 'outside-model', operator: 'delete', callees: ["system_uses_irq_prio_masking"], argument: A64_612_NMI_VIA_IRQ },
  { key: "arm64/arm64_preempt_schedule_irq[PREEMPTION=none|voluntary|full PREEMPT_DYNAMIC=y PREEMPT_RT=n]: preempt_schedule_irq → raw_irqentry_exit_cond_resched", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["preempt_schedule_irq", "raw_irqentry_exit_cond_resched"], argument: A64_612_COND_RESCHED },
  { key: "arm64/arm64_preempt_schedule_irq[PREEMPT_DYNAMIC=n]: preempt_schedule_irq → raw_irqentry_exit_cond_resched", arch: 'arm64', trees: A64_612, class: 'equivalent', operator: 'sibling', callees: ["preempt_schedule_irq", "raw_irqentry_exit_cond_resched"], argument: A64_612_COND_RESCHED },
];

/**
 * `base` with `more` added; a key already in `base` (a judgement for other trees, e.g. one carried
 * over from x86 for arm64 7.3, where 6.12's own helper of the same name makes the same mutant)
 * becomes one entry over both sets of trees, each argument labelled with its trees. The two must
 * agree on the class, operator and callees (keys are unique in the table).
 */
function withMoreTrees(base: readonly JudgedMutant[], more: readonly JudgedMutant[]): JudgedMutant[] {
  const out = [...base];
  for (const e of more) {
    const i = out.findIndex((b) => b.key === e.key);
    if (i < 0) {
      out.push(e);
      continue;
    }
    const b = out[i]!;
    if (b.class !== e.class || b.operator !== e.operator || b.callees.join() !== e.callees.join() || !b.trees || !e.trees) throw new Error(`judged table: ${e.key} is judged twice, differently`);
    out[i] = { ...b, trees: [...b.trees, ...e.trees], argument: `${b.trees.join(', ')}: ${b.argument} ${e.trees.join(', ')}: ${e.argument}` };
  }
  return out;
}

export const JUDGED: readonly JudgedMutant[] = withMoreTrees([...TABLE, ...fromX86(A64_FROM_X86, TABLE, 'arm64', A64_TREES), ...fromX86(RV_FROM_X86, TABLE, 'riscv', RV_TREES), ...fromX86(GENERIC_FROM_X86, TABLE, 'loongarch', LA_TREES),
  ...withoutX86Hooks('riscv', RV_TREES, { noHook: RV_NO_ARCH_HOOK, unwind: RV_UNWIND, repair: RV_SYSCALL_IRQS_REPAIR, repairNegated: RV_SYSCALL_IRQS_REPAIR_NEGATED }),
  ...withoutX86Hooks('loongarch', LA_TREES, { noHook: LA_NO_ARCH_HOOK, unwind: LA_UNWIND, repair: LA_SYSCALL_IRQS_REPAIR, repairNegated: LA_SYSCALL_IRQS_REPAIR_NEGATED }),
  ...fromX86([...NMI_PAIR_FROM_X86, ...S390_GENERIC_FROM_X86], TABLE, 's390', S390_TREES), ...S390_GENERIC,
  ...EXIT_LOOP_BODIES,
  ...PPC32,
], A64_OWN_612);
