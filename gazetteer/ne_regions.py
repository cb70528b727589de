"""Named regions made of first-level divisions (called by build.py after the admin1 polygons).

Natural Earth's admin-1 table groups the units of many countries into regions (columns `region`
and `region_sub`: US census regions and divisions, England's regions, Japan's eight regions,
China's and Russia's regions, Hungary's statistical regions...). Each grouping that a reader
would name becomes a `region` place (`ne-region:<CC>-<slug>`) whose geometry is the union of
its members' polygons and whose point lies inside it. The rules below decide which groupings
are names; none of them names a grouping (see the README's **Regions from Natural Earth**).
"""

import collections
import re
import unicodedata

import polygons

try:
    import shapely
    from shapely.geometry import shape
except ImportError:  # pragma: no cover - polygons.require_shapely() tells the user
    shapely = None

# Simplification of the dissolved outline, as for the curated region polygons.
TOLERANCE = 0.05
# A grouping whose outline overlaps an existing first-level division or the whole country this
# much (intersection over union) is that division or country under another name.
SAME_AREA_IOU = 0.8
# Compass and position words in English and in the languages of Natural Earth's region values
# (French, Spanish, Portuguese, Italian): a name made only of these gives a direction.
DIRECTION_WORDS = set('''
north south east west northern southern eastern western central centre center middle mid upper
lower far inner outer northeast northwest southeast southwest northeastern northwestern
southeastern southwestern
nord sud est ouest norte sur este oeste sul leste ovest centro
'''.split())
# Words that join the parts of a name ("West Wales and the Valleys").
JOIN_WORDS = {'the', 'and', 'of', 'de', 'du', 'des', 'la', 'le', 'do', 'da', 'del', 'di', 'i', 'y', 'e'}
# Place-type words that end a grouping's label ("Absheron Economic Region", "Taiwan Province").
TYPE_TAIL_RE = re.compile(r'(?:\s+(?:economic|autonomous|administrative|statistical))?\s+'
                          r'(?:region|province|republic|district|area|zone)$', re.I)
# Adjectival endings: a one-word label that is a place's name plus one of these is the adjective
# of a longer official name ("Siberian" of "Siberian Federal District").
ADJECTIVE_ENDINGS = ('n', 'an', 'ian')
# Kinds of place whose adjective a label can be.
ADJECTIVE_KINDS = ('continent', 'country', 'region', 'admin1', 'island', 'physical')
# A place of one of these kinds, with the label's name, means the label names that place: a
# division, country, continent or region anywhere; in the grouping's own country, also a city,
# a second-level unit, an island or a physical feature (towns below 15,000 people do not count).
NAME_TAKEN_ANYWHERE = ('continent', 'country', 'region', 'sea', 'admin1')
NAME_TAKEN_IN_COUNTRY = ('admin2', 'admin3', 'city', 'island', 'physical', 'mountain', 'river', 'lake',
                         'landmark')


def fold(s):
    s = unicodedata.normalize('NFKD', s)
    return ''.join(c for c in s if not unicodedata.combining(c)).casefold()


def words_of(name):
    return [w for w in re.split(r"[\s\-]+", fold(name)) if w]


def clean_label(raw):
    """The label as a name: parenthesised codes dropped ("Central Visayas (Region VII)"), a
    leading "The" dropped. None when it is not a name (empty, lower-case, or with characters a
    name does not have: "Norte, Centro", "Western|Pashchimanchal", "Ðông B?c")."""
    s = re.sub(r'\s*\([^)]*\)', '', raw or '').strip()
    s = re.sub(r'^the\s+', '', s, flags=re.I)
    if not s or not s[0].isupper():
        return None
    if any(not (c.isalpha() or c in " -'" or unicodedata.combining(c)) for c in s):
        return None
    return s


def skip_reason(name, common_words):
    """Why a label is not a place's name, from its words alone; None when it may be one."""
    ws = words_of(name)
    if all(w in DIRECTION_WORDS or w in JOIN_WORDS for w in ws):
        return 'only direction words'
    if len(ws) == 1 and ws[0] in common_words:
        return 'a common English word'
    if all(w in common_words or w in JOIN_WORDS for w in ws) and not any(w in DIRECTION_WORDS for w in ws):
        return 'only common English words'
    return None


def name_index(b):
    """folded name -> [(kind, country, lon, lat)] over the names and alternates of every place
    that can take a label's name (see NAME_TAKEN_*)."""
    index = collections.defaultdict(list)
    kinds = set(NAME_TAKEN_ANYWHERE) | set(NAME_TAKEN_IN_COUNTRY)
    for pl in b.places.values():
        if pl.kind not in kinds:
            continue
        for n in [pl.name] + list(pl.names.items):
            index[fold(n)].append((pl.kind, pl.country, float(pl.lon), float(pl.lat)))
    return index


def name_taken(index, name, cc, geom):
    """The kind of a place that already has the name: anywhere for NAME_TAKEN_ANYWHERE; for
    NAME_TAKEN_IN_COUNTRY, in the same country or, for a feature without a country (islands,
    rivers), inside the grouping's outline."""
    for kind, country, lon, lat in index.get(fold(name), ()):
        if kind in NAME_TAKEN_ANYWHERE or country == cc:
            return kind
        if not country and geom.contains(shapely.Point(lon, lat)):
            return kind
    return None


