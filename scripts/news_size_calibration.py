#!/usr/bin/env python3
"""How often the news writes a place's name, against the size of its biggest place.

    python3 scripts/news_size_calibration.py [--top N]

Reads the embedded news-usage table (gazetteer/news_names.tsv, counts from an
unannotated news corpus: see gazetteer/news_names.py) and the embedded places
(gazetteer/places.tsv.gz). For every word of the table that only settlements
(cities and towns) bear, as a main or an alternate name, and whose biggest such
place has 1,000 people or more, it computes

    ratio = (alone + 1)^2 / population

where `alone` counts the documents that write the word capitalised on its own.
`NewsUsage::beyond_size` (src/lexicon/names.rs) calls a word with a ratio above 1
the name of something else. This script prints the ratio's quantiles over the
words the news plainly uses as places (after "in", "near", "outside", "across"
or "around" in as many documents as a quarter of `alone` or more), the
places-only words closest to 1, and the words of small places only above 1.
No annotated corpus is read.
"""

import argparse
import csv
import gzip
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTLEMENTS = {"city", "town"}


def news_usage(path):
    usage = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 6 or not cols[1].isdigit():
                continue
            docs, person, place, strict, alone = map(int, cols[1:6])
            usage[cols[0]] = (strict, alone)
    return usage


def places_by_word(path, words):
    csv.field_size_limit(1 << 30)
    by_word = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            names = {row["name"], *filter(None, row["names"].split("|"))}
            for name in names:
                word = name.lower()
                if word in words:
                    by_word[word].append((row["kind"], int(row["population"] or 0)))
    return by_word


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=15, help="rows to print per list")
    args = ap.parse_args()
    usage = news_usage(ROOT / "gazetteer" / "news_names.tsv")
    by_word = places_by_word(ROOT / "gazetteer" / "places.tsv.gz", usage)
    placey, beyond = [], []
    for word, places in by_word.items():
        if any(kind not in SETTLEMENTS for kind, _ in places):
            continue
        biggest = max(pop for _, pop in places)
        if biggest < 1000:
            continue
        strict, alone = usage[word]
        ratio = (alone + 1) ** 2 / biggest
        if alone >= 3 and strict >= alone / 4:
            placey.append((ratio, word, biggest, alone, strict))
        if ratio > 1:
            beyond.append((ratio, word, biggest, alone, strict))
    placey.sort(reverse=True)
    ratios = sorted(r for r, *_ in placey)
    q = lambda p: ratios[int(p * (len(ratios) - 1))]
    print(f"{len(placey)} words the news uses as places (settlements of 1,000+ only)")
    print("ratio quantiles: 50 % {:.3f}, 90 % {:.3f}, 99 % {:.3f}, max {:.3f}".format(
        q(0.5), q(0.9), q(0.99), ratios[-1]))
    print("\nclosest to 1 (ratio, word, biggest population, alone, after a strict locative):")
    for row in placey[: args.top]:
        print("  {:.3f} {} {} {} {}".format(*row))
    beyond.sort(reverse=True)
    print(f"\n{len(beyond)} words of settlements of 1,000+ only above 1, first {args.top}:")
    for row in beyond[: args.top]:
        print("  {:.1f} {} {} {} {}".format(*row))


if __name__ == "__main__":
    main()
