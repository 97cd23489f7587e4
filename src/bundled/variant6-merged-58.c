// kentry bundled row v6: the Xen PV upcall as merged in v5.8, with the E6 annotation fixed.
//
// Reference item: kentry-ref §4.3 "xen_pv_evtchn_do_upcall(regs), final 5.8 form" and the
// design Thomas Gleixner proposed as "a way simpler solution" (20 May 2020 21:16,
// <871rnewh5w.fsf@nanos.tec.linutronix.de>, source id 28323454191), merged as 2f6474e4636b
// "x86/entry: Switch XEN/PV hypercall entry to IDTENTRY". The second instrumentation_begin()
// that 5.8 shipped after the IRQ-stack call is written here as the instrumentation_end() it was
// meant to be ("x86/entry: Fix instrumentation annotation", Feb 2021, → v5.12; §6 E6); the
// as-shipped form is variant6b.
//
// What it claims: hypercall preemption needs no Xen-specific scheduling code. Clear the per-CPU
// flag, take the ordinary IRQ-return preemption helper with may_sched forced true (so it also
// works without CONFIG_PREEMPTION), and restore the flag afterwards on whatever CPU the task
// then runs on. The helper does the schedule before any "on" transition and after its RCU
// task-level check (design (a), E2 fixed, I7, I10). The idle-task case, where entry raised RCU
// irq nesting and scheduling would be illegal, is refused with a warning.
//
// What the model should find: nothing in this function. The entry helper it calls,
// idtentry_enter_cond_rcu() from the 5.8 era file, carries E5 (lockdep told about IRQs-off only
// after rcu_irq_enter_check_tick()); that finding belongs to the era, not to this row's Xen code.
//
// Era: x86-58 (src/bundled/era-x86-58.c), which supplies idtentry_enter_cond_rcu(),
// idtentry_exit_cond_resched(), idtentry_exit_cond_rcu(), get_and_clear_inhcall(),
// restore_inhcall() and __xen_pv_evtchn_do_upcall().
//
// Written for the model from the reference, not taken from a kernel tree.

__visible noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	struct pt_regs *old_regs;
	bool inhcall;
	bool rcu_exit;

	rcu_exit = idtentry_enter_cond_rcu(regs);
	old_regs = set_irq_regs(regs);

	instrumentation_begin();
	// run_on_irqstack_cond(__xen_pv_evtchn_do_upcall, NULL, regs) in the kernel.
	__xen_pv_evtchn_do_upcall();
	instrumentation_end();

	set_irq_regs(old_regs);

	// Read and clear before anything can schedule: the task may come back on another CPU.
	inhcall = get_and_clear_inhcall();
	if (inhcall && !WARN_ON_ONCE(rcu_exit)) {
		// The regular preemption helper, told that scheduling is allowed here even without
		// CONFIG_PREEMPTION. It ends with the combined trace_hardirqs_on(); RCU irq context
		// was never entered on this path (!rcu_exit), so nothing else is left to undo.
		instrumentation_begin();
		idtentry_exit_cond_resched(regs, true);
		instrumentation_end();
		// Back on the CPU we now run on, before IRET resumes the hypercall (I10).
		restore_inhcall(inhcall);
	} else {
		idtentry_exit_cond_rcu(regs, rcu_exit);
	}
}
