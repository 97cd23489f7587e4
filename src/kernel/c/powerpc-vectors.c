// kentry harness: the powerpc interrupt entries of a real kernel tree, written for the model.
//
// On powerpc the assembly entry code (arch/powerpc/kernel/entry_32.S, head_*.S; exceptions-64s.S
// on 64-bit) saves the registers and calls one C handler per interrupt. The handlers are defined
// with the DEFINE_INTERRUPT_HANDLER{,_ASYNC,_NMI,_RET,_RAW} macros of
// arch/powerpc/include/asm/interrupt.h: each macro makes an outer function that brackets the
// handler's body with the entry and exit steps, and the body an __always_inline function of its
// own. The front end does not expand function-defining macros, so neither the outer function nor
// the body is a function it can read. The shells below take, for each row, the entry and exit
// steps in the order the macro takes them, each a call of the tree's own function
// (arch_interrupt_*_prepare() of asm/entry-common.h, irqentry_enter()/irqentry_exit(),
// irq_enter_rcu()/irq_exit_rcu(), nap_adjust_return()), and the body as the tree's handler
// writes it (its callees are the tree's).
//
// After the handler returns, the assembly's interrupt_return calls
// interrupt_exit_user_prepare() or interrupt_exit_kernel_prepare() (arch/powerpc/kernel/
// interrupt.c) on the way back, chosen by the saved MSR's problem-state bit; the shells call them
// the same way. A system call goes to system_call_exception() (arch/powerpc/kernel/syscall.c) and
// then to syscall_exit_prepare() (interrupt.c), both the tree's.
//
// Written for kentry in our own words, not copied from a kernel tree.

// What generic_handle_irq() is to the model: the device interrupt's handler, which may wake a task
// that should preempt the interrupted one. It runs between the tree's irq_enter_rcu() and
// irq_exit_rcu().
void kentry_powerpc_handle_irq(unsigned int irq)
{
	kentry_assert_handler_state("interrupt handler");
	kentry_irq_handler();
	kentry_local_wakeup();
}

// The way back to the interrupted context (interrupt_return in the assembly): the exit steps for
// user mode or for kernel mode, by the saved MSR's PR bit.
//
// On a 64-bit kernel (arch/powerpc/kernel/interrupt_64.S, interrupt_return_macro) the assembly
// then runs a restartable sequence before the rfid: to user mode it restarts through
// interrupt_exit_user_restart() while an interrupt is pending in irq_happened, else it sets the
// soft mask to IRQS_ENABLED and clears irq_happened; to the kernel it stores regs->softe into the
// soft mask and, returning soft-enabled, restarts through interrupt_exit_kernel_restart() while an
// interrupt is pending (else clears irq_happened), or, returning soft-disabled with MSR[EE] on,
// clears EE in the saved MSR when a must-hard-mask interrupt is pending (else only HARD_DIS). An
// interrupt that arrives inside the sequence is soft-masked (the soft-mask table) and returns to
// the restart point, so each check is one step (kentry_powerpc_return_*_check(), src/kernel/
// powerpc.ts); the restart functions are the tree's.
notrace void kentry_powerpc_interrupt_return(struct pt_regs *regs)
{
	if (user_mode(regs)) {
		interrupt_exit_user_prepare(regs);
		if (IS_ENABLED(CONFIG_PPC64)) {
			while (kentry_powerpc_return_user_check(regs))
				interrupt_exit_user_restart(regs);
		}
	} else {
		interrupt_exit_kernel_prepare(regs);
		if (IS_ENABLED(CONFIG_PPC64)) {
			while (kentry_powerpc_return_kernel_check(regs))
				interrupt_exit_kernel_restart(regs);
		}
	}
}

