//! Names that are not place mentions: organisations, direction words,
//! currencies, contractions, common words and people's names.

use super::recognize::{Cue, NameEvidence, Reason, Rule};
use super::surface::SurfaceFacts;
use super::*;
use crate::lexicon::facts::{List, Lists, in_any};
use crate::lexicon::text::{in_list, lower_in, with_lower, word_after, word_before};
use crate::lexicon::words::{LEADER_NOUNS, NEWS_LOCATIVES, PLACE_NOUNS};

/// The lists that make a neighbour word say nothing ([`neutral`]).
const NEUTRAL: Lists = Lists::of(&[List::Title, List::Calendar, List::CueAfter, List::CueBefore]);

/// Titles, honorifics and title abbreviations ("Sen", "Mr", "President").
const TITLES: Lists = Lists::of(&[
    List::Title,
    List::PersonTitle,
    List::Honorific,
    List::TitleAbbreviation,
]);

/// Whether a neighbour word says nothing about a name: not capitalised, all
/// capitals, a title, a month, or a kind cue.
fn neutral(w: &str) -> bool {
    !is_capitalized(w) || w.chars().all(char::is_uppercase) || in_any(w, NEUTRAL)
}

/// Whether a dash written as punctuation parts the text at byte `end`
/// from the word after it: in the spaces and hyphens that [`word_after`]
/// skips, a hyphen with a space on either side or two hyphens ("Clacton,
/// Essex - Aseany Duncan", "Essex -- Aseany"), not the hyphen of a
/// compound ("Essex-Aseany"). (A hashtag body's next word is glued: no
/// gap.)
fn dash_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let gap = &rest[..rest.len() - rest.trim_start_matches([' ', '-']).len()];
    gap.contains('-') && (gap.contains(' ') || gap.matches('-').count() > 1)
}

/// The letters and digits of a name ("St. John's" is "StJohns"): the
/// name itself when it has nothing else (most names), without a copy.
pub(super) fn letters_and_digits(surface: &str) -> std::borrow::Cow<'_, str> {
    if surface.chars().all(char::is_alphanumeric) {
        std::borrow::Cow::Borrowed(surface)
    } else {
        surface.chars().filter(|ch| ch.is_alphanumeric()).collect()
    }
}

/// Whether the neighbour `w` (after the name or before it) is (part of)
/// another name that means a major place.
fn other_major(text: &str, c: &Candidate, ctx: &NameContext<'_, '_>, w: &str, after: bool) -> bool {
    let at = if after {
        crate::lexicon::text::find_after(text, c.end, w)
    } else {
        crate::lexicon::text::rfind_before(text, c.start, w)
    };
    at.is_some_and(|a| in_major_name(ctx, a))
}

/// Whether byte `at` lies in a name the matcher found that can mean a
/// major place.
fn in_major_name(ctx: &NameContext<'_, '_>, at: usize) -> bool {
    // Spans are sorted and do not overlap: the one that starts last at or
    // before `at` is the only one that can hold it.
    let i = ctx.spans.partition_point(|&(s, _, _)| s <= at);
    i > 0 && {
        let (_, e, m) = ctx.spans[i - 1];
        m && at < e
    }
}

/// Whether the bytes `start..end` of `text` lie in a token (a run without
/// white space) that is a web address (it holds `://` or starts with
/// `www.`), or in an e-mail address or an @handle ([`in_address`]).
fn inside_link(text: &str, start: usize, end: usize) -> bool {
    // A name with white space (or the text's edge) on both sides is a token
    // of its own: no link (the common case, checked first).
    let open_before = text[..start]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    if open_before && text[end..].chars().next().is_none_or(char::is_whitespace) {
        return false;
    }
    let from = text[..start].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let to = text[end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| end + i);
    let token = &text[from..to];
    let bare = token.trim_start_matches(|c: char| !c.is_alphanumeric());
    // (A token is a few bytes: "://" looked for byte by byte, without
    // setting up a substring search.)
    (token.contains('@') && in_address(text, start, end))
        || token.as_bytes().windows(3).any(|w| w == b"://")
        || bare
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("www."))
}

/// Whether the name at `start..end` is part of an @handle or an e-mail
/// address: in the run of the characters addresses are made of (letters,
/// digits, `.`, `_`, `-`, `+`, `%`, `@`) around it, an `@` comes before it
/// ("@LondonFire", "x@Russia.ru") or comes after it right behind a letter,
/// a digit or `_` ("london.desk@bbc.co.uk"). Punctuation no address holds
/// ends the run: "in Africa??“@user" and "in Africa. @user" are prose.
fn in_address(text: &str, start: usize, end: usize) -> bool {
    let part = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '%' | '@');
    let before = (text[..start].char_indices().rev())
        .take_while(|&(_, c)| part(c))
        .last()
        .map_or(start, |(i, _)| i);
    if text[before..start].contains('@') {
        return true;
    }
    let after = &text[end..];
    let run = after
        .find(|c: char| !part(c))
        .map_or(after, |i| &after[..i]);
    // The local part (the name and what follows it up to the `@`).
    run.find('@')
        .is_some_and(|i| text[before..end + i].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// Whether `word` can name a place that contains one of the senses of
/// name `c`: a nation or a first-level division that holds one ("Austin
/// Texas", "Florence Italy"), or a continent, region or sea. A division
/// that holds none of them does not ("Michael Smith": Smith's Parish,
/// Bermuda; "Austin Rivers": Rivers State, Nigeria).
fn contains_a_sense(gazetteer: &Gazetteer, word: &str, c: &Candidate) -> bool {
    let senses = || {
        (c.entries.iter())
            .filter_map(|e| e.place)
            .map(|p| gazetteer.place(p))
    };
    contains_one_of(gazetteer, word, senses)
}

/// Whether `word` can name a place that contains one of `senses` (as
/// [`contains_a_sense`] tells it).
fn contains_one_of<'g, I: Iterator<Item = PlaceRef<'g>>>(
    gazetteer: &'g Gazetteer,
    word: &str,
    senses: impl Fn() -> I,
) -> bool {
    (gazetteer.key_entries(word).iter()).any(|&(p, _, _)| {
        let Some(k) = p.map(|p| gazetteer.place(p)) else {
            return false;
        };
        match k.kind() {
            Kind::Continent | Kind::Region | Kind::Sea => true,
            Kind::Country => {
                senses().any(|s| s.country() == k.country() && s.kind() != Kind::Country)
            }
            Kind::Admin1 => senses().any(|s| {
                s.country() == k.country()
                    && !s.admin1().is_empty()
                    && super::document::key_of(s.admin1()) == super::document::key_of(k.name())
            }),
            _ => false,
        }
    })
}

/// [`Rule::NonPlaceNounBefore`]: the name follows, across one space, a
/// lower-case noun that classes it as no place ("carmaker Toyota", "the
/// ship Maine", "singer Chelsea";
/// [`crate::lexicon::words::non_place_appositive`]), and its best sense is
/// no country, continent or first-level division. A person's trade makes
/// the name a person's for its other mentions too.
fn non_place_noun_before<'t>(
    text: &'t str,
    c: &Candidate,
    best: &PlaceRef<'_>,
    ev: &mut NameEvidence<'t>,
) {
    if matches!(best.kind(), Kind::Country | Kind::Continent | Kind::Admin1) {
        return;
    }
    let Some(head) = text[..c.start].strip_suffix(' ') else {
        return;
    };
    // The noun: the lower-case ASCII letters and hyphens before the space,
    // after a byte that is none of them (or the text's start); with a
    // capital first only where a sentence starts ("Carmaker Toyota to
    // invest").
    let lower = |b: u8| b.is_ascii_lowercase() || b == b'-';
    let mut from = head.bytes().rposition(|b| !lower(b)).map_or(0, |i| i + 1);
    if from > 0 && head.as_bytes()[from - 1].is_ascii_uppercase() && from < head.len() {
        from -= 1;
        if !crate::lexicon::text::sentence_initial(text, from) {
            return;
        }
    }
    let noun = &head[from..];
    if noun.is_empty() {
        return;
    }
    let Some(person) = with_lower(noun, crate::lexicon::words::non_place_appositive) else {
        return;
    };
    let surface = &text[c.start..c.end];
    let why = if person {
        Reason::Person(noun, surface)
    } else {
        Reason::NonPlaceNoun(noun, surface)
    };
    ev.fire(Rule::NonPlaceNounBefore, why, person);
}

/// Whether a word before a name is a title or role written out with a
/// capital, as a title before a person's name is ("President", "General",
/// "Governor", "Queen"; [`crate::lexicon::words::is_person_title`]), not in
/// capitals (a headline's "PRESIDENT" says nothing of the next word).
fn capitalised_title(w: &str) -> bool {
    is_capitalized(w) && !crate::lexicon::text::letters_upper(w) && in_any(w, List::PersonTitle)
}

/// The word after a middle initial that follows the name: "Bush" in
/// "George W. Bush" (`end` is the name's end).
fn after_initial(text: &str, end: usize) -> Option<&str> {
    let rest = text[end..].strip_prefix(' ')?.as_bytes();
    let initial = rest.len() > 3 && rest[0].is_ascii_uppercase() && &rest[1..3] == b". ";
    initial.then(|| word_after(text, end + 4)).flatten()
}

/// The lexicon cues that read the words around a name:
/// [`Cue::FunctionWord`], [`Cue::PlaceNounAfter`], [`Cue::LeaderNounAfter`] and
/// [`Cue::GivenThenSurname`]; `after` is the word after the name
/// ([`word_after`]).
fn people_and_place_cues(
    gazetteer: &Gazetteer,
    text: &str,
    c: &Candidate,
    ctx: &NameContext<'_, '_>,
    (after, f): (Option<&str>, &SurfaceFacts),
    ev: &mut NameEvidence,
) {
    let surface = &text[c.start..c.end];
    if !f.one_word {
        return;
    }
    if !f.has_upper && f.function_word {
        ev.x[Cue::FunctionWord as usize] = 1.0;
        return;
    }
    let leader_noun = after.is_some_and(|w| LEADER_NOUNS.iter().any(|n| n.eq_ignore_ascii_case(w)));
    if leader_noun && !is_major(ctx.best) && matches!(text.as_bytes().get(c.end), Some(b' ' | b'-'))
    {
        ev.x[Cue::LeaderNounAfter as usize] = 1.0;
    }
    // Only a word right after a space: "Ferguson police", not
    // "Ferguson. Police" or "Ferguson (police)"; or the next word of a
    // hashtag's body ("#MichaelBrown"), for the person cue.
    let next = if text[c.end..].starts_with(' ') {
        let Some(next) = after else {
            return;
        };
        if PLACE_NOUNS.iter().any(|n| n.eq_ignore_ascii_case(next)) {
            ev.x[Cue::PlaceNounAfter as usize] = 1.0;
        }
        after_initial(text, c.end).unwrap_or(next)
    } else if let Some((s, e)) = crate::lexicon::hashtags::next_body_word(text, c.end) {
        &text[s..e]
    } else {
        return;
    };
    let nation = matches!(ctx.best.kind(), Kind::Country | Kind::Continent);
    if !is_capitalized(surface) || !is_capitalized(next) {
        return;
    }
    let person_name = crate::lexicon::names::person_name;
    let Some(given) = f.person.map(|n| n.given).filter(|g| *g > 0.0) else {
        return;
    };
    let Some(surname) = person_name(next).map(|n| n.surname).filter(|s| *s > 0.0) else {
        return;
    };
    // A major place after the name blocks the cue only when it can contain
    // the name's best sense ("Austin Texas", "Florence Italy"): a city that
    // shares a surname does not ("Michael Jackson"), nor a division
    // elsewhere ("Austin Rivers"), nor one that holds only a minor namesake
    // that nothing else would choose ("George Washington": George,
    // Washington, a town of a few hundred, while the name means George,
    // South Africa if it is a place at all).
    let best = || std::iter::once(*ctx.best);
    if neutral(next)
        || (other_major(text, c, ctx, next, true) && contains_one_of(gazetteer, next, best))
    {
        return;
    }
    // A nation's name needs a surname that is not also a common word
    // ("Jordan Henderson", not "Make America Great Again").
    if nation && in_any(next, List::Common) {
        return;
    }
    let cue = if nation {
        Cue::NationGivenThenSurname
    } else {
        Cue::GivenThenSurname
    };
    ev.x[cue as usize] = (1.0 + given.min(surname)).log10();
}

