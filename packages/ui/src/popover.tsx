"use client";
// A disclosure popover: opens on click, Enter or Space, and on hover; Escape or a click outside closes it.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";

export function Popover({
  label,
  trigger,
  children,
}: {
  label: string;
  trigger: ReactNode;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [hovered, setHovered] = useState(false);
  const id = useId();
  const root = useRef<HTMLSpanElement>(null);
  const shown = open || hovered;

  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  return (
    <span
      ref={root}
      className="relative inline-block"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          setOpen(false);
          setHovered(false);
        }
      }}
    >
      <button
        type="button"
        aria-expanded={shown}
        aria-controls={id}
        aria-label={label}
        onClick={() => setOpen((value) => !value)}
        className="rounded text-left underline decoration-dotted decoration-slate-400 underline-offset-4 hover:decoration-brand-600"
      >
        {trigger}
      </button>
      {shown && (
        <span
          id={id}
          role="dialog"
          aria-label={label}
          className="absolute left-0 top-full z-20 mt-1 block w-96 max-w-[90vw] rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-800 shadow-lg"
        >
          {children}
        </span>
      )}
    </span>
  );
}
