"""The example reproduces the briefing's numbers; the README's Python runs."""

from __future__ import annotations

import json
import os
import pathlib
import re
import runpy

import numpy as np

from conftest import REPO, REL_EXACT

EXAMPLES = REPO / "python" / "examples"


def test_robbery_example_reproduces_the_workspace_run():
    ns = runpy.run_path(str(EXAMPLES / "robbery_briefing.py"))
    got = ns["main"]()
    exp = json.loads((EXAMPLES / "expected_robbery.json").read_text())
    ols, e = got["robbery_ols"], exp["robbery_ols"]
    assert list(ols["params"]) == e["param_names"]
    np.testing.assert_allclose(list(ols["params"].values()), e["params"], rtol=REL_EXACT)
    assert (ols["nobs"], ols["sample"]) == (e["nobs"], e["sample"])
    fc, e = got["robbery_forecast"], exp["robbery_forecast"]
    assert list(fc["params"]) == e["param_names"]
    np.testing.assert_allclose(list(fc["params"].values()), e["params"], rtol=REL_EXACT)
    np.testing.assert_allclose(fc["mean"], e["mean"], rtol=REL_EXACT)
    np.testing.assert_allclose(fc["upper_95"], e["upper_95"], rtol=REL_EXACT)


def readme_python_blocks() -> list:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^## From Python\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert m, "README has no 'From Python' section"
    return re.findall(r"```python\n(.*?)```", m.group(1), flags=re.S)


def test_readme_from_python_runs(tmp_path, monkeypatch):
    blocks = readme_python_blocks()
    assert len(blocks) >= 2
    monkeypatch.chdir(REPO)
    ns: dict = {"__name__": "readme"}
    for b in blocks:
        exec(compile(b, "README.md", "exec"), ns)
    assert "res" in ns and "fc" in ns
