// Heading anchors. One slugify for rendered headings and for the table of
// contents, so TOC links always match the ids in the page.

/** "14.2. Data Types and Sizes" → "14-2-data-types-and-sizes". */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // drop accents split off by NFKD: "é" → "e"
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  // A heading of only punctuation or math still needs a usable id.
  return slug === '' ? 'section' : slug;
}
