// A table for server and client components alike: no state and no hooks, so a page renders it on the server and
// sends HTML, not the rows as JSON for the browser to draw. Semantic markup (caption or label, scoped headers, an
// empty row that says why), the portal's table styles, per-row attributes for tests and links. DataTable
// (data-table.tsx, on @tanstack/react-table) is the interactive one: keyboard-driven rows, client state.
import type { HTMLAttributes, ReactNode } from "react";

export interface TableColumn<T> {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Classes of the column's cells (alignment, tabular numbers). */
  className?: string;
}

export interface TableProps<T> {
  /** The table's accessible name (aria-label). */
  label: string;
  columns: readonly TableColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Shown in one row when there are no rows: say why, and what to change. */
  empty?: ReactNode;
  /** Extra attributes of a row (data-testid, data-* for tests). */
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
  id?: string;
}

export const tableFrameClass = "overflow-x-auto rounded-xl border border-slate-200 bg-white";
export const tableClass = "min-w-full text-left text-sm";
export const tableHeadClass = "bg-slate-50 text-slate-600";
export const headerCellClass = "px-3 py-2 font-medium";
export const cellClass = "px-3 py-2";

export function Table<T>({ label, columns, rows, rowKey, empty, rowProps, id }: TableProps<T>) {
  return (
    <div className={tableFrameClass}>
      <table id={id} className={tableClass} aria-label={label}>
        <thead className={tableHeadClass}>
          <tr>
            {columns.map((column) => (
              <th key={column.id} scope="col" className={headerCellClass}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="px-3 py-4 text-center text-slate-500">
                {empty ?? "Nothing to show."}
              </td>
            </tr>
          )}
          {rows.map((row) => {
            const extra = rowProps?.(row) ?? {};
            return (
              <tr
                key={rowKey(row)}
                {...extra}
                className={`border-t border-slate-100 align-top ${extra.className ?? ""}`.trim()}
              >
                {columns.map((column) => (
                  <td key={column.id} className={`${cellClass} ${column.className ?? ""}`.trim()}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
