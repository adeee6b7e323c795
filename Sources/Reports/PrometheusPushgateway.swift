import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
import Results
import Synchronization
#endif

/// Why metrics could not be pushed. Messages name the gateway without any password in its URL.
public enum PushgatewayError: Error, Equatable, Sendable, LocalizedError, ExitStatusProviding {
    /// `--pushgateway` is not an http(s) URL with a host.
    case invalidURL(String)
    /// No connection: refused, unresolvable host, timeout (exit 69).
    case unreachable(url: String, detail: String)
    /// The gateway answered with an error status, e.g. 400 for metrics it found inconsistent (exit 74).
    case rejected(url: String, status: Int, body: String)

    public var errorDescription: String? {
        switch self {
        case let .invalidURL(url):
            return "--pushgateway \(url): expected an http:// or https:// URL with a host, e.g. --pushgateway http://pushgateway:9091"
        case let .unreachable(url, detail):
            return "cannot reach the Pushgateway at \(url) (\(detail)); start it or fix --pushgateway (the local result files were written)"
        case let .rejected(url, status, body):
            let reason = body.trimmingCharacters(in: .whitespacesAndNewlines)
            return "the Pushgateway at \(url) refused the metrics (HTTP \(status)\(reason.isEmpty ? "" : ": \(reason.prefix(300))")); "
                + "check that it is a Pushgateway and that no other job pushes the same group with other metric types"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidURL: return .usage
        case .unreachable: return .unavailable
        case .rejected: return .cannotWrite
        }
    }
}

/// Pushes a report's metrics to a Prometheus Pushgateway: job `edgebench`, one group per configuration keyed by
/// instance (the machine name), model and configuration, each replaced (PUT) by the next run of that configuration.
public struct Pushgateway: Sendable {
    public let baseURL: URL
    /// How long one request may take before the gateway counts as unreachable.
    public var timeout: TimeInterval = 10

    /// - Throws: `PushgatewayError.invalidURL` unless `url` is http(s) with a host.
    public init(url: String) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty
        else { throw PushgatewayError.invalidURL(Self.redacted(url)) }
        baseURL = parsed
    }

    /// The URL for messages: the password (if any) replaced by `***`.
    public var displayURL: String { Self.redacted(baseURL.absoluteString) }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }

    /// The grouping path of one configuration: `/metrics/job/edgebench/instance/<machine>/model/<m>/configuration@base64/<c>`.
    /// Every value is base64url-encoded (`label@base64/…`), since model names and configurations contain `/`, `:` and `@`.
    public func groupURL(machine: String, model: String, configuration: String) -> URL {
        var path = baseURL.path.hasSuffix("/") ? String(baseURL.path.dropLast()) : baseURL.path
        path += "/metrics/job/edgebench"
        for (label, value) in [("instance", machine), ("model", model), ("configuration", configuration)] {
            path += "/\(label)@base64/\(Self.base64URL(value))"
        }
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)!
        components.percentEncodedPath = path
        return components.url!
    }

    /// base64url as the Pushgateway reads it; the empty string is `=` (its documented spelling of an empty value).
    static func base64URL(_ value: String) -> String {
        guard !value.isEmpty else { return "=" }
        return Data(value.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// Pushes every configuration of `report` (one PUT each); stops at the first failure.
    /// - Throws: `PushgatewayError.unreachable` (69) or `.rejected` (74).
    public func push(_ report: BenchReport, machine: String, tags: [RunTag]) throws {
        for result in report.results {
            let labels = Dictionary(PrometheusExposition.labels(of: result, machine: machine, tags: tags), uniquingKeysWith: { first, _ in first })
            let body = PrometheusExposition.text(results: [result], created: report.created, machine: machine, tags: tags)
            let url = groupURL(machine: machine, model: labels["model"] ?? "", configuration: labels["configuration"] ?? "")
            try send(body, to: url)
        }
    }

    /// One HTTP PUT of exposition text, waited for synchronously (the CLI is synchronous).
    func send(_ text: String, to url: URL) throws {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "PUT"
        request.setValue(PrometheusExposition.contentType, forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(text.utf8)
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            outcome.set(data: data, response: response as? HTTPURLResponse, error: error)
            done.signal()
        }
        task.resume()
        done.wait()
        let (data, response, error) = outcome.get()
        if let error { throw PushgatewayError.unreachable(url: displayURL, detail: error.localizedDescription) }
        guard let response else { throw PushgatewayError.unreachable(url: displayURL, detail: "no HTTP response") }
        guard (200..<300).contains(response.statusCode) else {
            throw PushgatewayError.rejected(url: displayURL, status: response.statusCode,
                                            body: data.map { String(decoding: $0, as: UTF8.self) } ?? "")
        }
    }

    /// The completion handler's results, handed from URLSession's queue to the waiting thread.
    private final class Outcome: Sendable {
        private let state = Mutex<(data: Data?, response: HTTPURLResponse?, error: Error?)>((nil, nil, nil))

        func set(data: Data?, response: HTTPURLResponse?, error: Error?) {
            state.withLock { $0 = (data, response, error) }
        }

        func get() -> (Data?, HTTPURLResponse?, Error?) {
            state.withLock { ($0.data, $0.response, $0.error) }
        }
    }
}