/// The given-name frequency of the word right before byte `start` of
/// `text`, across one space, when it reads as a person's given name before
/// name `c` (written at `start`): capitalised; not a title, a month, a kind
/// cue, an abbreviation, a function word or a direction word ("Co Kerry",
/// "The London", "West London"); not the name itself ("Roma Roma"); a
/// common word only when the census first-name list holds it and not at
/// the start of a sentence ("Bill Flores", not "Royal Manchester" or "Will
/// Europe ride"); and, when it can mean a major place, mostly a given name
/// (more frequent as one than as a surname: "Elizabeth Warren", not
/// "Santiago Spain's") and not a place that can contain a sense of the name
/// ("Asia Pacific", "Austin Texas").
fn given_name_at(
    gazetteer: &Gazetteer,
    text: &str,
    start: usize,
    c: &Candidate,
    ctx: &NameContext<'_, '_>,
) -> Option<f32> {
    let head = text[..start].strip_suffix(' ')?;
    let p = word_before(text, start).filter(|p| head.ends_with(p))?;
    let surface = &text[c.start..c.end];
    if !is_capitalized(p) || neutral(p) || p.eq_ignore_ascii_case(surface) {
        return None;
    }
    let not_a_name = with_lower(p, |w| {
        crate::lexicon::words::is_function_word(w)
            || crate::lexicon::words::is_compass_word(w)
            || in_list(crate::lexicon::words::COMPANY_ABBREVIATIONS, w)
    }) || in_any(p, List::TitleAbbreviation);
    if not_a_name {
        return None;
    }
    let name = crate::lexicon::names::person_name(p)?;
    let given = name.given;
    let at = head.len() - p.len();
    let common = in_any(p, List::Common);
    if given <= 0.0 || (common && (sentence_initial(text, at) || !in_any(p, List::FirstName))) {
        return None;
    }
    let place_word =
        in_major_name(ctx, at) && (name.surname >= given || contains_a_sense(gazetteer, p, c));
    (!place_word).then_some(given)
}

/// How far back [`major_place_person_cues`] looks for the name after a
/// given name (and both ways for the name after a title): a long news
/// story's length. It bounds the cost of a name in a long text (each looks
/// at no more than this), not what the cue means.
const PERSON_LOOKBACK: usize = 16 * 1024;

/// The person cues of a one-word name of a major place, capitalised:
/// [`Cue::GivenBeforeMajor`] when a given name of the lexicon comes right
/// before it; otherwise [`Cue::PersonNamedBefore`] when the text wrote it
/// earlier right after one ("David Cameron ... Cameron said"): one sense
/// per discourse for people; failing that, [`Cue::PersonTitledInText`]
/// when the text wrote it after a title ("Judge Garland").
fn major_place_person_cues(
    gazetteer: &Gazetteer,
    text: &str,
    c: &Candidate,
    ctx: &NameContext<'_, '_>,
    f: &SurfaceFacts,
    ev: &mut NameEvidence,
) {
    let surface = &text[c.start..c.end];
    if !f.one_word || !is_major(ctx.best) || f.all_caps() || !is_capitalized(surface) {
        return;
    }
    let Some(person) = f.person else {
        return;
    };
    let surname = person.surname;
    if surname <= 0.0 {
        // A given name only: "Georgia Stevens ... Georgia".
        if let Some(v) = given_named_before(text, c, ctx, person.given) {
            ev.x[Cue::PersonNamedBefore as usize] = v;
        }
        return;
    }
    if let Some(given) = given_name_at(gazetteer, text, c.start, c, ctx) {
        ev.x[Cue::GivenBeforeMajor as usize] = (1.0 + given.min(surname)).log10();
        return;
    }
    // The earlier names the matcher found with the same spelling (spans
    // are sorted by start; compared as bytes, the length first).
    let from = c.start.saturating_sub(PERSON_LOOKBACK);
    let before = ctx.spans.partition_point(|&(s, _, _)| s < c.start);
    let same = |&&(s, e, _): &&(usize, usize, bool)| {
        e - s == surface.len() && text.as_bytes()[s..e] == *surface.as_bytes()
    };
    let found = (ctx.spans[..before].iter().rev())
        .take_while(|&&(s, _, _)| s >= from)
        .filter(same)
        .find_map(|&(s, _, _)| given_name_at(gazetteer, text, s, c, ctx));
    if let Some(given) = found {
        ev.x[Cue::PersonNamedBefore as usize] = (1.0 + given.min(surname)).log10();
        return;
    }
    // A title anywhere in the story, before or after: "Merrick Garland
    // ... nominated Garland ... Judge Garland".
    let to = c.start.saturating_add(PERSON_LOOKBACK);
    let last = ctx.spans.partition_point(|&(s, _, _)| s <= to);
    let first = ctx.spans.partition_point(|&(s, _, _)| s < from);
    let titled = (ctx.spans[first..last].iter())
        .filter(same)
        .any(|&(s, e, _)| s != c.start && titled_at(text, s, e));
    if titled {
        ev.x[Cue::PersonTitledInText as usize] = (1.0 + surname).log10();
    } else if let Some(v) = given_named_before(text, c, ctx, person.given) {
        ev.x[Cue::PersonNamedBefore as usize] = v;
    }
}

/// [`Cue::PersonNamedBefore`]'s value for a name written on its own that
/// the text wrote earlier (within [`PERSON_LOOKBACK`]) as a given name
/// before a surname ("Georgia Stevens ... Georgia skates"; "Chelsea
/// Clinton ... Chelsea said"): one sense per discourse for people, read
/// from the other side of the full name. log10(1 + the smaller of the
/// name's given-name and the next word's surname frequency); `None` when
/// the name is no given name of the lexicon (`given` 0) or no such full
/// name comes before.
fn given_named_before(
    text: &str,
    c: &Candidate,
    ctx: &NameContext<'_, '_>,
    given: f32,
) -> Option<f32> {
    if given <= 0.0 {
        return None;
    }
    let surface = &text.as_bytes()[c.start..c.end];
    let from = c.start.saturating_sub(PERSON_LOOKBACK);
    let before = ctx.spans.partition_point(|&(s, _, _)| s < c.start);
    (ctx.spans[..before].iter().rev())
        .take_while(|&&(s, _, _)| s >= from)
        .filter(|&&(s, e, _)| text.as_bytes()[s..e] == *surface)
        // (A space, then a capital or a wider character: most names are
        // followed by neither, and are told on two bytes.)
        .filter(|&&(_, e, _)| match text.as_bytes().get(e..e + 2) {
            Some([b' ', b]) => b.is_ascii_uppercase() || !b.is_ascii(),
            _ => false,
        })
        .find_map(|&(_, e, _)| surname_after(text, e, ctx))
        .map(|surname| (1.0 + given.min(surname)).log10())
}

/// The surname frequency of the word right after byte `end` of `text`
/// across one space, when it reads as a surname after a given name:
/// capitalised, with lower-case letters (not an acronym), a surname of the
/// lexicon and no common English word or organisation's head ("Georgia
/// Stevens", not "Georgia Power", "Jordan Valley" or "China Co"), no name
/// that can mean a major place ("Santiago Spain"), and not written as the
/// start of a longer capitalised name ("Georgia Stevens Road" is a road's
/// name).
fn surname_after(text: &str, end: usize, ctx: &NameContext<'_, '_>) -> Option<f32> {
    let next = word_after(text, end)?;
    if !(text[end..].strip_prefix(' ')).is_some_and(|r| r.starts_with(next)) {
        return None;
    }
    let words = Lists::of(&[List::Common, List::OrgHead]);
    let company = lower_in(crate::lexicon::words::COMPANY_ABBREVIATIONS, next);
    let shape = is_capitalized(next) && next.chars().any(char::is_lowercase);
    if !shape || company || in_any(next, words) {
        return None;
    }
    if in_major_name(ctx, end + 1) {
        return None;
    }
    let after = end + 1 + next.len();
    if word_after(text, after).is_some_and(|w| text[after..].starts_with(' ') && is_capitalized(w))
    {
        return None;
    }
    crate::lexicon::names::person_name(next)
        .map(|n| n.surname)
        .filter(|s| *s > 0.0)
}

/// Whether the name at `start..end` follows a title that makes it a
/// person's ([`person_title`]).
fn titled_at(text: &str, start: usize, end: usize) -> bool {
    let prev = words_before(text, start, 1).first().copied();
    person_title(text, start, prev, &text[start..end]).is_some()
}

/// The title before the name `surface` at `start` that makes it a
/// person's, as the honorific rule reads one: an honorific ("Mr"), a title
/// or role written out with a capital ("President Jackson", "Judge
/// Garland": the same evidence as "Gen. Jackson"), or, with no word before
/// it (the word list stops at a full stop as at a sentence's end), a title
/// with its full stop ("Mr. Ancona", "Lt. Lohr"). `prev` is the word
/// before the name (a hashtag body's, in one).
fn person_title<'t>(
    text: &'t str,
    start: usize,
    prev: Option<&'t str>,
    surface: &'t str,
) -> Option<Reason<'t>> {
    match prev {
        Some(w) if in_any(w, List::Honorific) || capitalised_title(w) => {
            Some(Reason::Person(w, surface))
        }
        Some(_) => None,
        None => crate::lexicon::words::title_before_full_stop(text, start)
            .map(|title| Reason::PersonTitled(title, surface)),
    }
}

