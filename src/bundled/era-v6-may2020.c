// kentry bundled era "v6-may2020": arch/x86/entry/common.c as the May-2020 V6 entry series
// proposed it (kentry-ref §4.2; seed mail of 20 May 2020). This is a proposal under review, not
// a release: the design discussion in the seed is about what to build on top of it.
//
// Entry always makes RCU watch with an unconditional rcu_irq_enter() from kernel mode; exit
// always leaves it again, with kernel preemption done between "leave RCU irq context" and
// "tell lockdep/tracer IRQs are on" (the rcu_irq_exit_preempt() branch).
//
// The tracer's entry half still has its May-2020 name, trace_hardirqs_off_prepare(); it became
// trace_hardirqs_off_finish() before 5.8 (kentry-ref §3.2).
//
// The row files supply xen_pv_evtchn_do_upcall. irq_enter_rcu()/irq_exit_rcu() come from
// src/kernel/c/softirq.c, preempt_schedule_irq()/cond_resched()/schedule() from sched.c.
//
// Written for the model from the reference, not taken from a kernel tree.

// Entry from user mode. lockdep first (noinstr, no RCU needed), then leave the user extended
// quiescent state, and only then the tracer, whose tracepoint needs RCU (kentry-ref §0, §4.3).
static noinstr void enter_from_user_mode(void)
{
	if (IS_ENABLED(CONFIG_CONTEXT_TRACKING)) {
		// Read the state before user_exit_irqoff() overwrites it; the check itself is
		// instrumentable and has to wait until RCU watches (I12).
		enum ctx_state state = ct_state();

		lockdep_hardirqs_off(CALLER_ADDR0);
		user_exit_irqoff();

		instrumentation_begin();
		CT_WARN_ON(state != CONTEXT_USER);
		trace_hardirqs_off_prepare();
		instrumentation_end();
		return;
	}

	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	trace_hardirqs_off_prepare();
	instrumentation_end();
}

// Final transition to user mode: the "prepare" halves while RCU still watches, then enter the
// user extended quiescent state, and lockdep's "on" strictly last with nothing that takes locks
// in between (kentry-ref §0 exit order, I3).
static __always_inline void exit_to_user_mode(void)
{
	instrumentation_begin();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();

	user_enter_irqoff();
	mds_user_clear_cpu_buffers();
	lockdep_hardirqs_on(CALLER_ADDR0);
}

// Each round of exit work runs with IRQs on so it may sleep; the flags are re-read with IRQs
// off so that no work can be missed between the last check and the return (I9).
static void exit_to_usermode_loop(struct pt_regs *regs)
{
	do {
		local_irq_enable();

		if (need_resched())
			schedule();

		exit_to_usermode_work();

		local_irq_disable();
	} while (need_resched());
}

static void __prepare_exit_to_usermode(struct pt_regs *regs)
{
	lockdep_assert_irqs_disabled();
	lockdep_sys_exit();

	if (need_resched())
		exit_to_usermode_loop(regs);

	// IO bitmap, FPU restore and compat bits: no modelled state.
}

// The instrumentable work runs inside an instrumentation section while RCU still watches; the
// noinstr transitions follow (kentry-ref §4.3).
noinstr void prepare_exit_to_usermode(struct pt_regs *regs)
{
	instrumentation_begin();
	__prepare_exit_to_usermode(regs);
	instrumentation_end();
	exit_to_user_mode();
}

// V4-V6 idtentry_enter() (kentry-ref §4.2).
noinstr void idtentry_enter(struct pt_regs *regs)
{
	if (user_mode(regs)) {
		enter_from_user_mode();
	} else {
		// lockdep must know IRQs are off before anything else happens (I1); it needs no RCU.
		lockdep_hardirqs_off(CALLER_ADDR0);

		// This version enters RCU irq context on every kernel-mode entry, whether or not
		// RCU was already watching; the exit below undoes it on every path.
		rcu_irq_enter();

		// The tracer only once RCU is known to watch.
		instrumentation_begin();
		trace_hardirqs_off_prepare();
		instrumentation_end();
	}
}

// idtentry_exit() as Thomas Gleixner printed it in the seed mail (20 May 2020), with the
// preemption branch he elided filled in from the V6 patch (kentry-ref §4.2). After V6 10/37 the
// kernel turned this into a wrapper around __idtentry_exit(regs, false), which behaves the same;
// the seed's form is kept so that findings for the rows built on it land on the lines the mail
// discusses.
noinstr void idtentry_exit(struct pt_regs *regs)
{
	lockdep_assert_irqs_disabled();

	if (user_mode(regs)) {
		prepare_exit_to_usermode(regs);
	} else if (regs->flags & X86_EFLAGS_IF) {
		if (IS_ENABLED(CONFIG_PREEMPTION)) {
			if (!preempt_count()) {
				if (IS_ENABLED(CONFIG_DEBUG_ENTRY))
					WARN_ON_ONCE(!on_thread_stack());

				instrumentation_begin();
				// Leave RCU irq context before scheduling, and check on the way that
				// RCU is back at plain task level: scheduling with RCU irq nesting
				// raised would be a bug (kentry-ref §3.3, I7).
				rcu_irq_exit_preempt();
				if (need_resched())
					preempt_schedule_irq();
				// RCU already left above, so the combined call (tracer, lockdep prepare,
				// lockdep on) is the whole "on" transition for this path.
				trace_hardirqs_on();
				instrumentation_end();
				return;
			}
		}

		// IRET will enable IRQs. Tracer and lockdep prepare while RCU watches, then leave
		// RCU, then lockdep's "on" last (kentry-ref §0 exit order, I3). After this point
		// lockdep and the tracer already say "on" although the hardware is still off until
		// IRET; nothing may run here that cares (kentry-ref §4.2, E2).
		instrumentation_begin();
		trace_hardirqs_on_prepare();
		lockdep_hardirqs_on_prepare(CALLER_ADDR0);
		instrumentation_end();
		rcu_irq_exit();
		lockdep_hardirqs_on(CALLER_ADDR0);
	} else {
		// The interrupted context had IRQs off: lockdep and the tracer are already right,
		// only the RCU entry has to be undone.
		rcu_irq_exit();
	}
}


// drivers/xen/preempt.c after Thomas Gleixner's Feb-2020 fix ("xen: Enable interrupts when
// calling _cond_resched()", kentry-ref §4.1, E1).
void xen_maybe_preempt_hcall(void)
{
	if (__this_cpu_read(xen_in_preemptible_hcall) && need_resched()) {
		// The flag belongs to the CPU but means "this task is in a preemptible hypercall":
		// clear it before the task can be moved, set it again wherever the task resumes (I10).
		__this_cpu_write(xen_in_preemptible_hcall, false);

		// cond_resched() may schedule, and __schedule() must be entered with IRQs on (I8).
		// The instrumented enable/disable keep lockdep and the tracer with the hardware.
		local_irq_enable();
		cond_resched();
		local_irq_disable();

		__this_cpu_write(xen_in_preemptible_hcall, true);
	}
}

// The event-channel handler, run on the IRQ stack when needed (the kernel passes it to
// run_on_irqstack_cond(); the model calls it directly). irq_enter_rcu()/irq_exit_rcu() are
// enough because the entry code already made RCU watch.
static void __xen_pv_evtchn_do_upcall(void)
{
	irq_enter_rcu();
	inc_irq_stat();

	xen_hvm_evtchn_do_upcall();

	irq_exit_rcu();
}
