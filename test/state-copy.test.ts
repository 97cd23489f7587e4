// The search's cheap state handling (model/state.ts): clones share the frames below the top one
// (copy-on-write), decodeInto() reuses a Machine, encodeInto() checks every field once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, decodeInto, encode, EncodeBuffer, encodeInto, Machine, ModelBoundError, newContext, VectorKind } from '../src/model/state.ts';

function twoFrames(): Machine {
  const m = new Machine();
  m.frames.push({ fn: 1, pc: 2, instr: 0, locals: [10, 11] }, { fn: 2, pc: 3, instr: 0, locals: [20] });
  return m;
}

test('clone: a write through writableFrame() never reaches the machine it was cloned from', () => {
  const m = twoFrames();
  const n = m.clone();
  assert.notEqual(n.frames[1], m.frames[1], 'the top frame is copied');
  n.frames[1]!.locals[0] = 99;
  n.writableFrame(0).locals[1] = 77;
  n.writableFrame(0).pc = 5;
  assert.deepEqual(m.frames, twoFrames().frames);
  assert.deepEqual(n.frames.map((f) => [f.pc, f.locals]), [[5, [10, 77]], [3, [99]]]);
  // A clone of the clone, then a write into the original's caller frame: neither clone sees it.
  const o = n.clone();
  m.writableFrame(0).locals[0] = -1;
  assert.equal(n.frames[0]!.locals[0], 10);
  assert.equal(o.frames[0]!.locals[0], 10);
});

test('decodeInto: decoding over a machine that was cloned leaves the clones intact', () => {
  const a = twoFrames();
  const b = new Machine();
  b.frames.push({ fn: 3, pc: 1, instr: 1, locals: [5, 6, 7] });
  const wa: number[] = [];
  const wb: number[] = [];
  encode(a, wa);
  encode(b, wb);
  const nLocals = (fn: number): number => [0, 2, 1, 3][fn]!;
  const reused = decodeInto(wa, 0, nLocals, new Machine());
  const clone = reused.clone();
  decodeInto(wb, 0, nLocals, reused);
  assert.deepEqual(reused.frames, b.frames);
  assert.deepEqual(clone.frames, a.frames);
  assert.deepEqual(decodeInto(wa, 0, nLocals, reused).frames, decode(wa, 0, nLocals).frames);
});

test('encodeInto: the words are encode()\'s, and a context field out of range or not an integer is a ModelBoundError', () => {
  const m = twoFrames();
  m.contexts.push({
    ...newContext(), kind: VectorKind.Irq, savedIF: 1, savedLockdepOn: 1, savedRcuWatching: 1, savedNmiNonidle: 1,
    savedRcuNesting: 1, frameBase: 1, savedPreempt: 0x80010000, savedLockdepCtx: 1,
  });
  const buf = new EncodeBuffer();
  encodeInto(m, buf);
  const w: number[] = [];
  encode(m, w);
  assert.deepEqual([...buf.words.subarray(0, buf.length)], w);
  for (const bad of [2, 0.5, -1, NaN]) {
    const c = m.clone();
    c.contexts[0]!.toldOff = bad;
    assert.throws(() => encodeInto(c, buf), ModelBoundError, `toldOff = ${bad}`);
  }
  const c = m.clone();
  c.userWork = 1.5;
  assert.throws(() => encodeInto(c, buf), ModelBoundError);
});
