//! Word lists that are not places but tell what a capitalised word is: months
//! and holidays, titles and honorifics, direction words, speech verbs,
//! organisation and feature head words, and the lists of the coverage
//! report's missed-phrase finder. One copy of each list, used by the resolver
//! (`crate::resolve`) and by the coverage report (`crate::coverage`).
//!
//! Where the resolver and the coverage report want different sets the shared
//! part is one list here and each adds its own lists by name (the resolver's
//! [`is_title`] adds [`OFFICE_WORDS`]; the coverage report's
//! [`is_person_title`] adds [`PERSON_TITLES`]); where they ask different
//! questions the lists are kept apart and say whose they are.
//!
//! All lists hold lower-case words; callers lower-case before they look up.

// ---------------------------------------------------------------------------
// Calendar words.

/// Month and weekday names: capitalised in running text, never places there.
pub const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "jan",
    "feb",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "christmas",
    "easter",
    "ramadan",
    "eid",
    "thanksgiving",
    "halloween",
    "hanukkah",
    "diwali",
    "passover",
    "lent",
    // "Thanksgiving Day", "World AIDS Day".
    "day",
];

/// Short forms of months and weekdays that are also words or parts of place
/// names ("Mar del Plata", "Sat"): the coverage report's phrase finder treats
/// them as calendar words, the resolver (which sees only gazetteer names) does
/// not.
#[rustfmt::skip]
pub const DATE_ABBREVIATIONS: &[&str] = &[
    "mar", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat",
];

/// Whether `word`, one of [`DATE_ABBREVIATIONS`] in any case ("Mon",
/// "Mar"), stands in a date: `rest`, the text after it, goes on (after an
/// optional full stop and comma) with a number or a month or weekday of
/// [`CALENDAR`] ("Mon, Aug 19, 2002", "Mon, 2 Sep 2002", "Mar 3"), not
/// with a word of a name ("Mar del Plata").
pub fn abbreviation_in_date(word: &str, rest: &str) -> bool {
    if !super::text::with_lower(word, |w| DATE_ABBREVIATIONS.contains(&w)) {
        return false;
    }
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let next = rest.trim_start_matches(' ');
    if next.len() == rest.len() {
        return false;
    }
    if next.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let word = next
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    super::text::with_lower(word, |w| CALENDAR.contains(&w) && w != "day")
}

/// Whether a lower-case word is a calendar word for the coverage report's
/// phrase finder: [`CALENDAR`] or [`DATE_ABBREVIATIONS`].
pub fn is_date_word(w: &str) -> bool {
    CALENDAR.contains(&w) || DATE_ABBREVIATIONS.contains(&w)
}

/// News and wire agencies whose name, in parentheses, follows a story's
/// dateline ("CAIRO (AP) —", "GENEVA (Reuters) -"): the agencies that
/// distribute wire copy internationally, lower-cased.
#[rustfmt::skip]
pub const WIRE_AGENCIES: &[&str] = &[
    "ap", "afp", "reuters", "upi", "dpa", "ansa", "efe", "kyodo", "xinhua", "tass",
    "pti", "ians", "cp", "aap", "bloomberg", "anadolu", "yonhap", "bernama", "apa",
];

// ---------------------------------------------------------------------------
// People: titles, honorifics, given names, speech verbs.

/// Abbreviations written with a full stop that does not end a sentence
/// ("Mr. Smith", "St. Louis", "Gen. Allen", "No. 5"), lower case.
pub const DOTTED_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "mt", "ft", "gen", "lt", "col", "sen", "rep", "gov", "jr", "sr",
    "prof", "capt", "sgt", "no", "vs", "maj", "brig", "adm", "cpl", "rev", "hon", "pte", "cmdr",
];

/// Abbreviated English titles and honorifics written with a full stop
/// before a person's name ("Hon. John W. Foster", "Gen. Allen", "Rev.
/// King"): the [`DOTTED_ABBREVIATIONS`] that are not part of a place's name
/// ("St.", "Mt.", "Ft.") or a number ("No."), lower case.
#[rustfmt::skip]
pub const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "gov", "jr", "sr", "prof", "capt",
    "sgt", "maj", "brig", "adm", "cpl", "rev", "hon", "pte", "cmdr",
];

/// The plurals of [`TITLE_ABBREVIATIONS`] that English writes before two
/// or more names ("Sens. Murray and Warren", "Reps.", "Gens."): each
/// abbreviation with an "s", but for those with another plural or none
/// ("Mr", "Mrs", "Ms", "Jr", "Sr").
#[rustfmt::skip]
pub const TITLE_ABBREVIATION_PLURALS: &[&str] = &[
    "drs", "gens", "lts", "cols", "sens", "reps", "govs", "profs", "capts", "sgts", "majs",
    "brigs", "adms", "cpls", "revs", "hons", "ptes", "cmdrs",
];

/// Whether a lower-case word is a title abbreviation or the plural of one.
pub fn is_title_abbreviation(lower: &str) -> bool {
    TITLE_ABBREVIATIONS.contains(&lower) || TITLE_ABBREVIATION_PLURALS.contains(&lower)
}

/// The title or honorific written with its full stop right before byte
/// `start` of `text`: "Lt" of "Lt. Lohr", "Mr" of "(Mr. Ancona)". A
/// capitalised [`TITLE_ABBREVIATIONS`] word, not "Jr" or "Sr" (which
/// follow a name and may end a sentence), then ". ".
/// [`super::text::words_before`] stops at that full stop as at the end of
/// a sentence, so the resolver's person rules ask this apart.
pub fn title_before_full_stop(text: &str, start: usize) -> Option<&str> {
    let head = text[..start].strip_suffix(' ')?.strip_suffix('.')?;
    let w = super::text::word_before(text, head.len())?;
    // The longest title abbreviation has five letters (a plural): most
    // words before a full stop end a sentence and are longer.
    if w.len() > 5 {
        return None;
    }
    let title =
        super::text::with_lower(w, |l| is_title_abbreviation(l) && !matches!(l, "jr" | "sr"));
    (title && super::text::is_capitalized(w)).then_some(w)
}

/// Determiners and possessives before a noun ("the Union", "our Union",
/// "this Valley"): before a common English word, they make it a noun of
/// the sentence rather than a name.
#[rustfmt::skip]
pub const DETERMINERS: &[&str] = &[
    "the", "this", "that", "these", "those", "our", "your", "their", "its", "his", "her", "my",
    "every", "each", "whole",
];

/// Whether a lower-case word is one of [`DOTTED_ABBREVIATIONS`].
pub fn is_dotted_abbreviation(w: &str) -> bool {
    DOTTED_ABBREVIATIONS.contains(&w)
}

/// Titles and roles that stand next to a place name without making it part
/// of a person's name ("Ankara Mayor", "President Assad").
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    "president", "prime", "minister", "mayor", "governor", "general", "king", "queen", "prince",
    "sheikh", "emir", "sultan", "pope", "bishop", "archbishop", "imam", "ambassador", "envoy",
    "chancellor", "premier", "senator", "mr", "mrs", "ms", "dr", "sir", "lord", "lady", "colonel",
    "captain", "commander", "chief", "deputy", "spokesman", "spokeswoman", "secretary", "director",
    "official", "officials",
];

/// Words of a ministry's or office's name that precede a title ("Foreign
/// Minister", "Interior Ministry"): titles for the resolver, not for the
/// coverage report's phrase finder (where "Foreign Ministry" stays one
/// phrase).
#[rustfmt::skip]
pub const OFFICE_WORDS: &[&str] = &[
    "foreign", "defence", "defense", "interior",
];

