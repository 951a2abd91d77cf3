// The AI provider port: turns a content item into title / description / tag suggestions.
//  - createOpenAiCompatibleClient: POST {AI_API_BASE_URL}/chat/completions (OpenAI, Azure-style
//    gateways, Ollama, vLLM, LM Studio… all speak it), JSON-mode answer validated with zod,
//    token counts from the `usage` block. fetch is injectable; tests never touch the network.
//  - createLocalAnalyser: when no provider is configured, a deterministic keyword analyser (TF-IDF
//    of the item's words against the creator's other items, matched with the platform's trending
//    keywords). Same input → same output, so it is what the demo and the tests use.
import { z } from "zod";
import { AiProviderError, LOCAL_MODEL_NAME, LOCAL_PROVIDER_SLUG, type AiAnalysisInput, type AiAnalysisOutput, type AiCorpusDoc, type AiProviderClient, type FetchLike } from "../core/ports.ts";


// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

const STOPWORDS = new Set(
  ("a about above after again all also am an and any are as at be because been before being below between both but by can " +
    "could did do does doing down during each few for from further had has have having he her here hers him his how i if in " +
    "into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she " +
    "should so some such than that the their them then there these they this those through to too under until up very was we " +
    "were what when where which while who whom why will with you your yours new get got via vs one two " +
    "ever make makes just nothing way things thing minute minutes second seconds hour hours today video").split(" "),
);

export function tokenize(text: string | null | undefined): string[] {
  if (!text) return [];
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3 && !STOPWORDS.has(w) && !/^\d+$/.test(w));
}

const clamp = (n: number, lo = 0, hi = 100) => Math.min(hi, Math.max(lo, n));
const round2 = (n: number) => Math.round(n * 100) / 100;
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const approxTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));
const unique = <T>(xs: T[]) => [...new Set(xs)];

function docTerms(d: AiCorpusDoc & { hashtags?: string[] }): Map<string, number> {
  const tf = new Map<string, number>();
  const add = (words: string[], weight: number) => words.forEach((w) => tf.set(w, (tf.get(w) ?? 0) + weight));
  add(tokenize(d.title), 3);
  add(tokenize(d.description), 1);
  add(d.tags.flatMap(tokenize), 2);
  add((d.hashtags ?? []).flatMap(tokenize), 2);
  return tf;
}

function syllables(word: string): number {
  const groups = word.toLowerCase().replace(/e$/, "").match(/[aeiouy]+/g);
  return Math.max(1, groups?.length ?? 1);
}

