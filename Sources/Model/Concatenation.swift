extension String {
    /// `parts` one after another, written into one buffer of their total size: interpolation
    /// and chains of `+` grow their buffer part by part, on paths that run for every identity.
    public init(concatenating parts: String...) {
        var count = 0
        for part in parts { count += part.utf8.count }
        self.init(unsafeUninitializedCapacity: count) { buffer in
            var offset = 0
            for var part in parts {
                part.withUTF8 { bytes in
                    guard let source = bytes.baseAddress, let target = buffer.baseAddress else { return }
                    (target + offset).update(from: source, count: bytes.count)
                    offset += bytes.count
                }
            }
            return offset
        }
    }
}
