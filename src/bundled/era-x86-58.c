// kentry bundled era "x86-58": arch/x86/entry/common.c as merged in v5.8 (kentry-ref §4.3).
//
// Entry enters RCU irq context only when the interrupted task is the idle task (0bf3924bfabd,
// kentry-ref §6 E3) and reports whether it did (rcu_exit); exit undoes exactly that. Kernel
// preemption on IRQ return lives in one helper, idtentry_exit_cond_resched(), which the Xen PV
// upcall reuses for hypercall preemption instead of scheduling on its own (kentry-ref §4.2,
// design (a); E2 fixed).
//
// Known defect kept on purpose because it is what 5.8 shipped: on a kernel-mode entry that does
// not enter RCU, lockdep learns that IRQs are off only inside trace_hardirqs_off(), after
// rcu_irq_enter_check_tick() may already have taken a raw spinlock (kentry-ref §6 E5, I1; fixed
// in v5.10-rc3 for the generic code).
//
// The row files supply xen_pv_evtchn_do_upcall. irq_enter_rcu()/irq_exit_rcu() come from
// src/kernel/c/softirq.c, preempt_schedule_irq()/schedule() from sched.c.
//
// Two spellings of the entry/exit pair (src/bundled/manifest.ts, era aliases): the names below
// are the ones v5.8 released with. The tip tree renamed them in July 2020 for 5.9 (b037b09b9058,
// "Rename idtentry_enter/exit_cond_rcu() to idtentry_enter/exit()"): idtentry_enter(regs)
// returns an idtentry_state_t and idtentry_exit(regs, state) takes it back. A variant written
// with those names binds to the same functions here, with the struct below in place of the bool.
//
// Written for the model from the reference, not taken from a kernel tree.

// Entry from user mode. lockdep first (noinstr, no RCU needed), then leave the user extended
// quiescent state, and only then the tracer, whose tracepoint needs RCU (kentry-ref §4.3).
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
		trace_hardirqs_off_finish();
		instrumentation_end();
		return;
	}

	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	trace_hardirqs_off_finish();
	instrumentation_end();
}

// Final transition to user mode: the "prepare" halves while RCU still watches, then enter the
// user extended quiescent state, and lockdep's "on" strictly last with nothing that takes locks
// in between (kentry-ref §4.3, I3).
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

		// uprobes, livepatch, signals, notify-resume, user-return notifiers.
		exit_to_usermode_work();

		local_irq_disable();
	} while (need_resched());
}

