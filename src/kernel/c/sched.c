// kentry model: the scheduler entry points the entry code reaches (kernel/sched/core.c shape).
//
// __schedule() itself is a leaf implemented by the explorer: it runs schedule_debug()'s checks,
// clears need_resched and, like the real one, comes back with hardware IRQs enabled whatever
// they were on the way in (kentry-ref §3.4, E1). Everything here is era-neutral.
//
// Written for the model from the reference, not taken from a kernel tree.

// Preemption from the IRQ-return path (kentry-ref §3.4). Called with IRQs off and, for the
// caller's sake, returns with them off again.
void preempt_schedule_irq(void)
{
	int prev_state;

	// The callers must have checked both conditions already; getting here with a raised
	// preempt_count or with IRQs on means the entry code is broken, not the task (I7).
	BUG_ON(preempt_count() || !irqs_disabled());

	// Context tracking may think we are still in user mode (an exception from user space on
	// a nohz_full CPU); make it say "kernel" while we schedule, and put it back afterwards.
	prev_state = exception_enter();

	do {
		// The preempt_count bump stops a nested interrupt from preempting us while IRQs
		// are on again below; it is dropped without a resched check because the loop
		// condition is that check.
		preempt_disable();

		// __schedule() must be entered with IRQs enabled (I8). The instrumented enable
		// keeps lockdep and the tracer in step with the hardware; it is legal only because
		// irq_exit_rcu() has already left lockdep's hardirq context (I13).
		local_irq_enable();
		__schedule(SM_PREEMPT);

		// Back to the IRQs-off state the caller's IRET path expects.
		local_irq_disable();
		sched_preempt_enable_no_resched();
	} while (need_resched());

	exception_exit(prev_state);
}

// Voluntary scheduling. The need_resched re-check happens with preemption re-enabled, so a
// wakeup that raced with the switch is not missed.
void schedule(void)
{
	do {
		preempt_disable();
		__schedule(SM_NONE);
		sched_preempt_enable_no_resched();
	} while (need_resched());
}

// The common body of preempt_schedule() and _cond_resched(): schedule as a preemption (the task
// stays runnable) with preemption disabled across the switch.
static void preempt_schedule_common(void)
{
	do {
		preempt_disable();
		__schedule(SM_PREEMPT);
		preempt_enable_no_resched();
	} while (need_resched());
}

// include/linux/preempt.h with CONFIG_PREEMPTION: preempt_enable() drops the count and, where it
// reaches zero with a reschedule pending, calls __preempt_schedule() -> preempt_schedule(), which
// returns at once unless the caller is preemptible (IRQs on as well); preempt_check_resched() is
// that second half alone. Without CONFIG_PREEMPTION they are the count drop and nothing. The
// trees keep both as calls (their bodies branch); without these they were opaque, and a
// preempt_disable() the model counts was never given back (5.10's try_to_wake_up()).
//
// A PREEMPT_DYNAMIC kernel is built with CONFIG_PREEMPTION whatever mode it boots in, but booted
// as none or voluntary its preempt_schedule static call is a no-op (kernel/sched/core.c
// sched_dynamic_update()): only a full, lazy or RT mode preempts here.
//
// All three are always-inline, as the kernel's macros are: the only call they make is the
// preemption itself (preempt_schedule(), notrace), so reaching them from noinstr code or where RCU
// is not watching is no instrumentable call (ct_state()'s text, read since session 25, brackets
// its read with preempt_disable()/preempt_enable() and is reached from powerpc's
// interrupt_exit_kernel_prepare()). IRQs are tested before need_resched(): with IRQs off
// preempt_schedule() returns before anything else, and a need_resched() read here is not an
// interrupt return's preemption decision (harness.irq_return.preemption_declined counts those).
static __always_inline void kentry_preempt_point(void)
{
	bool preempts = IS_ENABLED(CONFIG_PREEMPT) || IS_ENABLED(CONFIG_PREEMPT_LAZY) || IS_ENABLED(CONFIG_PREEMPT_RT);

	if (IS_ENABLED(CONFIG_PREEMPTION) && preempts && preempt_count() == 0 && !irqs_disabled() && need_resched())
		preempt_schedule_common();
}

static __always_inline void preempt_enable(void)
{
	preempt_enable_no_resched();
	kentry_preempt_point();
}

static __always_inline void preempt_check_resched(void)
{
	kentry_preempt_point();
}

// Offer to reschedule at a voluntary preemption point. Note there is no IRQ-state check
// anywhere on this path: if it is reached with IRQs disabled, __schedule() runs with IRQs off
// and returns with them on, and nothing complains (kentry-ref §3.4, E1).
int _cond_resched(void)
{
	// With full kernel preemption a voluntary point has nothing to add: the kernel has a stub
	// that just returns 0.
	if (IS_ENABLED(CONFIG_PREEMPTION))
		return 0;

	// should_resched(0): only at preempt_count zero, and only if a reschedule is pending.
	if (preempt_count() == 0 && need_resched()) {
		preempt_schedule_common();
		return 1;
	}
	// The kernel also reports an RCU quiescent state here (rcu_all_qs()); the model does not
	// track RCU read-side critical sections, so that call is left out.
	return 0;
}

// In the kernel cond_resched() is a macro that adds a might_sleep()-style check (it complains
// under DEBUG_ATOMIC_SLEEP when called with IRQs off or preemption disabled) and then calls
// _cond_resched(). The model has no might_sleep leaf, so this is just the call; the IRQs-off
// case is caught at __schedule() instead (I8).
int cond_resched(void)
{
	return _cond_resched();
}
