// The system-call count a tree generates at build time, read from the tree: `__NR_syscalls` is not
// in any source header of an arch that generates its unistd_<abi>.h from a syscall table
// (7.3 riscv: arch/riscv/include/asm/unistd.h says `#define NR_syscalls (__NR_syscalls)` and
// includes <asm/unistd_64.h>, which scripts/Makefile.asm-headers writes from scripts/syscall.tbl).
//
// The rule is the tree's own: scripts/Makefile.asm-headers sets the default ABIs
// (`syscall_abis_64 += common,64`), the table (`syscalltbl := …`) and `--emit-nr`, then includes
// arch/<arch>/kernel/Makefile.syscalls, which adds ABIs or replaces the table;
// scripts/syscallhdr.sh takes the table's lines whose ABI is one of those and emits
// `__NR_syscalls` as the last such line's number plus one. What the files do not say is an error
// (undefined), never a guessed count.

import fs from 'node:fs';
import path from 'node:path';

export interface GeneratedSyscalls {
  /** `__NR_syscalls` for the 64-bit ABI; absent where the build generates no such name (6.1/6.12
   *  s390 generate `NR_syscalls` instead, in `numbers`). */
  readonly count?: number;
  /** `__NR_<name>` of every line taken (scripts/syscallhdr.sh emits one per line, no prefix). */
  readonly numbers: ReadonlyMap<string, number>;
  /** The table read and the ABIs taken, for the coverage listing. */
  readonly table: string;
  readonly abis: readonly string[];
}

