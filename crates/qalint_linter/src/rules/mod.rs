//! The rule catalog. One rule, one module: each declares (with `declare_rule!`, in `declare.rs`) its code,
//! name, default severity, fix availability and scope beside its check, and its documentation
//! page is `rules/<name>.md`. The engine runs each selected rule at its scope's step and names
//! none: adding a rule means adding a module and one line in [`ALL`].

#[macro_use]
mod declare;
mod context;

pub mod bad_difficulty;
pub mod broken_sibling_path;
pub mod duplicate_id;
pub mod invalid_syntax;
pub mod missing_seo_description;
pub mod order_gap;
pub mod schema;
pub mod undeclared_key;
pub mod unlabeled_code_fence;
pub mod unused_suppression;

use crate::findings::Findings;
use std::collections::HashSet;

pub use context::{CommentUse, Ctx, ProjectCtx, SuppressionCtx, UnknownRule};

use crate::finding::{Finding, RuleId, Severity};
use crate::schema::PageSchema;
use crate::settings::Settings;

/// Which fixes a rule can offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Safe,
    Unsafe,
    /// Safe in some cases, a guess in others.
    SafeAndUnsafe,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "no fix",
            FixAvailability::Safe => "safe fix",
            FixAvailability::Unsafe => "unsafe fix",
            FixAvailability::SafeAndUnsafe => "safe and unsafe fixes",
        }
    }
}

/// When in a run a rule looks, and at what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Whether a file can be read as a page: a file that cannot is reported by the rules of
    /// this scope (with the loader's message), and each page read is given to their
    /// [`PageRule::check`].
    Syntax,
    /// A page against its collection's JSON Schema ([`SchemaRule::check_schema`]).
    Schema,
    /// One page at a time ([`PageRule::check`]).
    Page,
    /// Every page of the project at once, from the index ([`ProjectRule::check_project`]): pages
    /// that are not linted are read for it too.
    Project,
    /// The suppression comments: each page's ([`PageRule::check`]), and once every finding is
    /// known, what they silenced ([`SuppressionRule::check_suppressions`]).
    Suppression,
}

#[derive(Debug)]
pub struct RuleMeta {
    pub id: RuleId,
    pub severity: Severity,
    pub fix: FixAvailability,
    pub scope: Scope,
    /// Its findings stand for the schema's problem at the same JSON pointer (a misspelled
    /// difficulty is one problem, said once, by the rule that can fix it). Such a rule runs
    /// whenever the schema rule does, so that the schema stays silent on what the rule owns
    /// even when the rule is off; its findings are then dropped.
    pub stands_for_schema: bool,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// The rule's page, `rules/<name>.md`.
    pub doc: &'static str,
}

impl crate::finding::RuleCode for RuleMeta {
    fn rule_code(&self) -> &'static str {
        self.id.code
    }
}

impl RuleMeta {
    pub fn code(&self) -> &'static str {
        self.id.code
    }
    pub fn name(&self) -> &'static str {
        self.id.name
    }
}

/// A rule's metadata, made by `declare_rule!`.
pub trait Declared {
    fn meta(&self) -> &'static RuleMeta;
}

