//! The progress bar the binary draws for long batch work: the listener of
//! [`crate::progress`] for `fit ... --series '*'`, `backtest` and
//! `data count`, on stderr when it is a terminal (nothing on a pipe or in
//! a file, so scripts and `--format json` output are untouched).

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
