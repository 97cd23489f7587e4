// kentry bundled row v5: Thomas Gleixner's sketch of what Andy's proposal would really need.
//
// Reference item: kentry-ref §4.2 ("Thomas Gleixner's reply") and §6 E2; the code is the one
// in the seed mail (20 May 2020 16:13 +0200, <87y2pm4ruh.fsf@nanos.tec.linutronix.de>, source id
// 47612282280), written out so it can run.
//
// What it claims: scheduling after idtentry_exit() can be made to work, but only with extra
// guards (return to user, IF clear, not in a hypercall) and a new RCU sanity check invented for
// this one caller, all of which duplicate what the exit code already knows and will rot when it
// changes. Thomas offered it as an argument against the approach, not as a patch.
//
// Transcription notes: the mail spells the flag X86_FlAGS_IF (typo); X86_EFLAGS_IF is used.
// rcu_sanity_check_for_preemption() does not exist in any kernel; the explorer implements it as
// the task-level RCU check the mail describes.
//
// What the model should find: no invariant violation, since xen_maybe_preempt_hcall() (the
// Feb-2020 form) enables IRQs around the reschedule and trace_hardirqs_on() restores the
// "on" view afterwards. But between idtentry_exit() and that enable, instrumentable code runs
// while lockdep and the tracer already say "IRQs on" and the hardware has them off: a hazard.
//
// Era: v6-may2020 (src/bundled/era-v6-may2020.c).
//
// Written for the model from the reference, not taken from a kernel tree.

__visible noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	struct pt_regs *old_regs;

	idtentry_enter(regs);
	old_regs = set_irq_regs(regs);

	instrumentation_begin();
	__xen_pv_evtchn_do_upcall();
	instrumentation_end();

	set_irq_regs(old_regs);

	// In the mail: a comment here asks anyone hit by inconsistent state or out-of-sync
	// sanity checks below to take it up with the proposal's author.
	idtentry_exit(regs);

	// Returning to user mode or to a context with IRQs off: never preempt.
	if (user_mode(regs) || !(regs->flags & X86_EFLAGS_IF))
		return;

	if (!__this_cpu_read(xen_in_preemptible_hcall))
		return;

	// idtentry_exit() already dropped RCU irq context without the check that the
	// preemption branch does, so it has to be repeated here by hand.
	rcu_sanity_check_for_preemption();

	if (need_resched()) {
		instrumentation_begin();
		xen_maybe_preempt_hcall();
		// If it rescheduled, its local_irq_disable() left lockdep and the tracer at
		// "off"; IRET will enable IRQs, so say "on" again.
		trace_hardirqs_on();
		instrumentation_end();
	}
}
