//! Recognition: is a found name a place mention at all? The rules that say
//! a name is a common word or part of a person's name ([`Rule`]) and what
//! the person-name lexicon, the casing and the support in the text say are
//! features of one logistic model ([`RecognitionWeights`]); the name stays
//! a place mention when its score is at least 0.
//!
//! The hand-set weights (a bias of 2, every rule -4, the rest 0) are the
//! rules as they were written: any rule that fires excludes the name. Some
//! cues added later carry a prior of their own, the third value of each
//! row of the table below: -4 like a rule for a lower-case function word,
//! a capitalised function word, an elongated word, a company's legal form
//! after a name, initials before or after the name, "the" before common nouns only
//! and a bound prefix before a hyphen; +2 for a place noun after the name;
//! -1.5 per unit for a given name before a surname (and for the person
//! cues of major places: a given name before a nation's or a big city's
//! name, a nation's name before a surname, a name written earlier after a
//! given name); -2 for a lower-case
//! common word through an alternate name; -1 for a name news rarely uses
//! as a place, reached through an alternate name, for a person's name
//! reached only through doubled-letter folding and for a name cut by an
//! ellipsis, and per unit for a word the news writes mostly inside longer
//! names. The trainer's pull
//! towards the hand-set weights would otherwise hold evidence that fires
//! on a few dozen names near 0.
//! `geomention train` learns them with the sense weights.

use crate::gazetteer::{FormKind, PlaceRef};
use crate::matcher::Candidate;

use super::surface::SurfaceFacts;

