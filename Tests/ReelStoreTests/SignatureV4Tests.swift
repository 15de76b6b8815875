import Foundation
import Testing

@testable import ReelStorage

/// The worked examples of AWS's "Signature Calculations in AWS Signature Version 4" for S3 (header
/// auth) and "Authenticating Requests: Using Query Parameters" (presigned URL), with their published
/// signatures: any slip in the canonical form changes the signature.
@Suite struct SignatureV4Tests {
    let signer = SignatureV4(
        credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1")
    /// 20130524T000000Z, the examples' moment.
    let moment = Date(timeIntervalSince1970: 1_369_353_600)
    let host = "examplebucket.s3.amazonaws.com"

    private func signature(_ headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name == "Authorization" }?.value.components(separatedBy: "Signature=").last
    }

    @Test func getObjectWithARange() {
        let request = SignableRequest(method: "GET", host: host, path: "/test.txt", headers: [("Range", "bytes=0-9")])
        let added = signer.authorization(for: request, payloadHash: SignatureV4.emptyPayloadHash, at: moment)
        #expect(
            added.first { $0.name == "Authorization" }?.value
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
        #expect(added.contains { $0 == ("x-amz-date", "20130524T000000Z") })
    }

    @Test func putObjectWithAKeyThatNeedsEncoding() {
        let body = Data("Welcome to Amazon S3.".utf8)
        #expect(SignatureV4.hexSHA256(body) == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let request = SignableRequest(
            method: "PUT", host: host, path: "/" + SignatureV4.uriEncode("test$file.text", keepingSlash: true),
            headers: [("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")])
        #expect(request.path == "/test%24file.text")
        let added = signer.authorization(for: request, payloadHash: SignatureV4.hexSHA256(body), at: moment)
        #expect(signature(added) == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test func listObjectsWithAQuery() {
        let request = SignableRequest(method: "GET", host: host, path: "/", query: [("prefix", "J"), ("max-keys", "2")])
        let added = signer.authorization(for: request, payloadHash: SignatureV4.emptyPayloadHash, at: moment)
        #expect(signature(added) == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test func aPresignedGET() {
        let request = SignableRequest(method: "GET", host: host, path: "/test.txt")
        #expect(
            signer.presignedQuery(for: request, expires: 86400, at: moment)
                == "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        )
    }

    @Test func encodingKeepsOnlyUnreservedCharacters() {
        #expect(SignatureV4.uriEncode("a b+c/d~e_f.g-h", keepingSlash: true) == "a%20b%2Bc/d~e_f.g-h")
        #expect(SignatureV4.uriEncode("a/b=ключ") == "a%2Fb%3D%D0%BA%D0%BB%D1%8E%D1%87")
    }

    @Test func aSessionTokenIsSentAndSigned() {
        let temporary = SignatureV4(
            credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "secret", sessionToken: "token"), region: "us-east-1")
        let added = temporary.authorization(for: SignableRequest(method: "GET", host: host, path: "/"), payloadHash: SignatureV4.emptyPayloadHash, at: moment)
        #expect(added.contains { $0 == ("x-amz-security-token", "token") })
        #expect(added.first { $0.name == "Authorization" }?.value.contains("x-amz-date;x-amz-security-token,") == true)
    }

    @Test func credentialsNeverShowTheirSecret() {
        let credentials = S3Credentials(environment: ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "hidden-secret"])
        #expect(credentials != nil)
        #expect(!"\(credentials!)".contains("hidden-secret"))
        #expect(S3Credentials(environment: ["AWS_ACCESS_KEY_ID": "AKID"]) == nil)
    }
}
