//! Output: formats mapped documents. Output makes no decisions; it renders
//! the [`DocResult`]s of the pipeline.
//!
//! * [`summarize`] reduces mentions to one [`PlaceSummary`] per place (the
//!   unit of the GeoJSON, CSV and HTML outputs).
//! * [`geojson`] writes the RFC 7946 FeatureCollection.
//! * [`seq`] writes the same features as GeoJSON text sequences (RFC 8142).
//! * [`csv`] writes one CSV row per place (with a `WKT` geometry column), or
//!   one row per mention.
//! * [`html`] writes a self-contained Leaflet map.
//! * [`mentions`] writes one JSON object per mention (JSON Lines).
//! * [`shapefile`] rewrites feature properties so that a Shapefile made
//!   from the GeoJSON keeps every value (`--shapefile-fields`).
//! * [`coordinates`] renders the coordinates written in the text: their
//!   mention rows and one Point feature per distinct point.
//! * [`geom`] checks and repairs geometries at output time and finds a
//!   representative point per place.
//! * [`mod@write`] writes files through temporary files published as a set
//!   ([`write::OutputFiles`], [`write_atomic`]), so a failed or interrupted
//!   run never leaves a half-written output, a half set or a temporary
//!   file, and only a regular file is ever replaced.

pub mod coordinates;
pub mod csv;
pub mod geojson;
pub use crate::geom;
pub mod html;
pub mod mentions;
pub mod seq;
pub mod shapefile;
pub mod write;

pub use write::write_atomic;

use std::collections::HashMap;

use crate::DocResult;
use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::resolve::{Mention, MentionKind};

/// How many context snippets a place keeps.
pub const MAX_CONTEXTS: usize = 5;
/// Characters of text kept on each side of a mention in a snippet.
pub const CONTEXT_CHARS: usize = 80;

/// Options shared by the output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputOptions {
    /// Include demonym mentions (as their own `demonym_count`, and places
    /// named only by demonyms).
    pub demonyms: bool,
    /// Decimal places of coordinates.
    pub precision: u32,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            demonyms: false,
            precision: 6,
        }
    }
}

/// Everything the outputs say about one place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceSummary {
    /// The place.
    pub place: PlaceId,
    /// Toponym mentions.
    pub count: u64,
    /// Demonym mentions (0 unless demonyms are on).
    pub demonym_count: u64,
    /// Documents that mention it.
    pub docs: u64,
    /// Distinct spellings seen, in order of first appearance.
    pub forms: Vec<String>,
    /// Up to [`MAX_CONTEXTS`] snippets.
    pub contexts: Vec<String>,
    /// The reason given for the first toponym mention (or demonym).
    pub reason: String,
}

