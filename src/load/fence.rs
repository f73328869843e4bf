//! The project's fence: nianbao publishes what the project holds, and nothing else. A file or
//! folder of `content/` or of the theme that resolves outside the project folder (a link to
//! `/proc/self/environ`, `/etc/passwd` or a home folder) is refused, naming the link and where
//! it points, instead of being read into a page that the preview serves and `build` writes.
//! Links that stay inside the project are followed.
//!
//! Folders are resolved once each; a file is resolved only when it is a link itself, so the
//! fence costs a `stat` per file on a site of thousands.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// The project folder, resolved, that every file read as content or theme must lie in.
#[derive(Debug, Clone)]
pub struct Fence {
    root: PathBuf,
}

impl Fence {
    /// The fence of the project in `root`.
    pub fn new(root: &Path) -> Result<Fence, Diagnostic> {
        let dir = if root.as_os_str().is_empty() { Path::new(".") } else { root };
        let root = std::fs::canonicalize(dir).map_err(|e| {
            Diagnostic::file(root, format!("cannot open the project folder: {e}")).hint("`--root` names the folder holding content/ and themes/")
        })?;
        Ok(Fence { root })
    }

    /// The project folder, resolved.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Refuses a folder that resolves outside the project. A folder that does not exist
    /// passes: reading from it reports that.
    pub fn admit_dir(&self, dir: &Path) -> Result<(), Diagnostic> {
        match std::fs::canonicalize(dir) {
            Ok(real) if real.starts_with(&self.root) => Ok(()),
            Ok(real) => Err(self.outside(dir, &real)),
            Err(_) => Ok(()),
        }
    }

    /// Refuses a file that is a link resolving outside the project (its folder is admitted
    /// on its own), or a link that leads nowhere.
    pub fn admit_file(&self, path: &Path) -> Result<(), Diagnostic> {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(());
        }
        match std::fs::canonicalize(path) {
            Ok(real) if real.starts_with(&self.root) => Ok(()),
            Ok(real) => Err(self.outside(path, &real)),
            Err(e) => {
                let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
                Err(Diagnostic::file(path, format!("cannot read the file: it is a link to `{target}`, which leads nowhere ({e})"))
                    .hint("remove the link, or point it at a file inside the project"))
            }
        }
    }

    fn outside(&self, path: &Path, real: &Path) -> Diagnostic {
        // Name the link itself: the path, or the first of its folders that is one.
        let link = path.ancestors().find(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())).unwrap_or(path);
        let target = std::fs::read_link(link).map_or_else(|_| real.display().to_string(), |t| t.display().to_string());
        let which = if link == path { String::new() } else { format!(" (through the link {})", link.display()) };
        Diagnostic::file(path, format!("this resolves to {} through a link to `{target}`, outside the project folder{which}", real.display()))
            .hint(format!("nianbao publishes only files inside the project ({}): copy the file into the project, or remove the link", self.root.display()))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_inside_pass_and_links_outside_are_named() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
        let project = tempfile::tempdir().unwrap();
        let root = project.path();
        std::fs::create_dir_all(root.join("content/notes")).unwrap();
        std::fs::write(root.join("content/notes/a.md"), "a").unwrap();
        std::os::unix::fs::symlink(root.join("content/notes/a.md"), root.join("content/inside.md")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("content/outside.md")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("content/away")).unwrap();
        std::os::unix::fs::symlink(root.join("missing"), root.join("content/broken.md")).unwrap();
        let fence = Fence::new(root).unwrap();
        assert!(fence.admit_file(&root.join("content/notes/a.md")).is_ok());
        assert!(fence.admit_file(&root.join("content/inside.md")).is_ok());
        assert!(fence.admit_dir(&root.join("content")).is_ok());
        let d = fence.admit_file(&root.join("content/outside.md")).unwrap_err();
        assert!(d.message.contains("secret.txt") && d.message.contains("outside the project folder"), "{}", d.message);
        let d = fence.admit_dir(&root.join("content/away")).unwrap_err();
        assert!(d.message.contains("outside the project folder"), "{}", d.message);
        assert!(fence.admit_file(&root.join("content/broken.md")).unwrap_err().message.contains("leads nowhere"));
    }
}
