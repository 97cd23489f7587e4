// Length-preserving pre-pass for kernel annotations tree-sitter-c cannot parse.
//
// Tokens such as `noinstr` or `__always_inline` are macros in the kernel; to a C grammar they look
// like stray identifiers. We overwrite them with spaces (newlines are kept) so that every other
// character keeps its index, line and column, and remember where each one was so the front end can
// attach the interesting ones to the following function definition.
//
// Comments, string and character literals, and preprocessor directive lines are left untouched
// (blanking `#define noinstr ...` would leave a nameless `#define`).

/** Annotations removed as a single word. */
const WORD_ATTRS: ReadonlySet<string> = new Set([
  'noinstr',
  '__always_inline',
  '__visible',
  'notrace',
  '__cpuidle',
  '__init',
  '__exit',
  '__noreturn',
  'asmlinkage',
  '__must_check',
  '__maybe_unused',
  '__always_unused',
  '__weak',
  '__used',
  '__cold',
  '__hot',
  '__sched',
  '__irq_entry',
  '__kprobes',
  'noinline',
  '__noinline',
  '__flatten',
  '__ref',
  '__rcu',
  '__percpu',
  '__user',
  '__iomem',
  '__force',
  '__no_kcsan',
  '__no_sanitize_address',
  '__no_profile',
  '__nocfi',
  '__noclone',
  '__ro_after_init',
  '__read_mostly',
  '__packed',
  '__latent_entropy',
  '__head',
  '__no_stack_protector',
  '__noscs',
  '__noinstr',
  '__initdata',
  '__initconst',
  '__exitdata',
  '__refdata',
  '__refconst',
  '__exitused',
  '__cacheline_aligned',
  '__cacheline_aligned_in_smp',
  '____cacheline_aligned',
  '____cacheline_aligned_in_smp',
  '__aligned_largest',
  '__attribute_const__',
  '__gnu_inline',
  '__malloc',
  '__naked',
  '__pure',
  '__no_sanitize_coverage',
  '__no_sanitize_thread',
  '__no_sanitize_undefined',
  '__no_kmsan_checks',
  '__noretpoline',
  '__softirq_entry',
  '__lockfunc',
  '__page_aligned_bss',
  '__page_aligned_data',
  '__nosavedata',
  '__randomize_layout',
  '__no_randomize_layout',
  '__private',
  '__data_racy',
  '__nonstring',
  '__meminit',
  '__exception_irq_entry',
  '__entry_text',
  '__unused',
  '__designated_init',
  '__bitwise',
  '__safe',
  '__nocast',
  '__noendbr',
  '__no_kasan',
  '__no_sanitize_or_inline',
  '__no_kasan_or_inline',
  '__noinline_for_stack',
  'noinline_for_stack',
  '__fix_address',
  '__nostackprotector',
  '__no_reorder',
  '__inline_maybe_unused',
  '__always_inline_maybe_unused',
  '__cpuidle_text',
  '__visible_for_testing',
  'randomized_struct_fields_start',
  'randomized_struct_fields_end',
]);

/** Annotations followed by a parenthesized argument list, removed together with it. */
const CALL_ATTRS: ReadonlySet<string> = new Set([
  '__attribute__',
  '__attribute',
  '__aligned',
  '__section',
  '__printf',
  '__scanf',
  '__must_hold',
  '__acquires',
  '__releases',
  '__cond_acquires',
  '__cond_releases',
  '__alloc_size',
  '__realloc_size',
  '__counted_by',
  '__alias',
  '__acquire',
  '__release',
  '__copy',
  '__assume_aligned',
  '__no_sanitize',
  '__guarded_by',
  '__pt_guarded_by',
  '_Pragma',
  '__diag_push',
  '__diag_pop',
  '__diag_ignore',
  '__diag_ignore_all',
]);

/** One removed annotation: its name and the [start, end) range (string indices) it occupied. */
export interface KernelAttr {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface BlankedSource {
  /** Same length as the input; annotations replaced by spaces. */
  readonly text: string;
  /** Removed annotations in source order. */
  readonly attrs: readonly KernelAttr[];
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** Index just past the quoted literal starting at `i` (the opening quote). */
function skipQuoted(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) j += 2;
    else if (c === quote || c === 10) return j + 1;
    else j++;
  }
  return text.length;
}

/** Index just past the end of the preprocessor directive whose `#` is at `i`. */
function skipDirective(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 10) return j;
    if (c === 92 && text.charCodeAt(j + 1) === 10) j += 2;
    else if (c === 92 && text.charCodeAt(j + 1) === 13 && text.charCodeAt(j + 2) === 10) j += 3;
    else if (c === 47 && text.charCodeAt(j + 1) === 42) {
      const end = text.indexOf('*/', j + 2);
      j = end < 0 ? text.length : end + 2;
    } else if (c === 47 && text.charCodeAt(j + 1) === 47) {
      return skipLineComment(text, j);
    } else j++;
  }
  return text.length;
}

function skipLineComment(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** If a balanced `( ... )` follows `i` (after whitespace), the index just past it; else -1. */
function skipParenGroup(text: string, i: number): number {
  let j = i;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  if (text.charCodeAt(j) !== 40 /* ( */) return -1;
  let depth = 0;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 34 || c === 39) {
      j = skipQuoted(text, j);
      continue;
    }
    if (c === 40) depth++;
    else if (c === 41) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return -1;
}

/** Replace kernel annotations by spaces, keeping every other character in place. */
export function blankKernelAttrs(text: string): BlankedSource {
  const attrs: KernelAttr[] = [];
  let atLineStart = true;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      atLineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === 35 /* # */ && atLineStart) {
      i = skipDirective(text, i);
      continue;
    }
    atLineStart = false;
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      i = skipLineComment(text, i);
      continue;
    }
    if (c === 34 || c === 39) {
      i = skipQuoted(text, i);
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      if (WORD_ATTRS.has(word)) {
        attrs.push({ name: word, start: i, end: j });
      } else if (CALL_ATTRS.has(word)) {
        const end = skipParenGroup(text, j);
        attrs.push({ name: word, start: i, end: end < 0 ? j : end });
        if (end >= 0) j = end;
      }
      i = j;
      continue;
    }
    i++;
  }
  if (attrs.length === 0) return { text, attrs };
  let out = '';
  let pos = 0;
  for (const a of attrs) {
    out += text.slice(pos, a.start);
    out += text.slice(a.start, a.end).replace(/[^\r\n]/g, ' ');
    pos = a.end;
  }
  out += text.slice(pos);
  return { text: out, attrs };
}

/**
 * `register T x asm("t0") = v;` (a local bound to a register, loongarch's arch_local_irq_*()):
 * the `asm("…")` register binding blanked, so the declaration is a plain local. Only for arches
 * whose asm statements kentry lowers (ParseOptions.asmCalls); elsewhere the text is unchanged.
 */
export function blankRegisterAsm(b: BlankedSource): BlankedSource {
  const re = /\bregister\b[^;={}()]*?\b[A-Za-z_]\w*\s*((?:asm|__asm__)\s*\(\s*"[^"\n]*"\s*\))/g;
  if (!re.test(b.text)) return b;
  re.lastIndex = 0;
  const text = b.text.replace(re, (whole: string, binding: string) => whole.slice(0, whole.length - binding.length) + binding.replace(/[^\n]/g, ' '));
  return { ...b, text };
}
