//! The committed manual pages in `man/` are exactly what clap_mangen renders from the command
//! line's declarations: `otok.1`, and one page for each subcommand, nested ones included
//! (`otok-token.1`, `otok-profile-add.1`). After changing the command line (or the version),
//! run `scripts/update-man` and commit the result; it runs this test with `UPDATE_MAN=1`,
//! which writes the pages instead of comparing them.

use std::collections::BTreeMap;
use std::path::Path;

use clap::CommandFactory;

/// Every page, by file name. The subcommands' options are declared lazily (`Lazy` in
/// `src/cli.rs`): building the command tree first runs those declarations, so that each page
/// lists its options. `help` is clap's own subcommand, not one of otok's.
fn pages() -> BTreeMap<String, Vec<u8>> {
    let mut root = otok::cli::Cli::command().disable_help_subcommand(true);
    root.build();
    let mut pages = BTreeMap::new();
    render(&root, &mut pages);
    pages
}

fn render(cmd: &clap::Command, pages: &mut BTreeMap<String, Vec<u8>>) {
    // The footer names otok and its version on every page (a subcommand has no version).
    let man =
        clap_mangen::Man::new(cmd.clone()).source(concat!("otok ", env!("CARGO_PKG_VERSION")));
    let mut page = Vec::new();
    man.render(&mut page).unwrap();
    pages.insert(man.get_filename(), page);
    for sub in cmd
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
    {
        render(sub, pages);
    }
}

/// The pages in `dir`, by file name.
fn committed(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "1"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

#[test]
fn committed_man_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let pages = pages();
    if std::env::var_os("UPDATE_MAN").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for name in committed(&dir)
            .keys()
            .filter(|name| !pages.contains_key(*name))
        {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
        for (name, page) in &pages {
            std::fs::write(dir.join(name), page).unwrap();
        }
        return;
    }
    let text = String::from_utf8_lossy(&pages["otok-token.1"]).into_owned();
    assert!(
        text.contains("\\-\\-client\\-id") && text.contains("\\-\\-min\\-ttl"),
        "the options declared lazily are on the page:\n{text}"
    );
    let committed = committed(&dir);
    let names = |map: &BTreeMap<String, Vec<u8>>| map.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&pages),
        "man/ has other pages than the command line: run scripts/update-man and commit the result"
    );
    for (name, page) in &pages {
        assert!(
            committed[name] == *page,
            "man/{name} is stale: run scripts/update-man and commit the result"
        );
    }
}
