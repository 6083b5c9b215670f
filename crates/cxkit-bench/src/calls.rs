//! Bench area `calls`. (Skeleton: the owning issue fills it in.)

pub fn run() {
    eprintln!("bench area `calls`: not implemented yet");
}
