//! Plain-text tables for the command line and the console's text views.

/// A plain-text table: a header, then rows, columns padded to fit.
/// Every cell is text from AWS (names, labels, principals, user agents):
/// control characters and bidi overrides are shown escaped, never obeyed,
/// and a cell cannot start a new line.
pub fn table<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    let header = header.map(String::from);
    let rows: Vec<[String; N]> = rows
        .iter()
        .map(|row| {
            row.clone()
                .map(|cell| crate::text::escaped(&cell).into_owned())
        })
        .collect();
    let rows = &rows[..];
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
