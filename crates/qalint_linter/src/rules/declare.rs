//! [`declare_rule!`](crate::rules): a rule's struct and metadata from one block, as biome's
//! `declare_lint_rule!`.

/// Declares a rule: its unit struct, its [`RuleMeta`] (`META`, with the page
/// `rules/<name>.md` included, so a rule without its page does not build) and [`Declared`].
/// The checks are the module's own `impl Rule`.
macro_rules! declare_rule {
    (
        $(#[$attr:meta])*
        pub struct $rule:ident {
            code: $code:expr,
            name: $name:literal,
            severity: $severity:ident,
            fix: $fix:ident,
            scope: $scope:ident,
            $(stands_for_schema: $stands:literal,)?
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[$attr])*
        pub struct $rule;

        pub static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $crate::finding::RuleId {
                code: $code,
                name: $name,
            },
            severity: $crate::finding::Severity::$severity,
            fix: $crate::rules::FixAvailability::$fix,
            scope: $crate::rules::Scope::$scope,
            stands_for_schema: declare_rule!(@or_false $($stands)?),
            summary: $summary,
            doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/", $name, ".md")),
        };

        impl $crate::rules::Declared for $rule {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &META
            }
        }
    };
    (@or_false) => {
        false
    };
    (@or_false $value:literal) => {
        $value
    };
}
