#!/usr/bin/env python3
"""List gold toponyms that no gazetteer name can match at all.

Python 3 standard library only. Run from the repository root:

    python3 gazetteer/gap_report.py [--eval ../shared/eval] [--places gazetteer/places.tsv.gz] [--top 60]

Reads every `<eval>/*/gold.jsonl` (rows with class "toponym") and the generated places.tsv.gz,
normalizes names roughly (case-fold, strip diacritics, drop apostrophes, hyphens and other
punctuation to spaces, drop a leading "the") and prints the gold texts whose normalized form is not
the normalized name, alternate or abbreviation of any place, most frequent first, with the gold
`expected` name(s). `expected-known` says whether the expected name itself is in the gazetteer (then
the gap is a missing alternate spelling, not a missing place).

This is a measuring tool: it is rougher than the real matcher (src/normalize.rs), and the eval
corpora are for measuring only — never add their strings to the gazetteer by hand.
"""

import argparse
import collections
import glob
import gzip
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_EVAL = os.path.normpath(os.path.join(REPO, '..', 'shared', 'eval'))

SPECIAL = {'ß': 'ss', 'ø': 'o', 'æ': 'ae', 'œ': 'oe', 'ł': 'l', 'ı': 'i', 'đ': 'd', 'ð': 'd', 'þ': 'th'}
APOSTROPHES = "'’‘ʼʻʿʾ`´"


def norm(s):
    s = unicodedata.normalize('NFKD', s.casefold())
    s = ''.join(SPECIAL.get(c, c) for c in s if not unicodedata.combining(c))
    s = ''.join(c for c in s if c not in APOSTROPHES)
    s = re.sub(r'[^\w]+', ' ', s).replace('_', ' ')
    s = ' '.join(s.split())
    if s.startswith('the '):
        s = s[4:]
    return s


def load_names(path):
    names = set()
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        col = {h: i for i, h in enumerate(header)}
        for line in f:
            v = line.rstrip('\n').split('\t')
            names.add(norm(v[col['name']]))
            for k in ('names', 'abbrevs'):
                for n in v[col[k]].split('|'):
                    if n:
                        names.add(norm(n))
    names.discard('')
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--eval', default=DEFAULT_EVAL, help='directory with <corpus>/gold.jsonl')
    ap.add_argument('--places', default=os.path.join(HERE, 'places.tsv.gz'))
    ap.add_argument('--top', type=int, default=60, help='rows to print (0 = all)')
    args = ap.parse_args()

    names = load_names(args.places)
    counts = collections.Counter()
    expected = collections.defaultdict(collections.Counter)
    corpora = collections.defaultdict(set)
    total = 0
    for gold in sorted(glob.glob(os.path.join(args.eval, '*', 'gold.jsonl'))):
        corpus = os.path.basename(os.path.dirname(gold))
        with open(gold, encoding='utf-8') as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                if r.get('class') != 'toponym':
                    continue
                total += 1
                text = ' '.join(r['text'].split())
                if norm(text) in names:
                    continue
                counts[text] += 1
                exp = (r.get('expected') or {}).get('name') or ''
                expected[text][exp] += 1
                corpora[text].add(corpus)
    missing = sum(counts.values())
    print('gold toponyms: %d; no gazetteer name matches: %d (%.1f%%), %d distinct texts'
          % (total, missing, 100.0 * missing / max(total, 1), len(counts)))
    print('%5s  %-32s %-36s %-14s %s' % ('count', 'gold text', 'expected', 'expected-known', 'corpus'))
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))
    if args.top:
        rows = rows[:args.top]
    for text, n in rows:
        exps = [e for e, _ in sorted(expected[text].items(), key=lambda kv: (-kv[1], kv[0]))]
        known = 'yes' if any(norm(e) in names for e in exps if e) else 'no'
        print('%5d  %-32s %-36s %-14s %s' % (n, text[:32], '; '.join(exps)[:36], known,
                                             ','.join(sorted(corpora[text]))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
