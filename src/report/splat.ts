// Kernel-style splats: each finding is printed the way the mechanism that would catch it prints
// (lockdep, RCU, the scheduler, objtool, WARN/BUG), or, for invariants nothing in the kernel
// checks, as a kentry report that says so.

import type { SourceLoc } from '../c/ir.ts';
import type { CheckDef } from '../kernel/types.ts';
import type { StateSnapshot } from './schema.ts';

export interface SplatInput {
  readonly check: CheckDef;
  readonly message: string;
  /** Innermost first: the function where it fired, then its callers with their call sites. */
  readonly stack: readonly { fn: string; loc: SourceLoc | null }[];
  readonly state: StateSnapshot;
  readonly context: string;
  readonly config: string;
}

const at = (loc: SourceLoc | null) => (loc ? `${loc.file}:${loc.line}` : '?');

function callTrace(input: SplatInput): string[] {
  const lines = ['Call Trace:', ' <TASK>'];
  for (const f of input.stack) lines.push(`  ${f.fn}+0x0/0x0 (${at(f.loc)})`);
  lines.push(' </TASK>');
  return lines;
}

function stateLines(s: StateSnapshot): string[] {
  return [
    `irq state: hardware=${s.hwIrqsEnabled ? 'on' : 'off'} lockdep=${s.lockdepHardirqsEnabled ? 'on' : 'off'} (hardirq_context=${s.lockdepHardirqContext}) tracer=${s.tracerIrqsOff ? 'off' : 'on'}`,
    `preempt_count: ${s.preemptCountDecoded}  need_resched=${s.needResched ? 1 : 0}`,
    `RCU: watching=${s.rcuWatching ? 1 : 0} nesting=${s.rcuNesting} nmi_nesting=${s.rcuNmiNesting}  ct_state=${s.ctState}  frames: ${s.nesting}`,
  ];
}

export function formatSplat(input: SplatInput): string {
  const { check, message } = input;
  const top = input.stack[0];
  const where = top ? `${top.fn}+0x0/0x0` : '?';
  const loc = top ? at(top.loc) : '?';
  const cpu = `CPU: 0 PID: 1 Comm: kentry (context: ${input.context})`;
  const tail = [...stateLines(input.state), `config: ${input.config}`, ...callTrace(input)];
  switch (check.reporter) {
    case 'objtool':
      return [`vmlinux.o: warning: ${message}`, `  (at ${loc}; objtool reports this at build time)`].join('\n');
    case 'lockdep':
      if (check.id === 'lockdep.inconsistent_lock_state') {
        return [
          '================================',
          'WARNING: inconsistent lock state',
          '--------------------------------',
          message.replace(/^WARNING: inconsistent lock state: /, ''),
          `kentry/1 [HC1[1]:SC0[0]:HE${input.state.lockdepHardirqsEnabled ? 1 : 0}:SE1] takes it at ${where} (${loc})`,
          cpu,
          ...tail,
        ].join('\n');
      }
      if (message.startsWith('DEBUG_LOCKS_WARN_ON')) {
        return [message, '------------[ cut here ]------------', `WARNING: ${cpu.replace('CPU: 0 PID: 1 Comm: kentry ', 'CPU: 0 PID: 1 ')} at ${loc} ${where}`, ...tail, '---[ end trace 0000000000000000 ]---'].join('\n');
      }
      return ['------------[ cut here ]------------', `WARNING: CPU: 0 PID: 1 at ${loc} ${where}`, message, cpu, ...tail, '---[ end trace 0000000000000000 ]---'].join('\n');
    case 'rcu':
      if (message.startsWith('WARNING: suspicious RCU usage')) {
        return ['=============================', 'WARNING: suspicious RCU usage', '-----------------------------', `${loc} ${message.replace(/^WARNING: suspicious RCU usage: /, '')}`, '', 'other info that might help us debug this:', cpu, ...tail].join('\n');
      }
      return ['------------[ cut here ]------------', `WARNING: CPU: 0 PID: 1 at ${loc} ${where}`, message, cpu, ...tail, '---[ end trace 0000000000000000 ]---'].join('\n');
    case 'sched':
      return [message.startsWith('BUG:') ? message : `------------[ cut here ]------------\nWARNING: CPU: 0 PID: 1 at ${loc} ${where}\n${message}`, cpu, ...tail].join('\n');
    case 'bug':
      return ['------------[ cut here ]------------', `kernel BUG at ${loc}!`, message, 'invalid opcode: 0000 [#1] PREEMPT SMP', cpu, `RIP: 0010:${where}`, ...tail].join('\n');
    case 'warn':
    case 'ct':
      return ['------------[ cut here ]------------', `WARNING: CPU: 0 PID: 1 at ${loc} ${where}`, message, cpu, `RIP: 0010:${where}`, ...tail, '---[ end trace 0000000000000000 ]---'].join('\n');
    case 'watchdog':
      // The soft-lockup detector is the only run-time witness of a CPU that never leaves a loop.
      return [`watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [kentry:1]`, `kentry: ${message}`, cpu, `RIP: 0010:${where} (${loc})`, ...tail].join('\n');
    case 'none':
      return [
        `kentry: ${check.invariant} ${check.severity}: ${message}`,
        `  at ${where} (${loc})`,
        `  no kernel check reports this at run time; the model found it.`,
        cpu,
        ...tail,
      ].join('\n');
  }
}
