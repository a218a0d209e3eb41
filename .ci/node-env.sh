# Sourced (bash) by .ci/setup and .ci/run, and by a developer's shell before npm/npx commands:
# puts the Node 24 that .ci/setup unpacked into .tools/node (only on machines whose own Node is
# older) first on PATH, so npm, npx and every process they start - tsx, vitest, playwright, the
# hosts and relays the tests spawn - run on it. Without .tools/node it changes nothing.
b24phone_node_bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/node/bin"
if [ -x "$b24phone_node_bin/node" ]; then
  case ":$PATH:" in
    *":$b24phone_node_bin:"*) ;;
    *) export PATH="$b24phone_node_bin:$PATH" ;;
  esac
fi
unset b24phone_node_bin
