// The pretest step of `npm test` (scripts/pretest.mjs), with the machine stubbed: what it plans for
// each missing piece, that root runs it and stops at the first failure, that anyone else gets the
// exact commands and exit 1; and that package.json wires it in.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHROMIUM, missingDependencies, planPretest, realEnv, runPretest, shellLine, type PretestEnv, type PretestPlan } from '../scripts/pretest.mjs';

const repo = join(import.meta.dirname, '..');

function machine(over: Partial<PretestEnv> & { missing?: string[] } = {}): PretestEnv {
  const missing = new Set(over.missing ?? []);
  return {
    repo,
    isRoot: true,
    env: {},
    exists: (p) => !missing.has(p),
    onPath: (p) => !missing.has(p),
    kernelsCached: () => true,
    ...over,
  };
}

function execute(plan: PretestPlan, isRoot: boolean, failAt?: string) {
  const ran: string[] = [];
  const log: string[] = [];
  const code = runPretest(plan, {
    isRoot,
    repo,
    exec: (argv) => {
      ran.push(shellLine(argv));
      return failAt && shellLine(argv).includes(failAt) ? 100 : 0;
    },
    log: (s) => log.push(s),
  });
  return { code, ran, log: log.join('\n') };
}

describe('pretest plan', () => {
  it('everything present: nothing to do, exit 0, silent', () => {
    const plan = planPretest(machine(), []);
    assert.deepEqual(plan.steps, []);
    const r = execute(plan, false);
    assert.equal(r.code, 0);
    assert.equal(r.log, '');
  });
  it('chromium missing: apt-get update, then install chromium (root runs both, in order)', () => {
    const plan = planPretest(machine({ missing: [CHROMIUM] }), []);
    assert.equal(plan.steps.length, 1);
    const r = execute(plan, true);
    assert.equal(r.code, 0);
    assert.deepEqual(r.ran, ['apt-get update', 'env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium']);
  });
  it('kernel trees not cached: fetch-kernels.sh, with xz-utils when xz is missing', () => {
    const plan = planPretest(machine({ kernelsCached: () => false, missing: ['xz'] }), []);
    const r = execute(plan, true);
    assert.deepEqual(r.ran, ['apt-get update', 'env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends xz-utils', 'bash scripts/fetch-kernels.sh']);
    const cache = planPretest(machine({ kernelsCached: () => false, env: { KENTRY_CACHE: '/data/k' } }), []);
    assert.deepEqual(execute(cache, true).ran, ['env KENTRY_CACHE=/data/k bash scripts/fetch-kernels.sh']);
  });
  it('npm dependencies missing: npm ci first', () => {
    const plan = planPretest(machine({ missing: [CHROMIUM] }), ['tsx']);
    assert.deepEqual(execute(plan, true).ran[0], 'npm ci --no-audit --no-fund');
  });
  it('KENTRY_SKIP_BROWSER=1 / KENTRY_SKIP_KERNELS=1: not checked, and said so', () => {
    let asked = false;
    const plan = planPretest(machine({ missing: [CHROMIUM], env: { KENTRY_SKIP_BROWSER: '1', KENTRY_SKIP_KERNELS: '1' }, kernelsCached: () => ((asked = true), false) }), []);
    assert.deepEqual(plan.steps, []);
    assert.equal(asked, false);
    const r = execute(plan, false);
    assert.equal(r.code, 0);
    assert.match(r.log, /KENTRY_SKIP_BROWSER=1: chromium not checked/);
    assert.match(r.log, /KENTRY_SKIP_KERNELS=1: kernel trees not checked/);
  });
  it('as root, a failing command stops the run with its exit code', () => {
    const plan = planPretest(machine({ missing: [CHROMIUM], kernelsCached: () => false }), []);
    const r = execute(plan, true, 'install');
    assert.equal(r.code, 100);
    assert.deepEqual(r.ran, ['apt-get update', 'env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium']);
    assert.match(r.log, /failed \(exit 100\)/);
  });
  it('not root: runs nothing, prints the exact commands (sudo where root is needed), exit 1', () => {
    const plan = planPretest(machine({ missing: [CHROMIUM], kernelsCached: () => false }), ['yaml']);
    const r = execute(plan, false);
    assert.equal(r.code, 1);
    assert.deepEqual(r.ran, []);
    assert.ok(
      r.log.includes(
        [
          '  npm ci --no-audit --no-fund && \\',
          '  sudo apt-get update && \\',
          '  sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium && \\',
          '  bash scripts/fetch-kernels.sh',
        ].join('\n'),
      ),
      r.log,
    );
    assert.match(r.log, /not root, so nothing was installed/);
  });
  it('shellLine quotes what the shell would split', () => {
    assert.equal(shellLine(['echo', 'a b', "it's", 'x=y']), `echo 'a b' 'it'\\''s' x=y`);
  });
});

describe('pretest wiring', () => {
  it('package.json runs it before the tests', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts['pretest'], 'node scripts/pretest.mjs');
  });
  it('missingDependencies reads package.json against node_modules', () => {
    assert.deepEqual(missingDependencies(repo, () => true), []);
    const all = missingDependencies(repo, () => false);
    assert.ok(all.includes('tsx') && all.includes('@microsoft/sarif-multitool') && all.includes('yaml'));
  });
  // Only where nothing is missing: the test must never install anything itself.
  const real = realEnv(repo);
  const missingHere = planPretest(real, missingDependencies(repo, real.exists)).steps.map((s) => s.what);
  it('where nothing is missing, the real script is a silent no-op', { skip: missingHere.length ? `this machine lacks: ${missingHere.join('; ')}` : false }, () => {
    const r = spawnSync('node', [join(repo, 'scripts/pretest.mjs')], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.equal(r.stdout + r.stderr.replace(/^pretest: KENTRY_SKIP_\w+=1: .*\n/gm, ''), '');
  });
  it('fetch-kernels.sh --check: exit 1 and names what is missing for an empty cache, fetching nothing', () => {
    const r = spawnSync('bash', [join(repo, 'scripts/fetch-kernels.sh'), '--check'], { encoding: 'utf8', env: { ...process.env, KENTRY_CACHE: join(import.meta.dirname, 'fixtures', 'no-such-cache') } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not cached: 5\.10 6\.1 6\.12 7\.2 7\.3/);
  });
});
