#!/usr/bin/env bash
# Fetch the Linux kernel source files kentry reads, from Debian's linux-source packages, into an
# ignored cache. Kernel source is never committed to the repository: it lives only here.
#
#   bash scripts/fetch-kernels.sh            # → .cache/kernels/linux-6.1/, .cache/kernels/linux-6.12/
#   KENTRY_CACHE=/some/dir bash scripts/...  # → /some/dir/kernels/...
#   KENTRY_LINUX_6_1_VERSION=6.1.192-2 ...   # pin an exact Debian version (default: apt's candidate)
#
# Only the members entry code needs are extracted (the members list below is by path pattern, the
# same for every tree; which file defines what is decided later by src/tree/discover.ts). The .deb
# is deleted after extraction and the inner tarball is never written to disk (it is streamed).
# Idempotent: a tree whose stamp matches this script's member list is left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${KENTRY_CACHE:-$ROOT/.cache}"
DEST="$CACHE/kernels"
VERSIONS=(${KENTRY_KERNELS:-6.1 6.12})

# Path patterns inside the kernel tree (tar --wildcards; `*` does not cross `/`). Every pattern must
# match in every tree fetched, so optional files are folded into a pattern with a sibling that
# always exists (e.g. `*entry-common.h` covers irq-entry-common.h in trees that have it).
MEMBERS=(
  'kernel/entry/*'
  'kernel/softirq.c'
  'kernel/context_tracking.c'
  'kernel/sched/core.c'
  'include/linux/*entry-common.h'
  'include/linux/instrumentation.h'
  'include/linux/context_tracking*.h'
  'include/linux/hardirq.h'
  'include/linux/irqflags*.h'
  'include/linux/preempt.h'
  'include/linux/lockdep.h'
  'include/linux/tick.h'
  'include/linux/vtime.h'
  'include/linux/kmsan.h'
  'include/linux/ftrace_irq.h'
  'include/linux/rcupdate.h'
  'include/linux/rcutree.h'
  'include/linux/static_call.h'
  'include/linux/static_call_types.h'
  'include/linux/jump_label.h'
  'include/linux/sched.h'
  'include/asm-generic/preempt.h'
  'arch/x86/include/asm/entry-common.h'
  'arch/x86/include/asm/irq_stack.h'
  'arch/x86/include/asm/idtentry.h'
  'arch/x86/include/asm/irqflags.h'
  'arch/x86/include/asm/preempt.h'
  'arch/x86/include/asm/ptrace.h'
  'arch/x86/include/asm/thread_info.h'
  'arch/x86/include/asm/hardirq.h'
  'arch/x86/entry/*.c'
  'arch/x86/xen/*.c'
  'arch/x86/xen/*.h'
  'arch/x86/Kconfig'
  'kernel/Kconfig.preempt'
)
# Files that must exist after extraction (sanity check of the member list).
REQUIRED=(kernel/entry/common.c include/linux/entry-common.h arch/x86/include/asm/entry-common.h
          kernel/softirq.c arch/x86/entry/common.c)

STAMP_KEY="$(printf '%s\n' "${MEMBERS[@]}" | sha256sum | cut -c1-16)"

die() { echo "fetch-kernels: $*" >&2; exit 1; }
command -v apt-get >/dev/null || die "apt-get not found (Debian/Ubuntu needed to fetch linux-source packages)"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found"

updated=0
ensure_candidate() { # $1 = package name
  local cand
  cand="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [[ -z "$cand" || "$cand" == "(none)" ]]; then
    if [[ $updated == 0 ]]; then
      echo "fetch-kernels: no candidate for $1, running apt-get update" >&2
      if [[ $(id -u) == 0 ]]; then apt-get update -qq >&2; else sudo apt-get update -qq >&2; fi
      updated=1
      cand="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    fi
  fi
  [[ -n "$cand" && "$cand" != "(none)" ]] || die "package $1 has no install candidate (is bookworm(-security) in the apt sources?)"
  echo "$cand"
}

fetch_one() { # $1 = series (6.1, 6.12)
  local v="$1" pkg="linux-source-$1" out="$DEST/linux-$1"
  local stamp="$out/.kentry-stamp"
  if [[ -f "$stamp" ]] && grep -qx "members=$STAMP_KEY" "$stamp"; then
    echo "linux-$v: cached $(sed -n 's/^debian=//p' "$stamp") ($(sed -n 's/^files=//p' "$stamp") files) in $out"
    return 0
  fi
  local pin_var="KENTRY_LINUX_${v//./_}_VERSION" want
  want="${!pin_var:-}"
  [[ -n "$want" ]] || want="$(ensure_candidate "$pkg")"
  local t0=$SECONDS work
  mkdir -p "$DEST"
  work="$(mktemp -d "$DEST/.fetch-$v.XXXXXX")"
  chmod 777 "$work" # apt-get download (as root) drops privileges to _apt, which writes here
  trap 'rm -rf "$work"' EXIT # fetch_one runs in its own subshell
  (cd "$work" && apt-get download -qq "$pkg=$want" >/dev/null 2>"$work/apt.err") ||
    { cat "$work/apt.err" >&2; die "apt-get download $pkg=$want failed"; }
  local deb
  deb="$(ls "$work"/*.deb)"
  local pats=() m
  for m in "${MEMBERS[@]}"; do pats+=("$pkg/$m"); done
  mkdir -p "$work/tree"
  # .deb → inner tarball (streamed, never written) → only the listed members.
  dpkg-deb --fsys-tarfile "$deb" |
    tar -xO "./usr/src/$pkg.tar.xz" |
    xz -dc |
    tar -x -C "$work/tree" --strip-components=1 --wildcards --no-wildcards-match-slash --no-same-owner "${pats[@]}" ||
    die "extracting $pkg failed (a member pattern may not match this tree)"
  rm -f "$deb"
  for m in "${REQUIRED[@]}"; do [[ -f "$work/tree/$m" ]] || die "$pkg: $m missing after extraction"; done
  local nfiles
  nfiles="$(find "$work/tree" -type f | wc -l)"
  printf 'members=%s\ndebian=%s\npackage=%s\nfiles=%s\n' "$STAMP_KEY" "$want" "$pkg" "$nfiles" >"$work/tree/.kentry-stamp"
  rm -rf "$out"
  mv "$work/tree" "$out"
  echo "linux-$v: fetched $pkg $want ($nfiles files) in $((SECONDS - t0))s → $out"
}

# Resolve candidates (and run apt-get update at most once) before fetching in parallel.
for v in "${VERSIONS[@]}"; do
  out="$DEST/linux-$v"
  if ! { [[ -f "$out/.kentry-stamp" ]] && grep -qx "members=$STAMP_KEY" "$out/.kentry-stamp"; }; then
    pin_var="KENTRY_LINUX_${v//./_}_VERSION"
    [[ -n "${!pin_var:-}" ]] || ensure_candidate "linux-source-$v" >/dev/null
  fi
done

pids=()
for v in "${VERSIONS[@]}"; do
  fetch_one "$v" &
  pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit $rc
