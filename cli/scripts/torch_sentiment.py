#!/usr/bin/python3
"""PyTorch peer of `tensorforge train` on the comment-sentiment task (issue 7), for accuracy and speed comparisons.

What it mirrors (the Java defaults of cli TrainCommand, cli model.BagOfEmbeddings / ModelBuilder, nn
models.TransformerClassifier, nn layers, nn text.WordTokenizer, nn data.Splits / DataLoader and nn train.Trainer):
  * data: train.csv (text column `text`, label column `label`, labels trimmed) with a stratified 10% eval split drawn
    exactly like nn Splits (java.util.SplittableRandom re-implemented below, seed 42, classes sorted alphabetically,
    Fisher-Yates per class, round-half-up), dev.csv as the test set; per-epoch shuffles drawn like nn DataLoader
    (Rng(RngStream.derive(seed, epoch)).permutation), no drop-last, so the data order equals the Java run's.
  * tokenization: lower-case (Locale.ROOT), tokens = words of letters/digits with inner apostrophes, or one
    non-space, non-letter/digit character (Java's \\s is ASCII whitespace only); vocabulary = tokens seen at least twice
    in the training split, most frequent first, ties in UTF-16 order (as Java's String.compareTo), at most 50,000
    entries including <pad> = 0 and <unk> = 1; every text truncated/padded to 64 ids.
  * bow: Embedding(V, 128, padding_idx=0) (N(0,1) init, padding row zero and without gradient), mean over the real
    tokens (divided by max(count, 1)), Dropout(0.0) (our default for bow), Linear(128, 3).
  * transformer: token Embedding(V, 128, padding_idx=0) + learned positions (64, 128) initialised N(0,1), Dropout(0.1),
    2 independently initialised post-norm encoder layers (d=128, 4 heads, ff 256, ReLU, dropout 0.1 in attention,
    residuals and feed-forward, LayerNorm eps 1e-5, key padding mask from the ids), masked mean pooling, Linear(128, 3).
    Init is PyTorch's default, which is what our layers copy (Linear kaiming-uniform(a=sqrt 5), in_proj xavier-uniform,
    in_proj/out_proj biases zero); values are not bit-identical to ours (different random streams).
  * training: cross-entropy (mean), Adam lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, batch 64, dense
    embedding gradients (sparse=False), evaluation on the eval split at every epoch end (batch 256), early stopping on
    eval loss with patience 3, best-eval-loss weights restored before the dev.csv report -- as the Java trainer does.
  * timing: seconds per epoch count only the training steps (batch gather, forward, loss, backward, Adam step);
    tokenization, data order and evaluation are excluded (our TrainingHistory measures the same way).

Run (from the repository root; only /usr/bin/python3 has torch here; run it under the shared CPU lock):
  flock /tmp/tf-mvn.lock /usr/bin/python3 cli/scripts/torch_sentiment.py --model bow --epochs 5 --json /tmp/bow.json
  flock /tmp/tf-mvn.lock /usr/bin/python3 cli/scripts/torch_sentiment.py --model transformer --epochs 1
  ... --max-steps-per-epoch 100   times a partial epoch (and prints the full-epoch estimate; the first steps are
                                  slower, so a very small N overestimates: here 5 transformer steps gave ~0.95
                                  s/step, 60 steps 0.34 s/step, a full epoch 0.32 s/step)
  ... --check-tokenizer DIR/tokenizer.json   checks the vocabulary against a model saved by `tensorforge train`
The matching Java command:
  ./tensorforge train --data ../shared/data/sentiment-goemotions-3class/train.csv --text text --label label \
      --model bow --test ../shared/data/sentiment-goemotions-3class/dev.csv --out DIR
The data is read from --data-dir (default ../shared/data/sentiment-goemotions-3class next to the repository) and never
copied anywhere.
"""
import argparse
import copy
import csv
import json
import math
import os
import re
import sys
import time
from collections import Counter

import torch
import torch.nn as nn

M64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
PAD_ID, UNK_ID = 0, 1


