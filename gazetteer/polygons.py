"""First-level division polygons and the GEOS validity check of every embedded geometry
(called by build.py). Needs shapely (`python3 -m pip install shapely`), which bundles GEOS.
"""

import collections
import gzip
import json
import os

try:
    import shapely
    from shapely.geometry import mapping, shape
except ImportError:  # pragma: no cover - told to the user by require_shapely()
    shapely = None

# Douglas-Peucker tolerance (degrees) for the Natural Earth admin-1 polygons: about 1 km at the
# equator, below the 1:10m source's own detail for all but the smallest units (topology kept, so
# nothing collapses).
ADMIN1_TOLERANCE = 0.01
# A joined polygon must come this close (degrees) to the division's point (GeoNames' admin1 points
# are rounded to 0.1 degree).
POINT_SLACK = 0.15
# Towns that decide which division a Natural Earth unit below the first level belongs to.
VOTE_MIN = 3
VOTE_SHARE = 0.8
# Coordinates are written with 5 decimals; geometries are snapped to that grid before the check.
GRID = 1e-5


def require_shapely():
    if shapely is None:
        raise SystemExit('build.py needs shapely (GEOS) for the geometry check: python3 -m pip install shapely')


def read_ne_admin1(src):
    path = os.path.join(src, 'ne-admin1-polygons-orange3geo', 'ne_10m_admin1_polygons.geojson.gz')
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        return [ft for ft in json.load(f)['features'] if ft.get('geometry')]


def candidates(b, feats, note):
    """place id -> [feature index], in three passes: GeoNames id (gn_id), GeoNames admin1 code
    (gn_a1_code), ISO 3166-2; a feature goes to the first place that claims it. Natural Earth
    units added as admin1 (`ne:` ids) join by their adm1_code."""
    code_of = {pid: code for code, pid in b.admin1_id.items()}
    iso_of = {}
    for iso, pid in b.admin1_iso.items():
        iso_of.setdefault(pid, iso)
    adm1_code_of = {'ne:' + r['ne_id']: r['adm1_code'] for r in b.ne1}
    keys = [
        ('gn_id', lambda pid: pid[len('geonames:'):] if pid.startswith('geonames:') else None),
        ('gn_a1_code', code_of.get),
        ('iso_3166_2', iso_of.get),
        ('adm1_code', adm1_code_of.get),
    ]
    wanted = sorted(pid for pid, pl in b.places.items() if pl.kind == 'admin1' and pid not in b.geometry)
    taken, out = set(), collections.defaultdict(list)
    for prop, key_of in keys:
        index = collections.defaultdict(list)
        for i, ft in enumerate(feats):
            v = ft['properties'].get(prop)
            if v not in (None, '', -99, '-99'):
                index[str(v)].append(i)
        for pid in wanted:
            if pid in out:
                continue
            k = key_of(pid)
            hits = [i for i in index.get(str(k), []) if i not in taken] if k else []
            for i in hits:
                feats_country = feats[i]['properties'].get('iso_a2')
                if feats_country in (b.places[pid].country, None, '-99'):
                    out[pid].append(i)
                    taken.add(i)
            if out.get(pid):
                note('admin1 polygons: joined by %s' % prop)
    return out


def add_admin1_polygons(b, note):
    """Gives every first-level division without a better outline (Syria's OCHA and Turkey's OSM
    polygons win) the union of its Natural Earth admin-1 polygons: joined by id or code, else by
    the towns inside them (`vote`). A join is kept only when the division's point lies within
    POINT_SLACK of the polygon (Natural Earth's codes of second-level units can collide with
    GeoNames' admin1 codes: FR.44 is a region in one and a department in the other)."""
    require_shapely()
    feats = read_ne_admin1(b.src)
    joined = candidates(b, feats, note)
    added = attach(b, feats, joined, note, 'joined')
    taken = {i for pid in added for i in joined[pid]}
    voted = vote(b, feats, taken, note)
    added += attach(b, feats, voted, note, 'dissolved from the units its towns lie in')
    left = [pid for pid, pl in b.places.items() if pl.kind == 'admin1' and pid not in b.geometry]
    for pid in sorted(left):
        note('admin1 polygons: no Natural Earth polygon', pid + ' ' + b.places[pid].name)
    return len(added), len(left)


def attach(b, feats, joined, note, how):
    """Unions, simplifies and checks the features of each place; returns the places that got one."""
    added = []
    for pid in sorted(joined):
        pl = b.places[pid]
        parts = [polygonal(shapely.make_valid(shape(feats[i]['geometry']))) for i in joined[pid]]
        geom = polygonal(shapely.make_valid(shapely.union_all([p for p in parts if p is not None])))
        g = finish(geom.simplify(ADMIN1_TOLERANCE, preserve_topology=True), pid) if geom else None
        if g is None:
            note('admin1 polygons: empty after simplification', pid)
            continue
        if shape(g).distance(shapely.Point(float(pl.lon), float(pl.lat))) > POINT_SLACK:
            note('admin1 polygons: rejected, the point is outside (%s)' % how, pid + ' ' + pl.name)
            continue
        b.geometry[pid] = g
        b.geom_source[pid] = 'natural-earth'
        pl.source = 'natural-earth'
        note('admin1 polygons: Natural Earth polygon added (%s)' % how)
        added.append(pid)
    return added


