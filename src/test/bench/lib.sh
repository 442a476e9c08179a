# Helpers shared by the benchmark scripts (run, rolling-restart); sourced, not run.

install_missing() { # command[:package] ...
  local missing=() tool
  for tool in "$@"; do command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}"); done
  [ ${#missing[@]} -eq 0 ] && return
  echo "installing ${missing[*]}" >&2
  sudo_or_root apt-get update -qq && sudo_or_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}
sudo_or_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_ready() { # url
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.05; done
  echo "no answer from $1" >&2; return 1
}

# Installs the Debian package $2 when command $1 is missing (its name differs from the package's).
install_package_for() { # command package
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] && return
  echo "installing $2" >&2
  sudo_or_root apt-get update -qq && sudo_or_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"
}

# The first of $1 consecutive ports nobody listens on now, below the ephemeral range clients use.
free_ports() { # count
  python3 - "$1" <<'PY'
import random, socket, sys
count = int(sys.argv[1])
for _ in range(200):
    first = random.randint(20000, 32000 - count)
    held = []
    try:
        for port in range(first, first + count):
            s = socket.socket()
            s.bind(("0.0.0.0", port))
            held.append(s)
        print(first)
        break
    except OSError:
        pass
    finally:
        for s in held:
            s.close()
else:
    sys.exit("no free range of %d ports" % count)
PY
}

now_ms() { date +%s%3N; }

# Waits until a file has at least $3 lines matching the pattern $2, at most $4 seconds.
wait_for_lines() { # file pattern count seconds
  local deadline=$(( $(date +%s) + $4 ))
  until [ "$(grep -c -- "$2" "$1" 2>/dev/null || true)" -ge "$3" ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "no $3 lines with \"$2\" in $1 within $4 s" >&2; return 1; fi
    sleep 0.1
  done
}
