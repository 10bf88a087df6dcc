# syntax=docker/dockerfile:1
# One image for the API, the worker and the command line (docker-compose.yml runs all three):
#   docker run IMAGE api | worker | cli <command>
# Three stages: `build` compiles TypeScript with every dependency; `prod-deps` installs the
# runtime dependencies only; `runtime` copies the compiled code and those, and runs as the
# unprivileged `node` user. The base is pinned to an exact Node.js release on Debian 12 (slim);
# pin it by digest as well in your registry mirror (docs/operations.md, "Containers").
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: nothing this build needs compiles natively (bcryptjs, pg and msgpackr run as JavaScript).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY config ./config
COPY libs ./libs
COPY apps ./apps
RUN bash scripts/build-dist.sh

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    APP_ENV=production \
    API_PORT=3000 \
    WORKER_HEALTH_PORT=3001
WORKDIR /app
# Owned by root, read-only to the user the processes run as: the code cannot be changed at run time.
COPY --from=prod-deps /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json tsconfig.json ./
COPY scripts/start.js scripts/healthcheck.js ./scripts/
USER node
EXPOSE 3000 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.js"]
ENTRYPOINT ["node", "scripts/start.js"]
CMD ["api"]