def vote(b, feats, taken, note):
    """Natural Earth units below the first level (Italian and Spanish provinces, French
    departments, Philippine provinces...) go to the division that at least VOTE_SHARE of the
    GeoNames cities and towns inside them (VOTE_MIN or more) name as their admin1, when that
    division has no polygon yet."""
    admin1_pid = collections.defaultdict(list)
    for pid, pl in b.places.items():
        if pl.kind == 'admin1' and pid not in b.geometry:
            admin1_pid[(pl.country, pl.name)].append(pid)
    towns = collections.defaultdict(list)
    for pl in b.places.values():
        if pl.kind in ('city', 'town') and pl.admin1:
            towns[pl.country].append((float(pl.lon), float(pl.lat), pl.admin1))
    out = collections.defaultdict(list)
    for i, ft in enumerate(feats):
        cc = ft['properties'].get('iso_a2')
        if i in taken or not towns.get(cc):
            continue
        geom = polygonal(shapely.make_valid(shape(ft['geometry'])))
        if geom is None:
            continue
        x0, y0, x1, y1 = geom.bounds
        inside = [t for t in towns[cc] if x0 <= t[0] <= x1 and y0 <= t[1] <= y1]
        if not inside:
            continue
        hits = shapely.contains_xy(geom, [t[0] for t in inside], [t[1] for t in inside])
        names = collections.Counter(t[2] for t, h in zip(inside, hits) if h)
        if not names:
            continue
        name, n = names.most_common(1)[0]
        pids = admin1_pid.get((cc, name), [])
        if n >= VOTE_MIN and n >= VOTE_SHARE * sum(names.values()) and len(pids) == 1:
            out[pids[0]].append(i)
    return out


def polygonal(geom):
    """Keeps the (Multi)Polygon parts of a geometry (make_valid may add lines or points)."""
    if geom.geom_type in ('Polygon', 'MultiPolygon'):
        return geom
    parts = [g for g in getattr(geom, 'geoms', []) if g.geom_type in ('Polygon', 'MultiPolygon')]
    polys = []
    for p in parts:
        polys.extend(p.geoms if p.geom_type == 'MultiPolygon' else [p])
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def rounded(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 5) + 0.0, round(coords[1], 5) + 0.0]
    return [rounded(c) for c in coords]


def finish(geom, gid):
    """Snaps a polygonal geometry to the 5-decimal grid, repairs it (make_valid, polygon parts
    only), orients it (exterior rings counter-clockwise, holes clockwise) and returns GeoJSON;
    largest part first. None when nothing is left."""
    fixed = polygonal(shapely.make_valid(geom))
    if fixed is None or fixed.is_empty:
        return None
    fixed = polygonal(shapely.make_valid(shapely.set_precision(fixed, GRID)))
    if fixed is None or fixed.is_empty:
        return None
    if not fixed.is_valid:
        raise ValueError('geometry of %s is still invalid after make_valid: %s' % (
            gid, shapely.is_valid_reason(fixed)))
    fixed = shapely.orient_polygons(fixed, exterior_cw=False)
    if fixed.geom_type == 'MultiPolygon':
        parts = sorted(fixed.geoms, key=lambda p: -p.area)
        if len(parts) == 1:
            fixed = parts[0]
        else:
            fixed = shapely.MultiPolygon(parts)
    g = mapping(fixed)
    return {'type': g['type'], 'coordinates': rounded(g['coordinates'])}


def check_all(b, note):
    """Checks every embedded geometry with GEOS; repairs invalid polygons (make_valid, keeping
    polygon parts, orientation restored) and fails the build on anything still invalid.
    Returns the ids that were repaired."""
    require_shapely()
    repaired = []
    for gid in sorted(b.geometry):
        g = b.geometry[gid]
        geom = shape(g)
        if geom.is_valid and shape({'type': g['type'], 'coordinates': rounded(g['coordinates'])}).is_valid:
            continue
        if g['type'] not in ('Polygon', 'MultiPolygon'):
            raise ValueError('invalid %s geometry for %s: %s' % (g['type'], gid, shapely.is_valid_reason(geom)))
        reason = shapely.is_valid_reason(geom)
        fixed = finish(geom, gid)
        if fixed is None:
            raise ValueError('geometry of %s is empty after repair (%s)' % (gid, reason))
        b.geometry[gid] = fixed
        note('geometry: invalid by GEOS, repaired with make_valid', '%s (%s)' % (gid, reason))
        repaired.append(gid)
    bad = [gid for gid, g in b.geometry.items() if not shape(g).is_valid]
    if bad:
        raise ValueError('geometries invalid by GEOS after repair: %s' % ', '.join(sorted(bad)))
    return repaired
