//! Tickets: customer view and close permission (TK1, TK2).
//! (Skeleton: the owning issue fills it in.)