// What __replay_soft_interrupts() (arch/powerpc/kernel/irq_64.c) calls for a pending external
// interrupt: do_IRQ(&regs), the DEFINE_INTERRUPT_HANDLER_ASYNC handler, as a function call with
// regs made by ppc_save_regs() and set to look like a soft-enabled kernel context (softe
// IRQS_ENABLED, MSR[EE] set). The explorer makes a call of this function a replay
// (ArchHarnesses.replayVector, engine.ts replayCall): regs is an interrupt context of its own with
// that saved state, popped when the function returns (no rfid, nothing restored), and the whole
// replay is summarised like a nested IRQ. The handler's steps are a delivered external
// interrupt's.
notrace void kentry_powerpc_replayed_do_IRQ(struct pt_regs *regs)
{
	kentry_powerpc_do_IRQ(regs);
}

// do_IRQ(), an asynchronous handler (DEFINE_INTERRUPT_HANDLER_ASYNC). Its body is __do_IRQ(regs)
// (arch/powerpc/kernel/irq.c), which swaps the irq regs pointer and runs __do_irq() on the hard-IRQ
// stack: directly when already on it, otherwise through call_do_irq(), an asm statement that
// switches r1 to that stack, calls __do_irq(regs, old r1) with `bl` and restores r1. Both branches
// are __do_irq(regs, sp); the stack switch touches nothing the model tracks (the clobber list
// names only caller-saved registers), and the old stack pointer is only used by the stack-overflow
// check (CONFIG_DEBUG_STACKOVERFLOW, outside the lattice): here it is the value of an opaque call
// (kentry_powerpc_r1(), listed; the tree reads r1 through a register variable, current_stack_pointer,
// which the front end does not lower). __do_irq() is the tree's, read as written.
notrace void kentry_powerpc_do_IRQ(struct pt_regs *regs)
{
	irqentry_state_t state;
	struct pt_regs *old_regs;

	arch_interrupt_async_enter_prepare(regs);
	state = irqentry_enter(regs);
	instrumentation_begin();
	irq_enter_rcu();

	old_regs = set_irq_regs(regs);
	__do_irq(regs, kentry_powerpc_r1());
	set_irq_regs(old_regs);

	nap_adjust_return(regs);
	irq_exit_rcu();
	instrumentation_end();
	arch_interrupt_async_exit_prepare(regs);
	irqentry_exit(regs, state);
}

noinstr void kentry_powerpc_irq_vector(struct pt_regs *regs)
{
	kentry_powerpc_do_IRQ(regs);
	kentry_powerpc_interrupt_return(regs);

	// Harness check before rfi: a reschedule asked for was looked at.
	kentry_assert_preempted(regs);
}

// unknown_exception(), a synchronous handler (DEFINE_INTERRUPT_HANDLER) whose body reports the
// trap and raises SIGTRAP: printk() and _exception(SIGTRAP, regs, TRAP_UNK, 0) (both opaque to the
// model). IRQs stay as arch_interrupt_enter_prepare() left them, soft- or hard-disabled.
notrace void kentry_powerpc_unknown_exception(struct pt_regs *regs)
{
	irqentry_state_t state;

	arch_interrupt_enter_prepare(regs);
	state = irqentry_enter(regs);
	instrumentation_begin();

	printk("Bad trap\n");
	_exception(SIGTRAP, regs, TRAP_UNK, 0);

	instrumentation_end();
	arch_interrupt_exit_prepare(regs);
	irqentry_exit(regs, state);
}

noinstr void kentry_powerpc_exception_vector(struct pt_regs *regs)
{
	kentry_powerpc_unknown_exception(regs);
	kentry_powerpc_interrupt_return(regs);
}

