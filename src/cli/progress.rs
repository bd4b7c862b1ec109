//! What the binary draws while it works, on stderr when it is a terminal
//! (nothing on a pipe or in a file, so scripts and `--format json` output
//! are untouched): the spinner of `run` and `refit`, and the progress bar
//! of long batch work, the listener of [`crate::progress`] for
//! `fit ... --series '*'`, `backtest` and `data count`.

use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::progress::Listener;

/// Draws the outermost task as a bar with its count and time left.
struct Bar(Mutex<Option<ProgressBar>>);

impl Listener for Bar {
    fn begin(&self, total: u64, what: &str) {
        let pb = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        pb.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} [{elapsed}, {eta} left]")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb.set_message(what.to_string());
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(pb);
        }
    }

    fn advance(&self, steps: u64) {
        if let Ok(slot) = self.0.lock()
            && let Some(pb) = slot.as_ref()
        {
            pb.inc(steps);
        }
    }

    fn end(&self) {
        if let Ok(mut slot) = self.0.lock()
            && let Some(pb) = slot.take()
        {
            pb.finish_and_clear();
        }
    }
}

/// Installs the bar as the process's progress listener (once).
pub(crate) fn install() {
    let _ = crate::progress::listen(Box::new(Bar(Mutex::new(None))));
}

/// A spinner on stderr when it is a terminal (hidden otherwise).
pub(crate) fn spinner() -> ProgressBar {
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}
