#!/usr/bin/env bash
# Builds every binary of the local control plane that the cache (~/.cache/jupyter-apis) lacks:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok. Each build prints progress.
set -euo pipefail
here="$(dirname "$0")"
for build in etcd k8s kwok; do
  bash "$here/$build/build.sh"
done
