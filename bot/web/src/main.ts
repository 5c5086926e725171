// The web chat of the 12333 online-services companion.
//
// Talks to the bot's socket.io channel (bot/channels/web.py): "session_request"
// once connected, "user_uttered" for each message, and the bot's replies as
// "bot_uttered". Everything shown is built from text nodes (see render.ts).

import { io } from "socket.io-client";

import { feedbackGroup, savedCallGroup } from "./feedback";
import { LoginDialog } from "./login";
import { appendText, safeHttpUrl } from "./render";
import { readAloudButton, stopReading } from "./speech";
import {
  type Choice,
  type Entry,
  careMode,
  clientSecret,
  forgetConversation,
  loadTranscript,
  mayAskSavedCall,
  saveCareMode,
  saveSessionId,
  saveTranscript,
  newMessageId,
  storedSessionId,
} from "./storage";

/** How long to wait for a reply before telling the user something went wrong. */
const REPLY_TIMEOUT_MS = 25_000;
/** Sent, unseen, when a conversation starts, so that the bot introduces itself. */
const GREETING_PAYLOAD = "/greet";
const LOGIN_PROMPT = "请在弹出的窗口中登录网上办事。";
const NO_REPLY_NOTE = "暂时没有收到回复，请稍后再试；如需帮助，请致电 12333 或发邮件至 hz12333@hz.gov.cn。";
const NEW_SESSION_NOTE = "之前的对话已结束，这是一段新的对话。";
/** In 关怀模式 a new answer is shown from its first line, this far below the top of the view. */
const CARE_SCROLL_MARGIN_PX = 12;

interface BotMessage {
  text?: unknown;
  quick_replies?: unknown;
  buttons?: unknown;
  custom?: unknown;
  attachment?: unknown;
}

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const log = byId<HTMLOListElement>("log");
const form = byId<HTMLFormElement>("composer");
const input = byId<HTMLTextAreaElement>("input");
const statusLine = byId<HTMLElement>("status");
const alertLine = byId<HTMLElement>("alert");
const transcript = byId<HTMLElement>("announcer");
const resetButton = byId<HTMLButtonElement>("reset");
const careButton = byId<HTMLButtonElement>("care");
const typing = document.createElement("li");
typing.className = "typing";
typing.setAttribute("aria-hidden", "true");
typing.append(document.createElement("span"), document.createElement("span"), document.createElement("span"));

let entries: Entry[] = loadTranscript();
const rendered = new WeakMap<Entry, HTMLLIElement>();
let sessionId: string | null = storedSessionId();
let greeted = false;
let replyTimer: number | undefined;
/** The first message of the bot's current reply: 关怀模式 keeps it in view. */
let replyStart: HTMLLIElement | null = null;
/** The kind of pointer that pressed last ("" for keys): a finger gets no keyboard popped up. */
let lastPointer = "";

// The bot itself says how the login went, through the socket.
const loginDialog = new LoginDialog(byId<HTMLDialogElement>("login"), input, () => input.focus());

const socket = io({
  // The socket.io endpoint sits at the server root, beside /chat/; resolving it
  // from the page keeps it right behind a proxy that adds a path prefix.
  path: new URL("../socket.io", window.location.href).pathname,
  transports: ["websocket", "polling"],
  tryAllTransports: true,
  auth: { client_secret: clientSecret() },
});

/** A problem goes to the role="alert" line, read out at once; the rest to the polite status. */
function setStatus(text: string, problem = false): void {
  statusLine.textContent = problem ? "" : text;
  alertLine.textContent = problem ? text : "";
}

function afterNextFrame(run: () => void): void {
  window.requestAnimationFrame(() => window.requestAnimationFrame(run));
}

/**
 * Runs ``change`` with the transcript's live region off, for changes that add
 * nothing new to say: restoring the conversation, or showing the read-aloud
 * buttons of 关怀模式. The region is turned on again once the browser has taken
 * the change in (after a frame), so a screen reader never reads the history again.
 */
function quietly(change: () => void): void {
  transcript.setAttribute("aria-live", "off");
  change();
  afterNextFrame(() => transcript.setAttribute("aria-live", "polite"));
}

function isCare(): boolean {
  return document.documentElement.classList.contains("care");
}

/**
 * Shows the newest message. 关怀模式 does not run ahead of the reader: a long
 * reply stays at its first line, and the reader scrolls on at their own pace.
 */
function scrollToEnd(): void {
  const end = log.scrollHeight - log.clientHeight;
  if (isCare() && replyStart?.isConnected) {
    log.scrollTop = Math.min(replyStart.offsetTop - CARE_SCROLL_MARGIN_PX, end);
  } else {
    log.scrollTop = end;
  }
}

function setCare(on: boolean): void {
  quietly(() => {
    document.documentElement.classList.toggle("care", on);
    careButton.setAttribute("aria-pressed", String(on));
  });
  if (!on) {
    stopReading();
  }
}

