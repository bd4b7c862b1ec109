#!/usr/bin/env python3
"""Seeded generator of a police.uk-style street-level CSV for benchmarks.

Usage: gen_street.py OUT.csv [ROWS] [SEED]   (default 890000 rows, seed 42,
about 200 MB). Columns and value shapes follow police.uk's street files:
Crime ID (64 hex chars, empty for anti-social behaviour), Month, Reported by,
Falls within, Longitude, Latitude, Location, LSOA code, LSOA name,
Crime type, Last outcome category, Context (empty).
"""
import random
import sys

CRIME_TYPES = [
    ("Anti-social behaviour", 20), ("Violence and sexual offences", 22),
    ("Other theft", 9), ("Vehicle crime", 7), ("Shoplifting", 6),
    ("Burglary", 5), ("Criminal damage and arson", 5), ("Public order", 7),
    ("Theft from the person", 4), ("Drugs", 4), ("Robbery", 3),
    ("Bicycle theft", 2), ("Possession of weapons", 1), ("Other crime", 1),
]
OUTCOMES = [
    "Investigation complete; no suspect identified", "Unable to prosecute suspect",
    "Under investigation", "Status update unavailable", "Court result unavailable",
    "Local resolution", "Awaiting court outcome", "Offender given a caution",
]
BOROUGHS = ["Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden",
            "Croydon", "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham",
            "Haringey", "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington",
            "Kensington and Chelsea", "Kingston upon Thames", "Lambeth", "Lewisham",
            "Merton", "Newham", "Redbridge", "Richmond upon Thames", "Southwark",
            "Sutton", "Tower Hamlets", "Waltham Forest", "Wandsworth", "Westminster"]
STREETS = ["High Street", "Station Road", "Church Lane", "Park Avenue", "Mill Road",
           "King'S Cross Bridge", "Charterhouse Street", "Victoria Street", "London Road"]


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 890_000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    rng = random.Random(seed)
    types = [t for t, w in CRIME_TYPES for _ in range(w)]
    months = [f"{y}-{m:02d}" for y in range(2022, 2025) for m in range(1, 13)]
    with open(out, "w", newline="") as f:
        f.write("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
                "LSOA code,LSOA name,Crime type,Last outcome category,Context\r\n")
        for i in range(rows):
            ct = rng.choice(types)
            cid = "" if ct == "Anti-social behaviour" else "%064x" % rng.getrandbits(256)
            b = rng.choice(BOROUGHS)
            outcome = "" if not cid else rng.choice(OUTCOMES)
            f.write(f"{cid},{months[i * len(months) // rows]},Metropolitan Police Service,"
                    f"Metropolitan Police Service,{-0.5 + rng.random() * 0.6:.6f},"
                    f"{51.3 + rng.random() * 0.4:.6f},On or near {rng.choice(STREETS)},"
                    f"E0100{rng.randrange(10000):04d},{b} {rng.randrange(1, 40):03d}"
                    f"{chr(65 + rng.randrange(5))},{ct},{outcome},\r\n")


if __name__ == "__main__":
    main()
