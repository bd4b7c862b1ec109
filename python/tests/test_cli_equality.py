"""`to_dict()` is the command line's `--format json` output, number for
number, whether the data come as a pandas frame, a polars frame, a dict of
arrays or the file itself."""

from __future__ import annotations

import pandas as pd
import pytest

import colcrime
from conftest import EXACT_FLOATS, QUARTERLY, read_quarterly, run_cli

ROBBERY_GROWTH = "growth(london_robbery_q, 4) ~ cpi_q + real_pay_growth_q + unemployment + lockdown"

# (python call, equivalent command line)
CASES = {
    "ols_hac": (lambda d: colcrime.ols(d, ROBBERY_GROWTH, cov="HAC", maxlags=4),
                ["fit", "ols", "--formula", ROBBERY_GROWTH, "--cov", "HAC", "--maxlags", "4"]),
    "ols_hc1": (lambda d: colcrime.ols(d, "log(london_theft_q) ~ cpi_q + unemployment", cov="HC1"),
                ["fit", "ols", "--formula", "log(london_theft_q) ~ cpi_q + unemployment", "--cov", "HC1"]),
    "glm_negbin": (lambda d: colcrime.glm(
        d, "london_robbery_q ~ cpi_q + unemployment + lockdown + offset(log(london_pop_q))",
        family="negbin"),
        ["fit", "glm", "--family", "negbin", "--formula",
         "london_robbery_q ~ cpi_q + unemployment + lockdown + offset(log(london_pop_q))"]),
    "glm_poisson": (lambda d: colcrime.glm(d, "london_robbery_q ~ cpi_q", exposure="london_pop_q"),
                    ["fit", "glm", "--family", "poisson", "--formula", "london_robbery_q ~ cpi_q",
                     "--exposure", "london_pop_q"]),
    "sarima": (lambda d: colcrime.sarima(d, "log(london_robbery_q)", order=(1, 1, 1),
                                         seasonal=(0, 1, 1, 4), horizon=6),
               ["fit", "sarima", "--series", "log(london_robbery_q)", "--order", "1,1,1",
                "--seasonal", "0,1,1,4", "--horizon", "6"]),
    "sarima_exog": (lambda d: colcrime.sarima(d, "log(london_robbery_q)", order=(1, 1, 0),
                                              exog=["cpi_q"], train_end="2025 Q3", horizon=1),
                    ["fit", "sarima", "--series", "log(london_robbery_q)", "--order", "1,1,0",
                     "--exog", "cpi_q", "--train-end", "2025 Q3", "--horizon", "1"]),
    "auto_arima": (lambda d: colcrime.auto_arima(d, "log(london_theft_q)", horizon=4),
                   ["fit", "auto-arima", "--series", "log(london_theft_q)", "--horizon", "4"]),
    "ets": (lambda d: colcrime.ets(d, "london_robbery_q", error="add", trend="add",
                                   seasonal="add", period=4, horizon=8),
            ["fit", "ets", "--series", "london_robbery_q", "--error", "add", "--trend", "add",
             "--seasonal", "add", "--period", "4", "--horizon", "8"]),
    "var": (lambda d: colcrime.var(d, ["growth(london_robbery_q, 4)", "cpi_q", "unemployment"],
                                   select_maxlags=3, irf=4, train_end="2019 Q4"),
            ["fit", "var", "--series", "growth(london_robbery_q, 4),cpi_q,unemployment",
             "--select-maxlags", "3", "--irf", "4", "--train-end", "2019 Q4"]),
    "adf": (lambda d: colcrime.adf(d, "cpi_q", regression="ct"),
            ["test", "adf", "--series", "cpi_q", "--regression", "ct"]),
    "kpss": (lambda d: colcrime.kpss(d, "log(london_robbery_q)"),
             ["test", "kpss", "--series", "log(london_robbery_q)"]),
    "coint": (lambda d: colcrime.coint(d, "log(london_theft_q)", ["cpi_q", "unemployment"]),
              ["test", "coint", "--y", "log(london_theft_q)", "--x", "cpi_q,unemployment"]),
    "granger": (lambda d: colcrime.granger(d, "growth(london_robbery_q, 4)", "cpi_q", 4),
                ["test", "granger", "--y", "growth(london_robbery_q, 4)", "--x", "cpi_q",
                 "--maxlag", "4"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_pandas_frame_gives_the_commands_json(case, colcrime_bin):
    call, args = CASES[case]
    expected = run_cli(colcrime_bin, *args, "--data", str(QUARTERLY))
    assert call(read_quarterly()).to_dict() == expected


@pytest.mark.parametrize("case", ["ols_hac", "sarima", "adf", "var"])
def test_path_gives_the_commands_json(case, colcrime_bin):
    call, args = CASES[case]
    expected = run_cli(colcrime_bin, *args, "--data", str(QUARTERLY))
    assert call(QUARTERLY).to_dict() == expected
    assert call(str(QUARTERLY)).to_dict() == expected


@pytest.mark.parametrize("case", ["ols_hac", "ets", "granger"])
def test_polars_and_dict_give_the_same_json(case, colcrime_bin):
    pl = pytest.importorskip("polars")
    call, args = CASES[case]
    expected = run_cli(colcrime_bin, *args, "--data", str(QUARTERLY))
    raw = pd.read_csv(QUARTERLY, **EXACT_FLOATS)
    as_polars = pl.from_pandas(raw.assign(date=pd.to_datetime(raw["date"])))
    assert call(as_polars).to_dict() == expected
    as_dict = {c: raw[c].to_numpy() for c in raw.columns}
    assert call(as_dict).to_dict() == expected


def test_cluster_panel_with_text_groups(colcrime_bin, tmp_path):
    rows = []
    for b, k in (("Camden", 1.0), ("Hackney", 1.7), ("Newham", 0.6), ("Brent", 1.2)):
        for t in range(12):
            rows.append({"date": f"{2020 + t // 4} Q{t % 4 + 1}", "borough": b,
                         "x": t * 0.5 + k, "y": 2.0 * k + 0.3 * t + ((t * 7919) % 13) / 13})
    df = pd.DataFrame(rows)
    path = tmp_path / "panel.csv"
    df.to_csv(path, index=False)
    f = "y ~ x + C(borough)"
    expected = run_cli(colcrime_bin, "fit", "ols", "--data", str(path), "--formula", f,
                       "--cov", "cluster", "--groups", "borough")
    got = colcrime.ols(df, f, cov="cluster", groups="borough")
    assert got.to_dict() == expected
    assert list(got.params.index) == expected["param_names"]


def test_errors_carry_the_commands_file_line_and_column(colcrime_bin, tmp_path):
    import json
    import subprocess

    bad = tmp_path / "bad.csv"
    bad.write_text("date,y,x\n2024-01,1,2\n2024-02,abc,3\n2024-03,4,5\n")
    p = subprocess.run([str(colcrime_bin), "--format", "json", "fit", "ols", "--data", str(bad),
                        "--formula", "y ~ x"], capture_output=True, text=True)
    assert p.returncode == 2
    cli_error = json.loads(p.stderr.strip().splitlines()[-1])["error"]
    with pytest.raises(colcrime.ColcrimeError) as e:
        colcrime.ols(bad, "y ~ x")
    got = e.value
    assert (got.kind, got.file, got.line, got.column) == (
        cli_error["kind"], cli_error["file"], cli_error["line"], cli_error["column"])
    assert str(got) == cli_error["message"] and got.exit_code == 2
    with pytest.raises(colcrime.ColcrimeError) as e:
        colcrime.adf(bad, "y")
    assert (e.value.file, e.value.line) == (str(bad), 3)
