//! The workplace monitor (WM1–WM5).
//! (Skeleton: the owning issue fills it in.)
