//! cxkit python binding (skeleton).
