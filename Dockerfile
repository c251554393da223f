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
RUN npm run build && npm prune --omit=dev

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
    NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=4"
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY public ./public
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
