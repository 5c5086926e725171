// 有帮助 / 没帮助 under each of the bot's answers (issue 14): posted to the feedback
// channel (bot/channels/feedback.py), which finds the conversation from this page's
// secret and the answer by its text. The operators' console counts the verdicts.

import { clientSecret } from "./storage";

const THANKS = "感谢您的评价";

/** The two buttons for one answer; after a press they give way to a thank-you line. */
export function feedbackGroup(answer: string): HTMLElement {
  const group = document.createElement("div");
  group.className = "feedback";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "这个回答有帮助吗？");
  for (const [label, helpful] of [
    ["有帮助", true],
    ["没帮助", false],
  ] as const) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "feedback-button";
    button.textContent = label;
    button.addEventListener("click", () => {
      void send(answer, helpful).then((ok) => {
        if (ok) {
          const thanks = document.createElement("p");
          thanks.className = "feedback-thanks";
          thanks.textContent = THANKS;
          group.replaceChildren(thanks);
        }
      });
    });
    group.append(button);
  }
  return group;
}

/** The end-of-conversation question (the domain's goodbye, custom "ask_saved_call"). */
export interface SavedCallQuestion {
  question: string;
  yes: string;
  no: string;
  thanks: string;
}

/** "这次是否帮您省了一个 12333 电话？" with its two answers, posted as ``saved_call``. */
export function savedCallGroup(ask: SavedCallQuestion): HTMLElement {
  const group = document.createElement("div");
  group.className = "feedback saved-call";
  group.setAttribute("role", "group");
  const question = document.createElement("p");
  question.className = "feedback-question";
  question.textContent = ask.question;
  group.setAttribute("aria-label", ask.question);
  group.append(question);
  for (const [label, saved] of [
    [ask.yes, true],
    [ask.no, false],
  ] as const) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "feedback-button";
    button.textContent = label;
    button.addEventListener("click", () => {
      void post({ saved_call: saved }).then((ok) => {
        if (ok) {
          const thanks = document.createElement("p");
          thanks.className = "feedback-thanks";
          thanks.textContent = ask.thanks;
          group.replaceChildren(thanks);
        }
      });
    });
    group.append(button);
  }
  return group;
}

async function send(text: string, helpful: boolean): Promise<boolean> {
  return post({ helpful, text });
}

async function post(verdict: Record<string, unknown>): Promise<boolean> {
  try {
    const response = await fetch(new URL("../webhooks/feedback/", window.location.href), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_secret: clientSecret(), ...verdict }),
    });
    return response.ok;
  } catch {
    return false;
  }
}
