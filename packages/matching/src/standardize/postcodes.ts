// Postcode standardization: one spelling per postal area whatever the spacing, case or ZIP+4 suffix.

/** Upper-case alphanumerics only; US ZIP+4 cut to the 5-digit ZIP; null when nothing postal is left. */
export function standardizePostcode(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (compact.length < 3 || compact.length > 10) return null;
  if (/^\d{9}$/.test(compact) && /^\s*\d{5}\s*-\s*\d{4}\s*$/.test(raw)) return compact.slice(0, 5);
  if (/^0+$/.test(compact)) return null;
  return compact;
}
