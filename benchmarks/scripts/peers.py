#!/usr/bin/env python3
"""Peer baselines for the TensorForge JMH benchmarks: the same cases in NumPy and PyTorch (CPU).

Writes a JSON array in JMH's result shape (benchmark, params with backend=numpy|torch, primaryMetric with score in
ops/s, scoreError, scoreUnit, rawData), so the report generator merges it with the JMH results:

    python3 benchmarks/scripts/peers.py --mode quick --out bench-results/peers.json
    java -jar benchmarks/target/benchmarks.jar report --out bench-results bench-results/jmh.json bench-results/peers.json

Benchmark names and parameters match the Java classes in io.github.tensorforge.bench (MatmulBench.square / shape,
ElementwiseBench.api / prealloc, ReductionBench.reduce, SoftmaxNormBench.rowwise, IndexingBench.lookup / scatterAdd,
TrainingStepBench.mlp / transformer, ThreadScalingBench.sgemm, ConvBench.block). "api" allocates a fresh result per call, "prealloc"
writes into a preallocated output (out=); a case a library cannot express that way is skipped, never approximated.

Threads: 2 by default (--threads), set through OMP/OpenBLAS/MKL variables before numpy is imported and with
torch.set_num_threads. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from this process's environment before
numpy loads, so OpenBLAS detects the CPU itself. Debian's python3-torch and numpy use the system BLAS: install
libopenblas0-openmp, or they fall back to the reference BLAS (about 6 GFLOP/s).
"""

import argparse
import json
import math
import os
import platform
import re
import statistics
import sys
import time

# Before numpy (and its BLAS) loads: this process only.
for _var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(_var, None)


def _early_threads():
    threads = "2"
    for i, a in enumerate(sys.argv):
        if a == "--threads" and i + 1 < len(sys.argv):
            threads = sys.argv[i + 1]
        elif a.startswith("--threads="):
            threads = a.split("=", 1)[1]
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = threads


_early_threads()

import numpy as np  # noqa: E402

PKG = "io.github.tensorforge.bench."
SHAPES = ["128x784x512", "128x512x784:nt", "784x128x512:tn", "128x512x256", "128x256x512:nt", "512x128x256:tn"]
ELT_OPS = ["add", "mul", "relu", "sigmoid", "tanh", "exp", "gelu"]
# Student t quantiles for a two-sided 99.9% interval (what JMH reports as scoreError), by degrees of freedom.
T999 = {1: 636.62, 2: 31.60, 3: 12.92, 4: 8.61, 5: 6.87, 6: 5.96, 7: 5.41, 8: 5.04, 9: 4.78, 10: 4.59,
        15: 4.07, 20: 3.85, 30: 3.65}


def t999(df):
    for k in sorted(T999):
        if df <= k:
            return T999[k]
    return 3.29


