// `kentry coverage` names every load of memory the model does not track (reason `untracked-load`),
// statically, before any run: "unknown is never zero, and every such site is named". A load that
// reads a local (through `&x` passed down) or a member the model tracks is state, not a site.
// Small programs of our own first; then the Debian 7.3 tree where it is cached.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProgram } from '../src/c/frontend.ts';
import { bindProgram } from '../src/explore/program.ts';
import { coverageOpaque, type CoverageOpaque, coverageReport, formatCoverage } from '../src/explore/kernel-target.ts';
import { CLASSIC_LAYOUT, type ModelLayout } from '../src/tree/layout.ts';
import { kernelRoot, runCli, skipUnlessTree, treeEdited } from './trees.ts';

/** The coverage `opaque` list of a C text bound from `root` (tolerant, as trees are). */
async function opaqueOf(text: string, root: string, layout: ModelLayout = CLASSIC_LAYOUT): Promise<CoverageOpaque[]> {
  const ir = await parseProgram([{ file: 'toy.c', text }], { tolerant: true });
  const prog = bindProgram(ir, [root], { tolerant: true, layout });
  return coverageOpaque(prog, { unsupported: ir.unsupported ?? new Map() }, [root]);
}
const loads = (o: readonly CoverageOpaque[]) => o.filter((x) => x.reason === 'untracked-load').map((x) => `${x.name} ${x.site.file}:${x.site.line}:${x.site.col} in ${x.in}`);

// Each read on its own line, so a site's line says which read it is.
const TOY = [
  'struct toy_dev { int state; int count; };', //                              1
  'static int toy_read(int *p)', //                                            2
  '{', //                                                                      3
  '\treturn *p;', //                                                           4
  '}', //                                                                      5
  'static int toy_read_local(int *q)', //                                      6
  '{', //                                                                      7
  '\treturn *q;', //                                                           8
  '}', //                                                                      9
  'void toy_vector(struct toy_dev *dev, int *where)', //                       10
  '{', //                                                                      11
  '\tint mine = 3;', //                                                        12
  '\tint *alias = &mine;', //                                                  13
  '\tint a = dev->state;', //                                                  14
  '\tint b = *where;', //                                                      15
  '\tint c = *alias;', //                                                      16
  '\tint d = toy_read(where);', //                                             17
  '\tint e = toy_read(&mine);', //                                             18
  '\tint f = toy_read_local(&mine);', //                                       19
  '\tif (a + b + c + d + e + f)', //                                           20
  '\t\tdev->count = 0;', //                                                    21
  '\t*where = a;', //                                                          22
  '\t*alias = b;', //                                                          23
  '}', //                                                                      24
  '',
].join('\n');

test('coverage lists an untracked load with its site and function (a member of an untracked object, *p through a parameter) and *p = v through such a pointer', async () => {
  const o = await opaqueOf(TOY, 'toy_vector');
  const got = loads(o);
  // dev->state: a member of memory the model does not track; *where: the vector's parameter is
  // the harness's, never a local's address; *p in toy_read(): one caller passes `where`.
  assert.ok(got.includes('dev->state toy.c:14:10 in toy_vector'), got.join('\n'));
  assert.ok(got.includes('*where toy.c:15:10 in toy_vector'), got.join('\n'));
  assert.ok(got.includes('*p toy.c:4:9 in toy_read'), got.join('\n'));
  // The untracked stores are listed: a member of an untracked object (as before) and `*where = a`
  // through the same parameter; `*alias = b` writes mine and is not.
  const stores = o.filter((x) => x.reason === 'untracked-store').map((x) => `${x.name} ${x.site.line}`);
  assert.deepEqual(stores, ['*where 22', 'dev->count 21']);
  // Each site once, sorted by name then site.
  assert.equal(new Set(got).size, got.length);
  const sorted = [...o].sort((a, b) => a.name.localeCompare(b.name) || a.site.line - b.site.line || a.site.col - b.site.col);
  assert.deepEqual(o, sorted);
});

test('coverage does not list a load of a local: through &x, through a local alias of &x, through a parameter every caller passes &x to', async () => {
  const got = loads(await opaqueOf(TOY, 'toy_vector'));
  assert.ok(!got.some((l) => l.startsWith('*alias ')), `*alias reads mine: ${got.join('\n')}`);
  assert.ok(!got.some((l) => l.startsWith('*q ')), `*q reads the caller's mine: ${got.join('\n')}`);
  assert.deepEqual(got.length, 3, got.join('\n'));
});

