# syntax=docker/dockerfile:1
# Leadloop: build with the dev toolchain, run with production dependencies only.

FROM node:20-slim AS build
WORKDIR /app
# mongodb-memory-server's install script would download mongod: not wanted in an image.
ENV MONGOMS_DISABLE_POSTINSTALL=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production MONGOMS_DISABLE_POSTINSTALL=1 PORT=3000
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY config ./config
# A fixed non-root user, matching the manifests' runAsUser.
RUN groupadd --system --gid 10001 leadloop && useradd --system --uid 10001 --gid leadloop --no-create-home leadloop
USER 10001:10001
EXPOSE 3000
# node is PID 1 and handles SIGTERM itself (src/main.ts): requests and jobs
# are finished or handed back, and it exits within 10 s. Its flags are
# `npm start`'s (docs/decisions.md, "Old space starts at 128 MB").
CMD ["node", "--initial-old-space-size=128", "dist/main.js"]
