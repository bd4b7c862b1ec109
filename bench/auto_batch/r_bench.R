# R side of the automatic-forecasting batch benchmark (issue 16).
# Fits forecast::auto.arima and forecast::ets with their defaults to every
# column of series.csv (monthly, frequency 12), one core, and writes r.json:
# per series the chosen model, log-likelihood, AICc and seconds (wall), and
# the totals in wall and CPU seconds.
# Run: Rscript r_bench.R [series.csv] [r.json]
suppressMessages({library(forecast); library(jsonlite)})
args <- commandArgs(trailingOnly = TRUE)
csv <- if (length(args) > 0) args[1] else "series.csv"
out <- if (length(args) > 1) args[2] else "r.json"
df <- read.csv(csv, check.names = FALSE)
res <- list(forecast = as.character(packageVersion("forecast")), R = R.version.string,
            arima = list(), ets = list())
t_arima <- 0; t_ets <- 0; c_arima <- 0; c_ets <- 0
cpu <- function() { p <- proc.time(); p[["user.self"]] + p[["sys.self"]] }
for (col in names(df)[-1]) {
  y <- ts(df[[col]], frequency = 12)
  t0 <- proc.time()[["elapsed"]]; c0 <- cpu()
  fa <- auto.arima(y)
  dt <- proc.time()[["elapsed"]] - t0; t_arima <- t_arima + dt; c_arima <- c_arima + cpu() - c0
  a <- fa$arma  # p, q, P, Q, s, d, D
  res$arima[[col]] <- list(order = c(a[1], a[6], a[2]), seasonal = c(a[3], a[7], a[4], a[5]),
                           drift = "drift" %in% names(coef(fa)),
                           mean = "intercept" %in% names(coef(fa)),
                           loglik = fa$loglik, aicc = fa$aicc, seconds = dt)
  t0 <- proc.time()[["elapsed"]]; c0 <- cpu()
  fe <- ets(y)
  dt <- proc.time()[["elapsed"]] - t0; t_ets <- t_ets + dt; c_ets <- c_ets + cpu() - c0
  n <- length(y)
  # R's ets log-likelihood drops the constant -n/2 (log(2 pi / n) + 1) of the
  # Gaussian concentrated likelihood; add it back to compare with statsmodels'.
  res$ets[[col]] <- list(model = fe$method, loglik_r = fe$loglik,
                         loglik = fe$loglik - 0.5 * n * (log(2 * pi / n) + 1),
                         aicc = fe$aicc, npar = length(fe$par) + 1, seconds = dt)
}
res$arima_seconds <- t_arima; res$ets_seconds <- t_ets
res$arima_cpu <- c_arima; res$ets_cpu <- c_ets
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE), out)
cat(sprintf("R forecast %s: auto.arima %.1f s (CPU %.1f s), ets %.1f s (CPU %.1f s) over %d series\n",
            res$forecast, t_arima, c_arima, t_ets, c_ets, ncol(df) - 1))
