// Find the interrupt entry/exit code in a kernel tree by what the tree contains — which file
// defines which function or macro — rather than by a per-version list of paths, and describe the
// version differences found in the text as data (`detectFacts`).
//
// Works on a full kernel checkout or on the member subset that scripts/fetch-kernels.sh extracts.

import fs from 'node:fs';
import path from 'node:path';
import { blankComments } from '../c/preprocess.ts';
import { walkDirectives, type Branch, type OpenGroup } from './conditionals.ts';

export type FileRole = 'entry-core' | 'entry-header' | 'arch-header' | 'xen-upcall' | 'support';

export interface TreeFile {
  /** Path relative to the tree root, with `/` separators. */
  readonly path: string;
  readonly abs: string;
  readonly role: FileRole;
  /** Entry functions and support symbols this file defines (functions with a body, macros). */
  readonly defines: readonly string[];
}

export interface TreeFiles {
  readonly root: string;
  readonly arch: string;
  /** Debian package version from the fetch stamp, when the tree came from fetch-kernels.sh. */
  readonly debianVersion?: string;
  /** Headers first, each after the headers it includes (so macros are defined before use), then
   *  C files (support, entry core, arch entry, Xen upcall). */
  readonly files: readonly TreeFile[];
  /** Entry function → file that defines it (first definition in `files` order). */
  readonly functions: ReadonlyMap<string, string>;
}

/** The entry functions the checker uses, under every name they have had. */
export const ENTRY_FUNCTIONS: readonly string[] = [
  'irqentry_enter', 'irqentry_exit', 'irqentry_nmi_enter', 'irqentry_nmi_exit',
  'raw_irqentry_exit_cond_resched', 'irqentry_exit_cond_resched', 'dynamic_irqentry_exit_cond_resched',
  'irqentry_enter_from_user_mode', 'irqentry_exit_to_user_mode',
  'enter_from_user_mode', '__enter_from_user_mode', 'exit_to_user_mode', '__exit_to_user_mode',
  'exit_to_user_mode_prepare', 'exit_to_user_mode_loop',
  'syscall_enter_from_user_mode', 'syscall_enter_from_user_mode_work', 'syscall_enter_from_user_mode_prepare',
  'syscall_exit_to_user_mode', 'syscall_exit_to_user_mode_work',
  'xen_pv_evtchn_do_upcall', 'irq_enter_rcu', 'irq_exit_rcu', 'irq_enter', 'irq_exit',
];

/** Functions and macros entry code calls whose definitions the checker may want to see; a file
 *  defining one of them is read as `support`. */
export const SUPPORT_SYMBOLS: readonly string[] = [
  'instrumentation_begin', 'instrumentation_end',
  'ct_irq_enter', 'ct_irq_exit', 'ct_nmi_enter', 'ct_nmi_exit', 'rcu_irq_enter', 'rcu_irq_exit',
  'rcu_nmi_enter', 'rcu_nmi_exit', 'ct_state', '__ct_state', 'CT_WARN_ON', 'context_tracking_enabled',
  'user_exit_irqoff', 'user_enter_irqoff', 'ct_kernel_enter', 'ct_kernel_exit',
  'lockdep_hardirqs_off', 'lockdep_hardirqs_on', 'lockdep_hardirq_enter', 'lockdep_assert_irqs_disabled',
  'local_irq_enable', 'local_irq_disable', 'raw_local_irq_enable', 'arch_local_irq_enable',
  'trace_hardirqs_off_finish', 'trace_hardirqs_on_prepare',
  '__nmi_enter', '__nmi_exit', '__irq_enter_raw', 'rcu_irq_enter_check_tick',
  'preempt_count', 'preempt_count_add', 'preempt_count_sub', '__preempt_count_add', 'HARDIRQ_OFFSET',
  'need_resched', 'is_idle_task', 'preempt_schedule_irq',
  'tick_nohz_full_cpu', 'tick_nohz_user_enter_prepare', 'tick_irq_enter',
  'account_hardirq_enter', 'account_hardirq_exit',
  'ftrace_nmi_enter', 'kmsan_unpoison_entry_regs', 'user_mode', 'regs_irqs_disabled',
  'run_sysvec_on_irqstack_cond', 'call_on_irqstack', 'DEFINE_IDTENTRY_SYSVEC',
  'static_call', 'DECLARE_STATIC_CALL', 'static_branch_unlikely', 'DECLARE_STATIC_KEY_TRUE',
  'rcu_irq_exit_check_preempt', 'rcu_is_watching',
];

