import { allMutants } from './scripts/mutants.ts';
import { loadTree } from './src/explore/kernel-target.ts';
const [v, arch] = process.argv.slice(2);
const kt = await loadTree(`.cache/kernels/linux-${v}`, arch as any);
const ms = allMutants(kt);
const h = ms.filter((m) => m.callees.some((c) => c.startsWith('kentry_')));
console.log(v, arch, ms.length, h.length);
for (const m of h) console.log('  ', m.key, m.decided?.status ?? '');
