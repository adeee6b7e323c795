import Results

extension BenchInput {
    /// The images as given and absolute; nil for zeros and random input.
    public var storedPaths: [StoredPath]? {
        guard case let .images(paths) = self else { return nil }
        return paths.map(StoredPath.init)
    }
}
