#!/usr/bin/env python3
"""Mine how news text uses capitalised one-word names: as a person's or as a place.

    python3 gazetteer/news_names.py [CORPUS.jsonl] [-o gazetteer/news_names.tsv]

CORPUS is an unannotated news corpus in JSON Lines (one {"id", "text"} object a
line); the default is the shared benchmark corpus `/tmp/bench/corpus_50mb.jsonl`,
built by `../shared/bench` (`fetch_sources.sh OUT && python3 make_data.py OUT`:
news articles from 2017, BBC News articles, speeches, mail). No gold annotation is
read: the counts come from the text alone.

For every word written with a capital (ASCII letters, 3 or more) it counts, over
documents (a document counts once per column):

* `docs`: the documents that write the word capitalised;
* `person_docs`: ... where at least once it follows a title or role ("Mr",
  "President", "Sen.", "coach", see TITLES) or a capitalised given name that the
  Census/SSA lexicon (`gazetteer/person_names.tsv.gz`) holds as more often a given
  name than a surname at 20 per million or more ("Kevin Durant");
* `place_docs`: ... where at least once it follows a locative preposition ("in",
  "near", "from", see LOCATIVES) or comes before a comma and a capitalised word
  ("Ferguson, Missouri");
* `strict_place_docs`: ... where at least once it follows a locative that rarely
  comes before a person's or an organisation's name ("in", "near", "outside",
  "across", "around": STRICT_LOCATIVES; not "to" or "from": "a letter to Obama",
  "rockets from Hamas");
* `alone_docs`: ... where at least once it stands on its own, neither after nor
  before another capitalised word ("Korea" of "in Korea" but not of "North
  Korea", "Vegas" not of "Las Vegas"), or is a person's name as `person_docs`
  counts it ("Barack Obama").

Rows with `docs` of at least 3 and `person_docs` or `place_docs` of at least 2 are
written, and so are rows of words written capitalised in MIN_DOCS_ANY (20)
documents or more whatever their use: that such a word never follows a locative
is itself evidence. Rows are written sorted by the lower-case word (byte order), so the library can
binary-search the file as it is embedded (`src/lexicon/names.rs`,
`news_usage`). Output is deterministic.
"""

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Titles and roles that come right before a person's name.
TITLES = {
    "mr", "mrs", "ms", "dr", "sir", "dame", "lady", "lord", "president", "pope",
    "senator", "sen", "rep", "gov", "governor", "chancellor", "minister",
    "secretary", "coach", "spokesman", "spokeswoman", "judge", "justice", "gen",
    "general", "col", "lt", "capt", "sgt", "rev", "reverend", "prof",
    "professor", "mayor", "congressman", "congresswoman", "ambassador",
    "premier", "sheikh", "ayatollah", "archbishop", "bishop", "cardinal",
    "striker", "midfielder", "defender", "goalkeeper", "quarterback", "manager",
}
LOCATIVES = {"in", "near", "from", "to", "outside", "across", "around", "into"}
# The locatives that rarely come before a person's or an organisation's name
# ("a letter to Obama", "rockets from Hamas" are not places).
STRICT_LOCATIVES = {"in", "near", "outside", "across", "around"}

# A word written capitalised in this many documents gets a row even when it
# is never a person's or a place's name there: that it never follows a
# locative is the evidence ("Hamas", a brand, a club).
MIN_DOCS_ANY = 20

TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*|[.,;:!?]")


def given_names(path):
    """Lower-case words that are more often a given name than a surname, at
    20 per million or more."""
    out = set()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            name, given, surname = line.rstrip("\n").split("\t")
            g, s = float(given), float(surname)
            if g >= 20 and g >= s:
                out.add(name)
    return out


def is_cap(t):
    return t[0].isupper() and t[1:].islower() if len(t) > 1 else False


def key(t):
    return t.replace("'", "").replace("’", "").lower()


def document_usage(text, given):
    """The words a document writes capitalised, and those of them it uses
    as a person's and as a place's name."""
    toks = TOKEN.findall(text)
    seen, person, place, strict, alone = set(), set(), set(), set(), set()
    for i, t in enumerate(toks):
        if len(t) < 3 or not is_cap(t) or not t.isalpha():
            continue
        w = key(t)
        seen.add(w)
        prev = toks[i - 1] if i > 0 else ""
        if prev == "." and i > 1:
            # "Sen. Warren", "Mr. Smith": the abbreviation before the dot.
            prev = toks[i - 2] if toks[i - 2].lower() in TITLES else "."
        pl = prev.lower()
        if pl in TITLES:
            person.add(w)
            alone.add(w)
        elif is_cap(prev) and key(prev) in given and key(prev) != w:
            person.add(w)
            alone.add(w)
        if prev in LOCATIVES:
            place.add(w)
        if prev in STRICT_LOCATIVES:
            strict.add(w)
        # On its own: not a word of a longer capitalised name ("North Korea",
        # "Las Vegas", "Pacific Ocean", "Barack Obama").
        after = toks[i + 1] if i + 1 < len(toks) else ""
        if not (i > 0 and is_cap(toks[i - 1])) and not is_cap(after):
            alone.add(w)
        nxt = toks[i + 1 : i + 3]
        if len(nxt) == 2 and nxt[0] == "," and is_cap(nxt[1]):
            place.add(w)
    return seen, person, place, strict, alone


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="/tmp/bench/corpus_50mb.jsonl")
    ap.add_argument("-o", "--out", default=str(HERE / "news_names.tsv"))
    args = ap.parse_args()
    given = given_names(HERE / "person_names.tsv.gz")
    docs, person, place, strict, alone = (Counter() for _ in range(5))
    n = 0
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            s, p, l, t, a = document_usage(text, given)
            docs.update(s)
            alone.update(a)
            person.update(p)
            place.update(l)
            strict.update(t)
            n += 1
    rows = [
        (w, docs[w], person[w], place[w], strict[w], alone[w])
        for w in docs
        if w.isascii()
        and (docs[w] >= 3 and (person[w] >= 2 or place[w] >= 2) or docs[w] >= MIN_DOCS_ANY)
    ]
    rows.sort(key=lambda r: r[0].encode())
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for r in rows:
            out.write("%s\t%d\t%d\t%d\t%d\t%d\n" % r)
    print(f"{n} documents, {len(docs)} capitalised words, {len(rows)} rows -> {args.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
