// Kconfig is a parameter of the model, not a fork of it. A `KConfig` is one point of the lattice;
// every read goes through `ConfigReader`, which records which symbols a run depended on, so the
// checker can skip configs that agree on everything a run looked at (their runs are identical).

/**
 * The member of the tree's "Preemption Model" choice. `Rt` is used only where PREEMPT_RT is a
 * member of that choice (5.10 … 6.12); where it is a separate bool (7.x) the choice member is
 * Full or Lazy and the PREEMPT_RT bit says RT. Either way the PREEMPT_RT bit mirrors the symbol.
 */
export const enum PreemptModel {
  None = 0,
  Voluntary = 1,
  Full = 2,
  Lazy = 3,
  Rt = 4,
}

export const PREEMPT_NAMES = ['none', 'voluntary', 'full', 'lazy', 'rt'] as const;

/** The Kconfig symbol of each choice member. */
export const PREEMPT_SYMBOLS = ['PREEMPT_NONE', 'PREEMPT_VOLUNTARY', 'PREEMPT', 'PREEMPT_LAZY', 'PREEMPT_RT'] as const;

/** Boolean symbols, by bit. PREEMPTION is derived from the preemption model. Bits 0..7 keep the
 *  order of the hand-written lattice; PREEMPT_RT and SMP are axes of tree lattices (the bundled
 *  lattice holds PREEMPT_RT=n and SMP = !TINY_RCU). */
export const BOOL_SYMBOLS = [
  'PROVE_LOCKING',
  'PROVE_RCU',
  'DEBUG_ENTRY',
  'TINY_RCU',
  'NO_HZ_FULL',
  'XEN_PV',
  'TRACE_IRQFLAGS_NMI_SUPPORT',
  'PREEMPT_DYNAMIC',
  'PREEMPT_RT',
  'SMP',
  'ARM64_PSEUDO_NMI',
  'ARM64_DEBUG_PRIORITY_MASKING',
  'PPC64',
  'PPC_IRQ_SOFT_MASK_DEBUG',
] as const;
export type BoolSymbol = (typeof BOOL_SYMBOLS)[number];

/** Symbols only one arch defines: printed only when y, so that other arches' configs (and this
 *  arch's configs without them) read as they did before the symbol was an axis. */
export const ARCH_ONLY_SYMBOLS: ReadonlySet<string> = new Set<BoolSymbol>(['ARM64_PSEUDO_NMI', 'ARM64_DEBUG_PRIORITY_MASKING', 'PPC64', 'PPC_IRQ_SOFT_MASK_DEBUG']);

export interface KConfig {
  readonly preempt: PreemptModel;
  /** Bit i set ⇔ BOOL_SYMBOLS[i] = y. */
  readonly bits: number;
  /** Points of a tree's lattice: every other symbol's value, from the tree's Kconfig. */
  readonly tree?: TreeSymbols;
}

/**
 * The rest of a tree config (src/tree/kconfig.ts): the value of any Kconfig symbol at this
 * point (undefined: the tree's Kconfig does not decide it), and the read-mask bits (axes) its
 * value is a function of over the lattice, so that reading it keeps the memo exact.
 */
export interface TreeSymbols {
  value(name: string): boolean | undefined;
  mask(name: string): number;
  /** Whether a user could give it the other value at this point: off, a prompt whose dependencies
   *  other non-axis options can satisfy; on, a visible prompt and nothing selecting it. Absent for
   *  points that are not a tree's. */
  settable?(name: string): boolean;
}

/**
 * A tree point's symbols as plain data, for a worker thread (TreeSymbols are closures over the
 * tree's Kconfig evaluator, which cannot cross threads): the value (0 n, 1 y, 2 undecided) and read
 * mask of every symbol the checked code can ask about.
 */
export interface TreeSymbolsData {
  readonly values: Readonly<Record<string, 0 | 1 | 2>>;
  readonly masks: Readonly<Record<string, number>>;
}

export function treeSymbolsData(t: TreeSymbols, names: Iterable<string>): TreeSymbolsData {
  const values: Record<string, 0 | 1 | 2> = {};
  const masks: Record<string, number> = {};
  for (const n of names) {
    const v = t.value(n);
    values[n] = v === undefined ? 2 : v ? 1 : 0;
    masks[n] = t.mask(n);
  }
  return { values, masks };
}

/** TreeSymbols over a snapshot. A symbol outside it is our bug (the snapshot missed a name the
 *  code reads), never an undecided or unset symbol: it throws. */
export function treeSymbolsFromData(d: TreeSymbolsData): TreeSymbols {
  const known = (name: string): void => {
    if (!Object.hasOwn(d.values, name)) throw new Error(`CONFIG_${name} is not in the worker's Kconfig snapshot`);
  };
  return {
    value(name) {
      known(name);
      const v = d.values[name];
      return v === 2 ? undefined : v === 1;
    },
    mask(name) {
      known(name);
      return d.masks[name]!;
    },
  };
}

