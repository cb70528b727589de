//! GeoJSON text sequences (RFC 8142): one Feature per line, each line ended
//! by LF. The record separator (0x1E) that RFC 8142 puts before each text is
//! written only on request, because geojson.io's importer silently drops
//! lines that start with it; GDAL and QGIS read both forms.

use std::io::Write;

use geojson::Feature;

use super::geojson::Stored;
use crate::error::Result;

/// The ASCII record separator of RFC 8142.
pub const RS: u8 = 0x1E;

/// Writes one feature per line; with `rs`, each line starts with 0x1E.
pub fn write(features: &[Feature], rs: bool, w: &mut dyn Write) -> Result<()> {
    write_with(features, &[], rs, w)
}

/// [`write()`], where feature `i` is written with what `stored[i]` holds
/// in place of the members it lacks
/// ([`super::geojson::features_with_stored`]).
pub fn write_with(
    features: &[Feature],
    stored: &[Stored<'_>],
    rs: bool,
    w: &mut dyn Write,
) -> Result<()> {
    super::geojson::write_each(
        features,
        |i, f, out| {
            if rs {
                out.push(RS);
            }
            let none = Stored::default();
            super::geojson::feature_json(f, stored.get(i).unwrap_or(&none), out)?;
            out.push(b'\n');
            Ok(())
        },
        w,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(i: u64) -> Feature {
        serde_json::from_value(serde_json::json!({
            "type": "Feature", "id": i,
            "geometry": {"type": "Point", "coordinates": [1.0, 2.0]},
            "properties": {"name": "a\nb"}
        }))
        .unwrap()
    }

    #[test]
    fn one_feature_per_line() {
        let mut out = Vec::new();
        write(&[feature(1), feature(2)], false, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "newlines inside strings are escaped");
        for l in lines {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["type"], "Feature");
        }
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn record_separator_prefix() {
        let mut out = Vec::new();
        write(&[feature(1), feature(2)], true, &mut out).unwrap();
        let lines: Vec<&[u8]> = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines.len(), 2);
        for l in lines {
            assert_eq!(l[0], RS);
            assert_eq!(l[1], b'{');
        }
    }
}
