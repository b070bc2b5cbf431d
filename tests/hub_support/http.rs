//! HTTP/1.1 framing for the tests' proxies (the alter-and-busy one here, the fault-injecting
//! one in `hub_faults`): enough of it for what ureq and the hub send.

use std::io::{BufRead, Write};

/// An HTTP/1.1 message's head (up to the blank line) and body (by Content-Length, or
/// chunked; an answer with neither runs to the end of the stream); `None` at a clean end
/// of stream before any byte.
pub fn read_message(r: &mut impl BufRead, is_answer: bool) -> std::io::Result<Option<(Vec<String>, Vec<u8>)>> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            if head.is_empty() {
                return Ok(None);
            }
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end().to_string();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    let header = |name: &str| {
        head.iter().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    };
    let mut body = Vec::new();
    if let Some(len) = header("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "content-length"))?;
        body.resize(len, 0);
        r.read_exact(&mut body)?;
    } else if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            r.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "chunk size"))?;
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if is_answer {
        r.read_to_end(&mut body)?;
    }
    Ok(Some((head, body)))
}

/// A message's head with `len` as its body's length and `connection: close`, dropping the
/// framing headers it came with.
pub fn write_head(w: &mut impl Write, head: &[String], len: usize) -> std::io::Result<()> {
    let mut out = format!("{}\r\n", head[0]);
    for l in &head[1..] {
        let name = l.split(':').next().unwrap_or_default().trim().to_ascii_lowercase();
        if !["content-length", "transfer-encoding", "connection"].contains(&name.as_str()) {
            out.push_str(l);
            out.push_str("\r\n");
        }
    }
    out.push_str(&format!("content-length: {len}\r\nconnection: close\r\n\r\n"));
    w.write_all(out.as_bytes())
}
