# syntax=docker/dockerfile:1
# Cowsay as a Service: the production image (Node 24 LTS).
#   docker build -t cowsay-as-a-service .
#   docker run --init -p 3000:3000 cowsay-as-a-service
# test/deploy/dockerfile.test.ts checks this file, and
# test/deploy/production-install.test.ts rebuilds its runtime stage without
# Docker from the files it copies.

ARG NODE_VERSION=24

# Build: every dependency, then the server bundled into dist/ with its
# templates compiled (scripts/build.ts), then only what runs.
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.ts ./scripts/
COPY src ./src
COPY views ./views
COPY public ./public
COPY fortunes ./fortunes
RUN npm run build && npm prune --omit=dev
# Node 22+ keeps the code it compiles in NODE_COMPILE_CACHE; one launch here,
# answering a result page, fills dist/compile-cache, so the container's first
# start is as quick as its next ones (about 100 ms less on Node 24). Node files
# the cache under the user's number: it is made as the runtime's user, 1000,
# and left readable to it and writable by no one (the runtime stage copies it
# as root's, and the root filesystem may be read-only: Node then only reads it).
ENV NODE_COMPILE_CACHE=/app/dist/compile-cache
RUN mkdir dist/compile-cache && chown 1000:1000 dist/compile-cache
USER 1000:1000
RUN set -e; export HOST=127.0.0.1 PORT=3000; \
    node dist/server.js > /dev/null & server=$!; \
    for attempt in $(seq 100); do node dist/healthcheck.js && break; sleep 0.2; done; \
    node -e "fetch('http://127.0.0.1:3000/say/moo').then((response) => process.exit(response.ok ? 0 : 1))"; \
    kill -TERM $server; wait $server; \
    chmod -R a+rX,go-w dist/compile-cache

# The CJK font PNG pictures fall back to (DejaVu and Noto Emoji ship in
# node_modules): the distribution's Noto Sans CJK, of which the runtime stage
# takes the one file the app reads.
FROM node:${NODE_VERSION}-slim AS fonts
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

# Debian's 47 original cows, which the app reads from /usr/share/cowsay/cows by
# default (its own reader: the runtime stage gets the .cow files, not Perl).
FROM node:${NODE_VERSION}-slim AS cows
RUN apt-get update \
 && apt-get install -y --no-install-recommends cowsay \
 && rm -rf /var/lib/apt/lists/*

# Runtime: the bundle, production node_modules (the native rasterizer, the
# cow and font files the bundle reads from them), templates and assets, all
# owned by root and read-only to the user the server runs as.
FROM node:${NODE_VERSION}-slim AS runtime
# The heap limits keep the resident set near 150 MB however many distinct
# messages arrive (V8 otherwise grows its heap lazily to several hundred MB);
# npm run bench measures with the same limits.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=4" \
    NODE_COMPILE_CACHE=/app/dist/compile-cache
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY public ./public
# The bundled fortune databases (Debian's fortunes-min) and their copyright notice.
COPY fortunes ./fortunes
COPY --from=fonts /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
COPY --from=cows /usr/share/cowsay/cows /usr/share/cowsay/cows
# The official image's unprivileged user, node, by number: Kubernetes'
# runAsNonRoot can only verify a numeric user.
USER 1000:1000
EXPOSE 3000
# dist/healthcheck.js asks /healthz on PORT (no curl in the slim image).
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "dist/healthcheck.js"]
# node itself as the command, not npm: SIGTERM reaches the server, which
# finishes the requests in flight (close-with-grace, up to 10 s).
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
