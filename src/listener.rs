//! The loopback redirect listener of `otok authorize`: bound to 127.0.0.1 only, it waits for
//! the one request to the redirect path, hands it over, and answers the browser with a page
//! that says how it went. Other requests (`/favicon.ico`, a port scanner) get a 404 and are
//! otherwise ignored.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::Result;

use crate::error;

/// A request that reached the redirect path: its target (`/callback?code=…`), and the
/// connection, to answer once the redirect has been checked.
pub struct Redirect {
    pub target: String,
    pub conn: Option<TcpStream>,
}

pub struct Listener {
    listener: TcpListener,
    path: String,
    pub redirect_uri: String,
}

impl Listener {
    /// Binds 127.0.0.1 on `port` (0: one the OS picks) and makes the redirect URI, or takes
    /// the port and path of a given loopback `redirect_uri`.
    pub fn bind(port: u16, redirect_uri: Option<&str>) -> Result<Listener> {
        let (port, path) = match redirect_uri {
            Some(uri) => loopback_parts(uri).ok_or_else(|| {
                error::config(format!(
                    "{uri} is not an http:// redirect URI on 127.0.0.1 or localhost"
                ))
            })?,
            None => (port, "/callback".to_string()),
        };
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).map_err(|e| {
            error::config(format!(
                "cannot listen on 127.0.0.1:{port} for the redirect: {e}"
            ))
            .hint("choose another --port, or free this one")
        })?;
        let port = listener.local_addr()?.port();
        let redirect_uri = match redirect_uri {
            Some(uri) => uri.to_string(),
            None => format!("http://127.0.0.1:{port}{path}"),
        };
        Ok(Listener {
            listener,
            path,
            redirect_uri,
        })
    }

    pub fn local_port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until the first request to the redirect path, which goes to `tx`; then stops
    /// listening, so a second redirect finds no one.
    pub fn serve(self, tx: Sender<Redirect>) {
        for conn in self.listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
            let Some(target) = request_target(&conn) else {
                respond(
                    &mut conn,
                    400,
                    "Bad request",
                    "otok could not read this request.",
                );
                continue;
            };
            let path = target.split('?').next().unwrap_or_default();
            if path != self.path {
                respond(&mut conn, 404, "Not found", "Nothing here.");
                continue;
            }
            let _ = tx.send(Redirect {
                target,
                conn: Some(conn),
            });
            return;
        }
    }
}

/// Whether `uri` is `http://127.0.0.1[:port]/path` or `http://localhost…`: its port and path.
pub fn loopback_parts(uri: &str) -> Option<(u16, String)> {
    let rest = uri.strip_prefix("http://")?;
    let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().ok()?),
        None => (authority, 80),
    };
    if !matches!(host, "127.0.0.1" | "localhost") {
        return None;
    }
    let path = path.split('?').next().unwrap_or_default();
    Some((
        port,
        if path.is_empty() {
            "/".into()
        } else {
            path.into()
        },
    ))
}

/// The target of a `GET` request line, after reading the request's headers.
fn request_target(conn: &TcpStream) -> Option<String> {
    let mut reader = BufReader::new(conn.try_clone().ok()?.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let (method, target) = (words.next()?, words.next()?.to_string());
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    (method == "GET").then_some(target)
}

/// Answers the browser with a small page and closes the connection.
pub fn respond(conn: &mut TcpStream, status: u16, title: &str, message: &str) {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>otok: {title}</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>{title}</h1><p>{}</p></body></html>\n",
        escape(message)
    );
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let _ = write!(
        conn,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = conn.flush();
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirect_uris() {
        assert_eq!(
            loopback_parts("http://127.0.0.1:8765/cb"),
            Some((8765, "/cb".into()))
        );
        assert_eq!(loopback_parts("http://localhost:9/"), Some((9, "/".into())));
        assert_eq!(loopback_parts("http://localhost"), Some((80, "/".into())));
        assert_eq!(loopback_parts("https://127.0.0.1:1/cb"), None);
        assert_eq!(loopback_parts("http://example.com:1/cb"), None);
        assert_eq!(loopback_parts("com.example.app://callback"), None);
    }

    #[test]
    fn pages_escape_what_they_show() {
        assert_eq!(escape("<script>&\""), "&lt;script&gt;&amp;&quot;");
    }
}
