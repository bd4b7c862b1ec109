# Reference numbers for colcrime's conditional-sum-of-squares (CSS) fits
# (src/models/arima/css.rs): R's stats::arima(method = "CSS") on
# AirPassengers (Box & Jenkins series G, public domain) in logs and on a
# simulated series with a linear trend (drift), written to expected.json.
# Run from this directory: Rscript generate.R
suppressMessages(library(jsonlite))
air <- log(as.numeric(AirPassengers))
set.seed(20261207)
e <- rnorm(160)
sim <- numeric(160)
for (t in 2:160) sim[t] <- 0.6 * sim[t - 1] + e[t] + 0.3 * e[t - 1]
sim <- cumsum(sim * 0.5 + 0.2) + 50
write.csv(data.frame(air = air), "air_log.csv", row.names = FALSE)
write.csv(data.frame(sim = sim), "sim_drift.csv", row.names = FALSE)
fit <- function(y, order, seasonal, period, drift) {
  xreg <- if (drift) cbind(drift = seq_along(y)) else NULL
  f <- stats::arima(ts(y, frequency = max(period, 1)), order = order,
                    seasonal = list(order = seasonal, period = period),
                    xreg = xreg, include.mean = FALSE, method = "CSS")
  list(order = order, seasonal = seasonal, period = period, drift = drift,
       coef = unname(as.list(coef(f))), names = names(coef(f)), sigma2 = f$sigma2,
       n_cond = f$n.cond)
}
cases <- list(
  air_airline = fit(air, c(0, 1, 1), c(0, 1, 1), 12, FALSE),
  air_sar = fit(air, c(1, 1, 0), c(1, 1, 0), 12, FALSE),
  air_mixed = fit(air, c(2, 1, 1), c(0, 1, 1), 12, FALSE),
  sim_arma_drift = fit(sim, c(1, 1, 1), c(0, 0, 0), 1, TRUE),
  sim_ar2_drift = fit(sim, c(2, 1, 0), c(0, 0, 0), 1, TRUE)
)
out <- list(R = R.version.string, cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "expected.json")
