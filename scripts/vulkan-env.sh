# Source this to use the project-local lavapipe (scripts/install-lavapipe.sh) as the Vulkan driver.
_edgebench_vulkan="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.vulkan"
if [ -f "$_edgebench_vulkan/lvp_icd.json" ]; then
    export VK_DRIVER_FILES="$_edgebench_vulkan/lvp_icd.json"
    _edgebench_libdir="$(dirname "$(sed -n 's/.*"library_path": *"\([^"]*\)".*/\1/p' "$VK_DRIVER_FILES")")"
    export LD_LIBRARY_PATH="$_edgebench_libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export MESA_SHADER_CACHE_DIR="$_edgebench_vulkan/shader-cache"
    export EDGEBENCH_GPU_TESTS=1
fi
unset _edgebench_vulkan _edgebench_libdir
