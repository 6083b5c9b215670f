//! Bot-to-human escalation (RB1).
//! (Skeleton: the owning issue fills it in.)
