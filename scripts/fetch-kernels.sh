#!/usr/bin/env bash
# Fetch whole Linux kernel trees from Debian's linux-source packages into an ignored cache.
# Kernel source is never committed to the repository: it lives only here.
#
#   bash scripts/fetch-kernels.sh                 # all five series → .cache/kernels/linux-<series>/
#   KENTRY_KERNELS="6.1 7.3" bash scripts/...     # only these series
#   KENTRY_CACHE=/some/dir bash scripts/...       # → /some/dir/kernels/...
#   KENTRY_LINUX_7_3_VERSION=7.3.4-1~bpo13+1 ...  # override one pin
#   bash scripts/fetch-kernels.sh --check         # exit 0 iff every tree is cached (fetches nothing)
#
# The machine's apt sources are never touched: this script builds its own apt configuration and
# package lists under $CACHE/apt from the mirror URIs the machine is already configured with, and
# adds the suites each series lives in. Every series is pinned to the Debian version whose findings
# docs/findings.md judges; when Debian no longer serves that version, the newest of the series is
# fetched instead, with a warning (the exact finding sets in test/kernel.test.ts may then differ).
#
# Trees are extracted whole (the full linux-source tarball), as a user would unpack one, so tree
# discovery is exercised on 1.8 GB of tree. The .deb is deleted after extraction. Idempotent: a
# tree whose stamp names the wanted version is left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${KENTRY_CACHE:-$ROOT/.cache}"
DEST="$CACHE/kernels"
APT="$CACHE/apt"
SERIES=(${KENTRY_KERNELS:-5.10 6.1 6.12 7.2 7.3})

# series → (suite, which archive serves it, pinned Debian version judged in docs/findings.md)
declare -A SUITE=([5.10]=bullseye-security [6.1]=bookworm-security [6.12]=trixie [7.2]=trixie-backports [7.3]=trixie-backports)
declare -A ARCHIVE=([5.10]=security [6.1]=security [6.12]=main [7.2]=main [7.3]=main)
declare -A PIN=([5.10]=5.10.262-1 [6.1]=6.1.192-3 [6.12]=6.12.117-1 [7.2]=7.2.12-1~bpo13+1 [7.3]=7.3.4-1~bpo13+1)
# Files every generic-entry tree has; their absence means the extraction went wrong.
REQUIRED=(kernel/entry/common.c include/linux/preempt.h kernel/Kconfig.preempt arch/x86/Kconfig)

CHECK_ONLY=0
[[ "${1:-}" == --check ]] && CHECK_ONLY=1

die() { echo "fetch-kernels: $*" >&2; exit 1; }
warn() { echo "fetch-kernels: warning: $*" >&2; }
if (( ! CHECK_ONLY )); then
  command -v apt-get >/dev/null || die "apt-get not found (Debian/Ubuntu needed to fetch linux-source packages)"
  command -v dpkg-deb >/dev/null || die "dpkg-deb not found"
  command -v xz >/dev/null || die "xz not found (apt-get install xz-utils)"
fi

for s in "${SERIES[@]}"; do [[ -n "${SUITE[$s]:-}" ]] || die "unknown series '$s' (known: ${!SUITE[*]})"; done

pin_of() { local v="KENTRY_LINUX_${1//./_}_VERSION"; echo "${!v:-${PIN[$1]}}"; }

tree_ok() { # $1 series: cached with the wanted version?
  local stamp="$DEST/linux-$1/.kentry-stamp"
  [[ -f "$stamp" ]] && grep -qx "whole=1" "$stamp" && grep -qx "debian=$(pin_of "$1")" "$stamp"
}

# ─── the mirror URIs this machine already uses (deb822 .sources and one-line sources.list) ───
mirror_uris() {
  { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk 'tolower($1)=="uris:" {for (i=2;i<=NF;i++) print $i}'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1=="deb" {for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; break}}'
  } | sed 's:/*$::' | awk '!seen[$0]++'
}

