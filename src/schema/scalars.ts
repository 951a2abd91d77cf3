// Scalars: DateTime, Date, JSON and UUID from graphql-scalars; Decimal is ours because money
// must cross the wire as an exact string ("12.50"), never a float.
import { DateResolver, DateTimeResolver, JSONResolver, UUIDResolver } from "graphql-scalars";
import { builder } from "./builder.ts";
import { errors } from "../core/errors.ts";

builder.addScalarType("DateTime", DateTimeResolver);
builder.addScalarType("Date", DateResolver as never);
builder.addScalarType("JSON", JSONResolver);
builder.addScalarType("UUID", UUIDResolver);

const DECIMAL_RE = /^-?\d{1,12}(\.\d{1,6})?$/;

builder.scalarType("Decimal", {
  description: "An exact decimal number serialized as a string, e.g. \"12.50\". Money amounts always come with a currency field.",
  serialize: (value) => {
    if (typeof value === "string") return value;
    if (typeof value === "number") return value.toString();
    if (value && typeof (value as { toFixed?: unknown }).toFixed === "function") return (value as { toString(): string }).toString();
    throw new TypeError("Decimal cannot represent value");
  },
  parseValue: (value) => {
    const s = typeof value === "number" ? String(value) : value;
    if (typeof s !== "string" || !DECIMAL_RE.test(s)) throw errors.badInput("amount", "must be a decimal string like \"12.50\"");
    return s;
  },
});