/// More titles, roles and kin words that precede a person's name ("Judge",
/// "Ayatollah", "analyst", "widow"): with [`TITLES`], the coverage report's
/// person cues.
#[rustfmt::skip]
pub const PERSON_TITLES: &[&str] = &[
    "miss", "prof", "professor", "vice", "gen", "shaikh", "sheik", "spokesperson", "sen", "rep",
    "representative", "congressman", "congresswoman", "gov", "judge", "justice", "princess", "dame",
    "father", "rev", "reverend", "col", "lt", "lieutenant", "capt", "sergeant", "sgt", "major",
    "maj", "brigadier", "brig", "cmdr", "admiral", "adm", "marshal", "chairman", "chairwoman",
    "chair", "ayatollah", "mullah", "officer", "coach", "manager", "mufti", "councillor",
    "councilor", "commissioner", "inspector", "detective", "constable", "superintendent",
    "corporal", "cpl", "private", "pte", "mp", "mep", "ceo", "cfo", "founder", "leader", "head",
    "boss", "analyst", "journalist", "reporter", "correspondent", "researcher", "expert", "fellow",
    "activist", "lawyer", "attorney", "counterpart", "colleague", "president-elect", "candidate",
    "nominee", "author", "writer", "editor", "economist", "scholar", "historian", "doctor", "nurse",
    "pastor", "rabbi", "cleric", "son", "daughter", "wife", "husband", "brother", "sister",
    "mother", "uncle", "aunt", "cousin", "widow", "mrs.", "caliph", "crown",
];

/// Whether a lower-case word is a title for the resolver: [`TITLES`] or
/// [`OFFICE_WORDS`].
pub fn is_title(w: &str) -> bool {
    TITLES.contains(&w) || OFFICE_WORDS.contains(&w)
}

/// Whether a lower-case word is a title or role before a person's name for
/// the coverage report: [`TITLES`] or [`PERSON_TITLES`].
pub fn is_person_title(w: &str) -> bool {
    TITLES.contains(&w) || PERSON_TITLES.contains(&w)
}

/// Honorifics that make the next name a person's.
pub const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lady",
    "lord",
    "madam",
    "professor",
    "prof",
    "rev",
    "reverend",
    "father",
    "sister",
    "brother",
    "uncle",
    "aunt",
];

/// Auxiliary and common finite verbs that follow the subject of a clause
/// ("X has said", "X is arming", "X wants"): after a minor place's name,
/// evidence that the name is a person's (a recognition cue).
#[rustfmt::skip]
pub const AUXILIARIES: &[&str] = &[
    "is", "was", "has", "had", "will", "would", "can", "could", "should", "must", "does", "did",
    "wants", "wanted", "thinks", "believes", "knows", "needs", "tries", "tried",
];

/// Arabic and other name particles between the parts of a person's name.
pub const NAME_PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "abu", "van", "von", "de", "da", "di", "del", "la", "le",
];

/// Lower-case particles of Romance, Dutch and German surnames ("de Lima",
/// "van Gogh", "von Steuben") that English text writes before a surname
/// on its own; a subset of [`NAME_PARTICLES`] (not the Arabic and French
/// articles, which lead place names: "al-Bab", "la Rochelle").
pub const SURNAME_PARTICLES: &[&str] = &["de", "da", "di", "del", "van", "von"];

/// The locatives after which the news corpus counts a name as written for
/// a place (`STRICT_LOCATIVES` of `gazetteer/news_names.py`;
/// [`crate::lexicon::names::NewsUsage::strict_place`]): those that rarely
/// come before a person or an organisation.
pub const NEWS_LOCATIVES: &[&str] = &["in", "near", "outside", "across", "around"];

/// Verbs of speech after a bare surname ("Walsh said").
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "explained",
    "wrote",
    "asked",
    "noted",
    "argued",
    "stated",
    "warned",
    "claimed",
    "insisted",
    "replied",
    "recalled",
    "testified",
];

/// More verbs of speech after a name ("tweeted", "announced"): with
/// [`SPEECH_VERBS`], the coverage report's speaker cue.
#[rustfmt::skip]
pub const MORE_SPEECH_VERBS: &[&str] = &[
    "tells", "adds", "writes", "tweeted", "announced", "declared", "confirmed", "denied",
    "continued", "concluded", "acknowledged", "admitted", "suggested", "commented", "remarked",
    "urged", "pointed", "estimated", "believes", "thinks", "spoke", "speaks", "posted",
];

/// Whether a lower-case word is a verb of speech for the coverage report:
/// [`SPEECH_VERBS`] or [`MORE_SPEECH_VERBS`].
pub fn is_speech_verb(w: &str) -> bool {
    SPEECH_VERBS.contains(&w) || MORE_SPEECH_VERBS.contains(&w)
}

/// Common given names: a phrase that starts with one reads as a person.
#[rustfmt::skip]
pub const GIVEN_NAMES: &[&str] = &[
    "john", "james", "robert", "michael", "william", "david", "richard", "joseph", "thomas",
    "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul",
    "andrew", "joshua", "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward",
    "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry",
    "justin", "scott", "brandon", "benjamin", "samuel", "gregory", "frank", "alexander", "raymond",
    "patrick", "jack", "dennis", "jerry", "tyler", "aaron", "jose", "adam", "henry", "nathan",
    "douglas", "zachary", "peter", "kyle", "walter", "ethan", "jeremy", "harold", "keith",
    "christian", "roger", "noah", "gerald", "carl", "terry", "sean", "austin", "arthur", "lawrence",
    "jesse", "dylan", "bryan", "joe", "jordan", "billy", "bruce", "albert", "willie", "gabriel",
    "logan", "alan", "juan", "wayne", "roy", "ralph", "randy", "eugene", "vincent", "russell",
    "elijah", "louis", "bobby", "philip", "johnny", "bob", "bill", "jim", "tom", "mike", "dave",
    "steve", "tony", "nick", "chris", "mary", "patricia", "jennifer", "linda", "elizabeth",
    "barbara", "susan", "jessica", "sarah", "karen", "nancy", "lisa", "betty", "margaret", "sandra",
    "ashley", "kimberly", "emily", "donna", "michelle", "dorothy", "carol", "amanda", "melissa",
    "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia", "kathleen", "amy", "shirley",
    "angela", "helen", "anna", "brenda", "pamela", "nicole", "emma", "samantha", "katherine",
    "christine", "debra", "rachel", "catherine", "carolyn", "janet", "ruth", "maria", "heather",
    "diane", "virginia", "julie", "joyce", "victoria", "olivia", "kelly", "christina", "lauren",
    "joan", "evelyn", "judith", "megan", "cheryl", "andrea", "hannah", "martha", "jacqueline",
    "frances", "gloria", "ann", "teresa", "kathryn", "sara", "janice", "jean", "alice", "madison",
    "doris", "abigail", "julia", "judy", "grace", "denise", "amber", "marilyn", "beverly",
    "danielle", "theresa", "sophia", "marie", "diana", "brittany", "natalie", "isabella",
    "charlotte", "rose", "alexis", "kayla", "jane", "lynn", "mohammad", "mohammed", "muhammad",
    "mohamed", "mohamad", "ahmed", "ahmad", "ali", "hassan", "hussein", "husein", "hussain",
    "mahmoud", "mahmud", "mustafa", "mostafa", "omar", "umar", "khaled", "khalid", "ibrahim",
    "youssef", "yusuf", "abdullah", "abdul", "abdel", "abd", "said", "saeed", "salim", "salem",
    "karim", "kareem", "tariq", "walid", "nabil", "samir", "fatima", "aisha", "mehmet", "ahmet",
    "mustafa", "ali", "huseyin", "hüseyin", "ibrahim", "ismail", "osman", "murat", "emre", "recep",
    "kemal", "fatma", "ayse", "ayşe", "emine", "hatice", "zeynep", "elif", "vladimir", "sergei",
    "sergey", "dmitry", "alexei", "alexey", "ivan", "nikolai", "andrei", "igor", "olga", "natalia",
    "tatiana", "jean", "pierre", "michel", "francois", "françois", "jacques", "philippe", "hans",
    "klaus", "wolfgang", "angela", "giuseppe", "giovanni", "francesco", "antonio", "carlos", "luis",
    "jorge", "pedro", "miguel", "manuel", "javier", "ana", "carmen", "wang", "li", "zhang", "liu",
    "chen",
];

// ---------------------------------------------------------------------------
// Directions.

/// The eight points of the compass.
#[rustfmt::skip]
pub const COMPASS_POINTS: &[&str] = &[
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
];

/// The four points of the compass as adjectives.
#[rustfmt::skip]
pub const COMPASS_ADJECTIVES: &[&str] = &[
    "northern", "southern", "eastern", "western",
];