function choiceGroup(entry: Entry): HTMLElement {
  const group = document.createElement("div");
  group.className = "choices";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "可选的问题");
  (entry.choices ?? []).forEach((choice, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "choice";
    button.textContent = choice.title;
    if (entry.chosen !== undefined) {
      button.disabled = true;
      button.setAttribute("aria-pressed", String(entry.chosen === index));
    }
    button.addEventListener("click", (event) => {
      if (entry.chosen !== undefined) {
        return;
      }
      entry.chosen = index;
      saveTranscript(entries);
      group.querySelectorAll("button").forEach((b, i) => {
        b.disabled = true;
        b.setAttribute("aria-pressed", String(i === index));
      });
      send(choice.payload, choice.title);
      // The pressed button is now disabled and would drop focus to the page: the
      // conversation goes on in the text box. Not after a finger's tap (a click
      // with detail 0 came from a key), where focus would pop up the phone's
      // keyboard over the answer.
      if (lastPointer !== "touch" || event.detail === 0) {
        input.focus();
      }
    });
    group.append(button);
  });
  return group;
}

function loginButton(url: string): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "choice login-open";
  button.textContent = "打开登录窗口";
  button.addEventListener("click", () => loginDialog.open(url));
  return button;
}

function renderEntry(entry: Entry): HTMLLIElement {
  const item = document.createElement("li");
  rendered.set(entry, item);
  item.className = `msg ${entry.role}`;
  if (entry.role === "note") {
    item.textContent = entry.text;
    return item;
  }
  const who = document.createElement("span");
  who.className = "sr-only";
  who.textContent = entry.role === "user" ? "您说：" : "助手说：";
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  appendText(bubble, entry.text, entry.role === "bot");
  item.append(who);
  // Shown only in 关怀模式 (styles.css), where the browser can speak; above the
  // answer, which 关怀模式 shows from its first line.
  const speak = entry.role === "bot" ? readAloudButton(entry.text) : null;
  if (speak) {
    item.append(speak);
  }
  item.append(bubble);
  if (entry.choices?.length) {
    item.append(choiceGroup(entry));
  }
  if (entry.login) {
    item.append(loginButton(entry.login));
  }
  // An answer, not a question back: the buttons would compete with its choices.
  if (entry.role === "bot" && entry.text && !entry.choices?.length && !entry.login) {
    item.append(feedbackGroup(entry.text));
  }
  return item;
}

/** Adds a message; the transcript's live region announces it, once. */
function add(entry: Entry): void {
  entries.push(entry);
  saveTranscript(entries);
  const item = renderEntry(entry);
  log.insertBefore(item, typing.isConnected ? typing : null);
  if (entry.role === "user") {
    replyStart = null;
  } else if (!replyStart) {
    replyStart = item;
  }
  scrollToEnd();
}

function startWaiting(): void {
  window.clearTimeout(replyTimer);
  log.append(typing);
  scrollToEnd();
  replyTimer = window.setTimeout(() => {
    stopWaiting();
    add({ role: "note", text: NO_REPLY_NOTE });
  }, REPLY_TIMEOUT_MS);
}

function stopWaiting(): void {
  window.clearTimeout(replyTimer);
  typing.remove();
}

/**
 * The message last sent on a live connection that no reply has followed yet. A
 * connection that drops meanwhile may have taken its answer with it (the server
 * restarted after running the turn): it is sent again, under the same id, once the
 * page is connected again, and the server answers it from the turn it stored
 * instead of running it twice. A message sent while disconnected is not kept:
 * socket.io sends that one itself on reconnecting.
 */
let unanswered: { message: string; message_id: string } | null = null;

function emitMessage(message: string): void {
  const sent = { message, message_id: newMessageId() };
  unanswered = socket.connected ? sent : null;
  socket.emit("user_uttered", { ...sent, session_id: sessionId });
  startWaiting();
}

/** Sends ``message``; the log shows ``shown`` (a button's title instead of its payload). */
function send(message: string, shown: string = message): void {
  if (!message.trim()) {
    return;
  }
  add({ role: "user", text: shown });
  emitMessage(message);
}

function choicesOf(raw: unknown): Choice[] {
  if (!Array.isArray(raw)) {
    return [];
  }
  return raw
    .filter((c): c is Choice => !!c && typeof c.title === "string" && typeof c.payload === "string")
    .map((c) => ({ title: c.title, payload: c.payload }));
}

