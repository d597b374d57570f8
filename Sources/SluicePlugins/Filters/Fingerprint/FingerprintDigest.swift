import Crypto
import FoundationEssentials
import SluiceCore

/// A cryptographic digest of bytes as the fingerprint filter writes it: lowercase hex, or base64
/// (`base64encode`); keyed (HMAC) when the filter has a `key`. swift-crypto does the hashing
/// (BoringSSL's SHA and MD5 on Linux); a keyed digest keeps its HMAC with the key already mixed
/// in, so an event pays only for its own bytes.
protocol FingerprintDigest: Sendable {
    func text(of bytes: UnsafeRawBufferPointer) -> String
}

struct PlainDigest<H: HashFunction>: FingerprintDigest {
    let base64: Bool

    func text(of bytes: UnsafeRawBufferPointer) -> String {
        var hasher = H()
        hasher.update(bufferPointer: bytes)
        return hasher.finalize().withUnsafeBytes { DigestText.render($0, base64: base64) }
    }
}

struct KeyedDigest<H: HashFunction>: FingerprintDigest, @unchecked Sendable {
    // HMAC is a value holding two hash states; a copy is taken for each event.
    private let keyed: HMAC<H>
    let base64: Bool

    init(key: String, base64: Bool) {
        keyed = HMAC<H>(key: SymmetricKey(data: Array(key.utf8)))
        self.base64 = base64
    }

    func text(of bytes: UnsafeRawBufferPointer) -> String {
        var mac = keyed
        mac.update(data: bytes)
        return mac.finalize().withUnsafeBytes { DigestText.render($0, base64: base64) }
    }
}

/// Digest bytes as text.
enum DigestText {
    static func render(_ bytes: UnsafeRawBufferPointer, base64: Bool) -> String {
        base64 ? Base64.encode(Array(bytes)) : Hex.string(bytes)
    }
}
