// kentry bundled row v2: the Feb-2020 fix of the Xen hypercall preemption.
//
// Reference item: kentry-ref §4.1 and §6 E1, the fixed side ("xen: Enable interrupts when
// calling _cond_resched()", Thomas Gleixner, V2 19 Feb 2020; mail copies source ids 5781885046,
// 766643780). Last form of drivers/xen/preempt.c before the 5.8 IDTENTRY conversion deleted it.
//
// What it claims: enabling IRQs around the voluntary reschedule makes it legal. By the time the
// asm calls this, irq_exit() has left RCU irq context and lockdep's hardirq context, so the
// instrumented local_irq_enable() is allowed (I13), cond_resched() reaches __schedule() with
// IRQs on (I8), and local_irq_disable() hands the asm exit path the IRQs-off state it expects.
//
// Era: pre58 (src/bundled/era-pre58.c).
//
// Written for the model from the reference, not taken from a kernel tree.

// Stands in for the asm idtentry stub xen_hypervisor_callback (see variant1 for the notes).
notrace void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	error_entry(regs);
	xen_do_hypervisor_callback(regs);
}

void xen_maybe_preempt_hcall(void)
{
	if (__this_cpu_read(xen_in_preemptible_hcall) && need_resched()) {
		// Clear before the task can migrate, restore wherever it resumes (I10).
		__this_cpu_write(xen_in_preemptible_hcall, false);

		// Scheduling needs IRQs on (I8). The instrumented pair keeps lockdep and the
		// tracer in step with the hardware on both sides of the reschedule.
		local_irq_enable();
		cond_resched();
		local_irq_disable();

		__this_cpu_write(xen_in_preemptible_hcall, true);
	}
}