/// What `declare_rule!` marks a rule with, from its declared scope: each scope's check trait
/// asks for its mark, so a rule cannot implement a check its scope never runs. A page rule's
/// `check_project` does not build:
///
/// ```compile_fail,E0277
/// use qalint_linter::findings::Findings;
/// use qalint_linter::rules::{marks, Declared, ProjectCtx, ProjectRule, RuleMeta};
///
/// struct PageOnly;
/// impl Declared for PageOnly {
///     fn meta(&self) -> &'static RuleMeta {
///         &qalint_linter::rules::duplicate_id::META
///     }
/// }
/// impl marks::PerPage for PageOnly {}
/// impl ProjectRule for PageOnly {
///     fn check_project(&self, _: &ProjectCtx<'_>, _: &mut Findings) {}
/// }
/// ```
///
/// while the same rule's page check does:
///
/// ```
/// use qalint_linter::findings::Findings;
/// use qalint_linter::rules::{marks, Ctx, Declared, PageRule, RuleMeta};
///
/// struct PageOnly;
/// impl Declared for PageOnly {
///     fn meta(&self) -> &'static RuleMeta {
///         &qalint_linter::rules::duplicate_id::META
///     }
/// }
/// impl marks::PerPage for PageOnly {}
/// impl PageRule for PageOnly {
///     fn check(&self, _: &Ctx<'_>, _: &mut Findings) {}
/// }
/// ```
pub mod marks {
    /// Syntax, page and suppression rules: they check each page.
    pub trait PerPage {}
    /// Schema rules.
    pub trait OnSchema {}
    /// Project rules.
    pub trait OnProject {}
    /// Suppression rules: after every finding is known.
    pub trait OnSuppressions {}
}

/// [`Scope::Syntax`], [`Scope::Page`] and [`Scope::Suppression`]: checks one page.
pub trait PageRule: Declared + marks::PerPage + Sync {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Findings);
}

/// [`Scope::Schema`]: checks one page against `schema`, silent at the `covered` pointers
/// (another rule's findings stand for those); returns the pointers of findings the schema's
/// own stand for.
pub trait SchemaRule: Declared + marks::OnSchema + Sync {
    fn check_schema(
        &self,
        ctx: &Ctx<'_>,
        schema: &PageSchema,
        covered: &HashSet<String>,
        out: &mut Findings,
    ) -> Vec<String>;
}

