fn main() {
    // Lets `cargo test` binaries find libpython; a no-op under maturin, which sets
    // PYO3_BUILD_EXTENSION_MODULE and so does not link libpython at all.
    pyo3_build_config::add_libpython_rpath_link_args();
}