macro_rules! recognition_features {
    ($($(#[doc = $doc:literal])* $name:ident = $key:literal, $hand:expr;)*) => {
        /// One piece of evidence on whether a name is a place mention.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Cue {
            $($(#[doc = $doc])* $name,)*
        }

        impl Cue {
            /// Every cue, in table order.
            pub const ALL: &'static [Cue] = &[$(Cue::$name,)*];

            /// The cue's name in the weights file.
            pub fn key(self) -> &'static str {
                match self {
                    $(Cue::$name => $key,)*
                }
            }

            fn hand_set(self) -> f64 {
                match self {
                    $(Cue::$name => $hand,)*
                }
            }
        }
    };
}

recognition_features! {
    /// Always 1: the model's intercept.
    Bias = "recognize_bias", 2.0;
    /// Rule: a month, weekday or holiday name.
    Calendar = "rule_calendar", -4.0;
    /// Rule: a common word at the start of a sentence.
    CommonInitial = "rule_common_word_sentence_start", -4.0;
    /// Rule: a common word naming a place the text does not support.
    CommonUnsupported = "rule_common_word_unsupported", -4.0;
    /// Rule: a common word after a determiner or possessive ("the Union",
    /// "our Union") naming a town, a small city, a county or another minor
    /// place.
    CommonAfterDeterminer = "rule_common_word_after_determiner", -4.0;
    /// Rule: a small town the text does not support.
    SmallUnsupported = "rule_small_place_unsupported", -4.0;
    /// Rule: after an honorific ("Mr", "Dr"), a title abbreviation
    /// written with its full stop ("Mr.", "Lt.", "Sen.") or a title written
    /// out with a capital ("President", "General").
    Honorific = "rule_after_honorific", -4.0;
    /// Rule: before a speech verb ("said").
    SpeechVerb = "rule_before_speech_verb", -4.0;
    /// Rule: a capitalised name-like word before it.
    NameBefore = "rule_name_before", -4.0;
    /// Rule: a capitalised name-like word after it.
    NameAfter = "rule_name_after", -4.0;
    /// log10(1 + per-million frequency as a given name) of a one-word name
    /// of a minor place (a major place's name is not weighed against the
    /// person-name lexicon: "Paris", "Jordan").
    GivenName = "lexicon_given_name", 0.0;
    /// log10(1 + per-million frequency as a surname) of a one-word name
    /// of a minor place.
    Surname = "lexicon_surname", 0.0;
    /// log10(1 + given-name frequency) of a capitalised word right before.
    GivenBefore = "lexicon_given_name_before", 0.0;
    /// The name is written in lower case.
    LowerCase = "lower_case", 0.0;
    /// The name is written in capitals.
    Capitals = "all_capitals", 0.0;
    /// The name is written in capitals and heads a story as its dateline
    /// ([`crate::lexicon::text::dateline`]: "CAIRO (AP) —", "SANAA, Yemen
    /// —", a line that starts "NEW YORK —"): wire copy names the place the
    /// story was filed from there.
    Dateline = "dateline", 0.0;
    /// The place is major (not a town, or a city of 100,000 or more).
    Major = "major_place", 0.0;
    /// The text supports the place (near or inside other places it names).
    Supported = "supported", 0.0;
    /// The name is the place's main name, not an alternate name.
    MainName = "main_name_form", 0.0;
    /// The name is one word.
    OneWord = "one_word", 0.0;
    /// log10(1 + the larger of the given-name and surname frequencies)
    /// when the place is minor and the text does not support it.
    PersonMinor = "lexicon_person_minor_unsupported", 0.0;
    /// A locative preposition comes right before the name ("in Glasgow",
    /// "near Homs").
    Locative = "after_locative", 0.0;
    /// The name is a hashtag ("#Nigeria").
    Hashtag = "hashtag", 0.0;
    /// A title or role comes right before the name ("President", "Sen.",
    /// "coach").
    TitleBefore = "title_before", 0.0;
    /// The place is minor and the name is followed by an auxiliary or
    /// finite verb ("X has said", "X is arming").
    VerbAfterMinor = "minor_before_verb", 0.0;
    /// The place is minor and the name is possessive ("X's").
    PossessiveMinor = "minor_possessive", 0.0;
    /// The name matched only because doubled letters are folded: it spells
    /// none of the place's forms as written, but one of them once doubled
    /// letters are made single ("Holliday" for "Holiday", "room" for
    /// "Rom").
    DoubledFold = "doubled_letter_fold", 0.0;
    /// The name is written in lower case and is not the place's main name
    /// (a lower-case word matched through an alternate name).
    LowerAlternate = "lower_case_alternate", 0.0;
    /// How famous a one-word name of a minor place is as a person's name
    /// in an unannotated news corpus, when nothing in the text speaks for
    /// the place (not supported, no locative before it, not a hashtag):
    /// person / (person + place + 1) documents times log10(1 + person
    /// documents) ([`crate::lexicon::names::news_usage`]; "Obama",
    /// "Durant").
    NewsPerson = "news_person_famous", 0.0;
    /// person / (person + place + 1) documents alone, when
    /// [`Cue::NewsPerson`] is weighed: with it, the model learns how
    /// famous a person's name must be to outweigh a minor place.
    NewsPersonShare = "news_person_share", 0.0;
    /// The name is written in lower case and is an English function word
    /// (an article, pronoun, preposition, conjunction or auxiliary:
    /// [`crate::lexicon::words::FUNCTION_WORDS`]): "there was an
    /// earthquake" does not name Ann.
    FunctionWord = "lower_case_function_word", -4.0;
    /// A noun that a place name modifies comes right after the name
    /// ("Ferguson police", "Kiev protests", "Boston residents":
    /// [`crate::lexicon::words::PLACE_NOUNS`]): local evidence for the place
    /// that a person's name rarely has.
    PlaceNounAfter = "place_noun_after", 2.0;
    /// A given name followed by a capitalised surname ("Michael Brown",
    /// "Douglas Booth"): the smaller of log10(1 + the name's given-name
    /// frequency) and log10(1 + the next word's surname frequency), for
    /// any place but a nation, unless the next word can mean a major place.
    GivenThenSurname = "given_name_before_surname", -1.5;
    /// The name is an upper-case US state or Canadian province postal code
    /// or a big city's initials written on its own ("fires in CA", "NYC";
    /// [`crate::lexicon::codes::standalone_code`]).
    Code = "standalone_code", 0.0;
    /// A standalone code whose lower-case form is a common English word
    /// ("IN", "OR", "ME", "OK", "HI").
    CodeCommonWord = "standalone_code_common_word", 0.0;
    /// A standalone postal code right after the name of a place inside
    /// its unit, with or without a comma ("Kingsport TN", "Moore, OK"; not
    /// "Thomas Frieden, MD").
    CodeAfterPlace = "standalone_code_after_place", 0.0;
    /// A standalone code that ends a phrase: punctuation, a line break or
    /// the end of the text right after it ("in CA.", "NJ, then").
    CodeEndsPhrase = "standalone_code_ends_phrase", 0.0;
    /// A standalone code right after a copula or auxiliary ("is OK",
    /// "I'm OK"): a predicate, not a place.
    CodeAfterVerb = "standalone_code_after_verb", 0.0;
    /// A standalone code right before a capitalised word ("SK Sharif",
    /// "BC Hydro"): initials or a modifier of a name.
    CodeBeforeName = "standalone_code_before_name", 0.0;
    /// How much more often an unannotated news corpus writes a one-word
    /// name capitalised than after "in", "near", "outside", "across" or
    /// "around" ([`crate::lexicon::names::NewsUsage::rarely_place`]: "Obama"
    /// 2.9, "Hamas" 1.6, "Aleppo" 0.26), for a name that would resolve to a
    /// city, town, county or other minor kind of place, when no locative
    /// comes before it and it is not a hashtag: the news uses it mostly as a
    /// person's or an organisation's name.
    NewsRarelyPlace = "news_rarely_place", 0.0;
    /// [`Cue::NewsRarelyPlace`] again when the name is not the place's main
    /// name: a word the news rarely uses as a place that matched through
    /// an alternate name ("Hamas", an alternate name of Hamm).
    NewsRarelyPlaceAlternate = "news_rarely_place_alternate", -1.0;
    /// How much more often the news writes the one-word name inside a
    /// longer capitalised name than on its own
    /// ([`crate::lexicon::names::NewsUsage::fragment`]: "Santa" 1.02, of
    /// "Santa Barbara" and "Santa Claus"), under the conditions of
    /// [`Cue::NewsRarelyPlace`]: alone, such a word is more often a piece
    /// of another name, or a short form of a person's or a thing's, than
    /// the small place it spells.
    NewsFragment = "news_fragment", -1.0;
    /// The name is one of several words of a hashtag's body ("Gaza" in
    /// "#PrayForGaza", "Michael" in "#MichaelBrown"; found by
    /// [`crate::lexicon::hashtags`]): the hashtag may be about something
    /// else the place names, or the word may be part of a person's name.
    HashtagPart = "hashtag_part", 0.0;
    /// The name is an English function word written with a capital
    /// ([`crate::lexicon::words::FUNCTION_WORDS`]): capitalised right
    /// before a lower-case word ("An earthquake hit": an article heading a
    /// phrase), or in capitals inside a run of words in capitals, after a
    /// word that is not "the" or a locative ("PLEASE HELP US WITH THIS":
    /// the pronoun, not the country).
    CapitalFunctionWord = "capitalised_function_word", -4.0;
    /// The name has a letter three times in a row ("Sooooo", "Niiiice"):
    /// a word stretched for emphasis, as informal text writes it, that
    /// matched a place only once the doubled letters were folded.
    Elongated = "elongated_word", -4.0;
    /// The name is written in lower case, is a common English word
    /// (`gazetteer/common_words.txt`) and is not the place's main name: a
    /// lower-case word that matched an alternate name or another
    /// spelling ("door", "soul").
    LowerCommonAlternate = "lower_case_common_word_alternate", -2.0;
    /// A one-word name of a minor place (a town, or a city under 100,000)
    /// that matched through one of its alternate names, not its main
    /// name, when nothing in the text speaks for the place: not supported
    /// by other places, no locative before it, not a hashtag ("Haha" for
    /// Hakha, "Rest" for Rasht): the observation that most matches
    /// through an obscure alternate name are wrong, as one cue.
    MinorAlternateUnsupported = "minor_alternate_unsupported", 0.0;
    /// The name is written as a company's legal form ("Co", "Corp", "Ltd":
    /// [`crate::lexicon::words::COMPANY_ABBREVIATIONS`]), capitalised and
    /// not in capitals, right after a capitalised word or "&" ("Samsung
    /// Electronics Co", "Chanson & Co"): the end of a company's name.
    CompanyAbbreviation = "company_abbreviation_after_name", -4.0;
    /// A one-word name, not a nation's, right after a person's initials:
    /// a middle initial after a given name of the person-name lexicon
    /// ("John F. Kennedy", "George W. Bush") or two initials or more
    /// ("P. J. E. Peebles"). English writes a single capital letter with a
    /// full stop before a surname, not before a place.
    InitialsBefore = "initials_before", -4.0;
    /// The name is "the" followed only by lower-case common English words
    /// ("The bank", "the point", "the settlement": nicknames in a place's
    /// alternate names), not a nation: English capitalises a place's
    /// name, so the phrase is the common noun. Also the same phrase in
    /// title case ("The Bank of England": `title_noun_phrase`) when it
    /// is a town's alternate name, not its main name.
    CommonNounPhrase = "the_common_noun_phrase", -4.0;
    /// The name is an English bound prefix ("Co", "Anti", "Non":
    /// [`crate::lexicon::words::BOUND_PREFIXES`]) written with a hyphen
    /// right before a lower-case word ("Co-chair", "Anti-war"): the start
    /// of a compound word.
    PrefixBeforeHyphen = "prefix_before_hyphen", -4.0;
    /// log10(1 + the larger of the given-name and surname frequencies)
    /// when the name matched only through doubled-letter folding
    /// ([`Cue::DoubledFold`]) and is, as written, a person's name of the
    /// lexicon ("Joss" for Jos), whatever the place's size: the spelling
    /// is the person's, not the place's.
    DoubledFoldPerson = "doubled_letter_fold_person_name", -1.0;
    /// The name is written in lower case and means a city of fewer than a
    /// million people, which the matcher offers in lower case only after a
    /// locative preposition ("a riot in ferguson", "I live in klerksdorp";
    /// [`crate::lexicon::words::ends_with_locative`]).
    LowerCaseCity = "lower_case_city_after_locative", 0.0;
    /// The name runs straight into an ellipsis ("Musl...", "the Kho…") and
    /// means a minor place or is not the place's main name: a truncated
    /// text cut a longer word there ("Mosul", "Sochi" and "Ho" reached
    /// through the first letters of other words).
    CutByEllipsis = "cut_by_ellipsis", -1.0;
    /// A one-word name, not a nation's, that is a given name of the
    /// person-name lexicon followed by a person's initials and a surname
    /// of the lexicon ("George W. Bush", "George H.W. Bush", "Shira A.
    /// Scheindlin"): the mirror of [`Cue::InitialsBefore`]. Initials that
    /// spell a state's or province's postal code ("Washington D.C.
    /// Mayor") do not count.
    InitialsAfter = "initials_after", -4.0;
    /// log10(1 + the name's surname frequency) for a one-word name of a
    /// city of 100,000 or more that is not a national capital, before a
    /// verb of speech and not after a preposition ("Jackson said",
    /// "Houston told reporters"): the rule for minor places
    /// ([`Rule::SpeechVerb`]) leaves big cities alone, but a city that is
    /// also a common surname is mostly the person there; a capital
    /// standing for its government ("Moscow said") is not weighed.
    SurnameSpeechVerb = "major_city_surname_before_speech_verb", -1.0;
    /// A one-word name of a major place (a nation, a division, a city of
    /// 100,000 or more), written with a capital, right after a
    /// capitalised given name of the person-name lexicon across one space
    /// ("David Cameron", "Barbara Jordan", "Elizabeth Warren"): the smaller
    /// of log10(1 + the word before's given-name frequency) and log10(1 +
    /// the name's surname frequency). The word before does not count when
    /// it is a title, a month or a kind cue, a common word at the start of
    /// a sentence ("Will Europe"), or part of another major place's name
    /// ("Asia Pacific", "Kenya Ethiopia"). The minor-place rules
    /// ([`Rule::NameBefore`]) leave nations and big cities alone.
    GivenBeforeMajor = "given_name_before_major", -1.5;
    /// [`Cue::GivenThenSurname`] for a nation's name ("Jordan Henderson",
    /// "Chad Johnson"): a given name of the lexicon before a capitalised
    /// surname that is not a common English word ("Make America Great")
    /// and cannot mean a major place containing one of its senses.
    NationGivenThenSurname = "nation_given_name_before_surname", -1.5;
    /// A one-word name of a major place, capitalised and not itself after a given name,
    /// that the text wrote earlier right after a given name of the lexicon
    /// ("David Cameron met the press. Cameron said"): one sense per
    /// discourse for people. The smaller of log10(1 + that given name's
    /// frequency) and log10(1 + the name's surname frequency), for a major
    /// place (a minor place's later mentions already follow the person's
    /// name it was part of); the word before counts as for
    /// [`Cue::GivenBeforeMajor`].
    PersonNamedBefore = "person_named_before", -1.5;
    /// [`Cue::MinorAlternateUnsupported`] for a town, a city under 100,000
    /// people or a second-level division (not a landform or a region,
    /// whose alternate names are often the short form of its main one:
    /// "Korea" for the Korean Peninsula) and a name that is, as written,
    /// a word of the lexicons: a common English word
    /// (`gazetteer/common_words.txt`) or a given name or surname of the
    /// person-name lexicon ("Kill" for Kiel, "Mel" for Melo). English
    /// capitalises such a word at a sentence's start, in a title or as a
    /// person's name; reached through a minor place's alternate name with
    /// nothing in the text for the place, it is mostly that word. The
    /// capitalised counterpart of [`Cue::LowerCommonAlternate`], with its
    /// prior (-2).
    MinorAlternateLexiconWord = "minor_alternate_lexicon_word", -2.0;
    /// [`Cue::MinorAlternateUnsupported`] for a city of 100,000 people or
    /// more that is not a national capital: a one-word alternate name,
    /// not the city's main name, that nothing in the text speaks for (not
    /// supported by other places, no locative before it, not a hashtag)
    /// and that the unannotated news corpus never writes after a locative
    /// preposition (English names of big cities, "Cologne", "Bombay", are).
    /// A big city's alternate names include transliterations and
    /// spellings in other languages that are words or names in English
    /// ("Amen" for Amiens, "Hamas" for Hamm, "Syd" for Sydney); the
    /// minor-place cue leaves such cities alone.
    MajorCityAlternateUnsupported = "major_city_alternate_unsupported", 0.0;
    /// [`Cue::MajorCityAlternateUnsupported`] when the name is, as
    /// written, a word of the lexicons: a common English word
    /// (`gazetteer/common_words.txt`) or a given name or surname of the
    /// person-name lexicon ("Kill" for Kiel, "Carry" for Cary): the
    /// counterpart of [`Cue::MinorAlternateLexiconWord`], with its prior.
    MajorCityAlternateLexiconWord = "major_city_alternate_lexicon_word", -2.0;
    /// [`Cue::DoubledFold`] for a minor place (a town, a city under
    /// 100,000 people) that nothing in the text speaks for (not supported
    /// by other places, no locative before it, not a hashtag): a spelling
    /// that is none of the place's names, reached only by folding doubled
    /// letters, with nothing else for the place ("Digg" for Dig, "Lotta"
    /// for Lota). Its prior is that of [`Cue::DoubledFoldPerson`].
    DoubledFoldMinorUnsupported = "doubled_letter_fold_minor_unsupported", -1.0;
    /// A one-word name of a town, a city under 100,000 people or a
    /// second-level division that nothing in the text speaks for (not
    /// supported by other places, its country not named, no locative
    /// before it, not a hashtag) in a text that names another country or
    /// its people ("Obama" for the Japanese town in a text about Syria,
    /// "Kanye" for the Botswanan town in one about the United States): a
    /// story names the country of a small foreign place it means, or its
    /// places nearby, so the word is more likely a person's name or a
    /// common word. Its prior is that of the other unsupported minor-place
    /// cues ([`Cue::DoubledFoldMinorUnsupported`]).
    MinorCountryUnnamed = "minor_place_country_unnamed", -1.0;
    /// The name matched only through doubled-letter folding
    /// ([`Cue::DoubledFold`]) and is, as written, a common English word
    /// ("Some" for the Somme, "Holiday" for a Holliday):
    /// the spelling is the word's, whatever the place's size or support.
    /// Its prior is that of [`Cue::DoubledFoldPerson`].
    DoubledFoldCommonWord = "doubled_letter_fold_common_word", -1.0;
    /// For the names [`Cue::PersonNamedBefore`] reads, when the text
    /// wrote the same name elsewhere (before or after, within a long
    /// story's length) after a title that made it a person's ("Judge
    /// Garland", "Gen. Lee", "Mr Jordan"; the honorific rule's reading):
    /// log10(1 + the name's surname frequency). One sense per discourse
    /// for people, through their titles.
    PersonTitledInText = "person_titled_in_text", -1.5;
    /// A one-word name that is, as written, a common English word and
    /// spells its place's own name only once the name's diacritics are
    /// dropped ("God" for Göd, Hungary): the spelling is the word's. Its prior is
    /// that of [`Cue::DoubledFoldCommonWord`].
    DiacriticFoldCommonWord = "diacritic_fold_common_word", -1.0;
    /// Rule: a one-word name that is, as written, a common English word, for a
    /// minor place (a town, a city under 100,000 people, a second-level
    /// division or another minor kind) that nothing local in the text
    /// speaks for: no other place it names within 150 km or in the same
    /// first-level division, its division not named, no "X, Y", no kind
    /// cue, not cued elsewhere. Its country named, a place far away or a
    /// locative before it ("to Congress", "in Union") do not count: a
    /// story that means a small place of that name places it locally,
    /// while English capitalises such a word as an institution's or a
    /// body's name ("Congress", "the Union", "Federal"): the common-word
    /// rules' demand for support, made local for a minor place. A rule's
    /// prior (-4).
    CommonWordMinorNotLocal = "rule_common_word_minor_not_local", -4.0;
    /// A one-word name of a place that is not major (a town, a city under
    /// 100,000 people, a second-level division or a smaller kind: not
    /// `is_major`) right before a noun that a leader's name modifies,
    /// across a space or a hyphen ("the Obama administration", "an
    /// Obama-era rule", "the Nixon presidency":
    /// [`crate::lexicon::words::LEADER_NOUNS`]): the mirror of
    /// [`Cue::PlaceNounAfter`]. The prior of the other person cues (-1.5).
    LeaderNounAfter = "leader_noun_after", -1.5;
    /// [`Cue::NewsRarelyPlace`] again for a one-word name of a city of
    /// 100,000 people or more that is not a national capital, when the name
    /// is, as written, a word of the lexicons (a given name or surname of
    /// the person-name lexicon, or a common English word) and nothing in
    /// the text speaks for the city: no other place it names supports it,
    /// its country is not named, no locative comes before it and it is not
    /// a hashtag ("George" for George, South Africa, "Mary" for Mary,
    /// Turkmenistan, "Commonwealth" for the Philippine city). A big city's
    /// population outweighs what the lexicons and the news usage say
    /// against a minor place; with nothing in the text for the city, a
    /// person's name or a word that the news rarely writes as a place is
    /// mostly that name or word. For a name of the person-name lexicon that
    /// is no common word, the smaller of the news usage and log10(1 + the
    /// larger of its given-name and surname frequencies): the lexicon holds
    /// rare surnames that a city's name spells ("Liverpool"), and both must
    /// speak for the person; and none after "the", which English writes
    /// before no person's name ("the Bronx"). The prior of the other
    /// unsupported cues ([`Cue::MinorCountryUnnamed`]).
    NewsRarelyPlaceBigCityWord = "news_rarely_place_big_city_word", -1.0;
    /// A one-word alternate name of a place that is not a country or a
    /// continent (a name form, not the place's main name nor an
    /// abbreviation or code) that is, as written, a common given name or
    /// surname of the person-name lexicon
    /// ([`crate::lexicon::names::NameFreq::is_common`]): "Franklin" for El
    /// Paso, "Calhoun" for Clemson, "Karen" for Kayin State. GeoNames keeps
    /// a place's former and foreign names among its alternate names; a
    /// text writes the person's name far more often than such a name,
    /// whatever else it names nearby, so the text's support for the place
    /// does not lift the cue. A nation's English short names ("America",
    /// "Holland") are its people's own words and stay. The prior of
    /// [`Cue::MinorAlternateLexiconWord`] (-2).
    AlternateCommonPersonName = "alternate_common_person_name", -2.0;
    /// Rule: a lower-case noun right before the name, across one space,
    /// classes it as no place: a company, a club or team, a band, a
    /// publication, a vessel, a planet or a person by trade ("carmaker
    /// Toyota", "Spanish side Sevilla", "the ship Maine":
    /// [`crate::lexicon::words::NON_PLACE_APPOSITIVES`]). Not for a
    /// country, a continent or a first-level division, which English calls
    /// a "giant", a "side" or "champions" by metonymy ("export giants
    /// China and Germany", "champions France"): a country's team is still
    /// its country for a geoparser. A rule's prior (-4).
    NonPlaceNounBefore = "rule_non_place_noun_before", -4.0;
}

/// Whether `c` (written `surface`) names `best` only through name forms
/// (no abbreviation, code or demonym) and the surface is no word of the
/// main name ("Chilton" for Chilton County is its short form), and `best`
/// is no country or continent: what [`Cue::AlternateCommonPersonName`]
/// asks of a name that is not the place's main one.
fn alternate_name_of_a_place(surface: &str, c: &Candidate, best: &PlaceRef<'_>) -> bool {
    use crate::gazetteer::{FormKind, Kind};
    let nation = matches!(best.kind(), Kind::Country | Kind::Continent);
    let mut forms = c.entries.iter().filter(|e| e.place == Some(best.id));
    let short_form = (best.name().split([' ', '-'])).any(|w| w.eq_ignore_ascii_case(surface));
    !nation && !short_form && forms.all(|e| e.form_kind == FormKind::Name)
}

/// "a common English word; {kind} {name} ({country}) {what}": the reason of
/// the common-word rules that weigh the place's support.
fn common_word_place(p: &PlaceRef<'_>, what: &str) -> String {
    let (kind, name, cc) = (p.kind().as_str(), p.name(), p.country());
    [
        "a common English word; ",
        kind,
        " ",
        name,
        " (",
        cc,
        ") ",
        what,
    ]
    .concat()
}

/// Whether `p` is a city of 100,000 people or more that is not a national
/// capital (a capital's other names are its country's government's:
/// "Peking", "Kiev").
pub(super) fn big_city_not_capital(p: &PlaceRef<'_>) -> bool {
    super::big_city(p) && !super::local::is_capital(p.place_id())
}

/// Whether the unannotated news corpus writes the name after "in",
/// "near", "outside", "across" or "around" at all
/// ([`crate::lexicon::names::NewsUsage::strict_place`]): an English name
/// of a big city ("Cologne", "Frankfurt", "Bombay"), not a word or a
/// person's name that one of its alternate names spells.
fn news_place(f: &SurfaceFacts) -> bool {
    f.news.is_some_and(|u| u.strict_place > 0)
}

/// The number of recognition cues.
pub const R: usize = Cue::ALL.len();

/// A rule that says a name is not a place mention.
pub type Rule = Cue;

/// One weight per recognition cue.
#[derive(Debug, Clone, PartialEq)]
pub struct RecognitionWeights(pub [f64; R]);

impl RecognitionWeights {
    /// The rules as written: any rule that fires excludes the name.
    pub fn hand_set() -> RecognitionWeights {
        let mut w = [0.0; R];
        for c in Cue::ALL {
            w[*c as usize] = c.hand_set();
        }
        RecognitionWeights(w)
    }

    /// The weight of one cue.
    pub fn get(&self, c: Cue) -> f64 {
        self.0[c as usize]
    }
}

/// Why a rule fired, kept as data (slices of the text, the place) until a
/// verdict needs it in words ([`Reason::write`]): a rule that fires is the
/// reason written only when the model rules the name out and no earlier
/// rule is the reason, so no reason is formatted for the others.
#[derive(Debug, Clone)]
pub enum Reason<'a> {
    /// A reason in fixed words.
    Fixed(&'static str),
    /// A reason a rule wrote itself.
    Text(String),
    /// `part of a name ("{0} {1}")`: the name and its neighbour, in the
    /// text's order.
    PartOfName(&'a str, &'a str),
    /// `a person ("{0} {1}")`: a title or the name, then the name or the
    /// word after it.
    Person(&'a str, &'a str),
    /// `a person ("{title}. {name}")`: a title written with its full stop.
    PersonTitled(&'a str, &'a str),
    /// `a title abbreviation before a name ("{name}.")`.
    TitleAbbreviation(&'a str),
    /// A common word after a determiner (written in lower case) and the
    /// name.
    CommonAfterDeterminer(&'a str, &'a str),
    /// A common word whose place (kind, name, country) has no support in
    /// the text.
    CommonUnsupported(PlaceRef<'a>),
    /// A small place (name, country, population) with no support in the
    /// text.
    SmallUnsupported(PlaceRef<'a>),
    /// A common word whose minor place (kind, name, country) has no local
    /// support in the text.
    CommonNotLocal(PlaceRef<'a>),
    /// A noun that classes the name as an organisation's or a thing's
    /// ([`crate::lexicon::words::NON_PLACE_APPOSITIVES`]), and the name.
    NonPlaceNoun(&'a str, &'a str),
}

impl From<&'static str> for Reason<'_> {
    fn from(why: &'static str) -> Self {
        Reason::Fixed(why)
    }
}

impl From<String> for Reason<'_> {
    fn from(why: String) -> Self {
        Reason::Text(why)
    }
}

impl Reason<'_> {
    /// [`Reason::write`] in a block of its own length: a long text keeps
    /// one reason per name it rules out ([`Recognized`]), where a
    /// formatted `String`'s spare capacity would stay held.
    pub fn boxed(&self) -> Box<str> {
        match self {
            Reason::Fixed(why) => Box::from(*why),
            Reason::Text(why) => Box::from(why.as_str()),
            // (Written at its exact length: no copy to shrink it.)
            _ => self.write().into_boxed_str(),
        }
    }

    /// The reason in words, as the output writes it: its parts joined at
    /// their exact length (one allocation, no formatting machinery).
    pub fn write(&self) -> String {
        match *self {
            Reason::Fixed(why) => why.to_string(),
            Reason::Text(ref why) => why.clone(),
            Reason::PartOfName(a, b) => ["part of a name (\"", a, " ", b, "\")"].concat(),
            Reason::Person(a, b) => ["a person (\"", a, " ", b, "\")"].concat(),
            Reason::PersonTitled(title, name) => {
                ["a person (\"", title, ". ", name, "\")"].concat()
            }
            Reason::TitleAbbreviation(name) => {
                ["a title abbreviation before a name (\"", name, ".\")"].concat()
            }
            Reason::CommonAfterDeterminer(d, name) => crate::lexicon::text::with_lower(d, |d| {
                [
                    "a common English word after \"",
                    d,
                    "\" (\"",
                    d,
                    " ",
                    name,
                    "\")",
                ]
                .concat()
            }),
            Reason::CommonUnsupported(p) => common_word_place(&p, "has no support in the text"),
            Reason::CommonNotLocal(p) => common_word_place(
                &p,
                "has nothing local in the text (no place near it or in its division)",
            ),
            Reason::NonPlaceNoun(noun, name) => [
                "an organisation, a team, a vessel or a planet (\"",
                noun,
                " ",
                name,
                "\")",
            ]
            .concat(),
            Reason::SmallUnsupported(p) => {
                let mut population = String::new();
                super::why::push_decimal(&mut population, p.population());
                [
                    "a small place (",
                    p.name(),
                    ", ",
                    p.country(),
                    ", population ",
                    &population,
                    ") with no support in the text",
                ]
                .concat()
            }
        }
    }
}

/// What the rules and the lexicon say about one name.
#[derive(Debug, Clone)]
pub struct NameEvidence<'a> {
    /// The value of each cue.
    pub x: [f32; R],
    /// The rules that fired, in order, with their reason and whether they
    /// make the name a person's.
    pub fired: Vec<(Rule, Reason<'a>, bool)>,
    /// Whether the model applies (a toponym without a kind cue).
    pub applies: bool,
    /// Why a filter applied before the model rules the name out (it is
    /// inside a web address, an e-mail address or an @handle; or it is a
    /// postal code with no place of its unit or locative before it): it
    /// overrides the model's verdict, while training still reads the
    /// name's cues as they are without it.
    pub filtered: Option<&'static str>,
    /// Why the name is no place mention when the model finds it one (a
    /// filter that yields to the model's own verdict, so that a person's
    /// name the model finds keeps its reason and its weight in the text:
    /// the news-word filter of `Resolver::news_word_filter`). Not weighed;
    /// training reads the name's cues as they are without it, as for
    /// [`NameEvidence::filtered`].
    pub unless_excluded: Option<&'static str>,
    /// Whether the evidence read the sense's local support
    /// ([`Cue::CommonWordMinorNotLocal`]): when it did not, the answer
    /// holds whatever that support is.
    pub reads_local: bool,
}

impl Default for NameEvidence<'_> {
    fn default() -> Self {
        let mut x = [0.0; R];
        x[Cue::Bias as usize] = 1.0;
        NameEvidence {
            x,
            fired: Vec::new(),
            applies: false,
            filtered: None,
            unless_excluded: None,
            reads_local: false,
        }
    }
}

/// What later stages read of a name's [`NameEvidence`] once the model has
/// judged it: a compact record (the cue array and the fired rules' reasons
/// are dropped), so that a long text can keep one per anchor name.
#[derive(Debug, Clone)]
pub struct Recognized {
    /// Whether the model applies (see [`NameEvidence::applies`]).
    pub applies: bool,
    /// [`NameEvidence::verdict`] under the weights it was settled with.
    pub verdict: Option<(Box<str>, bool)>,
    /// The cue values, kept only when asked for (to record them for
    /// training) and the model applies.
    pub x: Option<Box<[f32; R]>>,
    /// [`NameEvidence::reads_local`].
    pub reads_local: bool,
}

/// The letters and digits of an ASCII `s`, lower case.
fn ascii_key(s: &str) -> impl Iterator<Item = u8> + Clone + '_ {
    s.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
}

/// `key` with each run of one repeated byte made single.
fn single_letters(key: impl Iterator<Item = u8>) -> impl Iterator<Item = u8> {
    let mut prev = None;
    key.filter(move |&b| prev.replace(b) != Some(b))
}

/// The letters and digits of a form, lower case, with each non-ASCII
/// character folded as the normalizer folds it on its own ("Dīg" -> "dig"),
/// so that doubled letters are kept as written.
fn folded_key(form: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(form.len());
    for ch in form.chars() {
        if ch.is_ascii() {
            key.extend(ascii_key(ch.encode_utf8(&mut [0; 4])));
        } else {
            char_fold(ch, &mut key);
        }
    }
    key
}

/// Non-ASCII characters whose folds a thread remembers at most (a text's
/// gazetteer forms share a few hundred).
const CHAR_FOLDS_MAX: usize = 4096;

/// Appends the fold of the non-ASCII character `ch` to `key`: the letters
/// and digits of its normalized key ([`crate::normalize::normalize_key`]),
/// lower case. Remembered per thread: a normalizer's pass costs about a
/// thousand instructions, and the same few characters come again and again.
fn char_fold(ch: char, key: &mut Vec<u8>) {
    use std::cell::RefCell;
    thread_local! {
        static FOLDS: RefCell<super::fx::FxHashMap<char, Box<[u8]>>> =
            RefCell::new(super::fx::FxHashMap::default());
    }
    FOLDS.with(|folds| {
        let mut folds = folds.borrow_mut();
        if let Some(fold) = folds.get(&ch) {
            key.extend_from_slice(fold);
            return;
        }
        let folded = crate::normalize::normalize_key(ch.encode_utf8(&mut [0; 4]));
        let fold: Box<[u8]> = ascii_key(&folded).collect();
        key.extend_from_slice(&fold);
        if folds.len() >= CHAR_FOLDS_MAX {
            folds.clear();
        }
        folds.insert(ch, fold);
    });
}

/// Whether `surface` spells none of `forms` (case, spaces, punctuation and
/// diacritics aside) but one of them once doubled letters are made single:
/// the match needed the doubled-letter folding ("Digg" for "Dīg"). A
/// surface that is not ASCII is not judged.
pub(crate) fn doubled_fold_only<'a>(surface: &str, forms: impl Iterator<Item = &'a str>) -> bool {
    if !surface.is_ascii() {
        return false;
    }
    let mut folded = false;
    for f in forms {
        // A form spelled as the surface, case aside (most forms), has the
        // surface's key: told without reading keys.
        if f.eq_ignore_ascii_case(surface) {
            return false;
        }
        // An ASCII form's key is read in place; only a non-ASCII one is
        // folded into a buffer.
        let (exact, single) = if f.is_ascii() {
            key_fits(ascii_key(f), surface, !folded)
        } else {
            key_fits(folded_key(f).into_iter(), surface, !folded)
        };
        if exact {
            return false;
        }
        folded = folded || single;
    }
    folded
}

/// Whether `surface`, ASCII, spells none of `forms` as written (case
/// aside) but one of them once its diacritics are dropped ("God" for Göd,
/// "Male" for Malé).
pub(crate) fn diacritic_fold_only<'a>(surface: &str, forms: impl Iterator<Item = &'a str>) -> bool {
    if !surface.is_ascii() {
        return false;
    }
    let mut folded = false;
    for f in forms {
        if f.eq_ignore_ascii_case(surface) {
            return false;
        }
        folded = folded || (!f.is_ascii() && folded_key(f).into_iter().eq(ascii_key(surface)));
    }
    folded
}

