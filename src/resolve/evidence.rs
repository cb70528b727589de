//! Evidence: every rule that speaks for a sense of a name is one typed
//! [`Feature`] with a value, and one table of [`Weights`] turns the values
//! into a score (a linear model, so the weights can be learned).
//!
//! The shipped weights are `weights.tsv` beside this file, made by
//! `geomention train` (see docs/EVALUATION.md); [`Weights::hand_set`] keeps
//! the hand-set values the rules started from.

use super::recognize::{Cue, R, RecognitionWeights};
use crate::gazetteer::{Kind, PlaceRef};

macro_rules! features {
    ($($(#[doc = $doc:literal])* $name:ident = $key:literal, $hand:expr;)*) => {
        /// One piece of evidence for a sense of a name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Feature {
            $($(#[doc = $doc])* $name,)*
        }

        impl Feature {
            /// Every feature, in table order.
            pub const ALL: &'static [Feature] = &[$(Feature::$name,)*];

            /// The feature's name in the weights file.
            pub fn key(self) -> &'static str {
                match self {
                    $(Feature::$name => $key,)*
                }
            }

            /// The hand-set weight the rules were written with.
            fn hand_set(self) -> f64 {
                match self {
                    $(Feature::$name => $hand,)*
                }
            }
        }
    };
}

features! {
    /// The place is a country.
    KindCountry = "kind_country", 6.5;
    /// A continent.
    KindContinent = "kind_continent", 6.0;
    /// A region ("Middle East").
    KindRegion = "kind_region", 5.0;
    /// A first-level division.
    KindAdmin1 = "kind_admin1", 4.5;
    /// A second-level division.
    KindAdmin2 = "kind_admin2", 2.5;
    /// A city (populated place with a seat or a size).
    KindCity = "kind_city", 1.0;
    /// A town or village.
    KindTown = "kind_town", -0.6;
    /// A road.
    KindRoad = "kind_road", 2.5;
    /// A sea.
    KindSea = "kind_sea", 4.0;
    /// A river, lake, mountain, island or other physical feature.
    KindPhysical = "kind_physical", 3.0;
    /// An airport.
    KindAirport = "kind_airport", 2.0;
    /// A park.
    KindPark = "kind_park", 1.5;
    /// Another kind of place.
    KindOther = "kind_other", 2.0;
    /// A landmark named in full ("White House").
    KindLandmark = "kind_landmark", 4.5;
    /// log10(population + 1) of a city.
    PopCity = "log_population_city", 0.6;
    /// log10(population + 1) of a town.
    PopTown = "log_population_town", 0.6;
    /// The form carries its own kind cue ("Idlib Province").
    FormCue = "form_cue", 4.0;
    /// A kind cue follows the name ("Idlib province").
    CueAfter = "cue_after", 4.0;
    /// "`<kind>` of" precedes the name ("the province of Idlib").
    CueBefore = "cue_before", 4.0;
    /// The name is the place's main name, not an alternate name.
    MainName = "main_name", 1.0;
    /// A road code ("M4").
    RoadCode = "road_code", 0.5;
    /// "X, Y" with Y the place's division or country.
    XCommaY = "x_comma_y", 5.0;
    /// "City, ST": a state or province code after a comma ("Springfield,
    /// MO", "Kingston, Ont.") names the place's division.
    XCommaCode = "x_comma_state_code", 5.0;
    /// The place's country is named by other names in the text.
    CountryNamed = "country_named", 1.0;
    /// ... and it is the text's most named country.
    CountryTop = "country_top", 0.5;
    /// The user prefers the place's country (`--country`).
    CountryBias = "country_bias", 2.0;
    /// The place lies in the user's bias box.
    InBox = "in_bias_box", 2.0;
    /// Between same-named divisions of several countries: the country's
    /// weight (log of its population, centred, within ±0.5).
    DivisionCountry = "division_country_weight", 1.0;
    /// Share of the name's cued mentions elsewhere that chose this place.
    CuedElsewhere = "cued_elsewhere", 3.0;
    /// A country or division containing another place the text names.
    Contains = "contains_named_place", 2.0;
    /// Another place the text names confidently lies in the same
    /// first-level division (local focus: Glasgow in a Kentucky story).
    SameDivision = "same_division_as_others", 1.0;
    /// Another place the text names confidently lies in the same country.
    SameCountry = "same_country_as_others", 0.5;
    /// Within 30 km of another place the text names confidently.
    Near30 = "near_30km", 3.0;
    /// Within 150 km.
    Near150 = "near_150km", 2.0;
    /// Within 600 km.
    Near600 = "near_600km", 1.0;
    /// Within 30 km of a sense of another ambiguous name.
    Senses = "near_other_sense", 1.0;
    /// Within 150 km of a place the name after "X, south of" or "X, 20 km
    /// north of" may mean: a relative location the text gives (Edmonton,
    /// Queensland in "Edmonton, south of Cairns").
    Relative = "relative_location", 2.0;
    /// Listed with other divisions of the same country.
    ListedDivisions = "listed_with_divisions", 2.0;
    /// Inside a first-level division the text names.
    InNamedDivision = "in_named_division", 2.0;
    /// A city that shares its name with the first-level division holding
    /// it, when the name can mean both (Latakia, Kirkuk, New York): the
    /// convention that the bare name is the city, learned against the
    /// division's kind weight; kind cues ("province") still pick the
    /// division.
    NamesakeCity = "city_naming_its_division", 0.0;
    /// The text does not name the place's country but names a country
    /// bordering it (regional focus: a place in the Gaza Strip in a text
    /// that names Israel and Egypt).
    NeighbourNamed = "neighbour_country_named", 0.0;
    /// A national capital (GeoNames feature code PPLC,
    /// `gazetteer/capitals.tsv`), when another sense of the name is a
    /// first-level division and none a country (Washington the capital,
    /// not the state; Lisbon the city, not its district).
    NationalCapital = "national_capital_vs_division", 0.0;
    /// Local focus against a namesake abroad: the text's other confident
    /// places all lie in one first-level division, and this city or town
    /// lies in another country (Edmonton, Alberta in a story whose other
    /// places are in Queensland).
    ForeignToLocalFocus = "foreign_to_local_focus", -1.0;
    /// A town or a city under 100,000 people (not major) that is not a
    /// national capital, while another sense of the name is one by its
    /// main name, supported by its country being named but by no local
    /// evidence (no kind cue, "X, Y", "City, ST", named division, place in
    /// the same division or within 150 km, cued choice elsewhere, user
    /// option): news names capitals from anywhere (Paris, Texas against
    /// Paris in a text that names only the United States; "American
    /// officials flew to Rome"). A big namesake is a city in its own right
    /// (London, Ontario). The prior of the other unsupported cues (-1).
    CapitalNamesake = "namesake_of_a_capital", -1.0;
    /// The kind of a first-level division the size of a municipality
    /// (`local::municipal_division`: a Bermudan parish, a sheading of the
    /// Isle of Man), in place of `kind_admin1`; first set as a second-level
    /// division.
    KindMunicipalDivision = "kind_municipal_division", 2.5;
    /// A first-level division whose country the text does not name, while
    /// another sense of the name is a city of another country: how little known the division is, Natural Earth's
    /// map rank less 2 (`gazetteer/division_ranks.tsv`, `local::division_rank`:
    /// 0 for a US or Indian state, 2 for a Mozambican province, 7 for a
    /// Jamaican parish; 0 when Natural Earth does not rank it). Gaza in
    /// Mozambique against Gaza in Palestine, Manchester, Jamaica against
    /// Manchester, England.
    DivisionRank = "division_map_rank", 0.0;
    /// The name as written spells none of the place's forms, only one of
    /// them once doubled letters are made single (`normalize` folds them so
    /// that "Ma'arrat" finds "Maarat"): "Shaanxi" for Shanxi, "Holliday"
    /// for Holiday, two different places whose names differ by a doubled
    /// letter. Only when another sense, spelled as written, is no minor
    /// place (a country, division, region or sea): against a town or city
    /// spelled as written the recognition model weighs the name as a word,
    /// and the folded sense is its evidence that the word is no place
    /// ("man" reaches Man, Côte d'Ivoire as written, Ma'an by folding).
    /// Hand-set against `main_name`'s +1: a spelling the place does not
    /// have is weaker than an alternate name it has.
    DoubledFold = "doubled_letter_fold_sense", -1.0;
    /// A country listed with other countries ("Ireland, Italy, China,
    /// Palestine and Syria"): a list neighbour's first-pass choice is a
    /// country. The nation against its namesake town (Palestine, Texas),
    /// as [`Feature::ListedDivisions`] is the division against its. Not
    /// local evidence. The prior of `listed_with_divisions` (2).
    ListedCountries = "listed_with_countries", 2.0;
}

/// The number of features.
pub const N: usize = Feature::ALL.len();

/// Features that come from the user's options, not from the text: never
/// learned (the annotated corpora use no options), always hand-set.
pub const USER_OPTIONS: &[Feature] = &[Feature::CountryBias, Feature::InBox];

/// One weight per feature, and the recognition model's weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// Per [`Feature`]: the sense scores.
    pub senses: [f64; N],
    /// Per [`Cue`]: whether a name is a place mention.
    pub recognition: RecognitionWeights,
}

impl Weights {
    /// The hand-set weights the rules were written with.
    pub fn hand_set() -> Weights {
        let mut w = [0.0; N];
        for f in Feature::ALL {
            w[*f as usize] = f.hand_set();
        }
        Weights {
            senses: w,
            recognition: RecognitionWeights::hand_set(),
        }
    }

    /// The weight of one feature.
    pub fn get(&self, f: Feature) -> f64 {
        self.senses[f as usize]
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights::shipped()
    }
}

/// The feature of a place's kind.
pub fn kind_feature(kind: Kind) -> Feature {
    match kind {
        Kind::Country => Feature::KindCountry,
        Kind::Continent => Feature::KindContinent,
        Kind::Region => Feature::KindRegion,
        Kind::Admin1 => Feature::KindAdmin1,
        Kind::Admin2 | Kind::Admin3 => Feature::KindAdmin2,
        Kind::City => Feature::KindCity,
        Kind::Town => Feature::KindTown,
        Kind::Road => Feature::KindRoad,
        Kind::Sea => Feature::KindSea,
        Kind::River | Kind::Lake | Kind::Mountain | Kind::Island | Kind::Physical => {
            Feature::KindPhysical
        }
        Kind::Airport => Feature::KindAirport,
        Kind::Park => Feature::KindPark,
        Kind::Other => Feature::KindOther,
        Kind::Landmark => Feature::KindLandmark,
    }
}

/// A sense of a name with its evidence and score.
#[derive(Debug, Clone)]
pub struct Scored {
    /// The place.
    pub place: crate::gazetteer::PlaceId,
    /// The weighted sum of the evidence.
    pub score: f64,
    /// Chosen through a kind cue or "X, Y".
    pub cued: bool,
    /// Supported by the text: near another place, or inside a division
    /// the text names.
    pub supported: bool,
    /// The value of each feature.
    pub x: [f32; N],
    /// What the evidence says, for the reason (in words only for the
    /// chosen sense).
    pub why: Vec<super::Why>,
}

impl Scored {
    /// A sense with its prior evidence (kind and population).
    pub fn new(place: crate::gazetteer::PlaceId, p: &PlaceRef<'_>, w: &Weights) -> Scored {
        let mut s = Scored {
            place,
            score: 0.0,
            cued: false,
            supported: false,
            x: [0.0; N],
            why: Vec::new(),
        };
        let kind = if super::local::municipal_division(p) {
            Feature::KindMunicipalDivision
        } else {
            kind_feature(p.kind())
        };
        s.add(w, kind, 1.0);
        // (The logarithm only for the kinds that weigh it.)
        let pop = || (p.population() as f64 + 1.0).log10();
        match p.kind() {
            Kind::City => s.add(w, Feature::PopCity, pop()),
            Kind::Town => s.add(w, Feature::PopTown, pop()),
            _ => {}
        }
        s
    }

    /// Whether evidence from the text near the place speaks for this
    /// sense: a kind cue or "X, Y" here or for the same place elsewhere,
    /// another place it names within 150 km or in the same first-level
    /// division, a division it names containing the place or places the
    /// place contains, divisions listed with it. (Its country named, a
    /// place hundreds of kilometres away or a sense of another name
    /// nearby are not local.)
    pub fn local_support(&self) -> bool {
        self.cued_or_any(&[
            Feature::CuedElsewhere,
            Feature::Contains,
            Feature::SameDivision,
            Feature::Near30,
            Feature::Near150,
            Feature::Relative,
            Feature::ListedDivisions,
            Feature::InNamedDivision,
        ])
    }

    /// Whether evidence from the text right around the place speaks for
    /// this sense: a kind cue or "X, Y" here or for the same place
    /// elsewhere, a place it contains, another place within 30 km, or a
    /// relative location. Stricter than [`Scored::local_support`]: a named
    /// division or a place 100 km away does not make a village of a name
    /// the news uses for something else
    /// ([`crate::lexicon::names::NewsUsage::beyond_size`]).
    pub fn near_support(&self) -> bool {
        self.cued_or_any(&[
            Feature::CuedElsewhere,
            Feature::Contains,
            Feature::Near30,
            Feature::Relative,
        ])
    }

    /// Whether the sense is cued or has any of `features`.
    fn cued_or_any(&self, features: &[Feature]) -> bool {
        self.cued || features.iter().any(|&f| self.x[f as usize] > 0.0)
    }

    /// Adds evidence `f` with value `v`.
    pub fn add(&mut self, w: &Weights, f: Feature, v: f64) {
        self.x[f as usize] += v as f32;
        self.score += w.get(f) * v;
    }

    /// Adds evidence `f` with value `v` and says why.
    pub fn add_why(&mut self, w: &Weights, f: Feature, v: f64, why: impl Into<super::Why>) {
        self.add(w, f, v);
        self.why.push(why.into());
    }
}

impl super::Resolver<'_> {
    /// [`Feature::NamesakeCity`] for every city sense whose first-level
    /// division is also a sense of the name, when the city is named by its
    /// main name or is a big city: "Latakia" the city, "New York" the city,
    /// but not Maryland City for "Maryland", one of its alternate names.
    pub(super) fn namesake_cities(&self, out: &mut [Scored]) {
        let divisions: Vec<(&str, &str)> = (out.iter())
            .map(|s| self.gazetteer.place(s.place))
            .filter(|p| p.kind() == Kind::Admin1)
            .map(|p| (p.country(), p.name()))
            .collect();
        if divisions.is_empty() {
            return;
        }
        for s in out.iter_mut() {
            let p = self.gazetteer.place(s.place);
            let named = s.x[Feature::MainName as usize] > 0.0 || super::big_city(&p);
            if p.kind() == Kind::City && named && divisions.contains(&(p.country(), p.admin1())) {
                let why = format!("the city that names its division ({})", p.admin1());
                s.add_why(&self.weights, Feature::NamesakeCity, 1.0, why);
            }
        }
    }
}