/// The intermediate points of the compass written with a hyphen.
#[rustfmt::skip]
pub const COMPASS_HYPHENATED: &[&str] = &[
    "north-east", "north-west", "south-east", "south-west",
];

/// Words that give a position rather than a place ("Central", "Upper").
#[rustfmt::skip]
pub const POSITION_WORDS: &[&str] = &[
    "central", "upper", "lower", "middle", "centre", "center", "inner", "outer",
];

/// Whether a word (any ASCII case) alone only gives a direction or a
/// position ("West", "Central"): for the resolver, as a place name it needs a
/// kind cue. [`COMPASS_POINTS`], [`COMPASS_ADJECTIVES`] and
/// [`POSITION_WORDS`]; the word has no hyphen (the resolver splits at
/// hyphens).
pub fn is_compass_word(w: &str) -> bool {
    [COMPASS_POINTS, COMPASS_ADJECTIVES, POSITION_WORDS]
        .iter()
        .any(|list| list.iter().any(|c| c.eq_ignore_ascii_case(w)))
}

/// The compass points' abbreviations (upper-case in text: "W.", "SE") and
/// the points they stand for, each with its adjective when it has one.
#[rustfmt::skip]
pub const COMPASS_ABBREVIATIONS: &[(&str, &str, &str)] = &[
    ("N", "North", "Northern"), ("S", "South", "Southern"), ("E", "East", "Eastern"),
    ("W", "West", "Western"), ("NE", "Northeast", ""), ("NW", "Northwest", ""),
    ("SE", "Southeast", ""), ("SW", "Southwest", ""),
];

/// A direction written directly before a name: "W." in "W. Africa", "SE" in
/// "SE Asia", "Western" in "Western NY" (see [`direction_before`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectionBefore {
    /// Byte offset of the direction's first letter.
    pub start: usize,
    /// Byte offset just past the direction as written (its full stop
    /// included).
    pub end: usize,
    /// For an abbreviation, the point and its adjective written out
    /// ("West", "Western"; the adjective empty when there is none); for a
    /// word, `None`.
    pub written_out: Option<(&'static str, &'static str)>,
}

/// The direction written right before the name that starts at byte
/// `start` (after one space; a hashtag's `#` may come between: "S.
/// #SK"): a capitalised compass word ("North", "Western", "South-East", in
/// any case after its capital) or an abbreviation in capitals, a single
/// letter with its full stop ("W.") or two letters with or without one
/// ("SE", "NE."). A single letter after a capitalised word that is not a
/// function word is a middle initial ("George W. Bush"), not a direction.
/// A lower-case direction ("northern Syria") is an ordinary adjective and
/// is not returned.
pub fn direction_before(text: &str, start: usize) -> Option<DirectionBefore> {
    let head = text[..start].strip_suffix('#').unwrap_or(&text[..start]);
    let head = head.strip_suffix(' ')?;
    let b = head.as_bytes();
    // Most names follow another word: the longest direction ("South-East")
    // is ten bytes, and every one begins with N, S, E or W in capitals.
    let mut j = b.len();
    let least = j.saturating_sub(11);
    while j > least && (b[j - 1].is_ascii_alphabetic() || matches!(b[j - 1], b'.' | b'-')) {
        j -= 1;
    }
    if !matches!(b.get(j), Some(b'N' | b'S' | b'E' | b'W')) {
        return None;
    }
    // The direction is a whole word: nothing alphanumeric glued before it.
    if head[..j]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let token = &head[j..];
    let core = token.strip_suffix('.').unwrap_or(token);
    let dotted = core.len() < token.len();
    let found = |written_out| {
        Some(DirectionBefore {
            start: j,
            end: head.len(),
            written_out,
        })
    };
    if let Some(&(_, point, adjective)) = COMPASS_ABBREVIATIONS.iter().find(|a| a.0 == core) {
        if core.len() == 1 && !dotted {
            return None;
        }
        let initial = core.len() == 1
            && super::text::word_before(text, j).is_some_and(|w| {
                w.starts_with(|c: char| c.is_uppercase())
                    && !is_function_word(&w.to_ascii_lowercase())
            });
        return if initial {
            None
        } else {
            found(Some((point, adjective)))
        };
    }
    let compass = [COMPASS_POINTS, COMPASS_ADJECTIVES, COMPASS_HYPHENATED]
        .iter()
        .any(|list| list.iter().any(|w| w.eq_ignore_ascii_case(core)));
    if !dotted && compass {
        found(None)
    } else {
        None
    }
}

/// Where the place a relative location names starts, after a name that
/// ends at byte `end`: ", south of " or " 20 km north-east of " (an
/// optional comma; an optional distance in km, kilometres, kilometers,
/// miles or mi; a compass point, [`COMPASS_POINTS`] or
/// [`COMPASS_HYPHENATED`], in any case; "of" and one space). `None` when
/// the text after the name is not such a phrase.
pub fn relative_location_after(text: &str, end: usize) -> Option<usize> {
    let rest = &text[end..];
    let rest = rest.strip_prefix(',').unwrap_or(rest).strip_prefix(' ')?;
    // Most names are followed by other words: the phrase starts with a
    // digit or a compass point's first letter, and has " of " within
    // its first 32 bytes.
    let first = *rest.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first | 0x20, b'n' | b's' | b'e' | b'w')) {
        return None;
    }
    let head = &rest.as_bytes()[..rest.len().min(32)];
    if !head.windows(4).any(|w| w == b" of ") {
        return None;
    }
    let mut words = rest.splitn(5, ' ');
    let mut word = words.next()?;
    let mut used = word.len() + 1;
    if word.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !word.is_empty() {
        let unit = words.next()?;
        if !["km", "kilometres", "kilometers", "miles", "mi"].contains(&unit) {
            return None;
        }
        word = words.next()?;
        used += unit.len() + 1 + word.len() + 1;
    }
    let compass = [COMPASS_POINTS, COMPASS_HYPHENATED]
        .iter()
        .any(|list| list.iter().any(|w| w.eq_ignore_ascii_case(word)));
    if !compass || words.next()? != "of" {
        return None;
    }
    let at = end + (text.len() - end - rest.len()) + used + 3;
    (at < text.len()).then_some(at)
}

/// Whether a lower-case word is a direction that makes "north of X" a place
/// cue for the coverage report: [`COMPASS_POINTS`], [`COMPASS_HYPHENATED`] or
/// [`COMPASS_ADJECTIVES`].
pub fn is_direction(w: &str) -> bool {
    [COMPASS_POINTS, COMPASS_HYPHENATED, COMPASS_ADJECTIVES]
        .iter()
        .any(|list| list.contains(&w))
}

// ---------------------------------------------------------------------------
// The resolver's head words and cues.

/// Capitalised words after a place name that make it part of an
/// organisation's or publication's name.
pub const ORG_HEADS: &[&str] = &[
    // Armed groups and parties named after a place or a person.
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "regiment",
    "militia",
    "movement",
    "party",
    "front",
    // Research and teaching bodies.
    "institute",
    "institution",
    "university",
    "foundation",
    // Media.
    "times",
    "post",
    "eye",
    "monitor",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "observer",
    "telegraph",
    "today",
    "daily",
    "weekly",
    "review",
    "news",
    "insider",
    "chronicle",
    "express",
    "mail",
    "standard",
    "press",
    "radio",
    "tv",
    "television",
    // Companies, banks and clubs ("Gulf Bank", "Dakota Inc.").
    "bank",
    "inc",
    "corp",
    "corporation",
    "ltd",
    "plc",
    "llc",
    "holdings",
    "airlines",
    "airways",
    "fc",
    "rovers",
    "wanderers",
    "athletic",
    // Zoos and agencies ("Atlantic Veterinary College", "Auckland Zoo",
    // "Agence France-Presse"). Not the bodies of a jurisdiction ("California
    // Department of Health", "Enfield Council") nor colleges ("Georgetown
    // College"): their place name says where.
    "zoo",
    "veterinary",
    "presse",
];