/// Whether a form's `key` spells `surface` (case, spaces and punctuation
/// aside), and, when `single` is asked, whether it does once doubled
/// letters are made single.
fn key_fits(key: impl Iterator<Item = u8> + Clone, surface: &str, single: bool) -> (bool, bool) {
    let exact = key.clone().eq(ascii_key(surface));
    (
        exact,
        single && single_letters(key).eq(single_letters(ascii_key(surface))),
    )
}

/// Whether the word at `start..end` of `text` is an English function word
/// written with a capital and read as one: capitalised ("An") right before
/// a lower-case word, or in capitals ("US") inside a run of words in
/// capitals after a word that is not "the" or a locative ("HELP US WITH",
/// not "IN THE US", "FLIGHTS TO US" or a text that starts "US HAS"). A
/// postal code is left to its own cues.
pub(crate) fn capital_function_word(text: &str, start: usize, end: usize) -> bool {
    use crate::lexicon::{codes, text as t, words};
    let surface = &text[start..end];
    // The longest function word has seven letters.
    if surface.len() > 7 || !surface.is_ascii() || !surface.contains(char::is_uppercase) {
        return false;
    }
    if !t::with_lower(surface, words::is_function_word) {
        return false;
    }
    let mut rest = surface.chars().skip(1);
    if rest.all(char::is_lowercase) {
        let next = text[end..]
            .strip_prefix(' ')
            .and_then(|_| t::word_after(text, end));
        return next.is_some_and(|w| w.starts_with(char::is_lowercase));
    }
    if codes::standalone_code(surface).is_some() || !codes::in_caps_run(text, start, end) {
        return false;
    }
    let prev = t::word_before(text, start).map(str::to_ascii_lowercase);
    prev.is_some_and(|p| p != "the" && !words::LOCATIVES.contains(&p.as_str()))
}

