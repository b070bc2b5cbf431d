//! A TCP proxy between a device and a real `sotay-hub`, scripted request by request: it
//! passes a request on, or drops it, loses the hub's answer, cuts a body halfway, delays,
//! trickles the answer, sends the request twice, holds it until the test releases it (so
//! requests reach the hub in another order), keeps a copy to send again later, or rewrites
//! the answer.
//!
//! HTTP/1.1 on 127.0.0.1, one request per connection (every answer says `connection:
//! close`, so the client never reuses a connection the proxy may have cut). Bodies are
//! framed by Content-Length (chunked answers are read too, and passed on with a length).

use std::io::{BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::hub_support::http::{read_message, write_head};

/// A request as the device sent it.
#[derive(Clone, Debug)]
pub struct Request {
    /// Its place among the requests the proxy received, from 0.
    pub seq: usize,
    pub method: String,
    /// The path with its query.
    pub path: String,
    head: Vec<String>,
    pub body: Vec<u8>,
}

impl Request {
    /// A request with no head or body, to ask [`Request::is_upload`] and the like of a
    /// logged one.
    pub fn probe(method: &str, path: &str) -> Request {
        Request {
            seq: 0,
            method: method.into(),
            path: path.into(),
            head: Vec::new(),
            body: Vec::new(),
        }
    }

    /// `PUT /v1/batches/{device}/{number}`.
    pub fn is_upload(&self) -> bool {
        self.method == "PUT" && self.path.starts_with("/v1/batches/")
    }

    /// `GET /v1/batches/{device}?after=…`.
    pub fn is_page(&self) -> bool {
        self.method == "GET" && self.path.starts_with("/v1/batches/")
    }

    /// `GET /v1/status`.
    pub fn is_status(&self) -> bool {
        self.method == "GET" && self.path.starts_with(sotay_wire::api::STATUS)
    }
}

/// The hub's answer, as the proxy read it.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    head: Vec<String>,
    pub body: Vec<u8>,
}

/// What the proxy does with one request.
#[derive(Clone)]
pub enum Fault {
    /// Passes it on and the answer back.
    Pass,
    /// Closes the connection before anything reaches the hub.
    Drop,
    /// Passes it on; the hub answers, but the device gets nothing (the connection closes).
    LoseAnswer,
    /// Half the request's body reaches the hub, then both connections close.
    CutRequest,
    /// The answer's head and half its body reach the device, then the connection closes.
    CutAnswer,
    /// Waits this long, then passes it on.
    Delay(Duration),
    /// Passes the answer back `chunk` bytes at a time, `pause` apart.
    Trickle { chunk: usize, pause: Duration },
    /// Sends it to the hub twice; the device gets the second answer.
    Twice,
    /// Holds it, before anything reaches the hub, until [`Proxy::release`].
    Hold,
    /// Sends it to the hub, then holds it before the answer is read, until
    /// [`Proxy::release`] (the hub may be killed meanwhile).
    HoldAnswer,
    /// Passes it on, and keeps a copy that [`Proxy::send_kept`] sends again later: a stale
    /// retransmission arriving after newer requests.
    Keep,
    /// Passes it on and rewrites the answer before the device gets it.
    Rewrite(Rewriter),
}

/// How [`Fault::Rewrite`] changes an answer.
pub type Rewriter = Arc<dyn Fn(&Request, &mut Response) + Send + Sync>;

impl Fault {
    pub fn name(&self) -> &'static str {
        match self {
            Fault::Pass => "pass",
            Fault::Drop => "drop",
            Fault::LoseAnswer => "lose-answer",
            Fault::CutRequest => "cut-request",
            Fault::CutAnswer => "cut-answer",
            Fault::Delay(_) => "delay",
            Fault::Trickle { .. } => "trickle",
            Fault::Twice => "twice",
            Fault::Hold => "hold",
            Fault::HoldAnswer => "hold-answer",
            Fault::Keep => "keep",
            Fault::Rewrite(_) => "rewrite",
        }
    }
}

/// One request the proxy received, and how it ended.
#[derive(Clone, Debug)]
pub struct Seen {
    pub seq: usize,
    pub method: String,
    pub path: String,
    pub fault: &'static str,
    /// The status the hub answered (to the proxy), once it did.
    pub hub_status: Option<u16>,
    /// The proxy is done with it.
    pub done: bool,
}

type Script = Box<dyn FnMut(&Request) -> Fault + Send>;

#[derive(Default)]
struct State {
    seen: Vec<Seen>,
    /// Requests held, by seq, each with the way to let it go.
    held: Vec<(usize, mpsc::Sender<()>)>,
    kept: Vec<Request>,
}

