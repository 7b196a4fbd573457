#!/usr/bin/env python3
"""PyTorch CPU baseline for nn's Fashion-MNIST evidence (same data, models, optimizer and batch size as
io.github.tensorforge.nn.evidence.FashionMnistEvidence).

usage: /usr/bin/python3 nn/scripts/torch_fashion_mnist.py mlp|cnn [epochs] [train_limit] [data_dir] [threads]
Data: the three gzipped IDX train parts (60,000 images) and t10k (10,000), pixels scaled to [0, 1].
MLP 784-256-128-10 ReLU; CNN Conv(1->16,3)-ReLU-MaxPool2-Conv(16->32,3)-ReLU-MaxPool2-Flatten-Linear(800->10).
Adam lr 1e-3, batch 64, shuffled every epoch, fixed epochs; the test set is evaluated once at the end.
"""
import gzip
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    nd = data[3]
    dims = struct.unpack(">" + "i" * nd, data[4:4 + 4 * nd])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "mlp"
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 60000
    root = Path(sys.argv[4] if len(sys.argv) > 4 else "../shared/data/fashion-mnist")
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    xs, ys = [], []
    for k in (1, 2, 3):
        xs.append(read_idx(root / f"train-part{k}-images-idx3-ubyte.gz"))
        ys.append(read_idx(root / f"train-part{k}-labels-idx1-ubyte.gz"))
    x = torch.tensor(np.concatenate(xs)[:limit], dtype=torch.float32) / 255
    y = torch.tensor(np.concatenate(ys)[:limit].astype(np.int64))
    xt = torch.tensor(read_idx(root / "t10k-images-idx3-ubyte.gz"), dtype=torch.float32) / 255
    yt = torch.tensor(read_idx(root / "t10k-labels-idx1-ubyte.gz").astype(np.int64))
    if kind == "cnn":
        x, xt = x.reshape(-1, 1, 28, 28), xt.reshape(-1, 1, 28, 28)
        model = nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Linear(32 * 5 * 5, 10))
    else:
        x, xt = x.reshape(-1, 784), xt.reshape(-1, 784)
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(7)
    times = []
    for epoch in range(epochs):
        model.train()
        t0 = time.perf_counter()
        perm = torch.randperm(len(x), generator=gen)
        total, steps = 0.0, 0
        for i in range(0, len(x), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item()
            steps += 1
        times.append(time.perf_counter() - t0)
        print(f"epoch {epoch + 1}: {times[-1]:.1f} s, mean train loss {total / steps:.4f}", flush=True)
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(xt[i:i + 500]).argmax(1) for i in range(0, len(xt), 500)])
    acc = (pred == yt).float().mean().item()
    print(f"RESULT torch {torch.__version__} fashion-mnist {kind} threads={threads} epochs={epochs} train={len(x)}: "
          f"test accuracy {acc:.4f}, {sum(times) / len(times):.1f} s/epoch (mean)")


if __name__ == "__main__":
    main()
