#!/usr/bin/env python3
"""Paired runs: the jar and a Python peer measured in alternation, compared round by round.

On a shared machine (a cloud VM whose second core comes and goes) one JMH run followed by one peer run can compare a
half-speed window with a full-speed one. This script runs the jar and peers.py in the same mode on the same cases,
alternately, for several rounds (the jar first in odd rounds, the peer first in even ones), and reports for
every case the median of the per-round ratios (ours / peer) with their range, next to each side's median score.

Interference on a shared machine only ever slows a side down, so the table also gives the ratio of each side's best
1-second iteration in the round (median over rounds): the least disturbed estimate of both speeds. The score ratio
stays the primary figure; a large gap between the two says the rounds were disturbed.

--split NAME=V1,V2 alternates case by case instead of suite by suite: within a round, each value runs on both sides
(--param NAME=V on the jar and on peers.py) before the next one starts, so the two sides of a case are measured
seconds apart rather than a whole suite apart. Repeatable: --split n=... --split shape=... runs the squares, then the
shapes.

    python3 benchmarks/scripts/paired.py --rounds 5 --include 'MatmulBench\\.(square|shape)$' --libs numpy --out DIR
    python3 benchmarks/scripts/paired.py --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ...   # another JDK
    python3 benchmarks/scripts/paired.py --rounds 5 --include ... --libs numpy --out DIR --summarize   # rounds in DIR
    python3 benchmarks/scripts/paired.py --mode full --rounds 3 --include 'MatmulBench\\.(square|shape)$' \\
        --split n=128,256,512,1024,2048 --split shape=128x784x512,128x512x256 --libs numpy --out DIR

Writes DIR/paired.json (every round's scores and the summary) and prints a Markdown table.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def case_key(result):
    """(short benchmark name, params other than the backend) of one JMH-shaped result."""
    params = {k: v for k, v in result.get("params", {}).items() if k != "backend"}
    name = ".".join(result["benchmark"].split(".")[-2:])
    return name + " " + " ".join("%s=%s" % kv for kv in sorted(params.items()))


def scores(path, backend_prefix):
    """case key -> (score, best iteration), for the results of one backend (prefix match: 'numpy' also takes
    'numpy-pip'). The best iteration is the highest of all forks' measured iterations (the score without any)."""
    out = {}
    with open(path) as f:
        for r in json.load(f):
            if r.get("params", {}).get("backend", "").startswith(backend_prefix):
                metric = r["primaryMetric"]
                iterations = [x for fork in metric.get("rawData", []) for x in fork]
                out[case_key(r)] = (metric["score"], max(iterations, default=metric["score"]))
    return out


def split_steps(specs):
    """--split NAME=V1,V2 arguments -> [(NAME, V)] in order; [(None, None)] (one step of everything) without any."""
    steps = []
    for spec in specs:
        name, _, rest = spec.partition("=")
        values = [v.strip() for v in rest.split(",") if v.strip()]
        if not name.strip() or not values:
            sys.exit("--split needs NAME=VALUE[,VALUE...], e.g. --split n=1024,2048, got '%s'" % spec)
        steps += [(name.strip(), v) for v in values]
    return steps or [(None, None)]


