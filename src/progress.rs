//! Progress of long batch work (a batch of series fitted, the origins of a
//! backtest, the files of a count), reported to whoever listens.
//!
//! The library only counts: a [`Task`] says how many steps there are and
//! each step that finishes. Nothing is shown unless a [`Listener`] was
//! installed with [`listen`]; the `colcrime` binary installs one that
//! draws a progress bar on a terminal (nothing on a pipe), and library
//! users and the Python bindings see no output. Only the outermost task is
//! reported: a task started while another is running (a backtest inside a
//! batch) counts nothing.
//!
//! ```
//! use colcrime::progress;
//! use rayon::prelude::*;
//! let task = progress::task(3, "squaring");
//! let v: Vec<u64> = (1..=3u64).into_par_iter().map(|i| { task.advance(); i * i }).collect();
//! assert_eq!(v, [1, 4, 9]);
//! ```

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Receives the progress of the outermost [`Task`].
///
/// ```
/// use colcrime::progress::Listener;
/// struct Quiet;
/// impl Listener for Quiet {
///     fn begin(&self, _total: u64, _what: &str) {}
///     fn advance(&self, _steps: u64) {}
///     fn end(&self) {}
/// }
/// Quiet.begin(2, "work");
/// ```
pub trait Listener: Send + Sync {
    /// A task of `total` steps, described by `what`, starts.
    fn begin(&self, total: u64, what: &str);
    /// `steps` more steps are done.
    fn advance(&self, steps: u64);
    /// The task is over (done, failed or abandoned).
    fn end(&self);
}

static LISTENER: OnceLock<Box<dyn Listener>> = OnceLock::new();

/// Tasks running now; only the one started when none ran is reported.
static DEPTH: AtomicUsize = AtomicUsize::new(0);

/// Installs the process's listener; `false` (and `listener` dropped) when
/// one is installed already.
///
/// ```
/// use colcrime::progress::{self, Listener};
/// struct Quiet;
/// impl Listener for Quiet {
///     fn begin(&self, _: u64, _: &str) {}
///     fn advance(&self, _: u64) {}
///     fn end(&self) {}
/// }
/// let first = progress::listen(Box::new(Quiet));
/// assert!(!progress::listen(Box::new(Quiet)) || !first);
/// ```
pub fn listen(listener: Box<dyn Listener>) -> bool {
    LISTENER.set(listener).is_ok()
}

/// Starts a task of `total` steps; its steps are reported while it lives
/// if it is the outermost task and a listener is installed.
///
/// ```
/// let t = colcrime::progress::task(2, "two steps");
/// t.advance();
/// t.advance();
/// ```
pub fn task(total: u64, what: &str) -> Task {
    let outermost = DEPTH.fetch_add(1, Ordering::SeqCst) == 0;
    let listener = LISTENER.get().filter(|_| outermost);
    if let Some(l) = listener {
        l.begin(total, what);
    }
    Task {
        listener: listener.map(|b| &**b),
    }
}

/// A running task (see [`task`]); ends when dropped. It is `Sync`, so
/// parallel steps report through a shared reference.
///
/// ```
/// let t = colcrime::progress::task(1, "one step");
/// t.advance();
/// drop(t);
/// ```
pub struct Task {
    listener: Option<&'static dyn Listener>,
}

impl std::fmt::Debug for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Task")
            .field("reported", &self.listener.is_some())
            .finish()
    }
}

impl Task {
    /// One more step is done.
    ///
    /// ```
    /// colcrime::progress::task(1, "x").advance();
    /// ```
    pub fn advance(&self) {
        if let Some(l) = self.listener {
            l.advance(1);
        }
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        if let Some(l) = self.listener {
            l.end();
        }
        DEPTH.fetch_sub(1, Ordering::SeqCst);
    }
}