/// The honorific rule one word further back: the name follows, across one
/// space, a capitalised word that itself follows a title as
/// [`person_title`] reads one ("President Xi Jinping", "Sen. Mitt Romney",
/// "Premier Li Keqiang"): the last word of a titled person's name, whose
/// given name the lexicon may lack. Not when that word is itself a title,
/// a month or a weekday, a major place's name ("President Obama" before
/// "Washington Post"), a function word, or a common English word that is
/// not a name of the person lexicon at 1 per million or more ("General
/// Motors"). `before` is the words before the name, nearest first.
fn titled_before_name<'t>(
    text: &'t str,
    c: &Candidate,
    ctx: &NameContext<'_, '_>,
    before: &[&'t str],
    surface: &'t str,
) -> Option<Reason<'t>> {
    let (&word, rest) = before.split_first()?;
    // (The cheap tests first: most names have no title two words back.)
    let at = c.start.checked_sub(word.len() + 1)?;
    let one_space = text.get(at..c.start - 1)? == word && text[c.start - 1..].starts_with(' ');
    if !one_space || !is_capitalized(word) {
        return None;
    }
    person_title(text, at, rest.first().copied(), word)?;
    let not_name = Lists::of(&[
        List::Title,
        List::PersonTitle,
        List::Honorific,
        List::Calendar,
    ]);
    // A common word counts only as a name of the person lexicon ("Xi",
    // "Li") that is not a function word (a headline's "Officer At
    // Portland"): "General Motors", "General Assembly" are no one's names.
    let name_like = || {
        !in_any(word, List::Common)
            || (crate::lexicon::names::person_name(word)
                .is_some_and(|n| n.given.max(n.surname) >= 1.0)
                && !crate::lexicon::words::is_function_word_or_auxiliary(word))
    };
    let ok = !in_any(word, not_name) && name_like() && !other_major(text, c, ctx, word, false);
    ok.then_some(Reason::Person(word, surface))
}

/// [`Cue::SurnameSpeechVerb`] for a one-word name of a big city that is not
/// a national capital, before a verb of speech (the caller checks the
/// name's size and the preposition before it).
fn surname_before_speech_verb(
    best: &PlaceRef<'_>,
    f: &SurfaceFacts,
    next: Option<&str>,
    ev: &mut NameEvidence,
) {
    if best.kind() != Kind::City || !next.is_some_and(|w| in_any(w, List::SpeechVerb)) {
        return;
    }
    let Some(surname) = f.person.map(|n| n.surname).filter(|s| *s > 0.0) else {
        return;
    };
    if !super::local::is_capital(best.place_id()) {
        ev.x[Cue::SurnameSpeechVerb as usize] = (1.0 + surname).log10();
    }
}

/// The reason of [`Resolver::news_word_filter`].
const NEWS_WORD_NOT_LOCAL: &str = "a name the news rarely writes as a place, for a small place or as another name of a city, with nothing local in the text (no place near it or in its division)";

/// A news filter's verdict: the name is no place mention (`why`) unless
/// the model keeps it or the text gives the `local` support the filter asks
/// for; the answer reads that support ([`NameEvidence::reads_local`]).
fn exclude_unless(local: bool, why: &'static str, ev: &mut NameEvidence<'_>) {
    ev.reads_local = true;
    if !local {
        ev.unless_excluded = Some(why);
    }
}

/// The reason of [`Resolver::news_size_filter`].
const NEWS_SIZE_NOT_LOCAL: &str = "a name the news writes far more often than its places' size explains (another thing's name), with nothing in the text right around it (no cue, no place within 30 km)";

/// A town, a second-level division, a minor kind, or a city under 100,000
/// people: what the common-word rules hold to local support.
fn minor_settlement(best: &PlaceRef<'_>) -> bool {
    matches!(best.kind(), Kind::Town | Kind::Admin2 | Kind::Other)
        || (best.kind() == Kind::City && !super::big_city(best))
}

/// [`Cue::NewsRarelyPlace`] (and [`Cue::NewsRarelyPlaceAlternate`] for an
/// alternate name; [`Cue::NewsRarelyPlaceBigCityWord`] for a big city
/// named with a word of the lexicons that nothing in the text supports):
/// how much more often the news writes a one-word name capitalised than
/// after a locative, for a name that would resolve to a minor kind of
/// place, with no locative before it and not a hashtag (call after
/// [`NameEvidence::observe`]).
fn news_rarely_place(
    (text, c): (&str, &Candidate),
    f: &SurfaceFacts,
    best: &PlaceRef<'_>,
    ev: &mut NameEvidence,
) {
    if !minor_place(best) || !f.one_word {
        return;
    }
    let x = |cue: Cue| ev.x[cue as usize] > 0.0;
    if x(Cue::Locative) || x(Cue::Hashtag) {
        return;
    }
    let Some(usage) = f.news else {
        return;
    };
    let rarely = usage.rarely_place();
    let (main, supported) = (x(Cue::MainName), x(Cue::Supported));
    ev.x[Cue::NewsRarelyPlace as usize] = rarely;
    // "N. Dakota": a direction before the name makes the longer name.
    let fragment = usage.fragment();
    if fragment > 0.0 && crate::lexicon::words::direction_before(text, c.start).is_none() {
        ev.x[Cue::NewsFragment as usize] = fragment;
    }
    if !main {
        ev.x[Cue::NewsRarelyPlaceAlternate as usize] = rarely;
    }
    if !supported && super::recognize::big_city_not_capital(best) {
        let word = lexicon_word_weight((text, c), f, rarely);
        ev.x[Cue::NewsRarelyPlaceBigCityWord as usize] = word;
    }
}

/// [`Cue::NewsRarelyPlaceBigCityWord`]'s value for a name the news rarely
/// writes as a place (`rarely`): all of it for a common English word; for
/// a name of the person-name lexicon, no more than log10(1 + its larger
/// frequency), and nothing after "the", which English writes before no
/// person's name ("the Bronx"); 0 for any other name.
fn lexicon_word_weight((text, c): (&str, &Candidate), f: &SurfaceFacts, rarely: f32) -> f32 {
    if f.common_word {
        return rarely;
    }
    let the = || word_before(text, c.start).is_some_and(|w| w.eq_ignore_ascii_case("the"));
    match f.person {
        Some(n) if !the() => rarely.min(super::recognize::lexicon_value(n.given.max(n.surname))),
        _ => 0.0,
    }
}

/// A lower-case surname particle ([`crate::lexicon::words::SURNAME_PARTICLES`])
/// right before a city's or a town's name, after an English word in lower
/// case or after punctuation ("against de Lima", "week, de Lima said"):
/// the name is a person's surname. After a capitalised word the particle is
/// inside a whole name ("Stade de France", "Leila de Lima": the other rules
/// read those), and after a word English lacks it is another language's
/// "of" ("sous le ciel de Paris"). `words` are [`words_before`] the name.
fn surname_particle<'t>(words: &[&'t str], best: &PlaceRef<'_>) -> Option<&'t str> {
    let (&particle, rest) = words.split_first()?;
    // Most words before a name are no particle: asked first.
    let listed = crate::lexicon::words::SURNAME_PARTICLES.contains(&particle);
    let town = || matches!(best.kind(), Kind::City | Kind::Town);
    let english_before = || {
        rest.first()
            .is_none_or(|w| !is_capitalized(w) && in_any(w, List::Common))
    };
    (listed && town() && english_before()).then_some(particle)
}

/// Characters of Windows-1252 at 0x80-0x9F: with a UTF-8 lead byte read as
/// Latin-1 before them, they are mojibake ("â€™").
const CP1252_HIGH: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

/// Whether a token holds a mis-encoded letter: the replacement character
/// U+FFFD ("F��in"), or UTF-8 read as Latin-1 or Windows-1252 ("FÃ©in": a
/// lead byte Â-ß before a continuation byte, U+0080-U+00BF or its
/// Windows-1252 reading).
fn misencoded(token: &str) -> bool {
    if token.contains('\u{FFFD}') {
        return true;
    }
    let mut prev = ' ';
    token.chars().any(|ch| {
        let lead = ('\u{C2}'..='\u{DF}').contains(&prev);
        prev = ch;
        lead && (('\u{80}'..='\u{BF}').contains(&ch) || CP1252_HIGH.contains(ch))
    })
}

/// Whether a name is glued to a letter lost to mis-encoding: exactly two
/// replacement characters (the two bytes of an accented letter) right after
/// it, or right before it after a letter ("Se��n", "Caol��in"). One
/// replacement character, or three, is as often a lost apostrophe, quote or
/// dash ("Glasgow�s", "�Cairo", "China�apparently"): not a letter.
fn glued_to_lost_letter(text: &str, c: &Candidate) -> bool {
    const TWO: &str = "\u{FFFD}\u{FFFD}";
    let after = text[c.end..]
        .strip_prefix(TWO)
        .is_some_and(|r| !r.starts_with('\u{FFFD}'));
    let before = text[..c.start].strip_suffix(TWO).is_some_and(|r| {
        r.chars()
            .next_back()
            .is_some_and(|ch| ch.is_alphabetic() && ch != '\u{FFFD}')
    });
    after || before
}

/// A name that is part of a mis-encoded word or name: glued to a letter
/// lost to mis-encoding ("Se��n" is not Se), a filter; or followed, across
/// one space, by a capitalised word with a mis-encoded letter ("Sinn
/// F��in", "Sinn FÃ©in"): [`Rule::NameAfter`], which the word lookup
/// misses because it stops at the broken letter.
fn misencoded_word<'t>(
    text: &'t str,
    c: &Candidate,
    best: &PlaceRef<'_>,
    ev: &mut NameEvidence<'t>,
) {
    if glued_to_lost_letter(text, c) && ev.filtered.is_none() {
        ev.filtered = Some("part of a longer word with a mis-encoded letter");
        return;
    }
    if matches!(best.kind(), Kind::Country | Kind::Continent) {
        return;
    }
    let Some(rest) = text[c.end..].strip_prefix(' ') else {
        return;
    };
    let next = rest.split(char::is_whitespace).next().unwrap_or("");
    if next.starts_with(|ch: char| ch.is_ascii_uppercase()) && misencoded(next) {
        let surface = &text[c.start..c.end];
        ev.fire(Rule::NameAfter, Reason::PartOfName(surface, next), false);
    }
}

