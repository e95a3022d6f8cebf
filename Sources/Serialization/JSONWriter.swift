/// Writes `Document`s as JSON with two-space indentation, keys in the order given, through
/// `JSONByteWriter`, which owns the layout.
public enum JSONWriter {
    public static func write(_ document: Document) -> String {
        var json = JSONByteWriter()
        json.value(document)
        return json.finish()
    }

    public static func quoted(_ text: String) -> String {
        var json = JSONByteWriter(reservingCapacity: text.utf8.count + 2)
        json.appendQuoted(text)
        return json.written
    }
}