/** CONFIG_PREEMPTION: full, lazy and RT preemption, and PREEMPT_DYNAMIC (which selects PREEMPT_BUILD). */
export function preemptionOf(cfg: KConfig): boolean {
  return (
    cfg.preempt === PreemptModel.Full ||
    cfg.preempt === PreemptModel.Lazy ||
    cfg.preempt === PreemptModel.Rt ||
    (cfg.bits & ((1 << BOOL_SYMBOLS.indexOf('PREEMPT_RT')) | (1 << BOOL_SYMBOLS.indexOf('PREEMPT_DYNAMIC')))) !== 0
  );
}

// Pseudo-symbols for read tracking, after the booleans. PREEMPTION is the question "is the model
// full preemption?" (none and voluntary answer alike); the model bit is the whole three-way choice.
export const SYM_PREEMPTION = BOOL_SYMBOLS.length;
export const SYM_PREEMPT_MODEL = BOOL_SYMBOLS.length + 1;

export function boolIndex(name: BoolSymbol): number {
  return BOOL_SYMBOLS.indexOf(name);
}

export function hasBool(cfg: KConfig, name: BoolSymbol): boolean {
  return (cfg.bits & (1 << boolIndex(name))) !== 0;
}

/** Kconfig's own constraints (the subset the model needs). */
export function isValidConfig(cfg: KConfig): boolean {
  const on = (n: BoolSymbol) => hasBool(cfg, n);
  // PROVE_RCU depends on PROVE_LOCKING.
  if (on('PROVE_RCU') && !on('PROVE_LOCKING')) return false;
  // TINY_RCU is the !PREEMPTION && !SMP RCU; NO_HZ_FULL needs SMP and tree RCU.
  if (on('TINY_RCU') && (cfg.preempt === PreemptModel.Full || on('NO_HZ_FULL'))) return false;
  // PREEMPT_DYNAMIC selects PREEMPT (hence PREEMPTION); the boot-time mode is a separate axis
  // that only real trees with the dynamic machinery express, so the bundled lattice keeps it off.
  if (on('PREEMPT_DYNAMIC') && cfg.preempt !== PreemptModel.Full) return false;
  return true;
}

/** One axis of a tree lattice, for the coverage report: its values in this tree and why. */
export interface LatticeAxis {
  readonly name: string;
  readonly values: readonly { readonly value: string; readonly configs: number; readonly why: string }[];
}

/** Symbols that a target's lattice varies; others are held at the given fixed values. */
/** A Kconfig option the user set for a whole check of a tree (`--config NAME=y`), not a model
 *  axis: the tree's lattice is derived with it (src/tree/kconfig.ts deriveLattice). */
export interface SetOption {
  readonly name: string;
  readonly value: boolean;
}

/** The key of a set of user options (sorted `NAME=y`/`NAME=n`, '' for none): one lattice, one
 *  loaded tree and one worker-side tree per root, arch and key. */
export function setKey(set: readonly SetOption[] | undefined): string {
  return (set ?? []).map((o) => `${o.name}=${o.value ? 'y' : 'n'}`).sort().join(',');
}

export interface LatticeSpec {
  readonly vary: readonly (BoolSymbol | 'PREEMPTION')[];
  readonly fixed: Partial<Record<BoolSymbol, boolean>>;
  /** A tree's lattice as the tree's Kconfig allows it (src/tree/kconfig.ts): these points, with
   *  `fixed` applied as a filter, instead of the product of `vary`. */
  readonly points?: readonly KConfig[];
  readonly axes?: readonly LatticeAxis[];
  /** Symbols taken as given rather than read from the tree, with the reason. */
  readonly assumed?: readonly { readonly name: string; readonly value: boolean; readonly why: string }[];
  /** Why the lattice is not the tree's own (set with --partial when Kconfig is missing). */
  readonly partial?: readonly string[];
  /** Options the user set for the whole check (`--config` on a tree): every point has them. */
  readonly set?: readonly SetOption[];
}