struct Shared {
    hub: SocketAddr,
    script: Mutex<Script>,
    state: Mutex<State>,
    changed: Condvar,
    stop: AtomicBool,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn update(&self, seq: usize, f: impl FnOnce(&mut Seen)) {
        let mut s = self.state();
        if let Some(e) = s.seen.iter_mut().find(|e| e.seq == seq) {
            f(e);
        }
        drop(s);
        self.changed.notify_all();
    }
}

/// The proxy; stops accepting when dropped.
pub struct Proxy {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

/// How long a test waits for something the proxy should see.
const PATIENCE: Duration = Duration::from_secs(60);

impl Proxy {
    /// A proxy to the hub at `hub` that passes everything until [`Proxy::script`].
    pub fn start(hub: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            hub,
            script: Mutex::new(Box::new(|_: &Request| Fault::Pass)),
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            stop: AtomicBool::new(false),
        });
        let s = shared.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.stop.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let s = s.clone();
                std::thread::spawn(move || serve(conn, &s));
            }
        });
        Proxy { addr, shared }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// From now on, each request gets the fault `script` chooses for it.
    pub fn script(&self, script: impl FnMut(&Request) -> Fault + Send + 'static) {
        *self.shared.script.lock().unwrap_or_else(|p| p.into_inner()) = Box::new(script);
    }

    /// Passes everything from now on.
    pub fn pass(&self) {
        self.script(|_| Fault::Pass);
    }

    /// The first request for which `matches` holds gets `fault`, every other one passes.
    pub fn once(&self, matches: impl Fn(&Request) -> bool + Send + 'static, fault: Fault) {
        let mut left = Some(fault);
        self.script(move |r| match matches(r) {
            true => left.take().unwrap_or(Fault::Pass),
            false => Fault::Pass,
        });
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.state().seen.clone()
    }

    /// Waits (up to a minute) until `cond` holds of what the proxy received.
    pub fn wait_until(&self, what: &str, cond: impl Fn(&[Seen]) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        let mut s = self.shared.state();
        while !cond(&s.seen) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "the proxy never saw {what}: {:#?}", s.seen);
            s = self.shared.changed.wait_timeout(s, left).unwrap().0;
        }
    }

    /// Waits until `n` requests are held; their seqs in the order they arrived.
    pub fn wait_held(&self, n: usize) -> Vec<usize> {
        let deadline = Instant::now() + PATIENCE;
        let mut s = self.shared.state();
        while s.held.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "{} request(s) held, not {n}", s.held.len());
            s = self.shared.changed.wait_timeout(s, left).unwrap().0;
        }
        s.held.iter().map(|(seq, _)| *seq).collect()
    }

    /// Lets the held request `seq` go on, and waits until the proxy is done with it, so
    /// requests released one after another reach the hub in that order.
    pub fn release(&self, seq: usize) {
        let go = {
            let mut s = self.shared.state();
            let at = s.held.iter().position(|(q, _)| *q == seq).expect("a held request");
            s.held.remove(at).1
        };
        let _ = go.send(());
        self.wait_until("a released request finish", |seen| {
            seen.iter().any(|e| e.seq == seq && e.done)
        });
    }

    /// Sends the requests kept by [`Fault::Keep`] to the hub again, in the order they
    /// came; the hub's answers.
    pub fn send_kept(&self) -> Vec<Response> {
        let kept = std::mem::take(&mut self.shared.state().kept);
        kept.iter()
            .map(|r| exchange(self.shared.hub, r).expect("the hub answers a kept request"))
            .collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        // Wakes the accepting thread so it sees the stop.
        let _ = TcpStream::connect(self.addr);
        for (_, go) in self.shared.state().held.drain(..) {
            let _ = go.send(());
        }
    }
}

fn serve(conn: TcpStream, shared: &Shared) {
    let Ok(read_half) = conn.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let Ok(Some((head, body))) = read_message(&mut reader, false) else {
        return;
    };
    let mut words = head[0].split_whitespace();
    let (method, path) = (
        words.next().unwrap_or_default().to_string(),
        words.next().unwrap_or_default().to_string(),
    );
    let fault = {
        let mut s = shared.state();
        let seq = s.seen.len();
        let request = Request {
            seq,
            method,
            path,
            head,
            body,
        };
        // The script runs under the state's lock, so seqs are given in the order scripts ran.
        let fault = (shared.script.lock().unwrap_or_else(|p| p.into_inner()))(&request);
        s.seen.push(Seen {
            seq,
            method: request.method.clone(),
            path: request.path.clone(),
            fault: fault.name(),
            hub_status: None,
            done: false,
        });
        (request, fault)
    };
    shared.changed.notify_all();
    let (request, fault) = fault;
    let seq = request.seq;
    let status = apply(&fault, &request, conn, shared);
    shared.update(seq, |e| {
        e.hub_status = status;
        e.done = true;
    });
}