impl Resolver<'_> {
    /// The evidence that a name which would resolve to `ctx.best` is a
    /// common word or part of a person's name rather than a place: every
    /// rule that fires, in order, and the lexicon's word on the name.
    pub(super) fn name_evidence<'t>(
        &self,
        text: &'t str,
        c: &Candidate,
        ctx: &NameContext<'_, 't>,
    ) -> NameEvidence<'t> {
        let mut ev = NameEvidence::default();
        let best = ctx.best;
        if ctx.kind != MentionKind::Toponym {
            return ev;
        }
        // A link is not prose: not even a cue elsewhere makes it a mention.
        // The filter overrides the model's verdict, but the evidence is
        // still gathered, so training sees the name as it would without the
        // filter and the model's intercept does not move.
        if inside_link(text, c.start, c.end) {
            ev.filtered = Some("inside a web address, an e-mail address or an @handle");
        }
        if ctx.cued {
            return ev;
        }
        let f = SurfaceFacts::of(&text[c.start..c.end]);
        ev.observe_with(text, c, best, ctx.supported, &f);
        ev.country_unnamed(best, ctx.supported, || ctx.names_another_country());
        ev.code_after_place(self.gazetteer, text, c);
        // A postal code on its own reads as its state or province only after
        // a place of that unit ("Boston, MA"), a locative ("in NJ") or as a
        // hashtag ("#NJ": a tag names a topic). Elsewhere it is mostly
        // another acronym or a word: of the codes the unannotated 50 MB news
        // corpus gained from them, a seeded sample of 25 had 8 places ("OK",
        // "BC" of dates, "AR technology", "DC Comics", "VA health care" were
        // not). (A cue in place of this filter learns no weight of its own:
        // the corpora have too few such codes to move it off its prior; see
        // docs/TRAINING.md, "Postal codes as hashtags".)
        // A form that is also a gazetteer abbreviation of another unit
        // ("WA": Washington's code, Western Australia's abbreviation) is
        // filtered only when it would read as the code's unit.
        let postal_only = (f.code).is_some_and(|s| {
            s.city.is_none() && s.postal.is_some_and(|u| u.place_id == best.place_id())
        });
        // (`observe` has read the word before, a locative, and the hashtag.)
        // A direction written before the code ("North GA", "Western NY",
        // "SE #VA") anchors it too: a compass point qualifies a place.
        let anchored = [Cue::Locative, Cue::CodeAfterPlace, Cue::Hashtag]
            .iter()
            .any(|&cue| ev.x[cue as usize] > 0.0);
        if postal_only
            && !anchored
            && crate::lexicon::words::direction_before(text, c.start).is_none()
        {
            ev.filtered = Some(
                "a postal code on its own, with no place of its unit, locative, hashtag or direction before it",
            );
        }
        self.word_rules(text, c, (ctx, &f), &mut ev);
        // The word after the name, read once for the rules that ask (in a
        // hashtag's body, the body's next word: "Under" in
        // "#GazaUnderAttack").
        let (prev_in_body, next_in_body) =
            crate::lexicon::hashtags::body_neighbours(text, c.start, c.end);
        let next = next_in_body.or_else(|| word_after(text, c.end));
        people_and_place_cues(self.gazetteer, text, c, ctx, (next, &f), &mut ev);
        major_place_person_cues(self.gazetteer, text, c, ctx, &f, &mut ev);
        news_rarely_place((text, c), &f, best, &mut ev);
        misencoded_word(text, c, best, &mut ev);
        if f.all_caps() || matches!(best.kind(), Kind::Country | Kind::Continent) {
            // A dateline or a headline in capitals, or a nation: neighbours
            // say nothing.
            return ev;
        }
        non_place_noun_before(text, c, best, &mut ev);
        self.person_rules(text, c, (ctx, &f), (prev_in_body, next), &mut ev);
        self.news_word_filter((text, c), ctx, &f, &mut ev);
        self.news_size_filter(c, ctx, &f, &mut ev);
        ev
    }

    /// The news-word filter: a one-word name that no rule fired on, that
    /// the news rarely writes as a place
    /// ([`crate::lexicon::names::NewsUsage::rarely_word`]: "Arab", "Nokia",
    /// "Harvard") and that is no common person's name, with nothing local
    /// in the text for its place, is no place mention when it names a
    /// minor settlement (and is no common English word) or is an alternate
    /// name of a city that is no national capital ("Hamas" for Hamm,
    /// "Google" for Topeka), after no locative of [`NEWS_LOCATIVES`], the
    /// ones the news count reads ("thanks to Obama", "a researcher at
    /// Harvard", "#Obama" say nothing for the place): what the common-word
    /// rules ask of a common English word, asked of a name the news uses
    /// for a people, an organisation, a brand or one famous person. A
    /// common person's name is left to the person cues (the news's count
    /// of it mixes many people: "Ferguson"), and a user's place to the
    /// user. A filter, not a rule the model weighs, and one that yields to
    /// the model's own verdict ([`NameEvidence::unless_excluded`]): the
    /// model's training sees the name as it would without it, so its
    /// weights for the news-usage cues stay what the annotated corpora
    /// make them, and a person's name that the model finds keeps that
    /// reason, which speaks for the name's other mentions.
    fn news_word_filter(
        &self,
        (text, c): (&str, &Candidate),
        ctx: &NameContext<'_, '_>,
        f: &SurfaceFacts,
        ev: &mut NameEvidence<'_>,
    ) {
        let news_word = self
            .news_filter_usage(ctx, f, ev)
            .is_some_and(|u| u.rarely_word());
        if !news_word || f.person.is_some_and(|n| n.is_common()) {
            return;
        }
        let best = ctx.best;
        // The news's count of the word is not of the place, and only a
        // locative that the count reads speaks for it ("a meeting in
        // Ghent"; not "rockets from Hamas", "engineers at Google", "thanks
        // to Obama"), nor does a hashtag, which names a topic ("#Obama").
        if word_before(text, c.start).is_some_and(|w| lower_in(NEWS_LOCATIVES, w)) {
            return;
        }
        let minor = minor_settlement(best) && !f.bare.common;
        // An alternate name of a city that is no national capital ("Hamas"
        // for Hamm, "Google" for Topeka).
        let alternate = ev.x[Cue::MainName as usize] == 0.0
            && best.kind() == Kind::City
            && !super::local::is_capital(best.place_id());
        if minor || alternate {
            exclude_unless(ctx.local, NEWS_WORD_NOT_LOCAL, ev);
        }
    }

    /// The news table's row for a one-word name that the news filters may
    /// still judge: no filter or rule has decided it, and it is no user's
    /// place (which is the user's to judge).
    fn news_filter_usage(
        &self,
        ctx: &NameContext<'_, '_>,
        f: &SurfaceFacts,
        ev: &NameEvidence<'_>,
    ) -> Option<crate::lexicon::names::NewsUsage> {
        let decided = ev.filtered.is_some() || ev.unless_excluded.is_some() || !ev.fired.is_empty();
        let open = f.one_word && !decided && !self.gazetteer.is_user_place(ctx.best.id);
        f.news.filter(|_| open)
    }

    /// The news-size filter: a one-word name of small places only, that no
    /// rule fired on and that the news writes on its own far more often
    /// than the biggest of them could explain
    /// ([`crate::lexicon::names::NewsUsage::beyond_size`]: "Congress", a
    /// town of 1,975 people, alone in 786 of the news corpus's documents),
    /// with nothing right around its place in the text
    /// ([`super::evidence::Scored::near_support`]: a named state is not
    /// enough), is no place mention: the news's use of the word is another
    /// thing's, whatever locative comes before it ("in Congress"). A name
    /// that can also mean a major place ([`super::is_major`]: "London" of
    /// London, Kentucky) is left to the resolver, as is a place of unknown
    /// size or a user's place. A filter that yields to the model's
    /// verdict, as [`Resolver::news_word_filter`] is.
    fn news_size_filter(
        &self,
        c: &Candidate,
        ctx: &NameContext<'_, '_>,
        f: &SurfaceFacts,
        ev: &mut NameEvidence<'_>,
    ) {
        let Some(usage) = self.news_filter_usage(ctx, f, ev) else {
            return;
        };
        if !minor_settlement(ctx.best) {
            return;
        }
        let mut biggest = 0;
        for p in c.entries.iter().filter_map(|e| e.place) {
            let place = self.gazetteer.place(p);
            if super::is_major(&place) {
                return;
            }
            biggest = biggest.max(place.population());
        }
        if usage.beyond_size(biggest) == Some(true) {
            exclude_unless(ctx.near, NEWS_SIZE_NOT_LOCAL, ev);
        }
    }

    /// Months and holidays, common words, small places without support.
    fn word_rules<'t>(
        &self,
        text: &'t str,
        c: &Candidate,
        (ctx, f): (&NameContext<'_, 't>, &SurfaceFacts),
        ev: &mut NameEvidence<'t>,
    ) {
        let best = ctx.best;
        let user_place = self.gazetteer.is_user_place(best.id);
        let nation = matches!(best.kind(), Kind::Country | Kind::Continent);
        let surface = &text[c.start..c.end];
        let single = f.one_word;
        if single && f.bare.calendar {
            ev.fire(Rule::Calendar, "a month, weekday or holiday name", false);
        } else if single && crate::lexicon::words::abbreviation_in_date(surface, &text[c.end..]) {
            ev.fire(
                Rule::Calendar,
                "a weekday or month abbreviation in a date",
                false,
            );
        }
        let big_city = super::big_city(best);
        let common = single && !nation && f.bare.common;
        if common {
            // The word before: a locative, a determiner.
            let prev = word_before(text, c.start);
            let locative = prev.is_some_and(|w| in_any(w, List::Locative));
            let determiner = prev.filter(|w| in_any(w, List::Determiner));
            let minor = minor_settlement(best);
            // "the Pacific": a name that can mean an ocean, a region or a
            // nation is that, not a common word.
            let broad = || {
                c.entries.iter().filter_map(|e| e.place).any(|p| {
                    matches!(
                        self.gazetteer.place(p).kind(),
                        Kind::Region | Kind::Sea | Kind::Country | Kind::Continent
                    )
                })
            };
            if let Some(d) = determiner.filter(|_| minor && !user_place && !broad()) {
                let why = Reason::CommonAfterDeterminer(d, surface);
                ev.fire(Rule::CommonAfterDeterminer, why, false);
            }
            let division = matches!(best.kind(), Kind::Admin1 | Kind::Admin2);
            let regional = matches!(best.kind(), Kind::Region | Kind::Sea | Kind::Road);
            let ok = locative
                || regional
                || big_city
                || (ctx.supported && (best.kind() == Kind::City || division));
            if sentence_initial(text, c.start) && !(big_city && ctx.supported) {
                let why = "a common word at the start of a sentence";
                ev.fire(Rule::CommonInitial, why, false);
            } else if !ok && !user_place {
                let why = Reason::CommonUnsupported(*best);
                ev.fire(Rule::CommonUnsupported, why, false);
            } else if minor && !user_place && ev.x[Rule::CommonAfterDeterminer as usize] == 0.0 {
                // What the rules above let through (a locative before it, a
                // small city in a named country) with nothing local for it.
                ev.reads_local = true;
                if !ctx.local {
                    let why = Reason::CommonNotLocal(*best);
                    ev.fire(Rule::CommonWordMinorNotLocal, why, false);
                }
            }
        }
        if best.kind() == Kind::Town && !ctx.supported && !user_place && best.population() < 5_000 {
            let why = Reason::SmallUnsupported(*best);
            ev.fire(Rule::SmallUnsupported, why, false);
        }
    }

    /// Honorifics, speech verbs and capitalised neighbours that make a
    /// person's (or another) name; `around` is the hashtag body's word
    /// before the name, if it stands in one
    /// ([`crate::lexicon::hashtags::body_neighbours`]), and the word after
    /// it (the body's, or [`word_after`]).
    fn person_rules<'t>(
        &self,
        text: &'t str,
        c: &Candidate,
        (ctx, f): (&NameContext<'_, '_>, &SurfaceFacts),
        around: (Option<&'t str>, Option<&'t str>),
        ev: &mut NameEvidence<'t>,
    ) {
        let (in_body, next) = around;
        let best = ctx.best;
        let major = is_major(best);
        let surface = &text[c.start..c.end];
        let single = f.one_word;
        let common = single && f.bare.common;
        // The (up to three) words before, read once: the nearest for the
        // rules here, all for [`Resolver::name_before`].
        // In a hashtag's body, the body's previous word ("For" in
        // "#PrayForGaza"), not the glued run before the name.
        let plain = words_before(text, c.start, 3);
        let before: &[&'t str] = in_body.as_ref().map_or(&plain, std::slice::from_ref);
        let prev = before.first().copied();
        if let Some(why) = person_title(text, c.start, prev, surface) {
            ev.fire(Rule::Honorific, why, true);
        } else if let Some(why) = titled_before_name(text, c, ctx, before, surface) {
            ev.fire(Rule::Honorific, why, true);
        } else if single
            && text[c.end..].starts_with(". ")
            && f.bare.title_abbreviation
            // After ". " (two bytes): the word after the full stop.
            && word_after(text, c.end + 2).is_some_and(is_capitalized)
        {
            let why = Reason::TitleAbbreviation(surface);
            ev.fire(Rule::Honorific, why, true);
        }
        let prepositions = Lists::of(&[List::Locative, List::OtherPreposition]);
        let after_preposition = prev.is_some_and(|w| in_any(w, prepositions));
        if single
            && !major
            && !after_preposition
            && matches!(
                best.kind(),
                Kind::Town | Kind::City | Kind::Admin2 | Kind::Other
            )
            && next.is_some_and(|w| in_any(w, List::SpeechVerb))
        {
            let why = Reason::Person(surface, next.unwrap_or(""));
            ev.fire(Rule::SpeechVerb, why, true);
        } else if single && major && !after_preposition {
            surname_before_speech_verb(best, f, next, ev);
        }
        let surname = f.person.is_some_and(|n| n.surname > 0.0);
        if let Some((why, person)) = self.name_before(text, c, ctx, (common, surname), before) {
            ev.fire(Rule::NameBefore, why, person);
        }
        if let Some(n) = next.filter(|_| !dash_after(text, c.end)) {
            let name_like = !in_any(n, List::Common);
            // A small place named like a given name, before a capitalised
            // word, is a person ("Donald Trump").
            let given = single && !major && f.bare.first_name;
            if (name_like || common || given) && !neutral(n) && !other_major(text, c, ctx, n, true)
            {
                let why = Reason::PartOfName(surface, n);
                ev.fire(Rule::NameAfter, why, name_like);
            }
        }
    }

    /// A capitalised word before the name that makes it part of a person's
    /// name ("Vladimir Putin", "Nelson Mandela", "Ragip Soylu"); a place
    /// named by a common word is part of any capitalised run ("Food and Drug
    /// Administration"). Titles, months, kind cues and other major places do
    /// not count. `words` are the (up to three) words before the name
    /// ([`words_before`]); `common` and `surname`: whether the name is a
    /// common word, and a surname of the lexicon. The flag returned says
    /// whether the name is a person's (for its other mentions).
    fn name_before<'t>(
        &self,
        text: &'t str,
        c: &Candidate,
        ctx: &NameContext<'_, '_>,
        (common, surname): (bool, bool),
        words: &[&'t str],
    ) -> Option<(Reason<'t>, bool)> {
        let surface = &text[c.start..c.end];
        if let Some(particle) = surname_particle(words, ctx.best) {
            return Some((Reason::PartOfName(particle, surface), true));
        }
        let mut before: &[&'t str] = words;
        while before
            .first()
            .is_some_and(|w| in_any(w, List::NameParticle))
        {
            before = &before[1..];
        }
        let p = *before.first()?;
        let start_of_sentence = {
            let at = crate::lexicon::text::rfind_before(text, c.start, p).unwrap_or(0);
            sentence_initial(text, at)
        };
        let name_like = !in_any(p, List::Common);
        // A common word that is also a common given name ("Bob", "John",
        // "Grant") before a minor place's name is the given name:
        // "candidate Bob Romney". (A major place's is left
        // to the learned [`Cue::GivenBeforeMajor`].) It makes the name a
        // person's elsewhere in the text only when the name is a surname of
        // the lexicon: "Winter White House", "Summer Davos" are other
        // places.
        // At a sentence's start too ("John Dickson said"), unless the word
        // can be a verb or a function word there ("Will Dickson ...?").
        let opener = || crate::lexicon::words::is_function_word_or_auxiliary(p);
        let given =
            !is_major(ctx.best) && in_any(p, List::FirstName) && (!start_of_sentence || !opener());
        // A common word written with a capital inside a sentence, before
        // a surname of the lexicon, is a given name the lexicon lacks
        // ("Mitt Romney": "mitt" is a common word).
        // Not a word that leads a place's name ("Fort", "West", "Hospital"),
        // and not inside a run of capitalised words (a headline, a title:
        // "Ahead Of His Broadway Debut"), nor inside a hashtag's body
        // ("#PrayForFerguson").
        let run_starts = before
            .get(1)
            .is_none_or(|w| !is_capitalized(w) || in_any(w, TITLES));
        let unlisted_given = surname
            && !name_like
            && !start_of_sentence
            && matches!(ctx.best.kind(), Kind::Town | Kind::City)
            && !is_major(ctx.best)
            && run_starts
            && !opener()
            && text[..c.start].ends_with(' ')
            && !crate::lexicon::words::place_name_lead(p);
        let counts = name_like || given || unlisted_given || (common && !start_of_sentence);
        let place_before =
            other_major(text, c, ctx, p, false) && !self.given_name_before_minor(p, c, ctx);
        (counts && !neutral(p) && !place_before).then_some((
            Reason::PartOfName(p, surface),
            name_like || (given && surname) || unlisted_given,
        ))
    }

    /// Whether a major place's name `p` before a minor place's name is a
    /// given name there ("Nelson Mandela": Nelson is a New Zealand region
    /// and a given name): a given name of the lexicon whose places contain
    /// no sense of the name (as "Austin Texas" would), so it does not keep
    /// the name from being a person's.
    fn given_name_before_minor(&self, p: &str, c: &Candidate, ctx: &NameContext<'_, '_>) -> bool {
        let given = crate::lexicon::names::person_name(p).is_some_and(|n| n.given > 0.0);
        given && !is_major(ctx.best) && !contains_a_sense(self.gazetteer, p, c)
    }

    /// Why a candidate is not a place mention, if it is not.
    /// A name made only of direction words ("West", "South-West",
    /// "Central") names a division only with a kind cue ("West Region",
    /// "Province of Western"); otherwise it is a direction or the first word
    /// of a longer name ("West Prince", "North London").
    fn compass_only(&self, text: &str, c: &Candidate, f: &SurfaceFacts) -> Option<String> {
        let surface = &text[c.start..c.end];
        if !f.compass_only {
            return None;
        }
        // Regions and seas are named by direction words ("Middle East").
        let divisions_only = c.entries.iter().filter_map(|e| e.place).all(|p| {
            matches!(
                self.gazetteer.place(p).kind(),
                Kind::Admin1 | Kind::Admin2 | Kind::City | Kind::Town
            )
        });
        if !divisions_only {
            return None;
        }
        let cue_words = CueWords::around(text, c);
        let cues = cue_words.cues();
        if cues.after.is_some() || cues.before.is_some() {
            return None;
        }
        Some(format!("direction word without a kind cue (\"{surface}\")"))
    }

    pub(super) fn exclusion(&self, text: &str, c: &Candidate) -> Option<String> {
        if c.is_blocker() {
            let form = c
                .entries
                .iter()
                .find(|e| e.form_kind == FormKind::Blocker)
                .map(|e| e.form.as_str())
                .unwrap_or("");
            return Some(format!("organisation or publication name ({form})"));
        }
        let surface = &text[c.start..c.end];
        let f = SurfaceFacts::of(surface);
        if let Some(why) = self.compass_only(text, c, &f) {
            return Some(why);
        }
        // "US$1 million", "$US 15 billion", "A$", "HK$".
        if text[c.end..].starts_with('$') || text[..c.start].ends_with('$') {
            return Some(format!("part of a currency (\"{surface}$\")"));
        }
        if f.contraction {
            return Some(format!("a contraction (\"{surface}\")"));
        }
        // "University", "College", "Council" alone: the head of an
        // organisation's name ("Ohio State University").
        if f.org_head {
            return Some(format!("an organisation word (\"{surface}\")"));
        }
        let after = words_after(text, c.end, 2);
        let next = after.first()?;
        // Most next words are no head word and no capitalised participle
        // ("Unpacked"): told by the remembered lists and the bytes, without
        // lower-casing the word.
        let heads = Lists::of(&[List::DiseaseHead, List::OrgHead, List::FeatureHead]);
        let b = next.as_bytes();
        let participle =
            !next.is_ascii() || (b.len() > 5 && b[b.len() - 2..].eq_ignore_ascii_case(b"ed"));
        if !participle && !in_any(next, heads) {
            return None;
        }
        with_lower(next, |lower| next_word_exclusion(text, c, &after, lower))
    }
}

/// Places a direction before the name qualifies as a part of them ("W.
/// Africa", "Western NY", "SE Asia"): countries, continents, regions, seas
/// and first-level divisions.
fn has_parts(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Country | Kind::Continent | Kind::Region | Kind::Sea | Kind::Admin1
    )
}