// A system call (sc): system_call_exception(regs, r0) with the syscall number in r0, then
// syscall_exit_prepare(r3, regs, scv) with the handler's return value (scv 0: the sc instruction,
// as entry_32.S passes it).
//
// On a 64-bit kernel the assembly (interrupt_64.S, system_call_common) does two things first and
// one after. The sc interrupt leaves the soft mask as user mode had it (IRQS_ENABLED, nothing
// pending): before system_call_exception() it stores IRQS_ALL_DISABLED into the soft mask, so
// that the entry's trace_hardirqs_off() finds IRQs disabled, and then turns MSR[EE] and MSR[RI]
// back on (Book3S: mtmsrd of both bits, what __hard_irq_enable() does), so interrupts arrive
// soft-masked from then on. After syscall_exit_prepare() it runs the same restartable sequence
// as interrupt_return to user mode (.Lsyscall_rst_start: an interrupt pending besides HARD_DIS
// restarts through syscall_exit_restart() with the soft mask at IRQS_ALL_DISABLED; else the soft
// mask goes to IRQS_ENABLED and irq_happened is cleared before the rfid).
//
// system_call_common is head_64.S text (interrupt_64.S is included there), below
// __end_soft_masked, and runs with MSR[EE] on from its mtmsrd to its call of
// system_call_exception(): an NMI taken there has regs->nip below __end_soft_masked, outside the
// soft-mask table, and its is_implicit_soft_masked() searches the table. The shell marks those
// steps (kentry_powerpc_soft_masked_text()). Its other steps that stand for head text run with
// MSR[EE] clear (the entry before the handler, the restartable sequences), where
// arch_interrupt_nmi_enter_prepare() does not look at regs->nip.
noinstr void kentry_powerpc_syscall_vector(struct pt_regs *regs)
{
	long ret;

	if (IS_ENABLED(CONFIG_PPC64)) {
		kentry_powerpc_soft_masked_text(1);
		irq_soft_mask_set(IRQS_ALL_DISABLED);
		__hard_irq_enable();
		kentry_powerpc_soft_masked_text(0);
	}
	ret = system_call_exception(regs, regs->gpr[0]);
	ret = syscall_exit_prepare(ret, regs, 0);
	if (IS_ENABLED(CONFIG_PPC64)) {
		while (kentry_powerpc_return_user_check(regs))
			ret = syscall_exit_restart(ret, regs);
	}
}

