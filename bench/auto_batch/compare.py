"""Side-by-side automatic-forecasting batch benchmark (issue 16): colcrime's
`fit auto-arima` and `fit ets --auto` against R forecast's `auto.arima` and
`ets` and statsforecast's `AutoARIMA` and `AutoETS` on the same 200 simulated
monthly series (simulate.py).

    python3 simulate.py                        # series.csv (seeded)
    Rscript r_bench.R                          # r.json (R, one core)
    python3 compare.py statsforecast           # statsforecast.json (one job)
    cargo build --release
    python3 compare.py colcrime [--bin PATH] [--label NAME]   # colcrime-NAME.json
    python3 compare.py colcrime --label NAME --arima-from OLD   # ETS only; ARIMA copied from colcrime-OLD.json
    python3 compare.py report [--label NAME] [--ets-label NAME] [--ets-before NAME]   # RESULTS.md (its Notes kept)

AUTO_BATCH_CSV=series30.csv (the first 30 series, `cut -d, -f1-31
series.csv`) runs the Python steps on a subset; r_bench.R takes the CSV and
output names as arguments (`Rscript r_bench.R series30.csv r.json`).

Times: wall clock and CPU (user + system of the child process, from
getrusage) of the whole colcrime command (process start, CSV read, every
search, JSON output), so that a machine shared with other jobs shows in the
gap between the two. R and statsforecast times are summed per-series fits
(their process start and data reading are not counted).

Comparisons: ARIMA by AICc where the differencing orders agree (AICc of
different differencing orders are not comparable: different data), ETS by
the Gaussian log-likelihood with sigma^2 concentrated out (R's `loglik` with
its dropped constant added back, see r_bench.R) and by AICc."""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = os.path.join(HERE, os.environ.get("AUTO_BATCH_CSV", "series.csv"))


def run_statsforecast():
    import statsforecast
    from statsforecast.models import AutoARIMA, AutoETS
    df = pd.read_csv(CSV)
    y0 = df[df.columns[1]].to_numpy()
    AutoARIMA(season_length=12).fit(y0)  # numba warm-up, not timed
    AutoETS(season_length=12).fit(y0)
    out = {"version": statsforecast.__version__, "arima": {}, "ets": {}}
    ta = te = ca = ce = 0.0
    for col in df.columns[1:]:
        y = df[col].to_numpy()
        t0, c0 = time.perf_counter(), time.process_time()
        m = AutoARIMA(season_length=12).fit(y).model_
        dt = time.perf_counter() - t0
        ta += dt
        ca += time.process_time() - c0
        a = [int(v) for v in m["arma"]]  # p, q, P, Q, s, d, D
        out["arima"][col] = {"order": [a[0], a[5], a[1]], "seasonal": [a[2], a[6], a[3], a[4]],
                             "loglik": float(m["loglik"]), "aicc": float(m["aicc"]), "seconds": dt}
        t0, c0 = time.perf_counter(), time.process_time()
        e = AutoETS(season_length=12).fit(y).model_
        dt = time.perf_counter() - t0
        te += dt
        ce += time.process_time() - c0
        n = len(y)
        out["ets"][col] = {"model": str(e["method"]), "loglik_sf": float(e["loglik"]),
                           "loglik": float(e["loglik"]) - 0.5 * n * (np.log(2 * np.pi / n) + 1),
                           "aicc": float(e["aicc"]), "seconds": dt}
    out["arima_seconds"], out["ets_seconds"] = ta, te
    # CPU seconds of the fits (process time), steadier than wall time on a
    # shared machine.
    out["arima_cpu"], out["ets_cpu"] = ca, ce
    out["load_average"] = os.getloadavg()
    with open(os.path.join(HERE, "statsforecast.json"), "w") as f:
        json.dump(out, f, indent=1)
    print(f"statsforecast {out['version']}: AutoARIMA {ta:.1f} s, AutoETS {te:.1f} s")


