// Assertions written in the checked code itself: WARN_ON_ONCE(cond) and friends evaluate to
// `cond` and are reported whenever `cond` is reachable as true.

import type { CheckDef, PrimitiveDef, Subsystem } from './types.ts';

export const CHECK_WARN_ON: CheckDef = {
  id: 'assert.warn_on',
  invariant: 'WARN',
  severity: 'violation',
  reporter: 'warn',
  message: 'WARNING: {0}({1})',
};
export const CHECK_BUG_ON: CheckDef = {
  id: 'assert.bug_on',
  invariant: 'WARN',
  severity: 'violation',
  reporter: 'bug',
  message: 'kernel BUG: BUG_ON({0})',
  halts: true,
};
export const CHECK_CT_WARN_ON: CheckDef = {
  id: 'assert.ct_warn_on',
  invariant: 'I12',
  severity: 'violation',
  reporter: 'ct',
  message: 'WARNING: CT_WARN_ON({0})',
};

const primitives: PrimitiveDef[] = [
  {
    name: 'WARN_ON_ONCE',
    aliases: ['WARN_ON', 'WARN_ONCE', 'WARN'],
    instrumentable: false,
    doc: 'Warns (with a backtrace) when the condition holds; evaluates to it.',
    run(env) {
      const cond = env.args[0] ?? 0;
      if (cond) env.report(CHECK_WARN_ON, env.callee, env.argText[0] ?? '');
      return cond ? 1 : 0;
    },
  },
  {
    name: 'BUG_ON',
    instrumentable: false,
    doc: 'Oopses when the condition holds.',
    run(env) {
      if (env.args[0]) {
        env.report(CHECK_BUG_ON, env.argText[0] ?? '');
        env.m.halted = 1;
      }
      return 0;
    },
  },
  {
    name: 'RCU_LOCKDEP_WARN',
    instrumentable: false,
    doc: 'RCU_LOCKDEP_WARN(c, s) (include/linux/rcupdate.h): with PROVE_RCU, lockdep_rcu_suspicious() ("suspicious RCU usage") once when c holds and debug_lockdep_rcu_enabled() (taken as true: the scheduler is up and lockdep has not turned itself off); without PROVE_RCU nothing (c is not evaluated for its value). Reported as a WARN with the condition.',
    run(env) {
      const prove = env.cfg.kconfig('PROVE_RCU');
      if (prove === undefined) throw new Error(`RCU_LOCKDEP_WARN(${env.argText.join(', ')}): CONFIG_PROVE_RCU is undecided here`);
      if (prove && env.args[0]) env.report(CHECK_WARN_ON, env.callee, env.argText[0] ?? '');
      return 0;
    },
  },
  {
    name: 'CT_WARN_ON',
    instrumentable: false,
    doc: 'WARN_ON(context_tracking_enabled() && cond).',
    run(env) {
      const cond = env.args[0] ?? 0;
      if (env.cfg.contextTracking && cond) env.report(CHECK_CT_WARN_ON, env.argText[0] ?? '');
      return 0;
    },
  },
];

export const asserts: Subsystem = { name: 'asserts', primitives, checks: [CHECK_WARN_ON, CHECK_BUG_ON, CHECK_CT_WARN_ON] };
