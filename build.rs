//! Adds libtorch's library directory as an rpath so that `cargo run`, `cargo test` and the built
//! binary find libtorch without LD_LIBRARY_PATH. LIBTORCH comes from .cargo/config.toml.
fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    if let Ok(libtorch) = std::env::var("LIBTORCH") {
        let lib = std::path::Path::new(&libtorch).join("lib");
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
    }
}