/// Lower-case nouns that, written right before a name, class it as
/// something other than a place or a person: a company or its trade
/// ("carmaker Toyota", "online retailer Amazon", "buyout firm Carlyle"), a
/// club or team ("Spanish side Sevilla", "club Darmstadt"), a band, a
/// publication ("newspaper Hurriyet"), a vessel ("the frigate
/// Chesapeake") or a planet ("the planet Jupiter"). English puts the class
/// before a name as an appositive; a place's class goes there too
/// ([`KIND_APPOSITIVE`]: "the town Rugby"), and none of these is one.
/// Nouns that are also verbs before an object are left out ("label",
/// "brand", "rival": "to label China", "few cities rival Paris"). Sorted,
/// for [`non_place_appositive`].
#[rustfmt::skip]
pub const NON_PLACE_APPOSITIVES: &[&str] = &[
    "airline", "automaker", "automakers", "band", "battleship", "broadcaster", "car-maker",
    "carmaker", "carmakers", "champions", "chipmaker", "club", "clubs", "company", "conglomerate",
    "cruiser", "destroyer", "drugmaker", "firm", "firms", "frigate", "giant", "giants", "insurer",
    "lender", "magazine", "maker", "manufacturer", "newspaper", "outfit", "planet", "publisher",
    "racehorse", "retailer", "retailers", "ship", "side", "start-up", "startup", "studio",
    "submarine", "supermarket", "tabloid", "tanker", "team", "vessel", "warship", "website",
];

/// Lower-case nouns of a person's trade that, written right before a name,
/// make it a person's ("singer Chelsea", "Inter Milan striker Adriano"), as
/// [`NON_PLACE_APPOSITIVES`] make it an organisation's or a thing's. Sorted.
#[rustfmt::skip]
pub const PERSON_APPOSITIVES: &[&str] = &[
    "actor", "actress", "boxer", "footballer", "goalkeeper", "golfer", "midfielder",
    "quarterback", "rapper", "singer", "striker", "winger",
];

/// Whether a word, as written, classes the name after it as no place: as
/// a person's (`Some(true)`: [`PERSON_APPOSITIVES`]) or as something else's
/// (`Some(false)`: [`NON_PLACE_APPOSITIVES`]).
pub fn non_place_appositive(w: &str) -> Option<bool> {
    if PERSON_APPOSITIVES.binary_search(&w).is_ok() {
        Some(true)
    } else {
        NON_PLACE_APPOSITIVES
            .binary_search(&w)
            .is_ok()
            .then_some(false)
    }
}

/// Abbreviations of a company's legal form, lower case, that follow its
/// name ("Samsung Electronics Co", "Goldman Sachs & Co", "Acme Corp"):
/// written so after a name they are the company, not a place.
pub const COMPANY_ABBREVIATIONS: &[&str] = &["co", "cos", "corp", "inc", "llc", "ltd", "plc"];

/// English bound prefixes, lower case: written with a hyphen before a
/// lower-case word ("co-chair", "anti-war", "non-profit") they start a
/// compound word, not a place's name.
pub const BOUND_PREFIXES: &[&str] = &[
    "anti", "co", "ex", "inter", "multi", "non", "pre", "pro", "re", "semi", "sub", "un",
];

/// English function words (closed classes: articles, pronouns,
/// prepositions, conjunctions, auxiliaries and modal verbs), lower case,
/// sorted. Written in lower case in running text they are the word, never
/// a place name.
#[rustfmt::skip]
pub const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "after", "against", "am", "among", "an", "and", "are", "as", "at",
    "be", "been", "before", "being", "below", "between", "but", "by", "can", "could", "did", "do",
    "does", "down", "during", "each", "either", "for", "from", "had", "has", "have", "he", "her",
    "hers", "him", "his", "i", "if", "in", "into", "is", "it", "its", "may", "me", "might", "mine",
    "must", "my", "neither", "nor", "of", "off", "on", "onto", "or", "our", "ours", "over",
    "shall", "she", "should", "since", "so", "than", "that", "the", "their", "them", "these",
    "they", "this", "those", "though", "through", "till", "to", "under", "until", "unto", "up",
    "upon", "us", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
    "whose", "will", "with", "within", "without", "would", "yet", "you", "your", "yours",
];

/// Whether a lower-case word is one of [`FUNCTION_WORDS`].
pub fn is_function_word(w: &str) -> bool {
    FUNCTION_WORDS.binary_search(&w).is_ok()
}

/// Whether a word, in any case, is a function word ([`FUNCTION_WORDS`]) or
/// an auxiliary ([`AUXILIARIES`]): a word that can open a sentence or a
/// headline's phrase without being anyone's name ("Will", "At").
pub fn is_function_word_or_auxiliary(word: &str) -> bool {
    super::text::with_lower(word, |w| is_function_word(w) || AUXILIARIES.contains(&w))
}

/// Lower-case nouns that a place name modifies when it stands before them
/// ("Ferguson police", "Kiev protests", "Boston residents", "Gaza
/// airport"): the people, offices and events of a place. Not nouns a
/// person's name modifies as readily ("administration", "supporters",
/// "shooting").
#[rustfmt::skip]
pub const PLACE_NOUNS: &[&str] = &[
    "airport", "authorities", "citizens", "cops", "council", "councillors", "downtown",
    "firefighters", "hospitals", "inhabitants", "locals", "mayor", "neighborhood", "neighborhoods",
    "neighbourhood", "neighbourhoods", "pd", "police", "protest", "protesters", "protestors",
    "protests", "residents", "riot", "rioters", "riots", "schools", "sheriff", "suburbs",
    "townspeople", "unrest", "voters",
];

/// Lower-case nouns that a leader's name modifies, not a small place's
/// ("the Obama administration", "an Obama-era rule", "the Trump
/// presidency"): a small town's name before them is a person's.
pub const LEADER_NOUNS: &[&str] = &["administration", "era", "presidency"];

/// Capitalised words after a place name that make it the first word of a
/// smaller feature's name ("Victoria Park", "Plum Island", "St. Michael's
/// Hospital"). A name the gazetteer has is matched whole before this applies.
///
/// Not "Road" or "Street": a road is usually named after the town it
/// leads to, so the town is a fair answer and anchors its neighbours.
pub const FEATURE_HEADS: &[&str] = &[
    "park",
    "hospital",
    "square",
    "station",
    "stadium",
    "bridge",
    "hall",
    "beach",
    "bay",
    "harbour",
    "harbor",
    "island",
    "mall",
    "plaza",
    "cathedral",
    "mosque",
    "church",
    "prison",
];

/// Words after a place name that make it the name of a disease or a virus
/// ("West Nile virus", "Marburg fever", "Lyme disease").
pub const DISEASE_HEADS: &[&str] = &[
    "virus",
    "viruses",
    "fever",
    "disease",
    "flu",
    "influenza",
    "syndrome",
    "strain",
    "variant",
    "encephalitis",
    "hemorrhagic",
    "haemorrhagic",
];

/// Prepositions that introduce a place ("in Reading", "near Split").
pub const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "outside",
    "around",
    "across",
    "towards",
    "toward",
    "into",
    "through",
    "via",
    "between",
    "inside",
    "within",
    "throughout",
    "visited",
    "reached",
    "entered",
    "left",
];

/// Whether `head`, the text before a name, ends with a locative preposition
/// of [`LOCATIVES`] and one space ("a riot in ", "I live in "): with it, a
/// city's name written in lower case can be a place ("riot in ferguson"),
/// which the matcher otherwise reads only for major places.
pub fn ends_with_locative(head: &str) -> bool {
    let Some(h) = head.strip_suffix(' ') else {
        return false;
    };
    let word = h
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    !word.is_empty() && word.len() <= 10 && {
        let mut buf = [0u8; 10];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        LOCATIVES.iter().any(|l| l.as_bytes() == &*lower)
    }
}

// ---------------------------------------------------------------------------
// Dictionaries (sorted files under gazetteer/).

/// A [`WordSet`] of a dictionary file (a `&'static str` constant), built
/// at compile time.
macro_rules! word_set {
    ($file:expr) => {{
        const N: usize = line_count(body_of($file)) + 1;
        const LINES: [u32; N] = line_starts::<N>(body_of($file));
        WordSet::new(body_of($file), &LINES)
    }};
}

/// Lower-case English words (SCOWL), sorted; see gazetteer/README.md.
static COMMON_WORDS: &str = include_str!("../../gazetteer/common_words.txt");

