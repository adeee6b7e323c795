import Foundation

/// Linux's `makedev(major, minor)` (a C macro Swift cannot import), for making stand-in devices with `mknod`.
public func makedev(_ major: UInt32, _ minor: UInt32) -> dev_t {
    let major = dev_t(major), minor = dev_t(minor)
    return ((major & 0xFFFF_F000) << 32) | ((major & 0x0FFF) << 8) | ((minor & 0xFFFF_FF00) << 12) | (minor & 0xFF)
}
