// A GET form of a list page: a search box and selects that become the URL's query, so a filtered list can be
// bookmarked and shared and works without JavaScript. Server-rendered; the page reads the same names back.
import type { ReactNode } from "react";

const labelClass = "flex flex-col text-sm text-slate-700";
const controlClass = "mt-1 rounded-md border border-slate-300 px-3 py-2";

export function FilterForm({
  action,
  submit = "Search",
  className = "mb-4",
  children,
}: {
  action: string;
  submit?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form role="search" className={`${className} flex flex-wrap items-end gap-2`} action={action}>
      {children}
      <button className="rounded-md bg-slate-800 px-4 py-2 text-sm text-white">{submit}</button>
    </form>
  );
}

export function SearchField({
  label,
  name = "q",
  value,
  placeholder,
  width = "w-72",
}: {
  label: string;
  name?: string;
  value: string;
  placeholder: string;
  width?: string;
}) {
  return (
    <label className={labelClass}>
      {label}
      <input
        name={name}
        defaultValue={value}
        placeholder={placeholder}
        className={`${controlClass} ${width}`}
      />
    </label>
  );
}

export function SelectField({
  label,
  name,
  value,
  options,
  anyLabel = "any",
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
  /** The first option, which leaves the filter off. */
  anyLabel?: string;
}) {
  return (
    <label className={labelClass}>
      {label}
      <select name={name} defaultValue={value ?? ""} className={controlClass}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
