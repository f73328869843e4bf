//! Watching the project: notify's file events, debounced, sorted into [`Change`]s.
//!
//! An editor's save is rarely one event: many write a temporary file and rename it over the
//! original, some move the original to a backup first. notify-debouncer-full pairs the rename
//! events and holds every event for [`DEBOUNCE`]; [`changes`] then folds what is left per file
//! (removed then added is an edit; added then removed is nothing) and drops the editor's
//! temporary files, so one save is one change and one rebuild.
//!
//! The whole `themes/` folder is watched, so that switching the theme in `site.yaml` needs no
//! new watch; [`Scope`] keeps only the changes to `content/` and to the active theme.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::event::{EventKind, ModifyKind, RenameMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer};

use crate::error::{Error, Result};
use crate::load::is_noise;

/// How long events are held so that a burst of them becomes one change.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// How often the debouncer looks for events older than [`DEBOUNCE`].
pub const TICK: Duration = Duration::from_millis(5);

/// What happened to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Edited,
    Removed,
    /// Renamed from the path held here.
    Renamed(PathBuf),
    /// The system dropped events (too many at once): anything under the path may have changed.
    Missed,
}

/// A change to a file of the project, its path relative to the project folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: PathBuf,
    pub kind: ChangeKind,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            ChangeKind::Added => write!(f, "added {path}"),
            ChangeKind::Edited => write!(f, "edited {path}"),
            ChangeKind::Removed => write!(f, "removed {path}"),
            ChangeKind::Renamed(from) => write!(f, "renamed {} to {path}", from.display()),
            ChangeKind::Missed => write!(f, "missed some changes under {path}"),
        }
    }
}

impl Change {
    /// Whether the change may be the first half of a save still under way.
    pub fn may_continue(&self) -> bool {
        matches!(self.kind, ChangeKind::Removed | ChangeKind::Renamed(_))
    }
}

/// The folders whose changes matter: `content/`, `sources/` and the active theme's folder.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The project folder, absolute: event paths are absolute.
    pub root: PathBuf,
    /// The theme the last build used; `None` after a failed build (then any theme counts).
    pub theme: Option<String>,
}

impl Scope {
    /// The path relative to the project folder, if a change there matters.
    fn relevant(&self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
        let inside = match parts.next()?.as_ref() {
            "content" | "sources" => true,
            "themes" => match (parts.next(), &self.theme) {
                (Some(name), Some(active)) => name == active.as_str(),
                (Some(_), None) => true,
                (None, _) => false,
            },
            _ => false,
        };
        let noisy = rel.components().any(|c| {
            let name = c.as_os_str().to_string_lossy();
            is_noise(&name) || name == "4913" // vim's probe for whether it may write the folder
        });
        (inside && !noisy).then(|| rel.to_path_buf())
    }
}

/// Watches `content/`, `themes/` and, when it exists, `sources/` under `root` (absolute), calling `on_events` with each
/// debounced batch of events. Watching stops when the returned value is dropped.
pub fn start(root: &Path, mut on_events: impl FnMut(Vec<DebouncedEvent>) + Send + 'static) -> Result<Debouncer<notify::RecommendedWatcher, RecommendedCache>> {
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => on_events(events),
        Err(errors) => {
            for e in errors {
                eprintln!("warning: watching for changes: {e}");
            }
        }
    };
    let refused = |what: &Path, e: notify::Error| Error::refused(format!("cannot watch {} for changes", what.display())).because(e);
    let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), handler).map_err(|e| refused(root, e))?;
    for dir in ["content", "themes", "sources"] {
        let path = root.join(dir);
        // The sources' texts are optional (they feed the source pages' coverage tables).
        if dir == "sources" && !path.is_dir() {
            continue;
        }
        debouncer.watch(&path, notify::RecursiveMode::Recursive).map_err(|e| refused(&path, e))?;
    }
    Ok(debouncer)
}

