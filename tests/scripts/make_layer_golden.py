#!/usr/bin/env python3
"""Golden values from PyTorch for the nn layers BatchNorm1d/2d, GroupNorm, Conv1d, LSTM and GRU.

For each case it builds the PyTorch layer (float64, fixed seed), and records its state dict, an input, the output,
and the gradients of loss = sum(output * R) (+ the final states times their own R for the recurrent layers) with
respect to the input and every parameter. Batch norm cases also record the running statistics after the training
step and an eval-mode output. LayerGoldenTest loads the state dict into the TensorForge layer and compares all of it.

Usage (from the repository root; needs PyTorch, e.g. Debian's python3-torch):
    /usr/bin/python3 tests/scripts/make_layer_golden.py
"""
import json
import os
import sys

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "layer_golden.json")
torch.manual_seed(20261207)
torch.set_default_dtype(torch.float64)


def t(x):
    x = x.detach()
    return {"shape": list(x.shape), "data": [float(v) for v in x.flatten().tolist()]}


cases = []


def run(name, config, module, x, lengths=None, eval_input=None, h0=None, c0=None):
    module.train()
    state = {k: t(v) for k, v in module.state_dict().items()}
    x = x.clone().requires_grad_(True)
    case = {"name": name, "config": config, "state": state, "input": t(x)}
    if isinstance(module, (nn.LSTM, nn.GRU)):
        initial = None
        if h0 is not None:
            initial = (h0, c0) if isinstance(module, nn.LSTM) else h0
            case["h0"] = t(h0)
            if c0 is not None:
                case["c0"] = t(c0)
        if lengths is not None:
            packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
            out, hidden = module(packed, initial)
            out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
            case["lengths"] = lengths
        else:
            out, hidden = module(x, initial)
        h, c = (hidden if isinstance(hidden, tuple) else (hidden, None))
        r, rh = torch.randn(out.shape), torch.randn(h.shape)
        loss = (out * r).sum() + (h * rh).sum()
        case.update({"output": t(out), "hidden": t(h), "r": t(r), "r_hidden": t(rh)})
        if c is not None:
            rc = torch.randn(c.shape)
            loss = loss + (c * rc).sum()
            case.update({"cell": t(c), "r_cell": t(rc)})
    else:
        out = module(x)
        r = torch.randn(out.shape)
        loss = (out * r).sum()
        case.update({"output": t(out), "r": t(r)})
    loss.backward()
    case["grad_input"] = t(x.grad)
    case["grads"] = {k: t(p.grad) for k, p in module.named_parameters()}
    if isinstance(module, nn.modules.batchnorm._BatchNorm):
        case["state_after"] = {k: t(v) for k, v in module.state_dict().items()}
        module.eval()
        with torch.no_grad():
            case["eval_input"] = t(eval_input)
            case["eval_output"] = t(module(eval_input))
    cases.append(case)


def bn(cls, channels, **kw):
    m = cls(channels, **kw)
    with torch.no_grad():  # non-trivial affine parameters and running statistics
        m.weight.uniform_(0.5, 1.5)
        m.bias.uniform_(-0.5, 0.5)
        m.running_mean.uniform_(-0.3, 0.3)
        m.running_var.uniform_(0.5, 2.0)
    return m


run("batch_norm1d (N, C)", {"type": "batch_norm1d", "channels": 4, "eps": 1e-5, "momentum": 0.1},
    bn(nn.BatchNorm1d, 4), torch.randn(6, 4) * 2 + 1, eval_input=torch.randn(3, 4))
run("batch_norm1d (N, C, L) momentum 0.3", {"type": "batch_norm1d", "channels": 4, "eps": 1e-3, "momentum": 0.3},
    bn(nn.BatchNorm1d, 4, eps=1e-3, momentum=0.3), torch.randn(3, 4, 5), eval_input=torch.randn(2, 4, 5))
run("batch_norm2d", {"type": "batch_norm2d", "channels": 2, "eps": 1e-5, "momentum": 0.1},
    bn(nn.BatchNorm2d, 2), torch.randn(3, 2, 4, 5) - 0.5, eval_input=torch.randn(2, 2, 4, 5))
gn = nn.GroupNorm(2, 6)
with torch.no_grad():
    gn.weight.uniform_(0.5, 1.5)
    gn.bias.uniform_(-0.5, 0.5)
run("group_norm", {"type": "group_norm", "groups": 2, "channels": 6, "eps": 1e-5}, gn, torch.randn(2, 6, 3, 4))
run("conv1d stride 2 padding 1", {"type": "conv1d", "in": 3, "out": 4, "kernel": 3, "stride": 2, "padding": 1},
    nn.Conv1d(3, 4, 3, stride=2, padding=1), torch.randn(2, 3, 9))
run("lstm 2 layers bidirectional, variable lengths",
    {"type": "lstm", "input_size": 5, "hidden_size": 4, "num_layers": 2, "bidirectional": True},
    nn.LSTM(5, 4, num_layers=2, bidirectional=True, batch_first=True), torch.randn(3, 6, 5), lengths=[6, 4, 1])
run("lstm 1 layer, full length, no bias",
    {"type": "lstm", "input_size": 3, "hidden_size": 5, "num_layers": 1, "bidirectional": False, "bias": False},
    nn.LSTM(3, 5, bias=False, batch_first=True), torch.randn(2, 4, 3))
run("gru bidirectional, variable lengths",
    {"type": "gru", "input_size": 4, "hidden_size": 3, "num_layers": 1, "bidirectional": True},
    nn.GRU(4, 3, bidirectional=True, batch_first=True), torch.randn(3, 5, 4), lengths=[5, 2, 5])
run("gru 2 layers, full length",
    {"type": "gru", "input_size": 4, "hidden_size": 3, "num_layers": 2, "bidirectional": False},
    nn.GRU(4, 3, num_layers=2, batch_first=True), torch.randn(2, 6, 4))

run("lstm bidirectional from initial states, variable lengths",
    {"type": "lstm", "input_size": 3, "hidden_size": 2, "num_layers": 1, "bidirectional": True},
    nn.LSTM(3, 2, bidirectional=True, batch_first=True), torch.randn(2, 4, 3), lengths=[4, 2],
    h0=torch.randn(2, 2, 2), c0=torch.randn(2, 2, 2))
run("gru 2 layers from an initial state",
    {"type": "gru", "input_size": 3, "hidden_size": 2, "num_layers": 2, "bidirectional": False},
    nn.GRU(3, 2, num_layers=2, batch_first=True), torch.randn(2, 5, 3), h0=torch.randn(2, 2, 2))

doc = {"about": "Golden values computed by PyTorch (float64) with tests/scripts/make_layer_golden.py; do not edit by hand.",
       "generator": f"torch {torch.__version__}, python {sys.version.split()[0]}", "cases": cases}
with open(OUT, "w") as f:
    json.dump(doc, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")
