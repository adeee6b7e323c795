/// The confidence level of every interval edgebench reports (latency medians, paired ratios, the regression
/// check's percentile and mean intervals, accuracy's Wilson intervals): 95%, two-sided.
public enum Confidence {
    /// The standard normal quantile of a two-sided 95% interval, Φ⁻¹(0.975).
    public static let z95 = 1.959963984540054
}
