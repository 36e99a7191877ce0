// The question page of `regkb serve`: a form that describes a product and
// asks the server's /v1/ask whether it is notifiable, and a lookup in the
// catalogue of predicates (/v1/predicates). Everything the server returns
// is put on the page as text (textContent), never as markup.
"use strict";

const WORDS = {
  en: {
    skip: "Skip to the content",
    tagline: "medicines regulation, answered with its sources",
    views: "Views",
    navAsk: "Ask about a product",
    navCatalogue: "Look a predicate up",
    language: "Language",
    askTitle: "Can the pharmacy dispense it on notification?",
    askIntro:
      "Describe a medicinal product without a Norwegian marketing authorisation. The answer says whether the pharmacy may dispense it on notification (godkjenningsfritak, Legemiddelforskriften § 2-5) or must wait for the agency's approval, why, and what would change it.",
    product: "Product name",
    productHelp: "As you would write it on the application.",
    countries: "Countries where it has a marketing authorisation",
    countryAdd: "Country (name in Norwegian or English)",
    add: "Add",
    countryHelp: "Type a name and press Enter or Add. Leave the list empty if it has none.",
    chosen: "Chosen countries",
    remove: (name) => `Remove ${name}`,
    class: "Product class",
    classNone: "None of these",
    thc: "THC share, per cent (cannabis products)",
    thcHelp: "Leave empty when it does not apply or is not known.",
    positive: "It is on the agency's positive list",
    date: "Date asked about",
    ask: "Ask",
    asking: "Asking…",
    footer:
      "The answers come from the knowledge base the server runs; each reason names its legal source.",
    catalogueTitle: "The catalogue of predicates",
    search: "Predicate name or word in its description",
    matches: (n) => (n === 1 ? "1 predicate" : `${n} predicates`),
    someMatches: (n, all) => `The first ${n} of ${all} predicates; search to narrow them.`,
    noProduct: "Write the product's name.",
    unknownCountry: (text) => `No country is called “${text}”. Choose a name from the list.`,
    already: (name) => `${name} is on the list already.`,
    badThc: "Write the THC share as a number, for example 0.2.",
    badDate: "Choose the date asked about.",
    namesMissing: "The server's knowledge base has no country names; write country codes (jp, us).",
    failed: (status) => `The server could not answer (HTTP ${status}).`,
    offline: "The server cannot be reached.",
    verdict: {
      notifiable: "Notifiable: the pharmacy may dispense it on notification",
      requires_approval: "Requires approval: the agency must approve it first",
      no_exemption_needed: "No exemption needed",
      none: "No exemption status",
    },
    asOf: (d) => `As the rules stood on ${d}.`,
    notifiableTitle: "Notification",
    approvalTitle: "Approval",
    because: "Because:",
    wouldChange: "What would change it:",
    laterSources: "Sources dated after the day asked about:",
    arity: "Arity",
    params: "Arguments",
    input: "Given by the user",
    yes: "yes",
    no: "no",
    sentences: "Sentences",
    sources: "Legal sources",
    defined: "Defined at",
    none: "none",
    any: "any value",
  },
  nb: {
    skip: "Gå til innholdet",
    tagline: "legemiddelregelverk, besvart med kildene",
    views: "Visninger",
    navAsk: "Spør om et produkt",
    navCatalogue: "Slå opp et predikat",
    language: "Språk",
    askTitle: "Kan apoteket ekspedere det ved notifisering?",
    askIntro:
      "Beskriv et legemiddel uten norsk markedsføringstillatelse. Svaret sier om apoteket kan ekspedere det ved notifisering (godkjenningsfritak, legemiddelforskriften § 2-5) eller må vente på Legemiddelverkets godkjenning, hvorfor, og hva som ville endret svaret.",
    product: "Produktnavn",
    productHelp: "Slik du ville skrevet det i søknaden.",
    countries: "Land der produktet har markedsføringstillatelse",
    countryAdd: "Land (navn på norsk eller engelsk)",
    add: "Legg til",
    countryHelp: "Skriv et navn og trykk Enter eller Legg til. La listen stå tom om det ikke har noen.",
    chosen: "Valgte land",
    remove: (name) => `Fjern ${name}`,
    class: "Produktklasse",
    classNone: "Ingen av disse",
    thc: "THC-innhold i prosent (cannabisprodukter)",
    thcHelp: "La feltet stå tomt når det ikke gjelder eller ikke er kjent.",
    positive: "Produktet står på Legemiddelverkets positivliste",
    date: "Dato det spørres om",
    ask: "Spør",
    asking: "Spør …",
    footer:
      "Svarene kommer fra kunnskapsbasen serveren kjører; hver begrunnelse nevner sin rettskilde.",
    catalogueTitle: "Katalogen over predikater",
    search: "Predikatnavn eller ord i beskrivelsen",
    matches: (n) => (n === 1 ? "1 predikat" : `${n} predikater`),
    someMatches: (n, all) => `De første ${n} av ${all} predikater; søk for å snevre inn.`,
    noProduct: "Skriv produktets navn.",
    unknownCountry: (text) => `Ingen land heter «${text}». Velg et navn fra listen.`,
    already: (name) => `${name} står allerede på listen.`,
    badThc: "Skriv THC-innholdet som et tall, for eksempel 0,2.",
    badDate: "Velg datoen det spørres om.",
    namesMissing: "Kunnskapsbasen på serveren har ingen landnavn; skriv landkoder (jp, us).",
    failed: (status) => `Serveren kunne ikke svare (HTTP ${status}).`,
    offline: "Serveren svarer ikke.",
    verdict: {
      notifiable: "Kan notifiseres: apoteket kan ekspedere det direkte",
      requires_approval: "Krever godkjenning: Legemiddelverket må godkjenne søknaden først",
      no_exemption_needed: "Godkjenningsfritak trengs ikke",
      none: "Ingen status for godkjenningsfritak",
    },
    asOf: (d) => `Slik reglene var ${d}.`,
    notifiableTitle: "Notifisering",
    approvalTitle: "Godkjenning",
    because: "Fordi:",
    wouldChange: "Hva som ville endret svaret:",
    laterSources: "Kilder datert etter dagen det spørres om:",
    arity: "Aritet",
    params: "Argumenter",
    input: "Oppgis av brukeren",
    yes: "ja",
    no: "nei",
    sentences: "Setninger",
    sources: "Rettskilder",
    defined: "Definert i",
    none: "ingen",
    any: "hvilken som helst verdi",
  },
};

