# Reference numbers for colcrime's SARIMA (tests/ts_arima.rs).
# Run from this directory: Rscript generate.R   (then python3 generate.py)
# Writes <case>/input.csv (simulated cases) and <case>/r.json (R's fit and forecasts;
# var_coef: R's fit$var.coef in colcrime's parameter order, rows as arrays).
suppressPackageStartupMessages(library(jsonlite))
h <- 12

write_case <- function(case, y, xreg = NULL, dates = NULL) {
  dir.create(case, showWarnings = FALSE)
  df <- data.frame(y = y)
  if (!is.null(xreg)) df$x <- xreg
  if (!is.null(dates)) df <- cbind(date = dates, df)
  write.csv(df, file.path(case, "input.csv"), row.names = FALSE, quote = FALSE)
}

# Fits with R arima(method = "ML") and writes r.json.
# names_r: R coefficient names in colcrime's order; names: colcrime's names.
run_case <- function(case, order, seasonal = c(0, 0, 0), period = NA, mean = FALSE,
                     drift = FALSE, use_x = FALSE, names_r, names, newx = NULL) {
  d <- read.csv(file.path(case, "input.csv"))
  y <- d$y
  if (!is.na(period)) y <- ts(y, frequency = period)
  n <- length(y)
  xreg <- NULL
  newxreg <- NULL
  if (drift) { xreg <- cbind(drift = 1:n); newxreg <- cbind(drift = (n + 1):(n + h)) }
  if (use_x) {
    xreg <- cbind(xreg, x = d$x[1:n])
    newxreg <- cbind(newxreg, x = newx)
  }
  fit <- arima(y, order = order, seasonal = list(order = seasonal, period = period),
               xreg = xreg, include.mean = mean, method = "ML",
               optim.control = list(maxit = 1000, reltol = 1e-12))
  pr <- predict(fit, n.ahead = h, newxreg = newxreg)
  co <- coef(fit)[names_r]
  se <- sqrt(diag(fit$var.coef))[names_r]
  vc <- unname(fit$var.coef[names_r, names_r, drop = FALSE])
  out <- list(
    tool = paste("R", getRversion(), "stats::arima(method='ML')"),
    order = order, seasonal = c(seasonal, ifelse(is.na(period), 0, period)),
    drift = drift || mean, param_names = names,
    params = unname(co), bse = unname(se),
    var_coef = lapply(seq_len(nrow(vc)), function(i) vc[i, ]), llf = fit$loglik, sigma2 = fit$sigma2,
    aic = fit$aic, nobs = fit$nobs, horizon = h,
    forecast_mean = as.numeric(pr$pred), forecast_se = as.numeric(pr$se))
  if (!is.null(newx)) out$future_x <- newx
  writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(case, "r.json"))
}

# 1. The airline model on log AirPassengers (Box & Jenkins series G).
ap <- as.numeric(AirPassengers)
dates <- format(seq(as.Date("1949-01-01"), by = "month", length.out = 144), "%Y-%m-%d")
dir.create("airline", showWarnings = FALSE)
write.csv(data.frame(date = dates, passengers = ap, y = log(ap)), "airline/input.csv",
          row.names = FALSE, quote = FALSE)
run_case("airline", c(0, 1, 1), c(0, 1, 1), 12, names_r = c("ma1", "sma1"),
         names = c("ma.L1", "ma.S.L12"))

# 2. AR(2) with a constant.
set.seed(101)
y <- 10 + arima.sim(list(ar = c(0.6, -0.3)), n = 200)
write_case("ar2_const", as.numeric(y))
run_case("ar2_const", c(2, 0, 0), mean = TRUE, names_r = c("intercept", "ar1", "ar2"),
         names = c("drift", "ar.L1", "ar.L2"))

# 3. ARMA(1,1) without a mean.
set.seed(202)
y <- arima.sim(list(ar = 0.7, ma = 0.4), n = 250)
write_case("arma11", as.numeric(y))
run_case("arma11", c(1, 0, 1), names_r = c("ar1", "ma1"), names = c("ar.L1", "ma.L1"))

# 4. Regression with AR(1) errors and one regressor (12 future x values kept).
set.seed(303)
n <- 150
x <- cumsum(rnorm(n + h)) / 3 + rnorm(n + h)
u <- arima.sim(list(ar = 0.5), n = n)
y <- 2 + 0.8 * x[1:n] + as.numeric(u)
write_case("regar1", y, x[1:n])
run_case("regar1", c(1, 0, 0), mean = TRUE, use_x = TRUE, names_r = c("intercept", "x", "ar1"),
         names = c("drift", "x", "ar.L1"), newx = x[(n + 1):(n + h)])

# 5. ARIMA(1,1,1) with drift.
set.seed(404)
y <- 50 + cumsum(0.3 + arima.sim(list(ar = 0.4, ma = -0.3), n = 180))
write_case("arima111_drift", as.numeric(y))
run_case("arima111_drift", c(1, 1, 1), drift = TRUE, names_r = c("drift", "ar1", "ma1"),
         names = c("drift", "ar.L1", "ma.L1"))

# 6. Real data: log monthly London robbery (Met Police borough files, summed;
#    input.csv written by prepare_robbery.py).
run_case("london_robbery", c(2, 1, 0), c(1, 0, 0), 12, names_r = c("ar1", "ar2", "sar1"),
         names = c("ar.L1", "ar.L2", "ar.S.L12"))
