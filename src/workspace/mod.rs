//! Workspaces: a TOML file declaring sources, derived series, models and
//! charts, and the `run` that turns them into a briefing.
