# rolecall for CI images: built once with the Swift runtime linked statically, run on Debian 12
# slim with libgit2 1.5, plus git, curl and jq, which the CI templates use to fetch, push and comment.
#
#   docker build -t rolecall --build-arg ROLECALL_COMMIT=$(git rev-parse HEAD) .
#   docker run --rm -v "$PWD:/repo" -w /repo rolecall check
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgit2-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The commit --version prints; the build context usually has no .git.
ARG ROLECALL_COMMIT=unknown
RUN ROLECALL_COMMIT=${ROLECALL_COMMIT} scripts/package --out /dist --no-manual \
    && mkdir /out && tar -xzf /dist/rolecall-*.tar.gz -C /out --strip-components=1

FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgit2-1.5 git ca-certificates curl jq \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/bin/rolecall /usr/local/bin/rolecall
COPY --from=build /out/share/ /usr/local/share/
RUN rolecall --version
ENTRYPOINT ["rolecall"]
