// The changed part of a row for an audit entry: the keys of `after` whose value differs from
// `before` (undefined = not part of the change; updatedAt never counts).
export function changedValues(before: object, after: object): { oldValues: Record<string, unknown>; newValues: Record<string, unknown> } {
  const b = before as Record<string, unknown>;
  const oldValues: Record<string, unknown> = {};
  const newValues: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined || k === "updatedAt") continue;
    if (JSON.stringify(b[k] ?? null) !== JSON.stringify(v ?? null)) {
      oldValues[k] = b[k];
      newValues[k] = v;
    }
  }
  return { oldValues, newValues };
}
