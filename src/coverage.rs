//! Mention coverage: what a text names, what was mapped, what was missed (being written).