/// The weights shipped with the binary (made by `geomention train`).
static SHIPPED: &str = include_str!("weights.tsv");

impl Weights {
    /// The shipped weights (`src/resolve/weights.tsv`).
    pub fn shipped() -> Weights {
        // The file is ours and a unit test parses it; should it ever fail
        // to parse, the hand-set weights are the safe fallback.
        Weights::parse(SHIPPED).unwrap_or_else(|_| Weights::hand_set())
    }

    /// Parses a weights file: `feature<TAB>weight` lines, `#` comments.
    /// Every feature must appear exactly once. Errors name the 1-based line.
    pub fn parse(text: &str) -> Result<Weights, String> {
        let mut w = [f64::NAN; N];
        let mut r = [f64::NAN; R];
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let n = i + 1;
            let (key, value) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {n}: expected \"feature<TAB>weight\""))?;
            let key = key.trim();
            let slot = if let Some(f) = Feature::ALL.iter().find(|f| f.key() == key) {
                &mut w[*f as usize]
            } else if let Some(c) = Cue::ALL.iter().find(|c| c.key() == key) {
                &mut r[*c as usize]
            } else {
                return Err(format!("line {n}: unknown feature {key:?}"));
            };
            let v: f64 = value
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| format!("line {n}: weight {value:?} is not a finite number"))?;
            if !slot.is_nan() {
                return Err(format!("line {n}: feature {key:?} given twice"));
            }
            *slot = v;
        }
        let keys = Feature::ALL.iter().map(|f| (f.key(), w[*f as usize]));
        let cues = Cue::ALL.iter().map(|c| (c.key(), r[*c as usize]));
        if let Some((key, _)) = keys.chain(cues).find(|(_, v)| v.is_nan()) {
            return Err(format!("feature {key:?} is missing"));
        }
        Ok(Weights {
            senses: w,
            recognition: RecognitionWeights(r),
        })
    }

    /// The weights as a weights file, after `header` (comment lines).
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        for f in Feature::ALL {
            out.push_str(&format!("{}\t{:.4}\n", f.key(), self.get(*f)));
        }
        for c in Cue::ALL {
            out.push_str(&format!("{}\t{:.4}\n", c.key(), self.recognition.get(*c)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_weights_parse() {
        assert!(
            Weights::parse(SHIPPED).is_ok(),
            "{:?}",
            Weights::parse(SHIPPED)
        );
    }

    #[test]
    fn a_city_that_names_its_division_has_the_namesake_evidence() {
        use crate::gazetteer::{Gazetteer, Place};
        use crate::matcher::Matcher;
        use crate::resolve::Resolver;
        let mut div = Place::new("a:lat", Kind::Admin1, "Latakia", 35.6, 36.0);
        div.country = "SY".into();
        let mut city = Place::new("p:lat", Kind::City, "Latakia", 35.5, 35.8);
        city.country = "SY".into();
        city.admin1 = "Latakia".into();
        city.population = 700_000;
        let mut other = Place::new("p:other", Kind::City, "Latakia", 10.0, 10.0);
        other.country = "XX".into();
        other.admin1 = "Latakia".into();
        let mut g = Gazetteer::empty();
        g.push_places(&[div, city, other], &[], &[]).unwrap();
        let m = Matcher::new(&g).find("Shelling hit Latakia.");
        let r = Resolver::new(&g)
            .weights(Weights::hand_set())
            .record_senses(true)
            .resolve(&m);
        let senses = &r.senses[0].senses;
        let value = |id: &str| {
            let p = g.by_id(id).unwrap();
            senses.iter().find(|(s, _)| *s == p).unwrap().1[Feature::NamesakeCity as usize]
        };
        assert_eq!(value("p:lat"), 1.0);
        assert_eq!(value("a:lat"), 0.0);
        // A city of another country whose division has the same name is not
        // the namesake.
        assert_eq!(value("p:other"), 0.0);
    }

    #[test]
    fn weights_round_trip_and_errors_name_the_line() {
        let w = Weights::hand_set();
        let text = w.to_tsv("hand-set");
        assert_eq!(Weights::parse(&text).unwrap(), w);
        let bad = text.replace("near_30km\t3.0000", "near_30km\tx");
        let e = Weights::parse(&bad).unwrap_err();
        assert!(e.contains("line") && e.contains("\"x\""), "{e}");
        let missing: String = text
            .lines()
            .filter(|l| !l.starts_with("kind_town"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(Weights::parse(&missing).unwrap_err().contains("kind_town"));
    }
}
