// Unit tests of the position-preserving preprocessor, on fixtures written for kentry (no kernel
// source here: kernel trees live only in the ignored cache).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  blankComments,
  createEnv,
  defaultExpand,
  preprocess,
  type MacroDef,
  type PreprocessResult,
} from '../src/c/preprocess.ts';
import { parseCheck } from '../src/tree/parse-check.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => fs.readFileSync(path.join(here, 'fixtures/preprocess', name), 'utf8');
const expandAll = (): boolean => true;

/** Declarations `int NAME;` left active in the output. */
const activeInts = (r: PreprocessResult): string[] => [...r.text.matchAll(/\bint (\w+);/g)].map((m) => m[1]!);

/** Line structure is kept: same number of lines, and every output line is either the original
 *  line or blank (for a text without macro expansion). */
function assertSameShape(input: string, r: PreprocessResult): void {
  const a = input.split('\n');
  const b = r.text.split('\n');
  assert.equal(b.length, a.length, 'line count');
  for (let i = 0; i < a.length; i++) {
    if (b[i]!.trim() === '') continue;
    assert.equal(b[i]!.length, a[i]!.length, `line ${i + 1} length`);
  }
}

test('conditionals: nested #if/#elif/#else, defined, IS_ENABLED, continuation', () => {
  const src = fixture('conditionals.c');
  const on = preprocess(src, 'conditionals.c', createEnv({ ALPHA: true, GAMMA: true, BETA: false }));
  assert.deepEqual(activeInts(on), [
    'alpha_on', 'alpha_without_beta', 'level_high', 'level_exactly_three', 'not_defined_branch',
    'continued_condition', 'gamma_builtin', 'after_everything',
  ]);
  assert.deepEqual(on.diagnostics, []);
  assertSameShape(src, on);

  const off = preprocess(src, 'conditionals.c', createEnv({}));
  assert.deepEqual(activeInts(off), ['alpha_off', 'neither', 'level_high', 'level_exactly_three', 'not_defined_branch', 'alpha_disabled', 'after_everything']);

  const beta = preprocess(src, 'conditionals.c', createEnv(new Set(['BETA'])));
  assert.ok(activeInts(beta).includes('beta_on'));
  assert.ok(!activeInts(beta).includes('alpha_without_beta'));
});

test('conditionals: object-like macros in #if, unknown identifiers are 0, inactive nesting', () => {
  const src = [
    '#define DEPTH 0x10',
    '#define SHIFTED (DEPTH << 2)',
    '#if SHIFTED == 64 && DEPTH > 15 ? 1 : 0',
    'int shifted_ok;',
    '#endif',
    '#if NOT_A_MACRO',
    'int unknown_is_true;',
    '#elif defined(DEPTH)',
    'int depth_defined;',
    '#endif',
    '#if 0',
    '#if 1',
    'int nested_in_dead;',
    '#else',
    'int also_dead;',
    '#endif',
    '#define DEAD_MACRO 1',
    '#endif',
    '#ifdef DEAD_MACRO',
    'int dead_macro_defined;',
    '#endif',
    '#if __has_attribute(fancy) || (3 % 2 == 1 && -1 < 0)',
    'int fallback_eval;',
    '#endif',
  ].join('\n');
  const r = preprocess(src, 'inline.c', createEnv({}));
  assert.deepEqual(activeInts(r), ['shifted_ok', 'depth_defined', 'fallback_eval']);
  assert.deepEqual(r.diagnostics, []);
});

test('conditionals: #ifdef CONFIG_X follows the oracle; undefined means n', () => {
  const src = '#ifdef CONFIG_ON\nint a;\n#endif\n#ifdef CONFIG_UNSET\nint b;\n#endif\n#ifndef CONFIG_OFF\nint c;\n#endif\n';
  const r = preprocess(src, 'x.c', createEnv({ ON: true, OFF: false }));
  assert.deepEqual(activeInts(r), ['a', 'c']);
});

