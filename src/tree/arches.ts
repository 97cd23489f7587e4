// Which architectures a tree builds with the generic entry code, read from the tree: every
// `arch/<name>/Kconfig` is scanned for a `select GENERIC_ENTRY` or `select GENERIC_IRQ_ENTRY` line
// (with the symbol whose definition carries it and its `if` condition, if any). GENERIC_ENTRY
// selects GENERIC_IRQ_ENTRY and GENERIC_SYSCALL (arch/Kconfig); an arch that selects only
// GENERIC_IRQ_ENTRY (arm64 in 7.x) has the generic interrupt entry but its own system-call path.
//
// This is a scan of the arch's top Kconfig file, not an evaluation: it answers "which arches are
// candidates" cheaply for all of them. Whether the select holds in a given configuration is the
// Kconfig evaluator's business (kernel-target.ts checks GENERIC_IRQ_ENTRY=y at every lattice point
// of the arch it loads).

import fs from 'node:fs';
import path from 'node:path';

export type GenericEntryKind = 'GENERIC_ENTRY' | 'GENERIC_IRQ_ENTRY';

export interface ArchSelect {
  /** The symbol selected. */
  readonly kind: GenericEntryKind;
  /** `arch/<name>/Kconfig`, relative to the tree root, and the line of the select. */
  readonly file: string;
  readonly line: number;
  /** The config whose definition says `select` (the arch's top symbol, e.g. ARM64). */
  readonly by: string | null;
  /** The select's `if` condition, as written; null when unconditional. */
  readonly cond: string | null;
}

export interface TreeArch {
  readonly name: string;
  /** The generic-entry selects in this arch's Kconfig (GENERIC_ENTRY first), empty if none. */
  readonly selects: readonly ArchSelect[];
  /** The strongest selected: GENERIC_ENTRY if selected, else GENERIC_IRQ_ENTRY, else null. */
  readonly entry: GenericEntryKind | null;
}

const cache = new Map<string, readonly TreeArch[]>();

/** Every `arch/<name>/` of the tree that has a Kconfig, sorted by name, with its generic-entry selects. */
export function treeArches(root: string): readonly TreeArch[] {
  const abs = path.resolve(root);
  const hit = cache.get(abs);
  if (hit) return hit;
  let dirs: fs.Dirent[];
  try {
    dirs = fs.readdirSync(path.join(abs, 'arch'), { withFileTypes: true });
  } catch {
    dirs = [];
  }
  const out: TreeArch[] = [];
  for (const d of dirs.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = `arch/${d.name}/Kconfig`;
    let text: string;
    try {
      text = fs.readFileSync(path.join(abs, rel), 'utf8');
    } catch {
      continue; // not an architecture directory
    }
    const selects = scanSelects(text, rel);
    const entry = selects.some((s) => s.kind === 'GENERIC_ENTRY') ? 'GENERIC_ENTRY' : selects.length ? 'GENERIC_IRQ_ENTRY' : null;
    out.push({ name: d.name, selects: selects.sort((a, b) => (a.kind === b.kind ? a.line - b.line : a.kind === 'GENERIC_ENTRY' ? -1 : 1)), entry });
  }
  cache.set(abs, out);
  return out;
}

/** `select GENERIC_ENTRY` / `select GENERIC_IRQ_ENTRY` lines of one Kconfig text. */
export function scanSelects(text: string, file: string): ArchSelect[] {
  const out: ArchSelect[] = [];
  let by: string | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '');
    const c = /^\s*(?:menu)?config\s+([A-Za-z0-9_]+)\s*$/.exec(line);
    if (c) {
      by = c[1]!;
      return;
    }
    if (/^\s*(?:choice|endchoice|menu|endmenu|if|endif|source)\b/.test(line)) by = null;
    const s = /^\s*select\s+(GENERIC_ENTRY|GENERIC_IRQ_ENTRY)\s*(?:if\s+(.+?))?\s*$/.exec(line);
    if (s) out.push({ kind: s[1] as GenericEntryKind, file, line: i + 1, by, cond: s[2] ?? null });
  });
  return out;
}

/** The arches of the tree that select the generic entry (either form). */
export function genericEntryArches(root: string): readonly TreeArch[] {
  return treeArches(root).filter((a) => a.entry !== null);
}

export class ArchError extends Error {}

/**
 * An arch whose own entry code (not the generic one) kentry also reads, where the tree has it:
 * the tree must define every one of `defines` in `file` (arm64 before 7.x:
 * arch/arm64/kernel/entry-common.c with its own enter/exit helpers).
 */
export interface OwnEntrySpec {
  readonly file: string;
  readonly defines: readonly string[];
  /** Why these functions identify the code kentry's harnesses read. */
  readonly why: string;
}

/** The names of `spec.defines` that `spec.file` of the tree at `root` does not define (a function definition at the start of a line). */
export function missingOwnEntry(root: string, spec: OwnEntrySpec): string[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, spec.file), 'utf8');
  } catch {
    return [...spec.defines];
  }
  return spec.defines.filter((name) => !new RegExp(`^[A-Za-z_][^;{}()]*\\b${name}\\s*\\([^;]*\\)\\s*\\{`, 'm').test(text));
}

/**
 * The arch `name` of the tree, or an ArchError saying why it cannot be checked: not an arch of
 * this tree (listing the ones it has), or an arch whose Kconfig selects no generic entry (listing
 * the ones that do).
 */
export function requireGenericEntryArch(root: string, name: string, ownEntry?: OwnEntrySpec): TreeArch {
  const all = treeArches(root);
  const a = all.find((x) => x.name === name);
  const generic = all.filter((x) => x.entry).map((x) => x.name);
  if (!a) {
    throw new ArchError(all.length
      ? `--arch ${name}: the tree has no arch/${name}/Kconfig (its arches: ${all.map((x) => x.name).join(', ')})`
      : `--arch ${name}: the tree has no arch/*/Kconfig at all`);
  }
  if (!a.entry) {
    // An arch kentry also reads with its own entry code, where this tree has that code.
    const missing = ownEntry ? missingOwnEntry(root, ownEntry) : [];
    if (ownEntry && missing.length === 0) return a;
    const own = ownEntry ? `; nor does ${ownEntry.file} define the own entry code kentry reads (${missing.join(', ')} missing)` : '';
    throw new ArchError(`--arch ${name}: arch/${name}/Kconfig selects neither GENERIC_ENTRY nor GENERIC_IRQ_ENTRY, so this tree builds ${name} with its own entry code${own} (generic-entry arches here: ${generic.join(', ') || 'none'})`);
  }
  return a;
}
