//! The one check of the place-output flags against the output format,
//! shared by `geomention map`, `geomention merge` and the Python package
//! (`Geoparser.merge`, `Accumulator.render`), so that the same flags are
//! refused for the same reasons everywhere. Each caller names flags its
//! own way ([`Spelling`]): `--as-points` on the command line, `as_points`
//! in Python.

use super::places::PlaceFormat;

/// The place flags as a caller was given them.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlaceFlagValues<'a> {
    /// Decimal places of coordinates (0 to 15).
    pub precision: u32,
    /// One GeoJSON text per geometry family.
    pub split_geometry: bool,
    /// One representative point per place.
    pub as_points: bool,
    /// simplestyle-spec properties.
    pub simplestyle: bool,
    /// Shapefile-friendly properties.
    pub shapefile_fields: bool,
    /// RFC 8142 record separators.
    pub rs: bool,
    /// The HTML map's tile URL template.
    pub tiles: Option<&'a str>,
    /// The tile provider's attribution was given.
    pub tiles_attribution: bool,
}

/// How the caller names flags and formats in its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// `--as-points`, `--format csv`.
    Cli,
    /// `as_points`, `format "csv"`.
    Python,
}

impl Spelling {
    fn flag(self, name: &str) -> String {
        match self {
            Spelling::Cli => format!("--{}", name.replace('_', "-")),
            Spelling::Python => name.to_string(),
        }
    }

    fn format_word(self) -> &'static str {
        match self {
            Spelling::Cli => "--format",
            Spelling::Python => "format",
        }
    }

    fn format(self, name: &str) -> String {
        match self {
            Spelling::Cli => format!("--format {name}"),
            Spelling::Python => format!("format {name:?}"),
        }
    }
}

/// The output format a flag is checked against: its name as the caller
/// spells it, and its place format (`None` for the per-mention formats,
/// which take none of the place flags).
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The format's name (`geojson`, `mentions-csv`, ...).
    pub name: &'a str,
    /// The place format, if the format writes one row or feature per place.
    pub place: Option<PlaceFormat>,
}

impl Target<'_> {
    fn is(&self, formats: &[PlaceFormat]) -> bool {
        self.place.is_some_and(|p| formats.contains(&p))
    }
}

/// Checks the place flags against the output format; the error is a
/// sentence naming the flag and the format, spelled as `sp` says.
pub fn check(f: &PlaceFlagValues, target: Target, sp: Spelling) -> Result<(), String> {
    use PlaceFormat::{Csv, Geojson, Geojsonseq, Html};
    let fmt = sp.format(target.name);
    let flag = |n: &str| sp.flag(n);
    if f.precision > 15 {
        return Err(format!("{} is 0 to 15", flag("precision")));
    }
    if f.split_geometry && !target.is(&[Geojson]) {
        let split = flag("split_geometry");
        return Err(format!(
            "{split} writes GeoJSON files; it does not apply to {fmt}"
        ));
    }
    if f.as_points && f.split_geometry {
        let (a, s) = (flag("as_points"), flag("split_geometry"));
        return Err(format!("{a} and {s} do not go together"));
    }
    if f.as_points && !target.is(&[Geojson, Geojsonseq, Csv, Html]) {
        return Err(format!(
            "{} applies to one feature per place (geojson, geojsonseq, csv, html), not to {fmt}",
            flag("as_points")
        ));
    }
    if f.simplestyle && !target.is(&[Geojson, Geojsonseq, Csv]) {
        return Err(format!(
            "{} applies to {} geojson, geojsonseq or csv, not to {fmt}",
            flag("simplestyle"),
            sp.format_word()
        ));
    }
    check_writer_flags(f, target, sp)
}

