#!/usr/bin/python3
"""PyTorch peer of `tensorforge train --model bert` (issue 21): the same fine-tuned weights give the same outputs, and
the same fine-tune runs at comparable speed. Plain PyTorch and NumPy only (the Debian python3-torch package): the BERT,
the safetensors reader and the WordPiece tokenizer are written out below.

What it mirrors:
  * the model: Hugging Face's BertForSequenceClassification as our nn models.BertClassifier computes it (word +
    position + token-type embeddings, post-norm layers, erf GELU, additive mask of the float32 minimum, LayerNorm eps
    from config.json), pooled by config.json's `tensorforge_pooling` (mean over the real tokens, or the pooler's
    tanh(dense([CLS])) / the [CLS] state), then dropout and the linear head. Names are Hugging Face's, so a directory
    written by `tensorforge train --model bert` loads with load_state_dict(strict=True).
  * the tokenizer: tokenizer.json's BertNormalizer (clean text, CJK spacing, accents stripped, lower-cased),
    BertPreTokenizer (whitespace and punctuation), WordPiece (greedy longest match, `##`, [UNK] for a word that does
    not split or has more than max_input_chars_per_word characters), [CLS] ... [SEP], truncation at max_length.
  * training (`finetune`): cross-entropy (mean), AdamW (betas 0.9/0.999, eps 1e-8, weight decay 0.01 except biases and
    LayerNorm weights), linear warm-up over 10% of the steps then linear decay, gradients clipped at norm 1.0, dropout
    0.1 (config.json's hidden dropout when it has one), batches of 32 padded to their longest row, rows of similar
    length batched together (windows of 50 batches sorted by length, then the batches shuffled) as `--bucket` does.
    Seconds per epoch count the training steps only (as our TrainingHistory does).

Commands (from the repository root; only /usr/bin/python3 has torch here):
  # outputs: log-probabilities of the first 64 dev comments, against `tensorforge predict --json` on the same rows
  ./tensorforge predict --model DIR --data dev64.csv --json > ours.json
  /usr/bin/python3 cli/scripts/torch_bert.py outputs DIR --data dev64.csv --ours ours.json
  # speed: one epoch over the first N training comments, against
  # ./tensorforge train --model bert --pretrained DIR --data train.csv --text text --label label --limit N \
  #     --eval-fraction 0 --test-fraction 0 --epochs 1 --bucket --out OUT
  /usr/bin/python3 cli/scripts/torch_bert.py finetune DIR --data train.csv --limit N --threads 2
DIR is a Hugging Face directory (config.json, model.safetensors, tokenizer.json), e.g. one `tensorforge train --model
bert` wrote; `finetune` starts from its encoder (bert.*) with a fresh head, as `--pretrained DIR` does.
"""
import argparse
import csv
import json
import math
import struct
import sys
import time
import unicodedata

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# ---- safetensors ---------------------------------------------------------------------------------------------------

def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, v in header.items():
        if name == "__metadata__":
            continue
        start, end = v["data_offsets"]
        raw = data[start:end]
        if v["dtype"] == "F32":
            a = np.frombuffer(raw, dtype="<f4")
        elif v["dtype"] == "F16":
            a = np.frombuffer(raw, dtype="<f2").astype(np.float32)
        elif v["dtype"] == "BF16":
            a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise ValueError(f"{path}: {name} has dtype {v['dtype']}, not a float")
        out[name] = torch.from_numpy(a.reshape(v["shape"]).copy())
    return out


# ---- tokenizer ----------------------------------------------------------------------------------------------------

def _is_control(c):
    return c not in "\t\n\r" and unicodedata.category(c).startswith("C")


def _is_whitespace(c):
    return c in " \t\n\r" or unicodedata.category(c) == "Zs"


def _is_punctuation(c):
    o = ord(c)
    return 33 <= o <= 47 or 58 <= o <= 64 or 91 <= o <= 96 or 123 <= o <= 126 or unicodedata.category(c).startswith("P")


def _is_cjk(o):
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2A6DF or 0x2A700 <= o <= 0x2B73F
            or 0x2B740 <= o <= 0x2B81F or 0x2B820 <= o <= 0x2CEAF or 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F)


