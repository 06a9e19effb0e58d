#!/usr/bin/env bash
# Builds the release for x86_64 Linux: a static binary (the C runtime linked
# in, no shared library needed), then in dist/ the archive
#   gloss-<version>-x86_64-unknown-linux-gnu.tar.gz
# (binary, completions for every shell, man page, README, LICENSE) and a .deb
# made by cargo-deb (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-unknown-linux-gnu
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
name="gloss-$version-$target"

# crt-static links glibc in; relocation-model=static makes a fixed-address
# executable instead of static-pie, so nothing is relocated before main
# (build.rs leaves out its -no-pie here, which crashes with crt-static).
# The explicit --target keeps these flags off build scripts and proc macros.
RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static" \
    cargo build --release --locked --target "$target"
binary="target/$target/release/gloss"

# The point of the static build: refuse to package anything else.
if ldd "$binary" 2>&1 | grep -q '=>'; then
    echo "release: $binary needs shared libraries:" >&2
    ldd "$binary" >&2
    exit 1
fi
env -i "$binary" --version >/dev/null

rm -rf dist
mkdir -p dist
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/completions" "$stage/$name/doc"
cp "$binary" "$stage/$name/gloss"
cp completions/* "$stage/$name/completions/"
cp doc/gloss.1 "$stage/$name/doc/"
cp README.md GUIDE.md LICENSE "$stage/$name/"
# Same input, same archive: fixed owner, order and times.
tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name \
    --mtime="@${SOURCE_DATE_EPOCH:-0}" -czf "dist/$name.tar.gz" "$name"

if ! command -v cargo-deb >/dev/null; then
    cargo install cargo-deb --locked
fi
cargo deb --no-build --target "$target" --output dist/

ls -l dist/
