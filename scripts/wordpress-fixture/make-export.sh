#!/usr/bin/env bash
# Writes the Riverside Courier fixture: a site built through WordPress's own functions and
# exported by WordPress's own export_wp(), so the importer is tested against what WordPress
# really writes and not against what we think it writes. Not part of `make test`: the test
# reads the committed output. Run it again (as root, on Debian) only to change the fixture.
#
#   scripts/wordpress-fixture/make-export.sh
#
# It installs Debian's wordpress, php-cli, php-mysql and mariadb-server when missing, runs
# MariaDB on a socket in a temporary folder (no TCP port), and touches /etc/wordpress only to
# add, and then remove, the configuration for the host courier.example.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../../Tests/BylineTests/Fixtures/WordPress"
work="$(mktemp -d /tmp/courier-wp.XXXXXX)"
config=/etc/wordpress/config-courier.example.php

if ! command -v php >/dev/null || [ ! -d /usr/share/wordpress ] || ! command -v mariadbd >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wordpress php-cli php-mysql php-gd mariadb-server
fi

cleanup() {
    [ -f "$work/mariadb.pid" ] && kill "$(cat "$work/mariadb.pid")" 2>/dev/null || true
    rm -f "$config"
    sleep 1
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/db" "$work/wp-content/uploads"
mariadb-install-db --no-defaults --datadir="$work/db" --auth-root-authentication-method=normal --skip-test-db >/dev/null
mariadbd --no-defaults --datadir="$work/db" --socket="$work/mariadb.sock" --pid-file="$work/mariadb.pid" \
    --skip-networking --user=root >"$work/mariadb.log" 2>&1 &
for _ in $(seq 1 50); do [ -S "$work/mariadb.sock" ] && break; sleep 0.2; done
mariadb --no-defaults --socket="$work/mariadb.sock" -uroot -e "CREATE DATABASE courier CHARACTER SET utf8mb4; CREATE USER 'courier'@'localhost' IDENTIFIED BY 'courier'; GRANT ALL ON courier.* TO 'courier'@'localhost';"

cat > "$config" <<PHP
<?php
define('DB_NAME', 'courier');
define('DB_USER', 'courier');
define('DB_PASSWORD', 'courier');
define('DB_HOST', 'localhost:$work/mariadb.sock');
define('WP_HOME', 'https://courier.example');
define('WP_SITEURL', 'https://courier.example');
define('WP_CONTENT_DIR', '$work/wp-content');
define('WP_CONTENT_URL', 'https://courier.example/wp-content');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
PHP

HTTP_HOST=courier.example php "$here/courier.php" "$work/export.xml"

rm -rf "$fixtures/riverside-courier-uploads"
cp -r "$work/wp-content/uploads" "$fixtures/riverside-courier-uploads"
cp "$work/export.xml" "$fixtures/riverside-courier-wordpress-6.1.xml"
echo "wrote $fixtures/riverside-courier-wordpress-6.1.xml and riverside-courier-uploads/"
