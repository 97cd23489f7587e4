// Types of scripts/pretest.mjs (plain JavaScript: it runs before node_modules exists).
export declare const CHROMIUM: string;
export interface Step {
  readonly what: string;
  readonly commands: string[][];
  readonly needsRoot: boolean;
}
export interface PretestEnv {
  readonly repo: string;
  readonly isRoot: boolean;
  readonly env: Record<string, string | undefined>;
  readonly exists: (path: string) => boolean;
  readonly onPath: (program: string) => boolean;
  readonly kernelsCached: () => boolean;
}
export interface PretestPlan {
  readonly steps: Step[];
  readonly notes: string[];
}
export declare function missingDependencies(repo: string, exists: (path: string) => boolean): string[];
export declare function planPretest(e: PretestEnv, missingDeps: string[]): PretestPlan;
export declare function shellLine(argv: readonly string[]): string;
export declare function runPretest(plan: PretestPlan, io: { isRoot: boolean; repo: string; exec: (argv: string[], cwd: string) => number; log: (s: string) => void }): number;
export declare function realEnv(repo: string): PretestEnv;
