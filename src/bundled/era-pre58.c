// kentry bundled era "pre58": x86-64 before the 5.8 IDTENTRY conversion (kentry-ref §4.1).
//
// Before 5.8 the Xen PV event upcall went through assembly in arch/x86/entry/entry_64.S
// (the idtentry stub, error_entry, xen_do_hypervisor_callback, error_exit, retint_kernel /
// retint_user) plus a little C. The assembly is modelled here as C functions named after the
// asm labels, each step being one asm macro or call:
//   TRACE_IRQS_OFF       -> trace_hardirqs_off()
//   DISABLE_INTERRUPTS   -> raw_local_irq_disable()
//   TRACE_IRQS_IRETQ     -> if (regs->flags & X86_EFLAGS_IF) trace_hardirqs_on();
//
// The asm-level functions are marked notrace and NOT noinstr. The noinstr annotation and its
// objtool check arrived with the 5.8 rework; this asm path was never held to that rule, so the
// noinstr-closure check (I11) must not be applied to it. notrace only records that the asm
// itself could not be traced. The C helpers keep the attributes they had (none: plain
// instrumentable C).
//
// The row files supply xen_pv_evtchn_do_upcall (standing in for the asm stub) and their own
// xen_maybe_preempt_hcall(); irq_enter()/irq_exit() come from src/kernel/c/softirq.c.
//
// Written for the model from the reference, not taken from a kernel tree.

// Pre-5.8 common.c: called from the asm with IRQs off, only when context tracking is built in.
// The caller has already told lockdep and the tracer that IRQs are off (TRACE_IRQS_OFF uses the
// RCU-idle-safe tracepoint, so it may run before RCU watches).
void enter_from_user_mode(void)
{
	// Every entry from user mode must find context tracking in USER (I12).
	CT_WARN_ON(ct_state() != CONTEXT_USER);

	// Leave the user extended quiescent state: from here on RCU watches (kentry-ref §2.6).
	user_exit_irqoff();
}

// The work loop of the pre-5.8 prepare_exit_to_usermode(). Each round runs with IRQs enabled so
// that the work (scheduling, signals) may sleep; IRQs are disabled again before the flags are
// re-read, so that no new work can slip in between the last check and the return (I9).
static void exit_to_usermode_loop(struct pt_regs *regs)
{
	do {
		local_irq_enable();

		if (need_resched())
			schedule();

		// uprobes, livepatch, signals, notify-resume: no IRQ/RCU/lockdep effect in the model.
		exit_to_usermode_work();

		local_irq_disable();
	} while (need_resched());
}

// Pre-5.8 prepare_exit_to_usermode(): plain C, instrumentable, called by the asm with IRQs off.
// Unlike 5.8 it does not tell lockdep/the tracer that IRQs will come back on; the asm does that
// afterwards with TRACE_IRQS_IRETQ (kentry-ref §4.1).
void prepare_exit_to_usermode(struct pt_regs *regs)
{
	// The final flag checks are only meaningful with IRQs off, and user space must not be
	// entered with locks held.
	lockdep_assert_irqs_disabled();
	lockdep_sys_exit();

	if (need_resched())
		exit_to_usermode_loop(regs);

	// The kernel re-reads the flags here for the IO bitmap, FPU restore and compat bits; none
	// of them touches the modelled state.

	// Enter the user extended quiescent state last among the C steps: after this RCU may not
	// be watching (nohz_full), so nothing that needs RCU may follow in C.
	user_enter_irqoff();
	mds_user_clear_cpu_buffers();
}

// drivers/xen/events: the C handler the asm calls on the IRQ stack. irq_enter() makes RCU watch
// before the event-channel handlers run, and irq_exit() runs softirqs and then leaves RCU and
// lockdep's hardirq context (kentry-ref §4.1, §2.2).
void xen_evtchn_do_upcall(struct pt_regs *regs)
{
	struct pt_regs *old_regs = set_irq_regs(regs);

	irq_enter();
	inc_irq_stat();

	// __xen_evtchn_do_upcall(): demultiplex the event channels and run their handlers.
	xen_hvm_evtchn_do_upcall();

	irq_exit();
	set_irq_regs(old_regs);
}

