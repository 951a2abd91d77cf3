// setupFiles entry of the pinned-clock projects (jest.config.ts): every test clock of the file
// starts at the project's instant (test/helpers/app.ts reads TEST_CLOCK_START).
const pinned = (globalThis as { TEST_CLOCK_START?: unknown }).TEST_CLOCK_START;
if (typeof pinned !== "string" || Number.isNaN(new Date(pinned).getTime())) throw new Error(`pinned-clock project without a valid TEST_CLOCK_START global: ${String(pinned)}`);
process.env.TEST_CLOCK_START = pinned;
