//! cxkit node binding (skeleton).
