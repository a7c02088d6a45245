//! `otok authorize`'s loopback listener under attack by another program on the machine: forged
//! redirects (an `error=` without this flow's state, terminal escapes in its description), slow
//! and idle clients, oversized requests, and another program holding the `localhost` port on
//! `[::1]`. Each test then lets the real redirect through and checks that the flow ended well:
//! exit code, what otok printed (on bytes), what the token endpoint received, what is stored.

use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::authorize::{generic, generic_server, start, Bytes, Flow};
use crate::support::server::Server;
use crate::support::{Otok, Outcome, TestEnv};

const V4: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
const V6: IpAddr = IpAddr::V6(Ipv6Addr::LOCALHOST);

/// An OSC 8 hyperlink, a BEL, a CR and a clear-screen: what a forged `error_description`
/// would like a terminal to act on.
const ESCAPES: &str =
    "%1B%5D8%3B%3Bhttps%3A%2F%2Fevil.example%2F%07click%20here%1B%5D8%3B%3B%07%0D%1B%5B2J";

/// The status and page of one raw request sent to `ip`:`port`.
fn send(ip: IpAddr, port: u16, request: &[u8]) -> (u16, String) {
    let mut conn = TcpStream::connect((ip, port))
        .unwrap_or_else(|e| panic!("no one listens on {ip} port {port}: {e}"));
    conn.set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    conn.write_all(request).unwrap();
    let mut answer = Vec::new();
    if let Err(e) = conn.read_to_end(&mut answer) {
        panic!("no answer from {ip} port {port}: {e} (read {answer:?})");
    }
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"));
    (status, answer)
}

fn get(ip: IpAddr, port: u16, target: &str) -> (u16, String) {
    send(
        ip,
        port,
        format!("GET {target} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").as_bytes(),
    )
}

/// The bytes of `out` that a terminal acts on: C0 controls but tab and newline, DEL, and C1
/// controls (as UTF-8, or bare).
fn control_bytes(out: &[u8]) -> Vec<u8> {
    let c1 = String::from_utf8_lossy(out)
        .chars()
        .filter(|c| ('\u{80}'..='\u{9f}').contains(c))
        .count();
    let mut found: Vec<u8> = out
        .iter()
        .copied()
        .filter(|&b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f)
        .collect();
    found.extend(vec![0x80; c1]);
    found
}

fn no_control_bytes(out: &Bytes) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let found = control_bytes(bytes);
        assert!(
            found.is_empty(),
            "{name} has control bytes {found:x?}:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// The token was stored: `otok token` serves it without asking the server again.
fn stored(env: &TestEnv, server: &Server) {
    let before = server.count();
    let out = generic(env, server, "token").run();
    assert_eq!(out.ok(), "code-access\n");
    assert_eq!(
        server.count(),
        before,
        "the token was not served from the store"
    );
}

/// The flow ends with the real redirect: 200 for the browser, exit 0, the real code exchanged
/// once, the token stored.
fn real_redirect_completes(env: &TestEnv, server: &Server, flow: Flow) -> (Outcome, Bytes) {
    let (status, page) = flow.approve("the-code");
    assert_eq!(status, 200, "{page}");
    let (out, bytes) = flow.finish_bytes();
    out.ok();
    let exchange = server.only().form().unwrap();
    assert_eq!(exchange["code"], "the-code");
    stored(env, server);
    (out, bytes)
}

#[test]
fn forged_error_redirects_are_refused_and_the_flow_waits_for_the_real_one() {
    let env = TestEnv::new();
    let server = generic_server();
    let mut flow = start(generic(&env, &server, "authorize"));
    let port = flow.port();
    let state = flow.param("state");
    let forged = [
        format!("error=access_denied&error_description={ESCAPES}"),
        format!("error=access_denied&error_description={ESCAPES}&state=forged"),
        format!("error=access_denied&error_description={ESCAPES}&state={state}x"),
        format!("error=access_denied&error_description={ESCAPES}&state={state}&state=forged"),
        format!("error=access_denied&state=forged&state={state}"),
        "code=attacker-code&state=forged".to_string(),
        format!("code=attacker-code&state={}", &state[..state.len() - 1]),
        "code=attacker-code&state=".to_string(),
        "code=attacker-code".to_string(),
    ];
    for query in &forged {
        let (status, answer) = get(V4, port, &format!("/callback?{query}"));
        assert_eq!(status, 400, "{query}: {answer}");
        assert!(answer.contains("Not this authorization"), "{answer}");
        for reflected in [
            "evil",
            "click",
            "access_denied",
            "attacker",
            "forged",
            &state,
        ] {
            assert!(
                !answer.contains(reflected),
                "the page shows {reflected:?}: {answer}"
            );
        }
        assert!(flow.waiting(), "{query}: a forged redirect ended the flow");
    }

    let (out, bytes) = real_redirect_completes(&env, &server, flow);
    no_control_bytes(&bytes);
    out.leaks_none(&["evil", "click", "attacker-code", "access_denied"]);
    assert_eq!(
        out.stderr
            .matches("ignored a request to the redirect URI that does not carry this flow's state")
            .count(),
        1,
        "said once: {}",
        out.stderr
    );
}

#[test]
fn the_providers_own_error_is_shown_without_its_control_characters() {
    let env = TestEnv::new();
    let server = generic_server().expect_no_requests();
    let flow = start(generic(&env, &server, "authorize"));
    let state = flow.param("state");
    let (status, page) = flow.redirect(&format!(
        "error=access_denied&error_description={ESCAPES}&state={state}"
    ));
    assert_eq!(status, 400);
    assert!(!page.contains('\u{1b}'), "{page:?}");
    let (out, bytes) = flow.finish_bytes();
    out.fails(4, &["generic did not authorize: access_denied: \\u{1b}]8;;https://evil.example/\\u{7}click here"]);
    no_control_bytes(&bytes);
}

/// A client that connects now and then sends a request that never ends, one byte a second;
/// its thread returns when otok cut it off and what otok answered.
fn trickle(port: u16) -> std::thread::JoinHandle<(Duration, String)> {
    let mut conn = TcpStream::connect((V4, port)).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    std::thread::spawn(move || {
        let started = Instant::now();
        let request = b"GET /callback?state="
            .iter()
            .chain(std::iter::repeat(&b'a'));
        let mut answer = Vec::new();
        for &byte in request {
            if conn.write_all(&[byte]).is_err() {
                break;
            }
            let mut buf = [0u8; 4096];
            match conn.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(_) => break,
            }
            if started.elapsed() > Duration::from_secs(30) {
                break;
            }
        }
        (
            started.elapsed(),
            String::from_utf8_lossy(&answer).into_owned(),
        )
    })
}

