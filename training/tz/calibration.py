"""Temperature scaling and expected calibration error."""

import numpy as np
import torch
import torch.nn.functional as F


def fit_temperature(logits, labels, dim_classes=-1):
    """Fit one temperature T minimising NLL of softmax(logits / T).
    logits: tensor [..., C]; labels: long tensor with matching leading shape."""
    logits = logits.detach().reshape(-1, logits.shape[-1])
    labels = labels.reshape(-1)
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(logits / log_t.exp(), labels)
        loss.backward()
        return loss

    opt.step(closure)
    return float(log_t.exp().item())


def ece(probs, labels, n_bins=15):
    """Expected calibration error (top-label), probs np [N,C], labels np [N]."""
    conf = probs.max(axis=1)
    pred = probs.argmax(axis=1)
    acc = (pred == labels).astype(np.float64)
    bins = np.linspace(0.0, 1.0, n_bins + 1)
    total = 0.0
    for lo, hi in zip(bins[:-1], bins[1:]):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            total += sel.mean() * abs(acc[sel].mean() - conf[sel].mean())
    return float(total)
