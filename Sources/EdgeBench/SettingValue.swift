import EdgeTPU
import Foundation
import LiteRT
import Results

/// A setting's value (a flag such as `--threads` or a configuration key such as `threads=`) outside its domain.
public enum SettingError: Error, Equatable, LocalizedError, ExitStatusProviding {
    /// Not a whole number, or one too large to hold.
    case notAnInteger(setting: String, text: String, allowed: ClosedRange<Int>)
    /// A whole number outside the range the setting allows.
    case outOfRange(setting: String, value: Int, allowed: ClosedRange<Int>)
    /// Not one of the names the setting knows.
    case unknownName(setting: String, text: String, allowed: [String])
    /// Not true/false, 1/0 or yes/no.
    case notABoolean(setting: String, text: String)
    /// NaN or an infinity where only finite numbers make sense.
    case notFinite(setting: String, text: String)
    /// A comma-separated list with an empty item (`1,,2`).
    case emptyListItem(setting: String, list: String)
    /// One value was expected where a list was given (only `bench` sweeps lists).
    case notASingleValue(setting: String, list: String)
    /// An explicit flag that contradicts a key of a configuration argument (`--kernels xnnpack` with `m:kernels=builtin`).
    case conflict(flag: String, key: String, configuration: String)

    public var errorDescription: String? {
        switch self {
        case let .notAnInteger(setting, text, allowed):
            return "\(setting) must be a whole number between \(allowed.lowerBound) and \(allowed.upperBound) (got '\(text)')."
        case let .outOfRange(setting, value, allowed):
            return "\(setting) must be between \(allowed.lowerBound) and \(allowed.upperBound) (got \(value))."
        case let .unknownName(setting, text, allowed):
            return "\(setting) must be \(SettingValue.alternatives(allowed)) (got '\(text)')."
        case let .notABoolean(setting, text):
            return "\(setting) must be true or false (also 1/0, yes/no) (got '\(text)')."
        case let .notFinite(setting, text):
            return "\(setting) must be a finite number (got \(text))."
        case let .emptyListItem(setting, list):
            return "\(setting) has an empty item in '\(list)': separate values with single commas, e.g. 1,2."
        case let .notASingleValue(setting, list):
            return "\(setting) takes one value here (got '\(list)'); only bench sweeps comma-separated lists."
        case let .conflict(flag, key, configuration):
            return "\(flag) contradicts \(key) in '\(configuration)': drop the flag or the key (keys on a configuration override defaults, not explicit flags)."
        }
    }

    public var exitStatus: ExitStatus { .usage }
}

/// The one place each setting's domain is checked, for flags, configuration keys and sweeps alike.
///
/// Every function takes the setting's name as the user wrote it (`--threads`, `threads`) so the message names it.
public enum SettingValue {
    /// CPU threads LiteRT is asked for.
    public static let threadRange = 1...256
    /// libedgetpu's `Usb.MaxBulkInQueueLength`.
    public static let usbQueueRange = EdgeTPUOptions.usbQueueLengthRange

    /// A whole number in `range`; a sign is allowed, so `-1` is reported as out of range rather than as "not a number".
    public static func integer(_ text: String, in range: ClosedRange<Int>, setting: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // Too many digits for Int is "not a whole number between …", with the text as given.
        guard let value = Int(trimmed) else { throw SettingError.notAnInteger(setting: setting, text: text, allowed: range) }
        return try checked(value, in: range, setting: setting)
    }

    /// `value` itself when it lies in `range`.
    public static func checked(_ value: Int, in range: ClosedRange<Int>, setting: String) throws -> Int {
        guard range.contains(value) else { throw SettingError.outOfRange(setting: setting, value: value, allowed: range) }
        return value
    }

    /// A CPU thread count, 1...256.
    public static func threads(_ text: String, setting: String) throws -> Int {
        try integer(text, in: threadRange, setting: setting)
    }

    /// An Edge TPU USB bulk-in queue length, 0...255.
    public static func usbQueue(_ text: String, setting: String) throws -> Int {
        try integer(text, in: usbQueueRange, setting: setting)
    }

    /// true/false, 1/0 or yes/no, in any case; anything else is refused rather than read as false.
    public static func boolean(_ text: String, setting: String) throws -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw SettingError.notABoolean(setting: setting, text: text)
        }
    }

    /// One of a closed set of names (`CPUKernels`, `Backend`, `GPUPrecision`, `EdgeTPUPerformance`), case-insensitively.
    public static func named<T: RawRepresentable & CaseIterable>(_ text: String, as _: T.Type, setting: String) throws -> T
    where T.RawValue == String {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let value = T.allCases.first(where: { $0.rawValue.lowercased() == wanted }) else {
            throw SettingError.unknownName(setting: setting, text: text, allowed: T.allCases.map(\.rawValue))
        }
        return value
    }

    /// A finite number; NaN and infinities are refused (they would poison every score or trap a conversion).
    public static func finite<T: BinaryFloatingPoint>(_ value: T, setting: String) throws -> T {
        guard value.isFinite else { throw SettingError.notFinite(setting: setting, text: "\(value)") }
        return value
    }

    /// The items of a comma-separated list, each parsed by `item`; an empty item is refused, not skipped.
    public static func list<T>(_ text: String, setting: String, _ item: (String) throws -> T) throws -> [T] {
        let pieces = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard pieces.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw SettingError.emptyListItem(setting: setting, list: text)
        }
        return try pieces.map(item)
    }

    /// The only item of a list given where one value is expected.
    public static func single<T>(_ values: [T]?, text: String?, setting: String) throws -> T? {
        guard let values else { return nil }
        guard values.count == 1, let value = values.first else {
            throw SettingError.notASingleValue(setting: setting, list: text ?? "")
        }
        return value
    }

    /// "a, b or c".
    static func alternatives(_ names: [String]) -> String {
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }
}
