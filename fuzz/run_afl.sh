#!/usr/bin/env bash
# Runs afl-fuzz on each harness in turn for FUZZ_SECONDS (`make fuzz` calls
# this after building build/fuzz). Usage:
#   fuzz/run_afl.sh BUILD_DIR SECONDS [TARGET...]   (default: every fuzz/corpus/*)
# Findings land in BUILD_DIR/findings/<target>/default/{crashes,hangs}/;
# prints, per target, executions, speed, coverage and findings, and exits 1
# when any target found a crash or a hang.
set -uo pipefail
build=$1
seconds=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in "$root"/fuzz/corpus/*/; do targets+=("$(basename "$d")"); done
fi

# Sanitizer reports must end in abort() for afl-fuzz to see them; leaks are
# not looked for in persistent mode (the driver reuses one process).
export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:symbolize=0
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_FAST_CAL=1

stat() { sed -n "s/^$1 *: *//p" "$2" 2>/dev/null | head -1; }

found_any=0
printf '%-24s %8s %12s %10s %10s %12s %8s %6s\n' target seconds executions exec/s edges map_density crashes hangs
for t in "${targets[@]}"; do
  exe=$build/fuzz/${t}_fuzz
  out=$build/findings/$t
  if [ ! -x "$exe" ]; then
    echo "$t: $exe is not built" >&2
    found_any=1
    continue
  fi
  case $t in
    json_*) dict=(-x "$root/fuzz/dict/json.dict") ;;
    *_csv) dict=(-x "$root/fuzz/dict/csv.dict") ;;
    *_toml) dict=(-x "$root/fuzz/dict/toml.dict") ;;
    *) dict=() ;;
  esac
  rm -rf "$out"
  mkdir -p "$out"
  afl-fuzz -V "$seconds" -m none -i "$root/fuzz/corpus/$t" -o "$out" "${dict[@]}" \
    -- "$exe" >"$out/afl.log" 2>&1
  rc=$?
  stats=$out/default/fuzzer_stats
  if [ $rc -ne 0 ] || [ ! -f "$stats" ]; then
    echo "$t: afl-fuzz failed (exit $rc); the last lines of $out/afl.log:" >&2
    tail -n 15 "$out/afl.log" >&2
    found_any=1
    continue
  fi
  crashes=$(stat saved_crashes "$stats"); crashes=${crashes:-$(stat unique_crashes "$stats")}
  hangs=$(stat saved_hangs "$stats"); hangs=${hangs:-$(stat unique_hangs "$stats")}
  printf '%-24s %8s %12s %10s %10s %12s %8s %6s\n' "$t" "$(stat run_time "$stats")" \
    "$(stat execs_done "$stats")" "$(stat execs_per_sec "$stats")" \
    "$(stat edges_found "$stats")/$(stat total_edges "$stats")" "$(stat bitmap_cvg "$stats")" \
    "${crashes:-?}" "${hangs:-?}"
  if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
    found_any=1
    ls "$out"/default/crashes/id:* "$out"/default/hangs/id:* 2>/dev/null | sed 's/^/  finding: /'
  fi
done
if [ $found_any -ne 0 ]; then
  echo "Findings above: copy each input to fuzz/crashes/<target>/, fix the parser, add a unit test." >&2
  exit 1
fi
