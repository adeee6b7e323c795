import CEdgeTPU
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one gateway to libedgetpu: the loaded library and its C API (`edgetpu_c.h`), resolved once with `dlsym`.
///
/// Thread safety: immutable after loading, so it is `Sendable`. libedgetpu's own functions are thread-safe (its
/// device manager is a locked singleton); delegates are used by one compiled model at a time.
public final class EdgeTPULibrary: Sendable {
    /// The soname Coral's packages install (`libedgetpu1-std` / `libedgetpu1-max`).
    public static let soname = "libedgetpu.so.1"
    /// The environment variable naming the library file to use instead of the loader's search.
    public static let pathVariable = "EDGEBENCH_EDGETPU_LIB"

    /// The file that was loaded (resolved through the loader when found by soname).
    public let path: String
    /// Direct (max clock) or throttled (std clock), from the file's `PERFORMANCE=` marker; nil when absent.
    public let build: EdgeTPUBuild?
    /// The TensorFlow commit the library was built on, from the file's `TENSORFLOW_COMMIT=` marker.
    public let tensorflowCommit: String?

    let listDevices: EBEdgeTPUListDevicesFn
    let freeDevices: EBEdgeTPUFreeDevicesFn
    let createDelegate: EBEdgeTPUCreateDelegateFn
    let freeDelegate: EBEdgeTPUFreeDelegateFn
    let setVerbosity: EBEdgeTPUVerbosityFn
    let versionFunction: EBEdgeTPUVersionFn

    /// Every library loaded so far, by the path it was asked for and the path it resolved to.
    private static let loaded = Mutex<[String: EdgeTPULibrary]>([:])

    /// Finds and loads libedgetpu: the file named by `EDGEBENCH_EDGETPU_LIB` when set, else `libedgetpu.so.1`
    /// through the dynamic loader's search (LD_LIBRARY_PATH, the ld.so cache, the system folders).
    /// - Parameter environment: The process environment to read `EDGEBENCH_EDGETPU_LIB` from.
    /// - Returns: The loaded library; the same instance for the same path.
    /// - Throws: `EdgeTPUError.libraryNotFound` with what was searched and how to install it,
    ///   `.cannotLoadLibrary` when the file exists but cannot be loaded, `.missingSymbol` for a wrong file.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EdgeTPULibrary {
        if let path = environment[pathVariable], !path.isEmpty {
            guard FileManager.default.fileExists(atPath: path) else {
                throw EdgeTPUError.libraryNotFound(searched: ["\(path) (from \(pathVariable))"])
            }
            return try load(path: path)
        }
        do {
            return try load(path: soname)
        } catch let EdgeTPUError.cannotLoadLibrary(_, reason) where reason.contains("\(soname): cannot open shared object file") {
            throw EdgeTPUError.libraryNotFound(searched: [
                "\(soname) on the loader's search path (LD_LIBRARY_PATH, /etc/ld.so.cache, /lib, /usr/lib)",
                "\(pathVariable) (not set)",
            ])
        }
    }

    /// Loads (once per path) libedgetpu from `path`, a file path or a soname for the loader to find.
    /// - Throws: `EdgeTPUError.cannotLoadLibrary` when `dlopen` fails, `.missingSymbol` when it is not libedgetpu.
    public static func load(path: String) throws -> EdgeTPULibrary {
        try loaded.withLock { cache in
            if let library = cache[path] { return library }
            let library = try EdgeTPULibrary(path: path)
            cache[path] = library
            cache[library.path] = library
            return library
        }
    }

    private init(path: String) throws {
        // RTLD_LOCAL: libedgetpu bundles parts of TensorFlow Lite; keep them away from LiteRT's symbols.
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw EdgeTPUError.cannotLoadLibrary(path: path, reason: reason)
        }
        // Each C name is written once, here; the function type comes from the property it is assigned to.
        func symbol<T>(_ name: String) throws -> T {
            guard let address = dlsym(handle, name) else { throw EdgeTPUError.missingSymbol(name: name, path: path) }
            return unsafeBitCast(address, to: T.self)
        }
        let versionAddress: UnsafeRawPointer
        do {
            listDevices = try symbol("edgetpu_list_devices")
            freeDevices = try symbol("edgetpu_free_devices")
            createDelegate = try symbol("edgetpu_create_delegate")
            freeDelegate = try symbol("edgetpu_free_delegate")
            setVerbosity = try symbol("edgetpu_verbosity")
            let version: EBEdgeTPUVersionFn = try symbol("edgetpu_version")
            versionFunction = version
            versionAddress = unsafeBitCast(version, to: UnsafeRawPointer.self)
        } catch {
            // The handle is not kept and stays open on purpose (leaked): never dlclose a library once loaded. A C++ library's
            // constructors have run and registered exit-time destructors; unloading it made `devices` die with
            // SIGSEGV after printing the right message (issue 12, item 4).
            throw error
        }
        let resolved = Self.resolvedPath(of: versionAddress) ?? path
        self.path = resolved
        (build, tensorflowCommit) = EdgeTPULibraryFile.markers(atPath: resolved)
    }

    /// A library made of given functions (tests use a stand-in for libedgetpu).
    init(path: String, listDevices: EBEdgeTPUListDevicesFn, freeDevices: EBEdgeTPUFreeDevicesFn,
         createDelegate: EBEdgeTPUCreateDelegateFn, freeDelegate: EBEdgeTPUFreeDelegateFn,
         setVerbosity: EBEdgeTPUVerbosityFn, version: EBEdgeTPUVersionFn) {
        self.path = path
        build = nil
        tensorflowCommit = nil
        self.listDevices = listDevices
        self.freeDevices = freeDevices
        self.createDelegate = createDelegate
        self.freeDelegate = freeDelegate
        self.setVerbosity = setVerbosity
        versionFunction = version
    }

    /// The file a symbol was loaded from, as the loader resolved it.
    private static func resolvedPath(of symbol: UnsafeRawPointer?) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBufferPointer { EBEdgeTPUFileOfSymbol(symbol, $0.baseAddress, $0.count) }
        guard length > 0 else { return nil }
        let path = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// The functions the accelerator's C side calls.
    var functions: EBEdgeTPUFunctions {
        EBEdgeTPUFunctions(listDevices: listDevices, freeDevices: freeDevices, createDelegate: createDelegate,
                           freeDelegate: freeDelegate)
    }

    /// `edgetpu_version()`, e.g. "BuildLabel(COMPILER=6.3.0 20170516,DATE=redacted,...), RuntimeVersion(14)".
    public var version: String { versionFunction().map { String(cString: $0) } ?? "" }

    /// Sets libedgetpu's log verbosity (0...10; 10 is the most verbose).
    public func setLogVerbosity(_ level: Int) { setVerbosity(Int32(clamping: min(max(level, 0), 10))) }

    /// The Edge TPUs libedgetpu lists now (`edgetpu_list_devices`), in its enumeration order.
    public func devices() -> [EdgeTPUDevice] {
        var count = 0
        guard let list = listDevices(&count) else { return [] }
        defer { freeDevices(list) }
        return UnsafeBufferPointer(start: list, count: count).map { device in
            let path = device.path.map { String(cString: $0) } ?? ""
            return EdgeTPUDevice(type: device.type == EB_EDGETPU_DEVICE_USB ? .usb : .pci, path: path)
        }
    }
}