class WordPiece:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            t = json.load(f)
        m = t["model"]
        if m.get("type") != "WordPiece":
            raise ValueError(f"{path}: only WordPiece tokenizers, this is {m.get('type')}")
        self.vocab = m["vocab"]
        self.unk = self.vocab[m.get("unk_token", "[UNK]")]
        self.prefix = m.get("continuing_subword_prefix", "##")
        self.max_chars = m.get("max_input_chars_per_word", 100)
        n = t.get("normalizer") or {}
        self.clean = n.get("clean_text", True)
        self.cjk = n.get("handle_chinese_chars", True)
        self.lower = n.get("lowercase", True)
        sa = n.get("strip_accents")
        self.strip = self.lower if sa is None else sa
        self.cls, self.sep = self.vocab["[CLS]"], self.vocab["[SEP]"]
        self.pad = self.vocab.get((t.get("padding") or {}).get("pad_token", "[PAD]"), 0)
        self.max_length = (t.get("truncation") or {}).get("max_length", 512)

    def normalize(self, text):
        if self.clean:
            text = "".join(" " if _is_whitespace(c) else c for c in text
                           if not (c == "\0" or c == "\ufffd" or _is_control(c)))
        if self.cjk:
            text = "".join(f" {c} " if _is_cjk(ord(c)) else c for c in text)
        if self.strip:
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        if self.lower:
            text = text.lower()
        return text

    def words(self, text):
        out, cur = [], []
        for c in text:
            if _is_whitespace(c):
                if cur:
                    out.append("".join(cur))
                    cur = []
            elif _is_punctuation(c):
                if cur:
                    out.append("".join(cur))
                    cur = []
                out.append(c)
            else:
                cur.append(c)
        if cur:
            out.append("".join(cur))
        return out

    def pieces(self, word):
        if len(word) > self.max_chars:
            return [self.unk]
        out, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                s = word[start:end] if start == 0 else self.prefix + word[start:end]
                if s in self.vocab:
                    found = self.vocab[s]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            out.append(found)
            start = end
        return out

    def encode(self, text):
        ids = [p for w in self.words(self.normalize(text)) for p in self.pieces(w)]
        return [self.cls] + ids[:self.max_length - 2] + [self.sep]


# ---- the model ----------------------------------------------------------------------------------------------------

class Node(nn.Module):
    """A named container, so that parameter names are Hugging Face's (encoder.layer.0.attention.self.query.weight)."""
    def __init__(this, **children):  # not `self`: one child is named self (attention.self)
        super().__init__()
        for k, v in children.items():
            setattr(this, k, v)


class Layer(nn.Module):
    def __init__(self, h, heads, inter, eps, p):
        super().__init__()
        self.heads = heads
        self.attention = Node(self=Node(query=nn.Linear(h, h), key=nn.Linear(h, h), value=nn.Linear(h, h)),
                              output=Node(dense=nn.Linear(h, h), LayerNorm=nn.LayerNorm(h, eps=eps)))
        self.intermediate = Node(dense=nn.Linear(h, inter))
        self.output = Node(dense=nn.Linear(inter, h), LayerNorm=nn.LayerNorm(h, eps=eps))
        self.drop = nn.Dropout(p)

    def forward(self, x, additive):
        b, t, h = x.shape
        d = h // self.heads
        s = self.attention.self
        split = lambda y: y.view(b, t, self.heads, d).transpose(1, 2)
        q, k, v = split(s.query(x)), split(s.key(x)), split(s.value(x))
        probs = self.drop(torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + additive, dim=-1))
        ctx = (probs @ v).transpose(1, 2).reshape(b, t, h)
        a = self.attention.output
        x = a.LayerNorm(x + self.drop(a.dense(ctx)))
        y = self.output.dense(F.gelu(self.intermediate.dense(x)))
        return self.output.LayerNorm(x + self.drop(y))


