//! A small document model for briefings, rendered to Markdown and to a
//! single self-contained HTML file (charts inlined as SVG, alt text on
//! every figure).
//!
//! Text in blocks is written once in a small inline Markdown subset
//! (`` `code` ``, `**strong**`, `*emphasis*`, `[links](url)`; see
//! [`inline`]): the Markdown rendering keeps it as written, the HTML
//! rendering turns it into elements, so neither shows the other's syntax.
//! Blocks wrapped in [`Block::Summary`] also make the one-page summary
//! ([`Doc::summary`]), linked both ways with the full document.

use std::fmt::Write as _;

pub mod inline;
mod summary;
pub use summary::SUMMARY_FIGURES;
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
    /// A block that also goes into the one-page summary
    /// ([`Doc::summary`]); the full document shows it in place as usual.
    Summary(Box<Block>),
}

impl Block {
    /// Marks this block for the one-page summary as well.
    ///
    /// ```
    /// use colcrime::doc::Block;
    /// let b = Block::Para("x".into()).for_summary();
    /// assert!(b.in_summary());
    /// assert_eq!(b.inner(), &Block::Para("x".into()));
    /// ```
    pub fn for_summary(self) -> Block {
        match self {
            Block::Summary(_) => self,
            b => Block::Summary(Box::new(b)),
        }
    }

    /// Whether the block is marked for the summary.
    ///
    /// ```
    /// assert!(!colcrime::doc::Block::Para("x".into()).in_summary());
    /// ```
    pub fn in_summary(&self) -> bool {
        matches!(self, Block::Summary(_))
    }

    /// The block itself, without a summary mark.
    ///
    /// ```
    /// use colcrime::doc::Block;
    /// let b = Block::Pre("x".into());
    /// assert_eq!(b.clone().for_summary().inner(), &b);
    /// ```
    pub fn inner(&self) -> &Block {
        match self {
            Block::Summary(b) => b.inner(),
            b => b,
        }
    }
}

/// A briefing document.
///
/// ```
/// use colcrime::doc::{Block, Doc};
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