const $ = (id) => document.getElementById(id);

/** The page's state: the language, the names the server knows, the form's countries. */
const state = {
  lang: initialLang(),
  countries: new Map(), // code -> {nb, en}
  byName: new Map(), // lower-case name or alias or code -> code
  classes: new Map(), // code -> {nb, en}
  chosen: [], // country codes, in the order added
  predicates: null, // the catalogue's list, once fetched
  lastAnswer: null, // the last request and answer, redrawn on a change of language
};

function initialLang() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked === "nb" || asked === "en") return asked;
  const stored = localStorage.getItem("regkb-lang");
  if (stored === "nb" || stored === "en") return stored;
  const nav = (navigator.language || "en").toLowerCase();
  return /^(nb|nn|no)\b/.test(nav) ? "nb" : "en";
}

const w = () => WORDS[state.lang];

/** Calls the API; a failure becomes an Error carrying the status and the coded body. */
async function api(path, body) {
  let response;
  try {
    response = await fetch(path, body === undefined ? {} : {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw Object.assign(new Error(w().offline), { status: 0 });
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const message = json && json.error ? json.error.message : w().failed(response.status);
    throw Object.assign(new Error(message), { status: response.status, body: json });
  }
  return json;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function notice(text) {
  const n = $("notice");
  n.textContent = text || "";
  n.hidden = !text;
}

// ---- language ----

function applyLang() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-t]")) {
    const word = w()[node.dataset.t];
    if (typeof word === "string") node.textContent = word;
  }
  for (const node of document.querySelectorAll("[data-t-aria]")) {
    node.setAttribute("aria-label", w()[node.dataset.tAria]);
  }
  $("lang-nb").setAttribute("aria-pressed", String(state.lang === "nb"));
  $("lang-en").setAttribute("aria-pressed", String(state.lang === "en"));
  fillCountryNames();
  fillClasses();
  drawChosen();
  if (state.lastAnswer) ask(state.lastAnswer.request);
  if (!$("view-catalogue").hidden) route();
}