impl Resolver<'_> {
    /// Widens a mention of a country, continent, region, sea or first-level
    /// division to the direction written right before it
    /// ([`crate::lexicon::words::direction_before`]): "W. Africa" is one
    /// mention, of a part of Africa, not a mention of "Africa" after a
    /// stray "W.". When the gazetteer names a place by the abbreviation
    /// written out ("Southeast Asia" for "SE Asia", "West Africa" for "W.
    /// Africa", "North Dakota" for "N. Dakota"), the mention is that place
    /// (whatever the bare name meant); otherwise it stays on the named
    /// place, of which it is a part. A mention inside the direction ("NE",
    /// Nebraska's code, in "NE Ohio") gives way to the wider one.
    pub(super) fn widen_to_directions(&self, text: &str, mentions: &mut Vec<Mention>) {
        let mut i = 0;
        while i < mentions.len() {
            let m = &mentions[i];
            let dir = (m.kind == MentionKind::Toponym)
                .then(|| crate::lexicon::words::direction_before(text, m.start))
                .flatten();
            let Some(dir) = dir else {
                i += 1;
                continue;
            };
            let named =
                (dir.written_out).and_then(|w| self.named_with_direction(w, &text[m.start..m.end]));
            let part = m
                .place
                .is_some_and(|p| has_parts(self.gazetteer.place(p).kind()));
            let inside = i > 0 && mentions[i - 1].end > dir.start;
            if (named.is_none() && !part) || (inside && mentions[i - 1].start < dir.start) {
                i += 1;
                continue;
            }
            if inside {
                mentions.remove(i - 1);
                i -= 1;
            }
            let m = &mut mentions[i];
            let written = &text[dir.start..dir.end];
            m.char_start -= text[dir.start..m.start].chars().count();
            m.start = dir.start;
            m.text = text[m.start..m.end].to_string();
            match named {
                Some(p) => {
                    let place = self.gazetteer.place(p);
                    m.reason = format!(
                        "{} {}: \"{written}\" written out",
                        place.kind().as_str(),
                        place.name()
                    );
                    m.candidates.retain(|&c| c != p);
                    m.candidates.insert(0, p);
                    m.place = Some(p);
                }
                None => m
                    .reason
                    .push_str(&format!("; a part of it (\"{written}\")")),
            }
            i += 1;
        }
    }

    /// The country, continent, region, sea or first-level division the
    /// gazetteer names by a compass abbreviation written out before `name`
    /// (`point` or `adjective`: "Southeast Asia", "Western Africa"); the
    /// most populous when several, the first of them on a tie.
    fn named_with_direction(
        &self,
        (point, adjective): (&str, &str),
        name: &str,
    ) -> Option<PlaceId> {
        let mut best: Option<(u64, PlaceId)> = None;
        for word in [point, adjective].into_iter().filter(|w| !w.is_empty()) {
            let entries = self.gazetteer.key_entries(&format!("{word} {name}"));
            for (p, form_kind, _) in entries {
                let Some(p) = p.filter(|_| form_kind == FormKind::Name) else {
                    continue;
                };
                let place = self.gazetteer.place(p);
                if has_parts(place.kind()) && best.is_none_or(|(n, _)| place.population() > n) {
                    best = Some((place.population(), p));
                }
            }
        }
        best.map(|(_, p)| p)
    }
}

