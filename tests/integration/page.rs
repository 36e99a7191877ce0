//! The question page of `regkb serve`, driven in headless Chromium through
//! ChromeDriver (fantoccini): a pharmacist fills the form in by keyboard for
//! a vaccine authorised in Japan and reads "requires approval" with the
//! negative list named, then for a product authorised in the USA and reads
//! "notifiable", in English and in Norwegian; then looks a predicate up in
//! the catalogue. Chromium and ChromeDriver are Debian's, installed by
//! `scripts/install-browser.sh` when missing.

use crate::server::Server;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// ChromeDriver on a free loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        if !(std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists())
        {
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/install-browser.sh");
            let status = Command::new(script)
                .status()
                .expect("run install-browser.sh");
            assert!(
                status.success(),
                "the browser test needs Debian's chromium and chromium-driver; {script} could not install them"
            );
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("started successfully") {
            line.clear();
            if out.read_line(&mut line).expect("chromedriver's output") == 0 {
                panic!("chromedriver stopped before it was ready");
            }
        }
        // Keep reading its output so that it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--lang=en-GB", format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

/// The text of `css` once `ok` holds for it (within ten seconds).
async fn text_when(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let text = match c.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if ok(&text) {
            return text;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "`{css}` never read as expected; it reads {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks the element `at` finds.
async fn click(c: &Client, at: Locator<'_>) {
    c.find(at).await.unwrap().click().await.unwrap();
}

/// Fills the form in by keyboard, as a pharmacist would, and asks.
async fn ask(c: &Client, product: &str, country: &str, class: Option<&str>) {
    let name = c.find(Locator::Id("product")).await.unwrap();
    name.clear().await.unwrap();
    name.send_keys(product).await.unwrap();
    let field = c.find(Locator::Id("country")).await.unwrap();
    field.send_keys(country).await.unwrap();
    field.send_keys(&Key::Enter.to_string()).await.unwrap();
    if let Some(class) = class {
        let select = c.find(Locator::Id("class")).await.unwrap();
        select.select_by_value(class).await.unwrap();
    }
    c.execute(
        "document.getElementById('date').value = '2026-12-01'",
        vec![],
    )
    .await
    .unwrap();
    click(c, Locator::Id("ask-button")).await;
}

#[test]
fn a_pharmacist_asks_about_a_vaccine_from_japan_and_a_product_from_the_usa() {
    let server = Server::start(&[]);
    let driver = Driver::start();
    let profile = std::env::temp_dir().join(format!("regkb-chromium-{}", std::process::id()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let c = browser(&driver, &profile).await;
        c.goto(&format!("{}/?lang=en", server.base)).await.unwrap();
        // The country names come from the knowledge base: wait for them.
        text_when(&c, "#class", |t| {
            t.contains("Vaccine") || t.contains("vaccine")
        })
        .await;

        // A slip is caught, not answered: an unknown country is refused.
        let field = c.find(Locator::Id("country")).await.unwrap();
        field.send_keys("Japna").await.unwrap();
        field.send_keys(&Key::Enter.to_string()).await.unwrap();
        text_when(&c, "#country-error", |t| t.contains("No country is called")).await;
        field.clear().await.unwrap();

        ask(&c, "Ixiaro", "Japan", Some("vaccine")).await;
        let verdict = text_when(&c, "#verdict", |t| !t.is_empty()).await;
        assert!(verdict.contains("Requires approval"), "{verdict}");
        let why = text_when(&c, "#explanations", |t| !t.is_empty()).await;
        assert!(why.contains("negative list"), "{why}");
        assert!(why.contains("Legemiddelforskriften § 2-5"), "{why}");
        assert!(why.contains("It would hold if"), "{why}");

        c.goto(&format!("{}/?lang=en", server.base)).await.unwrap();
        text_when(&c, "#class", |t| t.contains("accine")).await;
        ask(&c, "Zyrtec", "United States", None).await;
        let verdict = text_when(&c, "#verdict", |t| !t.is_empty()).await;
        assert!(verdict.contains("Notifiable"), "{verdict}");
        let why = text_when(&c, "#explanations", |t| !t.is_empty()).await;
        assert!(why.contains("an MA in the United States"), "{why}");

        // The same answer in Norwegian, asked again on a change of language.
        click(&c, Locator::Id("lang-nb")).await;
        let verdict = text_when(&c, "#verdict", |t| t.contains("notifiseres")).await;
        assert!(verdict.contains("Kan notifiseres"), "{verdict}");
        text_when(&c, "#explanations", |t| t.contains("Produktet Zyrtec")).await;

        // The catalogue: search and open a predicate.
        click(&c, Locator::Id("nav-catalogue")).await;
        let search = c.find(Locator::Id("search")).await.unwrap();
        search.send_keys("notifiable").await.unwrap();
        text_when(&c, "#matches", |t| t.contains("notifiable/1")).await;
        click(
            &c,
            Locator::Css("#matches a[href='#/catalogue/notifiable']"),
        )
        .await;
        let entry = text_when(&c, "#predicate", |t| t.contains("notifiable/1")).await;
        assert!(entry.contains("notify the agency afterwards"), "{entry}");
        assert!(entry.contains("kb/exemption.kb:"), "{entry}");
        c.close().await.unwrap();
    });
    let _ = std::fs::remove_dir_all(&profile);
}
