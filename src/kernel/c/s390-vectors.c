// kentry harness: the s390 interruption classes of a real kernel tree, written for the model.
//
// On s390 each interruption class has its own new PSW. The assembly entry points of
// arch/s390/kernel/entry.S (io_int_handler, ext_int_handler, pgm_check_handler, system_call,
// mcck_int_handler) save the old PSW and the registers in pt_regs and call one C function each:
// do_io_irq(), do_ext_irq(), __do_pgm_check(), __do_syscall(), s390_do_machine_check(). Those are
// the tree's own C (arch/s390/kernel/irq.c, traps.c, syscall.c, nmi.c), and they make the
// user/kernel choice themselves (user_mode(regs): the problem-state bit of the old PSW), so the
// shells below only call them.
//
// Written for kentry in our own words, not copied from a kernel tree.
//
// - The device interrupt's handler: the tree's do_IRQ() calls generic_handle_irq() directly; the
//   harness binds that call to kentry_s390_handle_irq() below (ArchHarnesses.paramCalls.targets,
//   each rewrite listed in the coverage report), which is the model's handler plus the wakeup of a
//   task that should preempt the interrupted one.
// - The NMI-class event is the machine check: the hardware presents it whenever PSW.M (the
//   machine-check mask) is on, which is the case in every context the model enters, between any
//   two steps; s390_do_machine_check() brackets it with irqentry_nmi_enter()/irqentry_nmi_exit()
//   (kentry_s390_mcck_*() below: the steps around the body as the tree takes them, the body not read).

// What generic_handle_irq() is to the model: the device interrupt's handler, which may wake a task
// that should preempt the interrupted one. It runs between the tree's irq_enter_rcu() and
// irq_exit_rcu().
void kentry_s390_handle_irq(unsigned int irq)
{
	kentry_assert_handler_state("interrupt handler");
	kentry_irq_handler();
	kentry_local_wakeup();
}

// do_irq_async(regs, irq) (arch/s390/kernel/irq.c) runs do_IRQ(regs, irq) directly when the CPU is
// already on its async stack and otherwise through call_on_stack() on that stack. The front end
// cannot read call_on_stack()'s argument list (it passes types as macro arguments); the switch is
// assembly that touches no entry state, so both branches are do_IRQ(regs, irq), the tree's own
// function, written out here.
void do_irq_async(struct pt_regs *regs, int irq)
{
	do_IRQ(regs, irq);
}

// Either class of asynchronous interruption arrives (I/O: a subchannel or adapter; external: the
// clock comparator, i.e. the tick, the CPU timer, a signal from another CPU), each through its
// own C function.
noinstr void kentry_s390_irq_vector(struct pt_regs *regs)
{
	if (kentry_s390_external_interruption())
		do_ext_irq(regs);
	else
		do_io_irq(regs);

	// Harness check before the old PSW is loaded again: a reschedule asked for was looked at.
	kentry_assert_preempted(regs);
}

noinstr void kentry_s390_exception_vector(struct pt_regs *regs)
{
	// A program check that is not a KVM guest fault (flags 0: PGM_FLAG_GUEST_FAULT clear, the
	// guest-fault branch returns before any entry code).
	__do_pgm_check(regs, 0);
}

noinstr void kentry_s390_syscall_vector(struct pt_regs *regs)
{
	// flags 0: the svc was not a PER event.
	__do_syscall(regs, 0);
}

// The machine check. The tree's s390_do_machine_check() (arch/s390/kernel/nmi.c) is `notrace`
// (not noinstr) and keeps function-scope static variables (its repeat-damage counter and lock),
// which the front end does not lower, so it cannot be read as written. What it does between its
// entry and exit steps (decode the machine-check interruption code, update the CPU timers, stop the
// machine on unrecoverable damage, back up guest state, queue STP checks and the deferred handler)
// touches no state the model tracks; here it is the model's NMI handler body. The steps around it
// differ between trees, so there is one shell per shape; the harness calls kentry_s390_mcck(),
// which no file defines, and kentry binds it to the shell whose tree callees the tree defines
// (ArchHarnesses.shells, src/explore/kernel-target.ts; a `tree-shape` rewrite in the coverage).

// Shape 1 (7.2, 7.3): the per-CPU lowcore fix-up around the NMI pair. percpu_entry(),
// percpu_code_check() and percpu_exit() (asm/entry-percpu.h) are the tree's own helpers, called
// as the tree calls them.
notrace void kentry_s390_mcck_percpu(struct pt_regs *regs)
{
	irqentry_state_t irq_state;
	bool percpu_needs_fixup;

	percpu_entry(regs);
	irq_state = irqentry_nmi_enter(regs);

	kentry_assert_handler_state("machine check handler");
	kentry_nmi_handler(regs);

	percpu_needs_fixup = percpu_code_check(regs);
	irqentry_nmi_exit(regs, irq_state);
	percpu_exit(regs, percpu_needs_fixup);
}

// Shape 2 (6.1): the NMI pair, then, for a machine check from problem state whose body left work
// pending, a second step: s390_do_machine_check() leaves the pair early and returns 1, and
// entry.S's machine-check path switches to the kernel stack and calls the tree's noinstr
// s390_handle_mcck(regs) before loading the old PSW again. Whether work is pending is decided by
// the body, which is not read: both answers are explored.
notrace void kentry_s390_mcck_handle(struct pt_regs *regs)
{
	irqentry_state_t irq_state;

	irq_state = irqentry_nmi_enter(regs);

	kentry_assert_handler_state("machine check handler");
	kentry_nmi_handler(regs);

	irqentry_nmi_exit(regs, irq_state);
	if (user_mode(regs) && kentry_s390_mcck_pending())
		s390_handle_mcck(regs);
}

// Shape 3 (6.12): the NMI pair alone; pending work goes to the deferred handler from inside the
// body (schedule_mcck_handler()), which touches no modelled state.
notrace void kentry_s390_mcck_bracket(struct pt_regs *regs)
{
	irqentry_state_t irq_state;

	irq_state = irqentry_nmi_enter(regs);

	kentry_assert_handler_state("machine check handler");
	kentry_nmi_handler(regs);

	irqentry_nmi_exit(regs, irq_state);
}

noinstr void kentry_s390_nmi_vector(struct pt_regs *regs)
{
	kentry_s390_mcck(regs);

	// Harness check before the machine check returns: lockdep and the tracer agree if they did before.
	kentry_assert_nmi_restored();
}