// The NMI-class handler (DEFINE_INTERRUPT_HANDLER_NMI) of the config: on 32-bit Book3S
// machine_check_exception(), on 64-bit Book3S the system reset, system_reset_exception()
// (traps.c; the NMI IPI and the debugger's sreset; 64-bit machine checks run their early handler
// in real mode and are not modelled). Below, the 32-bit reading:
// machine_check_exception(), the NMI-class handler of 32-bit Book3S (DEFINE_INTERRUPT_HANDLER_NMI;
// head_book3s_32.S calls it from the machine-check vector and then branches to interrupt_return,
// like every other interrupt there). A machine check is gated by MSR[ME], not MSR[EE], so it can
// arrive between any two steps. The steps, in the macro's order:
// arch_interrupt_nmi_enter_prepare(), then irqentry_nmi_enter() unless the CPU runs with data
// relocation off (MSR[DR] clear) and one of the real-mode cases holds: a 64-bit Book3S hash guest
// of a partitioned firmware, KASAN, or a per-CPU first chunk that is not embedded; the body; then
// arch_interrupt_nmi_exit_prepare() and irqentry_nmi_exit() under the same test. The tree tests
// `mfmsr() & MSR_DR`; the model does not track MSR[DR], so kentry_powerpc_msr_dr() (a choice, both
// explored; tested once for entry and exit, see below) stands for it (model C does not see the tree's macros); firmware_has_feature() and radix_enabled() are the tree's (reached only
// with CONFIG_PPC_BOOK3S_64), and percpu_first_chunk_is_paged is written out as asm/percpu.h
// defines it (a boot-time static key with NEED_PER_CPU_PAGE_FIRST_CHUNK and SMP, false otherwise;
// the key's value is opaque). The body, __machine_check_exception() (arch/powerpc/kernel/traps.c),
// is not read; of what it does, the model takes the one step that touches state it tracks: before
// anything else (after counting the machine check) it taints the kernel with TAINT_MACHINE_CHECK
// and LOCKDEP_NOW_UNRELIABLE, which switches lockdep off for good, so every machine check that
// comes back has turned lockdep off. The rest is the model's NMI handler, then whether it
// recovers: on 32-bit Book3S only through an exception-table fixup (the I/O-access check, the
// 750 board hook), which the kernel code a context runs can have and the entry and exit steps and
// user code cannot; kentry_powerpc_mce_recover() ends the path of a machine check nested in those
// steps or taken in user mode (die_mce()).
notrace long kentry_powerpc_machine_check_exception(struct pt_regs *regs)
{
	irqentry_state_t state;
	struct interrupt_nmi_state nmi_state;
	bool nmi_entry;

	arch_interrupt_nmi_enter_prepare(regs, &nmi_state);
	// The macro tests the same conditions before the handler and after it; none of them changes
	// in between (MSR[DR] is the handler's translation mode, the firmware feature, the MMU type
	// and the per-CPU chunk are fixed at boot), so the shell tests them once and keeps the answer:
	// entry and exit go together, as they do in the kernel.
	if (kentry_powerpc_msr_dr()) {
		nmi_entry = true;
	} else if (IS_ENABLED(CONFIG_PPC_BOOK3S_64) && firmware_has_feature(FW_FEATURE_LPAR) && !radix_enabled()) {
		// real mode in a hash guest: no NMI entry
		nmi_entry = false;
	} else if (IS_ENABLED(CONFIG_KASAN)) {
		// real mode with KASAN: no NMI entry
		nmi_entry = false;
	} else if (IS_ENABLED(CONFIG_NEED_PER_CPU_PAGE_FIRST_CHUNK) && IS_ENABLED(CONFIG_SMP) &&
		   static_key_enabled(&__percpu_first_chunk_is_paged.key)) {
		// real mode with a paged per-CPU first chunk: no NMI entry
		nmi_entry = false;
	} else {
		nmi_entry = true;
	}
	if (nmi_entry)
		state = irqentry_nmi_enter(regs);

	if (IS_ENABLED(CONFIG_PPC64)) {
		// 64-bit: the system reset's body (system_reset_exception(), traps.c): the NMI IPI
		// handler of the platform (ppc_md.system_reset_exception) is the model's NMI handler; it
		// comes back only when that handler (or a debugger) took it, and a nested one dies
		// ("Unrecoverable nested System Reset", paca->in_nmi > 1).
		kentry_assert_handler_state("system reset handler");
		kentry_nmi_handler(regs);
		kentry_powerpc_sreset_recover(regs);
	} else {
		kentry_assert_handler_state("machine check handler");
		add_taint(TAINT_MACHINE_CHECK, LOCKDEP_NOW_UNRELIABLE);
		kentry_nmi_handler(regs);
		kentry_powerpc_mce_recover(regs);
	}

	arch_interrupt_nmi_exit_prepare(regs, &nmi_state);
	if (nmi_entry)
		irqentry_nmi_exit(regs, state);

	return 0;
}

noinstr void kentry_powerpc_nmi_vector(struct pt_regs *regs)
{
	kentry_powerpc_machine_check_exception(regs);
	// head_book3s_32.S: `b interrupt_return` after the handler, as for every interrupt. 64-bit:
	// system_reset_common returns with EXCEPTION_RESTORE_REGS and an rfid (exceptions-64s.S), no
	// exit steps; arch_interrupt_nmi_exit_prepare() has put the soft-mask state back.
	if (!IS_ENABLED(CONFIG_PPC64))
		kentry_powerpc_interrupt_return(regs);

	// Harness check before rfi: lockdep and the tracer agree if they did before.
	kentry_assert_nmi_restored();
}

// preempt_enable() and preempt_check_resched(), reached from 64-bit arch_local_irq_restore()
// (kernel/irq_64.c) after a replay, are the model's generic ones (src/kernel/c/sched.c).