class BertClassifier(nn.Module):
    def __init__(self, cfg, num_labels, pooling, dropout):
        super().__init__()
        h, eps = cfg["hidden_size"], cfg.get("layer_norm_eps", 1e-12)
        self.pooling = pooling
        self.bert = Node(
            embeddings=Node(word_embeddings=nn.Embedding(cfg["vocab_size"], h),
                            position_embeddings=nn.Embedding(cfg["max_position_embeddings"], h),
                            token_type_embeddings=nn.Embedding(cfg.get("type_vocab_size", 2), h),
                            LayerNorm=nn.LayerNorm(h, eps=eps)),
            encoder=Node(layer=nn.ModuleList([Layer(h, cfg["num_attention_heads"], cfg["intermediate_size"], eps, dropout)
                                              for _ in range(cfg["num_hidden_layers"])])))
        self.has_pooler = False
        self.drop = nn.Dropout(dropout)
        self.classifier = nn.Linear(h, num_labels)

    def add_pooler(self, h):
        self.bert.pooler = Node(dense=nn.Linear(h, h))
        self.has_pooler = True

    def forward(self, ids, mask):
        e = self.bert.embeddings
        t = ids.shape[1]
        x = e.word_embeddings(ids) + e.position_embeddings(torch.arange(t))[None] + e.token_type_embeddings(torch.zeros_like(ids))
        x = self.drop(e.LayerNorm(x))
        additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.bert.encoder.layer:
            x = layer(x, additive)
        if self.pooling == "mean":
            m = mask[:, :, None].float()
            pooled = (x * m).sum(1) / m.sum(1).clamp(min=1e-9)
        elif self.has_pooler:
            pooled = torch.tanh(self.bert.pooler.dense(x[:, 0]))
        else:
            pooled = x[:, 0]
        return self.classifier(self.drop(pooled))


def load(directory, fresh_head_labels=None):
    with open(f"{directory}/config.json") as f:
        cfg = json.load(f)
    state = read_safetensors(f"{directory}/model.safetensors")
    state = {k if k.startswith(("bert.", "classifier.")) else "bert." + k: v for k, v in state.items()}
    labels = fresh_head_labels or cfg["num_labels"]
    dropout = cfg.get("hidden_dropout_prob", 0.1)
    model = BertClassifier(cfg, labels, cfg.get("tensorforge_pooling", "cls"), dropout)
    if "bert.pooler.dense.weight" in state:
        model.add_pooler(cfg["hidden_size"])
    if fresh_head_labels is not None:  # the encoder only, a head as Hugging Face starts it: N(0, 0.02), bias 0
        state = {k: v for k, v in state.items() if not k.startswith("classifier.")}
        nn.init.normal_(model.classifier.weight, 0, 0.02)
        nn.init.zeros_(model.classifier.bias)
        missing, unexpected = model.load_state_dict(state, strict=False)
        assert set(missing) == {"classifier.weight", "classifier.bias"} and not unexpected, (missing, unexpected)
    else:
        model.load_state_dict(state, strict=True)
    return model, cfg, WordPiece(f"{directory}/tokenizer.json")


def batch(encoded, pad):
    t = max(len(e) for e in encoded)
    ids = torch.full((len(encoded), t), pad, dtype=torch.long)
    mask = torch.zeros((len(encoded), t), dtype=torch.long)
    for i, e in enumerate(encoded):
        ids[i, :len(e)] = torch.tensor(e)
        mask[i, :len(e)] = 1
    return ids, mask


def read_csv(path, text, label, limit):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows = rows[:limit] if limit else rows
    return [r[text] for r in rows], [r[label].strip() if label else None for r in rows]


# ---- commands -----------------------------------------------------------------------------------------------------

