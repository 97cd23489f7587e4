// One s390 mutant, one row, at the stage-1 configs, every context: the findings the mutant adds and drops.
import { bindTree, checkRows, KERNEL_BOUNDS, loadTree, treeRows } from '../src/explore/kernel-target.ts';
import { allMutants, archMutatedFunctions, findingKeysOf, stage1Filters, variantOf } from './mutants.ts';
const [arch, id, rowId, ctx] = process.argv.slice(2);
const kt = await loadTree('/work/main/.cache/kernels/linux-7.3', arch);
const ms = allMutants(kt, archMutatedFunctions(kt.program, arch));
const m = ms.find((x) => x.id === id)!;
console.log(m.key, m.at);
const run = (ir: typeof kt.program.ir) => {
  const prog = bindTree(ir, kt.layout, arch);
  const row = treeRows({ tree: kt.tree, program: prog }).find((r) => r.id === rowId)!;
  const keys = new Set<string>();
  for (const f of stage1Filters(row, kt.lattice, arch, variantOf(m))) {
    const rep = checkRows('m', [row], kt.spec, { bounds: KERNEL_BOUNDS, filter: f, ...(ctx ? { contexts: ctx.split(',') } : {}) });
    for (const x of rep.findings) for (const k of findingKeysOf(x)) keys.add(`${k} :: ${x.message.slice(0, 120)}`);
  }
  return keys;
};
const base = run(kt.program.ir);
const functions = new Map(kt.program.ir.functions);
functions.set(m.fn, m.apply(kt.program.ir.functions.get(m.fn)!));
const mut = run({ ...kt.program.ir, functions });
console.log('added:'); for (const k of mut) if (!base.has(k)) console.log('  +', k);
console.log('dropped:'); for (const k of base) if (!mut.has(k)) console.log('  -', k);
