//! securex-respond core (being written).
