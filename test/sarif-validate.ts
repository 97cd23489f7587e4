// Runs Microsoft's SARIF validator (`@microsoft/sarif-multitool`, a devDependency: its platform
// package ships a self-contained binary) with the SARIF 2.1.0 schema rules and the rules GitHub
// code scanning applies on upload (rule kind `Gh`), and returns what it found.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tempDir } from './tmp.ts';

export interface ValidatorFinding {
  readonly ruleId: string;
  readonly level: string;
  readonly text: string;
}

/**
 * Warnings the validator raises that kentry's output accepts, each with the reason. Nothing else
 * may appear (errors never).
 */
export const ACCEPTED_WARNINGS: Readonly<Record<string, string>> = {
  // SARIF2005 asks for tool.driver.informationUri; kentry has no public home page to point at, and
  // an invented URL would be worse than none. GitHub does not require it.
  SARIF2005: 'informationUri',
};

export function multitoolBinary(): string {
  const require = createRequire(import.meta.url);
  const pkg = `@microsoft/sarif-multitool-${process.platform}`;
  let dir: string;
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`${pkg} is not installed: run npm install (it is an optional dependency of the devDependency @microsoft/sarif-multitool)`);
  }
  const bin = join(dir, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    // The package's postinstall (`chmod u+x`) does this; npm may be configured not to run it.
    chmodSync(bin, statSync(bin).mode | 0o100);
  }
  return bin;
}

/** Validates a SARIF log; returns every validator result (errors and warnings). */
export function validateSarif(log: unknown): ValidatorFinding[] {
  const dir = tempDir('kentry-sarif-');
  const input = join(dir, 'input.sarif');
  const output = join(dir, 'validation.sarif');
  writeFileSync(input, JSON.stringify(log, null, 2));
  // The binary is called directly: the package's bin.js runs it through a shell, which would
  // split the `Gh;Sarif` argument at the semicolon.
  const r = spawnSync(multitoolBinary(), ['validate', input, '--output', output, '--rule-kind', 'Gh;Sarif', '--log', 'ForceOverwrite', '--quiet'], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  assert.equal(r.status, 0, `sarif-multitool failed (${r.status}): ${r.stderr}${r.stdout}`);
  const validation = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: { ruleId: string; level?: string; message: { text?: string; id?: string; arguments?: string[] } }[] }[] };
  const results = validation.runs.flatMap((run) => run.results ?? []);
  return results.map((x) => ({ ruleId: x.ruleId, level: x.level ?? 'warning', text: x.message.text ?? `${x.message.id ?? ''} ${(x.message.arguments ?? []).join(' | ')}` }));
}

/** Asserts the validator found no error and no warning outside ACCEPTED_WARNINGS. */
export function assertValidSarif(log: unknown, what: string): void {
  const found = validateSarif(log);
  const bad = found.filter((f) => f.level === 'error' || !(f.ruleId in ACCEPTED_WARNINGS));
  assert.deepEqual(bad, [], `${what}: the SARIF validator reports ${bad.map((b) => `${b.level} ${b.ruleId}: ${b.text}`).join('; ')}`);
}
