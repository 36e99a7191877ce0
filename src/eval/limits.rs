//! Limits on evaluation: the most tuples it may derive, the longest it may
//! run, a flag another thread (the REPL's Ctrl-C handler) can set to
//! interrupt it, and how many threads a large rule run may use.
//!
//! The clock and the flag are looked at through a [`Budget`]: in the inner
//! loops every [`TICKS_PER_CHECK`] rows visited, and besides before every
//! stratum, round and rule run, every few thousand facts or rows stored or
//! indexed, after each growth of a large hash table (a pause no loop can
//! interrupt), and while an answer is sorted. So every limit stops within a
//! few milliseconds of its value.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// Default for `--max-tuples`.
pub const DEFAULT_MAX_TUPLES: u64 = 50_000_000;
/// Default for `--timeout`, in seconds.
pub const DEFAULT_TIMEOUT_SECS: f64 = 60.0;
/// Default for [`Limits::parallel_rows`]: a rule run whose first scan reads
/// fewer rows runs on the calling thread alone (starting threads costs more
/// than it saves on small inputs, and small programs never start one).
pub const DEFAULT_PARALLEL_ROWS: u32 = 1 << 12;

/// What evaluation may use.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Most tuples in all relations together.
    pub max_tuples: u64,
    /// Longest evaluation.
    pub timeout: Option<Duration>,
    /// Set to stop evaluation as soon as possible.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// When the time limit started counting: `None` starts it anew with
    /// each evaluation; [`Limits::from_now`] fixes it, so that the steps of
    /// one request (evaluating, answering, explaining, verifying
    /// hypotheses) share one deadline.
    pub started: Option<Instant>,
    /// Most threads one rule run may use (`--threads`); `None`: as many as
    /// the machine has cores. The model is the same with any number.
    pub threads: Option<NonZeroUsize>,
    /// Rows the first scan of a rule run must read before it is split
    /// across threads (see [`DEFAULT_PARALLEL_ROWS`]; tests lower it).
    pub parallel_rows: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_tuples: DEFAULT_MAX_TUPLES,
            timeout: Some(Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS)),
            interrupt: None,
            started: None,
            threads: None,
            parallel_rows: DEFAULT_PARALLEL_ROWS,
        }
    }
}

impl Limits {
    /// When the time runs out, if the clock is started and there is a
    /// timeout.
    pub fn deadline(&self) -> Option<Instant> {
        Some(self.started? + self.timeout?)
    }

    /// The most threads a rule run may use: [`Limits::threads`], or the
    /// machine's cores (asked once, when a run is first large enough).
    pub fn thread_count(&self) -> usize {
        static CORES: OnceLock<usize> = OnceLock::new();
        match self.threads {
            Some(n) => n.get(),
            None => *CORES
                .get_or_init(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get)),
        }
    }

    /// These limits with the clock started now, unless it was already.
    pub fn from_now(&self) -> Limits {
        Limits {
            started: Some(self.started.unwrap_or_else(Instant::now)),
            ..self.clone()
        }
    }
}

/// Why evaluation must stop now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The timeout passed.
    Timeout,
    /// The interrupt flag was set.
    Interrupted,
}

/// The running account against [`Limits`].
#[derive(Debug)]
pub struct Budget {
    deadline: Option<Instant>,
    interrupt: Option<Arc<AtomicBool>>,
    ticks: u32,
    /// The tuple limit.
    pub max_tuples: u64,
}

/// Rows visited between two looks at the clock.
pub const TICKS_PER_CHECK: u32 = 1 << 14;

impl Budget {
    /// Starts the clock.
    pub fn start(limits: &Limits) -> Budget {
        Budget {
            // A timeout too long for the clock is no limit.
            deadline: limits
                .timeout
                .and_then(|t| limits.started.unwrap_or_else(Instant::now).checked_add(t)),
            interrupt: limits.interrupt.clone(),
            ticks: 0,
            max_tuples: limits.max_tuples,
        }
    }

    /// A budget for a worker thread of a run: the same deadline and
    /// interrupt flag, its own count of ticks.
    pub fn worker(&self) -> Budget {
        Budget {
            deadline: self.deadline,
            interrupt: self.interrupt.clone(),
            ticks: 0,
            max_tuples: self.max_tuples,
        }
    }

    /// Counts one unit of work; every so often looks at the clock and flag.
    #[inline]
    pub fn tick(&mut self) -> Result<(), Stop> {
        self.ticks += 1;
        if self.ticks >= TICKS_PER_CHECK {
            self.ticks = 0;
            return self.check();
        }
        Ok(())
    }