/// Whether the word at `start..end` of `text` is a company's legal form
/// ("Co") written capitalised after a capitalised word or "&".
pub(crate) fn company_abbreviation(text: &str, start: usize, end: usize) -> bool {
    use crate::lexicon::text::{is_capitalized, word_before};
    let surface = &text[start..end];
    let mut rest = surface.chars().skip(1);
    if surface.len() > 4 || !is_capitalized(surface) || !rest.all(char::is_lowercase) {
        return false;
    }
    let words = crate::lexicon::words::COMPANY_ABBREVIATIONS;
    if !crate::lexicon::text::with_lower(surface, |l| words.contains(&l)) {
        return false;
    }
    let head = text[..start].trim_end_matches(' ');
    if head.len() < start && head.ends_with('&') {
        return true;
    }
    head.len() + 1 == start && word_before(text, start).is_some_and(is_capitalized)
}

/// Whether a person's initials come right before `start` of `text`: one
/// capital letter with a full stop ("F. ") after a capitalised given name
/// of the person-name lexicon ("John F. "), or two such initials or more
/// ("P. J. E. "). A letter that ends a sentence after another word
/// ("Hepatitis C. ") is not an initial.
pub(crate) fn initials_before(text: &str, start: usize) -> bool {
    let mut head = &text[..start];
    let mut initials = 0;
    while let Some(h) = head.strip_suffix(". ") {
        let b = h.as_bytes();
        let n = b.len();
        if n == 0 || !b[n - 1].is_ascii_uppercase() || (n >= 2 && b[n - 2] != b' ') {
            break;
        }
        initials += 1;
        head = &h[..n - 1];
    }
    match initials {
        0 => false,
        1 => crate::lexicon::text::word_before(text, head.len()).is_some_and(|w| {
            crate::lexicon::text::is_capitalized(w)
                && w.chars().skip(1).all(char::is_lowercase)
                && crate::lexicon::names::person_name(w).is_some_and(|n| n.given > 0.0)
        }),
        _ => true,
    }
}

/// Whether a person's initials and surname come right after the name at
/// `start..end` of `text` ([`Cue::InitialsAfter`]): one or two capital
/// letters, each with a full stop ("W. ", "H.W. ", "R. R. "), then a
/// capitalised surname of the person-name lexicon, after a capitalised
/// given name of the lexicon. Initials that spell a postal code ("D.C.")
/// are a place's.
pub(crate) fn initials_after(text: &str, start: usize, end: usize) -> bool {
    use crate::lexicon::names::person_name;
    use crate::lexicon::text::is_capitalized;
    // First the cheap test that an initial follows: " X.".
    let Some(mut rest) = text[end..].strip_prefix(' ') else {
        return false;
    };
    if !matches!(rest.as_bytes(), [l, b'.', ..] if l.is_ascii_uppercase()) {
        return false;
    }
    let surface = &text[start..end];
    let mut tail = surface.chars().skip(1);
    if !is_capitalized(surface) || !tail.all(char::is_lowercase) {
        return false;
    }
    let (mut letters, mut n) = ([0u8; 2], 0);
    while let [l, b'.', ..] = rest.as_bytes() {
        if !l.is_ascii_uppercase() || n == letters.len() {
            break;
        }
        letters[n] = *l;
        n += 1;
        rest = &rest[2..];
        rest = rest.strip_prefix(' ').unwrap_or(rest);
    }
    let code = std::str::from_utf8(&letters[..n])
        .ok()
        .and_then(crate::lexicon::codes::standalone_code);
    if n == 0 || code.is_some() {
        return false;
    }
    let next = &rest[..rest
        .find(|ch: char| !ch.is_alphabetic())
        .unwrap_or(rest.len())];
    let surname = is_capitalized(next)
        && next.chars().skip(1).any(char::is_lowercase)
        && person_name(next).is_some_and(|p| p.surname > 0.0);
    surname && person_name(surface).is_some_and(|p| p.given > 0.0)
}

/// Whether the word at `start..end` of `text` is an English bound prefix
/// ("Co") written with a hyphen right before a lower-case word
/// ("Co-chair").
pub(crate) fn prefix_before_hyphen(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    let next = text[end..].strip_prefix('-').and_then(|t| t.chars().next());
    next.is_some_and(char::is_lowercase)
        && surface.len() <= 5
        && crate::lexicon::text::with_lower(surface, |l| {
            crate::lexicon::words::BOUND_PREFIXES.contains(&l)
        })
}

/// Whether the name ending at byte `end` of `text` runs straight into an
/// ellipsis ("..." or "…"), as the last word of a truncated text does.
fn cut_by_ellipsis(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    rest.starts_with("...") || rest.starts_with('\u{2026}')
}

/// Whether `surface` is "the" (any case) followed by one word or more,
/// each of which `word` accepts.
fn the_then_words(surface: &str, word: impl Fn(&str) -> bool) -> bool {
    let mut words = surface.split_whitespace();
    if !words.next().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
        return false;
    }
    let mut any = false;
    for w in words {
        if !word(w) {
            return false;
        }
        any = true;
    }
    any
}

/// Whether `surface` is "the" (any case) followed only by lower-case
/// common English words ("The bank", "the point").
pub(crate) fn common_noun_phrase(surface: &str) -> bool {
    the_then_words(surface, |w| {
        w.chars().all(char::is_lowercase) && crate::lexicon::words::is_common_word(w)
    })
}

/// Whether `surface` is "the" (any case) followed only by capitalised
/// words whose lower-case forms are common English words ("The Bank",
/// "The Point"): the title case of a phrase [`common_noun_phrase`] reads,
/// as at a sentence's start or in a headline or an organisation's name
/// ("The Bank of England"). Counts only for a town that has the phrase
/// as an alternate name, not its main name ("The Valley" stays).
pub(crate) fn title_noun_phrase(surface: &str) -> bool {
    the_then_words(surface, |w| {
        super::is_capitalized(w)
            && crate::lexicon::text::with_lower(w, crate::lexicon::words::is_common_word)
    })
}

/// Whether a word has one letter three times in a row ("Sooooo"): no
/// English word and hardly a place name is spelled so.
pub(crate) fn elongated(word: &str) -> bool {
    let mut run = (None, 0);
    for ch in word.chars().flat_map(char::to_lowercase) {
        run = if run.0 == Some(ch) {
            (run.0, run.1 + 1)
        } else {
            (Some(ch), 1)
        };
        if run.1 >= 3 && ch.is_alphabetic() {
            return true;
        }
    }
    false
}

/// How many letters `surface` has, and how many of them are lower and
/// upper case, in one pass.
pub(super) fn letter_cases(surface: &str) -> (usize, usize, usize) {
    let (mut letters, mut lower, mut upper) = (0, 0, 0);
    for ch in surface.chars().filter(|ch| ch.is_alphabetic()) {
        letters += 1;
        lower += usize::from(ch.is_lowercase());
        upper += usize::from(ch.is_uppercase());
    }
    (letters, lower, upper)
}

pub(super) fn lexicon_value(ppm: f32) -> f32 {
    (1.0 + ppm).log10()
}

impl<'a> NameEvidence<'a> {
    /// A rule fired, for the reason `why` (written in words only if it
    /// becomes the verdict's).
    pub fn fire(&mut self, rule: Rule, why: impl Into<Reason<'a>>, person: bool) {
        let why = why.into();
        self.x[rule as usize] = 1.0;
        self.fired.push((rule, why, person));
    }

    /// Records the lexicon, casing and support cues of the name.
    pub fn observe(&mut self, text: &str, c: &Candidate, best: &PlaceRef<'_>, supported: bool) {
        let facts = SurfaceFacts::of(&text[c.start..c.end]);
        self.observe_with(text, c, best, supported, &facts);
    }

    /// [`NameEvidence::observe`], with the facts of the name's surface
    /// ([`SurfaceFacts::of`]) already looked up.
    pub(super) fn observe_with(
        &mut self,
        text: &str,
        c: &Candidate,
        best: &PlaceRef<'_>,
        supported: bool,
        f: &SurfaceFacts,
    ) {
        self.applies = true;
        let surface = &text[c.start..c.end];
        let one_word = f.one_word;
        let mut set = |cue: Cue, v: f32| self.x[cue as usize] = v;
        if one_word {
            set(Cue::OneWord, 1.0);
            let lexicon = (!super::is_major(best)).then_some(f.person).flatten();
            if let Some(n) = lexicon {
                set(Cue::GivenName, lexicon_value(n.given));
                set(Cue::Surname, lexicon_value(n.surname));
                if !supported {
                    set(Cue::PersonMinor, lexicon_value(n.given.max(n.surname)));
                }
            }
        }
        let (letters, lower, upper) = f.cases;
        if lower == letters {
            set(Cue::LowerCase, 1.0);
        } else if letters > 1 && upper == letters {
            set(Cue::Capitals, 1.0);
        }
        // In a hashtag's body, the body's previous word ("In" in
        // "#EbolaInAtlanta"), not the glued run before the name.
        let prev = crate::lexicon::hashtags::body_neighbours(text, c.start, c.end)
            .0
            .or_else(|| crate::lexicon::text::word_before(text, c.start));
        if let Some(prev) = prev {
            if super::is_capitalized(prev) {
                if let Some(n) = crate::lexicon::names::person_name(prev) {
                    set(Cue::GivenBefore, lexicon_value(n.given));
                }
            }
            if crate::lexicon::facts::in_any(prev, crate::lexicon::facts::List::Locative) {
                set(Cue::Locative, 1.0);
            }
        }
        if text[..c.start].ends_with('#') {
            set(Cue::Hashtag, 1.0);
        }
        if crate::lexicon::hashtags::part_of_longer_body(text, c.start, c.end) {
            set(Cue::HashtagPart, 1.0);
        }
        if super::is_major(best) {
            set(Cue::Major, 1.0);
        }
        if supported {
            set(Cue::Supported, 1.0);
        }
        let forms = || c.entries.iter().filter(|e| e.place == Some(best.id));
        // A form spelled as the main name has its key (no normalizing).
        let main_name = forms().any(|e| *e.form == *best.name()) || {
            let main = super::document::key_of(best.name());
            forms().any(|e| super::document::key_of(&e.form) == main)
        };
        if main_name {
            set(Cue::MainName, 1.0);
        } else if self.x[Cue::LowerCase as usize] > 0.0 {
            self.x[Cue::LowerAlternate as usize] = 1.0;
        }
        if doubled_fold_only(surface, forms().map(|e| &*e.form)) {
            self.x[Cue::DoubledFold as usize] = 1.0;
        }
        if one_word && !supported {
            self.news_person(f, best);
        }
        self.person_context(text, c, best, prev);
        self.code_context(text, c, f);
        self.informal_words(text, c, best, supported, f);
        self.news_orthography(text, c, best, f);
        self.short_text(text, c, best);
        self.dateline(text, c);
    }

