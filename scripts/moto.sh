#!/usr/bin/env bash
# moto's S3 server on a free loopback port, for the S3 storage tests: `start` starts it and prints its
# endpoint once it answers, `stop` ends it. scripts/install-test-tools.sh installs it.
set -euo pipefail
cd "$(dirname "$0")/.."
state=.build-tools/moto/server
case "${1:-}" in
start)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  .build-tools/moto/bin/moto_server -H 127.0.0.1 -p "$port" >"$state.log" 2>&1 &
  echo $! >"$state.pid"
  probe="import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/', timeout=1)"
  for _ in $(seq 100); do
    if python3 -c "$probe" 2>/dev/null; then
      echo "http://127.0.0.1:$port"
      exit 0
    fi
    sleep 0.2
  done
  echo "moto did not answer on 127.0.0.1:$port within 20 s:" >&2
  cat "$state.log" >&2
  "$0" stop
  exit 1
  ;;
stop)
  if [ -f "$state.pid" ]; then
    kill "$(cat "$state.pid")" 2>/dev/null || true
    rm -f "$state.pid"
  fi
  ;;
*)
  echo "usage: $0 start|stop" >&2
  exit 2
  ;;
esac
