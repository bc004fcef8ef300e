#!/usr/bin/env bash
# Prints the median wall time of N cold runs (a new JVM each) of short mlflowctl commands, started with a plain
# `java -jar` and with the repository's launcher (start-up flags and the class-data archive), as a Markdown table.
# Usage: operator/bench/cli-startup.sh [N]   (from anywhere; N defaults to 21; builds the jar first if needed)
set -euo pipefail
shopt -s inherit_errexit
runs="${1:-21}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
jar=operator/target/mlflowctl.jar
archive=operator/target/mlflowctl.jsa
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export MLFLOWCTL_HOME="$home"
unset MLFLOWCTL_JAVA_OPTS MLFLOWCTL_JAVA

load="$(cut -d' ' -f1-3 /proc/loadavg)"
./mlflowctl version > /dev/null  # builds the jar when it is missing or stale
commands=(
  "version"
  "validate -f manifests/examples/railway-basic.yaml"
  "render -f manifests/examples/kubernetes-basic.yaml"
  "status"
)

# Milliseconds of one run of "$@", its output discarded; a failing run stops the benchmark.
millis() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

# The median of $runs runs of "$@".
median() {
  local times=() i
  for (( i = 0; i < runs; i++ )); do times+=("$(millis "$@")"); done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

# The first short run after a build makes the archive; time it once, with render.
rm -f "$archive"
first=$(millis ./mlflowctl render -f manifests/examples/kubernetes-basic.yaml)

echo "| command | java -jar, median ms | ./mlflowctl, median ms |"
echo "|---|---|---|"
for command in "${commands[@]}"; do
  read -r -a args <<< "$command"
  before=$(median java -jar "$jar" "${args[@]}")
  after=$(median ./mlflowctl "${args[@]}")
  echo "| \`$command\` | $before | $after |"
done
kubectl=n/a
if command -v kubectl > /dev/null; then kubectl=$(median kubectl version --client); fi
echo
echo "$runs runs each; the launcher's first run after a build (render, which makes the archive): $first ms;"
echo "for comparison, kubectl version --client: $kubectl ms. $(nproc) cores, $(java -version 2>&1 | head -1);"
echo "load average at the start: $load."
