//! Charts of the evidence products: the concentration (Lorenz) curves of
//! the hotspot offences across wards, and the 20 wards with most robbery
//! (and theft) as ranked bars. Titles state the finding, computed from the
//! data so they stay true after a re-run.

use std::path::Path;

use crate::charts::{
    Bar, BarChart, Chart, LorenzChart, LorenzCurve, PanelScale, StripMultiples, StripPanel,
};
use crate::doc::Block;
use crate::error::Result;

use super::hotspots::{Hotspots, OffenceHotspots, period_words};

/// A chart written for the briefing.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Path without extension, relative to the run folder (`charts/hotspots_lorenz`).
    pub stem: String,
    /// The chart's title.
    pub title: String,
    /// The alternative text.
    pub alt: String,
    /// The SVG, for inlining in HTML.
    pub svg: String,
}

impl Figure {
    /// The figure as a document block.
    ///
    /// ```
    /// use colcrime::evidence::charts::Figure;
    /// let f = Figure { stem: "charts/x".into(), title: "T".into(), alt: "A".into(), svg: "<svg/>".into() };
    /// assert!(matches!(f.block(), colcrime::doc::Block::Figure { .. }));
    /// ```
    pub fn block(&self) -> Block {
        Block::Figure {
            stem: self.stem.clone(),
            alt: self.alt.clone(),
            caption: self.title.clone(),
            svg: Some(self.svg.clone()),
        }
    }
}

const SOURCE: &str = "Metropolitan Police, MPS Ward Level Crime (London Datastore); ONS Census 2021 ward populations";

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// The concentration chart of every hotspot offence.
///
/// ```
/// # let h = colcrime::evidence::hotspots::tests_support::toy_hotspots();
/// let c = colcrime::evidence::charts::lorenz_chart(&h);
/// assert_eq!(c.curves.len(), 1);
/// assert!(c.title.contains("60%"));
/// ```
pub fn lorenz_chart(h: &Hotspots) -> LorenzChart {
    let curves = h
        .ordered()
        .into_iter()
        .map(|o| LorenzCurve::new(label(o), thin(&o.concentration_curve(), 250)))
        .collect();
    let parts: Vec<String> = h
        .ordered()
        .into_iter()
        .map(|o| format!("{} of {}", pct(o.share_top_10pct), o.label))
        .collect();
    let (period, wards) = h
        .offences
        .values()
        .next()
        .map_or((String::new(), 0), |o| (period_words(&o.period), o.wards));
    LorenzChart {
        title: format!(
            "The busiest tenth of London's wards record {}",
            join_words(&parts)
        ),
        subtitle: format!(
            "Cumulative share of offences recorded by the Metropolitan Police against the share of London's {wards} wards, busiest first, {period}"
        ),
        x_label: "Share of wards, busiest first (%)".into(),
        y_label: "Share of offences (%)".into(),
        source: SOURCE.into(),
        curves,
        marker: Some(0.1),
        ..Default::default()
    }
}

/// The `n` wards with most offences as ranked bars, labelled "Ward
/// (Borough)".
///
/// ```
/// let o = colcrime::evidence::hotspots::tests_support::toy();
/// let c = colcrime::evidence::charts::ranked_chart(&o, 2);
/// assert_eq!(c.bars.len(), 2);
/// ```
pub fn ranked_chart(o: &OffenceHotspots, n: usize) -> BarChart {
    let bars: Vec<Bar> = o
        .ranked
        .iter()
        .take(n)
        .map(|w| Bar::new(format!("{} ({})", w.ward, w.borough), w.count as f64))
        .collect();
    let top2: u64 = o.ranked.iter().take(2).map(|w| w.count).sum();
    let name = o.label.clone();
    let title = match (o.ranked.first(), o.ranked.get(1)) {
        (Some(a), Some(b)) if o.total > 0 => format!(
            "{} and {} alone record {} of London's {name}",
            a.ward,
            b.ward,
            pct(top2 as f64 / o.total as f64)
        ),
        _ => format!("The wards with most {name}"),
    };
    BarChart {
        title,
        subtitle: format!(
            "The {} London wards with most {name}, offences recorded by the Metropolitan Police, {}",
            bars.len(),
            period_words(&o.period)
        ),
        x_label: "Offences".into(),
        source: SOURCE.into(),
        bars,
        decimals: 0,
        ..Default::default()
    }
}

