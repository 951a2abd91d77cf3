// Input hygiene in one place: before any resolver runs, every string reaching an argument
// (literal in the document or through a variable, at any depth of an input object or list) is
// checked for what the database cannot store. A bad one answers BAD_USER_INPUT naming the
// argument (`input.title`, `search` …), for persisted operations too (the check runs after the
// persisted document is in place).
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FieldNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import { textProblem } from "../core/text.ts";
import { errors } from "../core/errors.ts";

function checkValue(value: unknown, name: string): GraphQLError | null {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? errors.badInput(name, problem) : null;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const e = checkValue(item, name);
      if (e) return e;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const e = checkValue(v, `${name}.${k}`);
      if (e) return e;
    }
  }
  return null;
}

function checkNode(node: ValueNode, name: string, variables: Record<string, unknown>): GraphQLError | null {
  switch (node.kind) {
    case Kind.STRING: {
      const problem = textProblem(node.value);
      return problem ? errors.badInput(name, problem) : null;
    }
    case Kind.VARIABLE:
      return checkValue(variables[node.name.value], name);
    case Kind.LIST:
      for (const v of node.values) {
        const e = checkNode(v, name, variables);
        if (e) return e;
      }
      return null;
    case Kind.OBJECT:
      for (const f of node.fields) {
        const e = checkNode(f.value, `${name}.${f.name.value}`, variables);
        if (e) return e;
      }
      return null;
    default:
      return null;
  }
}

/** The first bad string in the operation's arguments, or null. */
export function findBadText(document: DocumentNode, variables: Record<string, unknown> = {}): GraphQLError | null {
  const seen = new Set<SelectionSetNode>();
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const walk = (set: SelectionSetNode | undefined): GraphQLError | null => {
    if (!set || seen.has(set)) return null;
    seen.add(set);
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        for (const arg of (sel as FieldNode).arguments ?? []) {
          const e = checkNode(arg.value, arg.name.value, variables);
          if (e) return e;
        }
        const e = walk(sel.selectionSet);
        if (e) return e;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const e = walk(sel.selectionSet);
        if (e) return e;
      } else {
        const e = walk(fragments.get(sel.name.value));
        if (e) return e;
      }
    }
    return null;
  };
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) {
      const e = walk(def.selectionSet);
      if (e) return e;
    }
  }
  // A variable no argument uses can still reach a resolver through a directive or be logged.
  return checkValue(variables, "variables");
}

const status400 = (e: GraphQLError) => new GraphQLError(e.message, { extensions: { ...e.extensions, http: { status: 400, spec: false } } });

export function inputHygienePlugin(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const bad = findBadText(args.document, (args.variableValues ?? {}) as Record<string, unknown>);
      if (bad) setResultAndStopExecution({ errors: [status400(bad)] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const bad = findBadText(args.document, (args.variableValues ?? {}) as Record<string, unknown>);
      if (bad) setResultAndStopExecution({ errors: [status400(bad)] });
    },
  };
}