#[test]
fn slow_and_idle_clients_do_not_delay_the_real_redirect() {
    let env = TestEnv::new();
    let server = generic_server();
    let flow = start(generic(&env, &server, "authorize"));
    let port = flow.port();
    let _idle = TcpStream::connect((V4, port)).unwrap();
    let mut half = TcpStream::connect((V4, port)).unwrap();
    half.write_all(b"GET /callback?code=x&state=").unwrap();
    let _slow = trickle(port);
    std::thread::sleep(Duration::from_millis(1500));

    let sent = Instant::now();
    let (status, page) = flow.approve("the-code");
    assert_eq!(status, 200, "{page}");
    assert!(
        sent.elapsed() < Duration::from_secs(3),
        "the redirect was answered after {:?}",
        sent.elapsed()
    );
    let (out, bytes) = flow.finish_bytes();
    out.ok();
    assert!(
        sent.elapsed() < Duration::from_secs(3),
        "{:?}",
        sent.elapsed()
    );
    no_control_bytes(&bytes);
    assert_eq!(server.only().form().unwrap()["code"], "the-code");
    stored(&env, &server);
}

#[test]
fn a_trickling_request_is_cut_off_when_its_time_is_up() {
    let env = TestEnv::new();
    let server = generic_server();
    let mut flow = start(generic(&env, &server, "authorize"));
    // A byte a second never lets a read time out: only a deadline for the whole request ends it.
    let (after, answer) = trickle(flow.port()).join().unwrap();
    assert!(
        after >= Duration::from_secs(3) && after < Duration::from_secs(9),
        "cut off after {after:?}"
    );
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:?}");
    assert!(flow.waiting(), "the slow client ended the flow");
    real_redirect_completes(&env, &server, flow);
}

#[test]
fn an_oversized_request_is_refused_and_the_flow_continues() {
    let env = TestEnv::new();
    let server = generic_server();
    let mut flow = start(generic(&env, &server, "authorize"));
    let port = flow.port();
    let state = flow.param("state");
    let big = format!(
        "GET /callback?code=big&state={state} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: {}\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    let (status, answer) = send(V4, port, big.as_bytes());
    assert_eq!(status, 431, "{answer}");
    assert!(!answer.contains(&state), "{answer}");

    // Headers that never end are cut off too.
    let mut endless = TcpStream::connect((V4, port)).unwrap();
    endless
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    endless
        .write_all(b"GET /callback HTTP/1.1\r\nX-Pad: ")
        .unwrap();
    let started = Instant::now();
    let pad = [b'a'; 1024];
    while endless.write_all(&pad).is_ok() && started.elapsed() < Duration::from_secs(10) {}
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "otok kept reading an endless request"
    );

    assert!(flow.waiting(), "an oversized request ended the flow");
    real_redirect_completes(&env, &server, flow);
}

