#![no_main]
// The invariants live in qalint_workspace::fuzz_checks, so the normal test run replays the inputs
// committed under fuzz/regressions/frontmatter/ against the same checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| qalint_workspace::fuzz_checks::frontmatter(data));
