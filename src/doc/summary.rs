//! Two documents from one: the one-page summary for policy readers (the
//! blocks marked with [`Block::Summary`]: key points, at most three
//! charts, the claims table) and the full technical annex, linked both
//! ways.

use super::{Block, Doc};

/// The most charts a one-page summary shows.
pub const SUMMARY_FIGURES: usize = 3;

impl Doc {
    /// The one-page summary: the title, a link to the full document
    /// `annex_href`, then every block marked for the summary in order (at
    /// most [`SUMMARY_FIGURES`] charts, all placed together where the first
    /// of them stands), each heading kept only when something follows it.
    ///
    /// ```
    /// use colcrime::doc::{Block, Doc};
    /// let d = Doc {
    ///     title: "Crime".into(),
    ///     blocks: vec![
    ///         Block::Heading(1, "Key points".into()).for_summary(),
    ///         Block::List(vec!["Robbery fell".into()]).for_summary(),
    ///         Block::Heading(1, "Models".into()),
    ///         Block::Pre("details".into()),
    ///     ],
    /// };
    /// let s = d.summary("briefing.html");
    /// assert_eq!(s.blocks.len(), 3);
    /// assert!(s.to_markdown().contains("(briefing.html)"));
    /// assert!(!s.to_markdown().contains("details"));
    /// ```
    pub fn summary(&self, annex_href: &str) -> Doc {
        let mut blocks = vec![Block::Para(format!(
            "A one-page summary. The [full briefing]({annex_href}) is the technical annex: every model, its diagnostics and backtests, and the data and sources behind each number."
        ))];
        // The charts stand together (one row in print) where the first of
        // them stood.
        let charts: Vec<Block> = self
            .blocks
            .iter()
            .filter(|b| b.in_summary() && matches!(b.inner(), Block::Figure { .. }))
            .take(SUMMARY_FIGURES)
            .map(|b| b.inner().clone())
            .collect();
        let mut charts = Some(charts);
        let mut pending_heading: Option<Block> = None;
        for b in self.blocks.iter().filter(|b| b.in_summary()) {
            let inner = b.inner().clone();
            match inner {
                Block::Heading(..) => pending_heading = Some(inner),
                Block::Figure { .. } => {
                    if let Some(c) = charts.take() {
                        blocks.extend(pending_heading.take());
                        blocks.extend(c);
                    }
                }
                other => {
                    blocks.extend(pending_heading.take());
                    blocks.push(other);
                }
            }
        }
        Doc {
            title: self.title.clone(),
            blocks,
        }
    }

    /// This document with a first paragraph linking to its summary.
    ///
    /// ```
    /// use colcrime::doc::Doc;
    /// let d = Doc { title: "T".into(), blocks: vec![] }.linked_to_summary("summary.html");
    /// assert!(d.to_html().contains("<a href=\"summary.html\">"));
    /// ```
    pub fn linked_to_summary(mut self, summary_href: &str) -> Doc {
        self.blocks.insert(
            0,
            Block::Para(format!(
                "This is the full briefing, the technical annex. Policy readers may prefer the [one-page summary]({summary_href})."
            )),
        );
        self
    }

    /// The summary as HTML: as [`Doc::to_html`], laid out to print on one
    /// A4 page (charts scaled down, no page breaks between sections).
    ///
    /// ```
    /// use colcrime::doc::Doc;
    /// let d = Doc { title: "T".into(), blocks: vec![] };
    /// assert!(d.to_summary_html().contains("<main class=\"summary\">"));
    /// ```
    pub fn to_summary_html(&self) -> String {
        self.html_page("summary")
    }
}
