//! A small document model for briefings, rendered to Markdown and to a
//! single self-contained HTML file (charts inlined as SVG, alt text on
//! every figure).

use std::fmt::Write as _;

pub mod words;

/// One block of a briefing.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading: level 1 to 3, text.
    Heading(u8, String),
    /// A paragraph (plain text; `**bold**` is kept in Markdown and rendered in HTML).
    Para(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A table: header cells, rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A chart: file stem relative to the briefing (`charts/x`), alt text, caption.
    Figure {
        /// Path of the chart without extension, relative to the briefing.
        stem: String,
        /// Alternative text describing what the chart shows.
        alt: String,
        /// Caption shown under it.
        caption: String,
        /// The SVG text, inlined in HTML.
        svg: Option<String>,
    },
    /// Preformatted text (model summaries).
    Pre(String),
}

/// A briefing document.
///
/// ```
/// use colcrime::workspace::{Block, Doc};
/// let d = Doc { title: "T".into(), blocks: vec![Block::Para("a < b".into())] };
/// assert!(d.to_markdown().starts_with("# T"));
/// assert!(d.to_html().contains("a &lt; b"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc {
    /// The title.
    pub title: String,
    /// The content.
    pub blocks: Vec<Block>,
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Escapes text for HTML.
///
/// ```
/// assert_eq!(colcrime::doc::escape_html("<a&\"b\">"), "&lt;a&amp;&quot;b&quot;&gt;");
/// ```
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with `**bold**` turned into `<strong>`.
fn inline_html(s: &str) -> String {
    let esc = escape_html(s);
    let mut out = String::new();
    let mut bold = false;
    for (i, part) in esc.split("**").enumerate() {
        if i > 0 {
            out.push_str(if bold { "</strong>" } else { "<strong>" });
            bold = !bold;
        }
        out.push_str(part);
    }
    if bold {
        out.push_str("</strong>");
    }
    out
}

impl Doc {
    /// Markdown, with figures as image links to the PNGs.
    pub fn to_markdown(&self) -> String {
        let mut s = format!("# {}\n\n", self.title);
        for b in &self.blocks {
            match b {
                Block::Heading(l, t) => {
                    let _ = writeln!(s, "{} {t}\n", "#".repeat(*l as usize + 1));
                }
                Block::Para(t) => {
                    let _ = writeln!(s, "{t}\n");
                }
                Block::List(items) => {
                    for i in items {
                        let _ = writeln!(s, "- {i}");
                    }
                    s.push('\n');
                }
                Block::Table(h, rows) => {
                    let _ = writeln!(
                        s,
                        "| {} |",
                        h.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
                    );
                    let _ = writeln!(
                        s,
                        "|{}|",
                        (0..h.len())
                            .map(|i| if numeric_column(rows, i) {
                                " ---: "
                            } else {
                                " --- "
                            })
                            .collect::<Vec<_>>()
                            .join("|")
                    );
                    for r in rows {
                        let _ = writeln!(
                            s,
                            "| {} |",
                            r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
                        );
                    }
                    s.push('\n');
                }
                Block::Figure {
                    stem, alt, caption, ..
                } => {
                    let _ = writeln!(s, "![{}]({stem}.png)\n\n*{caption}*\n", md_cell(alt));
                }
                Block::Pre(t) => {
                    let _ = writeln!(s, "```text\n{}\n```\n", t.trim_end());
                }
            }
        }
        s
    }

    /// One self-contained HTML file: inline CSS, charts inlined as SVG.
    pub fn to_html(&self) -> String {
        let mut s = String::new();
        let _ = write!(
            s,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
            escape_html(&self.title),
            CSS,
            escape_html(&self.title)
        );
        for b in &self.blocks {
            match b {
                Block::Heading(l, t) => {
                    let l = (*l + 1).min(6);
                    let _ = writeln!(s, "<h{l}>{}</h{l}>", inline_html(t));
                }
                Block::Para(t) => {
                    let _ = writeln!(s, "<p>{}</p>", inline_html(t));
                }
                Block::List(items) => {
                    s.push_str("<ul>\n");
                    for i in items {
                        let _ = writeln!(s, "<li>{}</li>", inline_html(i));
                    }
                    s.push_str("</ul>\n");
                }
                Block::Table(h, rows) => {
                    s.push_str("<table>\n<thead><tr>");
                    for c in h {
                        let _ = write!(s, "<th scope=\"col\">{}</th>", escape_html(c));
                    }
                    s.push_str("</tr></thead>\n<tbody>\n");
                    let numeric: Vec<bool> =
                        (0..h.len()).map(|i| numeric_column(rows, i)).collect();
                    for r in rows {
                        s.push_str("<tr>");
                        for (i, c) in r.iter().enumerate() {
                            if i == 0 {
                                let _ = write!(s, "<th scope=\"row\">{}</th>", escape_html(c));
                            } else if numeric.get(i).copied().unwrap_or(true) {
                                let _ = write!(s, "<td>{}</td>", escape_html(c));
                            } else {
                                let _ = write!(s, "<td class=\"text\">{}</td>", escape_html(c));
                            }
                        }
                        s.push_str("</tr>\n");
                    }
                    s.push_str("</tbody>\n</table>\n");
                }
                Block::Figure {
                    alt, caption, svg, ..
                } => {
                    s.push_str("<figure>\n");
                    match svg {
                        Some(svg) => {
                            let body = svg.find("<svg").map_or(svg.as_str(), |i| &svg[i..]);
                            let _ = writeln!(
                                s,
                                "<div role=\"img\" aria-label=\"{}\">{}</div>",
                                escape_html(alt),
                                body
                            );
                        }
                        None => {
                            let _ = writeln!(s, "<p class=\"nodata\">{}</p>", escape_html(alt));
                        }
                    }
                    let _ = writeln!(
                        s,
                        "<figcaption>{}</figcaption>\n</figure>",
                        inline_html(caption)
                    );
                }
                Block::Pre(t) => {
                    let _ = writeln!(s, "<pre>{}</pre>", escape_html(t.trim_end()));
                }
            }
        }
        s.push_str("</main>\n</body>\n</html>\n");
        s
    }
}

const CSS: &str = "body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;background:#fff;margin:0}\
main{max-width:960px;margin:0 auto;padding:24px}\
h1{font-size:2rem;margin-top:0}h2{border-top:4px solid #12436D;padding-top:12px;margin-top:36px}\
p,li{line-height:1.5;font-size:1.05rem}\
table{border-collapse:collapse;margin:12px 0 24px;font-size:.95rem}\
th,td{border-bottom:1px solid #b1b4b6;padding:6px 10px;text-align:right}\
th[scope=row],thead th:first-child,td.text{text-align:left}thead th{border-bottom:2px solid #0b0c0c}\
figure{margin:24px 0}figure svg{max-width:100%;height:auto}\
figcaption{color:#505a5f;font-size:.9rem}pre{background:#f3f2f1;padding:12px;overflow-x:auto;font-size:.8rem}";

/// A column is right-aligned when every non-empty cell reads as a number
/// (digits, a sign, `<`, or `n/a`), so text columns stay left-aligned.
fn numeric_column(rows: &[Vec<String>], i: usize) -> bool {
    let mut any = false;
    for r in rows {
        let c = r.get(i).map(|c| c.trim()).unwrap_or("");
        if c.is_empty() || c == "n/a" {
            continue;
        }
        any = true;
        let first = c.chars().next().unwrap_or(' ');
        if !(first.is_ascii_digit() || matches!(first, '-' | '+' | '<' | '.' | '−')) {
            return false;
        }
    }
    any
}
