"""Loads geomention outputs in headless QGIS (PyQGIS) and reports, as one
JSON object per file on stdout, what a QGIS user would get: whether the file
opens as a valid layer, how many sublayers the OGR provider sees (more than
one means QGIS asks the user to pick one), the geometry type, the feature
count, the field types of `count` and `contexts`, whether a graduated
renderer on `count` builds classes, and whether the layer saves as a
GeoPackage.

Run with Debian's own Python (PyQGIS is built for it), headless:
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 check_qgis.py FILE...
A FILE ending in .csv is also opened with the delimited-text provider
(wktField=WKT), as QGIS's "Add Delimited Text Layer" dialog does.
"""

import json
import os
import sys
import tempfile

from qgis.core import (
    QgsApplication,
    QgsClassificationEqualInterval,
    QgsCoordinateTransformContext,
    QgsGraduatedSymbolRenderer,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)


def field_type(layer, name):
    i = layer.fields().indexOf(name)
    if i < 0:
        return None
    return layer.fields().at(i).typeName()


def graduated_classes(layer):
    if layer.fields().indexOf("count") < 0:
        return 0
    r = QgsGraduatedSymbolRenderer("count")
    r.setClassificationMethod(QgsClassificationEqualInterval())
    r.updateClasses(layer, 5)
    layer.setRenderer(r)
    return len(r.ranges())


def saves_as_gpkg(layer, tmp):
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    dest = os.path.join(tmp, "layer%d.gpkg" % id(layer))
    res = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, dest, QgsCoordinateTransformContext(), opts
    )
    return {"error": int(res[0]), "message": res[1]}


def report(layer, path, provider, tmp):
    out = {"file": path, "provider": provider, "valid": layer.isValid()}
    if not layer.isValid():
        return out
    out["sublayers"] = len(layer.dataProvider().subLayers())
    out["geometry"] = QgsWkbTypes.displayString(layer.wkbType())
    out["geometry_family"] = QgsWkbTypes.geometryDisplayString(layer.geometryType())
    out["features"] = layer.featureCount()
    out["count_type"] = field_type(layer, "count")
    out["contexts_type"] = field_type(layer, "contexts")
    out["crs"] = layer.crs().authid()
    out["graduated_classes"] = graduated_classes(layer)
    out["gpkg"] = saves_as_gpkg(layer, tmp)
    return out


def check(path, tmp):
    results = []
    layer = QgsVectorLayer(path, os.path.basename(path), "ogr")
    results.append(report(layer, path, "ogr", tmp))
    if path.endswith(".csv"):
        uri = "file://%s?type=csv&wktField=WKT&crs=EPSG:4326&detectTypes=yes" % path
        layer = QgsVectorLayer(uri, os.path.basename(path), "delimitedtext")
        results.append(report(layer, path, "delimitedtext", tmp))
    return results


def main():
    app = QgsApplication([], False)
    app.initQgis()
    with tempfile.TemporaryDirectory() as tmp:
        for path in sys.argv[1:]:
            for r in check(os.path.abspath(path), tmp):
                sys.stdout.write(json.dumps(r) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    # QgsApplication.exitQgis() crashes on the way out when run headless
    # from a script (QGIS 3.22); the results are written, so leave now.
    os._exit(0)


if __name__ == "__main__":
    main()