/// A snippet of text around a byte span, whitespace collapsed.
pub fn context(text: &str, start: usize, end: usize) -> String {
    let before: String = {
        let mut v: Vec<char> = text[..start].chars().rev().take(CONTEXT_CHARS).collect();
        v.reverse();
        v.into_iter().collect()
    };
    let after: String = text[end..].chars().take(CONTEXT_CHARS).collect();
    let lead = if before.len() < start { "…" } else { "" };
    let tail = if end + after.len() < text.len() {
        "…"
    } else {
        ""
    };
    let raw = format!("{lead}{before}{}{after}{tail}", &text[start..end]);
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a mention counts in the output under these options.
pub fn counts(m: &Mention, opts: &OutputOptions) -> bool {
    m.place.is_some()
        && match m.kind {
            MentionKind::Toponym => true,
            MentionKind::Demonym => opts.demonyms,
            // Coordinates are summarized apart (`coordinates`).
            MentionKind::Coordinate => false,
        }
}

/// One summary per place, most mentioned first (ties by place id).
pub fn summarize(
    gaz: &Gazetteer,
    results: &[DocResult],
    opts: &OutputOptions,
) -> Vec<PlaceSummary> {
    let mut map: HashMap<PlaceId, PlaceSummary> = HashMap::new();
    let mut order: Vec<PlaceId> = Vec::new();
    for r in results {
        let mut seen_here: Vec<PlaceId> = Vec::new();
        for m in r.resolved.mentions.iter().filter(|m| counts(m, opts)) {
            let Some(p) = m.place else { continue };
            let s = map.entry(p).or_insert_with(|| {
                order.push(p);
                PlaceSummary {
                    place: p,
                    count: 0,
                    demonym_count: 0,
                    docs: 0,
                    forms: Vec::new(),
                    contexts: Vec::new(),
                    reason: String::new(),
                }
            });
            match m.kind {
                MentionKind::Toponym => s.count += 1,
                MentionKind::Demonym => s.demonym_count += 1,
                MentionKind::Coordinate => {}
            }
            if !seen_here.contains(&p) {
                seen_here.push(p);
                s.docs += 1;
            }
            if !s.forms.contains(&m.text) {
                s.forms.push(m.text.clone());
            }
            if s.contexts.len() < MAX_CONTEXTS {
                s.contexts.push(context(&r.document.text, m.start, m.end));
            }
            if s.reason.is_empty() || (m.kind == MentionKind::Toponym && s.count == 1) {
                s.reason = m.reason.clone();
            }
        }
    }
    let mut out: Vec<PlaceSummary> = order.into_iter().filter_map(|p| map.remove(&p)).collect();
    out.sort_by(|a, b| {
        (b.count + b.demonym_count)
            .cmp(&(a.count + a.demonym_count))
            .then_with(|| {
                gaz.place(a.place)
                    .place_id()
                    .cmp(gaz.place(b.place).place_id())
            })
    });
    out
}

/// Rounds a coordinate to `precision` decimals.
pub fn round(v: f64, precision: u32) -> f64 {
    let f = 10f64.powi(precision as i32);
    let r = (v * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

/// A place's geometry as GeoJSON with rounded coordinates, and its bbox
/// `[west, south, east, north]` (not rounded; west > east when the shape
/// crosses the antimeridian, RFC 7946 section 5.2: [`geom::bbox_rfc7946`]). The geometry is checked and
/// repaired first ([`geom::repair`]: rings closed, exterior rings
/// counter-clockwise, holes clockwise); one that cannot be repaired is an
/// error naming the place. Rounding keeps it valid ([`geom::rounded`]); a
/// shape smaller than the precision becomes its representative point.
pub fn geometry(
    gaz: &Gazetteer,
    p: PlaceId,
    precision: u32,
) -> Result<(serde_json::Value, [f64; 4])> {
    let raw = repaired_geometry(gaz, p)?;
    let bbox = geom::bbox_rfc7946(&raw);
    if !bbox[0].is_finite() {
        return Err(Error::parse(format!(
            "gazetteer geometry of {} has no coordinates",
            gaz.place(p).place_id()
        )));
    }
    let g = match geom::rounded(&raw, precision) {
        Some(g) => g,
        // A shape smaller than the precision: its point.
        None => {
            let place = gaz.place(p);
            let [lon, lat] = geom::representative_point(&raw, [place.lon(), place.lat()]);
            serde_json::json!({"type": "Point", "coordinates": [round(lon, precision), round(lat, precision)]})
        }
    };
    Ok((g, bbox))
}

/// The place's geometry (or its point), parsed and repaired, not rounded.
fn repaired_geometry(gaz: &Gazetteer, p: PlaceId) -> Result<serde_json::Value> {
    let place = gaz.place(p);
    let mut g: serde_json::Value = match place.geometry_json() {
        Some(j) => serde_json::from_str(j).map_err(|e| {
            Error::parse(format!(
                "gazetteer geometry of {} is not JSON: {e}",
                place.place_id()
            ))
        })?,
        None => serde_json::json!({"type": "Point", "coordinates": [place.lon(), place.lat()]}),
    };
    geom::repair(&mut g)
        .map_err(|e| Error::parse(format!("gazetteer geometry of {}: {e}", place.place_id())))?;
    Ok(g)
}

/// The place's representative point `[lon, lat]`, rounded: the
/// gazetteer's point when it lies inside the place's polygon or on its
/// line, otherwise one computed from the geometry
/// ([`geom::representative_point`]).
pub fn representative_point(gaz: &Gazetteer, p: PlaceId, precision: u32) -> Result<[f64; 2]> {
    let place = gaz.place(p);
    let g = repaired_geometry(gaz, p)?;
    let [lon, lat] = geom::representative_point(&g, [place.lon(), place.lat()]);
    Ok([round(lon, precision), round(lat, precision)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_collapses_whitespace_and_marks_cuts() {
        let text = format!(
            "{}\n\nIdlib  province{}",
            "x ".repeat(100),
            " y".repeat(100)
        );
        let s = text.find("Idlib").unwrap();
        let c = context(&text, s, s + 5);
        assert!(c.starts_with('…') && c.ends_with('…'));
        assert!(c.contains("x Idlib province y"));
    }

    #[test]
    fn rounding() {
        assert_eq!(round(36.1234567, 6), 36.123457);
        assert_eq!(round(-0.0000001, 6), 0.0);
    }

    #[test]
    fn atomic_write_refuses_and_keeps_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.geojson");
        std::fs::write(&p, "old").unwrap();
        assert!(write_atomic(&p, false, |_| Ok(())).is_err());
        let r = write_atomic(&p, true, |w| {
            w.write_all(b"partial")?;
            Err(Error::invalid("boom"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        write_atomic(&p, true, |w| Ok(w.write_all(b"new")?)).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_gives_normal_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.geojson");
        write_atomic(&p, false, |w| Ok(w.write_all(b"x")?)).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let want = std::fs::metadata(&plain).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, want & 0o777, "the mode of any new file");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, true, |w| Ok(w.write_all(b"y")?)).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "keeps the replaced file's mode");
    }
}
