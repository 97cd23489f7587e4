// noinstr and objtool (kentry-ref §2.7, §3.5, I11).
//
// objtool walks every path of a noinstr function counting instrumentation_begin() (+1) and
// instrumentation_end() (−1); a call to instrumentable code at count 0 leaves .noinstr.text.
// kentry tracks the same count per function activation as it executes, so each finding comes
// with the path that reaches it, in the config where it happens. A surplus begin silently
// disables objtool for the rest of the function — caught at the return.

import { ModelBoundError } from '../model/state.ts';
import type { CheckDef, PrimitiveDef, Subsystem } from './types.ts';

export const CHECK_NOINSTR_CALL: CheckDef = {
  id: 'objtool.noinstr_call',
  invariant: 'I11',
  severity: 'violation',
  reporter: 'objtool',
  message: 'objtool: {0}+0x0: call to {1}() leaves .noinstr.text section',
};
export const CHECK_RETURN_INSTR: CheckDef = {
  id: 'objtool.return_instrumentation',
  invariant: 'I11',
  severity: 'violation',
  reporter: 'objtool',
  message: 'objtool: {0}+0x0: return with instrumentation enabled',
};
export const CHECK_END_UNDERFLOW: CheckDef = {
  id: 'objtool.instrumentation_end_underflow',
  invariant: 'I11',
  severity: 'violation',
  reporter: 'objtool',
  message: 'objtool: {0}+0x0: instrumentation_end() without a matching instrumentation_begin()',
};

const primitives: PrimitiveDef[] = [
  {
    name: 'instrumentation_begin',
    instrumentable: false,
    doc: 'Opens an instrumentation section in noinstr code (objtool count +1).',
    run(env) {
      const f = env.m.topFrame;
      if (f) {
        if (f.instr >= 14) throw new ModelBoundError('the instrumentation_begin() depth', 'above 14');
        f.instr++;
      }
      return 0;
    },
  },
  {
    name: 'instrumentation_end',
    instrumentable: false,
    doc: 'Closes an instrumentation section (objtool count −1).',
    run(env) {
      const f = env.m.topFrame;
      if (!f) return 0;
      // objtool counts after inlining: an __always_inline helper may close a section its caller
      // opened (its activation goes to -1 and folds into the caller at its return).
      const seen = env.objtool?.() ?? { depth: f.instr, symbol: '?' };
      if (seen.depth <= 0 || f.instr <= -1) {
        env.report(CHECK_END_UNDERFLOW, seen.symbol);
        return 0;
      }
      f.instr--;
      return 0;
    },
  },
];

export const instrumentation: Subsystem = {
  name: 'instrumentation',
  primitives,
  checks: [CHECK_NOINSTR_CALL, CHECK_RETURN_INSTR, CHECK_END_UNDERFLOW],
};
