// kentry harness: the riscv trap vectors of a real kernel tree, written for the model.
//
// On riscv one trap entry (assembly, arch/riscv/kernel/entry.S) saves the registers and calls a C
// handler chosen by the cause: an interrupt goes to do_irq(), an exception to the handler of its
// cause from a table (do_trap_unknown(), do_trap_break(), do_page_fault(), do_trap_ecall_u(), …).
// Those handlers are the tree's own C, in arch/riscv/kernel/traps.c, and they make the user/kernel
// choice themselves (user_mode(regs)), so the shells below only call them: everything from there on
// (irqentry_enter(), the IRQ-stack switch, irq_enter_rcu(), the handler, irqentry_exit(), the
// user-mode pair, the NMI pair) is the tree's code, interpreted as written.
//
// Written for kentry in our own words, not copied from a kernel tree.
//
// - The interrupt handler is reached through the function pointer handle_arch_irq, which the
//   interrupt-controller driver sets at boot (set_handle_irq()); kentry binds it to
//   kentry_riscv_handle_irq() below (kernel-target.ts specializeParamCalls, each call listed as a
//   rewrite in the coverage report). call_on_irq_stack(regs, fn) runs fn(regs) on the IRQ stack
//   (assembly, no irq_enter/exit of its own) and is followed the same way.
// - The exception row runs the tree's do_trap_break() (the ebreak trap: BUG(), WARN(), kprobes,
//   uprobes), which has the shape DO_ERROR_INFO gives every error trap, written out as a plain
//   function (the front end does not expand function-defining macros, so do_trap_unknown() & co.
//   are not functions to it): from user mode the user-mode pair around the handler, IRQs on; from
//   kernel mode riscv treats the trap as an NMI (irqentry_nmi_enter()/irqentry_nmi_exit()), since
//   a kernel-mode trap (a BUG/WARN ebreak, a kprobe) can be taken anywhere, with IRQs on or off.
// - riscv has no NMI: the NMI-class event that can arrive between any two steps is that
//   kernel-mode trap, with the tree's own NMI pair around it (kentry_riscv_nmi_vector).

// What handle_arch_irq points to (the interrupt controller's root handler, e.g. the INTC's
// riscv_intc_irq()): the device interrupt's handler, which may wake a task that should preempt
// the interrupted one. It runs between the tree's irq_enter_rcu() and irq_exit_rcu().
void kentry_riscv_handle_irq(struct pt_regs *regs)
{
	kentry_assert_handler_state("interrupt handler");
	generic_handle_irq();
	kentry_local_wakeup();
}

noinstr void kentry_riscv_irq_vector(struct pt_regs *regs)
{
	do_irq(regs);

	// Harness check before SRET: a reschedule asked for was looked at.
	kentry_assert_preempted(regs);
}

noinstr void kentry_riscv_exception_vector(struct pt_regs *regs)
{
	do_trap_break(regs);
}

noinstr void kentry_riscv_nmi_vector(struct pt_regs *regs)
{
	// Delivered as the model's NMI: regs say kernel mode, so the tree's handler takes its
	// irqentry_nmi_enter()/irqentry_nmi_exit() branch.
	do_trap_break(regs);

	// Harness check before the trap returns: lockdep and the tracer agree if they did before.
	kentry_assert_nmi_restored();
}
