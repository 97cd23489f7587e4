// Where the tree tests find Debian's kernel trees, and when they are skipped: one place for what
// every test that reads a real tree used to spell out itself.
//
// scripts/fetch-kernels.sh extracts each series to <cache>/kernels/linux-<series>/, the cache being
// $KENTRY_CACHE or the repository's .cache. `npm test` fetches them first (scripts/pretest.mjs), so a
// missing tree means a test file run on its own: the tests of the five x86 trees then fail (they
// fetch or say what is missing), the arch tests that need one tree skip with the reason.
// KENTRY_SKIP_KERNELS=1 skips every tree test, and says so.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The cache directory fetch-kernels.sh writes to. */
export const CACHE = process.env.KENTRY_CACHE ? path.resolve(process.env.KENTRY_CACHE) : path.join(REPO, '.cache');

/** The extracted tree of a series, e.g. `kernelRoot('7.3')`. */
export function kernelRoot(series: string): string {
  return path.join(CACHE, 'kernels', `linux-${series}`);
}

/** KENTRY_SKIP_KERNELS=1 as a skip reason, else false. */
export const SKIP_KERNELS: string | false = process.env.KENTRY_SKIP_KERNELS === '1' ? 'KENTRY_SKIP_KERNELS=1' : false;

/**
 * The skip reason for a test that needs `series` (and, inside it, `needs`, e.g. `arch/riscv`):
 * KENTRY_SKIP_KERNELS=1, or the tree or that path not being in the cache. False: run.
 */
export function skipUnlessTree(series: string, needs = ''): string | false {
  if (SKIP_KERNELS) return SKIP_KERNELS;
  return existsSync(path.join(kernelRoot(series), needs)) ? false : `no linux-${series}${needs ? `/${needs}` : ''} in ${path.join(CACHE, 'kernels')} (bash scripts/fetch-kernels.sh)`;
}