# ---- java.util.SplittableRandom and the nn Rng helpers it backs ---------------------------------------------------
class SplittableRandom:
    """The sequence of java.util.SplittableRandom(seed).nextInt(bound), as used by core Rng.permutation."""

    def __init__(self, seed):
        self.seed = seed & M64

    def _next_seed(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & M64
        return self.seed

    def _next_int(self):  # mix32(nextSeed()) as an unsigned 32-bit value
        z = self._next_seed()
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & M64
        return (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & M64) >> 32

    def next_int(self, bound):
        r = self._next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = r >> 1
        while True:
            r = u % bound
            if u + m - r < (1 << 31):  # Java: u + m - r < 0 after int overflow means reject
                return r
            u = self._next_int() >> 1

    def permutation(self, n):
        p = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.next_int(i + 1)
            p[i], p[j] = p[j], p[i]
        return p


def derive(seed, index):
    """nn RngStream.derive: SplitMix64's finalizer of seed + gamma * (index + 1)."""
    z = (seed + GOLDEN_GAMMA * (index + 1)) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def java_round(x):
    return int(math.floor(x + 0.5))


# ---- data ----------------------------------------------------------------------------------------------------------
def read_csv(path, text_col, label_col):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if r]  # blank lines are skipped, as our CsvReader does
    header = [c.strip() for c in rows[0]]
    if text_col not in header or label_col not in header:
        sys.exit(f"{path}: needs columns '{text_col}' and '{label_col}', has {header}")
    ti, li = header.index(text_col), header.index(label_col)
    return [r[ti] for r in rows[1:]], [r[li].strip() for r in rows[1:]]


def stratified_split(label_ids, num_classes, eval_fraction, seed):
    """nn Splits.split with test fraction 0 (dev.csv is the test set): returns sorted (train rows, eval rows)."""
    rng = SplittableRandom(seed)
    groups = [[] for _ in range(num_classes)]
    for i, y in enumerate(label_ids):
        groups[y].append(i)
    train, ev = [], []
    for g in groups:
        perm = rng.permutation(len(g))
        n_eval = java_round(len(g) * eval_fraction)
        for k, p in enumerate(perm):
            (ev if k < n_eval else train).append(g[p])
    return sorted(train), sorted(ev)


# Java: [\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|[^\s\p{L}\p{N}] with ASCII \s. Python's \w minus '_' is letters and numbers.
TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[^\w \t\n\x0b\f\r]|_")


def split_words(text):
    return TOKEN.findall(text.lower())


class WordTokenizer:
    def __init__(self, train_texts, min_count, max_vocab, max_len):
        counts = Counter()
        for t in train_texts:
            counts.update(split_words(t))
        counts.pop("<pad>", None)
        counts.pop("<unk>", None)
        kept = [(w, c) for w, c in counts.items() if c >= min_count]
        kept.sort(key=lambda wc: (-wc[1], wc[0].encode("utf-16-be")))  # ties in Java String.compareTo order
        self.vocab = ["<pad>", "<unk>"] + [w for w, _ in kept[: max(0, max_vocab - 2)]]
        self.ids = {w: i for i, w in enumerate(self.vocab)}
        self.max_len = max_len

    def encode_all(self, texts):
        out = torch.zeros(len(texts), self.max_len, dtype=torch.long)
        for i, t in enumerate(texts):
            ids = [self.ids.get(w, UNK_ID) for w in split_words(t)[: self.max_len]]
            if ids:
                out[i, : len(ids)] = torch.tensor(ids, dtype=torch.long)
        return out


# ---- models --------------------------------------------------------------------------------------------------------
class BagOfEmbeddings(nn.Module):
    def __init__(self, vocab, dim, classes, dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, padding_idx=PAD_ID)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(dim, classes)

    def forward(self, ids):
        e = self.embedding(ids)  # padding rows are zero
        count = (ids != PAD_ID).sum(1, keepdim=True).clamp(min=1).to(e.dtype)
        return self.head(self.dropout(e.sum(1) / count))


class TransformerClassifier(nn.Module):
    def __init__(self, vocab, max_len, d, heads, layers, ff, classes, dropout):
        super().__init__()
        self.tokens = nn.Embedding(vocab, d, padding_idx=PAD_ID)
        self.positions = nn.Parameter(torch.randn(max_len, d))
        self.dropout = nn.Dropout(dropout)
        # separate instances (not nn.TransformerEncoder's deep copies) so each layer has its own init, as ours
        self.layers = nn.ModuleList(nn.TransformerEncoderLayer(d, heads, ff, dropout, activation="relu",
                                                               batch_first=True, norm_first=False)
                                    for _ in range(layers))
        self.head = nn.Linear(d, classes)

    def forward(self, ids):
        pad = ids == PAD_ID
        h = self.dropout(self.tokens(ids) + self.positions[: ids.shape[1]])
        # ours masks with -1e9, so an all-padding row attends uniformly instead of giving NaN; its pooled vector
        # is zero either way, so unmasking one key of such rows is equivalent
        attn_pad = pad
        empty = pad.all(1)
        if bool(empty.any()):
            attn_pad = pad.clone()
            attn_pad[empty, 0] = False
        for layer in self.layers:
            h = layer(h, src_key_padding_mask=attn_pad)
        keep = (~pad).to(h.dtype)
        pooled = (h * keep.unsqueeze(2)).sum(1) / keep.sum(1, keepdim=True).clamp(min=1.0)
        return self.head(pooled)


