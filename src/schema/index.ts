export { getRawSchema, getSchema } from "./build.ts";
