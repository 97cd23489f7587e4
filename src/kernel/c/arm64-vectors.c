// kentry harness: the arm64 interrupt vectors of a real kernel tree, written for the model.
//
// On arm64 the exception vector table (assembly) saves the registers and branches to a C handler
// chosen by where the exception came from: an IRQ taken from EL0 (user) goes to
// el0t_64_irq_handler(), one taken from EL1 with SP_EL1 (kernel) to el1h_64_irq_handler(). Both
// are the tree's own C, in arch/arm64/kernel/entry-common.c, and both pass the irqchip's root
// handler (the function pointer handle_arch_irq) down to el0_interrupt()/el1_interrupt(). The
// shells below only make the hardware's choice — by user_mode(regs) — and call the tree's handler,
// so everything from there on (the generic irqentry helpers, irq_enter_rcu(), the preemption
// check, the return to user mode) is the tree's code, interpreted as written.
//
// Written for kentry in our own words, not copied from a kernel tree.
//
// Besides the IRQ, the shells below enter the tree's synchronous-exception, SVC, SError and EL1
// debug handlers (the exception, syscall, serror and debug rows): each makes the choice the vector
// table and the syndrome register make, and calls one representative handler (docs/harnesses.md
// says which and why).
//
// Limits (docs/arch-plan.md):
// - Without GIC priority masking, PSTATE.I is the one hardware IRQ flag (hwIF): the hardware masks
//   it on exception entry, as it does IF on x86, and the NMI-class vector that can arrive between
//   any two steps is the SError path (el1h_64_error_handler() / el0t_64_error_handler(): the
//   generic NMI pair around do_serror()), while PSTATE.A is clear.
// - With CONFIG_ARM64_PSEUDO_NMI (the cap taken to be in use, src/kernel/arm64.ts), the kernel's
//   IRQ flag is the GIC priority mask (PMR), and the NMI-class vector is the pseudo-NMI instead of
//   SError: a GIC interrupt at NMI priority, taken through the same IRQ vector, signalled while
//   PSTATE.I is clear and the PMR masks regular IRQs (src/explore/engine.ts). el1_interrupt() then
//   finds regs_irqs_disabled() and takes __el1_pnmi() (irqentry_nmi_enter/exit), as the tree says.
//   A pseudo-NMI that arrives where PMR lets regular IRQs through enters like any IRQ (nothing
//   before the GIC driver can tell them apart): that is the nested IRQ's entry. SError is not
//   delivered at those points (one NMI-class vector per row); its path is checked at the
//   points without pseudo-NMI.
// - The interrupt handler is reached through function pointers: the tree passes handle_arch_irq
//   down el1_interrupt()/el0_interrupt() to do_interrupt_handler(), which calls `handler(regs)` or
//   switches to the IRQ stack with call_on_irq_stack(regs, handler). kentry specializes those
//   functions for the constant argument (kernel-target.ts specializeParamCalls, each call listed
//   as a rewrite in the coverage report) and binds handle_arch_irq/handle_arch_fiq, which the
//   irqchip driver sets at boot, to kentry_arm64_handle_irq() below.

// What handle_arch_irq points to (the irqchip's root handler, GICv3's gic_handle_irq() where
// pseudo-NMIs exist): the device interrupt's handler, which may wake a task that should preempt the
// interrupted one. It runs between the tree's irq_enter_rcu() and irq_exit_rcu(). With priority
// masking the GIC driver tells the two entries apart by the interrupted context: with IRQs masked
// there, only a pseudo-NMI can have been taken (the entry code ran the NMI pair), and PMR and
// PSTATE.I are left alone; otherwise the driver unmasks pseudo-NMIs (PMR to GIC_PRIO_IRQOFF,
// PSTATE.I and F clear: gic_unmask_pnmis()) before the IRQ's handler runs.
void kentry_arm64_handle_irq(struct pt_regs *regs)
{
	kentry_assert_handler_state("interrupt handler");
	if (IS_ENABLED(CONFIG_ARM64_PSEUDO_NMI) && regs_irqs_disabled(regs)) {
		kentry_nmi_handler();
		return;
	}
	gic_unmask_pnmis();
	// The GIC drivers mark their interrupts "handle in IRQ context only" (irq-gic-v3.c and
	// irq-gic.c set the enforce-irqctx flag when they map one), and the generic IRQ layer's
	// descriptor handler refuses such an interrupt outside hardirq context with a WARN_ON_ONCE
	// (kernel/irq/irqdesc.c, handle_irq_desc()): the entry code must have run irq_enter_rcu().
	WARN_ON_ONCE(!in_hardirq());
	generic_handle_irq();
	kentry_local_wakeup();
}

noinstr void kentry_arm64_irq_vector(struct pt_regs *regs)
{
	if (user_mode(regs))
		el0t_64_irq_handler(regs);
	else
		el1h_64_irq_handler(regs);

	// Harness check before ERET: a reschedule asked for was looked at.
	kentry_assert_preempted(regs);
}

