//! `SarimaFit::refit` (issue 7 item 4; house style item 5, after R
//! forecast's `tests/testthat/test-refit.R`) on real series: monthly London
//! robbery (Metropolitan Police) and the airline passengers, with R
//! `arima(method = "ML")` / statsmodels optima from tests/reference/arima
//! (see SOURCE.md there). The "old" fit sees all but the last quarter (three months); the
//! re-fit gets the whole series.

mod common;

use colcrime::models::arima::{RefitMode, SarimaParams};
use serde_json::Value;

struct Case {
    y: Vec<f64>,
    spec: SarimaParams,
    r_llf: f64,
}

fn load(name: &str) -> Case {
    let c = common::case("arima", name);
    let y = c.input().column("y").unwrap().to_vec();
    let exp = c.expected;
    let u = |v: &Value, i: usize| v[i].as_u64().unwrap() as usize;
    let (o, s) = (&exp["order"], &exp["seasonal"]);
    let spec = SarimaParams::new((u(o, 0), u(o, 1), u(o, 2)))
        .seasonal((u(s, 0), u(s, 1), u(s, 2), u(s, 3)))
        .drift(exp["drift"].as_bool().unwrap());
    Case {
        y,
        spec,
        r_llf: exp["sm_llf"].as_f64().unwrap(),
    }
}

const CASES: [&str; 2] = ["london_robbery", "airline"];

#[test]
fn warm_start_reaches_the_cold_optimum_in_fewer_iterations() {
    for name in CASES {
        let c = load(name);
        let n = c.y.len();
        let old = c.spec.fit(&c.y[..n - 3], None).unwrap();
        let warm = old.refit(&c.y, None, RefitMode::Reestimate).unwrap();
        let cold = c.spec.fit(&c.y, None).unwrap();
        assert!(warm.converged && cold.converged, "{name}");
        assert!(
            (warm.llf - cold.llf).abs() < 1e-4,
            "{name}: warm llf {} vs cold {}",
            warm.llf,
            cold.llf
        );
        // The reference optimum on the whole series (statsmodels', as in
        // tests/ts_arima.rs).
        assert!(
            warm.llf >= c.r_llf - 1e-4,
            "{name}: {} < reference {}",
            warm.llf,
            c.r_llf
        );
        for (a, b) in warm.params.iter().zip(&cold.params) {
            assert!(
                (a - b).abs() <= 1e-3 * b.abs().max(0.1),
                "{name}: {a} vs {b}"
            );
        }
        eprintln!(
            "{name}: warm start {} iterations, cold {} (llf {} vs {})",
            warm.iterations, cold.iterations, warm.llf, cold.llf
        );
        // The airline model (MA terms: the default start is far from the
        // optimum) converges in fewer iterations from the previous
        // estimates. The robbery model is a pure AR, for which the default
        // start (partial autocorrelations) is already near the optimum: there
        // the warm start only has to match it within an iteration.
        if name == "airline" {
            assert!(
                warm.iterations < cold.iterations,
                "{name}: warm {} iterations, cold {}",
                warm.iterations,
                cold.iterations
            );
        } else {
            assert!(warm.iterations <= cold.iterations + 1, "{name}");
        }
        assert_eq!(warm.nobs, cold.nobs);
        // The spec of the result is the model's, without the start.
        assert!(warm.spec.start_params.is_none());
    }
}

#[test]
fn keep_params_filters_the_new_data_with_the_old_estimates() {
    for name in CASES {
        let c = load(name);
        let n = c.y.len();
        let old = c.spec.fit(&c.y[..n - 3], None).unwrap();
        let kept = old.refit(&c.y, None, RefitMode::KeepParams).unwrap();
        // Coefficients and σ² identical, standard errors those estimated.
        assert_eq!(kept.params, old.params, "{name}");
        assert_eq!(kept.bse, old.bse, "{name}");
        assert_eq!(kept.iterations, 0);
        assert_eq!(kept.nobs, old.nobs + 3);
        // Fitted values on the old sample reproduced exactly.
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(
            bits(&kept.fittedvalues()[..n - 3]),
            bits(old.fittedvalues()),
            "{name}"
        );
        // The first new observation is predicted as the old fit forecast it,
        // and the forecasts now start after the last new observation.
        let (m_old, _) = old.forecast_mean_se(4, None).unwrap();
        let f = kept.fittedvalues();
        assert!(
            (f[n - 3] - m_old[0]).abs() <= 1e-9 * m_old[0].abs(),
            "{name}: {} vs {}",
            f[n - 3],
            m_old[0]
        );
        let (m_new, se_new) = kept.forecast_mean_se(4, None).unwrap();
        let (_, se_old) = old.forecast_mean_se(4, None).unwrap();
        assert!(m_new.iter().zip(&m_old).any(|(a, b)| (a - b).abs() > 1e-6));
        // Same parameters, same steady state: the same forecast uncertainty.
        for (a, b) in se_new.iter().zip(&se_old) {
            assert!((a - b).abs() <= 1e-6 * b, "{name}: se {a} vs {b}");
        }
        // The likelihood is that of the longer sample at the old estimates,
        // below the re-estimated optimum.
        let re = old.refit(&c.y, None, RefitMode::Reestimate).unwrap();
        assert!(kept.llf <= re.llf + 1e-9, "{name}");
        // KeepParams on the same data reproduces the fit.
        let same = old
            .refit(&c.y[..n - 3], None, RefitMode::KeepParams)
            .unwrap();
        assert_eq!(bits(same.fittedvalues()), bits(old.fittedvalues()));
        assert_eq!(bits(&same.std_resid), bits(&old.std_resid));
        assert!((same.llf - old.llf).abs() <= 1e-9 * old.llf.abs());
    }
}
