//! Engine tests: the real executor, driven with real Python resolvers in an embedded interpreter.

mod support;

mod async_bridge;
mod execution;
mod sdl;
mod sdl_fast;
