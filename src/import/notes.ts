/**
 * The chapter 99 U.S. notes as text (HTS 2026 Revision 6, ../shared/data/usitc-notes): where the file is, and one note
 * of subchapter III without the page headers and footers that interrupt its lists. Shared by the note parsers
 * (metals.ts for notes 16 and 19, section301.ts for note 20).
 */
export const NOTES_FILE = 'usitc-notes/chapter99_notes_2026_rev_6.txt';

/** a page header or footer of the PDF-to-text rendering */
const isPageFurniture = (line: string) => /Harmonized Tariff Schedule|Annotated for Statistical/.test(line) || /^\s*(XXII|99 - III - \d+)\s*$/.test(line);

/** The lines of one note of subchapter III, from "N. (a)" to the next note, without page furniture. */
export function noteText(text: string, n: number): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${n}. (a)`));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(`${n + 1}. (a)`));
  if (start < 0 || end < 0) throw new Error(`U.S. note ${n} not found in the notes text`);
  return lines.slice(start, end).filter((l) => !isPageFurniture(l));
}