/// Does `fault` to `request`; the hub's status when it answered.
fn apply(fault: &Fault, request: &Request, mut device: TcpStream, shared: &Shared) -> Option<u16> {
    let hub = shared.hub;
    let close = |d: &TcpStream| {
        let _ = d.shutdown(Shutdown::Both);
    };
    let held = |shared: &Shared| {
        let (go, wait) = mpsc::channel();
        shared.state().held.push((request.seq, go));
        shared.changed.notify_all();
        let _ = wait.recv();
    };
    match fault {
        Fault::Pass | Fault::Delay(_) | Fault::Hold | Fault::Keep => {
            match fault {
                Fault::Delay(d) => std::thread::sleep(*d),
                Fault::Hold => held(shared),
                Fault::Keep => shared.state().kept.push(request.clone()),
                _ => {}
            }
            let Ok(answer) = exchange(hub, request) else {
                close(&device);
                return None;
            };
            let _ = write_message(&mut device, &answer.head, &answer.body, None);
            close(&device);
            Some(answer.status)
        }
        Fault::Drop => {
            close(&device);
            None
        }
        Fault::LoseAnswer => {
            let status = exchange(hub, request).ok().map(|a| a.status);
            close(&device);
            status
        }
        Fault::CutRequest => {
            if let Ok(mut up) = TcpStream::connect(hub) {
                let half = &request.body[..request.body.len() / 2];
                // The head announces the whole body; only half follows.
                let _ = write_head(&mut up, &request.head, request.body.len());
                let _ = up.write_all(half);
                let _ = up.flush();
                let _ = up.shutdown(Shutdown::Both);
            }
            close(&device);
            None
        }
        Fault::CutAnswer => {
            let Ok(answer) = exchange(hub, request) else {
                close(&device);
                return None;
            };
            let half = &answer.body[..answer.body.len() / 2];
            let _ = write_head(&mut device, &answer.head, answer.body.len());
            let _ = device.write_all(half);
            let _ = device.flush();
            close(&device);
            Some(answer.status)
        }
        Fault::Trickle { chunk, pause } => {
            let Ok(answer) = exchange(hub, request) else {
                close(&device);
                return None;
            };
            let _ = write_message(&mut device, &answer.head, &answer.body, Some((*chunk, *pause)));
            close(&device);
            Some(answer.status)
        }
        Fault::Twice => {
            let first = exchange(hub, request);
            let second = exchange(hub, request);
            match (first, second) {
                (_, Ok(answer)) => {
                    let _ = write_message(&mut device, &answer.head, &answer.body, None);
                    close(&device);
                    Some(answer.status)
                }
                _ => {
                    close(&device);
                    None
                }
            }
        }
        Fault::HoldAnswer => {
            let sent = TcpStream::connect(hub).and_then(|mut up| {
                write_head(&mut up, &request.head, request.body.len())?;
                up.write_all(&request.body)?;
                up.flush()?;
                Ok(up)
            });
            held(shared);
            let answer = sent.and_then(read_answer);
            match answer {
                Ok(answer) => {
                    let _ = write_message(&mut device, &answer.head, &answer.body, None);
                    close(&device);
                    Some(answer.status)
                }
                Err(_) => {
                    close(&device);
                    None
                }
            }
        }
        Fault::Rewrite(f) => {
            let Ok(mut answer) = exchange(hub, request) else {
                close(&device);
                return None;
            };
            f(request, &mut answer);
            let _ = write_message(&mut device, &answer.head, &answer.body, None);
            close(&device);
            Some(answer.status)
        }
    }
}

/// Sends `request` to the hub on a new connection and reads its answer.
fn exchange(hub: SocketAddr, request: &Request) -> std::io::Result<Response> {
    let mut up = TcpStream::connect(hub)?;
    write_head(&mut up, &request.head, request.body.len())?;
    up.write_all(&request.body)?;
    up.flush()?;
    read_answer(up)
}

fn read_answer(up: TcpStream) -> std::io::Result<Response> {
    let mut reader = BufReader::new(up);
    let (head, body) = read_message(&mut reader, true)?
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the hub closed without answering"))?;
    let status = head[0]
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(Response { status, head, body })
}

/// A whole message; with `trickle`, its body `chunk` bytes at a time, `pause` apart.
fn write_message(
    w: &mut TcpStream,
    head: &[String],
    body: &[u8],
    trickle: Option<(usize, Duration)>,
) -> std::io::Result<()> {
    write_head(w, head, body.len())?;
    match trickle {
        None => w.write_all(body)?,
        Some((chunk, pause)) => {
            w.flush()?;
            for part in body.chunks(chunk.max(1)) {
                std::thread::sleep(pause);
                w.write_all(part)?;
                w.flush()?;
            }
        }
    }
    w.flush()
}
