#!/usr/bin/python3
"""Per-tap comparison of two `llmembed features export --features taps` exports of the same split (e.g. a backbone and
its int8 variant): for every tap, the cosine of the two vectors of each text (mean, 1st percentile, worst) and the test
accuracy of a scikit-learn logistic regression (StandardScaler + LogisticRegressionCV, 5 stratified folds) on that tap
alone, then the same for the mean of taps --layers (the `layers` recipe). Prints one Markdown table. Debian's
python3-sklearn and python3-numpy."""
import argparse
import json

import numpy as np
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler


def load(directory):
    with open(f"{directory}/labels.json", encoding="utf-8") as f:
        labels = json.load(f)
    return np.load(f"{directory}/train.npy"), np.load(f"{directory}/test.npy"), np.array(labels["train"]), np.array(labels["test"])


def accuracy(train, test, y_train, y_test):
    scaler = StandardScaler().fit(train)
    model = LogisticRegressionCV(Cs=[1e-3, 1e-2, 1e-1, 1], cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0),
                                 max_iter=1000).fit(scaler.transform(train), y_train)
    return float(np.mean(model.predict(scaler.transform(test)) == y_test))


def cosines(a, b):
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def row(name, a, b):
    c = cosines(np.vstack([a[0], a[1]]), np.vstack([b[0], b[1]]))
    acc_a, acc_b = accuracy(a[0], a[1], a[2], a[3]), accuracy(b[0], b[1], b[2], b[3])
    print(f"| {name} | {c.mean():.4f} | {np.percentile(c, 1):.4f} | {c.min():.4f} | {acc_a:.2%} | {acc_b:.2%} | {(acc_b - acc_a) * 100:+.2f} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("a", help="export folder of the reference (e.g. fp32)")
    parser.add_argument("b", help="export folder to compare (e.g. int8)")
    parser.add_argument("--hidden", type=int, default=384, help="width of one tap")
    parser.add_argument("--layers", default="2,3,4,5,6", help="taps averaged into the `layers` row")
    args = parser.parse_args()
    a, b = load(args.a), load(args.b)
    if not (np.array_equal(a[2], b[2]) and np.array_equal(a[3], b[3])):
        raise SystemExit("the two exports hold different rows: export the same dataset, sizes and seed")
    taps = a[0].shape[1] // args.hidden
    print("| tap | cosine mean | 1st percentile | worst | accuracy a | b | Δ points |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for t in range(taps):
        cut = slice(t * args.hidden, (t + 1) * args.hidden)
        row(str(t), [x[:, cut] if x.ndim == 2 else x for x in a], [x[:, cut] if x.ndim == 2 else x for x in b])
    chosen = [int(t) for t in args.layers.split(",")]
    mean = lambda x: np.mean([x[:, t * args.hidden:(t + 1) * args.hidden] for t in chosen], axis=0)
    row(f"layers (mean of {args.layers})", [mean(a[0]), mean(a[1]), a[2], a[3]], [mean(b[0]), mean(b[1]), b[2], b[3]])


if __name__ == "__main__":
    main()
