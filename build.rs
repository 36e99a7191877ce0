//! Embeds every `.kb` file under `kb/` into the binary, so the installed
//! `regkb` answers from any directory.

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "kb") {
            out.push(p);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=kb");
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let mut files = Vec::new();
    collect(&root.join("kb"), &mut files);
    files.sort();
    let mut code = String::from(
        "/// The default knowledge base: `(path, text)` of every `kb/**/*.kb`.\npub static EMBEDDED_KB: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        let rel = f.strip_prefix(&root).expect("under root");
        let rel = rel.to_string_lossy().replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            f.to_string_lossy()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join("embedded_kb.rs");
    fs::write(out, code).expect("write embedded_kb.rs");
}
