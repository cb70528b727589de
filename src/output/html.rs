//! A self-contained HTML map: one file that works offline, with Leaflet
//! 1.9.4 (BSD-2-Clause, `assets/leaflet-1.9.4/`) and the page's own script
//! and style embedded.
//!
//! The page draws each place with its geometry (points as circle markers
//! sized by mentions, lines and polygons coloured by mentions), opens a
//! popup per place (name, kind, country, counts, contexts), lists the
//! places by mentions in a side bar whose entries zoom to the place, and has
//! a toggle for demonyms. Background tiles are loaded only when the user
//! names a tile URL; otherwise the page makes no network request at all
//! (its Content-Security-Policy forbids them).
//!
//! Text from documents and gazetteers is never written as HTML: the places
//! travel as JSON inside `<script type="application/json">` with `<`, `>`,
//! `&`, U+2028 and U+2029 escaped ([`script_json`]), and the page builds
//! its DOM with `textContent`.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Map, Value, json};

use super::geojson::{RAMP, properties};
use super::{OutputOptions, PlaceSummary, geometry, representative_point};
use crate::error::Result;
use crate::gazetteer::Gazetteer;

/// The pinned Leaflet version embedded in the page.
pub const LEAFLET_VERSION: &str = "1.9.4";
const LEAFLET_JS: &str = include_str!("../../assets/leaflet-1.9.4/leaflet.js");
const LEAFLET_CSS: &str = include_str!("../../assets/leaflet-1.9.4/leaflet.css");
const LEAFLET_LICENSE: &str = include_str!("../../assets/leaflet-1.9.4/LICENSE");
const MAP_JS: &str = include_str!("../../assets/map.js");
const MAP_CSS: &str = include_str!("../../assets/map.css");

/// Options of the HTML map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlOptions {
    /// The page title.
    pub title: String,
    /// A tile URL template (`https://tile.example.org/{z}/{x}/{y}.png`) for
    /// a background map; none means no background and no network access.
    pub tiles: Option<String>,
    /// The attribution shown for the tiles, as plain text (markup in it is
    /// escaped, so it shows and never runs).
    pub tiles_attribution: Option<String>,
    /// Whether the demonym toggle starts on.
    pub demonyms: bool,
    /// Draw one representative point per place instead of its geometry.
    pub as_points: bool,
    /// How many documents were mapped (shown in the summary line).
    pub documents: usize,
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON that is safe inside `<script type="application/json">`: `<`, `>`
/// and `&` become `\u003c`, `\u003e`, `\u0026` (so no `</script>` or
/// `<!--` can appear), and U+2028/U+2029 become `\u2028`/`\u2029`. These
/// characters only occur inside JSON strings, where the escapes mean the
/// same thing to `JSON.parse`.
pub fn script_json(v: &Value) -> String {
    let raw = v.to_string();
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The Content-Security-Policy `img-src` source for a tile URL template:
/// its scheme and host, with a leading `{s}.` subdomain as `*.`; just the
/// scheme when the host has other placeholders.
pub fn tile_source(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let host = rest.split('/').next().unwrap_or("");
    let host = match host.strip_prefix("{s}.") {
        Some(h) => format!("*.{h}"),
        None => host.to_string(),
    };
    let ok = !host.is_empty()
        && host
            .trim_start_matches("*.")
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    Some(if ok {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}:")
    })
}

/// The data the page script reads. `summaries` should be made with
/// demonyms on, so that the toggle has demonym counts to show.
pub fn page_data(
    gaz: &Gazetteer,
    summaries: &[PlaceSummary],
    toponyms: &[PlaceSummary],
    coords: &[super::coordinates::CoordinateSummary],
    opts: &OutputOptions,
    hopts: &HtmlOptions,
) -> Result<Value> {
    let all = OutputOptions {
        demonyms: true,
        ..*opts
    };
    let by_place: HashMap<_, _> = toponyms.iter().map(|t| (t.place, t)).collect();
    let mut places = Vec::with_capacity(summaries.len());
    for (i, s) in summaries.iter().enumerate() {
        let point = representative_point(gaz, s.place, opts.precision)?;
        let (g, bbox) = if hopts.as_points {
            (
                json!({"type": "Point", "coordinates": point}),
                [point[0], point[1], point[0], point[1]],
            )
        } else {
            let (g, b) = geometry(gaz, s.place, opts.precision)?;
            (g, b.map(|v| super::round(v, opts.precision)))
        };
        let mut o: Map<String, Value> = properties(gaz, s, &all);
        // What the popup shows while the demonym toggle is off: the
        // spellings and snippets of toponym mentions only.
        let own = by_place.get(&s.place);
        let (forms, contexts) = own.map_or((&[][..], &[][..]), |t| (&t.forms[..], &t.contexts[..]));
        o.insert("toponym_forms".into(), json!(forms));
        o.insert("toponym_contexts".into(), json!(contexts));
        o.insert("id".into(), (i + 1).into());
        o.insert("geometry".into(), g);
        o.insert("bbox".into(), json!(bbox));
        o.insert("point".into(), json!(point));
        places.push(Value::Object(o));
    }
    coordinate_entries(gaz, coords, &all, &mut places);
    let tiles = hopts.tiles.as_ref().map(|url| {
        json!({
            "url": url,
            // Leaflet shows the attribution as HTML: escaped, it is text.
            "attribution": escape_html(hopts.tiles_attribution.as_deref().unwrap_or_default()),
        })
    });
    Ok(json!({
        "title": hopts.title,
        "documents": hopts.documents,
        "demonyms": hopts.demonyms,
        "tiles": tiles,
        "ramp": RAMP,
        "places": places,
    }))
}

