#!/usr/bin/env node
// `npm test`'s pretest step: installs what the test suite needs and a fresh machine lacks, the
// same things .ci/run installs:
//   - the npm dependencies (npm ci), when one of package.json's is not installed;
//   - Debian's chromium for the browser tests, when /usr/bin/chromium is absent
//     (skipped with KENTRY_SKIP_BROWSER=1), with xz-utils/ca-certificates if the kernel fetch needs them;
//   - the whole kernel trees in .cache/kernels (scripts/fetch-kernels.sh), when they are not
//     cached (skipped with KENTRY_SKIP_KERNELS=1).
// As root it runs the commands. As anyone else it prints exactly the commands to run and exits 1.
// Plain JavaScript on purpose: it must run before node_modules exists.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * @typedef {{ what: string, commands: string[][], needsRoot: boolean }} Step
 * @typedef {{
 *   repo: string,
 *   isRoot: boolean,
 *   env: Record<string, string | undefined>,
 *   exists: (path: string) => boolean,
 *   onPath: (program: string) => boolean,
 *   kernelsCached: () => boolean,
 * }} PretestEnv
 */

/** Dependencies named in package.json that are not installed in node_modules. */
export function missingDependencies(repo, exists) {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  return names.filter((n) => !exists(join(repo, 'node_modules', n, 'package.json')));
}

/**
 * What is missing, as steps to run (in order).
 * @param {PretestEnv} e
 * @param {string[]} missingDeps
 * @returns {{ steps: Step[], notes: string[] }}
 */
export function planPretest(e, missingDeps) {
  const steps = [];
  const notes = [];
  if (missingDeps.length) steps.push({ what: `npm dependencies not installed (${missingDeps.join(', ')})`, commands: [['npm', 'ci', '--no-audit', '--no-fund']], needsRoot: false });

  const wantBrowser = e.env.KENTRY_SKIP_BROWSER !== '1';
  const wantKernels = e.env.KENTRY_SKIP_KERNELS !== '1';
  if (!wantBrowser) notes.push('KENTRY_SKIP_BROWSER=1: chromium not checked (the browser tests are skipped)');
  if (!wantKernels) notes.push('KENTRY_SKIP_KERNELS=1: kernel trees not checked (the tree tests are skipped)');
  const kernelsMissing = wantKernels && !e.kernelsCached();

  const packages = [];
  if (wantBrowser && !e.exists(CHROMIUM)) packages.push('chromium');
  if (kernelsMissing && !e.onPath('xz')) packages.push('xz-utils');
  if (kernelsMissing && !e.exists('/etc/ssl/certs/ca-certificates.crt')) packages.push('ca-certificates');
  if (packages.length) {
    const why = packages.includes('chromium') ? `${CHROMIUM} is missing (the browser tests drive Debian's chromium)` : 'the kernel fetch needs them';
    steps.push({
      what: `${packages.join(', ')}: ${why}`,
      commands: [
        ['apt-get', 'update'],
        ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends', ...packages],
      ],
      needsRoot: true,
    });
  }
  if (kernelsMissing) {
    steps.push({ what: `kernel trees not cached in ${e.env.KENTRY_CACHE ?? '.cache'}/kernels (the tree tests check them)`, commands: [[...(e.env.KENTRY_CACHE ? ['env', `KENTRY_CACHE=${e.env.KENTRY_CACHE}`] : []), 'bash', 'scripts/fetch-kernels.sh']], needsRoot: false });
  }
  return { steps, notes };
}

/** A command as a shell line, quoted where needed. */
export function shellLine(argv) {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Runs the plan (root) or prints it (anyone else). Returns the exit code.
 * @param {{ steps: Step[], notes: string[] }} plan
 * @param {{ isRoot: boolean, repo: string, exec: (argv: string[], cwd: string) => number, log: (s: string) => void }} io
 */
export function runPretest(plan, io) {
  for (const n of plan.notes) io.log(`pretest: ${n}`);
  if (!plan.steps.length) return 0;
  if (!io.isRoot) {
    io.log('pretest: the test suite needs what this machine lacks:');
    for (const s of plan.steps) io.log(`  - ${s.what}`);
    io.log(`pretest: not root, so nothing was installed. Run, in ${io.repo}:`);
    const lines = plan.steps.flatMap((s) => s.commands.map((c) => (s.needsRoot ? `sudo ${shellLine(c)}` : shellLine(c))));
    io.log(`  ${lines.join(' && \\\n  ')}`);
    io.log('pretest: then npm test again (KENTRY_SKIP_BROWSER=1 / KENTRY_SKIP_KERNELS=1 skip those tests instead).');
    return 1;
  }
  for (const s of plan.steps) {
    io.log(`pretest: ${s.what}`);
    for (const c of s.commands) {
      io.log(`pretest: running ${shellLine(c)}`);
      const rc = io.exec(c, io.repo);
      if (rc !== 0) {
        io.log(`pretest: ${shellLine(c)} failed (exit ${rc})`);
        return rc || 1;
      }
    }
  }
  return 0;
}

function onPath(program) {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

/** The real environment. */
export function realEnv(repo) {
  return {
    repo,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    env: process.env,
    exists: existsSync,
    onPath,
    kernelsCached: () => spawnSync('bash', [join(repo, 'scripts/fetch-kernels.sh'), '--check'], { stdio: 'ignore', env: process.env }).status === 0,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
  const e = realEnv(repo);
  const plan = planPretest(e, missingDependencies(repo, e.exists));
  process.exitCode = runPretest(plan, {
    isRoot: e.isRoot,
    repo,
    exec: (argv, cwd) => spawnSync(argv[0], argv.slice(1), { cwd, stdio: 'inherit', env: process.env }).status ?? 1,
    log: (s) => process.stderr.write(`${s}\n`),
  });
}
