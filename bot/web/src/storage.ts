// What the page keeps in the browser, and nothing more.
//
// localStorage: the client secret (it binds logins to this browser and names the
// conversation on the server), the session id the server confirmed, and whether
// 关怀模式 is on (a display preference: 新对话 keeps it).
// sessionStorage: a short transcript, so a reload shows the conversation again
// without ever asking the server for it; it goes when the tab is closed.

export interface Choice {
  title: string;
  payload: string;
}

export type Role = "user" | "bot" | "note";

export interface Entry {
  role: Role;
  text: string;
  choices?: Choice[];
  /** Index of the choice the user clicked; the others are then spent. */
  chosen?: number;
  /** A login link the bot sent. */
  login?: string;
}

const SECRET_KEY = "hz12333.webchat.clientSecret";
const SESSION_KEY = "hz12333.webchat.sessionId";
const TRANSCRIPT_KEY = "hz12333.webchat.transcript";
const CARE_KEY = "hz12333.webchat.care";
const SAVED_CALL_KEY = "hz12333.webchat.savedCallAsked";
/** The goodbye's "did we save you a call?" comes at most once a day per browser. */
const SAVED_CALL_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** Enough to pick up a conversation; an old one is not worth the space or the exposure. */
export const MAX_ENTRIES = 80;
const SECRET_RE = /^[A-Za-z0-9_-]{32,128}$/;

// Storage throws in some private modes and when site data is blocked; the page
// then works as a one-tab conversation held in memory.
const memory = new Map<string, string>();

function get(store: "local" | "session", key: string): string | null {
  try {
    return (store === "local" ? window.localStorage : window.sessionStorage).getItem(key);
  } catch {
    return memory.get(`${store}:${key}`) ?? null;
  }
}

function set(store: "local" | "session", key: string, value: string): void {
  try {
    (store === "local" ? window.localStorage : window.sessionStorage).setItem(key, value);
  } catch {
    memory.set(`${store}:${key}`, value);
  }
}

function remove(store: "local" | "session", key: string): void {
  try {
    (store === "local" ? window.localStorage : window.sessionStorage).removeItem(key);
  } catch {
    // Nothing stored there to remove.
  }
  memory.delete(`${store}:${key}`);
}

function newSecret(): string {
  const bytes = new Uint8Array(32);
  window.crypto.getRandomValues(bytes);
  let binary = "";
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A new id for one message: the server answers it once, however often it is sent. */
export function newMessageId(): string {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** This browser's secret, made once and then kept. */
export function clientSecret(): string {
  const stored = get("local", SECRET_KEY);
  if (stored && SECRET_RE.test(stored)) {
    return stored;
  }
  const secret = newSecret();
  set("local", SECRET_KEY, secret);
  return secret;
}

export function storedSessionId(): string | null {
  return get("local", SESSION_KEY);
}

export function saveSessionId(id: string): void {
  set("local", SESSION_KEY, id);
}

/** Whether the saved-a-call question may be shown now; if so, now is remembered. */
export function mayAskSavedCall(now: number = Date.now()): boolean {
  const last = Number(get("local", SAVED_CALL_KEY) ?? "0");
  if (Number.isFinite(last) && now - last < SAVED_CALL_INTERVAL_MS) {
    return false;
  }
  set("local", SAVED_CALL_KEY, String(now));
  return true;
}

/** Whether this browser chose 关怀模式 (the elderly-friendly display). */
export function careMode(): boolean {
  return get("local", CARE_KEY) === "on";
}

export function saveCareMode(on: boolean): void {
  if (on) {
    set("local", CARE_KEY, "on");
  } else {
    remove("local", CARE_KEY);
  }
}

function isChoice(value: unknown): value is Choice {
  const c = value as Choice;
  return !!c && typeof c.title === "string" && typeof c.payload === "string";
}

function isEntry(value: unknown): value is Entry {
  const e = value as Entry;
  return (
    !!e &&
    (e.role === "user" || e.role === "bot" || e.role === "note") &&
    typeof e.text === "string" &&
    (e.choices === undefined || (Array.isArray(e.choices) && e.choices.every(isChoice))) &&
    (e.chosen === undefined || typeof e.chosen === "number") &&
    (e.login === undefined || typeof e.login === "string")
  );
}

export function loadTranscript(): Entry[] {
  const raw = get("session", TRANSCRIPT_KEY);
  if (!raw) {
    return [];
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isEntry).slice(-MAX_ENTRIES) : [];
  } catch {
    return [];
  }
}

export function saveTranscript(entries: Entry[]): void {
  set("session", TRANSCRIPT_KEY, JSON.stringify(entries.slice(-MAX_ENTRIES)));
}

/** Forget the conversation in this browser: the next one starts afresh. */
export function forgetConversation(): void {
  remove("local", SECRET_KEY);
  remove("local", SESSION_KEY);
  remove("session", TRANSCRIPT_KEY);
}
