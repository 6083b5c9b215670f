//! Leave-a-message templates (TM1).
//! (Skeleton: the owning issue fills it in.)
