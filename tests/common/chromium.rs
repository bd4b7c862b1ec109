//! Headless Chromium for the tests that check the briefing as a reader
//! sees it (`tests/browser.rs`, `tests/publication.rs`): finding the
//! browser, a font configuration with only the fonts of Debian's
//! `fonts-dejavu-core` (what `.ci/run` installs beside `chromium`), and
//! running it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The browser: `COLCRIME_CHROMIUM`, else `chromium`, `chromium-browser`
/// or `google-chrome` on the `PATH`; `None` when there is none (the test
/// then skips with a message).
pub fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("COLCRIME_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The message a test prints when it skips for want of a browser.
pub const SKIPPED: &str =
    "SKIPPED: no Chromium found (install Debian's `chromium`, or set COLCRIME_CHROMIUM)";

/// The files of Debian's `fonts-dejavu-core`.
const DEJAVU_CORE: [&str; 6] = [
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSerif-Bold.ttf",
];

/// A fontconfig file in `dir` that sees only the `fonts-dejavu-core`
/// fonts, as a reader's bare machine would (none of the chart font's
/// family), whatever else this machine has installed: the files are
/// linked into a folder of their own, so a machine with more DejaVu
/// faces (`fonts-dejavu-extra`: oblique, condensed) renders as CI does.
pub fn bare_fonts(dir: &Path) -> PathBuf {
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let system = Path::new("/usr/share/fonts/truetype/dejavu");
    for f in DEJAVU_CORE {
        let src = system.join(f);
        let dst = fonts.join(f);
        if src.is_file() && !dst.exists() {
            std::os::unix::fs::symlink(&src, &dst).unwrap();
        }
    }
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig><dir>{}</dir><cachedir>{}</cachedir></fontconfig>",
            fonts.display(),
            dir.join("fc-cache").display()
        ),
    )
    .unwrap();
    conf
}

/// Runs the browser headless with the font configuration `fonts`, a fixed
/// device scale (1), no scrollbars and a virtual time budget (so a page
/// has loaded, and any timer has run, before it is captured), then `args`.
pub fn browser(chrome: &Path, fonts: &Path, args: &[&str]) -> std::process::Output {
    Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--virtual-time-budget=8000",
        ])
        .args(args)
        .env("FONTCONFIG_FILE", fonts)
        .output()
        .unwrap()
}