def timed(cmd, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode not in (0, 1):
        sys.exit(f"colcrime failed ({p.returncode}): {p.stderr[:2000]}")
    return wall, cpu, json.loads(p.stdout)


def run_colcrime(binary, label, threads, extra=(), ets=True, arima_from=None):
    env = dict(os.environ)
    env["RAYON_NUM_THREADS"] = str(threads)
    out = {"binary": binary, "threads": threads, "arima": {}, "ets": {}}
    base = [binary, "--format", "json", "fit"]
    if arima_from:
        # The ARIMA side of an earlier run (a change to the ETS search only).
        old = load(f"colcrime-{arima_from}.json")
        if old is None:
            sys.exit(f"no colcrime-{arima_from}.json to take the ARIMA results from")
        out["arima"], out["arima_wall"], out["arima_cpu"] = old["arima"], old["arima_wall"], old["arima_cpu"]
        out["arima_from"] = arima_from
        js = {"fits": {}}
    else:
        wall, cpu, js = timed(base + ["auto-arima", "--data", CSV, "--series", "*", "--horizon", "0", *extra], env)
        out["arima_wall"], out["arima_cpu"] = wall, cpu
    for col, f in js["fits"].items():
        if "order" not in f:
            out["arima"][col] = {"error": str(f)[:300]}
            continue
        out["arima"][col] = {"order": f["order"], "seasonal": f["seasonal_order"],
                             "drift": "drift" in f["param_names"], "loglik": f["llf"],
                             "aicc": f["aicc"], "models_tried": len(f.get("models_tried", []))}
    print(f"colcrime auto-arima: {out['arima_wall']:.2f} s wall, {out['arima_cpu']:.2f} s CPU"
          + (f" (from colcrime-{arima_from}.json)" if arima_from else ""))
    if not ets:
        out["ets_wall"] = out["ets_cpu"] = float("nan")
        with open(os.path.join(HERE, f"colcrime-{label}.json"), "w") as f:
            json.dump(out, f, indent=1)
        return
    wall, cpu, js = timed(base + ["ets", "--auto", "--data", CSV, "--series", "*", "--horizon", "1"], env)
    out["ets_wall"], out["ets_cpu"] = wall, cpu
    for col, f in js["fits"].items():
        if "llf" not in f:
            out["ets"][col] = {"error": str(f)[:300]}
            continue
        out["ets"][col] = {"model": f["short_name"], "loglik": f["llf"], "aicc": f["aicc"]}
    print(f"colcrime ets --auto: {wall:.2f} s wall, {cpu:.2f} s CPU")
    with open(os.path.join(HERE, f"colcrime-{label}.json"), "w") as f:
        json.dump(out, f, indent=1)


def load(name):
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def arima_rows(cc, other, name):
    same = [k for k in cc["arima"] if k in other["arima"] and "aicc" in cc["arima"][k] and "aicc" in other["arima"][k]
            and cc["arima"][k]["order"][1] == other["arima"][k]["order"][1]
            and cc["arima"][k]["seasonal"][1] == other["arima"][k]["seasonal"][1]]
    diff = np.array([cc["arima"][k]["aicc"] - other["arima"][k]["aicc"] for k in same])
    if len(diff) == 0:
        return [f"- against {name}: no series with the same differencing"]
    return [f"- against {name}: same differencing (d, D) on {len(same)} of {len(cc['arima'])} series; "
            f"on those, colcrime's AICc is no worse within 0.02 (the gap between R's diffuse-prior "
            f"likelihood and the exact likelihood of the differenced series) on "
            f"**{int((diff <= 0.02).sum())}** ({100 * (diff <= 0.02).mean():.1f}%), no worse at all "
            f"(<= +1e-6) on {int((diff <= 1e-6).sum())}, "
            f"lower by more than 0.01 on {int((diff < -0.01).sum())}, higher by more than 0.01 on "
            f"{int((diff > 0.01).sum())}; mean difference {diff.mean():+.3f}, worst {diff.max():+.3f} "
            f"({same[int(diff.argmax())]}), best {diff.min():+.3f}"]


def ets_rows(cc, other, name):
    keys = [k for k in cc["ets"] if k in other["ets"] and "loglik" in cc["ets"][k]]
    dl = np.array([cc["ets"][k]["loglik"] - other["ets"][k]["loglik"] for k in keys])
    same = sum(cc["ets"][k]["model"] == other["ets"][k]["model"].replace("ETS(", "").replace(")", "")
               .replace(",", "").replace("Ad", "Ad") for k in keys)
    return [f"- against {name}: log-likelihood of the chosen model at least {name}'s - 1e-4 on "
            f"**{int((dl >= -1e-4).sum())} of {len(keys)}** series (mean difference {dl.mean():+.3f}, "
            f"worst {dl.min():+.3f}); same model on {same}"]


def report(label, ets_label=None, ets_before=None):
    r, sf, cc = load("r.json"), load("statsforecast.json"), load(f"colcrime-{label}.json")
    if ets_label or not cc.get("ets"):
        # ETS from another run (e.g. an auto-ARIMA-only run with --no-ets).
        e = load(f"colcrime-{ets_label or 'current'}.json")
        cc = dict(cc, ets=e["ets"], ets_wall=e["ets_wall"], ets_cpu=e["ets_cpu"],
                  ets_threads=e.get("threads"), ets_label=ets_label)
    before = load(f"colcrime-{ets_before}.json") if ets_before else None
    n = len(cc["arima"])
    base = load("colcrime-baseline.json")
    if base and len(base["arima"]) != n:
        base = None  # measured on another subset
    lines = ["# Automatic forecasting batch benchmark (issue 16)", "",
             f"{n} monthly series of length 180 simulated by `simulate.py` (seeded; a different "
             "seasonal ARIMA per series, a third with a multiplicative season); every tool searches "
             "with its defaults at period 12. Reproduce with the commands at the top of `compare.py`.", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} logical cores, shared with other "
             "builds while measuring (wall times move; CPU times are steadier).", "",
             "| task | tool | wall (s) | CPU (s) | per series (ms wall) |", "|---|---|---:|---:|---:|"]

    def row(task, tool, wall, cpu):
        c = f"{cpu:.2f}" if cpu is not None else "-"
        lines.append(f"| {task} | {tool} | {wall:.2f} | {c} | {1000 * wall / n:.0f} |")

    if r:
        row("auto-ARIMA", f"R forecast {r['forecast']} `auto.arima` (1 core)", r["arima_seconds"], r.get("arima_cpu"))
    if sf:
        row("auto-ARIMA", f"statsforecast {sf['version']} `AutoARIMA` (1 job)", sf["arima_seconds"], sf.get("arima_cpu"))
    if base:
        row("auto-ARIMA", "colcrime before this work (2 threads)", base["arima_wall"], base["arima_cpu"])
    thorough_run = load("colcrime-exact200.json") if n == 200 else None
    if thorough_run:
        row("auto-ARIMA", "colcrime `--approximation false` (the thorough exact search, 2 threads)",
            thorough_run["arima_wall"], thorough_run["arima_cpu"])
    src = f", measured in colcrime-{cc['arima_from']}.json" if cc.get("arima_from") else ""
    row("auto-ARIMA", f"colcrime `fit auto-arima --series '*'` ({cc['threads']} threads{src})", cc["arima_wall"], cc["arima_cpu"])
    if r:
        row("ETS selection", f"R forecast {r['forecast']} `ets` (1 core)", r["ets_seconds"], r.get("ets_cpu"))
    if sf:
        row("ETS selection", f"statsforecast {sf['version']} `AutoETS` (1 job)", sf["ets_seconds"], sf.get("ets_cpu"))
    if base:
        row("ETS selection", "colcrime before this work (2 threads)", base["ets_wall"], base["ets_cpu"])
    if before:
        row("ETS selection", f"colcrime before the ETS search rework (colcrime-{ets_before}.json, "
            f"{before['threads']} threads)", before["ets_wall"], before["ets_cpu"])
    esrc = f", measured in colcrime-{cc['ets_label']}.json" if cc.get("ets_label") else ""
    row("ETS selection", f"colcrime `fit ets --auto --series '*'` ({cc.get('ets_threads') or cc['threads']} threads{esrc})",
        cc["ets_wall"], cc["ets_cpu"])
    lines += ["", "## Quality of the chosen models", "", "auto-ARIMA (AICc, lower is better):", ""]
    thorough = load("colcrime-exact200.json") if n == 200 else None
    for other, name in ((r, "R auto.arima"), (sf, "statsforecast AutoARIMA"),
                        (thorough, "colcrime's thorough exact search (`--approximation false`)")):
        if other:
            lines += arima_rows(cc, other, name)
    lines += ["", "ETS (log-likelihood with the constant R drops added back, higher is better):", ""]
    for other, name in ((r, "R ets"), (sf, "statsforecast AutoETS")):
        if other:
            lines += ets_rows(cc, other, name)
    if before:
        keys = [k for k in cc["ets"] if "loglik" in cc["ets"][k] and "loglik" in before["ets"].get(k, {})]
        dl = np.array([cc["ets"][k]["loglik"] - before["ets"][k]["loglik"] for k in keys])
        lines += [f"- against colcrime before the ETS search rework (colcrime-{ets_before}.json): "
                  f"log-likelihood of the chosen model at least as high (- 1e-6) on "
                  f"**{int((dl >= -1e-6).sum())} of {len(keys)}** series, higher by more than 0.01 on "
                  f"{int((dl > 0.01).sum())}, lower by more than 0.01 on {int((dl < -0.01).sum())} "
                  f"(mean difference {dl.mean():+.3f}, worst {dl.min():+.3f} ({keys[int(dl.argmin())]}), "
                  f"best {dl.max():+.3f})"]
    errs = [k for k in cc["arima"] if "error" in cc["arima"][k]] + [k for k in cc["ets"] if "error" in cc["ets"][k]]
    lines += ["", f"colcrime failures: {len(errs)} {errs[:10]}", ""]
    # The hand-written notes of the existing RESULTS.md are kept.
    path = os.path.join(HERE, "RESULTS.md")
    notes = ""
    if os.path.exists(path):
        old = open(path).read()
        if "\n## Notes" in old:
            notes = old[old.index("\n## Notes"):]
    with open(path, "w") as f:
        f.write("\n".join(lines) + notes)
    print("\n".join(lines))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["statsforecast", "colcrime", "report"])
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "..", "target", "release", "colcrime"))
    ap.add_argument("--label", default="current")
    ap.add_argument("--ets-label", default=None, help="report ETS from colcrime-NAME.json")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--arima-args", default="", help="extra `fit auto-arima` arguments, e.g. '--approximation false'")
    ap.add_argument("--no-ets", action="store_true", help="time auto-ARIMA only")
    ap.add_argument("--ets-before", default=None,
                    help="report: also compare ETS with colcrime-LABEL.json (an earlier build)")
    ap.add_argument("--arima-from", default=None,
                    help="take the auto-ARIMA side from colcrime-LABEL.json and time ETS only")
    a = ap.parse_args()
    if a.what == "statsforecast":
        run_statsforecast()
    elif a.what == "colcrime":
        run_colcrime(os.path.abspath(a.bin), a.label, a.threads, a.arima_args.split(), not a.no_ets,
                     a.arima_from)
    else:
        report(a.label, a.ets_label, a.ets_before)
