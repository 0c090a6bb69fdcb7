#!/usr/bin/env bash
# A real Kubernetes v1.20.2 control plane (etcd, kube-apiserver, kube-controller-manager) on
# loopback, for slatune's integration tests. There is no kubelet: the tests play it.
#
#   control-plane.sh install   apt packages (idempotent): Go, etcd-server, openssl, rsync, ...
#   control-plane.sh build     fetch Debian's `kubernetes` source, build the two binaries once and
#                              cache them in $SLATUNE_K8S_CACHE (reused by later runs)
#   control-plane.sh start     install + build when needed, then certs, etcd, apiserver, controller
#                              manager on free 127.0.0.1 ports; waits until ready; prints the env
#   control-plane.sh stop      stops what `start` started, by the recorded process ids
#   control-plane.sh env       prints KUBECONFIG=... and friends for a running control plane
#
# Environment:
#   SLATUNE_K8S_CACHE  where the binaries are cached  (default ~/.cache/slatune/k8s-v1.20.2)
#   SLATUNE_K8S_STATE  certs, data, logs, pids, kubeconfig (default /tmp/slatune-k8s-$UID)
#
# Why build from source: there is no Docker here (no kind, k3d, Testcontainers) and no registry
# serves kube-apiserver binaries, but Debian bookworm's `kubernetes` source package carries the
# complete upstream v1.20.2 tree with vendor/. Debian's Go 1.19 builds it after three fixes, below.
set -euo pipefail

K8S_VERSION=v1.20.2
CACHE=${SLATUNE_K8S_CACHE:-$HOME/.cache/slatune/k8s-$K8S_VERSION}
STATE=${SLATUNE_K8S_STATE:-/tmp/slatune-k8s-$(id -u)}
BIN=$CACHE/bin
PACKAGES=(golang-go etcd-server openssl rsync make dpkg-dev curl golang-github-modern-go-reflect2-dev)

log() { printf '[control-plane] %s\n' "$*" >&2; }
die() { printf '[control-plane] ERROR: %s\n' "$*" >&2; exit 1; }

