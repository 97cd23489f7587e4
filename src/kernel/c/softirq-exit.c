// kentry model: softirqs run at the end of a hard interrupt, for the trees of every arch that reads
// this file (all but powerpc: src/explore/kernel-target.ts SOFTIRQ_EXIT_C says why).
//
// irq_exit_rcu() → invoke_softirq() is the tree's own code on every arch (kernel/softirq.c). What
// it calls to run the pending softirqs is not readable as C on any of them: the stack switch is
// assembly (x86 run_on_irqstack_cond()/call_on_irqstack(), arm64 call_on_irq_stack(), s390
// call_on_stack(), powerpc call_do_softirq()), and the loop calls each handler through
// h->action and saves current->flags. Left opaque (or the neutral primitive), no interrupt could
// arrive while softirqs run with IRQs enabled at an interrupt's exit (E3), the state the entry
// code must leave consistent for exactly that. These three stand for them.
//
// Written for the model from the reference, not taken from a kernel tree.

// do_softirq_own_stack(): __do_softirq() on the per-CPU softirq (or hardirq) stack, or in place
// where the arch has none (asm-generic/softirq_stack.h). Which stack is not model state, so what
// remains is the call. Trees reach it only where the arch does not run softirqs straight from
// irq_exit_rcu() on the IRQ stack (x86-64 with HAVE_IRQ_EXIT_ON_IRQ_STACK).
void do_softirq_own_stack(void)
{
	__do_softirq();
}

// __do_softirq(): from 6.1 on the tree's own is exactly this call (kernel/softirq.c); 5.10's is the
// softirq loop itself, which later trees moved into handle_softirqs(): the loop below stands for
// it in both.
void __do_softirq(void)
{
	handle_softirqs(false);
}

// The steps of the softirq loop that matter to the entry code, in the order the kernel takes
// them: softirq count up, leave lockdep's hardirq context, clear the pending mask, handlers with
// IRQs enabled (so a nested interrupt can arrive, E3), IRQs off again, a bounded restart, then
// everything undone in reverse. The pending mask is written before IRQs come back on so that a
// softirq raised by a nested interrupt is not lost.
void handle_softirqs(bool ksirqd)
{
	bool in_hardirq;
	int max_restart = 2;

	__preempt_count_add(SOFTIRQ_OFFSET);
	in_hardirq = lockdep_softirq_start();

	do {
		set_softirq_pending(0);
		local_irq_enable();
		__do_softirq_handlers();
		local_irq_disable();
		max_restart = max_restart - 1;
	} while (local_softirq_pending() && !need_resched() && max_restart > 0);

	lockdep_softirq_end(in_hardirq);
	__preempt_count_sub(SOFTIRQ_OFFSET);
	WARN_ON_ONCE(in_interrupt());
}
