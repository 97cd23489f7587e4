// kentry bundled row v1: the Xen hypercall preemption as it stood from v4.3 until Feb 2020.
//
// Reference item: kentry-ref §4.1 and §6 E1 (source for the code shape:
// torvalds/linux@12db14909e0c:drivers/xen/preempt.c, introduced by fdfd811ddde3 "x86/xen: allow
// privcmd hypercalls to be preempted", v4.3).
//
// What it claims: after the event-channel upcall, if the interrupted task was inside a
// preemptible hypercall and a reschedule is due, reschedule right there. It calls
// _cond_resched() directly, while the asm exit path still has IRQs disabled. _cond_resched()
// has no IRQ-state check and __schedule() comes back with IRQs enabled, so the task is switched
// with IRQs off and the rest of the exit path starts with IRQs on behind lockdep's back
// (Thomas Gleixner's fix, "xen: Enable interrupts when calling _cond_resched()", 19 Feb 2020).
//
// Era: pre58 (src/bundled/era-pre58.c): the asm entry/exit path, irq_enter()/irq_exit().
//
// Written for the model from the reference, not taken from a kernel tree.

// Stands in for the asm idtentry stub xen_hypervisor_callback: error_entry, then the handler,
// which does not return but ends in error_exit. Named like the 5.8 C entry point so every row
// is entered the same way.
notrace void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	error_entry(regs);
	xen_do_hypervisor_callback(regs);
}

// Called from xen_do_hypervisor_callback() after irq_exit(), with IRQs hardware-disabled and
// lockdep/the tracer saying so.
void xen_maybe_preempt_hcall(void)
{
	if (__this_cpu_read(xen_in_preemptible_hcall) && need_resched()) {
		// The flag is per CPU but describes the task; clear it in case the task comes back
		// on another CPU, and set it again afterwards (I10).
		__this_cpu_write(xen_in_preemptible_hcall, false);

		// E1: IRQs are still off here. Nothing on the way into __schedule() notices
		// (kentry-ref §3.4), and __schedule() returns with IRQs on (I8).
		_cond_resched();

		__this_cpu_write(xen_in_preemptible_hcall, true);
	}
}
