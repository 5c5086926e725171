// The portal login, opened inside the page as a modal dialog.
//
// The login page (served by the bot at <PUBLIC_URL>/login/<ticket>) tells us it is
// done with window.parent.postMessage({type: "hz12333-login", ok: true}, origin);
// {type: "hz12333-login", cancel: true} closes the dialog too, e.g. on Escape
// pressed inside the frame, where our own key handler never sees it.

import { safeHttpUrl } from "./render";

export const LOGIN_MESSAGE_TYPE = "hz12333-login";

const FOCUSABLE =
  'a[href], button:not([disabled]), iframe, input:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export class LoginDialog {
  private readonly frameBox: HTMLElement;
  private readonly newTab: HTMLAnchorElement;
  private readonly sameOriginNote: HTMLElement;
  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly fallbackFocus: HTMLElement,
    private readonly onDone: (ok: boolean) => void,
  ) {
    this.frameBox = dialog.querySelector<HTMLElement>("[data-login-frame]")!;
    this.newTab = dialog.querySelector<HTMLAnchorElement>("[data-login-newtab]")!;
    this.sameOriginNote = dialog.querySelector<HTMLElement>("[data-login-elsewhere]")!;
    dialog.querySelector("[data-login-close]")!.addEventListener("click", () => this.close());
    dialog.addEventListener("keydown", (event) => this.trapTab(event));
    dialog.addEventListener("close", () => this.cleanUp());
    window.addEventListener("message", (event) => this.onMessage(event));
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  /** Opens the dialog on ``url``; false when the URL is not one we may open. */
  open(url: string): boolean {
    const href = safeHttpUrl(url, window.location.href);
    if (!href) {
      return false;
    }
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.frameBox.replaceChildren();
    const sameOrigin = new URL(href).origin === window.location.origin;
    if (sameOrigin) {
      const frame = document.createElement("iframe");
      frame.title = "网上办事登录";
      frame.src = href;
      frame.referrerPolicy = "same-origin";
      this.frameBox.append(frame);
    }
    // Only our own origin may be framed (CSP frame-src 'self'); anything else opens in a tab.
    this.frameBox.hidden = !sameOrigin;
    this.sameOriginNote.hidden = sameOrigin;
    this.newTab.href = href;
    if (!this.dialog.open) {
      this.dialog.showModal();
    }
    this.dialog.querySelector<HTMLElement>("[data-login-close]")!.focus();
    return true;
  }

  close(): void {
    if (this.dialog.open) {
      this.dialog.close();
    }
  }

  private cleanUp(): void {
    // The frame goes, so that a half-typed password does not linger in the page.
    this.frameBox.replaceChildren();
    // Focus goes back where it was; when that is gone, disabled or the page itself
    // (the bot opened the dialog), to the text box, so that it is never lost.
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back && back !== document.body && back.isConnected && !back.matches(":disabled")) {
      back.focus();
    } else {
      this.fallbackFocus.focus();
    }
  }

  private frameWindow(): Window | null {
    return this.frameBox.querySelector("iframe")?.contentWindow ?? null;
  }

  private onMessage(event: MessageEvent): void {
    if (event.origin !== window.location.origin || !this.dialog.open) {
      return;
    }
    if (event.source !== this.frameWindow()) {
      return;
    }
    const data = event.data as { type?: unknown; ok?: unknown; cancel?: unknown } | null;
    if (!data || data.type !== LOGIN_MESSAGE_TYPE) {
      return;
    }
    if (data.ok === true) {
      this.close();
      this.onDone(true);
    } else if (data.cancel === true) {
      this.close();
      this.onDone(false);
    }
  }

  // showModal() already makes the page behind inert; this keeps Tab cycling inside
  // the dialog instead of escaping to the browser's own controls.
  private trapTab(event: KeyboardEvent): void {
    if (event.key !== "Tab") {
      return;
    }
    const items = Array.from(this.dialog.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (el) => !el.closest("[hidden]"),
    );
    if (items.length === 0) {
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
