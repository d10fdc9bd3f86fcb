/** One column of a text table: its heading and how wide it may grow. */
export interface Column<Row> {
  heading: string;
  value: (row: Row) => string;
  maxWidth?: number;
  alignRight?: boolean;
}

/** Cuts a cell to `width` characters, marking the cut so nobody mistakes it for the whole text. */
export function truncate(text: string, width: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, Math.max(0, width - 1))}…`;
}

/** Renders rows as aligned columns, like `docker ps`: plain text that greps and pipes well. */
export function renderTable<Row>(
  rows: readonly Row[],
  columns: ReadonlyArray<Column<Row>>,
): string {
  const cells = rows.map((row) =>
    columns.map((c) => truncate(c.value(row), c.maxWidth ?? Number.MAX_SAFE_INTEGER)),
  );
  const widths = columns.map((c, i) =>
    Math.max(c.heading.length, ...cells.map((line) => (line[i] ?? '').length)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, i) => {
        const width = widths[i] ?? cell.length;
        return columns[i]?.alignRight ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [format(columns.map((c) => c.heading)), ...cells.map(format)].join('\n');
}
