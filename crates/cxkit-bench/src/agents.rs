//! Bench area `agents`. (Skeleton: the owning issue fills it in.)

pub fn run() {
    eprintln!("bench area `agents`: not implemented yet");
}