test('coverage: a pointer whose address is taken may be written through it, so a load through it is listed', async () => {
  const text = [
    'extern void toy_fill(int **pp);',
    'void toy_vector2(void)',
    '{',
    '\tint mine = 0;',
    '\tint *p = &mine;',
    '\ttoy_fill(&p);',
    '\tif (*p)',
    '\t\tmine = 1;',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(loads(await opaqueOf(text, 'toy_vector2')), ['*p toy.c:7:6 in toy_vector2']);
});

test('coverage does not list a member the model tracks (rseq\'s sched_switch event: a primitive)', async () => {
  const text = [
    'struct rseq_event { bool sched_switch; };',
    'void toy_vector3(struct rseq_event *ev, struct rseq_event *other)',
    '{',
    '\tif (ev->sched_switch)',
    '\t\tev->sched_switch = false;',
    '\tif (other->has_rseq)',
    '\t\treturn;',
    '}',
    '',
  ].join('\n');
  // A layout with rseq's event (a free thread-flag bit for TIF_RSEQ), as test/rseq.test.ts.
  const layout: ModelLayout = { ...CLASSIC_LAYOUT, tif: { ...CLASSIC_LAYOUT.tif, RSEQ: 11 }, rseqEvent: { raises: 'RSEQ', source: 'test' } };
  const got = loads(await opaqueOf(text, 'toy_vector3', layout));
  // Without the event in the tree's layout the same member is untracked memory, and listed.
  assert.deepEqual(loads(await opaqueOf(text, 'toy_vector3')), ['ev->sched_switch toy.c:4:6 in toy_vector3', 'other->has_rseq toy.c:6:6 in toy_vector3']);
  assert.deepEqual(got, ['other->has_rseq toy.c:6:6 in toy_vector3']);
});

test('a compound assignment to a member the model tracks, which it cannot update, is refused with its site; to untracked memory it is a listed store', async () => {
  const text = [
    'struct rseq_event { bool sched_switch; };',
    'void toy_vector4(struct rseq_event *ev)',
    '{',
    '\tev->sched_switch |= 1;',
    '}',
    '',
  ].join('\n');
  const layout: ModelLayout = { ...CLASSIC_LAYOUT, tif: { ...CLASSIC_LAYOUT.tif, RSEQ: 11 }, rseqEvent: { raises: 'RSEQ', source: 'test' } };
  const ir = await parseProgram([{ file: 'toy.c', text }], { tolerant: true });
  // Tracked (rseq's event in the layout): an untracked store would leave the model's copy stale.
  assert.throws(() => bindProgram(ir, ['toy_vector4'], { tolerant: true, layout }), /toy\.c:4.*ev->sched_switch \|= 1: a compound assignment to a member kentry tracks, which it cannot update/s);
  // Untracked (no event in the layout): the store is an opaque, listed site, as before.
  const stores = (await opaqueOf(text, 'toy_vector4')).filter((x) => x.reason === 'untracked-store').map((x) => `${x.name} ${x.site.line}`);
  assert.deepEqual(stores, ['ev->sched_switch 4']);
});

test('coverage text: the untracked loads are counted apart from the opaque calls and printed with their sites', { skip: skipUnlessTree('7.3', 'arch/s390'), timeout: 600_000 }, async () => {
  const r = await runCli(['coverage', '--kernel', kernelRoot('7.3'), '--arch', 's390', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const cov = JSON.parse(r.stdout) as Parameters<typeof formatCoverage>[0];
  // do_io_irq() reads the lowcore's tpi_info (and its adapter_IO bit) from memory kentry does not
  // track: listed with its site before any run. (7.3's machine_is_lpar() is machine_has_lpar(),
  // a call, listed as not-defined.)
  const inIo = cov.opaque.filter((o) => o.in === 'do_io_irq' && o.reason === 'untracked-load');
  assert.ok(inIo.some((o) => o.name === 'get_lowcore()->tpi_info.adapter_IO' && o.site.file === 'arch/s390/kernel/irq.c'), JSON.stringify(inIo));
  assert.ok(cov.opaque.some((o) => o.in === 'do_io_irq' && o.name === 'machine_has_lpar' && o.reason === 'not-defined'));
  // The summary: calls (stores, asm) and loads apart, together the whole list.
  assert.equal(cov.summary.untrackedLoads, cov.opaque.filter((o) => o.reason === 'untracked-load').length);
  assert.equal(cov.summary.opaqueCalls + cov.summary.untrackedLoads, cov.opaque.length);
  // Once per site and expression.
  const keys = cov.opaque.filter((o) => o.reason === 'untracked-load').map((o) => `${o.site.file}:${o.site.line}:${o.site.col} ${o.name}`);
  assert.equal(new Set(keys).size, keys.length);
  // The one load of 7.3's s390 rows that reads a local: *syscall in syscall_enter_from_user_mode_work()
  // (its caller passes &syscall) is not listed.
  assert.ok(!cov.opaque.some((o) => o.name === '*syscall'));
  const text = formatCoverage(cov);
  assert.match(text, new RegExp(`^opaque calls: ${cov.summary.opaqueCalls} sites, \\d+ names; untracked loads: ${cov.summary.untrackedLoads} sites$`, 'm'));
  assert.match(text, /^ {2}get_lowcore\(\)->tpi_info\.adapter_IO {2}arch\/s390\/kernel\/irq\.c:\d+ in do_io_irq: untracked-load$/m);
});

// A tree: 6.12's x86 entry code with lines of our own put on the line of irqentry_enter()'s opening
// brace (so no other site moves): a read of a pt_regs member the model does not track, a read and a
// write through a local's address, and a read through a helper's pointer parameter that its one
// caller passes a local's address to. Coverage of that tree is the original's plus exactly the first.
const ADDED = ' int kentry_toy_mine = 1; int *kentry_toy_alias = &kentry_toy_mine;'
  + ' if (regs->kentry_toy_field) *kentry_toy_alias = 2;'
  + ' if (*kentry_toy_alias) kentry_toy_mine = kentry_toy_read(&kentry_toy_mine);';
const HELPER = 'static __always_inline int kentry_toy_read(int *p) { return *p; }\n';

test('coverage of a tree: an added untracked load is listed with its site, loads of a local are not, nothing else changes', { skip: skipUnlessTree('6.12', 'kernel/entry/common.c'), timeout: 600_000 }, async () => {
  let braceLine = 0;
  const dir = treeEdited(kernelRoot('6.12'), ['kernel', 'arch/x86'], {
    'kernel/entry/common.c': (text) => {
      const lines = text.split('\n');
      const i = lines.findIndex((l) => /^noinstr irqentry_state_t irqentry_enter\(struct pt_regs \*regs\)$/.test(l));
      assert.ok(i > 0 && lines[i + 1] === '{', 'irqentry_enter() is where the test expects it');
      braceLine = i + 2;
      // The helper goes on the line before the function's, after that line's text (a blank line
      // or a comment's end in 6.12), so the line count stays the same.
      assert.equal(lines[i - 1], '', 'a blank line before irqentry_enter()');
      lines[i - 1] = HELPER.trimEnd();
      lines[i + 1] = `{${ADDED}`;
      return lines.join('\n');
    },
  });
  const before = await coverageReport(kernelRoot('6.12'));
  const after = await coverageReport(dir);
  const added = after.opaque.filter((o) => !before.opaque.some((b) => JSON.stringify(b) === JSON.stringify(o)));
  const col = `{${ADDED}`.indexOf('regs->kentry_toy_field') + 1;
  assert.deepEqual(added, [{ name: 'regs->kentry_toy_field', site: { file: 'kernel/entry/common.c', line: braceLine, col }, in: 'irqentry_enter', reason: 'untracked-load' }]);
  assert.equal(after.opaque.length, before.opaque.length + 1, 'nothing of the original list is lost');
  assert.equal(after.summary.untrackedLoads, before.summary.untrackedLoads + 1);
  assert.equal(after.summary.opaqueCalls, before.summary.opaqueCalls);
  // The helper was read and its load, through &kentry_toy_mine only, is not listed.
  assert.ok(after.interpreted.some((f) => f.name === 'kentry_toy_read'), 'the helper is interpreted');
});

test('coverage on 6.12 s390: MACHINE_IS_LPAR, a lowcore read there, is an untracked load of do_io_irq', { skip: skipUnlessTree('6.12', 'arch/s390'), timeout: 600_000 }, async () => {
  const cov = await coverageReport(kernelRoot('6.12'), { arch: 's390' });
  const lpar = cov.opaque.filter((o) => o.in === 'do_io_irq' && o.name === 'get_lowcore()->machine_flags');
  assert.equal(lpar.length, 1, JSON.stringify(cov.opaque.filter((o) => o.in === 'do_io_irq')));
  assert.equal(lpar[0]!.reason, 'untracked-load');
  assert.equal(lpar[0]!.site.file, 'arch/s390/kernel/irq.c');
});