/// Whether a word (any case) is a common English word.
pub fn is_common_word(word: &str) -> bool {
    static SET: WordSet = word_set!(COMMON_WORDS);
    thread_local! {
        static MEMO: SetMemo = SetMemo::new(super::memo::WordMemo::new());
    }
    in_set(&SET, &MEMO, word)
}

/// Each thread's remembered answers of one [`WordSet`].
type SetMemo = std::cell::RefCell<super::memo::WordMemo<bool>>;

/// The words of a dictionary file, one a line, sorted (byte order), after
/// the comment lines (`#`) at its top; with the start of every line and
/// the range of the lines that start with each two bytes: a lookup
/// binary-searches the hundred or so words of its range, line by line
/// (no scan for a line's ends). Built at compile time (a `const`: one
/// pass over the file's bytes and one over its lines): nothing is done at
/// start-up, where collecting the words and the table took 15 million
/// instructions. Made with [`word_set!`]. The files are sorted (a test
/// checks).
struct WordSet {
    /// The lines after the comments, each ended by `\n` (the last
    /// perhaps not).
    body: &'static [u8],
    /// The byte where each line starts, then one past the end of the
    /// last line's text plus one (so line `i` is
    /// `lines[i]..lines[i + 1] - 1`).
    lines: &'static [u32],
    /// `starts[k]..starts[k + 1]`: the numbers of the lines whose first
    /// two bytes are `k` ([`two_bytes`]).
    starts: [u32; (1 << 16) + 1],
}

/// A word's range in a [`WordSet`]: its first two bytes (zero for none).
const fn two_bytes(w: &[u8]) -> usize {
    let first = if w.is_empty() { 0 } else { w[0] as usize };
    let second = if w.len() < 2 { 0 } else { w[1] as usize };
    (first << 8) | second
}

/// [`two_bytes`] of the line of `body` that starts at `s`.
const fn line_key(body: &[u8], s: usize) -> usize {
    let first = if s < body.len() && body[s] != b'\n' {
        body[s] as usize
    } else {
        0
    };
    let second = if first != 0 && s + 1 < body.len() && body[s + 1] != b'\n' {
        body[s + 1] as usize
    } else {
        0
    };
    (first << 8) | second
}

/// The start of the next line after the one that starts at `s` (the end
/// of `body` after the last).
const fn next_line(body: &[u8], s: usize) -> usize {
    let mut e = s;
    while e < body.len() && body[e] != b'\n' {
        e += 1;
    }
    if e < body.len() { e + 1 } else { e }
}

/// A dictionary file's lines after the comment lines (`#`) at its top.
const fn body_of(file: &'static str) -> &'static [u8] {
    let all = file.as_bytes();
    let mut at = 0;
    while at < all.len() && all[at] == b'#' {
        at = next_line(all, at);
    }
    all.split_at(at).1
}

/// The number of lines of `body` (the last may lack its `\n`).
const fn line_count(body: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'\n' {
            n += 1;
        }
        i += 1;
    }
    if !body.is_empty() && body[body.len() - 1] != b'\n' {
        n += 1;
    }
    n
}

/// [`WordSet::lines`] of `body`, which has `N - 1` lines.
const fn line_starts<const N: usize>(body: &[u8]) -> [u32; N] {
    let mut out = [0u32; N];
    let (mut k, mut i) = (1, 0);
    while i < body.len() {
        if body[i] == b'\n' {
            out[k] = (i + 1) as u32;
            k += 1;
        }
        i += 1;
    }
    // One past the last line's text plus one: its `\n` when it has one.
    out[N - 1] = if !body.is_empty() && body[body.len() - 1] != b'\n' {
        (body.len() + 1) as u32
    } else {
        body.len() as u32
    };
    out
}

impl WordSet {
    /// The set of a dictionary body's words (sorted, no empty line), whose
    /// line starts are `lines` ([`line_starts`]).
    const fn new(body: &'static [u8], lines: &'static [u32]) -> WordSet {
        let mut starts = [0u32; (1 << 16) + 1];
        // From one line to the next: every key up to a line's starts
        // where it does.
        let n = lines.len() - 1;
        let (mut k, mut i) = (0, 0);
        while i < n {
            let key = line_key(body, lines[i] as usize);
            while k <= key {
                starts[k] = i as u32;
                k += 1;
            }
            i += 1;
        }
        while k < starts.len() {
            starts[k] = n as u32;
            k += 1;
        }
        WordSet {
            body,
            lines,
            starts,
        }
    }

    fn contains(&self, w: &str) -> bool {
        let k = two_bytes(w.as_bytes());
        let (mut lo, mut hi) = (self.starts[k] as usize, self.starts[k + 1] as usize);
        // The lines from `lo` to `hi` are sorted.
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let line = &self.body[self.lines[mid] as usize..self.lines[mid + 1] as usize - 1];
            match line.cmp(w.as_bytes()) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        false
    }
}

/// Whether the lower-case form of `word` is in a set of lower-case words:
/// without an allocation when the word is ASCII (most are), and remembered
/// in `memo` then (see [`super::memo`]).
fn in_set(set: &WordSet, memo: &'static std::thread::LocalKey<SetMemo>, word: &str) -> bool {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        // ASCII stays valid UTF-8 when lower-cased.
        let look_up = |k: &[u8]| set.contains(std::str::from_utf8(k).unwrap_or_default());
        return memo.with(|m| m.borrow_mut().get_or(lower, look_up));
    }
    set.contains(&word.to_lowercase())
}

/// Given names (1990 US Census, public domain), sorted; see
/// gazetteer/README.md.
static FIRST_NAMES: &str = include_str!("../../gazetteer/first_names.txt");

/// Whether a word is a common given name.
pub fn is_first_name(word: &str) -> bool {
    static SET: WordSet = word_set!(FIRST_NAMES);
    thread_local! {
        static MEMO: SetMemo = SetMemo::new(super::memo::WordMemo::new());
    }
    in_set(&SET, &MEMO, word)
}

// ---------------------------------------------------------------------------
// The coverage report's missed-phrase finder.

/// Lower-case words that may sit inside a name between capitalised words.
#[rustfmt::skip]
pub const CONNECTORS: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "de", "del", "della", "di", "da", "dos", "das", "du", "des",
    "la", "le", "van", "von", "der", "den", "ul", "ud",
];

/// Romanized Arabic articles attached with a hyphen (`al-Bab`, `ash-Sham`).
#[rustfmt::skip]
pub const ARTICLES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "ed", "es", "er", "ul",
    "ud",
];

/// Head words after which "of" continues a name ("Gulf of Aden").
#[rustfmt::skip]
pub const OF_HEADS: &[&str] = &[
    "gulf", "bay", "sea", "strait", "straits", "isle", "isles", "island", "islands", "cape", "lake",
    "port", "republic", "kingdom", "emirate", "sultanate", "principality", "state", "province",
    "governorate", "mount", "valley", "plain", "plains", "territory", "city", "town", "district",
    "county", "vale", "horn", "sound", "mouth", "straits",
];