test('conditionals: unbalanced directives are reported, not thrown', () => {
  const r = preprocess('#endif\n#if 1\nint a;\n', 'bad.c', createEnv({}));
  assert.equal(r.diagnostics.length, 2);
  assert.match(r.diagnostics[0]!, /#endif without #if/);
  assert.match(r.diagnostics[1]!, /bad.c:2: unterminated/);
});

test('macros: function-like expansion, ##, #, recursion guard, #undef', () => {
  const src = fixture('macros.c');
  const r = preprocess(src, 'macros.c', createEnv({}, { expand: expandAll }));
  assert.deepEqual(r.diagnostics, []);
  const lines = r.text.split('\n');
  assert.equal(lines.length, src.split('\n').length, 'line structure kept');
  assert.equal(lines[13], '\tif (v & ((1 << 0) | (1 << 4)))');
  assert.equal(lines[14], '\t\tslow_handler();');
  assert.equal(lines[15], '\tv = ((v + 1) + (v + 1));');
  assert.equal(lines[16], '\tdo_thing();');
  assert.equal(lines[17], '\treport("hello");');
  assert.equal(lines[18], '\tuse(loop_a);', 'self-referential chain stops');
  assert.equal(lines[19], '\tif (        (v > 3))', 'unlikely(x) becomes (x)');
  assert.equal(lines[21], '\tv = ((v) + (v))');
  assert.equal(lines[22], '    ;', 'later lines of a multi-line invocation stay, blanked');
  assert.equal(lines[31], '\tfast_handler();', 'redefinition after #undef');
  assert.equal(lines[38], '\tpick_handler();', 'not expanded after the final #undef');
  assert.deepEqual(r.macros.map((m) => m.name), [
    'pick_handler', 'WORK_MASK', 'BIT_A', 'BIT_B', 'twice', 'glue', 'name_of', 'loop_a', 'loop_b', 'pick_handler',
  ]);
});

test('macros: positions map back to the original file', () => {
  const src = fixture('macros.c');
  const r = preprocess(src, 'macros.c', createEnv({}, { expand: expandAll }));
  // Line 16: `\tv = twice(v + 1);` → `\tv = ((v + 1) + (v + 1));`
  const out16 = r.text.split('\n')[15]!;
  const at = (needle: string, from = 0): number => out16.indexOf(needle, from) + 1;
  assert.deepEqual(r.mapLoc(16, 2), { file: 'macros.c', line: 16, col: 2 }, 'before the expansion: identity');
  // Every column inside the expansion maps to the invocation's first character (col 6).
  for (let col = at('(('); col < at(';'); col++) assert.deepEqual(r.mapLoc(16, col), { file: 'macros.c', line: 16, col: 6 });
  // The `;` after it maps to where the `;` was in the original.
  const origCol = src.split('\n')[15]!.indexOf(';') + 1;
  assert.deepEqual(r.mapLoc(16, at(';')), { file: 'macros.c', line: 16, col: origCol });
  // Multi-line invocation: the `;` on the next line keeps its column.
  const src23 = src.split('\n')[22]!;
  assert.deepEqual(r.mapLoc(23, src23.indexOf(';') + 1), { file: 'macros.c', line: 23, col: src23.indexOf(';') + 1 });
  // Lines without expansions map one-to-one.
  for (let col = 1; col <= 18; col++) assert.deepEqual(r.mapLoc(30, col), { file: 'macros.c', line: 30, col });
  // A column past the end of a line stays on that line.
  assert.equal(r.mapLoc(29, 40).line, 29);
  // The expansion record carries the original location.
  const twice = r.expansions.find((e) => e.name === 'twice')!;
  assert.deepEqual(twice.loc, { file: 'macros.c', line: 16, col: 6 });
  assert.equal(twice.to, '((v + 1) + (v + 1))');
});

test('macros: the default policy expands dispatch macros and constants, not helpers', () => {
  const header = [
    '#define irqentry_exit_cond_resched()\tdirect_resched_variant()',
    '#define FLAG_X\t\t(1UL << 3)',
    '#define FLAGS\t\t(FLAG_X | 0x10)',
    '#define helper(v)\tdo { real_helper(v); } while (0)',
    '#define CAST_CONST\t((unsigned long)1)',
    '#define WARN_ON_ONCE(c)\tbuiltin_warn(c)',
  ].join('\n');
  const env = createEnv({});
  preprocess(header, 'defs.h', env);
  assert.equal(env.macros.size, 6, 'the header fills the shared table');
  const code = 'void f(unsigned long w)\n{\n\tif (w & FLAGS)\n\t\tirqentry_exit_cond_resched();\n\thelper(w);\n\tWARN_ON_ONCE(w == CAST_CONST);\n}\n';
  const r = preprocess(code, 'user.c', env);
  const lines = r.text.split('\n');
  assert.equal(lines[2], '\tif (w & ((1UL << 3) | 0x10))');
  assert.equal(lines[3], '\t\tdirect_resched_variant();');
  assert.equal(lines[4], '\thelper(w);');
  assert.equal(lines[5], '\tWARN_ON_ONCE(w == CAST_CONST);');
  const def = (body: string, params: string[] | null = null): MacroDef => ({ name: 'M', params, variadic: false, body, file: 'x', line: 1 });
  assert.equal(defaultExpand('M', def('(1 << 4)')), true);
  assert.equal(defaultExpand('M', def('other_name')), true);
  assert.equal(defaultExpand('M', def('msecs(2)')), false);
  assert.equal(defaultExpand('M', def('(x)', ['x'])), false);
  assert.equal(defaultExpand('M', def('"text"')), false);
});

test('macros: a custom policy decides; IS_ENABLED and friends are never expanded', () => {
  const env = createEnv({ FOO: true }, { expand: (name) => name !== 'keep_me' });
  const src = '#define keep_me() other()\n#define IS_ENABLED(x) 1\n#define go() went()\nvoid f(void)\n{\n\tif (IS_ENABLED(CONFIG_FOO))\n\t\tkeep_me();\n\tgo();\n}\n';
  const lines = preprocess(src, 'p.c', env).text.split('\n');
  assert.equal(lines[5], '\tif (IS_ENABLED(CONFIG_FOO))');
  assert.equal(lines[6], '\t\tkeep_me();');
  assert.equal(lines[7], '\twent();');
});

test('macros: #define with line continuations and comments inside the body', () => {
  const src = [
    '#define LONG_BODY(a)\t\t\\',
    '\t/* a comment in the body, \\',
    '\t   spanning lines */\t\\',
    '\tdo_long(a)',
    'void f(void) { LONG_BODY(3); }',
    '',
  ].join('\n');
  const env = createEnv({}, { expand: expandAll });
  const r = preprocess(src, 'c.c', env);
  assert.equal(env.macros.get('LONG_BODY')!.body.replace(/\s+/g, ' '), 'do_long(a)');
  assert.equal(r.text.split('\n')[4], 'void f(void) { do_long(3); }');
  for (let i = 0; i < 4; i++) assert.equal(r.text.split('\n')[i]!.trim(), '', `directive line ${i + 1} blanked`);
});

test('attributes: annotations are blanked in place; front-end attributes stay', async () => {
  const src = fixture('attributes.c');
  const r = preprocess(src, 'attributes.c', createEnv({}));
  assert.equal(r.text.length, src.length, 'stripping is length-preserving');
  assertSameShape(src, r);
  for (const gone of ['DEFINE_PER_CPU', 'DECLARE_STATIC_KEY_FALSE', '__percpu', '__rcu', '__randomize_layout', '__ro_after_init',
    '__attribute__', '__user', '__must_hold', '__must_check', '__weak', 'EXPORT_SYMBOL_GPL', 'NOKPROBE_SYMBOL', 'static DEFINE']) {
    assert.ok(!r.text.includes(gone), `${gone} stripped`);
  }
  for (const kept of ['noinstr void keep_attributes', '__visible noinstr void visible_fn', 'static __always_inline int', 'asmlinkage_helper();']) {
    assert.ok(r.text.includes(kept), `${kept} kept`);
  }
  // Every character that is still there is where it was.
  for (let i = 0; i < src.length; i++) if (r.text[i] !== ' ') assert.equal(r.text[i], src[i]);
  assert.deepEqual(r.stripped.map((s) => `${s.name}(${s.args.join(',')})@${s.loc.line}`), [
    'DEFINE_PER_CPU(bool,cpu_flag)@2', 'DEFINE_PER_CPU(unsigned long,cpu_counter)@3', 'DECLARE_STATIC_KEY_FALSE(some_key)@4',
    'EXPORT_SYMBOL_GPL(weak_fn)@25', 'NOKPROBE_SYMBOL(weak_fn)@26',
  ]);
  const parsed = await parseCheck(r);
  assert.deepEqual(parsed.functions.map((f) => [f.name, f.clean]), [['visible_fn', true], ['inline_fn', true], ['weak_fn', true]]);
  assert.deepEqual(parsed.topLevelProblems, []);
  // `__visible noinstr ` is blanked by parse-check as the front end does: the definition starts at `void`.
  assert.deepEqual(parsed.functions[0]!.loc, { file: 'attributes.c', line: 15, col: 19 });
});

test('comments are blanked; strings survive; a backslash ending a comment line is kept', () => {
  const src = 'a /* x */ b // tail\n"/* not a comment */" /* multi\\\nline */ c';
  const out = blankComments(src);
  assert.equal(out.length, src.length);
  assert.equal(out.split('\n')[0], `a${' '.repeat(9)}b${' '.repeat(8)}`);
  assert.ok(out.includes('"/* not a comment */"'));
  assert.ok(out.includes('\\\n'), 'continuation kept inside a block comment');
  assert.ok(out.endsWith(' c'));
});

test('parse-check reports ERROR nodes per function with original positions', async () => {
  const src = '#define X 1\nint good(void) { return X; }\nint bad(void) { return ) ; }\n';
  const r = preprocess(src, 'pc.c', createEnv({}));
  const p = await parseCheck(r);
  const byName = new Map(p.functions.map((f) => [f.name, f]));
  assert.equal(byName.get('good')!.clean, true);
  assert.equal(byName.get('bad')!.clean, false);
  assert.equal(byName.get('bad')!.problems[0]!.loc.line, 3);
});

test('macros: bit and suffix helpers are constant arithmetic (BIT, _BITUL, UL, _AC)', () => {
  const def = (body: string): MacroDef => ({ name: 'M', params: null, variadic: false, body, file: 'x', line: 1 });
  assert.equal(defaultExpand('M', def('BIT(FLAG_NO)')), true);
  assert.equal(defaultExpand('M', def('(_BITUL(3) | UL(0x10))')), true);
  assert.equal(defaultExpand('M', def('(_AC(1, UL) << 4)')), true);
  assert.equal(defaultExpand('M', def('BIT(n) + lookup(n)')), false, 'another call is not arithmetic');
  assert.equal(defaultExpand('M', def('pair(1, 2)')), false);
  assert.equal(defaultExpand('M', def('(1, 2)')), false, 'a comma without _AC is not a constant');
  const env = createEnv({});
  preprocess('#define FLAG_NO\t\t5\n#define _FLAG_MASK\tBIT(FLAG_NO)\n#define WORK\t\t(_FLAG_MASK | 0x1)\n', 'bits.h', env);
  const r = preprocess('int f(unsigned long w)\n{\n\treturn w & WORK;\n}\n', 'use.c', env);
  assert.equal(r.text.split('\n')[2], '\treturn w & (BIT(5) | 0x1);');
});
