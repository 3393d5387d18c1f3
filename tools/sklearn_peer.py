#!/usr/bin/python3
"""scikit-learn peer for `llmembed compare`: reads a feature export (train.npy, test.npy, labels.json),
fits StandardScaler + LogisticRegressionCV (lbfgs, 5 stratified folds, C over 1e-4..1e2) on the
training rows and prints one JSON line: test accuracy, fit seconds (scaler + CV + refit), chosen C and the
C grid searched. `llmembed compare` passes its own grid (--cs), so both sides search the same C values."""
import argparse
import json
import time

import numpy as np
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler


def main(directory, cs):
    train = np.load(f"{directory}/train.npy")
    test = np.load(f"{directory}/test.npy")
    with open(f"{directory}/labels.json", encoding="utf-8") as f:
        labels = json.load(f)
    y_train, y_test = np.array(labels["train"]), np.array(labels["test"])

    start = time.perf_counter()
    scaler = StandardScaler().fit(train)
    model = LogisticRegressionCV(
        Cs=cs,
        cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0),
        max_iter=1000,
        scoring="accuracy",
    ).fit(scaler.transform(train), y_train)
    seconds = time.perf_counter() - start

    accuracy = float(np.mean(model.predict(scaler.transform(test)) == y_test))
    print(json.dumps({"accuracy": accuracy, "train_seconds": seconds, "C": float(np.ravel(model.C_)[0]),
                      "Cs": [float(c) for c in model.Cs_]}))


def c_grid(text):
    values = [float(v) for v in text.split(",") if v.strip()]
    if not values or any(not (v > 0 and np.isfinite(v)) for v in values):
        raise argparse.ArgumentTypeError("--cs takes comma-separated finite positive C values")
    return values


def parse_arguments(description):
    """The command line both peers take: the export folder and --cs, the C grid (llmembed compare passes its own)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("export_dir")
    parser.add_argument("--cs", type=c_grid, default=list(np.logspace(-4, 2, 10)),
                        help="comma-separated C grid (default: 10 values log-spaced over 1e-4..1e2)")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_arguments("scikit-learn peer of llmembed compare")
    main(arguments.export_dir, arguments.cs)
