//! The README's main job: one simulated day of a call center on the
//! embedded default configuration. (Skeleton: the foundation issue fills it in.)

fn main() {
    let config = cxkit::Config::embedded_default().expect("embedded default config");
    let center = cxkit::CallCenter::new(&config).expect("valid embedded config");
    println!("cxkit {} — tenant {}", cxkit::VERSION, center.tenant().config.id);
}
