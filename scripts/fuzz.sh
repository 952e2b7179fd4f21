#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ (docs/fuzzing.md) under ASan and UBSan.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/fuzz.sh [-no-build] [-work=DIR] [-rss-limit-mb=N] [-timeout=S] TARGET|all SECONDS

Runs one fuzz target (or each in turn, with `all`) for SECONDS, starting from a work corpus
made of the target's hand seeds (fuzz/seeds/TARGET) and the repository's own test files; the
work corpus is never written into the repository. At the end it prints the figures (executions,
executions per second, coverage, corpus size). Exits 1 when the target crashed, leaked, timed
out on an input or broke an invariant, and names the reproducer.

  -no-build         do not build: fail if the fuzz build (build/fuzz) is missing (CI uses this)
  -work=DIR         keep the work corpus, logs and reproducers in DIR (default: a temporary
                    directory, removed after a clean run)
  -rss-limit-mb=N   memory limit per run (default 2048)
  -timeout=S        seconds one input may take before it counts as a hang (default 10; raise
                    it for long runs beside other work, where a starved process can pass 10 s)
  -help             this text

Targets: hcl_native hcl_json hcl_template fmt state msgpack plan_file http1_response signature

Reproduce a crash:  build/fuzz/fuzz/TARGET_fuzzer REPRODUCER
Long runs:          nice -n 10 scripts/fuzz.sh -work=/tmp/fz hcl_native 3600
EOF
}

targets_all=(hcl_native hcl_json hcl_template fmt state msgpack plan_file http1_response signature)
build=1
work=""
rss=2048
timeout=10
args=()
for a in "$@"; do
  case "$a" in
    -help | --help | -h) usage; exit 0 ;;
    -no-build) build=0 ;;
    -work=*) work="${a#-work=}" ;;
    -rss-limit-mb=*) rss="${a#-rss-limit-mb=}" ;;
    -timeout=*) timeout="${a#-timeout=}" ;;
    -*) echo "fuzz.sh: unknown flag $a (see -help)" >&2; exit 2 ;;
    *) args+=("$a") ;;
  esac
done
if [ "${#args[@]}" -ne 2 ]; then usage >&2; exit 2; fi
target="${args[0]}"
seconds="${args[1]}"
case "$seconds" in '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a number" >&2; exit 2 ;; esac
if [ "$target" = all ]; then
  targets=("${targets_all[@]}")
else
  case " ${targets_all[*]} " in
    *" $target "*) targets=("$target") ;;
    *) echo "fuzz.sh: unknown target $target (targets: ${targets_all[*]})" >&2; exit 2 ;;
  esac
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
bindir="$root/build/fuzz/fuzz"
if [ "$build" = 1 ]; then
  (cd "$root" && cmake --preset fuzz >/dev/null && cmake --build --preset fuzz)
fi
for t in "${targets[@]}"; do
  if [ ! -x "$bindir/${t}_fuzzer" ]; then
    echo "fuzz.sh: $bindir/${t}_fuzzer is missing: the fuzz build was not made" \
      "(scripts/build.sh fuzz, or run without -no-build)" >&2
    exit 2
  fi
done

keep_work=1
if [ -z "$work" ]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/fgform-fuzz.XXXXXX")"
  keep_work=0
fi
mkdir -p "$work"

# Copies files (found by the arguments to find, relative to the repository) into corpus dir $1.
seed_from() {
  local dest="$1"
  shift
  (cd "$root" && find "$@" -type f -size -64k -print 2>/dev/null) | while IFS= read -r f; do
    f="${f#./}"
    cp "$root/$f" "$dest/$(echo "$f" | tr '/' '_')"
  done
}

# The ```hcl blocks of the documentation, one file each.
seed_docs_hcl() {
  local dest="$1"
  while IFS= read -r md; do
    awk -v out="$dest/doc_$(basename "$md" .md)_" '
      /^```(hcl|terraform)/ { inblock = 1; n++; next }
      /^```/ { inblock = 0; next }
      inblock { print > (out n ".tf") }' "$md"
  done < <(find "$root/docs" "$root/examples" -name '*.md' 2>/dev/null)
}

make_corpus() {
  local t="$1" dest="$2"
  mkdir -p "$dest"
  for f in "$root/fuzz/seeds/$t"/*; do
    [ -f "$f" ] || continue
    case "$f" in
      *.gz) gunzip -c "$f" >"$dest/$(basename "$f" .gz)" ;;
      *) cp "$f" "$dest/" ;;
    esac
  done
  case "$t" in
    hcl_native | fmt | hcl_template)
      # Not the state files a local run of an example leaves beside it: the corpus is the
      # repository's, the same on every machine.
      seed_from "$dest" tests/engine/hcl/corpus tests/engine/fmt/corpus examples \
        -name '*.tf*' ! -name '*.tfstate*'
      seed_docs_hcl "$dest"
      ;;
    hcl_json)
      seed_from "$dest" tests/engine -name '*.json'
      seed_from "$dest" . \( -path ./build -o -path ./.git \) -prune -o -name '*.tf.json'
      ;;
    state | plan_file)
      seed_from "$dest" tests/engine/state/data -name '*.tfstate'
      ;;
  esac
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_stack_use_after_return=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
summary=()
for t in "${targets[@]}"; do
  corpus="$work/$t/corpus"
  artifacts="$work/$t/artifacts"
  log="$work/$t/fuzz.log"
  rm -rf "$artifacts"
  mkdir -p "$artifacts"
  [ -d "$corpus" ] || make_corpus "$t" "$corpus"
  seeds=$(find "$corpus" -type f | wc -l)
  echo "fuzz: $t for ${seconds}s from $seeds seeds (work: $work/$t)"
  rc=0
  started=$SECONDS
  "$bindir/${t}_fuzzer" -max_total_time="$seconds" -rss_limit_mb="$rss" -timeout="$timeout" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || rc=$?
  elapsed=$((SECONDS - started))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  files=$(find "$corpus" -type f | wc -l)
  bytes=$(du -sb "$corpus" | cut -f1)
  line="$t: ${elapsed}s, ${execs:-?} execs, ${rate:-?} exec/s, ${cov:-cov: ?}, corpus $files files ($bytes bytes)"
  if [ "$rc" -ne 0 ]; then
    reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    [ -n "$reproducer" ] || reproducer=$(find "$artifacts" -type f | head -1)
    echo "fuzz: $t FAILED (exit $rc); reproducer: ${reproducer:-none written}; log: $log" >&2
    grep -E 'ERROR:|runtime error|invariant broken|SUMMARY|#[0-9]+ 0x' "$log" | head -30 >&2 || true
    line="$line -- FAILED, reproducer ${reproducer:-none}"
    failed=1
  fi
  echo "fuzz: $line"
  summary+=("$line")
done

if [ "${#targets[@]}" -gt 1 ]; then
  echo "fuzz: summary"
  printf '  %s\n' "${summary[@]}"
fi
if [ "$failed" = 0 ] && [ "$keep_work" = 0 ]; then rm -rf "$work"; fi
exit "$failed"
