//! The folders of `content/` whose files are one page each: a word that loading, the site
//! model, checks and routes all use, so it lives below them all.

/// The sections of `content/` whose files are one page each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Years,
    Plans,
    Boards,
    Topics,
}

impl Section {
    pub const ALL: [Section; 4] = [Section::Years, Section::Plans, Section::Boards, Section::Topics];

    /// The folder name under `content/`, also the URL segment.
    pub fn dir(self) -> &'static str {
        match self {
            Section::Years => "years",
            Section::Plans => "plans",
            Section::Boards => "boards",
            Section::Topics => "topics",
        }
    }
}
