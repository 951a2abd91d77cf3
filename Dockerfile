# syntax=docker/dockerfile:1
# Multi-stage build: dependencies and the generated Prisma client in a build stage, a slim
# runtime with production dependencies only, running as a non-root user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY operations ./operations
RUN npm run typecheck

FROM node:20-bookworm-slim AS runtime
# Everything the process writes lives under the /data volume, owned by the non-root user: the
# embedded database (DATA_DIR), the file secret store and local media uploads.
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/data \
    SECRETS_DIR=/data/secrets \
    MEDIA_DIR=/data/media
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY prisma ./prisma
COPY prisma.config.ts ./
# postinstall runs `prisma generate` (offline, Rust-free client), so the client matches the schema.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/src ./src
# scripts/worker.ts: the jobs-only process (`npm run worker`), same image, another command.
COPY scripts ./scripts
COPY operations ./operations
COPY schema.graphql ./
# The demo's platform client reads its recorded responses from fixtures/.
COPY fixtures ./fixtures
RUN mkdir -p /data && chown -R node:node /data
USER node
EXPOSE 4000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The same start command as `npm start` ("exec node --import tsx src/main.ts"), in exec form so
# SIGTERM reaches the server directly and it shuts down gracefully. Production settings come from
# the environment (JWT_SECRET is required; GraphiQL off and persisted operations only by default).
# The worker (compose.yaml): CMD ["node", "--import", "tsx", "scripts/worker.ts"].
CMD ["node", "--import", "tsx", "src/main.ts"]
