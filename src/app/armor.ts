// Operation limits for every document, persisted or not, and every viewer (admins included),
// checked before any resolver runs. graphql-armor's envelop plugins do depth, aliases, directives
// and tokens; graphql-query-complexity does the cost, with an estimator that multiplies a list's
// children by its `first`/`last` (graphql-armor's own cost-limit plugin counts every field once,
// whatever the page size, so `stories(first: 100) { … }` would cost the same as `first: 1`).
// Refusals answer HTTP 400 QUERY_TOO_COMPLEX with the rule, the limit and the measured value;
// too-large pages and too many `nodes(ids:)` answer BAD_USER_INPUT naming the argument.
//
// The same checks run over the persisted-operations manifest when it is built
// (scripts/check-operations.ts, part of `npm run codegen`), with every variable page size taken
// at its maximum, so the apps' own operations can never be refused at run time.
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { MaxTokensParserWLexer, maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { blockFieldSuggestionsPlugin } from "@escape.tech/graphql-armor-block-field-suggestions";
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  isNonNullType,
  isEnumType,
  isInputObjectType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLScalarType,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import type { Plugin } from "graphql-yoga";
import type { AppConfig } from "../core/config.ts";
import { appError, errors } from "../core/errors.ts";

export interface OperationLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  defaultListSize: number;
  maxPageSize: number;
  maxNodeIds: number;
}

export function operationLimits(config: AppConfig): OperationLimits {
  return {
    maxTokens: config.QUERY_MAX_TOKENS,
    maxDepth: config.QUERY_MAX_DEPTH,
    maxAliases: config.QUERY_MAX_ALIASES,
    maxDirectives: config.QUERY_MAX_DIRECTIVES,
    maxCost: config.QUERY_MAX_COST,
    defaultListSize: config.QUERY_DEFAULT_LIST_SIZE,
    maxPageSize: config.QUERY_MAX_PAGE_SIZE,
    maxNodeIds: config.QUERY_MAX_NODE_IDS,
  };
}

/** Codes of operations refused before anything ran: always HTTP 400. */
const REFUSALS = new Set(["QUERY_TOO_COMPLEX", "BAD_USER_INPUT"]);

export type LimitRule = "tokens" | "depth" | "aliases" | "directives" | "cost";

// `spec: false`: Yoga answers spec-flagged (validation) errors 200 to `application/json` clients;
// a refused operation is a 400 for every client. A fresh object each time: Yoga mutates it.
const http400 = () => ({ http: { status: 400, spec: false } });

export function tooComplex(rule: LimitRule, limit: number, measured: number): GraphQLError {
  return appError("QUERY_TOO_COMPLEX", `The operation exceeds the ${rule} limit of ${limit} (it has ${measured}).`, { rule, limit, measured, ...http400() });
}

/** graphql-armor reports its numbers only in the message ("… limit of 6 exceeded, found 7."). */
function fromArmor(rule: LimitRule, limit: number) {
  return (_ctx: ValidationContext | null, err: GraphQLError) => {
    const found = /found (\d+)/.exec(err.message);
    // max-tokens stops parsing at the first token past the limit: that count is what we know.
    throw tooComplex(rule, limit, found ? Number(found[1]) : limit + 1);
  };
}

const armorOptions = (rule: LimitRule, n: number) => ({ n, exposeLimits: true, propagateOnRejection: false, onReject: [fromArmor(rule, n)] });

/** The validation rules (armor's depth, aliases, directives), in the order they should fail. */
export function limitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxAliasesRule(armorOptions("aliases", limits.maxAliases)),
    maxDirectivesRule(armorOptions("directives", limits.maxDirectives)),
    maxDepthRule({ ...armorOptions("depth", limits.maxDepth), ignoreIntrospection: true }),
  ];
}

/** A connection type (Relay): its `edges` list is already counted by the connection's page size. */
const isConnectionType = (t: unknown) => isObjectType(t) && "pageInfo" in t.getFields() && "edges" in t.getFields();

type Mode = "runtime" | "manifest";

function pageArgument(node: { arguments?: readonly { name: { value: string }; value: { kind: string } }[] }, name: string) {
  return node.arguments?.find((a) => a.name.value === name);
}

