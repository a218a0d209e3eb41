/**
 * Reads a callback request's TEXT to the agent who took it (Bitrix24: the integration "speaks or
 * shows TEXT to the agent first"; the app does both). The browser engine's own speech synthesis
 * does the reading, offline, in the agent's default output. Bitrix24's VOICE names a voice of its
 * own telephony (`ruinternalfemale`); only its language carries over.
 */
export function readAloud(text: string, voice?: string): boolean {
  const synthesis = globalThis.speechSynthesis as SpeechSynthesis | undefined;
  if (!synthesis || text.trim() === '') return false;
  const utterance = new SpeechSynthesisUtterance(text);
  const language = languageOfVoice(voice);
  if (language) utterance.lang = language;
  // A request read earlier and not finished yet is older news than this one.
  synthesis.cancel();
  synthesis.speak(utterance);
  return true;
}

/** Bitrix24 voice ids start with their language (`ru...`, `en...`, `ua...` for Ukrainian). */
const voiceLanguages: Record<string, string> = {
  ru: 'ru-RU',
  en: 'en-US',
  de: 'de-DE',
  ua: 'uk-UA',
  kz: 'kk-KZ',
  es: 'es-ES',
  fr: 'fr-FR',
  it: 'it-IT',
  pl: 'pl-PL',
  pt: 'pt-BR',
  tr: 'tr-TR',
};

export function languageOfVoice(voice: string | undefined): string | undefined {
  return voiceLanguages[(voice ?? '').slice(0, 2).toLowerCase()];
}
