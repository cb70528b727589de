"""Syria below the province (called by build.py): districts (admin2) and sub-districts (admin3)
from OpenSyria's data-geography tables, and the sub-district census population as a proxy for
Syrian towns whose GeoNames population is 0.
"""

import csv
import math
import os
import re

FOLDER = 'opensyria-data-geography-v0.1.3'
# Words that mark a form as the unit's formal name ("Atareb Subdistrict", "Nahiyat Atarib").
TYPE_WORD_RE = re.compile(r'\b(district|sub-?district|n[aā]\S*iyat|mintaqat|man[tţ]iqat)\b', re.I)
KIND = {'ADM2': ('admin2', 'District', ['District']),
        'ADM3': ('admin3', 'Sub-district', ['Sub-district', 'Subdistrict', 'Nahiya'])}
# A town takes the population of the sub-district it names only within this distance.
PROXY_MAX_KM = 30.0
# A town whose proxy population reaches this is a city (the threshold of GeoNames cities15000, where
# the build takes its cities from).
CITY_POPULATION = 15000


def read_rows(src):
    path = os.path.join(src, FOLDER, 'syria_admin1_3_opensyria.tsv')
    with open(path, encoding='utf-8') as f:
        return list(csv.DictReader(f, delimiter='\t'))


def common_words(here):
    with open(os.path.join(here, 'common_words.txt'), encoding='utf-8') as f:
        return {w.strip() for w in f if w.strip() and not w.startswith('#')}


def latin_forms(row):
    """The English name and aliases, without machine transliterations (no capital letter:
    "nahyt mrkz alhskt")."""
    forms = [row['name_en']] + [a for a in row['aliases_en'].split('|') if a]
    return [a for a in forms if any(c.isupper() for c in a)]


def add_units(b, bp, here):
    """Adds the 62 districts and 272 sub-districts as `ocha:<P-code>` places. Type forms ("X
    District", "X Sub-district", the source's formal names) are always names; a bare name only
    when no other Syrian place and no common English word has it (the seat town, the governorate
    and the unit share most bare names: "Idlib" stays the city and the governorate)."""
    all_rows = read_rows(b.src)
    by_id = {r['id']: r for r in all_rows}
    rows = [r for r in all_rows if r['level'] in KIND]
    words = common_words(here)
    taken = {}
    for pl in b.places.values():
        if pl.country == 'SY':
            for n in [pl.name] + pl.names.items:
                taken.setdefault(bp.norm_key(n), pl.id)
    bare_count = {}
    for r in rows:
        for a in latin_forms(r):
            if not TYPE_WORD_RE.search(a):
                bare_count[bp.norm_key(a)] = bare_count.get(bp.norm_key(a), 0) + 1
    added = {}
    arabic_taken = {bp.arabic_fold(n).replace(' ', '') for pl in b.places.values() for n in [pl.name] + pl.names.items
                    if bp.is_arabic_script(n)}
    for r in sorted(rows, key=lambda r: r['ocha_pcode']):
        kind, label, labels = KIND[r['level']]
        admin1_pl = governorate_place(b, r, by_id)
        pid = 'ocha:' + r['ocha_pcode']
        pl = bp.Place(pid, kind, '%s %s' % (r['name_en'], label), country='SY', admin1=admin1_pl.name,
                      lat=float(r['lat']), lon=float(r['lon']), population=int(r['population'] or 0),
                      source='opensyria',
                      note='OCHA P-code %s; population: 2004 census (U.S. Census Bureau via OpenSyria)%s' % (
                          r['ocha_pcode'], '; GeoNames %s' % r['geonameid'] if r['geonameid'] else ''))
        forms = []
        for a in latin_forms(r):
            if TYPE_WORD_RE.search(a):
                forms.append(a)
                continue
            forms += ['%s %s' % (a, lab) for lab in labels]
            k = bp.norm_key(a)
            if k in taken or bare_count.get(k, 0) > 1 or a.casefold() in words:
                bp.note('syria units: bare name kept only in type forms (shared or a common word)', a)
            else:
                forms.append(a)
        pl.add_names(forms, counter='names(%s)' % kind)
        pl.add_names(arabic_forms(bp, r, kind, arabic_taken), check=False, counter='names(%s, Arabic)' % kind)
        b.add(pl)
        added[pid] = r
        bp.note('syria units added as %s' % kind)
    return added


ARABIC_TYPE_WORD = {'admin2': 'منطقة', 'admin3': 'ناحية'}


def arabic_forms(bp, r, kind, taken):
    """The Arabic-script names of a district or sub-district. As with the Latin names, a bare
    name that is already another place's name (the town the unit is named after: تل أبيض) is
    kept only with the type word (منطقة تل أبيض, ناحية تل أبيض)."""
    word = ARABIC_TYPE_WORD.get(kind)
    forms = []
    for a in [r['name_ar']] + [a for a in r['aliases_ar'].split('|') if a]:
        if not a:
            continue
        if word is None or a.startswith(('منطقة ', 'ناحية ')) or bp.arabic_fold(a).replace(' ', '') not in taken:
            forms.append(a)
            continue
        bp.note('syria units: bare Arabic name kept only in its type form (name of another place)', a)
        forms.append('%s %s' % (word, a))
    return forms


def governorate_place(b, row, by_id):
    """The embedded governorate of a district or sub-district (by the governorate's GeoNames id)."""
    while row['level'] != 'ADM1':
        row = by_id[row['parent_id']]
    pid = 'geonames:' + row['geonameid']
    if pid not in b.places:
        raise ValueError('governorate %s of %s is not embedded' % (pid, row['ocha_pcode']))
    return b.places[pid]


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def population_proxy(b, bp, added):
    """A Syrian city or town with population 0 in GeoNames takes the 2004 census population of
    the sub-district it gives its name to (same governorate, centroid within PROXY_MAX_KM): the
    sub-district is the town and its villages, so this overstates the town, but it ranks it
    against foreign namesakes as a place of that order. Said in `note`."""
    subs = {}
    for pid, r in added.items():
        if r['level'] != 'ADM3' or not r['population']:
            continue
        for a in latin_forms(r):
            if not TYPE_WORD_RE.search(a):
                subs.setdefault(bp.norm_key(a), []).append(pid)
    changed = 0
    for pl in sorted(b.places.values(), key=lambda p: p.id):
        if pl.country != 'SY' or pl.kind not in ('city', 'town') or pl.population:
            continue
        hits = set()
        for n in [pl.name] + pl.names.items:
            for sid in subs.get(bp.norm_key(n), []):
                s = b.places[sid]
                if s.admin1 == pl.admin1 and haversine_km(pl.lat, pl.lon, s.lat, s.lon) <= PROXY_MAX_KM:
                    hits.add(sid)
        if len(hits) != 1:
            if hits:
                bp.note('syria population proxy: several sub-districts match (not used)', pl.name)
            continue
        s = b.places[hits.pop()]
        pl.population = s.population
        extra = 'population: 2004 census of %s (proxy; GeoNames has 0)' % s.name
        if pl.kind == 'town' and pl.population >= CITY_POPULATION:
            # GeoNames puts a place of this population in cities15000, where
            # the build takes its cities from.
            pl.kind = 'city'
            extra += '; city by that population (GeoNames: town)'
        pl.note = extra if not pl.note else pl.note + '; ' + extra
        changed += 1
        bp.note('syria population proxy: town population from its sub-district', pl.name)
    return changed
