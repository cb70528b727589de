//! Scoring against gold annotations (being written).
