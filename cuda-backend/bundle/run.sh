#!/bin/sh
# Runs the TensorForge CUDA tests (and the benchmarks when the bundle has them) with the bundled Java runtime and
# writes everything into one folder.
#
# Usage: ./run.sh [results-dir]      (default: ./results-<UTC timestamp>)
# Environment:
#   TENSORFORGE_CUDA_DEVICE   device index (after CUDA_VISIBLE_DEVICES), default 0
#   SKIP_BENCH=1              tests only
#   BENCH_ARGS                JMH arguments (default: every benchmark; e.g. BENCH_ARGS="Gemm -p backend=cuda")
# Exit status: non-zero when a test failed. Tests skipped for want of a device show as "aborted" (JUnit assumptions),
# with the reason in tests-*.txt.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$HERE/results-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
JAVA="$HERE/runtime/bin/java"
# The console launcher does not expand "dir/*", so list the jars (none of the bundled paths contain spaces).
CP=""
for j in "$HERE"/lib/*.jar "$HERE"/test/*.jar; do
  case "$j" in *junit-platform-console-standalone*) continue ;; esac
  CP="${CP:+$CP:}$j"
done
LAUNCHER="$HERE/test/junit-platform-console-standalone.jar"
JVM_FLAGS="-Xss4m --add-modules jdk.incubator.vector"

{
  echo "date: $(date -u)"
  echo "host: $(uname -a)"
  cat "$HERE/VERSION.txt" 2>/dev/null
} > "$OUT/environment.txt"
(nvidia-smi || echo "nvidia-smi not available") > "$OUT/nvidia-smi.txt" 2>&1

run_tests() {   # name, extra JVM flags, selectors...
  name="$1"; flags="$2"; shift 2
  echo "== tests: $name"
  # shellcheck disable=SC2086
  "$JAVA" $JVM_FLAGS $flags -jar "$LAUNCHER" execute --disable-banner --details=tree \
      --class-path "$CP" --reports-dir "$OUT/junit-$name" "$@" > "$OUT/tests-$name.txt" 2>&1
  rc=$?
  grep -E "tests (found|successful|aborted|failed)|SKIPPED|running on" "$OUT/tests-$name.txt"
  return $rc
}

status=0
TESTS_JAR="$(ls "$HERE"/test/tensorforge-cuda-backend-*-tests.jar)"
run_tests all-fp32 "" --scan-class-path "$TESTS_JAR" || status=1
run_tests tf32 "-Dtensorforge.cuda.math=tf32" --select-class io.github.tensorforge.cuda.CudaMatmulTest \
    --select-class io.github.tensorforge.cuda.CudaFusedTest || status=1
run_tests bf16 "-Dtensorforge.cuda.math=bf16" --select-class io.github.tensorforge.cuda.CudaMatmulTest \
    --select-class io.github.tensorforge.cuda.CudaFusedTest || status=1
run_tests own-gemm "-Dtensorforge.cuda.gemm=own" --select-class io.github.tensorforge.cuda.CudaMatmulTest \
    --select-class io.github.tensorforge.cuda.CudaFusedTest || status=1

if [ -f "$HERE/benchmarks/benchmarks.jar" ] && [ "${SKIP_BENCH:-0}" != 1 ]; then
  echo "== benchmarks (JMH) -> $OUT/jmh.json"
  # shellcheck disable=SC2086
  "$JAVA" $JVM_FLAGS -jar "$HERE/benchmarks/benchmarks.jar" -jvmArgsAppend "--add-modules jdk.incubator.vector" \
      -rf json -rff "$OUT/jmh.json" ${BENCH_ARGS:-} > "$OUT/benchmarks.txt" 2>&1 || status=1
  tail -n 40 "$OUT/benchmarks.txt"
fi

echo "results in $OUT (exit status $status)"
exit $status
