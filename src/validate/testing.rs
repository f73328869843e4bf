//! Helpers for the checks' unit tests: raw content parsed from YAML written in the test, and
//! the minimal fixture site (`tests/fixtures/minimal`), loaded and validated in memory.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, InputFile};
use crate::load::{self, Loaded, RawContent};
use crate::model::Site;

/// `yaml` parsed as the loader parses `content/<name>`, keeping its text for messages.
pub fn loaded<T: DeserializeOwned>(name: &str, yaml: &str) -> Loaded<T> {
    let path = Path::new("content").join(name);
    let value = load::yaml::parse(&path, yaml, 0).unwrap_or_else(|d| panic!("{d}"));
    Loaded { file: Arc::new(InputFile::new(path, yaml)), value }
}

/// The minimal fixture's content, loaded.
pub fn fixture_content() -> RawContent {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    load::load(&load::Fence::new(&root).unwrap(), &root.join("content")).unwrap_or_else(|d| panic!("{d:?}"))
}

/// The minimal fixture site, validated (its theme taken as present).
pub fn fixture_site() -> Site {
    super::validate(fixture_content(), &["default".to_string()]).unwrap_or_else(|d| panic!("{d:?}"))
}

/// The messages of `diags`, for assertions.
pub fn messages(diags: &[Diagnostic]) -> Vec<&str> {
    diags.iter().map(|d| d.message.as_str()).collect()
}
