// kentry harness: the LoongArch exception and interrupt vectors of a real kernel tree, written for
// the model.
//
// DRAFT
void kentry_loongarch_handle_irq(struct pt_regs *regs)
{
	kentry_assert_handler_state("interrupt handler");
	generic_handle_irq();
	kentry_local_wakeup();
}

noinstr void kentry_loongarch_irq_vector(struct pt_regs *regs)
{
	do_vint(regs, (unsigned long)regs);
	kentry_assert_preempted(regs);
}

noinstr void kentry_loongarch_exception_vector(struct pt_regs *regs)
{
	do_bp(regs);
}