function setLang(lang) {
  state.lang = lang;
  localStorage.setItem("regkb-lang", lang);
  applyLang();
}

// ---- names of countries and classes, from the knowledge base ----

async function loadNames() {
  try {
    const r = await api("/v1/ask", {
      queries: ["country_name(C, L, N)", "country_alias(C, L, N)", "class_word(K, L, N)"],
    });
    const [names, aliases, classes] = r.answers;
    for (const [code, lang, name] of names.rows) {
      const entry = state.countries.get(code) || {};
      entry[lang] = name;
      state.countries.set(code, entry);
      state.byName.set(name.toLowerCase(), code);
    }
    for (const [code, , name] of aliases.rows) {
      if (!state.byName.has(name.toLowerCase())) state.byName.set(name.toLowerCase(), code);
    }
    for (const [code, lang, name] of classes.rows) {
      const entry = state.classes.get(code) || {};
      entry[lang] = name;
      state.classes.set(code, entry);
    }
  } catch (e) {
    notice(w().namesMissing);
  }
  for (const code of state.countries.keys()) state.byName.set(code, code);
  fillCountryNames();
  fillClasses();
}

function nameOf(table, code) {
  const entry = table.get(code);
  return (entry && (entry[state.lang] || entry.en || entry.nb)) || code;
}

function fillCountryNames() {
  const list = $("country-names");
  list.replaceChildren();
  const codes = [...state.countries.keys()].sort((a, b) =>
    nameOf(state.countries, a).localeCompare(nameOf(state.countries, b), state.lang));
  for (const code of codes) list.append(el("option", { value: nameOf(state.countries, code) }));
}

function fillClasses() {
  const select = $("class");
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, w().classNone));
  const codes = [...state.classes.keys()].sort((a, b) =>
    nameOf(state.classes, a).localeCompare(nameOf(state.classes, b), state.lang));
  const capital = (t) => t.charAt(0).toLocaleUpperCase(state.lang) + t.slice(1);
  for (const code of codes) select.append(el("option", { value: code }, capital(nameOf(state.classes, code))));
  select.value = chosen;
}

// ---- the countries of the form ----

function addCountry() {
  const input = $("country");
  const text = input.value.trim();
  const error = $("country-error");
  if (!text) return;
  const code = state.byName.get(text.toLowerCase());
  if (!code) {
    error.textContent = w().unknownCountry(text);
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
    return;
  }
  input.removeAttribute("aria-invalid");
  if (state.chosen.includes(code)) {
    error.textContent = w().already(nameOf(state.countries, code));
    error.hidden = false;
  } else {
    error.hidden = true;
    state.chosen.push(code);
    drawChosen();
  }
  input.value = "";
  input.focus();
}

function drawChosen() {
  const list = $("chosen");
  list.replaceChildren();
  for (const code of state.chosen) {
    const name = nameOf(state.countries, code);
    const remove = el("button", { type: "button", "aria-label": w().remove(name) }, "×");
    remove.addEventListener("click", () => {
      state.chosen = state.chosen.filter((c) => c !== code);
      drawChosen();
      $("country").focus();
    });
    list.append(el("li", { "data-code": code }, el("span", {}, name), remove));
  }
}

// ---- asking ----

