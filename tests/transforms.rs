//! Transforms on hand-computed cases: aggregation keeps incomplete periods
//! out, deflation and per-capita rates match the algebra, alignment finds
//! the common periods.

use colcrime::series::{Frequency, Measure, Period, Series};
use colcrime::transforms::{self, Aggregation};
use proptest::prelude::*;

fn m(y: i32, mo: u32) -> Period {
    Period::month(y, mo).unwrap()
}

#[test]
fn monthly_counts_sum_to_quarters_and_financial_years() {
    // April 2022 to March 2024: two whole financial years.
    let s = Series::new("n", m(2022, 4), (1..=24).map(f64::from).collect())
        .with_measure(Measure::Count);
    let fy = transforms::aggregate(&s, Frequency::FinancialYear, Aggregation::Auto).unwrap();
    assert_eq!(fy.values(), &[78.0, 222.0]);
    assert_eq!(fy.start().to_string(), "2022/23");
    let q = transforms::aggregate(&s, Frequency::Quarterly, Aggregation::Auto).unwrap();
    assert_eq!(q.start().to_string(), "2022 Q2");
    assert_eq!(q.values()[0], 6.0);
    // Rates average.
    let r = s.clone().with_measure(Measure::Rate);
    let q = transforms::aggregate(&r, Frequency::Quarterly, Aggregation::Auto).unwrap();
    assert_eq!(q.values()[0], 2.0);
    // A missing month makes its quarter missing, never a smaller sum.
    let mut v: Vec<f64> = (1..=6).map(f64::from).collect();
    v[4] = f64::NAN;
    let s = Series::new("n", m(2024, 1), v).with_measure(Measure::Count);
    let q = transforms::aggregate(&s, Frequency::Quarterly, Aggregation::Sum).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q.values()[0], 6.0);
    // Annual to monthly is refused.
    let a = Series::new("a", Period::year(2020), vec![1.0]);
    assert!(transforms::aggregate(&a, Frequency::Monthly, Aggregation::Sum).is_err());
}

#[test]
fn deflating_and_rates() {
    let pay = Series::new("pay", m(2024, 1), vec![700.0, 707.0]);
    let cpi = Series::new("cpi", m(2024, 1), vec![130.0, 131.3]);
    let real = transforms::deflate(&pay, &cpi, Some(m(2024, 1))).unwrap();
    assert!((real.values()[1] - 707.0 * 130.0 / 131.3).abs() < 1e-12);
    let bad = Series::new("cpi", m(2024, 1), vec![130.0, 0.0]);
    assert!(transforms::deflate(&pay, &bad, None).is_err());
    let wrong_freq = Series::new("cpi", Period::quarter(2024, 1).unwrap(), vec![1.0]);
    assert!(transforms::deflate(&pay, &wrong_freq, None).is_err());
}

#[test]
fn log_refuses_zero_and_growth_of_zero_base_is_missing() {
    let s = Series::new("x", Period::year(2000), vec![0.0, 5.0]);
    assert!(transforms::log(&s).is_err());
    assert!(transforms::growth(&s, 1).values()[1].is_nan());
}

#[test]
fn align_reports_series_that_do_not_overlap() {
    let a = Series::new("robbery", Period::year(2000), vec![1.0, 2.0]);
    let b = Series::new("cpi", Period::year(2010), vec![1.0]);
    let e = transforms::align(&[&a, &b]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the series do not overlap: robbery 2000 to 2001; cpi 2010 to 2010"
    );
    assert_eq!(e.exit_code(), 2);
}

proptest! {
    #[test]
    fn period_offsets_round_trip(y in 1800i32..2200, mo in 1u32..=12, k in -5000i64..5000) {
        let p = m(y, mo);
        let q = p.offset(k);
        prop_assert_eq!(p.periods_until(&q).unwrap(), k);
        prop_assert_eq!(Period::parse(&q.to_string()), Some(q));
        prop_assert!(q.first_day() <= q.last_day());
    }

    #[test]
    fn quarterly_sums_preserve_the_total(vals in proptest::collection::vec(0.0f64..1e6, 12..60)) {
        let n = vals.len() / 3 * 3;
        let s = Series::new("n", m(2010, 1), vals[..n].to_vec()).with_measure(Measure::Count);
        let q = transforms::aggregate(&s, Frequency::Quarterly, Aggregation::Auto).unwrap();
        let a: f64 = vals[..n].iter().sum();
        let b: f64 = q.values().iter().sum();
        prop_assert!((a - b).abs() <= 1e-9 * a.max(1.0));
    }

    #[test]
    fn period_parse_never_panics(s in "\\PC{0,16}") {
        let _ = Period::parse(&s);
    }
}
