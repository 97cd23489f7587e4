// kentry bundled row v3: the Xen PV upcall of "[patch V6 10/37] x86/entry: Switch XEN/PV
// hypercall entry to IDTENTRY" (May 2020).
//
// Reference item: kentry-ref §4.2 "V6 10/37, the Xen part" (source id 2701945967).
//
// What it claims: the upcall can be plain C on the IDTENTRY scheme. For hypercall preemption it
// passes a flag into the shared exit code, whose XEN_PV branch in __idtentry_exit() does the
// preemption in the same slot as kernel preemption: after rcu_irq_exit_preempt() (leave RCU irq
// context, check task level), before the "IRQs on" transition, through the Feb-2020
// xen_maybe_preempt_hcall(). Andy Lutomirski disliked the extra branch (it is what the seed
// thread argues about), but the ordering itself is the sanctioned one (design (a), I7).
//
// Era: v6-may2020 (src/bundled/era-v6-may2020.c), which supplies __idtentry_exit(),
// xen_maybe_preempt_hcall() and __xen_pv_evtchn_do_upcall().
//
// Written for the model from the reference, not taken from a kernel tree.

__visible noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	struct pt_regs *old_regs;
	bool inhcall;

	// lockdep off, RCU irq context, tracer off (kentry-ref §4.2).
	idtentry_enter(regs);
	old_regs = set_irq_regs(regs);

	// The handler and its hard-IRQ bracket are instrumentable; it runs on the IRQ stack if
	// needed (run_on_irqstack in the kernel, a direct call here).
	instrumentation_begin();
	__xen_pv_evtchn_do_upcall();
	instrumentation_end();

	set_irq_regs(old_regs);

	if (IS_ENABLED(CONFIG_PREEMPTION)) {
		// The flag does not exist with kernel preemption; ordinary preemption covers it.
		__idtentry_exit(regs, false);
	} else {
		// Ask for the hypercall-preemption branch only when it would do something.
		inhcall = __this_cpu_read(xen_in_preemptible_hcall);
		__idtentry_exit(regs, inhcall && need_resched());
	}
}