function onBotMessage(raw: unknown): void {
  if (!raw || typeof raw !== "object") {
    return;
  }
  unanswered = null;
  const message = raw as BotMessage;
  const custom = message.custom as { type?: unknown; url?: unknown; text?: unknown } | undefined;
  stopWaiting();
  if (custom && custom.type === "login" && typeof custom.url === "string") {
    showLogin(custom.url, typeof custom.text === "string" ? custom.text : "");
    return;
  }
  if (custom && custom.type === "ask_saved_call") {
    askSavedCall(custom as Record<string, unknown>);
    return;
  }
  const text = typeof message.text === "string" ? message.text : "";
  const choices = choicesOf(message.quick_replies ?? message.buttons);
  const attachment = message.attachment as { payload?: { src?: unknown } } | undefined;
  const src = attachment?.payload?.src;
  if (text || choices.length) {
    add({ role: "bot", text, choices: choices.length ? choices : undefined });
  } else if (typeof src === "string") {
    add({ role: "bot", text: `附件：${src}` });
  }
}

/** The goodbye's question whether we saved a 12333 call: asked once a day in this browser. */
function askSavedCall(custom: Record<string, unknown>): void {
  const text = (key: string) => (typeof custom[key] === "string" ? (custom[key] as string) : "");
  if (!text("question") || !mayAskSavedCall()) {
    return;
  }
  const last = entries[entries.length - 1];
  const item = last && rendered.get(last);
  if (item) {
    item.append(
      savedCallGroup({ question: text("question"), yes: text("yes"), no: text("no"), thanks: text("thanks") }),
    );
  }
}

/** The bot asks for a login: the pop-up opens, and the message keeps a button to reopen it. */
function showLogin(url: string, text: string): void {
  if (!safeHttpUrl(url, window.location.href)) {
    return;
  }
  // The bot usually says why and gives the link as text just before; the button
  // then joins that message instead of repeating it.
  const last = entries[entries.length - 1];
  const item = last && rendered.get(last);
  if (!text && last?.role === "bot" && last.text.includes(url) && !last.login && item) {
    last.login = url;
    saveTranscript(entries);
    item.append(loginButton(url));
    scrollToEnd();
  } else {
    add({ role: "bot", text: text || LOGIN_PROMPT, login: url });
  }
  loginDialog.open(url);
}

function submit(): void {
  const text = input.value.trim();
  if (!text) {
    input.focus();
    return;
  }
  input.value = "";
  autosize();
  send(text);
  input.focus();
}

function autosize(): void {
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
}

// An input method (拼音, 五笔…) uses Enter to pick a candidate: that Enter must
// never send. Chrome and Firefox flag it with isComposing; Safari ends the
// composition first and reports keyCode 229; the flag covers the rest.
let composing = false;
input.addEventListener("compositionstart", () => {
  composing = true;
});
input.addEventListener("compositionend", () => {
  composing = false;
});
input.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || event.shiftKey) {
    return;
  }
  if (event.isComposing || composing || event.keyCode === 229) {
    return;
  }
  event.preventDefault();
  submit();
});
input.addEventListener("input", autosize);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  submit();
});

careButton.addEventListener("click", () => {
  const on = !isCare();
  saveCareMode(on);
  setCare(on);
  scrollToEnd();
});

document.addEventListener(
  "pointerdown",
  (event) => {
    lastPointer = event.pointerType;
  },
  true,
);
document.addEventListener(
  "keydown",
  () => {
    lastPointer = "";
  },
  true,
);

resetButton.addEventListener("click", () => {
  stopWaiting();
  stopReading();
  forgetConversation();
  entries = [];
  sessionId = null;
  greeted = false;
  unanswered = null;
  replyStart = null;
  log.replaceChildren();
  socket.auth = { client_secret: clientSecret() };
  socket.disconnect().connect();
  input.focus();
});

socket.on("connect", () => {
  setStatus("已连接");
  socket.emit("session_request", { session_id: sessionId });
  if (unanswered) {
    socket.emit("user_uttered", { ...unanswered, session_id: sessionId });
  }
});

socket.on("session_confirm", (confirmed: unknown) => {
  if (typeof confirmed !== "string") {
    return;
  }
  if (sessionId && sessionId !== confirmed && entries.length) {
    // The server no longer knows that conversation (its key changed): what is on
    // screen would mislead.
    entries = [];
    log.replaceChildren();
    add({ role: "note", text: NEW_SESSION_NOTE });
  }
  sessionId = confirmed;
  saveSessionId(confirmed);
  if (!greeted && !entries.some((e) => e.role !== "note")) {
    greeted = true;
    emitMessage(GREETING_PAYLOAD);
  }
});

socket.on("bot_uttered", onBotMessage);

socket.on("disconnect", (reason) => {
  if (reason !== "io client disconnect") {
    setStatus("连接已断开，正在重新连接…", true);
  }
});

socket.on("connect_error", () => {
  setStatus("暂时连接不上智能助手，正在重试。如需帮助，请致电 12333。", true);
});

// The conversation restored after a reload is shown, not read out again.
quietly(() => {
  document.documentElement.classList.toggle("care", careMode());
  careButton.setAttribute("aria-pressed", String(careMode()));
  entries.forEach((entry) => log.append(renderEntry(entry)));
});
greeted = entries.some((e) => e.role !== "note");
scrollToEnd();
autosize();
