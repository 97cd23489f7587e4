// kentry model: the NMI vector shared by every bundled era.
//
// This is the fixed form from the 5.9 cycle (ba1f2b2eaa2a, "x86/entry: Fix NMI vs IRQ state
// tracking"; kentry-ref §6 E4), with the step order of its generic successor
// irqentry_nmi_enter()/irqentry_nmi_exit() (kentry-ref §5.2). The older eras did not have it:
// their nmi_enter() users touched only the tracer, so lockdep's view was not saved and restored
// across an NMI. The bundled rows are about the Xen upcall, not the NMI path, so all eras use
// the fixed vector and an NMI injected anywhere in them leaves lockdep as it found it (I6).
//
// Written for the model from the reference, not taken from a kernel tree.

// The kernel's irqentry_state_t is a union: exit_rcu is used by the IRQ paths, lockdep by the
// NMI paths, never both at once. A struct is the same thing for the model (and the front end
// packs struct locals into bits), so it is declared as one here.
typedef struct {
	bool exit_rcu;
	bool lockdep;
} irqentry_state_t;

noinstr irqentry_state_t idtentry_enter_nmi(struct pt_regs *regs)
{
	irqentry_state_t irq_state = { .exit_rcu = false, .lockdep = false };

	// Snapshot lockdep's opinion of the interrupted context before anything below changes it:
	// the exit path restores "on" only if it was on here (E4).
	irq_state.lockdep = lockdep_hardirqs_enabled();

	// NMI and HARDIRQ counts first, so in_nmi() is true for every step that follows; lockdep's
	// IRQ-state calls depend on that to apply their NMI rules (kentry-ref §2.3).
	__nmi_enter();

	// An NMI hits with IRQs hardware-disabled, whatever lockdep believed. Tell it, then enter
	// its hardirq context, both before RCU is touched: neither needs RCU.
	lockdep_hardirqs_off(CALLER_ADDR0);
	lockdep_hardirq_enter();

	// RCU has to watch before any instrumentable code runs (I2).
	rcu_nmi_enter();

	// The tracer half last: its tracepoint needs RCU watching (kentry-ref §2.4, §3.2).
	instrumentation_begin();
	trace_hardirqs_off_finish();
	ftrace_nmi_enter();
	instrumentation_end();

	return irq_state;
}

noinstr void idtentry_exit_nmi(struct pt_regs *regs, irqentry_state_t irq_state)
{
	// Tracer and lockdep "prepare" halves while RCU still watches; only if the interrupted
	// context had IRQs on in lockdep's view (E4). lockdep_hardirqs_on_prepare() is a no-op in
	// NMI, but it is kept for the symmetry with the IRQ exit order (kentry-ref §5.2).
	instrumentation_begin();
	ftrace_nmi_exit();
	if (irq_state.lockdep) {
		trace_hardirqs_on_prepare();
		lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	}
	instrumentation_end();

	// Mirror image of the entry: RCU off, then lockdep's hardirq context, then lockdep's
	// "on" (only when it was on before), and the NMI count last so that in_nmi() still holds
	// for every lockdep call above.
	rcu_nmi_exit();
	lockdep_hardirq_exit();
	if (irq_state.lockdep)
		lockdep_hardirqs_on(CALLER_ADDR0);
	__nmi_exit();
}

// The vector the explorer injects for an NMI.
noinstr void kentry_nmi_vector(struct pt_regs *regs)
{
	irqentry_state_t irq_state = idtentry_enter_nmi(regs);

	instrumentation_begin();
	default_do_nmi(regs);
	instrumentation_end();

	idtentry_exit_nmi(regs, irq_state);
}

// The tracer's NMI hooks, as v5.8 has them (include/linux/ftrace_irq.h): with
// CONFIG_HWLAT_TRACER the hardware-latency detector counts the NMI and takes a timestamp on the
// CPU it samples; without it the inline body is empty (later kernels add the OSNOISE tracer's
// equivalent). Neither touches state the model keeps (IRQ flags, lockdep, the irq tracer's
// hardirq state, RCU, preempt_count), and HWLAT_TRACER is not a lattice axis, so the model's
// body is empty. They stay ordinary (instrumentable) functions: with the tracer built in they
// call traceable code, which is why the NMI paths above call them inside an instrumentation
// section, and moving one out of it is the objtool finding it would be in that build.
void ftrace_nmi_enter(void)
{
}

void ftrace_nmi_exit(void)
{
}
