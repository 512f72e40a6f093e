//! [`declare_rule!`](crate::rules): a rule's struct and metadata from one block, as biome's
//! `declare_lint_rule!`.

/// Declares a rule: its unit struct, its [`RuleMeta`] (`META`, with the page
/// `rules/<name>.md` included, so a rule without its page does not build), [`Declared`], the
/// mark of its scope and [`Rule`] with the checks of that scope. The checks are the module's
/// own `impl PageRule` (syntax, page, suppression), `impl SchemaRule`, `impl ProjectRule` or
/// `impl SuppressionRule`: a rule without its scope's, or with another scope's, does not build.
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

        declare_rule!(@scope $rule $scope);
    };
    (@scope $rule:ident Syntax) => {
        impl $crate::rules::marks::PerPage for $rule {}
        impl $crate::rules::Rule for $rule {
            fn checks(&'static self) -> $crate::rules::Checks {
                $crate::rules::Checks::Syntax(self)
            }
        }
    };
    (@scope $rule:ident Page) => {
        impl $crate::rules::marks::PerPage for $rule {}
        impl $crate::rules::Rule for $rule {
            fn checks(&'static self) -> $crate::rules::Checks {
                $crate::rules::Checks::Page(self)
            }
        }
    };
    (@scope $rule:ident Schema) => {
        impl $crate::rules::marks::OnSchema for $rule {}
        impl $crate::rules::Rule for $rule {
            fn checks(&'static self) -> $crate::rules::Checks {
                $crate::rules::Checks::Schema(self)
            }
        }
    };
    (@scope $rule:ident Project) => {
        impl $crate::rules::marks::OnProject for $rule {}
        impl $crate::rules::Rule for $rule {
            fn checks(&'static self) -> $crate::rules::Checks {
                $crate::rules::Checks::Project(self)
            }
        }
    };
    (@scope $rule:ident Suppression) => {
        impl $crate::rules::marks::PerPage for $rule {}
        impl $crate::rules::marks::OnSuppressions for $rule {}
        impl $crate::rules::Rule for $rule {
            fn checks(&'static self) -> $crate::rules::Checks {
                $crate::rules::Checks::Suppression {
                    page: self,
                    after: self,
                }
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
