//! `geomention coverage` (being written).

use clap::Args;

#[derive(Debug, Args)]
pub struct CoverageArgs {}

pub fn run(_args: CoverageArgs) -> anyhow::Result<()> {
    anyhow::bail!("geomention coverage is not available yet")
}
