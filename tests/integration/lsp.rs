//! `regkb lsp` driven as an editor drives it: JSON-RPC over pipes. Open a
//! file with a typo and receive the diagnostic; hover, go to definition,
//! complete, find references and symbols; change the file and receive the
//! new diagnostics; a change to an included file re-checks its includer;
//! fixture files report failing cases; shut down cleanly.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// A language server and the messages it sends.
pub(crate) struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications read while waiting for something else.
    pending: Vec<Value>,
}

impl Client {
    /// Starts `regkb lsp` and initializes it with `root` as the workspace.
    pub(crate) fn start(root: &Path, cache: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_regkb"))
            .arg("lsp")
            .env("REGKB_AS_OF", crate::support::AS_OF)
            .env("XDG_CACHE_HOME", cache)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start regkb lsp");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                stdout.read_exact(&mut body).expect("the message body");
                if tx
                    .send(serde_json::from_slice(&body).expect("JSON"))
                    .is_err()
                {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages: rx,
            next_id: 1,
            pending: Vec::new(),
        };
        let uri = uri(root);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "kb"}],
                "capabilities": {},
            }),
        );
        assert_eq!(result["serverInfo"]["name"], "regkb");
        assert!(result["capabilities"]["hoverProvider"] == true);
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its result (notifications meanwhile
    /// are kept).
    pub(crate) fn request(&mut self, method: &str, params: Value) -> Value {
        let m = self.request_raw(method, params);
        assert!(m.get("error").is_none(), "{method}: {m}");
        m["result"].clone()
    }

    /// Sends a request and returns the whole response (its error, if any).
    pub(crate) fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.recv();
            if m["id"] == id {
                return m;
            }
            self.pending.push(m);
        }
    }

    fn recv(&mut self) -> Value {
        match self.messages.recv_timeout(Duration::from_secs(20)) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!("no message from regkb lsp in 20 s"),
            Err(RecvTimeoutError::Disconnected) => panic!("regkb lsp closed its output"),
        }
    }

    /// The next diagnostics published for `uri`.
    pub(crate) fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self.pending.iter().position(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        }) {
            let m = self.pending.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.recv();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.pending.push(m);
        }
    }

    pub(crate) fn open(&mut self, uri: &str, text: &str) {
        let language = if uri.ends_with(".kbtest") {
            "regkb-test"
        } else {
            "regkb"
        };
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    pub(crate) fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// Shuts the server down and waits for it to exit.
    pub(crate) fn shutdown(mut self) {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status}");
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "regkb lsp did not exit"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn position(text: &str, needle: &str) -> Value {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in the text"));
    let line = text[..offset].matches('\n').count();
    let col = offset - text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    json!({"line": line, "character": col + 1})
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regkb-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn an_editor_gets_diagnostics_hover_definition_completion_and_a_clean_shutdown() {
    let cache = temp("cache");
    // The repository as the workspace: its kb/ folder is the knowledge base.
    let mut c = Client::start(&repo(), &cache);
    let file = repo().join("scratch-not-on-disk.kb");
    let uri = uri(&file);
    let text = "product(p).\nclas(p, vaccine).\nma_in(p, jp).\nok(P) :- notifiable(P).\n";
    c.open(&uri, text);
    let d = c.diagnostics(&uri);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "unknown-predicate", "{d:?}");
    assert_eq!(d[0]["severity"], 1);
    assert_eq!(
        d[0]["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 17}}),
        "{d:?}"
    );
    assert!(d[0]["message"].as_str().unwrap().contains("class"), "{d:?}");

    // Hover on `notifiable`: its documentation and its source.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position(text, "notifiable")}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("**notifiable/1**"), "{value}");
    assert!(
        value.contains("the pharmacy may dispense P directly"),
        "{value}"
    );
    assert!(value.contains("Legemiddelforskriften § 2-5"), "{value}");
    assert!(value.contains("kb/exemption.kb:"), "{value}");

    // Hover on a country code: its names.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position(text, "jp")}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("Japan") && value.contains("country"),
        "{value}"
    );

    // Go to definition: the rule in kb/exemption.kb.
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": position(text, "notifiable")}),
    );
    let target = def["uri"].as_str().unwrap();
    assert!(target.ends_with("/kb/exemption.kb"), "{def}");
    let line = def["range"]["start"]["line"].as_u64().unwrap() as usize;
    let kb = std::fs::read_to_string(repo().join("kb/exemption.kb")).unwrap();
    assert!(
        kb.lines()
            .nth(line)
            .unwrap()
            .starts_with("notifiable(P) :-"),
        "{def}"
    );

    // Completion: `notif` offers `notifiable` with its arguments.
    let text2 = "product(p).\n?- notif";
    c.change(&uri, 2, text2);
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 8}}),
    );
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "notifiable")
        .unwrap_or_else(|| panic!("{items}"));
    assert_eq!(item["detail"], "notifiable(P)");
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["label"].as_str().unwrap().starts_with("notif"))
    );
    // ... and inside an argument with a domain, the domain's values.
    let text3 = "product(p).\nma_in(p, ja";
    c.change(&uri, 3, text3);
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 11}}),
    );
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["label"] == "jp" && i["detail"].as_str().unwrap_or("").contains("Japan")),
        "{items}"
    );

    // The change's diagnostics replace the first: the typo is gone, the
    // unfinished query is a syntax error.
    let fixed = "product(p).\nclass(p, vaccine).\nma_in(p, jp).\n";
    c.change(&uri, 4, fixed);
    let mut d = c.diagnostics(&uri);
    // Diagnostics of the versions in between may come first.
    while !d.is_empty() {
        d = c.diagnostics(&uri);
    }
    assert!(d.is_empty());

    // References and symbols.
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": position(fixed, "class"), "context": {"includeDeclaration": true}}),
    );
    let refs = refs.as_array().unwrap();
    assert!(refs.iter().any(|r| r["uri"] == uri), "{refs:?}");
    assert!(
        refs.iter()
            .any(|r| r["uri"].as_str().unwrap().ends_with("/kb/exemption.kb"))
    );
    let symbols = c.request("workspace/symbol", json!({"query": "requires_appr"}));
    assert!(
        symbols
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "requires_approval/1"),
        "{symbols}"
    );
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["product/1", "class/2", "ma_in/2"]);

    // Editing a file of the knowledge base checks the knowledge base with
    // the editor's text; the other documents stand on the last good one.
    let member = repo().join("kb/exemption.kb");
    let member_uri = self::uri(&member);
    c.open(&member_uri, &kb);
    assert_eq!(c.diagnostics(&member_uri), Vec::<Value>::new());
    let broken = kb.replacen(
        "notifiable(P) :- notification_ground(P, _)",
        "notifiable(P) :- notification_grund(P, _)",
        1,
    );
    assert_ne!(broken, kb);
    c.change(&member_uri, 2, &broken);
    let d = c.diagnostics(&member_uri);
    assert!(
        d.iter()
            .any(|d| d["code"] == "undefined-predicate" && d["range"]["start"]["line"] == line),
        "{d:?}"
    );
    c.change(&member_uri, 3, &kb);
    assert_eq!(c.diagnostics(&member_uri), Vec::<Value>::new());

    c.shutdown();
}

