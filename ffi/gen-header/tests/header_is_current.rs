//! The committed include/amends.h is exactly what `make header` writes now: change the C ABI or
//! the core's vocabulary without regenerating it and this fails.

#[test]
fn the_committed_header_is_current() {
    let generated = amends_gen_header::generate().expect("cbindgen runs");
    let path = amends_gen_header::header_path();
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        committed == generated,
        "{} is stale: run `make header` and commit the result",
        path.display()
    );
}