/// [`Scope::Project`]: checks the whole project at once, from the index.
pub trait ProjectRule: Declared + marks::OnProject + Sync {
    fn check_project(&self, ctx: &ProjectCtx<'_>, out: &mut Findings);
}

/// [`Scope::Suppression`]: once every finding is known and the suppressions applied (each
/// page's comments are checked by its [`PageRule`]).
pub trait SuppressionRule: PageRule + marks::OnSuppressions {
    fn check_suppressions(&self, ctx: &SuppressionCtx<'_>, out: &mut Vec<Finding>);
}

/// A rule's checks, as its scope runs them.
#[derive(Clone, Copy)]
pub enum Checks {
    Syntax(&'static dyn PageRule),
    Schema(&'static dyn SchemaRule),
    Page(&'static dyn PageRule),
    Project(&'static dyn ProjectRule),
    Suppression {
        page: &'static dyn PageRule,
        after: &'static dyn SuppressionRule,
    },
}

impl Checks {
    /// The scope whose steps run these checks.
    pub fn scope(self) -> Scope {
        match self {
            Checks::Syntax(_) => Scope::Syntax,
            Checks::Schema(_) => Scope::Schema,
            Checks::Page(_) => Scope::Page,
            Checks::Project(_) => Scope::Project,
            Checks::Suppression { .. } => Scope::Suppression,
        }
    }

    /// The check each page gets from a rule of the syntax, page or suppression scope.
    pub fn per_page(self) -> Option<&'static dyn PageRule> {
        match self {
            Checks::Syntax(c) | Checks::Page(c) | Checks::Suppression { page: c, .. } => Some(c),
            Checks::Schema(_) | Checks::Project(_) => None,
        }
    }
}

/// A rule: its metadata and its checks, which `declare_rule!` takes from its scope.
pub trait Rule: Declared + Sync {
    fn checks(&'static self) -> Checks;
}

/// The rules of `scope` that `settings` turn on, in code order.
pub fn selected<'s>(
    settings: &'s Settings,
    scope: Scope,
) -> impl Iterator<Item = &'static dyn Rule> + 's {
    ALL.iter()
        .copied()
        .filter(move |r| r.meta().scope == scope && settings.rules.enabled(r.meta()))
}

/// The schema checks `settings` turn on, in code order.
pub fn schema_checks(settings: &Settings) -> impl Iterator<Item = &'static dyn SchemaRule> + '_ {
    selected(settings, Scope::Schema).filter_map(|r| match r.checks() {
        Checks::Schema(c) => Some(c),
        _ => None,
    })
}

/// The project checks `settings` turn on, in code order.
pub fn project_checks(settings: &Settings) -> impl Iterator<Item = &'static dyn ProjectRule> + '_ {
    selected(settings, Scope::Project).filter_map(|r| match r.checks() {
        Checks::Project(c) => Some(c),
        _ => None,
    })
}

/// The checks of what suppressions silenced that `settings` turn on, in code order.
pub fn suppression_checks(
    settings: &Settings,
) -> impl Iterator<Item = &'static dyn SuppressionRule> + '_ {
    selected(settings, Scope::Suppression).filter_map(|r| match r.checks() {
        Checks::Suppression { after, .. } => Some(after),
        _ => None,
    })
}

/// Whether a finding of the rule `code` is one a suppression comment can silence (not a
/// finding about the comments themselves).
pub fn suppressible(code: &str) -> bool {
    find(code).is_none_or(|r| r.meta().scope != Scope::Suppression)
}

/// Every rule, in code order.
pub static ALL: &[&dyn Rule] = &[
    &invalid_syntax::InvalidSyntax,
    &schema::Schema,
    &duplicate_id::DuplicateId,
    &bad_difficulty::BadDifficulty,
    &broken_sibling_path::BrokenSiblingPath,
    &order_gap::OrderGap,
    &missing_seo_description::MissingSeoDescription,
    &unlabeled_code_fence::UnlabeledCodeFence,
    &undeclared_key::UndeclaredKey,
    &unused_suppression::UnusedSuppression,
];

/// A rule by code (`QA007`, any case) or name (`unlabeled-code-fence`).
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| {
        let m = r.meta();
        m.code().eq_ignore_ascii_case(code_or_name) || m.name() == code_or_name
    })
}

/// The codes a selector names: a code or a name (as [`find`]), a code prefix (`QA00`) or
/// `ALL`, as ruff's selectors do. `None` when it names no rule.
pub fn codes(selector: &str) -> Option<Vec<&'static str>> {
    if let Some(rule) = find(selector) {
        return Some(vec![rule.meta().code()]);
    }
    let upper = selector.to_ascii_uppercase();
    let matched: Vec<&'static str> = ALL
        .iter()
        .map(|r| r.meta().code())
        .filter(|c| upper == "ALL" || (upper.len() >= 2 && c.starts_with(&upper)))
        .collect();
    (!matched.is_empty()).then_some(matched)
}

/// The error for a selector that names no rule, with the nearest code or name.
pub fn unknown_selector(selector: &str) -> String {
    let names = ALL.iter().flat_map(|r| [r.meta().code(), r.meta().name()]);
    let mut m = format!("unknown rule `{selector}`");
    if let Some(near) = crate::suggest::did_you_mean(selector, names) {
        m.push_str(&format!(" — did you mean `{near}`?"));
    }
    m
}

#[cfg(test)]
mod tests {
    use super::{codes, ALL};

    /// A rule's declared scope is the scope its checks run at: one word in `declare_rule!`
    /// says both.
    #[test]
    fn each_rule_runs_at_its_declared_scope() {
        for rule in ALL {
            assert_eq!(
                rule.checks().scope(),
                rule.meta().scope,
                "{}",
                rule.meta().code()
            );
        }
    }

    #[test]
    fn selectors_name_codes_names_prefixes_and_all() {
        assert_eq!(codes("qa007"), Some(vec!["QA007"]));
        assert_eq!(codes("order-gap"), Some(vec!["QA005"]));
        assert_eq!(
            codes("QA00"),
            Some(vec![
                "QA000", "QA001", "QA002", "QA003", "QA004", "QA005", "QA006", "QA007", "QA008"
            ])
        );
        assert_eq!(codes("ALL").map(|c| c.len()), Some(super::ALL.len()));
        assert_eq!(codes("QA9"), None);
        assert_eq!(codes("Q"), None);
    }
}
