//! The lexicon and model tables use the shared Fx hasher of `cxkit-core`:
//! their keys are fixed, embedded data, not attacker-chosen.

/// `HashMap` with the shared Fx hasher.
pub type FxHashMap<K, V> = cxkit_core::hash::FxHashMap<K, V>;
