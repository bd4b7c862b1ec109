# R side of the comparison of colcrime's automatic ARIMA and ETS selection with
# R forecast on the shipped ONS and Metropolitan Police series (see SOURCE.md).
# For every <case>/input.csv (date, y) written by prepare.py: auto.arima with R's
# defaults (approximation = (n > 150 || m > 12), stepwise), auto.arima with
# approximation = FALSE, and ets with its defaults; writes <case>/expected.json.
# Run from this directory after prepare.py:  Rscript generate.R
suppressMessages({library(forecast); library(jsonlite)})

arima_json <- function(fit, seconds) {
  a <- fit$arma  # p, q, P, Q, m, d, D
  nm <- names(coef(fit))
  list(order = c(a[1], a[6], a[2]), seasonal_order = c(a[3], a[7], a[4], a[5]),
       constant = any(nm %in% c("drift", "intercept")),
       drift = "drift" %in% nm, mean = "intercept" %in% nm,
       loglik = fit$loglik, aicc = fit$aicc, nobs = fit$nobs,
       npar = length(coef(fit)) + 1L, seconds = seconds)
}

timed <- function(expr) {
  t0 <- proc.time()[["elapsed"]]
  v <- expr
  list(value = v, seconds = proc.time()[["elapsed"]] - t0)
}

cases <- sort(list.dirs(".", full.names = FALSE, recursive = FALSE))
for (name in cases) {
  f <- file.path(name, "input.csv")
  if (!file.exists(f)) next
  d <- read.csv(f)
  m <- if (grepl("_quarterly_", name)) 4 else 12
  y <- ts(d$y, frequency = m)
  n <- length(y)
  def <- timed(auto.arima(y))
  ex <- timed(auto.arima(y, approximation = FALSE))
  et <- timed(ets(y))
  fe <- et$value
  res <- list(
    name = name, period = m, n = n,
    forecast = as.character(packageVersion("forecast")), R = R.version.string,
    r_approximation_default = (n > 150 || m > 12),
    auto_arima_default = arima_json(def$value, def$seconds),
    auto_arima_exact = arima_json(ex$value, ex$seconds),
    # R's ets log-likelihood drops the constant -n/2 (log(2 pi / n) + 1) of the
    # Gaussian likelihood (and its AIC/AICc add it back with the opposite sign);
    # loglik and aicc below are on the full-likelihood basis, loglik_r and
    # aicc_r are R's printed values.
    ets = list(model = fe$method, components = fe$components,
               loglik_r = fe$loglik, aicc_r = fe$aicc,
               loglik = fe$loglik - 0.5 * n * (log(2 * pi / n) + 1),
               aicc = fe$aicc + n * (log(2 * pi / n) + 1),
               npar = length(fe$par) + 1L, seconds = et$seconds)
  )
  writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(name, "expected.json"))
  cat(sprintf("%-34s n=%3d default %s AICc %.4f | exact %s AICc %.4f | %s\n", name, n,
              paste(capture.output(print(def$value))[2], collapse = ""), def$value$aicc,
              paste(capture.output(print(ex$value))[2], collapse = ""), ex$value$aicc, fe$method))
}
