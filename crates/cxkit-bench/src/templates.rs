//! Bench area `templates`. (Skeleton: the owning issue fills it in.)

pub fn run() {
    eprintln!("bench area `templates`: not implemented yet");
}
