//! `qalint`: the command line (`cli/`) over the library (`qalint_workspace`) and the language
//! server (`qalint_server`), one binary.

mod cli;

// jemalloc: many small allocations a page (values, pointers, findings) made glibc's malloc
// and free a tenth of a run; it builds everywhere but MSVC (ruff makes the same choice).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(cli::main());
}
