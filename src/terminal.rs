//! Server text is data, never terminal control.
//!
//! Everything a server sends (error codes and descriptions, HTML titles, JSON key names, device
//! user codes and verification URIs, introspection answers, JWT headers, `-v` trace bodies and
//! headers) passes through [`sanitize`] before a terminal sees it. An escape sequence in an
//! `error_description` could otherwise recolour the screen, retitle the window, hide text with a
//! carriage return, or show one URL in an OSC-8 hyperlink that opens another.
//!
//! What is escaped, written as Rust writes a char escape (`\u{1b}`, lowercase hex):
//! - every control character: C0 (U+0000–U+001F, tab, CR and LF included), DEL (U+007F) and
//!   C1 (U+0080–U+009F, where a terminal may read U+009B as CSI);
//! - the bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A–U+202E,
//!   U+2066–U+2069), which can make text display in another order than it reads;
//! - the line and paragraph separators U+2028 and U+2029.
//!
//! Other characters, "é" and "日本" and emoji with their joiners, are kept. A backslash is kept
//! as it is: text that already reads `\u{1b}` is shown the same way, which misleads no terminal.
//! A multi-line text is split on `\n` first and each line sanitized ([`lines`]), so that the
//! only raw line feed that reaches the terminal is the one otok writes.

use std::borrow::Cow;

/// The cap for one word from a server: an error code, an HTML title, a key name, a user code.
pub const WORD: usize = 200;
/// The cap for a server's sentence: an error description, a URI, the start of a body.
pub const TEXT: usize = 1000;
/// The cap for one line of `-v` trace or of an error report.
pub const LINE: usize = 4000;

/// Whether `c` would act on a terminal rather than show: a control character (C0, DEL, C1), a
/// bidirectional formatting character, or a line or paragraph separator.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// Whether `text` holds no character [`sanitize`] would escape.
pub fn is_inert(text: &str) -> bool {
    !text.chars().any(is_unsafe)
}

/// `text` made safe to print: scrubbed of every secret the process holds (before it is cut,
/// so that no secret is shown in part), each unsafe character written as `\u{…}`, and the
/// result cut to at most `max_chars` characters, followed by a note of how many characters
/// were left out: `… (123456 more characters)`. Text that needs none of it is returned as it is.
pub fn sanitize(text: &str, max_chars: usize) -> Cow<'_, str> {
    match crate::scrub::scrub(text) {
        Cow::Borrowed(_) => escape(text, max_chars),
        Cow::Owned(clean) => Cow::Owned(escape(&clean, max_chars).into_owned()),
    }
}

fn escape(text: &str, max_chars: usize) -> Cow<'_, str> {
    let fits = text.len() <= max_chars || text.chars().count() <= max_chars;
    if fits && is_inert(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(max_chars.saturating_add(64)));
    let mut shown = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let width = if is_unsafe(c) { escaped_width(c) } else { 1 };
        if shown + width > max_chars {
            let left = 1 + chars.count();
            let noun = if left == 1 { "character" } else { "characters" };
            out.push_str(&format!("… ({left} more {noun})"));
            break;
        }
        if width == 1 {
            out.push(c);
        } else {
            out.extend(c.escape_unicode());
        }
        shown += width;
    }
    Cow::Owned(out)
}

/// The length of `\u{…}` for `c`.
fn escaped_width(c: char) -> usize {
    c.escape_unicode().len()
}

/// A multi-line text made safe to print: split on `\n` (a `\r` just before it goes with it, as
/// in [`str::lines`]), each line sanitized and cut to `max_line` characters, joined with `\n`.
pub fn lines(text: &str, max_line: usize) -> String {
    text.split('\n')
        .map(|line| sanitize(line.strip_suffix('\r').unwrap_or(line), max_line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Serialized JSON made safe to print: serde escapes C0 controls in strings but writes DEL, C1
/// and the bidirectional characters as they are; these become `\u00XX`-style JSON escapes, so
/// that the document still means the same. They can occur only inside strings. Line feeds
/// (and the spaces) of pretty-printed JSON are its layout, never in a string: they are kept.
pub fn json(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c != '\n' && is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_unsafe() -> Vec<char> {
        let mut v: Vec<char> = (0u32..0x20)
            .chain(0x7f..0xa0)
            .filter_map(char::from_u32)
            .collect();
        v.extend(['\u{061c}', '\u{200e}', '\u{200f}', '\u{2028}', '\u{2029}']);
        v.extend('\u{202a}'..='\u{202e}');
        v.extend('\u{2066}'..='\u{2069}');
        v
    }

    #[test]
    fn every_control_and_bidi_character_is_escaped() {
        for c in all_unsafe() {
            let text = format!("a{c}b");
            let out = sanitize(&text, WORD);
            assert_eq!(out, format!("a\\u{{{:x}}}b", c as u32), "{:?}", c);
            assert!(is_inert(&out));
        }
        assert_eq!(sanitize("\u{1b}[31m", WORD), "\\u{1b}[31m");
        assert_eq!(
            sanitize("a\r\nb\tc\u{7f}", WORD),
            "a\\u{d}\\u{a}b\\u{9}c\\u{7f}"
        );
        assert_eq!(sanitize("\u{9b}2J", WORD), "\\u{9b}2J");
    }

    #[test]
    fn ordinary_text_is_kept_as_it_is() {
        for text in [
            "",
            "invalid_grant",
            "é",
            "日本語のエラー",
            "👩‍💻 x",
            "C:\\path",
            "a b",
        ] {
            assert!(
                matches!(sanitize(text, WORD), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
        assert!(
            !is_unsafe('\u{200d}'),
            "the zero-width joiner holds emoji together"
        );
    }

    #[test]
    fn long_text_is_cut_with_a_note() {
        let text = "x".repeat(900_000);
        let out = sanitize(&text, TEXT);
        assert_eq!(
            out,
            format!("{}… (899000 more characters)", "x".repeat(1000))
        );
        assert_eq!(sanitize("日本語", 2), "日本… (1 more character)");
        assert_eq!(sanitize("abc", 3), "abc");
        assert_eq!(sanitize("abc", 0), "… (3 more characters)");
    }

    #[test]
    fn an_escape_is_never_cut_in_half() {
        // "ab" then ESC, whose escape `\u{1b}` (7 characters) does not fit in 5.
        assert_eq!(sanitize("ab\u{1b}cd", 5), "ab… (3 more characters)");
        let escapes = "\u{1b}".repeat(10_000);
        let out = sanitize(&escapes, WORD);
        assert!(out.chars().count() <= WORD + 40, "{out}");
        assert!(out.ends_with("more characters)"));
    }

    #[test]
    fn lines_keep_only_otoks_own_line_feeds() {
        assert_eq!(lines("a\r\nb\u{1b}\rc\n", LINE), "a\nb\\u{1b}\\u{d}c\n");
    }

    #[test]
    fn json_stays_json_with_the_same_meaning() {
        let value = serde_json::json!({"k\u{9b}": "\u{1b}]8;;x\u{7}\u{202e}\u{85}"});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = json(&text);
        assert!(safe.split('\n').all(is_inert), "{safe}");
        assert_eq!(safe.lines().count(), 3, "the layout is kept: {safe}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
            value
        );
    }
}