    /// [`Cue::Dateline`]: a name in capitals that heads a story.
    fn dateline(&mut self, text: &str, c: &Candidate) {
        if self.x[Cue::Capitals as usize] > 0.0
            && crate::lexicon::text::dateline(text, c.start, c.end)
        {
            self.x[Cue::Dateline as usize] = 1.0;
        }
    }

    /// [`Cue::LowerCaseCity`] and [`Cue::CutByEllipsis`] (call after the
    /// casing and main-name cues).
    fn short_text(&mut self, text: &str, c: &Candidate, best: &PlaceRef<'_>) {
        let x = self.x;
        let x = |cue: Cue| x[cue as usize] > 0.0;
        let city = best.kind() == crate::gazetteer::Kind::City;
        if x(Cue::LowerCase) && city && best.population() < 1_000_000 {
            self.x[Cue::LowerCaseCity as usize] = 1.0;
        }
        if cut_by_ellipsis(text, c.end) && (!super::is_major(best) || !x(Cue::MainName)) {
            self.x[Cue::CutByEllipsis as usize] = 1.0;
        }
    }

    /// [`Cue::InitialsBefore`] and [`Cue::CommonNounPhrase`].
    fn news_orthography(
        &mut self,
        text: &str,
        c: &Candidate,
        best: &PlaceRef<'_>,
        f: &SurfaceFacts,
    ) {
        use crate::gazetteer::Kind;
        if matches!(best.kind(), Kind::Country | Kind::Continent) {
            return;
        }
        let surface = &text[c.start..c.end];
        let one_word = self.x[Cue::OneWord as usize] > 0.0;
        if one_word && super::is_capitalized(surface) && initials_before(text, c.start) {
            self.x[Cue::InitialsBefore as usize] = 1.0;
        }
        if one_word && initials_after(text, c.start, c.end) {
            self.x[Cue::InitialsAfter as usize] = 1.0;
        }
        // A town's nickname among its alternate names; a landmark's name
        // ("The Pentagon") is descriptive and stays.
        let town = matches!(best.kind(), Kind::City | Kind::Town) && !super::is_major(best);
        let nickname = town && self.x[Cue::MainName as usize] == 0.0;
        if f.common_noun_phrase || (nickname && title_noun_phrase(surface)) {
            self.x[Cue::CommonNounPhrase as usize] = 1.0;
        }
        if one_word && prefix_before_hyphen(text, c.start, c.end) {
            self.x[Cue::PrefixBeforeHyphen as usize] = 1.0;
        }
        if one_word && self.x[Cue::DoubledFold as usize] > 0.0 {
            if let Some(n) = f.person {
                let v = lexicon_value(n.given.max(n.surname));
                self.x[Cue::DoubledFoldPerson as usize] = v;
            }
            if f.bare.common {
                self.x[Cue::DoubledFoldCommonWord as usize] = 1.0;
            }
        }
        // The place's own name, not its forms: the gazetteer also lists
        // the name's ASCII spelling (GeoNames' "asciiname"), which is the
        // same folding.
        if one_word && f.bare.common && diacritic_fold_only(surface, [best.name()].into_iter()) {
            self.x[Cue::DiacriticFoldCommonWord as usize] = 1.0;
        }
    }

    /// [`Cue::CapitalFunctionWord`], [`Cue::Elongated`],
    /// [`Cue::LowerCommonAlternate`], [`Cue::MinorAlternateUnsupported`]
    /// [`Cue::MinorAlternateLexiconWord`], their big-city counterparts and
    /// [`Cue::DoubledFoldMinorUnsupported`] (call after the casing,
    /// locative, hashtag, main-name and doubled-letter cues).
    fn informal_words(
        &mut self,
        text: &str,
        c: &Candidate,
        best: &PlaceRef<'_>,
        supported: bool,
        f: &SurfaceFacts,
    ) {
        let seen = self.x;
        let x = |cue: Cue| seen[cue as usize] > 0.0;
        let unsupported = !(supported || x(Cue::Locative) || x(Cue::Hashtag));
        if unsupported && !super::is_major(best) && x(Cue::DoubledFold) {
            self.x[Cue::DoubledFoldMinorUnsupported as usize] = 1.0;
        }
        let common_person = f.person.is_some_and(|n| n.is_common());
        if x(Cue::OneWord)
            && !x(Cue::MainName)
            && common_person
            && alternate_name_of_a_place(&text[c.start..c.end], c, best)
        {
            self.x[Cue::AlternateCommonPersonName as usize] = 1.0;
        }
        let spoken_for = !unsupported || x(Cue::MainName);
        if !spoken_for && !super::is_major(best) && x(Cue::OneWord) {
            self.x[Cue::MinorAlternateUnsupported as usize] = 1.0;
            use crate::gazetteer::Kind;
            let settled = matches!(best.kind(), Kind::City | Kind::Town | Kind::Admin2);
            if settled && (f.common_word || f.person.is_some()) {
                self.x[Cue::MinorAlternateLexiconWord as usize] = 1.0;
            }
        } else if !spoken_for && x(Cue::OneWord) && big_city_not_capital(best) && !news_place(f) {
            self.x[Cue::MajorCityAlternateUnsupported as usize] = 1.0;
            if f.common_word || f.person.is_some() {
                self.x[Cue::MajorCityAlternateLexiconWord as usize] = 1.0;
            }
        }
        if !f.alphabetic {
            return;
        }
        // (The surface's facts tell most names from function words.)
        if f.lower_function_word && capital_function_word(text, c.start, c.end) {
            self.x[Cue::CapitalFunctionWord as usize] = 1.0;
        }
        if f.elongated {
            self.x[Cue::Elongated as usize] = 1.0;
        }
        if company_abbreviation(text, c.start, c.end) {
            self.x[Cue::CompanyAbbreviation as usize] = 1.0;
        }
        let lower_alternate = self.x[Cue::LowerAlternate as usize] > 0.0;
        if lower_alternate && f.common_word {
            self.x[Cue::LowerCommonAlternate as usize] = 1.0;
        }
    }

    /// The cues of an upper-case postal code or city's initials written on
    /// its own: whether it is also a common word, follows a name, or ends
    /// a phrase.
    fn code_context(&mut self, text: &str, c: &Candidate, f: &SurfaceFacts) {
        if f.code.is_none() {
            return;
        }
        let mut set = |cue: Cue| self.x[cue as usize] = 1.0;
        set(Cue::Code);
        if f.code_common_word {
            set(Cue::CodeCommonWord);
        }
        let prev = super::words_before(text, c.start, 1);
        let prev = prev.first().map(|w| w.to_lowercase());
        let copula = ["am", "are", "be", "been", "being", "were", "m", "re", "s"];
        let verb = prev.as_deref().is_some_and(|w| {
            crate::lexicon::words::AUXILIARIES.contains(&w) || copula.contains(&w)
        });
        if verb && text[..c.start].ends_with(' ') {
            set(Cue::CodeAfterVerb);
        }
        let after = text[c.end..].strip_prefix(' ').unwrap_or("");
        let next_word = after
            .split(|ch: char| !ch.is_alphabetic())
            .next()
            .unwrap_or("");
        if super::is_capitalized(next_word) && next_word.chars().any(char::is_lowercase) {
            set(Cue::CodeBeforeName);
        }
        let next = text[c.end..].chars().next();
        if next.is_none_or(|ch| matches!(ch, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '\n' | '\r'))
        {
            set(Cue::CodeEndsPhrase);
        }
    }

    /// How famous a one-word name of a minor place, which the text does
    /// not support, is as a person's name in the news: nothing when a
    /// locative comes before it or it is a hashtag (call after those cues).
    fn news_person(&mut self, f: &SurfaceFacts, best: &PlaceRef<'_>) {
        if super::is_major(best) || self.x[Cue::Locative as usize] > 0.0 {
            return;
        }
        if self.x[Cue::Hashtag as usize] > 0.0 {
            return;
        }
        let news = f.news.filter(|u| u.person > 0);
        if let Some(u) = news {
            let famous = (1.0 + u.person as f32).log10();
            self.x[Cue::NewsPerson as usize] = u.person_share() * famous;
            self.x[Cue::NewsPersonShare as usize] = u.person_share();
        }
    }

    /// Titles before the name, and for a minor place a verb or a
    /// possessive after it.
    /// `prev` is the word before the name.
    fn person_context(
        &mut self,
        text: &str,
        c: &Candidate,
        best: &PlaceRef<'_>,
        prev: Option<&str>,
    ) {
        use crate::lexicon::facts::{List, in_any};
        use crate::lexicon::words::AUXILIARIES;
        let dotted = || crate::lexicon::words::title_before_full_stop(text, c.start).is_some();
        if prev.is_some_and(|w| in_any(w, List::PersonTitle)) || (prev.is_none() && dotted()) {
            self.x[Cue::TitleBefore as usize] = 1.0;
        }
        if super::is_major(best) {
            return;
        }
        let rest = &text[c.end..];
        let possessive = ["'s", "’s"].iter().any(|s| {
            rest.strip_prefix(s)
                .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
        });
        if possessive {
            self.x[Cue::PossessiveMinor as usize] = 1.0;
        }
        let next = crate::lexicon::text::word_after(text, c.end);
        let starts_with_space = rest.starts_with(' ');
        if starts_with_space && next.is_some_and(|w| AUXILIARIES.contains(&w)) {
            self.x[Cue::VerbAfterMinor as usize] = 1.0;
        }
    }

    /// [`Cue::MinorCountryUnnamed`] (call after the one-word, locative and
    /// hashtag cues): `names_another_country` is asked only when the rest
    /// holds.
    pub(super) fn country_unnamed(
        &mut self,
        best: &PlaceRef<'_>,
        supported: bool,
        names_another_country: impl FnOnce() -> bool,
    ) {
        use crate::gazetteer::Kind;
        let x = |cue: Cue| self.x[cue as usize] > 0.0;
        let settled = matches!(best.kind(), Kind::City | Kind::Town | Kind::Admin2);
        let spoken_for = supported || x(Cue::Locative) || x(Cue::Hashtag);
        if x(Cue::OneWord)
            && settled
            && !super::is_major(best)
            && !spoken_for
            && names_another_country()
        {
            self.x[Cue::MinorCountryUnnamed as usize] = 1.0;
        }
    }

    /// For a standalone postal code: whether the one to three capitalised
    /// words right before it, across a space or ", ", name a place inside
    /// the code's unit ("Salt Lake City, UT").
    pub(crate) fn code_after_place(&mut self, g: &crate::Gazetteer, text: &str, c: &Candidate) {
        let surface = &text[c.start..c.end];
        let Some(unit) = crate::lexicon::codes::standalone_code(surface).and_then(|s| s.postal)
        else {
            return;
        };
        let head = text[..c.start].strip_suffix(' ').unwrap_or("");
        let head = head.strip_suffix(',').unwrap_or(head);
        let mut from = head.len();
        for _ in 0..3 {
            let word_start = (head[..from].char_indices().rev())
                .find(|(_, ch)| !(ch.is_alphanumeric() || matches!(ch, '.' | '\'' | '-')))
                .map_or(0, |(i, ch)| i + ch.len_utf8());
            let word = &head[word_start..from];
            if !super::is_capitalized(word) {
                return;
            }
            let inside = (g.lookup(&head[word_start..]).iter())
                .filter_map(|(p, kind, _)| p.filter(|_| *kind != FormKind::Blocker))
                .any(|p| super::in_code_unit(&g.place(p), unit));
            if inside {
                self.x[Cue::CodeAfterPlace as usize] = 1.0;
                return;
            }
            match head[..word_start].strip_suffix(' ') {
                Some(rest) if !rest.is_empty() => from = rest.len(),
                _ => return,
            }
        }
    }

    /// The model's score: a place mention when at least 0.
    pub fn score(&self, w: &RecognitionWeights) -> f64 {
        self.x
            .iter()
            .zip(&w.0)
            .map(|(x, w)| f64::from(*x) * w)
            .sum()
    }