#[test]
fn the_embedded_knowledge_base_is_opened_read_only_and_includes_and_fixtures_are_checked() {
    let cache = temp("cache2");
    let root = temp("root");
    let mut c = Client::start(&root, &cache);

    // No kb/ folder: definitions go to a read-only copy of the embedded
    // knowledge base.
    let main = root.join("main.kb");
    let part = root.join("part.kb");
    std::fs::write(&part, "p(1).\n").unwrap();
    let main_text = "@include \"part.kb\".\nq(X) :- p(X), notifiable(X).\n";
    std::fs::write(&main, main_text).unwrap();
    c.open(&uri(&main), main_text);
    assert_eq!(c.diagnostics(&uri(&main)), Vec::<Value>::new());
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&main)}, "position": position(main_text, "notifiable")}),
    );
    let target = PathBuf::from(def["uri"].as_str().unwrap().trim_start_matches("file://"));
    assert!(target.ends_with("kb/exemption.kb"), "{def}");
    assert!(target.starts_with(&cache), "{def}");
    assert!(std::fs::metadata(&target).unwrap().permissions().readonly());

    // A change to the included file (open in the editor, not saved)
    // re-checks the file that includes it.
    c.open(&uri(&part), "p(1).\n");
    c.change(&uri(&part), 2, "r(1).\n");
    let d = c.diagnostics(&uri(&main));
    assert!(d.iter().any(|d| d["code"] == "unknown-predicate"), "{d:?}");

    // A fixture: a failing case is reported at its name.
    let fixture = root.join("cases.kbtest");
    let cases = "test \"a vaccine from Japan\" {\n    product(v). class(v, vaccine). ma_in(v, jp).\n    ?- notifiable(v).\n    => true.\n}\n";
    c.open(&uri(&fixture), cases);
    let d = c.diagnostics(&uri(&fixture));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "case-failed");
    assert_eq!(d[0]["range"]["start"], json!({"line": 0, "character": 0}));
    c.change(&uri(&fixture), 2, &cases.replace("=> true.", "=> false."));
    assert_eq!(c.diagnostics(&uri(&fixture)), Vec::<Value>::new());
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&fixture)}}),
    );
    assert!(
        symbols
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "a vaccine from Japan"),
        "{symbols}"
    );

    c.shutdown();
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn bad_requests_get_errors_and_a_broken_stream_ends_the_server_without_a_panic() {
    let cache = temp("cache3");
    let root = temp("root3");
    let mut c = Client::start(&root, &cache);
    // Parameters of the wrong shape: an error response, and the server
    // goes on.
    let id = 99;
    c.send(json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"nonsense": 1}}));
    let m = loop {
        let m = c.recv();
        if m["id"] == id {
            break m;
        }
    };
    assert_eq!(m["error"]["code"], -32602, "{m}");
    // A request about a file that is not open: no answer, no failure.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&root.join("closed.kb"))}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover, Value::Null);
    let unknown = c.request_raw("textDocument/formatting", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    c.shutdown();

    // Bytes that are not the protocol: the server stops with an error
    // status and a coded message, not a panic.
    let out = Command::new(env!("CARGO_BIN_EXE_regkb"))
        .arg("lsp")
        .env("XDG_CACHE_HOME", &cache)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"Content-Length: 5\r\n\r\nhello")?;
            child.wait_with_output()
        })
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("error[lsp-"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_dir_all(&root);
}
