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
notrace void kentry_powerpc_interrupt_return(struct pt_regs *regs)
{
	if (user_mode(regs))
		interrupt_exit_user_prepare(regs);
	else
		interrupt_exit_kernel_prepare(regs);
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
noinstr void kentry_powerpc_syscall_vector(struct pt_regs *regs)
{
	long ret;

	ret = system_call_exception(regs, regs->gpr[0]);
	syscall_exit_prepare(ret, regs, 0);
}