def outputs(a):
    model, cfg, tok = load(a.dir)
    model.eval()
    texts, _ = read_csv(a.data, a.text, None, a.limit)
    labels = [cfg["id2label"][str(i)] for i in range(cfg["num_labels"])]
    with torch.no_grad():
        logp = torch.cat([F.log_softmax(model(*batch([tok.encode(t) for t in texts[i:i + 16]], tok.pad)), -1)
                          for i in range(0, len(texts), 16)])
    with open(a.ours) as f:
        ours = json.load(f)["predictions"]
    if len(ours) != len(texts):
        sys.exit(f"{a.ours} has {len(ours)} predictions for {len(texts)} texts")
    mine = torch.tensor([[math.log(p["probabilities"][l]) for l in labels] for p in ours], dtype=torch.float64)
    prob_diff = (mine.exp() - logp.double().exp()).abs().max().item()
    logp_diff = (mine - logp.double()).abs().max().item()
    agree = sum(int(mine[i].argmax() == logp[i].argmax()) for i in range(len(texts)))
    print(f"{len(texts)} texts: max |log-probability difference| {logp_diff:.3g}, max |probability difference| "
          f"{prob_diff:.3g}, same label {agree}/{len(texts)}")
    if logp_diff > a.tolerance:
        sys.exit(f"FAIL: the log-probabilities differ by more than {a.tolerance}")


def finetune(a):
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    texts, labels = read_csv(a.data, a.text, a.label, a.limit)
    classes = sorted(set(labels))
    y = torch.tensor([classes.index(l) for l in labels])
    model, cfg, tok = load(a.dir, fresh_head_labels=len(classes))
    tok.max_length = a.max_len
    encoded = [tok.encode(t) for t in texts]
    no_decay = [p for n, p in model.named_parameters() if n.endswith(".bias") or "LayerNorm" in n]
    decay = [p for n, p in model.named_parameters() if not (n.endswith(".bias") or "LayerNorm" in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    per_epoch = (len(texts) + a.batch_size - 1) // a.batch_size
    total = per_epoch * a.epochs
    warm = round(0.1 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: s / max(1, warm) if s < warm else max(0.0, (total - s) / (total - warm)))
    g = torch.Generator().manual_seed(a.seed)
    model.train()
    step_times = []
    for epoch in range(a.epochs):
        order = torch.randperm(len(texts), generator=g).tolist()
        window = a.batch_size * 50
        for w in range(0, len(order), window):  # --bucket: sort by length within windows of 50 batches
            order[w:w + window] = sorted(order[w:w + window], key=lambda i: -len(encoded[i]))
        batches = [order[i:i + a.batch_size] for i in range(0, len(order), a.batch_size)]
        batches = [batches[i] for i in torch.randperm(len(batches), generator=g).tolist()]
        t_epoch, loss_sum = time.perf_counter(), 0.0
        for rows in batches:
            t0 = time.perf_counter()
            ids, mask = batch([encoded[i] for i in rows], tok.pad)
            loss = F.cross_entropy(model(ids, mask), y[rows])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            loss_sum += loss.item()
            step_times.append(time.perf_counter() - t0)
        secs = time.perf_counter() - t_epoch
        print(f"epoch {epoch + 1}: {secs:.1f} s ({1000 * secs / len(batches):.0f} ms per step, "
              f"{len(texts) / secs:.1f} samples/s), mean loss {loss_sum / len(batches):.4f}")
    steady = step_times[5:] or step_times
    print(f"torch {torch.__version__}, {a.threads} threads, batch {a.batch_size}, max-len {a.max_len}, {len(texts)} rows: "
          f"median step {1000 * float(np.median(steady)):.0f} ms")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    o = sub.add_parser("outputs", help="compare log-probabilities with `tensorforge predict --json`")
    o.add_argument("dir")
    o.add_argument("--data", required=True)
    o.add_argument("--text", default="text")
    o.add_argument("--limit", type=int, default=64)
    o.add_argument("--ours", required=True, help="the output of tensorforge predict --json on the same rows")
    o.add_argument("--tolerance", type=float, default=1e-4)
    f = sub.add_parser("finetune", help="time the fine-tune of `train --model bert --bucket`")
    f.add_argument("dir")
    f.add_argument("--data", required=True)
    f.add_argument("--text", default="text")
    f.add_argument("--label", default="label")
    f.add_argument("--limit", type=int, default=3200)
    f.add_argument("--epochs", type=int, default=1)
    f.add_argument("--batch-size", type=int, default=32)
    f.add_argument("--max-len", type=int, default=64)
    f.add_argument("--lr", type=float, default=3e-5)
    f.add_argument("--threads", type=int, default=2)
    f.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    outputs(a) if a.command == "outputs" else finetune(a)


if __name__ == "__main__":
    main()
