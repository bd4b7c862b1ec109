# Reference residuals for colcrime's SARIMA `resid` (tests/charts_workspace.rs).
# Run from this directory: Rscript generate.R
# For each case of ../arima, R's arima(method = "ML") is evaluated, with every
# parameter fixed at R's own estimates (../arima/<case>/r.json), on the
# differenced series (colcrime's likelihood basis: the ARMA part with a
# stationary start), and residuals() is written to <case>.json.
suppressPackageStartupMessages(library(jsonlite))

run_case <- function(case, d, sd, period, p, q, sp, sq) {
  r <- fromJSON(file.path("..", "arima", case, "r.json"))
  y <- read.csv(file.path("..", "arima", case, "input.csv"))$y
  w <- y
  if (sd > 0) for (i in seq_len(sd)) w <- diff(w, lag = period)
  if (d > 0) for (i in seq_len(d)) w <- diff(w, lag = 1)
  fit <- arima(w, order = c(p, 0, q), seasonal = list(order = c(sp, 0, sq), period = period),
               include.mean = FALSE, fixed = r$params, transform.pars = FALSE, method = "ML")
  out <- list(
    tool = paste("R", getRversion(), "stats::arima(method='ML'), all parameters fixed"),
    case = case, order = c(p, d, q), seasonal = c(sp, sd, sq, period),
    param_names = r$param_names, params = r$params,
    nobs = length(w), resid = as.numeric(residuals(fit)))
  writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), paste0(case, ".json"))
}

run_case("airline", 1, 1, 12, 0, 1, 0, 1)
run_case("london_robbery", 1, 0, 12, 2, 0, 1, 0)
