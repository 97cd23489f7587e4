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

function twoContexts(): Machine {
  const m = twoFrames();
  m.contexts.push({ ...newContext(), kind: VectorKind.Vector, savedPreempt: 1 }, { ...newContext(), kind: VectorKind.Irq, frameBase: 1, savedPreempt: 2 });
  return m;
}

test('clone: contexts are shared until written; a write through writableContext() never reaches the other machine', () => {
  const m = twoContexts();
  const n = m.clone();
  assert.equal(n.contexts[0], m.contexts[0], 'shared, not copied');
  n.writableTopContext()!.toldOff = 1;
  n.writableContext(0).savedPreempt = 7;
  assert.deepEqual(m.contexts, twoContexts().contexts);
  assert.deepEqual(n.contexts.map((c) => [c.savedPreempt, c.toldOff]), [[7, 0], [2, 1]]);
  // The original writes its own after the clone: neither the clone nor a clone of it sees it.
  const o = n.clone();
  m.writableContext(1).eventsPending = 1;
  assert.equal(n.contexts[1]!.eventsPending, 0);
  assert.equal(o.contexts[1]!.eventsPending, 0);
  // A pop and a push change the clone's own array only.
  o.contexts.pop();
  assert.equal(n.contexts.length, 2);
  assert.throws(() => o.writableContext(1), /no interrupt context 1/);
});

test('decodeInto: decoding over a machine whose contexts clones share leaves them intact; after clonesDropped() it reuses its own', () => {
  const a = twoContexts();
  const wa: number[] = [];
  encode(a, wa);
  const b = twoContexts();
  b.writableContext(0).savedPreempt = 9;
  const wb: number[] = [];
  encode(b, wb);
  const nLocals = (fn: number): number => [0, 2, 1][fn]!;
  const m = decodeInto(wa, 0, nLocals, new Machine());
  const clone = m.clone();
  const ctx0 = m.contexts[0];
  const frame0 = m.frames[0];
  decodeInto(wb, 0, nLocals, m);
  assert.deepEqual(clone.contexts, a.contexts);
  assert.deepEqual(clone.frames, a.frames);
  assert.notEqual(m.contexts[0], ctx0, 'a shared context is replaced');
  assert.equal(m.contexts[0]!.savedPreempt, 9);
  // The search drops every clone after an expansion: then decoding overwrites in place.
  m.clone();
  m.clonesDropped();
  const own = m.contexts[0];
  const ownFrame = m.frames[0];
  decodeInto(wa, 0, nLocals, m);
  assert.equal(m.contexts[0], own);
  assert.equal(m.frames[0], ownFrame);
  assert.notEqual(ownFrame, frame0);
  assert.deepEqual(m.contexts, a.contexts);
  assert.deepEqual(m.frames, a.frames);
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
    c.writableContext(0).toldOff = bad;
    assert.throws(() => encodeInto(c, buf), ModelBoundError, `toldOff = ${bad}`);
  }
  const c = m.clone();
  c.userWork = 1.5;
  assert.throws(() => encodeInto(c, buf), ModelBoundError);
});
