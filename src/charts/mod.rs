//! Briefing charts drawn with plotters in one house style.
