//! `nianbao harvest`: candidate facts read from a report's text. The acceptance measure runs it
//! on the five Erqi sources and compares with the figures the Erqi content cites from each.

use std::path::PathBuf;
use std::process::Command;

use nianbao::harvest::{self, Candidate};
use nianbao::model::{Claim, Site};
use nianbao::pipeline::Project;
use nianbao::validate::provenance::{normalize, states};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sources_dir() -> Option<PathBuf> {
    let dir = root().join("../shared/sources");
    dir.is_dir().then_some(dir)
}

fn erqi() -> Site {
    Project::new(root()).load_site().unwrap_or_else(|e| panic!("the Erqi content does not load:\n{e}"))
}

/// Does a candidate find this cited figure: same value and unit, and one figure string holds the
/// other (normalized)?
fn finds(c: &Candidate, value: f64, unit: nianbao::model::Unit, figure: &str) -> bool {
    let (a, b) = (normalize(&c.figure), normalize(figure));
    c.unit == unit && (c.value - value).abs() <= 1e-9 * value.abs().max(1.0) && (a.contains(&b) || b.contains(&a))
}

#[test]
fn harvest_finds_the_figures_the_erqi_content_cites() {
    let Some(dir) = sources_dir() else {
        eprintln!("note: ../shared/sources is not here; the harvest acceptance measure is skipped");
        return;
    };
    let site = erqi();
    let mut failures = Vec::new();
    for source in &site.sources {
        let text = std::fs::read_to_string(dir.join(format!("{}.txt", source.id))).unwrap();
        // Without the site: nothing is known beforehand, as for a report not yet entered.
        let found_all = harvest::candidates(&text, &source.id, Some(&site), None);
        let normalized = normalize(&text);
        for c in &found_all {
            assert!(states(&c.figure, c.value, c.unit), "{}: `{}` does not state {} {}", source.id, c.figure, c.value, c.unit);
            assert!(normalized.contains(&normalize(&c.figure)), "{}: `{}` is not in the source", source.id, c.figure);
        }
        let (mut cited, mut found, mut status_ok) = (0, 0, 0);
        let mut missed = Vec::new();
        let mut wrong_status = Vec::new();
        for fact in site.facts.iter().filter(|f| site.sources[f.source].id == source.id) {
            let (Claim::Figure { value, unit, .. }, Some(figure)) = (&fact.claim, &fact.figure) else { continue };
            cited += 1;
            match found_all.iter().find(|c| finds(c, *value, *unit, figure)) {
                Some(c) => {
                    found += 1;
                    if c.status == fact.status {
                        status_ok += 1;
                    } else {
                        wrong_status.push(format!("{figure} ({} guessed {})", fact.status.as_str(), c.status.as_str()));
                    }
                }
                None => missed.push(figure.clone()),
            }
        }
        let recall = if cited == 0 { 100.0 } else { 100.0 * found as f64 / cited as f64 };
        let accuracy = if found == 0 { 100.0 } else { 100.0 * status_ok as f64 / found as f64 };
        eprintln!(
            "{:<22} {} candidates; found {found}/{cited} cited figures ({recall:.1}%); status right for {status_ok}/{found} ({accuracy:.1}%)",
            source.id,
            found_all.len()
        );
        if !missed.is_empty() {
            eprintln!("    missed: {}", missed.join(" | "));
        }
        if !wrong_status.is_empty() {
            eprintln!("    status: {}", wrong_status.join(" | "));
        }
        if recall < 95.0 || accuracy < 85.0 {
            failures.push(format!("{}: recall {recall:.1}%, status {accuracy:.1}%", source.id));
        }
        // With the site, every figure it cites from this source is marked as known.
        let with_site = harvest::candidates(&text, &source.id, Some(&site), None);
        assert_eq!(with_site.len(), found_all.len());
        let unknown_but_cited = with_site.iter().filter(|c| !c.known).filter(|c| {
            site.facts.iter().any(|f| {
                site.sources[f.source].id == source.id
                    && matches!((&f.claim, &f.figure), (Claim::Figure { value, unit, .. }, Some(fig)) if finds(c, *value, *unit, fig))
            })
        });
        assert_eq!(unknown_but_cited.count(), 0, "{}: a cited figure is not marked as already in the digest", source.id);
    }
    assert!(failures.is_empty(), "below 95% recall or 85% status accuracy:\n{}", failures.join("\n"));
}

