//! Local observable extraction (placeholder; being written).
