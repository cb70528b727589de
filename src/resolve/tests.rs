//! Unit tests of the resolver: each rule has a test that fails without it.

use super::*;
use crate::gazetteer::{Demonym, Place};
use crate::matcher::Matcher;

fn gaz() -> Gazetteer {
    let mut syria = Place::new("c:sy", Kind::Country, "Syria", 35.0, 38.0);
    syria.country = "SY".into();
    let mut russia = Place::new("c:ru", Kind::Country, "Russia", 60.0, 100.0);
    russia.country = "RU".into();
    let mut idlib_gov = Place::new("a:idlib", Kind::Admin1, "Idlib", 35.75, 36.6);
    idlib_gov.country = "SY".into();
    idlib_gov.names = vec!["Idlib Province".into(), "Province of Idlib".into()];
    let mut idlib_city = Place::new("p:idlib", Kind::City, "Idlib", 35.93, 36.63);
    idlib_city.country = "SY".into();
    idlib_city.population = 165_000;
    let mut moscow = Place::new("p:moscow", Kind::City, "Moscow", 55.75, 37.6);
    moscow.country = "RU".into();
    moscow.population = 10_000_000;
    let mut moscow_id = Place::new("p:moscow-id", Kind::City, "Moscow", 46.7, -117.0);
    moscow_id.country = "US".into();
    moscow_id.admin1 = "Idaho".into();
    moscow_id.population = 25_000;
    let mut idaho = Place::new("a:idaho", Kind::Admin1, "Idaho", 44.0, -114.0);
    idaho.country = "US".into();
    idaho.geometry = Some(
        r#"{"type":"Polygon","coordinates":[[[-117.2,42.0],[-111.0,42.0],[-111.0,49.0],[-117.2,49.0],[-117.2,42.0]]]}"#
            .into(),
    );
    // A municipality-sized first-level division (about 10 by 10 km).
    let mut smallton = Place::new("a:smallton", Kind::Admin1, "Smallton", 45.8, 14.5);
    smallton.country = "SI".into();
    smallton.geometry = Some(
        r#"{"type":"Polygon","coordinates":[[[14.45,45.75],[14.58,45.75],[14.58,45.84],[14.45,45.84],[14.45,45.75]]]}"#
            .into(),
    );
    let mut m4 = Place::new("road:m4", Kind::Road, "M4 highway", 35.8, 36.6);
    m4.country = "SY".into();
    m4.abbrevs = vec!["M4".into()];
    let mut tahrir = Place::new("p:tahrir", Kind::Town, "Tahrir", 30.0, 31.0);
    tahrir.country = "EG".into();
    let mut turkey = Place::new("c:tr", Kind::Country, "Turkey", 39.0, 35.0);
    turkey.country = "TR".into();
    let dem = vec![Demonym {
        form: "Syrian".into(),
        place_id: "c:sy".into(),
    }];
    let mut g = Gazetteer::empty();
    g.push_places(
        &[
            syria, russia, idlib_gov, idlib_city, moscow, moscow_id, idaho, m4, tahrir, turkey,
            smallton,
        ],
        &dem,
        &["Free Syrian Army".to_string()],
    )
    .unwrap();
    g
}

/// Resolves with the hand-set weights: these tests check that each rule's
/// evidence works as written, whatever weights training gives it.
fn resolve(g: &Gazetteer, text: &str) -> Resolved {
    let m = Matcher::new(g).find(text);
    Resolver::new(g)
        .weights(crate::resolve::Weights::hand_set())
        .resolve(&m)
}

/// [`resolve`] with every name's cues and every sense's features recorded.
fn recorded(g: &Gazetteer, text: &str) -> Resolved {
    Resolver::new(g)
        .weights(Weights::hand_set())
        .record_senses(true)
        .resolve(&Matcher::new(g).find(text))
}

/// A place of `kind` at (`lat`, `lon`) in country `cc` with `population`.
fn place_in(id: &str, kind: Kind, name: &str, at: (f64, f64), cc: &str, population: u64) -> Place {
    let mut p = Place::new(id, kind, name, at.0, at.1);
    (p.country, p.population) = (cc.into(), population);
    p
}

/// [`ids`] of `text` resolved with the shipped weights.
fn shipped_ids(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
    ids(g, &Resolver::new(g).resolve(&Matcher::new(g).find(text)))
}