impl Doc {
    /// Markdown, with figures as image links to the PNGs.
    ///
    /// ```
    /// use colcrime::doc::{Block, Doc};
    /// let d = Doc { title: "T".into(), blocks: vec![Block::Heading(1, "Key points".into())] };
    /// assert_eq!(d.to_markdown(), "# T\n\n## Key points\n\n");
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut s = format!("# {}\n\n", self.title);
        for b in &self.blocks {
            markdown_block(&mut s, b);
        }
        s
    }

    /// One self-contained HTML file: inline CSS (screen and A4 print),
    /// a table of contents, inline Markdown rendered as HTML, charts
    /// inlined as SVG (each with its own embedded font subset).
    ///
    /// ```
    /// use colcrime::doc::{Block, Doc};
    /// let d = Doc {
    ///     title: "T".into(),
    ///     blocks: vec![Block::Heading(1, "Key points".into()), Block::Para("See `x` and *y*".into())],
    /// };
    /// let html = d.to_html();
    /// assert!(html.contains("<p>See <code>x</code> and <em>y</em></p>"));
    /// assert!(html.contains("<h2 id=\"key-points\""));
    /// assert!(html.contains("@page{size:A4"));
    /// ```
    pub fn to_html(&self) -> String {
        self.html_page("")
    }

    /// The HTML page; `class` goes on `<main>` (`summary` for the one-page
    /// layout).
    fn html_page(&self, class: &str) -> String {
        let mut s = String::new();
        let _ = write!(
            s,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main{}>\n<h1>{}</h1>\n",
            escape_html(&inline::to_text(&self.title)),
            if class == "summary" {
                format!("{CSS}{SUMMARY_CSS}")
            } else {
                CSS.to_string()
            },
            if class.is_empty() {
                String::new()
            } else {
                format!(" class=\"{class}\"")
            },
            inline::to_html(&self.title)
        );
        // Every heading's id, in order, made once so that the table of
        // contents links to exactly the ids the headings get.
        let mut taken = Ids::default();
        let headings: Vec<(u8, String, String)> = self
            .blocks
            .iter()
            .filter_map(|b| match b.inner() {
                Block::Heading(l, t) => Some((*l, taken.take(t), inline::to_html(t))),
                _ => None,
            })
            .collect();
        let sections: Vec<(&String, &String)> = headings
            .iter()
            .filter(|h| h.0 == 1)
            .map(|h| (&h.1, &h.2))
            .collect();
        let mut ids: std::collections::VecDeque<String> =
            headings.iter().map(|h| h.1.clone()).collect();
        // A short table of contents: the top-level sections, after any
        // opening paragraphs.
        let first_heading = self
            .blocks
            .iter()
            .position(|b| matches!(b.inner(), Block::Heading(..)))
            .unwrap_or(self.blocks.len());
        let mut figures = 0usize;
        for (i, b) in self.blocks.iter().enumerate() {
            if i == first_heading && sections.len() >= 3 && class.is_empty() {
                s.push_str(
                    "<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n",
                );
                for (id, t) in &sections {
                    let _ = writeln!(s, "<li><a href=\"#{id}\">{t}</a></li>");
                }
                s.push_str("</ol>\n</nav>\n");
            }
            // In the summary, a run of charts shares one row in print.
            let is_fig =
                |b: Option<&Block>| matches!(b.map(Block::inner), Some(Block::Figure { .. }));
            let grouped = class == "summary" && is_fig(Some(b));
            if grouped && !is_fig(i.checked_sub(1).and_then(|k| self.blocks.get(k))) {
                s.push_str("<div class=\"figures\">\n");
            }
            html_block(&mut s, b, &mut ids, &mut figures);
            if grouped && !is_fig(self.blocks.get(i + 1)) {
                s.push_str("</div>\n");
            }
        }
        s.push_str("</main>\n</body>\n</html>\n");
        s
    }
}

/// Unique, readable `id`s for headings.
#[derive(Debug, Default)]
struct Ids(std::collections::BTreeMap<String, usize>);

impl Ids {
    fn take(&mut self, text: &str) -> String {
        let mut slug = String::new();
        for c in inline::to_text(text).chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-').to_string();
        let slug = if slug.is_empty() {
            "section".into()
        } else {
            slug
        };
        let n = self.0.entry(slug.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { slug } else { format!("{slug}-{n}") }
    }
}

fn markdown_block(s: &mut String, b: &Block) {
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
            let _ = writeln!(s, "![{}]({stem}.png)\n", md_cell(alt));
            if !caption.is_empty() {
                let _ = writeln!(s, "*{caption}*\n");
            }
        }
        Block::Pre(t) => {
            let _ = writeln!(s, "```text\n{}\n```\n", t.trim_end());
        }
        Block::Summary(inner) => markdown_block(s, inner),
    }
}

/// An inline SVG with its `id`s (and the references to them) made unique
/// in the page: every chart names its title `chart-title`.
fn inline_svg(svg: &str, k: usize) -> String {
    let body = svg.find("<svg").map_or(svg, |i| &svg[i..]);
    body.replace("\"chart-title\"", &format!("\"chart-title-{k}\""))
        .replace("\"chart-desc\"", &format!("\"chart-desc-{k}\""))
        .replace(
            "aria-labelledby=\"chart-title chart-desc\"",
            &format!("aria-labelledby=\"chart-title-{k} chart-desc-{k}\""),
        )
}

