//! `geomention gazetteer` and the loading of user gazetteers (being written).

use std::path::Path;

use clap::Subcommand;
use geomention::Gazetteer;

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {}

pub fn run(cmd: GazetteerCommand) -> anyhow::Result<()> {
    match cmd {}
}

/// Loads one user gazetteer file and stacks it on `g`.
pub fn load_into(_g: &mut Gazetteer, path: &Path, _quiet: bool) -> anyhow::Result<()> {
    anyhow::bail!("{}: user gazetteers are not supported yet", path.display())
}
