//! Drawing a workspace's charts into a run folder.

use std::path::Path;

use super::build::Loaded;
use super::models::ModelOutcome;

/// One chart written (PNG and SVG).
#[derive(Debug, Clone)]
pub struct RenderedChart {
    /// The chart's name in the workspace.
    pub name: String,
    /// Path without extension relative to the run folder (`charts/NAME`).
    pub stem: String,
    /// Alternative text.
    pub alt: String,
    /// Caption (the source line).
    pub caption: String,
    /// The SVG text (inlined in the HTML briefing).
    pub svg: Option<String>,
}

/// Every chart of a run, and those that could not be drawn.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Charts written.
    pub charts: Vec<RenderedChart>,
    /// Charts that failed: (name, message).
    pub errors: Vec<(String, String)>,
}

/// Draws every chart the workspace declares.
pub fn render_all(loaded: &Loaded, _outcomes: &[ModelOutcome], _run_dir: &Path) -> Rendered {
    let mut r = Rendered::default();
    for name in loaded.spec.charts.keys() {
        r.errors.push((
            name.clone(),
            "charts are not yet wired into workspaces".into(),
        ));
    }
    r
}