fn html_block(
    s: &mut String,
    b: &Block,
    ids: &mut std::collections::VecDeque<String>,
    figures: &mut usize,
) {
    match b {
        Block::Heading(l, t) => {
            let id = ids.pop_front().unwrap_or_else(|| "section".into());
            let level = (*l + 1).min(6);
            let class = if *l == 1 { " class=\"section\"" } else { "" };
            let _ = writeln!(
                s,
                "<h{level} id=\"{id}\"{class}>{}</h{level}>",
                inline::to_html(t)
            );
        }
        Block::Para(t) => {
            let _ = writeln!(s, "<p>{}</p>", inline::to_html(t));
        }
        Block::List(items) => {
            s.push_str("<ul>\n");
            for i in items {
                let _ = writeln!(s, "<li>{}</li>", inline::to_html(i));
            }
            s.push_str("</ul>\n");
        }
        Block::Table(h, rows) => {
            s.push_str("<div class=\"table-wrap\">\n<table>\n<thead><tr>");
            let numeric: Vec<bool> = (0..h.len()).map(|i| numeric_column(rows, i)).collect();
            // Columns of long text get room to wrap into a readable measure
            // (the table scrolls sideways when it is wider than the page).
            let long: Vec<bool> = (0..h.len())
                .map(|i| {
                    rows.iter()
                        .filter_map(|r| r.get(i))
                        .any(|c| inline::to_text(c).chars().count() > 40)
                })
                .collect();
            for (i, c) in h.iter().enumerate() {
                let class = if numeric.get(i).copied().unwrap_or(false) {
                    " class=\"num\""
                } else if long.get(i).copied().unwrap_or(false) {
                    " class=\"long\""
                } else {
                    ""
                };
                let _ = write!(s, "<th scope=\"col\"{class}>{}</th>", inline::to_html(c));
            }
            s.push_str("</tr></thead>\n<tbody>\n");
            for r in rows {
                s.push_str("<tr>");
                for (i, c) in r.iter().enumerate() {
                    let cell = inline::to_html(c);
                    if i == 0 {
                        let _ = write!(s, "<th scope=\"row\">{cell}</th>");
                    } else if numeric.get(i).copied().unwrap_or(true) {
                        let _ = write!(s, "<td class=\"num\">{cell}</td>");
                    } else if long.get(i).copied().unwrap_or(false) {
                        let _ = write!(s, "<td class=\"long\">{cell}</td>");
                    } else {
                        let _ = write!(s, "<td>{cell}</td>");
                    }
                }
                s.push_str("</tr>\n");
            }
            s.push_str("</tbody>\n</table>\n</div>\n");
        }
        Block::Figure {
            alt, caption, svg, ..
        } => {
            *figures += 1;
            s.push_str("<figure>\n");
            match svg {
                Some(svg) => {
                    let _ = writeln!(
                        s,
                        "<div class=\"chart\">{}</div>",
                        inline_svg(svg, *figures)
                    );
                }
                None => {
                    let _ = writeln!(s, "<p class=\"nodata\">{}</p>", escape_html(alt));
                }
            }
            if !caption.is_empty() {
                let _ = writeln!(s, "<figcaption>{}</figcaption>", inline::to_html(caption));
            }
            s.push_str("</figure>\n");
        }
        Block::Pre(t) => {
            let _ = writeln!(s, "<pre>{}</pre>", escape_html(t.trim_end()));
        }
        Block::Summary(inner) => html_block(s, inner, ids, figures),
    }
}

