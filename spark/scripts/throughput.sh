#!/usr/bin/env bash
# Steps per second and bytes exchanged per step of SparkTrainJob in local mode with 1 and 2 executor threads, against
# 'tensorforge train' with the same options on one machine, in the same sitting. Run from the repository root after
# 'mvn install -DskipTests'. The job runs as spark-submit runs it: its master in a system property, its main class.
#   spark/scripts/throughput.sh [epochs]
set -euo pipefail
EPOCHS="${1:-3}"
OUT="$(mktemp -d)"
CP="$(mvn -q -o -pl spark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
JAVA_FLAGS=(--add-modules=jdk.incubator.vector --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
    -Dlog4j2.configurationFile=spark/src/test/resources/log4j2.properties)
D=../shared/data/sentiment-goemotions-3class
declare -A ARGS=(
    [digits-mlp]="--data data/digits-8x8/digits.csv.gz --label label --model mlp"
    [sentiment-bow]="--data $D/train.csv --label label --text text --model bow"
)
grep -m1 'model name' /proc/cpuinfo; grep -o 'avx512f\|avx2' /proc/cpuinfo | sort -u | tr '\n' ' '; echo; java -version 2>&1 | head -1
for name in digits-mlp sentiment-bow; do
    echo "== $name, $EPOCHS epochs"
    ./tensorforge train ${ARGS[$name]} --epochs "$EPOCHS" --quiet --out "$OUT/$name-local" | grep -E '^trained'
    for threads in 1 2; do
        java "${JAVA_FLAGS[@]}" -Dspark.master="local[$threads]" -Dspark.ui.enabled=false \
            -Dspark.driver.host=127.0.0.1 -Dspark.tensorforge.partitions="$threads" \
            -cp "spark/target/classes:$CP" io.github.tensorforge.spark.SparkTrainJob \
            ${ARGS[$name]} --epochs "$EPOCHS" --quiet --out "$OUT/$name-spark$threads" | grep -E '^(spark|trained)'
    done
done
rm -rf "$OUT"
