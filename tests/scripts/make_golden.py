#!/usr/bin/env python3
"""Golden values from PyTorch for the cross-backend tests.

Computes a fixed set of ops with PyTorch in float64 on fixed, seeded inputs and writes
tests/src/test/resources/golden.json. GoldenTest runs the same ops on every TensorForge backend (and on the
reference backend) and compares. Inputs are rounded to float32 first, so the float32 runs see exactly the
same inputs as PyTorch did.

Usage (from the repository root; needs PyTorch, e.g. Debian's python3-torch):
    /usr/bin/python3 tests/scripts/make_golden.py
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "golden.json")

gen = torch.Generator().manual_seed(20240611)


def randn(*shape, scale=1.0):
    x = torch.randn(*shape, generator=gen, dtype=torch.float64) * scale
    return x.float().double()  # exactly representable in float32


def uniform(lo, hi, *shape):
    x = lo + (hi - lo) * torch.rand(*shape, generator=gen, dtype=torch.float64)
    return x.float().double()


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.flatten().tolist()]}


tensors = {}  # inputs are stored once and referred to by name
_names = {}


def _store(x, data):
    key = id(x)
    if key not in _names:
        _names[key] = f"t{len(_names)}"
        tensors[_names[key]] = {"shape": list(x.shape), "dtype": "int64" if data is int else "float64",
                                "data": [data(v) for v in x.flatten().tolist()]}
        _keep.append(x)
    return _names[key]


_keep = []  # keeps stored tensors alive so that id() stays unique


def ref(x):
    return _store(x, float)


def refi(x):
    return _store(x, int)


cases = []


def case(name, op, inputs, expected, **params):
    cases.append({"name": name, "op": op, "inputs": inputs, "params": params, "expected": t(expected)})


# element-wise activations, including large magnitudes and values around 0
wide = torch.cat([randn(40, scale=3.0), torch.tensor([-30.0, -9.0, -1e-3, 0.0, 1e-3, 9.0, 30.0], dtype=torch.float64)])
case("gelu", "gelu", {"x": ref(wide)}, F.gelu(wide))
case("gelu tanh", "gelu_tanh", {"x": ref(wide)}, F.gelu(wide, approximate="tanh"))
case("erf", "erf", {"x": ref(wide)}, torch.erf(wide))
case("silu", "silu", {"x": ref(wide)}, F.silu(wide))

# softmax / log-softmax over each axis
x = randn(3, 4, 7, scale=2.0)
for dim in (0, 1, 2):
    case(f"softmax dim {dim}", "softmax", {"x": ref(x)}, torch.softmax(x, dim), dim=dim)
    case(f"log_softmax dim {dim}", "log_softmax", {"x": ref(x)}, torch.log_softmax(x, dim), dim=dim)
big = randn(2, 5, scale=300.0)
case("softmax large logits", "softmax", {"x": ref(big)}, torch.softmax(big, 1), dim=1)
case("log_softmax large logits", "log_softmax", {"x": ref(big)}, torch.log_softmax(big, 1), dim=1)

# layer norm
x = randn(4, 6, 9)
w, b = randn(9), randn(9)
case("layer_norm affine", "layer_norm", {"x": ref(x), "weight": ref(w), "bias": ref(b)},
     F.layer_norm(x, (9,), w, b, 1e-5), normalized_shape=[9], eps=1e-5)
case("layer_norm plain", "layer_norm", {"x": ref(x)}, F.layer_norm(x, (9,), None, None, 1e-3),
     normalized_shape=[9], eps=1e-3)
w2, b2 = randn(6, 9), randn(6, 9)
case("layer_norm two axes", "layer_norm", {"x": ref(x), "weight": ref(w2), "bias": ref(b2)},
     F.layer_norm(x, (6, 9), w2, b2, 1e-5), normalized_shape=[6, 9], eps=1e-5)
xo = randn(3, 33) * 10 + 100
case("layer_norm offset", "layer_norm", {"x": ref(xo)}, F.layer_norm(xo, (33,), None, None, 1e-5),
     normalized_shape=[33], eps=1e-5)

# cross-entropy: reductions, label smoothing, class weights, ignore_index
logits = randn(8, 5, scale=2.0)
target = torch.tensor([0, 4, 2, 2, 1, 3, 4, 0])
cw = uniform(0.3, 2.0, 5)
target_ign = torch.tensor([0, 4, -100, 2, 1, -100, 4, 0])
target_ign2 = torch.tensor([0, 4, 2, 2, 1, 3, 4, 0])
for reduction in ("mean", "sum", "none"):
    for smoothing in (0.0, 0.1):
        for weighted in (False, True):
            weight = cw if weighted else None
            inputs = {"logits": ref(logits), "target": refi(target)}
            if weighted:
                inputs["weight"] = ref(cw)
            tag = f"{reduction} smoothing {smoothing}" + (" weighted" if weighted else "")
            case(f"cross_entropy {tag}", "cross_entropy", inputs,
                 F.cross_entropy(logits, target, weight=weight, reduction=reduction, label_smoothing=smoothing),
                 reduction=reduction, label_smoothing=smoothing, ignore_index=-100)
            inputs = dict(inputs)
            inputs["target"] = refi(target_ign)
            case(f"cross_entropy ignore -100 {tag}", "cross_entropy", inputs,
                 F.cross_entropy(logits, target_ign, weight=weight, reduction=reduction, label_smoothing=smoothing,
                                 ignore_index=-100),
                 reduction=reduction, label_smoothing=smoothing, ignore_index=-100)
            inputs = dict(inputs)
            inputs["target"] = refi(target_ign2)
            case(f"cross_entropy ignore 2 {tag}", "cross_entropy", inputs,
                 F.cross_entropy(logits, target_ign2, weight=weight, reduction=reduction, label_smoothing=smoothing,
                                 ignore_index=2),
                 reduction=reduction, label_smoothing=smoothing, ignore_index=2)

# matmul: matrix, vector, batched with broadcasting
shapes = [((5, 7), (7, 3)), ((17,), (17,)), ((4, 9), (9,)), ((9,), (9, 2)), ((2, 3, 6), (6, 4)),
          ((2, 1, 3, 5), (4, 5, 2)), ((33, 65), (65, 17))]
for sa, sb in shapes:
    a, bm = randn(*sa), randn(*sb)
    case(f"matmul {list(sa)} x {list(sb)}", "matmul", {"a": ref(a), "b": ref(bm)}, torch.matmul(a, bm))

# var / std (with and without Bessel's correction), logsumexp
x = randn(4, 5, 6, scale=1.5)
for dims in ([0], [1], [2], [0, 2], [0, 1, 2]):
    for unbiased in (True, False):
        for keepdim in (False, True):
            p = dict(dims=dims, correction=1 if unbiased else 0, keepdim=keepdim)
            case(f"var {dims} unbiased={unbiased} keepdim={keepdim}", "var", {"x": ref(x)},
                 torch.var(x, dim=dims, unbiased=unbiased, keepdim=keepdim), **p)
            case(f"std {dims} unbiased={unbiased} keepdim={keepdim}", "std", {"x": ref(x)},
                 torch.std(x, dim=dims, unbiased=unbiased, keepdim=keepdim), **p)
for dim in (0, 1, 2):
    for keepdim in (False, True):
        case(f"logsumexp dim {dim} keepdim={keepdim}", "logsumexp", {"x": ref(x)},
             torch.logsumexp(x, dim=dim, keepdim=keepdim), dim=dim, keepdim=keepdim)
xl = randn(3, 4, scale=200.0)
case("logsumexp large", "logsumexp", {"x": ref(xl)}, torch.logsumexp(xl, dim=1), dim=1, keepdim=False)

# element-wise ops added later (drawn after every input above, so the earlier inputs keep their values)
soft = torch.cat([randn(30, scale=6.0), torch.tensor([-40.0, -20.5, 19.5, 19.999, 20.0, 20.001, 20.5, 45.0],
                                                       dtype=torch.float64)])
case("softplus", "softplus", {"x": ref(soft)}, F.softplus(soft))
near0 = torch.cat([uniform(-0.9, 4.0, 30), torch.tensor([-1e-6, -3e-8, 0.0, 3e-8, 1e-6, 1e-3], dtype=torch.float64)])
case("log1p", "log1p", {"x": ref(near0)}, torch.log1p(near0))
case("expm1", "expm1", {"x": ref(near0)}, torch.expm1(near0))
steps = torch.cat([randn(30, scale=4.0),
                   torch.tensor([-2.5, -1.5, -0.5, -0.0, 0.5, 1.5, 2.5, 3.0, -3.0, 1e-3, -1e-3], dtype=torch.float64)])
case("floor", "floor", {"x": ref(steps)}, torch.floor(steps))
case("ceil", "ceil", {"x": ref(steps)}, torch.ceil(steps))
case("round (halves to even)", "round", {"x": ref(steps)}, torch.round(steps))

# shaping, scans, norms, orderings and einsum (#25 part 2)
m = randn(2, 4, 5)
for k in (0, 1, -1, -3):
    case(f"tril k={k}", "tril", {"x": ref(m)}, torch.tril(m, k), k=k)
    case(f"triu k={k}", "triu", {"x": ref(m)}, torch.triu(m, k), k=k)
for dim in (0, 1, 2, -1):
    case(f"cumsum dim {dim}", "cumsum", {"x": ref(m)}, torch.cumsum(m, dim), dim=dim)
long_row = randn(3, 37)
case("cumsum long row", "cumsum", {"x": ref(long_row)}, torch.cumsum(long_row, 1), dim=1)
img = randn(2, 3, 4, 5)
for mode in ("constant", "reflect", "replicate", "circular"):
    pads = [2, 1, 1, 3]
    value = 0.5 if mode == "constant" else 0.0
    out = F.pad(img, pads, mode=mode, value=value) if mode == "constant" else F.pad(img, pads, mode=mode)
    case(f"pad {mode}", "pad", {"x": ref(img)}, out, pads=pads, mode=mode, value=value)
seq = randn(2, 3, 6)
case("pad reflect 1-d", "pad", {"x": ref(seq)}, F.pad(seq, [3, 2], mode="reflect"), pads=[3, 2], mode="reflect", value=0.0)
small = randn(2, 3)
case("repeat", "repeat", {"x": ref(small)}, small.repeat(2, 1, 3), reps=[2, 1, 3])
case("tile", "tile", {"x": ref(small)}, torch.tile(small, (2,)), reps=[2])
for p_ in (1.0, 2.0, 3.0, float("inf")):
    for dims in ([1], [0, 2], []):
        for keepdim in (False, True):
            d = dims if dims else None
            expected = torch.linalg.vector_norm(m, ord=p_, dim=d, keepdim=keepdim)
            case(f"norm p={p_} dims={dims} keepdim={keepdim}", "norm", {"x": ref(m)}, expected,
                 p=p_ if math.isfinite(p_) else "inf", dims=dims, keepdim=keepdim)
for dims in ([0, 2], [1, 2], [0, 1, 2]):
    case(f"logsumexp dims {dims}", "logsumexp_dims", {"x": ref(m)}, torch.logsumexp(m, dim=dims), dims=dims,
         keepdim=False)
idx = torch.randint(0, 4, (2, 3, 5), generator=gen)
case("gather dim 1", "gather", {"x": ref(m), "index": refi(idx)}, torch.gather(m, 1, idx), dim=1)
idx2 = torch.randint(0, 5, (2, 4, 7), generator=gen)
case("gather dim 2 wider", "gather", {"x": ref(m), "index": refi(idx2)}, torch.gather(m, 2, idx2), dim=2)
ties = torch.tensor([[3.0, 1.0, 3.0, -2.0, 1.0, 0.0, -0.0], [5.0, 5.0, 5.0, 4.0, -1.0, 2.0, 2.0]], dtype=torch.float64)
for x_name, xs in (("random", m), ("ties", ties)):
    for dim in (-1, 0):
        for desc in (False, True):
            v, i = torch.sort(xs, dim=dim, descending=desc, stable=True)
            case(f"sort {x_name} dim {dim} descending={desc} values", "sort_values", {"x": ref(xs)}, v, dim=dim,
                 descending=desc)
            case(f"sort {x_name} dim {dim} descending={desc} indices", "sort_indices", {"x": ref(xs)}, i.double(),
                 dim=dim, descending=desc)
for k, largest in ((3, True), (2, False)):
    v, i = torch.topk(m, k, dim=2, largest=largest, sorted=True)
    case(f"topk k={k} largest={largest} values", "topk_values", {"x": ref(m)}, v, k=k, dim=2, largest=largest)
    case(f"topk k={k} largest={largest} indices", "topk_indices", {"x": ref(m)}, i.double(), k=k, dim=2,
         largest=largest)
for dim in (0, 2):
    v, i = torch.max(m, dim=dim)
    case(f"max dim {dim} values", "max_values", {"x": ref(m)}, v, dim=dim)
    case(f"max dim {dim} indices", "max_indices", {"x": ref(m)}, i.double(), dim=dim)
a3, b3 = randn(2, 3, 4), randn(2, 4, 5)
q, kk = randn(2, 3, 4, 8), randn(2, 3, 6, 8)
u, w = randn(4), randn(6)
mat = randn(4, 6)
for eq, ops in (("bij,bjk->bik", [a3, b3]), ("bhqd,bhkd->bhqk", [q, kk]), ("i,j->ij", [u, w]), ("ij->ji", [mat]),
                ("ij->", [mat]), ("ij,j->i", [mat, w]), ("bij,bjk", [a3, b3]), ("ijk,ikl->jl", [a3.transpose(0, 1).contiguous().transpose(0, 1), b3]),
                ("ij,ij->i", [mat, mat * 0.5]), ("...qd,...kd->...qk", [q, kk]), ("...ij,...jk", [a3, b3]),
                ("...ij,jk->...ik", [a3, b3[0]])):
    case(f"einsum {eq}", "einsum", {f"x{i}": ref(t_) for i, t_ in enumerate(ops)}, torch.einsum(eq, *ops), equation=eq,
         operands=len(ops))

for c in cases:
    for v in list(c["expected"]["data"]) + [d for i in c["inputs"].values() for d in tensors[i]["data"]]:
        if not math.isfinite(v):
            sys.exit(f"non-finite value in case {c['name']}")

doc = {
    "about": "Golden values computed by PyTorch (float64) with tests/scripts/make_golden.py; do not edit by hand.",
    "generator": f"torch {torch.__version__}, python {sys.version.split()[0]}",
    "tensors": tensors,
    "cases": cases,
}
with open(OUT, "w") as f:
    json.dump(doc, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")
