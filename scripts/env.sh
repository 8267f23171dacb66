# Source this file (`. scripts/env.sh`) to put Node 24 and pnpm on PATH.
# When the system Node is older than 24, Node 24 is installed from the npm package `node@24`
# into .tools/ (gitignored) the first time, and reused afterwards.
_tb_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_tb_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$_tb_major" -lt 24 ]; then
  if [ ! -x "$_tb_root/.tools/node24/node_modules/.bin/node" ]; then
    echo "scripts/env.sh: installing Node 24 into .tools/node24 (system Node is v$_tb_major)" >&2
    npm install --silent --no-audit --no-fund --prefix "$_tb_root/.tools/node24" node@24 >&2
  fi
  export PATH="$_tb_root/.tools/node24/node_modules/.bin:$PATH"
fi
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null | cut -d. -f1)" != "10" ]; then
  if [ ! -x "$_tb_root/.tools/pnpm/node_modules/.bin/pnpm" ]; then
    echo "scripts/env.sh: installing pnpm 10 into .tools/pnpm" >&2
    npm install --silent --no-audit --no-fund --prefix "$_tb_root/.tools/pnpm" pnpm@10.34.8 >&2
  fi
  export PATH="$_tb_root/.tools/pnpm/node_modules/.bin:$PATH"
fi
unset _tb_root _tb_major
