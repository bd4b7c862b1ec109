//! Progress reporting (`colcrime::progress`): the outermost task reaches
//! the listener, step by step, and nested tasks count nothing. A binary of
//! its own: the listener is process-wide and installed once.

use std::sync::Mutex;

use colcrime::models::backtest::{BacktestParams, backtest};
use colcrime::progress::{self, Listener};

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Log;

impl Listener for Log {
    fn begin(&self, total: u64, what: &str) {
        LOG.lock().unwrap().push(format!("begin {total} {what}"));
    }
    fn advance(&self, steps: u64) {
        LOG.lock().unwrap().push(format!("advance {steps}"));
    }
    fn end(&self) {
        LOG.lock().unwrap().push("end".into());
    }
}

#[test]
fn the_outermost_task_is_reported_step_by_step() {
    assert!(progress::listen(Box::new(Log)));
    {
        let outer = progress::task(2, "outer");
        {
            let inner = progress::task(5, "inner");
            inner.advance();
        }
        outer.advance();
        outer.advance();
    }
    assert_eq!(
        LOG.lock().unwrap().drain(..).collect::<Vec<_>>(),
        ["begin 2 outer", "advance 1", "advance 1", "end"]
    );

    // A backtest reports one step per origin.
    let y: Vec<f64> = (0..40)
        .map(|i| (i as f64 * 0.7).sin() + i as f64 * 0.1)
        .collect();
    let r = backtest(&y, &BacktestParams::new(2, 6, 1), |train, h| {
        let last = *train.last().unwrap();
        let periods = vec![colcrime::series::Period::year(2000); h];
        colcrime::forecast::Forecast::gaussian(periods, vec![last; h], vec![1.0; h], &[80.0, 95.0])
    });
    let log: Vec<String> = LOG.lock().unwrap().drain(..).collect();
    assert!(r.is_ok(), "{:?}", r.err());
    assert_eq!(
        log.first().map(String::as_str),
        Some("begin 6 backtest origins")
    );
    assert_eq!(log.iter().filter(|l| *l == "advance 1").count(), 6);
    assert_eq!(log.last().map(String::as_str), Some("end"));
}

/// A batch fit draws its bar on a terminal (a pseudo-terminal from
/// util-linux `script`) and nothing on a pipe.
#[test]
fn the_binary_draws_a_bar_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("many.csv");
    let mut text = String::from("date,a,b,c,d\n");
    for t in 0..60 {
        let v = |k: f64| 100.0 + (t as f64 * 0.3 * k).sin() * 5.0 + t as f64 * 0.1 * k;
        text.push_str(&format!(
            "{}-{:02},{:.3},{:.3},{:.3},{:.3}\n",
            2015 + t / 12,
            t % 12 + 1,
            v(1.0),
            v(1.5),
            v(2.0),
            v(0.5)
        ));
    }
    std::fs::write(&data, text).unwrap();
    let bin = env!("CARGO_BIN_EXE_colcrime");
    let args = [
        "fit",
        "ets",
        "--data",
        data.to_str().unwrap(),
        "--series",
        "*",
    ];
    let piped = std::process::Command::new(bin).args(args).output().unwrap();
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    assert!(
        piped.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let line = format!(
        "'{bin}' {} > '{}'",
        args.map(|a| format!("'{a}'")).join(" "),
        dir.path().join("out.txt").display()
    );
    let Ok(tty) = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .output()
    else {
        eprintln!("skipped the terminal half: util-linux `script` is not installed");
        return;
    };
    let shown = String::from_utf8_lossy(&tty.stdout);
    assert!(tty.status.success(), "{shown}");
    assert!(shown.contains("series fitted"), "{shown}");
}
