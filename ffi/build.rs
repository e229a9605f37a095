//! Gives the shared library an ELF soname that changes exactly when the ABI may break: the major
//! version, or `0.MINOR` before 1.0 (`libamends.so.0.1`). The header is not written here: it is
//! written only by `make header`.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let elf = matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" | "illumos" | "solaris"
    );
    if elf {
        let major = env!("CARGO_PKG_VERSION_MAJOR");
        let minor = env!("CARGO_PKG_VERSION_MINOR");
        let soversion = if major == "0" {
            format!("0.{minor}")
        } else {
            major.to_string()
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libamends.so.{soversion}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
