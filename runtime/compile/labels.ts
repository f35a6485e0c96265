import type { Label, LocalizedText } from '../definition/types.generated.js';

/** Picks the text for a locale: exact, then language, then "en", then the first one. */
export function labelText(label: Label | LocalizedText | undefined, locale: string): string | undefined {
  if (label === undefined) return undefined;
  if (typeof label === 'string') return label;
  return label[locale] ?? label[locale.split('-')[0]] ?? label.en ?? Object.values(label)[0];
}
