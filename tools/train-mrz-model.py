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
            nn.Conv2d(1, 12, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(12, 24, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(24, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Sequential(
            nn.Flatten(), nn.Linear(32 * 4 * 3, 96), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(96, CLASSES))

    def forward(self, x):
        return self.head(self.features(x))


def jitter(x, generator):
    """Shift each cell by up to 2 pixels and vary its contrast: the grid is not exact."""
    n = x.shape[0]
    dx = torch.randint(-2, 3, (n,), generator=generator)
    dy = torch.randint(-2, 3, (n,), generator=generator)
    out = torch.zeros_like(x)
    for sx in range(-2, 3):
        for sy in range(-2, 3):
            sel = (dx == sx) & (dy == sy)
            if sel.any():
                out[sel] = torch.roll(x[sel], shifts=(sy, sx), dims=(2, 3))
    gain = 0.7 + 0.6 * torch.rand((n, 1, 1, 1), generator=generator)
    return (out * gain).clamp(0, 1)


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
        last_kind, last = layers[-1]
        layers[-1] = (4, last)
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
    counts = torch.bincount(y, minlength=CLASSES).float()
    weights = (counts.sum() / (CLASSES * counts.clamp(min=1))).clamp(max=5.0)
    model = Net()
    loss_fn = nn.CrossEntropyLoss(weight=weights, label_smoothing=0.02)
    epochs, batch = 14, 256
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
    export(model, sys.argv[3])


if __name__ == "__main__":
    main()
