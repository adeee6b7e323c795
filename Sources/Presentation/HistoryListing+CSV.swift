import Foundation
import Reports

extension HistoryListing {
    /// The two CSV fields `machine_name,tags` of a run, escaped.
    public static func csvFields(machineName: String?, tags: [String: String]) -> String {
        [machineName ?? "", tagsText(tags)].map(CSVText.field).joined(separator: ",")
    }
}

extension ReportExport {
    /// `csv(_:)` with the machine name and tags of each row's run in two more columns, `machine_name` and `tags`
    /// (the tags as a JSON object, `{}` when none).
    public static func csv(_ listings: [HistoryListing]) -> String {
        var lines = csv(listings.map(\.entry)).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { return "" }
        lines[0] += ",machine_name,tags"
        for (index, listing) in listings.enumerated() where index + 1 < lines.count {
            lines[index + 1] += "," + [listing.machineName ?? "", listing.tagsText].map(CSVText.field).joined(separator: ",")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
