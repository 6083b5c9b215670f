//! Reading a feed file: a byte counter for the progress bar and, with
//! `--follow`, a reader that waits at the end of the file for more.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A file read to its end — or, when following, read as it grows.
pub struct Tail {
    file: File,
    pos: u64,
    follow: bool,
    idle_exit: Option<Duration>,
    idle_since: Option<Instant>,
    /// Bytes read so far (the progress bar's position).
    pub read: Arc<AtomicU64>,
    /// Set once the end of the file was reached while following (the
    /// replay then prints the wallboard as it changes).
    pub caught_up: Arc<AtomicBool>,
}

impl Tail {
    /// Opens `path`; `follow` waits at its end for more data, `idle_exit`
    /// gives up after that long without any.
    pub fn open(path: &std::path::Path, follow: bool, idle_exit: Option<Duration>) -> io::Result<Tail> {
        Ok(Tail {
            file: File::open(path)?,
            pos: 0,
            follow,
            idle_exit,
            idle_since: None,
            read: Arc::new(AtomicU64::new(0)),
            caught_up: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The file's length now.
    pub fn len(&self) -> u64 {
        self.file.metadata().map(|m| m.len()).unwrap_or(0)
    }
}

impl Read for Tail {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.file.read(buf)?;
            if n > 0 || !self.follow {
                self.idle_since = None;
                self.pos += n as u64;
                self.read.fetch_add(n as u64, Ordering::Relaxed);
                return Ok(n);
            }
            self.caught_up.store(true, Ordering::Relaxed);
            let since = *self.idle_since.get_or_insert_with(Instant::now);
            if self.idle_exit.is_some_and(|limit| since.elapsed() >= limit) {
                return Ok(0);
            }
            // A file truncated under us (log rotation by copy-truncate) is
            // read again from its start.
            if self.len() < self.pos {
                self.file.seek(SeekFrom::Start(0))?;
                self.pos = 0;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
