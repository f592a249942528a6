// mi-Help sandbox page. Plain JavaScript, no dependencies, nothing from the network.
// Every text from the bot or a user is put in the page as text nodes (never as HTML): Telegram's
// formatting arrives as `entities` (UTF-16 offsets, like JavaScript strings) and is rebuilt as elements.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);

  // ------------------------------------------------------------------------------ state
  const state = {
    personas: new Map(), // id -> persona
    current: null, // persona id shown in the phone
    chats: new Map(), // persona id -> Map(message id -> message)
    keyboards: new Map(), // persona id -> reply keyboard | null
    keyboardHidden: new Map(), // persona id -> bool (one-time keyboards hide after a press)
    unreadPhone: new Map(),
    staff: { id: null, title: "", consultant: { id: null, name: "" } },
    topics: new Map(), // thread id -> topic
    staffMessages: new Map(), // message id -> message
    openTopic: "general",
    unreadTopics: new Map(),
    locations: [],
  };
  const topicKey = (threadId) => (threadId === null || threadId === undefined ? "general" : String(threadId));

  // ------------------------------------------------------------------------------ helpers
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function toast(text, kind = "info", sticky = false) {
    const box = el("div", { class: `toast ${kind}`, role: kind === "info" ? "status" : "alert" });
    const close = el("button", { type: "button", text: sticky ? "OK" : "✕", "aria-label": "Close the message" });
    close.addEventListener("click", () => box.remove());
    box.append(el("span", { class: "toast-text", text }), close);
    $("#toasts").append(box);
    if (sticky) close.focus();
    else setTimeout(() => box.remove(), 6000);
  }

  async function api(path, body, { form = false } = {}) {
    const options = { method: "POST" };
    if (form) options.body = body;
    else {
      options.headers = { "Content-Type": "application/json" };
      options.body = JSON.stringify(body || {});
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (error) {
      toast("The sandbox is not reachable. Is it still running?", "error");
      throw error;
    }
    let data = {};
    try {
      data = await response.json();
    } catch (_) {
      data = {};
    }
    if (!response.ok || data.ok === false) {
      const message = data.error || `Request failed (${response.status})`;
      toast(message, "error");
      throw new Error(message);
    }
    return data;
  }
  const quietly = (promise) => promise.catch(() => undefined); // errors are already shown as toasts

  function safeUrl(raw) {
    try {
      const url = new URL(raw, window.location.href);
      return ["http:", "https:", "mailto:", "tel:"].includes(url.protocol) ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  function clock(unix) {
    if (!unix) return "";
    return new Date(unix * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function duration(seconds) {
    if (!seconds && seconds !== 0) return "";
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }

  function size(bytes) {
    if (!bytes && bytes !== 0) return "";
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  // ------------------------------------------------------------------------------ formatted text
  function entityElement(entity, content, scope) {
    switch (entity.type) {
      case "bold": return { node: el("strong") };
      case "italic": return { node: el("em") };
      case "underline": return { node: el("u") };
      case "strikethrough": return { node: el("s") };
      case "spoiler": return { node: el("span", { class: "spoiler", tabindex: "0", title: "Spoiler" }) };
      case "code": return { node: el("code") };
      case "pre": {
        const code = el("code", { "data-language": entity.language || null });
        return { node: el("pre", {}, code), container: code };
      }
      case "blockquote":
      case "expandable_blockquote": return { node: el("blockquote") };
      case "text_link": {
        const href = safeUrl(entity.url || "");
        return { node: href ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }) : el("span") };
      }
      case "url": {
        const href = safeUrl(/^[a-z][a-z0-9+.-]*:/i.test(content) ? content : `http://${content}`);
        return { node: href ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }) : el("span") };
      }
      case "email": return { node: el("a", { href: `mailto:${content}` }) };
      case "phone_number": return { node: el("a", { href: `tel:${content.replace(/[^0-9+]/g, "")}` }) };
      case "bot_command": {
        const button = el("button", { type: "button", class: "cmd-link", title: scope === "phone" ? "Send this command" : "Put this command in the reply box" });
        const command = content.split("@")[0];
        button.addEventListener("click", () => {
          if (scope === "phone") sendText(command);
          else {
            const input = $("#staff-input");
            input.value = `${command} `;
            input.focus();
          }
        });
        return { node: button };
      }
      case "mention":
      case "hashtag":
      case "cashtag":
      case "text_mention": return { node: el("span", { class: "mention" }) };
      default: return { node: el("span") };
    }
  }

  function formatted(text, entities, scope) {
    const list = (entities || [])
      .filter((e) => e.length > 0)
      .map((e) => ({ ...e, end: e.offset + e.length }))
      .sort((a, b) => a.offset - b.offset || b.length - a.length);
    const root = document.createDocumentFragment();
    const build = (parent, start, end, items) => {
      let position = start;
      let i = 0;
      while (i < items.length) {
        const entity = items[i];
        if (entity.offset < position) { i += 1; continue; } // overlaps what was already built
        if (entity.offset >= end) break;
        if (entity.offset > position) parent.append(text.slice(position, entity.offset));
        const stop = Math.min(entity.end, end);
        const inner = [];
        let j = i + 1;
        while (j < items.length && items[j].offset < stop) { inner.push(items[j]); j += 1; }
        const { node, container } = entityElement(entity, text.slice(entity.offset, stop), scope);
        build(container || node, entity.offset, stop, inner);
        parent.append(node);
        position = stop;
        i = j;
      }
      if (position < end) parent.append(text.slice(position, end));
    };
    build(root, 0, text.length, list);
    return root;
  }

  // ------------------------------------------------------------------------------ messages
  const MEDIA = {
    photo: ["📷", "Photo"], document: ["📄", "Document"], voice: ["🎤", "Voice message"], video: ["🎬", "Video"],
    video_note: ["⏺", "Video message"], audio: ["🎵", "Audio"], animation: ["🎞", "GIF"], sticker: ["🙂", "Sticker"],
  };
  const INLINE_IMAGES = ["image/jpeg", "image/png", "image/gif", "image/webp"];

  function mediaCard(media) {
    const [icon, label] = MEDIA[media.kind] || ["📎", "File"];
    const details = [media.file_name, duration(media.duration), size(media.size)].filter(Boolean).join(" · ");
    const body = el("div", { class: "card-body" }, el("strong", { text: media.kind === "sticker" && media.emoji ? `${media.emoji} Sticker` : label }));
    if (details) body.append(el("span", { class: "muted", text: details }));
    if (media.file_id) {
      body.append(el("a", { href: `/file/${encodeURIComponent(media.file_id)}`, download: media.file_name || "", text: "Download" }));
    }
    return el("div", { class: "media-card" }, el("span", { class: "card-icon", "aria-hidden": "true", text: icon }), body);
  }

  function renderMedia(media) {
    if (media.kind === "photo" && INLINE_IMAGES.includes(media.mime_type) && media.file_id) {
      const img = el("img", { class: "photo", src: `/file/${encodeURIComponent(media.file_id)}`, alt: "Photo" });
      img.addEventListener("error", () => img.replaceWith(mediaCard(media)), { once: true }); // sample bytes are no real image
      return img;
    }
    return mediaCard(media);
  }

  function placeCard(place, venue) {
    const lat = Number(place.latitude).toFixed(5);
    const lon = Number(place.longitude).toFixed(5);
    const body = el("div", { class: "card-body" });
    body.append(el("strong", { text: venue ? place.title : "Location" }));
    if (venue && place.address) body.append(el("span", { text: place.address }));
    body.append(el("span", { class: "muted", text: `${lat}, ${lon}` }));
    body.append(el("a", {
      href: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`,
      target: "_blank", rel: "noopener noreferrer", text: "Open the map ↗",
    }));
    return el("div", { class: "place-card" }, el("span", { class: "card-icon", "aria-hidden": "true", text: "📍" }), body);
  }

  function serviceText(service) {
    const name = service.name ? `“${service.name}”` : "";
    switch (service.type) {
      case "forum_topic_created": return `Topic ${name} created`;
      case "forum_topic_edited": return name ? `Topic renamed to ${name}` : "Topic edited";
      case "forum_topic_closed": return "🔒 Topic closed";
      case "forum_topic_reopened": return "🔓 Topic reopened";
      case "new_chat_members": return "New members joined";
      case "left_chat_member": return "A member left";
      case "pinned_message": return "📌 Message pinned";
      default: return service.type.replace(/_/g, " ");
    }
  }

  function inlineKeyboard(message, scope) {
    const box = el("div", { class: "inline-kb" });
    message.buttons.forEach((row, r) => {
      const line = el("div", { class: "kb-row" });
      row.forEach((button, c) => {
        const position = `${r}:${c}`;
        if (button.type === "url") {
          const href = safeUrl(button.url);
          line.append(href
            ? el("a", { class: "kbtn", href, target: "_blank", rel: "noopener noreferrer", "data-pos": position, text: `${button.text} ↗` })
            : el("button", { type: "button", class: "kbtn", disabled: true, "data-pos": position, text: button.text }));
          return;
        }
        const node = el("button", { type: "button", class: "kbtn", "data-pos": position, text: button.text });
        if (button.type === "callback") {
          node.addEventListener("click", () => {
            node.setAttribute("aria-busy", "true");
            const request = scope === "phone"
              ? api("/api/press", { persona: state.current, message_id: message.id, data: button.data })
              : api("/api/staff/press", { message_id: message.id, data: button.data });
            quietly(request).finally(() => node.removeAttribute("aria-busy"));
          });
        } else if (button.type === "copy") {
          node.addEventListener("click", () => {
            quietly(navigator.clipboard.writeText(button.copy).then(() => toast("Copied")));
          });
        } else {
          node.disabled = true;
          node.title = `Not available in the sandbox (${button.what})`;
        }
        line.append(node);
      });
      box.append(line);
    });
    return box;
  }

  function renderMessage(message, scope) {
    if (message.service) {
      return el("div", { class: "service", "data-id": message.id, text: serviceText(message.service) });
    }
    const outgoing = scope === "phone" ? !message.from_bot : message.sender_id === state.staff.consultant.id;
    const internal = scope === "staff" && (message.text || "").startsWith("//");
    const classes = ["msg", outgoing ? "out" : "in", message.from_bot ? "from-bot" : "", internal ? "internal" : ""];
    const wrap = el("div", { class: classes.filter(Boolean).join(" "), "data-id": message.id });
    const bubble = el("div", { class: "bubble" });
    if (scope === "staff" && !outgoing) {
      bubble.append(el("div", { class: "sender", text: message.from_bot ? "mi-Help (bot)" : message.sender }));
    }
    if (message.reply_to) {
      bubble.append(el("div", { class: "reply-quote", text: `↩ ${message.reply_to.sender}: ${message.reply_to.text}` }));
    }
    if (message.media) bubble.append(renderMedia(message.media));
    if (message.venue) bubble.append(placeCard(message.venue, true));
    else if (message.location) bubble.append(placeCard(message.location, false));
    if (message.contact) {
      bubble.append(el("div", { class: "media-card" }, el("span", { class: "card-icon", "aria-hidden": "true", text: "👤" }),
        el("div", { class: "card-body" }, el("strong", { text: message.contact.name }), el("span", { text: message.contact.phone }))));
    }
    if (message.text) {
      const text = el("div", { class: "text" });
      text.append(formatted(message.text, message.entities, scope));
      bubble.append(text);
    }
    const meta = el("div", { class: "meta" });
    if (message.reactions && message.reactions.length) {
      meta.append(el("span", { class: "reactions", "aria-label": "Reactions", text: message.reactions.join(" ") }));
    }
    if (internal) meta.append(el("span", { text: "internal note" }));
    if (message.edited) meta.append(el("span", { text: "edited" }));
    meta.append(el("time", { text: clock(message.date) }));
    bubble.append(meta);
    wrap.append(bubble);
    if (message.buttons && message.buttons.length) wrap.append(inlineKeyboard(message, scope));
    return wrap;
  }

  function nearBottom(log) {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function upsert(log, message, scope) {
    const existing = log.querySelector(`[data-id="${Number(message.id)}"]`);
    if (message.deleted) {
      if (existing) existing.remove();
      return;
    }
    const stick = nearBottom(log);
    const node = renderMessage(message, scope);
    if (existing) {
      // An edited menu keeps the keyboard focus on the same button.
      const focused = existing.contains(document.activeElement) ? document.activeElement.getAttribute("data-pos") : null;
      existing.replaceWith(node);
      if (focused !== null) {
        const target = node.querySelector(`[data-pos="${focused}"]`) || node.querySelector("button, a");
        if (target) target.focus();
      }
    } else {
      let before = null;
      for (const child of log.children) {
        if (Number(child.dataset.id) > message.id) { before = child; break; }
      }
      log.insertBefore(node, before);
    }
    if (stick) log.scrollTop = log.scrollHeight;
  }

  // ------------------------------------------------------------------------------ phone
  const currentPersona = () => state.personas.get(state.current);
  const personaChat = (id) => {
    if (!state.chats.has(id)) state.chats.set(id, new Map());
    return state.chats.get(id);
  };

  // Re-rendering a list must not drop the keyboard focus of someone moving through it.
  function keepFocus(container, attribute, rebuild) {
    const active = document.activeElement;
    const key = active && container.contains(active) ? active.getAttribute(attribute) : null;
    rebuild();
    if (key !== null) {
      const again = container.querySelector(`[${attribute}="${CSS.escape(key)}"]`);
      if (again) again.focus();
    }
  }

  function renderPersonas() {
    const list = $("#persona-list");
    keepFocus(list, "data-persona", () => buildPersonas(list));
  }

  function buildPersonas(list) {
    list.replaceChildren();
    for (const persona of state.personas.values()) {
      const unread = state.unreadPhone.get(persona.id) || 0;
      const label = persona.role === "admin" ? `🛡 ${persona.name}` : persona.name;
      const chip = el("button", {
        type: "button", class: "persona-chip", "aria-pressed": String(persona.id === state.current),
        "data-persona": persona.id, title: persona.role === "admin" ? "The NGO's admin (ADMIN_IDS): /reload, /stats…" : `@${persona.username}`,
      }, label);
      if (unread) chip.append(el("span", { class: "badge", "aria-label": `${unread} unread`, text: String(unread) }));
      chip.addEventListener("click", () => selectPersona(persona.id));
      list.append(chip);
    }
  }

  function renderPhoneHeader() {
    const persona = currentPersona();
    if (!persona) return;
    $("#persona-name").textContent = persona.name;
    const parts = [];
    if (persona.username) parts.push(`@${persona.username}`);
    if (persona.language_code) parts.push(`phone language: ${persona.language_code}`);
    if (persona.role === "admin") parts.push("NGO admin");
    $("#persona-meta").textContent = parts.join(" · ");
  }

  function renderComposer() {
    const persona = currentPersona();
    const started = persona && (persona.started || personaChat(persona.id).size > 0);
    $("#phone-start").hidden = Boolean(started);
    $("#phone-form").hidden = !started;
    if (!started) {
      $("#attach-panel").hidden = true;
      $("#commands-panel").hidden = true;
    }
  }

  function renderKeyboard() {
    const box = $("#reply-keyboard");
    const keyboard = state.keyboards.get(state.current) || null;
    const hidden = state.keyboardHidden.get(state.current) || false;
    const input = $("#phone-input");
    input.placeholder = (keyboard && keyboard.placeholder) || "Message";
    $("#kbd-toggle").hidden = !keyboard;
    $("#kbd-toggle").setAttribute("aria-label", hidden ? "Show the bot's keyboard" : "Hide the bot's keyboard");
    box.replaceChildren();
    if (!keyboard || hidden || $("#phone-form").hidden) {
      box.hidden = true;
      return;
    }
    for (const row of keyboard.rows) {
      const line = el("div", { class: "rk-row" });
      for (const button of row) {
        const what = button.request_location ? "Shares a location" : button.request_contact ? "Shares a phone number" : null;
        const node = el("button", { type: "button", class: "rk-btn", text: button.text, title: what });
        node.addEventListener("click", () => pressReplyButton(button, keyboard));
        line.append(node);
      }
      box.append(line);
    }
    box.hidden = false;
  }

  function renderPhoneLog() {
    const log = $("#phone-log");
    log.replaceChildren();
    log.setAttribute("data-empty", "Press START to talk to the bot.");
    const messages = [...personaChat(state.current).values()].sort((a, b) => a.id - b.id);
    for (const message of messages) if (!message.deleted) log.append(renderMessage(message, "phone"));
    log.scrollTop = log.scrollHeight;
  }

  function selectPersona(id) {
    state.current = id;
    state.unreadPhone.set(id, 0);
    $("#phone-status").textContent = "bot";
    renderPersonas();
    renderPhoneHeader();
    renderComposer();
    renderPhoneLog();
    renderKeyboard();
    const commandsOpen = !$("#commands-panel").hidden;
    if (commandsOpen) quietly(loadCommands());
  }

  function sendText(text) {
    if (!text.trim() || state.current === null) return Promise.resolve();
    return quietly(api("/api/send", { persona: state.current, text }));
  }

  function pressReplyButton(button, keyboard) {
    if (button.request_location) {
      openPanel("attach");
      const first = $("#location-presets button");
      if (first) first.focus();
      toast("The bot asks for your location: pick a place or type coordinates.");
      return;
    }
    if (keyboard.one_time) {
      state.keyboardHidden.set(state.current, true);
      renderKeyboard();
    }
    quietly(api("/api/keyboard", { persona: state.current, text: button.text }));
  }

  function openPanel(which) {
    const panels = { attach: ["#attach-panel", "#attach-btn"], commands: ["#commands-panel", "#commands-btn"] };
    for (const [name, [panel, toggle]] of Object.entries(panels)) {
      const show = name === which && $(panel).hidden;
      $(panel).hidden = !show;
      $(toggle).setAttribute("aria-expanded", String(show));
    }
  }

  async function loadCommands() {
    const list = $("#commands-list");
    list.replaceChildren(el("span", { class: "muted", text: "Loading…" }));
    let data = { commands: [] };
    try {
      const response = await fetch(`/api/commands?persona=${encodeURIComponent(state.current)}`);
      if (response.ok) data = await response.json();
    } catch (_) {
      data = { commands: [] };
    }
    list.replaceChildren();
    for (const command of data.commands || []) {
      const node = el("button", { type: "button", class: "btn small", text: `/${command.command} — ${command.description}` });
      node.addEventListener("click", () => {
        openPanel(null);
        sendText(`/${command.command}`);
      });
      list.append(node);
    }
    if (!list.children.length) list.append(el("span", { class: "muted", text: "The bot has not set any commands." }));
  }

  async function upload(url, kind, file, extra) {
    const form = new FormData();
    form.append("kind", kind);
    for (const [key, value] of Object.entries(extra)) if (value !== null && value !== undefined) form.append(key, value);
    if (file) form.append("file", file, file.name);
    return quietly(api(url, form, { form: true }));
  }

  function phoneUpload(kind, file) {
    const caption = $("#attach-caption").value;
    $("#attach-caption").value = "";
    openPanel(null);
    return upload("/api/upload", kind, file, { persona: state.current, caption: kind === "voice" ? null : caption });
  }

  function shareLocation(latitude, longitude) {
    openPanel(null);
    const keyboard = state.keyboards.get(state.current);
    if (keyboard && keyboard.one_time) {
      state.keyboardHidden.set(state.current, true);
      renderKeyboard();
    }
    return quietly(api("/api/location", { persona: state.current, latitude, longitude }));
  }

  // ------------------------------------------------------------------------------ staff
  function topicLabel(key) {
    if (key === "general") return "General";
    const topic = state.topics.get(key);
    return topic ? topic.name : "Topic";
  }

  function renderTopics() {
    const list = $("#topic-list");
    keepFocus(list, "data-topic", () => buildTopics(list));
  }

  function buildTopics(list) {
    list.replaceChildren();
    const keys = ["general", ...[...state.topics.values()].filter((t) => !t.deleted).sort((a, b) => b.thread_id - a.thread_id).map((t) => String(t.thread_id))];
    for (const key of keys) {
      const topic = state.topics.get(key);
      const unread = state.unreadTopics.get(key) || 0;
      const button = el("button", {
        type: "button", class: "topic", "data-topic": key, "aria-current": key === state.openTopic ? "true" : null,
      }, el("span", { class: "topic-name", text: `${topic && topic.closed ? "🔒 " : key === "general" ? "# " : "💬 "}${topicLabel(key)}` }));
      if (unread) button.append(el("span", { class: "badge", "aria-label": `${unread} unread`, text: String(unread) }));
      button.addEventListener("click", () => openTopic(key));
      list.append(el("li", {}, button));
    }
  }

  function renderStaffLog() {
    const log = $("#staff-log");
    log.replaceChildren();
    log.setAttribute("data-empty", state.openTopic === "general" ? "New consultations open a topic each: choose one on the left." : "No messages yet.");
    const messages = [...state.staffMessages.values()].filter((m) => topicKey(m.thread_id) === state.openTopic).sort((a, b) => a.id - b.id);
    for (const message of messages) if (!message.deleted) log.append(renderMessage(message, "staff"));
    log.scrollTop = log.scrollHeight;
    const topic = state.topics.get(state.openTopic);
    $("#topic-title").textContent = topicLabel(state.openTopic);
    $("#topic-closed-note").hidden = !(topic && topic.closed);
  }

  function openTopic(key) {
    if (key !== "general" && (!state.topics.has(key) || state.topics.get(key).deleted)) key = "general";
    state.openTopic = key;
    state.unreadTopics.set(key, 0);
    $("#staff-status").textContent = "";
    renderTopics();
    renderStaffLog();
  }

  function staffThread() {
    return state.openTopic === "general" ? null : Number(state.openTopic);
  }

  // ------------------------------------------------------------------------------ live updates
  function applySnapshot(snapshot) {
    state.personas = new Map(snapshot.personas.map((p) => [p.id, p]));
    state.chats = new Map();
    state.keyboards = new Map();
    for (const [id, chat] of Object.entries(snapshot.chats)) {
      state.chats.set(Number(id), new Map(chat.messages.map((m) => [m.id, m])));
      state.keyboards.set(Number(id), chat.keyboard);
    }
    state.staff = { id: snapshot.staff.id, title: snapshot.staff.title, consultant: snapshot.staff.consultant };
    state.topics = new Map(snapshot.staff.topics.map((t) => [String(t.thread_id), t]));
    state.staffMessages = new Map(snapshot.staff.messages.map((m) => [m.id, m]));
    state.locations = snapshot.locations;
    if (!state.personas.has(state.current)) state.current = snapshot.personas.length ? snapshot.personas[0].id : null;

    $("#staff-title").textContent = snapshot.staff.title;
    $("#consultant-name").textContent = snapshot.staff.consultant.name;
    $("#staff-input").placeholder = `Reply as ${snapshot.staff.consultant.name}`;
    renderLocations();
    selectPersona(state.current);
    openTopic(state.openTopic);
  }

  function renderLocations() {
    const box = $("#location-presets");
    box.replaceChildren();
    for (const place of state.locations) {
      const node = el("button", { type: "button", class: "btn small", text: `📍 ${place.name}` });
      node.addEventListener("click", () => shareLocation(place.latitude, place.longitude));
      box.append(node);
    }
  }

  const typingTimers = {};
  function showTyping(target, text) {
    const node = $(target);
    node.textContent = text;
    node.classList.add("typing");
    clearTimeout(typingTimers[target]);
    typingTimers[target] = setTimeout(() => {
      node.classList.remove("typing");
      node.textContent = target === "#phone-status" ? "bot" : "";
    }, 4000);
  }

  function onUpdate(update) {
    switch (update.type) {
      case "snapshot":
        applySnapshot(update);
        break;
      case "persona": {
        const known = state.personas.has(update.persona.id);
        state.personas.set(update.persona.id, update.persona);
        renderPersonas();
        if (update.persona.id === state.current) {
          renderPhoneHeader();
          renderComposer();
          renderKeyboard();
        }
        if (!known) personaChat(update.persona.id);
        break;
      }
      case "message":
        if (update.scope === "phone") onPhoneMessage(update);
        else onStaffMessage(update);
        break;
      case "keyboard": {
        const before = JSON.stringify(state.keyboards.get(update.persona) || null);
        const after = JSON.stringify(update.keyboard || null);
        if (before !== after) {
          state.keyboards.set(update.persona, update.keyboard);
          state.keyboardHidden.set(update.persona, false);
          if (update.persona === state.current) renderKeyboard();
        }
        break;
      }
      case "topic": {
        const key = String(update.topic.thread_id);
        state.topics.set(key, update.topic);
        if (update.topic.deleted && state.openTopic === key) openTopic("general");
        else if (state.openTopic === key) renderStaffLog();
        renderTopics();
        break;
      }
      case "toast":
        if (update.scope === "staff" || update.persona === state.current) toast(update.text, update.alert ? "alert" : "info", update.alert);
        break;
      case "typing":
        if (update.scope === "phone" && update.persona === state.current) showTyping("#phone-status", "typing…");
        if (update.scope === "staff" && topicKey(update.thread_id) === state.openTopic) showTyping("#staff-status", "mi-Help is typing…");
        break;
      default:
        break;
    }
  }

  function onPhoneMessage(update) {
    const chat = personaChat(update.persona);
    const message = update.message;
    chat.set(message.id, message);
    if (update.persona === state.current) {
      upsert($("#phone-log"), message, "phone");
      renderComposer();
    } else if (update.action === "created" && message.from_bot) {
      state.unreadPhone.set(update.persona, (state.unreadPhone.get(update.persona) || 0) + 1);
      renderPersonas();
    }
  }

  function onStaffMessage(update) {
    const message = update.message;
    state.staffMessages.set(message.id, message);
    const key = topicKey(message.thread_id);
    if (key === state.openTopic) {
      upsert($("#staff-log"), message, "staff");
    } else if (update.action === "created" && !message.service && message.sender_id !== state.staff.consultant.id) {
      state.unreadTopics.set(key, (state.unreadTopics.get(key) || 0) + 1);
      renderTopics();
    }
  }

  let retryDelay = 500;
  function connect() {
    const status = $("#connection");
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}/ws`);
    socket.addEventListener("open", () => {
      retryDelay = 500;
      status.textContent = "Live";
      status.className = "connection live";
    });
    socket.addEventListener("message", (event) => {
      try {
        onUpdate(JSON.parse(event.data));
      } catch (error) {
        console.error("sandbox update failed", error);
      }
    });
    socket.addEventListener("close", () => {
      status.textContent = "Disconnected, reconnecting…";
      status.className = "connection down";
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 8000);
    });
  }

  // ------------------------------------------------------------------------------ knowledge reload
  function showReload(result) {
    const box = $("#kb-result");
    const failed = !result.ok;
    box.classList.toggle("failed", failed);
    $("#kb-result-title").textContent = failed ? "❌ Reload refused: the content has errors" : "✅ Knowledge reloaded";
    $("#kb-result-summary").textContent = failed
      ? `${result.errors.length} error(s). The bot keeps the previous content (${result.articles} articles) until they are fixed.`
      : `${result.articles} articles are live, ${result.warnings.length} warning(s).`;
    const item = (problem) => el("li", {}, el("code", { class: "where", text: `${problem.path}:${problem.line}` }), ` ${problem.message}`);
    $("#kb-errors").replaceChildren(...result.errors.map(item));
    $("#kb-warnings").replaceChildren(...result.warnings.map(item));
    const toggle = $("#kb-warnings-toggle");
    toggle.hidden = result.warnings.length === 0;
    toggle.textContent = `Show ${result.warnings.length} warning(s)`;
    toggle.setAttribute("aria-expanded", "false");
    $("#kb-warnings").hidden = true;
    box.hidden = false;
  }

  // ------------------------------------------------------------------------------ wiring
  function wire() {
    $("#phone-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = $("#phone-input");
      const text = input.value;
      if (!text.trim()) return;
      input.value = "";
      sendText(text);
    });
    $("#start-btn").addEventListener("click", () => {
      quietly(api("/api/start", { persona: state.current })).then(() => $("#phone-input").focus());
    });
    $("#add-persona").addEventListener("click", () => {
      quietly(api("/api/personas", {}).then((data) => {
        state.personas.set(data.persona.id, data.persona);
        selectPersona(data.persona.id);
        $("#start-btn").focus();
      }));
    });
    $("#attach-btn").addEventListener("click", () => openPanel("attach"));
    $("#commands-btn").addEventListener("click", () => {
      openPanel("commands");
      if (!$("#commands-panel").hidden) quietly(loadCommands());
    });
    $("#kbd-toggle").addEventListener("click", () => {
      state.keyboardHidden.set(state.current, !state.keyboardHidden.get(state.current));
      renderKeyboard();
    });

    let pendingKind = null;
    const fileInput = $("#file-input");
    for (const button of document.querySelectorAll("[data-upload]")) {
      button.addEventListener("click", () => {
        pendingKind = button.getAttribute("data-upload");
        fileInput.accept = pendingKind === "photo" ? "image/*" : "";
        fileInput.value = "";
        fileInput.click();
      });
    }
    fileInput.addEventListener("change", () => {
      if (fileInput.files.length && pendingKind) phoneUpload(pendingKind, fileInput.files[0]);
    });
    for (const button of document.querySelectorAll("[data-sample]")) {
      button.addEventListener("click", () => phoneUpload(button.getAttribute("data-sample"), null));
    }
    $("#share-typed").addEventListener("click", () => {
      const lat = Number.parseFloat($("#lat").value);
      const lon = Number.parseFloat($("#lon").value);
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        toast("Type a latitude (−90…90) and a longitude (−180…180), e.g. 55.7963 and 49.1088.", "error");
        return;
      }
      shareLocation(lat, lon);
    });

    $("#staff-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = $("#staff-input");
      const text = input.value;
      if (!text.trim()) return;
      input.value = "";
      quietly(api("/api/staff/send", { thread_id: staffThread(), text }));
    });
    $("#staff-attach-btn").addEventListener("click", () => {
      const panel = $("#staff-attach-panel");
      panel.hidden = !panel.hidden;
      $("#staff-attach-btn").setAttribute("aria-expanded", String(!panel.hidden));
    });
    let staffKind = null;
    const staffFile = $("#staff-file-input");
    const staffUpload = (kind, file) => {
      $("#staff-attach-panel").hidden = true;
      $("#staff-attach-btn").setAttribute("aria-expanded", "false");
      const thread = staffThread();
      return upload("/api/staff/upload", kind, file, { thread_id: thread === null ? "" : String(thread) });
    };
    for (const button of document.querySelectorAll("[data-staff-upload]")) {
      button.addEventListener("click", () => {
        staffKind = button.getAttribute("data-staff-upload");
        staffFile.accept = staffKind === "photo" ? "image/*" : "";
        staffFile.value = "";
        staffFile.click();
      });
    }
    staffFile.addEventListener("change", () => {
      if (staffFile.files.length && staffKind) staffUpload(staffKind, staffFile.files[0]);
    });
    for (const button of document.querySelectorAll("[data-staff-sample]")) {
      button.addEventListener("click", () => staffUpload(button.getAttribute("data-staff-sample"), null));
    }

    $("#reload-kb").addEventListener("click", () => {
      const button = $("#reload-kb");
      button.disabled = true;
      button.textContent = "Reloading…";
      quietly(api("/api/reload", {}).then((data) => showReload(data.result))).finally(() => {
        button.disabled = false;
        button.textContent = "Reload knowledge";
      });
    });
    $("#kb-result-close").addEventListener("click", () => {
      $("#kb-result").hidden = true;
      $("#reload-kb").focus();
    });
    $("#kb-warnings-toggle").addEventListener("click", () => {
      const list = $("#kb-warnings");
      list.hidden = !list.hidden;
      const toggle = $("#kb-warnings-toggle");
      toggle.setAttribute("aria-expanded", String(!list.hidden));
      toggle.textContent = `${list.hidden ? "Show" : "Hide"} ${list.children.length} warning(s)`;
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        openPanel(null);
        $("#staff-attach-panel").hidden = true;
      }
    });
  }

  wire();
  connect();
})();
