import Authorization
import Testing

@Suite("CallerIdentity: ARNs as the authenticator and EKS match them")
struct CallerIdentityTests {
    @Test func anAssumedRoleSessionMatchesItsRoleAndRendersTheSession() throws {
        let caller = try #require(CallerIdentity("arn:aws:sts::111122223333:assumed-role/PaymentsDeveloper/alice@example.com"))
        #expect(caller.matchedARN == "arn:aws:iam::111122223333:role/PaymentsDeveloper")
        #expect(caller.render("arn:aws:sts::111122223333:assumed-role/PaymentsDeveloper/{{SessionName}}")
            == "arn:aws:sts::111122223333:assumed-role/PaymentsDeveloper/alice-example.com")
        #expect(caller.render("{{SessionNameRaw}}@{{AccountID}}") == "alice@example.com@111122223333")
        #expect(caller.render("system:node:{{EC2PrivateDNSName}}") == "system:node:{{EC2PrivateDNSName}}")
    }

    @Test func roleARNsLoseTheirPath() throws {
        let sso = try #require(CallerIdentity("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Dev_0a1b"))
        #expect(sso.matchedARN == "arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_0a1b")
        #expect(sso.sessionName == nil)
        #expect(CallerIdentity("arn:aws:iam::111122223333:user/alice")?.matchedARN == "arn:aws:iam::111122223333:user/alice")
        #expect(CallerIdentity("not-an-arn") == nil)
    }
}
