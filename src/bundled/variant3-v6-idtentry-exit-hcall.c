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
// Era: v6-may2020 (src/bundled/era-v6-may2020.c), which supplies xen_maybe_preempt_hcall() and
// __xen_pv_evtchn_do_upcall(). __idtentry_exit() with its XEN_PV branch is this row's own code.
//
// Written for the model from the reference, not taken from a kernel tree.

// V6 10/37 (source id 2701945967): the body of idtentry_exit() with a way for the Xen PV upcall
// to ask for a hypercall preemption on kernels without CONFIG_PREEMPTION.
static noinstr void __idtentry_exit(struct pt_regs *regs, bool preempt_hcall)
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
				rcu_irq_exit_preempt();
				if (need_resched())
					preempt_schedule_irq();
				trace_hardirqs_on();
				instrumentation_end();
				return;
			}
		} else if (IS_ENABLED(CONFIG_XEN_PV)) {
			if (preempt_hcall) {
				// Same slot as kernel preemption above: after leaving RCU irq context
				// with the task-level check, before any "on" transition (I7).
				instrumentation_begin();
				rcu_irq_exit_preempt();
				xen_maybe_preempt_hcall();
				trace_hardirqs_on();
				instrumentation_end();
				return;
			}
		}

		instrumentation_begin();
		trace_hardirqs_on_prepare();
		lockdep_hardirqs_on_prepare(CALLER_ADDR0);
		instrumentation_end();
		rcu_irq_exit();
		lockdep_hardirqs_on(CALLER_ADDR0);
	} else {
		rcu_irq_exit();
	}
}

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