/** Flesch reading ease of the title and description, clamped to 0-100. */
export function readability(text: string): number | null {
  const words = text.match(/[\p{L}\p{N}']+/gu) ?? [];
  if (!words.length) return null;
  const sentences = Math.max(1, (text.match(/[.!?]+(\s|$)/g) ?? []).length);
  const syl = words.reduce((s, w) => s + syllables(w), 0);
  return round2(clamp(206.835 - 1.015 * (words.length / sentences) - 84.6 * (syl / words.length)));
}

const POSITIVE = new Set("amazing awesome best easy fun great happy love perfect quick simple delicious beautiful favorite favourite win wins incredible epic".split(" "));
const NEGATIVE = new Set("bad worst fail fails hate sad terrible awful boring broken hard problem angry ugly".split(" "));

export function sentimentOf(words: string[]): string {
  const score = words.reduce((s, w) => s + (POSITIVE.has(w) ? 1 : NEGATIVE.has(w) ? -1 : 0), 0);
  return score > 0 ? "positive" : score < 0 ? "negative" : "neutral";
}

// ---------------------------------------------------------------------------------------------
// Local analyser
// ---------------------------------------------------------------------------------------------

export function analyseLocally(input: AiAnalysisInput): AiAnalysisOutput {
  const docs = [input, ...input.corpus];
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(docTerms(d).keys())) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  const scored = [...docTerms(input).entries()]
    .map(([w, tf]) => ({ w, s: tf * (Math.log((n + 1) / ((df.get(w) ?? 0) + 1)) + 1) }))
    .sort((a, b) => b.s - a.s || a.w.localeCompare(b.w));
  const keywords = scored.slice(0, 8).map((k) => k.w);

  const title = (input.title ?? "").trim();
  const titleWords = new Set(tokenize(title));
  const [k1, k2] = keywords;
  const [x1, x2] = keywords.filter((k) => !titleWords.has(k));
  const titles: string[] = [];
  if (title) {
    if (x1) titles.push(`${cap(x1)}: ${title}`);
    if (x1 && x2) titles.push(`${title} | ${cap(x1)} & ${cap(x2)}`);
    titles.push(title);
  } else if (k1) {
    titles.push(k2 ? `${cap(k1)} & ${cap(k2)}` : cap(k1));
  }
  const suggestedTitles = unique(titles.map((t) => t.slice(0, 100))).slice(0, 3);

  const existingTags = input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean);
  const suggestedTags = unique([...keywords, ...existingTags]).slice(0, 10);

  const trendingByWord = new Map(input.trending.map((t) => [t.keyword.toLowerCase(), t.score]));
  const allWords = new Set(scored.map((k) => k.w));
  const trendingMatches = [...trendingByWord.keys()].filter((k) => tokenize(k).length > 0 && tokenize(k).every((w) => allWords.has(w)));
  const trendingKeywords = trendingMatches.slice(0, 10);
  const trendingHashtags = trendingKeywords.map((k) => `#${k.replace(/[^\p{L}\p{N}]+/gu, "")}`);
  const matchScores = trendingKeywords.map((k) => trendingByWord.get(k) ?? 0);
  const trendingScore = matchScores.length ? round2(clamp(matchScores.reduce((a, b) => a + (b ?? 0), 0) / matchScores.length)) : 0;

  const hashtagLine = unique([...trendingHashtags, ...keywords.slice(0, 5).map((k) => `#${k}`)]).slice(0, 6).join(" ");
  const base = (input.description ?? "").trim() || title;
  const suggestedDescription = base || hashtagLine ? [base, hashtagLine].filter(Boolean).join("\n\n") : null;

  // Category: the item's own, else the one of the creator's items sharing the most keywords.
  let suggestedCategory = input.category;
  if (!suggestedCategory) {
    const votes = new Map<string, number>();
    for (const d of input.corpus) {
      if (!d.category) continue;
      const terms = docTerms(d);
      const shared = keywords.filter((k) => terms.has(k)).length;
      if (shared) votes.set(d.category, (votes.get(d.category) ?? 0) + shared);
    }
    suggestedCategory = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
  }

  const description = input.description ?? "";
  let seo = 0;
  seo += title.length >= 30 && title.length <= 70 ? 30 : title.length > 0 ? 15 : 0;
  seo += description.length >= 100 ? 25 : description.length > 0 ? 10 : 0;
  seo += Math.min(20, existingTags.length * 4);
  seo += k1 && titleWords.has(k1) ? 15 : 0;
  seo += input.hashtags.length > 0 ? 10 : 0;

  const wordsInText = tokenize(`${title} ${description}`);
  const out: Omit<AiAnalysisOutput, "promptTokens" | "completionTokens"> = {
    suggestedTitles,
    suggestedDescription,
    suggestedTags,
    suggestedCategory,
    trendingKeywords,
    trendingHashtags,
    relatedTopics: keywords.slice(3, 8),
    trendingScore,
    seoScore: clamp(seo),
    readabilityScore: readability(`${title}. ${description}`.trim()),
    confidenceScore: round2(clamp(30 + scored.length * 3, 30, 95)),
    sentiment: sentimentOf(wordsInText),
    targetAudience: unique([suggestedCategory ? `${suggestedCategory} enthusiasts` : null, `${input.platform} audience`].filter((x): x is string => !!x)),
  };
  const prompt = JSON.stringify({ title: input.title, description: input.description, tags: input.tags, hashtags: input.hashtags, corpus: input.corpus.length });
  return { ...out, promptTokens: approxTokens(prompt), completionTokens: approxTokens(JSON.stringify(out)) };
}

export function createLocalAnalyser(): AiProviderClient {
  return {
    providerSlug: LOCAL_PROVIDER_SLUG,
    modelName: LOCAL_MODEL_NAME,
    analyse: async (input) => analyseLocally(input),
  };
}

// ---------------------------------------------------------------------------------------------
// OpenAI-compatible HTTP client
// ---------------------------------------------------------------------------------------------

const score = z
  .number()
  .nullish()
  .transform((v) => (v === null || v === undefined || !Number.isFinite(v) ? null : round2(clamp(v))));
