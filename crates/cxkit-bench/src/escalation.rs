//! Bench area `escalation`. (Skeleton: the owning issue fills it in.)

pub fn run() {
    eprintln!("bench area `escalation`: not implemented yet");
}
