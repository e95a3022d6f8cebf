import PluginAPI
import Testing

/// Account ids are tested over their bytes: exactly twelve, each an ASCII digit, as the
/// Character test it replaced answered.
@Suite("AWS account ids")
struct AccountIDTests {
    @Test(arguments: ["111122223333", "000000000000", "999999999999", "11112222333", "1111222233334", "11112222333a", "/11122223333",
                      ":11122223333", "11112222333:", "١١١١٢٢٢٢٣٣٣٣", "１１１１２２２２３３３３", "", " 11122223333", "1111222233\u{0}3"])
    func accountIDsAreTwelveASCIIDigits(text: String) {
        let expected = text.count == 12 && text.unicodeScalars.count == 12 && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        #expect(AWSNames.isAccountID(text) == expected, "\(text.debugDescription)")
    }
}