/// Capitalised words that are not names: function words, pronouns,
/// sentence adverbs, web furniture, and other common non-place words.
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "if", "in", "on", "at", "to", "of", "for", "from",
    "by", "with", "as", "is", "are", "was", "were", "be", "been", "being", "this", "that", "these",
    "those", "it", "its", "it's", "he", "she", "they", "we", "i", "you", "his", "her", "their",
    "our", "my", "your", "them", "us", "him", "me", "there", "here", "when", "where", "what",
    "which", "who", "whom", "whose", "why", "how", "all", "any", "some", "no", "not", "one", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "many", "most", "more", "much",
    "few", "other", "others", "another", "such", "after", "before", "during", "since", "until",
    "while", "although", "though", "because", "so", "then", "than", "also", "even", "yet", "still",
    "just", "only", "now", "however", "meanwhile", "moreover", "furthermore", "therefore", "thus",
    "hence", "according", "about", "over", "under", "between", "among", "into", "through", "across",
    "against", "without", "within", "despite", "like", "unlike", "last", "next", "first", "second",
    "third", "yesterday", "today", "tomorrow", "tonight", "earlier", "later", "instead", "indeed",
    "perhaps", "maybe", "yes", "please", "thanks", "thank", "hello", "oh", "well", "both", "each",
    "every", "neither", "either", "whether", "once", "whatever", "whoever", "never", "always",
    "nothing", "everyone", "someone", "anyone", "nobody", "everything", "something", "let", "do",
    "does", "did", "don't", "can", "could", "would", "should", "will", "may", "might", "must",
    "shall", "has", "have", "had", "having", "get", "got", "we're", "they're", "i'm", "you're",
    "he's", "she's", "there's", "that's", "what's", "let's", "isn't", "wasn't", "can't", "won't",
    "didn't", "doesn't", "read", "sign", "skip", "click", "share", "subscribe", "follow",
    "advertisement", "photo", "image", "video", "related", "copyright", "source", "sources",
    "update", "updated", "editor", "editing", "reporting", "writing", "additional", "story",
    "stories", "latest", "breaking", "exclusive", "opinion", "analysis", "comment", "comments",
    "report", "see", "also", "via", "god", "allah", "islam", "christmas", "easter", "ramadan",
    "eid", "internet", "covid", "coronavirus", "facebook", "twitter", "youtube", "google",
    "whatsapp", "instagram", "telegram", "tiktok", "ok", "am", "pm", "gmt", "utc", "mr", "mrs",
    "ms", "dr", "jr", "sr", "ii", "iii", "iv",
];

/// Words that make a phrase an organisation's or publication's name.
#[rustfmt::skip]
pub const ORG_WORDS: &[&str] = &[
    "army", "armies", "forces", "force", "front", "party", "institute", "institution", "university",
    "college", "academy", "school", "council", "ministry", "agency", "news", "times", "eye", "post",
    "group", "groups", "battalion", "battalions", "brigade", "brigades", "committee",
    "organisation", "organization", "company", "bank", "association", "union", "federation",
    "corporation", "corp", "inc", "ltd", "llc", "plc", "co", "foundation", "movement", "league",
    "club", "coalition", "alliance", "corps", "police", "court", "parliament", "assembly",
    "congress", "senate", "commission", "authority", "office", "department", "service", "services",
    "network", "channel", "tv", "radio", "airlines", "airways", "hospital", "centre", "center",
    "observatory", "society", "fund", "trust", "team", "media", "press", "journal", "herald",
    "tribune", "gazette", "telegraph", "daily", "monitor", "watch", "cabinet", "government",
    "administration", "guard", "guards", "navy", "militia", "regiment", "division", "unit", "units",
    "board", "bureau", "programme", "program", "project", "initiative", "summit", "conference",
    "forum", "festival", "award", "awards", "prize", "cup", "championship", "games", "olympics",
    "act", "bill", "law", "treaty", "accord", "accords", "agreement", "declaration", "charter",
    "reuters", "associated", "enterprises", "industries", "holdings", "group's", "studies",
    "research", "laboratory", "lab", "labs", "systems", "technologies", "technology", "software",
    "energy", "oil", "gas", "petroleum", "motors", "airline", "express", "mail", "today",
    "magazine", "review", "report", "online", "digital", "broadcasting", "broadcast", "television",
    "network's", "operation", "brotherhood", "jihad", "revolutionary", "democratic", "liberation",
    "resistance", "rebels", "insurgents", "mujahideen", "taskforce", "squad", "cell", "cells",
    "faction", "factions", "network", "shield", "spring", "storm", "peace", "show", "series",
    "film", "album", "book", "prize", "trophy", "league's", "fc", "united", "athletic", "rovers",
    "wanderers", "city's",
];

/// Lower-case nouns after "of" (or before a name) that give a place kind.
#[rustfmt::skip]
pub const KIND_BEFORE: &[&str] = &[
    "village", "villages", "town", "towns", "city", "cities", "province", "provinces", "region",
    "regions", "district", "districts", "governorate", "county", "counties", "state", "capital",
    "outskirts", "suburbs", "suburb", "countryside", "municipality", "neighbourhood",
    "neighborhood", "area", "areas", "camp", "island", "port", "heart", "centre", "center",
    "borough", "hamlet", "settlement", "prefecture", "oblast", "canton", "parish", "township",
    "community", "streets", "banks", "shores", "coast", "edge", "gates", "residents", "people",
    "mayor",
];

/// Lower-case words after a name that give a place kind.
#[rustfmt::skip]
pub const KIND_AFTER: &[&str] = &[
    "province", "provinces", "governorate", "district", "highway", "road", "region", "mountains",
    "mountain", "village", "town", "city", "border", "borders", "countryside", "airport", "county",
    "valley", "river", "area", "suburb", "neighbourhood", "neighborhood", "crossing", "camp",
    "municipality", "plain", "desert", "lake", "sea", "island", "port", "oblast", "prefecture",
    "canton", "peninsula", "state", "basin", "dam", "township", "borough", "hamlet", "riverbank",
    "countryside", "outskirts", "frontline", "front", "checkpoint", "enclave", "pocket", "region's",
    "residents", "area's", "coast", "gulf", "bay", "strait", "straits", "suburbs", "slum", "slums",
];

/// Lower-case nouns directly before a name that give its kind ("the
/// island Rügen", "Nairobi slum Kibera").
#[rustfmt::skip]
pub const KIND_APPOSITIVE: &[&str] = &[
    "capital", "village", "town", "city", "province", "island", "district", "county", "region",
    "suburb", "neighbourhood", "neighborhood", "slum", "camp", "township", "municipality",
    "governorate", "hamlet", "settlement", "port", "resort", "oblast", "prefecture",
];

/// Capitalised head words that end a place name ("Nuba Mountains").
#[rustfmt::skip]
pub const HEADS_IN: &[&str] = &[
    "province", "governorate", "district", "county", "region", "city", "mountains", "mountain",
    "highway", "road", "airport", "valley", "river", "lake", "sea", "island", "islands", "bay",
    "gulf", "strait", "peninsula", "desert", "plain", "plains", "heights", "hills", "crossing",
    "dam", "camp", "border", "village", "town", "oblast", "basin", "canyon", "falls", "springs",
    "beach", "harbour", "harbor", "creek", "park", "forest", "reservoir", "canal", "coast",
    "township", "borough", "parish", "square", "street", "avenue", "bridge", "port", "wood",
    "woods", "marsh", "glacier", "delta", "oasis", "pass", "ridge", "peak", "range",
];

/// Capitalised words that end the name of a building or site ("Al-Shifa
/// Hospital", "Umayyad Mosque"): places at street level.
#[rustfmt::skip]
pub const FACILITIES: &[&str] = &[
    "hospital", "clinic", "church", "mosque", "cathedral", "temple", "synagogue", "shrine",
    "museum", "library", "stadium", "arena", "hotel", "mall", "market", "bazaar", "souk", "prison",
    "jail", "palace", "castle", "citadel", "fortress", "tower", "station", "terminal", "base",
    "barracks", "cemetery", "monastery", "convent", "mausoleum", "tomb", "theatre", "theater",
];

/// Generic first words of romanized Arabic and Turkish place names.
#[rustfmt::skip]
pub const NAME_PREFIXES: &[&str] = &[
    "kafr", "kfar", "kefr", "tell", "tel", "tal", "tall", "jisr", "deir", "dayr", "ain", "ayn",
    "ein", "ras", "khan", "maarat", "maarrat", "marat", "jabal", "jebel", "jabel", "wadi", "bab",
    "beit", "bayt", "beyt", "umm", "qasr", "qalaat", "qalat", "marj", "bir", "bint", "sheikh",
    "kafar", "hisn", "khirbet", "khirbat", "tall", "nahr", "birket", "mazraat", "dar", "darat",
    "qaryat", "souq", "suq", "madinat", "hay", "haret", "harat",
];

/// Endings of Turkish, Persian, Central Asian and other place names.
#[rustfmt::skip]
pub const NAME_SUFFIXES: &[&str] = &[
    "köy", "koy", "kent", "abad", "stan", "iyah", "iyeh", "iya", "iye", "ville", "burg", "bourg",
    "grad", "pur", "pura", "shahr", "dağ", "dag", "hisar", "öz", "ova", "gorod", "sk",
];

