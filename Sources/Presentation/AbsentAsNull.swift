import Foundation

/// Encodes `value` as its own `Encodable` conformance does, except that an absent optional is written as `null`
/// rather than left out, at every depth: the conventions' rule for JSON documents ("absent values are `null`,
/// never omitted").
///
/// Synthesized conformances call `encodeIfPresent` for optional properties, which omits nil; the containers of
/// this encoder write `encodeNil` instead, so no type has to list its fields a second time (a field added later
/// is covered as well). Decoding needs nothing: synthesized decoding reads a missing key and `null` alike, so
/// files written before this rule still read.
public struct AbsentAsNull<Value: Encodable>: Encodable {
    public let value: Value

    public init(_ value: Value) { self.value = value }

    public func encode(to encoder: Encoder) throws {
        try value.encode(to: NullWritingEncoder(base: encoder))
    }
}

/// Forwards to `base`, wrapping every keyed and unkeyed container so that nested values are written the same way.
struct NullWritingEncoder: Encoder {
    let base: Encoder
    var codingPath: [CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(NullWritingKeyedContainer<Key>(base: base.container(keyedBy: type)))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer { NullWritingUnkeyedContainer(base: base.unkeyedContainer()) }

    func singleValueContainer() -> SingleValueEncodingContainer { base.singleValueContainer() }

    /// Values the underlying encoder writes itself (scalars, and the types JSONEncoder has strategies for).
    static func isScalar<T>(_ value: T) -> Bool {
        value is String || value is Bool || value is Double || value is Float || value is Int || value is Int8
            || value is Int16 || value is Int32 || value is Int64 || value is UInt || value is UInt8 || value is UInt16
            || value is UInt32 || value is UInt64 || value is Date || value is Data || value is URL || value is Decimal
    }
}

/// An optional seen through a generic `Encodable`: its wrapped value, if any.
private protocol EncodableOptional {
    var wrappedEncodable: (any Encodable)? { get }
}

extension Optional: EncodableOptional where Wrapped: Encodable {
    fileprivate var wrappedEncodable: (any Encodable)? { self.map { $0 as any Encodable } }
}

struct NullWritingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    var base: KeyedEncodingContainer<Key>
    var codingPath: [CodingKey] { base.codingPath }

    mutating func encodeNil(forKey key: Key) throws { try base.encodeNil(forKey: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try base.encode(value, forKey: key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if let optional = value as? any EncodableOptional {
            guard let wrapped = optional.wrappedEncodable else { return try base.encodeNil(forKey: key) }
            return try encode(wrapped, forKey: key)
        }
        if NullWritingEncoder.isScalar(value) { return try base.encode(value, forKey: key) }
        try value.encode(to: NullWritingEncoder(base: base.superEncoder(forKey: key)))
    }

    // The point of this type: an absent value is written as null.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encode(value, forKey: key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(NullWritingKeyedContainer<NestedKey>(base: base.nestedContainer(keyedBy: keyType, forKey: key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        NullWritingUnkeyedContainer(base: base.nestedUnkeyedContainer(forKey: key))
    }

    mutating func superEncoder() -> Encoder { NullWritingEncoder(base: base.superEncoder()) }
    mutating func superEncoder(forKey key: Key) -> Encoder { NullWritingEncoder(base: base.superEncoder(forKey: key)) }
}

struct NullWritingUnkeyedContainer: UnkeyedEncodingContainer {
    var base: UnkeyedEncodingContainer
    var codingPath: [CodingKey] { base.codingPath }
    var count: Int { base.count }

    mutating func encodeNil() throws { try base.encodeNil() }
    mutating func encode(_ value: Bool) throws { try base.encode(value) }
    mutating func encode(_ value: String) throws { try base.encode(value) }
    mutating func encode(_ value: Double) throws { try base.encode(value) }
    mutating func encode(_ value: Float) throws { try base.encode(value) }
    mutating func encode(_ value: Int) throws { try base.encode(value) }
    mutating func encode(_ value: Int8) throws { try base.encode(value) }
    mutating func encode(_ value: Int16) throws { try base.encode(value) }
    mutating func encode(_ value: Int32) throws { try base.encode(value) }
    mutating func encode(_ value: Int64) throws { try base.encode(value) }
    mutating func encode(_ value: UInt) throws { try base.encode(value) }
    mutating func encode(_ value: UInt8) throws { try base.encode(value) }
    mutating func encode(_ value: UInt16) throws { try base.encode(value) }
    mutating func encode(_ value: UInt32) throws { try base.encode(value) }
    mutating func encode(_ value: UInt64) throws { try base.encode(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if let optional = value as? any EncodableOptional {
            guard let wrapped = optional.wrappedEncodable else { return try base.encodeNil() }
            return try encode(wrapped)
        }
        if NullWritingEncoder.isScalar(value) { return try base.encode(value) }
        try value.encode(to: NullWritingEncoder(base: base.superEncoder()))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(NullWritingKeyedContainer<NestedKey>(base: base.nestedContainer(keyedBy: keyType)))
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { NullWritingUnkeyedContainer(base: base.nestedUnkeyedContainer()) }

    mutating func superEncoder() -> Encoder { NullWritingEncoder(base: base.superEncoder()) }
}