const ENTRY_SET = new Set(ENTRY_FUNCTIONS);
const SUPPORT_SET = new Set(SUPPORT_SYMBOLS);

// ─────────────────────────────────────────────────────────────────────── text scanning ──

const textCache = new Map<string, string>();

/** File text with comments blanked (cached per absolute path). */
function codeOf(abs: string): string {
  let t = textCache.get(abs);
  if (t === undefined) {
    t = blankComments(fs.readFileSync(abs, 'utf8'));
    textCache.set(abs, t);
  }
  return t;
}

/** Names of macros (#define) and functions with a body defined in `code`. */
export function definedNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) names.add(m[1]!);
  // `name(params) {` where params contain no `;`/`{`/`}` (one level of nested parens allowed).
  for (const m of code.matchAll(/\b([A-Za-z_]\w*)[ \t]*\(((?:[^;{}()]|\([^;{}()]*\))*)\)\s*\{/g)) {
    const name = m[1]!;
    if (!/^(if|while|for|switch|return|sizeof|do|else|__attribute__|defined)$/.test(name)) names.add(name);
  }
  return names;
}

/** The enumerators of the `enum … { … }` bodies of `code` (7.3 riscv's handle_break() compares
 *  with BUG_TRAP_TYPE_WARN, an enumerator of linux/bug.h). */
export function enumeratorNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/\benum\b[^;{}()]*\{([^{}]*)\}/g)) {
    for (const e of m[1]!.split(',')) {
      const id = /^\s*([A-Za-z_]\w*)\s*(?:=|$)/.exec(e);
      if (id) names.add(id[1]!);
    }
  }
  return names;
}