/// Prepositions that often precede a place, strong cues (the coverage
/// report's; the resolver has [`LOCATIVES`]).
#[rustfmt::skip]
pub const PREP_STRONG: &[&str] = &[
    "in", "near", "outside", "around", "across", "towards", "toward", "throughout", "between",
    "inside", "within", "nearby", "along", "beyond", "surrounding",
];

/// Prepositions and verbs that often precede a place, weak cues.
#[rustfmt::skip]
pub const PREP_WEAK: &[&str] = &[
    "from", "at", "to", "into", "via", "through", "reach", "reached", "entered", "captured",
    "seized", "shelled", "bombed", "struck", "targeted", "fled", "visited", "visit", "leaving",
    "left", "toward", "onto", "past", "off", "bound",
];

/// Adjective and demonym endings ("Kurdish", "Syrians", "Lebanese").
#[rustfmt::skip]
pub const ADJ_SUFFIXES: &[&str] = &[
    "ian", "ians", "ese", "ish", "ic", "ean", "eans", "ist", "ists",
];

/// Words that start a place name ("Mount", "Lake", "Boulevard"), with the
/// weight of that evidence.
#[rustfmt::skip]
pub const HEAD_FIRST: &[(&str, f64)] = &[
    ("mount", 2.0), ("mt", 2.0), ("lake", 2.0), ("fort", 2.0), ("ft", 1.5), ("port", 2.0),
    ("cape", 2.0), ("gulf", 2.0), ("isle", 2.0), ("boulevard", 2.0), ("rue", 2.0), ("avenue", 1.5),
    ("lac", 2.0), ("rio", 1.5), ("monte", 1.5), ("camp", 1.5), ("san", 1.0), ("santa", 1.0),
    ("sao", 1.0), ("são", 1.0), ("saint", 1.0), ("st", 1.0), ("sainte", 1.0), ("ste", 1.0),
    ("upper", 1.0), ("lower", 1.0), ("greater", 1.0),
];

/// Whether a word (any case) can stand before a place's name as part of it
/// or as its kind: a compass word, a place-name head ([`HEAD_FIRST`],
/// [`OF_HEADS`], [`NAME_PREFIXES`]: "Fort", "Upper", "Tel"), or the head of
/// a facility or an organisation named after the place ([`FEATURE_HEADS`],
/// [`ORG_HEADS`]: "University Hospital Galway"). Not a given name, then.
pub fn place_name_lead(w: &str) -> bool {
    super::text::with_lower(w, |lw| {
        is_direction(lw)
            || HEAD_FIRST.iter().any(|(h, _)| *h == lw)
            || [OF_HEADS, NAME_PREFIXES, FEATURE_HEADS, ORG_HEADS]
                .iter()
                .any(|list| list.contains(&lw))
    })
}

/// Road words that take a number ("Highway 403", "Route 66").
#[rustfmt::skip]
pub const ROAD_HEADS: &[&str] = &[
    "highway", "route", "road", "interstate", "hwy", "rd", "motorway", "autoroute", "expressway",
    "freeway", "exit",
];

/// Capitalised phrases next to each other in a list ("A, B and C").
pub const LIST_WORDS: &[&str] = &["and", "or", "&"];

/// Prepositions other than the locatives that a cue reads before a name
/// ("the road for Aleppo", "the mayor of X"): `List::OtherPreposition`.
pub const OTHER_PREPOSITIONS: &[&str] = &["for", "of", "by", "with"];

#[cfg(test)]
mod tests {

    #[test]
    fn a_relative_location_after_a_name() {
        fn at(text: &str) -> Option<&str> {
            let end = text.find("Edmonton").unwrap() + "Edmonton".len();
            relative_location_after(text, end).map(|i| &text[i..])
        }
        assert_eq!(at("in Edmonton, south of Cairns."), Some("Cairns."));
        assert_eq!(at("in Edmonton south of Cairns"), Some("Cairns"));
        assert_eq!(
            at("Edmonton, 35 miles south-east of Cairns"),
            Some("Cairns")
        );
        assert_eq!(at("Edmonton, 12.5 km North of Cairns"), Some("Cairns"));
        assert_eq!(at("Edmonton, the south of Cairns"), None);
        assert_eq!(at("Edmonton, 35 yards south of Cairns"), None);
        assert_eq!(at("Edmonton, southern of Cairns"), None);
        assert_eq!(at("Edmonton, south of"), None);
        assert_eq!(at("Edmonton"), None);
    }
    use super::*;

    /// Words that lead a place's name or head a facility's or an
    /// organisation's, in any case; not given names.
    #[test]
    fn place_name_leads() {
        for w in [
            "Fort",
            "WEST",
            "Northern",
            "Upper",
            "Tel",
            "Hospital",
            "University",
        ] {
            assert!(place_name_lead(w), "{w}");
        }
        for w in ["Mitt", "Pepper", "Time", "Wood"] {
            assert!(!place_name_lead(w), "{w}");
        }
    }

    /// Function words and auxiliaries in any case; not names.
    #[test]
    fn function_words_and_auxiliaries() {
        for w in ["At", "the", "Will", "HAS"] {
            assert!(is_function_word_or_auxiliary(w), "{w}");
        }
        for w in ["Xi", "Bob", "police"] {
            assert!(!is_function_word_or_auxiliary(w), "{w}");
        }
    }

    /// The appositive lists are sorted (binary-searched) and share no word,
    /// and a place's own kind noun is in neither.
    #[test]
    fn non_place_appositives() {
        assert!(NON_PLACE_APPOSITIVES.is_sorted() && PERSON_APPOSITIVES.is_sorted());
        for w in NON_PLACE_APPOSITIVES {
            assert_eq!(non_place_appositive(w), Some(false), "{w}");
        }
        for w in PERSON_APPOSITIVES {
            assert_eq!(non_place_appositive(w), Some(true), "{w}");
        }
        for w in KIND_APPOSITIVE
            .iter()
            .chain(["Company", "label", "rival"].iter())
        {
            assert_eq!(non_place_appositive(w), None, "{w}");
        }
    }

    /// A weekday or month abbreviation before a number or a month is a
    /// date; before another word, or glued to the next, it is not.
    #[test]
    fn an_abbreviation_in_a_date() {
        for (word, rest) in [
            ("Mon", ", Aug 19, 2002 at 03:08"),
            ("Mon", ", 2 Sep 2002"),
            ("Mar", " 3, 2017"),
            ("SAT", ". 5 March"),
        ] {
            assert!(abbreviation_in_date(word, rest), "{word}{rest}");
        }
        for (word, rest) in [
            ("Mar", " del Plata"),
            ("Mon", " State"),
            ("Mon", ",2002"),
            ("Mon", ""),
            ("Mon", " Day"),
            ("Bath", ", 2 Sep"),
        ] {
            assert!(!abbreviation_in_date(word, rest), "{word}{rest}");
        }
    }

