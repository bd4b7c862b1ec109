#!/bin/sh
# Builds tests/reference/var/london/levels.csv from the shipped data: quarterly
# London robbery and theft (Metropolitan Police borough files, summed), CPI
# inflation (ONS D7G7, quarterly mean) and the unemployment rate (ONS MGSX),
# as built by the default workspace. Run from the repository root.
set -e
mkdir -p tests/reference/var/london
cargo run -q -- data export notebooks-data/workspace.toml \
  --series london_robbery_q,london_theft_q,cpi_q,unemployment \
  > tests/reference/var/london/levels.csv