/// The coordinates written in the texts, as points after the places.
fn coordinate_entries(
    gaz: &Gazetteer,
    coords: &[super::coordinates::CoordinateSummary],
    opts: &OutputOptions,
    places: &mut Vec<Value>,
) {
    use super::coordinates;
    for s in coords {
        let point = coordinates::point(s, opts.precision);
        let mut o = coordinates::properties(gaz, s, opts);
        let (forms, contexts) = (o.get("forms").cloned(), o.get("contexts").cloned());
        o.insert("toponym_forms".into(), forms.unwrap_or_else(|| json!([])));
        o.insert(
            "toponym_contexts".into(),
            contexts.unwrap_or_else(|| json!([])),
        );
        o.insert("id".into(), (places.len() + 1).into());
        let geometry = json!({"type": "Point", "coordinates": point});
        o.insert("geometry".into(), geometry);
        o.insert(
            "bbox".into(),
            json!([point[0], point[1], point[0], point[1]]),
        );
        o.insert("point".into(), json!(point));
        places.push(Value::Object(o));
    }
}

/// Leaflet's code without its trailing source-map comment.
fn leaflet_js() -> &'static str {
    match LEAFLET_JS.rfind("//# sourceMappingURL=") {
        Some(i) => &LEAFLET_JS[..i],
        None => LEAFLET_JS,
    }
}

/// The page's one script: Leaflet, then the map code. Its hash is the only
/// script the Content-Security-Policy allows (no inline event handlers, no
/// `'unsafe-inline'`), so markup that reaches the page cannot run.
fn page_script() -> String {
    format!("\n{}\n{MAP_JS}\n", leaflet_js())
}

/// The CSP source of a script: `sha256-` and the base64 of its SHA-256.
pub fn script_hash(script: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("sha256-{}", base64(&Sha256::digest(script.as_bytes())))
}

/// Standard base64 with padding (RFC 4648 section 4).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * k)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Writes the page. `summaries` are made with demonyms on, `toponyms`
/// with them off (what the popups show while the toggle is off).
pub fn write(
    gaz: &Gazetteer,
    summaries: &[PlaceSummary],
    toponyms: &[PlaceSummary],
    coords: &[super::coordinates::CoordinateSummary],
    opts: &OutputOptions,
    hopts: &HtmlOptions,
    w: &mut dyn Write,
) -> Result<()> {
    let data = page_data(gaz, summaries, toponyms, coords, opts, hopts)?;
    let script = page_script();
    let img_src = match hopts.tiles.as_deref().and_then(tile_source) {
        Some(s) => format!("data: {s}"),
        None => "data:".to_string(),
    };
    let csp = format!(
        "default-src 'none'; script-src '{}'; style-src 'unsafe-inline'; img-src {img_src}",
        script_hash(&script)
    );
    let title = escape_html(&hopts.title);
    let ramp_legend: String = RAMP
        .iter()
        .map(|c| format!("<span style=\"background:{c}\"></span>"))
        .collect();
    write!(
        w,
        "<!DOCTYPE html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">
<meta name=\"generator\" content=\"geomention {version}\">
<title>{title}</title>
<!-- Leaflet {LEAFLET_VERSION}, https://leafletjs.com/
{license}-->
<style>
{LEAFLET_CSS}
</style>
<style>
{MAP_CSS}
</style>
</head>
<body>
<aside id=\"gm-side\">
<header>
<h1>{title}</h1>
<p id=\"gm-summary\"></p>
<label><input type=\"checkbox\" id=\"gm-demonyms\"> Demonyms (\u{201c}Syrian\u{201d}, \u{201c}Turks\u{201d})</label>
<p id=\"gm-legend\">Mentions: few {ramp_legend} many</p>
</header>
<ul id=\"gm-list\"></ul>
</aside>
<div id=\"map\"></div>
<script id=\"geomention-data\" type=\"application/json\">{data}</script>
<script>{script}</script>
</body>
</html>
",
        csp = escape_html(&csp),
        version = env!("CARGO_PKG_VERSION"),
        license = LEAFLET_LICENSE.replace("--", "- -"),
        data = script_json(&data),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_code_cannot_close_its_script() {
        for (name, code) in [("leaflet.js", leaflet_js()), ("map.js", MAP_JS)] {
            let lower = code.to_ascii_lowercase();
            assert!(!lower.contains("</script"), "{name} contains </script");
            assert!(!lower.contains("<!--"), "{name} contains <!--");
        }
        assert!(!leaflet_js().contains("sourceMappingURL"));
        assert!(LEAFLET_JS.contains(&format!("version=\"{LEAFLET_VERSION}\"")));
    }

    #[test]
    fn script_json_escapes() {
        let v = json!({"t": "</script><!-- & \u{2028}\u{2029} >"});
        let s = script_json(&v);
        for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!s.contains(bad), "{bad:?} left in {s}");
        }
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn base64_and_script_hash() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // The SHA-256 of "abc" (FIPS 180-2 test vector) in base64.
        assert_eq!(
            script_hash("abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }

    #[test]
    fn html_escapes() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn tile_sources() {
        assert_eq!(
            tile_source("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tile.openstreetmap.org")
        );
        assert_eq!(
            tile_source("http://localhost:8080/{z}/{x}/{y}.png").as_deref(),
            Some("http://localhost:8080")
        );
        assert_eq!(
            tile_source("https://t{s}.example.org/{z}/{x}/{y}").as_deref(),
            Some("https:")
        );
        assert_eq!(tile_source("file:///tmp/{z}/{x}/{y}.png"), None);
        assert_eq!(tile_source("javascript:alert(1)"), None);
    }
}
