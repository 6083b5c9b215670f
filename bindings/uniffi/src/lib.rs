//! cxkit uniffi binding (skeleton).