# Prints the last lines of a log file to stderr and fails.
die_with_log() {
  local msg=$1 file=$2
  printf '[control-plane] ERROR: %s\n--- last lines of %s ---\n' "$msg" "$file" >&2
  tail -n 40 "$file" >&2 || true
  printf -- '---\n' >&2
  exit 1
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------------------------

# The deb-src entries for bookworm and bookworm-security (the source package's version is a
# security update), copied from the configured binary mirror so no other host is named here.
ensure_deb_src() {
  local list=/etc/apt/sources.list.d/slatune-deb-src.sources
  [ -f "$list" ] && return 0
  local uri
  uri=$(grep -h -E '^URIs:.*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
  if [ -z "$uri" ]; then
    uri=$(grep -h -E '^deb [^ ]+/debian/? ' /etc/apt/sources.list 2>/dev/null | head -1 | awk '{print $2}')
  fi
  [ -n "$uri" ] || die "no Debian mirror found in /etc/apt/sources.list*: add a deb-src line for bookworm"
  local sec=${uri%/debian}/debian-security
  sec=${sec%/}
  log "adding deb-src entries for bookworm ($uri) in $list"
  as_root tee "$list" >/dev/null <<EOF
Types: deb-src
URIs: $uri
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: $sec
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  APT_UPDATED=
}

APT_UPDATED=
apt_update() {
  if [ -z "$APT_UPDATED" ]; then
    as_root apt-get update -qq || die "apt-get update failed"
    APT_UPDATED=1
  fi
}

cmd_install() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ensure_deb_src
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    apt_update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
  fi
}

# ---------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------

built() {
  [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ] \
    && "$BIN/kube-apiserver" --version 2>/dev/null | grep -q "$K8S_VERSION"
}

cmd_build() {
  if built; then
    log "cached binaries in $BIN ($("$BIN/kube-apiserver" --version))"
    return 0
  fi
  # Two checkouts testing at once on a fresh machine: one builds, the other waits for it.
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.build.lock"
  if ! flock -n 9; then
    log "another build is running in $CACHE; waiting for it"
    flock 9
  fi
  if built; then
    exec 9>&-
    log "cached binaries in $BIN ($("$BIN/kube-apiserver" --version))"
    return 0
  fi
  cmd_install
  command -v go >/dev/null || die "go not found after install"
  local work=$CACHE/work started=$SECONDS
  local blog=$CACHE/build.log
  mkdir -p "$CACHE" "$work"
  : >"$blog"
  log "building kube-apiserver and kube-controller-manager $K8S_VERSION in $work (log: $blog)"
  log "a cold build takes several minutes on 2 cores; later runs reuse $BIN"

  # 1. The source: Debian's `kubernetes` package is the upstream tree, vendor/ included.
  local src
  src=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -1)
  if [ -z "$src" ] || [ ! -f "$src/vendor/modules.txt" ]; then
    rm -rf "${work:?}"/*
    apt_update
    (cd "$work" && apt-get source -qq kubernetes/bookworm) >>"$blog" 2>&1 \
      || die_with_log "apt-get source kubernetes/bookworm failed" "$blog"
    src=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -1)
    [ -n "$src" ] || die_with_log "no kubernetes-* directory after apt-get source" "$blog"
  fi

  # 2. GOPATH mode, as upstream 1.20 built: the tree linked at $GOPATH/src/k8s.io/kubernetes.
  #    (Module mode with Go 1.19 trips over 1.20's vendor/modules.txt consistency rules.)
  local gopath=$work/gopath
  mkdir -p "$gopath/src/k8s.io"
  ln -sfn "$src" "$gopath/src/k8s.io/kubernetes"
  local pkgdir=$gopath/src/k8s.io/kubernetes
  export GOPATH=$gopath GO111MODULE=off GOFLAGS= CGO_ENABLED=0
  export GOCACHE=$work/gocache

  # 3. reflect2 1.0.1 (vendored) crashes under Go >= 1.18 on the first custom resource; Debian
  #    ships 1.0.2, which fixes it, with the same API.
  local reflect2=/usr/share/gocode/src/github.com/modern-go/reflect2
  [ -d "$reflect2" ] || die "$reflect2 missing (package golang-github-modern-go-reflect2-dev)"
  rm -rf "$pkgdir/vendor/github.com/modern-go/reflect2"
  cp -r "$reflect2" "$pkgdir/vendor/github.com/modern-go/reflect2"
  rm -rf "$pkgdir/vendor/github.com/modern-go/reflect2/.git" "$pkgdir/vendor/github.com/modern-go/reflect2/"*_test.go

  # 4. The generated OpenAPI definitions are not in the tarball; the apiserver does not compile
  #    without them.
  if [ ! -f "$pkgdir/pkg/generated/openapi/zz_generated.openapi.go" ]; then
    log "generating OpenAPI definitions (make gen_openapi)"
    (cd "$pkgdir" && nice make gen_openapi) >>"$blog" 2>&1 \
      || die_with_log "make gen_openapi failed" "$blog"
  fi

  # 5. The binaries, with the version stamped in as hack/lib/version.sh would. `providerless`
  #    leaves out the in-tree cloud providers (AWS, Azure, GCE, vSphere, OpenStack SDKs): about a
  #    quarter less CPU to build, half the binary size, nothing a loopback control plane uses.
  local vpkg=k8s.io/kubernetes/vendor/k8s.io ldflags="-s -w" key val
  for kv in gitVersion=$K8S_VERSION gitMajor=1 gitMinor=20 gitTreeState=clean \
            buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ); do
    key=${kv%%=*}; val=${kv#*=}
    ldflags+=" -X $vpkg/component-base/version.$key=$val -X $vpkg/client-go/pkg/version.$key=$val"
  done
  mkdir -p "$BIN.tmp"
  local cmd
  for cmd in kube-apiserver kube-controller-manager; do
    log "go build $cmd"
    (cd "$pkgdir" && nice go build -tags selinux,notest,providerless -ldflags "$ldflags" \
      -o "$BIN.tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd") >>"$blog" 2>&1 \
      || die_with_log "go build $cmd failed" "$blog"
  done
  rm -rf "$BIN" && mv "$BIN.tmp" "$BIN"
  built || die "built binaries do not report $K8S_VERSION"
  log "built in $((SECONDS - started)) s: $("$BIN/kube-apiserver" --version)"
  # The tree and the Go cache are >1 GB; only the binaries are needed from now on.
  [ "${SLATUNE_K8S_KEEP_WORK:-}" = 1 ] || rm -rf "$work"
  # Release the lock, so the daemons that `start` launches next do not inherit it.
  exec 9>&-
}

# ---------------------------------------------------------------------------------------------
# start / stop / env
# ---------------------------------------------------------------------------------------------

# A free TCP port on 127.0.0.1 (bound by the kernel, then released: a tiny race we accept).
free_port() {
  python3 - 2>/dev/null <<'EOF' || free_port_bash
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
EOF
}
free_port_bash() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free port found"
}

running() { local f=$STATE/$1.pid; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }

make_certs() {
  local d=$STATE/pki
  [ -f "$d/apiserver.crt" ] && return 0
  mkdir -p "$d"
  log "making certificates in $d"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=slatune-test-ca"
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver"
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default\n' >san.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile san.ext -out apiserver.crt
    # Service-account tokens are signed with this key pair (1.20 requires issuer + signing key).
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
  ) >"$STATE/logs/pki.log" 2>&1 || die_with_log "openssl failed" "$STATE/logs/pki.log"
}

# Waits until a URL answers 200 (extra curl options after the timeout), or the process dies.
wait_ready() {
  local name=$1 url=$2 timeout=$3 i
  shift 3
  for ((i = 0; i < timeout * 4; i++)); do
    running "$name" || die_with_log "$name exited during start-up" "$STATE/logs/$name.log"
    if curl -fsS --max-time 2 "$@" "$url" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.25
  done
  die_with_log "$name not ready after ${timeout}s ($url)" "$STATE/logs/$name.log"
}

# Starts a process in its own session, records its pid.
launch() {
  local name=$1; shift
  setsid "$@" >"$STATE/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
}

cmd_start() {
  if running kube-apiserver; then
    log "already running (state $STATE)"
    cmd_env
    return 0
  fi
  local t0=$SECONDS
  cmd_install
  cmd_build
  command -v etcd >/dev/null || die "etcd not found (package etcd-server)"
  cmd_stop_quiet
  rm -rf "$STATE/etcd" "$STATE/logs"
  mkdir -p "$STATE/logs"
  make_certs
  [ -f "$STATE/token" ] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$STATE/token"
  printf '%s,admin,admin,system:masters\n' "$(cat "$STATE/token")" >"$STATE/tokens.csv"

  local etcd_client etcd_peer api_port cm_port
  etcd_client=$(free_port); etcd_peer=$(free_port); api_port=$(free_port); cm_port=$(free_port)

  log "starting etcd on 127.0.0.1:$etcd_client"
  launch etcd etcd --name slatune --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "slatune=http://127.0.0.1:$etcd_peer" \
    --quota-backend-bytes 1073741824
  wait_ready etcd "http://127.0.0.1:$etcd_client/health" 60

  log "starting kube-apiserver on https://127.0.0.1:$api_port"
  # No admission plugins that need nodes or a ServiceAccount controller loop: the tests create
  # Jobs whose Pods never run on a node.
  launch kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_client" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$STATE/pki/apiserver.crt" --tls-private-key-file "$STATE/pki/apiserver.key" \
    --client-ca-file "$STATE/pki/ca.crt" --token-auth-file "$STATE/tokens.csv" \
    --service-account-issuer https://kubernetes.default.svc \
    --service-account-key-file "$STATE/pki/sa.pub" --service-account-signing-key-file "$STATE/pki/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 --authorization-mode RBAC \
    --disable-admission-plugins ServiceAccount \
    --feature-gates TTLAfterFinished=true \
    --allow-privileged=false --profiling=false --v=1
  wait_ready kube-apiserver "https://127.0.0.1:$api_port/readyz" 120 \
    --cacert "$STATE/pki/ca.crt" -H "Authorization: Bearer $(cat "$STATE/token")"

  write_kubeconfig "$api_port"

  log "starting kube-controller-manager"
  # --use-service-account-credentials=false: every controller acts as the admin in the
  # kubeconfig, so no ServiceAccount tokens need to exist before the Job controller works.
  launch kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$STATE/kubeconfig" --authentication-kubeconfig "$STATE/kubeconfig" \
    --authorization-kubeconfig "$STATE/kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$cm_port" --port 0 \
    --service-account-private-key-file "$STATE/pki/sa.key" --root-ca-file "$STATE/pki/ca.crt" \
    --controllers '*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-attachdetach,-persistentvolume-binder,-persistentvolume-expander,-bootstrapsigner,-tokencleaner,-route,-service' \
    --feature-gates TTLAfterFinished=true \
    --leader-elect=false --use-service-account-credentials=false \
    --concurrent-gc-syncs 5 --v=1
  # Its serving certificate is self-signed (made at start-up): -k, on loopback.
  wait_ready kube-controller-manager "https://127.0.0.1:$cm_port/healthz" 120 -k

  log "ready in $((SECONDS - t0)) s (state $STATE)"
  cmd_env
}

write_kubeconfig() {
  local port=$1
  cat >"$STATE/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: slatune-test
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority: $STATE/pki/ca.crt
users:
- name: admin
  user:
    token: $(cat "$STATE/token")
contexts:
- name: slatune-test
  context: {cluster: slatune-test, user: admin, namespace: default}
current-context: slatune-test
EOF
  echo "https://127.0.0.1:$port" >"$STATE/server"
}

cmd_env() {
  [ -f "$STATE/kubeconfig" ] && running kube-apiserver || die "not running (state $STATE)"
  echo "KUBECONFIG=$STATE/kubeconfig"
  echo "SLATUNE_K8S_SERVER=$(cat "$STATE/server")"
  echo "SLATUNE_K8S_TOKEN=$(cat "$STATE/token")"
  echo "SLATUNE_K8S_CA=$STATE/pki/ca.crt"
  echo "SLATUNE_K8S_STATE=$STATE"
}

stop_one() {
  local name=$1 f=$STATE/$1.pid pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    log "stopped $name ($pid)"
  fi
  rm -f "$f"
}

cmd_stop_quiet() {
  local n
  for n in kube-controller-manager kube-apiserver etcd; do stop_one "$n"; done
}

cmd_stop() {
  [ -d "$STATE" ] || { log "nothing to stop (state $STATE)"; return 0; }
  cmd_stop_quiet
  rm -rf "$STATE/etcd"
}

case "${1:-}" in
  install) cmd_install ;;
  build) cmd_build ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  *) echo "usage: $0 install|build|start|stop|env" >&2; exit 2 ;;
esac