/// Whether this machine has an IPv6 loopback (says so when not).
fn ipv6_loopback() -> bool {
    let has = TcpListener::bind((V6, 0)).is_ok();
    if !has {
        eprintln!("note: no IPv6 loopback on this machine: the [::1] checks are skipped");
    }
    has
}

/// A port that is free on 127.0.0.1 and, when `v6`, on [::1].
fn free_port(v6: bool) -> u16 {
    loop {
        let v4 = TcpListener::bind((V4, 0)).unwrap();
        let port = v4.local_addr().unwrap().port();
        if !v6 || TcpListener::bind((V6, port)).is_ok() {
            return port;
        }
    }
}

fn on_localhost(env: &TestEnv, server: &Server, port: u16) -> Otok {
    generic(env, server, "authorize")
        .args(["--redirect-uri", &format!("http://localhost:{port}/cb")])
}

#[test]
fn a_localhost_redirect_uri_is_served_on_both_loopbacks() {
    if !ipv6_loopback() {
        return;
    }
    let env = TestEnv::new();
    let server = generic_server();
    let port = free_port(true);
    let mut flow = start(on_localhost(&env, &server, port));
    assert_eq!(
        flow.param("redirect_uri"),
        format!("http://localhost:{port}/cb")
    );
    for ip in [V4, V6] {
        assert_eq!(get(ip, port, "/favicon.ico").0, 404, "{ip}");
        assert_eq!(get(ip, port, "/cb?code=x&state=forged").0, 400, "{ip}");
    }
    assert!(flow.waiting());

    // The browser took localhost for ::1.
    let state = flow.param("state");
    let (status, page) = get(V6, port, &format!("/cb?code=the-code&state={state}"));
    assert_eq!(status, 200, "{page}");
    flow.finish().ok();
    let exchange = server.only().form().unwrap();
    assert_eq!(exchange["code"], "the-code");
    assert_eq!(
        exchange["redirect_uri"],
        format!("http://localhost:{port}/cb")
    );
    stored(&env, &server);
}

fn refused(env: &TestEnv, server: &Server, port: u16) -> Outcome {
    on_localhost(env, server, port)
        .args(["--no-browser", "--timeout", "5"])
        .run()
}

#[test]
fn another_program_on_the_localhost_port_is_refused() {
    let env = TestEnv::new();
    let server = generic_server().expect_no_requests();
    let v6 = ipv6_loopback();

    // Another local user listens on [::1]:PORT: a browser preferring IPv6 would hand them the
    // code, so otok does not start.
    if v6 {
        let port = free_port(true);
        let _theirs = TcpListener::bind((V6, port)).unwrap();
        let out = refused(&env, &server, port);
        out.fails(
            3,
            &[
                &format!("cannot listen on [::1]:{port} for the redirect: another program is listening there"),
                &format!("--redirect-uri http://127.0.0.1:{port}/cb"),
                "RFC 8252",
            ],
        );
    }

    let port = free_port(v6);
    let _theirs = TcpListener::bind((V4, port)).unwrap();
    refused(&env, &server, port).fails(
        3,
        &[&format!(
            "cannot listen on 127.0.0.1:{port} for the redirect: another program is listening there"
        )],
    );
}

#[test]
fn a_client_that_hoards_every_connection_cannot_shut_out_the_browser() {
    let env = TestEnv::new();
    let server = generic_server();
    let flow = start(generic(&env, &server, "authorize"));
    let port = flow.port();
    // More idle connections than the listener serves at once, kept open and renewed.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let hoarder = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                if let Ok(conn) = TcpStream::connect((V4, port)) {
                    held.push(conn);
                }
                if held.len() > 100 {
                    held.remove(0);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(1000));
    let sent = Instant::now();
    let (status, page) = flow.approve("the-code");
    assert_eq!(status, 200, "{page}");
    let (out, _) = flow.finish_bytes();
    out.ok();
    assert!(
        sent.elapsed() < Duration::from_secs(3),
        "{:?}",
        sent.elapsed()
    );
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    hoarder.join().unwrap();
    assert_eq!(server.only().form().unwrap()["code"], "the-code");
}
