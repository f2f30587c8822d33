# Rookery: one image for every node of a deployment.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY server ./server
COPY rooms ./rooms
COPY schema ./schema
COPY client-sdk ./client-sdk
COPY migrations ./migrations
COPY web ./web
RUN npm run build && npm prune --omit=dev
# The server runs only Stockfish's single-threaded lite build: the other builds (about 240 MB) go.
RUN cd node_modules/stockfish/bin && rm -f stockfish.js stockfish.wasm stockfish-18.js stockfish-18.wasm \
    stockfish-18-single.js stockfish-18-single.wasm stockfish-18-lite.js stockfish-18-lite.wasm stockfish-18-asm.js

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 2567
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:2567/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Async context on frames, not promise hooks (docs/architecture.md, "Async context").
CMD ["node", "--experimental-async-context-frame", "dist/server/main.js"]
