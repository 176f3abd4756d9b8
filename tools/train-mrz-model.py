#!/usr/bin/python3
"""Train the MRZ cell classifier of DocInspect's reader (ocr/mrz-ocrb.model).

Input: cells written by `mrz-cells synth` (one class byte, then 32 x 24 bytes per cell).
Output: the model in the format ocr/di-ocr-model.c reads. Needs Debian's python3-torch and
python3-numpy; runs on the CPU. Run through tools/train-mrz-model, which makes the cells.
"""
import struct
import sys

import numpy as np
import torch
from torch import nn

W, H, CLASSES = 24, 32, 37


def load(path):
    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 1 + W * H)
    labels = torch.from_numpy(raw[:, 0].astype(np.int64))
    cells = torch.from_numpy(raw[:, 1:].astype(np.float32) / 255.0).reshape(-1, 1, H, W)
    return cells, labels


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 48, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Sequential(
            nn.Flatten(), nn.Linear(48 * 4 * 3, 128), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(128, CLASSES))

    def forward(self, x):
        return self.head(self.features(x))


def jitter(x, generator):
    """Shift each cell by up to 2 pixels and vary its contrast: the grid is not exact."""
    n = x.shape[0]
    padded = nn.functional.pad(x, (2, 2, 2, 2))
    dx = torch.randint(0, 5, (n,), generator=generator)
    dy = torch.randint(0, 5, (n,), generator=generator)
    rows = (dy[:, None] + torch.arange(H))[:, :, None]
    cols = (dx[:, None] + torch.arange(W))[:, None, :]
    out = padded[torch.arange(n)[:, None, None], 0, rows, cols].unsqueeze(1)
    gain = 0.7 + 0.6 * torch.rand((n, 1, 1, 1), generator=generator)
    return (out * gain).clamp(0, 1)


def calibrate(model, vx, vy):
    """The temperature that makes the probabilities honest on the validation cells: the
    reader gates validity on them. Folded into the last layer."""
    with torch.no_grad():
        logits = torch.cat([model(vx[i:i + 4096]) for i in range(0, len(vy), 4096)])
    best_t, best_nll = 1.0, float("inf")
    for t in [0.5 + 0.05 * i for i in range(51)]:
        nll = nn.functional.cross_entropy(logits / t, vy).item()
        if nll < best_nll:
            best_t, best_nll = t, nll
    last = model.head[-1]
    with torch.no_grad():
        last.weight /= best_t
        last.bias /= best_t
    print(f"temperature {best_t:.2f}, validation log-loss {best_nll:.4f}", flush=True)


def export(model, path):
    with open(path, "wb") as f:
        f.write(b"DIMRZNN1")
        layers = []
        for m in list(model.features) + list(model.head):
            if isinstance(m, nn.Conv2d):
                layers.append((1, m))
            elif isinstance(m, nn.MaxPool2d):
                layers.append((2, None))
            elif isinstance(m, nn.Linear):
                layers.append((3, m))
        layers[-1] = (4, layers[-1][1])
        f.write(struct.pack("<4I", W, H, CLASSES, len(layers)))
        for kind, m in layers:
            f.write(struct.pack("<I", kind))
            if kind == 1:
                f.write(struct.pack("<2I", m.in_channels, m.out_channels))
            elif kind in (3, 4):
                f.write(struct.pack("<2I", m.in_features, m.out_features))
            if m is not None:
                f.write(m.weight.detach().numpy().astype("<f4").tobytes())
                f.write(m.bias.detach().numpy().astype("<f4").tobytes())


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: train-mrz-model.py TRAIN.cells VALIDATION.cells OUT.model")
    torch.manual_seed(1)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    generator = torch.Generator().manual_seed(2)
    x, y = load(sys.argv[1])
    vx, vy = load(sys.argv[2])
    model = Net()
    loss_fn = nn.CrossEntropyLoss()
    epochs, batch = 6, 256
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs * ((len(y) + batch - 1) // batch))
    print(f"{len(y)} training cells, {len(vy)} validation cells", flush=True)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(y), generator=generator)
        total = 0.0
        for i in range(0, len(y), batch):
            idx = order[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(jitter(x[idx], generator)), y[idx])
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        model.eval()
        with torch.no_grad():
            pred = torch.cat([model(vx[i:i + 4096]).argmax(1) for i in range(0, len(vy), 4096)])
        errors = (pred != vy).sum().item()
        print(f"epoch {epoch + 1}: loss {total / len(y):.4f}, validation errors {errors} of {len(vy)}"
              f" ({100 * errors / len(vy):.2f} %)", flush=True)
    model.eval()
    calibrate(model, vx, vy)
    export(model, sys.argv[3])


if __name__ == "__main__":
    main()
