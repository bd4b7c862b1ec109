//! The evidence table of the default workspace (`[review]`, written as
//! `results/evidence.json`): its growth regressions and NB2 count models
//! equal statsmodels on the exported series (tests/reference/evidence), its
//! q-values are the Benjamini-Hochberg adjustment over every row, and its
//! summary counts follow from the rows.

mod common;

use std::collections::BTreeSet;

use colcrime::evidence::table::Evidence;
use colcrime::workspace::{Loaded, review};
use common::{REL_ITER, assert_close, num, read_json, reference_dir, root};

fn evidence() -> Evidence {
    let loaded = Loaded::load(&root().join("notebooks-data/workspace.toml"), &mut |_| {})
        .expect("the default workspace loads");
    let spec = loaded
        .spec
        .review
        .clone()
        .expect("the default workspace has a [review]");
    review::run(&loaded, &spec).expect("the review runs")
}

#[test]
fn evidence_table_of_the_default_workspace() {
    let e = evidence();
    assert!(e.failed.is_empty(), "{:?}", e.failed);

    // Every crime type of the contract against every driver, in 5 families.
    let crimes: BTreeSet<&str> = e.rows.iter().map(|r| r.crime.as_str()).collect();
    for c in [
        "robbery",
        "personal_robbery",
        "business_robbery",
        "theft_from_person",
        "shoplifting",
        "other_theft",
        "bicycle_theft",
        "vehicle_offences",
        "burglary",
        "violence_with_injury",
    ] {
        assert!(crimes.contains(c), "{c} missing");
    }
    let families: BTreeSet<&str> = e.rows.iter().map(|r| r.model.as_str()).collect();
    assert_eq!(families.len(), 5, "{families:?}");
    assert!(families.contains("granger_var"), "{families:?}");
    assert_eq!(e.rows.len(), 10 * 4 * 5);

    // The rows the reference script fitted with statsmodels.
    let want = read_json(&reference_dir("evidence").join("expected.json"));
    let mut compared = 0;
    for r in &e.rows {
        let key = format!("{}/{}/{}", r.crime, r.driver, r.model);
        let Some(w) = want.get(&key) else { continue };
        let pre = r
            .subsamples
            .pre_covid
            .as_ref()
            .expect("a pre-Covid estimate");
        for (what, est, ci, p, sample, w) in [
            ("full", r.estimate, r.ci95, r.p, &r.sample, &w["full"]),
            (
                "pre-Covid",
                pre.estimate,
                pre.ci95,
                pre.p,
                &pre.sample,
                &w["pre_covid"],
            ),
        ] {
            let id = format!("{key} {what}");
            assert_close(est, num(&w["estimate"], "estimate"), REL_ITER, &id);
            assert_close(ci[0], num(&w["ci95"][0], "lo"), REL_ITER, &id);
            assert_close(ci[1], num(&w["ci95"][1], "hi"), REL_ITER, &id);
            assert_close(p, num(&w["p"], "p"), 1e-4, &id);
            assert_eq!(sample[0], w["sample"][0].as_str().unwrap(), "{id}");
            assert_eq!(sample[1], w["sample"][1].as_str().unwrap(), "{id}");
        }
        assert_eq!(r.n as u64, w["full"]["n"].as_u64().unwrap(), "{key}");
        compared += 1;
    }
    assert_eq!(compared, 27);

    // q: Benjamini-Hochberg over every row, recomputed by its definition.
    let m = e.rows.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| e.rows[a].p.total_cmp(&e.rows[b].p));
    let mut q = vec![0.0; m];
    let mut prev: f64 = 1.0;
    for rank in (1..=m).rev() {
        let i = order[rank - 1];
        prev = prev.min(e.rows[i].p * m as f64 / rank as f64);
        q[i] = prev;
    }
    for (r, q) in e.rows.iter().zip(&q) {
        assert!(
            (r.q - q).abs() < 1e-12,
            "{} {} {}",
            r.crime,
            r.driver,
            r.model
        );
        assert!(r.ci95[0] <= r.estimate && r.estimate <= r.ci95[1]);
    }

    // The summary counts the rows' signs.
    for s in &e.summary {
        let sel: Vec<_> = e
            .rows
            .iter()
            .filter(|r| r.crime == s.crime && r.driver == s.driver)
            .collect();
        assert_eq!(s.models_total, sel.len());
        assert_eq!(
            s.models_positive,
            sel.iter().filter(|r| r.ci95[0] > 0.0).count()
        );
        assert_eq!(
            s.models_negative,
            sel.iter().filter(|r| r.ci95[1] < 0.0).count()
        );
    }
}

/// The published correlations of elliottkte/uk-crime-analysis are
/// reproduced from the study's own shipped monthly counts (to the three
/// decimals it reports), and the shoplifting one from the Met borough files
/// is the Pearson correlation of the same months, recomputed here.
#[test]
fn replication_of_the_published_correlations() {
    let loaded = Loaded::load(&root().join("notebooks-data/workspace.toml"), &mut |_| {})
        .expect("the default workspace loads");
    let spec = loaded.spec.review.clone().unwrap();
    let r = review::replicate(&loaded, &spec)
        .unwrap()
        .expect("a replication");
    assert_eq!(r.rows.len(), 14);
    for x in &r.rows {
        assert!(
            (x.recomputed_r - x.published_r).abs() <= 0.0005 + 1e-12,
            "{}: {} against {}",
            x.crime_type,
            x.recomputed_r,
            x.published_r
        );
    }
    // Shoplifting from the Met files, by hand: D7G8 against monthly counts.
    let dir = root().join("notebooks-data/research_linked/elliottkte_london_crime_food_inflation");
    let food: Vec<(String, f64)> = std::fs::read_to_string(dir.join("food_inflation_ons.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let (m, v) = l.split_once(',').unwrap();
            (m[..7].to_string(), v.parse().unwrap())
        })
        .collect();
    let met = loaded.datasets["met"]
        .select(
            "shoplifting:London",
            Some(colcrime::series::Frequency::Monthly),
        )
        .unwrap();
    let pairs: Vec<(f64, f64)> = food
        .iter()
        .filter_map(|(m, f)| {
            met.iter()
                .find(|(p, _)| p.to_string() == *m)
                .filter(|(_, v)| v.is_finite())
                .map(|(_, v)| (*f, v))
        })
        .collect();
    let n = pairs.len() as f64;
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxy: f64 = pairs.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = pairs.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
    let syy: f64 = pairs.iter().map(|(_, y)| (y - my) * (y - my)).sum();
    let shop = r
        .rows
        .iter()
        .find(|x| x.crime_type == "Shoplifting")
        .unwrap();
    assert_eq!(shop.met_n, pairs.len());
    assert!((shop.met_r - sxy / (sxx * syy).sqrt()).abs() < 1e-12);
}