    /// The compact record of this evidence under weights `w`, with the
    /// cue values only if `keep_cues`.
    pub fn settle(self, w: &RecognitionWeights, keep_cues: bool) -> Recognized {
        let verdict = (self.ruling(w)).map(|(why, person)| (why.boxed(), person));
        Recognized {
            applies: self.applies,
            verdict,
            x: (keep_cues && self.applies).then(|| Box::new(self.x)),
            reads_local: self.reads_local,
        }
    }

    /// Why the name is not a place mention, when the model says so, and
    /// whether it is a person's name.
    pub fn verdict(&self, w: &RecognitionWeights) -> Option<(String, bool)> {
        (self.ruling(w)).map(|(why, person)| (why.write(), person))
    }

    /// [`NameEvidence::verdict`], with its reason as data.
    fn ruling(&self, w: &RecognitionWeights) -> Option<(Reason<'a>, bool)> {
        if let Some(why) = self.filtered {
            return Some((why.into(), false));
        }
        if !self.applies || self.score(w) >= 0.0 {
            return self.unless_excluded.map(|why| (why.into(), false));
        }
        if let Some((_, why, person)) = self.fired.iter().find(|(r, _, _)| w.get(*r) < 0.0) {
            return Some((why.clone(), *person));
        }
        // No rule: the lexicon and the context decided.
        let person = [
            Cue::GivenName,
            Cue::Surname,
            Cue::GivenBefore,
            Cue::GivenBeforeMajor,
            Cue::NationGivenThenSurname,
            Cue::PersonNamedBefore,
            Cue::PersonTitledInText,
        ]
        .iter()
        .any(|c| self.x[*c as usize] > 0.0 && w.get(*c) < 0.0);
        let why = if person {
            "probably a person's name (the name lexicon and the context outweigh the place)"
        } else {
            "probably not a place (the context outweighs the place)"
        };
        Some((why.into(), person))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{Gazetteer, Kind, Place};
    use crate::matcher::Matcher;
    use crate::resolve::{Resolved, Resolver, Weights};

    #[test]
    fn reasons_are_written_as_the_rules_worded_them() {
        let g = gaz();
        let town = g.place(crate::gazetteer::PlaceId(0));
        assert_eq!(town.name(), "Ferguson");
        let cases: [(Reason<'_>, &str); 10] = [
            ("a month".into(), "a month"),
            (String::from("own words").into(), "own words"),
            (
                Reason::PartOfName("Ferguson", "Jones"),
                "part of a name (\"Ferguson Jones\")",
            ),
            (
                Reason::Person("Mr", "Ferguson"),
                "a person (\"Mr Ferguson\")",
            ),
            (
                Reason::PersonTitled("Lt", "Ferguson"),
                "a person (\"Lt. Ferguson\")",
            ),
            (
                Reason::TitleAbbreviation("Gen"),
                "a title abbreviation before a name (\"Gen.\")",
            ),
            (
                Reason::CommonAfterDeterminer("The", "Bank"),
                "a common English word after \"the\" (\"the Bank\")",
            ),
            (
                Reason::CommonUnsupported(town),
                "a common English word; city Ferguson (US) has no support in the text",
            ),
            (
                Reason::SmallUnsupported(town),
                "a small place (Ferguson, US, population 21000) with no support in the text",
            ),
            (
                Reason::CommonNotLocal(town),
                "a common English word; city Ferguson (US) has nothing local in the text \
                 (no place near it or in its division)",
            ),
        ];
        for (reason, words) in cases {
            assert_eq!(reason.write(), words);
            assert_eq!(&*reason.boxed(), words);
        }
    }

    fn gaz() -> Gazetteer {
        let mut town = Place::new("p:ferg", Kind::City, "Ferguson", 38.7, -90.3);
        town.country = "US".into();
        town.population = 21_000;
        let mut big = Place::new("p:big", Kind::City, "Bigton", 10.0, 10.0);
        big.country = "US".into();
        big.population = 2_000_000;
        let mut g = Gazetteer::empty();
        g.push_places(&[town, big], &[], &[]).unwrap();
        g
    }

    fn names(g: &Gazetteer, text: &str) -> Resolved {
        let m = Matcher::new(g).find(text);
        Resolver::new(g)
            .weights(Weights::hand_set())
            .record_senses(true)
            .resolve(&m)
    }

    /// The value of `cue` for the name at code point `start`.
    fn cue(r: &Resolved, start: usize, cue: Cue) -> f32 {
        let n = r.names.iter().find(|n| n.char_start == start);
        n.unwrap_or_else(|| panic!("no name at {start}: {:?}", r.names))
            .x[cue as usize]
    }

    /// The byte offset of the `nth` (from 0) occurrence of `s` in `text`.
    fn nth_at(text: &str, s: &str, nth: usize) -> usize {
        text.match_indices(s).nth(nth).unwrap().0
    }

    /// A city under a million people in lower case is a candidate only
    /// after a locative preposition, and then carries its own cue; a minor
    /// place cut by an ellipsis carries [`Cue::CutByEllipsis`], a major
    /// one spelled as its main name does not.
    #[test]
    fn lower_case_cities_after_a_locative_and_names_cut_short() {
        let g = gaz();
        let text = "A riot in ferguson tonight. Then ferguson police came. Riot in Ferguson...";
        let r = names(&g, text);
        let at = |s: &str, nth: usize| nth_at(text, s, nth);
        assert_eq!(cue(&r, at("ferguson", 0), Cue::LowerCaseCity), 1.0);
        assert_eq!(cue(&r, at("ferguson", 0), Cue::Locative), 1.0);
        assert_eq!(cue(&r, at("ferguson", 0), Cue::CutByEllipsis), 0.0);
        let found: Vec<usize> = r.names.iter().map(|n| n.char_start).collect();
        assert!(!found.contains(&at("ferguson", 1)), "{found:?}");
        assert_eq!(cue(&r, at("Ferguson", 0), Cue::LowerCaseCity), 0.0);
        assert_eq!(cue(&r, at("Ferguson", 0), Cue::CutByEllipsis), 1.0);
        let text = "Protests in bigton, then in Bigton\u{2026}";
        let r = names(&g, text);
        assert_eq!(cue(&r, nth_at(text, "Bigton", 0), Cue::CutByEllipsis), 0.0);
        let lower = nth_at(text, "bigton", 0);
        assert_eq!(cue(&r, lower, Cue::LowerCaseCity), 0.0);
        assert_eq!(cue(&r, lower, Cue::LowerCase), 1.0);
        assert!(cut_by_ellipsis("Kho...", 3) && cut_by_ellipsis("Kho\u{2026}", 3));
        assert!(!cut_by_ellipsis("Kho. ..", 3) && !cut_by_ellipsis("Kho", 3));
    }

    #[test]
    fn capitalised_function_words_and_elongated_words() {
        let t =
            "CAIRO - An earthquake hit Ann. PLEASE HELP US WITH THIS. IN THE US NOW, FLIGHTS TO US";
        let at = |s: &str, nth: usize| {
            let start = nth_at(t, s, nth);
            capital_function_word(t, start, start + s.trim_end().len())
        };
        assert!(at("An ", 0));
        assert!(!at("Ann", 0));
        assert!(at("US", 0));
        // After "the" or a locative: the country.
        assert!(!at("US", 1) && !at("US", 2));
        // Not before a lower-case word; not at the start of a text.
        assert!(!capital_function_word("An Post", 0, 2));
        assert!(!capital_function_word("US TROOPS", 0, 2));
        assert!(elongated("Sooooo") && elongated("NIIICE"));
        assert!(!elongated("Soo") && !elongated("Tallinn"));
        let co = |t: &str| {
            let start = t.rfind("Co").unwrap();
            company_abbreviation(t, start, start + 2)
        };
        assert!(co("a Samsung Electronics Co unit") && co("Goldman Sachs & Co, Harris"));
        assert!(!co("the Co") && !co("Co") && !co("Dublin. Co"));
        assert!(!company_abbreviation("Denver CO", 7, 9));
    }

    /// With the shipped weights, an article before a lower-case word, a
    /// pronoun in shouted text, a word stretched for emphasis and a
    /// lower-case English word matched through an alternate name are not
    /// places; a dateline's "CAIRO", "Ann" and "THE US" still are.
    #[test]
    fn informal_words_are_not_places() {
        let g = Gazetteer::embedded().unwrap();
        let run = |text: &str| {
            Resolver::new(&g)
                .record_senses(true)
                .resolve(&Matcher::new(&g).find(text))
        };
        let kept =
            |r: &Resolved| -> Vec<String> { r.mentions.iter().map(|m| m.text.clone()).collect() };
        let text = "CAIRO - An earthquake hit Ann. PLEASE HELP US WITH THIS. EBOLA IS IN THE US \
                    NOW. Sooooo bad. Niiiice one.";
        let r = run(text);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(cue(&r, at("Sooooo"), Cue::Elongated), 1.0);
        assert_eq!(cue(&r, at("An "), Cue::CapitalFunctionWord), 1.0);
        assert_eq!(cue(&r, at("US"), Cue::CapitalFunctionWord), 1.0);
        // (A dash between spaces parts "CAIRO" from "An": a dateline.)
        assert_eq!(kept(&r), ["CAIRO", "Ann", "US"], "{:?}", r.excluded);
        // Informal lower-case text: "soul" is an alternate name of Seoul,
        // "door" one of Győr.
        let text = "i could not sleep, my soul hurts and the door is open";
        let r = run(text);
        assert_eq!(
            cue(&r, text.find("soul").unwrap(), Cue::LowerCommonAlternate),
            1.0
        );
        assert!(kept(&r).is_empty(), "{:?}", r.mentions);
    }

    #[test]
    fn initials_and_common_noun_phrases() {
        let at = |t: &str, s: &str| initials_before(t, t.find(s).unwrap());
        assert!(at("the funeral of John F. Kennedy", "Kennedy"));
        assert!(at("said Dr. P. J. E. Peebles", "Peebles"));
        // A letter ending a sentence after a word that is no given name,
        // and no initial at all.
        assert!(!at("cases of Hepatitis C. Paris said", "Paris"));
        assert!(!at("Sen. Kennedy", "Kennedy") && !at("Kennedy", "Kennedy"));
        assert!(!at("in the U.S. Boston", "Boston"));
        let after = |t: &str, s: &str| {
            let start = t.find(s).unwrap();
            initials_after(t, start, start + s.len())
        };
        assert!(after("President George W. Bush spoke", "George"));
        assert!(after("George H.W. Bush", "George") && after("George R. R. Martin", "George"));
        // A postal code, no initial, no surname after it, no given name.
        assert!(!after("Washington D.C. Mayor Bowser", "Washington"));
        assert!(!after("George Bush", "George") && !after("George W.", "George"));
        assert!(!after("George W. and", "George") && !after("Xqzv W. Bush", "Xqzv"));
        let pre = |t: &str| prefix_before_hyphen(t, 0, t.find('-').unwrap_or(t.len()));
        assert!(pre("Co-chair") && pre("Anti-war"));
        assert!(!pre("Co-Operative") && !pre("Co") && !pre("Gaza-based"));
        assert!(common_noun_phrase("The bank") && common_noun_phrase("the point of view"));
        assert!(
            !common_noun_phrase("The Hague")
                && !common_noun_phrase("the")
                && !common_noun_phrase("bank")
        );
        assert!(title_noun_phrase("The Bank") && title_noun_phrase("The Point"));
        assert!(
            !title_noun_phrase("The Hague")
                && !title_noun_phrase("The bank")
                && !title_noun_phrase("The")
                && !title_noun_phrase("Bank")
        );
    }

    /// The title case of such a phrase (a sentence that starts "The Bank"
    /// or "The Point") is not the minor place that has it as an
    /// alternate name, while a place whose main name it is ("The Valley",
    /// Anguilla's capital) still is.
    #[test]
    fn title_case_common_noun_phrases_are_not_minor_places() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Shares fell. The Bank said rates would rise. The Point was busy. \
                    The Valley is the capital of Anguilla.";
        let r = Resolver::new(&g)
            .record_senses(true)
            .resolve(&Matcher::new(&g).find(text));
        for phrase in ["The Bank", "The Point"] {
            assert_eq!(
                cue(&r, text.find(phrase).unwrap(), Cue::CommonNounPhrase),
                1.0
            );
        }
        let kept: Vec<&str> = r.mentions.iter().map(|m| m.text.as_str()).collect();
        assert!(
            !kept.contains(&"The Bank") && !kept.contains(&"The Point"),
            "{kept:?}"
        );
        assert!(kept.contains(&"The Valley"), "{kept:?}");
    }

    /// With the shipped weights, a surname after a person's initials and
    /// "the" before a lower-case common noun are not places (the embedded
    /// gazetteer has Kennedy, a locality of Bogota, and "The bank" as an
    /// alternate name of Portsmouth); the same surname elsewhere still is.
    #[test]
    fn surnames_after_initials_and_common_noun_phrases_are_not_places() {
        let g = Gazetteer::embedded().unwrap();
        let text = "The funeral of John F. Kennedy was held. The bank said rates would rise.";
        let r = Resolver::new(&g)
            .record_senses(true)
            .resolve(&Matcher::new(&g).find(text));
        assert_eq!(
            cue(&r, text.find("Kennedy").unwrap(), Cue::InitialsBefore),
            1.0
        );
        assert_eq!(
            cue(&r, text.find("The bank").unwrap(), Cue::CommonNounPhrase),
            1.0
        );
        assert!(r.mentions.is_empty(), "{:?}", r.mentions);
    }

    #[test]
    fn locative_hashtag_title_verb_and_possessive_cues() {
        let g = gaz();
        let text = "Riots in Ferguson. Then #Ferguson trended. President Ferguson has left. \
                    It is Ferguson's turn. Ferguson's. Ferguson";
        let r = names(&g, text);
        let at = |nth: usize| nth_at(text, "Ferguson", nth);
        assert_eq!(cue(&r, at(0), Cue::Locative), 1.0);
        assert_eq!(cue(&r, at(1), Cue::Locative), 0.0);
        assert_eq!(cue(&r, at(1), Cue::Hashtag), 1.0);
        assert_eq!(cue(&r, at(0), Cue::Hashtag), 0.0);
        assert_eq!(cue(&r, at(2), Cue::TitleBefore), 1.0);
        assert_eq!(cue(&r, at(2), Cue::VerbAfterMinor), 1.0);
        assert_eq!(cue(&r, at(1), Cue::VerbAfterMinor), 0.0);
        assert_eq!(cue(&r, at(3), Cue::PossessiveMinor), 1.0);
        assert_eq!(cue(&r, at(0), Cue::PossessiveMinor), 0.0);
        assert_eq!(cue(&r, at(5), Cue::PossessiveMinor), 0.0);
    }

    #[test]
    fn dateline_cue_only_at_the_head_of_a_story() {
        let g = gaz();
        let text = "FERGUSON, Mo. (AP) - Police in FERGUSON said so. \
                    Riots in Ferguson.";
        let r = names(&g, text);
        let at = |w: &str, nth: usize| nth_at(text, w, nth);
        assert_eq!(cue(&r, at("FERGUSON", 0), Cue::Dateline), 1.0);
        assert_eq!(cue(&r, at("FERGUSON", 0), Cue::Capitals), 1.0);
        assert_eq!(cue(&r, at("FERGUSON", 1), Cue::Dateline), 0.0);
        assert_eq!(cue(&r, at("FERGUSON", 1), Cue::Capitals), 1.0);
        assert_eq!(cue(&r, at("Ferguson", 0), Cue::Dateline), 0.0);
    }

    /// A title written with its full stop ("Mr.", "Lt.", "Sen.") is read
    /// as the word before the name: the honorific rule and the title cue
    /// fire, and a person's name is a person's elsewhere in the text too.
    #[test]
    fn titles_with_a_full_stop_make_a_person() {
        let g = gaz();
        let text = "Police found Mr. Ferguson at home. Lt. Ferguson spoke. King Jr. Ferguson \
                    is a town.";
        let r = names(&g, text);
        let at = |nth: usize| nth_at(text, "Ferguson", nth);
        assert_eq!(cue(&r, at(0), Cue::Honorific), 1.0);
        assert_eq!(cue(&r, at(0), Cue::TitleBefore), 1.0);
        assert_eq!(cue(&r, at(1), Cue::Honorific), 1.0);
        assert_eq!(cue(&r, at(2), Cue::Honorific), 0.0);
        assert_eq!(cue(&r, at(2), Cue::TitleBefore), 0.0);
        assert!(r.mentions.is_empty(), "{:?}", r.mentions);
        let text = "Riots in Ferguson.";
        assert_eq!(names(&g, text).mentions.len(), 1);
    }

    /// A title written out with a capital right before the name makes a
    /// person as its abbreviation does; in capitals, in lower case or
    /// across a comma it does not.
    #[test]
    fn titles_written_out_make_a_person() {
        let g = gaz();
        let text = "Under President Ferguson taxes rose. General Ferguson wept. Riots hit \
                    Ferguson. THE PRESIDENT FERGUSON. Ask the president, Ferguson.";
        let r = names(&g, text);
        let at = |nth: usize| nth_at(text, "Ferguson", nth);
        assert_eq!(cue(&r, at(0), Cue::Honorific), 1.0);
        assert_eq!(cue(&r, at(1), Cue::Honorific), 1.0);
        assert_eq!(cue(&r, at(2), Cue::Honorific), 0.0);
        assert_eq!(cue(&r, nth_at(text, "FERGUSON", 0), Cue::Honorific), 0.0);
        assert_eq!(cue(&r, at(3), Cue::Honorific), 0.0);
    }

    #[test]
    fn a_hashtag_body_is_read_word_by_word() {
        // The words around a name inside a hashtag's body are the body's
        // words, not the glued run ("PrayFor", "UnderSiege"): a capital
        // there is the hashtag's spelling, not a person's name.
        let g = gaz();
        let text = "Vigils: #PrayForFerguson #FergusonUnderSiege #EbolaInFerguson";
        let r = names(&g, text);
        let at = |nth: usize| nth_at(text, "Ferguson", nth);
        assert_eq!(cue(&r, at(0), Cue::NameBefore), 0.0);
        assert_eq!(cue(&r, at(1), Cue::NameAfter), 0.0);
        assert_eq!(cue(&r, at(2), Cue::NameBefore), 0.0);
        assert_eq!(cue(&r, at(2), Cue::Locative), 1.0);
        assert_eq!(cue(&r, at(0), Cue::HashtagPart), 1.0);
    }

    #[test]
    fn title_abbreviations_and_common_words_after_a_determiner_are_not_places() {
        // The embedded gazetteer: a user's own places are exempt from the
        // common-word rules. It has Hūn (Libya, "Hon"), Union County (US),
        // Pacific County (US) and the Pacific Ocean.
        let g = Gazetteer::embedded().unwrap();
        let text = "I appointed the Hon. John Foster. The state of the Union is strong and our \
                    Union endures. Ships crossed the Pacific. Hon.";
        let r = names(&g, text);
        let at = |s: &str, nth: usize| nth_at(text, s, nth);
        assert_eq!(cue(&r, at("Hon", 0), Cue::Honorific), 1.0);
        // No capitalised word after the full stop: no title.
        assert_eq!(cue(&r, at("Hon", 1), Cue::Honorific), 0.0);
        assert_eq!(cue(&r, at("Union", 0), Cue::CommonAfterDeterminer), 1.0);
        assert_eq!(cue(&r, at("Union", 1), Cue::CommonAfterDeterminer), 1.0);
        // A name that can mean an ocean is not a common word after "the".
        assert_eq!(cue(&r, at("Pacific", 0), Cue::CommonAfterDeterminer), 0.0);
        let kept: Vec<&str> = r.mentions.iter().map(|m| m.text.as_str()).collect();
        assert!(
            !kept.contains(&"Union") && kept.contains(&"Pacific"),
            "{kept:?}"
        );
        assert_eq!(kept.iter().filter(|t| **t == "Hon").count(), 0, "{kept:?}");
    }

    #[test]
    fn a_name_cued_elsewhere_in_the_text_is_a_place_whatever_the_lexicon_says() {
        let mut texas = Place::new("a:tx", Kind::Admin1, "Texas", 31.0, -99.0);
        texas.country = "US".into();
        let mut small = Place::new("p:paris-tx", Kind::City, "Paris", 33.66, -95.55);
        small.country = "US".into();
        small.admin1 = "Texas".into();
        small.population = 25_000;
        let mut big = Place::new("p:paris", Kind::City, "Paris", 48.85, 2.35);
        big.country = "FR".into();
        big.population = 2_000_000;
        let mut g = Gazetteer::empty();
        g.push_places(&[texas, small, big], &[], &[]).unwrap();
        // A model that weighs the given-name lexicon heavily.
        let mut w = Weights::hand_set();
        w.recognition.0[Cue::GivenName as usize] = -10.0;
        let text = "She grew up in Paris, Texas. Smith, 70, of Paris died on Sunday.";
        let m = Matcher::new(&g).find(text);
        let r = Resolver::new(&g).weights(w).resolve(&m);
        let paris: Vec<(usize, String)> = (r.mentions.iter())
            .filter(|m| m.text == "Paris")
            .map(|m| (m.start, g.place(m.place.unwrap()).place_id().to_string()))
            .collect();
        let second = text.rfind("Paris").unwrap();
        assert_eq!(
            paris,
            [
                (15, "p:paris-tx".to_string()),
                (second, "p:paris-tx".to_string())
            ],
            "{:?}",
            r.excluded
        );
    }

    #[test]
    fn doubled_letter_folding_is_told_apart_from_a_spelling() {
        assert!(doubled_fold_only("Holliday", ["Holiday"].into_iter()));
        assert!(doubled_fold_only("room", ["Rom", "Roma"].into_iter()));
        assert!(!doubled_fold_only("Rom", ["Rom", "Rome"].into_iter()));
        assert!(!doubled_fold_only("Al-Bab", ["al Bab"].into_iter()));
        assert!(!doubled_fold_only("Zāwiyah", ["Zawiyya"].into_iter()));
        assert!(!doubled_fold_only("Rome", ["Roma"].into_iter()));
        // Diacritics are folded, doubled letters are not.
        assert!(doubled_fold_only("Digg", ["Dīg"].into_iter()));
        assert!(!doubled_fold_only("Dig", ["Dīg"].into_iter()));
        assert!(!doubled_fold_only("Munster", ["Münster"].into_iter()));
        assert!(doubled_fold_only("Munnster", ["Münster"].into_iter()));
        // A character's fold is remembered per thread: read again, it is
        // the normalizer's, character by character.
        for _ in 0..2 {
            for form in [
                "Dīg", "Münster", "Straße", "Ærø", "Zāwiyah", "İzmir", "東京",
            ] {
                let mut fresh = Vec::new();
                for ch in form.chars() {
                    let key = crate::normalize::normalize_key(ch.encode_utf8(&mut [0; 4]));
                    fresh.extend(ascii_key(&key));
                }
                assert_eq!(folded_key(form), fresh, "{form}");
            }
        }
    }

    /// A big city that is not a national capital, reached through a
    /// one-word alternate name that nothing in the text speaks for, carries
    /// [`Cue::MajorCityAlternateUnsupported`], and
    /// [`Cue::MajorCityAlternateLexiconWord`] when the name is a word of
    /// the lexicons; its main name, a name after a locative, a capital's
    /// alternate name and a small town's do not. A minor place reached
    /// only through doubled-letter folding carries
    /// [`Cue::DoubledFoldMinorUnsupported`] unless a locative speaks for it.
    #[test]
    fn big_cities_alternate_names_and_folded_minor_places() {
        let mut city = Place::new("p:big", Kind::City, "Qorvanberg", 50.0, 10.0);
        city.country = "DE".into();
        city.population = 400_000;
        city.names = vec!["Anvil".into(), "Zqxwort".into()];
        let mut capital = Place::new("geonames:2988507", Kind::City, "Parvex", 48.9, 2.3);
        capital.country = "FR".into();
        capital.population = 2_000_000;
        capital.names = vec!["Pebble".into()];
        let mut town = Place::new("p:dig", Kind::City, "Dīgvar", 27.5, 77.3);
        town.country = "IN".into();
        town.population = 40_000;
        let mut g = Gazetteer::empty();
        g.push_places(&[city, capital, town], &[], &[]).unwrap();
        let text = "Then Anvil came, and Zqxwort too. We live in Anvil. \
                    Pebble was near. Diggvar was shut. We stayed in Diggvar.";
        let r = names(&g, text);
        let at = |s: &str, nth: usize| nth_at(text, s, nth);
        let (alt, word) = (
            Cue::MajorCityAlternateUnsupported,
            Cue::MajorCityAlternateLexiconWord,
        );
        assert_eq!(cue(&r, at("Anvil", 0), alt), 1.0);
        assert_eq!(cue(&r, at("Anvil", 0), word), 1.0);
        assert_eq!(cue(&r, at("Anvil", 0), Cue::MinorAlternateUnsupported), 0.0);
        assert_eq!(cue(&r, at("Zqxwort", 0), alt), 1.0);
        assert_eq!(cue(&r, at("Zqxwort", 0), word), 0.0);
        assert_eq!(cue(&r, at("Anvil", 1), alt), 0.0);
        assert_eq!(cue(&r, at("Pebble", 0), alt), 0.0);
        let folded = Cue::DoubledFoldMinorUnsupported;
        assert_eq!(cue(&r, at("Diggvar", 0), folded), 1.0);
        assert_eq!(cue(&r, at("Diggvar", 1), folded), 0.0);
        assert_eq!(cue(&r, at("Anvil", 0), folded), 0.0);
        let text = "Qorvanberg is big.";
        let r = names(&g, text);
        assert_eq!(cue(&r, 0, alt), 0.0);
    }

    /// A common word that reaches a place only once doubled letters are
    /// single is the word; the place's own spelling is not.
    #[test]
    fn a_common_word_reached_by_folding_doubled_letters() {
        let mut somme = Place::new("p:somme", Kind::Admin2, "Somme", 49.9, 2.3);
        somme.country = "FR".into();
        let mut g = Gazetteer::empty();
        g.push_places(&[somme], &[], &[]).unwrap();
        let text = "France voted. (2016) Some regions, in the Somme too, disagreed.";
        let r = names(&g, text);
        let common = Cue::DoubledFoldCommonWord;
        assert_eq!(cue(&r, text.find("Some ").unwrap(), common), 1.0);
        assert_eq!(cue(&r, text.find("Somme").unwrap(), common), 0.0);
    }

    /// A common word that reaches a place only once the place's
    /// diacritics are dropped is the word.
    #[test]
    fn a_common_word_reached_by_dropping_diacritics() {
        assert!(diacritic_fold_only("God", ["Göd"].into_iter()));
        assert!(!diacritic_fold_only("God", ["Göd", "God"].into_iter()));
        assert!(!diacritic_fold_only("Gods", ["Göd"].into_iter()));
        assert!(!diacritic_fold_only("Göd", ["Göd"].into_iter()));
        let mut god = Place::new("p:god", Kind::City, "Göd", 47.7, 19.1);
        god.country = "HU".into();
        // GeoNames' ASCII spelling is a form too.
        god.names = vec!["God".into()];
        let mut g = Gazetteer::empty();
        g.push_places(&[god], &[], &[]).unwrap();
        let text = "She spoke of her faith. I just hope to God that he knows.";
        let r = names(&g, text);
        let at = text.find("God").unwrap();
        assert_eq!(cue(&r, at, Cue::DiacriticFoldCommonWord), 1.0);
    }

    #[test]
    fn doubled_fold_and_lower_case_alternate_cues() {
        let mut town = Place::new("p:hol", Kind::City, "Holiday", 28.2, -82.7);
        town.country = "US".into();
        town.population = 22_000;
        town.names = vec!["Holidayville".into()];
        let mut g = Gazetteer::empty();
        g.push_places(&[town], &[], &[]).unwrap();
        let text = "Doc Holliday rode on. We met in Holiday.";
        let r = names(&g, text);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(cue(&r, at("Holliday"), Cue::DoubledFold), 1.0);
        assert_eq!(cue(&r, at("Holiday."), Cue::DoubledFold), 0.0);
        assert_eq!(cue(&r, at("Holiday."), Cue::LowerAlternate), 0.0);
        let text = "we drove to holidayville and then to holiday";
        let r = names(&g, text);
        assert_eq!(cue(&r, 12, Cue::LowerAlternate), 1.0);
        assert_eq!(cue(&r, 12, Cue::LowerCase), 1.0);
        assert_eq!(
            cue(&r, text.rfind("holiday").unwrap(), Cue::LowerAlternate),
            0.0
        );
    }

    /// A minor town reached through an alternate name that is a common
    /// word or a person's name of the lexicons carries
    /// [`Cue::MinorAlternateLexiconWord`]; an alternate name that is
    /// neither, the main name, a name after a locative and a landform's
    /// alternate name do not.
    #[test]
    fn minor_alternate_names_that_are_words_of_the_lexicons() {
        let mut town = Place::new("p:ox", Kind::Town, "Oxbridgeton", 50.0, 1.0);
        town.country = "GB".into();
        town.population = 3_000;
        town.names = vec!["Anvil".into(), "Melvin".into(), "Qxzorba".into()];
        let mut hill = Place::new("p:hill", Kind::Mountain, "Mount Zebrowe", 40.0, 5.0);
        hill.names = vec!["Gravel".into()];
        let mut g = Gazetteer::empty();
        g.push_places(&[town, hill], &[], &[]).unwrap();
        let text = "They saw Anvil, then Melvin and Qxzorba; Oxbridgeton too. \
                    We live in Anvil. The Gravel was steep.";
        let r = names(&g, text);
        let at = |s: &str, nth: usize| nth_at(text, s, nth);
        let word = Cue::MinorAlternateLexiconWord;
        assert_eq!(cue(&r, at("Anvil", 0), word), 1.0);
        assert_eq!(cue(&r, at("Anvil", 0), Cue::MinorAlternateUnsupported), 1.0);
        assert_eq!(cue(&r, at("Melvin", 0), word), 1.0);
        assert_eq!(cue(&r, at("Qxzorba", 0), word), 0.0);
        assert_eq!(
            cue(&r, at("Qxzorba", 0), Cue::MinorAlternateUnsupported),
            1.0
        );
        assert_eq!(cue(&r, at("Oxbridgeton", 0), word), 0.0);
        assert_eq!(cue(&r, at("Anvil", 1), word), 0.0);
        assert_eq!(cue(&r, at("Gravel", 0), word), 0.0);
    }

    /// [`Cue::CommonWordMinorNotLocal`]: a common word naming a small
    /// town (Congress, Arizona, of the embedded gazetteer), after a
    /// locative and in a text that names the town's country, with nothing
    /// local for it; not when the text names a place in its division or
    /// nearby, nor for a big city, nor when the common-word rule itself
    /// fired.
    #[test]
    fn a_common_word_minor_place_needs_local_support() {
        let g = Gazetteer::embedded().unwrap();
        let rule = Cue::CommonWordMinorNotLocal;
        let fired = |text: &str, name: &str| cue(&names(&g, text), nth_at(text, name, 0), rule);
        let text = "Democrats in Congress met in Boston, United States.";
        assert_eq!(fired(text, "Congress"), 1.0);
        let m = Matcher::new(&g).find(text);
        let r = Resolver::new(&g).weights(Weights::hand_set()).resolve(&m);
        let why = &r
            .excluded
            .iter()
            .find(|n| n.text == "Congress")
            .unwrap()
            .why;
        assert!(why.contains("nothing local in the text"), "{why}");
        assert_eq!(
            fired(
                "Democrats in Congress met in Prescott, Arizona.",
                "Congress"
            ),
            0.0
        );
        assert_eq!(
            fired("Democrats in Congress met in Phoenix, Arizona.", "Congress"),
            0.0
        );
        assert_eq!(fired("Democrats in Mobile met in Boston.", "Mobile"), 0.0);
        // No locative, no support: the common-word rule fires instead.
        let text = "Democrats told Congress no.";
        assert_eq!(fired(text, "Congress"), 0.0);
        assert_eq!(cue(&names(&g, text), 15, Cue::CommonUnsupported), 1.0);
    }

    /// [`Cue::MinorCountryUnnamed`]: a small place abroad with nothing for
    /// it in a text that names another country; not when the text names
    /// its own country or no country, nor after a locative, as a hashtag,
    /// or for a big city.
    #[test]
    fn a_minor_place_of_a_country_the_text_does_not_name() {
        let place = |id: &str, kind, name: &str, cc: &str, population| {
            let mut p = Place::new(id, kind, name, 35.0, 136.0);
            p.country = cc.into();
            p.population = population;
            p
        };
        let places = [
            place("p:town", Kind::Town, "Kobuta", "JP", 20_000),
            place("p:big", Kind::City, "Osakaru", "JP", 2_000_000),
            place("p:jp", Kind::Country, "Japan", "JP", 0),
            place("p:uy", Kind::Country, "Uruguay", "UY", 0),
        ];
        let mut g = Gazetteer::empty();
        g.push_places(&places, &[], &[]).unwrap();
        let fired = |text: &str, name: &str| {
            let r = names(&g, text);
            cue(&r, nth_at(text, name, 0), Cue::MinorCountryUnnamed)
        };
        assert_eq!(fired("Kobuta spoke about Uruguay today.", "Kobuta"), 1.0);
        assert_eq!(fired("Kobuta spoke about Japan today.", "Kobuta"), 0.0);
        assert_eq!(fired("Kobuta spoke about it today.", "Kobuta"), 0.0);
        assert_eq!(fired("We flew to Kobuta from Uruguay.", "Kobuta"), 0.0);
        assert_eq!(fired("Photos: #Kobuta and Uruguay", "Kobuta"), 0.0);
        assert_eq!(fired("Osakaru spoke about Uruguay today.", "Osakaru"), 0.0);
    }

    #[test]
    fn news_usage_cues_are_for_one_word_minor_places() {
        let g = gaz();
        let text = "Ferguson spoke in Bigton. Riots in Ferguson.";
        let r = names(&g, text);
        let u = crate::lexicon::names::news_usage("Ferguson").unwrap();
        assert!(u.person > 0 && u.place > 0, "{u:?}");
        let famous = u.person_share() * (1.0 + u.person as f32).log10();
        assert_eq!(cue(&r, 0, Cue::NewsPerson), famous);
        assert_eq!(cue(&r, 0, Cue::NewsPersonShare), u.person_share());
        // After "in": the place is spoken for, the person's fame is not weighed.
        let second = text.rfind("Ferguson").unwrap();
        assert_eq!(cue(&r, second, Cue::NewsPerson), 0.0);
        assert_eq!(cue(&r, second, Cue::NewsPersonShare), 0.0);
        let big = text.find("Bigton").unwrap();
        assert!(crate::lexicon::names::news_usage("Bigton").is_none());
        assert_eq!(cue(&r, big, Cue::NewsPerson), 0.0);
        assert_eq!(cue(&r, big, Cue::NewsPersonShare), 0.0);
    }

    #[test]
    fn verb_and_possessive_cues_are_for_minor_places_only() {
        let g = gaz();
        let text = "Yesterday Bigton has voted. Later Bigton's mayor spoke.";
        let r = names(&g, text);
        let at = |nth: usize| nth_at(text, "Bigton", nth);
        assert_eq!(cue(&r, at(0), Cue::VerbAfterMinor), 0.0);
        assert_eq!(cue(&r, at(1), Cue::PossessiveMinor), 0.0);
        assert_eq!(cue(&r, at(0), Cue::Major), 1.0);
    }

    #[test]
    fn standalone_codes_are_candidates_with_their_own_cues() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Fires in CA and NYC. Moore, OK, had a tornado. I'm OK now. SK Sharif spoke. \
                    Rep. Waxman (D-CA) spoke. MH17 fell. VIOLENCE IN AMERICA. Zo\u{eb} \u{c9}z\u{e9}\u{2014} TX";
        let r = names(&g, text);
        let at = |s: &str, nth: usize| nth_at(text, s, nth);
        assert_eq!(cue(&r, at("CA", 0), Cue::Code), 1.0);
        assert_eq!(cue(&r, at("CA", 0), Cue::CodeEndsPhrase), 0.0);
        assert_eq!(cue(&r, at("OK", 0), Cue::CodeEndsPhrase), 1.0);
        assert_eq!(cue(&r, at("OK", 0), Cue::CodeAfterPlace), 1.0);
        assert_eq!(cue(&r, at("OK", 1), Cue::CodeAfterPlace), 0.0);
        assert_eq!(cue(&r, at("OK", 1), Cue::CodeAfterVerb), 1.0);
        assert_eq!(cue(&r, at("OK", 0), Cue::CodeAfterVerb), 0.0);
        assert_eq!(cue(&r, at("SK", 0), Cue::CodeBeforeName), 1.0);
        let found: Vec<usize> = r.names.iter().map(|n| n.char_start).collect();
        for (s, nth) in [("CA", 1), ("MH", 0), ("IN", 0)] {
            assert!(!found.contains(&at(s, nth)), "{s} {nth}: {found:?}");
        }
        let places: Vec<(&str, &str)> = (r.mentions.iter())
            .map(|m| (m.text.as_str(), g.place(m.place.unwrap()).name()))
            .collect();
        assert!(places.contains(&("CA", "California")), "{places:?}");
        assert!(places.contains(&("NYC", "New York City")), "{places:?}");
    }
}
