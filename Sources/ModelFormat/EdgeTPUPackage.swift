/// The kind of an Edge TPU executable (`platforms.darwinn.ExecutableType`).
public struct EdgeTPUExecutableType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }
    /// `STAND_ALONE`: parameters and instructions in one executable.
    public static let standAlone = EdgeTPUExecutableType(rawValue: 0)
    /// `PARAMETER_CACHING`: loads parameters into the on-chip memory once.
    public static let parameterCaching = EdgeTPUExecutableType(rawValue: 1)
    /// `EXECUTION_ONLY`: runs each inference; its own parameters are streamed every time.
    public static let executionOnly = EdgeTPUExecutableType(rawValue: 2)
    public var description: String {
        switch self {
        case .standAlone: return "STAND_ALONE"
        case .parameterCaching: return "PARAMETER_CACHING"
        case .executionOnly: return "EXECUTION_ONLY"
        default: return "TYPE(\(rawValue))"
        }
    }
}

/// One executable of an Edge TPU package.
public struct EdgeTPUExecutable: Sendable, Equatable {
    public let name: String?
    public let type: EdgeTPUExecutableType
    /// Bytes of the `parameters` vector.
    public let parameterBytes: Int
    /// Executables with equal tokens share parameters cached on the chip.
    public let parameterCachingToken: UInt64
    /// The target chip, e.g. `"beagle"`.
    public let chip: String?
    public let batchSize: Int
    public let scratchSizeBytes: Int
    public let estimatedCycles: Int64
    public let usesTPUDRAMForParameters: Bool
}

/// An Edge TPU package (FlatBuffer identifier `DWN1`), the payload of one `edgetpu-custom-op`.
public struct EdgeTPUPackage: Sendable, Equatable {
    /// The FlatBuffers identifier of a package.
    public static let fileIdentifier = "DWN1"
    /// The key of the package in the custom operator's FlexBuffer map.
    public static let optionsKey = "4"

    /// The oldest runtime (libedgetpu) version that runs the package, when recorded.
    public let minRuntimeVersion: Int?
    public let compilerVersion: String?
    public let virtualChipID: Int
    public let modelIdentifier: String?
    public let keypairVersion: Int
    public let isSigned: Bool
    public let executables: [EdgeTPUExecutable]

    /// Parses the custom options of an `edgetpu-custom-op`.
    /// - Parameters:
    ///   - customOptions: The operator's custom options (a FlexBuffer map).
    ///   - limits: Bounds on the work a hostile buffer can cause.
    /// - Throws: `badFlexBuffer`, `badEdgeTPUPackage` (e.g. no key "4"), `badIdentifier`, or any table error.
    public init(customOptions: ArraySlice<UInt8>, limits: ReaderLimits = .default) throws {
        let options = try ByteReader(bytes: Array(customOptions), limits: limits)
        guard let entry = try FlexReference.root(of: options).value(forKey: Self.optionsKey) else {
            throw ModelFormatError.badEdgeTPUPackage(reason: "custom options have no key \"\(Self.optionsKey)\"")
        }
        let range = try entry.byteRange()
        try self.init(packageBytes: Array(options.bytes[range]), limits: limits)
    }

    /// Parses a serialized package (`DWN1`).
    public init(packageBytes: [UInt8], limits: ReaderLimits = .default) throws {
        let reader = try ByteReader(bytes: packageBytes, limits: limits)
        let package = try reader.rootTable(identifier: Self.fileIdentifier, name: "Package")
        minRuntimeVersion = try package.has(0) ? Int(try package.scalar(0, default: Int32(0))) : nil
        compilerVersion = try package.string(4, "compiler_version")
        virtualChipID = Int(try package.scalar(5, default: Int32(0)))
        modelIdentifier = try package.string(7, "model_identifier")
        keypairVersion = Int(try package.scalar(3, default: Int32(0)))
        isSigned = !(try package.byteRange(2, "signature") ?? 0 ..< 0).isEmpty
        guard let multiRange = try package.byteRange(1, "serialized_multi_executable") else {
            throw ModelFormatError.badEdgeTPUPackage(reason: "the package has no serialized_multi_executable")
        }
        try reader.budget.spend(multiRange.count / 4)
        let multi = ByteReader(nested: Array(reader.bytes[multiRange]), parent: reader)
        let multiRoot = try multi.rootTable(identifier: nil, name: "MultiExecutable")
        guard let list = try multiRoot.vector(0, "serialized_executables", elementSize: 4) else {
            throw ModelFormatError.badEdgeTPUPackage(reason: "the package has no executables")
        }
        var executables: [EdgeTPUExecutable] = []
        for i in 0 ..< list.count {
            let target = try multi.follow(list.start + 4 * i, field: "serialized_executables[\(i)]")
            let blob = try multi.vector(at: target, elementSize: 1, structured: false, field: "serialized_executables[\(i)]")
            try multi.budget.spend(blob.count / 4) // copies of a shared blob are bounded by the work budget
            let exe = ByteReader(nested: Array(multi.bytes[blob.start ..< blob.start + blob.count]), parent: multi)
            let t = try exe.rootTable(identifier: nil, name: "Executable")
            let cycles64 = try t.scalar(16, default: Int64(0))
            executables.append(EdgeTPUExecutable(
                name: try t.string(1, "name"),
                type: EdgeTPUExecutableType(rawValue: try t.scalar(13, default: Int16(0))),
                parameterBytes: (try t.byteRange(6, "parameters"))?.count ?? 0,
                parameterCachingToken: try t.scalar(14, default: UInt64(0)),
                chip: try t.string(10, "chip"),
                batchSize: Int(try t.scalar(3, default: Int32(0))),
                scratchSizeBytes: Int(try t.scalar(4, default: Int32(0))),
                estimatedCycles: cycles64 != 0 ? cycles64 : Int64(try t.scalar(11, default: Int32(0))),
                usesTPUDRAMForParameters: try t.bool(15, default: false)))
        }
        self.executables = executables
    }

    /// Parameter bytes loaded once and kept in the Edge TPU's memory: those of `PARAMETER_CACHING`
    /// executables, plus those of `STAND_ALONE` executables (which the runtime also uploads once, at load).
    public var cachedParameterBytes: Int {
        executables.filter { $0.type == .parameterCaching || $0.type == .standAlone }.reduce(0) { $0 + $1.parameterBytes }
    }

    /// Parameter bytes sent with every inference: those of `EXECUTION_ONLY` executables.
    public var streamedParameterBytes: Int {
        executables.filter { $0.type == .executionOnly }.reduce(0) { $0 + $1.parameterBytes }
    }

    /// The parameter-caching token shared by the package's executables (0 when none is set).
    public var cachingToken: UInt64 {
        executables.first { $0.type == .parameterCaching }?.parameterCachingToken
            ?? executables.first?.parameterCachingToken ?? 0
    }
}
