//! Any text a server may send, through the sanitizer every such text passes before a terminal
//! sees it: no control character (C0, DEL, C1), bidirectional override or line separator may
//! survive, the output stays within its cap plus the note, and ordinary text is kept as it is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otok::terminal::{is_inert, is_unsafe, json, lines, sanitize};

/// The longest note `sanitize` appends: "… (N more characters)" with N at most 20 digits.
const NOTE: usize = 40;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the cap, so that short caps (cuts inside escapes) are explored too.
    let (cap, rest) = match data.split_first() {
        Some((first, rest)) => (usize::from(*first), rest),
        None => (0, data),
    };
    let text = String::from_utf8_lossy(rest);

    let out = sanitize(&text, cap);
    assert!(is_inert(&out), "an unsafe character survived: {out:?}");
    assert!(
        !out.bytes().any(|b| b < 0x20 || b == 0x7f),
        "a control byte survived: {out:?}"
    );
    assert!(
        out.chars().count() <= cap + NOTE,
        "{} characters for a cap of {cap}",
        out.chars().count()
    );
    if text.chars().count() <= cap && !text.chars().any(is_unsafe) {
        assert_eq!(out, text, "ordinary text that fits was changed");
    }

    let multi = lines(&text, cap);
    for line in multi.split('\n') {
        assert!(is_inert(line), "an unsafe character survived in a line: {line:?}");
        assert!(line.chars().count() <= cap + NOTE);
    }

    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(rest) {
        let printed = serde_json::to_string_pretty(&value).unwrap();
        let safe = json(&printed);
        assert!(
            safe.split('\n').all(is_inert),
            "an unsafe character survived in JSON: {safe:?}"
        );
        // Compared with the printed text read back, not with `value`: a float need not survive
        // printing exactly, and that is serde's business, not the sanitizer's.
        let before: serde_json::Value = serde_json::from_str(&printed).unwrap();
        let after: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(after, before, "escaping changed the JSON's meaning");
    }
});
