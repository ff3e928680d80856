#!/usr/bin/env bash
# Runs clang-tidy (the naming rules of .clang-tidy) over every source file
# under src/ in BUILD_DIR's compile_commands.json. Exit status 0 when clean.
#
# clang-tidy 19 is needed: clang before 16 cannot compile libstdc++ 12's
# <expected>, which every layer uses. GCC's flags that clang does not know
# are dropped with --extra-arg.
set -euo pipefail
build_dir=${1:-build/dev}
tidy=${CLANG_TIDY:-clang-tidy-19}
cd "$(dirname "$0")/.."
if [ ! -f "$build_dir/compile_commands.json" ]; then
  echo "lint: no $build_dir/compile_commands.json: run cmake --preset dev first" >&2
  exit 2
fi
mapfile -t files < <(python3 - "$build_dir/compile_commands.json" <<'PY'
import json, os, sys
root = os.getcwd() + "/src/"
for entry in json.load(open(sys.argv[1])):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    if path.startswith(root) and path.endswith(".cc"):
        print(path)
PY
)
echo "lint: $tidy over ${#files[@]} files"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 4 "$tidy" -p "$build_dir" --quiet \
    --extra-arg=-Wno-unknown-warning-option --extra-arg=-Wno-deprecated-declarations \
    >"$log" 2>&1 || status=$?
grep -E '^/.*(warning|error):' "$log" | sort -u || true
if [ "$status" -ne 0 ]; then
  echo "lint: clang-tidy found problems (above)" >&2
  exit 1
fi
echo "lint: clean"
