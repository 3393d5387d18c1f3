#!/usr/bin/python3
"""scikit-learn peer for `llmembed compare`: reads a feature export (train.npy, test.npy, labels.json),
fits StandardScaler + LogisticRegressionCV (lbfgs, 5 stratified folds, C over 1e-4..1e2) on the
training rows and prints one JSON line: test accuracy, fit seconds (scaler + CV + refit), chosen C."""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler


def main(directory):
    train = np.load(f"{directory}/train.npy")
    test = np.load(f"{directory}/test.npy")
    with open(f"{directory}/labels.json", encoding="utf-8") as f:
        labels = json.load(f)
    y_train, y_test = np.array(labels["train"]), np.array(labels["test"])

    start = time.perf_counter()
    scaler = StandardScaler().fit(train)
    model = LogisticRegressionCV(
        Cs=np.logspace(-4, 2, 10),
        cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0),
        max_iter=1000,
        scoring="accuracy",
    ).fit(scaler.transform(train), y_train)
    seconds = time.perf_counter() - start

    accuracy = float(np.mean(model.predict(scaler.transform(test)) == y_test))
    print(json.dumps({"accuracy": accuracy, "train_seconds": seconds, "C": float(np.ravel(model.C_)[0])}))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: sklearn_peer.py EXPORT_DIR")
    main(sys.argv[1])
