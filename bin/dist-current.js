// Whether dist/ is the build of the sources beside it: the one rule bin/kentry.js (run dist/ or
// the sources through tsx) and bench/bench.ts (measure what bin/kentry.js runs) both decide by.
// Plain JavaScript with no dependency, since bin/kentry.js loads it before anything is built.
import { existsSync, readdirSync, statSync } from 'node:fs';

/** Newest mtime (ms) of the .ts files under dir; 0 when there are none. */
function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * `root` is the package directory (with a trailing slash). 'current': dist/cli/main.js exists and
 * no src/ .ts file is newer; 'missing': no build; 'stale': a source is newer than the build.
 */
export function distState(root) {
  const built = `${root}dist/cli/main.js`;
  if (!existsSync(built)) return 'missing';
  return newestSource(`${root}src`) <= statSync(built).mtimeMs ? 'current' : 'stale';
}
