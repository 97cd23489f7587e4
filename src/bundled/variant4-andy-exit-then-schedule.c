// kentry bundled row v4: Andy Lutomirski's proposal in the May-2020 thread, taken literally.
//
// Reference item: kentry-ref §4.2 (Andy's response to V6 10/37) and §6 E2; the seed mail quotes
// it: "idtentry_exit(); if (appropriate condition) schedule();" (Thomas Gleixner's reply of
// 20 May 2020, <87y2pm4ruh.fsf@nanos.tec.linutronix.de>, source id 47612282280).
//
// What it claims: the Xen case needs no RCU special-casing. Do the normal exit, then, if the
// CPU was in a preemptible hypercall and a reschedule is due, call schedule(). The condition is
// ours (Andy left it open); it is the test xen_maybe_preempt_hcall() uses.
//
// Thomas's objection, which this row is here to show: for a kernel-mode return with IF set,
// idtentry_exit() has already left RCU irq context and told the tracer and lockdep that IRQs are
// on, while the hardware keeps them off until IRET. A schedule() after that point runs with the
// soft and hardware IRQ state disagreeing, without any of the preemption sanity checks, and
// enters __schedule() with IRQs off (I7, I8). The flag is not cleared around the schedule
// either (I10). And since this function is noinstr, schedule() here is a call out of
// .noinstr.text with no instrumentation section around it (I11): kept that way on purpose,
// because that is what the proposal says.
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

	idtentry_exit(regs);

	if (__this_cpu_read(xen_in_preemptible_hcall) && need_resched())
		schedule();
}
