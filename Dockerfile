# Threatboard server + built client in one image. Not built in CI (no Docker engine there);
# kept as a starting point for deployments.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN corepack enable
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build

FROM node:24-bookworm-slim
WORKDIR /app
ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
COPY --from=build /app /app
VOLUME /data
EXPOSE 3000
USER node
CMD ["node", "server/src/main.ts"]
