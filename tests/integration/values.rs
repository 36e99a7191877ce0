//! Regression tests: values that are never silently wrong, and the syntax that
//! reads them (issue "batch files are untrusted").
