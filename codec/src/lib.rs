//! The codecs shared by the core (`securex-respond`), the stand-in and xtask, written once:
//! [`base64`] (RFC 4648, standard and URL-safe), [`percent`] (RFC 3986 percent-coding, with
//! the form variant's `+`), [`sha256`] (FIPS 180-4), [`hex`], [`date`] (civil dates), and [`text`] (how messages write
//! numbers). No dependencies, no I/O, no
//! panics on any input; the bottom floor of the workspace (it names nothing above it).

pub mod base64;
pub mod date;
mod hex;
pub mod percent;
mod sha256;
pub mod text;

pub use hex::hex;
pub use sha256::sha256;