const strings = (max: number) =>
  z
    .array(z.string())
    .nullish()
    .transform((v) => (v ?? []).map((s) => s.trim()).filter(Boolean).slice(0, max));

const answerSchema = z.object({
  suggestedTitles: strings(5),
  suggestedDescription: z.string().nullish().transform((v) => v ?? null),
  suggestedTags: strings(20),
  suggestedCategory: z.string().nullish().transform((v) => v ?? null),
  trendingKeywords: strings(20),
  trendingHashtags: strings(20),
  relatedTopics: strings(20),
  trendingScore: score,
  seoScore: score,
  readabilityScore: score,
  confidenceScore: score,
  sentiment: z.string().max(40).nullish().transform((v) => v ?? null),
  targetAudience: strings(10),
});

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
  usage: z.object({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) }).partial().optional(),
});

export const AI_SYSTEM_PROMPT =
  "You improve social media posts for discoverability. Answer with ONE JSON object with the keys " +
  "suggestedTitles (array of up to 3 strings), suggestedDescription (string), suggestedTags (array), suggestedCategory (string), " +
  "trendingKeywords (array), trendingHashtags (array), relatedTopics (array), trendingScore, seoScore, readabilityScore, " +
  "confidenceScore (numbers 0-100), sentiment (positive|neutral|negative), targetAudience (array). No other text.";

export function buildAiUserPrompt(input: AiAnalysisInput): string {
  return JSON.stringify({
    platform: input.platform,
    tone: input.tone,
    language: input.language,
    title: input.title,
    description: input.description,
    tags: input.tags,
    hashtags: input.hashtags,
    category: input.category,
    trendingKeywords: input.trending.slice(0, 20).map((t) => t.keyword),
  });
}

export function createOpenAiCompatibleClient(opts: {
  baseUrl: string;
  apiKey?: string;
  model: string;
  providerSlug: string;
  timeoutMs?: number;
  fetch?: FetchLike;
}): AiProviderClient {
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const url = `${opts.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  return {
    providerSlug: opts.providerSlug,
    modelName: opts.model,
    async analyse(input, call = {}) {
      const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
      if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
      const userPrompt = buildAiUserPrompt(input);
      let res: Awaited<ReturnType<FetchLike>>;
      try {
        res = await doFetch(url, {
          method: "POST",
          headers,
          body: JSON.stringify({
            model: call.modelName ?? opts.model,
            temperature: 0.2,
            response_format: { type: "json_object" },
            messages: [
              { role: "system", content: AI_SYSTEM_PROMPT },
              { role: "user", content: userPrompt },
            ],
          }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
        });
      } catch {
        throw new AiProviderError("The AI provider is not reachable.");
      }
      if (!res.ok) throw new AiProviderError(`The AI provider answered HTTP ${res.status}.`);
      let body: z.infer<typeof completionSchema>;
      try {
        body = completionSchema.parse(await res.json());
      } catch {
        throw new AiProviderError("The AI provider returned an unexpected response.");
      }
      const content = body.choices[0].message.content.trim().replace(/^```(?:json)?\s*|\s*```$/g, "");
      let answer: z.infer<typeof answerSchema>;
      try {
        answer = answerSchema.parse(JSON.parse(content));
      } catch {
        throw new AiProviderError("The AI provider's answer was not the expected JSON.");
      }
      return {
        ...answer,
        promptTokens: body.usage?.prompt_tokens ?? approxTokens(AI_SYSTEM_PROMPT + userPrompt),
        completionTokens: body.usage?.completion_tokens ?? approxTokens(content),
      };
    },
  };
}

export function createAiProvider(
  config: { AI_API_BASE_URL?: string; AI_API_KEY?: string; AI_MODEL: string; AI_PROVIDER_SLUG: string; AI_TIMEOUT_MS: number },
  fetchImpl?: FetchLike,
): AiProviderClient {
  if (!config.AI_API_BASE_URL) return createLocalAnalyser();
  return createOpenAiCompatibleClient({
    baseUrl: config.AI_API_BASE_URL,
    apiKey: config.AI_API_KEY,
    model: config.AI_MODEL,
    providerSlug: config.AI_PROVIDER_SLUG,
    timeoutMs: config.AI_TIMEOUT_MS,
    fetch: fetchImpl,
  });
}
