// kentry bundled row v6b: the Xen PV upcall exactly as v5.8 shipped it, E6 included.
//
// Reference item: kentry-ref §4.3 (final 5.8 form, step 5) and §6 E6. The function came with
// 2f6474e4636b "x86/entry: Switch XEN/PV hypercall entry to IDTENTRY" (v5.8); the defect was
// fixed by "x86/entry: Fix instrumentation annotation" (10 Feb 2021, → v5.12, Cc stable; mail
// copy source id 13262317937).
//
// What it shows: after the IRQ-stack call the code opens a second instrumentation section
// where it meant to close the first. Nothing changes at run time, but objtool's count never
// returns to zero in this function, so it silently stops checking every later call on both
// branches (I11, static). The runtime behaviour is identical to variant6.
//
// Era: x86-58 (src/bundled/era-x86-58.c).
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
	// E6: an instrumentation_end() was intended here.
	instrumentation_begin();

	set_irq_regs(old_regs);

	inhcall = get_and_clear_inhcall();
	if (inhcall && !WARN_ON_ONCE(rcu_exit)) {
		instrumentation_begin();
		idtentry_exit_cond_resched(regs, true);
		instrumentation_end();
		restore_inhcall(inhcall);
	} else {
		idtentry_exit_cond_rcu(regs, rcu_exit);
	}
}
