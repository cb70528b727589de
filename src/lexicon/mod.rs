//! Word tables that are not places but help decide what a name is: the
//! codes and press abbreviations of US states and Canadian provinces
//! ([`codes`]), how common a word is as a person's given name or surname, and
//! how an unannotated news corpus uses a capitalised word, as a person's
//! name or a place's ([`names`]; `gazetteer/news_names.tsv`, made by
//! `gazetteer/news_names.py`).
//!
//! Both are built by `gazetteer/build.py` from `../shared/gazetteer-sources`
//! (`us-ca-admin1-codes`, `person-names-us-census-ssa`) into
//! `gazetteer/admin1_codes.tsv` and `gazetteer/person_names.tsv.gz`, and
//! compiled by the build script into static tables: looking a word up costs
//! no parsing at start-up.
//!
//! Where a hashtag's body splits into words is [`hashtags`].
//!
//! The hand-kept word lists (calendar words, titles, direction words, head
//! words, the coverage report's lists) are in [`words`], and the text helpers
//! the resolver and the coverage report share (offsets, the words next to a
//! span, capitalisation) in [`text`]. Which of the resolver's lists a word
//! is in, remembered per word, is [`facts`].

pub mod codes;
pub mod facilities;
pub mod facts;
pub mod hashtags;
pub(crate) mod memo;
pub mod names;
pub mod text;
pub mod words;
