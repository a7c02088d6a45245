//! Server text is data, never terminal control: each test is an attack by a loopback server
//! (escape sequences in error fields, HTML titles, key names, trace bodies and headers, device
//! codes, JWT headers, introspection answers; a huge description; a token type or token that
//! would inject a header or escape `::add-mask::`), and each asserts on the bytes otok wrote.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::support::server::{Reply, Server};
use crate::support::{Otok, TestEnv};

/// An OSC-8 hyperlink that shows one URL and opens another.
const OSC8: &str = "\u{1b}]8;;https://evil.example/\u{7}https://good.example/\u{1b}]8;;\u{7}";
/// Clear the screen, red text, a window title, a carriage return to hide what came before, a
/// C1 CSI, DEL and a right-to-left override.
const CSI: &str = "\u{1b}[2J\u{1b}[31m\u{1b}]0;pwned\u{7}\r\u{9b}31m\u{7f}\u{202e}";

/// What a finished run wrote, as bytes.
struct Raw {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Raw {
    fn run(cmd: Otok) -> Raw {
        let out = cmd.command().output().unwrap();
        let raw = Raw {
            code: out.status.code().unwrap_or(-1),
            stdout: out.stdout,
            stderr: out.stderr,
        };
        raw.assert_inert();
        raw
    }

    fn stdout(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    fn stderr(&self) -> String {
        String::from_utf8(self.stderr.clone()).expect("stderr is UTF-8")
    }

    /// No byte that acts on a terminal: C0 other than the line feed (ESC, BEL, CR, …), DEL, a
    /// C1 control (U+0080–U+009F, `\xc2\x80`–`\xc2\x9f` in UTF-8) or a bidirectional override.
    fn assert_inert(&self) {
        for (name, bytes) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            if let Some(i) = bytes
                .iter()
                .position(|&b| (b < 0x20 && b != b'\n') || b == 0x7f)
            {
                panic!(
                    "raw control byte {:#04x} at {i} in {name}:\n{text}",
                    bytes[i]
                );
            }
            if let Some(i) = bytes
                .windows(2)
                .position(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]))
            {
                panic!("raw C1 control at {i} in {name}:\n{text}");
            }
            let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            assert!(
                !text.chars().any(bidi),
                "raw bidi override in {name}:\n{text}"
            );
        }
    }

    fn fails(&self, code: i32, words: &[&str]) -> String {
        let stderr = self.stderr();
        assert_eq!(self.code, code, "stderr: {stderr}");
        assert!(self.stdout.is_empty(), "stdout: {}", self.stdout());
        for w in words {
            assert!(stderr.contains(w), "stderr lacks {w:?}:\n{stderr}");
        }
        stderr
    }
}

/// `otok token` (generic, public client) against a server that always answers `reply`.
fn token(env: &TestEnv, server: &Server, extra: &[&str]) -> Raw {
    Raw::run(
        env.otok()
            .token()
            .generic(server)
            .client("c")
            .public()
            .args(extra),
    )
}

fn always(reply: impl Fn() -> Reply + Send + Sync + 'static) -> Server {
    Server::start(move |_| reply())
}

#[test]
fn error_code_description_and_uri_cannot_drive_the_terminal() {
    let env = TestEnv::new();
    let server = always(|| {
        Reply::json(
            400,
            json!({"error": format!("invalid_client{CSI}"),
                   "error_description": format!("see {OSC8} now{CSI}"),
                   "error_uri": format!("https://docs.example/{OSC8}")}),
        )
    });
    let stderr = token(&env, &server, &[]).fails(
        4,
        &[
            "refused the client_credentials request: invalid_client\\u{1b}[2J",
            "see \\u{1b}]8;;https://evil.example/\\u{7}https://good.example/\\u{1b}]8;;\\u{7} now",
            "\\u{d}\\u{9b}31m\\u{7f}\\u{202e}",
            "(see https://docs.example/\\u{1b}]8;;https://evil.example/",
        ],
    );
    assert_eq!(
        stderr.lines().count(),
        2,
        "one message and a hint:\n{stderr}"
    );
}

#[test]
fn an_html_title_is_shown_escaped() {
    let env = TestEnv::new();
    let server = always(|| {
        Reply::raw(
            200,
            "text/html",
            format!("<html><head><title>Sign in{CSI}</title></head><body>x</body></html>"),
        )
    });
    token(&env, &server, &[]).fails(8, &["an HTML page titled \"Sign in\\u{1b}[2J"]);
}

