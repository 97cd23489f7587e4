// Argument helpers shared by the arch primitives (arm64.ts, riscv.ts).

import type { PrimitiveEnv } from './types.ts';
import { SYMBOL_TAG } from '../explore/program.ts';

/** Argument `i` as a number: a name nothing read defines (a symbol) is an error, never a guess. */
export function knownConstant(env: PrimitiveEnv, i: number): number {
  const v = env.args[i]!;
  if ((v & 0xff000000) === SYMBOL_TAG) throw new Error(`${env.callee}(${env.argText.join(', ')}): '${env.argText[i]}' is not a constant of the files read`);
  return v;
}