/// Borough small multiples of the ward rates of an offence: one panel per
/// borough, each ward with a Census 2021 population a dot (its offences per
/// 1,000 residents over the 12 months), boroughs ordered by their median
/// ward, highest first; on a log scale when the rates span more than a
/// factor of 20. The title compares the boroughs whose median wards are
/// highest and lowest, and counts the boroughs whose busiest ward has over
/// three times the rate of their median ward, from the data.
///
/// ```
/// let o = colcrime::evidence::hotspots::tests_support::toy();
/// assert!(colcrime::evidence::charts::borough_strips_chart(&o).is_none()); // no rates
/// ```
pub fn borough_strips_chart(o: &OffenceHotspots) -> Option<StripMultiples> {
    let mut by: std::collections::BTreeMap<&str, Vec<f64>> = std::collections::BTreeMap::new();
    for w in &o.ranked {
        if let Some(r) = w.rate_per_1000.filter(|r| r.is_finite()) {
            by.entry(w.borough.as_str()).or_default().push(r);
        }
    }
    let mut panels: Vec<StripPanel> = by.into_iter().map(|(b, v)| StripPanel::new(b, v)).collect();
    if panels.len() < 2 {
        return None;
    }
    let medians = |p: &StripPanel| p.median();
    panels.sort_by(|a, b| {
        medians(b)
            .total_cmp(&medians(a))
            .then_with(|| a.label.cmp(&b.label))
    });
    let (first, last) = (panels.first()?, panels.last()?);
    let (m_hi, m_lo) = (first.median(), last.median());
    let all: Vec<f64> = panels
        .iter()
        .flat_map(|p| p.values.iter().copied())
        .collect();
    let max = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min_pos = all
        .iter()
        .copied()
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let log = max / min_pos > 20.0;
    let zeros = all.iter().filter(|v| **v <= 0.0).count();
    let spread = panels
        .iter()
        .filter(|p| p.values.iter().copied().fold(f64::NEG_INFINITY, f64::max) > 3.0 * p.median())
        .count();
    let name = o.label.clone();
    let comparison = if m_lo > 0.0 {
        let k = m_hi / m_lo;
        let k = if k >= 10.0 {
            format!("{k:.0}")
        } else {
            format!("{k:.1}")
        };
        format!(
            "{}'s median ward has {k} times the {name} rate of {}'s",
            first.label, last.label
        )
    } else {
        format!(
            "{}'s median ward has the highest {name} rate, {}'s the lowest",
            first.label, last.label
        )
    };
    let title = format!(
        "{comparison}; in {spread} of {} boroughs the busiest ward has over three times the median ward's rate",
        panels.len()
    );
    let mut subtitle = format!(
        "Offences of {name} per 1,000 residents (Census 2021) in each London ward, {}; boroughs ordered by their median ward",
        period_words(&o.period)
    );
    if log {
        subtitle.push_str(", log scale");
        if zeros > 0 {
            subtitle.push_str(&format!(
                "; {} with none at the left edge",
                if zeros == 1 {
                    "the ward".to_string()
                } else {
                    format!("{zeros} wards")
                }
            ));
        }
    }
    Some(StripMultiples {
        title,
        subtitle,
        x_label: "Offences per 1,000 residents".into(),
        source: SOURCE.into(),
        panels,
        member: "ward".into(),
        scale: if log {
            PanelScale::Log
        } else {
            PanelScale::Shared
        },
        ..Default::default()
    })
}

/// At most about `n` points of a curve, evenly spaced in x, always
/// keeping the first and last (a curve of 679 wards draws cleaner so).
fn thin(points: &[(f64, f64)], n: usize) -> Vec<(f64, f64)> {
    let step = points.len().div_ceil(n.max(1)).max(1);
    let mut out: Vec<(f64, f64)> = points.iter().step_by(step).copied().collect();
    if let (Some(l), Some(o)) = (points.last(), out.last())
        && l != o
    {
        out.push(*l);
    }
    out
}

fn label(o: &OffenceHotspots) -> String {
    let s = o.label.clone();
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn join_words(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Draws the hotspot charts into `run_dir/charts/`: the concentration
/// curves (`hotspots_lorenz`), the top 20 wards for robbery and theft
/// (`hotspots_top_robbery`, `hotspots_top_theft`) and the borough small
/// multiples of robbery's ward rates (`hotspots_boroughs_robbery`, when
/// the wards have populations), each PNG and SVG.
///
/// # Errors
/// A chart that cannot be drawn or written.
///
/// ```
/// let h = colcrime::evidence::hotspots::tests_support::toy_hotspots();
/// let dir = tempfile::tempdir().unwrap();
/// let figs = colcrime::evidence::charts::render(&h, dir.path()).unwrap();
/// assert_eq!(figs[0].stem, "charts/hotspots_lorenz");
/// assert!(dir.path().join("charts/hotspots_top_robbery.png").exists());
/// ```
pub fn render(h: &Hotspots, run_dir: &Path) -> Result<Vec<Figure>> {
    let mut out = Vec::new();
    let mut put = |stem: &str, c: &dyn ChartDyn| -> Result<()> {
        let svg = c.render_to(&run_dir.join(stem))?;
        out.push(Figure {
            stem: stem.to_string(),
            title: c.title_text(),
            alt: c.alt(),
            svg,
        });
        Ok(())
    };
    put("charts/hotspots_lorenz", &lorenz_chart(h))?;
    for key in ["robbery", "theft"] {
        if let Some(o) = h.offences.get(key) {
            put(&format!("charts/hotspots_top_{key}"), &ranked_chart(o, 20))?;
        }
    }
    if let Some(c) = h.offences.get("robbery").and_then(borough_strips_chart) {
        put("charts/hotspots_boroughs_robbery", &c)?;
    }
    Ok(out)
}

/// The few chart operations `render` needs, object-safe.
trait ChartDyn {
    fn render_to(&self, stem: &Path) -> Result<String>;
    fn title_text(&self) -> String;
    fn alt(&self) -> String;
}

impl<C: Chart> ChartDyn for C {
    fn render_to(&self, stem: &Path) -> Result<String> {
        let files = self.render(stem)?;
        std::fs::read_to_string(&files.svg).map_err(|e| crate::error::Error::io(&files.svg, e))
    }
    fn title_text(&self) -> String {
        self.title().to_string()
    }
    fn alt(&self) -> String {
        self.description()
    }
}
