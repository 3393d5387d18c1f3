#!/usr/bin/python3
"""scikit-learn peer of `llmembed compare` on a multi-label export (train.npy, test.npy, labels.json with
"labels" and per-row label lists): StandardScaler + OneVsRestClassifier(LogisticRegressionCV) with 5 folds,
log-loss scoring and sklearn's own threshold 0.5 (predict). A category with no positive (or no negative)
training row cannot be fitted by LogisticRegressionCV; its column is dropped from the fit and predicted 0
(never on). Prints one JSON line: micro/macro-F1 (macro over every category), exact match, fit seconds
(scaler + CV + refit), the chosen C per fitted label summarised, and which labels were constant."""
import json
import time
from collections import Counter

import numpy as np
from sklearn.linear_model import LogisticRegressionCV
from sklearn.metrics import accuracy_score, f1_score, log_loss, make_scorer
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import StandardScaler

from sklearn_peer import parse_arguments  # the same command line as the single-label peer, beside this file


def indicator(rows, labels):
    index = {label: i for i, label in enumerate(labels)}
    y = np.zeros((len(rows), len(labels)), dtype=np.int64)
    for r, row in enumerate(rows):
        for label in row:
            y[r, index[label]] = 1
    return y


def main(directory, cs):
    train = np.load(f"{directory}/train.npy")
    test = np.load(f"{directory}/test.npy")
    with open(f"{directory}/labels.json", encoding="utf-8") as f:
        exported = json.load(f)
    labels = exported["labels"]
    y_train, y_test = indicator(exported["train"], labels), indicator(exported["test"], labels)
    positives = y_train.sum(axis=0)
    fitted = np.flatnonzero((positives > 0) & (positives < len(y_train)))

    start = time.perf_counter()
    scaler = StandardScaler().fit(train)
    model = OneVsRestClassifier(LogisticRegressionCV(
        Cs=cs,
        # Multi-label rows have no single class to stratify on: plain shuffled folds.
        cv=KFold(n_splits=5, shuffle=True, random_state=0),
        max_iter=1000,
        # neg_log_loss with both classes named: a rare label's validation fold may hold no positive.
        scoring=make_scorer(log_loss, greater_is_better=False, needs_proba=True, labels=[0, 1]),
    ), n_jobs=1).fit(scaler.transform(train), y_train[:, fitted])
    seconds = time.perf_counter() - start

    predicted = np.zeros_like(y_test)
    predicted[:, fitted] = model.predict(scaler.transform(test))
    chosen = [float(np.ravel(e.C_)[0]) for e in model.estimators_]
    print(json.dumps({
        "micro_f1": float(f1_score(y_test, predicted, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(y_test, predicted, average="macro", zero_division=0)),
        "exact_match": float(accuracy_score(y_test, predicted)),
        "train_seconds": seconds,
        "chosen_c": {f"{c:.3g}": n for c, n in sorted(Counter(chosen).items())},
        "constant_labels": [labels[i] for i in range(len(labels)) if i not in set(fitted.tolist())],
        "Cs": [float(c) for c in cs],
    }))


if __name__ == "__main__":
    arguments = parse_arguments("scikit-learn multi-label peer of llmembed compare")
    main(arguments.export_dir, arguments.cs)
