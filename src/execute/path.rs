//! Response paths. During a synchronous pass a path is a chain of stack frames (no allocation);
//! only a field that suspends gets an owned, shared copy that also names the containers to
//! write into (and null out) when it finishes later.

use std::cell::OnceCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::errors::PathSeg;
use crate::py_util::untrack;

#[derive(Clone, Copy)]
pub enum SegRef<'a> {
    Key(&'a Py<PyString>),
    Index(usize),
}

/// A position in the response being built: `container[seg]`, nullable or not.
pub struct PathNode<'a, 'py> {
    pub parent: Option<PathRef<'a, 'py>>,
    pub seg: SegRef<'a>,
    pub container: &'a Bound<'py, PyAny>,
    pub nullable: bool,
    owned: OnceCell<Arc<OwnedPath>>,
}

#[derive(Clone, Copy)]
pub enum PathRef<'a, 'py> {
    Node(&'a PathNode<'a, 'py>),
    Owned(&'a Arc<OwnedPath>),
}

/// The owned form of a position, kept by a suspended field.
pub struct OwnedPath {
    pub parent: Option<Arc<OwnedPath>>,
    pub seg: PathSeg,
    pub container: Py<PyAny>,
    pub nullable: bool,
    /// This position was nulled after a field below it suspended: that field is cancelled.
    dead: AtomicBool,
}

impl<'a, 'py> PathNode<'a, 'py> {
    pub fn new(
        parent: Option<PathRef<'a, 'py>>,
        seg: SegRef<'a>,
        container: &'a Bound<'py, PyAny>,
        nullable: bool,
    ) -> Self {
        PathNode {
            parent,
            seg,
            container,
            nullable,
            owned: OnceCell::new(),
        }
    }

    /// The owned copy, made once per node and shared by every suspended field below it.
    pub fn to_owned_path(&self) -> Arc<OwnedPath> {
        self.owned
            .get_or_init(|| {
                let py = self.container.py();
                Arc::new(OwnedPath {
                    parent: self.parent.map(|p| p.to_owned_path()),
                    seg: match self.seg {
                        SegRef::Key(k) => PathSeg::Key(k.clone_ref(py)),
                        SegRef::Index(i) => PathSeg::Index(i),
                    },
                    container: self.container.clone().unbind(),
                    nullable: self.nullable,
                    dead: AtomicBool::new(false),
                })
            })
            .clone()
    }
}

impl<'a, 'py> PathRef<'a, 'py> {
    pub fn to_owned_path(self) -> Arc<OwnedPath> {
        match self {
            PathRef::Node(n) => n.to_owned_path(),
            PathRef::Owned(o) => o.clone(),
        }
    }

    /// The path from the root, as the response reports it.
    pub fn segments(self, py: Python<'_>) -> Vec<PathSeg> {
        let mut out = Vec::with_capacity(self.depth());
        let mut cur = Some(self);
        while let Some(p) = cur {
            match p {
                PathRef::Node(n) => {
                    out.push(match n.seg {
                        SegRef::Key(k) => PathSeg::Key(k.clone_ref(py)),
                        SegRef::Index(i) => PathSeg::Index(i),
                    });
                    cur = n.parent;
                }
                PathRef::Owned(o) => {
                    owned_segments(o, py, &mut out);
                    cur = None;
                }
            }
        }
        out.reverse();
        out
    }
}

impl PathRef<'_, '_> {
    /// This position was nulled: fields below it that suspended (started or not) are dropped.
    pub fn kill(self) {
        match self {
            PathRef::Node(n) => {
                if let Some(o) = n.owned.get() {
                    o.kill();
                }
            }
            PathRef::Owned(o) => o.kill(),
        }
    }

    /// How many segments the path has (sizes the vector `segments` fills).
    fn depth(self) -> usize {
        let mut n = 0;
        let mut cur = Some(self);
        while let Some(p) = cur {
            match p {
                PathRef::Node(node) => {
                    n += 1;
                    cur = node.parent;
                }
                PathRef::Owned(o) => {
                    let mut owned = Some(o);
                    while let Some(x) = owned {
                        n += 1;
                        owned = x.parent.as_ref();
                    }
                    cur = None;
                }
            }
        }
        n
    }
}

fn owned_segments(o: &Arc<OwnedPath>, py: Python<'_>, out: &mut Vec<PathSeg>) {
    let mut cur = Some(o);
    while let Some(p) = cur {
        out.push(p.seg.clone_ref(py));
        cur = p.parent.as_ref();
    }
}

impl OwnedPath {
    /// A position outside the response, never nulled: held by a task that writes elsewhere.
    pub fn detached(py: Python<'_>) -> Arc<OwnedPath> {
        Arc::new(OwnedPath {
            parent: None,
            seg: PathSeg::Index(0),
            container: py.None(),
            nullable: true,
            dead: AtomicBool::new(false),
        })
    }

    pub fn kill(&self) {
        self.dead.store(true, Ordering::Relaxed);
    }

    /// Whether this position or one above it was nulled.
    pub fn is_dead(&self) -> bool {
        let mut cur = Some(self);
        while let Some(p) = cur {
            if p.dead.load(Ordering::Relaxed) {
                return true;
            }
            cur = p.parent.as_deref();
        }
        false
    }

    pub fn write(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let c = self.container.bind(py);
        match &self.seg {
            PathSeg::Key(k) => write_late(c, k.bind(py), value),
            PathSeg::Index(i) => c.set_item(*i, value),
        }
    }
}

/// `container[key] = value` into a response object finished in an earlier pass. Storing a
/// dict or list makes CPython track the container again; it is untracked as it was (a
/// response is never part of a cycle, see `untrack`), or every object that received a
/// suspended or batched field's value would be traversed by the next collection.
pub fn write_late(
    container: &Bound<'_, PyAny>,
    key: &Bound<'_, PyString>,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let Ok(dict) = container.cast_exact::<PyDict>() else {
        return container.set_item(key, value);
    };
    dict.set_item(key, value)?;
    untrack(dict.as_any());
    Ok(())
}
