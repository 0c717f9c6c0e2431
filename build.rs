fn main() {
    // cfg(PyPy), cfg(Py_GIL_DISABLED), ...: the engine reads `__slots__` directly only on
    // CPython with the GIL (src/execute/slot_attr.rs).
    pyo3_build_config::use_pyo3_cfgs();
    // Lets `cargo test` binaries find libpython; a no-op under maturin, which sets
    // PYO3_BUILD_EXTENSION_MODULE and so does not link libpython at all.
    pyo3_build_config::add_libpython_rpath_link_args();
}