/** A string of the query language: one line, `"` and `\` escaped. */
function quote(text) {
  return '"' + text.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/[\\"]/g, (c) => "\\" + c) + '"';
}

/** Reads the form into a request for /v1/ask, or says what is missing. */
function readForm() {
  const name = $("product").value.trim().replace(/\s+/g, " ");
  if (!name) return { error: w().noProduct, field: "product" };
  if ($("country").value.trim()) {
    addCountry();
    if (!$("country-error").hidden && $("country").value) return { error: $("country-error").textContent, field: "country" };
  }
  const thcText = $("thc").value.trim().replace(",", ".");
  if (thcText && !/^\d+(\.\d+)?$/.test(thcText)) return { error: w().badThc, field: "thc" };
  const date = $("date").value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return { error: w().badDate, field: "date" };
  const p = quote(name);
  const facts = [`product(${p}).`];
  for (const code of state.chosen) facts.push(`ma_in(${p}, ${code}).`);
  const cls = $("class").value;
  if (cls) facts.push(`class(${p}, ${cls}).`);
  if (thcText) facts.push(`thc_percent(${p}, ${thcText.includes(".") ? thcText : thcText + ".0"}).`);
  if ($("positive").checked) facts.push(`on_positive_list(${p}).`);
  return {
    request: {
      facts: facts.join("\n"),
      queries: [`exemption_status(${p}, S)`, `why notifiable(${p})`, `why requires_approval(${p})`],
      as_of: date,
    },
  };
}

async function ask(request) {
  const answer = $("answer");
  const button = $("ask-button");
  button.disabled = true;
  button.textContent = w().asking;
  answer.setAttribute("aria-busy", "true");
  notice("");
  try {
    const r = await api("/v1/ask", { ...request, lang: state.lang });
    state.lastAnswer = { request, response: r };
    drawAnswer(r);
    answer.hidden = false;
  } catch (e) {
    const diagnostics = e.body && e.body.diagnostics;
    notice(diagnostics && diagnostics.length ? diagnostics.map((d) => d.message).join(" ") : e.message);
  } finally {
    button.disabled = false;
    button.textContent = w().ask;
    answer.setAttribute("aria-busy", "false");
  }
}

function drawAnswer(r) {
  const [status, notifiable, approval] = r.answers;
  const s = status.rows.length ? status.rows[0][0] : "none";
  const verdict = $("verdict");
  verdict.textContent = w().verdict[s] || s;
  verdict.className = s === "notifiable" || s === "no_exemption_needed" ? "holds" : "stops";
  $("as-of").textContent = w().asOf(r.as_of);
  const parts = s === "requires_approval"
    ? [[w().approvalTitle, approval], [w().notifiableTitle, notifiable]]
    : [[w().notifiableTitle, notifiable], [w().approvalTitle, approval]];
  $("explanations").replaceChildren(...parts.map(([title, a]) => drawExplanation(title, a)));
}

function drawExplanation(title, a) {
  const e = (a.explanations && a.explanations[0]) || {};
  const short = e.short || {};
  const box = el("section", { class: "explanation " + (a.holds ? "holds" : "fails") });
  box.append(el("h4", {}, title), el("p", {}, short.answer || a.text || a.query));
  if (short.reasons && short.reasons.length) {
    box.append(el("p", {}, w().because));
    box.append(el("ul", {}, ...short.reasons.map((reason) =>
      el("li", {}, reason.text, reason.source ? el("span", { class: "source" }, reason.source) : null))));
  }
  if (short.would_hold_if && short.would_hold_if.length) {
    box.append(el("p", {}, w().wouldChange));
    box.append(el("ul", { class: "would" }, ...short.would_hold_if.map((t) => el("li", {}, t))));
  }
  if (a.later_sources && a.later_sources.length) {
    box.append(el("p", {}, w().laterSources));
    box.append(el("ul", {}, ...a.later_sources.map((t) => el("li", {}, typeof t === "string" ? t : JSON.stringify(t)))));
  }
  return box;
}

function onSubmit(event) {
  event.preventDefault();
  for (const id of ["product", "thc", "date"]) $(id).removeAttribute("aria-invalid");
  const form = readForm();
  if (form.error) {
    notice(form.error);
    $(form.field).setAttribute("aria-invalid", "true");
    $(form.field).focus();
    return;
  }
  ask(form.request).then(() => {
    if (!$("answer").hidden) $("answer").focus();
  });
}

// ---- the catalogue ----

async function catalogue(name) {
  if (!state.predicates) {
    try {
      state.predicates = (await api("/v1/predicates")).predicates;
    } catch (e) {
      notice(e.message);
      return;
    }
  }
  drawMatches();
  const article = $("predicate");
  if (!name) {
    article.hidden = true;
    return;
  }
  try {
    drawPredicate(await api("/v1/predicates/" + encodeURIComponent(name)));
    article.hidden = false;
    article.focus();
  } catch (e) {
    notice(e.message);
    article.hidden = true;
  }
}

/** At most this many predicates are listed; the search narrows them. */
const MATCHES_SHOWN = 60;

function drawMatches() {
  const words = $("search").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matches = state.predicates.filter((p) =>
    words.every((word) => p.name.includes(word) || (p.doc || "").toLowerCase().includes(word)));
  const shown = matches.slice(0, MATCHES_SHOWN);
  $("match-count").textContent = shown.length < matches.length
    ? w().someMatches(shown.length, matches.length)
    : w().matches(matches.length);
  $("matches").replaceChildren(...shown.map((p) =>
    el("li", {}, el("a", { href: "#/catalogue/" + encodeURIComponent(p.name) }, el("code", {}, `${p.name}/${p.arity}`)))));
}

function drawPredicate(p) {
  const rows = [];
  const add = (term, ...value) => rows.push(el("dt", {}, term), el("dd", {}, ...value));
  add(w().arity, String(p.arity));
  add(w().params, p.params.length ? el("ul", {}, ...p.params.map((name, i) =>
    el("li", {}, el("code", {}, name), ": ", (p.domains && p.domains[i]) || w().any))) : w().none);
  add(w().input, p.input ? w().yes : w().no);
  const sentences = p.sentences.filter((s) => s.lang === state.lang);
  add(w().sentences, sentences.length ? el("ul", {}, ...sentences.map((s) => el("li", {}, el("code", {}, s.template)))) : w().none);
  add(w().sources, p.sources.length ? el("ul", {}, ...p.sources.map((s) =>
    el("li", {}, s.citation, s.cite || s.locator ? el("span", { class: "source" }, s.cite || s.locator) : null))) : w().none);
  const places = [...p.rules, ...p.facts];
  add(w().defined, places.length ? el("ul", {}, ...places.slice(0, 20).map((l) => el("li", {}, el("code", {}, l)))) : w().none);
  $("predicate").replaceChildren(
    el("h3", {}, el("code", {}, `${p.name}/${p.arity}`)),
    el("p", {}, p.doc || ""),
    el("dl", {}, ...rows));
}

// ---- views ----

function route() {
  const [, view, name] = location.hash.split("/");
  const isCatalogue = view === "catalogue";
  $("view-ask").hidden = isCatalogue;
  $("view-catalogue").hidden = !isCatalogue;
  $("nav-ask").toggleAttribute("aria-current", !isCatalogue);
  $("nav-catalogue").toggleAttribute("aria-current", isCatalogue);
  if (isCatalogue) {
    $("nav-catalogue").setAttribute("aria-current", "page");
    catalogue(name ? decodeURIComponent(name) : "");
  } else {
    $("nav-ask").setAttribute("aria-current", "page");
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("date").value = new Date().toISOString().slice(0, 10);
  $("lang-nb").addEventListener("click", () => setLang("nb"));
  $("lang-en").addEventListener("click", () => setLang("en"));
  $("country-add").addEventListener("click", addCountry);
  $("country").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      addCountry();
    }
  });
  $("ask-form").addEventListener("submit", onSubmit);
  $("search").addEventListener("input", () => state.predicates && drawMatches());
  window.addEventListener("hashchange", route);
  applyLang();
  route();
  loadNames();
});
