//! The promise ledger's links and ratings: an `outcome_of:` names a target's `id` (unique,
//! on a target), and an editor's rating may not contradict the figures (a target whose outcome
//! reached half of it is not "met" because the editor says so).

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Diagnostic, InputFile, did_you_mean};
use crate::load::Loaded;
use crate::load::raw::{RawFact, S};
use crate::model::promise::{self, Rating};
use crate::model::{Fact, Site};

/// Resolves every `outcome_of:` of the fact files (`files`: years, then plans, as their facts
/// were numbered) to its target, reporting an id used twice, a link to no target, and a link
/// to a fact that is not a target. `facts` are linked only when every fact was built (no
/// earlier problem), which is when the numbering of `files` is theirs.
pub fn link_outcomes<'a>(files: impl Iterator<Item = (&'a Arc<InputFile>, &'a [S<RawFact>])>, facts: &mut [Fact], diags: &mut Vec<Diagnostic>) {
    let files: Vec<(&Arc<InputFile>, &[S<RawFact>])> = files.collect();
    let numbered: Vec<(&Arc<InputFile>, &S<RawFact>)> = files.iter().flat_map(|(file, list)| list.iter().map(move |f| (*file, f))).collect();
    let aligned = numbered.len() == facts.len();
    let at = |file: &InputFile, value: &S<String>, message: String| file.at(value.referenced.line() as usize, value.referenced.column() as usize, message);
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (k, (file, raw)) in numbered.iter().enumerate() {
        if let Some(id) = &raw.value.id
            && let Some(first) = ids.insert(&id.value, k)
        {
            let (first_file, first_raw) = numbered[first];
            diags.push(at(file, id, format!("the target id `{}` is used twice", id.value)).hint(format!(
                "it names the target at {}:{} already; give each target its own id",
                first_file.path.display(),
                first_raw.referenced.line()
            )));
        }
    }
    for (k, (file, raw)) in numbered.iter().enumerate() {
        let Some(link) = &raw.value.outcome_of else { continue };
        let Some(&target) = ids.get(link.value.as_str()) else {
            let mut known: Vec<&str> = ids.keys().copied().collect();
            known.sort_unstable();
            let hint = match did_you_mean(&link.value, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? Target ids: {}", known.join(", ")),
                None if known.is_empty() => "give the target `id: <slug>` and name it here".to_string(),
                None => format!("target ids: {}", known.join(", ")),
            };
            diags.push(at(file, link, format!("`outcome_of: {}` names no target", link.value)).hint(hint));
            continue;
        };
        if raw.value.status.value != "actual" {
            diags.push(at(file, link, "only an actual figure is an outcome".into()).hint("write `status: actual`, or remove `outcome_of`"));
        }
        if aligned {
            facts[k].outcome_of = Some(target);
        }
    }
}

/// An editor's rating that the figures contradict: met, partly met or missed stated where the
/// outcome (same unit) says otherwise.
pub fn stated_ratings(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for target in promise::targets(site) {
        let f: &Fact = &site.facts[target];
        let Some(stated) = &f.rating else { continue };
        let computed = promise::computed(site, target);
        let decided = computed.outcome.is_some() && matches!(computed.rating, Rating::Met | Rating::PartlyMet | Rating::Missed);
        let comparable = matches!(stated.rating, Rating::Met | Rating::PartlyMet | Rating::Missed);
        if decided && comparable && !computed.linked && stated.rating != computed.rating {
            let o = &site.facts[computed.outcome.unwrap_or(target)];
            let share = computed.share.map_or(String::new(), |s| format!(", {:.0}% of the target", s * 100.0));
            diags.push(
                f.file
                    .at(
                        f.line,
                        1,
                        format!(
                            "the rating says {}, but the outcome at {}:{} makes it {}{share}",
                            stated.rating.as_str(),
                            o.file.path.display(),
                            o.line,
                            computed.rating.as_str()
                        ),
                    )
                    .hint("remove the rating and let the figures speak, or correct the figures"),
            );
        }
    }
    diags
}

/// The raw fact files of `years` and `plans`, in the order their facts are numbered.
pub fn fact_files<'a>(
    years: &'a [(String, Loaded<crate::load::raw::RawYear>)],
    plans: &'a [(String, Loaded<crate::load::raw::RawPlan>)],
) -> impl Iterator<Item = (&'a Arc<InputFile>, &'a [S<RawFact>])> {
    years.iter().map(|(_, y)| (&y.file, y.value.facts.as_slice())).chain(plans.iter().map(|(_, p)| (&p.file, p.value.facts.as_slice())))
}
