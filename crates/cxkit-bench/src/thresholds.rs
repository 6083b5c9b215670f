//! Bench area `thresholds`. (Skeleton: the owning issue fills it in.)

pub fn run() {
    eprintln!("bench area `thresholds`: not implemented yet");
}
