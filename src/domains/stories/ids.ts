// Global ids in arguments: `t.arg.globalID()` decodes them (a malformed id is BAD_USER_INPUT);
// rawId checks the type name and the key shape so a Story id passed where a StoryNode id is
// expected is BAD_USER_INPUT naming the argument (Pothos' own `for:` check would surface as an
// error without a code).
import { errors } from "../../core/errors.ts";
import { UUID_RE } from "../../core/ids.ts";

export interface DecodedId {
  typename: string;
  id: string;
}

export function rawId(value: DecodedId, typenames: string | readonly string[], field: string): string {
  const allowed = typeof typenames === "string" ? [typenames] : typenames;
  if (!allowed.includes(value.typename) || !UUID_RE.test(value.id)) {
    throw errors.badInput(field, `must be the id of a ${allowed.join(" or ")}`);
  }
  return value.id.toLowerCase();
}

export function rawIds(values: readonly DecodedId[], typename: string, field: string): string[] {
  return values.map((v) => rawId(v, typename, field));
}