def loaded_blas_libraries():
    """Shared libraries mapped into this process whose names look like a BLAS (Linux /proc/self/maps)."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path)
                if re.search(r"blas|mkl|lapack|gomp|omp", name, re.I):
                    libs.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(libs)


def numpy_blas_description():
    """What numpy was built against; the library actually loaded is printed separately (loaded_blas_libraries)."""
    try:
        cfg = np.show_config(mode="dicts")  # numpy >= 1.26
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        return ("%s %s" % (blas.get("name", "?"), blas.get("version", ""))).strip()
    except TypeError:
        info = getattr(np.__config__, "blas_opt_info", None) or {}  # numpy < 1.26: build-time info
        libs = ",".join(dict.fromkeys(info.get("libraries", [])))
        return ("built against lib%s (the system BLAS alternative)" % libs) if libs else "unknown"


class Timer:
    """JMH-like measurement: warm-up iterations, then measured iterations of a fixed wall time each; ops/s per
    measured iteration, mean and 99.9% error."""

    def __init__(self, warmup, iterations, seconds, warmup_seconds=None):
        self.warmup, self.iterations, self.seconds = warmup, iterations, seconds
        self.warmup_seconds = seconds if warmup_seconds is None else warmup_seconds

    def run(self, fn):
        for _ in range(self.warmup):
            self._iteration(fn, self.warmup_seconds)
        raw = [self._iteration(fn, self.seconds) for _ in range(self.iterations)]
        mean = statistics.fmean(raw)
        err = t999(len(raw) - 1) * statistics.stdev(raw) / math.sqrt(len(raw)) if len(raw) > 1 else float("nan")
        return mean, err, raw

    @staticmethod
    def _iteration(fn, seconds):
        ops = 0
        start = time.perf_counter()
        deadline = start + seconds
        while True:
            fn()
            ops += 1
            now = time.perf_counter()
            if now >= deadline:
                return ops / (now - start)


class Recorder:
    def __init__(self, timer, include, runtime, python, suffix="", steps_timer=None, params=None):
        self.timer, self.include, self.runtime, self.python, self.suffix = timer, include, runtime, python, suffix
        self.steps_timer = steps_timer or timer
        self.params = params or {}
        self.results = []

    def wanted(self, benchmark, params):
        """--include matches the name, and the case has every --param with one of its values, as in the jar."""
        if self.include is not None and re.search(self.include, PKG + benchmark) is None:
            return False
        return all(name in params and str(params[name]) in values for name, values in self.params.items())

    def measure(self, benchmark, backend, params, fn, steps=False):
        """Measures fn; steps=True takes the training steps' timing (longer warm-up and iterations)."""
        if not self.wanted(benchmark, params):
            return
        timer = self.steps_timer if steps else self.timer
        label = "%s %s %s" % (benchmark, backend, " ".join("%s=%s" % kv for kv in params.items()))
        try:
            score, err, raw = timer.run(fn)
        except Exception as e:  # noqa: BLE001 - report and go on, like JMH with failOnError=false
            print("FAILED %s: %s" % (label, e), file=sys.stderr)
            return
        print("%-80s %12.3f ops/s  +- %.3f" % (label, score, err), flush=True)
        p = {"backend": backend + self.suffix}
        p.update({k: str(v) for k, v in params.items()})
        self.results.append({
            "jmhVersion": "peers.py", "benchmark": PKG + benchmark, "mode": "thrpt", "threads": 1, "forks": 1,
            "jvm": sys.executable, "jvmArgs": [], "jdkVersion": self.python, "vmName": self.runtime[backend],
            "vmVersion": "", "warmupIterations": timer.warmup, "warmupTime": "%g s" % timer.warmup_seconds,
            "warmupBatchSize": 1, "measurementIterations": timer.iterations,
            "measurementTime": "%g s" % timer.seconds, "measurementBatchSize": 1, "params": p,
            "primaryMetric": {"score": score, "scoreError": err, "scoreConfidence": [score - err, score + err],
                              "scorePercentiles": {"0.0": min(raw), "50.0": statistics.median(raw), "100.0": max(raw)},
                              "scoreUnit": "ops/s", "rawData": [raw]},
            "secondaryMetrics": {}})


def parse_shape(spec):
    dims, _, layout = spec.partition(":")
    m, k, n = (int(d) for d in dims.split("x"))
    return m, k, n, layout or "nn"


# ---- NumPy ----------------------------------------------------------------------------------------------------------

