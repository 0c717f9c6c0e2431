//! Reading a `__slots__` attribute directly. A data field on a slotted class (dataclasses with
//! `slots=True`, the benchmark's and many ORMs' rows) is read by `PyObject_GetAttr` as: look the
//! name up along the class's MRO (through the type's method cache), find a member descriptor,
//! call it, which reads the object's slot at a fixed offset. A collected field that has read
//! one class a few times in a row remembers that offset, keyed by the class and its version
//! tag (which CPython changes whenever the class or a base is modified), and reads the slot
//! itself afterwards: the same value, or, for an empty slot or any other class, the general
//! path.

use std::sync::atomic::{AtomicI32, AtomicU32, AtomicUsize, Ordering};

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// Where instances of one class keep one attribute.
#[cfg_attr(any(PyPy, GraalPy, Py_GIL_DISABLED), allow(dead_code))]
struct SlotAttr {
    class: usize,
    version: u32,
    offset: i32,
}

/// The slot reader of one collected field: 16 bytes, in atomics so the field stays `Sync`
/// (every access holds the GIL: the fast path exists only with one). Until the lookup is made
/// (`version` 0), `class` is the class of the last read through the general path and `offset`
/// counts that class's reads in a row; after `LOOKUP_AFTER` of them the attribute is looked up
/// once and the outcome fixed: a slot (`class`, its `version` tag, `offset`), or `CLOSED`.
/// A field read only a few times per execution never pays for the lookup.
#[derive(Default)]
pub struct SlotCache {
    class: AtomicUsize,
    version: AtomicU32,
    offset: AtomicI32,
}

/// `version` of a field whose attribute is not a plain slot (version tags never reach it).
#[cfg_attr(any(PyPy, GraalPy, Py_GIL_DISABLED), allow(dead_code))]
const CLOSED: u32 = u32::MAX;

/// The lookup costs about as much as two reads: it is made at a field's fourth read of one
/// class in a row, so that it pays for itself from the sixth.
#[cfg_attr(any(PyPy, GraalPy, Py_GIL_DISABLED), allow(dead_code))]
const LOOKUP_AFTER: i32 = 3;

impl SlotCache {
    pub fn new() -> Self {
        SlotCache::default()
    }

    /// Whether a lookup is still to be made.
    #[inline]
    pub fn is_open(&self) -> bool {
        self.version.load(Ordering::Relaxed) == 0
    }
}

/// The attribute through the slot `cache` remembers, or `None` to take the general path.
#[inline]
pub fn read_cached<'py>(
    parent: &Bound<'py, PyAny>,
    cache: &SlotCache,
) -> Option<Bound<'py, PyAny>> {
    #[cfg(not(any(PyPy, GraalPy, Py_GIL_DISABLED)))]
    {
        let version = cache.version.load(Ordering::Relaxed);
        if version != 0 && version != CLOSED {
            let slot = SlotAttr {
                class: cache.class.load(Ordering::Relaxed),
                version,
                offset: cache.offset.load(Ordering::Relaxed),
            };
            return slot.read(parent);
        }
    }
    let _ = (parent, cache);
    None
}

/// Notes `parent`'s class after a read through the general path, and finds how it keeps
/// `name` once that class has been read often enough.
#[cold]
#[inline(never)]
pub fn remember(parent: &Bound<'_, PyAny>, name: &Bound<'_, PyString>, cache: &SlotCache) {
    #[cfg(not(any(PyPy, GraalPy, Py_GIL_DISABLED)))]
    {
        let class = parent.get_type_ptr() as usize;
        if cache.class.load(Ordering::Relaxed) != class {
            cache.class.store(class, Ordering::Relaxed);
            cache.offset.store(1, Ordering::Relaxed);
            return;
        }
        let reads = cache.offset.load(Ordering::Relaxed) + 1;
        if reads <= LOOKUP_AFTER {
            cache.offset.store(reads, Ordering::Relaxed);
            return;
        }
        match SlotAttr::find(parent, name) {
            Some(slot) => cache.fill(&slot),
            None => cache.version.store(CLOSED, Ordering::Relaxed),
        }
    }
    let _ = (parent, name, cache);
}

