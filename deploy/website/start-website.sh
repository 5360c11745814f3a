#!/usr/bin/env bash
# Starts the website (nginx, WebDAV writes for the publisher) in the foreground, as a throwaway process:
#   deploy/website/start-website.sh STATE_DIR [PORT] [USER] [PASSWORD]
# STATE_DIR holds the config, pid, logs and the site itself (STATE_DIR/www). Ctrl-C (SIGINT/SIGTERM) stops it.
# The publication service then needs:
#   BUDGETMESH_WEBSITE_URL=http://127.0.0.1:PORT/dav/ BUDGETMESH_WEBSITE_USER=USER BUDGETMESH_WEBSITE_PASSWORD=PASSWORD
set -euo pipefail

state=${1:?usage: start-website.sh STATE_DIR [PORT] [USER] [PASSWORD]}
port=${2:-8080}
user=${3:-publisher}
password=${4:-publisher-dev-password}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
nginx=${NGINX:-/usr/sbin/nginx}

if [ ! -x "$nginx" ]; then
    echo "nginx is missing: run \`apt-get install -y nginx-extras\` (deploy/install-prereqs.sh does)." >&2
    exit 1
fi
if ! "$nginx" -V 2>&1 | grep -q -- --with-http_dav_module; then
    echo "$nginx has no WebDAV module: install nginx-extras." >&2
    exit 1
fi

mkdir -p "$state/www" "$state/temp"
state=$(cd "$state" && pwd)
# apr1 (MD5-crypt) is what every nginx understands; the file is readable by its owner only.
printf '%s:%s\n' "$user" "$(openssl passwd -apr1 "$password")" > "$state/htpasswd"
chmod 600 "$state/htpasswd"

# As root the workers would otherwise drop to nobody and could not write the site; elsewhere nginx cannot switch user.
user_line=""
if [ "$(id -u)" = 0 ]; then user_line="user root;"; fi

sed -e "s|@@USER@@|$user_line|" -e "s|@@PREFIX@@|$state|g" -e "s|@@LISTEN@@|127.0.0.1:$port|" \
    -e "s|@@ROOT@@|$state/www|g" -e "s|@@HTPASSWD@@|$state/htpasswd|" \
    "$here/nginx.conf.template" > "$state/nginx.conf"

[ -f "$state/www/index.html" ] || printf '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>预决算公开专栏</title><h1>预决算公开专栏</h1><p>暂无已公开的部门预算。</p></html>\n' > "$state/www/index.html"

echo "website: http://127.0.0.1:$port/  (publisher writes to http://127.0.0.1:$port/dav/ as $user)"
exec "$nginx" -p "$state" -c "$state/nginx.conf" -e "$state/error.log" -g 'daemon off;'
