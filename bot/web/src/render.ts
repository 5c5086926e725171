// Text to DOM without ever parsing HTML: every character a user or the bot sends
// ends up in a text node. Links are elements we build ourselves.

// A URL stops at whitespace, quotes, angle brackets and Chinese punctuation, so
// "网址是 http://www.zjhz.hrss.gov.cn，点击" links only the address.
const TOKEN_RE =
  /(https?:\/\/[^\s<>"'`（）()【】《》「」，。；：！？、]+)|([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})|([0-9]+)/g;
const TRAILING_PUNCTUATION_RE = /[.,;:!?]+$/;
const HOTLINE = "12333";

/** The URL as the browser would open it, only when it is http or https. */
export function safeHttpUrl(raw: string, base?: string): string | null {
  try {
    const url = new URL(raw, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function srOnly(text: string): HTMLSpanElement {
  const span = document.createElement("span");
  span.className = "sr-only";
  span.textContent = text;
  return span;
}

export function externalLink(href: string, label: string): HTMLAnchorElement {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = label;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.append(srOnly("（在新窗口打开）"));
  return a;
}

function plainLink(href: string, label: string): HTMLAnchorElement {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = label;
  return a;
}

function appendLine(parent: HTMLElement, line: string): void {
  let last = 0;
  for (const match of line.matchAll(TOKEN_RE)) {
    const start = match.index ?? 0;
    let token = match[0];
    let node: Node | null = null;
    if (match[1]) {
      token = token.replace(TRAILING_PUNCTUATION_RE, "");
      const href = safeHttpUrl(token);
      node = href ? externalLink(href, token) : null;
    } else if (match[2]) {
      node = plainLink(`mailto:${token}`, token);
    } else if (token === HOTLINE && !/[A-Za-z]$/.test(line.slice(0, start))) {
      node = plainLink(`tel:${HOTLINE}`, token);
    }
    if (!node) {
      continue;
    }
    if (start > last) {
      parent.append(document.createTextNode(line.slice(last, start)));
    }
    parent.append(node);
    last = start + token.length;
  }
  if (last < line.length) {
    parent.append(document.createTextNode(line.slice(last)));
  }
}

/** Line breaks become <br>; with ``links``, web addresses, mail and 12333 become links. */
export function appendText(parent: HTMLElement, text: string, links: boolean): void {
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (i > 0) {
      parent.append(document.createElement("br"));
    }
    if (links) {
      appendLine(parent, line);
    } else {
      parent.append(document.createTextNode(line));
    }
  });
}
