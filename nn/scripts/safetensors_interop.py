#!/usr/bin/env python3
"""Safetensors interoperability between TensorForge and NumPy / PyTorch.

Needs only NumPy; uses PyTorch too when it can be imported.

  safetensors_interop.py write-fixture OUT   write the committed test resource (known values, see fixture())
  safetensors_interop.py read FILE           print every tensor of FILE (e.g. one TensorForge wrote) and, with
                                             PyTorch, check that torch reads identical values
  safetensors_interop.py check-fixture FILE  assert FILE holds exactly the fixture values (round trip check)
  safetensors_interop.py write-encoder-fixture OUT
                                             golden values for a Transformer encoder layer (PyTorch's parameter names and
                                             formulas, computed with NumPy in float64; cross-checked against
                                             torch.nn.TransformerEncoderLayer when PyTorch is installed)

The format: 8-byte little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}} plus an
optional "__metadata__" string map, then the raw little-endian data. The header is padded with spaces to 8 bytes.
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8"), "I32": np.dtype("<i4"), "I64": np.dtype("<i8"),
          "BOOL": np.dtype("bool")}
CODES = {v: k for k, v in DTYPES.items()}


def write(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, arr in tensors.items():
        arr = np.array(arr, order="C", copy=True)
        dt = arr.dtype.newbyteorder("<") if arr.dtype != np.bool_ else arr.dtype
        code = CODES[np.dtype(dt)]
        data = arr.astype(dt, copy=False).tobytes()
        header[name] = {"dtype": code, "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    if n > len(raw) - 8:
        raise ValueError("header length %d exceeds file" % n)
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    out = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        dt = DTYPES[e["dtype"]]
        count = int(np.prod(e["shape"], dtype=np.int64))
        if end - b != count * dt.itemsize or end > len(data):
            raise ValueError("bad byte range for " + name)
        out[name] = np.frombuffer(data[b:end], dtype=dt).reshape(e["shape"])
    return out, meta


def fixture():
    """Known values. A Linear(3 -> 2) layer ('linear.weight' (out, in), 'linear.bias') with an input and the output
    y = x W^T + b computed here in float64, plus one tensor of every supported dtype."""
    w = (np.arange(6, dtype=np.float32).reshape(2, 3) * 0.25 - 0.5).astype(np.float32)
    b = np.array([0.125, -0.75], dtype=np.float32)
    x = np.array([[1.0, 2.0, 3.0], [-1.5, 0.5, 4.0]], dtype=np.float32)
    y = (x.astype(np.float64) @ w.astype(np.float64).T + b.astype(np.float64)).astype(np.float32)
    tensors = {
        "linear.weight": w,
        "linear.bias": b,
        "input": x,
        "expected_output": y,
        "f64": np.array([np.pi, -1e-300, 1e300], dtype=np.float64),
        "i32": np.array([[1, -2], [2147483647, -2147483648]], dtype=np.int32),
        "i64": np.array([9007199254740993, -5, 0], dtype=np.int64),
        "mask": np.array([[True, False], [False, True]]),
        "empty": np.zeros((0, 3), dtype=np.float32),
        "scalar": np.array(2.5, dtype=np.float32),
    }
    return tensors, {"producer": "numpy", "note": "tensorforge interop fixture"}


def _layer_norm(x, w, b, eps=1e-5):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _mha(x, pad, p, heads):
    """PyTorch's multi-head self-attention (batch first); pad (B, S) is True at keys to ignore."""
    bsz, t, e = x.shape
    d = e // heads
    w, b = p["self_attn.in_proj_weight"], p["self_attn.in_proj_bias"]
    q, k, v = (x @ w[i * e:(i + 1) * e].T + b[i * e:(i + 1) * e] for i in range(3))
    q, k, v = (m.reshape(bsz, t, heads, d).transpose(0, 2, 1, 3) for m in (q, k, v))
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    s = np.where(pad[:, None, None, :], -np.inf, s)
    s = np.exp(s - s.max(-1, keepdims=True))
    a = s / s.sum(-1, keepdims=True)
    o = (a @ v).transpose(0, 2, 1, 3).reshape(bsz, t, e)
    return o @ p["self_attn.out_proj.weight"].T + p["self_attn.out_proj.bias"]