setup_apt() {
  local main="" sec="" u
  while read -r u; do
    [[ -z "$u" ]] && continue
    if [[ "$u" == *-security* ]]; then [[ -n "$sec" ]] || sec="$u"; else [[ -n "$main" ]] || main="$u"; fi
  done < <(mirror_uris)
  [[ -n "$main" ]] || die "no Debian mirror found in this machine's apt sources"
  [[ -n "$sec" ]] || die "no Debian security mirror found in this machine's apt sources"
  mkdir -p "$APT/etc/sources.list.d" "$APT/etc/preferences.d" "$APT/lists/partial" "$APT/archives/partial" "$APT/state"
  touch "$APT/state/status"
  local key=/usr/share/keyrings/debian-archive-keyring.gpg list="$APT/etc/sources.list" s
  : >"$list"
  declare -A done_suite=()
  for s in "${SERIES[@]}"; do
    local suite="${SUITE[$s]}"
    [[ -n "${done_suite[$suite]:-}" ]] && continue
    done_suite[$suite]=1
    if [[ "${ARCHIVE[$s]}" == security ]]; then echo "deb [signed-by=$key] $sec $suite main" >>"$list"
    else echo "deb [signed-by=$key] $main $suite main" >>"$list"; fi
  done
}

APT_OPTS=()
apt_opts() {
  APT_OPTS=(-o "Dir::Etc=$APT/etc" -o "Dir::Etc::sourcelist=$APT/etc/sources.list"
    -o "Dir::Etc::sourceparts=$APT/etc/sources.list.d" -o "Dir::Etc::preferencesparts=$APT/etc/preferences.d"
    -o "Dir::State=$APT/state" -o "Dir::State::Lists=$APT/lists" -o "Dir::State::status=$APT/state/status"
    -o "Dir::Cache=$APT" -o "Dir::Cache::archives=$APT/archives" -o "Acquire::Languages=none"
    -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1")
}

resolve_version() { # $1 series → the version to fetch (pin, or newest with a warning)
  local s="$1" pin avail
  pin="$(pin_of "$s")"
  avail="$(apt-cache "${APT_OPTS[@]}" madison "linux-source-$s" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}')"
  [[ -n "$avail" ]] || die "linux-source-$s: not served by the suite ${SUITE[$s]}"
  if grep -qxF "$pin" <<<"$avail"; then echo "$pin"; return; fi
  local newest
  newest="$(sort -V <<<"$avail" | tail -1)"
  warn "linux-source-$s $pin is no longer served; fetching the newest, $newest (findings were judged on $pin)"
  echo "$newest"
}

fetch_one() { # $1 series $2 version
  local s="$1" want="$2" pkg="linux-source-$1" out="$DEST/linux-$1" t0=$SECONDS work
  mkdir -p "$DEST"
  work="$(mktemp -d "$DEST/.fetch-$s.XXXXXX")"
  trap 'rm -rf "$work"' EXIT # fetch_one runs in its own subshell
  (cd "$work" && apt-get "${APT_OPTS[@]}" download -qq "$pkg=$want" >/dev/null 2>"$work/apt.err") ||
    { cat "$work/apt.err" >&2; die "apt-get download $pkg=$want failed"; }
  local deb
  deb="$(ls "$work"/*.deb)"
  mkdir -p "$work/tree"
  # .deb → inner tarball (streamed, never written) → the whole tree.
  dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" | xz -dc |
    tar -x -C "$work/tree" --strip-components=1 --no-same-owner || die "extracting $pkg failed"
  rm -f "$deb"
  local m
  for m in "${REQUIRED[@]}"; do [[ -f "$work/tree/$m" ]] || die "$pkg: $m missing after extraction"; done
  printf 'whole=1\ndebian=%s\npinned=%s\npackage=%s\n' "$want" "$(pin_of "$s")" "$pkg" >"$work/tree/.kentry-stamp"
  rm -rf "$out"
  mv "$work/tree" "$out"
  echo "linux-$s: fetched $pkg $want (whole tree) in $((SECONDS - t0))s → $out"
}

todo=()
for s in "${SERIES[@]}"; do
  if tree_ok "$s"; then echo "linux-$s: cached $(sed -n 's/^debian=//p' "$DEST/linux-$s/.kentry-stamp") in $DEST/linux-$s"
  else todo+=("$s"); fi
done
[[ ${#todo[@]} -gt 0 ]] || exit 0
if (( CHECK_ONLY )); then echo "fetch-kernels: not cached: ${todo[*]}" >&2; exit 1; fi

setup_apt
apt_opts
apt-get "${APT_OPTS[@]}" update -qq >/dev/null 2>"$APT/update.err" || { cat "$APT/update.err" >&2; die "apt-get update (own lists under $APT) failed"; }

declare -A VERSION=()
for s in "${todo[@]}"; do VERSION[$s]="$(resolve_version "$s")"; done

pids=()
for s in "${todo[@]}"; do
  fetch_one "$s" "${VERSION[$s]}" &
  pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit $rc