function read(root: string, rel: string): string | undefined {
  try {
    return fs.readFileSync(path.join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}

/** `syscall_abis_64 += a,b c` and `syscalltbl := …` / `= …` assignments of a Makefile text. */
function assignments(text: string, abis: string[], table: { v?: string }): void {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '');
    const a = /^\s*syscall_abis_64\s*(\+?=|:=)\s*(.*)$/.exec(line);
    if (a) {
      const vals = a[2]!.split(/[\s,]+/).filter(Boolean);
      if (a[1] !== '+=') abis.length = 0;
      abis.push(...vals);
    }
    const t = /^\s*syscalltbl\s*:?=\s*(\S+)\s*$/.exec(line);
    if (t) table.v = t[1]!.replace(/^\$\(srctree\)\//, '');
  }
}

/**
 * The generated 64-bit system-call count of `arch`, or undefined when the tree does not generate it
 * this way (no arch/<arch>/kernel/Makefile.syscalls, no table, no `--emit-nr`, or no line taken).
 */
export function generatedSyscalls(root: string, arch: string): GeneratedSyscalls | undefined {
  const common = read(root, 'scripts/Makefile.asm-headers');
  const archMk = read(root, `arch/${arch}/kernel/Makefile.syscalls`);
  if (common === undefined || archMk === undefined || !/--emit-nr/.test(common)) return ownMakefile(root, arch);
  const abis: string[] = [];
  const table: { v?: string } = {};
  assignments(common, abis, table);
  assignments(archMk, abis, table);
  if (!table.v || abis.length === 0 || table.v.includes('$(')) return undefined;
  // A table named with the pattern's stem (7.3 arm64: `syscalltbl = arch/arm64/tools/syscall_%.tbl`)
  // is the prerequisite of the rule `$(obj)/unistd_%.h: $(syscalltbl)`: for unistd_64.h the stem is 64.
  if (table.v.includes('%')) {
    if (!/^\$\(obj\)\/unistd_%\.h\s*:\s*\$\(syscalltbl\)/m.test(common)) return undefined;
    return fromTable(root, table.v.replaceAll('%', '64'), abis);
  }
  return fromTable(root, table.v, abis);
}

/** The lines of `tableFile` whose ABI is one of `abis`: `__NR_<name>` each, `__NR_syscalls` the last plus one. */
function fromTable(root: string, tableFile: string, abis: readonly string[]): GeneratedSyscalls | undefined {
  const tbl = read(root, tableFile);
  if (tbl === undefined) return undefined;
  const want = new Set(abis);
  let last: number | undefined;
  const numbers = new Map<string, number>();
  for (const raw of tbl.split('\n')) {
    const m = /^([0-9]+)\s+(\S+)\s+(\S+)/.exec(raw);
    if (m && want.has(m[2]!)) {
      last = Number(m[1]);
      numbers.set(`__NR_${m[3]!}`, last);
    }
  }
  return last === undefined ? undefined : { count: last + 1, numbers, table: tableFile, abis: [...abis] };
}

/**
 * The older per-arch rules (7.3 s390, powerpc): arch/<arch>/kernel/syscalls/Makefile runs
 * scripts/syscallhdr.sh with `--emit-nr --abis common,$*` for the target `unistd_%.h`, lists
 * `unistd_64.h` among the headers it makes, and reads `syscall := $(src)/syscall.tbl`.
 */
function ownMakefile(root: string, arch: string): GeneratedSyscalls | undefined {
  const dir = `arch/${arch}/kernel/syscalls`;
  const mk = read(root, `${dir}/Makefile`);
  if (mk === undefined) return undefined;
  const tbl = /^\s*syscall\s*:=\s*(?:\$\(srctree\)\/)?\$\(src\)\/(\S+)\s*$/m.exec(mk);
  // 7.3 powerpc: `cmd_syshdr = … --emit-nr --abis $(abis) $< $@` with a target-specific
  // `$(uapi)/unistd_64.h: abis := common,nospu,64`.
  const perTarget = /^\s*\$\(uapi\)\/unistd_64\.h\s*:\s*abis\s*:=\s*([\w,]+)\s*$/m.exec(mk);
  if (tbl && perTarget && /cmd_syshdr\s*=.*\$\(syshdr\)\s+--emit-nr\s+--abis\s+\$\(abis\)\s/.test(mk) && /^\s*uapisyshdr-y\s*\+=.*\bunistd_64\.h\b/m.test(mk)) {
    return fromTable(root, `${dir}/${tbl[1]!}`, perTarget[1]!.split(',').filter(Boolean));
  }
  const script = scriptMakefile(root, dir, mk, tbl?.[1]);
  if (script) return script;
  const cmd = /cmd_syshdr\s*=.*\$\(syshdr\)\s+--emit-nr\s+--abis\s+([\w,]+)\$\*\s/.exec(mk);
  if (!tbl || !cmd || !/^\s*uapisyshdr-y\s*\+=\s*unistd_64\.h\s*$/m.test(mk) || !/\$\(uapi\)\/unistd_%\.h\s*:/.test(mk)) return undefined;
  const abis = [...cmd[1]!.split(',').filter(Boolean), '64'];
  return fromTable(root, `${dir}/${tbl[1]!}`, abis);
}

/**
 * The older s390 rules (6.1, 6.12): arch/s390/kernel/syscalls/Makefile runs its own shell script
 * (`systbl := $(src)/syscalltbl`) over syscall.tbl: `-H -a $(syshdr_abi_unistd_64)` writes
 * uapi unistd_64.h, one `#define __NR_<name> <nr>` per line whose ABI is one of those ABIs, and
 * `-N -a $(sysnr_abi_unistd_nr)` writes asm/unistd_nr.h, `#define NR_syscalls` as the largest
 * number of a line of those ABIs plus one. Both ABI lists are read from the Makefile.
 */
function scriptMakefile(root: string, dir: string, mk: string, table: string | undefined): GeneratedSyscalls | undefined {
  const hdr = /^\s*syshdr_abi_unistd_64\s*:=\s*([\w,]+)\s*$/m.exec(mk);
  const nr = /^\s*sysnr_abi_unistd_nr\s*:=\s*([\w,]+)\s*$/m.exec(mk);
  if (!table || !hdr || !/^\s*systbl\s*:=\s*\S*\$\(src\)\/syscalltbl\s*$/m.test(mk)) return undefined;
  if (!/filechk_syshdr\s*=.*'\$\(systbl\)'\s+-H\s+-a\s+\$\(syshdr_abi_\$\(basetarget\)\)/.test(mk) || !/^\s*\$\(uapi\)\/unistd_64\.h\s*:/m.test(mk)) return undefined;
  const h = fromTable(root, `${dir}/${table}`, hdr[1]!.split(',').filter(Boolean));
  if (!h) return undefined;
  const numbers = new Map(h.numbers);
  if (nr && /filechk_sysnr\s*=.*'\$\(systbl\)'\s+-N\s+-a\s+\$\(sysnr_abi_\$\(basetarget\)\)/.test(mk) && /^\s*\$\(kapi\)\/unistd_nr\.h\s*:/m.test(mk)) {
    const n = fromTable(root, `${dir}/${table}`, nr[1]!.split(',').filter(Boolean));
    if (n?.count !== undefined) numbers.set('NR_syscalls', Math.max(...n.numbers.values()) + 1);
  }
  return { numbers, table: h.table, abis: h.abis };
}
