/*
 * The policy assistant's chat widget: one script, plain JavaScript, no build step and no dependencies.
 *
 * A host page includes  <script src="https://SERVICE/widget.js" defer></script>  and gets a button that
 * opens a chat panel. A page that places  <policy-assistant mode="page"></policy-assistant>  gets the chat
 * inline instead (the service's own page at / does that). The widget lives in a shadow root, so the host
 * page's CSS cannot reach it, and it talks to the service the script was loaded from.
 *
 * Safety: everything that comes from the model, the corpus or the user is inserted as text (text nodes,
 * textContent, attribute values); no HTML string is ever parsed. The only structure is built here.
 *
 * Words: every string shown comes from the service's message table (/widget-messages.json: English and
 * Traditional Chinese), in the language of the element's lang attribute, else the host page's, else the
 * browser's; a visible switch changes it in place (labels marked data-msg are re-labelled).
 *
 * Layout of this file: helpers (DOM, icons, messages, HTTP, server-sent events) · LiveRegion · Passage ·
 * FeedbackForm · AnswerView · ChatView · SchemesView · the <policy-assistant> element.
 */
(() => {
  "use strict";

  // currentScript is this <script> while it runs (also when a tag manager inserts it); the search is a fallback.
  const SCRIPT = document.currentScript || document.querySelector('script[src*="widget.js"]');
  // The service's root: the folder widget.js came from, so a service behind a path prefix works too.
  const SERVICE = new URL("./", SCRIPT && SCRIPT.src ? SCRIPT.src : window.location.href);
  const HISTORY_TURNS = 20; // the API takes at most 20 earlier turns...
  const TURN_CHARS = 8000; // ...of at most 8000 characters each
  const WARMING_RETRIES = 5; // 503 while the service warms up: wait Retry-After and try again
  const MARKER = /\[(\d+)\]/g;

  let lastId = 0;
  const uid = (prefix) => `pa-${prefix}-${++lastId}`;

  // ---------------------------------------------------------------- DOM helpers

  /** An element with attributes, listeners (on...) and children; strings become text nodes, never HTML. */
  function h(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      if (typeof value === "function") node.addEventListener(name.replace(/^on/, ""), value);
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    node.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
    return node;
  }

  const ICONS = {
    up: "M7 10v11H3V10h4zm2 11h8.6a2 2 0 0 0 2-1.6l1.3-7A2 2 0 0 0 19 10h-5V5.5A2.5 2.5 0 0 0 11.5 3L9 10v11z",
    down: "M17 14V3h4v11h-4zm-2-11H6.4a2 2 0 0 0-2 1.6l-1.3 7A2 2 0 0 0 5 14h5v4.5a2.5 2.5 0 0 0 2.5 2.5L15 14V3z",
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    close: "M6 6l12 12M18 6L6 18",
  };

  /** A decorative SVG icon (hidden from screen readers; the button around it carries the name). */
  function icon(name) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", `icon icon-${name}`);
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  /** Bureau names as "Full Name (CODE)", joined. */
  const bureauNames = (bureaux) => bureaux.map((b) => (b.name && b.name !== b.code ? `${b.name} (${b.code})` : b.code)).join("; ");

  /** A message as a sentence: "internal error" -> "Internal error." */
  const sentence = (text) => {
    const trimmed = text.trim();
    return trimmed.charAt(0).toUpperCase() + trimmed.slice(1) + (/[.!?]$/.test(trimmed) ? "" : ".");
  };

  /** A random id for an answer, so later feedback rows on it can be grouped (crypto.randomUUID needs https). */
  // Letters only: a hex id can hold a digit run that reads as a phone or card number, and the service
  // refuses an identifier that looks like personal data.
  function randomId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => String.fromCharCode(97 + (b >> 4), 97 + (b & 15))).join("");
  }

  /** A UUID (version 4) for one rating: a retry sends the same one, so the service stores the row once. */
  function ratingId() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  const sleep = (ms, signal) => new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
  });

  // ---------------------------------------------------------------- messages

  // The service writes its message table into this script as it serves it (a page that may not fetch from
  // the service, by CORS, still gets every word); a copy of the file served some other way fetches it.
  const BUILTIN = /* messages: filled in by the service */ null;
  let TABLES = BUILTIN || { en: {} }; // language tag -> key -> text
  let LANG = "en";
  let tablesLoaded = BUILTIN ? Promise.resolve() : null;

  /** The message table, fetched once when the script did not bring it; every widget on the page shares it. */
  function loadMessages() {
    tablesLoaded ??= fetch(new URL("widget-messages.json", SERVICE), { credentials: "omit" })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((table) => { TABLES = table; })
      .catch(() => { tablesLoaded = null; }); // a later widget tries again; this one shows the keys
    return tablesLoaded;
  }

  /** The served language a tag asks for: any Chinese reads as Traditional Chinese (Hong Kong). */
  const served = (tag) => (/^(zh|yue)\b/i.test(tag || "") ? "zh-HK" : /^en\b/i.test(tag || "") ? "en" : null);

  /** The element's lang, else the host page's, else the browser's first served language, else English. */
  function chooseLanguage(element) {
    const asked = [element.getAttribute("lang"), document.documentElement.lang, ...(navigator.languages || [])];
    return asked.map(served).find(Boolean) || "en";
  }

  /** The text of ``key`` in the current language, with {name} filled from ``vars``. */
  function t(key, vars = {}) {
    let text = TABLES[LANG]?.[key] ?? TABLES.en?.[key] ?? key;
    for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(value));
    return text;
  }

  /** A span whose text is ``key`` in the current language, re-labelled when the language changes. */
  const L = (key, vars) => h("span", { "data-msg": key, "data-vars": vars ? JSON.stringify(vars) : null }, t(key, vars));

  /** Attributes (aria-label, placeholder...) whose values are message keys, re-labelled likewise. */
  const A = (pairs) => ({ ...Object.fromEntries(Object.entries(pairs).map(([name, key]) => [name, t(key)])),
    "data-msg-attrs": Object.entries(pairs).map(([name, key]) => `${name}=${key}`).join(";") });

  /** Every marked label and attribute under ``root`` in the current language. */
  function relabel(root) {
    for (const node of root.querySelectorAll("[data-msg]")) {
      node.textContent = t(node.dataset.msg, node.dataset.vars ? JSON.parse(node.dataset.vars) : {});
    }
    for (const node of root.querySelectorAll("[data-msg-attrs]")) {
      for (const pair of node.dataset.msgAttrs.split(";")) {
        const [name, key] = pair.split("=");
        node.setAttribute(name, t(key));
      }
    }
  }

  /** Text read aloud or shown without the citation markers: "… Centre [1]." -> "… Centre." */
  const withoutMarkers = (text) => text.replace(/\s*\[\d+\]/g, "").replace(/ +([.,;:!?])/g, "$1");

  // ---------------------------------------------------------------- HTTP

  /** An error to show a person: the service's own message when it sent one. */
  class ServiceError extends Error {
    constructor(message, { status = 0, code = "error", retryAfter = 0 } = {}) {
      super(message);
      this.status = status;
      this.code = code;
      this.retryAfter = retryAfter;
    }
  }

  // The service counts its limits per visitor only by a token it signed itself (an id a page merely states
  // would let anyone be anyone). It is fetched once and renewed a minute before it expires; without one (an
  // older service, a refusal, no network) requests still go, counted by the visitor's address.
  const TOKEN_RENEW_MS = 60_000;
  let endUser = null; // { token: a promise of the token or null, renewAt: when to ask again }

  /** The end-user token to send; every caller shares one request for it. */
  function endUserToken() {
    if (!endUser || Date.now() >= endUser.renewAt) {
      const current = { renewAt: Infinity };
      current.token = fetch(new URL("api/identity", SERVICE), { method: "POST", credentials: "omit" })
        .then((response) => (response.ok ? response.json() : null))
        .catch(() => null)
        .then((issued) => {
          const lifetime = issued ? issued.expires_in * 1000 - TOKEN_RENEW_MS : 0;
          current.renewAt = Date.now() + Math.max(lifetime, TOKEN_RENEW_MS); // a failure is retried in a minute
          return issued ? issued.token : null;
        });
      endUser = current;
    }
    return endUser.token;
  }

  async function call(path, { method = "GET", body, signal } = {}) {
    let response;
    try {
      const token = await endUserToken();
      const headers = body === undefined ? {} : { "Content-Type": "application/json" };
      if (token) headers["X-End-User-Token"] = token;
      response = await fetch(new URL(path, SERVICE), {
        method, signal, credentials: "omit", headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ServiceError(t("error_network"), { code: "network" });
    }
    if (!response.ok) throw await serviceError(response);
    return response;
  }

  async function serviceError(response) {
    let message = t("error_status", { status: response.status });
    let code = `http_${response.status}`;
    try {
      const body = await response.json();
      if (body && body.error) ({ message, code } = body.error);
    } catch { /* not JSON: keep the generic message */ }
    const retryAfter = Number(response.headers.get("Retry-After")) || 0;
    // Limits and load are said in the reader's language; the service's own words name what was wrong.
    if (response.status === 429) message = t("error_limited");
    else if (response.status === 503 && code !== "switched_off") message = t("error_busy");
    return new ServiceError(message, { status: response.status, code, retryAfter });
  }

  /** Server-sent events from a fetch() body (EventSource cannot POST): yields {event, data}. */
  async function* readEvents(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
      const blocks = buffer.split(/\r?\n\r?\n/); // an event ends with a blank line
      buffer = done ? "" : blocks.pop(); // keep an unfinished event for the next read
      for (const block of blocks) {
        const event = parseEvent(block);
        if (event) yield event;
      }
      if (done) return;
    }
  }

  function parseEvent(block) {
    let event = "message";
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      const colon = line.indexOf(":");
      if (colon === 0) continue; // a comment
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    return data.length ? { event, data: JSON.parse(data.join("\n")) } : null;
  }

  /**
   * Ask the question, calling handlers as the answer streams in; resolves with the final answer object.
   * While the service warms up (503) it waits as told by Retry-After and tries again.
   */
  async function streamAnswer(body, handlers, signal) {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await call("api/ask/stream", { method: "POST", body, signal });
        for await (const { event, data } of readEvents(response)) {
          if (event === "citations") handlers.citations(data.citations);
          else if (event === "delta") handlers.delta(data.text);
          else if (event === "done") return data;
          else if (event === "error") throw new ServiceError(data.error.message, { code: data.error.code });
        }
        throw new ServiceError(t("error_incomplete"), { code: "incomplete" });
      } catch (error) {
        const warming = error instanceof ServiceError && error.status === 503 && error.code !== "switched_off";
        if (!warming || attempt >= WARMING_RETRIES) throw error;
        handlers.warming();
        await sleep(Math.min(error.retryAfter || 2, 10) * 1000, signal);
      }
    }
  }

  // ---------------------------------------------------------------- the live region

  /** A visually hidden live region: screen readers announce the answer as it streams in. */
  class LiveRegion {
    constructor() {
      this.node = h("div", { class: "sr-only", "aria-live": "polite", "aria-atomic": "false", "data-role": "live" });
    }

    /** Replace what is announced. */
    say(text) {
      this.node.replaceChildren(...(text ? [text] : []));
    }

    /** Add a piece of streamed text: only the addition is announced. */
    add(text) {
      this.node.append(document.createTextNode(text));
    }
  }

  // ---------------------------------------------------------------- a cited passage

  /** The panel that shows one cited passage with its heading path and the bureau's full name. */
  class Passage {
    constructor(id) {
      this.opener = null;
      this.n = null;
      this.title = h("strong", { id: `${id}-title` });
      this.body = h("div");
      this.node = h("div", { class: "passage", id, role: "region", "aria-labelledby": `${id}-title`, tabindex: "-1", hidden: true,
        onkeydown: (event) => { if (event.key === "Escape") { event.stopPropagation(); this.close(); } } },
      h("div", { class: "passage-head" }, this.title,
        h("button", { type: "button", class: "icon-button", ...A({ "aria-label": "close_passage" }), onclick: () => this.close() }, icon("close"))),
      this.body);
    }

    /** Show ``citation``; ``opener`` is the button that asked (focus returns there on close). */
    toggle(citation, opener) {
      if (!this.node.hidden && this.n === citation.n) return this.close();
      this.setExpanded(false);
      this.n = citation.n;
      this.opener = opener;
      this.title.textContent = t("source_n", { n: citation.n });
      // replaceChildren writes a null as the text "null": a passage without bureaux or document line leaves them out.
      this.body.replaceChildren(...[
        h("p", { class: "path", "data-role": "path" }, citation.section.split(" > ").join(" › ")),
        h("blockquote", { class: "quote", "data-role": "quote" }, citation.text),
        citation.bureaux.length ? h("p", { class: "bureau", "data-role": "bureau" }, t("responsible"), bureauNames(citation.bureaux)) : null,
        documentLine(citation)].filter(Boolean));
      this.node.hidden = false;
      this.setExpanded(true);
      this.node.focus({ preventScroll: true });
      this.node.scrollIntoView({ block: "nearest" });
    }

    close() {
      if (this.node.hidden) return;
      this.node.hidden = true;
      this.setExpanded(false);
      if (this.opener && this.opener.isConnected) this.opener.focus();
      this.n = null;
    }

    /** Markers are re-created as text streams in: the one showing this passage says so. */
    setExpanded(expanded) {
      const scope = this.node.parentNode;
      if (!scope || this.n === null) return;
      for (const button of scope.querySelectorAll(`[data-n="${this.n}"]`)) button.setAttribute("aria-expanded", String(expanded));
    }
  }

  /** Only web links are followed: a corpus URL of any other scheme is shown as text. */
  const webLink = (url) => { try { return ["http:", "https:"].includes(new URL(url).protocol) ? url : null; } catch { return null; } };

  /** The cited document's title, date and link, where the citation carries them; then its other language versions. */
  function documentLine(citation) {
    const title = citation.document_title;
    if (!title && !citation.url) return null;
    const name = [title, citation.document_date].filter(Boolean).join(", ") || t("document_link");
    const href = citation.url && webLink(citation.url);
    const versions = (citation.versions || []).map((version) => {
      const link = version.url && webLink(version.url);
      const attrs = { lang: version.language, "data-role": "version" };
      return [" · ", link ? h("a", { ...attrs, href: link, hreflang: version.language, target: "_blank", rel: "noopener noreferrer" }, version.title)
        : h("span", attrs, version.title)];
    }).flat();
    return h("p", { class: "document", "data-role": "document" },
      href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, name) : name, ...versions);
  }

  // ---------------------------------------------------------------- feedback on one answer

  /** Thumbs up or down, then an optional comment; each is stored as a row by POST /api/feedback. */
  class FeedbackForm {
    constructor(question, answer) {
      this.id = randomId();
      this.question = question;
      this.answer = answer;
      this.rating = null;
      const commentId = uid("comment");
      this.status = h("p", { class: "feedback-status", role: "status" });
      this.buttons = {
        up: h("button", { type: "button", class: "rate", "aria-pressed": "false", "data-rating": "up", onclick: () => this.rate("up") }, icon("up"), L("helpful")),
        down: h("button", { type: "button", class: "rate", "aria-pressed": "false", "data-rating": "down", onclick: () => this.rate("down") }, icon("down"), L("not_helpful")),
      };
      this.comment = h("textarea", { id: commentId, rows: "2", maxlength: "2000" });
      this.form = h("form", { class: "comment", hidden: true, onsubmit: (event) => { event.preventDefault(); this.send(); } },
        h("label", { for: commentId }, L("tell_more")), this.comment,
        h("button", { type: "submit", class: "secondary" }, L("send_comment")));
      this.node = h("div", { class: "feedback", role: "group", ...A({ "aria-label": "rate_group" }) },
        h("div", { class: "feedback-row" }, h("span", { class: "feedback-label" }, L("rate_question")),
          h("span", { class: "rate-buttons" }, this.buttons.up, this.buttons.down)),
        this.status, this.form);
    }

    async rate(rating) {
      if (await this.post({ rating })) {
        this.rating = rating;
        for (const [name, button] of Object.entries(this.buttons)) button.setAttribute("aria-pressed", String(name === rating));
        this.status.textContent = t("thanks_rating");
        this.form.hidden = false;
      }
    }

    async send() {
      const comment = this.comment.value.trim();
      if (!comment) { this.comment.focus(); return; }
      if (await this.post({ rating: this.rating, comment })) {
        this.form.replaceChildren();
        this.form.hidden = true;
        this.status.textContent = t("thanks_comment");
        this.buttons[this.rating].focus();
      }
    }

    async post(fields) {
      const a = this.answer;
      const body = {
        answer_id: this.id, question: this.question, query: a.query || "", answer: a.answer, backend: a.backend || "",
        refused: Boolean(a.refused), degraded: Boolean(a.degraded),
        citations: (a.citations || []).map(({ n, id, section, text, bureaux }) => ({ n, id, section, text, bureaux })),
        ...fields, feedback_id: ratingId(),
      };
      for (let attempt = 0; ; attempt++) {
        try {
          await call("api/feedback", { method: "POST", body });
          return true;
        } catch (error) {
          // A lost connection may have lost only the reply: the same id again is stored at most once.
          if (error.code === "network" && attempt === 0) { await sleep(1000); continue; }
          this.status.textContent = t("feedback_failed", { message: sentence(error.message) });
          return false;
        }
      }
    }
  }

  // ---------------------------------------------------------------- one answer

  /** One answer in the conversation: waiting, streaming, then the answer, a refusal or an error. */
  class AnswerView {
    constructor(chat, question, history) {
      this.chat = chat;
      this.question = question;
      this.history = history; // the turns before this question, kept for a retry
      const id = uid("answer");
      this.status = h("p", { class: "status", "data-role": "status" });
      this.text = h("p", { class: "text", "data-role": "answer" });
      this.passage = new Passage(`${id}-passage`);
      this.after = h("div", { class: "after" });
      this.node = h("li", { class: "msg bot", "data-role": "bot" }, h("span", { class: "sr-only" }, L("assistant")),
        this.status, this.text, this.passage.node, this.after);
      this.reset();
    }

    reset() {
      this.citations = new Map();
      this.streamed = "";
      this.passage.close();
      this.text.replaceChildren();
      this.after.replaceChildren();
      this.node.setAttribute("aria-busy", "true");
      this.node.dataset.state = "waiting";
      this.setStatus(t("searching"));
    }

    setStatus(message) {
      this.status.hidden = !message;
      this.status.replaceChildren(...(message ? [h("span", { class: "spinner", "aria-hidden": "true" }), message] : []));
    }

    setCitations(citations) {
      this.citations = new Map(citations.map((c) => [c.n, c]));
    }

    addText(piece) {
      this.streamed += piece;
      this.node.dataset.state = "streaming";
      this.setStatus("");
      this.renderText(this.streamed);
    }

    /** The text with each [n] that names a source turned into a marker button. */
    renderText(text) {
      const parts = [];
      let last = 0;
      for (const match of text.matchAll(MARKER)) {
        const citation = this.citations.get(Number(match[1]));
        if (!citation) continue; // a marker that points nowhere stays as typed
        parts.push(text.slice(last, match.index), this.marker(citation));
        last = match.index + match[0].length;
      }
      parts.push(text.slice(last));
      this.text.replaceChildren(...parts);
      this.passage.setExpanded(!this.passage.node.hidden);
    }

    marker(citation) {
      const heading = citation.section.split(" > ").pop();
      const button = h("button", { type: "button", class: "cite", "data-n": citation.n, "aria-expanded": "false",
        "aria-controls": this.passage.node.id, "aria-label": t("source_label", { n: citation.n, heading }), title: heading }, String(citation.n));
      button.addEventListener("click", () => this.passage.toggle(citation, button));
      return button;
    }

    /** The final answer replaces whatever streamed (a degraded answer differs from it). */
    finish(answer) {
      this.node.removeAttribute("aria-busy");
      this.setStatus("");
      this.setCitations(answer.citations || []);
      this.node.dataset.state = answer.refused ? "refused" : answer.degraded ? "degraded" : "answered";
      // The service's reason names its backend and error: useful to operators (logs), not to citizens.
      if (answer.degraded) {
        this.after.append(h("p", { class: "notice", "data-role": "degraded" },
          L("degraded")));
      }
      this.renderText(answer.answer);
      if (answer.refused) this.after.append(this.topics(answer.topics || []));
      if (answer.next_steps && answer.next_steps.length) this.after.append(this.nextSteps(answer.next_steps));
      if (answer.citations && answer.citations.length) this.after.append(this.sources(answer.citations));
      this.after.append(new FeedbackForm(this.question, answer).node);
    }

    /** Nearest topics of a refusal, as questions one click away. */
    topics(topics) {
      if (!topics.length) return null;
      return h("div", { class: "topics", "data-role": "topics" },
        h("p", {}, L("topics_lead")),
        h("ul", { class: "chips" }, topics.map((topic) => h("li", {},
          h("button", { type: "button", class: "chip", onclick: () => this.chat.ask(t("topic_question", { topic })) }, topic)))));
    }

    /** Where to go next (the responsible bureau, 1823), as links. */
    nextSteps(steps) {
      const links = steps.map((step) => [step, webLink(step.url)]).filter(([, href]) => href);
      if (!links.length) return null;
      return h("div", { class: "next-steps", "data-role": "next-steps" }, h("h3", {}, L("next_steps")),
        h("ul", {}, links.map(([step, href]) => h("li", {}, h("a", { href, target: "_blank", rel: "noopener noreferrer" }, step.label)))));
    }

    sources(citations) {
      return h("div", { class: "sources", "data-role": "sources" },
        h("h3", {}, L("sources")),
        h("ol", {}, citations.map((c) => {
          const button = h("button", { type: "button", class: "source", "data-n": c.n, "aria-expanded": "false", "aria-controls": this.passage.node.id },
            h("span", { class: "source-n" }, `${c.n}`),
            h("span", {}, h("span", { class: "source-heading" }, c.section.split(" > ").pop()),
              c.bureaux.length ? h("span", { class: "source-bureau" }, bureauNames(c.bureaux)) : null));
          button.addEventListener("click", () => this.passage.toggle(c, button));
          return h("li", {}, button);
        })));
    }

    fail(error, retry) {
      this.node.removeAttribute("aria-busy");
      this.node.dataset.state = "error";
      this.setStatus("");
      this.text.replaceChildren();
      const button = h("button", { type: "button", class: "secondary", "data-role": "retry", onclick: retry }, L("try_again"));
      this.after.replaceChildren(h("div", { class: "error", role: "alert", "data-role": "error" },
        h("p", {}, h("strong", {}, t("no_answer")), " ", sentence(error.message)), button));
      return button;
    }
  }

  // ---------------------------------------------------------------- the conversation

  /** Questions and answers, the history sent with each follow-up, starter questions and the composer. */
  class ChatView {
    constructor(live) {
      this.live = live;
      this.history = [];
      this.busy = false;
      this.controller = null;
      this.title = "";
      const inputId = uid("question");
      const hintId = uid("hint");
      this.messages = h("ol", { class: "messages", ...A({ "aria-label": "conversation" }), "data-role": "messages" });
      this.starters = h("ul", { class: "chips", "data-role": "starters" });
      this.welcome = h("div", { class: "welcome", "data-role": "welcome" },
        h("p", { class: "lead" }, L("welcome")), h("p", { class: "starters-label" }, L("try_asking")), this.starters);
      this.input = h("textarea", { id: inputId, rows: "2", maxlength: "1000", autocomplete: "off", "data-role": "question",
        ...A({ placeholder: "question_placeholder" }), onkeydown: (event) => this.onKey(event), oninput: () => this.hint(false) });
      this.send = h("button", { type: "submit", class: "primary", "data-role": "ask" }, L("ask"));
      // Said when Ask is pressed on an empty box; the box points to it while it shows.
      this.hintNode = h("p", { id: hintId, class: "hint", "data-role": "hint", role: "alert", hidden: true });
      this.form = h("form", { class: "composer", onsubmit: (event) => { event.preventDefault(); this.submit(); } },
        h("label", { for: inputId, class: "question-label" }, L("question_label")),
        h("div", { class: "composer-row" }, this.input, this.send), this.hintNode);
      this.off = h("p", { class: "notice switched-off", "data-role": "switched-off", role: "status", hidden: true });
      this.note = h("p", { class: "note", "data-role": "note" });
      this.setTitle("");
      this.scroller = h("div", { class: "scroller" }, this.welcome, this.messages);
      this.node = h("div", { class: "view chat-view" }, this.scroller, this.note, this.form, this.off);
    }

    setTitle(title) {
      this.title = title;
      const name = title ? t("note_titled", { title }) : t("note_document");
      this.note.textContent = t("note", { name });
    }

    setStarters(questions) {
      this.starters.replaceChildren(...questions.map((question) =>
        h("li", {}, h("button", { type: "button", class: "chip", onclick: () => this.ask(question) }, question))));
    }

    onKey(event) {
      // Enter asks; Shift+Enter starts a new line; never while an input method is composing a character.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    }

    /** Show (or hide) what an empty Ask needs: a question first. */
    hint(show) {
      if (this.hintNode.hidden === !show) return;
      this.hintNode.hidden = !show;
      this.hintNode.textContent = show ? t("empty_question") : "";
      if (show) {
        this.input.setAttribute("aria-invalid", "true");
        this.input.setAttribute("aria-describedby", this.hintNode.id);
      } else {
        this.input.removeAttribute("aria-invalid");
        this.input.removeAttribute("aria-describedby");
      }
    }

    submit() {
      const question = this.input.value.trim();
      if (this.busy) return;
      if (!question) {
        this.hint(true);
        this.input.focus();
        return;
      }
      this.hint(false);
      this.input.value = "";
      this.ask(question);
    }

    ask(question) {
      if (this.busy || !this.off.hidden) return;
      this.welcome.hidden = true;
      this.messages.append(h("li", { class: "msg user", "data-role": "user" }, h("span", { class: "sr-only" }, L("you")), question));
      const view = new AnswerView(this, question, this.history.slice());
      this.messages.append(view.node);
      this.input.focus();
      this.run(view);
    }

    async run(view) {
      this.setBusy(true);
      this.controller = new AbortController();
      const { signal } = this.controller;
      view.reset();
      this.follow(true); // the person just asked: show the question, wherever they had scrolled
      this.live.say(t("searching_live"));
      let first = true;
      try {
        const answer = await streamAnswer({ question: view.question, history: view.history }, {
          citations: (citations) => view.setCitations(citations),
          delta: (text) => {
            // The live region says that an answer is coming, then the whole answer once, without markers:
            // streamed pieces would be read with their raw "[1]" and cut mid-word.
            if (first) { this.live.say(t("answer_started")); first = false; }
            view.addText(text);
            this.follow();
          },
          warming: () => view.setStatus(t("warming")),
        }, signal);
        view.finish(answer);
        this.remember(view.question, answer);
        this.announce(answer);
      } catch (error) {
        if (signal.aborted) return;
        if (error.code === "switched_off") this.switchOff(error.message);
        const retry = view.fail(error, () => { if (!this.busy) { this.run(view); this.input.focus(); } });
        this.live.say(t("no_answer_live", { message: error.message }));
        retry.scrollIntoView({ block: "nearest" });
      } finally {
        if (!signal.aborted) this.setBusy(false);
      }
      this.follow();
    }

    /** The service is switched off: its message stands where the question box was. */
    switchOff(message) {
      this.off.textContent = message || t("switched_off");
      this.off.hidden = false;
      this.form.hidden = true;
    }

    /** The answer as a listener should hear it: the text without markers, then how many sources it has. */
    announce(answer) {
      const count = (answer.citations || []).length;
      const tail = count === 1 ? t("sources_count_one") : count ? t("sources_count", { count }) : "";
      this.live.say([withoutMarkers(answer.answer), tail].filter(Boolean).join(" "));
    }

    remember(question, answer) {
      this.history.push({ role: "user", content: question.slice(0, TURN_CHARS) },
        { role: "assistant", content: answer.answer.slice(0, TURN_CHARS) });
      this.history = this.history.slice(-HISTORY_TURNS);
    }

    setBusy(busy) {
      this.busy = busy;
      this.send.setAttribute("aria-disabled", String(busy));
      this.send.replaceChildren(busy ? t("answering") : L("ask"));
    }

    /** Keep the newest text in view while the reader is at the bottom (never yank someone reading above). */
    follow(force = false) {
      const s = this.scroller;
      if (force || s.scrollHeight - s.scrollTop - s.clientHeight < 160) s.scrollTop = s.scrollHeight;
    }

    reset() {
      this.controller?.abort();
      this.setBusy(false);
      this.history = [];
      this.messages.replaceChildren();
      this.welcome.hidden = false;
      this.input.value = "";
      this.hint(false);
      this.live.say(t("new_conversation_live"));
      this.input.focus();
    }
  }

  // ---------------------------------------------------------------- the funding-scheme finder

  /** "Find support for my business": a short profile form, then the support that fits, with reason and passage. */
  class SchemesView {
    constructor(live) {
      this.live = live;
      this.loaded = false;
      this.results = h("div", { class: "scheme-results", "data-role": "scheme-results" });
      this.formSlot = h("div");
      this.node = h("div", { class: "view schemes-view" }, h("div", { class: "scroller" }, this.formSlot, this.results));
    }

    /** Build the form from the finder's own vocabularies the first time the view is shown. */
    async show() {
      if (this.loaded) return;
      this.loaded = true;
      this.formSlot.replaceChildren(h("p", { class: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), L("loading")));
      try {
        const options = await (await call("api/schemes/options")).json();
        this.formSlot.replaceChildren(this.form(options));
      } catch (error) {
        this.loaded = false;
        this.formSlot.replaceChildren(h("div", { class: "error", role: "alert" }, h("p", {}, sentence(error.message)),
          h("button", { type: "button", class: "secondary", onclick: () => this.show() }, L("try_again"))));
      }
    }

    form(options) {
      const ids = { sector: uid("sector"), other: uid("other"), size: uid("size"), description: uid("description") };
      const named = (table, value) => h("span", { "data-msg-name": table, "data-value": value }, nameIn(table, value));
      // The sectors the finder knows, as choices; another sector is described in the person's own words.
      this.sector = h("select", { id: ids.sector, "data-role": "sector", onchange: () => { this.otherRow.hidden = this.sector.value !== "other"; } },
        h("option", { value: "" }, L("any_sector")),
        Object.keys(options.sectors).filter((s) => s !== "any").map((s) => h("option", { value: s }, named("sector_names", s))),
        h("option", { value: "other" }, L("other_sector")));
      this.other = h("input", { id: ids.other, type: "text", maxlength: "100", autocomplete: "off", "data-role": "other-sector" });
      this.otherRow = h("div", { class: "field", hidden: true }, h("label", { for: ids.other }, L("other_sector_label")), this.other);
      this.size = h("select", { id: ids.size }, h("option", { value: "" }, L("any_size")),
        options.sizes.map((size) => h("option", { value: size }, named("sizes", size))));
      this.description = h("textarea", { id: ids.description, rows: "2", maxlength: "2000" });
      this.needs = options.needs.map((need) => h("input", { type: "checkbox", value: need.name, name: "need" }));
      return h("form", { class: "scheme-form", "data-role": "scheme-form", onsubmit: (event) => { event.preventDefault(); this.match(); } },
        h("p", { class: "lead" }, L("finder_lead")),
        h("label", { for: ids.sector }, L("sector")), this.sector, this.otherRow,
        h("label", { for: ids.size }, L("size")), this.size,
        h("fieldset", {}, h("legend", {}, L("needs")),
          h("div", { class: "needs" }, options.needs.map((need, i) => h("label", { class: "check" }, this.needs[i], named("needs_names", need.name))))),
        h("label", { for: ids.description }, L("description")), this.description,
        h("button", { type: "submit", class: "primary" }, L("find_support")));
    }

    async match() {
      const sector = this.sector.value === "other" ? this.other.value : this.sector.value;
      const body = { sector, size: this.size.value || null, description: this.description.value,
        needs: this.needs.filter((box) => box.checked).map((box) => box.value), k: 5 };
      this.results.replaceChildren(h("p", { class: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), t("finding")));
      try {
        const result = await (await call("api/schemes/match", { method: "POST", body })).json();
        const cards = result.fits ? result.matches : result.nearest;
        const unknown = result.sector_known === false;
        this.results.replaceChildren(h("p", { class: result.fits && !unknown ? "lead" : "notice", "data-role": "scheme-message" }, result.message),
          h("ol", { class: "cards" }, cards.map((item) => this.card(item))));
        this.live.say(result.message);
      } catch (error) {
        this.results.replaceChildren(h("div", { class: "error", role: "alert", "data-role": "error" }, h("p", {}, sentence(error.message))));
      }
      this.results.scrollIntoView({ block: "start" });
    }

    card(item) {
      const { measure, citation } = item;
      return h("li", { class: "card", "data-role": "scheme-card" },
        h("h3", {}, measure.name),
        h("p", { class: "reason" }, item.reason),
        h("p", { class: "summary" }, measure.summary),
        h("details", {}, h("summary", {}, t("passage_in_document")),
          h("p", { class: "path" }, citation.section.split(" > ").join(" › ")),
          h("blockquote", { class: "quote" }, citation.text),
          citation.bureaux.length ? h("p", { class: "bureau" }, t("responsible"), bureauNames(citation.bureaux)) : null,
          documentLine(citation)));
    }
  }

  /** A finder word (a sector, a size, a need) in the current language, or as the finder names it. */
  const nameIn = (table, value) => (TABLES[LANG]?.[table] || {})[value] || value;

  // ---------------------------------------------------------------- the element

  /** Whether a floating panel fills the screen (a phone, or a short or zoomed window): then it is modal. */
  const FILLS_SCREEN = "(max-width: 32.5em), (max-height: 32em)";

  /** <policy-assistant>: a launcher button and panel, or (mode="page") the chat inline. */
  class PolicyAssistant extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      // Show nothing unstyled: the frame appears once the stylesheet and the words have loaded (or failed to).
      const style = h("link", { rel: "stylesheet", href: new URL("widget.css", SERVICE).href });
      const styled = new Promise((resolve) => { style.addEventListener("load", resolve); style.addEventListener("error", resolve); });
      root.append(style);
      Promise.all([styled, loadMessages()]).then(() => {
        LANG = chooseLanguage(this);
        this.build(root);
        this.dataset.ready = "true";
        this.configure();
      });
    }

    build(root) {
      this.inline = this.getAttribute("mode") === "page";
      this.inerted = []; // host-page elements this widget made inert while its panel is modal
      this.live = new LiveRegion();
      this.chat = new ChatView(this.live);
      this.schemes = null;
      const panelId = uid("panel");
      const titleId = uid("title");
      this.tabs = h("div", { class: "tabs", role: "tablist", ...A({ "aria-label": "tabs_label" }), hidden: true });
      this.views = h("div", { class: "views" }, this.chat.node);
      // Outside the page's own switch (the page at / has one in its header), the widget offers its own.
      this.switcher = this.inline ? null : h("button", { type: "button", class: "secondary small", "data-role": "language",
        onclick: () => this.switchLanguage() }, L("switch_to"));
      this.panel = h("section", { id: panelId, class: "panel", "aria-labelledby": titleId, hidden: !this.inline,
        role: this.inline ? "region" : "dialog", onkeydown: (event) => this.onKey(event) },
      // A div, not a <header>: the host page has its own banner, the widget must not add a second one.
      h("div", { class: "bar" },
        h("h2", { id: titleId, class: this.inline ? "sr-only" : null }, L("assistant_name")),
        this.inline ? this.tabs : null,
        this.switcher,
        h("button", { type: "button", class: "secondary small new", "data-role": "new", onclick: () => this.newConversation() },
          h("span", { class: "wide-only" }, L("new_conversation")), h("span", { class: "narrow-only" }, L("new_chat"))),
        this.inline ? null : h("button", { type: "button", class: "icon-button", ...A({ "aria-label": "close_assistant" }), "data-role": "close", onclick: () => this.close() }, icon("close"))),
      this.inline ? null : this.tabs, this.views, this.live.node);
      this.launcherLabel = h("span", {}, t("launcher", { subject: t("launcher_subject") }));
      this.launcher = this.inline ? null : h("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": panelId,
        "data-role": "launcher", onclick: () => (this.panel.hidden ? this.open() : this.close()) }, icon("chat"), this.launcherLabel);
      this.frame = h("div", { class: `frame ${this.inline ? "inline" : "floating"}` }, this.launcher, this.panel);
      root.append(this.frame);
      this.fills = window.matchMedia(FILLS_SCREEN);
      this.fills.addEventListener("change", () => this.setModal(!this.inline && !this.panel.hidden && this.fills.matches));
    }

    async configure() {
      try {
        const config = await (await call(`api/widget?lang=${encodeURIComponent(LANG)}`)).json();
        this.config = config;
        this.chat.setTitle(config.title);
        this.chat.setStarters(config.starters);
        this.setLauncher();
        if (config.schemes && !this.schemes) this.addSchemes();
      } catch { /* the chat works without its starters; the first question will show what is wrong */ }
      this.dataset.configured = "true";
    }

    /** The launcher names what the assistant answers about: the document's title. */
    setLauncher() {
      if (this.launcherLabel) this.launcherLabel.textContent = t("launcher", { subject: this.config?.title || t("launcher_subject") });
    }

    /** The other language, in place: labels change, the conversation stays. */
    switchLanguage() {
      LANG = LANG === "zh-HK" ? "en" : "zh-HK";
      this.setAttribute("lang", LANG);
      relabel(this.shadowRoot);
      for (const node of this.shadowRoot.querySelectorAll("[data-msg-name]")) node.textContent = nameIn(node.dataset.msgName, node.dataset.value);
      this.chat.setTitle(this.chat.title);
      this.setLauncher();
      this.configure();
    }

    addSchemes() {
      this.schemes = new SchemesView(this.live);
      this.schemes.node.hidden = true;
      this.views.append(this.schemes.node);
      const tab = (label, view, selected) => h("button", { type: "button", role: "tab", class: "tab", id: uid("tab"),
        "aria-selected": String(selected), tabindex: selected ? "0" : "-1", onclick: () => this.select(view) }, label);
      // Short labels when the panel is narrow (widget.css switches them with container queries).
      const label = (wide, narrow, width) => [h("span", { class: `${width}-only` }, L(wide)), h("span", { class: "narrow-only" }, L(narrow))];
      this.tabButtons = [tab(label("tab_ask", "tab_ask_short", "roomy"), this.chat, true),
        tab(label("tab_finder", "tab_finder_short", "wide"), this.schemes, false)];
      this.tabButtons.forEach((button, i) => {
        const view = [this.chat, this.schemes][i];
        view.node.setAttribute("role", "tabpanel");
        view.node.setAttribute("aria-labelledby", button.id);
      });
      this.tabs.append(...this.tabButtons);
      this.tabs.hidden = false;
      this.tabs.addEventListener("keydown", (event) => {
        // Arrow keys move between tabs, as the ARIA tabs pattern expects.
        if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
        const next = this.tabButtons[(this.tabButtons.indexOf(event.target) + 1) % 2];
        next.focus();
        next.click();
      });
    }

    select(view) {
      for (const [i, candidate] of [this.chat, this.schemes].entries()) {
        const selected = candidate === view;
        candidate.node.hidden = !selected;
        this.tabButtons[i].setAttribute("aria-selected", String(selected));
        this.tabButtons[i].tabIndex = selected ? 0 : -1;
      }
      if (view === this.schemes) this.schemes.show();
    }

    newConversation() {
      if (this.schemes) this.select(this.chat);
      this.chat.reset();
    }

    open() {
      this.panel.hidden = false;
      this.launcher.setAttribute("aria-expanded", "true");
      this.setModal(this.fills.matches);
      this.chat.input.focus();
    }

    close() {
      if (this.inline) return;
      this.setModal(false);
      this.panel.hidden = true;
      this.launcher.setAttribute("aria-expanded", "false");
      this.launcher.focus();
    }

    /**
     * While the panel fills the screen it is modal: the host page underneath is inert (no Tab, no screen
     * reader, no clicks reach it) and Tab cycles inside the panel. Only what this widget made inert is restored.
     */
    setModal(modal) {
      if (modal) this.panel.setAttribute("aria-modal", "true");
      else this.panel.removeAttribute("aria-modal");
      for (const node of this.inerted) node.inert = false;
      this.inerted = [];
      if (!modal) return;
      for (let node = this; node && node !== document.body && node.parentElement; node = node.parentElement) {
        for (const sibling of node.parentElement.children) {
          if (sibling !== node && !sibling.inert && !["SCRIPT", "STYLE", "LINK"].includes(sibling.tagName)) {
            sibling.inert = true;
            this.inerted.push(sibling);
          }
        }
      }
    }

    /** The controls Tab can reach in the panel now, in order. */
    focusables() {
      const selector = "button, [href], input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
      return Array.from(this.panel.querySelectorAll(selector))
        .filter((node) => !node.disabled && node.getClientRects().length && node.closest("[hidden]") === null);
    }

    onKey(event) {
      if (event.key === "Escape" && !this.inline) {
        event.stopPropagation();
        this.close();
      } else if (event.key === "Tab" && this.panel.hasAttribute("aria-modal")) {
        const items = this.focusables();
        if (!items.length) return;
        const active = this.shadowRoot.activeElement;
        const [first, last] = [items[0], items[items.length - 1]];
        if (event.shiftKey && (active === first || !items.includes(active))) { event.preventDefault(); last.focus(); }
        else if (!event.shiftKey && (active === last || !items.includes(active))) { event.preventDefault(); first.focus(); }
      }
    }
  }

  if (!customElements.get("policy-assistant")) customElements.define("policy-assistant", PolicyAssistant);

  // A host page that placed no <policy-assistant> gets the floating launcher.
  const mount = () => {
    if (!document.querySelector("policy-assistant")) document.body.append(document.createElement("policy-assistant"));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount, { once: true });
  else mount();
})();
