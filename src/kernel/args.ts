// Helpers shared by the arch primitives (arm64.ts, powerpc.ts, riscv.ts): their arguments and the
// interrupt context whose saved registers (pt_regs) they read and write.

import type { PrimitiveEnv } from './types.ts';
import type { InterruptContext } from '../model/state.ts';
import { SYMBOL_TAG } from '../explore/program.ts';

/** Argument `i` as a number: a name nothing read defines (a symbol) is an error, never a guess. */
export function knownConstant(env: PrimitiveEnv, i: number): number {
  const v = env.args[i]!;
  if ((v & 0xff000000) === SYMBOL_TAG) throw new Error(`${env.callee}(${env.argText.join(', ')}): '${env.argText[i]}' is not a constant of the files read`);
  return v;
}

/** The innermost interrupt context, whose saved registers `what` reads (the entry code reads its
 *  own `regs`, and a nested exception returns before the code that took it reads them again):
 *  outside any interrupt there is no pt_regs, and the harness never gets there, so that is a
 *  model error. */
export function savedRegsContext(env: Pick<PrimitiveEnv, 'm'>, what: string): InterruptContext {
  const ctx = env.m.topContext;
  if (!ctx) throw new Error(`${what}: no interrupt context, so no saved registers`);
  return ctx;
}

/** savedRegsContext(), to write (Machine.writableContext: the context may be shared with clones). */
export function writableSavedRegsContext(env: Pick<PrimitiveEnv, 'm'>, what: string): InterruptContext {
  savedRegsContext(env, what);
  return env.m.writableTopContext()!;
}