def numpy_cases(rec, squares, shapes, elt_size, rows, cols):
    rng = np.random.default_rng(1)
    f32 = np.float32

    def randn(*shape):
        return rng.standard_normal(shape, dtype=f32)

    for n in squares:
        a, b = randn(n, n), randn(n, n)
        rec.measure("MatmulBench.square", "numpy", {"n": n}, lambda a=a, b=b: a @ b)
    for spec in shapes:
        m, k, n, layout = parse_shape(spec)
        a = randn(k, m).T if layout == "tn" else randn(m, k)
        b = randn(n, k).T if layout == "nt" else randn(k, n)
        rec.measure("MatmulBench.shape", "numpy", {"shape": spec}, lambda a=a, b=b: a @ b)

    x, y, out = randn(elt_size), randn(elt_size), np.empty(elt_size, dtype=f32)
    api = {"add": lambda: x + y, "mul": lambda: x * y, "relu": lambda: np.maximum(x, f32(0)),
           "sigmoid": lambda: f32(1) / (f32(1) + np.exp(-x)), "tanh": lambda: np.tanh(x), "exp": lambda: np.exp(x)}

    def sigmoid_out():
        np.negative(x, out=out)
        np.exp(out, out=out)
        np.add(out, f32(1), out=out)
        np.reciprocal(out, out=out)

    prealloc = {"add": lambda: np.add(x, y, out=out), "mul": lambda: np.multiply(x, y, out=out),
                "relu": lambda: np.maximum(x, f32(0), out=out), "sigmoid": sigmoid_out,
                "tanh": lambda: np.tanh(x, out=out), "exp": lambda: np.exp(x, out=out)}
    # NumPy has no erf, so no exact gelu: skipped rather than approximated.
    for op in ELT_OPS:
        if op in api:
            rec.measure("ElementwiseBench.api", "numpy", {"op": op, "size": elt_size}, api[op])
            rec.measure("ElementwiseBench.prealloc", "numpy", {"op": op, "size": elt_size}, prealloc[op])

    m2 = randn(rows, cols)
    for op, fn in (("sumAll", lambda: m2.sum()), ("sumRows", lambda: m2.sum(axis=1)),
                   ("maxRows", lambda: m2.max(axis=1)), ("sumCols", lambda: m2.sum(axis=0))):
        rec.measure("ReductionBench.reduce", "numpy", {"op": op, "rows": rows, "cols": cols}, fn)

    gamma, beta = rng.random(cols, dtype=f32), randn(cols)

    def softmax():
        e = np.exp(m2 - m2.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def layer_norm():
        mu = m2.mean(axis=1, keepdims=True)
        c = m2 - mu
        var = (c * c).mean(axis=1, keepdims=True)
        return c / np.sqrt(var + f32(1e-5)) * gamma + beta

    rec.measure("SoftmaxNormBench.rowwise", "numpy", {"op": "softmax", "rows": rows, "cols": cols}, softmax)
    rec.measure("SoftmaxNormBench.rowwise", "numpy", {"op": "layerNorm", "rows": rows, "cols": cols}, layer_norm)

    vocab, dim, tokens = 30000, 256, 4096
    table, ids, src, grad = randn(vocab, dim), rng.integers(0, vocab, tokens), randn(tokens, dim), np.zeros((vocab, dim), f32)
    p = {"vocab": vocab, "dim": dim, "tokens": tokens}
    rec.measure("IndexingBench.lookup", "numpy", p, lambda: table[ids])

    def scatter_add():
        g = grad.copy()
        np.add.at(g, ids, src)
        return g

    rec.measure("IndexingBench.scatterAdd", "numpy", p, scatter_add)


# ---- PyTorch --------------------------------------------------------------------------------------------------------

def torch_cases(rec, torch, squares, shapes, elt_size, rows, cols, threads):
    import torch.nn.functional as F

    torch.manual_seed(1)
    f32 = torch.float32

    def randn(*shape):
        return torch.randn(*shape, dtype=f32)

    with torch.no_grad():
        for n in squares:
            a, b = randn(n, n), randn(n, n)
            rec.measure("MatmulBench.square", "torch", {"n": n}, lambda a=a, b=b: a @ b)
        for spec in shapes:
            m, k, n, layout = parse_shape(spec)
            a = randn(k, m).t() if layout == "tn" else randn(m, k)
            b = randn(n, k).t() if layout == "nt" else randn(k, n)
            rec.measure("MatmulBench.shape", "torch", {"shape": spec}, lambda a=a, b=b: a @ b)

        x, y, out = randn(elt_size), randn(elt_size), torch.empty(elt_size, dtype=f32)
        api = {"add": lambda: x + y, "mul": lambda: x * y, "relu": lambda: torch.relu(x),
               "sigmoid": lambda: torch.sigmoid(x), "tanh": lambda: torch.tanh(x), "exp": lambda: torch.exp(x),
               "gelu": lambda: F.gelu(x)}
        prealloc = {"add": lambda: torch.add(x, y, out=out), "mul": lambda: torch.mul(x, y, out=out),
                    "relu": lambda: torch.clamp_min(x, 0.0, out=out), "sigmoid": lambda: torch.sigmoid(x, out=out),
                    "tanh": lambda: torch.tanh(x, out=out), "exp": lambda: torch.exp(x, out=out)}
        # F.gelu takes no out= argument: the gelu case runs in "api" form only.
        for op in ELT_OPS:
            rec.measure("ElementwiseBench.api", "torch", {"op": op, "size": elt_size}, api[op])
            if op in prealloc:
                rec.measure("ElementwiseBench.prealloc", "torch", {"op": op, "size": elt_size}, prealloc[op])

        m2 = randn(rows, cols)
        for op, fn in (("sumAll", lambda: m2.sum()), ("sumRows", lambda: m2.sum(dim=1)),
                       ("maxRows", lambda: m2.amax(dim=1)), ("sumCols", lambda: m2.sum(dim=0))):
            rec.measure("ReductionBench.reduce", "torch", {"op": op, "rows": rows, "cols": cols}, fn)
        gamma, beta = torch.rand(cols, dtype=f32), randn(cols)
        rec.measure("SoftmaxNormBench.rowwise", "torch", {"op": "softmax", "rows": rows, "cols": cols},
                    lambda: torch.softmax(m2, dim=1))
        rec.measure("SoftmaxNormBench.rowwise", "torch", {"op": "layerNorm", "rows": rows, "cols": cols},
                    lambda: F.layer_norm(m2, (cols,), gamma, beta, 1e-5))

        vocab, dim, tokens = 30000, 256, 4096
        table, ids = randn(vocab, dim), torch.randint(0, vocab, (tokens,))
        src, grad = randn(tokens, dim), torch.zeros(vocab, dim, dtype=f32)
        p = {"vocab": vocab, "dim": dim, "tokens": tokens}
        rec.measure("IndexingBench.lookup", "torch", p, lambda: torch.index_select(table, 0, ids))
        rec.measure("IndexingBench.scatterAdd", "torch", p, lambda: grad.index_add(0, ids, src))

    # Training steps: the same models as TrainingStepBench, with torch.nn and torch.optim.Adam.
    mlp = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU(),
                              torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(mlp.parameters(), lr=1e-3)
    xb, yb = randn(128, 784), torch.randint(0, 10, (128,))

    def mlp_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(mlp(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    rec.measure("TrainingStepBench.mlp", "torch", {"batch": 128}, mlp_step, steps=True)

    block = torch.nn.TransformerEncoderLayer(d_model=256, nhead=4, dim_feedforward=1024, dropout=0.0,
                                             activation="gelu", batch_first=True, norm_first=True)
    opt2 = torch.optim.Adam(block.parameters(), lr=1e-4)
    xt = randn(32, 128, 256)

    def block_step():
        opt2.zero_grad(set_to_none=True)
        y = block(xt)
        loss = (y * y).mean()
        loss.backward()
        opt2.step()
        return loss.item()

    rec.measure("TrainingStepBench.transformer", "torch",
                {"batch": 32, "seq": 128, "dim": 256, "heads": 4, "ff": 1024}, block_step, steps=True)

    # ConvBench.block: 3x3 convolution (padding 1), ReLU, 2x2 max pool at batch 128, forward under no_grad or
    # forward + backward of the pooled sum into the input and the weights.
    for layer, cin, cout, size in (("conv1", 1, 32, 28), ("conv2", 32, 64, 14)):
        conv = torch.nn.Conv2d(cin, cout, 3, padding=1)
        xc = randn(128, cin, size, size)
        xg = xc.clone().requires_grad_(True)

        def conv_forward(conv=conv, xc=xc):
            with torch.no_grad():
                return F.max_pool2d(F.relu(conv(xc)), 2).numel()

        def conv_train(conv=conv, xg=xg):
            conv.zero_grad(set_to_none=True)
            xg.grad = None
            y = F.max_pool2d(F.relu(conv(xg)), 2)
            y.sum().backward()
            return y.numel()

        for pass_, fn in (("forward", conv_forward), ("train", conv_train)):
            rec.measure("ConvBench.block", "torch", {"layer": layer, "pass": pass_, "batch": 128}, fn)

    with torch.no_grad():
        a, b = randn(1024, 1024), randn(1024, 1024)
        for t in (1, 2):
            torch.set_num_threads(t)
            rec.measure("ThreadScalingBench.sgemm", "torch", {"cpuThreads": t, "n": 1024}, lambda: a @ b)
        torch.set_num_threads(threads)


def parse_params(ap, specs):
    """--param NAME=V1,V2 arguments -> {name: [values]}; a malformed one ends the program with a usage error."""
    params = {}
    for spec in specs:
        name, _, rest = spec.partition("=")
        name = name.strip()
        values = [v.strip() for v in rest.split(",") if v.strip()]
        if not name or not values:
            ap.error("--param needs NAME=VALUE[,VALUE...], e.g. --param n=1024,2048, got '%s'" % spec)
        if name == "backend":
            ap.error("--param backend: choose the peers with --libs")
        if name in params:
            ap.error("--param %s is given twice; list its values once, comma-separated" % name)
        try:  # sizes are checked here, before minutes of other cases
            for v in values:
                if name == "n":
                    int(v)
                elif name == "shape":
                    parse_shape(v)
        except ValueError:
            ap.error("--param %s: '%s' is not a %s" % (name, rest, "size" if name == "n" else "MxKxN[:nt|:tn] shape"))
        params[name] = values
    return params


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=["quick", "full"], default="quick",
                    help="quick: short measurement, n up to 1024; full: longer, n up to 2048")
    ap.add_argument("--out", default="bench-results/peers.json", help="JSON file to write (JMH result shape)")
    ap.add_argument("--threads", type=int, default=2, help="threads for BLAS and torch (default 2)")
    ap.add_argument("--libs", default="numpy,torch", help="comma-separated subset of numpy,torch")
    ap.add_argument("--include", default=None, help="regex on the full benchmark name, e.g. MatmulBench")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=V1,V2",
                    help="as the jar's --param: only cases with one of these values of NAME; n (square matmul) "
                         "and shape may also name sizes beyond the mode's (repeatable)")
    ap.add_argument("--suffix", default="", help="appended to the series names (numpy, torch), e.g. --suffix=-pip, to compare "
                                                 "two installations in one report")
    args = ap.parse_args()

    libs = [s.strip() for s in args.libs.split(",") if s.strip()]
    quick = args.mode == "quick"
    timer = Timer(warmup=2, iterations=3, seconds=0.5) if quick else Timer(warmup=5, iterations=8, seconds=1.0)
    # As TrainingStepBench's timing in RunPlan: 4 x 2 s warm-up and 5 s iterations (a Transformer step takes ~0.5 s).
    steps_timer = Timer(warmup=4, iterations=3 if quick else 8, seconds=5.0, warmup_seconds=2.0)
    squares = [128, 256, 512, 1024] if quick else [128, 256, 512, 1024, 2048]
    params = parse_params(ap, args.param)
    shapes = params.get("shape", SHAPES)
    if "n" in params:
        squares = [int(v) for v in params["n"]]

    python = "Python %s" % platform.python_version()
    print("python:", sys.executable, platform.python_version())
    print("numpy %s, BLAS: %s" % (np.__version__, numpy_blas_description()))
    runtime = {"numpy": "NumPy %s (BLAS: %s; %d threads)" % (np.__version__, numpy_blas_description(), args.threads)}
    torch = None
    if "torch" in libs:
        try:
            import torch as _torch
            torch = _torch
            torch.set_num_threads(args.threads)
            runtime["torch"] = "PyTorch %s (%d threads)" % (torch.__version__, args.threads)
            print("torch %s, threads %d" % (torch.__version__, torch.get_num_threads()))
        except ImportError as e:
            print("torch is not importable with %s (%s): skipping the PyTorch peer" % (sys.executable, e))
    blas_libs = loaded_blas_libraries()
    print("BLAS/OpenMP libraries loaded in this process:", ", ".join(blas_libs) or "none found")
    for k in list(runtime):
        runtime[k] += "; loaded: " + (", ".join(os.path.basename(p) for p in blas_libs) or "none")

    rec = Recorder(timer, args.include, runtime, python, args.suffix, steps_timer, params)
    if "numpy" in libs:
        numpy_cases(rec, squares, shapes, 16777216, 4096, 4096)
    if torch is not None:
        torch_cases(rec, torch, squares, shapes, 16777216, 4096, 4096, args.threads)

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(rec.results, f, indent=1)
    print("wrote %d results to %s" % (len(rec.results), args.out))


if __name__ == "__main__":
    main()