    /// Directions before a name: capitalised words and abbreviations in
    /// capitals; not lower-case adjectives, glued letters, a single letter
    /// without its full stop, nor a middle initial.
    #[test]
    fn a_direction_before_a_name() {
        fn at(text: &str, name: &str) -> Option<DirectionBefore> {
            direction_before(text, text.find(name).unwrap())
        }
        type Written<'t> = Option<(&'t str, Option<(&'static str, &'static str)>)>;
        fn written<'t>(text: &'t str, name: &str) -> Written<'t> {
            at(text, name).map(|d| (&text[d.start..d.end], d.written_out))
        }
        assert_eq!(
            written("Rain in W. Farland", "Farland"),
            Some(("W.", Some(("West", "Western"))))
        );
        assert_eq!(
            written("Rain in SE Farland", "Farland"),
            Some(("SE", Some(("Southeast", ""))))
        );
        assert_eq!(
            written("Warnings in S. #FL", "FL"),
            Some(("S.", Some(("South", "Southern"))))
        );
        assert_eq!(
            written("Western Farland", "Farland"),
            Some(("Western", None))
        );
        assert_eq!(
            written("(South-East Farland)", "Farland"),
            Some(("South-East", None))
        );
        assert_eq!(written("In W. Farland", "Farland").map(|w| w.0), Some("W."));
        for (text, name) in [
            ("rain in northern Farland", "Farland"),
            ("rain in W Farland", "Farland"),
            ("the NEW Farland", "Farland"),
            ("George W. Farland", "Farland"),
            ("Northward Farland", "Farland"),
            ("Rain in West  Farland", "Farland"),
            ("Farland", "Farland"),
        ] {
            assert_eq!(at(text, name), None, "{text}");
        }
    }

    /// Every list is lower-case: callers lower-case before they look up.
    #[test]
    fn lists_are_lower_case() {
        let lists: &[&[&str]] = &[
            CALENDAR,
            DATE_ABBREVIATIONS,
            TITLES,
            OFFICE_WORDS,
            PERSON_TITLES,
            HONORIFICS,
            TITLE_ABBREVIATIONS,
            DETERMINERS,
            NAME_PARTICLES,
            SPEECH_VERBS,
            MORE_SPEECH_VERBS,
            GIVEN_NAMES,
            COMPASS_POINTS,
            COMPASS_ADJECTIVES,
            COMPASS_HYPHENATED,
            POSITION_WORDS,
            ORG_HEADS,
            FEATURE_HEADS,
            DISEASE_HEADS,
            LOCATIVES,
            CONNECTORS,
            ARTICLES,
            OF_HEADS,
            STOP_WORDS,
            ORG_WORDS,
            KIND_BEFORE,
            KIND_AFTER,
            KIND_APPOSITIVE,
            HEADS_IN,
            FACILITIES,
            NAME_PREFIXES,
            NAME_SUFFIXES,
            PREP_STRONG,
            PREP_WEAK,
            ADJ_SUFFIXES,
            ROAD_HEADS,
            LIST_WORDS,
            BOUND_PREFIXES,
        ];
        for list in lists {
            for w in *list {
                assert_eq!(*w, w.to_lowercase(), "{w}");
            }
        }
    }

    /// The split lists keep the resolver's sets and the coverage report's
    /// sets apart where they differ.
    #[test]
    fn resolver_and_coverage_sets() {
        assert!(
            TITLE_ABBREVIATIONS
                .iter()
                .all(|w| is_dotted_abbreviation(w))
        );
        assert!(!TITLE_ABBREVIATIONS.contains(&"st") && !TITLE_ABBREVIATIONS.contains(&"mt"));
        // Titles: "Foreign Minister" for the resolver only; "Judge" for the
        // coverage report only.
        assert!(is_title("foreign") && !is_person_title("foreign"));
        assert!(is_person_title("judge") && !is_title("judge"));
        assert!(is_title("mayor") && is_person_title("mayor"));
        // Calendar: "Mar" is a calendar word for the coverage report only.
        assert!(is_date_word("mar") && !CALENDAR.contains(&"mar"));
        assert!(is_date_word("march") && CALENDAR.contains(&"march"));
        // Directions: positions for the resolver, hyphenated points for the
        // coverage report.
        assert!(is_compass_word("Central") && !is_direction("central"));
        assert!(is_direction("south-west") && !is_compass_word("south-west"));
        assert!(is_compass_word("WEST") && is_direction("west"));
        // Speech verbs: the resolver's are the coverage report's too.
        assert!(SPEECH_VERBS.iter().all(|w| is_speech_verb(w)));
        assert!(is_speech_verb("tweeted") && !SPEECH_VERBS.contains(&"tweeted"));
    }

    #[test]
    fn dictionaries() {
        assert!(is_common_word("Bread") && !is_common_word("Aleppo"));
        // The ASCII path and the Unicode path agree; long words too.
        assert!(is_common_word("BREAD") && is_common_word("bread"));
        assert!(!is_common_word("") && !is_common_word("bread "));
        assert!(!is_common_word(&"a".repeat(40)));
        assert!(!is_common_word("Brëad"));
        assert!(is_first_name("John") && !is_first_name("bread"));
    }

    #[test]
    fn each_dictionary_remembers_its_own_answers() {
        // The same key asked of both sets, alternately and again: each set
        // answers for itself, remembered or not.
        for _ in 0..2 {
            for (w, common, first) in [("table", true, false), ("Xavier", false, true)] {
                assert_eq!(is_common_word(w), common, "{w}");
                assert_eq!(is_first_name(w), first, "{w}");
            }
        }
    }

    #[test]
    fn every_dictionary_word_is_found_in_any_case() {
        for (file, found) in [
            (COMMON_WORDS, is_common_word as fn(&str) -> bool),
            (FIRST_NAMES, is_first_name),
        ] {
            let words: Vec<&str> = (file.lines())
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .collect();
            assert!(words.len() > 1000);
            assert!(words.is_sorted(), "a dictionary file is out of order");
            for w in words {
                assert!(found(w) && found(&w.to_uppercase()), "{w}");
                assert!(!found(&format!("{w}qx")), "{w}qx");
            }
        }
        const SMALL: WordSet = word_set!("# c\n# d\na\nab\nb\nbé\nbéa\nc");
        assert_eq!(SMALL.starts[usize::from(b'b') << 8], 2);
        assert_eq!(SMALL.starts[(usize::from(b'b') << 8) + 1], 3);
        assert_eq!(SMALL.lines, [0, 2, 5, 7, 11, 16, 18]);
        assert!(
            ["a", "ab", "b", "bé", "béa", "c"]
                .iter()
                .all(|w| SMALL.contains(w))
        );
        assert!(
            !["", "# c", "# d", "aa", "ba", "bb", "cc"]
                .iter()
                .any(|w| SMALL.contains(w))
        );
        const EMPTY: WordSet = word_set!("# only a comment\n");
        assert!(!EMPTY.contains("") && !EMPTY.contains("a"));
        // The last line with its new line, and a one-word file.
        const ENDED: WordSet = word_set!("a\nb\n");
        assert!(ENDED.contains("a") && ENDED.contains("b") && !ENDED.contains("b\n"));
        const ONE: WordSet = word_set!("ab");
        assert!(ONE.contains("ab") && !ONE.contains("a") && !ONE.contains("abc"));
    }

    #[test]
    fn a_locative_before_a_name() {
        assert!(ends_with_locative("a riot in ") && ends_with_locative("In "));
        assert!(ends_with_locative("(near ") && ends_with_locative("#from "));
        // Not glued, not after two spaces, not another word ("Tin").
        assert!(!ends_with_locative("in") && !ends_with_locative("in  "));
        assert!(!ends_with_locative("Tin ") && !ends_with_locative("the "));
        assert!(!ends_with_locative("") && !ends_with_locative(" "));
        assert!(!ends_with_locative("throughoutly "));
    }

    #[test]
    fn a_title_is_read_across_its_full_stop() {
        let at = |t: &str, name: &str| {
            title_before_full_stop(t, t.find(name).unwrap()).map(str::to_owned)
        };
        assert_eq!(at("Police found Mr. Smith", "Smith"), Some("Mr".to_owned()));
        assert_eq!(at("(Lt. Smith)", "Smith"), Some("Lt".to_owned()));
        assert_eq!(at("Sen. Smith", "Smith"), Some("Sen".to_owned()));
        // A name's suffix may end a sentence; a lower-case word is no
        // title; "St." and "No." are no titles; a word must stand before.
        assert_eq!(at("Martin Luther King Jr. Smith", "Smith"), None);
        assert_eq!(at("the col. Smith", "Smith"), None);
        assert_eq!(at("St. Louis", "Louis"), None);
        assert_eq!(at("No. Smith", "Smith"), None);
        assert_eq!(at("Mr Smith", "Smith"), None);
        assert_eq!(at(". Smith", "Smith"), None);
        // The function's length bound holds every abbreviation.
        assert!(TITLE_ABBREVIATIONS.iter().all(|t| t.len() <= 4));
        assert!(TITLE_ABBREVIATION_PLURALS.iter().all(|t| t.len() <= 5));
        assert_eq!(at("Sens. Murray", "Murray"), Some("Sens".to_owned()));
        // Every plural is an abbreviation with an "s".
        for p in TITLE_ABBREVIATION_PLURALS {
            let one = p.strip_suffix('s').unwrap();
            assert!(TITLE_ABBREVIATIONS.contains(&one), "{p}");
        }
    }
}
