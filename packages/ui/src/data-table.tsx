"use client";
// A data table on @tanstack/react-table (v9): semantic markup, an active row the keyboard moves, Enter opens it.
import { tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import { useMemo, type KeyboardEvent, type ReactNode } from "react";
import { tableClass, tableFrameClass, tableHeadClass } from "./table";

export interface DataColumn<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

const features = tableFeatures({});

export interface DataTableProps<T extends Record<string, unknown>> {
  caption: string;
  columns: readonly DataColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Index of the row the keyboard is on (-1 for none): highlighted and announced as selected. */
  activeIndex?: number;
  onActiveIndexChange?: (index: number) => void;
  /** Enter or a click on a row. */
  onRowActivate?: (row: T) => void;
  empty?: ReactNode;
  id?: string;
}

export function DataTable<T extends Record<string, unknown>>({
  caption,
  columns,
  rows,
  rowKey,
  activeIndex = -1,
  onActiveIndexChange,
  onRowActivate,
  empty,
  id,
}: DataTableProps<T>) {
  const columnDefs = useMemo(
    () =>
      columns.map((column): ColumnDef<typeof features, T> => ({
        id: column.id,
        header: column.header,
        cell: (context) => column.cell(context.row.original),
      })),
    [columns],
  );
  const data = useMemo(() => [...rows], [rows]);
  const table = useTable({ features, columns: columnDefs, data, getRowId: (row) => rowKey(row) });

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (!onActiveIndexChange || rows.length === 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      onActiveIndexChange(Math.min(rows.length - 1, activeIndex + 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      onActiveIndexChange(Math.max(0, activeIndex - 1));
    } else if (event.key === "Enter" && activeIndex >= 0 && rows[activeIndex]) {
      event.preventDefault();
      onRowActivate?.(rows[activeIndex]);
    }
  };

  return (
    <div className={tableFrameClass}>
      <table id={id} className={tableClass}>
        <caption className="sr-only">{caption}</caption>
        <thead className={tableHeadClass}>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className="px-4 py-2 font-medium">
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="px-4 py-6 text-center text-slate-500">
                {empty ?? "Nothing to show."}
              </td>
            </tr>
          )}
          {table.getRowModel().rows.map((row, index) => (
            <tr
              key={row.id}
              id={id ? `${id}-${row.id}` : undefined}
              aria-selected={index === activeIndex}
              data-active={index === activeIndex || undefined}
              onClick={() => onRowActivate?.(row.original)}
              onMouseEnter={() => onActiveIndexChange?.(index)}
              className={`cursor-pointer border-t border-slate-100 ${index === activeIndex ? "bg-brand-50 outline-2 -outline-offset-2 outline-brand-600" : "hover:bg-slate-50"}`}
            >
              {row.getAllCells().map((cell, i) => (
                <td key={cell.id} className={`px-4 py-2 ${columns[i]?.className ?? ""}`}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