/// Why the word after a name makes it part of a longer name that is not a
/// place ("Ebola virus", "Tahrir Institute", "Turkey Unpacked"), if it
/// does; `after` are the (up to two) words after the name, `lower` the
/// first in lower case.
fn next_word_exclusion(text: &str, c: &Candidate, after: &[&str], lower: &str) -> Option<String> {
    let next = after.first()?;
    if in_list(DISEASE_HEADS, lower) {
        return Some(format!(
            "name of a disease (\"{} {}\")",
            &text[c.start..c.end],
            next
        ));
    }
    if !is_capitalized(next) || next.chars().all(char::is_uppercase) && next.len() > 4 {
        return None;
    }
    let surface = &text[c.start..c.end];
    let why = if in_list(ORG_HEADS, lower) {
        format!("part of the name \"{surface} {next}\"")
    } else if in_list(FEATURE_HEADS, lower) {
        format!("part of the place name \"{surface} {next}\", which the gazetteer lacks")
    } else {
        // "Turkey Unpacked": a capitalised participle that ends the phrase
        // makes the place name the title of something.
        let phrase_ends = after.get(1).is_none_or(|w| !is_capitalized(w));
        if !(phrase_ends && lower.len() > 5 && lower.ends_with("ed") && cue_after(lower).is_none())
        {
            return None;
        }
        format!("part of the title \"{surface} {next}\"")
    };
    // In a title-case line (a headline) none of these says anything. The
    // line is read last, and only for a word that would exclude the name:
    // it reads up to 400 bytes of text.
    (!title_case_line(text, c.start)).then_some(why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{Gazetteer, Place};
    use crate::matcher::Matcher;
    use crate::resolve::{Resolved, Weights};

    fn city(id: &str, name: &str, alt: &[&str], population: u64) -> Place {
        let mut p = Place::new(id, Kind::City, name, 30.0, 10.0);
        p.country = "XX".into();
        p.population = population;
        p.names = alt.iter().map(|a| a.to_string()).collect();
        p
    }

    /// A gazetteer of `places` alone (user places).
    fn gazetteer_of(places: &[Place]) -> Gazetteer {
        let mut g = Gazetteer::empty();
        g.push_places(places, &[], &[]).unwrap();
        g
    }

    fn resolve(g: &Gazetteer, text: &str) -> Resolved {
        let m = Matcher::new(g).find(text);
        Resolver::new(g)
            .weights(Weights::hand_set())
            .record_senses(true)
            .resolve(&m)
    }

    /// The value of `cue` for the name at byte `start` of `text`.
    fn cue(r: &Resolved, text: &str, start: usize, cue: Cue) -> f32 {
        let start = text[..start].chars().count();
        let n = r.names.iter().find(|n| n.char_start == start);
        n.unwrap_or_else(|| panic!("no name at {start}: {:?}", r.names))
            .x[cue as usize]
    }

    /// The value of `cue` for the first `name` in `text`.
    fn cue_of(g: &Gazetteer, text: &str, name: &str, cue_: Cue) -> f32 {
        cue(&resolve(g, text), text, text.find(name).unwrap(), cue_)
    }

    /// [`Rule::NameBefore`] for a common word written with a capital inside
    /// a sentence before a town named by a surname of the lexicon: a given
    /// name the lexicon lacks ("Mitt" is a common word). Not at a
    /// sentence's start, not a word that leads a place's name, not inside
    /// a run of capitalised words or a hashtag's body, not for a big city.
    #[test]
    fn a_capitalised_common_word_before_a_surname_is_a_given_name() {
        assert!(in_any("Mitt", List::Common) && !in_any("Mitt", List::FirstName));
        let places = [
            city("t:romney", "Romney", &[], 1_800),
            city("c:romney", "Bigromney", &["Ramsey"], 2_000_000),
        ];
        let g = gazetteer_of(&places);
        let fired = |text: &str, name: &str| cue_of(&g, text, name, Cue::NameBefore);
        assert_eq!(fired("The nominee Mitt Romney spoke.", "Romney"), 1.0);
        assert_eq!(fired("He met Senator Mitt Romney there.", "Romney"), 1.0);
        for text in [
            "Mitt Romney spoke.",
            "They drove to Fort Romney today.",
            "They drove to West Romney today.",
            "News Ahead Of Mitt Romney Debut",
            "We watched #MittRomney today.",
            "He went In Romney today.",
        ] {
            assert_eq!(fired(text, "Romney"), 0.0, "{text}");
        }
        assert_eq!(fired("The nominee Mitt Ramsey spoke.", "Ramsey"), 0.0);
    }

    /// [`Rule::NameBefore`] for a lower-case surname particle after an
    /// English word or punctuation ("against de Lima"), not after another
    /// language's word ("ciel de Lima"), not for the article "la", and not
    /// before a country's name. (After a capitalised word, "Stade de Lima",
    /// the capitalised-neighbour rule decides.)
    #[test]
    fn a_surname_particle_makes_a_surname() {
        let places = [
            city("c:lima", "Lima", &[], 8_000_000),
            Place::new("p:fr", Kind::Country, "France", 46.0, 2.0),
        ];
        let g = gazetteer_of(&places);
        let fired = |text: &str, name: &str| cue_of(&g, text, name, Cue::NameBefore);
        assert_eq!(fired("Charges against de Lima were filed.", "Lima"), 1.0);
        assert_eq!(fired("That week, de Lima said no.", "Lima"), 1.0);
        assert_eq!(fired("He spoke with von Lima.", "Lima"), 1.0);
        for text in [
            "Sous le ciel de Lima.",
            "He flew to Lima.",
            "They rode the Tour la Lima.",
        ] {
            assert_eq!(fired(text, "Lima"), 0.0, "{text}");
        }
        assert_eq!(fired("They rode against de France.", "France"), 0.0);
    }

    /// [`Cue::LeaderNounAfter`]: a small place's name before a noun that a
    /// leader's name modifies, across a space or a hyphen; not for a big
    /// city, not across other punctuation.
    #[test]
    fn a_small_place_before_a_leader_noun() {
        let places = [
            city("t:obama", "Obama", &[], 29_000),
            city("c:houston", "Houston", &[], 2_300_000),
        ];
        let g = gazetteer_of(&places);
        for (text, name, fired) in [
            ("The Obama administration said no.", "Obama", 1.0),
            ("An Obama-era rule went.", "Obama", 1.0),
            ("The Obama presidency ended.", "Obama", 1.0),
            ("The Obama police said no.", "Obama", 0.0),
            ("In Obama. Administration staff left.", "Obama", 0.0),
            ("The Houston administration said no.", "Houston", 0.0),
        ] {
            let x = cue_of(&g, text, name, Cue::LeaderNounAfter);
            assert_eq!(x, fired, "{text}");
        }
    }

    /// [`Rule::NonPlaceNounBefore`]: a lower-case noun of a company, club,
    /// vessel or planet right before the name, across one space, rules it
    /// out; a person's trade makes it a person's for its other mentions.
    /// Not across punctuation, not a capitalised or compound word that ends
    /// so, not for a country or a first-level division ("champions
    /// France"), and a place's own kind noun is a cue, not this rule.
    #[test]
    fn a_company_club_or_ship_noun_before_a_name() {
        let mut state = city("a:toyama", "Toyama", &[], 1_000_000);
        state.kind = Kind::Admin1;
        let mut nation = city("n:france", "France", &[], 67_000_000);
        nation.kind = Kind::Country;
        let places = [
            city("c:toyota", "Toyota", &[], 420_000),
            city("t:chelsea", "Chelsea", &[], 40_000),
            state,
            nation,
        ];
        let g = gazetteer_of(&places);
        for (text, name, fired) in [
            ("Japanese carmaker Toyota will invest.", "Toyota", 1.0),
            ("The club Toyota won.", "Toyota", 1.0),
            ("The frigate Toyota sank.", "Toyota", 1.0),
            ("He met singer Chelsea there.", "Chelsea", 1.0),
            ("The company, Toyota, will invest.", "Toyota", 0.0),
            ("Carmaker Toyota will invest.", "Toyota", 1.0),
            ("The Carmaker Toyota will invest.", "Toyota", 0.0),
            ("The shipmaker Toyota will invest.", "Toyota", 0.0),
            ("The city Toyota will invest.", "Toyota", 0.0),
            ("Defending champions France won.", "France", 0.0),
            ("The firm Toyama will invest.", "Toyama", 0.0),
        ] {
            let r = resolve(&g, text);
            let start = text.find(name).unwrap();
            let x = cue(&r, text, start, Rule::NonPlaceNounBefore);
            assert_eq!(x, fired, "{text}");
        }
        // The person's trade speaks for the name's other mentions.
        let text = "He met singer Chelsea there. Later Chelsea left.";
        let r = resolve(&g, text);
        assert!(r.mentions.iter().all(|m| m.text != "Chelsea"), "{r:?}");
        let why = &r.excluded.iter().find(|n| n.text == "Chelsea").unwrap().why;
        assert!(why.contains("a person (\"singer Chelsea\")"), "{why}");
    }

    /// The honorific rule one word back ([`titled_before_name`]): the last
    /// word of a titled person's name, also after a title with its full
    /// stop and after a given name that is a common word of the person
    /// lexicon; not after a common word that is no one's name, a function
    /// word, or across punctuation.
    #[test]
    fn a_name_two_words_after_a_title() {
        let places = [
            city("t:jinping", "Jinping", &[], 20_000),
            city("t:romney", "Romney", &[], 2_000),
            city("c:detroit", "Detroit", &[], 670_000),
        ];
        let g = gazetteer_of(&places);
        let honorific = |text: &str, name: &str| cue_of(&g, text, name, Cue::Honorific);
        for (text, name, fired) in [
            ("Chinese President Xi Jinping met them.", "Jinping", 1.0),
            ("Premier Li Jinping spoke.", "Jinping", 1.0),
            ("Sen. Qwzx Romney spoke.", "Romney", 1.0),
            ("The General Motors Detroit plant closed.", "Detroit", 0.0),
            ("The Police Officer At Detroit Protest", "Detroit", 0.0),
            ("President Xi, Jinping said.", "Jinping", 0.0),
            ("President Obama met Xi Jinping.", "Jinping", 0.0),
        ] {
            assert_eq!(honorific(text, name), fired, "{text}");
        }
    }

    /// A given name before a surname is a person's inside a CamelCase
    /// hashtag as in text, before a surname that is also a big city, and
    /// before a division that holds none of the name's senses or only a
    /// minor one ("George Washington"); a division that holds the sense the
    /// name would take still blocks the cue ("Austin Texas").
    #[test]
    fn a_given_name_before_a_surname_in_hashtags_and_before_city_names() {
        let mut michael = Place::new("a:michael", Kind::Admin1, "Michael", 54.3, -4.6);
        michael.country = "IM".into();
        let jackson = city("c:jackson", "Jackson", &[], 150_000);
        let mut washington = Place::new("a:washington", Kind::Admin1, "Washington", 47.0, -120.0);
        washington.country = "US".into();
        let mut austin = city("c:austin", "Austin", &[], 900_000);
        austin.country = "US".into();
        austin.admin1 = "Texas".into();
        let mut texas = Place::new("a:texas", Kind::Admin1, "Texas", 31.0, -99.0);
        texas.country = "US".into();
        // A big George abroad and a small one in Washington.
        let mut george = city("c:george", "George", &[], 190_000);
        george.country = "ZA".into();
        let mut little_george = city("c:george-wa", "George", &[], 500);
        little_george.country = "US".into();
        little_george.admin1 = "Washington".into();
        let places = [
            michael,
            jackson,
            washington,
            austin,
            texas,
            george,
            little_george,
        ];
        let g = gazetteer_of(&places);
        let at = |text: &str, name: &str| cue_of(&g, text, name, Cue::GivenThenSurname);
        assert!(at("the shooting of #MichaelBrown, a vigil", "Michael") > 2.0);
        assert!(at("jammin to Michael Jackson on the radio", "Michael") > 2.0);
        assert!(at("from Michael Washington came news", "Michael") > 2.0);
        assert_eq!(at("we drove from Austin Texas to the coast", "Austin"), 0.0);
        // A division that holds only a minor namesake, not the sense the
        // name would take, does not block it.
        assert!(at("a portrait of George Washington hung there", "George") > 2.0);
        // A municipality-sized division is as open to the person-name
        // lexicon as a town (the Isle of Man's divisions average 24 km²).
        let r = resolve(&g, "Yesterday Michael said no.");
        assert!(cue(&r, "Yesterday Michael said no.", 10, Cue::GivenName) > 0.0);
        // A middle initial stands between the given name and the surname.
        assert!(at("then Michael J. Jackson said", "Michael") > 2.0);
        assert_eq!(at("then Michael J. Xqzv said", "Michael"), 0.0);
    }

    /// A nation's name that the text wrote earlier as a given name before a
    /// surname ("Georgia Stevens") is a person's there and later (one
    /// sense per discourse for people); not after "Georgia Power" (a
    /// common word), "Jordan Inc" (a company's form), "Jordan Spain" (a
    /// major place), "Jordan Baker Road" (a longer name), nor before the
    /// full name.
    #[test]
    fn a_nations_name_written_before_as_a_given_name_is_a_person() {
        let mut georgia = Place::new("n:ge", Kind::Country, "Georgia", 42.0, 43.5);
        georgia.country = "GE".into();
        let mut jordan = Place::new("n:jo", Kind::Country, "Jordan", 31.0, 36.0);
        jordan.country = "JO".into();
        let mut spain = Place::new("n:es", Kind::Country, "Spain", 40.0, -4.0);
        spain.country = "ES".into();
        let g = gazetteer_of(&[georgia, jordan, spain]);
        let at = |text: &str, name: &str, nth: usize| {
            let r = resolve(&g, text);
            cue(
                &r,
                text,
                text.match_indices(name).nth(nth).unwrap().0,
                Cue::PersonNamedBefore,
            )
        };
        let text = "Nine-year-old Georgia Stevens skates well. Later Georgia won the cup.";
        assert!(at(text, "Georgia", 1) > 1.0);
        assert_eq!(at(text, "Georgia", 0), 0.0);
        let text = "Later Georgia won the cup. Nine-year-old Georgia Stevens skates well.";
        assert_eq!(at(text, "Georgia", 0), 0.0);
        for text in [
            "The firm Georgia Power grew. Later Georgia won the cup.",
            "The firm Jordan Inc grew. Later Jordan won the cup.",
            "They drove from Jordan Spain to home. Later Jordan won the cup.",
            "They drove on Jordan Baker Road home. Later Jordan won the cup.",
        ] {
            let name = if text.contains("Georgia") {
                "Georgia"
            } else {
                "Jordan"
            };
            assert_eq!(at(text, name, 1), 0.0, "{text}");
        }
    }

    /// A nation's or a big city's name after a given name is a person's,
    /// and so is its later bare mention; a function word, a direction word,
    /// a common word at a sentence's start, or a place that contains the
    /// name, before it is no given name; a nation's name before a surname
    /// is a person's given name.
    #[test]
    fn people_named_like_nations_and_big_cities() {
        let mut cameroon = Place::new("n:cm", Kind::Country, "Cameroon", 6.0, 12.5);
        cameroon.country = "CM".into();
        cameroon.names = vec!["Cameron".into()];
        let mut jordan = Place::new("n:jo", Kind::Country, "Jordan", 31.0, 36.0);
        jordan.country = "JO".into();
        let mut warren = city("c:warren", "Warren", &[], 134_000);
        warren.country = "US".into();
        warren.admin1 = "Michigan".into();
        let mut michigan = Place::new("a:mi", Kind::Admin1, "Michigan", 44.3, -85.5);
        michigan.country = "US".into();
        let g = gazetteer_of(&[cameroon, jordan, warren, michigan]);
        let at = |text: &str, name: &str, nth: usize, c: Cue| {
            let r = resolve(&g, text);
            cue(&r, text, text.match_indices(name).nth(nth).unwrap().0, c)
        };
        let text = "Then David Cameron met the press. Cameron said no. Cameroon won.";
        assert!(at(text, "Cameron", 0, Cue::GivenBeforeMajor) > 1.5);
        assert_eq!(at(text, "Cameron", 0, Cue::PersonNamedBefore), 0.0);
        assert!(at(text, "Cameron", 1, Cue::PersonNamedBefore) > 1.5);
        assert_eq!(at(text, "Cameron", 1, Cue::GivenBeforeMajor), 0.0);
        // After a title earlier in the text: a person's name, there and
        // later, whatever its given name.
        let text = "Then Judge Warren spoke. Later Warren ruled. Michigan voted.";
        assert!(at(text, "Warren", 1, Cue::PersonTitledInText) > 2.0);
        assert_eq!(at(text, "Warren", 1, Cue::PersonNamedBefore), 0.0);
        let text = "Later Warren ruled. Then Judge Warren spoke.";
        assert!(at(text, "Warren", 0, Cue::PersonTitledInText) > 2.0);
        let text = "Then the judge in Warren spoke. Later Warren ruled.";
        assert_eq!(at(text, "Warren", 1, Cue::PersonTitledInText), 0.0);
        // Another name, not written after a given name, is not touched.
        let text = "Then David Cameron spoke. Cameroon won.";
        assert_eq!(at(text, "Cameroon", 0, Cue::PersonNamedBefore), 0.0);
        let text = "when Elizabeth Warren spoke about taxes";
        assert!(at(text, "Warren", 0, Cue::GivenBeforeMajor) > 2.0);
        for text in [
            "he recorded The Cameron Sessions",
            "it is in West Jordan today",
            "Will Jordan sign the deal?",
            "we left Michigan Warren behind",
        ] {
            let name = if text.contains("Jordan") {
                "Jordan"
            } else {
                "Warren"
            };
            let name = if text.contains("Cameron") {
                "Cameron"
            } else {
                name
            };
            assert_eq!(at(text, name, 0, Cue::GivenBeforeMajor), 0.0, "{text}");
        }
        let text = "then Jordan Henderson scored; Jordan Great Again";
        assert!(at(text, "Jordan", 0, Cue::NationGivenThenSurname) > 2.0);
        assert_eq!(at(text, "Jordan", 1, Cue::NationGivenThenSurname), 0.0);
        assert_eq!(at(text, "Jordan", 0, Cue::GivenThenSurname), 0.0);
    }

    /// [`Resolver::news_word_filter`]: a name the news rarely writes as a
    /// place ("Arab": the town in Alabama) with nothing local in the text
    /// is no place; a locative the news count reads ("in", "near",
    /// "outside", "across", "around") or a place of its state in the text
    /// lets the model judge it, another locative or a hashtag does not; a
    /// common person's name ("Ferguson") is left to the person cues; a
    /// user's place to the user. So for an alternate name of a city
    /// ("Hamas" for Hamm).
    #[test]
    fn a_name_the_news_rarely_writes_as_a_place_needs_local_support() {
        let usage = |w: &str| crate::lexicon::names::news_usage(w).unwrap();
        assert!(usage("Arab").rarely_word() && usage("Ferguson").rarely_word());
        assert!(!usage("Aleppo").rarely_word() && !usage("Cologne").rarely_word());
        fn filtered_in(g: &Gazetteer, text: &str, name: &str) -> bool {
            let m = Matcher::new(g).find(text);
            let r = Resolver::new(g).weights(Weights::hand_set()).resolve(&m);
            let why = r.excluded.iter().find(|n| n.text == name).map(|n| &*n.why);
            why == Some(NEWS_WORD_NOT_LOCAL)
        }
        let g = Gazetteer::embedded().unwrap();
        let filtered = |text: &str, name: &str| filtered_in(&g, text, name);
        for text in [
            "Arab leaders met in Cairo on Monday.",
            "The Arab world watched.",
            "The fair moved to Arab last year.",
            "The news from #Arab today.",
        ] {
            assert!(filtered(text, "Arab"), "{text}");
        }
        for text in [
            "The fair moved near Arab last year.",
            "Arab and Huntsville, Alabama, sent crews.",
            "The fair moved to Arab, Alabama, last year.",
        ] {
            assert!(!filtered(text, "Arab"), "{text}");
        }
        assert!(!filtered("Ferguson spoke on Monday.", "Ferguson"));
        // An alternate name of a city that is no national capital ("Hamas"
        // for Hamm): a locative the news count does not read speaks for
        // nothing.
        assert!(filtered("Rockets from Hamas hit the town.", "Hamas"));
        let mut arab = Place::new("u:arab", Kind::Town, "Arab", 34.3, -86.5);
        arab.country = "US".into();
        let user = gazetteer_of(&[arab]);
        assert!(!filtered_in(&user, "Arab leaders met on Monday.", "Arab"));
    }

    /// [`Resolver::news_size_filter`]: a name of small places only that
    /// the news writes on its own far more often than the biggest of them
    /// explains ("Congress": a town of 1,975 people in Arizona) is no place
    /// after a locative either, unless the text places it right there (a
    /// cue, a place within 30 km); a state named is not enough. A name
    /// that can mean a major place is left to the resolver.
    #[test]
    fn a_name_the_news_writes_beyond_its_places_size_needs_a_place_near_it() {
        let usage = |w: &str| crate::lexicon::names::news_usage(w).unwrap();
        assert_eq!(usage("Congress").beyond_size(1_975), Some(true));
        assert_eq!(usage("Congress").beyond_size(0), None);
        assert_eq!(usage("Aleppo").beyond_size(1_602_264), Some(false));
        let g = Gazetteer::embedded().unwrap();
        let why = |text: &str, name: &str| {
            let m = Matcher::new(&g).find(text);
            let r = Resolver::new(&g).resolve(&m);
            let found = r.mentions.iter().any(|m| m.text == name);
            let excluded = r
                .excluded
                .iter()
                .find(|n| n.text == name)
                .map(|n| n.why.to_string());
            (found, excluded)
        };
        let text = "Voters in Arizona and Texas asked the United States to act. The bill \
                    died in Congress on Friday, and Congress went home.";
        let (found, excluded) = why(text, "Congress");
        assert!(!found, "{excluded:?}");
        assert_eq!(excluded.as_deref(), Some(NEWS_SIZE_NOT_LOCAL));
        for text in [
            "The rodeo in Congress, Arizona, drew riders. Congress has one school.",
            "The rodeo in Congress drew riders from Wickenburg and Yarnell.",
        ] {
            let (found, excluded) = why(text, "Congress");
            assert!(found, "{text}: {excluded:?}");
        }
    }

    /// [`dash_after`]: a spaced or doubled hyphen is punctuation, a
    /// compound's hyphen is not.
    #[test]
    fn a_dash_between_spaces_parts_a_name_from_the_next_word() {
        let parted =
            |text: &str, name: &str| dash_after(text, text.find(name).unwrap() + name.len());
        assert!(parted("Clacton, Essex - Aseany Duncan", "Essex"));
        assert!(parted("at the White House -- Trudeau", "House"));
        assert!(parted("from Leipzig -Bernhard", "Leipzig"));
        assert!(!parted("the Essex-Aseany line", "Essex"));
        assert!(!parted("Nelson Mandela", "Nelson"));
        assert!(!parted("#GazaUnderAttack", "Gaza"));
    }

    #[test]
    fn mis_encoded_letters_are_told_apart_from_accents() {
        assert!(misencoded("F\u{FFFD}\u{FFFD}in"));
        assert!(misencoded("F\u{c3}\u{a9}in"));
        for ok in ["Fein", "Féin", "Ólafur", "São", "Zürich", "Ñandú"] {
            assert!(!misencoded(ok), "{ok}");
        }
    }

    #[test]
    fn a_name_before_a_mis_encoded_name_or_glued_to_a_lost_letter_is_not_a_place() {
        let g = gazetteer_of(&[
            city("p:sinn", "Sinn", &[], 20_000),
            city("p:se", "Se", &[], 20_000),
        ]);
        let text = "Sinn F\u{FFFD}\u{FFFD}in met. Sinn F\u{c3}\u{a9}in met. Sinn \u{c2}\u{a3}8 \
                    went. Judge Se\u{FFFD}\u{FFFD}n went. Se\u{FFFD}s trip.";
        let r = resolve(&g, text);
        let at = |s: &str, nth: usize| text.match_indices(s).nth(nth).unwrap().0;
        // Both spellings of a broken "Féin" after Sinn; not "£8".
        assert_eq!(cue(&r, text, at("Sinn", 0), Cue::NameAfter), 1.0);
        assert_eq!(cue(&r, text, at("Sinn", 1), Cue::NameAfter), 1.0);
        assert_eq!(cue(&r, text, at("Sinn", 2), Cue::NameAfter), 0.0);
        let excluded = |start: usize| {
            (r.excluded.iter())
                .find(|e| e.start == start)
                .map(|e| e.why.as_str())
        };
        assert_eq!(
            excluded(at("Se", 0)),
            Some("part of a longer word with a mis-encoded letter")
        );
        // One replacement character is as often a lost apostrophe.
        assert!(
            r.mentions.iter().any(|m| m.start == at("Se", 1)),
            "{:?}",
            r.excluded
        );
    }

    #[test]
    fn news_usage_says_how_rarely_a_name_is_a_place() {
        let g = gazetteer_of(&[
            city("p:obama", "Obama", &[], 29_000),
            city("p:hamm", "Hamm", &["Hamas"], 180_000),
        ]);
        let text = "Obama promises. Talks in Obama. Hamas fired. #Obama wins.";
        let r = resolve(&g, text);
        let at = |s: &str, nth: usize| text.match_indices(s).nth(nth).unwrap().0;
        let rarely = |w: &str| crate::lexicon::names::news_usage(w).unwrap().rarely_place();
        assert!(rarely("Obama") > 2.0 && rarely("Hamas") > 1.0);
        assert_eq!(
            cue(&r, text, at("Obama", 0), Cue::NewsRarelyPlace),
            rarely("Obama")
        );
        // The main name: no alternate-name evidence.
        assert_eq!(
            cue(&r, text, at("Obama", 0), Cue::NewsRarelyPlaceAlternate),
            0.0
        );
        // After a locative, or as a hashtag, the news does not speak.
        assert_eq!(cue(&r, text, at("Obama", 1), Cue::NewsRarelyPlace), 0.0);
        assert_eq!(cue(&r, text, at("Obama", 2), Cue::NewsRarelyPlace), 0.0);
        let hamas = at("Hamas", 0);
        assert_eq!(cue(&r, text, hamas, Cue::NewsRarelyPlace), rarely("Hamas"));
        assert_eq!(
            cue(&r, text, hamas, Cue::NewsRarelyPlaceAlternate),
            rarely("Hamas")
        );
        // Hamas is no word of the lexicons; Obama is no big city.
        assert_eq!(cue(&r, text, hamas, Cue::NewsRarelyPlaceBigCityWord), 0.0);
        let obama = at("Obama", 0);
        assert_eq!(cue(&r, text, obama, Cue::NewsRarelyPlaceBigCityWord), 0.0);
    }

    /// A word the news writes mostly inside longer names ("Santa" of
    /// "Santa Barbara" and "Santa Claus") carries how much more often, on
    /// its own and with no locative before it; a name the news writes on
    /// its own ("Aleppo") carries little.
    #[test]
    fn a_word_the_news_writes_inside_longer_names_is_a_fragment() {
        let g = gazetteer_of(&[
            city("p:santa", "Santa", &[], 6_874),
            city("p:aleppo", "Aleppo", &[], 60_000),
        ]);
        let fragment = |w: &str| crate::lexicon::names::news_usage(w).unwrap().fragment();
        assert!(fragment("Santa") > 0.9, "{}", fragment("Santa"));
        assert!(fragment("Aleppo") < 0.2, "{}", fragment("Aleppo"));
        let text = "Thanks Santa. Talks in Santa. Shelling hit Aleppo.";
        let r = resolve(&g, text);
        let at = |s: &str, nth: usize| text.match_indices(s).nth(nth).unwrap().0;
        assert_eq!(
            cue(&r, text, at("Santa", 0), Cue::NewsFragment),
            fragment("Santa")
        );
        assert_eq!(cue(&r, text, at("Santa", 1), Cue::NewsFragment), 0.0);
        assert_eq!(
            cue(&r, text, at("Aleppo", 0), Cue::NewsFragment),
            fragment("Aleppo")
        );
    }

    #[test]
    fn a_big_city_named_with_a_word_weighs_its_news_usage() {
        let g = gazetteer_of(&[
            city("p:george", "George", &[], 190_000),
            city("p:knysna", "Knysna", &[], 77_000),
            Place {
                country: "XX".into(),
                ..Place::new("p:za", Kind::Country, "South Africa", -29.0, 25.0)
            },
        ]);
        let big = |text: &str| cue_of(&g, text, "George", Cue::NewsRarelyPlaceBigCityWord);
        let rarely = |w: &str| crate::lexicon::names::news_usage(w).unwrap().rarely_place();
        assert!(rarely("George") > 1.0);
        assert_eq!(big("George was late again."), rarely("George"));
        // After a locative, supported by a place nearby, or its country
        // named: the text speaks for the city.
        assert_eq!(big("They drove to George."), 0.0);
        assert_eq!(big("George was late. Knysna was too."), 0.0);
        assert_eq!(big("George was late. South Africa mourns."), 0.0);
        // A person's name takes no article.
        assert_eq!(big("A night in the George was late."), 0.0);
        // A rare surname of the lexicon (a football club's name): its
        // frequency, not the news usage, bounds the cue.
        let g = gazetteer_of(&[city("p:liverpool", "Liverpool", &[], 860_000)]);
        let person = crate::lexicon::names::person_name("Liverpool").unwrap();
        let lexicon = super::super::recognize::lexicon_value(person.given.max(person.surname));
        assert!(rarely("Liverpool") > 1.0);
        assert!(lexicon < 1.0);
        let text = "Liverpool won again.";
        let at_start = cue_of(&g, text, "Liverpool", Cue::NewsRarelyPlaceBigCityWord);
        assert_eq!(at_start, lexicon);
    }

    /// [`Cue::AlternateCommonPersonName`]: a one-word alternate name that
    /// is a common person's name, whatever supports the place; not the
    /// place's main name, not a word of its main name (a county's short
    /// form), not a rare name, not a country's name.
    #[test]
    fn an_alternate_name_that_is_a_common_persons_name() {
        let mut county = city("a:chilton", "Chilton County", &["Chilton"], 40_000);
        county.kind = Kind::Admin2;
        let mut nation = city("n:holland", "Netherlands", &["Holland"], 17_000_000);
        nation.kind = Kind::Country;
        let places = [
            city("c:elpaso", "El Paso", &["Franklin", "Vonn"], 680_000),
            city("t:franklin", "Franklinton", &[], 9_000),
            city("c:calhoun", "Calhoun", &[], 20_000),
            county,
            nation,
        ];
        let g = gazetteer_of(&places);
        let fired = |text: &str, name: &str| cue_of(&g, text, name, Cue::AlternateCommonPersonName);
        assert_eq!(fired("Franklin said so.", "Franklin"), 1.0);
        assert_eq!(fired("Franklin said so in El Paso.", "Franklin"), 1.0);
        for (text, name) in [
            ("Calhoun said so.", "Calhoun"),
            ("Vonn won the race.", "Vonn"),
            ("Storms hit Chilton on Monday.", "Chilton"),
            ("They flew to Holland on Monday.", "Holland"),
        ] {
            assert_eq!(fired(text, name), 0.0, "{text}");
        }
    }
}