static void __prepare_exit_to_usermode(struct pt_regs *regs)
{
	// addr_limit_user_check() comes first in the kernel; it has no modelled effect.
	lockdep_assert_irqs_disabled();
	lockdep_sys_exit();

	if (need_resched())
		exit_to_usermode_loop(regs);

	// IO bitmap, FPU restore and TS_COMPAT: no modelled state.
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

// What the renamed entry returns: whether the exit has to leave RCU irq context again. One
// field, so its packed value is the bool idtentry_enter_cond_rcu() returns.
typedef struct idtentry_state {
	bool exit_rcu;
} idtentry_state_t;

// Returns true when this entry entered RCU irq context, i.e. the exit must leave it again.
noinstr bool idtentry_enter_cond_rcu(struct pt_regs *regs)
{
	if (user_mode(regs)) {
		check_user_regs(regs);
		enter_from_user_mode();
		return false;
	}

	// An interrupt that hits the idle task must always raise RCU irq nesting, even if RCU
	// happens to be watching already (a nested interrupt during softirq processing in the
	// idle task): the tick's "interrupted from idle" test relies on that nesting (E3, I5).
	if (!IS_ENABLED(CONFIG_TINY_RCU) && is_idle_task(current)) {
		// Same careful order as the user-mode entry: lockdep (no RCU needed), then
		// make RCU watch, then the tracer.
		lockdep_hardirqs_off(CALLER_ADDR0);
		rcu_irq_enter();
		instrumentation_begin();
		trace_hardirqs_off_finish();
		instrumentation_end();

		return true;
	}

	// RCU watches already; it only wants to know whether a nohz_full CPU needs its tick.
	// As merged in 5.8 lockdep is told about IRQs-off only by the combined
	// trace_hardirqs_off() after that check, which can take the rcu_node lock (E5, I1).
	instrumentation_begin();
	rcu_irq_enter_check_tick();
	trace_hardirqs_off();
	instrumentation_end();

	return false;
}

// The one place where an IRQ return may schedule (kentry-ref §0, §4.3, I7). Called inside an
// instrumentation section, with IRQs off, RCU at whatever level entry left it, and lockdep and
// the tracer still saying "off".
static void idtentry_exit_cond_resched(struct pt_regs *regs, bool may_sched)
{
	if (may_sched && !preempt_count()) {
		// Scheduling is only legal at plain task level for RCU; check that before, not
		// after (kentry-ref §3.3).
		rcu_irq_exit_check_preempt();
		if (IS_ENABLED(CONFIG_DEBUG_ENTRY))
			WARN_ON_ONCE(!on_thread_stack());
		if (need_resched())
			preempt_schedule_irq();
	}
	// RCU was not entered on this path, so the combined call is the whole "on" transition:
	// tracer, then lockdep prepare and on, all while IRQs are still hardware-off (I3).
	trace_hardirqs_on();
}

noinstr void idtentry_exit_cond_rcu(struct pt_regs *regs, bool rcu_exit)
{
	lockdep_assert_irqs_disabled();

	if (user_mode(regs)) {
		prepare_exit_to_usermode(regs);
	} else if (regs->flags & X86_EFLAGS_IF) {
		if (rcu_exit) {
			// RCU was entered for this interrupt (idle task): leave it between the
			// "prepare" halves and lockdep's "on", exactly like the return to user mode.
			// No preemption here: RCU irq nesting was raised, scheduling would be illegal.
			instrumentation_begin();
			trace_hardirqs_on_prepare();
			lockdep_hardirqs_on_prepare(CALLER_ADDR0);
			instrumentation_end();
			rcu_irq_exit();
			lockdep_hardirqs_on(CALLER_ADDR0);
			return;
		}

		instrumentation_begin();
		idtentry_exit_cond_resched(regs, IS_ENABLED(CONFIG_PREEMPTION));
		instrumentation_end();
	} else {
		// IRQs stay off on return: lockdep and the tracer are right already. Only undo the
		// RCU entry, if there was one.
		if (rcu_exit)
			rcu_irq_exit();
	}
}

// The per-CPU flag exists only on kernels without CONFIG_PREEMPTION; with it the kernel has
// stubs, written here as IS_ENABLED() early returns (kentry-ref §2.9).
static __always_inline bool get_and_clear_inhcall(void)
{
	bool inhcall;

	if (IS_ENABLED(CONFIG_PREEMPTION))
		return false;

	// Clear it now: if the task is scheduled it may resume on another CPU, and this CPU's
	// flag must not claim a hypercall that is no longer running here (I10).
	inhcall = __this_cpu_read(xen_in_preemptible_hcall);
	__this_cpu_write(xen_in_preemptible_hcall, false);
	return inhcall;
}

// Put the flag back on whichever CPU the task is running on now (I10).
static __always_inline void restore_inhcall(bool inhcall)
{
	if (IS_ENABLED(CONFIG_PREEMPTION))
		return;

	__this_cpu_write(xen_in_preemptible_hcall, inhcall);
}

// The event-channel handler, run on the IRQ stack when needed (the kernel passes it to
// run_on_irqstack_cond(), which the model binds to a direct call after its IRQs-off assertion;
// the v6 row calls it directly). irq_enter_rcu()/irq_exit_rcu() are enough because
// idtentry_enter_cond_rcu() already made RCU watch.
static void __xen_pv_evtchn_do_upcall(void)
{
	irq_enter_rcu();
	inc_irq_stat(irq_hv_callback_count);

	xen_hvm_evtchn_do_upcall();

	irq_exit_rcu();
}

// A generic device-interrupt vector in the 5.8 style (DEFINE_IDTENTRY_IRQ), for the IRQ
// harnesses: RCU/lockdep/tracer entry, the hard-IRQ bracket around the handler, and the
// conditional exit. The hard-IRQ bracket sits inside the instrumentation section because
// irq_enter_rcu()/irq_exit_rcu() are ordinary instrumentable functions (I11).
noinstr void kentry_irq_vector(struct pt_regs *regs)
{
	bool rcu_exit = idtentry_enter_cond_rcu(regs);

	instrumentation_begin();
	irq_enter_rcu();
	generic_handle_irq();
	irq_exit_rcu();
	instrumentation_end();

	idtentry_exit_cond_rcu(regs, rcu_exit);
}
