//! Regression tests: limits that hold (issue "batch files are untrusted").
