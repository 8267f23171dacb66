# Threatboard: the server and the built client in one image. Docker does not run on the
# development machines, so this file is written and reviewed, not built in CI; docs/deploy.md
# says how to use it.

# --- build: install everything, build the client, then drop the dev dependencies --------------
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0 CI=true
RUN corepack enable
# Manifests first, so a code change does not re-download the dependencies.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY client/package.json client/
COPY server/package.json server/
COPY shared/package.json shared/
RUN pnpm fetch --frozen-lockfile
COPY . .
# The tldraw licence key is built into the client (README, "Configuration").
ARG VITE_TLDRAW_LICENSE_KEY=""
ENV VITE_TLDRAW_LICENSE_KEY=$VITE_TLDRAW_LICENSE_KEY
RUN pnpm install --frozen-lockfile --offline \
  && pnpm build \
  && pnpm install --frozen-lockfile --offline --prod

# --- runtime: Node 24, the report font, no build tools, not root ------------------------------
FROM node:24-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
# Node keeps the compiled server bundle here: every start after the first reuses it
# (bench/RESULTS.md, "Start and per-room memory").
ENV NODE_COMPILE_CACHE=/tmp/node-compile-cache
COPY --from=build --chown=node:node /app/package.json /app/pnpm-workspace.yaml ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/shared ./shared
COPY --from=build --chown=node:node /app/server ./server
COPY --from=build --chown=node:node /app/client/dist ./client/dist
RUN mkdir -p /data && chown node:node /data
VOLUME /data
EXPOSE 3000
USER node
# The process answers /healthz (/readyz adds whether the cluster bus is up: docs/deploy.md).
# Node's own fetch keeps curl out of the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The bundle `pnpm build` wrote (server/bundle.ts; its worker threads run from server/src): start
# RSS ~96 -> ~80 MiB. A young generation of 2 MiB semi-spaces instead of V8's 16: peak RSS with 200
# busy rooms 280 -> 174 MiB, for more frequent (shorter) scavenges (bench/RESULTS.md).
CMD ["node", "--max-semi-space-size=2", "server/dist/main.js"]