function estimator(limits: OperationLimits, mode: Mode, problems: GraphQLError[]): ComplexityEstimator {
  return ({ type, field, node, args, childComplexity }) => {
    const own = isLeafType(getNamedType(field.type)) ? 1 : 2;
    if (own === 1) return 1;
    let size: number | null = null;
    for (const name of ["first", "last"] as const) {
      if (!field.args.some((a) => a.name === name)) continue;
      const value = args[name];
      if (typeof value === "number") {
        if (value > limits.maxPageSize) problems.push(errors.badInput(name, `must be at most ${limits.maxPageSize}`));
        size = Math.max(size ?? 0, Math.min(value, limits.maxPageSize));
      } else if (pageArgument(node, name)?.value.kind === Kind.VARIABLE && mode === "manifest") {
        size = Math.max(size ?? 0, limits.maxPageSize);
      }
    }
    if (field.name === "nodes" && mode === "manifest" && pageArgument(node, "ids")?.value.kind === Kind.VARIABLE) {
      size = limits.maxNodeIds;
    } else if (field.name === "nodes" && Array.isArray(args.ids)) {
      if (args.ids.length > limits.maxNodeIds) problems.push(errors.badInput("ids", `must list at most ${limits.maxNodeIds} ids`));
      size = Math.min(args.ids.length, limits.maxNodeIds);
    }
    if (size === null) {
      const listy = isListType(getNullableType(field.type)) || isConnectionType(getNamedType(field.type));
      // A connection's edges were multiplied by the connection itself.
      size = listy && !isConnectionType(type) ? limits.defaultListSize : 1;
    }
    return own + childComplexity * size;
  };
}

export interface CostResult {
  cost: number;
  /** BAD_USER_INPUT for a page or an ids list past its maximum. */
  problems: GraphQLError[];
}

/** The estimated cost of one operation; variables resolve `first: $n` (missing ones: the default size). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: OperationLimits,
  opts: { variables?: Record<string, unknown>; operationName?: string; mode?: Mode } = {},
): CostResult {
  const problems: GraphQLError[] = [];
  const cost = getComplexity({
    schema,
    query: document,
    variables: opts.variables ?? {},
    operationName: opts.operationName ?? undefined,
    estimators: [estimator(limits, opts.mode ?? "runtime", problems)],
  });
  return { cost, problems };
}

/** Every limit over one document source: parse with the token limit, validate, cost. Used for the manifest. */
export function checkOperationSource(schema: GraphQLSchema, source: string, limits: OperationLimits): GraphQLError[] {
  let document: DocumentNode;
  try {
    const parser = new MaxTokensParserWLexer(source, armorOptions("tokens", limits.maxTokens) as never);
    document = parser.parseDocument();
  } catch (e) {
    return [e as GraphQLError];
  }
  try {
    const invalid = validate(schema, document, [...specifiedRules, ...limitRules(limits)]);
    if (invalid.length) return [...invalid];
    const { cost, problems } = operationCost(schema, document, limits, { mode: "manifest", variables: sampleVariables(schema, document, limits) });
    return cost > limits.maxCost ? [...problems, tooComplex("cost", limits.maxCost, cost)] : problems;
  } catch (e) {
    return [e as GraphQLError];
  }
}

/** Sample values for an operation's variables (page sizes at their maximum), to cost it at build time. */
function sampleVariables(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): Record<string, unknown> {
  const sample = (type: GraphQLInputType): unknown => {
    if (isNonNullType(type)) return sample(type.ofType);
    if (isListType(type)) return [sample(type.ofType)];
    if (isEnumType(type)) return type.getValues()[0]?.value;
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
      return Object.fromEntries(fields.map((f) => [f.name, sample(f.type)]));
    }
    return SCALAR_SAMPLES[(type as GraphQLScalarType).name] ?? (type.name === "Int" ? limits.maxPageSize : "x");
  };
  const out: Record<string, unknown> = {};
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) {
      const type = typeFromAST(schema, v.type as never) as GraphQLInputType | undefined;
      if (type) out[v.variable.name.value] = sample(type);
    }
  }
  return out;
}

const SCALAR_SAMPLES: Record<string, unknown> = {
  Float: 1,
  Boolean: true,
  DateTime: "2026-01-01T00:00:00.000Z",
  Date: "2026-01-01",
  Decimal: "1.00",
  JSON: {},
  UUID: "00000000-0000-4000-8000-000000000000",
};

/**
 * The Yoga/envelop plugins: armor's token limit at parse, its depth/aliases/directives rules at
 * validation, the cost and page-size check at execution (variables known, nothing resolved yet),
 * introspection and "Did you mean" suggestions off unless enabled.
 */
