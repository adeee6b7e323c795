/// edgebench's own version.
public enum EdgeBenchVersion {
    public static let current = "0.1.0"
}
