//! The layers of the crate (ARCHITECTURE.md): every import points down the pipeline. A module
//! may use modules of lower layers only, never one of its own layer or above, so there is no
//! import cycle and no stage reaches back into a later one.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first. Modules of one layer may not import each other.
const LAYERS: &[&[&str]] = &[
    // The words every stage uses, and the command line's shape.
    &["error", "lang", "section", "cli", "terminal"],
    // Reading files into raw types; writing a synthetic site for benchmarks.
    &["load", "synth"],
    // Scaffolding for editors (init, new): writes content, copying a theme through synth.
    &["scaffold"],
    // The checked site.
    &["model"],
    // Where every output file lives.
    &["routes"],
    // Every check: raw content to the site, and the checks on the site.
    &["validate"],
    // Candidate facts read from a report's text (`nianbao harvest`).
    &["harvest"],
    // Templates, UI strings and static files.
    &["theme"],
    // The site to files in memory.
    &["render"],
    // Discovery files and the link check; files to disk.
    &["publish", "write"],
    // The stages assembled.
    &["pipeline"],
    // The preview server, a command of its own.
    &["serve"],
    // The commands.
    &["commands"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names through `crate::` (in `use` lines and paths alike).
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{load, validate, write}`: the first word of each item.
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            found.insert(name);
        }
    }
    found
}

#[test]
fn every_import_points_down_the_layers() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let module = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        seen.insert(module.clone());
        let Some(own) = layer(&module) else {
            wrong.push(format!("src/{} is in module `{module}`, which no layer lists: add it to LAYERS and ARCHITECTURE.md", rel.display()));
            continue;
        };
        // Unit tests may reach up (a test of a check may load a fixture); the code may not.
        let text = fs::read_to_string(file).unwrap();
        let code: String = text.split("#[cfg(test)]").next().unwrap().lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        for import in imports(&code) {
            if import == module {
                continue;
            }
            match layer(&import) {
                Some(l) if l < own => {}
                Some(_) => wrong.push(format!("src/{} (`{module}`) imports `{import}`, which is not below it", rel.display())),
                None => wrong.push(format!("src/{} imports `crate::{import}`, which no layer lists", rel.display())),
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
    // Every layer's module exists: the list says what the crate is, not what it once was.
    for module in LAYERS.iter().flat_map(|l| l.iter()) {
        assert!(seen.contains(*module), "LAYERS lists `{module}`, which src/ does not have");
    }
}

#[test]
fn the_import_scanner_sees_grouped_and_inline_paths() {
    let found = imports("use crate::{load, validate::report, write};\nlet x = crate::render::chart::bars();");
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["load", "render", "validate", "write"]);
}