// asm error_entry, as used by the non-paranoid idtentry stub. Both branches tell lockdep and the
// tracer about the hardware IRQ disable right away, before any C code that could take locks
// runs. From user mode that also happens before context tracking leaves the user state, which
// pre-5.8 got away with because TRACE_IRQS_OFF used the RCU-idle-safe tracepoint.
notrace void error_entry(struct pt_regs *regs)
{
	if (user_mode(regs)) {
		trace_hardirqs_off();
		// CALL_enter_from_user_mode: only with context tracking built in (and, in the
		// kernel, only when its static key is on; the leaves model that part).
		if (IS_ENABLED(CONFIG_CONTEXT_TRACKING))
			enter_from_user_mode();
		return;
	}
	trace_hardirqs_off();
}

// asm retint_user: the C exit work, then TRACE_IRQS_IRETQ. The "on" transition is done here,
// after user_enter_irqoff(), which is only acceptable because the pre-5.8 trace_hardirqs_on()
// used the RCU-idle-safe tracepoint (kentry-ref §2.4).
notrace void retint_user(struct pt_regs *regs)
{
	prepare_exit_to_usermode(regs);

	// TRACE_IRQS_IRETQ
	if (regs->flags & X86_EFLAGS_IF)
		trace_hardirqs_on();
}

// asm retint_kernel. Kernel preemption on IRQ return happened here, after the C handler's
// irq_exit() had already left RCU irq context and lockdep's hardirq context, and before the
// final "on" transition: the ordering the 5.8 rework kept (kentry-ref §4.1, I7).
notrace void retint_kernel(struct pt_regs *regs)
{
	if (IS_ENABLED(CONFIG_PREEMPTION)) {
		// The asm tested the saved IF first (interrupted context had IRQs off: never
		// preempt), then compared the per-CPU preempt count, whose inverted NEED_RESCHED
		// bit makes "== 0" mean "count zero and a reschedule pending".
		if ((regs->flags & X86_EFLAGS_IF) && preempt_count() == 0 && need_resched())
			preempt_schedule_irq();
	}

	// TRACE_IRQS_IRETQ: IRET is about to restore the saved IF; if that enables IRQs, lockdep
	// and the tracer must be told now, while IRQs are still hardware-off.
	if (regs->flags & X86_EFLAGS_IF)
		trace_hardirqs_on();
}

// asm error_exit. Whatever the handler did to the IRQ state (it may have enabled IRQs, see E1),
// the return path starts by disabling them and telling lockdep/the tracer, so the checks and
// the IRET below see a known state.
notrace void error_exit(struct pt_regs *regs)
{
	raw_local_irq_disable();
	trace_hardirqs_off();

	if (!user_mode(regs)) {
		retint_kernel(regs);
		return;
	}
	retint_user(regs);
}

// asm xen_do_hypervisor_callback, reached from the idtentry stub after error_entry. The asm
// did not return: it adjusted the stack and jumped to error_exit, modelled as a tail call.
notrace void xen_do_hypervisor_callback(struct pt_regs *regs)
{
	// ENTER_IRQ_STACK / LEAVE_IRQ_STACK around the C handler (no modelled state).
	xen_evtchn_do_upcall(regs);

	// Only without kernel preemption: give a long-running privcmd hypercall a chance to be
	// preempted (kentry-ref §2.9). This runs after irq_exit(), so RCU and lockdep's hardirq
	// context have been left already, but with IRQs still hardware-disabled (kentry-ref §4.1).
	if (!IS_ENABLED(CONFIG_PREEMPTION))
		xen_maybe_preempt_hcall();

	error_exit(regs);
}
