// kentry bundled demo row e3: the idle nested-tick bug in the first 5.8 entry helper.
//
// Reference item: kentry-ref §6 E3. The buggy condition comes from 3eeec3858488
// ("x86/entry: Provide idtentry_entry/exit_cond_rcu()"); it was fixed before v5.8 by
// 0bf3924bfabd ("x86/entry: Force rcu_irq_enter() when in idle task", 12 Jun 2020; mail copies
// source ids 11178108171, 47442815268). rcutorture found it.
//
// What it shows: entry raises RCU irq nesting only when RCU is not watching. In the idle task,
// a first interrupt wakes RCU (nesting 1) and runs softirqs with IRQs enabled on its way out; a
// tick arriving then finds RCU watching, skips rcu_irq_enter(), and so sees nesting 1 as if it
// were the first interrupt from idle. It reports a quiescent state while the softirq may be in
// an RCU read-side critical section, and the grace period can end too early (I5).
//
// This file replaces idtentry_enter_cond_rcu() of the x86-58 era (it is loaded after the era
// file and its definition wins); the vector kentry_irq_vector() and the exit side are the era's.
// Everything else is v5.8 as merged.
//
// Written for the model from the reference, not taken from a kernel tree.

noinstr bool idtentry_enter_cond_rcu(struct pt_regs *regs)
{
	if (user_mode(regs)) {
		check_user_regs(regs);
		enter_from_user_mode();
		return false;
	}

	// E3: "RCU is watching" is the wrong question. A nested interrupt in the idle task's
	// softirq window finds RCU watching (the outer interrupt woke it) and does not raise the
	// nesting it would need (I5).
	if (!rcu_is_watching()) {
		lockdep_hardirqs_off(CALLER_ADDR0);
		rcu_irq_enter();
		instrumentation_begin();
		trace_hardirqs_off_finish();
		instrumentation_end();

		return true;
	}

	instrumentation_begin();
	rcu_irq_enter_check_tick();
	trace_hardirqs_off();
	instrumentation_end();

	return false;
}