noinstr void kentry_arm64_nmi_vector(struct pt_regs *regs)
{
	if (IS_ENABLED(CONFIG_ARM64_PSEUDO_NMI))
		el1h_64_irq_handler(regs);	// a pseudo-NMI, delivered in kernel mode
	else if (user_mode(regs))
		el0t_64_error_handler(regs);
	else
		el1h_64_error_handler(regs);

	// Harness check before the SError returns: lockdep and the tracer agree if they did before.
	kentry_assert_nmi_restored();
}

// The pseudo-NMI as the vector under check (the `nmi` row, only with CONFIG_ARM64_PSEUDO_NMI): a
// GIC interrupt at NMI priority, which the GIC signals while PSTATE.I is clear even where PMR masks
// regular IRQs. The row arrives in the contexts with IRQs masked (by PMR: local_irq_disable() leaves
// PSTATE.I clear), including the idle task with RCU in its extended quiescent state; there
// el1_interrupt() finds regs_irqs_disabled() and takes __el1_pnmi(). Elsewhere a pseudo-NMI enters
// exactly as the irq row's IRQ does.
noinstr void kentry_arm64_pnmi_vector(struct pt_regs *regs)
{
	el1h_64_irq_handler(regs);

	// Harness check before the pseudo-NMI returns: lockdep and the tracer agree if they did before.
	kentry_assert_nmi_restored();
}

// The system call (the `syscall` row): an SVC from EL0 lands in el0t_64_sync_handler(), whose
// switch on the exception class (ESR_EL1.EC, read with `mrs`) picks el0_svc() for
// ESR_ELx_EC_SVC64. The shell makes that choice, as the hardware's syndrome does, and calls the
// tree's el0_svc(): its enter-from-user helper, the DAIF_PROCCTX restore, do_el0_svc() →
// el0_svc_common() (arch/arm64/kernel/syscall.c: the trace hooks around invoke_syscall(), whose
// sys_call_table entry is an indirect call kentry cannot see) and its exit to user mode.
noinstr void kentry_arm64_syscall_vector(struct pt_regs *regs)
{
	el0_svc(regs);
}

// A synchronous exception (the `exception` row): a data abort, the page fault of arm64. From EL0
// the vector table enters el0t_64_sync_handler(), which takes el0_da() for ESR_ELx_EC_DABT_LOW;
// from EL1 el1h_64_sync_handler(), which takes el1_abort() for ESR_ELx_EC_DABT_CUR. The shell
// makes the vector table's choice and the syndrome's, and calls the tree's handler with the
// syndrome as the tree reads it. Both handlers have the shape every EL0/EL1 sync handler but the
// debug ones and el0_svc() has: the enter helper, DAIF from the interrupted context (EL1:
// local_daif_inherit()) or DAIF_PROCCTX (EL0), the fault handler (do_mem_abort(), not read), the
// exit helper.
noinstr void kentry_arm64_exception_vector(struct pt_regs *regs)
{
	unsigned long esr = read_sysreg(esr_el1);

	if (user_mode(regs))
		el0_da(regs, esr);
	else
		el1_abort(regs, esr);
}

// An SError as the vector under check (the `serror` row): el0t_64_error_handler() from EL0,
// el1h_64_error_handler() from EL1, the tree's. It arrives wherever PSTATE.A is clear: every
// entry context (the kernel keeps A clear in process context, DAIF_PROCCTX, and local_irq_disable()
// sets only I, or only PMR with priority masking).
noinstr void kentry_arm64_serror_vector(struct pt_regs *regs)
{
	if (user_mode(regs))
		el0t_64_error_handler(regs);
	else
		el1h_64_error_handler(regs);

	// Harness check before the SError returns: lockdep and the tracer agree if they did before.
	kentry_assert_nmi_restored();
}

// A debug exception taken from EL1 (the `debug` row): a BRK instruction in kernel code (BUG(),
// WARN(), a kprobe), which el1h_64_sync_handler() hands to el1_brk64() for ESR_ELx_EC_BRK64. The
// tree brackets every EL1 debug handler (el1_breakpt(), el1_softstp(), el1_watchpt(),
// el1_brk64()) with arm64_enter_el1_dbg()/arm64_exit_el1_dbg(), its own NMI-style pair (lockdep
// told off, ct_nmi_enter(), the tracer told off; the reverse on exit), because a debug exception
// can be taken wherever PSTATE.D is clear: with IRQs masked and in the idle task with RCU in its
// extended quiescent state. Only from EL1: EL0's debug exceptions take the user-mode helpers.
noinstr void kentry_arm64_debug_vector(struct pt_regs *regs)
{
	unsigned long esr = read_sysreg(esr_el1);

	el1_brk64(regs, esr);

	// Harness check before the exception returns: lockdep and the tracer agree if they did before.
	kentry_assert_nmi_restored();
}
