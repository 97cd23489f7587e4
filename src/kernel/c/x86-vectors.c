// kentry harness: the x86-64 vectors of a real kernel tree, written for the model.
//
// A real tree defines its vectors through macros (DEFINE_IDTENTRY_IRQ, DEFINE_IDTENTRY_SYSVEC,
// DEFINE_IDTENTRY, DEFINE_IDTENTRY_NMI in arch/x86/include/asm/idtentry.h, do_syscall_64 in
// arch/x86/entry/common.c) whose expansions the C front end cannot see as functions. The functions
// below arrange the tree's own entry/exit functions in the order those macros do, so that
// everything they call — irqentry_enter(), irq_enter_rcu(), irqentry_exit(), … — is the tree's
// code, interpreted as written. Only the vector shells and the handler bodies are ours.
//
// Written from the reference (kentry-ref §4.5, §5.1–§5.6), not copied from a kernel tree. The
// Xen PV upcall needs no shell: the tree defines xen_pv_evtchn_do_upcall() as a plain function.
//
// kentry_assert_*() are the harness's own checks (src/kernel/entrywork.ts): the state the entry
// half promises the code it hands over to, and what the exit half must have done before IRET.
// kentry_local_wakeup() is the interrupt handler waking a task that should preempt the current
// one (a timer expiry, an I/O completion), which a preemptible return must act on.

// A device interrupt or system vector (IDTENTRY_IRQ / IDTENTRY_SYSVEC shape): the entry half
// decides about RCU, lockdep and the tracer; the handler runs between irq_enter_rcu() and
// irq_exit_rcu() on the IRQ stack, which is what run_irq_on_irqstack_cond() and
// run_sysvec_on_irqstack_cond() arrange; the exit half may preempt.
noinstr void kentry_tree_irq_vector(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	// Both vector macros set the per-CPU "flush L1D before the next VM entry" hint here, before
	// the instrumentation section opens (an always-inline per-CPU store).
	kvm_set_cpu_l1tf_flush_l1d();

	instrumentation_begin();
	kentry_assert_handler_state("interrupt handler");
	irq_enter_rcu();
	generic_handle_irq();
	kentry_local_wakeup();
	irq_exit_rcu();
	instrumentation_end();

	irqentry_exit(regs, state);

	// Harness check before IRET: a reschedule the handler asked for was looked at.
	kentry_assert_preempted(regs);
}

// What the tree's IRQ-stack switch does for the Xen PV upcall handler:
// run_sysvec_on_irqstack_cond(__xen_pv_evtchn_do_upcall, regs) brackets the handler with the
// hard-IRQ enter/exit pair, on the IRQ stack or (from user mode, or already on it) in place.
// The call in xen_pv_evtchn_do_upcall() is bound to this function (the IR has no calls through
// function arguments).
void kentry_irqstack___xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	kentry_assert_handler_state("Xen upcall handler");
	irq_enter_rcu();
	__xen_pv_evtchn_do_upcall(regs);
	// The event handlers may wake a task that should preempt the current one, which is what a
	// preemptible hypercall return must act on.
	kentry_local_wakeup();
	irq_exit_rcu();
}

// An exception that may arrive with IRQs on or off (IDTENTRY shape, e.g. #UD or #GP): no hard-IRQ
// bracket; the handler re-enables IRQs only if the interrupted context had them on, as the x86
// trap handlers' cond_local_irq_enable()/cond_local_irq_disable() pair does.
static void kentry_tree_exception_body(struct pt_regs *regs)
{
	kentry_assert_handler_state("exception handler");

	if (!regs_irqs_disabled(regs))
		local_irq_enable();

	kentry_exception_handler(regs);

	if (!regs_irqs_disabled(regs))
		local_irq_disable();
}

noinstr void kentry_tree_exception_vector(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	instrumentation_begin();
	kentry_tree_exception_body(regs);
	instrumentation_end();

	irqentry_exit(regs, state);
}

// The NMI (DEFINE_IDTENTRY_NMI(exc_nmi) shape without the x86 nesting/CR2/DR7 bookkeeping, which
// touches no modelled state): the generic NMI pair around the NMI handlers.
noinstr void kentry_tree_nmi_vector(struct pt_regs *regs)
{
	irqentry_state_t irq_state = irqentry_nmi_enter(regs);

	instrumentation_begin();
	kentry_assert_handler_state("NMI handler");
	default_do_nmi(regs);
	instrumentation_end();

	irqentry_nmi_exit(regs, irq_state);

	// Harness check before the NMI returns: lockdep and the tracer agree if they did before.
	kentry_assert_nmi_restored();
}

// A 64-bit system call (do_syscall_64 shape): user entry and IRQ enable, the call itself with IRQs
// on, then the syscall exit work and the return to user mode, including the exit-to-user loop.
noinstr void kentry_tree_syscall(struct pt_regs *regs)
{
	long nr;

	add_random_kstack_offset();
	nr = syscall_enter_from_user_mode(regs, 0);

	instrumentation_begin();
	kentry_assert_syscall_state();
	kentry_syscall_body(regs, nr);
	instrumentation_end();

	syscall_exit_to_user_mode(regs);
}

