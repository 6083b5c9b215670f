//! Bench area `tickets`. (Skeleton: the owning issue fills it in.)

pub fn run() {
    eprintln!("bench area `tickets`: not implemented yet");
}
