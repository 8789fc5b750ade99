//! securex-respond core (being written).
pub mod extract;
