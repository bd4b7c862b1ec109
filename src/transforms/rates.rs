//! Rates per head of population, with population interpolated between
//! census (or mid-year estimate) years.

use crate::error::{Error, Result};
use crate::series::{Frequency, Period, Series};

/// Linearly interpolates a sparse series (e.g. census populations in 2001,
/// 2011, 2021) onto every period of `freq` between `from` and `to`. Each
/// observation is placed at the middle of its period; beyond the last
/// observation the last two observations' trend is extended (and before the
/// first, the first two's), which is how population denominators are
/// usually carried between censuses.
///
/// # Errors
/// Fewer than two observations.
///
/// ```
/// # use colcrime::series::{Frequency, Period, Series};
/// # use colcrime::transforms::interpolate_linear;
/// let pop = Series::from_pairs("pop", vec![(Period::year(2011), 100.0), (Period::year(2021), 200.0)]).unwrap();
/// let m = interpolate_linear(&pop, Frequency::Annual, Period::year(2016), Period::year(2026)).unwrap();
/// assert!((m.values()[0] - 150.0).abs() < 1e-9);
/// assert!((m.values()[10] - 250.0).abs() < 1e-9);
/// ```
pub fn interpolate_linear(s: &Series, freq: Frequency, from: Period, to: Period) -> Result<Series> {
    let obs: Vec<(f64, f64)> = s
        .iter()
        .filter(|(_, v)| !v.is_nan())
        .map(|(p, v)| (mid_time(p), v))
        .collect();
    if obs.len() < 2 {
        return Err(Error::not_enough_data(
            format!("interpolation of {}", s.name),
            2,
            obs.len(),
        ));
    }
    if from.freq() != freq || to.freq() != freq {
        return Err(Error::usage(format!(
            "interpolation of {} to {freq}: the range {from} to {to} is not {freq}",
            s.name
        )));
    }
    let n = from.periods_until(&to)?;
    let mut values = Vec::with_capacity(n.max(0) as usize + 1);
    for k in 0..=n {
        let t = mid_time(from.offset(k));
        let j = obs.partition_point(|(x, _)| *x <= t);
        let (a, b) = if j == 0 {
            (obs[0], obs[1])
        } else if j >= obs.len() {
            (obs[obs.len() - 2], obs[obs.len() - 1])
        } else {
            (obs[j - 1], obs[j])
        };
        values.push(a.1 + (b.1 - a.1) * (t - a.0) / (b.0 - a.0));
    }
    let mut out = s.with_values(from, values);
    out.name = format!("interp({})", s.name);
    Ok(out)
}

/// Time in years of the middle of a period (2011 mid-year = 2011.5).
fn mid_time(p: Period) -> f64 {
    let months = p.freq().months() as f64;
    let m0 = (p.first_month_period().year_number() as f64) * 12.0
        + (p.first_month_period().sub_year() - 1) as f64;
    (m0 + months / 2.0) / 12.0
}

/// Rate per `per` people (100,000 by convention): `count / population *
/// per`, with the population interpolated onto the count's periods. For
/// counts at a sub-annual frequency the rate is per period (not annualised).
///
/// # Errors
/// An empty count series, or fewer than two population observations.
///
/// ```
/// # use colcrime::series::{Period, Series};
/// # use colcrime::transforms::per_capita;
/// let n = Series::new("n", Period::year(2011), vec![50.0]);
/// let pop = Series::from_pairs("pop", vec![(Period::year(2011), 1e5), (Period::year(2021), 2e5)]).unwrap();
/// assert!((per_capita(&n, &pop, 1e5).unwrap().values()[0] - 50.0).abs() < 1e-9);
/// ```
pub fn per_capita(count: &Series, population: &Series, per: f64) -> Result<Series> {
    let end = count
        .end()
        .ok_or_else(|| Error::not_enough_data(format!("rate of {}", count.name), 1, 0))?;
    let pop = interpolate_linear(population, count.freq(), count.start(), end)?;
    let values = count
        .values()
        .iter()
        .zip(pop.values())
        .map(|(c, p)| if *p > 0.0 { c / p * per } else { f64::NAN })
        .collect();
    let mut out = count.with_values(count.start(), values);
    out.name = format!("rate({})", count.name);
    out.unit = format!("per {per} population");
    out.measure = crate::series::Measure::Rate;
    for pr in &population.provenance {
        out = out.with_provenance(pr.clone());
    }
    Ok(out)
}