/// The flags of one writer: Shapefile fields, record separators, tiles.
fn check_writer_flags(f: &PlaceFlagValues, target: Target, sp: Spelling) -> Result<(), String> {
    use PlaceFormat::{Geojson, Geojsonseq, Html};
    let fmt = sp.format(target.name);
    let flag = |n: &str| sp.flag(n);
    if f.shapefile_fields && !target.is(&[Geojson, Geojsonseq]) {
        return Err(format!(
            "{} applies to {} geojson or geojsonseq, not to {fmt}",
            flag("shapefile_fields"),
            sp.format_word()
        ));
    }
    if f.shapefile_fields && f.simplestyle {
        let (a, s) = (flag("shapefile_fields"), flag("simplestyle"));
        return Err(format!("{a} and {s} do not go together"));
    }
    if f.rs && !target.is(&[Geojsonseq]) {
        return Err(format!(
            "{} applies only to {} geojsonseq, not to {fmt}",
            flag("rs"),
            sp.format_word()
        ));
    }
    if f.tiles_attribution && f.tiles.is_none() {
        let (a, t) = (flag("tiles_attribution"), flag("tiles"));
        return Err(format!("{a} needs {t}"));
    }
    let Some(t) = f.tiles else { return Ok(()) };
    if !target.is(&[Html]) {
        return Err(format!(
            "{} applies only to {} html, not to {fmt}",
            flag("tiles"),
            sp.format_word()
        ));
    }
    let http = t.starts_with("https://") || t.starts_with("http://");
    if !http || !["{z}", "{x}", "{y}"].iter().all(|p| t.contains(p)) {
        return Err(format!(
            "{} takes an http(s) URL template with {{z}}, {{x}} and {{y}}; got {t:?}",
            flag("tiles")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(name: &str) -> Target<'_> {
        let place = PlaceFormat::parse(name).ok();
        Target { name, place }
    }

    fn cli(f: PlaceFlagValues, name: &str) -> Result<(), String> {
        check(&f, target(name), Spelling::Cli)
    }

    #[test]
    fn every_flag_is_refused_where_it_does_not_apply() {
        let no = PlaceFlagValues::default();
        let tiles = Some("https://t/{z}/{x}/{y}.png");
        let cases = [
            (
                PlaceFlagValues {
                    split_geometry: true,
                    ..no
                },
                "csv",
            ),
            (
                PlaceFlagValues {
                    as_points: true,
                    ..no
                },
                "mentions",
            ),
            (
                PlaceFlagValues {
                    as_points: true,
                    ..no
                },
                "partial",
            ),
            (
                PlaceFlagValues {
                    simplestyle: true,
                    ..no
                },
                "html",
            ),
            (
                PlaceFlagValues {
                    shapefile_fields: true,
                    ..no
                },
                "csv",
            ),
            (PlaceFlagValues { rs: true, ..no }, "geojson"),
            (PlaceFlagValues { tiles, ..no }, "geojson"),
            (
                PlaceFlagValues {
                    tiles_attribution: true,
                    ..no
                },
                "html",
            ),
            (
                PlaceFlagValues {
                    precision: 16,
                    ..no
                },
                "geojson",
            ),
        ];
        for (f, name) in cases {
            assert!(cli(f, name).is_err(), "{f:?} with {name} must be refused");
        }
    }

    #[test]
    fn every_flag_is_taken_where_it_applies() {
        let no = PlaceFlagValues::default();
        let tiles = Some("https://t/{z}/{x}/{y}.png");
        let ok = [
            (
                PlaceFlagValues {
                    split_geometry: true,
                    ..no
                },
                "geojson",
            ),
            (
                PlaceFlagValues {
                    as_points: true,
                    ..no
                },
                "html",
            ),
            (
                PlaceFlagValues {
                    rs: true,
                    shapefile_fields: true,
                    ..no
                },
                "geojsonseq",
            ),
            (
                PlaceFlagValues {
                    tiles,
                    tiles_attribution: true,
                    ..no
                },
                "html",
            ),
            (no, "mentions"),
        ];
        for (f, name) in ok {
            assert_eq!(cli(f, name), Ok(()), "{f:?} with {name}");
        }
    }

    #[test]
    fn messages_name_the_flag_and_the_format_as_the_caller_spells_them() {
        let f = PlaceFlagValues {
            as_points: true,
            ..Default::default()
        };
        let e = cli(f, "mentions").unwrap_err();
        assert!(
            e.starts_with("--as-points ") && e.ends_with("not to --format mentions"),
            "{e}"
        );
        let e = check(&f, target("partial"), Spelling::Python).unwrap_err();
        assert!(
            e.starts_with("as_points ") && e.ends_with("not to format \"partial\""),
            "{e}"
        );
        let both = PlaceFlagValues {
            split_geometry: true,
            ..f
        };
        let e = check(&both, target("geojson"), Spelling::Python).unwrap_err();
        assert_eq!(e, "as_points and split_geometry do not go together");
    }

    #[test]
    fn tile_templates_need_http_and_all_three_placeholders() {
        let no = PlaceFlagValues::default();
        for bad in [
            "ftp://t/{z}/{x}/{y}",
            "https://t/{z}/{x}.png",
            "t/{z}/{x}/{y}",
        ] {
            let f = PlaceFlagValues {
                tiles: Some(bad),
                ..no
            };
            let e = cli(f, "html").unwrap_err();
            assert!(e.contains("URL template"), "{bad}: {e}");
        }
    }
}
