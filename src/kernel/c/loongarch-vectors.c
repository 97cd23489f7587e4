// kentry harness: the LoongArch interrupt and exception vectors of a real kernel tree, written
// for the model.
//
// On LoongArch the exception entries (assembly, arch/loongarch/kernel/genex.S and entry.S) save
// the registers and call a C handler: an interrupt goes through handle_vint to do_vint(regs, sp)
// (both arguments are the stack pointer, which points at the saved registers), an exception to
// the do_*() handler of its cause (do_bp(), do_ri(), do_fpu(), …), a system call to
// do_syscall(regs). Those handlers are the tree's own C (arch/loongarch/kernel/traps.c and
// syscall.c) and make the user/kernel choice themselves (irqentry_enter()), so the shells below
// only call them: everything from there on is the tree's code, interpreted as written.
//
// Written for kentry in our own words, not copied from a kernel tree.
//
// - do_vint() switches to the IRQ stack by hand, unless it is on it already (on_irq_stack(), whose
//   per-CPU read of irq_stack is memory the model does not track: both branches are explored). The
//   switch is an asm statement that saves $sp, loads the IRQ stack, puts regs in $a0 and calls
//   handle_loongarch_irq with `bl`, then restores $sp. kentry lowers it to the call
//   handle_loongarch_irq(regs) (src/c/lower.ts, AsmCallSpec): the model has one stack, and
//   saving, switching and restoring $sp touches nothing else it tracks. What is assumed: the
//   callee returns, and the registers the statement clobbers are caller-saved (its clobber list
//   names them), so no value the C code reads afterwards changes.
// - handle_loongarch_irq() calls the root interrupt handler through the function pointer
//   handle_arch_irq, which the interrupt-controller driver sets at boot (set_handle_irq()); kentry
//   binds it to kentry_loongarch_handle_irq() below (kernel-target.ts specializeParamCalls, each
//   call listed as a rewrite in the coverage report).
// - The exception row runs the tree's do_bp() (the break trap: BUG(), WARN(), kprobes, uprobes,
//   kgdb): irqentry_enter(), IRQs re-enabled only if the interrupted context had them on
//   (`if (!pie) local_irq_enable()`, pie = regs_irqs_disabled(regs), PRMD.PIE), the handler,
//   the same test before local_irq_disable(), irqentry_exit(). It is the shape of every do_*()
//   handler of traps.c that re-enables IRQs conditionally (do_bp(), do_bce(), do_lbt(), do_ale()
//   with ARCH_STRICT_ALIGN); do_ri(), do_fpu() & co. enable them unconditionally, do_ade() and
//   do_watch() not at all.
// - LoongArch has no NMI in the generic-entry sense: no code of arch/loongarch calls
//   irqentry_nmi_enter(), the machine-error exception (except_vec_cex) panics in
//   cache_parity_error() without entry code, and the NMI backtrace is an ordinary IPI
//   (arch_trigger_cpumask_backtrace() → smp_call_function_single_async()). So no NMI-class
//   vector is delivered (ARCH_HARNESSES.loongarch has no nmiVector); nested IRQs are.

// What handle_arch_irq points to (the interrupt controller's root handler, e.g. the CPU
// interrupt controller's handle_cpu_irq()): the device interrupt's handler, which may wake a task
// that should preempt the interrupted one. It runs between the tree's irq_enter_rcu() and
// irq_exit_rcu().
void kentry_loongarch_handle_irq(struct pt_regs *regs)
{
	kentry_assert_handler_state("interrupt handler");
	generic_handle_irq();
	kentry_local_wakeup();
}

noinstr void kentry_loongarch_irq_vector(struct pt_regs *regs)
{
	// handle_vint passes the stack pointer twice: as the saved registers and as sp.
	do_vint(regs, (unsigned long)regs);

	// Harness check before ERTN: a reschedule asked for was looked at.
	kentry_assert_preempted(regs);
}

noinstr void kentry_loongarch_exception_vector(struct pt_regs *regs)
{
	do_bp(regs);
}
