# syntax=docker/dockerfile:1
# Node 24 is the current LTS (Node 20 left support in April 2026). Pin by digest in your registry
# mirror (`docker buildx imagetools inspect node:24-bookworm-slim`) for reproducible builds.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is compiled from source (no prebuilt download).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production BRIDGE_CONFIG=/config/bridge.yaml
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY package.json ./
COPY config ./config
# The default SQLite database lives in ./data; the image runs as `node`.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
