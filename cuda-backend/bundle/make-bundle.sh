#!/usr/bin/env bash
# Builds a self-contained tar.gz for a GPU host that has an NVIDIA driver but no JDK and no Maven:
#   runtime/   a jlink'ed Java runtime (with jdk.incubator.vector)
#   lib/       the project jars (core, cuda-backend) and their runtime dependencies (JCuda, JCublas + natives, SLF4J)
#   test/      the cuda-backend test classes, the JUnit console launcher and slf4j-simple
#   benchmarks/benchmarks.jar   when benchmarks/target/benchmarks.jar exists (build it first to include it)
#   run.sh     runs the CUDA tests (fp32, then the GEMM/fused tests in tf32 and bf16) and the benchmarks, writing
#              everything into one results folder
#
# Usage: cuda-backend/bundle/make-bundle.sh [output-dir]    (default: cuda-backend/target/bundle)
# Needs: bash, Maven, a JDK (17+), python3, tar. Environment: JAVA_HOME (the JDK whose jlink builds the runtime; default: the one `java` runs), MVN_OFFLINE=1 to add -o.
set -euo pipefail

MODULE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$MODULE_DIR/.." && pwd)"
OUT_DIR="${1:-$MODULE_DIR/target/bundle}"
NAME=tensorforge-cuda-bundle
STAGE="$OUT_DIR/$NAME"
MAX_MB=60

if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
JLINK="$JAVA_HOME/bin/jlink"
[[ -x "$JLINK" ]] || { echo "make-bundle: no jlink in $JAVA_HOME (set JAVA_HOME to a JDK)" >&2; exit 1; }

MVN=(mvn -q -B)
[[ "${MVN_OFFLINE:-0}" == 1 ]] && MVN+=(-o)
LOCK=/tmp/tf-mvn.lock
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

# The JUnit console launcher that matches the JUnit BOM of the root pom (JUnit 5.x.y ships platform 1.x.y).
JUNIT_VERSION="$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
[[ -n "$JUNIT_VERSION" ]] || { echo "make-bundle: junit.version not found in $ROOT/pom.xml" >&2; exit 1; }
if [[ "$JUNIT_VERSION" == 5.* ]]; then PLATFORM_VERSION="1.${JUNIT_VERSION#5.}"; else PLATFORM_VERSION="$JUNIT_VERSION"; fi
SLF4J_VERSION="$(sed -n 's:.*<slf4j.version>\(.*\)</slf4j.version>.*:\1:p' "$ROOT/pom.xml" | head -1)"

rm -rf "$STAGE" "$OUT_DIR/$NAME.tar.gz"
mkdir -p "$STAGE/lib" "$STAGE/test" "$STAGE/benchmarks"

echo "make-bundle: building core and cuda-backend (jars, test jar, runtime dependencies)"
(cd "$ROOT" && flock "$LOCK" "${MVN[@]}" -pl cuda-backend -am -DskipTests package \
    "$DEP_PLUGIN:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$STAGE/lib")
(cd "$ROOT" && flock "$LOCK" "${MVN[@]}" "$DEP_PLUGIN:copy" \
    -Dartifact="org.junit.platform:junit-platform-console-standalone:$PLATFORM_VERSION" \
    -DoutputDirectory="$STAGE/test" -Dmdep.stripVersion=true)
(cd "$ROOT" && flock "$LOCK" "${MVN[@]}" "$DEP_PLUGIN:copy" \
    -Dartifact="org.slf4j:slf4j-simple:$SLF4J_VERSION" -DoutputDirectory="$STAGE/test")

cp "$ROOT"/core/target/tensorforge-core-*[0-9T].jar "$STAGE/lib/" 2>/dev/null || cp "$ROOT"/core/target/tensorforge-core-*-SNAPSHOT.jar "$STAGE/lib/"
cp "$MODULE_DIR"/target/tensorforge-cuda-backend-*-SNAPSHOT.jar "$STAGE/lib/"
cp "$MODULE_DIR"/target/tensorforge-cuda-backend-*-tests.jar "$STAGE/test/"
rm -f "$STAGE"/lib/*-tests.jar "$STAGE"/lib/slf4j-nop-*.jar

# JCuda's natives also carry libJNvPTXCompiler (24 MB), which this backend never loads: drop it from every jar
# (python's zipfile keeps each jar's manifest and other entries as they are).
strip_ptx_compiler() {
  python3 - "$1" <<'PY'
import os, sys, zipfile
path = sys.argv[1]
tmp = path + ".tmp"
with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        if "JNvPTXCompiler" not in item.filename:
            dst.writestr(item, src.read(item.filename))
os.replace(tmp, path)
PY
}
for j in "$STAGE"/lib/jcuda-natives-*.jar; do if [[ -f "$j" ]]; then strip_ptx_compiler "$j"; fi; done

if [[ -f "$ROOT/benchmarks/target/benchmarks.jar" ]]; then
  cp "$ROOT/benchmarks/target/benchmarks.jar" "$STAGE/benchmarks/"
  strip_ptx_compiler "$STAGE/benchmarks/benchmarks.jar"
  echo "make-bundle: included benchmarks/target/benchmarks.jar"
else
  echo "make-bundle: benchmarks/target/benchmarks.jar not found; the bundle runs tests only"
fi

echo "make-bundle: jlink runtime from $JAVA_HOME"
# jdk.zipfs: the JUnit launcher scans the tests jar through the "jar" file system provider.
MODULES=java.base,java.logging,java.management,java.xml,java.naming,jdk.incubator.vector,jdk.unsupported,jdk.management,jdk.zipfs
JVER="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')"
if [[ "${JVER%%.*}" -ge 21 ]]; then COMPRESS=--compress=zip-9; else COMPRESS=--compress=2; fi
"$JLINK" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages "$COMPRESS" --output "$STAGE/runtime"

cp "$MODULE_DIR/bundle/run.sh" "$STAGE/run.sh"
chmod +x "$STAGE/run.sh"
cat > "$STAGE/VERSION.txt" <<EOF
built: $(date -u +%Y-%m-%dT%H:%M:%SZ)
commit: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
java runtime: $("$STAGE/runtime/bin/java" -version 2>&1 | head -1)
junit platform: $PLATFORM_VERSION
kernels: $(ls "$MODULE_DIR"/target/classes/io/github/tensorforge/cuda/kernels/ | tr '\n' ' ')
EOF

tar -C "$OUT_DIR" -czf "$OUT_DIR/$NAME.tar.gz" "$NAME"
BYTES=$(stat -c %s "$OUT_DIR/$NAME.tar.gz")
MB=$(( (BYTES + 1048575) / 1048576 ))
echo "make-bundle: $OUT_DIR/$NAME.tar.gz is $BYTES bytes (${MB} MiB; limit ${MAX_MB} MiB)"
du -sh "$STAGE"/* | sed 's/^/  /'
if (( BYTES > MAX_MB * 1048576 )); then
  echo "make-bundle: bundle exceeds ${MAX_MB} MiB" >&2
  exit 1
fi