def run(cmd, log):
    print("$", " ".join(cmd), flush=True)
    with open(log, "w") as f:
        done = subprocess.run(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        sys.exit("failed (exit %d), see %s: %s" % (done.returncode, log, " ".join(cmd)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--mode", choices=["quick", "full"], default="quick", help="the mode of both sides (default quick)")
    ap.add_argument("--include", required=True, help="regex on the full benchmark name, passed to both sides")
    ap.add_argument("--libs", default="numpy", help="the peer: numpy or torch")
    ap.add_argument("--backend", default="cpu", help="our backend (default cpu)")
    ap.add_argument("--java", default="java", help="the java launcher (another JDK's bin/java to compare JDKs)")
    ap.add_argument("--jar", default=os.path.join(ROOT, "benchmarks", "target", "benchmarks.jar"))
    ap.add_argument("--python", default=sys.executable, help="the Python that runs peers.py (default: this one)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-results", "paired"))
    ap.add_argument("--split", action="append", default=[], metavar="NAME=V1,V2",
                    help="alternate case by case: each value of the parameter on both sides in turn (repeatable)")
    ap.add_argument("--summarize", action="store_true",
                    help="run nothing: summarize the rounds already in --out (their number given by --rounds)")
    args = ap.parse_args()
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    if not args.summarize and not os.path.exists(args.jar):
        sys.exit("no %s: build it first (mvn -pl benchmarks -am package -DskipTests)" % args.jar)
    os.makedirs(args.out, exist_ok=True)

    case_steps = split_steps(args.split)
    rounds, jdks = [], set()  # the JDK each round's jar ran on, from its environment.json (--summarize has no --java)
    for r in range(1, args.rounds + 1):
        merged = {"ours": {}, "peer": {}}
        for name, value in case_steps:
            # One case's files: roundR-jar and roundR-peer.json, or roundR-NAME=VALUE-jar ... with --split.
            stem = os.path.join(args.out, "round%d" % r + ("" if name is None else "-%s=%s" % (name, value.replace(":", "_"))))
            jar_dir, peer_json = stem + "-jar", stem + "-peer.json"
            selection = ["--include", args.include] + ([] if name is None else ["--param", "%s=%s" % (name, value)])
            ours = [args.java, "-jar", args.jar, args.mode, "--backends", args.backend, "--out", jar_dir] + selection
            peer = [args.python, os.path.join(HERE, "peers.py"), "--mode", args.mode, "--libs", args.libs,
                    "--out", peer_json] + selection
            steps = [(ours, jar_dir + ".log"), (peer, peer_json + ".log")]
            for cmd, log in (steps if r % 2 == 1 else steps[::-1]):
                if args.summarize:
                    if not os.path.exists(log):
                        sys.exit("--summarize: round %d was not run in %s (no %s)" % (r, args.out, log))
                else:
                    run(cmd, log)
            merged["ours"].update(scores(os.path.join(jar_dir, "jmh.json"), args.backend))
            merged["peer"].update(scores(peer_json, args.libs))
            with open(os.path.join(jar_dir, "environment.json")) as f:
                jdks.add(json.load(f)["jdk"])
        rounds.append(merged)

    cases = sorted(set.intersection(*(set(x["ours"]) & set(x["peer"]) for x in rounds)))
    unpaired = sorted(set.union(*(set(x["ours"]) ^ set(x["peer"]) for x in rounds)) - set(cases))
    if unpaired:
        print("measured by one side only (left out):", "; ".join(unpaired))
    if not cases:
        sys.exit("no case was measured by both sides: check --include against both (see the logs in %s)" % args.out)
    summary = []
    print("\nJDK: " + "; ".join(sorted(jdks)))
    print("\n| case | %s median (ops/s) | %s median (ops/s) | ratio median | ratio range (%d rounds) "
          "| best-iteration ratio median (range) |" % (args.backend, args.libs, args.rounds))
    print("|---|---|---|---|---|---|")
    for c in cases:
        ours = [x["ours"][c][0] for x in rounds]
        peer = [x["peer"][c][0] for x in rounds]
        ratios = [o / p for o, p in zip(ours, peer)]
        best = [x["ours"][c][1] / x["peer"][c][1] for x in rounds]
        row = {"case": c, "ours": ours, "peer": peer, "ratios": ratios, "ratioMedian": statistics.median(ratios),
               "oursBest": [x["ours"][c][1] for x in rounds], "peerBest": [x["peer"][c][1] for x in rounds],
               "bestRatios": best, "bestRatioMedian": statistics.median(best)}
        summary.append(row)
        print("| %s | %.4g | %.4g | %.2f | %.2f - %.2f | %.2f (%.2f - %.2f) |"
              % (c, statistics.median(ours), statistics.median(peer), row["ratioMedian"], min(ratios), max(ratios),
                 row["bestRatioMedian"], min(best), max(best)))
    with open(os.path.join(args.out, "paired.json"), "w") as f:
        json.dump({"jdk": sorted(jdks), "peer": args.libs, "include": args.include, "split": args.split,
                   "rounds": [{side: {c: v[0] for c, v in x[side].items()} for side in x} for x in rounds],
                   "summary": summary}, f, indent=1)
    print("\nwrote", os.path.join(args.out, "paired.json"))


if __name__ == "__main__":
    main()