#[test]
fn json_key_names_are_listed_escaped() {
    let env = TestEnv::new();
    let server = always(|| {
        Reply::json(
            200,
            json!({format!("token{CSI}"): 1, format!("x{OSC8}"): 2, "token_type": "Bearer"}),
        )
    });
    token(&env, &server, &[]).fails(
        8,
        &[
            "no access_token in the answer (fields: token\\u{1b}[2J",
            "x\\u{1b}]8;;",
        ],
    );
}

#[test]
fn the_trace_shows_a_hostile_body_and_header_as_text() {
    let env = TestEnv::new();
    // A header value cannot carry C0 controls on the wire, but C1 and bidi characters in
    // UTF-8 pass; the body carries everything.
    let server = always(|| {
        Reply::raw(
            400,
            "text/plain",
            format!("first line{CSI}\r\nsecond line\u{7}\n{OSC8}"),
        )
        .header("X-Evil", "\u{9b}2J\u{202e}txt.exe")
    });
    let raw = token(&env, &server, &["-v"]);
    let stderr = raw.fails(
        4,
        &[
            "< first line\\u{1b}[2J\\u{1b}[31m\\u{1b}]0;pwned\\u{7}\\u{d}\\u{9b}31m\\u{7f}\\u{202e}\n",
            "< second line\\u{7}\n",
            "< \\u{1b}]8;;https://evil.example/",
            "< x-evil: \\u{9b}2J\\u{202e}txt.exe\n",
        ],
    );
    assert!(stderr.contains("refused the client_credentials request: it answered \"first line"));
}

#[test]
fn the_trace_of_a_json_body_escapes_what_serde_leaves() {
    let env = TestEnv::new();
    let server = always(|| {
        Reply::json(
            200,
            json!({"access_token": "trace-tok-1", "note": format!("{CSI}\u{85}\u{2028}")}),
        )
    });
    let raw = token(&env, &server, &["-v"]);
    assert_eq!(raw.code, 0, "{}", raw.stderr());
    assert_eq!(raw.stdout(), "trace-tok-1\n");
    let stderr = raw.stderr();
    assert!(
        stderr.contains("\\u{9b}31m\\u{7f}\\u{202e}\\u{85}\\u{2028}"),
        "{stderr}"
    );
    assert!(!stderr.contains("trace-tok-1"), "{stderr}");
}

#[test]
fn device_user_code_and_verification_uri_are_shown_escaped() {
    let env = TestEnv::new();
    let server = Server::start(|req| {
        if req.path == "/device" {
            return Reply::json(
                200,
                json!({"device_code": "dev-code-hostile", "user_code": format!("WDJB{CSI}"),
                       "verification_uri": OSC8,
                       "verification_uri_complete": format!("https://example.com/device?c=1{CSI}"),
                       "expires_in": 60, "interval": 1}),
            );
        }
        Reply::json(400, json!({"error": "access_denied"}))
    });
    let raw = Raw::run(env.otok().device_flow(&server).client("tv-app"));
    raw.fails(
        4,
        &[
            "visit \\u{1b}]8;;https://evil.example/\\u{7}https://good.example/\\u{1b}]8;;\\u{7} and enter the code",
            "  WDJB\\u{1b}[2J\\u{1b}[31m",
            "or open https://example.com/device?c=1\\u{1b}[2J",
            "access_denied",
        ],
    );
}

fn jwt(header: Value, claims: Value) -> String {
    let seg = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.{}",
        seg(&header),
        seg(&claims),
        URL_SAFE_NO_PAD.encode("sig")
    )
}

