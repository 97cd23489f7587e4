// kentry model: the hard-IRQ bracket and softirq processing (kernel/softirq.c shape).
//
// Era-neutral: every bundled era links this file. The 5.8 split into irq_enter_rcu() /
// irq_exit_rcu() is used as the common body; the pre-5.8 irq_enter() / irq_exit() are written on
// top of it. For the older kernels this changes nothing observable: the old irq_enter() did the
// RCU entry first and then exactly these steps, and the old irq_exit() did these steps and then
// the RCU exit, with the lockdep hardirq-context exit still last (kentry-ref §2.2, §4.1).
//
// Written for the model from the reference, not taken from a kernel tree. Leaf calls (lockdep,
// RCU, tick, accounting, preempt_count arithmetic) are implemented by the explorer.

// Raise the hard-IRQ count and tell lockdep we are in hardirq context. The count goes first:
// in_irq()/in_interrupt() must already say "hardirq" by the time lockdep's context counter moves,
// so that nothing in between can be mistaken for task context. kentry-ref §2.2
static __always_inline void __irq_enter_raw(void)
{
	__preempt_count_add(HARDIRQ_OFFSET);
	lockdep_hardirq_enter();
}

// The accounted form: irqtime accounting looks at preempt_count to decide whom to charge, so it
// runs before the count changes and charges the time so far to the interrupted context.
static __always_inline void __irq_enter(void)
{
	account_irq_enter_time();
	__irq_enter_raw();
}

// Enter hard-IRQ context when RCU is already watching (5.8+). The callers in the entry code have
// already made RCU watch (kentry-ref §4.3), which the tick and accounting code below rely on:
// both are instrumentable.
void irq_enter_rcu(void)
{
	// An interrupt that hits the idle loop may have to restart a stopped tick before the
	// handler runs (jiffies must be current). Only the outermost interrupt does this.
	// The kernel brackets this with local_bh_disable()/_local_bh_enable() only so that a softirq
	// raised here does not wake ksoftirqd; the model has no ksoftirqd, so the bracket is left out.
	if (is_idle_task(current) && !in_interrupt())
		tick_irq_enter();

	__irq_enter();
}

// The pre-5.8 (and 5.8 generic-vector) entry: RCU must be made to watch before anything that
// may trace, take locks or touch RCU-protected data, so rcu_irq_enter() is the very first step
// (kentry-ref §2.2, §4.1, I2).
void irq_enter(void)
{
	rcu_irq_enter();
	irq_enter_rcu();
}

// Run pending softirqs from the tail of a hard interrupt (the body of __do_softirq()).
void __do_softirq(void)
{
	bool in_hardirq;
	int max_restart = 10;

	account_irq_enter_time();

	// Mark "serving softirqs" in preempt_count first, so in_interrupt() is true for the whole
	// processing window and a nested interrupt's irq_exit does not recurse into here.
	__preempt_count_add(SOFTIRQ_OFFSET);

	// We are still inside the hard interrupt as far as lockdep knows: irq_exit_rcu() drops
	// lockdep's hardirq context only at its very end. Enabling IRQs below while lockdep still
	// counts a hardirq context would trip DEBUG_LOCKS_WARN_ON(lockdep_hardirq_context()), so
	// lockdep_softirq_start() leaves that context first and remembers that it did (I13).
	in_hardirq = lockdep_softirq_start();

	do {
		// Clear the pending mask before IRQs come back on: an interrupt arriving during
		// the handlers may raise new softirqs, and those must not be lost.
		set_softirq_pending(0);

		// Softirq handlers run with IRQs enabled (kentry-ref §2.2 step 4). The instrumented
		// form is required here: lockdep and the tracer must follow the hardware.
		local_irq_enable();

		handle_softirqs();

		local_irq_disable();

		max_restart = max_restart - 1;

		// Newly raised softirqs are processed again a bounded number of times, and not at
		// all if a reschedule is due; the remainder is left pending (the kernel hands it to
		// ksoftirqd, which the model does not run).
	} while (local_softirq_pending() && !need_resched() && max_restart > 0);

	// Re-enter lockdep's hardirq context (if we came from one) before the softirq count is
	// dropped, so that irq_exit_rcu() finds the context it expects to leave.
	lockdep_softirq_end(in_hardirq);
	account_irq_exit_time();
	__preempt_count_sub(SOFTIRQ_OFFSET);
	WARN_ON_ONCE(in_interrupt());
}

// x86-64 handles irq exit on the IRQ stack already, so softirqs run inline rather than on a
// separate softirq stack. Forced IRQ threading and the ksoftirqd hand-off are not modelled.
static inline void invoke_softirq(void)
{
	__do_softirq();
}

// Everything irq_exit_rcu() and irq_exit() share. kentry-ref §2.2 gives the order.
static __always_inline void __irq_exit_rcu(void)
{
	// x86 defines __ARCH_IRQ_EXIT_IRQS_DISABLED: the entry code guarantees IRQs are off here,
	// so the generic code only asserts it instead of disabling them (kentry-ref §2.2 step 1).
	lockdep_assert_irqs_disabled();
	account_irq_exit_time();

	// Drop the hardirq count before looking at softirqs: in_interrupt() must be false for the
	// outermost interrupt, or softirqs would never run from irq exit.
	__preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		invoke_softirq();

	// The tick may have to be stopped again now that the interrupt (and its softirqs) is done.
	tick_irq_exit();
}

// Leave hard-IRQ context, RCU stays watching (5.8+). lockdep_hardirq_exit() must be the last
// step: until it runs, everything above, softirq processing included, is still accounted to the
// hard interrupt by lockdep, and an IRQ enable after it (e.g. in preempt_schedule_irq()) is legal
// only once it has run (kentry-ref §2.2 step 6, I13).
void irq_exit_rcu(void)
{
	__irq_exit_rcu();
	lockdep_hardirq_exit();
}

// The pre-5.8 exit, still used by 5.8 vectors that do not manage RCU themselves. The RCU exit
// comes after all the instrumentable work above (tick, softirqs) because that work needs RCU to
// watch; lockdep's context exit stays last, as in irq_exit_rcu() (kentry-ref §2.2, §4.1).
void irq_exit(void)
{
	__irq_exit_rcu();
	rcu_irq_exit();
	lockdep_hardirq_exit();
}