# ---- evaluation ----------------------------------------------------------------------------------------------------
def evaluate(model, loss_fn, x, y, num_classes, batch=256):
    was = model.training
    model.eval()
    cm = torch.zeros(num_classes, num_classes, dtype=torch.long)
    loss_sum = 0.0
    with torch.no_grad():
        for s in range(0, x.shape[0], batch):
            xb, yb = x[s: s + batch], y[s: s + batch]
            out = model(xb)
            loss_sum += float(loss_fn(out, yb)) * xb.shape[0]
            pred = out.argmax(-1)
            cm += torch.bincount(yb * num_classes + pred, minlength=num_classes * num_classes).view(num_classes, -1)
    model.train(was)
    f1s = []
    for c in range(num_classes):
        tp = int(cm[c, c])
        predicted, actual = int(cm[:, c].sum()), int(cm[c, :].sum())
        p = tp / predicted if predicted else 0.0
        r = tp / actual if actual else 0.0
        f1s.append(0.0 if p + r == 0 else 2 * p * r / (p + r))
    return {"loss": loss_sum / x.shape[0], "accuracy": int(cm.diag().sum()) / x.shape[0],
            "macro_f1": sum(f1s) / num_classes}


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser(description="PyTorch peer of `tensorforge train` on sentiment-goemotions-3class.")
    ap.add_argument("--model", choices=["bow", "transformer"], required=True)
    ap.add_argument("--data-dir", default=os.path.join(root, "..", "shared", "data", "sentiment-goemotions-3class"))
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-steps-per-epoch", type=int, default=None,
                    help="train only N steps per epoch, to time a partial epoch; the first steps of a process are "
                         "slower (warm-up), so use at least ~100 for a full-epoch estimate")
    ap.add_argument("--patience", type=int, default=3, help="early stopping on eval loss (0 = never), as ours")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--foreach", action="store_true",
                    help="Adam's multi-tensor (foreach) path; default: PyTorch 1.13's default, the single-tensor loop")
    ap.add_argument("--json", default=None, help="write the results here")
    ap.add_argument("--check-tokenizer", default=None, metavar="FILE",
                    help="tokenizer.json of a model directory saved by `tensorforge train` on the same data: "
                         "report whether its vocabulary (words and ids) equals this script's")
    a = ap.parse_args()
    if a.epochs <= 0 or a.batch_size <= 0 or a.threads <= 0:
        ap.error("--epochs, --batch-size and --threads must be positive")
    if a.max_steps_per_epoch is not None and a.max_steps_per_epoch <= 0:
        ap.error("--max-steps-per-epoch must be positive")
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    train_csv, dev_csv = os.path.join(a.data_dir, "train.csv"), os.path.join(a.data_dir, "dev.csv")
    for f in (train_csv, dev_csv):
        if not os.path.isfile(f):
            sys.exit(f"missing {f}: the sentiment data lives in ../shared/data next to the repository (see --data-dir)")
    texts, labels = read_csv(train_csv, "text", "label")
    dev_texts, dev_labels = read_csv(dev_csv, "text", "label")
    classes = sorted(set(labels))  # not whole numbers: alphabetical, as cli Encoding.classesOf
    cid = {c: i for i, c in enumerate(classes)}
    y_all = [cid[l] for l in labels]
    train_rows, eval_rows = stratified_split(y_all, len(classes), 0.1, a.seed)
    tok = WordTokenizer([texts[i] for i in train_rows], min_count=2, max_vocab=50000, max_len=64)
    x_all = tok.encode_all(texts)
    y_all = torch.tensor(y_all, dtype=torch.long)
    idx_train, idx_eval = torch.tensor(train_rows), torch.tensor(eval_rows)
    x_tr, y_tr, x_ev, y_ev = x_all[idx_train], y_all[idx_train], x_all[idx_eval], y_all[idx_eval]
    x_dev = tok.encode_all(dev_texts)
    y_dev = torch.tensor([cid[l] for l in dev_labels], dtype=torch.long)
    print(f"data: {train_csv}, {len(texts)} rows -> train {len(train_rows)}, eval {len(eval_rows)}, "
          f"test {len(dev_texts)} ({dev_csv})")
    print(f"text: vocabulary {len(tok.vocab)} words (min count 2), 64 tokens per text; classes {classes}")
    vocab_check = None
    if a.check_tokenizer:
        with open(a.check_tokenizer, encoding="utf-8") as f:
            theirs = json.load(f)["vocab"]
        diff = next((i for i, (p, q) in enumerate(zip(tok.vocab, theirs)) if p != q), None)
        vocab_check = diff is None and len(theirs) == len(tok.vocab)
        if vocab_check:
            verdict = "identical words and ids"
        elif diff is not None:
            verdict = f"DIFFERENT (first at id {diff}: {tok.vocab[diff]!r} here, {theirs[diff]!r} there)"
        else:
            verdict = f"DIFFERENT sizes ({len(tok.vocab)} here)"
        print(f"tokenizer check against {a.check_tokenizer}: {len(theirs)} words there, {verdict}")

    if a.model == "bow":
        model = BagOfEmbeddings(len(tok.vocab), 128, len(classes), 0.0)
    else:
        model = TransformerClassifier(len(tok.vocab), 64, 128, 4, 2, 256, len(classes), 0.1)
    params = sum(p.numel() for p in model.parameters())
    embedding = model.embedding if a.model == "bow" else model.tokens
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                           foreach=True if a.foreach else None)
    print(f"model: {a.model}, {params:,} parameters; torch {torch.__version__}, {torch.get_num_threads()} threads; "
          f"adam {'foreach' if opt.param_groups[0]['foreach'] else 'single-tensor'}, batch {a.batch_size}")

    n = x_tr.shape[0]
    steps_full = (n + a.batch_size - 1) // a.batch_size
    seconds, evals, train_loss = [], [], []
    best, best_state, bad, stopped_early = None, None, 0, False
    model.train()
    for epoch in range(a.epochs):
        order = torch.tensor(SplittableRandom(derive(a.seed, epoch)).permutation(n))
        steps = steps_full if a.max_steps_per_epoch is None else min(steps_full, a.max_steps_per_epoch)
        loss_sum = 0.0
        t0 = time.perf_counter()
        for b in range(steps):
            idx = order[b * a.batch_size: (b + 1) * a.batch_size]
            xb, yb = x_tr[idx], y_tr[idx]
            out = model(xb)
            loss = loss_fn(out, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += loss.item()
        secs = time.perf_counter() - t0
        emb_grad_sparse = embedding.weight.grad.is_sparse
        seconds.append(secs)
        train_loss.append(loss_sum / steps)
        m = evaluate(model, loss_fn, x_ev, y_ev, len(classes))
        evals.append(m)
        improved = best is None or m["loss"] < best
        if improved:
            best, bad = m["loss"], 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad += 1
        est = "" if steps == steps_full else f" ({steps} of {steps_full} steps; full epoch ~{secs / steps * steps_full:.1f} s)"
        print(f"epoch {epoch + 1}: {secs:.2f} s training{est}, train loss {train_loss[-1]:.4f}, eval loss "
              f"{m['loss']:.4f}, eval accuracy {m['accuracy']:.4f}, eval macro-F1 {m['macro_f1']:.4f}"
              f"{' *' if improved else ''}", flush=True)
        if a.patience > 0 and bad >= a.patience:
            stopped_early = True
            print(f"stopped early: eval loss did not improve for {a.patience} epochs")
            break
    model.load_state_dict(best_state)
    dev = evaluate(model, loss_fn, x_dev, y_dev, len(classes))
    print(f"dev.csv (best eval-loss epoch {min(range(len(evals)), key=lambda i: evals[i]['loss']) + 1}): "
          f"accuracy {dev['accuracy']:.4f}, macro-F1 {dev['macro_f1']:.4f}, loss {dev['loss']:.4f}; "
          f"{sum(seconds) / len(seconds):.2f} s per epoch (training only)")
    result = {"peer": "pytorch", "torch": torch.__version__, "model": a.model, "batch_size": a.batch_size,
              "threads": torch.get_num_threads(), "epochs_run": len(seconds), "stopped_early": stopped_early,
              "steps_per_epoch": steps_full, "max_steps_per_epoch": a.max_steps_per_epoch,
              "seconds_per_epoch": seconds,
              "seconds_per_full_epoch_estimate": [s / (steps_full if a.max_steps_per_epoch is None else
                                                       min(steps_full, a.max_steps_per_epoch)) * steps_full
                                                  for s in seconds],
              "train_loss_per_epoch": train_loss, "eval_per_epoch": evals,
              "dev_accuracy": dev["accuracy"], "dev_macro_f1": dev["macro_f1"], "dev_loss": dev["loss"],
              "vocab_size": len(tok.vocab), "vocab_equals_checked_tokenizer": vocab_check, "train_rows": len(train_rows), "eval_rows": len(eval_rows),
              "dev_rows": len(dev_texts), "parameters": params, "adam": "foreach" if opt.param_groups[0]["foreach"] else "single-tensor",
              "embedding_grad": "sparse" if emb_grad_sparse else "dense"}
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=2)
        print(f"wrote {a.json}")


if __name__ == "__main__":
    main()