#[test]
fn inspect_shows_a_hostile_jwt_as_text() {
    let env = TestEnv::new();
    let token = jwt(
        json!({"alg": format!("HS256{CSI}"), "kid": OSC8}),
        json!({"sub": format!("alice{CSI}\u{85}"), format!("claim{CSI}"): 1, "exp": "soon\u{9b}"}),
    );
    let inspect = |format: &str| {
        Raw::run(
            env.otok()
                .inspect()
                .arg("--stdin")
                .format(format)
                .stdin(format!("{token}\n")),
        )
    };
    let table = inspect("table");
    assert_eq!(table.code, 0, "{}", table.stderr());
    let text = table.stdout();
    assert!(
        text.starts_with("signed JWT (HS256\\u{1b}[2J\\u{1b}[31m"),
        "{text}"
    );
    assert!(
        text.contains("\"soon\\u{9b}\" is not a time in seconds"),
        "{text}"
    );
    assert!(text.contains("\"alg\": \"HS256\\u001b[2J"), "{text}");
    let json = inspect("json");
    assert_eq!(json.code, 0, "{}", json.stderr());
    let value: Value = serde_json::from_str(&json.stdout()).unwrap();
    assert_eq!(
        value["header"]["alg"],
        format!("HS256{CSI}"),
        "the JSON means the same"
    );
    assert_eq!(value["claims"]["sub"], format!("alice{CSI}\u{85}"));
}

#[test]
fn the_introspection_table_shows_hostile_keys_and_values_as_text() {
    let env = TestEnv::new();
    let server = always(|| {
        Reply::json(
            200,
            json!({"active": true, "scope": format!("read{CSI}"), "sub": OSC8,
                   format!("evil{CSI}"): format!("v\t{CSI}"), "nested": {"k\u{85}": "\u{202e}x"}}),
        )
    });
    let introspect = |format: &str| {
        Raw::run(
            env.otok()
                .introspect()
                .arg("--stdin")
                .format(format)
                .generic(&server)
                .arg("--introspect-url")
                .arg(format!("{}/introspect", server.url))
                .client("c")
                .public()
                .stdin("some-opaque-token\n"),
        )
    };
    let table = introspect("table");
    assert_eq!(table.code, 0, "{}", table.stderr());
    let text = table.stdout();
    for words in [
        "read\\u{1b}[2J\\u{1b}[31m",
        "\\u{1b}]8;;https://evil.example/",
        "evil\\u{1b}[2J",
        "\"v\\t\\u001b[2J",
        "{\"k\\u{85}\":\"\\u{202e}x\"}",
    ] {
        assert!(text.contains(words), "lacks {words:?}:\n{text}");
    }
    let json = introspect("json");
    assert_eq!(json.code, 0, "{}", json.stderr());
    let value: Value = serde_json::from_str(&json.stdout()).unwrap();
    assert_eq!(value["nested"]["k\u{85}"], "\u{202e}x");
}

#[test]
fn a_900_kb_error_description_is_cut_and_says_how_much() {
    let env = TestEnv::new();
    let server = always(|| {
        Reply::json(
            400,
            json!({"error": "invalid_request", "error_description": "A".repeat(900_000)}),
        )
    });
    let raw = token(&env, &server, &[]);
    let stderr = raw.fails(4, &["invalid_request: AAAA", "… (899000 more characters)"]);
    assert!(
        raw.stderr.len() < 10_000,
        "{} bytes on stderr",
        raw.stderr.len()
    );
    assert!(!stderr.contains(&"A".repeat(1001)));
}

#[test]
fn a_token_type_that_would_inject_a_header_is_refused() {
    let env = TestEnv::new();
    let server = always(|| {
        Reply::json(
            200,
            json!({"access_token": "hdr-tok-4411", "token_type": "Bearer\r\nX-Evil: 1"}),
        )
    });
    let raw = token(&env, &server, &["--format", "header"]);
    let stderr = raw.fails(
        8,
        &["token_type \"Bearer\\u{d}\\u{a}X-Evil: 1\" contains a control character or white space"],
    );
    assert!(!stderr.contains("hdr-tok-4411"), "{stderr}");
}

#[test]
fn an_access_token_that_would_escape_add_mask_is_refused_unprinted() {
    let env = TestEnv::new();
    let github_env = env.write("github_env", "");
    let server = always(|| {
        Reply::json(
            200,
            json!({"access_token": "gh-secret-7788\n::endgroup::\n", "token_type": "Bearer"}),
        )
    });
    let raw = Raw::run(
        env.otok()
            .token()
            .generic(&server)
            .client("c")
            .public()
            .format("github")
            .env("GITHUB_ENV", &github_env),
    );
    let stderr = raw.fails(
        8,
        &[
            "access_token contains a control character or white space",
            "it is not shown",
        ],
    );
    assert!(!stderr.contains("gh-secret-7788"), "{stderr}");
    assert!(!stderr.contains("endgroup"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&github_env).unwrap(), "");
}
