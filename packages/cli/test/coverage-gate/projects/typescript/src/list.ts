/** Formatting helpers no test imports: absent from the reports unless coverage.all is on. */
export function formatList(values: string[]): string {
  if (values.length === 0) {
    return "(none)";
  }
  return values.join(", ");
}
