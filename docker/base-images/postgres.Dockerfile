# Stand-in for the official postgres:<version>-bookworm image on hosts with no
# image registry (built by docker/scripts/base-images.sh): Debian bookworm
# minbase with Debian's postgresql-<major> (its current 15.x patch release,
# which may differ from the tag's), the `postgres` user (uid/gid 999), and
# postgres-entrypoint.sh, which behaves as the official entrypoint does for
# what docker-compose.yml uses (see that file).
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
ARG PG_MAJOR
RUN groupadd --system --gid 999 postgres && \
    useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql --shell /bin/bash postgres && \
    mkdir -p /var/lib/postgresql /var/run/postgresql && \
    chown postgres:postgres /var/lib/postgresql /var/run/postgresql && chmod 3777 /var/run/postgresql
# As the official image: no cluster at install time, initdb runs on first start.
RUN apt-get update && \
    apt-get install --yes --no-install-recommends postgresql-common && \
    sed -ri 's/#(create_main_cluster) .*$/\1 = false/' /etc/postgresql-common/createcluster.conf && \
    apt-get install --yes --no-install-recommends "postgresql-${PG_MAJOR}" && \
    rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/${PG_MAJOR}/bin:$PATH \
    PGDATA=/var/lib/postgresql/data \
    LANG=C.UTF-8
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 0700 "$PGDATA" && postgres --version
VOLUME /var/lib/postgresql/data
ENTRYPOINT ["docker-entrypoint.sh"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
