//! A conversation with otok on a pseudo-terminal, as a person at a keyboard would have it.

use rexpect::session::PtySession;

/// For each (prompt, answer): waits for the prompt, then types the answer (`None`: answers
/// nothing, only waits).
pub fn converse(session: &mut PtySession, lines: &[(&str, Option<&str>)]) {
    for (prompt, answer) in lines {
        session
            .exp_string(prompt)
            .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
        if let Some(answer) = answer {
            session.send_line(answer).unwrap();
        }
    }
}
