//! Limits on evaluation: the most tuples it may derive, the longest it may
//! run, and a flag another thread (the REPL's Ctrl-C handler) can set to
//! interrupt it. Checked in the inner loops every few thousand rows.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Default for `--max-tuples`.
pub const DEFAULT_MAX_TUPLES: u64 = 50_000_000;
/// Default for `--timeout`, in seconds.
pub const DEFAULT_TIMEOUT_SECS: f64 = 60.0;

/// What evaluation may use.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Most tuples in all relations together.
    pub max_tuples: u64,
    /// Longest evaluation.
    pub timeout: Option<Duration>,
    /// Set to stop evaluation as soon as possible.
    pub interrupt: Option<Arc<AtomicBool>>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_tuples: DEFAULT_MAX_TUPLES,
            timeout: Some(Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS)),
            interrupt: None,
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
const TICKS_PER_CHECK: u32 = 1 << 14;

impl Budget {
    /// Starts the clock.
    pub fn start(limits: &Limits) -> Budget {
        Budget {
            // A timeout too long for the clock is no limit.
            deadline: limits.timeout.and_then(|t| Instant::now().checked_add(t)),
            interrupt: limits.interrupt.clone(),
            ticks: 0,
            max_tuples: limits.max_tuples,
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