def adjective_of_place(index, name):
    """The place whose adjective ends the label ("Siberian", "East Siberian"), or None."""
    last = fold(name).split()[-1]
    for end in ADJECTIVE_ENDINGS:
        stem = last[:-len(end)]
        if last.endswith(end) and len(stem) >= 3 and any(k in ADJECTIVE_KINDS for k, *_ in index.get(stem, ())):
            return stem
    return None


def groupings(b, feats):
    """(country, label) -> sorted feature indexes, for the `region` and `region_sub` columns of
    the Natural Earth admin-1 table joined to the polygons by adm1_code. A `region_sub` label
    that is also its country's `region` label keeps the larger member set."""
    by_code = {r['adm1_code']: r for r in b.ne1}
    out = collections.defaultdict(set)
    for i, ft in enumerate(feats):
        row = by_code.get(ft['properties'].get('adm1_code'))
        cc = ft['properties'].get('iso_a2')
        if row is None or not cc or not cc.isalpha():
            continue
        for col in ('region', 'region_sub'):
            if row.get(col):
                out[(cc, row[col])].add(i)
    return {k: sorted(v) for k, v in sorted(out.items())}


def same_area(geom, others):
    for other in others:
        inter = geom.intersection(other).area
        union = geom.area + other.area - inter
        if union > 0 and inter / union >= SAME_AREA_IOU:
            return True
    return False


def slug(name):
    s = unicodedata.normalize('NFKD', name)
    s = ''.join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r'[^a-z0-9]+', '-', s).strip('-')


def add_ne_regions(b, Place, common_words, note):
    """Adds a `region` place with a dissolved outline for every Natural Earth grouping of two or
    more first-level units whose label is a name (see the module docstring); returns the number
    added per country."""
    polygons.require_shapely()
    feats = polygons.read_ne_admin1(b.src)
    index = name_index(b)
    areas, unshaped = division_areas(b)
    decided = []    # (country, raw label, name, members, geometry, why)
    for (cc, raw), members in groupings(b, feats).items():
        name = clean_label(raw)
        geom = None
        if len(members) < 2:
            why = 'one member unit'
        elif name is None:
            why = 'label is not a name'
        else:
            parts = [polygons.polygonal(shapely.make_valid(shape(feats[i]['geometry']))) for i in members]
            geom = polygons.polygonal(shapely.make_valid(shapely.union_all([p for p in parts if p is not None])))
            why = 'no polygon' if geom is None else label_problem(name, cc, geom, index, common_words) \
                or area_problem(geom, areas.get(cc, ()), unshaped.get(cc, ()))
        decided.append((cc, raw, name, members, geom, why))
    # Groupings with the same members are one region: none is kept when one of them is the
    # name of an existing place or area ("Gozo" and "Gozo and Comino"), else the first.
    existing = ('name', 'same', 'adjective', 'holds')
    blocked = {(cc, tuple(m)) for cc, _, _, m, _, why in decided if why and why.startswith(existing)}
    kept_sets = set()
    added = collections.Counter()
    for cc, raw, name, members, geom, why in decided:
        key = (cc, tuple(members))
        if why is None and (key in blocked or key in kept_sets):
            why = 'same units as another grouping'
        if why:
            note('ne regions: skipped, %s' % why, '%s %s' % (cc, raw))
            continue
        kept_sets.add(key)
        g = polygons.finish(geom.simplify(TOLERANCE, preserve_topology=True), name)
        if g is None:
            note('ne regions: skipped, empty after simplification', '%s %s' % (cc, raw))
            continue
        point = representative_point(shape(g))
        pl = Place('ne-region:%s-%s' % (cc, slug(name)), 'region', name, country=cc,
                   lat=round(point.y, 4), lon=round(point.x, 4), source='natural-earth',
                   note='polygon: dissolved outlines of the %d Natural Earth admin-1 units of region "%s"' % (
                       len(members), raw))
        b.add(pl)
        b.geometry[pl.id] = g
        b.geom_source[pl.id] = 'natural-earth'
        added[cc] += 1
        note('ne regions: added')
    return added


def label_problem(name, cc, geom, index, common_words):
    """Why a label is not the name of a new place, or None."""
    base = TYPE_TAIL_RE.sub('', name) or name
    why = skip_reason(base, common_words)
    if why:
        return why
    taken = name_taken(index, name, cc, geom) or name_taken(index, base, cc, geom)
    if taken:
        return 'name of an existing %s' % taken
    if adjective_of_place(index, base):
        return 'adjective of a place name'
    return None


def division_areas(b):
    """country -> outlines of the country and its first-level divisions; country -> points of
    its first-level divisions that have no outline."""
    areas, unshaped = collections.defaultdict(list), collections.defaultdict(list)
    for pid, pl in b.places.items():
        if pl.kind not in ('admin1', 'country'):
            continue
        g = b.geometry.get(pid)
        if g and g['type'] in ('Polygon', 'MultiPolygon'):
            areas[pl.country].append(shape(g))
        elif pl.kind == 'admin1':
            unshaped[pl.country].append(shapely.Point(float(pl.lon), float(pl.lat)))
    return areas, unshaped


def area_problem(geom, shapes, points):
    """A grouping that covers the same area as an existing first-level division or the whole
    country is that place; one that holds a first-level division without an outline may be it
    (Sri Lanka's provinces, grouped from Natural Earth's districts)."""
    if same_area(geom, shapes):
        return 'same area as a division or the country'
    if any(geom.contains(p) for p in points):
        return 'holds a division without an outline'
    return None


def representative_point(geom):
    """The centroid when it lies inside the outline, else a point on its surface."""
    c = geom.centroid
    return c if geom.contains(c) else geom.point_on_surface()