export function enumerateLattice(spec: LatticeSpec): KConfig[] {
  if (spec.points) {
    return spec.points.filter((c) => Object.entries(spec.fixed).every(([k, v]) => hasBool(c, k as BoolSymbol) === v));
  }
  const out: KConfig[] = [];
  const preempts = spec.vary.includes('PREEMPTION')
    ? [PreemptModel.None, PreemptModel.Voluntary, PreemptModel.Full]
    : [PreemptModel.Full];
  const varyBools = BOOL_SYMBOLS.filter((s) => spec.vary.includes(s));
  let fixedBits = 0;
  for (const s of BOOL_SYMBOLS) if (spec.fixed[s]) fixedBits |= 1 << boolIndex(s);
  for (const preempt of preempts) {
    for (let mask = 0; mask < 1 << varyBools.length; mask++) {
      let bits = fixedBits;
      varyBools.forEach((s, i) => {
        const b = 1 << boolIndex(s);
        bits = mask & (1 << i) ? bits | b : bits & ~b;
      });
      // The hand-written lattice has no SMP axis: SMP is !TINY_RCU there.
      if (!spec.vary.includes('SMP') && !('SMP' in spec.fixed)) bits = bits & (1 << boolIndex('TINY_RCU')) ? bits & ~(1 << boolIndex('SMP')) : bits | (1 << boolIndex('SMP'));
      const cfg = { preempt, bits };
      if (isValidConfig(cfg)) out.push(cfg);
    }
  }
  return out;
}

/** `PREEMPTION=<model> NAME=y|n …`. PREEMPT_RT and the arch-only symbols are printed when y, SMP
 *  when it is not !TINY_RCU (the hand-written lattice's reading), so bundled configs print as they
 *  always have. */
export function formatConfig(cfg: KConfig): string {
  const parts = [`PREEMPTION=${PREEMPT_NAMES[cfg.preempt]}`];
  for (const s of BOOL_SYMBOLS) {
    if (s === 'PREEMPT_RT' && !hasBool(cfg, s)) continue;
    if (s === 'SMP' && hasBool(cfg, s) === !hasBool(cfg, 'TINY_RCU')) continue;
    if (ARCH_ONLY_SYMBOLS.has(s) && !hasBool(cfg, s)) continue;
    parts.push(`${s}=${hasBool(cfg, s) ? 'y' : 'n'}`);
  }
  return parts.join(' ');
}

/**
 * `--config PREEMPTION=none,XEN_PV=y` narrows the lattice. Returns an error string for bad input.
 * With `userOptions` (a kernel tree, whose Kconfig can say what another option means), a name
 * that is not a model axis is an option the user sets for the whole check (`set`): the tree's
 * lattice is derived with it rather than filtered.
 */
export function parseConfigFilter(text: string, opts: { readonly userOptions?: boolean } = {}): { preempt?: PreemptModel; bools: Partial<Record<BoolSymbol, boolean>>; set?: SetOption[] } | string {
  const bools: Partial<Record<BoolSymbol, boolean>> = {};
  const set: SetOption[] = [];
  let preempt: PreemptModel | undefined;
  for (const raw of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(?:CONFIG_)?([A-Z0-9_]+)=([a-z]+)$/.exec(raw);
    if (!m) return `bad --config item '${raw}' (expected NAME=value)`;
    const [, name, value] = m as unknown as [string, string, string];
    if (name === 'PREEMPTION' || name === 'PREEMPT') {
      if (value === 'rt') {
        bools.PREEMPT_RT = true;
        continue;
      }
      const v = ({ none: 0, n: 0, voluntary: 1, full: 2, y: 2, lazy: 3 } as Record<string, PreemptModel>)[value];
      if (v === undefined) return `bad --config value '${value}' for PREEMPTION (none, voluntary, full, lazy, rt)`;
      preempt = v;
    } else if ((BOOL_SYMBOLS as readonly string[]).includes(name)) {
      if (value !== 'y' && value !== 'n') return `bad --config value '${value}' for ${name} (y or n)`;
      bools[name as BoolSymbol] = value === 'y';
    } else if (opts.userOptions) {
      if (value !== 'y' && value !== 'n') return `bad --config value '${value}' for ${name} (y or n: the entry code is built in)`;
      if (set.some((o) => o.name === name)) return `--config sets ${name} twice`;
      set.push({ name, value: value === 'y' });
    } else {
      return `unknown config symbol '${name}' (known: PREEMPTION, ${BOOL_SYMBOLS.join(', ')}; any other option with --kernel)`;
    }
  }
  return { ...(preempt === undefined ? {} : { preempt }), bools, ...(set.length ? { set } : {}) };
}

export function matchesFilter(cfg: KConfig, f: { preempt?: PreemptModel; bools: Partial<Record<BoolSymbol, boolean>> }): boolean {
  if (f.preempt !== undefined && cfg.preempt !== f.preempt) return false;
  for (const [k, v] of Object.entries(f.bools)) if (hasBool(cfg, k as BoolSymbol) !== v) return false;
  return true;
}

/**
 * What a run that read `mask` saw of `cfg`: two configs give the same run iff their projections
 * under that run's mask are equal (exploration reads Kconfig only through ConfigReader).
 */