def _encoder_layer(x, pad, p, heads, norm_first):
    def ff(h):
        return np.maximum(h @ p["linear1.weight"].T + p["linear1.bias"], 0) @ p["linear2.weight"].T + p["linear2.bias"]
    n1 = lambda h: _layer_norm(h, p["norm1.weight"], p["norm1.bias"])  # noqa: E731
    n2 = lambda h: _layer_norm(h, p["norm2.weight"], p["norm2.bias"])  # noqa: E731
    if norm_first:
        x = x + _mha(n1(x), pad, p, heads)
        return x + ff(n2(x))
    x = n1(x + _mha(x, pad, p, heads))
    return n2(x + ff(x))


def encoder_fixture():
    """TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0, relu, batch_first) with seeded
    weights under PyTorch's names (prefix 'layer.'), an input (2, 5, 8), a key padding mask (2, 5) and the outputs of
    the post-norm and pre-norm variants."""
    rng = np.random.default_rng(20240607)
    e, ff, heads = 8, 16, 2
    shapes = {"self_attn.in_proj_weight": (3 * e, e), "self_attn.in_proj_bias": (3 * e,),
              "self_attn.out_proj.weight": (e, e), "self_attn.out_proj.bias": (e,),
              "linear1.weight": (ff, e), "linear1.bias": (ff,), "linear2.weight": (e, ff), "linear2.bias": (e,),
              "norm1.weight": (e,), "norm1.bias": (e,), "norm2.weight": (e,), "norm2.bias": (e,)}
    p = {k: (rng.standard_normal(s) * 0.4 + (1.0 if k.endswith("norm1.weight") or k.endswith("norm2.weight") else 0.0))
         .astype(np.float32) for k, s in shapes.items()}
    x = rng.standard_normal((2, 5, e)).astype(np.float32)
    pad = np.array([[False, False, False, True, True], [False, False, False, False, False]])
    p64 = {k: v.astype(np.float64) for k, v in p.items()}
    post = _encoder_layer(x.astype(np.float64), pad, p64, heads, False).astype(np.float32)
    pre = _encoder_layer(x.astype(np.float64), pad, p64, heads, True).astype(np.float32)
    try:
        import torch
        for norm_first, want in ((False, post), (True, pre)):
            layer = torch.nn.TransformerEncoderLayer(e, heads, ff, dropout=0.0, batch_first=True, norm_first=norm_first)
            layer.load_state_dict({k: torch.from_numpy(v) for k, v in p.items()})
            layer.eval()
            with torch.no_grad():
                got = layer(torch.from_numpy(x), src_key_padding_mask=torch.from_numpy(pad)).numpy()
            assert np.allclose(got, want, atol=1e-5), "NumPy and PyTorch disagree (norm_first=%s)" % norm_first
        print("PyTorch's TransformerEncoderLayer gives the same outputs")
    except ImportError:
        print("PyTorch not installed: golden values from the NumPy implementation of PyTorch's formulas")
    tensors = {"layer." + k: v for k, v in p.items()}
    tensors.update({"input": x, "key_padding_mask": pad, "expected_post_norm": post, "expected_pre_norm": pre})
    return tensors, {"producer": "numpy", "module": "torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0, batch_first)"}


def main(argv):
    if len(argv) == 3 and argv[1] == "write-fixture":
        t, m = fixture()
        write(argv[2], t, m)
        print("wrote", argv[2])
    elif len(argv) == 3 and argv[1] == "write-encoder-fixture":
        t, m = encoder_fixture()
        write(argv[2], t, m)
        print("wrote", argv[2])
    elif len(argv) == 3 and argv[1] == "check-fixture":
        got, meta = read(argv[2])
        want, _ = fixture()
        assert set(got) == set(want), (sorted(got), sorted(want))
        for k in want:
            assert got[k].dtype == want[k].dtype and got[k].shape == want[k].shape, k
            assert np.array_equal(got[k], want[k]), k
        print("fixture values match exactly:", ", ".join(sorted(got)))
    elif len(argv) == 3 and argv[1] == "read":
        got, meta = read(argv[2])
        print("metadata:", meta)
        for k, v in got.items():
            print("%-30s %-5s %-12s %s" % (k, CODES.get(v.dtype, v.dtype), list(v.shape), np.array2string(v.ravel()[:6])))
        try:
            import torch  # noqa: F401
            from safetensors.torch import load_file
            tt = load_file(argv[2])
            for k, v in got.items():
                assert np.array_equal(tt[k].numpy(), v), k
            print("torch (safetensors.torch) reads identical values")
        except ImportError:
            print("PyTorch / safetensors not installed: checked with NumPy only")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