/// The attribute read as a slot without running code, the lookup made now if it is still to
/// be made (`direct.rs` reads only this way); `None` when it is not a plain, filled slot.
pub fn read_slot_now<'py>(
    parent: &Bound<'py, PyAny>,
    name: &Bound<'_, PyString>,
    cache: &SlotCache,
) -> Option<Bound<'py, PyAny>> {
    if let Some(v) = read_cached(parent, cache) {
        return Some(v);
    }
    #[cfg(not(any(PyPy, GraalPy, Py_GIL_DISABLED)))]
    if cache.is_open() {
        let slot = SlotAttr::find(parent, name)?;
        cache.fill(&slot);
        return slot.read(parent);
    }
    let _ = name;
    None
}

#[cfg(not(any(PyPy, GraalPy, Py_GIL_DISABLED)))]
impl SlotCache {
    /// Reads `slot` directly from now on.
    fn fill(&self, slot: &SlotAttr) {
        self.class.store(slot.class, Ordering::Relaxed);
        self.offset.store(slot.offset, Ordering::Relaxed);
        self.version.store(slot.version, Ordering::Relaxed);
    }
}

#[cfg(not(any(PyPy, GraalPy, Py_GIL_DISABLED)))]
impl SlotAttr {
    /// What `PyObject_GenericGetAttr` would read for `name` on `parent`, when that is a slot:
    /// the class is a heap type with the generic attribute lookup (no `__getattribute__` or
    /// `__getattr__`), and the first class along its MRO defining `name` defines it as an
    /// object slot (a member descriptor, which as a data descriptor wins over an instance
    /// `__dict__`) without an audit hook.
    fn find(parent: &Bound<'_, PyAny>, name: &Bound<'_, PyString>) -> Option<SlotAttr> {
        // SAFETY: attached (the bound references); the type object, its MRO tuple and the
        // dicts of the classes in it are alive while `parent` is; borrowed references are
        // only read before any Python code runs.
        unsafe {
            let class = ffi::Py_TYPE(parent.as_ptr());
            // Compared as addresses: the slot holds libpython's own function.
            let generic = ffi::PyObject_GenericGetAttr as ffi::getattrofunc as usize;
            if (*class).tp_flags & ffi::Py_TPFLAGS_HEAPTYPE == 0
                || (*class).tp_getattro.map(|f| f as usize) != Some(generic)
            {
                return None;
            }
            let version = (*class).tp_version_tag;
            let mro = (*class).tp_mro;
            if version == 0 || mro.is_null() || ffi::PyTuple_Check(mro) == 0 {
                return None;
            }
            for i in 0..ffi::PyTuple_GET_SIZE(mro) {
                let base = ffi::PyTuple_GET_ITEM(mro, i).cast::<ffi::PyTypeObject>();
                let dict = (*base).tp_dict;
                if dict.is_null() {
                    return None;
                }
                let found = ffi::PyDict_GetItemWithError(dict, name.as_ptr());
                if found.is_null() {
                    if !ffi::PyErr_Occurred().is_null() {
                        ffi::PyErr_Clear();
                        return None;
                    }
                    continue;
                }
                if ffi::Py_TYPE(found) != std::ptr::addr_of_mut!(ffi::PyMemberDescr_Type) {
                    return None;
                }
                let member = (*found.cast::<ffi::PyMemberDescrObject>()).d_member;
                if member.is_null()
                    || (*member).type_code != ffi::Py_T_OBJECT_EX
                    || (*member).flags & !ffi::Py_READONLY != 0
                    || version == CLOSED
                {
                    return None;
                }
                return Some(SlotAttr {
                    class: class as usize,
                    version,
                    offset: i32::try_from((*member).offset).ok()?,
                });
            }
            None
        }
    }

    /// The slot's value when `parent` is an instance of the remembered class, unmodified
    /// since; `None` for anything else, and for an empty slot (the general path raises its
    /// `AttributeError`).
    #[inline]
    fn read<'py>(&self, parent: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
        // SAFETY: attached; the class pointer is compared, never dereferenced, unless it is
        // `parent`'s own (live) type; a class whose version tag is unchanged keeps the member
        // descriptor found by `find`, so the slot lies at `offset` inside `parent`.
        unsafe {
            let class = ffi::Py_TYPE(parent.as_ptr());
            if class as usize != self.class || (*class).tp_version_tag != self.version {
                return None;
            }
            let value = *parent
                .as_ptr()
                .cast::<u8>()
                .offset(self.offset as isize)
                .cast::<*mut ffi::PyObject>();
            if value.is_null() {
                return None;
            }
            Some(Bound::from_borrowed_ptr(parent.py(), value))
        }
    }
}