export function projectConfig(cfg: KConfig, mask: number): string {
  const boolMask = mask & ((1 << BOOL_SYMBOLS.length) - 1);
  const preempt =
    mask & (1 << SYM_PREEMPT_MODEL) ? String(cfg.preempt) : mask & (1 << SYM_PREEMPTION) ? (preemptionOf(cfg) ? 'P' : 'p') : '-';
  return `${preempt}:${cfg.bits & boolMask}`;
}

/**
 * Config access with read tracking. `readMask` has bit i for BOOL_SYMBOLS[i], bit SYM_PREEMPTION
 * for "is PREEMPTION on" and bit SYM_PREEMPT_MODEL for the preemption model itself.
 */
export class ConfigReader {
  readMask = 0;
  constructor(readonly cfg: KConfig) {}

  bool(name: BoolSymbol): boolean {
    const i = boolIndex(name);
    this.readMask |= 1 << i;
    return (this.cfg.bits & (1 << i)) !== 0;
  }

  /** CONFIG_PREEMPTION (full, lazy, RT, or PREEMPT_DYNAMIC). */
  get preemption(): boolean {
    this.readMask |= 1 << SYM_PREEMPTION;
    return preemptionOf(this.cfg);
  }

  get preemptModel(): PreemptModel {
    this.readMask |= 1 << SYM_PREEMPT_MODEL;
    return this.cfg.preempt;
  }

  /** Lockdep (and with it the irq-flag tracer) exists only with PROVE_LOCKING. */
  get lockdep(): boolean {
    return this.bool('PROVE_LOCKING');
  }

  get contextTracking(): boolean {
    return this.bool('NO_HZ_FULL');
  }

  /**
   * `IS_ENABLED(CONFIG_X)` as C code sees it. Unknown symbols are `undefined` so the caller can
   * report them; aliases map onto the model's symbols.
   */
  kconfig(name: string): boolean | undefined {
    switch (name) {
      case 'PREEMPTION':
        return this.preemption;
      case 'PREEMPT':
        // The choice member "Preemptible Kernel"; without a tree it is what PREEMPTION says.
        return this.cfg.tree ? this.preemptModel === PreemptModel.Full : this.preemption;
      case 'PREEMPT_NONE':
        return this.preemptModel === PreemptModel.None;
      case 'PREEMPT_VOLUNTARY':
        return this.preemptModel === PreemptModel.Voluntary;
      case 'PREEMPT_LAZY':
        return this.preemptModel === PreemptModel.Lazy;
      case 'PREEMPT_RT':
        return this.bool('PREEMPT_RT');
    }
    if ((BOOL_SYMBOLS as readonly string[]).includes(name)) return this.bool(name as BoolSymbol);
    const tree = this.cfg.tree;
    if (tree) {
      // Everything else: the tree's Kconfig at this point (undefined when it cannot decide).
      const v = tree.value(name);
      if (v !== undefined) this.readMask |= tree.mask(name);
      return v;
    }
    switch (name) {
      case 'LOCKDEP':
      case 'TRACE_IRQFLAGS':
      case 'PROVE_LOCKING':
        return this.bool('PROVE_LOCKING');
      case 'CONTEXT_TRACKING':
      case 'CONTEXT_TRACKING_USER':
      case 'CONTEXT_TRACKING_IDLE':
      case 'NO_HZ_FULL':
        // CONTEXT_TRACKING_IDLE is always on in 6.x trees; the user half is what NO_HZ_FULL adds.
        return name === 'CONTEXT_TRACKING_IDLE' ? true : this.bool('NO_HZ_FULL');
      case 'TREE_RCU':
        return !this.bool('TINY_RCU');
      case 'XEN':
        return this.bool('XEN_PV');
      default:
        return undefined;
    }
  }
}

/** Renders a set of configs compactly: `all`, or the settings every one of them shares. */
export function summarizeConfigs(configs: readonly KConfig[], lattice: readonly KConfig[]): string {
  if (configs.length === 0) return 'none';
  if (configs.length === lattice.length) return 'all configs';
  const shared: string[] = [];
  const preempts = new Set(configs.map((c) => c.preempt));
  const latticePreempts = new Set(lattice.map((c) => c.preempt));
  if (preempts.size < latticePreempts.size) shared.push(`PREEMPTION∈{${[...preempts].sort().map((p) => PREEMPT_NAMES[p]).join(',')}}`);
  for (const s of BOOL_SYMBOLS) {
    const vals = new Set(configs.map((c) => hasBool(c, s)));
    const lat = new Set(lattice.map((c) => hasBool(c, s)));
    if (vals.size === 1 && lat.size === 2) shared.push(`${s}=${[...vals][0] ? 'y' : 'n'}`);
  }
  return `${configs.length}/${lattice.length} configs${shared.length ? ': ' + shared.join(' ') : ''}`;
}
