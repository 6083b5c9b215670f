//! `cargo run -p cxkit-schema`: writes `schema/cxkit.schema.json` and the
//! files generated from it (the Python `cxkit.types` module, the Node
//! `types.d.ts`). With `--check`, writes nothing and fails naming every file
//! that is not what the Rust types give (the test scripts run this).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut stale = 0;
    for g in cxkit_schema::generated() {
        let path = root.join(g.path);
        let now = std::fs::read_to_string(&path).unwrap_or_default();
        if now == g.text {
            continue;
        }
        if check {
            eprintln!("{} is stale: run `cargo run -p cxkit-schema` and commit it", g.path);
            stale += 1;
        } else if let Err(e) =
            std::fs::create_dir_all(path.parent().unwrap_or(&root)).and_then(|()| std::fs::write(&path, &g.text))
        {
            eprintln!("cannot write {}: {e}", g.path);
            return ExitCode::FAILURE;
        } else {
            println!("wrote {}", g.path);
        }
    }
    if stale > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
