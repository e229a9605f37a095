//! The library's version, to compare with the header's `AMENDS_VERSION` macros.

use crate::panic::ffi_boundary;
use std::ffi::{c_char, CStr};

const VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
    Ok(version) => version,
    Err(_) => panic!("the package version holds a NUL"),
};

/// The version of the library that is running (`"0.1.0"`), a static string. Compare it with the
/// `AMENDS_VERSION` macro of the header the program was compiled against.
#[no_mangle]
pub extern "C" fn amends_version() -> *const c_char {
    ffi_boundary!({ VERSION.as_ptr() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_the_package_version() {
        // SAFETY: the result is a static C string.
        let version = unsafe { CStr::from_ptr(amends_version()) };
        assert_eq!(version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }
}
