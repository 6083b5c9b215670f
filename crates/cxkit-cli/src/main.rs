//! `cxkit replay` (FD5): replays a telephony feed file through a call
//! center and prints each ended call's outcome, the trend per day and the
//! final wallboard; `--json` prints one JSON object per line; `--follow`
//! tails a growing file and keeps the wallboard live.
//!
//! ```text
//! cargo run --release -p cxkit-cli -- replay --from asterisk-queue-log \
//!     --tz America/Los_Angeles ../shared/feeds/asterisk-queue-log/asterisk2slack_queue_log
//! ```

#![forbid(unsafe_code)]

mod replay;
mod tail;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The cxkit command line.
#[derive(Debug, Parser)]
#[command(name = "cxkit", version, about = "cxkit: contact-center rules on your own telephony feeds")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Replay feed files through a call center: each ended call's outcome,
    /// the trend per day, the final wallboard.
    Replay(ReplayArgs),
}

/// `cxkit replay` options.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The source format: asterisk-queue-log, asterisk-ami, freeswitch, connect.
    #[arg(long = "from", value_name = "SOURCE")]
    pub from: String,
    /// The tenant's time zone (IANA name) for calendar days and the trend;
    /// also the zone of queue_log database rows' text times. Default: the
    /// config's zone, else UTC.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// A cxkit configuration (JSON or TOML). Without one, the tenant is
    /// empty and the roster learns every agent and queue the feed names,
    /// logging members in when a call names them (FD4).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// One JSON object per line: `{"call": …, "outcome": …}` per ended
    /// call, then one `{"summary": {…}}`.
    #[arg(long)]
    pub json: bool,
    /// Keep reading the (last) file as it grows and print the wallboard as
    /// it changes; stop with Ctrl-C (or `--idle-exit`).
    #[arg(long)]
    pub follow: bool,
    /// With `--follow`: stop after this many seconds without new data.
    #[arg(long, value_name = "SECONDS")]
    pub idle_exit: Option<f64>,
    /// Stop at the first malformed record or refused event (exit code 1).
    #[arg(long)]
    pub strict: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// The files, replayed in order as one feed.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Replay(args) => match replay::run(&args, &mut std::io::stdout().lock()) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("cxkit replay: {e}");
                ExitCode::from(2)
            }
        },
    }
}
