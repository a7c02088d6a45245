//! Interop placeholder; filled in below.
