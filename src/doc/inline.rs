//! Inline Markdown, the small subset the briefing's text uses, turned into
//! HTML or plain text: code spans (`` `x` ``), strong (`**x**`), emphasis
//! (`*x*`), links (`[text](url)`) and backslash escapes (`\|`, `\*`).
//!
//! The text of every block of a [`Doc`](super::Doc) is written once, in
//! this subset, so the Markdown briefing shows it as written and the HTML
//! briefing shows it rendered: no backtick or asterisk reaches the reader
//! of the HTML as a literal character unless the text escaped it.
//!
//! The rules follow CommonMark where they matter here: a code span is
//! taken literally (no emphasis inside), a `*` opens emphasis only when
//! followed by a non-space and closes only when preceded by one, and an
//! underscore is never emphasis (so `robbery_ols` stays a name). Anything
//! that does not match is kept as text, escaped.

use super::escape_html;

/// One piece of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// A code span: model, option or file names.
    Code(String),
    /// Strong importance (`**x**`).
    Strong(Vec<Inline>),
    /// Emphasis (`*x*`).
    Emph(Vec<Inline>),
    /// A link: its text and target.
    Link(Vec<Inline>, String),
}

/// Parses inline Markdown into [`Inline`] pieces.
///
/// ```
/// use colcrime::doc::inline::{parse, Inline};
/// let p = parse("Model `ols` is **strong**");
/// assert_eq!(p[1], Inline::Code("ols".into()));
/// assert_eq!(p[3], Inline::Strong(vec![Inline::Text("strong".into())]));
/// ```
pub fn parse(s: &str) -> Vec<Inline> {
    let chars: Vec<char> = s.chars().collect();
    parse_range(&chars, 0, chars.len())
}

fn push_text(out: &mut Vec<Inline>, t: &str) {
    if t.is_empty() {
        return;
    }
    if let Some(Inline::Text(prev)) = out.last_mut() {
        prev.push_str(t);
    } else {
        out.push(Inline::Text(t.to_string()));
    }
}

