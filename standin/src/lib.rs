//! Local stand-in for the Threat Response cloud (placeholder; being written).