/// The page style: GOV.UK-like type, tables that wrap their text and
/// scroll sideways when wider than the page, charts scaled to the column,
/// and an A4 print layout with each section on a new page.
const CSS: &str = "body{font-family:Arial,Helvetica,\"Liberation Sans\",sans-serif;color:#0b0c0c;background:#fff;margin:0}\
main{max-width:960px;margin:0 auto;padding:24px}\
h1{font-size:2rem;margin-top:0}h2{border-top:4px solid #12436D;padding-top:12px;margin-top:36px}\
p,li{line-height:1.5;font-size:1.05rem}a{color:#1d70b8}\
code{font-family:\"DejaVu Sans Mono\",Consolas,monospace;font-size:.9em;background:#f3f2f1;padding:0 .2em}\
p code,li code{overflow-wrap:anywhere}\
nav.toc{border-left:4px solid #b1b4b6;padding:0 16px;margin:24px 0}nav.toc h2{border:0;margin:8px 0;padding:0;font-size:1.2rem}\
nav.toc ol{margin:0 0 8px;padding-left:1.4em}nav.toc li{font-size:1rem;line-height:1.6}\
.table-wrap{overflow-x:auto;margin:12px 0 24px;max-width:100%}\
table{border-collapse:collapse;font-size:.95rem}\
th,td{border-bottom:1px solid #b1b4b6;padding:6px 10px;text-align:left;vertical-align:top;max-width:28em;overflow-wrap:break-word}\
th.num,td.num{text-align:right;white-space:nowrap}th.long,td.long{min-width:16em}th[scope=row]{white-space:nowrap}thead th{border-bottom:2px solid #0b0c0c}\
figure{margin:24px 0}.chart svg{display:block;max-width:100%;height:auto}\
figcaption{color:#505a5f;font-size:.9rem}pre{background:#f3f2f1;padding:12px;overflow-x:auto;font-size:.8rem}\
@page{size:A4;margin:16mm 14mm}\
@media print{body{font-size:10.5pt}main{max-width:none;padding:0}a{color:inherit;text-decoration:none}\
h2.section{break-before:page;border-top:0;margin-top:0}h2,h3,h4{break-after:avoid}\
figure,tr,nav.toc{break-inside:avoid}.chart svg{width:100%}\
.table-wrap{overflow:visible}table{font-size:8pt;width:100%}th,td{max-width:none;padding:3px 4px}\
th.num,td.num,th[scope=row]{white-space:normal}th.long,td.long{min-width:10em}\
pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:7.5pt;background:none;border:1px solid #b1b4b6}\
}";

/// The one-page summary's additions to [`CSS`]: on screen its charts stack
/// as in the annex; in print the page margins narrow, the type tightens,
/// the charts stand three side by side and every block stays whole, so
/// that the summary prints on one A4 page (`tests/publication.rs` counts the
/// pages of Chromium's PDF).
const SUMMARY_CSS: &str = "@media print{@page{size:A4;margin:9mm 10mm}\
body{font-size:7.6pt}main.summary h1{font-size:13pt;margin:0 0 1.5mm}\
main.summary h2.section{break-before:auto;font-size:10pt;margin:2.2mm 0 .8mm;padding:0;border:0}\
main.summary p,main.summary li{line-height:1.22;font-size:7.6pt;margin:0 0 .6mm}main.summary ul{margin:0;padding-left:1.1em}\
main.summary .figures{display:grid;grid-template-columns:repeat(3,1fr);gap:0 3mm;margin:1.5mm 0}\
main.summary figure{margin:0;break-inside:avoid}main.summary .chart svg{width:100%;max-height:52mm}main.summary figcaption{font-size:6.6pt;line-height:1.2}\
main.summary .table-wrap{margin:1mm 0}main.summary table{font-size:6.6pt}main.summary th,main.summary td{padding:1px 3px;line-height:1.2}\
main.summary th.long,main.summary td.long{min-width:0}}";

/// A column is right-aligned when every non-empty cell reads as a number
/// (digits, a sign, `<`, `≤`, `≥`, or `n/a`), so text columns stay
/// left-aligned.
fn numeric_column(rows: &[Vec<String>], i: usize) -> bool {
    let mut any = false;
    for r in rows {
        let c = r.get(i).map(|c| c.trim()).unwrap_or("");
        if c.is_empty() || c == "n/a" {
            continue;
        }
        any = true;
        let first = c.chars().next().unwrap_or(' ');
        if !(first.is_ascii_digit()
            || matches!(first, '-' | '+' | '<' | '>' | '.' | '−' | '≤' | '≥'))
        {
            return false;
        }
    }
    any
}
