#!/usr/bin/env bash
# Installs Mesa 25's software Vulkan driver (lavapipe) into the project-local folder .vulkan/, without
# touching the system's Mesa: Debian 12's Mesa 22.3 is rejected by LiteRT's WebGPU accelerator (Dawn),
# so the driver and the libdrm it needs come from bookworm-backports, downloaded with a private apt
# configuration and unpacked (dpkg -x). The Vulkan loader (libvulkan1) and the driver's other
# dependencies are ordinary Debian packages. Prints nothing on success; `scripts/vulkan-env.sh` sets
# VK_DRIVER_FILES / LD_LIBRARY_PATH / MESA_SHADER_CACHE_DIR for it.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD/.vulkan"
[ -f "$root/lvp_icd.json" ] && exit 0

arch="$(dpkg --print-architecture)"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
runtime_packages=(libvulkan1 libllvm15 libwayland-client0 libx11-xcb1 libxcb-dri3-0 libxcb-present0 libxcb-randr0
                  libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxshmfence1 libelf1 libzstd1 libexpat1)
missing=()
for package in "${runtime_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

apt_dir="$root/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs" "$root/root" "$root/shader-cache"
echo "deb http://deb.debian.org/debian bookworm-backports main" > "$apt_dir/sources.list"
apt_options=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
             -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Debug::NoLocking=1"
             -o "APT::Sandbox::User=root")
apt-get "${apt_options[@]}" update -qq
(cd "$apt_dir/debs" && apt-get "${apt_options[@]}" download -qq \
    "mesa-vulkan-drivers:$arch/bookworm-backports" "libdrm2:$arch/bookworm-backports" "libdrm-amdgpu1:$arch/bookworm-backports")
for deb in "$apt_dir"/debs/*.deb; do dpkg -x "$deb" "$root/root"; done

driver="$(find "$root/root" -name 'libvulkan_lvp.so' | head -n 1)"
[ -n "$driver" ] || { echo "install-lavapipe: libvulkan_lvp.so not found in the downloaded packages" >&2; exit 1; }
api_version="$(sed -n 's/.*"api_version": *"\([^"]*\)".*/\1/p' "$root/root/usr/share/vulkan/icd.d/lvp_icd.json" | head -n 1)"
cat > "$root/lvp_icd.json.tmp" <<JSON
{ "file_format_version": "1.0.0", "ICD": { "library_path": "$driver", "api_version": "${api_version:-1.3.0}" } }
JSON
mv "$root/lvp_icd.json.tmp" "$root/lvp_icd.json"
rm -rf "$apt_dir"