export function armorPlugins(config: AppConfig): Plugin[] {
  const limits = operationLimits(config);
  const rules = limitRules(limits);
  const passed: CostAnswers = new WeakMap();
  const plugins: Plugin[] = [
    maxTokensPlugin(armorOptions("tokens", limits.maxTokens)) as Plugin,
    {
      onValidate({ addValidationRule }) {
        for (const rule of rules) addValidationRule(rule);
        if (!config.introspectionEnabled) addValidationRule(NoSchemaIntrospectionCustomRule);
        return ({ valid, result, setResult }) => {
          // Validation errors are the client's: 400 with a stable code.
          if (!valid) {
            setResult(
              result.map((e) =>
                e.extensions?.code ? e : new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }),
              ),
            );
          }
        };
      },
      onExecute({ args, setResultAndStopExecution }) {
        const refusal = costRefusal(passed, limits, args as CostArgs);
        if (refusal) setResultAndStopExecution({ errors: refusal });
      },
      // Yoga flags parse and validation errors as "spec" errors, which it answers 200 to
      // application/json clients (and forces that flag onto parse errors). A refused operation
      // is a 400 for every client: the status goes on the result itself.
      onResultProcess({ result, setResult }) {
        if (Array.isArray(result) || !result || Symbol.asyncIterator in (result as object)) return;
        const single = result as ExecutionResult;
        // No data: refused before execution (a resolver's BAD_USER_INPUT comes with data).
        if (single.data == null && single.errors?.some((e) => REFUSALS.has(String(e.extensions?.code)))) {
          setResult({ ...single, extensions: { ...single.extensions, http: { status: 400 } } });
        }
      },
      onSubscribe({ args, setResultAndStopExecution }) {
        const refusal = costRefusal(passed, limits, args as CostArgs);
        if (refusal) setResultAndStopExecution({ errors: refusal });
      },
    },
  ];
  if (!config.fieldSuggestionsEnabled) plugins.push(blockFieldSuggestionsPlugin({ mask: "" }) as Plugin);
  return plugins;
}

/**
 * The cost check walks the whole document with a TypeInfo on every request (~4 % of a simple
 * read's CPU in the issue-19 profile). Its answer depends only on the document, the variables and
 * the operation name, and Yoga's parser cache hands the same DocumentNode back for the same
 * source, so passing answers are kept per document (weakly) and per variables + operation name
 * (a few), one cache per app (its limits). Refusals are computed again each time: Yoga mutates
 * the errors it answers with, and they are rare.
 */
type CostAnswers = WeakMap<DocumentNode, Map<string, true>>;
const COST_ANSWERS_PER_DOCUMENT = 32;

interface CostArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  variableValues?: Record<string, unknown> | null;
  operationName?: string | null;
}

function costRefusal(passed: CostAnswers, limits: OperationLimits, args: CostArgs): GraphQLError[] | null {
  const variables = args.variableValues ?? undefined;
  const operationName = args.operationName ?? undefined;
  let key: string;
  try {
    key = `${operationName ?? ""}\u0000${JSON.stringify(variables ?? {})}`;
  } catch {
    return computeCostRefusal(args.schema, args.document, limits, variables, operationName);
  }
  let answers = passed.get(args.document);
  if (answers?.has(key)) return null;
  const answer = computeCostRefusal(args.schema, args.document, limits, variables, operationName);
  if (answer === null) {
    if (!answers) passed.set(args.document, (answers = new Map()));
    if (answers.size >= COST_ANSWERS_PER_DOCUMENT) answers.delete(answers.keys().next().value as string);
    answers.set(key, true);
  }
  return answer;
}

function computeCostRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: OperationLimits,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): GraphQLError[] | null {
  let result: CostResult;
  try {
    result = operationCost(schema, document, limits, { variables, operationName });
  } catch (e) {
    if (e instanceof GraphQLError && /maximum number of nodes/i.test(e.message)) return [tooComplex("cost", limits.maxCost, limits.maxCost + 1)];
    // Bad variables: execution refuses them with its own clear error before any resolver runs.
    return null;
  }
  if (result.problems.length) return result.problems.map((p) => new GraphQLError(p.message, { extensions: { ...p.extensions, ...http400() } }));
  if (result.cost > limits.maxCost) return [tooComplex("cost", limits.maxCost, result.cost)];
  return null;
}
