# KPSS statistics from R urca::ur.kpss (the test forecast::ndiffs uses to
# choose d in auto.arima), on the same inputs as the statsmodels cases.
# Run from this directory: Rscript generate_urca.R
suppressMessages(library(urca))
cases <- list(
  list(name = "kpss_ar2_c_auto", col = "y", type = "mu"),
  list(name = "kpss_rw_ct_auto", col = "y", type = "tau"),
  list(name = "kpss_rw_c_legacy", col = "y", type = "mu"),
  list(name = "real_kpss_cpi_c_auto", col = "cpi", type = "mu")
)
out <- c()
for (cs in cases) {
  d <- read.csv(file.path(cs$name, "input.csv"))
  x <- d[[cs$col]]
  n <- length(x)
  for (lag in c(trunc(3 * sqrt(n) / 13), trunc(4 * (n / 100)^0.25), 0)) {
    t <- ur.kpss(x, type = cs$type, use.lag = lag)
    out <- c(out, sprintf("%s,%s,%d,%.17g", cs$name, cs$type, lag, t@teststat))
  }
}
writeLines(c("case,type,lags,statistic", out), "urca_kpss.csv")
cat(sprintf("urca %s, %s\n", packageVersion("urca"), R.version.string))