fn nianbao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).current_dir(root()).output().unwrap()
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-harvest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_command_prints_yaml_and_marks_what_the_digest_holds() {
    let report = "2022年经济社会发展取得新的成效\n\n全区地区生产总值完成**785.6亿元**,总量市内六区第二。\n新建口袋公园 98\n7 个。\n\n2023年,重点抓好\n\n力争新增城镇就业2万人,出台政策三十条,规划3~4条线路。\n";
    let path = temp("report.txt", report.as_bytes());
    let out = nianbao(&["--root", root().to_str().unwrap(), "harvest", path.to_str().unwrap(), "--source", "2023-two-sessions"]);
    let (yaml, err) = (stdout(&out), stderr(&out));
    assert!(out.status.success(), "{err}");
    assert!(yaml.contains("facts:\n"), "{yaml}");
    // New: the park count (its number broken by the OCR) and the jobs target.
    assert!(yaml.contains("  - indicator: TODO\n    value: 987\n    unit: 个\n    period: \"2022\"\n    status: actual\n    source: 2023-two-sessions\n    figure: \"新建口袋公园987个\"\n"), "{yaml}");
    assert!(yaml.contains("    value: 2\n    unit: 万人\n    period: \"2023\"\n    status: target\n"), "{yaml}");
    // Already in the digest: GDP 2022, commented out.
    let known = yaml.split("# already in the digest:").nth(1).expect("no known section");
    assert!(known.contains("  # - indicator: gdp\n  #   value: 785.6\n  #   unit: 亿元\n"), "{yaml}");
    assert!(yaml.contains("# 三十条:") && yaml.contains("# 3~4条:"), "{yaml}");
    assert_eq!(yaml.lines().filter(|l| l.starts_with("  - indicator: ")).count(), 2, "{yaml}");

    let out = nianbao(&["--root", root().to_str().unwrap(), "harvest", path.to_str().unwrap(), "--source", "2023-two-sessions", "--new-only"]);
    let yaml = stdout(&out);
    assert!(out.status.success() && !yaml.contains("785.6") && yaml.contains("value: 987"), "{yaml}");
}

#[test]
fn bad_input_is_refused_with_a_clear_message() {
    let root = root();
    let root = root.to_str().unwrap();
    let missing = nianbao(&["--root", root, "harvest", "/nonexistent/report.txt", "--source", "2023-two-sessions"]);
    assert!(!missing.status.success() && stderr(&missing).contains("cannot read the report"), "{}", stderr(&missing));

    let binary = temp("scan.pdf", b"%PDF-1.4\0\0\x01binary");
    let out = nianbao(&["--root", root, "harvest", binary.to_str().unwrap(), "--source", "2023-two-sessions"]);
    assert!(!out.status.success() && stderr(&out).contains("binary"), "{}", stderr(&out));

    let empty = temp("empty.txt", b"  \n\n");
    let out = nianbao(&["--root", root, "harvest", empty.to_str().unwrap(), "--source", "2023-two-sessions"]);
    assert!(!out.status.success() && stderr(&out).contains("empty"), "{}", stderr(&out));

    let ok = temp("ok.txt", "完成投资10亿元。".as_bytes());
    let out = nianbao(&["--root", root, "harvest", ok.to_str().unwrap(), "--source", "no-such-report"]);
    let err = stderr(&out);
    assert!(!out.status.success() && err.contains("unknown source `no-such-report`") && err.contains("2023-two-sessions"), "{err}");
    assert!(stdout(&out).is_empty());
}