/** #include targets of `code`: `<x>` and `"x"`. */
function includesOf(code: string): Array<{ path: string; quoted: boolean }> {
  const out: Array<{ path: string; quoted: boolean }> = [];
  for (const m of code.matchAll(/^[ \t]*#[ \t]*include[ \t]*(?:<([^>]+)>|"([^"]+)")/gm)) {
    out.push(m[1] !== undefined ? { path: m[1], quoted: false } : { path: m[2]!, quoted: true });
  }
  return out;
}

function listFiles(root: string, dir: string, ext: RegExp, recursive: boolean): string[] {
  const abs = path.join(root, dir);
  let ents: fs.Dirent[];
  try {
    ents = fs.readdirSync(abs, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of ents) {
    const rel = dir === '' ? e.name : `${dir}/${e.name}`;
    if (e.isDirectory()) { if (recursive) out.push(...listFiles(root, rel, ext, true)); }
    else if (e.isFile() && ext.test(e.name)) out.push(rel);
  }
  return out.sort();
}

const exists = (root: string, rel: string): boolean => {
  try { return fs.statSync(path.join(root, rel)).isFile(); } catch { return false; }
};

// ──────────────────────────────────────────────────────────────────────────── discovery ──

/**
 * Where an `#include` resolves, the way the compiler's search path for `arch` would resolve it:
 * the includer's directory for `"x"`, then include/, arch/<arch>/include/ (and its uapi/), and for
 * `<asm/x.h>` the asm-generic fallback that the arch's Kbuild generic-y/mandatory-y provides.
 */
export function resolveInclude(root: string, arch: string, from: string, inc: { path: string; quoted: boolean }): string | undefined {
  const cands = inc.quoted ? [path.posix.join(path.posix.dirname(from), inc.path)] : [];
  cands.push(`include/${inc.path}`, `arch/${arch}/include/${inc.path}`, `arch/${arch}/include/uapi/${inc.path}`, `arch/${arch}/include/generated/${inc.path}`, `include/uapi/${inc.path}`);
  if (inc.path.startsWith('asm/')) cands.push(`include/asm-generic/${inc.path.slice(4)}`, `include/uapi/asm-generic/${inc.path.slice(4)}`);
  return cands.find((c) => exists(root, c));
}

/**
 * Headers, reachable by #include from `from` (transitively), that define one of `names` (a function
 * with a body or a macro). How a call the entry code makes reaches its definition when no
 * discovery rule took the header: `__irq_enter()` in hardirq.h, `local_bh_disable()` in
 * bottom_half.h, the rseq entry hooks in rseq_entry.h.
 */
export function headersDefining(root: string, arch: string, from: readonly string[], names: ReadonlySet<string>): Map<string, string[]> {
  const absRoot = path.resolve(root);
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  const queue = [...from];
  // The whole include closure, without a bound: each file is visited once and a tree has finitely
  // many (a bound would silently leave a definition unfound; 7.3 x86 from the entry C files and
  // kernel/sched/core.c reads its closure in about 0.1 s).
  while (queue.length > 0) {
    const rel = queue.shift()!;
    if (seen.has(rel)) continue;
    seen.add(rel);
    let code: string;
    try { code = codeOf(path.join(absRoot, rel)); } catch { continue; }
    if (rel.endsWith('.h')) {
      const hit = [...definedNames(code), ...enumeratorNames(code)].filter((n) => names.has(n));
      if (hit.length > 0) found.set(rel, hit.sort());
    }
    for (const inc of includesOf(code)) {
      const r = resolveInclude(absRoot, arch, rel, inc);
      if (r && !seen.has(r)) queue.push(r);
    }
  }
  return found;
}

/**
 * @param archEntry tree functions an arch's harness calls (arm64: the C handlers its exception
 *   vector table branches to): the arch C files that define them are read as `support`.
 */
export function discoverTree(root: string, arch = 'x86', extraHeaders: readonly string[] = [], archEntry: readonly string[] = []): TreeFiles {
  const absRoot = path.resolve(root);
  const defs = new Map<string, Set<string>>(); // rel path → defined names
  const namesOf = (rel: string): Set<string> => {
    let s = defs.get(rel);
    if (!s) { s = definedNames(codeOf(path.join(absRoot, rel))); defs.set(rel, s); }
    return s;
  };
  const defines = (rel: string, set: ReadonlySet<string>): string[] => [...namesOf(rel)].filter((n) => set.has(n)).sort();

  const roles = new Map<string, FileRole>();
  const setRole = (rel: string, role: FileRole): void => { if (!roles.has(rel)) roles.set(rel, role); };

  // 1. Entry core: C files of the generic entry code that define entry functions.
  const coreCandidates = listFiles(absRoot, 'kernel/entry', /\.c$/, false);
  for (const rel of coreCandidates) if (defines(rel, ENTRY_SET).some((n) => n.startsWith('irqentry_'))) setRole(rel, 'entry-core');
  const core = [...roles.keys()];
  if (core.length === 0) throw new Error(`${absRoot}: no kernel/entry/*.c defines irqentry_* (not a GENERIC_ENTRY kernel tree?)`);

  // 2. Headers, following #include from the entry core: a header is taken (and followed) when it
  //    defines an entry function or a support symbol. Entry-function headers under include/linux
  //    are `entry-header`, under arch/<arch>/include `arch-header`.
  const resolve = (from: string, inc: { path: string; quoted: boolean }): string | undefined => resolveInclude(absRoot, arch, from, inc);
  const isArchHeader = (rel: string): boolean => rel.startsWith(`arch/${arch}/include/`);
  const headerRole = (rel: string): FileRole | undefined => {
    const entry = defines(rel, ENTRY_SET).length > 0 || /\birqentry_state_t\b/.test(codeOf(path.join(absRoot, rel)));
    const support = defines(rel, SUPPORT_SET).length > 0;
    if (isArchHeader(rel) && (entry || /\barch_(enter_from_user_mode|exit_to_user_mode)/.test([...namesOf(rel)].join(' ')))) return 'arch-header';
    if (entry) return 'entry-header';
    if (support) return 'support';
    return undefined;
  };
  const headerEdges = new Map<string, string[]>(); // header → included headers (all resolvable)
  const edgesOf = (rel: string): string[] => {
    let e = headerEdges.get(rel);
    if (!e) {
      e = includesOf(codeOf(path.join(absRoot, rel))).map((i) => resolve(rel, i)).filter((x): x is string => x !== undefined);
      headerEdges.set(rel, e);
    }
    return e;
  };
  const queue: string[] = [];
  const seen = new Set<string>();
  const visit = (rel: string): void => {
    for (const h of edgesOf(rel)) {
      if (seen.has(h)) continue;
      seen.add(h);
      const role = headerRole(h);
      if (role) { setRole(h, role); queue.push(h); }
    }
  };

  // 3. The Xen PV upcall: whichever arch C file defines xen_pv_evtchn_do_upcall.
  const archC = listFiles(absRoot, `arch/${arch}`, /\.c$/, true).filter((rel) => !rel.includes('/boot/') && !rel.includes('/vdso/'));
  for (const rel of archC) {
    if (!codeOf(path.join(absRoot, rel)).includes('xen_pv_evtchn_do_upcall')) continue;
    if (namesOf(rel).has('xen_pv_evtchn_do_upcall')) setRole(rel, 'xen-upcall');
  }
  // 4. Arch entry C code that calls into the generic entry (do_syscall_64 & co.).
  for (const rel of listFiles(absRoot, `arch/${arch}/entry`, /\.c$/, false)) {
    const code = codeOf(path.join(absRoot, rel));
    if (/\b(syscall_enter_from_user_mode|irqentry_enter|syscall_exit_to_user_mode)\s*\(/.test(code)) setRole(rel, 'support');
  }
  // 4b. Arch C files that define a function the arch's harness calls (arm64's el1h_64_irq_handler
  //     & co. in arch/arm64/kernel/entry-common.c), found by what they define.
  if (archEntry.length) {
    const want = new Set(archEntry);
    for (const rel of archC) {
      const code = codeOf(path.join(absRoot, rel));
      if (!archEntry.some((n) => code.includes(n))) continue;
      if ([...namesOf(rel)].some((n) => want.has(n))) setRole(rel, 'support');
    }
  }
  // 5. Kernel C files that define entry-adjacent functions (irq_enter_rcu, ct_irq_enter, …).
  const kernelC = [...listFiles(absRoot, 'kernel', /\.c$/, false), ...listFiles(absRoot, 'kernel/sched', /^core\.c$/, false), ...listFiles(absRoot, 'kernel/rcu', /^tree\.c$/, false)];
  for (const rel of kernelC) {
    if (roles.has(rel)) continue;
    const code = codeOf(path.join(absRoot, rel));
    if (!/\b(irq_enter_rcu|irq_exit_rcu|ct_irq_enter|ct_nmi_enter|rcu_irq_enter|preempt_schedule_irq)\b/.test(code)) continue;
    if (defines(rel, ENTRY_SET).length > 0 || defines(rel, SUPPORT_SET).length > 0) setRole(rel, 'support');
  }

  // Headers found to define what reachable entry code calls (kernel-target.ts asks, see
  // headersDefining): read like any other support header.
  for (const rel of extraHeaders) if (exists(absRoot, rel)) { setRole(rel, 'support'); seen.add(rel); queue.push(rel); }
  // Headers reached from every C file taken.
  for (const rel of [...roles.keys()]) visit(rel);
  while (queue.length > 0) visit(queue.shift()!);

  // 6. Arch overrides of generic fallbacks: `#ifndef NAME` / `#define NAME …` in a taken file,
  //    where an arch header defines NAME (x86 defines _TIF_UPROBE in asm/thread_info.h; without
  //    it entry-common.h would fall back to `(0)`). These headers are read first.
  const fallbacks = new Set<string>();
  for (const rel of roles.keys()) {
    for (const m of codeOf(path.join(absRoot, rel)).matchAll(/^[ \t]*#[ \t]*ifndef[ \t]+([A-Za-z_]\w*)/gm)) {
      if (!/_H_*$/.test(m[1]!)) fallbacks.add(m[1]!);
    }
  }
  const overrides: string[] = [];
  for (const rel of listFiles(absRoot, `arch/${arch}/include/asm`, /\.h$/, false)) {
    if (roles.has(rel)) continue;
    const code = codeOf(path.join(absRoot, rel));
    const hit = [...code.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)].some((m) => fallbacks.has(m[1]!));
    if (hit) { setRole(rel, 'arch-header'); overrides.push(rel); }
  }

  // Order: headers in include order (depth-first, included before includer), then C files.
  const headers = [...roles.keys()].filter((r) => r.endsWith('.h'));
  const ordered: string[] = [];
  const done = new Set<string>();
  const onStack = new Set<string>();
  // Headers taken only because they define what entry code calls (extraHeaders) are usually
  // included through headers kentry does not read (7.3 riscv: irq-entry-common.h reaches
  // asm-generic/thread_info_tif.h through linux/thread_info.h and asm/thread_info.h). They are
  // placed where the compiler would see them: before the first taken file that reaches them
  // through untaken headers, so that their macros are defined before the code that uses them.
  // Every arch (x86 and arm64 since session 22: their whole-lattice finding sets are the same, and
  // x86 6.12/7.2/7.3's arch_enter_from_user_mode() now binds, its X86_EFLAGS_* read before it).
  const extra = new Set(extraHeaders.filter((h) => roles.has(h)));
  const viaUntaken = new Map<string, readonly string[]>(); // untaken header → extra headers it reaches
  const reachExtra = (rel: string): readonly string[] => {
    const hit = viaUntaken.get(rel);
    if (hit) return hit;
    viaUntaken.set(rel, []); // a cycle adds nothing
    const out = new Set<string>();
    for (const h of edgesOf(rel)) {
      if (extra.has(h)) out.add(h);
      else if (!roles.has(h)) for (const x of reachExtra(h)) out.add(x);
    }
    const r = [...out];
    viaUntaken.set(rel, r);
    return r;
  };
  const place = (rel: string): void => {
    if (done.has(rel) || onStack.has(rel)) return;
    onStack.add(rel);
    for (const h of edgesOf(rel)) {
      if (roles.has(h)) place(h);
      else if (extra.size) for (const x of reachExtra(h)) place(x);
    }
    onStack.delete(rel);
    done.add(rel);
    ordered.push(rel);
  };
  // Roots in include order from the C files, so independent headers keep the order a
  // translation unit would see them in.
  const cFiles = [...roles.keys()].filter((r) => r.endsWith('.c'));
  const cRank = (r: string): number => ({ support: 0, 'entry-core': 1, 'xen-upcall': 2 } as Record<string, number>)[roles.get(r)!] ?? 3;
  cFiles.sort((a, b) => cRank(a) - cRank(b) || a.localeCompare(b));
  for (const h of overrides) place(h);
  for (const c of [...core, ...cFiles]) for (const h of edgesOf(c)) if (roles.has(h)) place(h);
  for (const h of headers) place(h);

  const order = [...ordered, ...cFiles];
  const files: TreeFile[] = order.map((rel) => ({
    path: rel,
    abs: path.join(absRoot, rel),
    role: roles.get(rel)!,
    defines: [...namesOf(rel)].filter((n) => ENTRY_SET.has(n) || SUPPORT_SET.has(n)).sort(),
  }));
  const functions = new Map<string, string>();
  for (const f of files) for (const n of f.defines) if (ENTRY_SET.has(n) && !functions.has(n)) functions.set(n, f.path);

  let debianVersion: string | undefined;
  try {
    debianVersion = /^debian=(.*)$/m.exec(fs.readFileSync(path.join(absRoot, '.kentry-stamp'), 'utf8'))?.[1];
  } catch { /* not a fetched tree */ }
  return debianVersion === undefined
    ? { root: absRoot, arch, files, functions }
    : { root: absRoot, arch, debianVersion, files, functions };
}

// ──────────────────────────────────────────────────────────────────────────────── facts ──

export interface StateField {
  readonly name: string;
  readonly type: string;
  /** The field is in an (anonymous) union: fields of one union alias each other. */
  readonly union: boolean;
}

export interface CondReschedDispatch {
  /** The #if condition chain under which this form applies, e.g.
   *  `PREEMPT_DYNAMIC && HAVE_PREEMPT_DYNAMIC_CALL`. */
  readonly when: string;
  /** `static-call`, `static-key` or `direct`. */
  readonly flavour: 'static-call' | 'static-key' | 'direct';
  /** The macro body `irqentry_exit_cond_resched()` expands to. */
  readonly expandsTo: string;
}

export interface TreeFacts {
  /** Entry code calls these RCU/context-tracking hooks (as written in the entry core). */
  readonly irqHooks: { readonly enter: string[]; readonly exit: string[]; readonly nmiEnter: string[]; readonly nmiExit: string[] };
  /** `CT_STATE` (CT_STATE_USER, …) or `CONTEXT` (CONTEXT_USER, …): prefix of enum ctx_state. */
  readonly ctxStatePrefix: string | null;
  /** enum ctx_state constants and values. */
  readonly ctxStates: Readonly<Record<string, number>>;
  /** Context-state constants the entry code compares against (e.g. CT_STATE_USER). */
  readonly ctxStatesUsedByEntry: readonly string[];
  /** Where irqentry_state_t is declared and its fields. `archOverridable` = wrapped in
   *  `#ifndef irqentry_state`. */
  readonly irqentryState: { readonly file: string; readonly fields: readonly StateField[]; readonly archOverridable: boolean } | null;
  /** Forms of `irqentry_exit_cond_resched()` found in the entry header. */
  readonly condResched: readonly CondReschedDispatch[];
  /** `raw_irqentry_exit_cond_resched` is defined (the split into raw_/dynamic_ variants). */
  readonly hasRawIrqentryExitCondResched: boolean;
  /** The architecture selects HAVE_PREEMPT_DYNAMIC_CALL / _KEY (from arch/<arch>/Kconfig). */
  readonly archPreemptDynamic: 'call' | 'key' | null;
  /** Entry function → file defining it, and whether it is `static __always_inline` in a header. */
  readonly functions: Readonly<Record<string, { readonly file: string; readonly line: number; readonly inlineInHeader: boolean }>>;
  /** Underscore-prefixed variants (`__enter_from_user_mode`, `__exit_to_user_mode`) exist. */
  readonly underscoreUserModeHelpers: boolean;
  /** Xen PV upcall body shape. */
  readonly xenUpcall: {
    readonly file: string;
    readonly callsIrqentryEnter: boolean;
    readonly callsIrqentryExit: boolean;
    /** The upcall calls irqentry_exit_cond_resched() itself (preemptible hypercall path). */
    readonly callsCondResched: boolean;
    readonly usesInhcall: boolean;
    /** The function it runs on the IRQ stack, if it uses run_sysvec_on_irqstack_cond. */
    readonly irqStackHandler: string | null;
  } | null;
}

function lineOf(text: string, off: number): number {
  let n = 1;
  for (let i = 0; i < off; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Body text of the first function definition of `name` in `code`, or null. */
function functionBody(code: string, name: string): { body: string; start: number; header: string } | null {
  const re = new RegExp(`\\b${name}[ \\t]*\\(((?:[^;{}()]|\\([^;{}()]*\\))*)\\)\\s*\\{`, 'g');
  const m = re.exec(code);
  if (!m) return null;
  const open = m.index + m[0].length - 1;
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    if (code[k] === '{') depth++;
    else if (code[k] === '}' && --depth === 0) {
      const lineStart = code.lastIndexOf('\n', m.index) + 1;
      // The declaration may begin on an earlier line (`static __always_inline long\nname(...)`).
      const prevLineStart = code.lastIndexOf('\n', lineStart - 2) + 1;
      const prevLine = code.slice(prevLineStart, lineStart);
      const header = (/[;})]\s*$|^\s*$|^\s*#/.test(prevLine) ? '' : prevLine) + code.slice(lineStart, m.index);
      return { body: code.slice(open, k + 1), start: m.index, header };
    }
  }
  return null;
}

export function detectFacts(tree: TreeFiles): TreeFacts {
  const code = (f: TreeFile): string => codeOf(f.abs);
  const byRole = (role: FileRole): TreeFile[] => tree.files.filter((f) => f.role === role);
  const all = tree.files;

  // Hooks called by irqentry_enter / irqentry_exit / nmi in the entry core (or wherever defined).
  const calls = (fn: string, pattern: RegExp): string[] => {
    for (const f of all) {
      const b = functionBody(code(f), fn);
      if (b) return [...new Set([...b.body.matchAll(pattern)].map((m) => m[1]!))];
    }
    return [];
  };
  const hook = /\b((?:ct|rcu)_(?:irq|nmi)_(?:enter|exit)\w*)\s*\(/g;
  const irqHooks = {
    enter: calls('irqentry_enter', hook),
    exit: calls('irqentry_exit', hook),
    nmiEnter: calls('irqentry_nmi_enter', hook),
    nmiExit: calls('irqentry_nmi_exit', hook),
  };

  // enum ctx_state.
  const ctxStates: Record<string, number> = {};
  let ctxStatePrefix: string | null = null;
  for (const f of all) {
    const m = /enum\s+ctx_state\s*\{([^}]*)\}/.exec(code(f));
    if (!m) continue;
    let next = 0;
    for (const item of m[1]!.split(',')) {
      const im = /^\s*([A-Za-z_]\w*)\s*(?:=\s*(-?\d+))?\s*$/.exec(item);
      if (!im) continue;
      const v = im[2] !== undefined ? Number(im[2]) : next;
      ctxStates[im[1]!] = v;
      next = v + 1;
    }
    const first = Object.keys(ctxStates).find((k) => k.endsWith('_KERNEL'));
    ctxStatePrefix = first ? first.slice(0, -'_KERNEL'.length) : null;
    break;
  }
  const used = new Set<string>();
  for (const f of all.filter((f) => f.role !== 'support')) {
    for (const m of code(f).matchAll(/\b([A-Z_]+_(?:KERNEL|USER|IDLE|GUEST|DISABLED))\b/g)) if (m[1]! in ctxStates) used.add(m[1]!);
  }

  // irqentry_state_t.
  let irqentryState: TreeFacts['irqentryState'] = null;
  for (const f of all) {
    const c = code(f);
    const m = /typedef\s+struct\s+\w*\s*\{([\s\S]*?)\}\s*irqentry_state_t\s*;/.exec(c);
    if (!m) continue;
    const fields: StateField[] = [];
    const bodyText = m[1]!;
    // Fields inside `union { … };` are marked.
    const unionRanges: Array<[number, number]> = [];
    for (const u of bodyText.matchAll(/union\s*\{([^}]*)\}\s*;/g)) unionRanges.push([u.index!, u.index! + u[0].length]);
    for (const fm of bodyText.matchAll(/([A-Za-z_][\w\s*]*?)\s+\**([A-Za-z_]\w*)\s*(?::\s*\d+)?\s*;/g)) {
      const type = fm[1]!.replace(/^\s*(union|struct)\s*\{?/, '').trim();
      if (type === '' || /^(union|struct)$/.test(type)) continue;
      const at = fm.index!;
      fields.push({ name: fm[2]!, type, union: unionRanges.some(([a, b]) => at >= a && at < b) });
    }
    const before = c.slice(0, m.index);
    const archOverridable = /#\s*ifndef\s+irqentry_state\s*$/m.test(before.slice(before.lastIndexOf('#ifndef')));
    irqentryState = { file: f.path, fields, archOverridable };
    break;
  }

  // irqentry_exit_cond_resched() dispatch forms: walk the #if structure around its #defines.
  const condResched: CondReschedDispatch[] = [];
  const neg = (e: string): string => (e === '' ? '' : /^!?\w+$/.test(e) ? (e.startsWith('!') ? e.slice(1) : `!${e}`) : `!(${e})`);
  const simplify = (e: string): string => e.replace(/defined\s*\(?\s*CONFIG_(\w+)\s*\)?/g, '$1').replace(/\bCONFIG_/g, '').replace(/\s+/g, ' ').trim();
  // A branch's condition: #ifdef X and #ifndef X test one name; #else is the negation of those before.
  const conditionOf = (b: Branch): string =>
    b.directive === 'else' ? '' : b.directive === 'ifdef' ? simplify(b.text.split(/\s/)[0]!) : b.directive === 'ifndef' ? neg(simplify(b.text.split(/\s/)[0]!)) : simplify(b.text);
  // The condition under which a point is compiled: per open group, the branches already passed
  // negated and the current one; include guards dropped.
  const current = (open: readonly OpenGroup[]): string =>
    open
      .flatMap((g) => [...g.slice(0, -1).map((b) => neg(conditionOf(b))), conditionOf(g[g.length - 1]!)])
      .filter((s) => s !== '' && !/^!?_*[A-Z0-9_]+_H_*$/.test(s))
      .join(' && ');
  for (const f of all.filter((f) => f.path.endsWith('.h'))) {
    walkDirectives(code(f), (directive, rest, open) => {
      if (directive !== 'define') return;
      const dm = /^irqentry_exit_cond_resched\(\)\s+(.*)$/.exec(rest);
      if (!dm) return;
      const body = dm[1]!.trim();
      const flavour = /static_call\s*\(/.test(body) ? 'static-call' : /^dynamic_/.test(body) ? 'static-key' : 'direct';
      condResched.push({ when: current(open), flavour, expandsTo: body });
    });
  }

  const hasRaw = all.some((f) => f.defines.includes('raw_irqentry_exit_cond_resched'));

  let archPreemptDynamic: TreeFacts['archPreemptDynamic'] = null;
  try {
    const k = fs.readFileSync(path.join(tree.root, `arch/${tree.arch}/Kconfig`), 'utf8');
    if (/^\s*select\s+HAVE_PREEMPT_DYNAMIC_CALL\b/m.test(k)) archPreemptDynamic = 'call';
    else if (/^\s*select\s+HAVE_PREEMPT_DYNAMIC_KEY\b/m.test(k)) archPreemptDynamic = 'key';
  } catch { /* no Kconfig in this tree */ }

  const functions: Record<string, { file: string; line: number; inlineInHeader: boolean }> = {};
  for (const name of ENTRY_FUNCTIONS) {
    for (const f of all) {
      if (!f.defines.includes(name)) continue;
      const c = code(f);
      const b = functionBody(c, name);
      if (!b) continue;
      functions[name] = { file: f.path, line: lineOf(c, b.start), inlineInHeader: f.path.endsWith('.h') && /inline\b/.test(b.header) };
      break;
    }
  }

  let xenUpcall: TreeFacts['xenUpcall'] = null;
  const xf = byRole('xen-upcall')[0];
  if (xf) {
    const b = functionBody(code(xf), 'xen_pv_evtchn_do_upcall');
    if (b) {
      const irqStack = /run_sysvec_on_irqstack_cond\s*\(\s*(\w+)/.exec(b.body);
      xenUpcall = {
        file: xf.path,
        callsIrqentryEnter: /\birqentry_enter\s*\(/.test(b.body),
        callsIrqentryExit: /\birqentry_exit\s*\(/.test(b.body),
        callsCondResched: /\birqentry_exit_cond_resched\s*\(/.test(b.body),
        usesInhcall: /\binhcall\b/.test(b.body),
        irqStackHandler: irqStack ? irqStack[1]! : null,
      };
    }
  }

  return {
    irqHooks,
    ctxStatePrefix,
    ctxStates,
    ctxStatesUsedByEntry: [...used].sort(),
    irqentryState,
    condResched,
    hasRawIrqentryExitCondResched: hasRaw,
    archPreemptDynamic,
    functions,
    underscoreUserModeHelpers: '__enter_from_user_mode' in functions || '__exit_to_user_mode' in functions,
    xenUpcall,
  };
}
