//! `otok doctor [PROFILE]`: what is wrong with the set-up, each check a line.

use anyhow::Result;

use crate::cli::{Cli, DoctorArgs};

pub fn run(_cli: &Cli, _args: &DoctorArgs) -> Result<()> {
    Err(crate::error::config("otok doctor is not built yet").into())
}
