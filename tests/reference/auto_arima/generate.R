# Reference cases for colcrime's auto-arima: R forecast::auto.arima with the
# stepwise search reproduced exactly (approximation = FALSE, so every model is
# fitted by maximum likelihood), plus the differencing decisions (KPSS via
# urca, seasonal strength via mstl) and one plain Arima(method = "ML") fit per
# case to check the AICc definition.
# Run from this directory after prepare.py:  Rscript generate.R
suppressMessages({library(forecast); library(urca); library(jsonlite)})

write_input <- function(name, x) {
  dir.create(name, showWarnings = FALSE)
  if (!file.exists(file.path(name, "input.csv")))
    write.csv(data.frame(y = as.numeric(x)), file.path(name, "input.csv"), row.names = FALSE)
}

parse_trace <- function(lines) {
  lines <- grep("^ ARIMA", lines, value = TRUE)
  out <- lapply(lines, function(l) {
    m <- regmatches(l, regexec("ARIMA\\((\\d+),(\\d+),(\\d+)\\)(\\((\\d+),(\\d+),(\\d+)\\)\\[(\\d+)\\])?(.*):\\s*(\\S+)", l))[[1]]
    so <- if (nchar(m[5]) > 0) as.integer(m[6:9]) else c(0L, 0L, 0L, 0L)
    rest <- m[10]
    list(order = as.integer(m[2:4]), seasonal_order = so,
         drift = grepl("drift|non-zero mean", rest),
         aicc = if (m[11] == "Inf") "Infinity" else as.numeric(m[11]))
  })
  out
}

strength <- function(x) {
  f <- mstl(x)
  rem <- remainder(f); seas <- seasonal(f)
  max(0, min(1, 1 - var(rem) / var(rem + seas)))
}

kpss_path <- function(x, max.d = 2) {
  # The statistic at each differencing step, lags trunc(3 sqrt(n) / 13) as forecast::ndiffs.
  out <- list()
  for (d in 0:max.d) {
    n <- length(x)
    k <- trunc(3 * sqrt(n) / 13)
    s <- ur.kpss(x, type = "mu", use.lag = k)@teststat[1]
    out[[length(out) + 1]] <- list(d = d, lags = k, statistic = s)
    x <- diff(x)
  }
  out
}

run_case <- function(name, x, stepwise = TRUE) {
  write_input(name, x)
  m <- frequency(x)
  D <- if (m > 1) nsdiffs(x) else 0L
  dx <- if (D > 0) diff(x, lag = m, differences = D) else x
  d <- ndiffs(dx)
  tr <- capture.output(fit <- auto.arima(x, approximation = FALSE, stepwise = stepwise, trace = TRUE))
  ord <- arimaorder(fit)
  p <- ord[1:3]
  so <- if (length(ord) > 3) ord[4:7] else c(0, 0, 0, m)
  cons <- any(names(coef(fit)) %in% c("drift", "intercept"))
  ml <- Arima(x, order = p, seasonal = list(order = so[1:3], period = m),
              include.drift = cons && (p[2] + so[2]) == 1, include.mean = cons && (p[2] + so[2]) == 0,
              method = "ML")
  npar <- length(coef(ml)) + 1
  res <- list(
    name = name, period = m, n = length(x), stepwise = stepwise,
    D = D, d = d,
    seasonal_strength = if (m > 1) strength(x) else NULL,
    kpss = kpss_path(dx),
    order = as.integer(p), seasonal_order = as.integer(if (m > 1) so else c(0, 0, 0, 0)),
    constant = cons,
    coef = as.list(coef(fit)), loglik = fit$loglik, aicc = fit$aicc,
    models_tried = parse_trace(tr),
    ml_fit = list(loglik = ml$loglik, aic = ml$aic, aicc = ml$aicc, bic = ml$bic,
                  nobs = ml$nobs, npar = npar, coef = as.list(coef(ml)))
  )
  writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(name, "expected.json"))
  cat(name, ": ", paste(capture.output(print(fit))[2], collapse = ""), " AICc ", fit$aicc, "\n")
}

run_case("air_log", log(AirPassengers))
run_case("air", AirPassengers)
rm_m <- read.csv("robbery_monthly/input.csv")
run_case("robbery_monthly", ts(rm_m$y, start = c(2010, 4), frequency = 12))
rm_q <- read.csv("robbery_quarterly/input.csv")
run_case("robbery_quarterly", ts(rm_q$y, start = c(2010, 2), frequency = 4))
set.seed(20240501)
sim1 <- ts(cumsum(c(0, arima.sim(list(ar = 0.6, ma = -0.3), n = 149))) + 0.2 * (0:149))
run_case("sim_arima_drift", sim1)
set.seed(7)
sim2 <- ts(10 + arima.sim(list(ar = c(0.5, -0.3)), n = 120))
run_case("sim_ar2_mean", sim2)
run_case("sim_ar2_mean_exhaustive", sim2, stepwise = FALSE)