/// The changes a batch of events amounts to, in the order first seen, one per file.
pub fn changes(events: &[DebouncedEvent], scope: &Scope) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for event in events {
        if event.need_rescan() {
            out.push(Change { path: PathBuf::from("content"), kind: ChangeKind::Missed });
            continue;
        }
        let paths = &event.paths;
        match event.kind {
            EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => {}
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => note(&mut out, scope, paths.last(), ChangeKind::Added),
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From)) => note(&mut out, scope, paths.first(), ChangeKind::Removed),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) if paths.len() == 2 => {
                match (scope.relevant(&paths[0]), scope.relevant(&paths[1])) {
                    (Some(from), Some(to)) => out.push(Change { path: to, kind: ChangeKind::Renamed(from) }),
                    // Saved through a temporary file: the file now holds new text.
                    (None, Some(_)) => note(&mut out, scope, paths.get(1), ChangeKind::Edited),
                    // Moved away to a backup: gone, until the editor writes it again.
                    (Some(_), None) => note(&mut out, scope, paths.first(), ChangeKind::Removed),
                    (None, None) => {}
                }
            }
            EventKind::Modify(ModifyKind::Name(_)) => {
                for p in paths {
                    let kind = if p.exists() { ChangeKind::Added } else { ChangeKind::Removed };
                    note(&mut out, scope, Some(p), kind);
                }
            }
            _ => {
                for p in paths {
                    note(&mut out, scope, Some(p), ChangeKind::Edited);
                }
            }
        }
    }
    out
}

/// Adds a change, folded into an earlier change of the same file.
fn note(out: &mut Vec<Change>, scope: &Scope, path: Option<&PathBuf>, kind: ChangeKind) {
    let Some(path) = path.and_then(|p| scope.relevant(p)) else { return };
    let Some(i) = out.iter().position(|c| c.path == path) else {
        out.push(Change { path, kind });
        return;
    };
    use ChangeKind::*;
    match (&out[i].kind, kind) {
        // A file that came and went within one batch: nothing happened.
        (Added, Removed) => {
            out.remove(i);
        }
        (Removed, Added) | (Removed, Edited) => out[i].kind = Edited,
        (Renamed(_), Removed) | (Edited, Removed) => out[i].kind = Removed,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind};
    use std::time::Instant;

    fn scope() -> Scope {
        Scope { root: PathBuf::from("/p"), theme: Some("default".into()) }
    }

    fn ev(kind: EventKind, paths: &[&str]) -> DebouncedEvent {
        let mut e = notify::Event::new(kind);
        e.paths = paths.iter().map(PathBuf::from).collect();
        DebouncedEvent::new(e, Instant::now())
    }

    fn shown(events: &[DebouncedEvent]) -> Vec<String> {
        changes(events, &scope()).iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn saving_through_a_temporary_file_is_one_edit() {
        let events = [
            ev(EventKind::Create(CreateKind::File), &["/p/content/years/.2022.yaml.swp"]),
            ev(EventKind::Create(CreateKind::File), &["/p/content/years/4913"]),
            ev(EventKind::Remove(RemoveKind::File), &["/p/content/years/4913"]),
            ev(EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &["/p/content/years/2022.yaml.tmp", "/p/content/years/2022.yaml"]),
        ];
        assert_eq!(shown(&events), ["edited content/years/2022.yaml"]);
    }

    #[test]
    fn moving_the_original_away_then_writing_it_is_an_edit() {
        let events = [
            ev(EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &["/p/content/years/2022.yaml", "/p/content/years/2022.yaml~"]),
            ev(EventKind::Create(CreateKind::File), &["/p/content/years/2022.yaml"]),
            ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &["/p/content/years/2022.yaml"]),
        ];
        assert_eq!(shown(&events), ["edited content/years/2022.yaml"]);
    }

    #[test]
    fn new_removed_and_renamed_files_are_told_apart() {
        let events = [
            ev(EventKind::Create(CreateKind::File), &["/p/content/years/2024.yaml"]),
            ev(EventKind::Remove(RemoveKind::File), &["/p/content/years/2019.yaml"]),
            ev(EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &["/p/content/years/2020.zh.md", "/p/content/years/2021.zh.md"]),
            ev(EventKind::Create(CreateKind::File), &["/p/content/years/gone.yaml"]),
            ev(EventKind::Remove(RemoveKind::File), &["/p/content/years/gone.yaml"]),
        ];
        assert_eq!(
            shown(&events),
            ["added content/years/2024.yaml", "removed content/years/2019.yaml", "renamed content/years/2020.zh.md to content/years/2021.zh.md"]
        );
    }

    #[test]
    fn only_content_the_texts_and_the_active_theme_count() {
        let events = [
            ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &["/p/themes/other/templates/base.html"]),
            ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &["/p/themes/default/templates/base.html"]),
            ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &["/p/public/index.html"]),
            ev(EventKind::Access(notify::event::AccessKind::Any), &["/p/content/site.yaml"]),
            ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &["/p/sources/2020-party-plenary.txt"]),
        ];
        assert_eq!(shown(&events), ["edited themes/default/templates/base.html", "edited sources/2020-party-plenary.txt"]);
    }
}
