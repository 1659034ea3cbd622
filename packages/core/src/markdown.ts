/** Text made safe for one Markdown table cell: a `|` would end the cell, a newline the row. */
export function markdownCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
