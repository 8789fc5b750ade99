//! Message helpers: how numbers are written in the sentences people read.

/// `n` with a comma between groups of three digits (`8,000,000`), as the messages write limits
/// and budgets.
pub fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn thousands_are_grouped_by_commas() {
        assert_eq!(
            [0, 7, 999, 1000, 12_345, 200_000, 8_000_000, u64::MAX].map(group_thousands),
            ["0", "7", "999", "1,000", "12,345", "200,000", "8,000,000", "18,446,744,073,709,551,615"]
        );
    }
}