    /// Looks at the clock and the flag now.
    pub fn check(&self) -> Result<(), Stop> {
        if let Some(flag) = &self.interrupt
            && flag.load(Ordering::Relaxed)
        {
            return Err(Stop::Interrupted);
        }
        if let Some(d) = self.deadline
            && Instant::now() >= d
        {
            return Err(Stop::Timeout);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::eval::{EvalError, evaluate};

    use crate::value::ValueStore;

    fn flag(set: bool) -> Option<Arc<AtomicBool>> {
        Some(Arc::new(AtomicBool::new(set)))
    }

    fn limits(timeout: Option<Duration>, interrupt: Option<Arc<AtomicBool>>) -> Limits {
        Limits {
            timeout,
            interrupt,
            ..Limits::default()
        }
    }

    #[test]
    fn a_budget_stops_for_the_flag_and_the_clock() {
        let cases: &[(&str, Limits, Result<(), Stop>)] = &[
            ("the defaults", Limits::default(), Ok(())),
            ("no limits", limits(None, None), Ok(())),
            ("a flag not set", limits(None, flag(false)), Ok(())),
            (
                "a flag set",
                limits(None, flag(true)),
                Err(Stop::Interrupted),
            ),
            (
                "a zero timeout",
                limits(Some(Duration::ZERO), None),
                Err(Stop::Timeout),
            ),
            // Too long for the clock: no limit, and no panic.
            ("Duration::MAX", limits(Some(Duration::MAX), None), Ok(())),
            (
                "a century",
                limits(Some(Duration::from_secs(100 * 365 * 86_400)), None),
                Ok(()),
            ),
            // The flag is looked at first.
            (
                "a flag set and a zero timeout",
                limits(Some(Duration::ZERO), flag(true)),
                Err(Stop::Interrupted),
            ),
        ];
        for (name, limits, want) in cases {
            let budget = Budget::start(limits);
            assert_eq!(budget.check(), *want, "case {name}");
            assert_eq!(budget.max_tuples, limits.max_tuples, "case {name}");
        }
    }

    #[test]
    fn ticks_look_at_the_flag_every_so_often() {
        let cases: &[(&str, Limits, Result<(), Stop>)] = &[
            (
                "a flag set",
                limits(None, flag(true)),
                Err(Stop::Interrupted),
            ),
            (
                "a zero timeout",
                limits(Some(Duration::ZERO), None),
                Err(Stop::Timeout),
            ),
            ("no limits", limits(None, None), Ok(())),
        ];
        for (name, limits, want) in cases {
            let mut budget = Budget::start(limits);
            for i in 1..TICKS_PER_CHECK {
                assert_eq!(budget.tick(), Ok(()), "case {name}: tick {i}");
            }
            assert_eq!(budget.tick(), *want, "case {name}: the last tick");
            // The count starts again.
            assert_eq!(budget.tick(), Ok(()), "case {name}: the tick after");
        }
    }

    #[test]
    fn the_flag_can_be_set_while_running() {
        let interrupt = Arc::new(AtomicBool::new(false));
        let budget = Budget::start(&limits(None, Some(interrupt.clone())));
        assert_eq!(budget.check(), Ok(()));
        interrupt.store(true, Ordering::Relaxed);
        assert_eq!(budget.check(), Err(Stop::Interrupted));
    }

    #[test]
    fn evaluation_stops_with_the_budget() {
        let text = "n(1). p(X) :- n(X).";
        let mut values = ValueStore::new();
        let (map, program) = crate::testing::checked(text, &mut values);
        let cases: &[(&str, Limits, Result<(), String>)] = &[
            ("no limits", limits(None, None), Ok(())),
            ("Duration::MAX", limits(Some(Duration::MAX), None), Ok(())),
            (
                "a flag set",
                limits(None, flag(true)),
                Err("evaluation interrupted".into()),
            ),
            (
                "a zero timeout",
                limits(Some(Duration::ZERO), None),
                Err("evaluation stopped at the time limit of 0 s: the rule for `p` was running: p(X) :- n(X).".into()),
            ),
        ];
        for (name, limits, want) in cases {
            let got = evaluate(&program, &mut values, limits)
                .map(|_| ())
                .map_err(|e| match &e {
                    EvalError::Timeout { .. } => {
                        format!("{e}: {}", map.text(e.span().unwrap_or_default()))
                    }
                    _ => e.to_string(),
                });
            assert_eq!(got, *want, "case {name}");
        }
    }
}
