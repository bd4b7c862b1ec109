//! Makes an SVG carry its own typeface: the characters of its `<text>`
//! elements are cut out of the bundled font ([`subset_font`]) and embedded
//! as `@font-face` rules with `data:` URLs, under a family name unique to
//! that set of characters, placed first in every `font-family`. A browser
//! then lays the text out with the metrics the chart was measured with,
//! whatever fonts the reader's machine has; an inline SVG in an HTML page
//! cannot borrow another chart's (smaller) subset, as the names differ.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::font_subset::subset_font;
use super::style;
use crate::error::Result;

/// The decoded text content of each `<text>` element, with whether it is
/// bold.
fn texts(svg: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        let after = &rest[i..];
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        let Some(end) = after.find("</text>") else {
            break;
        };
        let content = after.get(gt + 1..end).unwrap_or("");
        out.push((tag.contains("font-weight=\"bold\""), unescape(content)));
        rest = &after[end..];
    }
    out
}

/// Undoes XML escaping (the five entities and numeric references).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(semi) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let ent = &tail[1..semi];
        let c = match ent {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= c.len() {
                out.push(char::from(A[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Embeds the subset of the bundled font that the SVG's text uses as
/// `@font-face` data and names it first in every `font-family`. An SVG
/// without text is returned unchanged.
///
/// # Errors
/// The bundled font could not be subset (a corrupted build).
///
/// ```
/// let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n\
///     <text font-family=\"Liberation Sans, Arial, sans-serif\">Hi</text>\n</svg>";
/// let out = colcrime::charts::embed_font(svg).unwrap();
/// assert!(out.contains("@font-face{font-family:\"cc-"));
/// assert!(out.contains("src:url(data:font/ttf;base64,"));
/// assert!(out.contains("font-family=\"cc-"));
/// ```
pub fn embed_font(svg: &str) -> Result<String> {
    let t = texts(svg);
    if t.is_empty() {
        return Ok(svg.to_string());
    }
    let mut regular: BTreeSet<char> = BTreeSet::new();
    let mut bold: BTreeSet<char> = BTreeSet::new();
    for (b, s) in &t {
        if *b { &mut bold } else { &mut regular }.extend(s.chars());
    }
    let mut h = Sha256::new();
    h.update(regular.iter().collect::<String>().as_bytes());
    h.update([0]);
    h.update(bold.iter().collect::<String>().as_bytes());
    let digest = h.finalize();
    let family = format!(
        "cc-{}",
        digest
            .iter()
            .take(5)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let mut css = String::from("<style>");
    for (is_bold, chars) in [(false, &regular), (true, &bold)] {
        if chars.is_empty() {
            continue;
        }
        let data = subset_font(style::font_bytes(is_bold), chars, &family, is_bold)?;
        css.push_str(&format!(
            "@font-face{{font-family:\"{family}\";font-weight:{};font-style:normal;src:url(data:font/ttf;base64,{}) format(\"truetype\");}}",
            if is_bold { 700 } else { 400 },
            base64(&data)
        ));
    }
    css.push_str(
        "text{font-kerning:none;font-variant-ligatures:none;text-rendering:geometricPrecision}</style>",
    );
    let from = format!("font-family=\"{}\"", style::FONT_FAMILY);
    let to = format!("font-family=\"{family}, {}\"", style::FONT_FAMILY);
    let body = svg.replace(&from, &to);
    // The style goes right after the opening <svg ...> tag.
    let Some(open) = body.find("<svg") else {
        return Ok(body);
    };
    let Some(gt) = body[open..].find('>').map(|g| open + g + 1) else {
        return Ok(body);
    };
    Ok(format!("{}\n{}{}", &body[..gt], css, &body[gt..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn text_is_found_and_unescaped() {
        let t = texts(
            "<text a=\"1\">A &amp; B</text><text font-weight=\"bold\">C&#x2013;&#8212;</text>",
        );
        assert_eq!(
            t,
            vec![(false, "A & B".into()), (true, "C\u{2013}\u{2014}".into())]
        );
    }
}
