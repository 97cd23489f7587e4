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
// Limits of this first step (docs/arch-plan.md):
// - DAIF is modelled as the one hardware IRQ flag (hwIF): the hardware masks it on exception
//   entry, as it does IF on x86. The GIC priority mask (PMR) and pseudo-NMIs are not modelled yet;
//   CONFIG_ARM64_PSEUDO_NMI is not an axis, so el1_interrupt()'s __el1_pnmi() branch is reached
//   only where the tree's Kconfig default turns it on.
// - The interrupt handler is reached through function pointers: the tree passes handle_arch_irq
//   down el1_interrupt()/el0_interrupt() to do_interrupt_handler(), which calls `handler(regs)` or
//   switches to the IRQ stack with call_on_irq_stack(regs, handler). kentry specializes those
//   functions for the constant argument (kernel-target.ts specializeParamCalls, each call listed
//   as a rewrite in the coverage report) and binds handle_arch_irq/handle_arch_fiq, which the
//   irqchip driver sets at boot, to kentry_arm64_handle_irq() below.
// - The NMI that can arrive between any two steps is the SError path (el1h_64_error_handler() /
//   el0t_64_error_handler(): the generic NMI pair around do_serror()), arm64's NMI-like entry
//   that is not a pseudo-NMI.

// What handle_arch_irq points to (the irqchip's root handler, e.g. gic_handle_irq()): the device
// interrupt's handler, which may wake a task that should preempt the interrupted one. It runs
// between the tree's irq_enter_rcu() and irq_exit_rcu().
void kentry_arm64_handle_irq(struct pt_regs *regs)
{
	kentry_assert_handler_state("interrupt handler");
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
	if (user_mode(regs))
		el0t_64_error_handler(regs);
	else
		el1h_64_error_handler(regs);

	// Harness check before the SError returns: lockdep and the tracer agree if they did before.
	kentry_assert_nmi_restored();
}
