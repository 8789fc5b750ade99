//! JS binding of the local extraction engine (placeholder; being written).
