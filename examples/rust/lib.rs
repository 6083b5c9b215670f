//! Runnable cxkit programs as a library, so tests can run exactly what the
//! binaries print. [`day`] is the README's main job: one simulated
//! call-center day with agents, calls, SMS, the workplace monitor and bot
//! escalation.

#![forbid(unsafe_code)]

pub mod day;