fn is_word(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

fn is_space(c: Option<&char>) -> bool {
    c.is_none_or(|c| c.is_whitespace())
}

/// The index of the closing run of `n` backticks at or after `from`.
fn find_ticks(c: &[char], from: usize, end: usize, n: usize) -> Option<usize> {
    let mut i = from;
    while i < end {
        if c[i] == '`' {
            let mut j = i;
            while j < end && c[j] == '`' {
                j += 1;
            }
            if j - i == n {
                return Some(i);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

/// The index of a closing delimiter of `n` asterisks for an opener that
/// ends at `from`, skipping code spans.
fn find_stars(c: &[char], from: usize, end: usize, n: usize) -> Option<usize> {
    let mut i = from;
    while i < end {
        match c[i] {
            '\\' => i += 2,
            '`' => {
                let mut j = i;
                while j < end && c[j] == '`' {
                    j += 1;
                }
                i = find_ticks(c, j, end, j - i).map_or(j, |k| k + (j - i));
            }
            '*' => {
                let mut j = i;
                while j < end && c[j] == '*' {
                    j += 1;
                }
                let run = j - i;
                let closes = !is_space(i.checked_sub(1).and_then(|k| c.get(k)))
                    && !is_word(c.get(j))
                    && i > from;
                if closes && (run == n || (run == 3 && n <= 2)) {
                    return Some(if run == 3 && n == 1 { i + 2 } else { i });
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    None
}

fn parse_range(c: &[char], start: usize, end: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = start;
    let flush = |out: &mut Vec<Inline>, text: &mut String| {
        push_text(out, text);
        text.clear();
    };
    while i < end {
        let ch = c[i];
        match ch {
            '\\' if i + 1 < end && c[i + 1].is_ascii_punctuation() => {
                text.push(c[i + 1]);
                i += 2;
            }
            '`' => {
                let mut j = i;
                while j < end && c[j] == '`' {
                    j += 1;
                }
                let n = j - i;
                match find_ticks(c, j, end, n) {
                    Some(k) => {
                        flush(&mut out, &mut text);
                        let inner: String = c[j..k].iter().collect();
                        // CommonMark: one leading and trailing space is stripped.
                        let inner = match inner.strip_prefix(' ').and_then(|x| x.strip_suffix(' '))
                        {
                            Some(t) if !t.trim().is_empty() => t.to_string(),
                            _ => inner,
                        };
                        out.push(Inline::Code(inner));
                        i = k + n;
                    }
                    None => {
                        text.extend(&c[i..j]);
                        i = j;
                    }
                }
            }
            '*' => {
                let mut j = i;
                while j < end && c[j] == '*' {
                    j += 1;
                }
                let run = j - i;
                let opens =
                    !is_space(c.get(j)) && !is_word(i.checked_sub(1).and_then(|k| c.get(k)));
                let n = if run >= 2 { 2 } else { 1 };
                let close = if opens && run <= 3 {
                    find_stars(c, i + n, end, n)
                } else {
                    None
                };
                match close {
                    Some(k) => {
                        flush(&mut out, &mut text);
                        let inner = parse_range(c, i + n, k);
                        out.push(if n == 2 {
                            Inline::Strong(inner)
                        } else {
                            Inline::Emph(inner)
                        });
                        i = k + n;
                    }
                    None => {
                        text.extend(&c[i..j]);
                        i = j;
                    }
                }
            }
            '[' => match link_at(c, i, end) {
                Some((text_end, url_start, url_end)) => {
                    flush(&mut out, &mut text);
                    let inner = parse_range(c, i + 1, text_end);
                    let url: String = c[url_start..url_end].iter().collect();
                    out.push(Inline::Link(inner, url.trim().to_string()));
                    i = url_end + 1;
                }
                None => {
                    text.push('[');
                    i += 1;
                }
            },
            _ => {
                text.push(ch);
                i += 1;
            }
        }
    }
    flush(&mut out, &mut text);
    out
}

/// `[text](url)` starting at `i`: (end of text, start of url, end of url).
fn link_at(c: &[char], i: usize, end: usize) -> Option<(usize, usize, usize)> {
    let mut depth = 0usize;
    let mut j = i;
    while j < end {
        match c[j] {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            '`' => return None,
            _ => {}
        }
        j += 1;
    }
    if j >= end || c.get(j + 1) != Some(&'(') {
        return None;
    }
    let url_start = j + 2;
    let url_end = (url_start..end).find(|&k| c[k] == ')')?;
    let url: String = c[url_start..url_end].iter().collect();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    Some((j, url_start, url_end))
}

/// Whether a link target is safe to write into `href` (no `javascript:`).
fn safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') && !scheme.contains('#') => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

fn write_html(out: &mut String, pieces: &[Inline]) {
    for p in pieces {
        match p {
            Inline::Text(t) => out.push_str(&escape_html(t)),
            Inline::Code(t) => {
                out.push_str("<code>");
                out.push_str(&escape_html(t));
                out.push_str("</code>");
            }
            Inline::Strong(x) => {
                out.push_str("<strong>");
                write_html(out, x);
                out.push_str("</strong>");
            }
            Inline::Emph(x) => {
                out.push_str("<em>");
                write_html(out, x);
                out.push_str("</em>");
            }
            Inline::Link(x, url) => {
                if safe_url(url) {
                    out.push_str("<a href=\"");
                    out.push_str(&escape_html(url));
                    out.push_str("\">");
                    write_html(out, x);
                    out.push_str("</a>");
                } else {
                    write_html(out, x);
                }
            }
        }
    }
}

fn write_text(out: &mut String, pieces: &[Inline]) {
    for p in pieces {
        match p {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(x) | Inline::Emph(x) | Inline::Link(x, _) => write_text(out, x),
        }
    }
}

/// Inline Markdown as HTML: text escaped, code spans, strong, emphasis and
/// links as elements.
///
/// ```
/// use colcrime::doc::inline::to_html;
/// assert_eq!(
///     to_html("See *Data and sources* and `manifest.json` & **more**"),
///     "See <em>Data and sources</em> and <code>manifest.json</code> &amp; <strong>more</strong>"
/// );
/// assert_eq!(to_html("2 * 3 * 4, robbery_ols"), "2 * 3 * 4, robbery_ols");
/// ```
pub fn to_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    write_html(&mut out, &parse(s));
    out
}

/// Inline Markdown as plain text (markup removed), for alt text, titles
/// and the table of contents.
///
/// ```
/// assert_eq!(colcrime::doc::inline::to_text("Model `ols` is **good**"), "Model ols is good");
/// ```
pub fn to_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    write_text(&mut out, &parse(s));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_literal() {
        assert_eq!(
            to_html("`a*b*c` and `<x>`"),
            "<code>a*b*c</code> and <code>&lt;x&gt;</code>"
        );
        assert_eq!(to_html("``a ` b``"), "<code>a ` b</code>");
    }

    #[test]
    fn unmatched_markers_stay_text() {
        assert_eq!(to_html("a ` b"), "a ` b");
        assert_eq!(to_html("**open"), "**open");
        assert_eq!(to_html("x* y*"), "x* y*");
        assert_eq!(to_html("[not a link]"), "[not a link]");
    }

    #[test]
    fn nesting_and_links() {
        assert_eq!(
            to_html("**Robbery** fell *by `x`*"),
            "<strong>Robbery</strong> fell <em>by <code>x</code></em>"
        );
        assert_eq!(
            to_html("[annex](briefing.html#models)"),
            "<a href=\"briefing.html#models\">annex</a>"
        );
        assert!(!to_html("[x](javascript:alert(1))").contains("href"));
    }

    #[test]
    fn escapes() {
        assert_eq!(to_html(r"a \| b \* c"), "a | b * c");
        assert_eq!(to_text("**A** `b` *c*"), "A b c");
    }
}
