// Lines a PDF repeats on every page for print, not content: page numbers in their usual Chinese forms.
const PAGE_NUMBER = [
  /^[-—–－\s]*\d{1,4}[-—–－\s]*$/, // 1, - 1 -, — 1 —
  /^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/, // 第1页 共3页
  /^\d{1,4}\s*\/\s*\d{1,4}$/, // 1 / 3
  /^page\s*\d{1,4}(\s*of\s*\d{1,4})?$/i,
];

export function isPageNumber(text: string): boolean {
  const t = text.trim();
  return PAGE_NUMBER.some((re) => re.test(t));
}
