//! The domain types every gazetteer loader produces.

use std::fmt;

/// What sort of place an entry is. The kind drives resolution priors and is
/// written to the output as a lower-case string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Kind {
    /// A continent.
    Continent = 0,
    /// A named region without an administrative status (Middle East, Sahel).
    Region = 1,
    /// A sovereign country or dependency.
    Country = 2,
    /// A first-level division (province, governorate, state).
    Admin1 = 3,
    /// A second-level division (county, district).
    Admin2 = 4,
    /// A city (GeoNames populated place of 15,000 people or more, or a capital).
    City = 5,
    /// A smaller populated place.
    Town = 6,
    /// A road or highway.
    Road = 7,
    /// A sea, ocean, gulf, bay or strait.
    Sea = 8,
    /// A river.
    River = 9,
    /// A lake or reservoir.
    Lake = 10,
    /// A mountain, range or highland.
    Mountain = 11,
    /// An island or island group.
    Island = 12,
    /// Another physical feature (desert, plain, valley, peninsula).
    Physical = 13,
    /// An airport.
    Airport = 14,
    /// A park or protected area.
    Park = 15,
    /// Anything else a user gazetteer calls a place.
    Other = 16,
    /// A building, monument, square or other landmark ("White House",
    /// "Kremlin", "Tahrir Square").
    Landmark = 17,
    /// A third-level division (sub-district, nahiya). Declared last so that
    /// the numbers of the other kinds, stored in compiled indexes, stay.
    Admin3 = 18,
}

impl Kind {
    /// All kinds, in declaration order.
    pub const ALL: [Kind; 19] = [
        Kind::Continent,
        Kind::Region,
        Kind::Country,
        Kind::Admin1,
        Kind::Admin2,
        Kind::City,
        Kind::Town,
        Kind::Road,
        Kind::Sea,
        Kind::River,
        Kind::Lake,
        Kind::Mountain,
        Kind::Island,
        Kind::Physical,
        Kind::Airport,
        Kind::Park,
        Kind::Other,
        Kind::Landmark,
        Kind::Admin3,
    ];

    /// The lower-case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Continent => "continent",
            Kind::Region => "region",
            Kind::Country => "country",
            Kind::Admin1 => "admin1",
            Kind::Admin2 => "admin2",
            Kind::City => "city",
            Kind::Town => "town",
            Kind::Road => "road",
            Kind::Sea => "sea",
            Kind::River => "river",
            Kind::Lake => "lake",
            Kind::Mountain => "mountain",
            Kind::Island => "island",
            Kind::Physical => "physical",
            Kind::Airport => "airport",
            Kind::Park => "park",
            Kind::Other => "other",
            Kind::Landmark => "landmark",
            Kind::Admin3 => "admin3",
        }
    }

    /// Parses a kind name; a few common synonyms are accepted
    /// (`province`, `state`, `county`, `village`, `highway`, ...).
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase();
        Some(match s.as_str() {
            "continent" => Kind::Continent,
            "region" | "area" => Kind::Region,
            "country" | "nation" => Kind::Country,
            "admin1" | "province" | "state" | "governorate" => Kind::Admin1,
            "admin2" | "county" | "district" => Kind::Admin2,
            "admin3" | "subdistrict" | "sub-district" => Kind::Admin3,
            "city" => Kind::City,
            "town" | "village" | "settlement" | "populated place" => Kind::Town,
            "road" | "highway" | "motorway" => Kind::Road,
            "sea" | "ocean" | "gulf" | "bay" | "strait" => Kind::Sea,
            "river" => Kind::River,
            "lake" => Kind::Lake,
            "mountain" | "range" => Kind::Mountain,
            "island" => Kind::Island,
            "physical" => Kind::Physical,
            "airport" => Kind::Airport,
            "park" => Kind::Park,
            "other" | "" => Kind::Other,
            "landmark" | "building" | "monument" | "square" => Kind::Landmark,
            _ => return None,
        })
    }

    pub(crate) fn from_u8(v: u8) -> Kind {
        Kind::ALL.get(v as usize).copied().unwrap_or(Kind::Other)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a name form may match text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum FormKind {
    /// A name, matched case-insensitively (with capitalisation rules).
    Name = 0,
    /// An abbreviation or code, matched with exact case ("U.S.", "Ky.", "M4").
    Abbrev = 1,
    /// A demonym or adjectival form ("Syrian", "Turks").
    Demonym = 2,
    /// A name that is *not* a place (an organisation or publication that
    /// contains a place name, such as "Free Syrian Army"); it blocks the
    /// place names inside it.
    Blocker = 3,
}

impl FormKind {
    pub(crate) fn from_u8(v: u8) -> FormKind {
        match v {
            1 => FormKind::Abbrev,
            2 => FormKind::Demonym,
            3 => FormKind::Blocker,
            _ => FormKind::Name,
        }
    }
}

/// One gazetteer entry, as loaders produce it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Stable id, such as `geonames:169387` or `road:sy-m4`.
    pub id: String,
    /// The kind of place.
    pub kind: Kind,
    /// Display name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code, empty when none.
    pub country: String,
    /// First-level division name, empty when none.
    pub admin1: String,
    /// Latitude of the representative point, WGS84.
    pub lat: f64,
    /// Longitude of the representative point, WGS84.
    pub lon: f64,
    /// Population, 0 when unknown.
    pub population: u64,
    /// Alternate names, matched case-insensitively.
    pub names: Vec<String>,
    /// Abbreviations and codes, matched with exact case.
    pub abbrevs: Vec<String>,
    /// Short source tag (`geonames`, `natural-earth`, `user`, ...).
    pub source: String,
    /// Free-text note (for instance that a line is schematic).
    pub note: String,
    /// A compact GeoJSON geometry object for non-point places.
    pub geometry: Option<String>,
}

impl Place {
    /// A point place with no alternate names.
    pub fn new(id: &str, kind: Kind, name: &str, lat: f64, lon: f64) -> Place {
        Place {
            id: id.to_string(),
            kind,
            name: name.to_string(),
            country: String::new(),
            admin1: String::new(),
            lat,
            lon,
            population: 0,
            names: Vec::new(),
            abbrevs: Vec::new(),
            source: String::new(),
            note: String::new(),
            geometry: None,
        }
    }
}

/// A demonym or adjectival form that refers to a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demonym {
    /// The form as written ("Syrian", "Syrians").
    pub form: String,
    /// The id of the place it refers to.
    pub place_id: String,
}

/// Checks that a coordinate pair is usable: finite and within range.
pub fn valid_coord(lat: f64, lon: f64) -> bool {
    lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_names_and_numbers() {
        for (i, k) in Kind::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i, "{k:?}");
            assert_eq!(Kind::from_u8(i as u8), *k);
            assert_eq!(Kind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(Kind::parse("sub-district"), Some(Kind::Admin3));
        assert_eq!(Kind::Admin3.as_str(), "admin3");
    }
}
