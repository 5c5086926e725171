// Read-aloud for the bot's answers (关怀模式): the browser's own speechSynthesis,
// in a Mandarin (zh-CN) voice when the system has one. Nothing leaves the device.

/** A little slower than the engines' default: easier to follow for older people. */
const SPEECH_RATE = 0.9;
const READ_LABEL = "朗读";
const STOP_LABEL = "停止朗读";

let speaking: HTMLButtonElement | null = null;

/** False where the browser has no speech synthesis: the page then shows no read-aloud button. */
export function canReadAloud(): boolean {
  return (
    typeof window.speechSynthesis?.speak === "function" &&
    typeof window.SpeechSynthesisUtterance === "function"
  );
}

const MAINLAND = ["zh-cn", "zh-hans-cn", "cmn-cn", "cmn-hans-cn"];

/** The best voice for Chinese text: a mainland (zh-CN) voice, else any Mandarin one. */
export function chineseVoice(voices: SpeechSynthesisVoice[]): SpeechSynthesisVoice | undefined {
  const lang = (v: SpeechSynthesisVoice) => v.lang.replace(/_/g, "-").toLowerCase();
  return (
    voices.find((v) => MAINLAND.includes(lang(v))) ??
    voices.find((v) => /^(zh|cmn)(-hans)?$/.test(lang(v)) || lang(v).startsWith("zh-hans"))
  );
}

function stopped(button: HTMLButtonElement): void {
  button.textContent = READ_LABEL;
  if (speaking === button) {
    speaking = null;
  }
}

function read(button: HTMLButtonElement, text: string): void {
  const synth = window.speechSynthesis;
  const wasThis = speaking === button;
  // One answer at a time: a second press stops, a press elsewhere switches.
  synth.cancel();
  if (speaking) {
    stopped(speaking);
  }
  if (wasThis) {
    return;
  }
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = "zh-CN";
  utterance.rate = SPEECH_RATE;
  const voice = chineseVoice(synth.getVoices());
  if (voice) {
    utterance.voice = voice;
  }
  utterance.onend = () => stopped(button);
  utterance.onerror = () => stopped(button);
  speaking = button;
  button.textContent = STOP_LABEL;
  synth.speak(utterance);
}

/** A 朗读 button that reads ``text`` aloud, or null where the browser cannot speak. */
export function readAloudButton(text: string): HTMLButtonElement | null {
  if (!canReadAloud() || !text.trim()) {
    return null;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "speak";
  button.textContent = READ_LABEL;
  button.addEventListener("click", () => read(button, text));
  return button;
}

/** Stops reading, e.g. when the conversation is cleared. */
export function stopReading(): void {
  if (speaking) {
    window.speechSynthesis.cancel();
    stopped(speaking);
  }
}
