//! nianbao (年报): a static site generator for bilingual annual-report digests.
//!
//! The pipeline reads top to bottom, one module per stage, each importing only those before
//! it: [`load`] (files to raw types) -> [`validate`] (raw types to the [`model`], and every
//! other check) -> [`render`] (model and [`theme`] to output files in memory) -> [`publish`]
//! (sitemap, feeds, link check) -> [`write`] (files to disk, swapped into place).
//! [`pipeline`] assembles them once for every command; [`commands`] and [`serve`] are the
//! commands, and only parse arguments and print. Below them all: [`error`] (diagnostics),
//! [`lang`] and [`section`] (the words every stage uses), and [`routes`], where every output
//! file lives. `ARCHITECTURE.md` draws the layers.

pub mod cli;
pub mod commands;
pub mod error;
pub mod harvest;
pub mod lang;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod publish;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod section;
pub mod serve;
pub mod synth;
pub mod terminal;
pub mod theme;
pub mod validate;
pub mod write;

pub use error::{Diagnostic, Error, Result};

pub use commands::run;