fn ids(g: &Gazetteer, r: &Resolved) -> Vec<(String, String)> {
    r.mentions
        .iter()
        .map(|m| {
            (
                m.text.clone(),
                m.place
                    .map(|p| g.place(p).place_id().to_string())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

macro_rules! t {
    ($name:ident, $text:expr, [$(($surface:expr, $id:expr)),*]) => {
        #[test]
        fn $name() {
            let g = gaz();
            let r = resolve(&g, $text);
            let want: Vec<(String, String)> = vec![$(($surface.to_string(), $id.to_string())),*];
            let reasons: Vec<&str> = r.mentions.iter().map(|m| m.reason.as_str()).collect();
            assert_eq!(ids(&g, &r), want, "{reasons:#?}");
        }
    };
}

t!(
    province_by_default,
    "Fighting near Idlib in Syria.",
    [("Idlib", "a:idlib"), ("Syria", "c:sy")]
);
t!(
    discourse,
    "The Idlib province is tense, the province of Idlib too. Idlib is shelled. Later Idlib city was hit.",
    [
        ("Idlib province", "a:idlib"),
        ("province of Idlib", "a:idlib"),
        ("Idlib", "a:idlib"),
        ("Idlib", "p:idlib")
    ]
);
t!(
    city_of,
    "in the province of Idlib",
    [("province of Idlib", "a:idlib")]
);
t!(
    moscow_default,
    "Talks in Moscow failed.",
    [("Moscow", "p:moscow")]
);
t!(
    moscow_idaho,
    "Snow fell in Moscow, Idaho on Monday.",
    [("Moscow", "p:moscow-id"), ("Idaho", "a:idaho")]
);
t!(
    road_with_cue,
    "Syria: on the M4 highway and below the M4 later",
    [
        ("Syria", "c:sy"),
        ("M4 highway", "road:m4"),
        ("M4", "road:m4")
    ]
);
t!(
    road_cue_word,
    "In Syria the M4 road was cut",
    [("Syria", "c:sy"), ("M4", "road:m4")]
);
t!(road_elsewhere, "In Britain the M4 motorway was shut", []);
t!(road_without_cue, "the M4 was quiet", []);
t!(
    blocker,
    "the Free Syrian Army and Syrian forces",
    [("Syrian", "c:sy")]
);
t!(org_head, "a fellow at the Tahrir Institute said", []);
t!(participle_title, "starting with Turkey Unpacked today", []);
t!(demonym_kind, "Syrian troops", [("Syrian", "c:sy")]);
t!(
    names_inside_links_and_handles,
    "RT @Moscow_Fan: http://t.co/xSyria (www.Turkey.example) a@Russia.ru. Snow in Moscow, Idaho",
    [("Moscow", "p:moscow-id"), ("Idaho", "a:idaho")]
);
t!(
    names_before_a_handle_or_in_an_address,
    "Snow in Idaho??“@Moscow_Fan: yes. Write to syria.desk@x.org or moscow_news@x.org.",
    [("Idaho", "a:idaho")]
);
t!(
    major_names_in_lower_case,
    "Protests spread in syria, idaho and moscow, not in tahrir or turkey; shelling in russia… \
     (see docserver.cac.russia.edu), or in smallton, but in Smallton",
    [
        ("syria", "c:sy"),
        ("idaho", "a:idaho"),
        ("moscow", "p:moscow"),
        ("Smallton", "a:smallton")
    ]
);
t!(
    names_inside_hashtags,
    "Shelling again #PrayForSyria #russia #turkey #MoscowIdaho #RussiaTurkey… #Syr…",
    [
        ("Syria", "c:sy"),
        ("russia", "c:ru"),
        ("Moscow", "p:moscow-id"),
        ("Idaho", "a:idaho"),
        ("Russia", "c:ru")
    ]
);

#[test]
fn char_offsets_are_code_points() {
    let g = gaz();
    let text = "Zāwiyah… Syria’s";
    let r = resolve(&g, text);
    let m = &r.mentions[0];
    let chars: Vec<char> = text.chars().collect();
    let s: String = chars[m.char_start..m.char_end].iter().collect();
    assert_eq!(s, "Syria");
}

#[test]
fn reasons_are_recorded() {
    let g = gaz();
    let r = resolve(&g, "The province of Idlib.");
    assert!(
        r.mentions[0]
            .reason
            .contains("named as \"Province of Idlib\""),
        "{}",
        r.mentions[0].reason
    );
    let r = resolve(&g, "The Free Syrian Army.");
    assert!(r.excluded[0].why.contains("organisation"));
}

/// A second world for the document-level rules: same-named states,
/// towns, countries and divisions. A row: id, kind, name, country,
/// first-level division, population, latitude, longitude.
type Row = (
    &'static str,
    Kind,
    &'static str,
    &'static str,
    &'static str,
    u64,
    f64,
    f64,
);

#[rustfmt::skip]
const WORLD: &[Row] = &[
    ("c:us", Kind::Country, "United States", "US", "", 327_000_000, 39.8, -98.6),
    ("c:mx", Kind::Country, "Mexico", "MX", "", 126_000_000, 23.0, -102.0),
    ("c:uy", Kind::Country, "Uruguay", "UY", "", 3_400_000, -32.9, -56.0),
    ("a:ohio", Kind::Admin1, "Ohio", "US", "", 0, 40.2, -83.0),
    ("a:oregon", Kind::Admin1, "Oregon", "US", "", 0, 44.0, -120.5),
    ("a:washington", Kind::Admin1, "Washington", "US", "", 0, 47.5, -120.5),
    ("p:oregon-oh", Kind::City, "Oregon", "US", "Ohio", 20_000, 41.6, -83.5),
    ("p:washington-oh", Kind::City, "Washington", "US", "Ohio", 16_000, 40.5, -83.3),
    ("a:mexico", Kind::Admin1, "México", "MX", "", 0, 19.3, -99.7),
    ("p:mexico-city", Kind::City, "Mexico City", "MX", "México", 12_000_000, 19.4, -99.1),
    // Uruguay's first: a tie would choose it.
    ("a:florida-uy", Kind::Admin1, "Florida", "UY", "", 0, -33.9, -55.9),
    ("a:florida-us", Kind::Admin1, "Florida", "US", "", 0, 28.7, -82.5),
    ("a:west-cm", Kind::Admin1, "West", "CM", "", 0, 5.5, 10.5),
    ("p:islington", Kind::City, "Islington", "GB", "England", 200_000, 51.54, -0.1),
    ("a:virginia", Kind::Admin1, "Virginia", "US", "", 0, 37.5, -78.8),
    ("a:west-virginia", Kind::Admin1, "West Virginia", "US", "", 0, 38.6, -80.6),
    ("a:wyoming", Kind::Admin1, "Wyoming", "US", "", 0, 43.0, -107.5),
    ("p:washington-wv", Kind::City, "Washington", "US", "West Virginia", 20_000, 39.2, -81.6),
    ("c:gr", Kind::Country, "Greece", "GR", "", 10_000_000, 39.0, 22.0),
    ("p:athens-gr", Kind::City, "Athens", "GR", "", 664_000, 37.98, 23.72),
    ("p:athens-us", Kind::City, "Athens", "US", "Georgia", 25_000, 33.96, -83.38),
    ("p:london-gb", Kind::City, "London", "GB", "England", 8_900_000, 51.51, -0.13),
    ("p:london-on", Kind::City, "London", "CA", "Ontario", 400_000, 42.98, -81.23),
    ("p:st-thomas-on", Kind::City, "St. Thomas", "CA", "Ontario", 38_000, 42.78, -81.19),
    ("a:st-thomas-jm", Kind::Admin1, "St. Thomas", "JM", "", 0, 17.95, -76.45),
    ("c:jm", Kind::Country, "Jamaica", "JM", "", 2_900_000, 18.1, -77.3),
    ("p:university", Kind::City, "University", "US", "Florida", 41_000, 28.07, -82.43),
    ("p:ive", Kind::City, "Ive", "DE", "", 20_000, 50.0, 10.0),
    ("a:day", Kind::Admin2, "Day", "US", "South Dakota", 0, 45.4, -97.6),
    ("p:cairns", Kind::City, "Cairns", "AU", "Queensland", 150_000, -16.92, 145.77),
    ("p:edmonton-au", Kind::Town, "Edmonton", "AU", "Queensland", 10_652, -17.02, 145.74),
    ("p:edmonton-ca", Kind::City, "Edmonton", "CA", "Alberta", 1_010_899, 53.55, -113.47),
];

/// The gazetteer of [`WORLD`], with "US" as the United States'
/// abbreviation and "Mexican" as Mexico's demonym.
fn world() -> Gazetteer {
    let places: Vec<Place> = (WORLD.iter())
        .map(|&(id, kind, name, cc, admin1, pop, lat, lon)| {
            let mut p = Place::new(id, kind, name, lat, lon);
            p.country = cc.into();
            p.admin1 = admin1.into();
            p.population = pop;
            if id == "c:us" {
                p.abbrevs = vec!["US".into()];
            }
            p
        })
        .collect();
    let dem = vec![Demonym {
        form: "Mexican".into(),
        place_id: "c:mx".into(),
    }];
    let mut g = Gazetteer::empty();
    g.push_places(&places, &dem, &[]).unwrap();
    g
}

fn world_ids(text: &str) -> Vec<(String, String)> {
    let g = world();
    let r = resolve(&g, text);
    ids(&g, &r)
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn listed_divisions_are_divisions_not_towns_in_each_other() {
    // Without the list rule, Oregon and Washington in Ohio win: they lie
    // in a division the text names.
    assert_eq!(
        world_ids("Cases were found in Ohio, Oregon and Washington."),
        pairs(&[
            ("Ohio", "a:ohio"),
            ("Oregon", "a:oregon"),
            ("Washington", "a:washington")
        ])
    );
    // A town in a named state still wins when its name is no division
    // the text supports.
    let g = world();
    let r = resolve(&g, "In Ohio, the town of Oregon.");
    assert_eq!(
        ids(&g, &r)[1],
        ("Oregon".to_string(), "p:oregon-oh".to_string())
    );
}

/// A division named like a big city of its country ("New York") counts as
/// listed with divisions when a neighbour in the list is a division no big
/// city is named like ("New Jersey"); with a neighbour that is itself
/// named like a big city ("Washington"), the big city keeps its namesake's
/// exemption.
#[test]
fn a_division_named_like_a_big_city_in_a_list_of_divisions() {
    let g = Gazetteer::embedded().unwrap();
    let listed = |text: &str| {
        let r = recorded(&g, text);
        let m = r.mentions.iter().find(|m| m.text == "New York").unwrap();
        m.reason.contains("listed with other divisions")
    };
    assert!(listed("He played concerts in New Jersey and New York."));
    assert!(listed("He played concerts in New York, Ohio and Oregon."));
    assert!(!listed("He played concerts in Washington and New York."));
}

#[test]
fn a_country_contains_the_places_named_in_it() {
    // "Mexico" is the country, not the State of Mexico next to Mexico
    // City, although a demonym names the country too.
    let got = world_ids("Mexican officials said schools in Mexico City closed. Mexico waits.");
    assert_eq!(
        got,
        pairs(&[
            ("Mexican", "c:mx"),
            ("Mexico City", "p:mexico-city"),
            ("Mexico", "c:mx")
        ])
    );
    let g = world();
    let r = resolve(&g, "Schools in Mexico City closed. Mexico waits.");
    assert!(
        r.mentions[1].reason.contains("contains \"Mexico City\""),
        "{}",
        r.mentions[1].reason
    );
}

#[test]
fn divisions_weigh_with_their_country() {
    assert_eq!(
        world_ids("Storms hit Florida."),
        pairs(&[("Florida", "a:florida-us")])
    );
    // Document focus still wins: Uruguay is named.
    assert_eq!(
        world_ids("In Uruguay, storms hit Florida."),
        pairs(&[("Uruguay", "c:uy"), ("Florida", "a:florida-uy")])
    );
}

#[test]
fn direction_words_need_a_kind_cue() {
    let g = world();
    let r = resolve(&g, "Farmers in West Prince and the West were hit.");
    assert!(r.mentions.is_empty(), "{:?}", ids(&g, &r));
    assert!(r.excluded.iter().all(|e| e.why.contains("direction word")));
    assert_eq!(r.excluded.len(), 2);
    assert_eq!(
        world_ids("Fighting in the West Region."),
        pairs(&[("West", "a:west-cm")])
    );
}

#[test]
fn a_feature_head_makes_a_longer_name() {
    let g = world();
    let r = resolve(
        &g,
        "The boats were moored in Islington Bay, and later the council of Islington voted.",
    );
    assert_eq!(ids(&g, &r), pairs(&[("Islington", "p:islington")]));
    assert!(
        r.excluded[0].why.contains("\"Islington Bay\""),
        "{}",
        r.excluded[0].why
    );
}

#[test]
fn a_long_list_of_divisions_is_no_x_comma_y() {
    // "Washington, West Virginia" inside a list of states: the state.
    assert_eq!(
        world_ids("Cases in Virginia, Washington, West Virginia and Wyoming."),
        pairs(&[
            ("Virginia", "a:virginia"),
            ("Washington", "a:washington"),
            ("West Virginia", "a:west-virginia"),
            ("Wyoming", "a:wyoming")
        ])
    );
    // Alone, it is the town in West Virginia.
    assert_eq!(
        world_ids("Police in Washington, West Virginia, said."),
        pairs(&[
            ("Washington", "p:washington-wv"),
            ("West Virginia", "a:west-virginia")
        ])
    );
}

#[test]
fn x_comma_y_decides_the_later_mentions() {
    let g = world();
    let r = resolve(
        &g,
        "Talks in Athens, Greece, ended. Later Athens was quiet.",
    );
    assert_eq!(
        ids(&g, &r),
        pairs(&[
            ("Athens", "p:athens-gr"),
            ("Greece", "c:gr"),
            ("Athens", "p:athens-gr")
        ])
    );
    assert!(
        r.mentions[2].reason.contains("named with a cue elsewhere"),
        "{}",
        r.mentions[2].reason
    );
}

/// A title or role after Y makes Y qualify a person, not contain X.
#[test]
fn no_x_comma_y_before_a_title() {
    let g = world();
    for (text, contained) in [
        ("Talks in Athens, Greece ended.", true),
        ("Talks in Athens, Greece President Pavlopoulos said.", false),
        ("Talks in Athens, Greece officials said.", false),
        ("Talks in Athens, Greece Judge Ross said.", false),
        // A lower-case word of the person list alone is a common word.
        ("Talks in Athens, Greece head for a vote.", true),
    ] {
        let r = resolve(&g, text);
        let athens = r.mentions.iter().find(|m| m.text == "Athens").unwrap();
        let why = &athens.reason;
        assert_eq!(why.contains("\"X, Y\""), contained, "{text}: {why}");
    }
}

#[test]
fn ambiguous_names_whose_senses_lie_together() {
    // Neither name is confident alone; London, Ontario and St. Thomas,
    // Ontario lie 25 km apart.
    let g = world();
    let r = resolve(&g, "Police in London and St. Thomas said roads were icy.");
    assert_eq!(
        ids(&g, &r),
        pairs(&[("London", "p:london-on"), ("St. Thomas", "p:st-thomas-on")])
    );
    assert!(
        r.mentions[0]
            .reason
            .contains("another name in the text may mean"),
        "{}",
        r.mentions[0].reason
    );
    // London alone is London.
    assert_eq!(
        world_ids("Police in London said roads were icy."),
        pairs(&[("London", "p:london-gb")])
    );
}

#[test]
fn currencies_contractions_organisation_words_and_holidays() {
    let g = world();
    let r = resolve(
        &g,
        "Aid of US$5 million reached the US on Thanksgiving Day, and I've heard students at \
         the Ohio State University cheer.",
    );
    assert_eq!(ids(&g, &r), pairs(&[("US", "c:us"), ("Ohio", "a:ohio")]));
    let why: Vec<&str> = r.excluded.iter().map(|e| e.why.as_str()).collect();
    assert_eq!(why.len(), 4, "{why:?}");
    assert!(why[0].contains("currency"), "{why:?}");
    assert!(why[1].contains("holiday"), "{why:?}");
    assert!(why[2].contains("contraction"), "{why:?}");
    assert!(why[3].contains("organisation word"), "{why:?}");
    assert!(is_contraction("You\u{2019}d") && !is_contraction("N'Djamena"));
}

#[test]
fn a_name_does_not_count_as_its_own_country_focus() {
    let names = document::Keys;
    let (mexico, city) = (names.of("Mexico"), names.of("Mexico City"));
    assert_eq!(names.of("MEXICO"), mexico);
    let countries = FxHashMap::from_iter([("MX", 1.0)]);
    let own = FxHashMap::from_iter([(mexico, vec![("MX", 1.0)])]);
    let focus = Focus::new(&countries, &own, Some("MX"));
    assert_eq!(focus.named_by_others("MX", mexico), None);
    assert_eq!(focus.named_by_others("MX", city), Some(1.0));
    assert_eq!(focus.named_by_others("US", city), None);
}

#[test]
fn a_code_set_tells_only_codes_it_lacks() {
    let mut set = super::CodeSet::default();
    let all: Vec<String> = (b'A'..=b'Z')
        .flat_map(|a| (b'A'..=b'Z').map(move |b| String::from_utf8(vec![a, b]).unwrap()))
        .collect();
    for (i, cc) in all.iter().enumerate().filter(|(i, _)| i % 7 == 3) {
        set.insert(cc);
        assert!(set.may_hold(cc), "{cc} {i}");
    }
    for (i, cc) in all.iter().enumerate() {
        assert_eq!(set.may_hold(cc), i % 7 == 3, "{cc}");
    }
    // Another shape of code is never ruled out: the map is asked.
    for odd in ["", "A", "us", "U1", "ABC", "\u{c5}B"] {
        set.insert(odd);
        assert!(set.may_hold(odd), "{odd:?}");
        assert!(super::CodeSet::default().may_hold(odd), "{odd:?}");
    }
    let countries = FxHashMap::from_iter([("us", 2.0), ("ZZ", 1.0)]);
    let own = FxHashMap::default();
    let focus = Focus::new(&countries, &own, None);
    assert_eq!(focus.named_by_others("us", 0), Some(2.0));
    assert_eq!(focus.named_by_others("ZZ", 0), Some(1.0));
    assert_eq!(focus.named_by_others("ZY", 0), None);
}

#[test]
fn a_place_right_next_to_a_named_one_beats_a_big_namesake() {
    // Edmonton, Queensland lies 16 km from Cairns: closer than 30 km, it
    // beats Edmonton, Alberta, a city a hundred times its size.
    let g = world();
    let r = resolve(
        &g,
        "Police in Cairns said a man from Edmonton was arrested.",
    );
    assert_eq!(
        ids(&g, &r),
        pairs(&[("Cairns", "p:cairns"), ("Edmonton", "p:edmonton-au")])
    );
    assert_eq!(
        world_ids("Police said a man from Edmonton was arrested."),
        pairs(&[("Edmonton", "p:edmonton-ca")])
    );
}

#[test]
fn list_gaps() {
    for gap in [", ", " and ", ", and ", " or ", " & "] {
        assert!(is_list_gap(gap), "{gap:?}");
    }
    for gap in [" ", " in ", ". ", ", near ", ",, "] {
        assert!(!is_list_gap(gap), "{gap:?}");
    }
}

#[test]
fn a_state_code_after_a_comma_is_containment() {
    // Without the code, the bigger Athens (Greece) wins.
    assert_eq!(
        world_ids("The team flew to Athens for the game."),
        pairs(&[("Athens", "p:athens-gr")])
    );
    for text in [
        "The team flew to Athens, GA for the game.",
        "The team flew to Athens, Ga. for the game.",
    ] {
        assert_eq!(
            world_ids(text),
            pairs(&[("Athens", "p:athens-us")]),
            "{text}"
        );
    }
    // A capitalised word that is no code in capitals is no evidence.
    assert_eq!(
        world_ids("The team flew to Athens, Ga said."),
        pairs(&[("Athens", "p:athens-gr")])
    );
}

/// The list-gap rule as it was first written (every word of the gap split
/// out): the one-pass version must agree with it.
fn list_gap_as_written(gap: &str) -> bool {
    let words: Vec<&str> = gap
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let has_comma = gap.contains(',');
    let only_space = gap.chars().all(char::is_whitespace);
    !only_space
        && gap
            .chars()
            .all(|c| c.is_whitespace() || c == ',' || c.is_alphabetic() || c == '&')
        && match words.as_slice() {
            [] => has_comma && gap.matches(',').count() == 1,
            [w] => matches!(*w, "and" | "or" | "&"),
            _ => false,
        }
}

#[test]
fn list_gaps_in_one_pass_agree_with_the_rule_as_written() {
    let pieces = [
        "", " ", ",", "and", "or", "&", "\u{a0}", "x", ".", "\n", "And", "é", "-",
    ];
    // Every gap of up to four pieces.
    let mut gaps = vec![String::new()];
    for _ in 0..4 {
        let longer: Vec<String> = (gaps.iter())
            .flat_map(|g| pieces.iter().map(move |p| format!("{g}{p}")))
            .collect();
        gaps.extend(longer);
    }
    for gap in &gaps {
        assert_eq!(is_list_gap(gap), list_gap_as_written(gap), "{gap:?}");
    }
    let paragraph = "said on Monday. The talks, which began in ".repeat(200);
    assert!(!is_list_gap(&paragraph));
}

#[test]
fn the_anchor_list_covers_the_cells_the_grid_walk_visits() {
    // The short-text path (scan every anchor, keep those in the window)
    // must see exactly the cells the grid walk visits: at the equator, at
    // high latitudes, at the poles and across the antimeridian.
    for (lat, lon) in [
        (0.0, 0.0),
        (35.9, 36.6),
        (64.1, -21.9),
        (-89.9, 10.0),
        (89.0, 179.9),
        (10.0, -180.0),
        (-45.0, 180.0),
        (71.3, 179.0),
    ] {
        for radius in [30.0, 150.0, 600.0, 5000.0] {
            let w = Window::around(lat, lon, radius);
            let mut walked = FxHashSet::default();
            w.walk(|cell| {
                walked.insert(cell);
            });
            for y in -47..=47 {
                for x in -92..=92 {
                    assert_eq!(
                        w.covers((y, x)),
                        walked.contains(&(y, x)),
                        "({lat}, {lon}) {radius} km, cell ({y}, {x})"
                    );
                }
            }
        }
    }
}

#[test]
fn nearest_anchor_is_the_same_from_the_list_and_from_the_cells() {
    // Few anchors: answered from the list; many: from the cells.
    let points: Vec<(f64, f64)> = (0..400)
        .map(|i| {
            let t = i as f64;
            ((t * 7.3) % 170.0 - 85.0, (t * 13.7) % 360.0 - 180.0)
        })
        .collect();
    let mut few = AnchorGrid::default();
    let mut many = AnchorGrid::default();
    for (i, &(lat, lon)) in points.iter().enumerate() {
        many.insert(i as u32, PlaceId(i as u32), lat, lon);
        if i % 50 == 0 {
            few.insert(i as u32, PlaceId(i as u32), lat, lon);
        }
    }
    let skip_none = |_: u32, _: PlaceId| false;
    let mut walks = 0;
    for &(lat, lon) in &points {
        for radius in [30.0, 600.0] {
            let w = Window::around(lat, lon, radius);
            assert!(few.all.len() <= w.cells());
            walks += usize::from(many.all.len() > w.cells());
            let expect = |grid: &AnchorGrid| {
                (grid.all.iter())
                    .filter(|(cell, _)| w.covers(*cell))
                    .map(|(_, (_, _, la, lo))| haversine_km(lat, lon, *la, *lo))
                    .fold(f64::INFINITY, f64::min)
            };
            assert_eq!(few.nearest(lat, lon, radius, skip_none), expect(&few));
            assert_eq!(many.nearest(lat, lon, radius, skip_none), expect(&many));
        }
    }
    assert!(walks > 400, "{walks}");
    // `skip` rules anchors out by name key and place.
    let only = |k: u32, _: PlaceId| k != 0;
    assert_eq!(many.nearest(points[0].0, points[0].1, 30.0, only), 0.0);
    assert!(
        many.nearest(points[0].0, points[0].1, 30.0, |_, _| true)
            .is_infinite()
    );
}

/// A text naming thousands of places puts hundreds of anchors in a cell:
/// the nearest one, found from the rows outward and each cell's latitude
/// band, is still the nearest of all (same bits), with names ruled out too,
/// and across the poles and the antimeridian.
#[test]
fn nearest_anchor_in_dense_cells_is_the_nearest_of_all() {
    let mut grid = AnchorGrid::default();
    let mut at = 0x2545_f491_u64;
    let mut next = || {
        at ^= at << 13;
        at ^= at >> 7;
        at ^= at << 17;
        (at % 1_000_000) as f64 / 1_000_000.0
    };
    let centres = [(36.0, 37.0), (89.0, 10.0), (-60.0, 179.5), (0.0, 0.0)];
    let mut points = Vec::new();
    for (i, &(clat, clon)) in centres.iter().cycle().take(3000).enumerate() {
        let lat = f64::clamp(clat + 8.0 * next() - 4.0, -90.0, 90.0);
        let lon = (clon + 8.0 * next() - 4.0 + 540.0) % 360.0 - 180.0;
        grid.insert((i % 97) as u32, PlaceId(i as u32), lat, lon);
        points.push((lat, lon));
    }
    assert!(grid.all.len() > 2000);
    let odd = |k: u32, _: PlaceId| k % 2 == 1;
    for &(lat, lon) in points.iter().step_by(7) {
        for radius in [30.0, 600.0] {
            let w = Window::around(lat, lon, radius);
            for skip_odd in [false, true] {
                let expect = (grid.all.iter())
                    .filter(|(cell, (k, p, _, _))| w.covers(*cell) && !(skip_odd && odd(*k, *p)))
                    .map(|(_, (_, _, la, lo))| haversine_km(lat + 0.01, lon, *la, *lo))
                    .fold(f64::INFINITY, f64::min);
                let got = grid.nearest(lat + 0.01, lon, radius, |k, p| skip_odd && odd(k, p));
                assert_eq!(
                    got.to_bits(),
                    expect.to_bits(),
                    "{lat} {lon} {radius} {skip_odd}"
                );
            }
        }
    }
    // Far north, a 600 km window is many columns wide and the nearest
    // anchor may be several columns east or west of the point.
    let mut row = AnchorGrid::default();
    for i in 0..2000u32 {
        let lon = f64::from(i % 40) * 0.9 - 18.0 + f64::from(i / 40) * 0.001;
        row.insert(i, PlaceId(i), 70.0 + f64::from(i % 7) * 0.3, lon);
    }
    for q in 0..60 {
        let (lat, lon) = (69.0 + f64::from(q % 5) * 0.7, f64::from(q) * 0.77 - 23.0);
        let w = Window::around(lat, lon, 600.0);
        assert!(row.all.len() > w.cells());
        let near = |_: u32, p: PlaceId| (f64::from(p.0 % 40) * 0.9 - 18.0 - lon).abs() < 4.0;
        let expect = (row.all.iter())
            .filter(|(cell, (k, p, _, _))| w.covers(*cell) && !near(*k, *p))
            .map(|(_, (_, _, la, lo))| haversine_km(lat, lon, *la, *lo))
            .fold(f64::INFINITY, f64::min);
        let got = row.nearest(lat, lon, 600.0, near);
        assert!(got.is_finite() || !(5..=50).contains(&q), "{lat} {lon}");
        assert_eq!(got.to_bits(), expect.to_bits(), "{lat} {lon}");
    }
}

#[test]
fn reasons_are_written_for_the_chosen_sense_only() {
    let g = gaz();
    let r = resolve(&g, "Shelling in Idlib city. Syria said.");
    let idlib = &r.mentions[0].reason;
    assert!(idlib.starts_with("city Idlib; "), "{idlib}");
    assert!(idlib.contains("followed by \"city\""), "{idlib}");
    assert!(idlib.contains("population 165000"), "{idlib}");
    assert!(
        idlib.contains("country SY named in the text (1x)"),
        "{idlib}"
    );
    assert!(idlib.ends_with("; 2 candidates"), "{idlib}");
    let g = world();
    let r = resolve(
        &g,
        "Police in Cairns said a man from Edmonton was arrested.",
    );
    let edmonton = &r.mentions[1].reason;
    assert_eq!(
        edmonton,
        "town Edmonton; population 10652; in the same division as \"Cairns\"; \
         in the same country as \"Cairns\"; 12 km from another place in the text; \
         2 candidates"
    );
}

/// A name inside a link is filtered whatever the recognition model says:
/// no weight brings it back. Its evidence is still recorded for training,
/// as it would be without the filter, so that the filter does not move the
/// model's intercept.
#[test]
fn links_are_filtered_whatever_the_model_says() {
    let g = gaz();
    let text = "Follow @Moscow_Fan now. Snow in Russia.";
    let m = Matcher::new(&g).find(text);
    let mut w = crate::resolve::Weights::hand_set();
    w.recognition.0[crate::resolve::Cue::Bias as usize] = 100.0;
    let r = Resolver::new(&g).weights(w).record_senses(true).resolve(&m);
    let at = text.find("Moscow_").unwrap();
    assert!(
        r.mentions.iter().all(|x| x.char_start != at),
        "{:?}",
        r.mentions
    );
    let why: Vec<&str> = r.excluded.iter().map(|e| e.why.as_str()).collect();
    assert!(why.iter().any(|w| w.contains("@handle")), "{why:?}");
    assert!(r.names.iter().any(|n| n.char_start == at));
}

#[test]
fn the_country_table_is_symmetric() {
    let israel = super::local::neighbours("IL");
    assert!(
        israel.contains(&"PS") && israel.contains(&"EG"),
        "{israel:?}"
    );
    assert!(super::local::neighbours("PS").contains(&"IL"));
    assert!(super::local::neighbours("AU").is_empty());
    assert!(super::local::neighbours("").is_empty());
    // Every code of the table (the regional focus's quick "no named
    // neighbour" reads the table backwards).
    for cc in two_letter_codes() {
        for n in super::local::neighbours(&cc) {
            assert!(super::local::neighbours(n).contains(&&*cc), "{cc} {n}");
        }
    }
}

/// Every code of two ASCII upper-case letters.
fn two_letter_codes() -> Vec<String> {
    (b'A'..=b'Z')
        .flat_map(|a| (b'A'..=b'Z').map(move |b| String::from_utf8(vec![a, b]).unwrap()))
        .collect()
}

/// The named neighbour of every country, for texts that name a few
/// countries (with and without a name's own share, and none): the same as
/// reading each neighbour's count, without the focus's quick answer for a
/// country no named one borders.
#[test]
fn a_country_s_named_neighbour_is_read_from_its_neighbours() {
    let (mexico, other) = (7, 8);
    let own = FxHashMap::from_iter([(mexico, vec![("MX", 1.0)])]);
    let named: [&[(&str, f64)]; 5] = [
        &[],
        &[("MX", 1.0)],
        &[("IL", 2.0), ("EG", 1.0)],
        &[
            ("US", 1.0),
            ("FR", 0.5),
            ("CN", 3.0),
            ("ZA", 1.0),
            ("us", 1.0),
        ],
        &[("RU", 1.0), ("BR", 2.0), ("DE", 1.5), ("AU", 1.0)],
    ];
    let mut found = 0;
    for countries in named {
        let countries: FxHashMap<&str, f64> = countries.iter().copied().collect();
        let focus = Focus::new(&countries, &own, None);
        for cc in two_letter_codes()
            .iter()
            .map(String::as_str)
            .chain(["", "us", "X1"])
        {
            for key in [mexico, other] {
                let mut best: Option<(&str, f64)> = None;
                for &n in super::local::neighbours(cc) {
                    if let Some(k) = focus.named_by_others(n, key) {
                        if best.is_none_or(|(_, b)| k > b) {
                            best = Some((n, k));
                        }
                    }
                }
                let read = super::local::neighbour_named(&focus, cc, key);
                assert_eq!(read, best.map(|(n, _)| n), "{cc} {key} {countries:?}");
                found += usize::from(read.is_some());
            }
        }
    }
    assert!(found > 20, "{found}");
}

/// Regional focus: a text that names a country but not a place's own
/// country counts for the places of the countries bordering it.
#[test]
fn a_named_country_speaks_for_the_places_bordering_it() {
    let mut chile = Place::new("c:cl", Kind::Country, "Chile", -33.0, -71.0);
    chile.country = "CL".into();
    let mut argentina = Place::new("c:ar", Kind::Country, "Argentina", -34.0, -64.0);
    argentina.country = "AR".into();
    let mut town = Place::new("p:sanvale-ar", Kind::City, "Sanvale", -33.0, -68.0);
    town.country = "AR".into();
    town.population = 50_000;
    let mut division = Place::new("a:sanvale-za", Kind::Admin1, "Sanvale", -25.0, 30.0);
    division.country = "ZA".into();
    let mut g = Gazetteer::empty();
    g.push_places(&[chile, argentina, town, division], &[], &[])
        .unwrap();
    let text = "After the storm in Chile, floods reached Sanvale.";
    let run = |weight: f64| {
        let mut w = crate::resolve::Weights::hand_set();
        w.senses[Feature::NeighbourNamed as usize] = weight;
        let m = Matcher::new(&g).find(text);
        Resolver::new(&g).weights(w).resolve(&m)
    };
    let sanvale = |r: &Resolved| ids(&g, r)[1].1.clone();
    assert_eq!(sanvale(&run(0.0)), "a:sanvale-za");
    let r = run(2.0);
    assert_eq!(sanvale(&r), "p:sanvale-ar");
    let why = &r.mentions[1].reason;
    assert!(
        why.contains("bordering country CL named in the text"),
        "{why}"
    );
    // Its own country named: no bordering-country evidence.
    let m = Matcher::new(&g).find("Chile and Argentina: floods reached Sanvale.");
    let mut w = crate::resolve::Weights::hand_set();
    w.senses[Feature::NeighbourNamed as usize] = 2.0;
    let r = Resolver::new(&g).weights(w).resolve(&m);
    assert!(r.mentions.iter().all(|m| !m.reason.contains("bordering")));
}

/// A name with many senses still speaks with its likeliest ones: two
/// ambiguous names whose senses lie side by side support each other even
/// when one of them can mean eleven places.
#[test]
fn a_very_ambiguous_name_supports_with_its_best_senses() {
    let city = |id: &str, name: &str, cc: &str, lat: f64, lon: f64, population: u64| {
        let mut p = Place::new(id, Kind::City, name, lat, lon);
        p.country = cc.into();
        p.population = population;
        p
    };
    let mut places = vec![
        city("p:kelby-gb", "Kelby", "GB", 53.0, -1.0, 20_000),
        city("p:kelby-us", "Kelby", "US", 40.0, -90.0, 20_000),
        city("p:marton-gb", "Marton", "GB", 53.1, -1.1, 15_000),
        city("p:marton-au", "Marton", "AU", -30.0, 150.0, 30_000),
    ];
    for k in 0..9 {
        let mut p = Place::new(
            &format!("t:kelby-{k}"),
            Kind::Town,
            "Kelby",
            -10.0,
            k as f64,
        );
        p.country = "BR".into();
        p.population = 500;
        places.push(p);
    }
    let mut g = Gazetteer::empty();
    g.push_places(&places, &[], &[]).unwrap();
    let r = resolve(&g, "Children from Kelby and Marton met at the fair.");
    assert_eq!(
        ids(&g, &r),
        pairs(&[("Kelby", "p:kelby-gb"), ("Marton", "p:marton-gb")])
    );
}

/// Two names with many senses each lie near each other by chance: they
/// do not support each other.
#[test]
fn two_very_ambiguous_names_do_not_support_each_other() {
    let mut places = Vec::new();
    for (name, lat, lon) in [("Kelby", 53.0, -90.0), ("Norby", 53.1, -80.0)] {
        for (cc, lat, lon) in [("GB", lat, -1.0), ("US", 40.0, lon)] {
            let mut p = Place::new(&format!("p:{name}-{cc}"), Kind::City, name, lat, lon);
            p.country = cc.into();
            p.population = 20_000;
            places.push(p);
        }
        for k in 0..9 {
            let id = format!("t:{name}-{k}");
            let mut p = Place::new(&id, Kind::Town, name, -10.0, k as f64 * 3.0);
            p.country = "BR".into();
            p.population = 500;
            places.push(p);
        }
    }
    let mut g = Gazetteer::empty();
    g.push_places(&places, &[], &[]).unwrap();
    let r = resolve(&g, "Children from Kelby and Norby met at the fair.");
    assert_eq!(r.mentions.len(), 2, "{:?}", r.mentions);
    for m in &r.mentions {
        let why = &m.reason;
        assert!(!why.contains("another name in the text may mean"), "{why}");
    }
}

/// The cues of who or what a name is from the words around it: a
/// lower-case function word, a place noun after the name, a given name
/// before a surname. With the hand-set weights a lower-case function word
/// and a given name before a surname are not places, even when the place is
/// major; the place noun is recorded for the model.
#[test]
fn function_words_place_nouns_and_given_names_before_surnames() {
    use crate::resolve::Cue;
    let mut ann = Place::new("p:ann", Kind::City, "Ann", 19.8, 94.0);
    ann.country = "MM".into();
    ann.population = 120_000;
    let mut michael = Place::new("a:michael", Kind::Admin1, "Michael", 54.3, -4.6);
    michael.country = "IM".into();
    let mut ferguson = Place::new("p:ferguson", Kind::Town, "Ferguson", 38.7, -90.3);
    ferguson.country = "US".into();
    ferguson.population = 21_000;
    let mut g = Gazetteer::empty();
    g.push_places(&[ann, michael, ferguson], &[], &[]).unwrap();
    let run = |text: &str| recorded(&g, text);
    let cue = |r: &Resolved, text: &str, word: &str, nth: usize, c: Cue| {
        let at = text.match_indices(word).nth(nth).unwrap().0;
        let n = r.names.iter().find(|n| n.char_start == at);
        n.unwrap_or_else(|| panic!("{word} {nth}: {:?}", r.names)).x[c as usize]
    };
    let found =
        |r: &Resolved| -> Vec<String> { r.mentions.iter().map(|m| m.text.clone()).collect() };
    // Informal lower-case text: "an" matches Ann once doubled letters fold.
    let text = "there was an earthquake last night near ann";
    let r = run(text);
    assert_eq!(cue(&r, text, "an ", 0, Cue::FunctionWord), 1.0);
    assert_eq!(cue(&r, text, "ann", 0, Cue::FunctionWord), 0.0);
    assert_eq!(found(&r), ["ann"], "{:?}", r.excluded);
    let text = "A Michael Brown vigil. The Ferguson police came. Michael is an island parish.";
    let r = run(text);
    assert_eq!(cue(&r, text, "Ferguson", 0, Cue::PlaceNounAfter), 1.0);
    assert!(cue(&r, text, "Michael", 0, Cue::GivenThenSurname) > 2.0);
    // Not before a lower-case word.
    assert_eq!(cue(&r, text, "Michael", 1, Cue::GivenThenSurname), 0.0);
    assert_eq!(found(&r), ["Ferguson", "Michael"], "{:?}", r.excluded);
}

/// Company and bank heads after a place name make it part of an
/// organisation's name ("Moscow Bank", "Idlib Holdings", "Moscow Inc.").
#[test]
fn company_and_bank_heads_make_an_organisation() {
    let g = gaz();
    let r = resolve(
        &g,
        "Moscow Bank, Idlib Holdings and Moscow Inc. opened offices in Russia.",
    );
    assert_eq!(ids(&g, &r), vec![("Russia".into(), "c:ru".into())]);
    let why: Vec<&str> = r.excluded.iter().map(|e| e.why.as_str()).collect();
    assert_eq!(why.len(), 3, "{why:?}");
    assert!(
        why.iter().all(|w| w.contains("part of the name")),
        "{why:?}"
    );
}

#[test]
fn a_postal_code_alone_needs_a_place_of_its_unit_a_locative_a_hashtag_or_a_direction() {
    let g = Gazetteer::embedded().unwrap();
    let text = "The demo went OK and the AR effects were fine. Snow fell in NJ. \
                Protests in Evansville, IN grew. DC Comics sold more. Schools closed early, #MD parents say. \
                Frost reached Western NY; North GA stayed dry.";
    let m = Matcher::new(&g).find(text);
    let r = Resolver::new(&g).resolve(&m);
    let found: Vec<&str> = r.mentions.iter().map(|m| m.text.as_str()).collect();
    for code in ["OK", "AR", "DC"] {
        assert!(!found.contains(&code), "{code}: {found:?}");
    }
    for code in ["NJ", "IN", "MD", "Western NY", "North GA"] {
        assert!(found.contains(&code), "{code}: {found:?}");
    }
}

/// A big city's dotted initials that GeoNames carries as its alternate
/// name ("L.A.") are the city, with exact case only: "la" and "La" are
/// words, and "LA" alone is a postal code without an anchor.
#[test]
fn a_big_citys_dotted_initials_are_the_city() {
    let g = Gazetteer::embedded().unwrap();
    let text = "We drove to L.A. on Friday, then la la land. La vie est belle.";
    let found = shipped_ids(&g, text);
    assert_eq!(found, vec![("L.A".into(), "geonames:5368361".into())]);
}

/// An alternate name that GeoNames writes with a US Census designation
/// ("Fort Hood CDP", the census name it keeps for Fort Cavazos) is read
/// without it (`gazetteer/build.py`), and "X CDP" is no name.
#[test]
fn a_census_designation_is_no_part_of_a_name() {
    let g = Gazetteer::embedded().unwrap();
    let text = "He died at his home near Fort Hood in Texas.";
    let found = shipped_ids(&g, text);
    assert!(
        found.contains(&("Fort Hood".into(), "geonames:7261291".into())),
        "{found:?}"
    );
    let m = Matcher::new(&g).find("A report on Egypt Lake-Leto CDP and Fort Hood CDP.");
    assert!(
        m.candidates
            .iter()
            .all(|c| !m.text[c.start..c.end].ends_with("CDP")),
        "{:?}",
        m.candidates
    );
}

/// A postal code that is also a big city's initials ("LA": Louisiana,
/// Los Angeles) has both senses: alone it is the city, after "X," (a
/// place the state holds) and beside the state's places it is the state.
#[test]
fn a_postal_code_that_is_a_citys_initials_has_both_senses() {
    let g = Gazetteer::embedded().unwrap();
    let resolve = |text: &str| shipped_ids(&g, text);
    let (la, louisiana) = ("geonames:5368361", "geonames:4331987");
    let found = resolve("She flew from LA to Boston on Monday.");
    assert!(found.contains(&("LA".into(), la.into())), "{found:?}");
    let found = resolve("Flooding hit Baton Rouge, LA on Monday.");
    assert!(
        found.contains(&("LA".into(), louisiana.into())),
        "{found:?}"
    );
}

/// A postal code that is also another country's division's abbreviation
/// ("WA": Washington, Western Australia; "NT": the Northwest Territories,
/// the Northern Territory) is the division the text's places and
/// countries point to, and it is read under a code's guards: not joined
/// to a word or number ("D-WA", "NT7", "#NTDs") nor in a run of capitals.
#[test]
fn a_code_shared_by_two_countries_divisions_is_the_one_the_text_points_to() {
    let g = Gazetteer::embedded().unwrap();
    let resolve = |text: &str| shipped_ids(&g, text);
    let (washington, western_australia) = ("geonames:5815135", "geonames:2058645");
    let (northwest, northern) = ("geonames:6091069", "geonames:2064513");
    let found = resolve("Perth, WA was hot on Sunday. Darwin, NT had a cyclone.");
    assert!(
        found.contains(&("WA".into(), western_australia.into())),
        "{found:?}"
    );
    assert!(found.contains(&("NT".into(), northern.into())), "{found:?}");
    let found = resolve("The firm moved to Seattle, WA. Yellowknife, NT is cold.");
    assert!(
        found.contains(&("WA".into(), washington.into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("NT".into(), northwest.into())),
        "{found:?}"
    );
    let found = resolve("The mine in WA employs 300, the Australian company said.");
    assert!(
        found.contains(&("WA".into(), western_australia.into())),
        "{found:?}"
    );
    let found = resolve("Fires burned across WA on Tuesday.");
    assert_eq!(found, vec![("WA".into(), washington.into())]);
    for text in [
        "Sen. Patty Murray (D-WA) tweeted.",
        "Windows NT/2000 and NT7 ran it.",
        "A debate on #NTDs today.",
        "SEATTLE, WA USA",
    ] {
        assert!(
            resolve(text).iter().all(|(s, _)| s != "WA" && s != "NT"),
            "{text}: {:?}",
            resolve(text)
        );
    }
}

/// A capitalised direction or a compass abbreviation right before a
/// country, continent, region or first-level division makes one mention
/// of a part of it; an abbreviation the gazetteer knows written out ("SE
/// Asia", "N. Dakota") is that place. A lower-case direction is an
/// ordinary adjective, a city keeps its bare name, and a middle initial
/// is no direction.
#[test]
fn a_direction_before_a_large_place_is_part_of_its_mention() {
    let g = Gazetteer::embedded().unwrap();
    let text = "Storms hit W. Africa and SE Asia; snow fell in Western Kansas and N. Dakota, \
                and in northern Ohio. In West Lyon, George W. Washington spoke about NE Ohio.";
    let r = Resolver::new(&g).resolve(&Matcher::new(&g).find(text));
    let found = ids(&g, &r);
    for want in [
        ("W. Africa", "region:west-africa"),
        ("SE Asia", "region:southeast-asia"),
        ("Western Kansas", "geonames:4273857"),
        ("N. Dakota", "geonames:5690763"),
        ("Ohio", "geonames:5165418"),
        ("Lyon", "geonames:2996944"),
        ("NE Ohio", "geonames:5165418"),
    ] {
        let want = (want.0.to_string(), want.1.to_string());
        assert!(found.contains(&want), "{want:?}: {found:?}");
    }
    assert!(
        found.iter().all(|(t, _)| !t.starts_with("W. W")),
        "{found:?}"
    );
    for m in &r.mentions {
        assert_eq!(&text[m.start..m.end], m.text);
        assert_eq!(text[..m.start].chars().count(), m.char_start);
    }
}

/// A national capital (GeoNames PPLC, from `gazetteer/capitals.tsv`) gets
/// The capitals' table answers as the list itself, for every capital and
/// for ids that share none, some or all of a capital's last eight bytes.
#[test]
fn capitals_are_the_lists_ids() {
    let list = include_str!("../../gazetteer/capitals.tsv");
    let ids: std::collections::HashSet<&str> = (list.lines().skip(1))
        .filter_map(|l| l.split_once('\t'))
        .map(|(id, _)| id)
        .collect();
    assert!(ids.len() > 150, "{}", ids.len());
    for id in &ids {
        assert!(super::local::is_capital(id), "{id}");
        for other in [format!("x{id}"), format!("{id}0"), id[1..].to_string()] {
            assert_eq!(
                super::local::is_capital(&other),
                ids.contains(other.as_str())
            );
        }
    }
    for n in 0..200_000u32 {
        let id = format!("geonames:{}", n * 37);
        assert_eq!(
            super::local::is_capital(&id),
            ids.contains(id.as_str()),
            "{id}"
        );
    }
    for id in ["", "PPLC", "geonames", "g:1"] {
        assert!(!super::local::is_capital(id), "{id}");
    }
}

/// [`Feature::NationalCapital`] against a same-named first-level division
/// (Washington the capital, not the state), but not when a sense of the
/// name is a country, nor a city that is no capital.
#[test]
fn a_national_capital_has_evidence_against_a_same_named_division() {
    assert!(
        super::local::is_capital("geonames:4140963"),
        "Washington, D.C."
    );
    assert!(super::local::is_capital("geonames:2267057"), "Lisbon");
    assert!(
        !super::local::is_capital("geonames:5815135"),
        "Washington State"
    );
    let mut capital = Place::new("geonames:4140963", Kind::City, "Washington", 38.9, -77.0);
    capital.country = "US".into();
    capital.admin1 = "Washington, D.C.".into();
    // Small enough that the division wins without the evidence.
    capital.population = 20_000;
    let mut state = Place::new("geonames:5815135", Kind::Admin1, "Washington", 47.5, -120.5);
    state.country = "US".into();
    let mut town = capital.clone();
    town.id = "p:washington-town".into();
    let mut country = Place::new("c:washington", Kind::Country, "Washington", 0.0, 0.0);
    country.country = "XW".into();
    let x = Feature::NationalCapital as usize;
    let senses = |places: &[Place], weight: f64| {
        let mut g = Gazetteer::empty();
        g.push_places(places, &[], &[]).unwrap();
        let mut w = crate::resolve::Weights::hand_set();
        w.senses[x] = weight;
        let m = Matcher::new(&g).find("Talks resumed in Washington.");
        let r = Resolver::new(&g).weights(w).record_senses(true).resolve(&m);
        let chosen = ids(&g, &r).first().map(|(_, id)| id.clone());
        let values: Vec<(String, f32)> = (r.senses[0].senses.iter())
            .map(|(p, v)| (g.place(*p).place_id().to_string(), v[x]))
            .collect();
        (chosen, values)
    };
    let pair = [capital.clone(), state.clone()];
    let (chosen, values) = senses(&pair, 0.0);
    assert_eq!(chosen.as_deref(), Some("geonames:5815135"), "{values:?}");
    assert!(
        values.contains(&("geonames:4140963".into(), 1.0)),
        "{values:?}"
    );
    assert!(
        values.contains(&("geonames:5815135".into(), 0.0)),
        "{values:?}"
    );
    let (chosen, _) = senses(&pair, 5.0);
    assert_eq!(chosen.as_deref(), Some("geonames:4140963"));
    // A city that is no capital, or a name that can mean a country: none.
    let (_, values) = senses(&[town, state.clone()], 5.0);
    assert!(values.iter().all(|(_, v)| *v == 0.0), "{values:?}");
    let (_, values) = senses(&[capital, state, country], 5.0);
    assert!(values.iter().all(|(_, v)| *v == 0.0), "{values:?}");
}

/// Edmonton in Alberta and in Queensland, and three other places of
/// Australia (two in Queensland, Perth in Western Australia).
fn local_focus_places() -> [Place; 5] {
    let city = |id: &str, name: &str, cc: &str, admin1: &str, (lat, lon): (f64, f64), pop| {
        let mut p = Place::new(id, Kind::City, name, lat, lon);
        (p.country, p.admin1, p.population) = (cc.into(), admin1.into(), pop);
        p
    };
    let alberta = city(
        "p:edm-ca",
        "Edmonton",
        "CA",
        "Alberta",
        (53.5, -113.5),
        1_000_000,
    );
    // Over 600 km from the other places: no nearness decides it.
    let mut queensland = city(
        "p:edm-au",
        "Edmonton",
        "AU",
        "Queensland",
        (-27.0, 153.0),
        5_000,
    );
    queensland.kind = Kind::Town;
    let cairns = city(
        "p:cairns",
        "Cairns",
        "AU",
        "Queensland",
        (-16.9, 145.8),
        150_000,
    );
    let mackay = city(
        "p:mackay",
        "Mackay",
        "AU",
        "Queensland",
        (-21.1, 149.2),
        80_000,
    );
    let perth = city(
        "p:perth",
        "Perth",
        "AU",
        "Western Australia",
        (-31.9, 115.9),
        2_000_000,
    );
    [alberta, queensland, cairns, mackay, perth]
}

/// Local focus against a namesake abroad: when the text's other confident
/// places all lie in one first-level division, a town, city or division of
/// another country gets [`Feature::ForeignToLocalFocus`] (Edmonton, Alberta
/// in a story whose other places are in Queensland); not when those places
/// lie in two divisions, nor for a national capital.
#[test]
fn a_namesake_abroad_has_evidence_against_it_in_a_local_story() {
    let [alberta, queensland, cairns, mackay, perth] = local_focus_places();
    let x = Feature::ForeignToLocalFocus as usize;
    let senses = |text: &str, extra: &[Place], weight: f64| {
        let mut places = vec![queensland.clone(), cairns.clone()];
        if !extra.iter().any(|p| p.name == "Edmonton") {
            places.push(alberta.clone());
        }
        places.extend_from_slice(extra);
        let mut g = Gazetteer::empty();
        g.push_places(&places, &[], &[]).unwrap();
        let mut w = crate::resolve::Weights::hand_set();
        w.senses[x] = weight;
        let m = Matcher::new(&g).find(text);
        let r = Resolver::new(&g).weights(w).record_senses(true).resolve(&m);
        let edmonton = (r.mentions.iter()).find(|m| m.text == "Edmonton");
        let chosen = edmonton.map(|m| g.place(m.place.unwrap()).place_id().to_string());
        let record = (r.senses.iter()).find(|s| s.senses.len() == 2).unwrap();
        let values: Vec<(String, f32)> = (record.senses.iter())
            .map(|(p, v)| (g.place(*p).place_id().to_string(), v[x]))
            .collect();
        (chosen, values)
    };
    let local = "Police in Cairns and Mackay said a man was stabbed in Edmonton.";
    let (chosen, values) = senses(local, std::slice::from_ref(&mackay), 0.0);
    assert_eq!(chosen.as_deref(), Some("p:edm-ca"), "{values:?}");
    assert!(values.contains(&("p:edm-ca".into(), 1.0)), "{values:?}");
    assert!(values.contains(&("p:edm-au".into(), 0.0)), "{values:?}");
    let (chosen, _) = senses(local, std::slice::from_ref(&mackay), -5.0);
    assert_eq!(chosen.as_deref(), Some("p:edm-au"));
    // A national capital (Ottawa's GeoNames id): none.
    let mut capital = alberta.clone();
    capital.id = "geonames:6094817".into();
    let (_, values) = senses(local, &[mackay, capital], -5.0);
    assert!(values.iter().all(|(_, v)| *v == 0.0), "{values:?}");
    // Places in two divisions: no local focus.
    let wide = "Police in Cairns and Perth said a man was stabbed in Edmonton.";
    let (_, values) = senses(wide, &[perth], -5.0);
    assert!(values.iter().all(|(_, v)| *v == 0.0), "{values:?}");
}

/// [`Feature::CapitalNamesake`]: Paris, Texas in a text that names only
/// the United States (its country, but nothing local) is a namesake of a
/// national capital; the capital is not, and "Paris, Texas" (pass 1) or a
/// place 40 km away (pass 2) takes the feature away.
#[test]
fn a_namesake_of_a_capital_without_local_evidence() {
    let place = |id: &str, kind, name: &str, lat, lon, cc: &str, pop| {
        let mut p = place_in(id, kind, name, (lat, lon), cc, pop);
        if cc == "US" && kind != Kind::Country && kind != Kind::Admin1 {
            p.admin1 = "Texas".into();
        }
        p
    };
    let mut g = Gazetteer::empty();
    let places = [
        // The id of Paris, France in `gazetteer/capitals.tsv`.
        place(
            "geonames:2988507",
            Kind::City,
            "Paris",
            48.85,
            2.35,
            "FR",
            2_138_551,
        ),
        place(
            "p:paris-tx",
            Kind::City,
            "Paris",
            33.66,
            -95.56,
            "US",
            24_782,
        ),
        place(
            "p:clarksville",
            Kind::Town,
            "Clarksville",
            33.61,
            -95.05,
            "US",
            3_000,
        ),
        place("a:tx", Kind::Admin1, "Texas", 31.0, -99.0, "US", 0),
        place("c:us", Kind::Country, "United States", 39.8, -98.5, "US", 0),
    ];
    g.push_places(&places, &[], &[]).unwrap();
    let value = |text: &str, id: &str| sense_x(&g, text, "Paris", id, Feature::CapitalNamesake);
    let us = "The United States said the United States would quit the Paris accord.";
    assert_eq!(value(us, "p:paris-tx"), 1.0);
    assert_eq!(value(us, "geonames:2988507"), 0.0);
    let comma = "The United States honoured a veteran from Paris, Texas.";
    assert_eq!(value(comma, "p:paris-tx"), 0.0);
    let near = "The United States sent aid to Clarksville and Paris after the storm.";
    assert_eq!(value(near, "p:paris-tx"), 0.0);
    // With the shipped weights "Paris, Texas" stays in Texas, and the
    // capital is Paris when the text names only the United States.
    let world = Gazetteer::embedded().unwrap();
    let paris_in = |text: &str| {
        let r = Resolver::new(&world).resolve(&Matcher::new(&world).find(text));
        let paris = r.mentions.iter().find(|m| m.text == "Paris").unwrap();
        let p = world.place(paris.place.unwrap());
        (p.country().to_string(), p.admin1().to_string())
    };
    assert_eq!(paris_in(comma), ("US".into(), "Texas".into()));
    assert_eq!(paris_in("American officials flew to Paris.").0, "FR");
    // A namesake of 100,000 people or more is a city in its own right:
    // no cue ("London" in a text that names Canada may be Ontario's).
    let mut all = places.to_vec();
    all[1].population = 150_000;
    let mut g2 = Gazetteer::empty();
    g2.push_places(&all, &[], &[]).unwrap();
    assert_eq!(
        sense_x(&g2, us, "Paris", "p:paris-tx", Feature::CapitalNamesake),
        0.0
    );
}

/// A first-level division the size of a municipality (an outline whose box
/// is under 500 km², or, without an outline, in a country whose divisions
/// average that) is scored as such, not as a state: a Bermudan parish
/// does not beat the English city of the same name.
#[test]
fn a_municipality_sized_division_is_no_state() {
    let mut parish = Place::new("a:southampton", Kind::Admin1, "Southampton", 32.25, -64.82);
    parish.country = "BM".into();
    let mut city = Place::new("p:southampton", Kind::City, "Southampton", 50.9, -1.4);
    city.country = "GB".into();
    city.population = 250_000;
    let mut state = Place::new("a:ohio", Kind::Admin1, "Ohio", 40.3, -82.8);
    state.country = "US".into();
    let mut g = gaz();
    g.push_places(&[parish, city, state], &[], &[]).unwrap();
    let text = "He flew to Southampton on Monday.";
    assert_eq!(
        ids(&g, &resolve(&g, text)),
        pairs(&[("Southampton", "p:southampton")])
    );
    let small = |id: &str| local::municipal_division(&g.place(g.by_id(id).unwrap()));
    assert!(small("a:southampton"));
    assert!(small("a:smallton"));
    assert!(!small("a:ohio"));
    assert!(!small("a:idaho"));
    assert!(!small("p:southampton"));
}

/// The text's other names of a country (a demonym) support the country
/// itself as much as its same-named division: "Mexicans" count for Mexico
/// the country, not only for México the state.
#[test]
fn a_country_named_elsewhere_supports_the_country_sense_too() {
    let mut country = Place::new("c:mx", Kind::Country, "Mexico", 23.0, -102.0);
    country.country = "MX".into();
    let mut state = Place::new("a:mex", Kind::Admin1, "Mexico", 19.4, -99.7);
    state.country = "MX".into();
    let dem = [Demonym {
        form: "Mexicans".into(),
        place_id: "c:mx".into(),
    }];
    let mut g = Gazetteer::empty();
    g.push_places(&[country, state], &dem, &[]).unwrap();
    let text = "Mexicans voted and Mexico counted the ballots.";
    let named = |id: &str| sense_x(&g, text, "Mexico", id, Feature::CountryNamed);
    assert_eq!(named("c:mx"), 1.0);
    assert_eq!(named("a:mex"), 1.0);
}

/// [`Feature::DivisionRank`]: a first-level division that Natural Earth
/// ranks as little known (Gaza province, Mozambique: scalerank 4) gets its
/// rank less 2 when another sense of the name is a city of another country,
/// not when the only city is in its own country; a US state (rank 2) gets 0.
#[test]
fn a_little_known_division_against_a_city_abroad() {
    let place = |id: &str, kind, name: &str, lat, lon, cc: &str, pop| {
        place_in(id, kind, name, (lat, lon), cc, pop)
    };
    assert_eq!(local::division_rank("geonames:1046058"), Some(4));
    assert_eq!(local::division_rank("geonames:4736286"), Some(2));
    // The Gaza Strip is its own map country in Natural Earth: no rank.
    assert_eq!(local::division_rank("geonames:281132"), None);
    let gaza_mz = (
        "geonames:1046058",
        Kind::Admin1,
        "Gaza",
        -23.5,
        33.0,
        "MZ",
        0,
    );
    let gaza_ps = ("p:gaza", Kind::City, "Gaza", 31.5, 34.47, "PS", 410_000);
    let texas = (
        "geonames:4736286",
        Kind::Admin1,
        "Texas",
        31.3,
        -99.3,
        "US",
        0,
    );
    let texas_city = ("p:texas", Kind::City, "Texas", 7.0, 9.0, "ZZ", 20_000);
    let build = |rows: &[(&str, Kind, &str, f64, f64, &str, u64)]| {
        let mut g = Gazetteer::empty();
        let places: Vec<Place> = (rows.iter())
            .map(|r| place(r.0, r.1, r.2, r.3, r.4, r.5, r.6))
            .collect();
        g.push_places(&places, &[], &[]).unwrap();
        g
    };
    let text = "Rockets were fired from Gaza and Texas on Monday.";
    let g = build(&[gaza_mz, gaza_ps, texas, texas_city]);
    let rank =
        |g: &Gazetteer, name: &str, id: &str| sense_x(g, text, name, id, Feature::DivisionRank);
    assert_eq!(rank(&g, "Gaza", "geonames:1046058"), 2.0);
    assert_eq!(rank(&g, "Gaza", "p:gaza"), 0.0);
    assert_eq!(rank(&g, "Texas", "geonames:4736286"), 0.0);
    // A city of the division's own country is no namesake abroad.
    let home = ("p:gaza-mz", Kind::City, "Gaza", -24.0, 33.0, "MZ", 20_000);
    let g = build(&[gaza_mz, home]);
    assert_eq!(rank(&g, "Gaza", "geonames:1046058"), 0.0);
}

/// [`Feature::DoubledFold`]: the key folds doubled letters, so two
/// provinces whose names differ by one ("Tarraco" and "Taraco", invented)
/// reach each other; the one spelled as written is not penalised, the other
/// is, and each name as written resolves to its own province. Against a
/// town spelled as written (a minor place) the fold is left to recognition.
#[test]
fn a_name_spelled_as_written_beats_its_doubled_letter_fold() {
    let place = |id: &str, kind, name: &str, lat, lon| {
        let mut p = Place::new(id, kind, name, lat, lon);
        p.country = "XX".into();
        p
    };
    let mut g = Gazetteer::empty();
    let rows = [
        place("a:double", Kind::Admin1, "Tarraco", 10.0, 10.0),
        place("a:single", Kind::Admin1, "Taraco", 12.0, 14.0),
        place("t:double", Kind::Town, "Vellora", 30.0, 30.0),
        place("c:single", Kind::City, "Velora", 35.0, 35.0),
    ];
    g.push_places(&rows, &[], &[]).unwrap();
    for (text, name, right, folded) in [
        (
            "Floods hit Tarraco on Monday.",
            "Tarraco",
            "a:double",
            "a:single",
        ),
        (
            "Floods hit Taraco on Monday.",
            "Taraco",
            "a:single",
            "a:double",
        ),
    ] {
        let fold = |id: &str| sense_x(&g, text, name, id, Feature::DoubledFold);
        assert_eq!((fold(right), fold(folded)), (0.0, 1.0), "{text}");
        let r = resolve(&g, text);
        let chosen = g.place(r.mentions[0].place.unwrap()).place_id().to_string();
        assert_eq!(chosen, right, "{text}");
    }
    // The town spelled as written is a minor place: no fold evidence.
    let text = "Floods hit Vellora on Monday.";
    assert_eq!(
        sense_x(&g, text, "Vellora", "c:single", Feature::DoubledFold),
        0.0
    );
}

/// The value of feature `f` for sense `id` of the name `name` (its first
/// occurrence in `text`, an ASCII text), resolved with the hand-set weights.
fn sense_x(g: &Gazetteer, text: &str, name: &str, id: &str, f: Feature) -> f32 {
    sense_x_of(g, &recorded(g, text), text, name, id, f)
}

/// [`sense_x`] in a text resolved already (`r`, with its senses recorded).
fn sense_x_of(g: &Gazetteer, r: &Resolved, text: &str, name: &str, id: &str, f: Feature) -> f32 {
    let at = text.find(name).unwrap();
    let rec = (r.senses.iter()).find(|s| s.char_start == at).unwrap();
    let p = g.by_id(id).unwrap();
    rec.senses.iter().find(|(s, _)| *s == p).unwrap().1[f as usize]
}

/// [`Feature::ListedCountries`]: a country listed with another country
/// ("Jamaica or Canada") has the feature, and with the hand-set weights
/// beats its big namesake city that the text's country named supports;
/// not when its neighbour is a city, nor outside a list.
#[test]
fn a_country_listed_with_countries() {
    let place = |id: &str, kind, name: &str, cc: &str, pop| {
        place_in(id, kind, name, (18.0, -77.0), cc, pop)
    };
    let places = [
        place("c:jm", Kind::Country, "Jamaica", "JM", 2_900_000),
        place("p:jamaica", Kind::City, "Jamaica", "US", 216_000),
        place("c:ca", Kind::Country, "Canada", "CA", 38_000_000),
        place("c:us", Kind::Country, "United States", "US", 330_000_000),
        place("p:boston", Kind::City, "Boston", "US", 650_000),
    ];
    let mut g = Gazetteer::empty();
    g.push_places(&places, &[], &[]).unwrap();
    let x = |text: &str| sense_x(&g, text, "Jamaica", "c:jm", Feature::ListedCountries);
    let listed = "The United States trades with Jamaica or Canada.";
    assert_eq!(x(listed), 1.0);
    assert_eq!(x("The United States trades with Jamaica or Boston."), 0.0);
    assert_eq!(x("The United States trades with Jamaica. Canada too."), 0.0);
    let r = Resolver::new(&g)
        .weights(Weights::hand_set())
        .resolve(&Matcher::new(&g).find(listed));
    assert!(
        ids(&g, &r).contains(&("Jamaica".into(), "c:jm".into())),
        "{:?}",
        ids(&g, &r)
    );
}

/// A demonym that also names a division of another country ("Somali",
/// Somalia's, and Ethiopia's Somali Region) is the demonym where it is
/// written as an adjective, and the division elsewhere.
#[test]
fn a_demonym_naming_a_foreign_division_is_a_demonym_as_an_adjective() {
    let mut somalia = Place::new("c:so", Kind::Country, "Somalia", 6.0, 48.0);
    somalia.country = "SO".into();
    let mut region = Place::new("a:somali", Kind::Admin1, "Somali", 7.0, 44.0);
    region.country = "ET".into();
    let dem = [Demonym {
        form: "Somali".into(),
        place_id: "c:so".into(),
    }];
    let mut g = Gazetteer::empty();
    g.push_places(&[somalia, region], &dem, &[]).unwrap();
    let kinds = |text: &str| -> Vec<(String, MentionKind)> {
        let r = resolve(&g, text);
        let id = |m: &Mention| g.place(m.place.unwrap()).place_id().to_string();
        r.mentions.iter().map(|m| (id(m), m.kind)).collect()
    };
    let demonym = vec![("c:so".to_string(), MentionKind::Demonym)];
    assert_eq!(kinds("Somali pirates seized the ship."), demonym);
    assert_eq!(kinds("A Somali-born writer spoke."), demonym);
    let region = vec![("a:somali".to_string(), MentionKind::Toponym)];
    assert_eq!(kinds("Floods hit Somali and its towns."), region);
    assert_eq!(kinds("Aid reached Somali region on Monday."), region);
    assert_eq!(kinds("Somali said the aid was late."), region);
}

/// A big city whose name is a common surname, before a verb of speech, is
/// weighed as a person ("Jackson said"), not after a preposition nor for
/// a national capital; and a given name before a small place's name makes
/// it a person's even when the given name is also a major place ("Nelson
/// Mandela"), unless that place contains the name's sense ("Austin Texas").
#[test]
fn surnames_before_speech_verbs_and_given_names_that_are_places() {
    use crate::resolve::Cue;
    let mut jackson = Place::new("p:jackson", Kind::City, "Jackson", 32.3, -90.2);
    jackson.country = "US".into();
    jackson.population = 150_000;
    let mut nelson = Place::new("a:nelson", Kind::Admin1, "Nelson", -41.3, 173.3);
    nelson.country = "NZ".into();
    let mut mandela = Place::new("p:mandela", Kind::City, "Mandela", 5.6, -0.2);
    mandela.country = "GH".into();
    mandela.population = 77_000;
    let mut g = Gazetteer::empty();
    g.push_places(&[jackson, nelson, mandela], &[], &[])
        .unwrap();
    let run = |text: &str| recorded(&g, text);
    let x = |text: &str, word: &str| -> f32 {
        let r = run(text);
        let at = text.find(word).unwrap();
        let n = r.names.iter().find(|n| n.char_start == at).unwrap();
        n.x[Cue::SurnameSpeechVerb as usize]
    };
    assert!(x("Jackson said the plan works.", "Jackson") > 2.0);
    assert_eq!(
        x("Officials in Jackson said the plan works.", "Jackson"),
        0.0
    );
    assert_eq!(x("Jackson grew fast.", "Jackson"), 0.0);
    let found =
        |text: &str| -> Vec<String> { run(text).mentions.iter().map(|m| m.text.clone()).collect() };
    assert!(found("Nelson Mandela left prison.").is_empty());
    assert_eq!(
        found("They sailed to Nelson and Mandela."),
        ["Nelson", "Mandela"]
    );
}

/// [`Feature::NamesakeCity`] goes to a city that names its first-level
/// division by its main name ("Latakia" the city of Latakia Governorate) or
/// that is a big city, not to a small town that has the division's name only
/// among its alternate names (Maryland City, also "Maryland").
#[test]
fn the_city_naming_its_division_is_named_by_its_main_name_or_big() {
    let place = |id: &str, kind, name: &str, admin1: &str, pop| {
        let mut p = place_in(id, kind, name, (35.0, 36.0), "XX", pop);
        p.admin1 = admin1.into();
        p
    };
    let mut town = place("p:town", Kind::City, "Riverton City", "Riverton", 17_000);
    town.names = vec!["Riverton".into()];
    let mut metropolis = place("p:metro", Kind::City, "Lakeland City", "Lakeland", 900_000);
    metropolis.names = vec!["Lakeland".into()];
    let places = [
        place("a:riverton", Kind::Admin1, "Riverton", "", 0),
        town,
        place("a:hillport", Kind::Admin1, "Hillport", "", 0),
        place("p:hillport", Kind::City, "Hillport", "Hillport", 20_000),
        place("a:lakeland", Kind::Admin1, "Lakeland", "", 0),
        metropolis,
    ];
    let mut g = Gazetteer::empty();
    g.push_places(&places, &[], &[]).unwrap();
    let value = |name: &str, id: &str| {
        let text = format!("The report came from {name} on Monday.");
        sense_x(&g, &text, name, id, Feature::NamesakeCity)
    };
    assert_eq!(value("Riverton", "p:town"), 0.0);
    assert_eq!(value("Hillport", "p:hillport"), 1.0);
    assert_eq!(value("Lakeland", "p:metro"), 1.0);
}

/// [`Feature::CueBefore`] from a plural kind word and "like", "such as" or
/// "including" (a list's kind): "states like Wyoming" is the state, "cities
/// such as Wyoming" the city, and "the United States of Wyoming" gives
/// neither ("States of" is no "state of").
#[test]
fn a_plural_kind_word_before_like_or_including_cues_the_kind() {
    let state = place_in("a:wy", Kind::Admin1, "Wyoming", (43.0, -107.5), "US", 0);
    let mut city = place_in("p:wy", Kind::City, "Wyoming", (42.9, -85.7), "US", 75_000);
    city.admin1 = "Michigan".into();
    let mut g = Gazetteer::empty();
    g.push_places(&[state, city], &[], &[]).unwrap();
    let cue = |text: &str, id: &str| sense_x(&g, text, "Wyoming", id, Feature::CueBefore);
    let states = "Guns might be needed in states like Wyoming, she said.";
    assert_eq!((cue(states, "a:wy"), cue(states, "p:wy")), (1.0, 0.0));
    let cities = "Floods hit cities such as Wyoming and Kentwood.";
    assert_eq!((cue(cities, "a:wy"), cue(cities, "p:wy")), (0.0, 1.0));
    let including = "Eight states, including Wyoming, sued.";
    assert_eq!(cue(including, "a:wy"), 1.0);
    let of = "He toured the United States of Wyoming fame.";
    assert_eq!((cue(of, "a:wy"), cue(of, "p:wy")), (0.0, 0.0));
}

/// [`Feature::InNamedDivision`] needs the division named by another name:
/// "Maryland" the state is no support for Maryland City, one of whose
/// alternate names is "Maryland", when the text names the state only so.
/// (With the shipped weights: the state must be a confident choice.)
#[test]
fn a_name_is_no_named_division_for_its_own_other_sense() {
    let state = place_in("a:rl", Kind::Admin1, "Riverland", (39.0, -76.7), "US", 0);
    let in_state = |id: &str, name: &str, at, pop| {
        let mut p = place_in(id, Kind::City, name, at, "US", pop);
        p.admin1 = "Riverland".into();
        p
    };
    let mut town = in_state("p:rl", "Riverland City", (39.1, -76.8), 16_000);
    town.names = vec!["Riverland".into()];
    let dale = in_state("p:dale", "Oakdale", (39.2, -76.9), 9_000);
    let mut g = Gazetteer::empty();
    g.push_places(&[state, town, dale], &[], &[]).unwrap();
    let x = |text: &str, name: &str, id: &str| {
        let r = Resolver::new(&g)
            .record_senses(true)
            .resolve(&Matcher::new(&g).find(text));
        sense_x_of(&g, &r, text, name, id, Feature::InNamedDivision)
    };
    let own = "The lawsuit was filed in Riverland, but a judge ruled it was the wrong court.";
    assert_eq!(x(own, "Riverland", "p:rl"), 0.0);
    // Another name of the division is support.
    let other = "The lawsuit was filed in Riverland, and a judge in Oakdale took it.";
    assert_eq!(x(other, "Oakdale", "p:dale"), 1.0);
}

/// [`Feature::Relative`]: "X, south of Y" places X near a place Y may
/// mean; a big namesake abroad gets none, and with the shipped weights the
/// town next to Y wins.
#[test]
fn a_relative_location_places_the_name_near_the_next() {
    let places = [
        place_in(
            "p:big",
            Kind::City,
            "Riverton",
            (53.5, -113.5),
            "CA",
            1_000_000,
        ),
        place_in(
            "p:town",
            Kind::Town,
            "Riverton",
            (-17.0, 145.75),
            "AU",
            10_000,
        ),
        place_in(
            "p:port",
            Kind::City,
            "Port Arden",
            (-16.9, 145.75),
            "AU",
            150_000,
        ),
    ];
    let mut g = Gazetteer::empty();
    g.push_places(&places, &[], &[]).unwrap();
    let text = "He was stabbed at a house in Riverton, south of Port Arden, in November.";
    let x = |id: &str| sense_x(&g, text, "Riverton", id, Feature::Relative);
    assert_eq!((x("p:town"), x("p:big")), (1.0, 0.0));
    let r = Resolver::new(&g).resolve(&Matcher::new(&g).find(text));
    let m = r.mentions.iter().find(|m| m.text == "Riverton").unwrap();
    assert_eq!(g.place(m.place.unwrap()).place_id(), "p:town");
    // Without the relative location the big city wins.
    let plain = "He was stabbed at a house in Riverton and in Port Arden in November.";
    let r = Resolver::new(&g).resolve(&Matcher::new(&g).find(plain));
    let m = r.mentions.iter().find(|m| m.text == "Riverton").unwrap();
    assert_eq!(g.place(m.place.unwrap()).place_id(), "p:big");
}
